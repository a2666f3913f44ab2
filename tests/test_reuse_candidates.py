"""Candidates: shingles, MinHash, LSH (maths, parameters, storage) on real-looking text."""
from __future__ import annotations

import json
import random

import numpy as np
import pytest

from retold.reuse.lsh import (DuckDBBuckets, LSHIndex, MemoryBuckets, band_keys, candidate_pairs,
                              false_rates, optimal_params)
from retold.reuse.minhash import EMPTY, MinHasher, batched_signatures, containment, jaccard
from retold.reuse.shingles import normalise_words, shingle_batch, shingles

WORDS = ("the ministry said exports of cocoa rose sharply in the first quarter while "
         "analysts expected prices to fall as harvests improved across the region and "
         "traders reported strong demand from european grinders despite weaker currency "
         "markets and higher freight costs for shipments leaving the main ports").split()


def _doc(rng: random.Random, n: int = 80) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)) + "."


def _exact(a: np.ndarray, b: np.ndarray) -> float:
    inter = len(np.intersect1d(a, b))
    return inter / (len(a) + len(b) - inter)


def test_aliases_share_shingles_but_words_do_not():
    assert np.array_equal(shingles("ISIS fighters attacked the town"),
                          shingles("“Daesh fighters” attacked the town"))
    assert np.array_equal(shingles("IS fighters attacked the town"),
                          shingles("Islamic State fighters attacked the town"))
    # lower-case "is" is a verb, not the group
    assert not np.array_equal(shingles("is fighters attacked the town"),
                              shingles("ISIS fighters attacked the town"))
    assert normalise_words("the U.S. and ISIL")[1] == "unitedstates"


def test_batch_shingles_equal_single_document_shingles():
    rng = random.Random(3)
    texts = [_doc(rng, rng.randint(0, 60)) for _ in range(40)] + ["", "one", "two words",
                                                                  "“ ”", "Zürich café Ünal"]
    batch = shingle_batch(texts)
    for t, b in zip(texts, batch):
        assert np.array_equal(np.sort(b), np.sort(shingles(t, unique=False))), t


def test_minhash_estimates_jaccard_without_bias():
    rng = np.random.default_rng(0)
    hasher = MinHasher(128)
    errors = []
    for _ in range(200):
        base = rng.integers(0, 2**63, 200, dtype=np.uint64)
        keep = rng.integers(40, 200)
        other = np.concatenate([base[:keep], rng.integers(0, 2**63, 200 - keep, dtype=np.uint64)])
        sa, sb = hasher.signatures([base, other])
        errors.append(jaccard(sa, sb) - _exact(base, other))
    assert abs(np.mean(errors)) < 0.01
    assert np.std(errors) < 0.06  # ~ sqrt(J(1-J)/128) <= 0.044


def test_empty_documents_get_empty_signatures_and_zero_similarity():
    sigs = MinHasher(16).signatures([np.array([], dtype=np.uint64), shingles("a b c d")])
    assert (sigs[0] == EMPTY).all() and not (sigs[1] == EMPTY).all()
    assert jaccard(sigs[0], sigs[0]) == 0.0


def test_containment_from_jaccard():
    # A (100) inside B (400): J = 100/400 = 0.25 -> containment of A is 1.0
    ca, cb = containment(0.25, 100, 400)
    assert ca == pytest.approx(1.0) and cb == pytest.approx(0.25)


@pytest.mark.parametrize("kwargs, fragment", [
    ({"threshold": 1.5}, "threshold must be in (0, 1)"),
    ({"threshold": 0.5, "num_perm": 1}, "num_perm must be an integer >= 2"),
    ({"threshold": 0.5, "weights": (0.9, 0.9)}, "summing to 1"),
    ({"threshold": 0.5, "num_perm": 64, "params": (20, 5)}, "bands * rows <= num_perm"),
])
def test_lsh_parameters_are_validated_with_a_fix(kwargs, fragment):
    with pytest.raises(ValueError, match=None) as exc:
        LSHIndex(**kwargs)
    assert fragment in str(exc.value)


def test_band_keys_reject_too_many_rows():
    with pytest.raises(ValueError, match="exceeds the signature length"):
        band_keys(np.zeros((2, 16), dtype=np.uint32), 5, 4)


def test_optimal_params_follow_the_s_curve():
    b, r = optimal_params(0.8, 128, weights=(0.5, 0.5))
    assert b * r <= 128
    fp, fn = false_rates(0.8, b, r)
    assert fp < 0.1 and fn < 0.1
    # the curve's steep point (1/b)^(1/r) sits near the threshold
    assert abs((1 / b) ** (1 / r) - 0.8) < 0.1
    # a lower threshold needs more, shorter bands
    b2, r2 = optimal_params(0.3, 128, weights=(0.5, 0.5))
    assert r2 < r and b2 > b


def test_candidate_pairs_find_near_duplicates_only():
    rng = random.Random(1)
    base = [_doc(rng) for _ in range(30)]
    near = [t.replace("cocoa", "coffee", 1) for t in base[:10]]
    sigs, sizes = batched_signatures(base + near, MinHasher(128))
    pairs = {tuple(p) for p in candidate_pairs(band_keys(sigs, 16, 8)).tolist()}
    expected = {(i, 30 + i) for i in range(10)}
    assert expected <= pairs
    # random texts over a small vocabulary share few 3-grams: few spurious pairs
    assert len(pairs - expected) <= 3


def test_big_buckets_become_stars_not_cliques():
    sigs = MinHasher(32).signatures([shingles("the same boilerplate line here")] * 200)
    pairs = candidate_pairs(band_keys(sigs, 8, 4), max_bucket=10)
    assert len(pairs) == 199  # star from the first member, not 200*199/2
    assert set(pairs[:, 0].tolist()) == {0}


def _reference_pairs(keys: np.ndarray, max_bucket: int, valid=None) -> set:
    """Straightforward dict-of-lists bucketing: cliques, or stars from the first member."""
    pairs = set()
    rows = range(len(keys)) if valid is None else np.flatnonzero(valid).tolist()
    for band in range(keys.shape[1]):
        buckets: dict[int, list[int]] = {}
        for i in rows:
            buckets.setdefault(int(keys[i, band]), []).append(i)
        for members in buckets.values():
            if len(members) > max(max_bucket, 2):
                pairs.update((min(members[0], m), max(members[0], m)) for m in members[1:])
            else:
                pairs.update((a, b) for k, a in enumerate(members) for b in members[k + 1:])
    return pairs


@pytest.mark.parametrize("max_bucket", [1, 2, 3, 5, 64, 10**9])
def test_candidate_pairs_equal_a_reference_implementation(max_bucket):
    rng = np.random.default_rng(3)
    # few distinct values per band: buckets of every size from 1 to ~100
    keys = rng.integers(0, 40, size=(600, 4)).astype(np.uint64) ** 2
    keys[:150, 1] = 7  # one big bucket
    valid = rng.random(600) > 0.1
    for v in (None, valid):
        got = candidate_pairs(keys, max_bucket=max_bucket, valid=v)
        assert got.dtype == np.int64 and (got[:, 0] < got[:, 1]).all()
        assert len(got) == len(np.unique(got, axis=0))
        assert set(map(tuple, got.tolist())) == _reference_pairs(keys, max_bucket, v)


def test_duckdb_and_memory_buckets_agree():
    duckdb = pytest.importorskip("duckdb")
    rng = random.Random(2)
    texts = [_doc(rng) for _ in range(20)]
    texts += [t + " extra words at the end" for t in texts[:5]]
    sigs = MinHasher(64).signatures([shingles(t) for t in texts])
    ids = [f"d{i}" for i in range(len(texts))]
    mem = LSHIndex(0.5, 64, storage=MemoryBuckets())
    db = LSHIndex(0.5, 64, storage=DuckDBBuckets(duckdb.connect()))
    for index in (mem, db):
        index.insert(ids[:20], sigs[:20])
    assert mem.query(sigs[20:]) == db.query(sigs[20:])
    for k in range(5):
        assert ids[k] in mem.query(sigs[20 + k:21 + k])[0]


def test_reuters_self_duplicates_are_candidates(shared_data):
    """Real near duplicates of Reuters-21578 (repeats, corrections) are found."""
    path = shared_data / "reuters21578" / "articles.jsonl"
    texts = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            texts.append(json.loads(line)["text"] or "")
            if len(texts) == 3000:
                break
    sigs, sizes = batched_signatures(texts, MinHasher(128))
    pairs = candidate_pairs(band_keys(sigs, 9, 13), valid=sizes > 0)
    assert len(pairs) > 5
    sets = [shingles(t) for t in texts]
    exact = [_exact(sets[i], sets[j]) for i, j in pairs.tolist()]
    assert np.median(exact) > 0.7  # what LSH returns at t=0.8 really is near-duplicate
