"""Reading and writing retold tables as Parquet from Spark.

Why tagged rows: one stage task produces several tables at once (statements, speakers,
article hedges and rejects come out of one ``extract`` call), so tasks emit
``(table, row_tuple)`` pairs, the RDD is persisted once, and each table is written from
it; the expensive function runs once per record however many tables it feeds.

Layout: ``OUT/<table>/part-*.parquet``; rejects go to ``OUT/rejects/<stage>/`` so that
re-running one stage replaces only its own rejects. ``retold attach OUT`` reads both.
"""
from __future__ import annotations

from collections.abc import Sequence
from pathlib import PurePosixPath

from retold.records import Record, Reject
from retold.spark.schema import from_tuple, spark_schema


def table_path(out_dir: str, cls: type[Record], stage: str | None = None) -> str:
    """Where ``cls``'s rows of a run live; ``stage`` only matters for rejects."""
    base = str(out_dir).rstrip("/")
    if cls is Reject:
        return f"{base}/{cls.TABLE}/{stage or 'unknown'}"
    return f"{base}/{cls.TABLE}"


def write_tagged(spark, tagged, classes: Sequence[type[Record]], out_dir: str,
                 stage: str) -> dict[str, int]:
    """Write every table of ``classes`` from an RDD of ``(table, tuple)``; row counts back.

    ``tagged`` is persisted for the writes and unpersisted afterwards.
    """
    from pyspark import StorageLevel

    tagged = tagged.persist(StorageLevel.MEMORY_AND_DISK)
    try:
        counts = dict(tagged.map(lambda t: t[0]).countByValue())
        for cls in classes:
            name = cls.TABLE
            rows = tagged.filter(lambda t, name=name: t[0] == name).map(lambda t: t[1])
            df = spark.createDataFrame(rows, spark_schema(cls))
            df.write.mode("overwrite").parquet(table_path(out_dir, cls, stage))
    finally:
        tagged.unpersist()
    return {cls.TABLE: int(counts.get(cls.TABLE, 0)) for cls in classes}


def read_table(spark, out_dir: str, cls: type[Record]):
    """The DataFrame of ``cls``'s table in a run's output (all stages for rejects)."""
    path = table_path(out_dir, cls)
    if cls is Reject:
        path = str(PurePosixPath(str(out_dir).rstrip("/")) / cls.TABLE / "*")
    return spark.read.schema(spark_schema(cls)).parquet(path)


def records(rows, cls: type[Record]):
    """Records of ``cls`` from an iterator of Spark ``Row``s (inside a task)."""
    for row in rows:
        yield from_tuple(cls, row)
