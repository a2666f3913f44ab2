"""Run the analysis stages over a store, incrementally.

``ingest`` writes Article records; :func:`analyze` then brings every later table up to
date for what is new: statements for articles that have none, reuse links and story
membership for the new articles (against everything already stored, never all pairs),
and lineage plus mutations for the stories that changed. Articles an ingest restamped
with an earlier page (``retold.ingest.store.Restamped``) are redone with the new ones:
their reuse citations, story and lineage were read off the later copy's outlet and
time. Each stage exposes an ``update(store, ...)`` function next to its pure functions;
this module only orders them, so the CLI, the web app and tests all run the same
sequence.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from retold.store import Store

Progress = Callable[[str, int, int], None]  # (stage, done, total)


@dataclass
class AnalyzeSummary:
    statements: int = 0
    links: int = 0
    stories_touched: list[str] = field(default_factory=list)
    lineage_edges: int = 0
    mutations: int = 0
    rejects: int = 0

    def to_dict(self) -> dict:
        return dict(self.__dict__)


def analyze(store: Store, article_ids: Sequence[str] | None = None,
            progress: Progress | None = None) -> AnalyzeSummary:
    """Bring statements, reuse, stories, lineage and mutations up to date.

    ``article_ids``: the articles that are new since the last run (None: find them, i.e.
    every article without statements); the restamped ones, and those an interrupted run
    left unfinished (:data:`UNFINISHED`), are added either way.
    """
    from retold import statements as st_stage
    from retold import reuse as reuse_stage
    from retold import lineage as lineage_stage
    from retold.ingest.store import clear_restamped, restamped_ids

    summary = AnalyzeSummary()
    restamped = restamped_ids(store)
    given = st_stage.pending_ids(store) if article_ids is None else article_ids
    article_ids = list(dict.fromkeys([*given, *restamped, *unfinished_ids(store)]))
    _mark_unfinished(store, article_ids)
    new_ids = st_stage.update(store, article_ids, progress=progress, summary=summary)
    touched = reuse_stage.update(store, new_ids, progress=progress, summary=summary)
    summary.stories_touched = list(touched)
    lineage_stage.update(store, touched, progress=progress, summary=summary)
    clear_restamped(store, restamped)
    _clear_unfinished(store, article_ids)
    return summary


UNFINISHED = "analysis_unfinished"
"""Articles an analysis has started on and not finished: written before the first stage,
cleared after the last. A run stopped in between (Ctrl-C, a killed process) leaves them
here, and the next ``retold analyze`` or ``retold ingest`` takes them up again. Without
it, articles that had their statements but not yet their reuse links looked analysed
(the statements stage is what marks an article done) and never got links, a story or
lineage: 334 of 968 after a Ctrl-C during analysis."""


def unfinished_ids(store: Store) -> list[str]:
    """Articles whose analysis an earlier run started and did not finish."""
    _ensure_unfinished(store)
    return [r[0] for r in store.execute(
        f'SELECT article_id FROM "{UNFINISHED}" ORDER BY article_id').fetchall()]


def _ensure_unfinished(store: Store) -> None:
    store.execute(f'CREATE TABLE IF NOT EXISTS "{UNFINISHED}" (article_id VARCHAR PRIMARY KEY)')


def _mark_unfinished(store: Store, ids: Sequence[str]) -> None:
    if ids:
        store.execute(f'INSERT OR IGNORE INTO "{UNFINISHED}" SELECT unnest(?)', [list(ids)])


def _clear_unfinished(store: Store, ids: Sequence[str]) -> None:
    if ids:
        store.execute(f'DELETE FROM "{UNFINISHED}" WHERE article_id IN (SELECT unnest(?))',
                      [list(ids)])
