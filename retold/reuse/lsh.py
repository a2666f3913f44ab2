"""Locality-sensitive hashing of MinHash signatures: candidate pairs, never all pairs.

A signature of ``k`` values is cut into ``b`` bands of ``r`` rows (``b * r <= k``). Two
documents become candidates when all ``r`` values of at least one band agree. For two
documents of Jaccard similarity ``s``:

* one band agrees with probability :math:`s^r`;
* they are candidates with probability :math:`P(s) = 1 - (1 - s^r)^b` (the S-curve), whose
  steepest point is near :math:`t \\approx (1/b)^{1/r}`.

For a threshold ``t`` the false-positive mass is :math:`FP = \\int_0^t P(s)\\,ds` and the
false-negative mass :math:`FN = \\int_t^1 (1 - P(s))\\,ds`; :func:`optimal_params` picks the
``(b, r)`` minimising :math:`w_{fp} FP + w_{fn} FN` (as datasketch's ``MinHashLSH`` does).
We weight false negatives more by default: a missed candidate is lost for good, while a
false one only costs an alignment that rejects it.

Cost: each document writes ``b`` keys and reads ``b`` buckets, so indexing ``N`` documents is
``O(N b)`` plus the candidate pairs themselves. Buckets larger than ``max_bucket`` (a shingle
pattern shared by very many documents: exact duplicates, boilerplate) are linked as a star
to their first member instead of all pairs, which keeps the output linear too.

Signature computation (``minhash``), band keys (:func:`band_keys`, pure) and the bucket
storage (:class:`MemoryBuckets`, :class:`DuckDBBuckets`, or Spark's ``groupBy(band, key)``)
are separate so that each runs where it fits.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Protocol

import numpy as np
import pyarrow as pa

from retold.reuse.shingles import mix64


def _s_curve(s: np.ndarray, b: int, r: int) -> np.ndarray:
    return 1.0 - (1.0 - s ** r) ** b


def false_rates(threshold: float, b: int, r: int, steps: int = 200) -> tuple[float, float]:
    """``(FP, FN)`` areas of the S-curve for ``b`` bands of ``r`` rows at ``threshold``."""
    lo = np.linspace(0.0, threshold, steps)
    hi = np.linspace(threshold, 1.0, steps)
    fp = float(np.trapezoid(_s_curve(lo, b, r), lo))
    fn = float(np.trapezoid(1.0 - _s_curve(hi, b, r), hi))
    return fp, fn


def validate(threshold: float, num_perm: int, weights: tuple[float, float]) -> None:
    """Raise ``ValueError`` with a message saying how to fix bad LSH parameters."""
    if not 0.0 < threshold < 1.0:
        raise ValueError(f"threshold must be in (0, 1), got {threshold}: it is the Jaccard "
                         "similarity above which pairs should become candidates, e.g. 0.5")
    if not isinstance(num_perm, int) or num_perm < 2:
        raise ValueError(f"num_perm must be an integer >= 2, got {num_perm!r}")
    if len(weights) != 2 or any(w < 0 for w in weights) or abs(sum(weights) - 1.0) > 1e-6:
        raise ValueError(f"weights must be two non-negative numbers summing to 1 "
                         f"(false positive, false negative), got {weights}")


def optimal_params(threshold: float, num_perm: int,
                   weights: tuple[float, float] = (0.3, 0.7)) -> tuple[int, int]:
    """``(bands, rows)`` minimising the weighted false-positive and false-negative areas."""
    validate(threshold, num_perm, weights)
    best, best_err = (1, 1), float("inf")
    for b in range(1, num_perm + 1):
        for r in range(1, num_perm // b + 1):
            fp, fn = false_rates(threshold, b, r, steps=60)
            err = weights[0] * fp + weights[1] * fn
            if err < best_err:
                best, best_err = (b, r), err
    return best


def band_keys(signatures: np.ndarray, bands: int, rows: int) -> np.ndarray:
    """``(N, bands)`` uint64 keys: band ``i`` of each signature hashed to one number.

    Pure and vectorised: the same signature always gives the same keys, in any process.
    """
    n, k = signatures.shape
    if bands * rows > k:
        raise ValueError(f"bands * rows = {bands} * {rows} = {bands * rows} exceeds the "
                         f"signature length {k}: lower bands or rows, or use more permutations")
    sig = signatures[:, :bands * rows].astype(np.uint64).reshape(n, bands, rows)
    keys = np.zeros((n, bands), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(rows):
            keys ^= sig[:, :, j]
            keys = mix64(keys + np.uint64(j + 1))
    return keys


def candidate_pairs(keys: np.ndarray, max_bucket: int = 64,
                    valid: np.ndarray | None = None) -> np.ndarray:
    """All candidate pairs ``(i, j), i < j`` of rows sharing a key in any band (batch mode).

    This is the ``groupBy(band, key)`` of a Spark job, in numpy: sort each band's keys, find
    runs of equal keys, emit the pairs inside each run (a star from the first member for runs
    longer than ``max_bucket``). ``valid`` masks out rows (e.g. empty documents).
    """
    n, n_bands = keys.shape
    idx_all = np.arange(n) if valid is None else np.flatnonzero(valid)
    found: list[np.ndarray] = []
    for band in range(n_bands):
        col = keys[idx_all, band]
        order = np.argsort(col, kind="stable")
        sk, si = col[order], idx_all[order]
        starts = np.flatnonzero(np.r_[True, sk[1:] != sk[:-1]])
        lengths = np.diff(np.r_[starts, len(sk)])
        found.extend(_run_pairs(si, starts, lengths, max_bucket))
    if not found:
        return np.empty((0, 2), dtype=np.int64)
    pairs = np.concatenate(found).astype(np.int64, copy=False)
    lo, hi = np.minimum(pairs[:, 0], pairs[:, 1]), np.maximum(pairs[:, 0], pairs[:, 1])
    code = lo * n + hi
    code.sort()  # sort + adjacent compare: faster than np.unique's hash table on int64
    code = code[np.r_[True, code[1:] != code[:-1]]]
    return np.stack([code // n, code % n], axis=1)


def _run_pairs(si: np.ndarray, starts: np.ndarray, lengths: np.ndarray,
               max_bucket: int) -> list[np.ndarray]:
    """Pairs inside runs ``si[start:start + length]`` of equal keys, in bulk.

    Runs of equal length ``L <= max_bucket`` are handled together: the ``L(L-1)/2`` offsets
    of ``triu_indices(L, 1)`` are added to all their starts at once, so the number of numpy
    calls is the number of distinct run lengths (small), not the number of runs (which
    grows with the corpus). Longer runs become stars from their first member.
    """
    out: list[np.ndarray] = []
    full = (lengths >= 2) & (lengths <= max_bucket)
    for ln in np.unique(lengths[full]).tolist():
        s = starts[lengths == ln]
        if ln == 2:
            out.append(np.stack([si[s], si[s + 1]], axis=1))
            continue
        ii, jj = np.triu_indices(ln, 1)
        out.append(np.stack([si[(s[:, None] + ii).ravel()],
                             si[(s[:, None] + jj).ravel()]], axis=1))
    big = lengths > max(max_bucket, 1)
    if big.any():
        s, ln = starts[big], lengths[big] - 1
        offset = np.repeat(np.cumsum(ln) - ln, ln)
        pos = np.arange(int(ln.sum())) - offset + np.repeat(s + 1, ln)
        out.append(np.stack([np.repeat(si[s], ln), si[pos]], axis=1))
    return out


class BucketStorage(Protocol):
    """Where band buckets live: ``add`` document ids under keys, ``get`` ids per key row."""

    def add(self, ids: Sequence[str], keys: np.ndarray) -> None: ...

    def get(self, keys: np.ndarray) -> list[set[str]]: ...


class MemoryBuckets:
    """Buckets in a dict per band (bytes of the key -> list of ids)."""

    def __init__(self, max_bucket: int = 64):
        self.max_bucket = max_bucket
        self.tables: list[dict[int, list[str]]] = []

    def add(self, ids: Sequence[str], keys: np.ndarray) -> None:
        while len(self.tables) < keys.shape[1]:
            self.tables.append(defaultdict(list))
        for row, doc in zip(keys.tolist(), ids):
            for band, key in enumerate(row):
                self.tables[band][key].append(doc)

    def get(self, keys: np.ndarray) -> list[set[str]]:
        out = []
        for row in keys.tolist():
            found: set[str] = set()
            for band, key in enumerate(row):
                if band < len(self.tables):
                    found.update(self.tables[band].get(key, ())[: self.max_bucket])
            out.append(found)
        return out


class DuckDBBuckets:
    """Buckets in a DuckDB table ``(band, key, doc)``: persistent, for incremental updates."""

    def __init__(self, con, table: str = "reuse_bands", max_bucket: int = 64):
        self.con, self.table, self.max_bucket = con, table, max_bucket
        con.execute(f'CREATE TABLE IF NOT EXISTS "{table}" '
                    "(band INTEGER, key UBIGINT, doc VARCHAR)")

    def _long(self, ids: Sequence[str], keys: np.ndarray) -> pa.Table:
        n, b = keys.shape
        return pa.table({"row": np.repeat(np.arange(n), b), "band": np.tile(np.arange(b), n),
                         "key": keys.reshape(-1),
                         "doc": np.repeat(np.asarray(list(ids), dtype=object), b)})

    def add(self, ids: Sequence[str], keys: np.ndarray) -> None:
        if len(ids) == 0:
            return
        self.con.register("_bands_in", self._long(ids, keys))
        self.con.execute(f'DELETE FROM "{self.table}" WHERE doc IN '
                         "(SELECT DISTINCT doc FROM _bands_in)")
        self.con.execute(f'INSERT INTO "{self.table}" SELECT band, key, doc FROM _bands_in')
        self.con.unregister("_bands_in")

    def get(self, keys: np.ndarray) -> list[set[str]]:
        return [set(found) for found in self.get_counts(keys)]

    def get_counts(self, keys: np.ndarray) -> list[dict[str, int]]:
        """Per key row: stored doc -> number of bands it shares (more bands, more similar:
        ``m`` of ``b`` bands agreeing estimates ``J ~ (m/b)^(1/r)``)."""
        out: list[dict[str, int]] = [{} for _ in range(len(keys))]
        if len(keys) == 0:
            return out
        self.con.register("_bands_q", self._long([""] * len(keys), keys))
        rows = self.con.execute(
            f'SELECT q.row, t.doc, count(*) FROM _bands_q q JOIN "{self.table}" t '
            "ON t.band = q.band AND t.key = q.key GROUP BY q.row, t.doc").fetchall()
        self.con.unregister("_bands_q")
        for row, doc, n in rows:
            out[row][doc] = int(n)
        return out

    def remove(self, ids: Sequence[str]) -> None:
        self.con.register("_bands_rm", pa.table({"doc": list(ids)}))
        self.con.execute(f'DELETE FROM "{self.table}" WHERE doc IN (SELECT doc FROM _bands_rm)')
        self.con.unregister("_bands_rm")


class LSHIndex:
    """Streaming LSH over a bucket storage: ``query`` then ``insert`` new documents."""

    def __init__(self, threshold: float = 0.3, num_perm: int = 128,
                 weights: tuple[float, float] = (0.3, 0.7),
                 params: tuple[int, int] | None = None,
                 storage: BucketStorage | None = None):
        validate(threshold, num_perm, weights)
        if params is not None:
            b, r = params
            if b < 1 or r < 1 or b * r > num_perm:
                raise ValueError(f"params (bands={b}, rows={r}) need bands, rows >= 1 and "
                                 f"bands * rows <= num_perm ({num_perm})")
        self.threshold, self.num_perm = threshold, num_perm
        self.bands, self.rows = params or optimal_params(threshold, num_perm, weights)
        self.storage = storage if storage is not None else MemoryBuckets()

    def keys(self, signatures: np.ndarray) -> np.ndarray:
        return band_keys(signatures, self.bands, self.rows)

    def insert(self, ids: Sequence[str], signatures: np.ndarray) -> None:
        self.storage.add(ids, self.keys(signatures))

    def query(self, signatures: np.ndarray) -> list[set[str]]:
        return self.storage.get(self.keys(signatures))
