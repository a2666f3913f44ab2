"""Cut an article's text into segments from offset marks, so templates can highlight it.

Why segments and not HTML: article text is untrusted. Instead of splicing ``<mark>`` tags
into the text (where one bad offset or one ``<script>`` in the text becomes markup), we
compute the marks apart from rendering them, like spaCy's span_ruler computes matches
apart from writing them. The result is a list of plain ``Segment`` objects (text plus the
marks covering it) and the Jinja2 template escapes every piece as it writes it.

Overlaps are allowed (a hedge inside a quote inside a shared passage): a sweep over the
sorted boundaries gives each maximal run of text the set of marks that cover all of it,
in ``O((n + m) log m)`` for ``m`` marks over ``n`` boundaries.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Mark:
    """One highlighted span ``[start, end)`` with a CSS class, a tooltip and a reference."""

    start: int
    end: int
    cls: str
    title: str = ""
    ref: str = ""  # e.g. a statement id or a mutation number, for the page's JS


@dataclass
class Segment:
    text: str
    start: int
    marks: list[Mark] = field(default_factory=list)

    @property
    def classes(self) -> str:
        return " ".join(dict.fromkeys(m.cls for m in self.marks))

    @property
    def title(self) -> str:
        return "\n".join(dict.fromkeys(m.title for m in self.marks if m.title))

    @property
    def refs(self) -> str:
        return " ".join(dict.fromkeys(m.ref for m in self.marks if m.ref))

    def to_dict(self) -> dict:
        return {"text": self.text, "start": self.start, "classes": self.classes,
                "title": self.title, "refs": self.refs}


def valid_marks(text: str, marks: Iterable[Mark]) -> list[Mark]:
    """Marks clipped to the text; empty or inverted spans (bad offsets) are left out."""
    n = len(text)
    out = []
    for m in marks:
        start, end = max(0, int(m.start)), min(n, int(m.end))
        if start < end:
            out.append(Mark(start, end, m.cls, m.title, m.ref))
    return out


def segments(text: str, marks: Sequence[Mark]) -> list[Segment]:
    """The text cut at every mark boundary; each piece lists the marks that cover it."""
    marks = valid_marks(text, marks)
    cuts = sorted({0, len(text), *(m.start for m in marks), *(m.end for m in marks)})
    starting: dict[int, list[Mark]] = {}
    for m in marks:
        starting.setdefault(m.start, []).append(m)
    active: list[Mark] = []
    out: list[Segment] = []
    for left, right in zip(cuts, cuts[1:]):
        active = [m for m in active if m.end > left] + starting.get(left, [])
        out.append(Segment(text[left:right], left, list(active)))
    return out


def spans_to_marks(spans: Iterable[Sequence[int]], cls: str, title: str = "",
                   ref: str = "") -> list[Mark]:
    """``[[s, e], ...]`` (a record's span list) as marks; malformed pairs are skipped."""
    out = []
    for span in spans or ():
        if isinstance(span, (list, tuple)) and len(span) == 2:
            try:
                out.append(Mark(int(span[0]), int(span[1]), cls, title, ref))
            except (TypeError, ValueError):
                continue
    return out


def excerpt(text: str, spans: Iterable[Sequence[int]], limit: int = 160) -> str:
    """The text under a span list, ellipsised, for lists that locate a mutation."""
    pieces = []
    for m in spans_to_marks(spans, "x"):
        start, end = max(0, m.start), min(len(text), m.end)
        if start < end:
            pieces.append(text[start:end])
    joined = " … ".join(pieces)
    return joined if len(joined) <= limit else joined[: limit - 1] + "…"
