"""Lineage: each story's family tree — who copied whom, from where, and what changed.

Pure functions: :func:`build` (edges of one story) and :func:`trace_story` (edges plus the
typed mutations of every hop, origin, first appearance, key speakers); the store-facing
:func:`update` rewrites the LineageEdge and Mutation rows of the stories it is given (read
and written in batches, traced one by one), and turns a story that fails into a
``Reject(stage="lineage")`` instead of stopping the batch. See ``docs/lineage.md`` for the
method and vocabulary.
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from retold.lineage import boilerplate as _boiler
from retold.lineage.trace import StoryTrace, trace_story
from retold.mutations.units import channel_key, split_units
from retold.reuse import stored_link_kinds as _link_kinds
from retold.records import (Article, Citation, LineageEdge, Mutation, Reject, ReuseLink,
                            Statement, Story)

__all__ = ["build", "trace_story", "StoryTrace", "update", "load_story", "key_speakers"]

log = logging.getLogger(__name__)
Progress = Callable[[str, int, int], None]
OUTLET_SAMPLE = 20  # other pages per outlet read to recognise its boilerplate


def failure(story_id: str, exc: Exception) -> str:
    """Why a story has no lineage: the same words in the store's rejects and in the
    evaluation interface's ``error`` field."""
    return f"lineage of story {story_id} failed: {type(exc).__name__}: {exc}"


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


class _OutletPages:
    """Pages of each outlet from other stories, read to recognise the outlet's boilerplate
    (``OUTLET_SAMPLE`` of them, the earliest stored): fetched and split once per
    :func:`update`, not once per story. Why: every story queried the whole articles
    table once per outlet and split twenty pages again, so the boilerplate sample was
    half of ``retold ingest``'s time on 2,000 newswire articles (38,000 splits of
    2,100 pages), and more as the table grows."""

    def __init__(self, store, known: set[str]):
        self.store, self.known = store, known
        self._pages: dict[str, list[tuple[str, list]]] = {}
        self._all: set[str] = set()  # outlets whose every page is in _pages

    def sample(self, outlet: str, members: set[str]) -> list[tuple[str, list]]:
        """``(id, units)`` of up to ``OUTLET_SAMPLE`` pages of ``outlet`` outside
        ``members``."""
        have = self._pages.get(outlet, [])
        need = OUTLET_SAMPLE + len(members)
        if len(have) < need and outlet not in self._all:
            split = dict(have)
            rows = self.store.query(Article, "coalesce(outlet, outlet_name) = ?", [outlet],
                                    order="rowid", limit=need)
            have = [(a.id, split[a.id] if a.id in split else split_units(a.text, self.known))
                    for a in rows]
            self._pages[outlet] = have
            if len(rows) < need:
                self._all.add(outlet)
        return [(i, u) for i, u in have if i not in members][:OUTLET_SAMPLE]


@dataclass
class _Inputs:
    """What tracing one story reads from the store."""

    arts: list[Article] = field(default_factory=list)
    stmts: list[Statement] = field(default_factory=list)
    cites: list[Citation] = field(default_factory=list)
    links: list[ReuseLink] = field(default_factory=list)


def _stored_inputs(store, stories: Sequence[Story]) -> dict[str, _Inputs]:
    """Articles, statements, citations and links of several stories, four queries in all,
    each story's rows in store order (what one story's own queries return). Why: four
    queries per story were a sixth of ``retold ingest``'s time on 2,000 newswire
    articles (443 stories, 5-6 ms a query)."""
    story_of: dict[str, list[str]] = {}
    for st in stories:
        for aid in st.article_ids:
            story_of.setdefault(aid, []).append(st.id)
    out = {st.id: _Inputs() for st in stories}
    ids = list(story_of)
    for a in store.query_in(Article, "id", ids):
        for sid in story_of[a.id]:
            out[sid].arts.append(a)
    for stmt in store.query_in(Statement, "article_id", ids):
        for sid in story_of[stmt.article_id]:
            out[sid].stmts.append(stmt)
    for c in store.query_in(Citation, "article_id", ids):
        for sid in story_of[c.article_id]:
            out[sid].cites.append(c)
    # a link's kind and score only (an edge's ``reuse`` evidence), both ends in the batch
    for ln in _link_kinds(store, ids, within=True):
        for sid in set(story_of[ln.a]) & set(story_of.get(ln.b, ())):
            out[sid].links.append(ln)
    return out


def _trace_stored(store, story: Story, known: set[str] | None = None,
                  pages: _OutletPages | None = None, inputs: _Inputs | None = None
                  ) -> StoryTrace:
    """One story traced from the store. ``known`` (the corpus's outlets) is read once per
    :func:`update`, not once per story: it scans the whole articles table; so are the
    outlets' other pages (``pages``), and the story's rows are read for many stories at
    once (``inputs``, :func:`_stored_inputs`)."""
    members = set(story.article_ids)
    got = inputs or _stored_inputs(store, [story])[story.id]
    arts = got.arts
    known = _known_outlets(store) if known is None else known
    pages = pages or _OutletPages(store, known)
    units = {a.id: split_units(a.text, known) for a in arts}
    outlet = {a.id: a.outlet or a.outlet_name for a in arts}
    for o in {v for v in outlet.values() if v}:  # same-outlet pages from other stories
        for other, other_units in pages.sample(o, members):
            units[other] = other_units
            outlet[other] = o
    boiler = _boiler.of_story(units, outlet, members)
    return trace_story(story.id, arts, boilerplate=boiler, statements=_by_article(got.stmts),
                       citations=got.cites, links=got.links,
                       units={a.id: units[a.id] for a in arts})


BATCH_ARTICLES = 2000  # stories are read and written in batches of about this many articles


def _batches(store, ids: list[str]) -> Iterator[list[tuple[str, Story | None]]]:
    """``ids`` in order, as batches of ``(id, story or None)`` holding about
    ``BATCH_ARTICLES`` articles (a story that is no longer stored is None)."""
    at = 0
    found: dict[str, Story | None] = {}  # read once, though a batch may not use them all
    while at < len(ids):
        chunk = ids[at:at + 256]
        new = [sid for sid in chunk if sid not in found]
        if new:
            got = {st.id: st for st in store.query_in(Story, "id", new)}
            found.update((sid, got.get(sid)) for sid in new)
        batch, size = [], 0
        for sid in chunk:
            st = found[sid]
            if batch and size + (len(st.article_ids) if st else 0) > BATCH_ARTICLES:
                break
            batch.append((sid, found.pop(sid)))
            size += len(st.article_ids) if st else 0
        at += len(batch)
        yield batch


def _write(store, sids: list[str], traced: list[StoryTrace]) -> None:
    store.replace(LineageEdge, "story_id", sids, [e for tr in traced for e in tr.edges])
    store.replace(Mutation, "story_id", sids, [m for tr in traced for m in tr.mutations])


def update(store, story_ids: Sequence[str], progress: Progress | None = None,
           summary=None) -> list[str]:
    """Rewrite lineage edges and mutations of ``story_ids``; returns the ids traced.

    Stories are read and written in batches (:func:`_batches`) but traced one by one:
    a story that fails becomes a ``Reject`` and keeps its old rows; the others of its
    batch are written (one by one, should the batch's write fail)."""
    done: list[str] = []
    ids = list(dict.fromkeys(story_ids or ()))
    known = _known_outlets(store) if ids else set()
    pages = _OutletPages(store, known)
    n = 0

    def reject(sid: str, exc: Exception) -> None:
        log.exception("lineage failed for story %s", sid)
        store.upsert([Reject(path=f"story:{sid}", reason=failure(sid, exc), stage="lineage")])
        if summary is not None:
            summary.rejects += 1

    for batch in _batches(store, ids):
        inputs = _stored_inputs(store, [st for _, st in batch if st is not None])
        traced: dict[str, StoryTrace] = {}
        for sid, story in batch:
            try:  # one bad story never stops the others
                # a story merged into another is gone: its old edges go with it
                traced[sid] = (StoryTrace(sid) if story is None else
                               _trace_stored(store, story, known, pages, inputs[sid]))
            except Exception as exc:  # noqa: BLE001
                reject(sid, exc)
            n += 1
            if progress:
                progress("lineage", n, len(ids))
        try:
            _write(store, list(traced), list(traced.values()))
        except Exception:  # noqa: BLE001 - find the story the store refused
            for sid, tr in list(traced.items()):
                try:
                    _write(store, [sid], [tr])
                except Exception as exc:  # noqa: BLE001
                    reject(sid, exc)
                    del traced[sid]
        stored = {sid for sid, st in batch if st is not None}
        for sid, tr in traced.items():
            if sid in stored:
                done.append(sid)
                if summary is not None:
                    summary.lineage_edges += len(tr.edges)
                    summary.mutations += len(tr.mutations)
    return done
