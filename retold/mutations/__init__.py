"""Mutations: what changed between a parent article and the child retold from it.

``diff(parent, child)`` pairs the two articles' units (sentences with whole quotations,
:mod:`retold.mutations.units`), then types every difference with exactly one name from
:data:`retold.records.MUTATION_TYPES`, located by ``parent_spans``/``child_spans`` and
described in a short ``detail``. Matching is computed apart from typing (as spaCy's
span_ruler computes matches apart from writing them), so lineage can reuse one
:class:`~retold.mutations._unit_match.UnitMatch` both to choose parents and to type.

Typing rules (documented in docs/lineage.md):

* quotation pairs: word-level diff of the quoted words -> ``quote_trimmed`` (words only cut
  away), ``quote_entity_swapped`` (one name replaced by an alias or another proper name),
  ``quote_reworded`` (any other word change); two parent quotations inside one child
  quotation -> ``quote_merged``;
* attribution around a quotation: named speaker gone -> ``speaker_dropped``; description
  changed -> ``speaker_description_changed``; quotation marks and speaker gone ->
  ``attribution_lost``; reporting verb surer ("said" -> "revealed") -> ``hedge_weakened``,
  less sure -> ``hedge_strengthened``;
* channel ("told Newsweek"): ``channel_dropped`` / ``channel_changed`` / ``channel_added``;
* verification caveats, per article: ``caveat_dropped`` / ``caveat_added``;
* headline: ``headline_hardened`` when the new one is surer, else ``headline_changed``;
* units with no counterpart (boilerplate excepted): ``content_added`` / ``content_removed``.
"""
from __future__ import annotations

from collections.abc import Sequence

from retold.mutations._unit_match import UnitMatch, match_units
from retold.mutations.classify import type_differences
from retold.mutations.units import Unit, split_units
from retold.records import Article, Mutation, Statement

__all__ = ["diff", "diff_units", "split_units", "match_units", "UnitMatch", "Unit"]


def diff(parent: Article, child: Article,
         parent_statements: Sequence[Statement] | None = None,
         child_statements: Sequence[Statement] | None = None, *,
         story_id: str = "", boilerplate: frozenset[str] | set[str] = frozenset(),
         parent_units: list[Unit] | None = None, child_units: list[Unit] | None = None,
         match: UnitMatch | None = None) -> list[Mutation]:
    """Typed, located mutations from ``parent`` to ``child`` (both :class:`Article`).

    ``boilerplate``: normalised unit texts to ignore (site headers and footers);
    ``parent_units``/``child_units``/``match`` may be passed when already computed.
    Statements, when given, add channels the light parser missed.
    """
    pu = parent_units if parent_units is not None else split_units(parent.text)
    cu = child_units if child_units is not None else split_units(child.text)
    _add_statement_channels(pu, parent_statements)
    _add_statement_channels(cu, child_statements)
    m = match if match is not None else match_units(pu, cu, boilerplate)
    found = type_differences(pu, cu, m, parent.title, child.title, boilerplate)
    out: list[Mutation] = []
    seq: dict[str, int] = {}
    for mtype, pspans, cspans, detail in found:
        seq[mtype] = seq.get(mtype, -1) + 1
        out.append(Mutation(story_id=story_id, child=child.id, parent=parent.id, type=mtype,
                            parent_spans=pspans, child_spans=cspans, detail=detail,
                            seq=seq[mtype]))
    return out


def diff_units(parent_units: list[Unit], child_units: list[Unit], parent_title: str | None,
               child_title: str | None, boilerplate: frozenset[str] | set[str] = frozenset()
               ) -> list[tuple[str, list[list[int]], list[list[int]], str]]:
    """Like :func:`diff` on already-split units, as ``(type, parent_spans, child_spans,
    detail)`` tuples (no ids needed: what benchmarks and Spark tasks call)."""
    m = match_units(parent_units, child_units, boilerplate)
    return type_differences(parent_units, child_units, m, parent_title, child_title,
                            boilerplate)


def _add_statement_channels(units: list[Unit], statements: Sequence[Statement] | None) -> None:
    """Channels the statements stage found ("speaking to Newsweek") fill units lacking
    one: outlets and platforms, the channels a retelling credits or drops (not an
    audience, a named person or a document: "told John Smith" is no credit)."""
    for st in statements or ():
        ch = st.channel
        if not ch or not ch.span or ch.kind not in ("outlet", "platform"):
            continue
        for u in units:
            if u.start <= ch.span[0] < u.end and not u.channel:
                u.channel, u.channel_span = ch.name, (ch.span[0], ch.span[1])
