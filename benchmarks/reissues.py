"""Corrections and repeats on real newswire: is the corrected item's parent its original?

Why: Reuters-21578 holds a wire's own re-issues ("CORRECTED - REXNORD <REX> TO SELL
RAILWAY UNIT", "RPT - ..."), the one kind of real reuse in ../shared/data whose parent
can be found without a model of it: the earlier item of the same outlet with the same
headline. The labels here are built without retold's rule (``retold.lineage.reissues``):
an item whose headline opens with CORRECTED or RPT, and the earlier item whose headline
(marker cut) is at least 60 % alike (rapidfuzz ratio) with the most similar body, at
least 60 % alike; items with no such original are left out.

The corpus is every item published on the days of those pairs (about 12,000), grouped
into stories by ``retold.reuse`` as ``retold ingest`` does; each story holding a labelled
item is traced twice, with the rule (a declared re-issue of a page that may precede it
is no root) and without it (the anchor, same run).

    nice -n 10 python benchmarks/reissues.py          # writes results/reissues.json
"""
from __future__ import annotations

import json
import re
import sys
import time
from pathlib import Path

from rapidfuzz import fuzz

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT))

from common import REUTERS, missing, print_table, write_results  # noqa: E402

from retold.lineage import parents  # noqa: E402
from retold.lineage.corpus import prepare, to_article  # noqa: E402
from retold.lineage.trace import trace_story  # noqa: E402

LABEL_MARKER = re.compile(r"^(CORRECTED|RPT)\s*-\s*", re.I)
MIN_TITLE, MIN_TEXT = 60, 60


def labelled_pairs(rows: list[dict]) -> list[dict]:
    """``{"child", "parent", "marker"}`` for every CORRECTED/RPT item whose original the
    title and date search finds (see the module docstring)."""
    out = []
    for m in rows:
        found = LABEL_MARKER.match(m.get("title") or "")
        if not found:
            continue
        bare = m["title"][found.end():].upper()
        best = None
        for a in rows:
            if a is m or LABEL_MARKER.match(a.get("title") or "") or a["_when"] > m["_when"]:
                continue
            if fuzz.ratio(bare, (a.get("title") or "").upper()) < MIN_TITLE:
                continue
            score = fuzz.ratio(m["text"], a["text"])
            if score >= MIN_TEXT and (best is None or score > best[0]):
                best = (score, a["id"])
        if best:
            out.append({"child": m["id"], "parent": best[1], "marker": found.group(1).upper()})
    return out


def _when(date: str) -> str:
    """Reuters' "3-MAR-1987 04:08:17.96" as a sortable key."""
    try:
        return time.strftime("%Y%m%d%H%M%S", time.strptime(date.split(".")[0].strip(),
                                                           "%d-%b-%Y %H:%M:%S"))
    except ValueError:
        return "99999999999999"


def _score(pairs: list[dict], parent_of: dict[str, str | None], story_of: dict[str, str]
           ) -> dict[str, int]:
    exact = chain = same = 0
    for p in pairs:
        same += story_of[p["child"]] == story_of[p["parent"]]
        exact += parent_of.get(p["child"]) == p["parent"]
        x, ancestors = p["child"], []
        while parent_of.get(x) and parent_of[x] not in ancestors:
            x = parent_of[x]
            ancestors.append(x)
        chain += p["parent"] in ancestors
    return {"pairs": len(pairs), "same_story": same, "exact": exact, "in_chain": chain}


def main() -> int:
    if missing(REUTERS):
        return 0
    rows = [json.loads(x) for x in open(REUTERS, encoding="utf-8")]
    rows = [r | {"_when": _when(r.get("date") or "")} for r in rows if (r.get("text") or "").strip()]
    t0 = time.perf_counter()
    pairs = labelled_pairs(rows)
    days = {r["date"].split()[0] for r in rows for p in pairs if r["id"] in (p["child"], p["parent"])}
    corpus = [r for r in rows if r["date"].split()[0] in days]
    prep = prepare([to_article({k: v for k, v in r.items() if k != "_when"}) for r in corpus],
                   grouping="reuse")
    by_id = {a.id: a for a in prep.articles}
    links: dict[str, list] = {}
    for ln in prep.links:
        links.setdefault(ln.a, []).append(ln)
    wanted = [g for g in prep.groups if any(p["child"] in g for p in pairs)]
    results, kept = {}, parents.DECLARED_ROOT
    for label, root in (("without the rule (anchor)", 0.0), ("declared re-issues", parents.DECLARED_ROOT)):
        parents.DECLARED_ROOT = root  # 0: a declared re-issue's root costs what any root does
        parent_of: dict[str, str | None] = {}
        for g in wanted:
            tr = trace_story(prep.story_of[g[0]], [by_id[x] for x in g],
                             boilerplate=prep.boilerplate, units={x: prep.units[x] for x in g},
                             links=[ln for x in g for ln in links.get(x, ())])
            parent_of.update((e.child, e.parent) for e in tr.edges if not e.evidence.get("tie_with"))
        results[label] = _score(pairs, parent_of, prep.story_of)
    parents.DECLARED_ROOT = kept
    print(f"{len(pairs)} labelled re-issues, {len(corpus)} articles on their days, "
          f"{len(wanted)} stories traced, {time.perf_counter() - t0:.0f} s")
    print_table(["lineage", "pairs", "same story", "exact parent", "in chain"],
                [[k, v["pairs"], v["same_story"], v["exact"], v["in_chain"]]
                 for k, v in results.items()])
    print(f"wrote {write_results('reissues', {'articles': len(corpus), 'labels': pairs, 'results': results})}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
