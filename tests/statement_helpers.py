"""Hand-built Statement records on real text, shared by the speaker/channel/hedge tests.

They let those stages be tested on exact spans, independently of quote detection.
"""
from __future__ import annotations

import re

from retold.records import Statement


def span_of(text: str, needle: str, after: int = 0) -> list[int]:
    """First whole-word occurrence of ``needle`` at or after ``after``."""
    m = re.compile(rf"(?<!\w){re.escape(needle)}(?!\w)").search(text, after)
    assert m, needle
    return [m.start(), m.end()]


def make(text: str, n: int, content: list[str], cue: list[str], source: list[str],
         kind: str = "indirect") -> Statement:
    """A Statement whose cue/source are looked up near its first content fragment."""
    c = [span_of(text, x) for x in content]
    near = max(0, c[0][0] - 300)
    return Statement(id=f"t:q{n}", article_id="t", kind=kind, content=c,
                     cue=[span_of(text, x, near) for x in cue],
                     source=[span_of(text, x, near) for x in source])
