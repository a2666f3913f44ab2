"""The rows of many stories read in a few queries, for exports that work story by story.

Why: reading one story at a time (:meth:`retold.web.views.Corpus.story_view`) costs eight
queries a story, each a scan of a whole table (``list_contains(?, col)``), 14-37 ms a
story on Reuters-sized stores, and 92 % of newswire stories hold a single article: the
ClaimReview export of 20k articles took ten minutes, growing with stories x rows. Here a
batch of stories of about :data:`BATCH_ARTICLES` articles is read with six semi-joins
(:meth:`~retold.web.views.Corpus.records_in`), and each story's rows come out in the
order its own queries return them, so the per-story summaries are the same.
"""
from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from retold.records import Article, ArticleHedge, LineageEdge, Mutation, Speaker, Statement, Story
from retold.web.views import Corpus, by_publication, story_summary

BATCH_ARTICLES = 2000  # articles read per batch: bounded memory, few queries


@dataclass
class StoryRows:
    """One story's rows as the story page reads them (articles by id in store order,
    statements by ``article_id, id``, mutations by ``child, parent, seq``, the rest in
    store order)."""

    arts: dict[str, Article] = field(default_factory=dict)
    edges: list[LineageEdge] = field(default_factory=list)
    muts: list[Mutation] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    hedges: list[ArticleHedge] = field(default_factory=list)
    speakers: list[Speaker] = field(default_factory=list)

    def summary(self) -> dict:
        """:func:`retold.web.views.story_summary` of these rows (what the page shows)."""
        return story_summary(by_publication(self.arts.values()), self.edges, self.muts,
                             self.statements, self.hedges)


def batches(stories: Sequence[Story], size: int = BATCH_ARTICLES) -> Iterator[list[Story]]:
    """``stories`` in order, in runs of about ``size`` articles (a larger story alone)."""
    batch: list[Story] = []
    n = 0
    for story in stories:
        if batch and n + len(story.article_ids) > size:
            yield batch
            batch, n = [], 0
        batch.append(story)
        n += len(story.article_ids)
    if batch:
        yield batch


def story_rows(corpus: Corpus, stories: Sequence[Story]) -> dict[str, StoryRows]:
    """The rows of ``stories`` by story id, six queries in all. A row of an article in
    several of the stories goes to each; rows of an article the store does not hold are
    left out, as the story page leaves them out."""
    out = {st.id: StoryRows() for st in stories}
    found = {a.id: a for a in corpus.records_in(
        Article, "id", [aid for st in stories for aid in st.article_ids])}
    story_of: dict[str, list[str]] = {}
    for st in stories:
        for aid in dict.fromkeys(st.article_ids):
            if aid in found:
                story_of.setdefault(aid, []).append(st.id)
    for aid, a in found.items():  # store order, as the page's own query returns them
        for sid in story_of[aid]:
            out[sid].arts[aid] = a
    for name, cls, column in (("edges", LineageEdge, "story_id"), ("muts", Mutation, "story_id")):
        for rec in corpus.records_in(cls, column, list(out)):
            getattr(out[rec.story_id], name).append(rec)
    for name, cls in (("statements", Statement), ("hedges", ArticleHedge),
                      ("speakers", Speaker)):
        for rec in corpus.records_in(cls, "article_id", list(story_of)):
            for sid in story_of[rec.article_id]:
                getattr(out[sid], name).append(rec)
    for rows in out.values():
        rows.statements.sort(key=lambda s: (s.article_id, s.id))
        rows.muts.sort(key=lambda m: (m.child, m.parent, m.seq))
    return out


def each_story(corpus: Corpus, stories: Sequence[Story], size: int = BATCH_ARTICLES
               ) -> Iterator[tuple[Story, StoryRows]]:
    """Every story of ``stories`` in order with its rows, read ``size`` articles at a time."""
    for batch in batches(stories, size):
        rows = story_rows(corpus, batch)
        for story in batch:
            yield story, rows[story.id]


__all__ = ["BATCH_ARTICLES", "StoryRows", "batches", "each_story", "story_rows"]
