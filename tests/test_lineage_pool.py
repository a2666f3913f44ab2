"""benchmarks/lineage_pool.py: seeds pooled by their counts, not by averaging F1s, and a
file that is not a lineage.py result named in the error."""
from __future__ import annotations

import json

import pytest

from story_helpers import load_benchmark

pool_mod = load_benchmark("lineage_pool")


def _result(path, seed, tp, gold, pred, exact=0.9):
    f1 = 2 * tp / (gold + pred)
    doc = {"stories": 3, "seed": seed, "results": [{
        "corpus": "dated",
        "retold": {"n": 100, "parent_exact": exact, "origin": 0.95},
        "baseline": {"parent_exact": 0.7},
        "mutations_end_to_end": {"content_removed": {
            "P": tp / pred, "R": tp / gold, "F1": f1, "gold": gold, "pred": pred}}}]}
    path.write_text(json.dumps(doc))
    return path


def test_seeds_pool_by_counts(tmp_path):
    a = _result(tmp_path / "a.json", 1, tp=9, gold=10, pred=10, exact=0.95)  # F1 0.90
    b = _result(tmp_path / "b.json", 2, tp=80, gold=100, pred=100, exact=0.85)  # F1 0.80
    res = pool_mod.pool([a, b], "dated")
    cr = res["mutation_f1"]["content_removed"]
    assert (cr["tp"], cr["gold"], cr["pred"]) == (89, 110, 110)
    assert cr["F1"] == round(2 * 89 / 220, 4)  # 0.8091, not the mean of 0.90 and 0.80
    assert res["parent_exact"] == 0.9 and res["seeds"][1]["types_below_0.90"] == ["content_removed"]


def test_a_file_that_is_no_result_is_named(tmp_path):
    bad = tmp_path / "crawl.json"
    bad.write_bytes(b"\x93\x00 not json")
    with pytest.raises(pool_mod.PoolError, match="crawl.json"):
        pool_mod.pool([bad], "dated")
    good = _result(tmp_path / "a.json", 1, tp=9, gold=10, pred=10)
    with pytest.raises(pool_mod.PoolError, match="no corpus 'alt'.*dated"):
        pool_mod.pool([good], "alt")
