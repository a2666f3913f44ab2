"""Articles from WARC files (crawls, Common Crawl WARC/WET), streamed record by record.

Why fastwarc: it is the fastest streaming reader (C++), reads gzip-per-record and
uncompressed WARCs alike, and hands each record's byte offset (``stream_pos``), which is
what a Location needs to point back into a multi-GB file. Only one record's block is ever
in memory, and that is capped (``max_bytes``): a 200 MB response becomes a reject, not an
out-of-memory kill.

What is read:

* ``response`` records whose HTTP ``Content-Type`` is HTML -> the HTML parser;
* ``conversion`` records (Common Crawl WET, ``text/plain``) -> the plain-text parser;
* ``resource`` records holding HTML or text, the same way.

Everything else (warcinfo, request, metadata, revisit, images, robots.txt...) is *skipped*
and counted, not rejected: those records are the normal furniture of a WARC.

Truncation: a gzip member cut short (``resiliparse_clipped.warc.gz``) still yields the
record as far as it goes, and the short read (block shorter than ``Content-Length``) is
reported as a Reject with the record's offset, so the user knows the text may be partial.
"""
from __future__ import annotations

import zlib
from collections.abc import Iterator
from dataclasses import dataclass

from retold.ingest.decode import DecodeError, decode_bytes, declared_charset
from retold.records import Location, Reject

__all__ = ["iter_warc", "Skipped", "WarcDoc"]

_TEXT_TYPES = ("text/plain",)
_HTML_TYPES = ("text/html", "application/xhtml+xml")


@dataclass
class Skipped:
    """A record that is not an article (counted, never an error)."""

    reason: str
    offset: int | None = None


@dataclass
class WarcDoc:
    """A record worth parsing: its decoded text and where it came from."""

    kind: str  # html | text
    text: str
    location: Location


def _split_http(block: bytes) -> tuple[dict[str, str], bytes, int]:
    """(headers, body, status) of an HTTP response block; status 0 when not HTTP."""
    sep = block.find(b"\r\n\r\n")
    sep_len = 4
    if sep < 0:
        sep, sep_len = block.find(b"\n\n"), 2
    if sep < 0 or not block.startswith(b"HTTP/"):
        return {}, block, 0
    head = block[:sep].decode("iso-8859-1", "replace").splitlines()
    try:
        status = int(head[0].split()[1])
    except (IndexError, ValueError):
        status = 0
    headers: dict[str, str] = {}
    for line in head[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    body = block[sep + sep_len:]
    encoding = headers.get("content-encoding", "").lower()
    if encoding in ("gzip", "x-gzip", "deflate"):
        try:
            body = zlib.decompressobj(wbits=47).decompress(body)
        except zlib.error:
            pass  # crawlers usually store decoded bodies; keep the bytes as they are
    return headers, body, status


def iter_warc(
    path: str,
    *,
    max_bytes: int,
    start_offset: int = 0,
) -> Iterator[WarcDoc | Reject | Skipped]:
    """Yield a :class:`WarcDoc` per article-like record, Rejects and Skips for the rest.

    ``start_offset``: records before this byte offset are skipped without parsing (resume
    after an interrupted ingest; the offsets are those stored in Locations).
    """
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    wanted = WarcRecordType.response | WarcRecordType.conversion | WarcRecordType.resource
    try:
        fh = open(path, "rb")
    except OSError as exc:
        yield Reject(path=path, reason=f"cannot open WARC: {exc}")
        return
    with fh:
        gzipped = fh.read(2) == b"\x1f\x8b"
        pos: int | None = 0
        flagged: set[int] = set()  # offsets of records already reported
        while pos is not None:  # pos only grows: each resync starts after the last break
            fh.seek(pos)
            last_offset = None
            try:
                # Every record type is iterated (not filtered in fastwarc) so that the
                # furniture is counted as skipped and a break is located after the last
                # record read, whatever its type.
                for record in ArchiveIterator(fh, parse_http=False):
                    offset = record.stream_pos
                    last_offset = offset
                    if offset < start_offset:
                        continue
                    if "Content-Length" not in record.headers:  # the file ends in its headers
                        flagged.add(offset)
                        yield Reject(path=path, offset=offset,
                                     record_id=record.headers.get("WARC-Record-ID"),
                                     reason="truncated WARC record: the file ends inside its "
                                            "headers (no Content-Length), nothing of it could be read")
                        continue
                    if not record.record_type & wanted:
                        yield Skipped(f"{record.headers.get('WARC-Type', 'unknown')} record", offset)
                        continue
                    for item in _record(path, record, offset, max_bytes):
                        if isinstance(item, Reject):
                            flagged.add(offset)
                        yield item
                # fastwarc ends quietly when the file stops inside a record's headers (or
                # its gzip member): look for such a record after the last one read.
                # (in a .warc.gz the last record read is checked too: a member cut inside
                # its HTTP headers can pass for a short record)
                after = last_offset if last_offset is not None else (-1 if pos == 0 else None)
                cut = _cut_record_after(fh, after, gzipped) if after is not None else None
                if cut is not None and cut >= start_offset and cut not in flagged:
                    what = ("what could be read was used" if cut == last_offset
                            else "nothing of it could be read")
                    yield Reject(path=path, offset=cut,
                                 reason=f"truncated WARC record at byte {cut:,}: the file ends "
                                        f"inside it; {what}")
                pos = None
            except Exception as exc:  # corrupt framing: keep what was read, skip to the next record
                broken = last_offset if last_offset is not None else pos
                pos = _next_record_start(fh, broken + 1, gzipped)
                rest = (f"skipped to the next readable record at byte {pos:,}" if pos is not None
                        else "no readable record after it")
                yield Reject(path=path, offset=broken,
                             reason=f"WARC unreadable after byte {broken:,}: {exc}; {rest}")


def _cut_record_after(fh, after: int, gzipped: bool) -> int | None:
    """Start of the record the file ends inside of, looked for from the record read last
    (at byte ``after``, -1 for none) on; None when the file ends cleanly."""
    if not gzipped:  # a record starts after the blank line that ends the one before it
        if after < 0:
            fh.seek(0)
            return 0 if fh.read(5) == b"WARC/" else None
        fh.seek(after + 1)
        base, tail = after + 1, b""
        while chunk := fh.read(1 << 20):
            buf = tail + chunk
            hit = buf.find(b"\r\n\r\nWARC/1.")
            if hit >= 0:
                return base - len(tail) + hit + 4
            tail = buf[-12:]
            base += len(chunk)
        return None
    # from the member of the last record read (it may be the one cut short) to the end
    after_pos = max(after, 0)
    fh.seek(after_pos)
    start, fed = after_pos, after_pos  # current member's start; compressed bytes fed so far
    d = zlib.decompressobj(wbits=31)
    while chunk := fh.read(1 << 16):
        fed += len(chunk)
        while chunk:
            try:
                d.decompress(chunk, 1 << 16)
                while d.unconsumed_tail and not d.eof:  # discard output, bounded memory
                    d.decompress(d.unconsumed_tail, 1 << 16)
            except zlib.error:
                return None  # corrupt, not cut: the reader reported what it could
            if not d.eof:
                break
            rest = d.unused_data
            start = fed - len(rest) + (len(rest) - len(rest.lstrip(b"\x00")))
            chunk = rest.lstrip(b"\x00")
            d = zlib.decompressobj(wbits=31)
    ended = d.eof or not (d.unconsumed_tail or fed > start)
    return start if not ended else None


def _next_record_start(fh, start: int, gzipped: bool) -> int | None:
    """Byte offset of the next plausible record start at or after ``start`` (a gzip member
    header in a .warc.gz, a ``WARC/1.`` line otherwise), None at the end of the file."""
    marker = b"\x1f\x8b\x08" if gzipped else b"WARC/1."
    fh.seek(start)
    base, tail = fh.tell(), b""
    while chunk := fh.read(1 << 20):
        buf = tail + chunk
        hit = buf.find(marker)
        if hit >= 0:
            return base - len(tail) + hit
        tail = buf[-(len(marker) - 1):]
        base += len(chunk)
    return None


def _record(path: str, record, offset: int, max_bytes: int) -> Iterator[WarcDoc | Reject | Skipped]:
    headers = record.headers
    rtype = headers.get("WARC-Type", "")
    record_id = headers.get("WARC-Record-ID")
    url = headers.get("WARC-Target-URI")
    declared_len = record.content_length
    if declared_len > max_bytes:
        yield Reject(path=path, offset=offset, record_id=record_id, size=declared_len,
                     reason=f"WARC record is {declared_len:,} bytes, over the {max_bytes:,}-byte "
                            f"page limit (raise it with --max-bytes)")
        return
    block = record.reader.read(declared_len + 1)
    if len(block) < declared_len:
        yield Reject(path=path, offset=offset, record_id=record_id, size=declared_len,
                     reason=f"truncated WARC record (the file ends inside it): read {len(block):,} "
                            f"of {declared_len:,} bytes; the partial record was still ingested")
    location = Location(path=path, record_id=record_id, offset=offset, url=url,
                        fetched=headers.get("WARC-Date"))
    ctype = headers.get("Content-Type", "").lower()
    if rtype == "response" and "application/http" in ctype:
        http, body, status = _split_http(block)
        ctype = http.get("content-type", "").lower()
        if status and not 200 <= status < 300:
            yield Skipped(f"HTTP status {status}", offset)
            return
    else:
        body = block
    if any(t in ctype for t in _HTML_TYPES):
        kind = "html"
    elif any(t in ctype for t in _TEXT_TYPES) or (rtype == "conversion" and not ctype):
        kind = "text"
    else:
        yield Skipped(f"{rtype} record of type {ctype or 'unknown'}", offset)
        return
    if not body.strip():
        yield Skipped("empty payload", offset)
        return
    try:
        text, _ = decode_bytes(body, declared_charset(body, ctype))
    except DecodeError as exc:
        yield Reject(path=path, offset=offset, record_id=record_id, reason=str(exc))
        return
    yield WarcDoc(kind=kind, text=text, location=location)

