"""Quote matching across articles: the same statement despite variants.

Outlets retelling a story keep the quotes and change them: "IS" becomes "ISIS", "ISIL" or
"Daesh", a long quote is trimmed, two are merged, punctuation and quote marks change. As in
MemeTracker (Leskovec et al. 2009), variants are grouped by containment: a shorter quote
that is (almost) a substring of a longer one is a variant of it. Comparison happens on
normalised text (casefolded words, entity aliases unified, punctuation dropped), with
rapidfuzz ``ratio`` for rewordings and ``partial_ratio`` for trimmed or merged quotes.

Works on ``Statement`` records from the statements stage; :func:`find_quotes` is a fallback
that finds quoted passages by their quote marks when no statements are available.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from rapidfuzz import fuzz, process
from rapidfuzz.distance import LCSseq

from retold.records import Statement
from retold.reuse.align import normalise_sentence
from retold.reuse.shingles import TOKEN_RE, alias_surfaces, names_swapped

_QUOTED = re.compile(r'"([^"“”„«»\n]{20,}?)"|“([^"“”„«»\n]{20,}?)”|„([^"“”„«»\n]{20,}?)[“”]'
                     r'|«([^"“”„«»\n]{20,}?)»')
"""A quotation: between a pair of marks that open and close (straight, curly, low-high,
guillemets), inside one paragraph. Pairing any mark with any mark went out of step at the
first unclosed quotation (news leaves a quotation open when it runs on into the next
paragraph) and then read the narrative *between* two quotations as a quote."""


def statement_text(stmt: Statement, text: str | None = None) -> str:
    """The quoted content of a statement, from its spans when the article text is given."""
    if text is not None and stmt.content:
        return " ".join(text[s:e] for s, e in stmt.content)
    return stmt.content_text


def find_quotes(text: str, article_id: str, min_words: int = 5) -> list[Statement]:
    """Direct quotes found by their quote marks: a stand-in when statements are missing."""
    out = []
    for m in _QUOTED.finditer(text):
        group = m.lastindex
        inner = m.group(group)
        if len(TOKEN_RE.findall(inner)) < min_words:
            continue
        out.append(Statement(id=f"{article_id}:q{len(out)}", article_id=article_id,
                             kind="direct", content=[[m.start(group), m.end(group)]],
                             content_text=inner))
    return out


@dataclass
class QuoteMatch:
    """Statement ``a`` of one article and ``b`` of another say the same thing."""

    a: str  # statement id
    b: str
    score: float  # 0..1
    variant: str  # same | entity_swapped | trimmed | reworded
    spans_a: list[list[int]]
    spans_b: list[list[int]]
    words: int = 0  # words of the shorter quote (a long shared quote is stronger evidence)
    interview: str | None = None  # "Sherko Omer to Newsweek": same speaker, same outlet

    def to_dict(self) -> dict:
        out = dict(self.__dict__)
        if out["interview"] is None:  # only where it decided the link: the format stays
            del out["interview"]
        return out


@lru_cache(maxsize=65536)
def _speaker_key(name: str | None) -> str | None:
    """A named speaker, comparable across articles ("Sherko Omer"); None for "he", "a
    source" or nobody."""
    if not name or not any(w[:1].isupper() for w in name.split()[1:] or name.split()):
        return None
    return " ".join(name.casefold().split())


def _interviews(stmts: Sequence[Statement]) -> dict[str, set[str]]:
    """The outlets the article's main speaker spoke to ("told Newsweek" on any of their
    statements). Main: the named speaker with the most statements (all of them on a tie).
    A story built on one interview gives its interviewee most of the statements; an
    article that only mentions the interview on the way ("…, he told Reuters last year")
    gives them few, and one short quotation from it is no retelling."""
    counts = Counter(k for k in (_speaker_key(st.speaker) for st in stmts) if k)
    if not counts:
        return {}
    top = max(counts.values())
    out: dict[str, set[str]] = defaultdict(set)
    for st in stmts:
        key = _speaker_key(st.speaker)
        if key and counts[key] == top and st.channel is not None \
                and st.channel.kind in ("outlet", "interview") and st.channel.name:
            out[key].add(" ".join(st.channel.name.casefold().split()))
    return out


def shared_interview(sa: Statement, sb: Statement, ia: Mapping[str, set[str]],
                     ib: Mapping[str, set[str]]) -> str | None:
    """"Sherko Omer to newsweek" when both statements are one named speaker's, that speaker
    is each article's main one, and both say they spoke to the same outlet: two
    retellings of one interview."""
    key = _speaker_key(sa.speaker)
    if key is None or key != _speaker_key(sb.speaker):
        return None
    outlets = ia.get(key, set()) & ib.get(key, set())
    return f"{sa.speaker} to {sorted(outlets)[0]}" if outlets else None


def quote_score(na: str, nb: str, min_words: int = 5) -> tuple[float, str]:
    """Similarity of two normalised quotes (0..1) and the kind of variant."""
    if not na or not nb:
        return 0.0, "none"
    if na == nb:
        return 1.0, "same"
    short, long_ = sorted((na, nb), key=len)
    full = fuzz.ratio(na, nb) / 100.0
    if short.count(" ") + 1 >= min_words and len(long_) >= 1.15 * len(short):
        part = fuzz.partial_ratio(short, long_) / 100.0
        if part > full and part >= 0.9:
            return part, "trimmed"
    return full, "reworded"


@lru_cache(maxsize=1 << 16)
def _variant(sa: frozenset, na: str, sb: frozenset, nb: str, min_words: int
             ) -> tuple[float, str]:
    """Score and variant of two quotations given as the names they spell
    (:func:`~retold.reuse.shingles.alias_surfaces`) and normalised texts: same or
    reworded, and a name spelled otherwise ("IS" -> "Daesh"), is ``entity_swapped``.
    Cached: a story syndicated 1,000 times scores the same few dozen quotations against
    each other in each of its 500,000 pairs of pages (4 million calls, a sixth of the
    reuse stage's time on it)."""
    score, variant = quote_score(na, nb, min_words)
    if variant in ("same", "reworded") and names_swapped(sa, sb):
        variant = "entity_swapped"
    return score, variant


def variant_of(a: str, b: str, min_words: int = 5) -> tuple[float, str]:
    """``(similarity, variant)`` of quotation ``b`` against ``a`` (``same``,
    ``entity_swapped``, ``trimmed``, ``reworded``), as quote matching reads them."""
    return _variant(alias_surfaces(a), normalise_sentence(a), alias_surfaces(b),
                    normalise_sentence(b), min_words)


def _raw_key(text: str) -> str:
    return " ".join(TOKEN_RE.findall(text.casefold()))


PREFILTER_PAIRS = 16
"""Above this many quotation pairs, score them in bulk first. The bulk scores are two
bit-parallel ``cdist`` calls, cheaper than exact scoring pair by pair from a handful of
pairs on (2,439 pairs of newswire pages: 3.0 s of pair scoring at 400, 1.0 s at 0; it
was 400 while the bulk scores held ``partial_ratio``)."""


def _partial_bound(score: float) -> float:
    """The least share of the shorter string's characters that the two strings' longest
    common subsequence (LCS) holds when their ``partial_ratio`` reaches ``score`` (0..1).

    ``partial_ratio`` is the best ``ratio`` of the shorter string ``s`` against a
    substring ``w`` of the longer, and ``ratio = 2·LCS(s, w) / (|s| + |w|)``. With
    ``LCS(s, w) <= |w|``, reaching ``r`` needs ``|w| >= r·|s| / (2 - r)``, hence
    ``LCS(s, w) >= r·|s| / (2 - r)``; the LCS with the whole longer string is no smaller.
    At 0.895 that is 0.81 of the shorter string: a bound that never drops a pair, and
    costs what ``ratio`` costs (bit-parallel), not what ``partial_ratio`` costs (windows).
    """
    return score / (2.0 - score)


def _candidates(na: list[str], nb: list[str], threshold: float) -> list[tuple[int, int]]:
    """Index pairs ``(i, j)`` that may reach ``threshold``: all of them for a few
    quotations; for many (a long read, a live blog: hundreds a page), only those whose
    ``ratio`` reaches the threshold or whose longest common subsequence is long enough
    for ``partial_ratio`` to (:func:`_partial_bound`: the two scores :func:`quote_score`
    takes), both computed in bulk by rapidfuzz, so that the exact scoring runs on a
    handful instead of every pair (a 60 kB page against its copy: 84,000 pairs; scoring
    them all took 2.3 s, ``partial_ratio`` in bulk 0.9 s, this 0.03 s)."""
    if len(na) * len(nb) <= PREFILTER_PAIRS:
        return [(i, j) for i in range(len(na)) for j in range(len(nb))]
    cut = threshold * 100 - 0.5
    full = process.cdist(na, nb, scorer=fuzz.ratio, score_cutoff=cut)
    least = max(cut, 89.5) / 100  # a trimmed quotation counts from 0.9
    common = process.cdist(na, nb, scorer=LCSseq.similarity, dtype=np.int32)
    shorter = np.minimum.outer(np.fromiter(map(len, na), np.int32, len(na)),
                               np.fromiter(map(len, nb), np.int32, len(nb)))
    rows, cols = np.nonzero((full >= cut) | (common >= _partial_bound(least) * shorter - 1e-6))
    return list(zip(rows.tolist(), cols.tolist()))


def _normalised(stmts: Sequence[Statement], text: str | None, min_words: int
                ) -> list[tuple[Statement, frozenset, str]]:
    """``(statement, the names it spells, normalised)`` for statements of at least
    ``min_words``,
    the first statement of each quotation text only (as it reads, marks and case aside:
    a quotation printed again is the same quotation)."""
    seen: set[str] = set()
    out = []
    for s in stmts:
        key, norm, names = _quote_keys(statement_text(s, text))
        if key in seen:
            continue
        seen.add(key)
        if norm.count(" ") + 1 >= min_words:
            out.append((s, names, norm))
    return out


@lru_cache(maxsize=65536)
def _quote_keys(raw: str) -> tuple[str, str, frozenset]:
    """A quotation's raw key, normalised text and the names it spells, kept between
    pairs: each article is matched with all its candidates, and normalising its
    quotations again for every pair took a fifth of quote matching on long pages."""
    return _raw_key(raw), normalise_sentence(raw), alias_surfaces(raw)


MAX_PARTNERS = 5  # matches kept per quotation (best first): a merged one has two sources


def match_quotes(stmts_a: Sequence[Statement], stmts_b: Sequence[Statement],
                 text_a: str | None = None, text_b: str | None = None,
                 threshold: float = 0.85, min_words: int = 5) -> list[QuoteMatch]:
    """Pairs of statements (one per article) whose content is the same quote.

    A quotation printed again in the same article (a pull quote, a template, a page
    extracted twice) is one quotation: only its first statement is matched. Each
    statement keeps at most ``MAX_PARTNERS`` matches, the best first. Why: every pair
    was kept, so two pages repeating one quotation 200 times made 40,000 matches per
    pair of pages, and a 45-page story of them took gigabytes to store."""
    if not 0.0 < threshold <= 1.0:
        raise ValueError(f"quote threshold must be in (0, 1], got {threshold}")
    qa = _normalised(stmts_a, text_a, min_words)
    qb = _normalised(stmts_b, text_b, min_words)
    ia, ib = _interviews(stmts_a), _interviews(stmts_b)
    found = []
    for i, j in _candidates([q[2] for q in qa], [q[2] for q in qb], threshold):
        score, variant = _variant(qa[i][1], qa[i][2], qb[j][1], qb[j][2], min_words)
        if score >= threshold:
            found.append((score, i, j, variant))
    found.sort(key=lambda f: (-f[0], f[1], f[2]))
    used_a: Counter = Counter()
    used_b: Counter = Counter()
    kept = []
    for score, i, j, variant in found:
        if used_a[i] < MAX_PARTNERS and used_b[j] < MAX_PARTNERS:
            used_a[i] += 1
            used_b[j] += 1
            kept.append((i, j, score, variant))
    out = []
    for i, j, score, variant in sorted(kept):
        (sa, _, na), (sb, _, nb) = qa[i], qb[j]
        out.append(QuoteMatch(sa.id, sb.id, round(score, 4), variant,
                              [list(x) for x in sa.content], [list(x) for x in sb.content],
                              words=min(na.count(" "), nb.count(" ")) + 1,
                              interview=shared_interview(sa, sb, ia, ib)))
    return out


def group_variants(quotes: Sequence[tuple[str, str]], threshold: float = 0.85,
                   min_words: int = 5, gram: int = 4) -> list[list[str]]:
    """MemeTracker-style variant groups of ``(quote id, quote text)``; ids per group.

    Longest quotes first become group roots; each shorter quote joins the root it matches
    best. Candidate roots come from an inverted index of word ``gram``-grams, so the cost
    stays near-linear in the number of quotes.
    """
    items = sorted(((qid, normalise_sentence(t)) for qid, t in quotes),
                   key=lambda x: -len(x[1]))
    index: dict[str, set[int]] = defaultdict(set)
    roots: list[tuple[str, list[str]]] = []
    for qid, norm in items:
        words = norm.split()
        grams = {" ".join(words[i:i + gram]) for i in range(max(1, len(words) - gram + 1))}
        cands = set().union(*(index.get(g, ()) for g in grams)) if grams else set()
        best, best_score = None, threshold
        for ci in cands:
            score, _ = quote_score(norm, roots[ci][0], min_words)
            if score >= best_score:
                best, best_score = ci, score
        if best is None:
            roots.append((norm, [qid]))
            for g in grams:
                index[g].add(len(roots) - 1)
        else:
            roots[best][1].append(qid)
    return [members for _, members in roots]
