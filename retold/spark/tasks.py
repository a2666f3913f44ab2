"""Task functions: what one Spark partition runs, calling the in-process stage functions.

Why a module of plain functions: Spark pickles the function a ``mapPartitions`` runs, so
each one here is importable by name on an executor, holds no session, and calls exactly
the pure function the in-process engine calls (``retold.statements.extract``,
``retold.ingest.iter_inputs``, ...). Every task emits ``(table, row_tuple)`` pairs (see
:mod:`retold.spark.tables`) and turns a per-record failure into a ``Reject`` row with the
same path/offset/reason the in-process stage would store, so one bad record never fails
a task, let alone the job.
"""
from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator

from retold.records import Article, Reject
from retold.spark.schema import from_tuple, to_tuple

log = logging.getLogger(__name__)

Tagged = tuple[str, tuple]


def _tag(record) -> Tagged:
    return type(record).TABLE, to_tuple(record)


def statements_partition(rows: Iterable) -> Iterator[Tagged]:
    """Statements, speakers and article hedges of each article row (``extract``)."""
    from retold import statements as stage

    for row in rows:
        art = from_tuple(Article, row)
        try:
            ex = stage.extract(art.text or "", art.id)
        except Exception as exc:  # same reason text as statements.update
            log.warning("statements failed for %s: %s", art.id, exc)
            yield _tag(stage._reject(art.id, art, "statement extraction failed: "
                                     f"{type(exc).__name__}: {exc}"))
            continue
        for record in (*ex.statements, *ex.speakers, *ex.article_hedges):
            yield _tag(record)


def task_failure(path: str, stage: str, exc: BaseException) -> Tagged:
    """A Reject for a whole input a task could not even open (names the file)."""
    return _tag(Reject(path=path, stage=stage,
                       reason=f"{stage} task failed on this input: {type(exc).__name__}: {exc}"))
