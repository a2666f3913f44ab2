"""MinHash signatures for many documents at once, as numpy array operations.

For a shingle set :math:`A` and ``k`` independent hash functions :math:`h_i`, the signature is
:math:`sig_i(A) = \\min_{x \\in A} h_i(x)`, and
:math:`P[sig_i(A) = sig_i(B)] = J(A, B) = |A \\cap B| / |A \\cup B|`, so the share of equal
positions estimates the Jaccard similarity with standard error
:math:`\\sqrt{J(1-J)/k}` (0.044 at J = 0.5, k = 128).

Hash family: :math:`h_i(x) = a_i x + b_i \\bmod 2^{32}` with odd :math:`a_i`, on the high 32
bits ``x`` of the (already uniformly mixed, ``shingles.mix64``) shingle hash. Each
:math:`h_i` is a bijection of uniform inputs, so each is a random ordering of the shingles;
32-bit lanes let numpy use SIMD multiplies (64-bit ones are emulated on x86), several times
faster. One numpy expression hashes a chunk of shingles of many documents under all ``k``
functions (an ``n x k`` matrix, rows contiguous) and ``np.minimum.reduceat`` takes each
document's minimum. The estimator's bias and spread against exact Jaccard are checked in
``tests/test_reuse_candidates.py``.

Why not datasketch: its ``MinHash.update_batch`` hashes each shingle with SHA-1 in Python
and applies 64-bit permutations one document at a time; batching documents removes the
per-document Python overhead, and 32-bit lanes make the permutations cheap.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np

EMPTY = np.uint32(0xFFFFFFFF)  # signature value of a document without shingles


class MinHasher:
    """``k`` hash functions drawn from ``seed``; equal (k, seed) give equal signatures."""

    def __init__(self, num_perm: int = 128, seed: int = 1, chunk: int = 2048):
        if not isinstance(num_perm, int) or num_perm < 2:
            raise ValueError(
                f"num_perm must be an integer >= 2, got {num_perm!r}: 128 is a good default "
                "(standard error of the Jaccard estimate ~ sqrt(J(1-J)/num_perm))")
        if chunk < 1:
            raise ValueError(f"chunk must be >= 1 shingle, got {chunk}")
        self.num_perm = num_perm
        self.seed = seed
        self.chunk = chunk
        rng = np.random.default_rng(seed)
        self.a = (rng.integers(0, 2**32, size=num_perm, dtype=np.uint64) | np.uint64(1)
                  ).astype(np.uint32)
        self.b = rng.integers(0, 2**32, size=num_perm, dtype=np.uint64).astype(np.uint32)

    def signatures(self, shingle_sets: Sequence[np.ndarray]) -> np.ndarray:
        """``(len(shingle_sets), num_perm)`` uint32 signatures; empty sets get ``EMPTY`` rows.

        Shingles are processed in chunks of ``chunk`` (the ``chunk x num_perm`` uint32
        matrix, 1 MB at the defaults, stays in a core's L2 cache between the multiply and
        the ``reduceat``: 8192, 4 MB, spills to L3 and was ~20% slower); a document spread
        over two chunks is folded in with ``np.minimum``.
        """
        n_docs = len(shingle_sets)
        out = np.full((n_docs, self.num_perm), EMPTY, dtype=np.uint32)
        sizes = np.fromiter((len(s) for s in shingle_sets), dtype=np.int64, count=n_docs)
        docs = np.flatnonzero(sizes)
        if len(docs) == 0:
            return out
        x = np.concatenate([np.asarray(shingle_sets[i], dtype=np.uint64) for i in docs])
        x32 = (x >> np.uint64(32)).astype(np.uint32)
        doc_of = np.repeat(docs, sizes[docs])
        for start in range(0, len(x32), self.chunk):
            owner = doc_of[start:start + self.chunk]
            h = np.multiply.outer(x32[start:start + self.chunk], self.a)
            h += self.b
            firsts = np.flatnonzero(np.r_[True, owner[1:] != owner[:-1]])
            rows = owner[firsts]
            out[rows] = np.minimum(out[rows], np.minimum.reduceat(h, firsts, axis=0))
        return out

    def signature(self, shingle_set: np.ndarray) -> np.ndarray:
        return self.signatures([shingle_set])[0]


def jaccard(sig_a: np.ndarray, sig_b: np.ndarray) -> float:
    """Estimated Jaccard similarity: the share of equal signature positions."""
    if sig_a.shape != sig_b.shape:
        raise ValueError(f"signatures differ in length ({sig_a.shape} vs {sig_b.shape}): "
                         "they must come from the same MinHasher(num_perm, seed)")
    if sig_a[0] == EMPTY or sig_b[0] == EMPTY:
        return 0.0
    return float(np.count_nonzero(sig_a == sig_b)) / len(sig_a)


def containment(j: float, size_a: int, size_b: int) -> tuple[float, float]:
    """Containments ``(|A∩B|/|A|, |A∩B|/|B|)`` from Jaccard ``j`` and the set sizes.

    :math:`|A \\cap B| = J (|A| + |B|) / (1 + J)`: a short excerpt of a long article has a
    low Jaccard but a high containment, which is what "partial copy" means.
    """
    if size_a == 0 or size_b == 0:
        return 0.0, 0.0
    inter = j * (size_a + size_b) / (1.0 + j)
    return min(1.0, inter / size_a), min(1.0, inter / size_b)



def batched_signatures(texts: Sequence[str], hasher: MinHasher, ngram: int = 3,
                       batch: int = 4096) -> tuple[np.ndarray, np.ndarray]:
    """Signatures and shingle counts of ``texts``, ``batch`` documents at a time.

    Batches keep the byte-level arrays of :func:`shingle_batch` small (bounded memory on
    200k+ documents) and in cache; the result is the same as one call on everything.
    """
    from retold.reuse.shingles import shingle_batch

    sigs = np.empty((len(texts), hasher.num_perm), dtype=np.uint32)
    sizes = np.zeros(len(texts), dtype=np.int64)
    for start in range(0, len(texts), batch):
        sets = shingle_batch(texts[start:start + batch], ngram)
        sizes[start:start + len(sets)] = [len(s) for s in sets]
        sigs[start:start + len(sets)] = hasher.signatures(sets)
    return sigs, sizes
