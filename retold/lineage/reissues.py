"""Declared re-issues: a page that says in its headline it is a new version of another.

Why: a wire corrects, repeats and refiles its own items under the same headline with a
marker ("CORRECTED - REXNORD <REX> TO SELL RAILWAY UNIT", "RPT-…", "REFILE-…",
"UPDATE 2-…", "Correction: …"). The text alone often leaves such a page at the root:
two versions of one item differ by a purchaser's name and a dropped sentence, each
a full edit act in the parent cost, and "no parent" costs less than six acts
(Reuters-21578: 13 of the 20 corrections whose original shares their story were left
at the root or under another item). The page itself says it is not first, and which
page came first: its outlet's earlier page with the same headline. So a page that
declares a re-issue of a page in its story is never the story's root while that page
may precede it.

Only the outlet's own pages count: the marker speaks of the outlet's earlier item,
and desks elsewhere use "UPDATE 1-" as decoration for a copy of someone else's.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from rapidfuzz import fuzz

from retold.markers import marker, unmarked
from retold.outlets import name_key
from retold.records import Article

# what the desk says it corrected, at the end: "(CORRECTING AMOUNT)", "(NOT 1200 GMT)"
_NOTE = re.compile(r"\s*\((?:CORRECT|NOT\b|RPTS?\b|REPEATS?\b|ADDS?\b|FIXES)[^)]*\)\s*$", re.I)
_TICKER = re.compile(r"<[A-Z]{1,5}(?:\.[A-Z]{1,2})?>")  # "<GM>", "<FICR.O>"; not "<NATWEST USA>"
MIN_SHARED = 3  # words the bare headlines share: "1st qtr" names no one item
SAME_SUBJECT = 75  # rapidfuzz ratio of the first words: a corrected name ("FIELDCOR" -> "FIDELCOR")
SAME_HEADLINE = 0.75  # share of the shorter bare headline's words the other has


def bare(title: str | None) -> str:
    """The headline without re-issue markers (a repeat of a correction has two), the
    desk's note on what it corrected, and tickers ("<GM>"), lower case: what two
    versions of one item keep in common."""
    t = _NOTE.sub("", unmarked(title))
    return " ".join(re.findall(r"\w+", _TICKER.sub(" ", t).lower()))


def declares(child_title: str | None, parent_title: str | None) -> bool:
    """Does a headline with a re-issue marker name ``parent_title``'s item? A correction
    shortens or fixes a headline as often as not ("GM <GM> TO IDLE SIX PLANTS, 21,600
    WORKERS" -> "CORRECTED - GM <GM> TO IDLE SIX PLANTS"), so the bare headlines need
    not be equal: they open with the same word (the subject, as a wire's headlines do; one
    spelled alike, as the name may be what was corrected), and the other has ``SAME_HEADLINE`` of the shorter's words, at least ``MIN_SHARED``
    of them. A looser measure (rapidfuzz's token-set ratio >= 75) took a
    "CORRECTED - DEROSE INDUSTRIES INC <DRI> 4TH QTR" for a re-issue of 103 other
    companies' "... INDUSTRIES INC 4TH QTR" items of Reuters-21578."""
    if not marker(child_title):
        return False
    a, b = bare(child_title).split(), bare(parent_title).split()
    if not a or not b or fuzz.ratio(a[0], b[0]) < SAME_SUBJECT:
        return False
    shared = len(set(a) & set(b))
    return shared >= MIN_SHARED and shared >= SAME_HEADLINE * min(len(set(a)), len(set(b)))


def declared_pairs(articles: Sequence[Article]) -> dict[tuple[str, str], str]:
    """``(named page, re-issue) -> marker`` for every page of ``articles`` whose headline
    declares it re-issues another page of its own outlet (:func:`declares`), read once
    per story: the parent costs and the story's boilerplate both use it. Dates are the
    caller's: a named page the dates put after the re-issue is no candidate parent."""
    out: dict[tuple[str, str], str] = {}
    for c in articles:
        mark = marker(c.title)
        own = name_key(c.outlet_name or c.outlet) if mark else ""
        for p in articles if own else ():
            if p.id != c.id and name_key(p.outlet_name or p.outlet) == own and declares(
                    c.title, p.title):
                out[(p.id, c.id)] = mark
    return out
