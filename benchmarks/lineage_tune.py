"""Fit the lineage cost model's constants jointly on the dev corpora (coordinate descent).

Why: the constants of the derivation cost (``retold/mutations/_unit_match.py``), the
root and tie rules (``retold/lineage/parents.py``) and the consensus/headline/reversion
terms (``retold/lineage/trace.py``) were set by hand one at a time. This script searches
them together, maximising the mean exact-parent accuracy over the DEV corpora only
(seeds 11 and 21 by default; each dated, half undated, and both again under the
``--alt`` edit model, so the fit cannot just memorise one simulator setting). The
held-out seed (12) is never read here.

Noise: the dev mean covers 18,654 scored articles, so ``--min-gain`` 0.0005 is about
nine articles; prefer a value whose neighbours score alike (a plateau) to a lone peak.

Speed: corpora are simulated once into ``--work`` and prepared once (units, boilerplate,
story grouping); the unit pairing of two unit lists is cached (it depends only on the
pairing thresholds), as is the word-level edit count; mutations are not typed. One
worker process per dev seed, both under ``nice``.

Search: start from the current constants; for each constant in turn try the values of
its grid (when the best is at the grid's edge, walk on by the last step, up to three
more values); move to the best one only when it beats the current mean by more than
``--min-gain`` (smaller gains are printed as ties and not taken); repeat rounds until
a round changes nothing. Every tried setting is printed and written to
``benchmarks/results/lineage_tune.json`` with the per-corpus accuracies, so the plateau
around the chosen value can be read off.

    nice -n 10 python benchmarks/lineage_tune.py                 # full search
    nice -n 10 python benchmarks/lineage_tune.py --only          # evaluate current constants
    nice -n 10 python benchmarks/lineage_tune.py --set ORIGIN_PRIOR=30 --only
"""
from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import sys
import time
from functools import lru_cache
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from lineage import ALT_EDIT_MODEL, _key, _load, _true_parent  # noqa: E402

from retold.lineage import headlines as _headlines  # noqa: E402
from retold.lineage import parents as _parents  # noqa: E402
from retold.lineage import trace as _trace  # noqa: E402
from retold.lineage.corpus import prepare, rows_of, to_article  # noqa: E402
from retold.mutations import _unit_match  # noqa: E402

MODULES = (_parents, _trace, _headlines, _unit_match)  # a constant is set wherever its name is bound

# Grids: the current value and values around it (hand-set constants are rarely off by
# less than a quarter, and a plateau is what we want to find).
GRIDS: dict[str, list[float]] = {
    "EXTERNAL_ROOT": [45, 60, 75, 90, 110, 130, 160],
    "UNKNOWN_ROOT": [200, 300, 400, 550, 800],
    "ROOT_PER_CHAR": [0.0, 0.025, 0.05, 0.1, 0.2],
    "DIRECTION_WEIGHT": [0.0, 0.05, 0.1, 0.15, 0.2, 0.3],
    "TIE_CHARS": [0.0, 1.0, 2.0, 4.0, 8.0],
    "TITLE_WEIGHT": [0.5, 1.0, 1.5, 2.0, 3.0, 4.0],
    "TITLE_CHANGE": [20, 30, 40, 50, 60, 80],
    "DECORATION_STRIPPED": [0, 15, 30, 60, 120],
    "DANGLING_SEPARATOR": [0, 1, 2],
    "CONSENSUS_MARGIN": [0, 5, 10, 15, 20, 30],
    "ORIGIN_PRIOR": [0, 10, 15, 20, 25, 30, 40],
    "CONSENSUS_CUT": [0.0, 0.25, 0.5, 0.75, 1.0],
    "REVERT_COST": [0, 30, 45, 60, 80, 100, 140],
    "ADDED_RUN": [0, 10, 20, 30, 40, 60],
    "REMOVED_RUN": [10, 20, 30, 40, 50, 60, 80],
    "REMOVED_CHAR": [0.0, 0.01, 0.02, 0.05, 0.1, 0.25],
    "CHANGED_UNIT": [20, 30, 40, 50, 60, 80],
    "EXTRA_BLOCK": [20, 30, 40, 50, 60, 80],
    "ORDER_BREAK": [0, 5, 10, 15, 20, 30],
    "MIN_RATIO": [50, 55, 60, 65, 70],
    "MIN_PARTIAL": [80, 84, 87, 90, 93],
}
PAIRING = ("MIN_RATIO", "MIN_PARTIAL")  # these change the pairing itself (cache key)
VARIANTS = [("dated", {}, 0.0), ("half-undated", {}, 0.5),
            ("alt-dated", ALT_EDIT_MODEL, 0.0), ("alt-half-undated", ALT_EDIT_MODEL, 0.5)]


def current() -> dict[str, float]:
    out = {}
    for name in GRIDS:
        for mod in MODULES:
            if hasattr(mod, name):
                out[name] = float(getattr(mod, name))
                break
    return out


def apply(setting: dict[str, float]) -> None:
    for name, value in setting.items():
        hit = False
        for mod in MODULES:
            if hasattr(mod, name):
                setattr(mod, name, value)
                hit = True
        if not hit:
            raise KeyError(name)


def install_caches() -> None:
    """Memoise the unit pairing (keyed on the unit objects, which live as long as the
    prepared corpus, and on the pairing thresholds) and the word-level edit count."""
    match = _unit_match.match_units
    memo: dict[tuple, Any] = {}

    def cached_match(parent, child, skip=frozenset()):
        k = (tuple(map(id, parent)), tuple(map(id, child)), id(skip),
             _unit_match.MIN_RATIO, _unit_match.MIN_PARTIAL)
        m = memo.get(k)
        if m is None:
            m = memo[k] = match(parent, child, skip)
        return m

    _trace.match_units = cached_match
    blocks = lru_cache(maxsize=None)(_unit_match.edit_blocks)
    _unit_match.edit_blocks = blocks
    _headlines.headline_acts = lru_cache(maxsize=None)(_headlines.headline_acts)


class DevCorpus:
    """One simulated corpus, prepared once."""

    def __init__(self, d: Path, label: str):
        arts, truth_rows = _load(d)
        self.label = label
        self.truth = {t["id"]: t for t in truth_rows if not t["distractor"]}
        self.articles = [to_article(a) for a in arts]
        self.prep = prepare(self.articles)
        self.by_id = {a.id: a for a in self.articles}

    def score(self) -> dict[str, float]:
        p = self.prep
        exact = chain = origin = 0
        for g in p.groups:
            tr = _trace.trace_story(p.story_of[g[0]], [self.by_id[x] for x in g],
                                    boilerplate=p.boilerplate, units={x: p.units[x] for x in g},
                                    with_mutations=False)
            for r in rows_of(tr):
                t = self.truth.get(r["id"])
                if t is None:
                    continue
                pp = r["parents"][0] if r["parents"] else None
                pred = _key(pp.get("id") or f"external:{pp['external']}") if pp else None
                if pred == _key(_true_parent(t)):
                    exact += 1
                    chain += 1
                elif pred and pred in t["ancestors"]:
                    chain += 1
                origin += _key(r["origin"]) == _key(t["origin"])
        n = max(len(self.truth), 1)
        return {"exact": exact / n, "chain": chain / n, "origin": origin / n}


def _worker(conn, dirs: list[tuple[str, str]]) -> None:
    install_caches()
    corpora = [DevCorpus(Path(d), label) for d, label in dirs]
    conn.send("ready")
    while True:
        setting = conn.recv()
        if setting is None:
            return
        apply(setting)
        conn.send({c.label: c.score() for c in corpora})


class Pool:
    """One worker per seed, each holding its prepared corpora and caches."""

    def __init__(self, groups: list[list[tuple[str, str]]]):
        ctx = mp.get_context("fork")
        self.conns, self.procs, self.groups = [], [], groups
        for dirs in groups:
            a, b = ctx.Pipe()
            p = ctx.Process(target=_worker, args=(b, dirs), daemon=True)
            p.start()
            self.conns.append(a)
            self.procs.append(p)
        for c in self.conns:
            assert c.recv() == "ready"

    def evaluate(self, setting: dict[str, float]) -> dict[str, dict[str, float]]:
        for c in self.conns:
            c.send(setting)
        out: dict[str, dict[str, float]] = {}
        for c in self.conns:
            out.update(c.recv())
        return out

    def close(self) -> None:
        for c in self.conns:
            c.send(None)
        for p in self.procs:
            p.join()


def corpora(seeds: list[int], stories: int, work: Path) -> list[list[tuple[str, str]]]:
    import syndication

    groups = []
    for seed in seeds:
        dirs = []
        for label, model, undated in VARIANTS:
            d = work / f"s{seed}-{label}"
            if not (d / "truth.jsonl").exists():
                arts, truth = syndication.simulate(stories, seed, model | {"undated": undated})
                syndication.write(d, arts, truth)
            dirs.append((str(d), f"s{seed}-{label}"))
        groups.append(dirs)
    return groups


def mean_exact(res: dict[str, dict[str, float]]) -> float:
    return sum(r["exact"] for r in res.values()) / len(res)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seeds", type=int, nargs="+", default=[11, 21])
    ap.add_argument("--stories", type=int, default=300)
    ap.add_argument("--work", type=Path, default=Path("/tmp/retold-lineage-tune"))
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--min-gain", type=float, default=0.0005,
                    help="a move must raise the dev mean by more than this (else a tie)")
    ap.add_argument("--names", nargs="+", default=list(GRIDS), help="constants to search")
    ap.add_argument("--set", nargs="*", default=[], help="NAME=VALUE start values")
    ap.add_argument("--only", action="store_true", help="evaluate the start setting only")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "lineage_tune.json")
    args = ap.parse_args(argv)
    if 12 in args.seeds:
        ap.error("seed 12 is held out")
    best = current() | {k: float(v) for k, v in (s.split("=") for s in args.set)}
    pool = Pool(corpora(args.seeds, args.stories, args.work))
    tried: list[dict[str, Any]] = []

    def run(setting: dict[str, float], label: str) -> float:
        t0 = time.perf_counter()
        res = pool.evaluate(setting)
        m = mean_exact(res)
        tried.append({"label": label, "setting": dict(setting), "mean_exact": m,
                      "corpora": res, "seconds": round(time.perf_counter() - t0, 1)})
        cells = " ".join(f"{r['exact']:.3f}" for r in res.values())
        print(f"{label:28s} mean {m:.4f} | {cells} | {tried[-1]['seconds']:.0f}s", flush=True)
        return m

    print("exact parent per corpus: " + " ".join(d for g in pool.groups for _, d in g))
    score = run(best, "start")
    start_score = score
    moves: list[dict[str, Any]] = []
    for rnd in range(0 if args.only else args.rounds):
        changed = False
        for name in args.names:
            results = {best[name]: score}
            for v in GRIDS[name]:
                if float(v) == best[name]:
                    continue
                results[float(v)] = run(best | {name: float(v)}, f"r{rnd} {name}={v:g}")
            top = max(results, key=lambda v: results[v])
            grid = sorted(float(v) for v in GRIDS[name])
            while top in (grid[0], grid[-1]) and len(grid) < len(GRIDS[name]) + 3:
                # the best is at the edge of the grid: walk on by the last step
                step = grid[1] - grid[0] if top == grid[0] else grid[-1] - grid[-2]
                v = top - step if top == grid[0] else top + step
                if v < 0 or v in results:
                    break
                grid = sorted(grid + [v])
                results[v] = run(best | {name: v}, f"r{rnd} {name}={v:g}")
                top = max(results, key=lambda v: results[v])
            gain = results[top] - score
            ties = [v for v, s in results.items() if v != best[name] and abs(s - score) <= args.min_gain]
            moves.append({"round": rnd, "name": name, "from": best[name], "to": top if gain > args.min_gain else best[name],
                          "gain": gain, "grid": {str(k): v for k, v in sorted(results.items())},
                          "ties": ties})
            if gain > args.min_gain:
                print(f"  -> {name}: {best[name]:g} -> {top:g} (+{gain:.4f})", flush=True)
                best[name], score, changed = top, results[top], True
            else:
                print(f"  -> {name} stays {best[name]:g} (best other {top:g}, {gain:+.4f}; "
                      f"ties {ties})", flush=True)
        if not changed:
            break
    pool.close()
    print(f"\nstart mean {start_score:.4f} -> fitted mean {score:.4f}")
    print("fitted: " + ", ".join(f"{k}={v:g}" for k, v in best.items() if v != current()[k]))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"seeds": args.seeds, "stories": args.stories,
                                    "start": current(), "fitted": best,
                                    "start_mean": start_score, "fitted_mean": score,
                                    "moves": moves, "tried": tried}, indent=1))
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
