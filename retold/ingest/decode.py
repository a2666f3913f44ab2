"""Bytes to text for crawled pages, whose declared encodings are often wrong.

Why a module of its own: crawlers save bytes, and the bytes lie. A page says
``charset=iso-8859-1`` and is UTF-8, a Windows editor writes cp1252 curly quotes, an export
tool writes UTF-16 with a BOM. Decoding must pick the reading that is *true*, in this order:

1. a byte-order mark (UTF-8/16/32) wins over everything, because it cannot be an accident;
2. strict UTF-8 (a random non-UTF-8 text almost never decodes as valid UTF-8);
3. the declared charset (HTTP header, ``<meta charset>``), unless decoding with it yields
   control characters or mojibake, i.e. it is mislabelled;
4. charset-normalizer's guess, then cp1252 (the usual "latin-1" of the web).

Binary inputs (images, PDFs, archives) are refused with a :class:`DecodeError` that says so,
rather than turned into a page of garbage that would pollute every later stage.
"""
from __future__ import annotations

import codecs
import re

__all__ = ["DecodeError", "decode_bytes", "looks_binary", "declared_charset"]

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Magic numbers of formats that are never pages.
_BINARY_MAGIC = (
    b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"\x7fELF",
    b"BZh", b"\xfd7zXZ", b"7z\xbc\xaf", b"RIFF", b"OggS", b"\x00\x00\x01\x00",
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_MOJIBAKE = re.compile(r"[ÃÂâ][\x80-\xbf€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]")
# Labels browsers read as a superset (WHATWG Encoding Standard): pages rely on it.
_ALIASES = {
    "iso-8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252", "ascii": "cp1252",
    "us-ascii": "cp1252", "gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030",
    "shift-jis": "shift_jis", "x-sjis": "shift_jis", "iso-8859-9": "cp1254", "tis-620": "cp874",
}
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)


class DecodeError(ValueError):
    """The bytes are not text in any encoding we can trust; the message says why."""


def _bom(data: bytes) -> tuple[str, int] | None:
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name, len(bom)
    return None


def looks_binary(data: bytes) -> str | None:
    """A reason string when ``data`` (its first few KB suffice) is not text, else None.

    NUL bytes never occur in 8-bit or UTF-8 text; UTF-16 without a BOM is recognised by
    NULs at every other position and is *not* binary.
    """
    head = data[:8192]
    if _bom(head):
        return None
    for magic in _BINARY_MAGIC:
        if head.startswith(magic):
            return f"binary file (starts with {magic[:4]!r}), not a text or HTML page"
    if not head:
        return None
    nuls = head.count(0)
    if nuls:
        even, odd = head[0::2].count(0), head[1::2].count(0)
        if max(even, odd) > 0.3 * (len(head) / 2) and min(even, odd) < 0.05 * len(head):
            return None  # UTF-16 without BOM
        return f"binary file ({nuls} NUL bytes in the first {len(head)} bytes)"
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    if controls > 0.1 * len(head):
        return f"binary file ({controls} control bytes in the first {len(head)} bytes)"
    return None


def declared_charset(data: bytes, content_type: str | None = None) -> str | None:
    """The charset a page claims: HTTP ``Content-Type`` first, then ``<meta charset>``."""
    if content_type:
        m = re.search(r"charset\s*=\s*[\"']?([\w.:-]+)", content_type, re.I)
        if m:
            return m.group(1).lower()
    m = _META_CHARSET.search(data[:4096])
    return m.group(1).decode("ascii", "replace").lower() if m else None


def _plausible(text: str) -> bool:
    """False when a decoding produced C1 controls or UTF-8-read-as-latin mojibake."""
    sample = text[:20000]
    if not sample:
        return True
    bad = len(_CONTROL.findall(sample)) + 3 * len(_MOJIBAKE.findall(sample))
    return bad <= max(2, len(sample) // 2000)


def decode_bytes(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode ``data`` to ``(text, encoding_used)``; raise :class:`DecodeError` if binary.

    ``declared`` is the encoding the container claims (HTTP header, meta tag); it is a hint,
    not a command (see the module docstring for the order of trust).
    """
    bom = _bom(data)
    if bom:
        name, skip = bom
        try:
            return data[skip:].decode(name), name
        except UnicodeDecodeError as exc:
            raise DecodeError(f"byte-order mark says {name} but bytes are not {name}: {exc}")
    reason = looks_binary(data)
    if reason:
        raise DecodeError(reason)
    if data[:4096].count(0):  # UTF-16 without BOM: pick endianness by where NULs sit
        name = "utf-16-le" if data[1:4096:2].count(0) > data[0:4096:2].count(0) else "utf-16-be"
        try:
            return data.decode(name), name
        except UnicodeDecodeError as exc:
            raise DecodeError(f"looks like UTF-16 but is not decodable: {exc}")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    declared = _ALIASES.get(declared.replace("_", "-"), declared) if declared else None
    guess = _guess(data)
    if declared and declared.replace("_", "-") not in ("utf-8", "utf8"):
        try:
            codecs.lookup(declared)
            text = data.decode(declared)
            # A Latin label over text that is mostly non-ASCII letters is the classic
            # mislabel (a cp1251 page served as iso-8859-1): trust a non-Latin guess then.
            if _plausible(text) and not (guess and _non_latin(guess[0]) and _non_ascii_share(text) > 0.3):
                return text, declared
        except (LookupError, UnicodeDecodeError):
            pass  # unknown or wrong label: fall through to detection
    if guess and _non_latin(guess[0]):
        return guess
    try:
        text = data.decode("cp1252")  # the web's default for undeclared 8-bit Latin text
        if _plausible(text):
            return text, "cp1252"
    except UnicodeDecodeError:
        pass
    if guess:
        return guess
    text = data.decode("utf-8", errors="replace")
    if text.count("\ufffd") > max(8, len(text) // 100):
        raise DecodeError(
            f"undecodable bytes: not UTF-8, not {declared or 'a declared charset'}, "
            f"no reliable encoding guess ({text.count(chr(0xFFFD))} invalid sequences)"
        )
    return text, "utf-8 (with replacements)"


def _guess(data: bytes) -> tuple[str, str] | None:
    """charset-normalizer's best guess, kept only if it is a plausible reading."""
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200000]).best()
    if best is None or not best.encoding:
        return None
    try:
        text = data.decode(best.encoding)
    except (UnicodeDecodeError, LookupError):
        return None
    return (text, best.encoding) if _plausible(text) else None


def _letters(text: str) -> list[str]:
    return [c for c in text[:20000] if c.isalpha()]


def _non_ascii_share(text: str) -> float:
    letters = _letters(text)
    return sum(1 for c in letters if ord(c) > 127) / len(letters) if letters else 0.0


def _non_latin(text: str) -> bool:
    """True when most non-ASCII letters are outside the Latin blocks (Cyrillic, Greek...)."""
    outside = [c for c in _letters(text) if ord(c) > 127]
    if not outside:
        return False
    return sum(1 for c in outside if ord(c) > 0x24F) > 0.5 * len(outside)
