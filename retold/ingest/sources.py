"""From what the user typed (files, directories, globs) to typed, readable inputs.

Users point retold at whatever their crawler left: a folder tree of ``.html`` and
``.txt.gz`` files, a few ``.warc.gz``, a JSONL export. This module expands the paths
(directories recursively, globs with ``**``), sniffs each file's *content* (extensions lie:
a ``.gz`` may be a WARC, a ``.txt`` may be HTML) and reads it with a size cap, gzip
handled transparently and a truncated gzip stream salvaged up to the damage.

Nothing here raises for a bad input: problems come back as :class:`~retold.records.Reject`
records naming the path, so one bad file never stops a batch.
"""
from __future__ import annotations

import glob
import os
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from retold.records import Reject

__all__ = ["Source", "expand", "sniff", "read_capped", "open_stream", "ReadResult",
           "DEFAULT_MAX_BYTES", "KINDS"]

DEFAULT_MAX_BYTES = 20 * 1024 * 1024  # one page; WARC files are streamed, records capped
KINDS = ("text", "html", "warc", "jsonl")
_GZIP_MAGIC = b"\x1f\x8b"
_SKIP_SUFFIXES = (".duckdb", ".duckdb.wal", ".wal", ".tmp")
_JSONL_SUFFIXES = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz", ".json", ".json.gz")
_HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".html.gz", ".htm.gz", ".shtml")


@dataclass(frozen=True)
class Source:
    """One input file, identified for resuming by path + size + mtime."""

    path: str
    size: int
    mtime: float
    kind: str  # one of KINDS
    gzipped: bool


@dataclass
class ReadResult:
    data: bytes
    problem: str | None = None  # e.g. truncated gzip: data is what could be salvaged
    problem_offset: int | None = None


def _walk(directory: Path) -> Iterator[Path | Reject]:
    """Files under ``directory``; symlinked directories are followed once (a symlink loop
    ends there), and a directory that cannot be listed is a Reject, not a silent gap."""
    errors: list[OSError] = []
    visited = {os.path.realpath(directory)}
    for root, dirs, files in os.walk(directory, onerror=errors.append, followlinks=True):
        while errors:
            exc = errors.pop(0)
            yield Reject(path=str(exc.filename or root),
                         reason=f"cannot read directory: {exc.strerror or exc}")
        kept = []
        for d in sorted(d for d in dirs if not d.startswith(".")):
            real = os.path.realpath(os.path.join(root, d))
            if real not in visited:  # a symlink loop or a second link to a walked directory
                visited.add(real)
                kept.append(d)
        dirs[:] = kept
        for name in sorted(files):
            if not name.startswith(".") and not name.endswith(_SKIP_SUFFIXES):
                yield Path(root) / name
    for exc in errors:
        yield Reject(path=str(exc.filename or directory),
                     reason=f"cannot read directory: {exc.strerror or exc}")


def expand(paths: Iterable[str | os.PathLike]) -> Iterator[Path | Reject]:
    """Every file named by ``paths`` once, in a stable order; a Reject for a missing path."""
    seen: set[str] = set()
    for raw in paths:
        raw = str(raw)
        if any(ch in raw for ch in "*?[") and not Path(raw).exists():
            matches = sorted(glob.glob(raw, recursive=True))
            if not matches:
                yield Reject(path=raw, reason="glob matched no files")
            candidates: list[Path] = [Path(m) for m in matches]
        else:
            candidates = [Path(raw)]
        for cand in candidates:
            if cand.is_dir():
                files: Iterable[Path | Reject] = _walk(cand)
            elif cand.is_file():
                files = [cand]
            else:
                yield Reject(path=str(cand), reason="no such file or directory")
                continue
            for f in files:
                if isinstance(f, Reject):
                    yield f
                    continue
                key = os.path.realpath(f)
                if key not in seen:
                    seen.add(key)
                    yield f


def open_stream(path: str | os.PathLike):
    """A binary file object, transparently gunzipped when the content is gzip."""
    import gzip

    fh = open(path, "rb")
    if fh.read(2) == _GZIP_MAGIC:
        fh.seek(0)
        return gzip.GzipFile(fileobj=fh, mode="rb")
    fh.seek(0)
    return fh


def _head(path: Path, n: int = 65536) -> tuple[bytes, bool]:
    with open(path, "rb") as fh:
        raw = fh.read(n)
    if raw.startswith(_GZIP_MAGIC):
        d = zlib.decompressobj(wbits=31)
        try:
            return d.decompress(raw, n), True
        except zlib.error:
            return b"", True
    return raw, False


def sniff(path: str | os.PathLike) -> Source:
    """Stat and classify a file by content first, extension second."""
    p = Path(path)
    st = p.stat()
    head, gz = _head(p)
    name = p.name.lower()
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    lowered = head[:4096].lower()
    if stripped.startswith(b"WARC/"):
        kind = "warc"
    elif name.endswith(_JSONL_SUFFIXES) or (stripped.startswith(b"{") and b'":' in stripped[:200]):
        kind = "jsonl"
    elif name.endswith(_HTML_SUFFIXES) or any(
        tag in lowered for tag in (b"<!doctype html", b"<html", b"<head", b"<body", b"<meta ")
    ):
        kind = "html"
    else:
        kind = "text"
    return Source(path=str(p), size=st.st_size, mtime=st.st_mtime, kind=kind, gzipped=gz)


def read_capped(source: Source, max_bytes: int = DEFAULT_MAX_BYTES) -> ReadResult:
    """The whole (decompressed) content, at most ``max_bytes``.

    Raises :class:`ValueError` with a user-facing reason when the content is larger than
    the cap or the gzip stream is not gzip at all. A truncated gzip stream returns what
    could be decompressed, with ``problem`` saying where it broke.
    """
    if not source.gzipped:
        if source.size > max_bytes:
            raise ValueError(
                f"page is {source.size:,} bytes, over the {max_bytes:,}-byte limit "
                f"(raise it with --max-bytes if this really is one page)"
            )
        with open(source.path, "rb") as fh:
            return ReadResult(fh.read())
    out = bytearray()
    consumed = 0  # compressed bytes fully accounted for (complete members)
    d = zlib.decompressobj(wbits=31)
    pending = False  # the current member has started but not ended
    with open(source.path, "rb") as fh:
        while chunk := fh.read(1 << 16):
            while chunk:
                try:
                    out += d.decompress(chunk)
                except zlib.error as exc:
                    raise ValueError(f"corrupt gzip data after byte {consumed:,}: {exc}") from exc
                if len(out) > max_bytes:
                    raise ValueError(
                        f"page decompresses to more than the {max_bytes:,}-byte limit "
                        f"(raise it with --max-bytes if this really is one page)"
                    )
                if d.eof:  # end of one gzip member: another may follow
                    consumed += len(chunk) - len(d.unused_data)
                    chunk = d.unused_data.lstrip(b"\x00")
                    d = zlib.decompressobj(wbits=31)
                    pending = False
                else:
                    pending = True
                    chunk = b""
    if pending:
        return ReadResult(bytes(out), problem=(
            f"truncated gzip member starting at byte {consumed:,}: the file ends at byte "
            f"{source.size:,} before the end-of-stream marker; kept the {len(out):,} "
            f"bytes that could be decompressed"), problem_offset=consumed)
    return ReadResult(bytes(out))

