"""Find quotations by their marks: curly, straight, guillemets, nested single quotes.

Why not a regex ``"[^"]*"``: news text breaks every simple rule. A quote that runs
over several paragraphs opens each paragraph with a mark and closes only the last one
(the "continuing quote" convention); straight ``"`` is both opener and closer; ``’`` is
also the apostrophe; scraped pages drop marks. So quotes are paired per paragraph with a
small state machine that decides what each ambiguous mark is from its neighbours, and a
paragraph whose marks do not balance is repaired locally (best effort) instead of
poisoning the whole document, which is what makes textacy give up on a document with an
odd number of ``"``.

Everything here is linear in the length of the text.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

DOUBLE_OPEN = "“„«"
DOUBLE_CLOSE = "”»"
SINGLE_OPEN = "‘‹"
SINGLE_CLOSE = "’›"
_DOUBLE_MARKS = re.compile(r"[“”„«»\"]")
_SINGLE_MARKS = re.compile(r"[‘’‹›']")
_SENTENCE_END = re.compile(r"[.!?…][”\"’']*\s+")


@dataclass
class Quote:
    """One run of quoted text inside one paragraph.

    ``start``/``end`` include the marks when present; ``inner`` excludes them.
    ``group`` is shared by the pieces of a quote that continues across paragraphs.
    """

    start: int
    end: int
    inner: tuple[int, int]
    closed: bool = True
    opened: bool = True
    group: int = -1
    single: bool = False
    repaired: str = ""  # why the quote was repaired ("no closing mark", ...), "" if clean
    continues: bool = field(default=False)  # the quote goes on in the next paragraph

    def words(self, text: str) -> int:
        return len(text[self.inner[0]:self.inner[1]].split())


def _role(text: str, i: int, lo: int, hi: int) -> str:
    """'open', 'close' or 'either' for an ambiguous straight mark at ``i``."""
    before = text[i - 1] if i > lo else " "
    after = text[i + 1] if i + 1 < hi else " "
    if before.isspace() or before in "([{—–-/:" or i == lo:
        if not after.isspace():
            return "open"
    if after.isspace() or after in ".,;:!?)]}—–-" or i + 1 == hi:
        if not before.isspace():
            return "close"
    return "either"


def _double_marks(text: str, lo: int, hi: int) -> list[tuple[int, str]]:
    out = []
    for m in _DOUBLE_MARKS.finditer(text, lo, hi):
        ch = m.group()
        i = m.start()
        if ch in DOUBLE_OPEN:  # German „…“ closes with “: trust the neighbours then
            out.append((i, "close" if ch == "“" and _role(text, i, lo, hi) == "close"
                        else "open"))
        elif ch in DOUBLE_CLOSE:  # ”…” (one glyph for both) opens before a word
            out.append((i, "open" if ch == "”" and _role(text, i, lo, hi) == "open"
                        else "close"))
        elif i > lo and text[i - 1].isdigit() and not (i + 1 < hi and text[i + 1].isalpha()):
            continue  # an inch mark: 6'3"
        else:
            out.append((i, _role(text, i, lo, hi)))
    return out


def _single_marks(text: str, lo: int, hi: int) -> list[tuple[int, str]]:
    """Single marks that can open or close a quote; apostrophes (don't, '90s) are skipped."""
    out = []
    for m in _SINGLE_MARKS.finditer(text, lo, hi):
        i = m.start()
        ch = m.group()
        before = text[i - 1] if i > lo else " "
        after = text[i + 1] if i + 1 < hi else " "
        if before.isalnum() and after.isalnum():
            continue  # don't, Omer’s
        if ch in SINGLE_OPEN or ch == "'":
            if (i == lo or before.isspace() or before in "([{—–-/:\"“") and after.isalpha():
                out.append((i, "open"))
                continue
        if ch in SINGLE_CLOSE or ch == "'":
            if before.isalnum() or before in ".,!?…":
                if i + 1 == hi or after.isspace() or after in ".,;:!?)]}—–-\"”":
                    out.append((i, "close"))
    return out


LOOK_BACK = 2000
"""How far back a repair looks for a sentence start (bounded: repairs stay linear)."""


def _sentence_start_before(text: str, lo: int, i: int) -> int:
    start = lo = max(lo, i - LOOK_BACK)
    for m in _SENTENCE_END.finditer(text, lo, i):
        start = m.end()
    return start


def _pair(text: str, lo: int, hi: int, marks: list[tuple[int, str]],
          carried_open: bool) -> tuple[list[Quote], bool]:
    """Pair marks of one paragraph. Returns the quotes and whether one is left open.

    ``carried_open``: the previous paragraph ended inside a quote, so text before the
    first mark (if that mark closes) belongs to the quote.
    """
    quotes: list[Quote] = []
    open_at: int | None = None
    opened_here = True
    if carried_open:
        if marks and marks[0][1] in ("open", "either") and marks[0][0] - lo < 3:
            pass  # continuing-quote convention: the paragraph reopens the quote
        else:
            open_at, opened_here = lo, False
    for i, role in marks:
        if open_at is None:
            if role in ("open", "either"):
                open_at, opened_here = i, True
            else:  # a closer with no opener: the quote ran from the sentence start
                s = _sentence_start_before(text, lo, i)
                if i - s > 1:
                    quotes.append(Quote(s, i + 1, (s, i), opened=False,
                                        repaired="no opening mark"))
        else:
            if role in ("close", "either"):
                start = open_at
                inner_start = open_at + 1 if opened_here else open_at
                quotes.append(Quote(start, i + 1, (inner_start, i), opened=opened_here))
                open_at = None
            else:  # an opener while open: the earlier quote lost its closing mark
                s = _sentence_start_before(text, open_at + 1, i)
                if s > open_at + 1:
                    quotes.append(Quote(open_at, s, (open_at + 1, s), closed=False,
                                        repaired="no closing mark"))
                open_at, opened_here = i, True
    left_open = open_at is not None
    if left_open:
        inner_start = open_at + 1 if opened_here else open_at
        end = hi
        quotes.append(Quote(open_at, end, (inner_start, end), closed=False,
                            opened=opened_here, repaired="no closing mark"))
    return quotes, left_open


def find_quotes(text: str, paragraphs: list[tuple[int, int]]) -> list[Quote]:
    """Every quotation of ``text`` in document order, paired paragraph by paragraph.

    A paragraph left open continues into the next one only when the next paragraph opens
    with a quote mark (the continuing-quote convention); otherwise the open quote is
    closed at its paragraph's end and marked ``repaired``.
    """
    quotes: list[Quote] = []
    group = 0
    carried = False
    for p, (lo, hi) in enumerate(paragraphs):
        found, left_open = _pair(text, lo, hi, _double_marks(text, lo, hi), carried)
        found += _single_quotes_outside(text, lo, hi, found)
        found.sort(key=lambda q: q.start)
        for idx, q in enumerate(found):
            if idx == 0 and carried and q.start - lo < 3 and quotes:
                q.group = quotes[-1].group  # the same quotation, next paragraph
            else:
                group += 1
                q.group = group
        carried = False
        if left_open and found:
            nxt = paragraphs[p + 1] if p + 1 < len(paragraphs) else None
            if nxt and text[nxt[0]:nxt[0] + 1] in DOUBLE_OPEN + '"':
                found[-1].continues = True
                found[-1].repaired = ""
                carried = True
        quotes.extend(found)
    return quotes


def _single_quotes_outside(text: str, lo: int, hi: int, doubles: list[Quote]) -> list[Quote]:
    """Top-level quotes in single marks (British style, or ‘pseudonyms’) outside doubles."""
    marks = _single_marks(text, lo, hi)
    if not marks:
        return []
    inside = sorted((q.start, q.end) for q in doubles)
    starts = [s for s, _ in inside]

    def covered(i: int) -> bool:
        k = bisect_right(starts, i) - 1
        return k >= 0 and inside[k][0] <= i < inside[k][1]

    def double_between(a: int, b: int) -> bool:
        k = bisect_right(starts, a)
        return k < len(starts) and starts[k] < b

    out: list[Quote] = []
    open_at = None
    for i, role in marks:
        if covered(i):
            continue
        if role == "open":
            open_at = i
        elif open_at is not None:
            if i - open_at > 2 and not double_between(open_at, i):
                out.append(Quote(open_at, i + 1, (open_at + 1, i), single=True))
            open_at = None
    return out


def join_groups(quotes: list[Quote]) -> list[list[Quote]]:
    """Quotes grouped by ``group`` (pieces of one quotation spanning paragraphs)."""
    groups: dict[int, list[Quote]] = {}
    for q in quotes:
        groups.setdefault(q.group, []).append(q)
    return list(groups.values())
