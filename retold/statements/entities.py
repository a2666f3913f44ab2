"""A speaker under construction, and where a statement's source and its place are.

Shared by the speaker resolver (:mod:`retold.statements.speakers`) and its rule mixins
(:mod:`~retold.statements.salience`, :mod:`~retold.statements.descriptions`) and by the
passes over a resolved article (:mod:`~retold.statements.introductions`), so that none of
them imports the resolver itself.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from retold.records import Statement

INDEFINITE = re.compile(r"(?i)an?\s")
"""A description that introduces somebody: "A former member …", "an IS fighter"."""
WINDOW = 6_000
"""Characters before a mention searched for antecedents and organisations: it keeps a
1 MB input linear. On GGT dev 5,000-20,000 give the same accuracy, 3,000 loses 3 quotes."""


@dataclass
class Entity:
    """A speaker under construction (internal; becomes a :class:`Speaker`)."""

    name: str
    type: str
    key: str  # normalised name for exact matching
    tokens: tuple[str, ...] = ()  # proper-name tokens (persons/organisations)
    mentions: list[list[int]] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    anonymous: bool = False
    pseudonym: bool = False
    gender: str | None = None  # "m" | "f" | None
    evidence: int = 0  # strength of the gender evidence (titles/roles/names 2-3, pronouns 1)
    plural: bool = False
    last: int = -1  # offset of the latest mention seen so far
    _spans: set = field(default_factory=set, repr=False, compare=False)  # tuple(span) of mentions

    def has_mention(self, span: list[int]) -> bool:
        return tuple(span) in self._spans

    def append_mention(self, span: list[int]) -> None:
        """Record a mention without touching ``last`` (a name occurrence found by scan)."""
        self.mentions.append(span)
        self._spans.add(tuple(span))

    def add_mention(self, span: list[int]) -> None:
        if tuple(span) not in self._spans:
            self.append_mention(span)
        self.last = max(self.last, span[0])

    def add_role(self, role: str) -> None:
        role = re.sub(r"\s+", " ", role).strip(" ,")
        if role and role.lower() not in (r.lower() for r in self.roles):
            self.roles.append(role)


def source_span(statement: Statement) -> list[int] | None:
    """The source's extent, first fragment's start to last fragment's end (None if none)."""
    frags = [f for f in statement.source if f and f[1] > f[0]]
    if not frags:
        return None
    return [frags[0][0], frags[-1][1]]


def order_key(st: Statement) -> int:
    """Where a statement sits in the text: its content or cue, else its source."""
    starts = [f[0] for f in st.content if f] + [f[0] for f in st.cue if f]
    return min(starts) if starts else (st.source[0][0] if st.source else 0)


def unnamed_introduction(ent: Entity) -> bool:
    """Is ``ent`` one person an indefinite description introduced without a name ("A
    former member of the IS militant group")? The story may name them later: a
    definite "the <noun>" that comes with the name (:meth:`Resolver._named_now`), or the
    next person it names (:func:`~retold.statements.introductions.named_after_description`)."""
    return (not ent.tokens and not ent.plural and ent.type in ("person", "unknown")
            and INDEFINITE.match(ent.name) is not None)
