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
    links: list[ReuseLink]
    statements: list[Statement]
    speakers: list[Speaker] = field(default_factory=list)
    article_ids: list[str] = field(default_factory=list)

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


def select(store: Store, story: str | None = None, load_articles: bool = True) -> Selection:
    """Load the stories to export with their edges, mutations, links and statements.

    ``load_articles=False`` skips articles, statements and links (the table exports stream
    those from the store instead of holding a whole corpus in memory).
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
    if art_ids and load_articles:
        articles = {a.id: a for a in store.query(Article, "list_contains(?, id)", [art_ids])}
        statements = store.query(Statement, "list_contains(?, article_id)", [art_ids],
                                 order="article_id, id") if _has(store, Statement) else []
        speakers = store.query(Speaker, "list_contains(?, article_id)", [art_ids]) \
            if _has(store, Speaker) else []
        links = store.query(ReuseLink, "list_contains(?, a) AND list_contains(?, b)",
                            [art_ids, art_ids]) if _has(store, ReuseLink) else []
    return Selection(ids, stories, articles, edges, muts, links, statements, speakers,
                     art_ids)
