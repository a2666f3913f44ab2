"""Ingest: crawled pages (plain text, HTML, WARC/WET, JSONL) into Article records.

Pure side: :func:`iter_inputs` turns paths into a stream of ``Article`` (one Location each),
``Reject`` (bad input, with path/offset/reason) and ``Skipped`` (WARC furniture such as
request or revisit records) items, never raising for a bad document. The parsers are
:func:`parse_plaintext` (``retold.ingest.plaintext``) and :func:`parse_html` (the HTML
stage, ``retold.ingest.html``).

Store side: :func:`ingest` (``retold.ingest.store``) writes the stream in batches,
merging duplicates and remembering finished inputs so a re-run adds nothing and an
interrupted run resumes.
"""
from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from typing import Any

from retold import dates
from retold.ingest.decode import DecodeError, decode_bytes, declared_charset
from retold.ingest.headline import cap_title
from retold.ingest.jsonl import iter_jsonl, text_blocks
from retold.ingest.outlet import domain_for_name, outlet_name, registrable_domain
from retold.ingest.plaintext import detect_language, parse_date, parse_plaintext
from retold.ingest.sources import DEFAULT_MAX_BYTES, Source, expand, open_stream, read_capped, sniff
from retold.ingest.warc import Skipped, WarcDoc, iter_warc
from retold.records import Article, Block, Location, Reject

__all__ = [
    "iter_inputs", "iter_source", "read_source", "run_job", "ParseJob", "parse_plaintext",
    "parse_html", "finish_article",
    "Skipped", "DEFAULT_MAX_BYTES", "ingest", "IngestSummary",
]

Item = Article | Reject | Skipped


def parse_html(html: str | bytes, url: str | None = None, **meta: Any) -> Article:
    """The HTML stage's parser (``retold.ingest.html.parse_html``), imported on first use."""
    from retold.ingest.html import parse_html as _parse_html

    return _parse_html(html, url=url, **meta)


def finish_article(article: Article, location: Location, source_format: str,
                   meta: dict[str, Any] | None = None) -> Article:
    """Fill what every Article must have, whatever parser made it.

    The id is the body hash every parser sets (computed here if one did not), container
    metadata (JSONL fields, WARC URL) fills the gaps, the outlet falls back on the URL's
    registrable domain, a day in the URL's path ("/2024/02/14/") stands in for a missing
    publication date, else a WARC-Date does (marked ``published_source="warc-date"``: an
    upper bound, not a claim).
    """
    meta = meta or {}
    article.id = article.id or Article.make_id(article.text)  # parsers set it from the same text
    article.url = article.url or location.url
    for key in ("title", "section"):  # what the producer states wins over the parsers' guess
        if meta.get(key):
            setattr(article, key, str(meta[key]))
    article.title = cap_title(article.title)
    if meta.get("authors"):
        authors = meta["authors"]
        article.authors = [str(a) for a in authors] if isinstance(authors, list) else [str(authors)]
    if meta.get("published"):
        iso = _iso_date(str(meta["published"]))
        if iso:
            article.published, article.published_source = iso, "input"
    given = str(meta["outlet"]) if meta.get("outlet") is not None else None
    domain = (registrable_domain(article.url) or registrable_domain(given)
              or domain_for_name(given if isinstance(given, str) else None) or article.outlet)
    if domain != article.outlet or not article.outlet_name:
        site = given if isinstance(given, str) and not registrable_domain(given) else None
        article.outlet_name = outlet_name(domain, site or article.outlet_name)
    article.outlet = domain
    if not article.published and (day := dates.from_url(article.url)):  # "/2024/02/14/"
        article.published, article.published_source = day, "url"
    if not article.published and location.fetched and source_format.startswith("warc"):
        article.published, article.published_source = location.fetched, "warc-date"
    article.language = article.language or detect_language(article.text)
    article.source_format = source_format
    article.locations = [location]
    return article


def _iso_date(value: str) -> str | None:
    """An input date as ISO 8601: kept if already ISO, else read by :mod:`retold.dates`
    (RFC 2822, "January 5, 2024 3:05 PM EST", epoch seconds: in UTC, at the precision
    given), else the first date in the text ("26-FEB-1987 15:01")."""
    value = value.strip()
    try:
        if len(value) == 10:
            return date.fromisoformat(value).isoformat()
        return datetime.fromisoformat(value.replace("Z", "+00:00")).isoformat()
    except ValueError:
        return dates.to_iso(value) or parse_date(value)


def _mtime_iso(mtime: float) -> str:
    return datetime.fromtimestamp(mtime, tz=timezone.utc).isoformat(timespec="seconds")


@dataclass
class ParseJob:
    """A document read and decoded but not parsed yet: what a worker process receives.

    Reading stays in one process (streamed, in order, for exact resume offsets); parsing,
    the costly part, can run in a pool (``ingest(..., workers=N)``).
    """

    kind: str  # html | text (crawled page) | clean (JSONL text: paragraphs only)
    content: str
    location: Location
    source_format: str  # text | html | warc-html | warc-wet | jsonl
    meta: dict[str, Any] = field(default_factory=dict)


def run_job(job: ParseJob) -> Article | Reject:
    """Parse one document; any failure becomes a Reject naming it (per-document handler)."""
    loc = job.location
    where = dict(path=loc.path, offset=loc.offset, record_id=loc.record_id)
    try:
        return finish_article(_parse(job), loc, job.source_format, job.meta)
    except ValueError as exc:
        return Reject(**where, reason=str(exc))
    except (RecursionError, MemoryError) as exc:
        return Reject(**where, reason=f"document too deeply nested or too large to parse: {type(exc).__name__}")
    except Exception as exc:  # a parser bug must not kill the batch; say which document
        return Reject(**where, reason=f"parser failed: {type(exc).__name__}: {exc}")


def _parse(job: ParseJob) -> Article:
    loc, meta = job.location, job.meta
    if job.kind == "html":
        return parse_html(job.content, url=loc.url, **meta)
    if job.kind == "text":
        return parse_plaintext(job.content, url=loc.url, path=loc.path, title=meta.get("title"))
    blocks: list[Block] = text_blocks(job.content)
    if not blocks:
        raise ValueError(f"{loc.record_id} of {loc.path}: 'text' is empty")
    text = "\n\n".join(b.text for b in blocks)
    return Article(id=Article.make_id(text), text=text, blocks=blocks, url=loc.url)


def _from_file(source: Source, max_bytes: int) -> Iterator[Reject | ParseJob]:
    try:
        read = read_capped(source, max_bytes)
    except ValueError as exc:
        yield Reject(path=source.path, reason=str(exc), size=source.size)
        return
    if read.problem:
        yield Reject(path=source.path, offset=read.problem_offset, reason=read.problem, size=source.size)
    if not read.data.strip():
        if not read.problem:
            yield Reject(path=source.path, reason="empty file (no text to ingest)", size=source.size)
        return
    declared = declared_charset(read.data) if source.kind == "html" else None
    try:
        text, _ = decode_bytes(read.data, declared)
    except DecodeError as exc:
        yield Reject(path=source.path, reason=str(exc), size=source.size)
        return
    loc = Location(path=source.path, fetched=_mtime_iso(source.mtime))
    yield ParseJob(source.kind, text, loc, source.kind)


def _from_warc(source: Source, max_bytes: int, start_offset: int) -> Iterator[Reject | Skipped | ParseJob]:
    for doc in iter_warc(source.path, max_bytes=max_bytes, start_offset=start_offset):
        if isinstance(doc, WarcDoc):
            fmt = "warc-html" if doc.kind == "html" else "warc-wet"
            yield ParseJob(doc.kind, doc.text, doc.location, fmt)
        else:
            yield doc


def _from_jsonl(source: Source, max_bytes: int, start_offset: int) -> Iterator[Reject | ParseJob]:
    try:
        stream = open_stream(source.path)
    except OSError as exc:
        yield Reject(path=source.path, reason=f"cannot open: {exc}")
        return
    with stream:
        try:
            for doc in iter_jsonl(source.path, stream, max_bytes=max_bytes, start_offset=start_offset):
                if isinstance(doc, Reject):
                    yield doc
                else:
                    kind = {"html": "html", "raw": "text"}.get(doc.kind, "clean")
                    yield ParseJob(kind, doc.content, doc.location, "jsonl", doc.meta)
        except (EOFError, OSError) as exc:  # truncated/corrupt gzip: keep the lines read so far
            yield Reject(path=source.path, offset=source.size,
                         reason=f"compressed JSONL ends early or is corrupt: {exc}")


def read_source(source: Source, max_bytes: int = DEFAULT_MAX_BYTES,
                start_offset: int = 0) -> Iterator[Reject | Skipped | ParseJob]:
    """Read one sniffed input into ParseJobs (and Rejects/Skips), in file order."""
    if source.size == 0:
        yield Reject(path=source.path, reason="empty file (0 bytes)", size=0)
        return
    if source.kind == "warc":
        yield from _from_warc(source, max_bytes, start_offset)
    elif source.kind == "jsonl":
        yield from _from_jsonl(source, max_bytes, start_offset)
    elif start_offset == 0:
        yield from _from_file(source, max_bytes)


def iter_source(source: Source, max_bytes: int = DEFAULT_MAX_BYTES, start_offset: int = 0) -> Iterator[Item]:
    """Every item of one sniffed input, parsed here; ``start_offset`` resumes WARC/JSONL."""
    for item in read_source(source, max_bytes, start_offset):
        yield run_job(item) if isinstance(item, ParseJob) else item


def iter_sources(paths: Iterable[str | os.PathLike]) -> Iterator[Source | Reject]:
    """Expanded, sniffed inputs (absolute paths); Rejects for missing/unreadable ones."""
    if isinstance(paths, (str, os.PathLike)):  # one path, not an iterable of characters
        paths = [paths]
    for found in expand(paths):
        if isinstance(found, Reject):
            yield found
            continue
        try:
            yield sniff(os.path.abspath(found))
        except OSError as exc:
            yield Reject(path=str(found), reason=f"cannot read: {exc.strerror or exc}")


def iter_inputs(paths: Iterable[str | os.PathLike], max_bytes: int = DEFAULT_MAX_BYTES,
                skipped: bool = False) -> Iterator[Item]:
    """Articles and Rejects for every input under ``paths`` (no store involved).

    ``skipped=True`` also yields a :class:`Skipped` per non-article WARC record.
    """
    for source in iter_sources(paths):
        if isinstance(source, Reject):
            yield source
            continue
        for item in iter_source(source, max_bytes):
            if skipped or not isinstance(item, Skipped):
                yield item


def __getattr__(name: str):  # lazy: the store side imports duckdb
    if name in ("ingest", "IngestSummary"):
        from retold.ingest import store as _store

        return getattr(_store, name)
    raise AttributeError(name)
