"""Which rows an export covers: the whole store, or one story and what belongs to it."""
from __future__ import annotations

from dataclasses import dataclass, field

from retold.records import (
    Article,
    ArticleHedge,
    Citation,
    LineageEdge,
    Mutation,
    Reject,
    ReuseLink,
    Speaker,
    Statement,
    Story,
)
from retold.reuse import stored_link_kinds
from retold.store import Store


class ExportError(ValueError):
    """The export cannot be made as asked; the message says what to change."""


@dataclass
class Selection:
    """The records of the exported stories (all stories when ``story_ids`` is None)."""

    story_ids: list[str] | None
    stories: list[Story]
    articles: dict[str, Article]
    edges: list[LineageEdge]
    mutations: list[Mutation]
    links: list[ReuseLink]  # kind and score only (``stored_link_kinds``)
    statements: list[Statement]
    speakers: list[Speaker] = field(default_factory=list)
    article_ids: list[str] = field(default_factory=list)
    statement_counts: dict[str, int] = field(default_factory=dict)

    def where(self, cls: type) -> tuple[str, list]:
        """SQL filter (with parameters) restricting table ``cls`` to the selection."""
        if self.story_ids is None:
            return "", []
        ids = self.article_ids
        if cls in (Story,):
            return "list_contains(?, id)", [self.story_ids]
        if cls in (LineageEdge, Mutation):
            return "list_contains(?, story_id)", [self.story_ids]
        if cls is Article:
            return "list_contains(?, id)", [ids]
        if cls is ReuseLink:
            return "list_contains(?, a) AND list_contains(?, b)", [ids, ids]
        if cls in (Statement, Speaker, ArticleHedge, Citation):
            return "list_contains(?, article_id)", [ids]
        if cls is Reject:
            return "false", []
        return "", []


def _has(store: Store, cls: type) -> bool:
    return bool(store.execute("SELECT count(*) FROM information_schema.tables WHERE "
                              "table_name = ?", [cls.TABLE]).fetchone()[0])


def select(store: Store, story: str | None = None, load_articles: bool = True,
           light: bool = False) -> Selection:
    """Load the stories to export with their edges, mutations, links and statements.

    ``load_articles=False`` skips articles, statements and links. ``light=True`` loads
    articles without their text and blocks and counts statements instead of loading them:
    what a graph export needs, at a fraction of the memory and time on a whole corpus.
    """
    if story is not None:
        found = store.query(Story, "id = ?", [story]) if _has(store, Story) else []
        if not found:
            known = [s.id for s in store.query(Story, limit=5)] if _has(store, Story) else []
            hint = f" (some known ids: {', '.join(known)})" if known else " (no stories stored)"
            raise ExportError(f"no story with id {story!r} in {store.path}{hint}")
        stories = found
    else:
        stories = store.query(Story, order="id") if _has(store, Story) else []
    ids = [s.id for s in stories] if story is not None else None
    where_story = ("list_contains(?, story_id)", [ids]) if ids is not None else ("", [])
    edges = store.query(LineageEdge, *where_story) if _has(store, LineageEdge) else []
    muts = store.query(Mutation, *where_story, order="story_id, child, parent, seq") \
        if _has(store, Mutation) else []
    art_ids = sorted({a for s in stories for a in s.article_ids}
                     | {e.child for e in edges} | {e.parent for e in edges if e.parent})
    articles = {}
    statements, links, speakers = [], [], []
    counts: dict[str, int] = {}
    if art_ids and load_articles and light:
        articles = _light_articles(store, art_ids)
        if _has(store, Statement):
            counts = dict(store.execute(
                "SELECT article_id, count(*) FROM statements WHERE list_contains(?, article_id) "
                "GROUP BY article_id", [art_ids]).fetchall())
    elif art_ids and load_articles:
        articles = {a.id: a for a in store.query(Article, "list_contains(?, id)", [art_ids])}
        statements = store.query(Statement, "list_contains(?, article_id)", [art_ids],
                                 order="article_id, id") if _has(store, Statement) else []
        speakers = store.query(Speaker, "list_contains(?, article_id)", [art_ids]) \
            if _has(store, Speaker) else []
        # kind and score only: what an export shows of a hop (``edge_kind``)
        links = stored_link_kinds(store, art_ids, within=True) \
            if _has(store, ReuseLink) else []
    if not light:
        for st in statements:
            counts[st.article_id] = counts.get(st.article_id, 0) + 1
    return Selection(ids, stories, articles, edges, muts, links, statements, speakers,
                     art_ids, counts)


LIGHT_COLUMNS = ("id", "url", "outlet", "outlet_name", "title", "published")


def _light_articles(store: Store, ids: list[str]) -> dict[str, Article]:
    """Articles with only the columns a graph shows (no text, blocks or locations)."""
    cols = ", ".join(f'"{c}"' for c in LIGHT_COLUMNS)
    rows = store.execute(f"SELECT {cols} FROM articles WHERE list_contains(?, id)",
                         [ids]).fetchall()
    return {r[0]: Article(text="", **dict(zip(LIGHT_COLUMNS, r))) for r in rows}
