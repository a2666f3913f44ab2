"""Lineage: each story's family tree — who copied whom, from where, and what changed.

Pure functions: :func:`build` (edges of one story) and :func:`trace_story` (edges plus the
typed mutations of every hop, origin, first appearance, key speakers); the store-facing
:func:`update` rewrites the LineageEdge and Mutation rows of the stories it is given, one
transaction per story, and turns a story that fails into a ``Reject(stage="lineage")``
instead of stopping the batch. See ``docs/lineage.md`` for the method and vocabulary.
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping, Sequence

from retold.lineage import boilerplate as _boiler
from retold.lineage.trace import StoryTrace, trace_story
from retold.mutations.units import channel_key, split_units
from retold.records import (Article, Citation, LineageEdge, Mutation, Reject, ReuseLink,
                            Statement, Story)

__all__ = ["build", "trace_story", "StoryTrace", "update", "load_story", "key_speakers"]

log = logging.getLogger(__name__)
Progress = Callable[[str, int, int], None]
OUTLET_SAMPLE = 20  # other pages per outlet read to recognise its boilerplate


def _by_article(statements: Mapping[str, Sequence[Statement]] | Iterable[Statement] | None
                ) -> dict[str, list[Statement]]:
    if statements is None:
        return {}
    if isinstance(statements, Mapping):
        return {k: list(v) for k, v in statements.items()}
    out: dict[str, list[Statement]] = {}
    for st in statements:
        out.setdefault(st.article_id, []).append(st)
    return out


def build(story: Story | str, articles: Sequence[Article], links: Iterable[ReuseLink] = (),
          statements: Mapping[str, Sequence[Statement]] | Iterable[Statement] | None = None,
          citations: Iterable[Citation] = ()) -> list[LineageEdge]:
    """The lineage edges of one story: each article's most likely parent(s) with evidence
    and confidence, ``tie=True`` where candidates are equally likely, ``external`` for a
    source outside the corpus. Boilerplate is recognised among ``articles`` only."""
    sid = story.id if isinstance(story, Story) else story
    units = {a.id: split_units(a.text) for a in articles}
    boiler = _boiler.same_outlet(units, {a.id: a.outlet or a.outlet_name for a in articles})
    return trace_story(sid, articles, boilerplate=boiler, statements=_by_article(statements),
                       citations=citations, links=links, units=units,
                       with_mutations=False).edges


def key_speakers(edges: Iterable[LineageEdge]) -> list[str]:
    """The original speakers of a story's key statements as its origin edge records them,
    each with the outlet they spoke through: ["Sherko Omer via Newsweek", "Polat Can"]."""
    ev = next((e.evidence for e in edges if not e.parent and isinstance(e.evidence, dict)
               and e.evidence.get("speakers")), {})
    via = ev.get("speaker_channels") or {}
    return [f"{s} via {via[s]}" if s in via else s for s in ev.get("speakers", [])]


def load_story(store, story_id: str) -> tuple[Story | None, StoryTrace | None]:
    """Trace one stored story (nothing written): what ``retold story`` shows."""
    story = store.get(Story, id=story_id)
    if story is None:
        return None, None
    return story, _trace_stored(store, story)


def _known_outlets(store) -> set[str]:
    """Channel keys of the corpus's outlets (a channel must look like one)."""
    return {channel_key(r[0]) for r in store.execute(
        "SELECT DISTINCT coalesce(outlet_name, outlet) FROM articles WHERE outlet IS NOT NULL"
    ).fetchall() if r[0]}


def _trace_stored(store, story: Story, known: set[str] | None = None) -> StoryTrace:
    """One story traced from the store. ``known`` (the corpus's outlets) is read once per
    :func:`update`, not once per story: it scans the whole articles table."""
    ids = list(story.article_ids)
    members = set(ids)
    arts = store.query_in(Article, "id", ids)
    stmts = store.query_in(Statement, "article_id", ids)
    cites = store.query_in(Citation, "article_id", ids)
    links = [l for l in store.query_in(ReuseLink, "a", ids) if l.b in members]
    known = _known_outlets(store) if known is None else known
    units = {a.id: split_units(a.text, known) for a in arts}
    outlet = {a.id: a.outlet or a.outlet_name for a in arts}
    for o in {v for v in outlet.values() if v}:  # same-outlet pages from other stories
        for other in store.query(Article, 'coalesce(outlet, outlet_name) = ? AND NOT '
                                 'list_contains(?, "id")', [o, ids], limit=OUTLET_SAMPLE):
            units[other.id] = split_units(other.text, known)
            outlet[other.id] = o
    boiler = _boiler.same_outlet(units, outlet)
    return trace_story(story.id, arts, boilerplate=boiler, statements=_by_article(stmts),
                       citations=cites, links=links, units={a.id: units[a.id] for a in arts})


def update(store, story_ids: Sequence[str], progress: Progress | None = None,
           summary=None) -> list[str]:
    """Rewrite lineage edges and mutations of ``story_ids``; returns the ids traced."""
    done: list[str] = []
    ids = list(dict.fromkeys(story_ids or ()))
    known = _known_outlets(store) if ids else set()
    for i, sid in enumerate(ids):
        try:
            story = store.get(Story, id=sid)
            if story is None:  # merged into another story: its old edges go
                store.replace(LineageEdge, "story_id", [sid], [])
                store.replace(Mutation, "story_id", [sid], [])
                continue
            tr = _trace_stored(store, story, known)
            store.replace(LineageEdge, "story_id", [sid], tr.edges)
            store.replace(Mutation, "story_id", [sid], tr.mutations)
            done.append(sid)
            if summary is not None:
                summary.lineage_edges += len(tr.edges)
                summary.mutations += len(tr.mutations)
        except Exception as exc:  # one bad story never stops the others
            log.exception("lineage failed for story %s", sid)
            store.upsert([Reject(path=f"story:{sid}", reason=f"lineage of story {sid} failed: "
                                 f"{type(exc).__name__}: {exc}", stage="lineage")])
            if summary is not None:
                summary.rejects += 1
        if progress:
            progress("lineage", i + 1, len(ids))
    return done
