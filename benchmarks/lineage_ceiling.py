"""How well *any* method could choose parents on a simulated corpus: a Bayes ceiling.

Why: the lineage goals (parent ≥ 0.90, and mutation F1 ≥ 0.90 for every type end to
end, which needs about 0.95 exact parents) are set on the simulator's corpora, and the
simulator draws each copy's parent at random: the origin with probability
``p_parent_origin``, else any copy made before it, published ``5 min + Exp(mean
delay)`` after its parent. When two candidates hold the same text, no reading of the
text can tell them apart; what is left is the prior and the clock. The oracle here
knows more than any real method (the true texts, the outside source's page and time,
the order of making), is told which candidates the text cannot separate from the true
parent, and picks among them as the simulator's own odds say (prior × delay density);
every other parent it gets right, coincident edits included. A wrong parent loses its
hop's mutations and adds as many false alarms, as ``benchmarks/lineage.py`` scores them,
so each mutation type's end-to-end F1 follows (hops typed perfectly).

Readings of "the text cannot separate them", strict to loose:

* ``identical``: the same body and headline. The oracle is then the Bayes rule given
  more than anyone has, so its figures are upper bounds for any method;
* ``body``: the same body, and the headline does not tell (the same, or neither is the
  child's nor visibly its source: the child's headline neither equals nor contains it);
* ``kept``: they pair the same text with every unit the child kept, and the headline
  does not tell. Looser: it ignores how much each candidate has that the child lacks
  and any headline likeness short of containment, which a likelihood could weigh, so
  ``body`` and ``kept`` are bounds only as far as those say nothing;
* ``cuts``: as ``kept``, but each candidate's odds also pay ``CUT`` for every run of
  its text the child lacks (one cut the child would have made): an estimate of what a
  method that weighs cuts could reach, not a bound.

retold's own figures on the same corpus are printed beside them (the same run).

    nice -n 10 python benchmarks/lineage_ceiling.py --stories 300 --seed 11
    nice -n 10 python benchmarks/lineage_ceiling.py --stories 300 --seed 12 --out F.json
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from lineage import _key, _pred_parent, _true_parent, prf  # noqa: E402
from lineage_errors import _title, kept_signature  # noqa: E402
import syndication  # noqa: E402

from retold.lineage.corpus import prepare, to_article, trace_rows  # noqa: E402
from retold.mutations._unit_match import _runs, match_units  # noqa: E402

READINGS = ("identical", "body", "cuts", "kept")
# odds of one more cut (a paragraph dropped or a tail truncated) against none: the
# simulator drops one of ~6 paragraphs with p 0.3 and truncates with p 0.2
CUT = 0.1
MIN_DELAY = 5.0  # minutes, as the simulator adds before its exponential delay


def _when(s: str | None) -> dt.datetime | None:
    return dt.datetime.strptime(s, "%Y-%m-%dT%H:%M:%SZ") if s else None


def _headline_link(parent: str, child: str) -> int:
    """2: the child kept the headline; 1: it is the parent's with words added or cut
    (the simulator's tags, suffixes and truncations); 0: no visible link."""
    if parent == child:
        return 2
    return 1 if parent in child or child in parent else 0


def _headline_tie(cand: str, true: str, child: str) -> bool:
    """The headline cannot tell the candidate from the true parent."""
    return cand == true or _headline_link(cand, child) == _headline_link(true, child) == 0


def source_pages(truth: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """``{story: pseudo-article}`` for each origin outside the corpus (needs the
    simulator's ``record_sources``); its id is ``source:<story>``."""
    out: dict[str, dict[str, Any]] = {}
    for t in truth:
        src = t.get("source")
        if src and t["story"] not in out:
            out[t["story"]] = {"id": f"source:{t['story']}", "story": t["story"],
                               "text": src["text"], "title": src["title"],
                               "outlet": t["external"], "published": src["published"]}
    return out


def oracle_parents(arts: list[dict[str, Any]], truth: list[dict[str, Any]], cfg: dict[str, Any],
                   by_order: str = "generated") -> dict[str, dict[str, str | None]]:
    """``{reading: {article: parent the oracle picks}}`` for each of ``READINGS``.
    ``by_order``: ``"generated"``, the oracle knows which copies were made before the
    child (the simulator's candidates); ``"published"``, it takes every page published
    before the child, as a reader must."""
    truth_by = {t["id"]: t for t in truth}
    sources = source_pages(truth)
    rows = arts + list(sources.values())
    prep = prepare([to_article(a) for a in rows])
    units, boiler = prep.units, prep.boilerplate
    by = {a["id"]: a for a in rows}
    when = {a["id"]: _when(a["published"]) for a in rows}
    title = {a["id"]: _title(a["title"]) for a in rows}
    body = {x: frozenset(u.norm for u in units[x] if u.norm not in boiler) for x in by}
    matches: dict[tuple[str, str], Any] = {}

    def match(x: str, child: str):
        if (x, child) not in matches:
            matches[(x, child)] = match_units(units[x], units[child], boiler)
        return matches[(x, child)]

    def kept(x: str, child: str) -> tuple:
        return kept_signature(units[x], units[child], boiler, match(x, child))

    def cuts(x: str, child: str) -> int:
        """Runs of ``x``'s text the child lacks: each is one cut the child made."""
        return _runs(match(x, child).parent_only)

    members: dict[str, list[str]] = {}
    for t in truth:
        if not t["distractor"]:
            members.setdefault(t["story"], []).append(t["id"])
    lam = 1.0 / (60.0 * cfg["delay_hours_mean"])
    p0 = cfg["p_parent_origin"]
    picks: dict[str, dict[str, str | None]] = {r: {} for r in READINGS}
    for story, ids in members.items():
        ext = any(truth_by[i].get("external") and not truth_by[i]["parent"] for i in ids)
        if ext and story not in sources:
            raise ValueError(f"story {story!r}: its origin is outside the corpus and the "
                             "truth carries no 'source' page; simulate it with the setting "
                             "record_sources=True (syndication.simulate(..., config=...))")
        origin = sources[story]["id"] if ext else next(
            i for i in ids if truth_by[i]["parent"] is None)
        nodes = ([origin] if ext else []) + ids
        gen = {i: truth_by[i].get("generated", 0) for i in ids}
        if ext:
            gen[origin] = 0
        for aid in ids:
            t = truth_by[aid]
            if aid == origin:
                for r in picks.values():
                    r[aid] = None
                continue
            true = t["parent"] or origin
            ta = when[aid]
            if by_order == "generated":  # the simulator's own candidates
                k = gen[aid] - 1  # copies made before it (the origin is 0)
                earlier = [c for c in nodes if c != aid and gen[c] < gen[aid]]
            else:  # what a reader sees: every page published before it (all, if undated)
                earlier = [c for c in nodes if c != aid and (
                    ta is None or when[c] is None or when[c] < ta)]
                k = sum(c != origin for c in earlier)

            def weight(c: str) -> float:
                prior = (p0 if k > 0 else 1.0) if c == origin else (1 - p0) / max(k, 1)
                if ta and when[c]:
                    d = (ta - when[c]).total_seconds() / 60.0 - MIN_DELAY
                    # the simulator rounds the delay down to the minute
                    return prior * (lam * math.exp(-lam * d) if d >= -1.0 else 0.0)
                return prior

            tb, tt, ct = body[true], title[true], title[aid]
            head_tie = [c for c in earlier if _headline_tie(title[c], tt, ct)]
            sig = kept(true, aid)
            alike = {"identical": [c for c in earlier if body[c] == tb and title[c] == tt],
                     "body": [c for c in head_tie if body[c] == tb],
                     "kept": [c for c in head_tie if kept(c, aid) == sig]}
            alike["cuts"] = alike["kept"]
            for reading in READINGS:
                same = alike[reading] + ([] if true in alike[reading] else [true])
                if reading == "cuts":
                    best = max(same, key=lambda c: (weight(c) * CUT ** cuts(c, aid), c == true))
                else:
                    best = max(same, key=lambda c: (weight(c), c == true))
                picks[reading][aid] = best
    ext_ref = {s["id"]: _key(f"external:{s['outlet']}") for s in sources.values()}
    return {r: {a: ext_ref.get(p, p) for a, p in v.items()} for r, v in picks.items()}


def mutation_f1(truth: list[dict[str, Any]], parent_of: dict[str, str | None]
                ) -> dict[str, float]:
    """Each type's end-to-end F1 when the hops get ``parent_of`` and are typed perfectly:
    a wrong parent loses its hop's mutations and adds the same types as false alarms."""
    gold, pred = set(), set()
    for t in truth:
        if not t["parent"] or t["distractor"]:
            continue
        types = {o["mutation"] for o in t["operations"] if o["mutation"]}
        gold |= {(t["id"], t["parent"], ty) for ty in types}
        p = parent_of.get(t["id"])
        if p and not p.startswith("external:"):
            pred |= {(t["id"], p, ty) for ty in types}
    return {ty: round(v["F1"], 4) for ty, v in sorted(prf(gold, pred).items())}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--stories", type=int, default=300)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--undated", type=float, default=0.0)
    ap.add_argument("--alt", action="store_true", help="the alternative edit model")
    ap.add_argument("--order", choices=["generated", "published"], default="generated",
                    help="the oracle's candidates: the copies made before the child (the "
                         "simulator's), or the pages published before it (a reader's)")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" /
                    "lineage_ceiling.json")
    args = ap.parse_args(argv)
    overrides: dict[str, Any] = {"undated": args.undated, "record_sources": True}
    if args.alt:
        from lineage import ALT_EDIT_MODEL
        overrides = syndication.merge_config(ALT_EDIT_MODEL) | overrides
    cfg = syndication.merge_config(overrides)
    arts, truth = syndication.simulate(args.stories, args.seed, overrides)
    scored = [t for t in truth if not t["distractor"]]
    true = {t["id"]: _key(_true_parent(t)) for t in scored}
    rows = {r["id"]: r for r in trace_rows(arts, outside=True)}
    retold = {a: _key(_pred_parent(rows[a])) for a in true}
    picks = oracle_parents(arts, truth, cfg, args.order)
    table: dict[str, Any] = {}
    for name, pred in [("retold (its parents, hops typed perfectly)", retold),
                       ("oracle, identical texts", picks["identical"]),
                       ("oracle, same body, headline does not tell", picks["body"]),
                       ("oracle, kept alike, cuts weighed", picks["cuts"]),
                       ("oracle, identical over what the child kept", picks["kept"])]:
        exact = sum(pred.get(a) == p for a, p in true.items()) / max(len(true), 1)
        f1 = mutation_f1(truth, pred)
        table[name] = {"parent_exact": round(exact, 4), "mutation_f1": f1,
                       "lowest_type": min(f1, key=f1.get), "lowest_f1": min(f1.values()),
                       "types_below_0.90": sorted(k for k, v in f1.items() if v < 0.90)}
    print(f"{len(true)} articles, {args.stories} stories, seed {args.seed}"
          f"{', alt' if args.alt else ''}, undated {args.undated}")
    print(f"  {'method':44s} {'parent':>7s} {'lowest type F1':>26s}  types < 0.90")
    for name, r in table.items():
        print(f"  {name:44s} {r['parent_exact']:7.3f} {r['lowest_type']:>19s} "
              f"{r['lowest_f1']:.3f}  {len(r['types_below_0.90'])}")
    types = sorted(next(iter(table.values()))["mutation_f1"])
    short = ["retold", "oracle identical", "oracle body", "oracle cuts", "oracle kept"]
    print(f"  {'type':28s}" + "".join(f"{n:>18s}" for n in short))
    for ty in types:
        print(f"  {ty:28s}" + "".join(f"{table[n]['mutation_f1'][ty]:18.3f}" for n in table))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"stories": args.stories, "seed": args.seed,
                                    "undated": args.undated, "alt": args.alt, "order": args.order,
                                    "articles": len(true), "results": table}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
