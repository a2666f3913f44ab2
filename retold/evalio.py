"""Reading the evaluation interfaces' JSONL input, one line at a time, never failing whole.

``retold statements|reuse|lineage --input`` all read lines of ``{"id" (or "doc_id"),
"text", ...}``. Independent checks feed them imperfect files, so every line is judged on
its own: bytes that are not UTF-8, text that is not JSON, a JSON value that is not an
object, a missing or non-string ``text``, a repeated id — each gives a message naming the
file and line, and the other lines go on.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass
class InputLine:
    number: int  # 1-based line number
    offset: int  # byte offset of the line in the file
    size: int  # bytes
    row: dict[str, Any] | None  # the object, with "id" filled from "doc_id" if needed
    problem: str | None = None  # why the line is unusable ("path:line: reason")


def iter_input(path: str | Path, require_text: bool = True) -> Iterator[InputLine]:
    """Every non-blank line of ``path`` as an :class:`InputLine`; raises OSError if unreadable."""
    seen: set[str] = set()
    offset = 0
    with open(path, "rb") as fh:
        for n, raw in enumerate(fh, 1):
            size = len(raw)
            here = offset
            offset += size
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
