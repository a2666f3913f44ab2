"""Scoring one candidate pair for reuse (sentence alignment and quote matching), with its
anchor in the same run: the three bulk scorers as they were before (the anchor) against
the current ones.

Why: ``retold ingest`` of a story of long pages (a 60 kB long read, a live blog, a page
with its comment thread; hundreds of sentences and quotations each) spent 1.3 s per pair
of pages, nearly all of it in three places of ``retold.reuse`` that scored every pair of
sentences or quotations:

* quote matching's prefilter ran ``partial_ratio`` over every pair of quotations (above
  400 pairs; below, every pair was scored exactly, one by one); now a pair is kept when
  ``ratio`` reaches the threshold or the longest common subsequence is long enough for
  ``partial_ratio`` to (``quotes._partial_bound``: a bound, so no pair is lost), both
  bit-parallel, and that is cheap enough to run from 16 pairs up;
* the aligner's subset test (which pairs may be a trimmed sentence and its source) was a
  Python loop over every pair; now matrix tests, the shared words counted through an
  index of one page's words;
* ``token_sort_ratio`` in bulk sorted each text's words once per pair; now once per text
  (``align._token_sort_scores``, the same scores).

The outputs must be the same, and the script checks that on every pair it times.

Two corpora, each pair scored by both versions back to back (alternating which goes
first), process CPU time:

* ``long pages``: stories of copies of one ~60 kB page of distinct Reuters paragraphs
  (as ``benchmarks/repeated_pages.py``'s anchor builds them), every pair within a story;
* ``newswire``: every pair within each story of the simulated syndication corpus
  (``benchmarks/syndication.py``, real Reuters base texts): pages of ordinary length.

    nice -n 10 python benchmarks/pair_scoring.py              # writes results/pair_scoring.json
    nice -n 10 python benchmarks/pair_scoring.py --stories 40 --long 4
"""
from __future__ import annotations

import argparse
import importlib
import random
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import numpy as np  # noqa: E402
from rapidfuzz import fuzz, process  # noqa: E402

from common import (REUTERS, anchor_row, missing, report_against_anchor,  # noqa: E402
                    timed_alternating)
from retold.statements import extract  # noqa: E402

# the modules, not the functions ``retold.reuse`` exports under the same names
align_mod = importlib.import_module("retold.reuse.align")
quotes_mod = importlib.import_module("retold.reuse.quotes")


# ---- the anchor: the three scorers as they were (commit 49be9d6) ----------------------

def anchor_candidates(na: list[str], nb: list[str], threshold: float) -> list[tuple[int, int]]:
    if len(na) * len(nb) <= 400:  # PREFILTER_PAIRS as it was
        return [(i, j) for i in range(len(na)) for j in range(len(nb))]
    cut = threshold * 100 - 0.5
    full = process.cdist(na, nb, scorer=fuzz.ratio, score_cutoff=cut)
    least = max(cut, 89.5)
    part = process.cdist(na, nb, scorer=fuzz.partial_ratio, score_cutoff=least)
    rows, cols = np.nonzero((full >= cut) | (part >= least))
    return list(zip(rows.tolist(), cols.tolist()))


def anchor_subset_scores(score: np.ndarray, qa: list[str], qb: list[str], threshold: float,
                         min_subset_words: int) -> None:
    words_a = [t.split() for t in qa]
    words_b = [t.split() for t in qb]
    sets_b = [set(w) for w in words_b]
    for i, wa in enumerate(words_a):
        set_a = set(wa)
        for j, wb in enumerate(words_b):
            if score[i, j] >= threshold * 100:
                continue
            short, long_ = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
            if len(short) < min_subset_words or len(long_) < 1.2 * len(short):
                continue
            if len(set_a & sets_b[j]) < 0.7 * len(set(short)):
                continue
            score[i, j] = max(score[i, j], fuzz.partial_ratio(qa[i], qb[j]))


def anchor_token_sort_scores(qa: list[str], qb: list[str]) -> np.ndarray:
    return process.cdist(qa, qb, scorer=fuzz.token_sort_ratio,
                         dtype=np.uint8).astype(np.float32)


CURRENT = (quotes_mod._candidates, align_mod._add_subset_scores, align_mod._token_sort_scores)
ANCHOR = (anchor_candidates, anchor_subset_scores, anchor_token_sort_scores)
VERSIONS = {"current": CURRENT, "anchor (before)": ANCHOR}


def _use(version: tuple) -> None:
    quotes_mod._candidates, align_mod._add_subset_scores, align_mod._token_sort_scores = version
    quotes_mod._variant.cache_clear()  # each run scores its quotation pairs afresh


def score_pair(a: dict, b: dict) -> tuple:
    """What ``reuse.incremental.align_pair`` computes for one pair, as plain data."""
    al = align_mod.align(a["text"], b["text"])
    qm = quotes_mod.match_quotes(a["statements"], b["statements"], a["text"], b["text"])
    return al.pairs, al.coverage_a, al.coverage_b, [m.to_dict() for m in qm]


def timed_pairs(pairs: list[tuple[dict, dict]]) -> dict[str, Any]:
    return timed_alternating(pairs, VERSIONS, _use, lambda ab: score_pair(*ab), CURRENT)


def _with_statements(pages: list[dict]) -> list[dict]:
    for p in pages:
        p["statements"] = extract(p["text"], p["id"]).statements
    return pages


def long_page_stories(n_stories: int, copies: int, seed: int) -> list[list[dict]]:
    from repeated_pages import story
    out = []
    for s in range(n_stories):
        pages = story("distinct", copies, random.Random(seed + s))
        out.append(_with_statements([p | {"id": f"s{s}-{p['id']}"} for p in pages]))
    return out


def newswire_stories(n_stories: int, seed: int) -> list[list[dict]]:
    import syndication
    arts, truth = syndication.simulate(n_stories, seed)
    story = {t["id"]: t["story"] for t in truth}
    by_story: dict[str, list[dict]] = {}
    for a in arts:
        by_story.setdefault(story[a["id"]], []).append(dict(a))
    return [_with_statements(s) for s in by_story.values()]


def _pairs_of(stories: list[list[dict]]) -> list[tuple[dict, dict]]:
    return [(s[i], s[j]) for s in stories for i in range(len(s)) for j in range(i + 1, len(s))]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--stories", type=int, default=100, help="simulated newswire stories")
    ap.add_argument("--long", type=int, default=3, help="stories of long pages")
    ap.add_argument("--copies", type=int, default=6, help="pages per long-page story")
    ap.add_argument("--seed", type=int, default=11)
    args = ap.parse_args(argv)
    if missing(REUTERS):
        return 0
    corpora = {"long pages": _pairs_of(long_page_stories(args.long, args.copies, args.seed)),
               "newswire": _pairs_of(newswire_stories(args.stories, args.seed))}
    results: dict[str, Any] = {}
    rows = []
    for name, pairs in corpora.items():
        r = results[name] = timed_pairs(pairs)
        rows.append(anchor_row(name, r["pairs"], *r["cpu_s"].values(), r["identical_output"]))
    return report_against_anchor(
        "pair_scoring", ["corpus", "pairs", "current CPU s", "anchor CPU s", "speed-up",
                         "same output"], rows,
        {"stories": args.stories, "long": args.long, "copies": args.copies, "seed": args.seed,
         "results": results}, all(r["identical_output"] for r in results.values()))


if __name__ == "__main__":
    raise SystemExit(main())
