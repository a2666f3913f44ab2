"""Articles from JSON Lines: one object per line with ``text`` or ``html``.

Optional keys: ``url``, ``title``, ``published`` (or ``date``), ``outlet`` (domain or
display name), ``id`` (kept as the Location's record id), ``section``, ``authors``. What the
producer states wins over what the parsers guess; dates are normalised to ISO 8601.

Why ``text`` is *not* run through the crawled-page parser: a JSONL export is somebody's
already-extracted article (datasets, news APIs, Reuters-21578), so nothing in it is menu
or footer, and dropping a line would silently lose body. It is only split into paragraphs
(blank lines, or indented first lines as in newswire text) and hard wraps are undone.
Set ``"raw": true`` on a line to run the plain-text parser anyway (a crawler's dump).

Each line is independent: a malformed line becomes a Reject with its byte offset and
line number and the next line is read.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from retold.ingest.plaintext import clean_line
from retold.records import Block, Location, Reject

__all__ = ["iter_jsonl", "JsonDoc", "text_blocks", "FIELD_ALIASES"]

_PARA_BREAK = re.compile(r"\n\s*\n")
FIELD_ALIASES: dict[str, tuple[str, ...]] = {"published": ("date",), "authors": ("author",),
                                             "outlet": ("site",)}
"""Other names producers give a field, read when the field itself is missing."""


@dataclass
class JsonDoc:
    kind: str  # text | html | raw (crawled plain text)
    content: str
    meta: dict[str, Any]
    location: Location


def text_blocks(text: str) -> list[Block]:
    """Paragraph blocks of already-clean text, losing nothing but layout whitespace."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    chunks = _PARA_BREAK.split(text)
    if len(chunks) == 1:
        lines = text.split("\n")
        indented = sum(1 for ln in lines[1:] if ln[:1] in (" ", "\t"))
        if indented >= 2:  # newswire: each paragraph's first line is indented
            chunks, buf = [], []
            for ln in lines:
                if ln[:1] in (" ", "\t") and buf:
                    chunks.append("\n".join(buf))
                    buf = []
                buf.append(ln)
            chunks.append("\n".join(buf))
        elif lines and max(len(ln) for ln in lines) > 100:
            chunks = lines  # one paragraph per line (no hard wrapping)
    blocks = []
    for chunk in chunks:
        para = clean_line(chunk.replace("\n", " "))
        if para:
            blocks.append(Block(kind="paragraph", text=para))
    return blocks


def _usable(key: str, value: Any) -> bool:
    """Is ``value`` a usable ``key``? Text fields take a string or a number (written out),
    ``authors`` also a list; an object or a boolean where text belongs is left out, so the
    line is read without it rather than lost."""
    if value in (None, "", []) or isinstance(value, (bool, dict)):
        return False
    return key == "authors" or not isinstance(value, list)


def iter_jsonl(path: str, stream, *, max_bytes: int, start_offset: int = 0) -> Iterator[JsonDoc | Reject]:
    """One :class:`JsonDoc` or :class:`Reject` per non-blank line of a binary ``stream``."""
    offset = 0
    for number, raw in enumerate(stream, start=1):
        here, offset = offset, offset + len(raw)
        if here < start_offset or not raw.strip():
            continue
        where = dict(path=path, offset=here, record_id=f"line:{number}")
        if len(raw) > max_bytes:
            yield Reject(**where, size=len(raw),
                         reason=f"line {number} is {len(raw):,} bytes, over the {max_bytes:,}-byte limit")
            continue
        try:
            obj = json.loads(raw.decode("utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            yield Reject(**where, reason=f"line {number} is not valid UTF-8 JSON: {exc}")
            continue
        if not isinstance(obj, dict):
            yield Reject(**where, reason=f"line {number} is a JSON {type(obj).__name__}, not an object")
            continue
        html, text = obj.get("html"), obj.get("text")
        if not isinstance(html, str) and not isinstance(text, str):
            yield Reject(**where, reason=f"line {number} has neither a 'text' nor an 'html' string")
            continue
        meta = {k: obj[k] for k in ("title", "published", "outlet", "section", "authors")
                if _usable(k, obj.get(k))}
        for key, aliases in FIELD_ALIASES.items():
            for alias in aliases:
                if key not in meta and _usable(key, obj.get(alias)):
                    meta[key] = obj[alias]
        url = obj.get("url") if isinstance(obj.get("url"), str) else None
        loc = Location(path=path, offset=here, url=url or None,
                       record_id=f"id:{obj['id']}" if obj.get("id") is not None else f"line:{number}")
        if isinstance(html, str) and html.strip():
            yield JsonDoc("html", html, meta, loc)
        else:
            yield JsonDoc("raw" if obj.get("raw") else "text", text, meta, loc)
