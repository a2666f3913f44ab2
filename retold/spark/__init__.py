"""retold on Apache Spark: the same stage functions, run as Spark jobs over Parquet tables.

``run_spark(paths, out_dir, master="local[2]", stages=STAGES)`` runs the chosen stages in
order; each stage reads the tables the previous ones wrote under ``out_dir`` and writes
its own (``OUT/<table>/part-*.parquet``, the store's schema), so a stage can be re-run
alone. ``retold attach OUT --db FILE`` then loads them into a DuckDB store for every
other command and the web UI; ``retold ingest|analyze --engine spark`` do both steps
(:mod:`retold.spark.engine`). See ``docs/spark.md``.
"""
from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

STAGES = ("ingest", "statements", "reuse", "stories", "lineage")

__all__ = ["STAGES", "SparkSummary", "run_spark"]


@dataclass
class SparkSummary:
    out_dir: str
    master: str
    stages: list[str] = field(default_factory=list)
    tables: dict[str, int] = field(default_factory=dict)  # rows written per table
    seconds: dict[str, float] = field(default_factory=dict)  # wall time per stage
    skipped: list[str] = field(default_factory=list)  # stages not run: nothing ingested

    @property
    def nothing_ingested(self) -> bool:
        """The ingest stage ran and stored no article (every input rejected or missing)."""
        return "ingest" in self.seconds and not self.tables.get("articles")

    def to_dict(self) -> dict:
        out = {"out": self.out_dir, "master": self.master, "stages": list(self.stages),
               "tables": dict(self.tables), "seconds": dict(self.seconds)}
        if self.skipped:
            out["skipped"] = list(self.skipped)
        return out


def check_stages(stages: Sequence[str]) -> list[str]:
    unknown = [s for s in stages if s not in STAGES]
    if unknown or not stages:
        raise ValueError(f"unknown stage(s) {unknown or stages!r}: choose from "
                         f"{', '.join(STAGES)} (comma separated) or 'all'")
    return [s for s in STAGES if s in stages]  # always in pipeline order


def run_spark(paths: Sequence[str], out_dir: str, master: str = "local[2]",
              stages: Sequence[str] = STAGES, partitions: int | None = None,
              conf: Mapping[str, str] | None = None, spark=None) -> SparkSummary:
    """Run ``stages`` of the pipeline on Spark; results as Parquet tables under ``out_dir``.

    ``paths``: input files/folders/URIs (only read by the ingest stage). ``partitions``:
    slices for the per-article stages (default ``2 x defaultParallelism``). ``spark``: an
    existing session (tests reuse one); otherwise one is created on ``master``.
    """
    from retold.spark.session import check_master, get_session

    chosen = check_stages(list(stages))
    if spark is None:
        check_master(master)
        spark = get_session(master, conf=conf)
    if partitions is not None and partitions < 1:
        raise ValueError(f"partitions must be >= 1, got {partitions}")
    parts = partitions or 2 * spark.sparkContext.defaultParallelism
    out_dir = _absolute(out_dir)
    summary = SparkSummary(out_dir=out_dir, master=spark.sparkContext.master, stages=chosen)
    for stage in chosen:
        started = time.perf_counter()
        counts = _run_stage(stage, spark, paths, out_dir, parts)
        summary.seconds[stage] = round(time.perf_counter() - started, 3)
        for table, n in counts.items():
            key = f"rejects:{stage}" if table == "rejects" else table
            summary.tables[key] = n
        if summary.nothing_ingested:  # the later stages would run minutes on nothing
            summary.skipped = chosen[chosen.index(stage) + 1:]
            break
    return summary


def _absolute(out_dir: str) -> str:
    import os
    from retold.spark.ingest_job import is_remote

    out_dir = str(out_dir)
    return out_dir if is_remote(out_dir) else os.path.abspath(out_dir)


def _run_stage(stage: str, spark, paths, out_dir: str, parts: int) -> dict[str, int]:
    if stage == "ingest":
        from retold.spark.ingest_job import run_ingest

        if not paths:
            raise ValueError("the ingest stage needs input paths")
        return run_ingest(spark, list(paths), out_dir, parts)
    if stage == "statements":
        from retold.spark.statements_job import run_statements

        return run_statements(spark, out_dir, parts)
    if stage == "reuse":
        from retold.spark.reuse_job import run_reuse

        return run_reuse(spark, out_dir, parts)
    if stage == "stories":
        from retold.spark.stories_job import run_stories

        return run_stories(spark, out_dir, parts)
    from retold.spark.lineage_job import run_lineage

    return run_lineage(spark, out_dir, parts)
