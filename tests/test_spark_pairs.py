"""Spark pair grouping: every pair with its own two values, one group's pairs together."""
from __future__ import annotations

import pickle

import pytest

from retold.spark.pair_groups import _pairs_in_order, group_count

TEXTS = {
    "a1": "Flooding closed the coastal road on Monday, officials said.",
    "a2": "The coastal road was closed by flooding on Monday.",
    "a3": "Officials said flooding had closed the coastal road.",
    "b1": "The central bank held its rate at 4.5 percent.",
    "b2": "Rates were left at 4.5 percent by the central bank.",
    "c1": "A ferry strike stranded hundreds of travellers.",
}


def _row(part, kind, key, a, b, v=None):
    return (part, kind, key, a, b, v)


def test_a_slice_ships_each_value_once_and_pairs_get_their_own():
    blob = {k: pickle.dumps((k, t)) for k, t in TEXTS.items()}
    rows = [_row(0, 0, None, k, None, blob[k]) for k in ("a1", "a2", "a3")] + \
        [_row(0, 1, "a1", "a1", "a2"), _row(0, 1, "a1", "a1", "a3"), _row(0, 1, "a1", "a2", "a3")] + \
        [_row(1, 0, None, k, None, blob[k]) for k in ("b1", "b2")] + \
        [_row(1, 1, "b1", "b1", "b2"), _row(1, 1, "b1", "b1", "a1")]  # a1 not in slice 1
    got = list(_pairs_in_order(iter(rows)))
    assert [p for p, _ in got] == [("a1", "a2"), ("a1", "a3"), ("a2", "a3"), ("b1", "b2")]
    for (x, y), (vx, vy) in got:
        assert vx == (x, TEXTS[x]) and vy == (y, TEXTS[y])
    # one unpickled object per article within a slice: the same value object is reused
    assert got[0][1][0] is got[1][1][0]


def test_group_count_bounds_pairs_per_slice():
    assert group_count(0, 4) == 4
    assert group_count(10, 4) == 4
    from retold.spark.pair_groups import PAIRS_PER_GROUP

    assert group_count(PAIRS_PER_GROUP * 9 + 1, 4) == 10


@pytest.mark.spark
def test_grouped_pairs_equal_a_join_and_keep_groups_together(spark):
    from retold.spark.pair_groups import grouped_pairs, home_keys

    pairs = [("a1", "a2"), ("a1", "a3"), ("a2", "a3"), ("b1", "b2"), ("a3", "b2"),
             ("b1", "c1"), ("a2", "zz")]  # zz has no value: dropped, as by an inner join
    frame = spark.createDataFrame(pairs, "a string, b string")
    values = spark.sparkContext.parallelize(sorted(TEXTS.items()), 3)
    got = grouped_pairs(spark, frame, values, groups=3)
    per_slice = got.glom().collect()
    flat = [kv for part in per_slice for kv in part]
    assert sorted(flat) == sorted(((x, y), (TEXTS[x], TEXTS[y])) for x, y in pairs
                                  if x in TEXTS and y in TEXTS)
    keys = {(r["a"], r["b"]): r["key"] for r in home_keys(frame).collect()}
    # key = the lesser of the two ends' homes (least id among an article and its neighbours)
    assert keys == {("a1", "a2"): "a1", ("a1", "a3"): "a1", ("a2", "a3"): "a1",
                    ("a3", "b2"): "a1", ("a2", "zz"): "a1", ("b1", "b2"): "a3",
                    ("b1", "c1"): "b1"}
    for part in per_slice:  # within a slice, one key's pairs are contiguous
        seen = [keys[p] for p, _ in part]
        runs = [k for i, k in enumerate(seen) if i == 0 or seen[i - 1] != k]
        assert len(runs) == len(set(runs))
