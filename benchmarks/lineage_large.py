"""Lineage on stories syndicated to hundreds of outlets: which pairs to compare.

Why: every other lineage benchmark simulates stories of 2-31 articles, where the stage
compares every pair of articles. A wire story picked up by hundreds of sites is where
a fact-checker most needs the tree and where comparing every pair (n²/2 pairings)
stops being affordable, so beyond ``candidates.MAX_ALL_PAIRS`` articles each article
keeps ``TOP_K`` candidate parents. This script measures, on simulated stories of a few
hundred to a thousand articles (the syndication simulator's default edit model, only
the story size changed), three ways of choosing them, in the same run:

* ``shared``: partners ranked by how many sentences they share word for word (how it
  was done before ``retold/lineage/candidates.py``; kept here as the anchor);
* ``bound``: the likeliest parents by a cheap bound of the derivation cost (main);
* ``all``: every pair (the ceiling the other two approximate; slow);
* ``no-origins``: the bound's pairs without the story's likely origins (the first dated
  page and the pages explaining the others best, compared with every article: the
  anchor of ``candidates.LIKELY_ORIGINS``);
* ``fixed``: ``no-origins`` with the origin's head start fixed, as before
  ``parents.head_start_growth`` (its anchor: the head start of the likely origin or
  outside source growing with the log of the articles before the child).

``--model`` picks the simulated stories: the default edit model, the alternative one
(``lineage.ALT_EDIT_MODEL``), every origin outside the corpus (``external``), or half the
articles undated (``half-undated``).

It prints exact-parent, in-chain and origin accuracy with seconds and articles/s per
story size and writes JSON (``benchmarks/results/lineage_large.json``).

``--ingest SIZE`` also runs ``retold ingest`` (all stages into a fresh store) on one
story of SIZE copies twice, each in its own process, and prints their CPU seconds: the
code as it is, and the anchor with the three paths that such a story made slow put
back as they were (each row's nested values copied by ``Record.to_dict`` before JSON
encoding; the lineage stage decoding every reuse link whole, spans included, where it
reads a link's kind and score only; two quotations scored again for every pair of
pages). The stores' rows must come out identical. It then times the story's web view
(``Corpus.story_view``, what ``/story/ID`` and ``/api/stories/ID`` serve) on the
current store, against the anchor with every link of the story read whole and scanned
once per hop, as before ``Corpus.link_kinds_between``; the views must be identical.
And it exports the store as W3C PROV (``retold export -f prov-json``), each way in its
own process (wall seconds, peak RSS): the current code, and the anchor reading every
link whole for the export's selection and scanning them once per hop; the files must
be identical.

    nice -n 10 python benchmarks/lineage_large.py                  # 250 and 1000 copies
    nice -n 10 python benchmarks/lineage_large.py --sizes 1000 --stories 1 --all-max 1000
    nice -n 10 python benchmarks/lineage_large.py --sizes 250 --no-all --ingest 1000
    nice -n 10 python benchmarks/lineage_large.py --sizes 400 --no-all
    nice -n 10 python benchmarks/lineage_large.py --sizes 300 --no-all --model external --seed 14
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import syndication  # noqa: E402
from lineage import ALT_EDIT_MODEL, _load, _pred_parent, origin_score, parent_scores  # noqa: E402

from retold.lineage import candidates, parents, trace  # noqa: E402
from retold.lineage.corpus import trace_rows  # noqa: E402


def shared_sentence_pairs(ids, units, boilerplate, titles=None, when=None, top_k=None):
    """The anchor: each article's ``TOP_K`` partners by sentences shared word for word
    (sentences that more than ``2 * MAX_ALL_PAIRS`` articles carry are left out)."""
    if len(ids) <= candidates.MAX_ALL_PAIRS:
        return candidates.candidate_pairs(ids, units, boilerplate)
    index: dict[str, list[int]] = {}
    for k, aid in enumerate(ids):
        for un in units[aid]:
            if un.norm not in boilerplate and len(un.norm) >= 20:
                index.setdefault(un.norm, []).append(k)
    shared: dict[int, Counter] = {k: Counter() for k in range(len(ids))}
    for post in index.values():
        if len(post) <= 2 * candidates.MAX_ALL_PAIRS:
            for a in set(post):
                shared[a].update(b for b in set(post) if b != a)
    k = top_k or candidates.TOP_K
    pairs = {(min(a, b), max(a, b)) for a, c in shared.items() for b, _ in c.most_common(k)}
    return [(ids[a], ids[b]) for a, b in sorted(pairs)]


def all_pairs(ids, units, boilerplate, titles=None, when=None, top_k=None):
    return [(x, y) for i, x in enumerate(ids) for y in ids[i + 1:]]


def bound_without_origins(ids, units, boilerplate, titles=None, when=None, top_k=None):
    return candidates.candidate_pairs(ids, units, boilerplate, titles, when, top_k,
                                      likely_origins=0)


METHODS = {"shared": shared_sentence_pairs, "bound": candidates.candidate_pairs,
           "all": all_pairs, "no-origins": bound_without_origins,
           "fixed": bound_without_origins}
MODELS = {"default": {}, "alt": ALT_EDIT_MODEL, "external": {"p_external_origin": 1.0},
          "half-undated": {"undated": 0.5}}


def run(d: Path, method: str) -> dict[str, Any]:
    arts, truth_rows = _load(d)
    truth = {t["id"]: t for t in truth_rows}
    saved, growth = trace.candidate_pairs, parents.HEAD_START_GROWTH
    trace.candidate_pairs = METHODS[method]
    if method == "fixed":
        parents.HEAD_START_GROWTH = 0.0
    try:
        t0 = time.perf_counter()
        rows = trace_rows(arts)
        el = time.perf_counter() - t0
    finally:
        trace.candidate_pairs, parents.HEAD_START_GROWTH = saved, growth
    pred = {r["id"]: _pred_parent(r) for r in rows}
    origin = {r["id"]: r["origin"] for r in rows}
    return {"method": method, "articles": len(arts), "seconds": round(el, 1),
            "articles_per_s": round(len(arts) / max(el, 1e-9), 1)} | parent_scores(
        truth, pred) | {"origin": origin_score(truth, origin)}


def _anchor_to_row(record):
    """How a record became a row before: a ``Record.to_dict`` copy, then JSON."""
    from retold.store import table_columns

    data = record.to_dict()
    for name, _, _, is_json in table_columns(type(record)):
        if is_json and data.get(name) is not None:
            data[name] = json.dumps(data[name], ensure_ascii=False, separators=(",", ":"))
    return data


def _anchor_link_kinds(store, ids, within=False):
    """How the lineage stage read a story's links before: every link from them, whole."""
    from retold.records import ReuseLink

    return store.query_in(ReuseLink, "a", ids)


def ingest_once(which: str, src: Path, db: Path) -> None:
    """One ``retold ingest`` in this process (``which``: current or anchor); prints
    ``{"cpu_s": ...}``."""
    import retold.lineage as lineage_stage
    import retold.reuse.quotes as quotes
    import retold.store as store_mod
    from retold.cli import main as cli_main

    if which == "anchor":
        store_mod.to_row = _anchor_to_row
        lineage_stage._link_kinds = _anchor_link_kinds
        quotes._variant = quotes._variant.__wrapped__
    sys.argv = ["retold", "ingest", str(src), "--db", str(db), "--quiet"]
    t0 = time.process_time()
    try:
        cli_main()
    except SystemExit as exc:
        if exc.code:
            raise
    print(json.dumps({"cpu_s": round(time.process_time() - t0, 1)}))


TABLES = {"reuse_links": "a, b, kind, score, spans_a, spans_b, coverage_a, coverage_b, evidence",
          "lineage_edges": "*", "mutations": "*", "statements": "*", "stories": "*"}


def _rows(db: Path) -> dict[str, list[str]]:
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        return {t: sorted(map(str, con.execute(f"SELECT {c} FROM {t}").fetchall()))
                for t, c in TABLES.items()}
    finally:
        con.close()


class _EveryLink(dict):
    """The anchor's links: whatever pair is asked for, every link of the story."""

    def __init__(self, links):
        super().__init__()
        self.links = links

    def get(self, key, default=None):
        return self.links


def _anchor_edge_kind(e, pairs):
    """``edge_kind`` before: every hop scanned the links, from outside the corpus too
    (``pairs`` is the anchor's :class:`_EveryLink`)."""
    from retold.web.views import KIND_STRENGTH

    links = pairs.links
    ev = e.evidence if isinstance(e.evidence, dict) else {}
    reuse = ev.get("reuse") if isinstance(ev.get("reuse"), dict) else {}
    kind = str(ev.get("kind") or reuse.get("kind") or "")
    if kind:
        return kind
    between = [lk for lk in links if {lk.a, lk.b} == {e.parent, e.child}]
    if between:
        return max(between, key=lambda lk: KIND_STRENGTH.get(lk.kind, 0)).kind
    return "cites" if e.external else "unknown"


def story_view_ab(db: Path) -> dict[str, Any]:
    """Seconds of the largest story's web view: current code, then the anchor."""
    from retold.store import Store
    from retold.web import views

    store = Store(db, read_only=True)
    try:
        sid = store.execute("SELECT id FROM stories ORDER BY size DESC LIMIT 1").fetchone()[0]
        corpus = views.Corpus(store)
        t0 = time.perf_counter()
        current = corpus.story_view(sid)
        t1 = time.perf_counter()
        saved = views.Corpus.link_kinds_between, views.edge_kind
        views.Corpus.link_kinds_between = lambda self, ids: _EveryLink(self.links_between(ids))
        views.edge_kind = _anchor_edge_kind
        try:
            t2 = time.perf_counter()
            anchor = corpus.story_view(sid)
            t3 = time.perf_counter()
        finally:
            views.Corpus.link_kinds_between, views.edge_kind = saved
    finally:
        store.close()
    return {"story": sid, "hops": len(current["edges"]), "current_s": round(t1 - t0, 2),
            "anchor_s": round(t3 - t2, 2), "identical": current == anchor}


def export_once(which: str, db: Path, out: Path) -> None:
    """One ``retold export -f prov-json`` in this process (``which``: current or anchor)."""
    import retold.export.provenance as provenance
    import retold.export.select as select_mod
    from retold.cli import main as cli_main

    if which == "anchor":
        from retold.records import ReuseLink

        select_mod.stored_link_kinds = lambda store, ids, within=False: store.query(
            ReuseLink, "list_contains(?, a) AND list_contains(?, b)", [list(ids), list(ids)])
        provenance.links_by_pair = _EveryLink
        provenance.edge_kind = _anchor_edge_kind
    sys.argv = ["retold", "export", "-f", "prov-json", "-o", str(out), "--db", str(db)]
    try:
        cli_main()
    except SystemExit as exc:
        if exc.code:
            raise
    # VmHWM, not ru_maxrss: Linux keeps ru_maxrss across fork and exec, so a child of a
    # large benchmark process would report its parent's peak
    hwm = next(int(line.split()[1]) for line in open("/proc/self/status")
               if line.startswith("VmHWM:"))
    print(json.dumps({"peak_rss_mb": round(hwm / 1024)}))


def export_ab(db: Path) -> dict[str, Any]:
    """PROV export of the store: current code, then the anchor (each reports its own
    peak RSS)."""
    out: dict[str, Any] = {}
    for which in ("current", "anchor"):
        target = db.with_name(f"{which}.prov.json")
        t0 = time.perf_counter()
        proc = subprocess.run([sys.executable, __file__, "--export-once", which, str(db),
                               str(target)], capture_output=True, text=True)
        if proc.returncode:
            raise SystemExit(f"retold export ({which}) failed on {db}: {proc.stderr[-2000:]}")
        out[which] = {"wall_s": round(time.perf_counter() - t0, 1)} | json.loads(
            proc.stdout.strip().splitlines()[-1])
    out["identical"] = (db.with_name("current.prov.json").read_bytes()
                        == db.with_name("anchor.prov.json").read_bytes())
    return out


def ingest_ab(size: int, seed: int, work: Path) -> dict[str, Any]:
    """``retold ingest`` of one story of ``size`` copies: anchor, then current code."""
    d = work / f"ingest{size}-seed{seed}"
    if not (d / "truth.jsonl").exists():
        cfg = syndication.DEFAULT_CONFIG | {"story_size_min": size, "story_size_max": size,
                                            "story_size_mean": size}
        syndication.write(d, *syndication.simulate(1, seed, cfg))
    out: dict[str, Any] = {"size": size}
    for which in ("anchor", "current"):
        db = d / f"{which}.duckdb"
        db.unlink(missing_ok=True)
        proc = subprocess.run([sys.executable, __file__, "--ingest-once", which,
                               str(d / "articles.jsonl"), str(db)],
                              capture_output=True, text=True)
        if proc.returncode:
            raise SystemExit(f"retold ingest ({which}) failed on {d}: {proc.stderr[-2000:]}")
        out[which] = json.loads(proc.stdout.strip().splitlines()[-1])
    a, c = _rows(d / "anchor.duckdb"), _rows(d / "current.duckdb")
    out["identical_rows"] = a == c
    out["rows"] = {t: len(v) for t, v in c.items()}
    out["story_view"] = story_view_ab(d / "current.duckdb")
    out["prov_export"] = export_ab(d / "current.duckdb")
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[250, 1000],
                    help="derived articles per simulated story (one story per size)")
    ap.add_argument("--stories", type=int, default=2, help="stories per size")
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--no-all", action="store_true", help="skip comparing every pair")
    ap.add_argument("--model", choices=sorted(MODELS), default="default",
                    help="simulated stories: edit model, outside origins or undated pages")
    ap.add_argument("--all-max", type=int, default=600,
                    help="compare every pair only for sizes up to this (n² pairings: a "
                         "story of 1,000 copies takes over 20 minutes)")
    ap.add_argument("--work", type=Path, default=Path("/tmp/retold-lineage-large"))
    ap.add_argument("--out", type=Path, help="JSON results (default: benchmarks/results/"
                    "lineage_large.json, lineage_large_MODEL.json for another --model)")
    ap.add_argument("--ingest", type=int, metavar="SIZE",
                    help="also time retold ingest of one story of SIZE copies, against the "
                         "anchor (see above)")
    ap.add_argument("--ingest-once", nargs=3, metavar=("WHICH", "SRC", "DB"),
                    help=argparse.SUPPRESS)
    ap.add_argument("--export-once", nargs=3, metavar=("WHICH", "DB", "OUT"),
                    help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.ingest_once:
        which, src, db = args.ingest_once
        ingest_once(which, Path(src), Path(db))
        return
    if args.export_once:
        which, db, out = args.export_once
        export_once(which, Path(db), Path(out))
        return
    if not syndication.REUTERS.exists():
        sys.exit(f"skipped: {syndication.REUTERS} is absent (the simulator starts from "
                 "Reuters-21578 articles in ../shared/data/reuters21578)")
    methods = [m for m in METHODS if not (args.no_all and m == "all")]
    results = []
    print(f"{'size':>5s} {'articles':>8s} {'method':10s} {'exact':>6s} {'chain':>6s} "
          f"{'origin':>6s} {'seconds':>8s} {'art/s':>7s}")
    for size in args.sizes:
        tag = "" if args.model == "default" else f"-{args.model}"
        d = args.work / f"size{size}-seed{args.seed}{tag}"
        if not (d / "truth.jsonl").exists():
            cfg = syndication.DEFAULT_CONFIG | MODELS[args.model] | {
                "story_size_min": size, "story_size_max": size + size // 10,
                "story_size_mean": size + size // 20}
            arts, truth = syndication.simulate(args.stories, args.seed, cfg)
            syndication.write(d, arts, truth)
        for m in methods:
            if m == "all" and size > args.all_max:
                print(f"{size:5d} {'':8s} {m:10s} skipped (size over --all-max {args.all_max})")
                continue
            r = run(d, m) | {"size": size}
            results.append(r)
            print(f"{size:5d} {r['articles']:8d} {m:10s} {r['parent_exact']:6.3f} "
                  f"{r['parent_in_chain']:6.3f} {r['origin']:6.3f} {r['seconds']:8.1f} "
                  f"{r['articles_per_s']:7.1f}", flush=True)
    ingest = None
    if args.ingest:
        ingest = ingest_ab(args.ingest, args.seed, args.work)
        a, c = ingest["anchor"]["cpu_s"], ingest["current"]["cpu_s"]
        print(f"\nretold ingest, one story of {args.ingest} copies (CPU s): anchor {a:.1f}, "
              f"current {c:.1f} ({a / max(c, 1e-9):.2f}x faster); rows identical: "
              f"{ingest['identical_rows']} {ingest['rows']}")
        v = ingest["story_view"]
        print(f"story view ({v['hops']} hops, s): anchor {v['anchor_s']:.2f}, current "
              f"{v['current_s']:.2f} ({v['anchor_s'] / max(v['current_s'], 1e-9):.1f}x "
              f"faster); identical: {v['identical']}")
        x = ingest["prov_export"]
        print(f"PROV export (wall s / peak RSS MB): anchor {x['anchor']['wall_s']:.1f} / "
              f"{x['anchor']['peak_rss_mb']}, current {x['current']['wall_s']:.1f} / "
              f"{x['current']['peak_rss_mb']}; identical: {x['identical']}")
    if args.out is None:
        tag = "" if args.model == "default" else f"_{args.model.replace('-', '_')}"
        args.out = ROOT / "benchmarks" / "results" / f"lineage_large{tag}.json"
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"seed": args.seed, "model": args.model,
                                    "stories_per_size": args.stories,
                                    "top_k": candidates.TOP_K,
                                    "max_all_pairs": candidates.MAX_ALL_PAIRS,
                                    "results": results, "ingest": ingest}, indent=1) + "\n")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
