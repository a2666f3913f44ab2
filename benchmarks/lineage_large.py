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
* ``all``: every pair (the ceiling the other two approximate; slow).

It prints exact-parent, in-chain and origin accuracy with seconds and articles/s per
story size and writes JSON (``benchmarks/results/lineage_large.json``).

    nice -n 10 python benchmarks/lineage_large.py                  # 250 and 1000 copies
    nice -n 10 python benchmarks/lineage_large.py --sizes 1000 --stories 1 --all-max 1000
    nice -n 10 python benchmarks/lineage_large.py --sizes 400 --no-all
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import syndication  # noqa: E402
from lineage import _load, _pred_parent, origin_score, parent_scores  # noqa: E402

from retold.lineage import candidates, trace  # noqa: E402
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


METHODS = {"shared": shared_sentence_pairs, "bound": candidates.candidate_pairs,
           "all": all_pairs}


def run(d: Path, method: str) -> dict[str, Any]:
    arts, truth_rows = _load(d)
    truth = {t["id"]: t for t in truth_rows}
    saved = trace.candidate_pairs
    trace.candidate_pairs = METHODS[method]
    try:
        t0 = time.perf_counter()
        rows = trace_rows(arts)
        el = time.perf_counter() - t0
    finally:
        trace.candidate_pairs = saved
    pred = {r["id"]: _pred_parent(r) for r in rows}
    origin = {r["id"]: r["origin"] for r in rows}
    return {"method": method, "articles": len(arts), "seconds": round(el, 1),
            "articles_per_s": round(len(arts) / max(el, 1e-9), 1)} | parent_scores(
        truth, pred) | {"origin": origin_score(truth, origin)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[250, 1000],
                    help="derived articles per simulated story (one story per size)")
    ap.add_argument("--stories", type=int, default=2, help="stories per size")
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--no-all", action="store_true", help="skip comparing every pair")
    ap.add_argument("--all-max", type=int, default=600,
                    help="compare every pair only for sizes up to this (n² pairings: a "
                         "story of 1,000 copies takes over 20 minutes)")
    ap.add_argument("--work", type=Path, default=Path("/tmp/retold-lineage-large"))
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results"
                    / "lineage_large.json")
    args = ap.parse_args()
    if not syndication.REUTERS.exists():
        sys.exit(f"skipped: {syndication.REUTERS} is absent (the simulator starts from "
                 "Reuters-21578 articles in ../shared/data/reuters21578)")
    methods = [m for m in METHODS if not (args.no_all and m == "all")]
    results = []
    print(f"{'size':>5s} {'articles':>8s} {'method':7s} {'exact':>6s} {'chain':>6s} "
          f"{'origin':>6s} {'seconds':>8s} {'art/s':>7s}")
    for size in args.sizes:
        d = args.work / f"size{size}-seed{args.seed}"
        if not (d / "truth.jsonl").exists():
            cfg = syndication.DEFAULT_CONFIG | {"story_size_min": size,
                                                "story_size_max": size + size // 10,
                                                "story_size_mean": size + size // 20}
            arts, truth = syndication.simulate(args.stories, args.seed, cfg)
            syndication.write(d, arts, truth)
        for m in methods:
            if m == "all" and size > args.all_max:
                print(f"{size:5d} {'':8s} {m:7s} skipped (size over --all-max {args.all_max})")
                continue
            r = run(d, m) | {"size": size}
            results.append(r)
            print(f"{size:5d} {r['articles']:8d} {m:7s} {r['parent_exact']:6.3f} "
                  f"{r['parent_in_chain']:6.3f} {r['origin']:6.3f} {r['seconds']:8.1f} "
                  f"{r['articles_per_s']:7.1f}", flush=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"seed": args.seed, "stories_per_size": args.stories,
                                    "top_k": candidates.TOP_K,
                                    "max_all_pairs": candidates.MAX_ALL_PAIRS,
                                    "results": results}, indent=1) + "\n")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
