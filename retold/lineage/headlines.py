"""Headlines as lineage evidence: what a page's headline says about where it came from.

Why a module of its own: a desk writes a new headline *from* its source's (a tag in
front, a suffix, a cut tail, a word swapped), so the headline a copy extends names its
parent. The derivation cost (:mod:`retold.lineage.trace`), the outside source's headline
(:func:`retold.lineage.consensus.consensus_title` weighs candidates with
:func:`title_cost`) and the cheap bound on a pair's cost
(:mod:`retold.lineage.candidates`) all price headlines the same way, here.
"""
from __future__ import annotations

import re

from rapidfuzz import fuzz
from rapidfuzz.distance import Indel

from retold.ingest.headline import split_site
from retold.mutations.classify import norm_title
from retold.mutations.units import channel_key
from retold.records import Article

TITLE_WEIGHT = 2.0  # a child usually keeps its parent's (re)written headline
TITLE_CHANGE = 50.0


def source_title(a: Article) -> str:
    """The headline a page could have taken from its source: without its own name at the
    end ("Rates rise – Euro Report" on Euro Report's page; ingest strips it from crawled
    pages, not from the evaluation input's titles). A copy's own name was never the
    source's, so it must not decide which headline the source had."""
    title = a.title or ""
    head, site = split_site(title)
    own = channel_key(a.outlet_name or a.outlet or "")
    return head if site and own and channel_key(site) == own else title


def title_cost(a: str | None, b: str | None) -> float:
    """A new headline is one edit act (like a changed unit) plus its dissimilarity: a copy
    that kept one candidate's exact headline is unlikely to come from another that
    rewrote it."""
    if not a or not b:
        return 0.0
    a, b = norm_title(a), norm_title(b)
    if a == b:
        return 0.0
    return TITLE_CHANGE * headline_acts(a, b) + TITLE_WEIGHT * (1 - fuzz.ratio(a, b) / 100) * max(len(a), len(b))


HEAD_TOKEN = re.compile(r"\w+|[^\w\s]")


def headline_acts(a: str, b: str) -> int:
    """How many acts of editing turn headline ``a`` into ``b``. A span cut is one act, a
    word swapped for another one, and added words one per phrase between separators (a
    tag, a hardening, a site name, a suffix); a span replaced by another is a cut plus
    what was added. Why not :func:`~retold.mutations._unit_match.edit_blocks`, which
    counts places: a desk that adds "UPDATE 1-", "| The Herald" or ", as Tokyo watches"
    keeps the rest of its source's headline, so the headline a copy extends is its
    source's, and a candidate whose tail the copy would have had to cut *and* replace, or
    to which it would have added two decorations at once ("FOCUS-Confirmed: …" from
    "…" rather than from "Confirmed: …"), explains it worse. Punctuation is a token of
    its own, so "it," extends "it". A lone separator added at the end ("…system, -")
    counts ``DANGLING_SEPARATOR`` more: it is the leftover of a tail cut from a
    headline that went on past it, not a decoration. Words run on at the end with no
    separator ("…acts to cool" -> "…acts to cool U.S. anger on telecoms dispute")
    count ``REGROWN`` more: desks set what they add at the end off with a separator
    (", Lagos reports", "| The Herald") and cut tails, they do not run a headline's
    sentence on, so the headline holding those words is the source and the shorter one
    a copy that cut them: a cut headline does not grow back, as a trimmed quotation
    does not. Words put inside a headline ("Turkey ally" -> "Turkey an ally") are a
    rewording and pay nothing more."""
    if a == b:
        return 0
    tokens = HEAD_TOKEN.findall(b)
    acts, cut, added = 0, 0, []
    for o in [*Indel.opcodes(HEAD_TOKEN.findall(a), tokens), None]:
        if o is None or o.tag == "equal":
            if cut and len(added) == 1 == cut:
                acts += 1  # one word swapped
            else:  # a cut is one act; what was added, one per phrase
                phrases = _phrases(added)
                acts += (cut > 0) + (max(phrases, 1) if added else 0)
                if o is None and added and not cut and not phrases:
                    acts += DANGLING_SEPARATOR  # "trial system, -": a cut tail's leftover
                if o is None and added and not cut and not any(
                        t in HEAD_SEPARATORS for t in added):
                    acts += REGROWN  # "…to cool" -> "…to cool u.s. anger": a tail grown back
            cut, added = 0, []
        elif o.tag == "delete":
            cut += o.src_end - o.src_start
        else:
            added += tokens[o.dest_start:o.dest_end]
    return acts


HEAD_SEPARATORS = frozenset("-–—|:,;/()")
DANGLING_SEPARATOR = 1  # extra acts; dev 11/21 1 and 2 alike
REGROWN = 2  # extra acts for words run on at the end; dev plateau 1-4


def _phrases(tokens: list[str]) -> int:
    """Word groups between separators in added headline text: "FOCUS-" is one phrase,
    "FOCUS-Confirmed:" two, "– Market Wire, as Osaka watches" two. Each is a decoration
    a desk adds on its own (a tag, a hardening, a site name, a suffix)."""
    n, inside = 0, False
    for t in tokens:
        if t in HEAD_SEPARATORS:
            inside = False
        elif not inside:
            n, inside = n + 1, True
    return n


DECORATION_STRIPPED = 60.0  # dev plateau 60-200 (undated pairs only)


def decoration_stripped(p: str, c: str) -> bool:
    """``c`` is ``p`` without a whole decoration at either end ("UPDATE 1-", "| The
    Herald", ", as Tokyo watches"): desks add those far more often than they strip
    exactly one, so the page without it is the likelier source."""
    tp, tc = HEAD_TOKEN.findall(p), HEAD_TOKEN.findall(c)
    k = len(tp) - len(tc)
    if k <= 0 or not tc:
        return False
    if tp[:len(tc)] == tc and tp[len(tc)] in HEAD_SEPARATORS:
        return True  # a suffix stripped
    return tp[k:] == tc and tp[k - 1] in HEAD_SEPARATORS  # a prefix stripped


def decoration_cost(ptitle: str | None, ctitle: str | None) -> float:
    """``DECORATION_STRIPPED`` when ``ptitle -> ctitle`` would strip one whole decoration
    (:func:`decoration_stripped`), else nothing: for pairs whose dates leave the order
    open (:func:`retold.lineage.trace._unlikely_edits`)."""
    if ptitle and ctitle and decoration_stripped(norm_title(ptitle), norm_title(ctitle)):
        return DECORATION_STRIPPED
    return 0.0
