"""Lineage over a whole batch of raw articles, no store: the evaluation interface.

``retold lineage --input ARTICLES.jsonl --output EDGES.jsonl`` calls :func:`trace_rows`:
split every article into units once, find boilerplate (per outlet), group the articles
into stories (``retold.stories``/``retold.reuse`` when present, else the private
fallback in :mod:`retold.lineage._grouping`), drop units that recur across stories, then
trace each story. One output row per input article::

    {"id", "story", "parents": [{"id" | "external", "confidence", "tie"?}], "origin",
     "first_in_corpus", "mutations": [{"type", "parent", "parent_spans", "child_spans",
     "detail"}]}
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from retold.evalio import article_of
from retold.lineage import _grouping, boilerplate, failure
from retold.lineage.trace import StoryTrace, trace_story
from retold.mutations.units import Unit, channel_key, split_units
from retold.records import Article, Reject, body_hash

Progress = Callable[[str, int, int], None]
log = logging.getLogger(__name__)


def read_rows(path: str) -> Iterator[dict[str, Any] | Reject]:
    """JSONL rows ``{"id","text","title"?,"outlet"?,"published"?}``; bad lines -> Reject.

    Lines are judged one by one by :func:`retold.evalio.iter_input` (not UTF-8, not JSON,
    not an object, no string ``text``, a repeated id): the reason names the line.
    """
    from retold.evalio import iter_input

    seen: dict[str, int] = {}  # id -> line, for rows whose id is their text's hash
    for line in iter_input(path):
        problem = line.problem
        if not problem and line.row.get("id") in (None, ""):
            aid = body_hash(line.row["text"])
            if aid in seen:
                problem = f"{path}:{line.number}: no id, and the same text as line {seen[aid]}"
            seen.setdefault(aid, line.number)
        if problem:
            reason = problem.split(": ", 1)[1] if ": " in problem else problem
            yield Reject(path=path, offset=line.offset, record_id=f"line:{line.number}",
                         reason=f"line {line.number}: {reason}", stage="lineage", size=line.size)
        else:
            yield line.row


def to_article(row: dict[str, Any]) -> Article:
    """The input row as ``retold ingest`` would read it (:func:`retold.evalio.article_of`)."""
    return article_of(row)


@dataclass
class Prepared:
    """Everything computed once per batch: units, boilerplate, story grouping."""

    articles: list[Article]
    units: dict[str, list[Unit]]
    groups: list[list[str]]
    story_of: dict[str, str]
    boilerplate: frozenset[str]
    links: list = field(default_factory=list)


def prepare(arts: list[Article], grouping: str = "text") -> Prepared:
    """``grouping``: ``"text"`` (the fast private fallback, shared whole sentences and
    8-grams) or ``"reuse"`` (``retold.reuse.link`` + ``retold.stories.group``: MinHash-LSH
    candidates, passage alignment, Louvain; slower, and also yields ReuseLinks)."""
    if grouping not in ("text", "reuse"):
        raise ValueError(f"grouping must be 'text' or 'reuse', not {grouping!r}")
    by_id = {a.id: a for a in arts}
    known = frozenset(channel_key(a.outlet) for a in arts if a.outlet)
    units = {a.id: split_units(a.text, known) for a in arts}
    outlet = {a.id: (a.outlet or None) for a in arts}
    site_lines = boilerplate.same_outlet(units, outlet)
    boiler = set(site_lines)
    chrome: set[str] = set()
    if any(not o for o in outlet.values()):  # pages without an outlet: find site lines
        chrome = boilerplate.without_company(units)  # before they glue stories together
        boiler |= chrome
        credited = {channel_key(u.channel): u.channel for us in units.values() for u in us
                    if u.channel}
        for aid, site in boilerplate.site_from_chrome(units, chrome, credited).items():
            if not by_id[aid].outlet and not by_id[aid].outlet_name:
                by_id[aid].outlet_name = site  # lineage may now tell it from the source
    links: list = []
    if grouping == "reuse":
        from retold.reuse import link
        from retold.stories import group as group_stories

        links = link(arts)
        groups = [list(s.article_ids) for s in group_stories([a.id for a in arts], links)
                  if s.article_ids]
        seen = {x for g in groups for x in g}
        groups += [[a.id] for a in arts if a.id not in seen]
    else:
        groups = _grouping.group(units, boiler)
    story_of = {aid: _story_id(g, by_id) for g in groups for aid in g}
    boiler -= boilerplate.story_text(site_lines - chrome, units, story_of, outlet)
    boiler |= boilerplate.across_stories(units, story_of)
    return Prepared(arts, units, groups, story_of, frozenset(boiler), links)


def trace_rows(rows: Iterable[dict[str, Any]], progress: Progress | None = None,
               grouping: str = "text", outside: bool = False) -> list[dict[str, Any]]:
    """The evaluation rows of every article (see :func:`rows_of`; ``outside`` adds the
    mutations of hops from a source outside the corpus)."""
    arts = [to_article(r) for r in rows]
    prep = prepare(arts, grouping)
    link_of: dict[str, list] = {}
    for ln in prep.links:
        link_of.setdefault(ln.a, []).append(ln)
    by_id = {a.id: a for a in arts}
    units, groups, story_of, boiler = prep.units, prep.groups, prep.story_of, prep.boilerplate
    out: list[dict[str, Any]] = []
    for i, g in enumerate(groups):
        sid = story_of[g[0]]
        try:  # one story that fails never costs the others their rows
            tr = trace_story(sid, [by_id[x] for x in g], boilerplate=boiler,
                             links=[ln for x in g for ln in link_of.get(x, ())],
                             units={x: units[x] for x in g})
            out.extend(rows_of(tr, outside))
        except Exception as exc:  # noqa: BLE001
            log.exception("lineage failed for story %s", sid)
            out.extend(failed_rows(sid, g, exc))
        if progress:
            progress("lineage", i + 1, len(groups))
    order = {a.id: i for i, a in enumerate(arts)}
    out.sort(key=lambda r: order[r["id"]])
    return out


def failed_rows(story_id: str, ids: list[str], exc: Exception) -> list[dict[str, Any]]:
    """The rows of a story whose tracing failed: every article still has its line, with
    no parent, no origin and an ``error`` naming the story and the failure (as
    ``retold ingest`` records a ``Reject(stage="lineage")`` and goes on)."""
    why = failure(story_id, exc)
    return [{"id": x, "story": story_id, "parents": [], "origin": None,
             "first_in_corpus": None, "mutations": [], "error": why} for x in ids]


def _story_id(ids: list[str], by_id: dict[str, Article]) -> str:
    return "story-" + body_hash("\n".join(sorted(ids)))[:12]


def rows_of(tr: StoryTrace, outside: bool = False) -> list[dict[str, Any]]:
    """The evaluation rows of one traced story. The mutations of hops from a source
    outside the corpus (parent ``external:<outlet>``, typed against the source as its
    copies tell it) only with ``outside``: the format's mutations name parents in the
    corpus unless asked."""
    muts: dict[str, list[dict[str, Any]]] = {}
    for m in tr.mutations:
        if not outside and m.from_outside:
            continue
        muts.setdefault(m.child, []).append(
            {"type": m.type, "parent": m.parent, "parent_spans": m.parent_spans,
             "child_spans": m.child_spans, "detail": m.detail})
    parents: dict[str, list[dict[str, Any]]] = {}
    for e in tr.edges:
        entry: dict[str, Any] = ({"id": e.parent} if e.parent else
                                 {"external": e.external} if e.external else {})
        if not entry:
            parents.setdefault(e.child, [])
            continue
        entry["confidence"] = e.confidence
        if e.tie:
            entry["tie"] = True
        parents.setdefault(e.child, []).append(entry)
    return [{"id": ch.child, "story": tr.story_id, "parents": parents.get(ch.child, []),
             "origin": tr.origin_of.get(ch.child, tr.origin), "first_in_corpus": tr.first_in_corpus,
             "mutations": muts.get(ch.child, [])} for ch in tr.choices]
