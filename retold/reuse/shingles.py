"""Shingles: a text as a set of stable 64-bit hashes of its word n-grams.

Why stable hashes (CRC-32 of each token, mixed to 64 bits) rather than Python's ``hash``:
signatures and LSH band keys are stored in DuckDB and compared across runs and processes
(Spark executors), so the same text must always give the same numbers.

Why hash tokens once and combine them with numpy: the n-gram hashes of a whole document are
then one vectorised expression instead of one ``sha1`` call per shingle (datasketch's cost).

Entity aliases (IS / ISIS / ISIL / Daesh, U.S. / United States ...) are mapped to one token
before hashing, so that a copy that swaps them still shares its shingles.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import numpy as np

TOKEN_RE = re.compile(r"\w+", re.UNICODE)

_M64 = np.uint64(0xFFFFFFFFFFFFFFFF)
_MUL = np.uint64(0x9E3779B97F4A7C15)

# Aliases of one entity, all mapped to the first spelling (casefolded tokens).
ALIASES: dict[str, str] = {}
for _group in (
    ("islamicstate", "isis", "isil", "daesh", "daish"),
    ("unitedstates", "usa"),
    ("unitedkingdom", "uk", "britain"),
    ("unitednations", "un"),
    ("european union", "eu"),
):
    for _alias in _group:
        ALIASES[_alias] = _group[0]
# Upper-case only: "IS"/"US" are entities, "is"/"us" are words.
_UPPER = re.compile(r"\b(IS|US)\b")
_UPPER_MAP = {"IS": "islamicstate", "US": "unitedstates"}
_REPLACE = (("islamic state of iraq and the levant", "islamicstate"),
            ("islamic state of iraq and syria", "islamicstate"),
            ("islamic state", "islamicstate"), ("united states", "unitedstates"),
            ("united kingdom", "unitedkingdom"), ("united nations", "unitednations"),
            ("u.s.a.", "unitedstates "), ("u.s.", "unitedstates "), ("u.k.", "unitedkingdom "),
            ("u.n.", "unitednations "))


def normalise_aliases(text: str) -> str:
    """``text`` casefolded, with multi-word and upper-case aliases written as one token.

    Plain ``str.replace`` (C speed) for the multi-word forms and a regex only when the
    text has an upper-case "IS"/"US": this is the hot path of candidate generation.
    """
    if "IS" in text or "US" in text:
        text = _UPPER.sub(lambda m: _UPPER_MAP[m.group(0)], text)
    low = text.casefold()
    for old, new in _REPLACE:
        if old in low:
            low = low.replace(old, new)
    return low


_SURFACE = re.compile(
    r"\b(?:" + "|".join(re.escape(old.rstrip(".")) + (r"\.?" if old.endswith(".") else "")
                        for old, _ in sorted(_REPLACE, key=lambda r: -len(r[0])))
    + "|" + "|".join(sorted((a for a in ALIASES if " " not in a), key=len, reverse=True))
    + r")(?!\w)", re.I)
_SURFACE_ENTITY = {**{a: ALIASES[a] for a in ALIASES if " " not in a},
                   **{old.rstrip("."): ALIASES.get(new.strip(), new.strip())
                      for old, new in _REPLACE}}
"""Each spelling :data:`_SURFACE` finds (casefolded, a final full stop dropped) -> its entity."""


def alias_surfaces(text: str) -> frozenset[tuple[str, str]]:
    """``(entity, spelling)`` of every alias ``text`` names: ``("islamicstate", "isis")``
    for "ISIS", ``("islamicstate", "is")`` for an upper-case "IS".

    Why: whether a quotation swapped one name for another ("IS" -> "Daesh") is a fact
    about the names, not about how much alike the two texts score once the names are
    unified: unifying a name *both* texts spell alike also lifts that score, so a
    comparison of scores called a plain rewording an entity swap."""
    found = {(_UPPER_MAP[m.group(0)], m.group(0).casefold()) for m in _UPPER.finditer(text)}
    for m in _SURFACE.finditer(text):
        spelling = m.group(0).casefold()
        entity = _SURFACE_ENTITY.get(spelling.rstrip("."))
        if entity is not None:
            found.add((entity, spelling))
    return frozenset(found)


def names_swapped(a: frozenset[tuple[str, str]], b: frozenset[tuple[str, str]]) -> bool:
    """Whether some entity both :func:`alias_surfaces` name is spelled differently."""
    spell_a: dict[str, set[str]] = {}
    spell_b: dict[str, set[str]] = {}
    for entity, spelling in a:
        spell_a.setdefault(entity, set()).add(spelling)
    for entity, spelling in b:
        spell_b.setdefault(entity, set()).add(spelling)
    return any(spell_a[e] != spell_b[e] for e in spell_a.keys() & spell_b.keys())


def normalise_words(text: str) -> list[str]:
    """Casefolded word tokens with entity aliases unified (no offsets: for hashing)."""
    return [ALIASES.get(w, w) for w in TOKEN_RE.findall(normalise_aliases(text))]


def word_spans(text: str) -> list[tuple[str, int, int]]:
    """``(normalised token, start, end)`` for every word, offsets into ``text``."""
    out = []
    for m in TOKEN_RE.finditer(text):
        w = m.group(0)
        w = _UPPER_MAP.get(w) or w.casefold()
        out.append((ALIASES.get(w, w), m.start(), m.end()))
    return out


def mix64(x: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser: spreads low-entropy integers over all 64 bits (in place)."""
    with np.errstate(over="ignore"):
        x ^= x >> np.uint64(30)
        x *= np.uint64(0xBF58476D1CE4E5B9)
        x ^= x >> np.uint64(27)
        x *= np.uint64(0x94D049BB133111EB)
        x ^= x >> np.uint64(31)
    return x


_P = np.uint64(0x100000001B3)  # the 64-bit FNV prime


# Bytes that are part of a word: ASCII letters, digits, "_" and any non-ASCII byte (UTF-8
# letters), except General Punctuation (U+2000-U+206F: curly quotes, dashes) and
# Latin-1 symbols (U+0080-U+00BF: no-break space, guillemets), masked below.
_WORD_BYTE = np.zeros(256, dtype=bool)
for _c in b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_":
    _WORD_BYTE[_c] = True
_WORD_BYTE[0x80:] = True


def _word_bounds(b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Start and end byte offsets of the words in UTF-8 bytes ``b``."""
    word = _WORD_BYTE[b]
    if len(b) and b.max() >= 0xC2:
        for lead, lo, hi, width in ((0xE2, 0x80, 0x81, 3), (0xC2, 0x80, 0xBF, 2)):
            at = np.flatnonzero(b[:-1] == lead)
            if len(at):
                nxt = b[at + 1]
                at = at[(nxt >= lo) & (nxt <= hi)]
                for k in range(width):
                    word[np.minimum(at + k, len(b) - 1)] = False
    edges = np.diff(word.view(np.int8), prepend=np.int8(0), append=np.int8(0))
    return np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)


MAX_WORD_BYTES = 32  # longer words are hashed by their first 32 bytes and their length


def _hash_words(b: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """FNV-style hash of each byte range ``[start, end)``, one numpy step per byte position
    (all words at once), so the cost is ``O(bytes)`` with no per-word Python call."""
    lengths = ends - starts
    h = np.full(len(starts), 0xCBF29CE484222325, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for k in range(min(MAX_WORD_BYTES, int(lengths.max()))):
            live = lengths > k
            idx = np.flatnonzero(live) if k else slice(None)
            hk = h[idx]
            hk ^= b[starts[idx] + k].astype(np.uint64)
            hk *= _P
            h[idx] = hk
        h += lengths.astype(np.uint64)
    return mix64(h)


def token_hashes_of_text(low: str) -> np.ndarray:
    """64-bit hashes of the words of ``low`` (already casefolded), in order.

    Vectorised over the UTF-8 bytes (see :func:`_hash_words`); stable across processes
    (no ``PYTHONHASHSEED``), unlike ``hash(str)``.
    """
    b = np.frombuffer(low.encode("utf-8"), dtype=np.uint8)
    starts, ends = _word_bounds(b)
    return _hash_words(b, starts, ends) if len(starts) else np.empty(0, dtype=np.uint64)


def token_hashes(words: Iterable[str]) -> np.ndarray:
    """The hash :func:`token_hashes_of_text` gives each of ``words`` (one word each)."""
    return np.array([token_hashes_of_text(w)[0] if w else 0 for w in words], dtype=np.uint64)


def ngram_hashes(tok: np.ndarray, n: int) -> np.ndarray:
    """64-bit hashes of every window of ``n`` token hashes (one shingle if fewer tokens)."""
    if n < 1:
        raise ValueError(f"n-gram size must be >= 1, got {n}: use 1 for words, 3 for phrases")
    if len(tok) == 0:
        return np.empty(0, dtype=np.uint64)
    if len(tok) < n:
        n = len(tok)
    m = len(tok) - n + 1
    h = tok[:m].copy()
    with np.errstate(over="ignore"):
        for j in range(1, n):
            h *= _MUL
            h += tok[j:j + m]
    return mix64(h)


_ALIAS_FROM = token_hashes(ALIASES)
_ALIAS_TO = token_hashes(ALIASES.values())
_ALIAS_ORDER = np.argsort(_ALIAS_FROM)
_ALIAS_FROM, _ALIAS_TO = _ALIAS_FROM[_ALIAS_ORDER], _ALIAS_TO[_ALIAS_ORDER]


def unify_aliases(tok: np.ndarray) -> np.ndarray:
    """Replace hashes of single-token aliases ("isis", "daesh") by their entity's (in place)."""
    pos = np.searchsorted(_ALIAS_FROM, tok)
    pos[pos == len(_ALIAS_FROM)] = 0
    hit = _ALIAS_FROM[pos] == tok
    if hit.any():
        tok[hit] = _ALIAS_TO[pos[hit]]
    return tok


def shingles(text: str, n: int = 3, unique: bool = True) -> np.ndarray:
    """Word ``n``-gram hashes of ``text`` (uint64; sorted and unique unless ``unique=False``).

    ``unique=False`` is for MinHash, where a minimum over a multiset equals the minimum over
    its set, so the sort can be skipped.
    """
    tok = unify_aliases(token_hashes_of_text(normalise_aliases(text)))
    h = ngram_hashes(tok, n)
    return np.unique(h) if unique else h


def shingle_batch(texts: Sequence[str], n: int = 3) -> list[np.ndarray]:
    """:func:`shingles` (``unique=False``) of many texts with one pass of numpy operations.

    Per-document numpy calls cost more than the hashing itself on short news items, so the
    texts are joined, tokenised and hashed as one byte array; windows that straddle two
    documents are dropped, and a document shorter than ``n`` words gets one shingle of all
    its words, as :func:`ngram_hashes` does.
    """
    if n < 1:
        raise ValueError(f"n-gram size must be >= 1, got {n}")
    encoded = [normalise_aliases(t or "").encode("utf-8") for t in texts]
    lengths = np.fromiter((len(e) + 1 for e in encoded), dtype=np.int64, count=len(encoded))
    doc_start = np.zeros(len(encoded), dtype=np.int64)
    np.cumsum(lengths[:-1], out=doc_start[1:])
    b = np.frombuffer(b"\n".join(encoded), dtype=np.uint8)
    starts, ends = _word_bounds(b)
    if len(starts) == 0:
        return [np.empty(0, dtype=np.uint64) for _ in texts]
    tok = unify_aliases(_hash_words(b, starts, ends))
    # words per document from the first word of each (len(texts) binary searches, not one
    # per word): separators are not word bytes, so no word straddles two documents
    first_word = np.searchsorted(starts, doc_start)
    counts = np.diff(first_word, append=len(starts))
    doc = np.repeat(np.arange(len(texts)), counts)
    m = len(tok) - n + 1
    out_h, out_d = [], []
    if m > 0:
        h = tok[:m].copy()
        with np.errstate(over="ignore"):
            for j in range(1, n):
                h *= _MUL
                h += tok[j:j + m]
        same = doc[:m] == doc[n - 1:]
        out_h.append(mix64(h[same]))
        out_d.append(doc[:m][same])
    short = np.flatnonzero((counts > 0) & (counts < n))
    if len(short):
        first = np.searchsorted(doc, short)
        out_h.append(np.array([ngram_hashes(tok[f:f + c], n)[0]
                               for f, c in zip(first, counts[short])], dtype=np.uint64))
        out_d.append(short)
    hashes = np.concatenate(out_h)
    docs = np.concatenate(out_d)
    if len(out_h) > 1:  # short documents were appended out of order
        order = np.argsort(docs, kind="stable")
        hashes, docs = hashes[order], docs[order]
    bounds = np.searchsorted(docs, np.arange(1, len(texts)))
    return np.split(hashes, bounds)
