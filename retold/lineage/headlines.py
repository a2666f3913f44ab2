"""Headlines as lineage evidence: what a page's headline says about where it came from.

Why a module of its own: a desk writes a new headline *from* its source's (a tag in
front, a suffix, a cut tail, a word swapped), so the headline a copy extends names its
parent. The derivation cost (:mod:`retold.lineage.trace`), the outside source's headline
(:func:`retold.lineage.consensus.consensus_title` weighs candidates with
:func:`source_title_cost`; :func:`shared_runs` and :func:`undecorated` offer them) and the
cheap bound on a pair's cost (:mod:`retold.lineage.candidates`) all price headlines the
same way, here.
"""
from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterable
from difflib import SequenceMatcher

from rapidfuzz import fuzz
from rapidfuzz.distance import Indel

from retold.ingest.headline import split_site
from retold.mutations.classify import norm_title
from retold.mutations.units import channel_key
from retold.records import Article

TITLE_WEIGHT = 2.0  # a child usually keeps its parent's (re)written headline
TITLE_CHANGE = 50.0
TITLE_CUT_CHAR = 0.6  # per character of a headline's tail cut (see title_cost)


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
    rewrote it. A tail cut at a word ("Rates rise in May – Newsweek" -> "Rates rise") is
    one act whose length says little (a desk cuts where the line runs out): it pays
    ``TITLE_CUT_CHAR`` per character cut instead of the dissimilarity, which made the
    candidate with the longer headline (one that added a suffix, the copy's true
    parent) look worse than its own source by a dozen characters for a copy that cut
    both to the same words. Dev, exact parents: 11/21 0.8880 -> 0.8898, 31/41 0.8786
    -> 0.8800, 51-81 0.8784 -> 0.8801 (0.2 / 1.0 per character: 0.8892 / 0.8890)."""
    if not a or not b:
        return 0.0
    a, b = norm_title(a), norm_title(b)
    if a == b:
        return 0.0
    if a.startswith(b) and a[len(b):len(b) + 1] == " ":  # a tail cut at a word
        return TITLE_CHANGE + TITLE_CUT_CHAR * (len(a) - len(b))
    return TITLE_CHANGE * headline_acts(a, b) + TITLE_WEIGHT * (1 - fuzz.ratio(a, b) / 100) * max(len(a), len(b))


_HEAD_TOKEN = re.compile(r"\w+|[^\w\s]")


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
    tokens = _HEAD_TOKEN.findall(b)
    acts, cut, added = 0, 0, []
    for o in [*Indel.opcodes(_HEAD_TOKEN.findall(a), tokens), None]:
        if o is None or o.tag == "equal":
            if cut and len(added) == 1 == cut:
                acts += 1  # one word swapped
            else:  # a cut is one act; what was added, one per phrase
                phrases = _phrases(added)
                acts += (cut > 0) + (max(phrases, 1) if added else 0)
                if o is None and added and not cut:  # something put at the end, nothing cut
                    if not phrases:
                        acts += DANGLING_SEPARATOR  # "trial system, -": a cut tail's leftover
                    elif not any(t in _HEAD_SEPARATORS for t in added):
                        acts += REGROWN  # "…to cool" -> "…to cool u.s. anger": grown back
            cut, added = 0, []
        elif o.tag == "delete":
            cut += o.src_end - o.src_start
        else:
            added += tokens[o.dest_start:o.dest_end]
    return acts


_HEAD_SEPARATORS = frozenset("-–—|:,;/()")
DANGLING_SEPARATOR = 1  # extra acts; dev 11/21 1 and 2 alike
REGROWN = 2  # extra acts for words run on at the end; dev plateau 1-4


def _phrases(tokens: list[str]) -> int:
    """Word groups between separators in added headline text: "FOCUS-" is one phrase,
    "FOCUS-Confirmed:" two, "– Market Wire, as Osaka watches" two. Each is a decoration
    a desk adds on its own (a tag, a hardening, a site name, a suffix)."""
    n, inside = 0, False
    for t in tokens:
        if t in _HEAD_SEPARATORS:
            inside = False
        elif not inside:
            n, inside = n + 1, True
    return n


_SITE_PART = re.compile(r"\s[–—|-]\s+([^–—|,:;]+)")
FOREIGN_SITE = 120.0  # dev 11/21: 30 / 60 / 120 / 250 -> 0.8869 / 0.8873 / 0.8875 / 0.8875


@functools.lru_cache(maxsize=1 << 16)
def sites_named(title: str | None) -> frozenset[str]:
    """The names a headline sets off by a dash or a bar ("… – Market Wire, amid Lyon
    concern" names Market Wire), as outlet keys. Cached: every candidate pair of a
    story reads both headlines."""
    return frozenset(channel_key(m.group(1)) for m in _SITE_PART.finditer(title or ""))


def foreign_site_cost(ptitle: str | None, ctitle: str | None, own: str,
                      outlets: frozenset[str] | set[str]) -> float:
    """``FOREIGN_SITE`` when the child's headline carries another outlet's name as a
    site part ("… – Market Wire" on The Chronicle's page) that the candidate's does
    not: a page names itself on its headline, and a copy that keeps another outlet's
    name took the headline from that outlet's page (or a copy of it), as aggregators
    keep their source's name. ``own``: the child's outlet key; ``outlets``: the
    story's."""
    named = (sites_named(ctitle) & outlets) - {own}
    return FOREIGN_SITE if named - sites_named(ptitle) else 0.0


DECORATION_STRIPPED = 60.0  # dev plateau 60-200 (undated pairs only)


def decoration_stripped(p: str, c: str) -> bool:
    """``c`` is ``p`` without a whole decoration at either end ("UPDATE 1-", "| The
    Herald", ", as Tokyo watches"): desks add those far more often than they strip
    exactly one, so the page without it is the likelier source."""
    tp, tc = _HEAD_TOKEN.findall(p), _HEAD_TOKEN.findall(c)
    k = len(tp) - len(tc)
    if k <= 0 or not tc:
        return False
    if tp[:len(tc)] == tc and tp[len(tc)] in _HEAD_SEPARATORS:
        return True  # a suffix stripped
    return tp[k:] == tc and tp[k - 1] in _HEAD_SEPARATORS  # a prefix stripped


SOURCE_STRIP = 120.0  # dev 11/21: 60 / 120 / 250 -> 0.8864 / 0.8865 / 0.8865


def source_title_cost(source: str, head: str) -> float:
    """A head's headline from a candidate for the outside source's (normalised both):
    :func:`title_cost`, and ``SOURCE_STRIP`` more when the head is the candidate
    without a whole decoration (:func:`decoration_stripped`). The source is surely
    earlier than its copies, and desks add tags far more often than they strip one, so
    of "Confirmed: X" and "X" the source's was "X"."""
    out = title_cost(source, head)
    if SOURCE_STRIP and decoration_stripped(source, head):
        out += SOURCE_STRIP
    return out


def decoration_cost(ptitle: str | None, ctitle: str | None) -> float:
    """``DECORATION_STRIPPED`` when ``ptitle -> ctitle`` would strip one whole decoration
    (:func:`decoration_stripped`), else nothing: for pairs whose dates leave the order
    open (:func:`retold.lineage.trace._unlikely_edits`)."""
    if ptitle and ctitle and decoration_stripped(norm_title(ptitle), norm_title(ctitle)):
        return DECORATION_STRIPPED
    return 0.0


# --- a headline's anatomy, for reading an outside source's headline from its copies'
# (:func:`retold.lineage.consensus.consensus_title`): the same tokens and separators as
# the acts above, so a run or a stripped decoration ends where an act would


def _tokens(text: str) -> list[re.Match]:
    return list(_HEAD_TOKEN.finditer(text))


def _trim(text: str, toks: list[re.Match]) -> str | None:
    """The text of ``toks`` without separators at either end (a separator at either end,
    as in "X –" of "X – Gulf Courier", belongs to the decorations)."""
    while toks and toks[-1].group() in _HEAD_SEPARATORS:
        toks = toks[:-1]
    while toks and toks[0].group() in _HEAD_SEPARATORS:
        toks = toks[1:]
    return text[toks[0].start():toks[-1].end()] if toks else None


@functools.lru_cache(maxsize=1 << 16)
def run_words(run: str | None) -> int:
    """Words (tokens other than separators) in ``run``; 0 for none. Cached: the source's
    headline is read once per head, over nearly the same runs each time."""
    return sum(1 for t in _HEAD_TOKEN.findall(run) if t not in _HEAD_SEPARATORS) if run else 0


@functools.lru_cache(maxsize=1 << 16)
def shared_run(a: str, b: str) -> str | None:
    """The longest run of tokens ``a`` and ``b`` share, trimmed of separators. Words and
    punctuation are tokens apiece, so a tag glued to the first word ("update 1-rates
    rise") and a comma before a suffix ("rates rise, lagos reports") do not hide the
    words they touch. Cached, as :func:`run_words`."""
    ta, tb = _tokens(a), _tokens(b)
    m = SequenceMatcher(None, [t.group() for t in ta], [t.group() for t in tb],
                        autojunk=False).find_longest_match(0, len(ta), 0, len(tb))
    return _trim(a, ta[m.a:m.a + m.size])


def shared_runs(texts: Iterable[str], min_words: int = 3) -> set[str]:
    """The longest run each pair of ``texts`` shares (:func:`shared_run`), when it has
    ``min_words``."""
    out = set()
    for a, b in itertools.combinations(sorted(set(texts)), 2):
        run = shared_run(a, b)
        if run_words(run) >= min_words:
            out.add(run)
    return out


DECORATION_WORDS = 4  # the longest tag or suffix a head is read without


@functools.lru_cache(maxsize=1 << 12)
def undecorated(text: str) -> frozenset[str]:
    """``text`` without a tag in front or a suffix behind (up to ``DECORATION_WORDS``
    words cut off by a separator: "update 1-", "revealed:", "| the herald", ", lagos
    reports"), and without both: the source's headline when one head alone kept it
    whole and decorated it. The generating side of :func:`decoration_stripped`, which
    tests a pair (any length of decoration, one end)."""
    toks = _tokens(text)
    words = [t.group() not in _HEAD_SEPARATORS for t in toks]
    seps = [i for i, is_word in enumerate(words) if not is_word]
    start = next((i + 1 for i in seps if 0 < sum(words[:i]) <= DECORATION_WORDS), None)
    end = next((i for i in reversed(seps) if 0 < sum(words[i:]) <= DECORATION_WORDS), None)
    out = set()
    for a in (0, start):
        for b in (len(toks), end):
            if a is None or b is None or (a, b) == (0, len(toks)) or sum(words[a:b]) < 3:
                continue
            run = _trim(text, toks[a:b])
            if run:
                out.add(run)
    return frozenset(out)
