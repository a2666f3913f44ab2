"""Writing ingested articles to the store: deduplicated, idempotent, resumable.

Three guarantees, and how they are kept:

* **Same body, one article.** The article id is the hash of the normalised body, so a
  body seen again (another file, another URL) upserts the same row; its Location is added
  to the stored ones (a set keyed by path, record id, offset and URL); the page
  published surely first gives the article its page fields, gaps are filled from the
  others. An article whose page fields a later run replaced is listed in
  ``ingest_restamped`` until the analysis stages have redone it.
* **Ingesting twice adds nothing.** A progress table (``ingest_progress``) remembers each
  finished input by path + size + mtime; an unchanged input is skipped without being read.
  Even without it, the location set makes a re-write a no-op.
* **A killed ingest resumes.** Articles are committed in batches (each
  :meth:`Store.upsert` is one transaction), and after each batch the input's progress row
  records the byte offset of the last committed record. A re-run starts WARC and JSONL
  inputs after that offset; whatever was committed after the progress row (a kill between
  the two writes) is written again and merges to the same rows, so nothing is lost or
  doubled.
"""
from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import ClassVar

from retold import dates
from retold.ingest import DEFAULT_MAX_BYTES, ParseJob, Skipped, iter_source, iter_sources, read_source, run_job
from retold.records import Article, Location, Record, Reject
from retold.store import Store

__all__ = ["ingest", "IngestSummary", "IngestProgress", "Restamped", "merge_articles",
           "merge_found_again", "restamped_ids", "clear_restamped", "DEFAULT_BATCH"]

DEFAULT_BATCH = 200
Progress = Callable[[str, int, int], None]


def fold_rejects(first: Reject, later: Reject) -> Reject:
    """One reject for two problems of one record (the same path, offset and stage, the
    table's key), in the order they were met: "truncated WARC record …; no article text
    found in the page". Kept apart, the second replaced the first when stored. One rule
    for the in-process ingest and the Spark job."""
    if later.reason not in first.reason:
        first.reason = f"{first.reason}; {later.reason}"
        first.record_id = first.record_id or later.record_id
        first.size = first.size if first.size is not None else later.size
    return first


@dataclass
class IngestProgress(Record):
    """One input file's ingest state (the resume and skip-unchanged bookkeeping)."""

    TABLE: ClassVar[str] = "ingest_progress"
    KEY: ClassVar[tuple[str, ...]] = ("path",)

    path: str
    size: int
    mtime: float
    kind: str
    offset: int | None = None  # last committed record's byte offset (WARC/JSONL)
    done: bool = False
    docs: int = 0
    updated: str | None = None

    def same_file(self, source) -> bool:
        """Is ``source`` (a :class:`~retold.ingest.sources.Source`) the file this row
        recorded: same size and mtime? One rule for skipping and resuming, in-process
        and on Spark."""
        return self.size == source.size and self.mtime == source.mtime


@dataclass
class Restamped(Record):
    """A stored article whose page fields an earlier-published page replaced in a later
    run, waiting for the analysis stages to redo it (:func:`restamped_ids`).

    Why a table: ``retold ingest --no-analyze`` leaves the analysis to a later
    ``retold analyze``, which finds new articles by their missing statements; a restamped
    article has statements, and its reuse links, story and lineage were computed with
    the later copy's outlet and time."""

    TABLE: ClassVar[str] = "ingest_restamped"
    KEY: ClassVar[tuple[str, ...]] = ("article_id",)

    article_id: str
    url_before: str | None = None
    published_before: str | None = None
    url: str | None = None
    published: str | None = None
    noted_at: str | None = None


def restamped_ids(store: Store) -> list[str]:
    """Articles restamped by an ingest and not analysed since (oldest first)."""
    store.ensure_tables([Restamped])
    return [r.article_id for r in store.query(Restamped, order="noted_at, article_id")]


def clear_restamped(store: Store, ids: Sequence[str]) -> None:
    """Forget ``ids`` once the analysis stages have redone them."""
    if ids:
        store.ensure_tables([Restamped])
        store.delete_in(Restamped.TABLE, "article_id", ids)


@dataclass
class IngestSummary:
    inputs: int = 0  # input files seen
    unchanged: int = 0  # files skipped: already ingested, same size and mtime
    ingested: int = 0  # new articles
    duplicates: int = 0  # bodies already stored (a location was added)
    already: int = 0  # same body at the same location: nothing to do
    rejected: int = 0
    skipped: int = 0  # non-article WARC records
    seconds: float = 0.0
    new_ids: list[str] = field(default_factory=list)
    restamped: list[str] = field(default_factory=list)  # stored articles given an earlier page
    reject_reasons: list[str] = field(default_factory=list)  # first few, for the CLI

    def to_dict(self) -> dict:
        out = dict(self.__dict__)
        out["docs_per_s"] = round(self.docs / self.seconds, 1) if self.seconds else None
        out["new_ids"] = len(self.new_ids)
        out["restamped"] = len(self.restamped)
        return out

    @property
    def docs(self) -> int:
        return self.ingested + self.duplicates + self.already


def _loc_key(loc: Location) -> tuple:
    return (loc.path, loc.record_id, loc.offset, loc.url)


PAGE_FIELDS = ("url", "outlet", "outlet_name", "title", "section", "published",
               "published_source", "authors")
"""What a page says of its article, taken from the page that published it first."""


def merge_articles(old: Article, new: Article) -> tuple[Article, bool]:
    """``old`` with ``new``'s locations added and its empty fields filled; (merged, changed).

    If ``new``'s page was published surely before ``old``'s, the article takes its page
    fields (:data:`PAGE_FIELDS`, where ``new`` has them). Why: a body is one article
    however many pages carry it, and syndicated copies are often word for word the
    original; keeping whichever page was read first hid the original behind a later copy
    (a simulated story of 982 pages: the origin's body was read first from a copy
    published five hours later, so its outlet and time were lost and the lineage stage
    took the story for one copied from outside the corpus). When ``old`` was stored and
    analysed by an earlier run, call :func:`merge_found_again` to have it redone."""
    merged, changed, _ = _merge(old, new)
    return merged, changed


def merge_found_again(stored: Article, new: Article
                      ) -> tuple[Article, bool, Restamped | None]:
    """A stored article (analysed already) seen again: :func:`merge_articles`, and the
    :class:`Restamped` row that queues its analysis again when ``new``'s page was
    published surely first (else None). The in-process writer and Spark ingest both
    call this."""
    before = (stored.url, stored.published)
    merged, changed, earlier = _merge(stored, new)
    if not earlier:
        return merged, changed, None
    return merged, changed, Restamped(
        article_id=merged.id, url_before=before[0], published_before=before[1],
        url=merged.url, published=merged.published, noted_at=now_utc())


def _merge(old: Article, new: Article) -> tuple[Article, bool, bool]:
    """(merged, changed, took ``new``'s page fields) for the two functions above."""
    have = {_loc_key(loc) for loc in old.locations}
    added = [loc for loc in new.locations if _loc_key(loc) not in have]
    changed = bool(added)
    old.locations = old.locations + added
    earlier = _surely_earlier(new, old)
    if earlier:
        for name in PAGE_FIELDS:
            value = getattr(new, name)
            if value and value != getattr(old, name):
                setattr(old, name, list(value) if name == "authors" else value)
                changed = True
    for name in (*(f for f in PAGE_FIELDS if f != "authors"), "language"):
        if getattr(old, name) is None and getattr(new, name) is not None:
            setattr(old, name, getattr(new, name))
            changed = True
    if not old.authors and new.authors:
        old.authors, changed = list(new.authors), True
    return old, changed, earlier


def _surely_earlier(a: Article, b: Article) -> bool:
    """Was ``a``'s page published surely before ``b``'s (both dates known)?"""
    wa, wb = dates.parse(a.published), dates.parse(b.published)
    return wa is not None and wb is not None and wa.surely_precedes(wb)


class _Writer:
    """Buffers one batch; flush merges with stored rows and writes in transactions."""

    def __init__(self, store: Store, summary: IngestSummary):
        self.store, self.summary = store, summary
        self.articles: dict[str, Article] = {}
        self.rejects: list[Reject] = []
        self.reject_keys: set[tuple] = set()  # (path, offset, stage) counted so far
        self.fresh: set[str] = set()  # ids first seen in this batch and not stored
        self.run_new: set[str] = set()  # ids this run stored first (none analysed yet)

    def add(self, item: Article | Reject) -> None:
        if isinstance(item, Reject):
            self.rejects.append(item)
            key = (item.path, item.offset, item.stage)
            if key not in self.reject_keys:  # a second problem of one record: one reject
                self.reject_keys.add(key)
                self.summary.rejected += 1
            if len(self.summary.reject_reasons) < 20:
                where = f"{item.path}" + (f" @{item.offset}" if item.offset is not None else "")
                self.summary.reject_reasons.append(f"{where}: {item.reason}")
            return
        pending = self.articles.get(item.id)
        if pending is not None:
            merged, changed = merge_articles(pending, item)
            self.articles[item.id] = merged
            self._count(changed)
        else:
            self.articles[item.id] = item

    def _count(self, changed: bool) -> None:
        if changed:
            self.summary.duplicates += 1
        else:
            self.summary.already += 1

    def __len__(self) -> int:
        return len(self.articles) + len(self.rejects)

    def flush(self) -> None:
        if self.articles:
            ids = list(self.articles)
            stored = {a.id: a for a in self.store.query_in(Article, "id", ids)}
            out: list[Article] = []
            restamped: list[Restamped] = []
            for aid, art in self.articles.items():
                if aid in stored:
                    if aid in self.run_new:  # stored by this run: nothing analysed yet
                        merged, changed = merge_articles(stored[aid], art)
                    else:
                        merged, changed, note = merge_found_again(stored[aid], art)
                        if note:
                            restamped.append(note)
                            self.summary.restamped.append(aid)
                    self._count(changed)
                    if changed:
                        out.append(merged)
                else:
                    self.summary.ingested += 1
                    self.summary.new_ids.append(aid)
                    self.run_new.add(aid)
                    out.append(art)
            self.store.upsert(out)
            self.store.upsert(restamped)
        if self.rejects:
            # Two problems of one record share the table key (path, offset, stage), e.g. a
            # truncated WARC record that then yields no text: keep both reasons, not the last.
            unique: dict[tuple, Reject] = {}
            for r in self.rejects:
                key = (r.path, r.offset, r.stage)
                unique[key] = fold_rejects(unique[key], r) if key in unique else r
            self.store.upsert(list(unique.values()))
        self.articles, self.rejects = {}, []


class _PoolParser:
    """Parse ParseJobs in worker processes, in input order, with a bounded window.

    Why bounded: ``Pool.imap`` would read a whole WARC ahead into its queue; here at most
    ``4 * workers`` documents are in flight, so memory stays flat. A worker that dies on a
    document (a crash in a C parser, the OOM killer) costs that document a Reject, and a
    fresh pool takes the rest.
    """

    def __init__(self, workers: int):
        self.workers = workers
        self.pool = self._new_pool()

    def _new_pool(self):
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        # fork: workers inherit the imported parsers (spawn would re-run ``python -m retold``).
        return ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("fork"))

    def parse(self, items: Iterable) -> Iterable:
        from collections import deque

        pending: deque = deque()
        for item in items:
            pending.append((item, self.pool.submit(run_job, item)) if isinstance(item, ParseJob) else (item, None))
            while len(pending) > 4 * self.workers:
                yield self._result(pending.popleft(), pending)
        while pending:
            yield self._result(pending.popleft(), pending)

    def _result(self, entry, pending) -> Article | Reject | Skipped:
        from concurrent.futures.process import BrokenProcessPool

        item, future = entry
        if future is None:
            return item
        try:
            return future.result()
        except BrokenProcessPool:
            self.pool.shutdown(wait=False, cancel_futures=True)
            self.pool = self._new_pool()
            for i, (job, fut) in enumerate(pending):  # resubmit what the dead pool held
                if fut is not None:
                    pending[i] = (job, self.pool.submit(run_job, job))
            loc = item.location
            return Reject(path=loc.path, offset=loc.offset, record_id=loc.record_id,
                          reason="the parser process died on this document (crash or out of memory)")

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


def now_utc() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def ingest(
    store: Store,
    paths: Iterable[str | os.PathLike],
    progress: Progress | None = None,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    batch_size: int = DEFAULT_BATCH,
    force: bool = False,
    workers: int = 1,
    on_batch: Callable[[IngestSummary], None] | None = None,
) -> IngestSummary:
    """Ingest every input under ``paths`` into ``store``; see the module docstring.

    ``progress(stage, done, total)`` is called with ``("files", n, total_files)`` and
    ``("docs", n, 0)``. ``force`` re-reads inputs already recorded as finished.
    ``workers`` > 1 parses in that many processes (reading, order and commits stay here).
    ``on_batch`` is called after each committed batch (tests use it to kill a run).
    """
    if batch_size < 1:
        raise ValueError(f"batch_size must be >= 1, got {batch_size}")
    if workers < 1:
        raise ValueError(f"workers must be >= 1, got {workers}")
    if max_bytes < 1:
        raise ValueError(f"max_bytes must be >= 1, got {max_bytes}")
    store.ensure_tables([Article, Reject, IngestProgress, Restamped])
    summary = IngestSummary()
    started = time.perf_counter()
    writer = _Writer(store, summary)
    sources = list(iter_sources(paths))
    pool = _PoolParser(workers) if workers > 1 else None
    try:
        _ingest_sources(store, sources, writer, summary, progress, pool, max_bytes, batch_size,
                        force, on_batch)
    finally:
        if pool is not None:
            pool.close()
    writer.flush()
    summary.seconds = time.perf_counter() - started
    return summary


def _ingest_sources(store, sources, writer, summary, progress, pool, max_bytes, batch_size,
                    force, on_batch) -> None:
    """The per-input loop of :func:`ingest` (skip unchanged, resume, batch commits)."""
    total = len(sources)
    docs_seen = 0
    for n, source in enumerate(sources, start=1):
        if isinstance(source, Reject):
            writer.add(source)
            continue
        summary.inputs += 1
        prog = store.get(IngestProgress, path=source.path)
        same = prog is not None and prog.same_file(source)
        if same and prog.done and not force:
            summary.unchanged += 1
            if progress:
                progress("files", n, total)
            continue
        rejected_before = summary.rejected
        start = (prog.offset + 1) if same and prog.offset is not None and not force else 0
        state = IngestProgress(path=source.path, size=source.size, mtime=source.mtime,
                               kind=source.kind, offset=prog.offset if start else None,
                               docs=prog.docs if start else 0)
        if pool is None:
            items = iter_source(source, max_bytes=max_bytes, start_offset=start)
        else:
            items = pool.parse(read_source(source, max_bytes=max_bytes, start_offset=start))
        for item in items:
            if isinstance(item, Skipped):
                summary.skipped += 1
                continue
            offset = item.locations[0].offset if isinstance(item, Article) else item.offset
            # Commit between records, never between two items of one record (a truncation
            # reject and its article share an offset), so the resume offset is exact.
            if len(writer) >= batch_size and (offset is None or offset != state.offset):
                _commit(store, writer, state, done=False)
                if on_batch:
                    on_batch(summary)
            writer.add(item)
            if isinstance(item, Article):
                state.docs += 1
                docs_seen += 1
                if progress:
                    progress("docs", docs_seen, 0)
            if offset is not None and source.kind in ("warc", "jsonl"):
                state.offset = max(state.offset or 0, offset)
        # An input that gave nothing but rejects (binary, empty, too big...) is not marked
        # done: a re-run reports it again (and exits non-zero) instead of calling it unchanged.
        _commit(store, writer, state, done=state.docs > 0 or summary.rejected == rejected_before)
        if progress:
            progress("files", n, total)


def _commit(store: Store, writer: _Writer, state: IngestProgress, done: bool) -> None:
    writer.flush()
    state.done, state.updated = done, now_utc()
    store.upsert([state])


def finished_inputs(store: Store) -> Sequence[IngestProgress]:
    return store.query(IngestProgress, "done", order="path")
