"""Article pairs with their values, in an order that lets per-text caches hit.

Why: ``align`` prepares each text once (sentence split, alias normalisation, templates;
``retold.reuse.align.PREPARED_TEXTS`` of them are kept) and in-process the pairs come in
``locality_order``, so a text is prepared about once per article. Two DataFrame joins
(``reuse_job._pairs_with``) hand a Python task the pairs in join order instead, each with
both articles pickled in its row: nearly every pair side re-prepares its text and
unpickles its article, and the per-pair Python cost doubles.

Here the pairs are cut into groups of related pairs and each group's articles are shipped
once, ahead of its pairs:

* an article's *home* is the least id among itself and its pair neighbours; a pair's
  group key is the lesser of its two homes, so a story's pairs (a near-clique) mostly
  share one key;
* keys are hashed into ``groups`` slices (enough that one slice's articles stay a few
  thousand); a slice holds one row per article it needs, then its pairs sorted by
  ``(key, a, b)`` (one JVM sort);
* the Python task keeps the slice's pickled articles and unpickles each through a small
  LRU, yielding ``((a, b), (value of a, value of b))`` in that order.

Nothing about the result depends on this order; only the caches' hit rate does.
"""
from __future__ import annotations

import pickle
from collections import OrderedDict
from collections.abc import Iterator

PAIRS_PER_GROUP = 20_000
"""Pairs per slice: a slice holds its articles' pickles in a Python task (~4 KB each,
~1.5 articles per pair at most), so this bounds the task's memory at any corpus size."""
LOADED = 4096
"""Unpickled articles a task keeps (the same bound as ``align``'s prepared texts)."""


def home_keys(pairs):
    """DataFrame ``(a, b, key)``: each pair with its group key (see the module doc)."""
    from pyspark.sql import functions as F

    ends = pairs.select(F.col("a").alias("x"), F.col("b").alias("y")) \
        .union(pairs.select(F.col("b").alias("x"), F.col("a").alias("y")))
    home = ends.groupBy("x").agg(F.least(F.col("x"), F.min("y")).alias("home"))
    ha = home.select(F.col("x").alias("a"), F.col("home").alias("ha"))
    hb = home.select(F.col("x").alias("b"), F.col("home").alias("hb"))
    return pairs.join(ha, "a").join(hb, "b") \
        .select("a", "b", F.least("ha", "hb").alias("key"))


def grouped_pairs(spark, pairs, values, groups: int):
    """RDD ``((a, b), (value of a, value of b))`` for a DataFrame of pairs ``(a, b)`` and
    an RDD ``(id, value)``: every pair whose two ids have a value, each value pickled once
    per slice it is needed in, pairs of one group key one after another."""
    from pyspark.sql import functions as F

    frame = spark.createDataFrame(
        values.map(lambda kv: (kv[0], bytearray(pickle.dumps(kv[1], protocol=5)))),
        "id string, v binary")
    keyed = home_keys(pairs).withColumn("part", F.pmod(F.hash("key"), F.lit(groups)))
    need = keyed.select("part", F.col("a").alias("id")) \
        .union(keyed.select("part", F.col("b").alias("id"))).distinct()
    nothing = F.lit(None).cast("string")
    arts = need.join(frame, "id").select(
        "part", F.lit(0).alias("kind"), nothing.alias("key"), F.col("id").alias("a"),
        nothing.alias("b"), "v")
    rows = keyed.select("part", F.lit(1).alias("kind"), "key", "a", "b",
                        F.lit(None).cast("binary").alias("v"))
    return arts.unionByName(rows).repartition(groups, "part") \
        .sortWithinPartitions("part", "kind", "key", "a", "b").rdd \
        .mapPartitions(_pairs_in_order)


def _pairs_in_order(rows) -> Iterator:
    """One task: per slice, its articles' pickles first, then its pairs (see the module
    doc); a pair whose article has no value is skipped, as an inner join would."""
    part, blobs, loaded = None, {}, OrderedDict()

    def load(aid):
        if aid in loaded:
            loaded.move_to_end(aid)
            return loaded[aid]
        value = loaded[aid] = pickle.loads(blobs[aid])
        if len(loaded) > LOADED:
            loaded.popitem(last=False)
        return value

    for r in rows:
        if r[0] != part:
            part, blobs, loaded = r[0], {}, OrderedDict()
        if r[1] == 0:
            blobs[r[3]] = r[5]
        elif r[3] in blobs and r[4] in blobs:
            yield (r[3], r[4]), (load(r[3]), load(r[4]))


def group_count(n_pairs: int, partitions: int) -> int:
    """Slices for ``n_pairs``: at least ``partitions``, at most ``PAIRS_PER_GROUP`` each."""
    return max(partitions, -(-n_pairs // PAIRS_PER_GROUP))
