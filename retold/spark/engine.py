"""``--engine spark`` for ``retold ingest`` and ``retold analyze``: Spark run, then attach.

Why a module between the CLI and :func:`retold.spark.run_spark`: both commands must end
with the result in the ``--db`` store (so ``retold show``, ``lineage``, ``serve``... work
on it), and a store is not always empty. Three cases:

* ``ingest`` into an empty store: every stage runs on the inputs in one Spark run and the
  whole output is attached; articles go in in the in-process store order (the ingest
  job's ``_article_order``), so the store equals one built in-process.
* ``ingest`` into a store that already holds articles: the Spark ingest stage reads the
  new inputs, its articles are attached, then the analysis is re-run over the whole store
  as below. Spark is a batch engine: new articles are linked against the old ones by
  re-running the corpus-wide stages, not by the in-process incremental index. An
  article found again keeps its stored locations and gains the new ones, as in-process.
* ``analyze``: the store's articles are exported to Parquet with DuckDB (never through
  Python rows) in store order, the analysis stages run on Spark, and every analysis table
  of the store is replaced by their output (a batch ``--redo``).
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from retold.ingest.sources import Source
from retold.records import (Article, ArticleHedge, Citation, LineageEdge, Mutation, Reject,
                            ReuseLink, Speaker, Statement, Story)
from retold.spark import STAGES, run_spark
from retold.spark.attach import attach, table_source
from retold.spark.ingest_job import ORDER_TABLE, is_remote, local_path

ANALYSIS_STAGES = tuple(s for s in STAGES if s != "ingest")
ANALYSIS_TABLES = (Statement, Speaker, ArticleHedge, ReuseLink, Citation, Story,
                   LineageEdge, Mutation)
"""Tables a batch analysis replaces whole (their rows all derive from the articles)."""
INDEX_TABLES = ("reuse_bands", "reuse_quote_grams", "reuse_story_members")
"""The in-process engine's incremental indexes (see ``retold.reuse.incremental``)."""


@dataclass
class EngineSummary:
    out_dir: str
    runs: list[dict] = field(default_factory=list)  # SparkSummary.to_dict() per run
    attached: dict[str, int] = field(default_factory=dict)

    unchanged: int = 0  # local inputs skipped: finished before, same size and mtime

    def to_dict(self) -> dict:
        return {"engine": "spark", "spark_out": self.out_dir, "runs": list(self.runs),
                "attached": dict(self.attached), "unchanged": self.unchanged}


def default_out(db: str | Path) -> str:
    """Where a run's Parquet goes when ``--spark-out`` is not given: beside the store."""
    db = Path(db)
    return str(db.with_name(db.name + ".spark"))


def ingest_with_spark(store, paths: Sequence[str], out_dir: str, master: str = "local[2]",
                      analyze: bool = True, partitions: int | None = None,
                      conf: Mapping[str, str] | None = None, spark=None,
                      force: bool = False) -> EngineSummary:
    """``retold ingest --engine spark``: read ``paths`` on Spark and attach into ``store``.

    Local inputs the store's ``ingest_progress`` lists as finished with the same size and
    mtime are not read again (``force`` reads them), as in-process: a second run over a
    crawl folder reads only its new files, and runs nothing when there are none (into a
    non-empty store, any Spark ingest re-runs the whole analysis). The local inputs read
    are recorded there after the attach (URIs are not: they cannot be stat'ed here)."""
    summary = EngineSummary(out_dir=out_dir)
    paths, local, unchanged = _changed_inputs(store, paths, force)
    summary.unchanged = unchanged
    if not paths:  # every input finished before, unchanged: nothing to run
        return summary
    fresh = store.count(Article) == 0
    stages = STAGES if (analyze and fresh) else ("ingest",)
    run = run_spark(paths, out_dir, master=master, stages=stages, partitions=partitions,
                    conf=conf, spark=spark)
    summary.runs.append(run.to_dict())
    if analyze and fresh:
        _clear_analysis(store)
    found_again = [] if fresh or is_remote(out_dir) else _stored_versions(store, out_dir)
    summary.attached.update(_attach(out_dir, store))
    _merge_found_again(store, found_again)
    _record_inputs(store, out_dir, local)
    if analyze and not fresh:
        more = analyze_with_spark(store, out_dir + "-analysis", master=master,
                                  partitions=partitions, conf=conf, spark=spark)
        summary.runs += more.runs
        summary.attached.update(more.attached)
    return summary


def _changed_inputs(store, paths: Sequence[str], force: bool
                    ) -> tuple[list[str], list[Source], int]:
    """(paths to read, the local inputs among them, how many inputs were skipped).

    The given paths are passed on unchanged when nothing is skipped, so a folder stays
    one argument (and an unreadable path still becomes the run's reject); otherwise the
    remaining inputs are listed file by file, in the order the ingest job expands them."""
    from retold.ingest import iter_sources
    from retold.ingest.store import IngestProgress

    store.ensure_tables([IngestProgress])
    remote = [str(p) for p in paths if is_remote(str(p))]
    found = list(iter_sources([local_path(str(p)) for p in paths if not is_remote(str(p))]))
    done = {} if force else {r.path: r for r in store.query(IngestProgress, "done")}
    keep = [src for src in found if isinstance(src, Source)
            and not (src.path in done and done[src.path].same_file(src))]
    skipped = sum(isinstance(f, Source) for f in found) - len(keep)
    if not skipped:
        return [str(p) for p in paths], keep, 0
    rejected = [f.path for f in found if isinstance(f, Reject)]
    return [s.path for s in keep] + rejected + remote, keep, skipped


def _record_inputs(store, out_dir: str, inputs: Sequence[Source]) -> None:
    """An ``ingest_progress`` row per local input the run read, as in-process ingest
    writes: done, with its article count, unless it gave rejects and no article (a
    re-run then reports it again instead of calling it unchanged)."""
    from retold.ingest.store import IngestProgress, now_utc

    if not inputs:
        return
    docs = _articles_per_path(store, out_dir)
    bad = {r[0] for r in store.execute(f'SELECT DISTINCT path FROM "{Reject.TABLE}"'
                                       " WHERE stage = 'ingest'").fetchall()}
    store.upsert([IngestProgress(path=s.path, size=s.size, mtime=s.mtime, kind=s.kind,
                                 done=docs.get(s.path, 0) > 0 or s.path not in bad,
                                 docs=docs.get(s.path, 0), updated=now_utc()) for s in inputs])


def _articles_per_path(store, out_dir: str) -> dict[str, int]:
    """How many of the run's articles each input path holds (from their locations)."""
    source = table_source(Path(out_dir), Article)
    if source is None:
        return {}
    rows = store.execute(
        "SELECT json_extract_string(l.value, '$.path') AS path, count(DISTINCT a.id) "
        "FROM read_parquet(?) AS a, json_each(a.locations) AS l GROUP BY ALL",
        [source]).fetchall()
    return {path: n for path, n in rows}


def analyze_with_spark(store, out_dir: str, master: str = "local[2]",
                       partitions: int | None = None, conf: Mapping[str, str] | None = None,
                       spark=None) -> EngineSummary:
    """``retold analyze --engine spark``: every stored article re-analysed on Spark."""
    if is_remote(out_dir):
        raise ValueError(f"--spark-out {out_dir!r}: analyze exports the store's articles "
                         "with DuckDB, which writes local paths only; give a local folder "
                         "(or a mounted one every executor sees)")
    summary = EngineSummary(out_dir=out_dir)
    if store.count(Article) == 0:
        raise ValueError("the store holds no articles: run `retold ingest` first")
    export_articles(store, out_dir)
    run = run_spark([], out_dir, master=master, stages=ANALYSIS_STAGES,
                    partitions=partitions, conf=conf, spark=spark)
    summary.runs.append(run.to_dict())
    _clear_analysis(store)
    summary.attached.update(_attach(out_dir, store, skip=(Article,)))
    from retold.ingest.store import clear_restamped, restamped_ids

    clear_restamped(store, restamped_ids(store))  # every article was analysed again
    return summary


def export_articles(store, out_dir: str) -> None:
    """``OUT/articles`` and ``OUT/_article_order`` from the store, in its table order."""
    out = Path(out_dir)
    for name in (Article.TABLE, ORDER_TABLE):
        folder = out / name
        if folder.exists():
            import shutil

            shutil.rmtree(folder)
        folder.mkdir(parents=True)
    # rowid is the store's insertion order, which the in-process stages read articles in
    store.execute(f"COPY (SELECT * FROM \"{Article.TABLE}\" ORDER BY rowid) TO "
                  f"'{_sql_path(out / Article.TABLE / 'part-0.parquet')}' (FORMAT parquet)")
    store.execute(f"COPY (SELECT id, (row_number() OVER (ORDER BY rowid) - 1)::BIGINT AS pos "
                  f"FROM \"{Article.TABLE}\") TO "
                  f"'{_sql_path(out / ORDER_TABLE / 'part-0.parquet')}' (FORMAT parquet)")


def _sql_path(path: Path) -> str:
    return str(path.resolve()).replace("'", "''")


def _clear_analysis(store) -> None:
    """Drop every analysis row (and analysis rejects) before a batch result replaces them."""
    with store._transaction() as con:
        for cls in ANALYSIS_TABLES:
            con.execute(f'DELETE FROM "{cls.TABLE}"')
        con.execute(f'DELETE FROM "{Reject.TABLE}" WHERE list_contains(?, stage)',
                    [list(ANALYSIS_STAGES)])
        have = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables")
                .fetchall()}
        for name in INDEX_TABLES:
            if name in have:
                con.execute(f'DELETE FROM "{name}"')


def _stored_versions(store, out_dir: str) -> list[Article]:
    """The stored articles a Spark ingest found again (same body, hence same id)."""
    source = table_source(Path(out_dir), Article)
    if source is None:
        return []
    ids = [r[0] for r in store.execute(
        f'SELECT id FROM read_parquet(?) WHERE id IN (SELECT id FROM "{Article.TABLE}")',
        [source]).fetchall()]
    return store.query_in(Article, "id", ids)


def _merge_found_again(store, before: Sequence[Article]) -> None:
    """Articles found again keep what the store knew of them, as in-process ingest does
    (``merge_found_again``: earlier locations kept, new ones added, empty fields filled,
    the page fields of a page published surely earlier taken and the article queued
    for analysis again); the attach alone would have replaced them with the Spark run's
    sighting."""
    if not before:
        return
    from retold.ingest.store import Restamped, merge_found_again

    now = {a.id: a for a in store.query_in(Article, "id", [a.id for a in before])}
    merged, notes = [], []
    for old in (a for a in before if a.id in now):
        m, changed, note = merge_found_again(old, now[old.id])
        if changed:
            merged.append(m)
        if note:
            notes.append(note)
    store.upsert(merged)
    if notes:
        store.ensure_tables([Restamped])
        store.upsert(notes)


def _attach(out_dir: str, store, skip=()) -> dict[str, int]:
    if is_remote(out_dir):
        raise ValueError(f"--spark-out {out_dir!r} is not a local folder: the result cannot "
                         f"be attached here; run `retold spark-run ... --out {out_dir}` and "
                         "`retold attach` on a machine that mounts it")
    return attach(out_dir, store, skip=skip).tables
