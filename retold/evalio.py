"""Reading the evaluation interfaces' JSONL input, one line at a time, never failing whole.

``retold statements|reuse|lineage --input`` all read lines of ``{"id" (or "doc_id"),
"text", ...}``. Independent checks feed them imperfect files, so every line is judged on
its own: bytes that are not UTF-8, text that is not JSON, a JSON value that is not an
object, a missing or non-string ``text``, a repeated id — each gives a message naming the
file and line, and the other lines go on.

:func:`article_of` then reads a usable line's fields the way ``retold ingest`` reads a
JSONL line, so one file means the same to the store and to every evaluation interface:
``published`` or ``date``; ``outlet`` or ``site``; and when neither names the outlet, the
registrable domain of ``url`` (a crawl gives a URL, seldom an outlet name); with no date,
the day the URL's path gives ("/2024/02/14/"), as for an HTML page.
"""
from __future__ import annotations

import gzip
import json
import sys
from collections.abc import Iterator
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, ContextManager

from retold import dates
from retold.ingest.headline import cap_title
from retold.ingest.jsonl import FIELD_ALIASES
from retold.records import Article, body_hash


@dataclass
class InputLine:
    number: int  # 1-based line number
    offset: int  # byte offset of the line in the file
    size: int  # bytes
    row: dict[str, Any] | None  # the object, with "id" filled from "doc_id" if needed
    problem: str | None = None  # why the line is unusable ("path:line: reason")


def open_input(path: str | Path) -> ContextManager[BinaryIO]:
    """The bytes of an evaluation input, for a ``with`` block: ``-`` is standard input
    (left open), a ``.gz`` name is gunzipped (as ``retold ingest`` reads one); raises
    OSError if unreadable."""
    if str(path) == "-":
        return nullcontext(sys.stdin.buffer)
    if str(path).endswith(".gz"):
        return gzip.open(path, "rb")  # type: ignore[return-value]
    return open(path, "rb")


def iter_input(path: str | Path, require_text: bool = True) -> Iterator[InputLine]:
    """Every non-blank line of ``path`` as an :class:`InputLine` (``-``: standard input;
    ``.gz``: gunzipped; a UTF-8 byte-order mark on the first line is no part of it);
    raises OSError if unreadable (and ``gzip.BadGzipFile``, an OSError, if not gzip)."""
    seen: set[str] = set()
    offset = 0
    with open_input(path) as fh:
        for n, raw in enumerate(fh, 1):
            size = len(raw)
            here = offset
            offset += size
            if n == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            if not raw.strip():
                continue
            row, problem = _judge(raw, require_text)
            if row is not None:
                rid = row.get("id")
                if rid is not None:
                    rid = str(rid)
                    row["id"] = rid
                    if rid in seen:
                        row, problem = None, f"duplicate id {rid!r}: keeping the first"
                    else:
                        seen.add(rid)
            if problem:
                problem = f"{path}:{n}: {problem}"
            yield InputLine(n, here, size, row, problem)


def _judge(raw: bytes, require_text: bool) -> tuple[dict | None, str | None]:
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, f"not UTF-8 (byte {exc.start})"
    return judge_line(line, require_text)


def judge_line(line: str, require_text: bool = True) -> tuple[dict | None, str | None]:
    """One decoded line as ``(row, None)``, or ``(None, why it is unusable)``: the words
    every evaluation interface uses for a bad line."""
    if not line.strip():
        return None, "empty line"
    try:
        row = json.loads(line)
    except json.JSONDecodeError as exc:
        return None, f"not JSON ({exc.msg})"
    if not isinstance(row, dict):
        return None, f"not a JSON object (got {type(row).__name__})"
    if "id" not in row and "doc_id" in row:
        row["id"] = row["doc_id"]
    if require_text:
        if "text" not in row:
            return None, 'missing "text"'
        if not isinstance(row["text"], str):
            return None, f'"text" is not a string (got {type(row["text"]).__name__})'
    return row, None


def value_of(row: Any, key: str) -> Any:
    """``row[key]``, else its first alias with a value (the aliases ``retold ingest`` reads,
    :data:`retold.ingest.jsonl.FIELD_ALIASES`); None if none."""
    for k in (key, *FIELD_ALIASES.get(key, ())):
        if row.get(k) not in (None, "", []):
            return row[k]
    return None


TEXT_FIELDS = ("title", "outlet", "site", "outlet_name", "url")


def _text(value: Any) -> str | None:
    """A text field's value: a string as it is, a number written out, anything else
    (an object, a list, true/false) unusable: None (see :func:`unusable_fields`)."""
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return None


def unusable_fields(row: Any) -> list[str]:
    """The optional text fields of ``row`` whose value :func:`article_of` ignores, so the
    caller can say so: the line is used, without them."""
    return [k for k in TEXT_FIELDS if row.get(k) not in (None, "", [])
            and _text(row[k]) is None]


def input_notes(rows: list[dict], path: str | Path) -> list[str]:
    """What the evaluation interfaces say about usable lines they read only in part: a
    ``published`` that is no date (the article counts as undated) and text fields holding
    an object, a list or a boolean (read without them). The same words from ``retold
    reuse`` and ``retold lineage``, so a file is judged alike by both."""
    notes = []
    given = [(r, value_of(r, "published")) for r in rows]
    undated = [(r, v) for r, v in given if v is not None and dates.parse(v) is None]
    if undated:
        shown = ", ".join(f"{r.get('id')!r}: {str(v)[:40]!r}" for r, v in undated[:3])
        notes.append(f"{len(undated)} articles of {path} have a 'published' that is not a "
                     f"date ({shown}); treated as undated")
    odd = [(r, f) for r in rows if (f := unusable_fields(r))]
    if odd:
        shown = ", ".join(f"{r.get('id')!r}: {', '.join(f)}" for r, f in odd[:3])
        notes.append(f"{len(odd)} articles of {path} have fields that are not text "
                     f"({shown}); read without them")
    return notes


def article_of(row: Any) -> Article:
    """An :class:`Article` from an input row ``{"id"?, "text", "title"?, "outlet"?,
    "published"?, "url"?}``. The id defaults to the body hash; a given outlet is kept as
    written (its name compares with the credits in the text: "told Newsweek"); without
    one the URL's registrable domain is the outlet and its display name
    (:func:`retold.ingest.outlet.outlet_name`) stands for it in those comparisons. A
    text field holding a number is read as text; one holding an object, a list or a
    boolean is left out (:func:`unusable_fields` names them)."""
    text = row["text"]
    given = _text(row.get("outlet")) or _text(row.get("site"))
    url, name = _text(row.get("url")), _text(row.get("outlet_name"))
    if not given and url:
        from retold.ingest.outlet import outlet_name, registrable_domain

        given = registrable_domain(url)
        name = name or outlet_name(given)
    return Article(id=str(row.get("id") or body_hash(text)), text=text, url=url,
                   title=cap_title(_text(row.get("title"))), outlet=given, outlet_name=name or given,
                   published=dates.to_iso(value_of(row, "published")) or dates.from_url(url))
