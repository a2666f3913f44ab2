"""Passage alignment: which sentences of one article were taken into another, and where.

Why sentences and not only shared n-grams: a copy that rewords ("said" -> "stated"),
reorders clauses or swaps a name keeps almost no 3-gram intact in the edited sentence, yet
a reader sees the same sentence. So both texts are cut into sentences, every sentence pair
is scored at once with rapidfuzz's ``cdist`` (C++, one call), and a pair aligns when the
score clears ``threshold``:

* ``token_sort_ratio`` (words sorted, then edit distance) forgives reordered clauses;
* ``partial_ratio`` (best-matching substring) forgives a trimmed or merged sentence (one
  inside the other), only when the shorter side has at least ``min_subset_words`` words so that a
  four-word sentence is not "contained" in every long one.

Texts are compared after entity-alias normalisation (ISIS/ISIL/Daesh are one token).
Aligned sentences that touch are merged into passages; spans are ``[start, end)`` offsets
into the original texts.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from rapidfuzz import fuzz
from rapidfuzz.process import cdist

from retold.reuse.shingles import ALIASES, TOKEN_RE, normalise_aliases

_BOUNDARY = re.compile(r"(?<=[.!?])[\"”’')\]]*\s+|\n[ \t]*\n\s*|\n(?=[ \t]{2,})")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """``[start, end)`` of each sentence or paragraph fragment, whitespace trimmed."""
    spans, pos = [], 0
    for m in _BOUNDARY.finditer(text):
        spans.append((pos, m.start() if m.group(0)[:1].isspace() else m.end()))
        pos = m.end()
    spans.append((pos, len(text)))
    out = []
    for s, e in spans:
        seg = text[s:e]
        if not seg.strip():
            continue
        ls = len(seg) - len(seg.lstrip())
        rs = len(seg.rstrip())
        out.append((s + ls, s + rs))
    return out


def sentence_template(text: str) -> str:
    """The sentence with its slots blanked: numbers -> "0", capitalised words after the
    first -> "X". "In Lyon, traders said ... some 54 weeks." and "In Gdansk, ... some 7
    weeks." share a template: a formula, not a shared passage."""
    out = []
    for k, w in enumerate(TOKEN_RE.findall(text)):
        if any(c.isdigit() for c in w):
            out.append("0")
        elif k and w[:1].isupper():
            out.append("X")
        else:
            out.append(w.casefold())
    return " ".join(out)


def normalise_sentence(text: str) -> str:
    """Alias-normalised, casefolded words joined by single spaces (punctuation dropped)."""
    return " ".join(ALIASES.get(w, w) for w in TOKEN_RE.findall(normalise_aliases(text)))


PREPARED_TEXTS = 4096
"""Texts whose sentences are kept between ``align`` calls: a corpus run aligns each
article with several candidates (its pairs come one after another), so splitting,
normalising and templating it once instead of once per pair halves the stage's time."""


@lru_cache(maxsize=PREPARED_TEXTS)
def _sentences(text: str) -> tuple[tuple[tuple[int, int], ...], tuple[str, ...]]:
    spans = tuple(sentence_spans(text))
    return spans, tuple(normalise_sentence(text[s:e]) for s, e in spans)


@lru_cache(maxsize=PREPARED_TEXTS)
def _templates(text: str) -> tuple[str, ...]:
    return tuple(sentence_template(text[s:e]) for s, e in _sentences(text)[0])


def formula_spans(text: str, templates: frozenset[str]) -> list[tuple[int, int]]:
    """``[start, end)`` of the sentences of ``text`` whose :func:`sentence_template` is one
    of ``templates`` (the formulas ``align`` ignores); uses the prepared-text cache."""
    if not templates:
        return []
    spans = _sentences(text)[0]
    return [spans[k] for k, t in enumerate(_templates(text)) if t in templates]


@dataclass
class Alignment:
    """The passages two texts share, with how much of each they cover."""

    spans_a: list[list[int]] = field(default_factory=list)
    spans_b: list[list[int]] = field(default_factory=list)
    pairs: list[tuple[list[int], list[int], float]] = field(default_factory=list)
    coverage_a: float = 0.0  # share of a's characters inside aligned passages
    coverage_b: float = 0.0
    similarity: float = 0.0  # character-weighted mean score of the aligned sentences, 0..1
    verbatim: float = 0.0  # share of aligned characters whose sentence matched exactly
    evidence: int = 0  # distinct words and verbatim figures the aligned text holds (see below)
    slots: int = 0  # names and figures of the aligned sentences, both sides (see _slots)
    slot_overlap: float = 1.0  # ... the share of them both sides hold (Jaccard)

    @property
    def formula(self) -> bool:
        """A template filled in twice, not a passage retold: the aligned sentences share
        few of their names and figures ("CAECL is issuing a 12 billion yen eurobond due
        March 31, 1994 paying 5-1/8 pct…" and "Toyota Motor Credit Corp is issuing a 23
        billion yen eurobond due April 10, 1992 paying 4-1/2 pct…": the shared ones are
        the family's own, "Ltd", "Luxembourg", "5/8"). A retelling keeps its story's
        names and figures where it rewords, and swaps one name, not all. On 1,290
        Reuters-21578 rewrite and partial links, formula families (eurobond launches,
        stake filings, money-market reports) sat below 0.35, and the related items
        (a correction and its original, two reports of one takeover) above 0.4."""
        return self.slots >= FORMULA_MIN_SLOTS and self.slot_overlap < FORMULA_OVERLAP

    @property
    def aligned(self) -> bool:
        return bool(self.pairs)


def _merge(spans: list[tuple[int, int]], text: str) -> list[list[int]]:
    """Sorted, merged spans; neighbours separated only by whitespace become one."""
    out: list[list[int]] = []
    for s, e in sorted(set(spans)):
        if out and (s <= out[-1][1] or not text[out[-1][1]:s].strip()):
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return out


def _chars(spans: list[list[int]], text: str) -> int:
    return sum(len(text[s:e].replace(" ", "").replace("\n", "")) for s, e in spans)


BULK_SUBSET_PAIRS = 2000  # above this many pairs to test, count shared words in bulk


def _shared_words(sets_a: list[set[str]], sets_b: list[set[str]]) -> np.ndarray:
    """How many distinct words each pair of texts shares, counted through an index of
    ``sets_b``'s words (one numpy add per word of ``sets_a``, not one set per pair)."""
    postings: dict[str, list[int]] = {}
    for j, words in enumerate(sets_b):
        for w in words:
            postings.setdefault(w, []).append(j)
    index = {w: np.asarray(js, dtype=np.intp) for w, js in postings.items()}
    shared = np.zeros((len(sets_a), len(sets_b)), dtype=np.int32)
    for i, words in enumerate(sets_a):
        row = shared[i]
        for w in words:
            js = index.get(w)
            if js is not None:
                row[js] += 1
    return shared


def _add_subset_scores(score: np.ndarray, qa: list[str], qb: list[str], threshold: float,
                       min_subset_words: int) -> None:
    """Raise ``score`` where one sentence is a trimmed/merged form of the other.

    ``partial_ratio`` is costly, so it only runs on pairs that fail ``token_sort_ratio``,
    differ in length (a trimmed sentence is shorter) and share most of the shorter one's
    words: a cheap set test that rules out nearly every unrelated pair. The score and
    length tests run on whole matrices (a Python loop over every pair took 0.2 s per
    pair of 60 kB pages), the set test pair by pair on what they leave, or in bulk
    (:func:`_shared_words`) when that is more than ``BULK_SUBSET_PAIRS``.
    """
    if not qa or not qb:
        return
    words_a = [t.split() for t in qa]
    words_b = [t.split() for t in qb]
    sets_a, sets_b = [set(w) for w in words_a], [set(w) for w in words_b]
    len_a = np.array([len(w) for w in words_a])[:, None]
    len_b = np.array([len(w) for w in words_b])[None, :]
    short = np.minimum(len_a, len_b)
    rows, cols = np.nonzero((score < threshold * 100) & (short >= min_subset_words)
                            & (np.maximum(len_a, len_b) >= 1.2 * short))
    # the shorter text's distinct words (a's on equal lengths)
    uniq_short = np.where(len_a <= len_b, np.array([len(x) for x in sets_a])[:, None],
                          np.array([len(x) for x in sets_b])[None, :])[rows, cols]
    if len(rows) > BULK_SUBSET_PAIRS:
        shared = _shared_words(sets_a, sets_b)[rows, cols]
    else:
        shared = np.array([len(sets_a[i] & sets_b[j]) for i, j in zip(rows, cols)],
                          dtype=np.int32)
    keep = shared >= 0.7 * uniq_short
    for i, j in zip(rows[keep].tolist(), cols[keep].tolist()):
        score[i, j] = max(score[i, j], fuzz.partial_ratio(qa[i], qb[j]))


def _token_sort_scores(qa: list[str], qb: list[str]) -> np.ndarray:
    """``token_sort_ratio`` of every pair (0..100, float32), computed as ``ratio`` over
    each text's words sorted: the same scores (it is how rapidfuzz defines it), but each
    text is sorted once instead of once per pair, a seventh of the time."""
    sort_a = [" ".join(sorted(t.split())) for t in qa]
    sort_b = [" ".join(sorted(t.split())) for t in qb]
    return cdist(sort_a, sort_b, scorer=fuzz.ratio, dtype=np.uint8).astype(np.float32)


def _distinct(texts: list[str]) -> tuple[list[str], np.ndarray]:
    """The distinct texts in first-seen order, and each text's index among them."""
    index: dict[str, int] = {}
    inverse = [index.setdefault(t, len(index)) for t in texts]
    return list(index), np.asarray(inverse, dtype=np.intp)


def align(text_a: str, text_b: str, threshold: float = 0.72, min_words: int = 4,
          min_subset_words: int = 8, ignore: frozenset[str] = frozenset(),
          ignore_templates: frozenset[str] = frozenset()) -> Alignment:
    """Align ``text_a`` and ``text_b`` sentence by sentence (see the module docstring).

    ``ignore``: normalised sentences never to align (an outlet's boilerplate);
    ``ignore_templates``: :func:`sentence_template` forms (formulas that many unrelated
    articles fill in with their own names and numbers) aligned only with a verbatim twin.
    """
    if not 0.0 < threshold <= 1.0:
        raise ValueError(f"threshold must be in (0, 1], got {threshold}: 0.72 tolerates "
                         "light rewording, 0.95 keeps only near-verbatim sentences")
    sa, na = _sentences(text_a)
    sb, nb = _sentences(text_b)
    keep_a = [i for i, t in enumerate(na) if t.count(" ") + 1 >= min_words and t not in ignore]
    keep_b = [j for j, t in enumerate(nb) if t.count(" ") + 1 >= min_words and t not in ignore]
    formula_a: set[int] = set()
    formula_b: set[int] = set()
    if ignore_templates:
        # a formula sentence aligns only with its verbatim twin: "Net 1,914,388 vs
        # 1,906,095" filled in alike in two items is one table printed twice (a repeat
        # or a correction), while two companies' figures in it say nothing
        ta, tb = _templates(text_a), _templates(text_b)
        set_a = {na[i] for i in keep_a}
        set_b = {nb[j] for j in keep_b}
        formula_a = {i for i in keep_a if ta[i] in ignore_templates}
        formula_b = {j for j in keep_b if tb[j] in ignore_templates}
        keep_a = [i for i in keep_a if i not in formula_a or na[i] in set_b]
        keep_b = [j for j in keep_b if j not in formula_b or nb[j] in set_a]
    if not keep_a or not keep_b:
        return Alignment()
    qa, qb = [na[i] for i in keep_a], [nb[j] for j in keep_b]
    # each distinct sentence scored once: a page that repeats a paragraph made this
    # quadratic in its repeats (the scores depend on the texts alone, so nothing changes)
    (ua, ia), (ub, ib) = _distinct(qa), _distinct(qb)
    distinct = _token_sort_scores(ua, ub)
    _add_subset_scores(distinct, ua, ub, threshold, min_subset_words)
    score = distinct[np.ix_(ia, ib)] / 100.0
    if formula_a or formula_b:  # a formula sentence scores only against its twin
        ids: dict[str, int] = {}
        id_a = np.array([ids.setdefault(q, len(ids)) for q in qa])
        id_b = np.array([ids.setdefault(q, len(ids)) for q in qb])
        in_a = np.array([i in formula_a for i in keep_a])
        in_b = np.array([j in formula_b for j in keep_b])
        score[(in_a[:, None] | in_b[None, :]) & (id_a[:, None] != id_b[None, :])] = 0.0
    ok = score >= threshold
    best_b = score.argmax(axis=1)
    best_a = score.argmax(axis=0)
    pairs, char_scores, weights, exact = [], [], [], 0
    fill_a: set[str] = set()
    fill_b: set[str] = set()
    said_a: set[str] = set()
    said_b: set[str] = set()
    rows, cols = np.nonzero(ok)
    mutual = (best_b[rows] == cols) | (best_a[cols] == rows)  # one side's best, at least
    for i, j in zip(rows[mutual].tolist(), cols[mutual].tolist()):
        span_a, span_b = sa[keep_a[i]], sb[keep_b[j]]
        sim = float(score[i, j])
        pairs.append((list(span_a), list(span_b), round(sim, 4)))
        w = span_a[1] - span_a[0] + span_b[1] - span_b[0]
        char_scores.append(sim * w)
        weights.append(w)
        if qa[i] == qb[j]:
            exact += w
        fill_a |= _slots(text_a, span_a)
        fill_b |= _slots(text_b, span_b)
        said_a |= _informative(qa[i], qa[i] == qb[j])
        said_b |= _informative(qb[j], qa[i] == qb[j])
    if not pairs:
        return Alignment()
    spans_a = _merge([tuple(p[0]) for p in pairs], text_a)
    spans_b = _merge([tuple(p[1]) for p in pairs], text_b)
    tot_a = max(1, _chars([[0, len(text_a)]], text_a))
    tot_b = max(1, _chars([[0, len(text_b)]], text_b))
    return Alignment(
        spans_a=spans_a, spans_b=spans_b, pairs=pairs,
        coverage_a=min(1.0, _chars(spans_a, text_a) / tot_a),
        coverage_b=min(1.0, _chars(spans_b, text_b) / tot_b),
        similarity=sum(char_scores) / sum(weights),
        verbatim=exact / sum(weights),
        evidence=min(len(said_a), len(said_b)),
        slots=len(fill_a | fill_b),
        slot_overlap=len(fill_a & fill_b) / max(1, len(fill_a | fill_b)),
    )


FORMULA_OVERLAP = 0.35
FORMULA_MIN_SLOTS = 4
"""Below this share of shared names and figures (out of at least this many) aligned
text is a formula filled in twice (:attr:`Alignment.formula`)."""
_NOT_SLOTS = frozenset("""january february march april may june july august september october
november december jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday
thursday friday saturday sunday reuter reuters""".split())


_SLOT_TOKEN = re.compile(r"\d[\d.,/\-]*\d|\d|[^\W\d_][\w'’-]*")
"""Figures whole ("1-1/4", "5,490", "7.5") and words."""


def _slots(text: str, span) -> frozenset[str]:
    """A sentence's fillings: its figures and its capitalised words after the first (the
    slots :func:`sentence_template` blanks), months, weekdays and the wire's sign-off
    left out (every notice has them)."""
    out = set()
    for k, w in enumerate(_SLOT_TOKEN.findall(text[span[0]:span[1]])):
        if w[:1].isdigit() or (k and w[:1].isupper()):
            low = w.casefold()
            if low not in _NOT_SLOTS:
                out.add(low)
    return frozenset(out)


def _informative(sentence: str, verbatim: bool) -> set[str]:
    """What an aligned sentence tells about its source: its words of three letters or
    more, and, when the two sentences are the same, its figures (a table copied with its
    numbers is copied; two tables of one layout are not). Why: two dividend notices
    ("Qtly div 25 cts vs 25 cts prior / Record March 13 Reuter") align line for line, and
    their few stock words made a "rewrite" that glued four companies into one story; a
    retold sentence of prose holds a dozen such words on its own."""
    out = set()
    for w in sentence.split():
        if w.isdigit():
            if verbatim:
                out.add("#" + w)
        elif len(w) >= 3 and not any(c.isdigit() for c in w):
            out.add(w)
    return out
