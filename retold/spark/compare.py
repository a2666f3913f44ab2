"""Are two stores the same? Table snapshots for checking Spark against in-process runs.

Why a module rather than test code: the determinism test and ``benchmarks/spark_scale.py``
both need it, and a user moving a pipeline to a cluster can run the same check on a
sample of their own corpus (``compare_stores``). Rows are compared as the store holds
them (nested values as JSON text), sorted, so only content counts, never row order.
Tables that are local bookkeeping (ingest progress, LSH indexes) are not compared.
"""
from __future__ import annotations

import json
from collections.abc import Sequence

from retold.records import (Article, ArticleHedge, Citation, LineageEdge, Mutation, Record,
                            Reject, ReuseLink, Speaker, Statement, Story)
from retold.store import Store, table_columns

COMPARED: tuple[type[Record], ...] = (Article, Statement, Speaker, ArticleHedge, ReuseLink,
                                      Citation, Story, LineageEdge, Mutation, Reject)

IGNORED_COLUMNS = {
    # the file's mtime or a run's wall clock: differs between any two runs
    "articles": {"locations"},
}


def _canon(value):
    if isinstance(value, float):
        return round(value, 9)
    return value


def snapshot(store: Store, classes: Sequence[type[Record]] = COMPARED,
             stages: Sequence[str] | None = None) -> dict[str, list[tuple]]:
    """Sorted row tuples per table (rejects only of ``stages`` when given)."""
    out: dict[str, list[tuple]] = {}
    for cls in classes:
        skip = IGNORED_COLUMNS.get(cls.TABLE, set())
        cols = [n for n, *_ in table_columns(cls) if n not in skip]
        sql = f'SELECT {", ".join(chr(34) + c + chr(34) for c in cols)} FROM "{cls.TABLE}"'
        params: list = []
        if cls is Reject and stages is not None:
            sql += " WHERE list_contains(?, stage)"
            params.append(list(stages))
        rows = store.execute(sql, params).fetchall()
        out[cls.TABLE] = sorted((tuple(_canon(v) for v in r) for r in rows),
                                key=lambda r: json.dumps(r, default=str))
    return out


def differences(left: dict[str, list[tuple]], right: dict[str, list[tuple]],
                limit: int = 3) -> dict[str, dict]:
    """Per table that differs: row counts and a few rows found on one side only."""
    out = {}
    for table in sorted(set(left) | set(right)):
        a, b = left.get(table, []), right.get(table, [])
        if a == b:
            continue
        sa, sb = set(a), set(b)
        out[table] = {"left": len(a), "right": len(b),
                      "only_left": [list(r) for r in sorted(sa - sb, key=str)[:limit]],
                      "only_right": [list(r) for r in sorted(sb - sa, key=str)[:limit]]}
    return out


def compare_stores(left: Store, right: Store, classes: Sequence[type[Record]] = COMPARED,
                   stages: Sequence[str] | None = None) -> dict[str, dict]:
    """``{}`` when both stores hold the same rows in every compared table."""
    return differences(snapshot(left, classes, stages), snapshot(right, classes, stages))
