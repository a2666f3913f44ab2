"""Spark ingest: each task streams its own input files with the in-process reader code.

Why files, not records, are the unit of work: a WARC is a stream of gzip members read
with ``retold.ingest.iter_source`` exactly as ``retold ingest`` reads it, so offsets,
record ids, rejects and skips are the same; and Common Crawl ships corpora as tens of
thousands of ~1 GB files, more than enough tasks. A corrupt file or record becomes
``Reject`` rows (path, offset, reason) from inside the task; only the task's own
unexpected crash is caught too, as one reject naming the file.

Local paths (and ``file://``) are expanded and sniffed on the driver with
``retold.ingest.iter_sources`` and read in place by the tasks (every executor must see
the same file system, as with NFS or a single machine). Other Hadoop URIs (``hdfs://``,
``s3a://``, ``gs://``) are read with ``SparkContext.binaryFiles``: each task copies its
file to local scratch, then runs the same reader, and locations keep the original URI.

Duplicates: the same body in several files is one article, merged with
``retold.ingest.store.merge_articles`` in input order (file order, then position in the
file), which is what the in-process writer does batch after batch.
"""
from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from urllib.parse import urlparse

from retold.records import Article, Reject
from retold.spark.schema import to_tuple
from retold.spark.tables import write_tagged

ORDER_TABLE = "_article_order"
"""Side table ``(id, pos)``: each article's rank in input order, used by later stages
where the in-process engine's results depend on the order articles were stored."""


@dataclass(frozen=True)
class InputFile:
    index: int  # position in input order
    path: str  # local path or URI, as the user will see it in locations
    remote: bool


def is_remote(path: str) -> bool:
    scheme = urlparse(str(path)).scheme
    return bool(scheme) and scheme != "file" and len(scheme) > 1  # "C:" is not a scheme


def local_path(path: str) -> str:
    """A local input as the file system names it: ``file://`` taken off."""
    return path.removeprefix("file://")


def plan_inputs(paths: Sequence[str]) -> tuple[list[InputFile], list[Reject]]:
    """Driver side: expand local paths like ``retold ingest`` does; URIs pass through."""
    from retold.ingest import iter_sources

    files: list[InputFile] = []
    rejects: list[Reject] = []
    local = []
    for p in paths:
        p = str(p)
        if is_remote(p):
            files.append(InputFile(len(files), p, True))
        else:
            local.append(local_path(p))
    for found in iter_sources(local):
        if isinstance(found, Reject):
            rejects.append(found)
        else:
            files.append(InputFile(len(files), found.path, False))
    return files, rejects


def _items(path: str, local_path: str) -> Iterator:
    from retold.ingest import iter_source
    from retold.ingest.sources import sniff

    items = iter_source(sniff(local_path))
    if local_path == path:
        yield from items
        return
    for item in items:  # scratch copy of a remote file: report the URI
        if isinstance(item, Article):
            for loc in item.locations:
                loc.path = path
        elif isinstance(item, Reject):
            item.path = path
        yield item


def read_file(index: int, path: str, local_path: str) -> Iterator[tuple]:
    """``(kind, id_or_key, order, row, offset)`` for every article and reject of a file."""
    from retold.ingest import Skipped

    seq = 0
    try:
        for item in _items(path, local_path):
            if isinstance(item, Skipped):
                continue
            seq += 1
            if isinstance(item, Article):
                offset = item.locations[0].offset if item.locations else None
                yield "a", item.id, (index, path, seq), to_tuple(item), offset
            else:
                yield ("r", (item.path, item.offset, item.stage), (index, path, seq),
                       to_tuple(item), item.offset)
    except Exception as exc:  # a reader bug: one reject for the file, the job goes on
        bad = Reject(path=path, reason=f"ingest task failed on this file after {seq} "
                     f"records: {type(exc).__name__}: {exc}")
        yield "r", (bad.path, bad.offset, bad.stage), (index, path, seq + 1), to_tuple(bad), None


def _read_local(part) -> Iterator[tuple]:
    for index, path in part:
        yield from read_file(index, path, path)


def _read_remote(index_of):
    def run(part) -> Iterator[tuple]:
        for uri, stream in part:
            fd, tmp = tempfile.mkstemp(prefix="retold-", suffix=os.path.basename(uri)[-40:])
            try:
                with os.fdopen(fd, "wb") as fh:
                    fh.write(stream.toArray() if hasattr(stream, "toArray") else stream)
                # a folder URI expands to files not listed by name: rank them by path
                yield from read_file(index_of.get(uri, len(index_of)), uri, tmp)
            finally:
                os.unlink(tmp)
    return run


def _fold_rejects(a: tuple, b: tuple) -> tuple:
    """Two rejects of one record (``(order, row)``): one row with both reasons, the
    earlier first (:func:`retold.ingest.store.fold_rejects`)."""
    from retold.ingest.store import fold_rejects
    from retold.spark.schema import from_tuple

    (first_at, first), (_, later) = (a, b) if a[0] <= b[0] else (b, a)
    return first_at, to_tuple(fold_rejects(from_tuple(Reject, first), from_tuple(Reject, later)))


def _merge(items: list) -> tuple:
    """Fold an article's sightings in input order (``merge_articles``; sightings of one
    run, so the page published first gives the article its page fields)."""
    from retold.ingest.store import merge_articles
    from retold.spark.schema import from_tuple

    items = sorted(items, key=lambda x: x[0])
    first_order, row = items[0]
    merged = from_tuple(Article, row)
    for _, other in items[1:]:
        merged, _ = merge_articles(merged, from_tuple(Article, other))
    return first_order, to_tuple(merged)


def _sighting(item) -> tuple:
    kind, key, order, _, offset = item
    return order, kind, key if kind == "a" else None, offset


def file_commits(sightings) -> Iterator[tuple[str, tuple]]:
    """``(id, (file, commit, position))`` for every commit of one file that writes ``id``.

    The in-process writer commits every ``DEFAULT_BATCH`` items of a file (never between
    two items at one offset) and at the file's end; a commit (re)writes its articles at
    the table's end in the order they entered the batch, so an article ends where its
    last commit put it. ``sightings`` are one file's ``(order, kind, id, offset)``.
    """
    from retold.ingest.store import DEFAULT_BATCH

    batch: dict[str, None] = {}
    rejects, commit, last_offset, file_key = 0, 0, None, None
    for order, kind, aid, offset in sorted(sightings, key=lambda s: s[0]):
        file_key = order[:2]
        if len(batch) + rejects >= DEFAULT_BATCH and (offset is None or offset != last_offset):
            for k, done in enumerate(batch):
                yield done, (file_key, commit, k)
            batch.clear()
            rejects, commit = 0, commit + 1
        if kind == "a":
            batch.setdefault(aid, None)
        else:
            rejects += 1
        if offset is not None:
            last_offset = max(last_offset or 0, offset)
    for k, done in enumerate(batch):
        yield done, (file_key, commit, k)


def store_order(sightings_rdd, partitions: int):
    """RDD ``(id, rank)``: the order ``retold ingest`` leaves articles in its table.

    Order-sensitive later stages (LSH stars, Louvain) depend on it. Distributed: each
    file's commits are replayed in one task (:func:`file_commits`), an article keeps its
    last commit, and ranks come from a sort by ``(file, commit, position)``.
    """
    return sightings_rdd.keyBy(lambda s: s[0][:2]).groupByKey(partitions) \
        .flatMap(lambda kv: file_commits(kv[1])).reduceByKey(max, partitions) \
        .map(lambda kv: (kv[1], kv[0])).sortByKey(numPartitions=partitions).zipWithIndex() \
        .map(lambda x: (x[0][1], x[1]))


def run_ingest(spark, paths: Sequence[str], out_dir: str, partitions: int) -> dict[str, int]:
    """Read every input, write ``articles``, ``rejects/ingest`` and the order side table."""
    from pyspark import StorageLevel
    from pyspark.sql import types as T

    sc = spark.sparkContext
    files, driver_rejects = plan_inputs(paths)
    if not files and not driver_rejects:
        raise ValueError(f"no input files found under {list(paths)}")
    local = [(f.index, f.path) for f in files if not f.remote]
    remote = [f for f in files if f.remote]
    rdds = []
    if local:
        rdds.append(sc.parallelize(local, max(1, min(len(local), partitions)))
                    .mapPartitions(_read_local))
    if remote:
        index_of = {f.path: f.index for f in remote}
        rdds.append(sc.binaryFiles(",".join(f.path for f in remote))
                    .mapPartitions(_read_remote(index_of)))
    raw = sc.union(rdds) if len(rdds) > 1 else rdds[0] if rdds else sc.emptyRDD()
    raw = raw.persist(StorageLevel.MEMORY_AND_DISK)  # read every file once
    arts = (raw.filter(lambda x: x[0] == "a").map(lambda x: (x[1], (x[2], x[3])))
            .groupByKey(partitions).mapValues(lambda v: _merge(list(v))))
    rej = (raw.filter(lambda x: x[0] == "r").map(lambda x: (x[1], (x[2], x[3])))
           .reduceByKey(_fold_rejects, partitions)  # both reasons, as in-process
           .map(lambda kv: ("rejects", kv[1][1])))
    rej = rej.union(sc.parallelize([("rejects", to_tuple(r)) for r in driver_rejects], 1))
    arts = arts.cache()
    try:
        tagged = arts.map(lambda kv: ("articles", kv[1][1])).union(rej)
        counts = write_tagged(spark, tagged, [Article, Reject], out_dir, "ingest")
        order = store_order(raw.map(_sighting), partitions)
        schema = T.StructType([T.StructField("id", T.StringType()),
                               T.StructField("pos", T.LongType())])
        spark.createDataFrame(order, schema).write.mode("overwrite") \
            .parquet(f"{str(out_dir).rstrip('/')}/{ORDER_TABLE}")
    finally:
        arts.unpersist()
        raw.unpersist()
    counts["inputs"] = len(files)
    return counts
