"""Private helper: which unit of one article became which unit of another.

Why private: passage alignment belongs to ``retold.reuse`` (being written in parallel).
Lineage needs something narrower anyway — a one-to-one pairing of *units* (sentences with
whole quotations, see :mod:`retold.mutations.units`) so each pair can be diffed word by
word and typed. Units are paired greedily by normalised edit similarity (rapidfuzz
``ratio``: ``1 - indel_distance / (len_a + len_b)``), best pairs first, which handles
reordered paragraphs for free; units left over are then paired by ``partial_ratio``
(best substring alignment), which catches trimmed quotations and quotations stripped
of their attribution, and last by ``token_sort_ratio`` (the same words in another
order), which catches a sentence whose clauses a desk swapped ("X, he said" -> "He said
X"; "They had claimed A, holding up B." -> "Holding up B, they had claimed A.").
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

import numpy as np
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Indel

from retold.mutations.units import Unit, normalise, words

MIN_RATIO = 60.0  # two units below this are different sentences
MIN_PARTIAL = 87.0  # substring alignment for trimmed / de-attributed units
MIN_PARTIAL_LEN = 24  # ...only for units long enough that a substring match means something
MIN_REORDERED = 90.0  # the same words in another order: clauses swapped, one rewording
REORDERED_SIM = 0.9  # ...paired with this similarity (a changed unit, never a verbatim one)
PARTIAL_CHARS_MAX = 500_000_000
"""Bound on the substring pass (``partial_ratio`` over every leftover pair, in a Python
loop, each call as dear as its two lengths multiplied): the leftover parent characters
times the leftover child characters. Simulated stories reach 9.3 million (held-out seed
12); two 150 kB pages of text without sentence ends and a 35 kB quotation, one story,
5.3 billion (76 s; two of 1.5 MB did not finish in 200 s). Above it the leftovers stay
unpaired (cut and written, not trimmed): a bound on time, logged, not a reading."""

log = logging.getLogger(__name__)


@dataclass
class UnitMatch:
    """Pairs ``(parent_index, child_index, similarity 0..1, partial)`` plus the leftovers."""

    pairs: list[tuple[int, int, float, bool]] = field(default_factory=list)
    parent_only: list[int] = field(default_factory=list)
    child_only: list[int] = field(default_factory=list)
    bounded: tuple[int, int] | None = None  # leftover characters when the substring pass was skipped

    def flipped(self) -> "UnitMatch":
        return UnitMatch([(c, p, s, part) for p, c, s, part in self.pairs],
                         list(self.child_only), list(self.parent_only),
                         self.bounded[::-1] if self.bounded else None)


def match_units(parent: list[Unit], child: list[Unit],
                skip: frozenset[str] | set[str] = frozenset()) -> UnitMatch:
    """One-to-one pairing of ``parent`` and ``child`` units; units whose ``norm`` is in
    ``skip`` (boilerplate) are left out of the pairing and of the leftovers."""
    pi = [i for i, u in enumerate(parent) if u.norm not in skip]
    ci = [i for i, u in enumerate(child) if u.norm not in skip]
    out = UnitMatch()
    if not pi or not ci:
        out.parent_only, out.child_only = pi, ci
        return out
    p, c = [parent[i] for i in pi], [child[i] for i in ci]
    whole = _pair_whole(p, c)
    used_p, used_c = {a for a, _, _ in whole}, {b for _, b, _ in whole}
    free_p = [a for a in range(len(p)) if a not in used_p]
    left_p = sum(len(p[a].norm) for a in free_p)
    left_c = sum(len(u.norm) for b, u in enumerate(c) if b not in used_c)
    if left_p * left_c <= PARTIAL_CHARS_MAX:
        partial = _pair_partial(p, c, free_p, used_c)  # takes from free_p, adds to used_c
    else:  # the caller, who knows which pages these are, says so (``bounded``)
        partial = []
        out.bounded = (left_p, left_c)
        log.debug("unit pairing: %d x %d leftover characters, more than %d: no "
                  "substring pairing", left_p, left_c, PARTIAL_CHARS_MAX)
    whole += _pair_reordered(p, c, free_p, used_c)  # the same, for clauses swapped
    out.pairs = sorted([(pi[a], ci[b], sc, False) for a, b, sc in whole]
                       + [(pi[a], ci[b], sc, True) for a, b, sc in partial],
                       key=lambda t: t[1])
    out.parent_only = [pi[a] for a in free_p]
    out.child_only = [ci[b] for b in range(len(c)) if b not in used_c]
    return out


def _pair_whole(p: list[Unit], c: list[Unit]) -> list[tuple[int, int, float]]:
    """Whole units paired best first by ``ratio`` (ties in reading order), identical ones
    before any scoring: ``(parent index, child index, similarity 0..1)``."""
    pairs, used_p, used_c = _pair_identical(p, c)
    rest_p = [a for a in range(len(p)) if a not in used_p]
    rest_c = [b for b in range(len(c)) if b not in used_c]
    if not rest_p or not rest_c:
        return pairs
    for a, b, sc in _best_first(p, c, rest_p, rest_c, fuzz.ratio, MIN_RATIO):
        used_p.add(a)
        used_c.add(b)
        pairs.append((a, b, sc / 100.0))
    return pairs


def _best_first(p: list[Unit], c: list[Unit], rest_p: list[int], rest_c: list[int],
                scorer, cutoff: float) -> list[tuple[int, int, float]]:
    """One-to-one pairs of ``rest_p`` and ``rest_c`` units scoring at least ``cutoff``
    by ``scorer``, best pairs first (ties in reading order): ``(parent index, child
    index, score 0..100)``. Every pass that pairs whole units scores them this way."""
    scores = process.cdist([p[a].norm for a in rest_p], [c[b].norm for b in rest_c],
                           scorer=scorer, score_cutoff=cutoff)
    ra, rb = np.nonzero(scores >= cutoff)
    s = scores[ra, rb]
    order = np.lexsort((rb, ra, -s))
    taken_p: set[int] = set()
    taken_c: set[int] = set()
    left = min(len(rest_p), len(rest_c))
    out: list[tuple[int, int, float]] = []
    for x, y, sc in zip(ra[order].tolist(), rb[order].tolist(), s[order].tolist()):
        a, b = rest_p[x], rest_c[y]
        if a in taken_p or b in taken_c:
            continue
        taken_p.add(a)
        taken_c.add(b)
        out.append((a, b, sc))
        left -= 1
        if not left:
            break
    return out


def _pair_identical(p: list[Unit], c: list[Unit]
                    ) -> tuple[list[tuple[int, int, float]], set[int], set[int]]:
    """Identical units paired first, each parent unit with the earliest free child unit of
    the same text: exactly what best-first pairing does with its scores of 100, without
    scoring every pair. Why: a page that repeats a paragraph (a crawled comment thread, a
    template) made the pairing quadratic in a Python loop (a 45-page story of 62 kB pages:
    113 s); and identical units are most units of any two copies, so far less is left to
    score."""
    waiting: dict[str, list[int]] = {}
    for b in reversed(range(len(c))):
        waiting.setdefault(c[b].norm, []).append(b)
    pairs: list[tuple[int, int, float]] = []
    for a, u in enumerate(p):
        free = waiting.get(u.norm)
        if free:
            pairs.append((a, free.pop(), 1.0))
    return pairs, {a for a, _, _ in pairs}, {b for _, b, _ in pairs}


def _pair_partial(p: list[Unit], c: list[Unit], free_p: list[int], used_c: set[int]
                  ) -> list[tuple[int, int, float]]:
    """Leftover child units paired with the leftover parent unit of best substring
    alignment (trimmed or de-attributed units); ``free_p`` and ``used_c`` are updated."""
    pairs: list[tuple[int, int, float]] = []
    for b, cu in enumerate(c):
        if b in used_c or not free_p:
            continue
        best, best_a = 0.0, -1
        for a in free_p:
            pu = p[a]
            fragment = None  # _fragment_of, computed at most once per pair
            if min(len(pu.norm), len(cu.norm)) < MIN_PARTIAL_LEN:
                fragment = pu.is_quote and _fragment_of(cu, pu)
                if not fragment:
                    continue
            s = fuzz.partial_ratio(pu.norm, cu.norm)
            if pu.is_quote and cu.is_quote and min(len(pu.content), len(cu.content)) >= 20:
                # a trimmed quotation keeps its attribution: compare the quoted words
                s = max(s, fuzz.partial_ratio(normalise(pu.content), normalise(cu.content)))
            if s < MIN_PARTIAL and pu.is_quote and (
                    fragment if fragment is not None else _fragment_of(cu, pu)):
                s = MIN_PARTIAL
            if s > best:
                best, best_a = s, a
        if best >= MIN_PARTIAL:
            free_p.remove(best_a)
            used_c.add(b)
            pairs.append((best_a, b, best / 100.0))
    return pairs


def _pair_reordered(p: list[Unit], c: list[Unit], free_p: list[int], used_c: set[int]
                    ) -> list[tuple[int, int, float]]:
    """Leftover units with the same words in another order (``token_sort_ratio`` at
    least ``MIN_REORDERED``), best first: a sentence whose clauses were swapped is one
    unit reworded, not one cut and another written (its ``ratio`` falls near 55, below
    ``MIN_RATIO``). Paired whole, with similarity ``REORDERED_SIM``: one act of
    rewording, whose words the child did not have to find anywhere."""
    rest_c = [b for b in range(len(c)) if b not in used_c
              and len(c[b].norm) >= MIN_PARTIAL_LEN]
    rest_p = [a for a in free_p if len(p[a].norm) >= MIN_PARTIAL_LEN]
    if not rest_p or not rest_c:
        return []
    pairs = [(a, b, REORDERED_SIM) for a, b, _ in _best_first(
        p, c, rest_p, rest_c, fuzz.token_sort_ratio, MIN_REORDERED)]
    for a, b, _ in pairs:
        free_p.remove(a)
        used_c.add(b)
    return pairs


FRAGMENT_WORDS = 3  # a quotation cut to its opening (or closing) words still pairs
FRAGMENT_SAME = 0.7  # ...word sequences this alike (Indel over words), reworded or not
FRAGMENT_SLACK = 2  # ...give or take this many words (a word reworded into two)


def _fragment_of(cu: Unit, pu: Unit) -> bool:
    """Is ``cu``'s quotation (or, printed without quotation marks, its whole text) the
    opening or closing words of ``pu``'s quotation? A quotation trimmed to a few words
    ("He was puzzled by," Reagan said.) is too short for substring similarity, yet its
    words are the parent's own, in order, at one end. A desk that cut a quotation often
    reworded it too ("The unit said its higher offer came" -> "The unit indicated its
    bigger offer came"; "Last week the aide" -> "Last seven days the aide"), so word
    sequences as similar as ``FRAGMENT_SAME`` (Indel: twice the words in common over
    both lengths) are enough, against the parent's opening or closing words give or take
    ``FRAGMENT_SLACK``, with at least ``FRAGMENT_WORDS`` in common: chance hardly lines
    up 70 % of a sentence's words, in order, with one end of a quotation."""
    cw = words(cu.content if cu.is_quote else cu.text)
    pw = words(pu.content)
    n = len(cw)
    if n < FRAGMENT_WORDS or n >= len(pw):
        return False
    for m in range(max(1, n - FRAGMENT_SLACK), min(len(pw) - 1, n + FRAGMENT_SLACK) + 1):
        for end in (pw[:m], pw[-m:]):
            kept = n + m - Indel.distance(cw, end)  # twice the words in common
            if kept >= FRAGMENT_SAME * (n + m) and kept // 2 >= FRAGMENT_WORDS:
                return True
    return False


ADDED_RUN = 20.0  # per block of new units: writing a passage is one act
REMOVED_RUN = 40.0  # per block of cut units: a cut is one act, however long
REMOVED_CHAR = 0.02  # ...with a slight preference for shorter cuts
CHANGED_UNIT = 40.0  # per unit reworded, plus its dissimilarity in characters
EXTRA_BLOCK = 40.0  # per further separate word-level edit inside one changed unit
ORDER_BREAK = 15.0  # per place the child's order of shared units breaks the parent's


_TOKENS = re.compile(r"\w+(?:['’]\w+)*|[^\w\s]")  # words, and each mark on its own


def edit_blocks(a: str, b: str) -> int:
    """How many separate places two texts differ in, word by word ("claimed" for "said"
    and a dropped "told Newsweek" in one sentence are two edits, not one). Each is an act
    of its own: a copy that would have to undo two of a candidate's edits and make a third
    is a worse explanation than one that makes a single edit to another candidate. The
    words are aligned on their longest common subsequence (insertions and deletions
    only): an alignment with substitutions would run two edits into one wherever it
    lines up different words instead of the shared word between them. A punctuation mark
    is a token of its own: glued to its word ("said." against "said in an interview
    with Asia Monitor.") it made the word differ and ran a new description and a new
    channel into one edit, so a copy that inherited the description paid no more than
    one that made it (dev, dated: exact parents 0.9205 -> 0.9211)."""
    if a == b:
        return 0
    ops = Indel.opcodes(_TOKENS.findall(a), _TOKENS.findall(b))
    return sum(1 for k, o in enumerate(ops) if o.tag != "equal"
               and (k == 0 or ops[k - 1].tag == "equal"))


def order_breaks(m: UnitMatch) -> int:
    """Places where the child, read in order, leaves the parent's order of the units they
    share: 0 for the same order (cuts and additions do not count), 3 or 4 for two
    paragraphs swapped. A copy keeps its source's order, so a moved paragraph is an edit
    the child inherits."""
    seq = [p for p, _c, *_ in sorted(m.pairs, key=lambda t: t[1])]
    rank = {p: r for r, p in enumerate(sorted(seq))}
    r = [rank[p] for p in seq]
    return sum(1 for a, b in zip(r, r[1:]) if b != a + 1)


def _runs(idx: list[int]) -> int:
    s = sorted(idx)
    return sum(1 for k, i in enumerate(s) if k == 0 or s[k - 1] != i - 1)


def absorbed_quotes(pu: list[Unit], cu: list[Unit], m: UnitMatch) -> dict[int, list[int]]:
    """Child quotation -> the parent quotations left unpaired whose words it now also
    carries: two quotations joined into one. The pairing gives the joined quotation one
    partner; the other is found here by a substring alignment of its words (90 or more)
    inside a paired child quotation that grew by more than a few characters."""
    out: dict[int, list[int]] = {}
    # the child quotations that grew, found once: on most pairs none did, and the cost of
    # every candidate pair of a story asks (a hot path)
    grown = [(c, normalise(cu[c].content)) for pp, c, _, _ in m.pairs
             if cu[c].is_quote and pu[pp].is_quote
             and len(cu[c].content) > len(pu[pp].content) + 10]
    if not grown:
        return out
    for p in m.parent_only:
        q = pu[p]
        if not q.is_quote or len(q.content) < 20:
            continue
        qn = normalise(q.content)
        for c, cn in grown:
            if fuzz.partial_ratio(qn, cn) >= 90:
                out.setdefault(c, []).append(p)
                break
    return out


def split_bare(pu: list[Unit], cu: list[Unit], m: UnitMatch) -> dict[int, list[int]]:
    """Child sentence paired with a parent quotation it prints bare -> the unpaired
    sentences beside it, in its paragraph, that carry more of that quotation's words
    (substring alignment 90 or more). A quotation of several sentences loses the marks
    that held it together when it is stated as fact, and the splitter reads it as several
    sentences: one pairs with the quotation, the others looked like new text."""
    out: dict[int, list[int]] = {}
    left = sorted(x for x in m.child_only if not cu[x].quoted and len(cu[x].norm) >= 20)
    if not left:
        return out
    quote_of = {c: normalise(pu[p].content) for p, c, _, _ in m.pairs
                if pu[p].is_quote and not cu[c].quoted}
    owner = {c: c for c in quote_of}
    # rightwards, then leftwards: a sentence joins its neighbour's quotation, and the next
    # sentence along may join it through that one (one sweep each way, linear)
    for order, step in ((left, -1), (left[::-1], 1)):
        for x in order:
            c = owner.get(x + step)
            if x in owner or c is None or cu[x].para != cu[c].para:
                continue
            if fuzz.partial_ratio(cu[x].norm, quote_of[c]) >= 90:
                out.setdefault(c, []).append(x)
                owner[x] = c
    return {c: sorted(xs) for c, xs in out.items()}


def read_together(units: list[Unit]) -> Unit:
    """Consecutive bare sentences read as the one passage they print (a quotation of
    several sentences stated as fact, see :func:`split_bare`)."""
    return Unit(units[0].start, units[-1].end, " ".join(u.text for u in units),
                " ".join(u.norm for u in units), para=units[0].para,
                verb=next((u.verb for u in units if u.verb), None))


def _joined(parent: list[Unit], p: int, extra: list[int]) -> str:
    """Parent unit ``p`` as it reads with the words of the ``extra`` quotations joined to
    its own, in the parent's order, under its attribution: what a copy that merged them
    and changed nothing else prints."""
    group = sorted([p, *extra])
    own = normalise(parent[p].content)
    if own and own in parent[p].norm:
        contents = " ".join(normalise(parent[i].content) for i in group)
        return parent[p].norm.replace(own, contents, 1)
    return " ".join(parent[i].norm for i in group)


def derivation_cost(parent: list[Unit], child: list[Unit], m: UnitMatch, *,
                    with_order: bool = True) -> tuple[float, float, float]:
    """``(cost, added, removed)``: how much editing makes ``child`` out of ``parent``.

    The cost counts edit *acts* as a retelling makes them, not characters alone:

        cost = added_chars + ADDED_RUN * added_blocks + REMOVED_RUN * cut_blocks
               + REMOVED_CHAR * cut_chars + sum over changed units (CHANGED_UNIT + (1 - sim) * len)
               + ORDER_BREAK * order breaks   (unless ``with_order`` is false)

    Text the child holds that the parent lacks is expensive (it had to come from
    somewhere: if another article holds it, that article is the likelier parent). Cutting
    is cheap and costs per block, so "parent truncated after 3 paragraphs, child after 2"
    and "child cut the last 4 paragraphs of the origin" cost the same one act; the tree
    search then prefers the earlier candidate on a tie (the origin is the usual source).
    Moving a paragraph is an edit too (:func:`order_breaks`; two paragraphs swapped cost
    45-60, about one act), and a copy of the page that moved it inherits the new order.
    A quotation that joined two of the parent's (:func:`absorbed_quotes`) is one changed
    unit measured against both joined: the second was neither cut nor written anew.
    Priced as a cut and new words, the parent looked worse than a sibling that had only
    dropped the second quotation (dev, dated, pooled over eight seeds: ``quote_merged``
    0.868 -> 0.903 end to end). Likewise the sentences a quotation printed bare was split
    into (:func:`split_bare`) are one changed unit, not new text.
    """
    merged = absorbed_quotes(parent, child, m) if m.parent_only else {}
    gone = {i for extra in merged.values() for i in extra}
    parent_only = [p for p in m.parent_only if p not in gone]
    split = split_bare(parent, child, m) if m.child_only else {}
    carried = {x for xs in split.values() for x in xs}
    child_only = [c for c in m.child_only if c not in carried]
    added = float(sum(len(child[c].norm) for c in child_only))
    removed = float(sum(len(parent[p].norm) for p in parent_only))
    cut_blocks, changed = _runs(parent_only), 0.0
    for p, c, s, partial in m.pairs:
        pn, cn = parent[p].norm, child[c].norm
        if c in merged:
            pn = _joined(parent, p, merged[c])
            # one act even when nothing else changed: the quotations were joined
            s, partial = min(0.99, max(s, fuzz.ratio(pn, cn) / 100)), False
        if c in split:  # judged as the sentences that now carry it, read together
            cn = read_together([child[i] for i in sorted([c, *split[c]])]).norm
            s = max(s, fuzz.ratio(pn, cn) / 100)
        lp, lc = len(pn), len(cn)
        if partial:
            added += max(0, lc - lp) + (1 - s) * min(lp, lc)
            removed += max(0, lp - lc)
            changed += CHANGED_UNIT + EXTRA_BLOCK * max(0, edit_blocks(pn, cn) - 1)
        elif s < 0.999:
            added += (1 - s) * lc
            changed += CHANGED_UNIT + EXTRA_BLOCK * max(0, edit_blocks(pn, cn) - 1)
    cost = (added + ADDED_RUN * _runs(child_only) + REMOVED_RUN * cut_blocks
            + REMOVED_CHAR * removed + changed)
    if with_order and ORDER_BREAK:
        cost += ORDER_BREAK * order_breaks(m)
    return cost, added, removed
