"""Spark reuse job pieces against the in-process stage functions they stand for."""
from __future__ import annotations

import numpy as np
import pytest

from retold.records import Article

pytestmark = pytest.mark.spark

SENTENCES = [
    "The port authority said the harbour would reopen on Thursday after the storm.",
    "Fishermen were told to keep their boats tied up until the wind dropped.",
    "A spokesman for the ministry said repairs to the sea wall would take weeks.",
    "Insurers expect claims from shop owners along the seafront to run high.",
    "The mayor thanked volunteers who filled sandbags through the night.",
    "Schools in the low-lying districts stayed closed for a second day.",
    "Rail services between the two cities resumed on a reduced timetable.",
    "Forecasters warned that another band of rain could arrive by the weekend.",
    "Power was restored to most homes by Wednesday evening, the utility said.",
    "Residents of the old town described water reaching the first floor.",
    "The regional council will meet on Monday to discuss emergency funds.",
    "Police closed the coastal road after parts of it were washed away.",
]


def test_shingle_counts_in_the_jvm_equal_the_stage_functions(spark):
    from retold.reuse.linker import Config, common_shingles, frequent_limit, \
        frequent_shingles, shingle_counts, shingle_sets
    from retold.spark.reuse_job import shingle_counts_above

    # 1,200 articles of three sentences each: sentence 0 opens every one (a corpus-frequent
    # phrase), the others recur at different rates, some above the 5% line and some below
    arts = [Article(id=f"a{i}", text=" ".join(SENTENCES[k] for k in
                                            (0, 1 + i % 11, 1 + (i * 7) % 11 if i % 3 else 1)))
            for i in range(1200)]
    cfg = Config()
    sets = shingle_sets(arts, cfg, {})
    expected = frequent_shingles(sets, cfg)
    assert expected is not None and 0 < len(expected) < len(np.unique(np.concatenate(sets)))
    assert expected.max() > np.iinfo(np.int64).max  # hashes above 2^63 survive the JVM
    rdd = spark.sparkContext.parallelize([(i, a.id, s) for i, (a, s) in
                                          enumerate(zip(arts, sets))], 4)
    limit = frequent_limit(len(sets), cfg)
    cfg_rare = Config(rare_df=30)  # below the frequent line (60): both cuts read one count
    vals, n_docs = shingle_counts_above(spark, rdd, min(limit, cfg_rare.rare_df))
    assert vals.dtype == np.uint64
    assert np.array_equal(vals[n_docs > limit], expected)
    common = common_shingles(shingle_counts(sets), cfg_rare)
    assert 0 < len(common) and len(expected) < len(common)
    assert np.array_equal(vals[n_docs > cfg_rare.rare_df], common)
