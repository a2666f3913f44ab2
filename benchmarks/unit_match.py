"""Unit pairing speed, with its anchor in the same run: identical units first, against
best-first over every scored pair (the pairing as it was before, the anchor).

Why: lineage pairs the units (sentences with whole quotations) of every candidate pair
of a story's pages (``retold.mutations._unit_match.match_units``). The pairing scored
every pair of units and walked all scores above the cut-off in a Python loop, so a page
that repeats a paragraph (a crawled comment thread, a template, a bad extraction) made
one story take minutes. Identical units now pair first (exactly as the best-first walk
pairs its 100s), and the rest are sorted in numpy. The outputs must be the same, and the
script checks that on every pair it times.

Three corpora, each timed in process CPU time, the two versions alternated per pair:

* ``simulated``: every ordered pair of pages within each story of the simulated
  syndication corpus (``benchmarks/syndication.py``, real Reuters base texts), as lineage
  scores them;
* ``repeated``: pages of a Reuters article whose paragraphs are repeated to ~60 kB, six
  copies each with one word changed in some repeats;
* ``near-duplicate``: pages of one paragraph repeated with a different number in each
  ("Reader comment 17: ..."), so no unit is identical and only the numpy sort helps;

and one end-to-end run of ``retold lineage``'s tracing on a 20-page story of repeated
pages, each version once.

    nice -n 10 python benchmarks/unit_match.py                  # writes results/unit_match.json
    nice -n 10 python benchmarks/unit_match.py --stories 60     # quicker
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from rapidfuzz import fuzz, process  # noqa: E402

from common import (REUTERS, anchor_row, missing, report_against_anchor,  # noqa: E402
                    timed_alternating)
from retold.lineage.corpus import prepare, to_article, trace_rows  # noqa: E402
from retold.mutations import _unit_match  # noqa: E402
from retold.mutations.units import Unit, split_units  # noqa: E402

CURRENT = _unit_match._pair_whole


def best_first_scored(p: list[Unit], c: list[Unit]) -> list[tuple[int, int, float]]:
    """The anchor: every pair scored, every score above the cut-off walked best first
    in Python (ties in reading order), as ``match_units`` paired whole units before."""
    scores = process.cdist([u.norm for u in p], [u.norm for u in c], scorer=fuzz.ratio,
                           score_cutoff=_unit_match.MIN_RATIO)
    cand = [(float(scores[a, b]), a, b) for a in range(len(p)) for b in range(len(c))
            if scores[a, b] >= _unit_match.MIN_RATIO]
    cand.sort(key=lambda t: (-t[0], t[1], t[2]))
    used_p: set[int] = set()
    used_c: set[int] = set()
    pairs = []
    for s, a, b in cand:
        if a not in used_p and b not in used_c:
            used_p.add(a)
            used_c.add(b)
            pairs.append((a, b, s / 100.0))
    return pairs


VERSIONS = {"identical first (current)": CURRENT, "best first, all scored (anchor)":
            best_first_scored}


def _timed_pairs(pairs: list[tuple[list[Unit], list[Unit]]]) -> dict[str, Any]:
    """Each pair matched by both versions back to back (alternating which goes first);
    CPU seconds per version, and whether every output agreed."""
    def use(fn):
        _unit_match._pair_whole = fn

    return timed_alternating(pairs, VERSIONS, use, lambda pc: _unit_match.match_units(*pc),
                             CURRENT)


def _reuters(n: int, rng: random.Random) -> list[str]:
    rows = [json.loads(x) for x in open(REUTERS, encoding="utf-8")]
    rows = [r["text"] for r in rows if 1500 < len(r.get("text") or "") < 4000]
    return rng.sample(rows, n)


def repeated_pages(rng: random.Random, n_texts: int = 4, copies: int = 6) -> list[list[str]]:
    """Per Reuters text, ``copies`` pages of its paragraphs repeated to ~60 kB, some
    repeats with one word changed."""
    stories = []
    for text in _reuters(n_texts, rng):
        paras = [" ".join(p.split()) for p in text.split("\n    ") if p.strip()]
        pages = []
        for _ in range(copies):
            body = []
            while sum(map(len, body)) < 60_000:
                for p in paras:
                    w = p.split()
                    if len(w) > 6 and rng.random() < 0.3:
                        w[rng.randrange(len(w))] = rng.choice(["also", "now", "again"])
                    body.append(" ".join(w))
            pages.append("\n\n".join(body))
        stories.append(pages)
    return stories


def near_duplicate_pages(rng: random.Random, copies: int = 6) -> list[list[str]]:
    para = ("Reader comment {n}: the central bank said on Tuesday it would keep interest "
            "rates unchanged, citing weak growth, and analysts had expected a cut after "
            "inflation slowed for a third month in a row; markets reacted calmly.")
    return [["\n\n".join(para.format(n=rng.randrange(10_000)) for _ in range(150))
             for _ in range(copies)]]


def _pairs_of(stories: list[list[list[Unit]]]) -> list[tuple[list[Unit], list[Unit]]]:
    return [(a, b) for units in stories for i, a in enumerate(units)
            for j, b in enumerate(units) if i != j]


def simulated_pairs(n_stories: int, seed: int) -> list[tuple[list[Unit], list[Unit]]]:
    import syndication
    arts, truth = syndication.simulate(n_stories, seed)
    prep = prepare([to_article(a) for a in arts])
    story = {t["id"]: t["story"] for t in truth}
    by_story: dict[str, list[list[Unit]]] = {}
    for a in arts:
        by_story.setdefault(story[a["id"]], []).append(prep.units[a["id"]])
    return _pairs_of(list(by_story.values()))


def end_to_end(pages: list[str]) -> dict[str, float]:
    arts = [{"id": f"p{i}", "title": "Bank holds rates", "outlet": f"Outlet {i}",
             "published": f"2024-01-01T{i // 4:02d}:{(i % 4) * 15:02d}:00Z", "text": t}
            for i, t in enumerate(pages)]
    out = {}
    rows = {}
    for name, fn in VERSIONS.items():
        _unit_match._pair_whole = fn
        t0 = time.process_time()
        rows[name] = trace_rows(arts)
        out[name] = round(time.process_time() - t0, 2)
    _unit_match._pair_whole = CURRENT
    first, second = rows.values()
    out["identical_output"] = first == second
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--stories", type=int, default=150, help="simulated stories")
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--pages", type=int, default=20, help="pages in the end-to-end story")
    args = ap.parse_args(argv)
    if missing(REUTERS):
        return 0
    rng = random.Random(args.seed)
    corpora = {
        "simulated": simulated_pairs(args.stories, args.seed),
        "repeated": _pairs_of([[split_units(t) for t in s] for s in repeated_pages(rng)]),
        "near-duplicate": _pairs_of([[split_units(t) for t in s]
                                     for s in near_duplicate_pages(rng)]),
    }
    results: dict[str, Any] = {}
    rows = []
    for name, pairs in corpora.items():
        r = results[name] = _timed_pairs(pairs)
        rows.append(anchor_row(name, r["pairs"], *r["cpu_s"].values(), r["identical_output"]))
    pages = [p for s in repeated_pages(random.Random(args.seed + 1), n_texts=1,
                                       copies=args.pages) for p in s]
    e2e = end_to_end(pages)
    results["end_to_end_story"] = {"pages": len(pages)} | e2e
    rows.append(anchor_row(f"trace one story ({len(pages)} pages)", "-",
                           *(e2e[v] for v in VERSIONS), e2e["identical_output"]))
    return report_against_anchor(
        "unit_match", ["corpus", "unit-list pairs", "current CPU s", "anchor CPU s", "speed-up",
                       "same output"], rows,
        {"stories": args.stories, "seed": args.seed, "results": results},
        all(r["identical_output"] for r in results.values()))

if __name__ == "__main__":
    raise SystemExit(main())
