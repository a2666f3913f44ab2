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


def sample_statements(text: str) -> list[Statement]:
    """The sample page's statements, by hand: what detection should find there."""
    return [
        make(text, 0, ["the extent to which the cooperation"], ["has revealed"],
             ["A former member of the IS militant group"]),
        make(text, 1, ["he travelled in a convoy"], ["told"],
             ["A reluctant former communications technician working for IS, going by the "
              "pseudonym ‘Sherko Omer’, who managed to escape the group"]),
        make(text, 2, ["“IS commanders told us to fear nothing"], ["said"], ["Omer"], "direct"),
        make(text, 3, ["people attempting to carry supplies"], ["said"], ["Kurds in Kobane"]),
        make(text, 4, ["Turkish forces were actively aiding IS"], ["saying"],
             ["National Army of Syrian Kurdistan (YPG)\xa0spokesman Polat Can"]),
        make(text, 5, ["“There is more than enough evidence with us now proving that the Turkish army"],
             [], [], "direct"),
        make(text, 6, ["during his time with IS, Turkey had been seen"], ["explained"], ["Omer"]),
        make(text, 7, ["“IS saw the Turkish army as its ally"], [], [], "direct"),
        make(text, 8, ["“IS and Turkey cooperate together"], ["added"], ["he"], "direct"),
    ]


def quotation(aid: str, text: str, content: str, n: int = 0) -> Statement:
    """Statement ``<aid>:q<n>``: the first occurrence of ``content`` in ``text``, direct."""
    s = text.index(content)
    return Statement(id=f"{aid}:q{n}", article_id=aid, kind="direct",
                     content=[[s, s + len(content)]], content_text=content)
