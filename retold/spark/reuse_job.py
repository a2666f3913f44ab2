"""Spark reuse: ``retold.reuse`` candidate generation and linking as shuffles and maps.

The in-process engine (``retold.reuse.incremental.update`` on a fresh store) runs, over
the articles in store order: ``check_articles`` -> per-outlet ``boilerplate`` ->
``shingle_sets`` -> corpus-frequent shingles dropped (``frequent_limit``,
``drop_shingles``) -> MinHash -> LSH band keys -> ``candidate_pairs`` (plus pairs sharing
>= 2 quote 4-gram hits) -> ``worth_aligning`` + ``align_pair`` per pair ->
``find_citations`` + ``resolve`` +
``citation_links``. Here the same functions run as:

========================  =========================================================
per article (map)         ``check_articles``, ``shingle_sets``, ``drop_shingles``,
                          MinHash, band keys, quote grams, ``document_templates``,
                          ``find_citations``
shuffle                   ``boilerplate`` per outlet (``groupBy(outlet)``), shingle
                          document frequencies and template counts (``reduceByKey``),
                          ``candidate_pairs`` per LSH bucket (``groupBy(band, key)``),
                          quote-gram co-occurrence (``groupBy(gram)``)
per pair (map)            ``align_pair`` after two joins
per citing article        ``resolve`` among its neighbours' stubs (``cogroup``)
per article pair          ``citation_links`` on its citations and aligned link
driver                    small corpus statistics only: boilerplate tables, frequent
                          shingles, formula templates (see docs/spark.md)
========================  =========================================================

Bucket members, citations and links are ordered by the article's input rank
(``load_articles``), so a bucket larger than ``max_bucket`` becomes the same star as
in-process, and every output equals the in-process one (the tests compare them).
"""
from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from retold.records import Article, Citation, Reject, ReuseLink, Statement
from retold.spark.ingest_job import ORDER_TABLE
from retold.spark.pair_groups import group_count, grouped_pairs
from retold.spark.schema import from_tuple, spark_schema, to_tuple
from retold.spark.tables import read_table, table_path, write_tagged


def _config():
    from retold.reuse.linker import Config

    return Config()


READS = ("id", "text", "outlet", "outlet_name", "published")
"""The Article fields the reuse stage's functions read (text, outlet and date: shingles,
boilerplate, quotes, citations, alignment); Parquet hands over only these columns."""


def load_articles(spark, out_dir: str, partitions: int, analysed_only: bool = True,
                  fields: tuple[str, ...] | None = None):
    """RDD ``(rank, Article)``: the articles the in-process reuse stage would see, ranked
    in input order; with ``fields``, Articles carrying only those fields (the others at
    their defaults), so that neither the JVM nor Python moves blocks and locations.

    ``retold.pipeline.analyze`` hands reuse only the articles whose statements were
    extracted, so articles with a statements reject are left out here too, and ranks are
    dense over the rest (``check_articles`` numbers rejects by that rank). The order
    table's ``pos`` is already dense over all articles, so an article's rank is its
    ``pos`` less the left-out articles before it: no sort of the articles (their whole
    text) is needed, only the few left-out positions on the driver.
    """
    from bisect import bisect_left

    out_dir = out_dir.rstrip("/")
    arts = read_table(spark, out_dir, Article)
    order = spark.read.parquet(f"{out_dir}/{ORDER_TABLE}")
    joined = arts.join(order, "id")
    failed = _statement_failures(spark, out_dir) if analysed_only else None
    left_out: list[int] = []
    if failed is not None:
        gone = order.join(failed, order["id"] == failed["record_id"])
        left_out = sorted(r[0] for r in gone.select("pos").collect())
        joined = joined.join(failed, joined["id"] == failed["record_id"], "left_anti")
    left_b = spark.sparkContext.broadcast(left_out)
    if fields is None:
        cols = arts.columns
        make = lambda r: from_tuple(Article, tuple(r[c] for c in cols))  # noqa: E731
    else:
        cols = [c for c in arts.columns if c in fields]
        make = lambda r: Article(**{c: r[c] for c in cols})  # noqa: E731
    return joined.select("pos", *cols).repartition(partitions).rdd.map(
        lambda r: (r["pos"] - bisect_left(left_b.value, r["pos"]), make(r)))


def _statement_failures(spark, out_dir: str):
    """DataFrame ``record_id`` of articles the statements stage rejected, or None."""
    from pyspark.sql.utils import AnalysisException

    try:
        rej = spark.read.schema(spark_schema(Reject)).parquet(table_path(out_dir, Reject, "statements"))
        return rej.where(rej["record_id"].isNotNull()).select("record_id").distinct()
    except AnalysisException:
        return None


def _statements_by_article(spark, out_dir: str):
    """RDD ``(article_id, [Statement...])`` of the statements stage, or None if not run."""
    from pyspark.sql.utils import AnalysisException

    try:
        df = read_table(spark, out_dir, Statement)
        df.schema  # noqa: B018 - resolves the path now
    except AnalysisException:  # no statements table: in-process would find quotes only
        return None
    return df.rdd.map(lambda r: (r["article_id"], from_tuple(Statement, r))).groupByKey() \
        .mapValues(lambda v: sorted(v, key=lambda s: _stmt_order(s.id)))


def _stmt_order(sid: str):
    tail = sid.rsplit(":q", 1)[-1]
    return (0, int(tail), sid) if tail.isdigit() else (1, 0, sid)


def _shingle_sets(part, cfg, boiler) -> Iterator:
    """``(pos, id, shingle set)``: the stage's ``shingle_sets`` on one partition."""
    from retold.reuse.linker import shingle_sets

    rows = list(part)
    sets = shingle_sets([art for _, art in rows], cfg, boiler.value) if rows else []
    for (pos, art), s in zip(rows, sets):
        yield pos, art.id, s


def _template_counts(art: Article, min_words: int) -> Iterator:
    """``(template, (1, {filling}))`` per template of one article (``document_templates``)."""
    from retold.reuse.linker import document_templates

    for t, filling in document_templates(art.text, min_words).items():
        yield t, (1, frozenset([filling]))


def _merge_templates(cap: int):
    def merge(x, y):
        fill = x[1] | y[1]
        return x[0] + y[0], fill if len(fill) <= cap else frozenset(sorted(fill)[:cap])
    return merge


def formula_templates(arts, partitions: int) -> frozenset[str]:
    """The stage's ``formula_templates`` over all articles: its per-document half
    (``document_templates``) as a map, the document and filling counts as a ``reduceByKey``,
    with its own thresholds."""
    import inspect

    from retold.reuse.linker import formula_templates as local

    params = inspect.signature(local).parameters
    min_docs, min_variants = params["min_docs"].default, params["min_variants"].default
    min_words = params["min_words"].default
    found = arts.flatMap(lambda x: _template_counts(x[1], min_words)) \
        .reduceByKey(_merge_templates(min_variants), partitions) \
        .filter(lambda kv: kv[1][0] >= min_docs and len(kv[1][1]) >= min_variants) \
        .keys().collect()
    return frozenset(found)


def shingle_counts_above(spark, sets, floor: float) -> tuple[np.ndarray, np.ndarray]:
    """The shingles on more than ``floor`` documents (sorted, as uint64) and their document
    counts, counted in the JVM: one row per article (its shingle set as an array) crosses
    from Python, not one ``(shingle, 1)`` tuple per shingle through a Python
    ``reduceByKey``. The stage's ``shingle_counts`` cut at ``floor``."""
    from pyspark.sql import functions as F

    frame = spark.createDataFrame(sets.map(lambda x: (x[2].view(np.int64).tolist(),)),
                                  "s array<bigint>")
    rows = frame.select(F.explode("s").alias("g")).groupBy("g").count() \
        .where(F.col("count") > floor).collect()
    vals = np.array([r[0] for r in rows], dtype=np.int64).view(np.uint64)
    counts = np.array([r[1] for r in rows], dtype=np.int64)
    order = np.argsort(vals)
    return vals[order], counts[order]


def _signatures(part, cfg, frequent) -> Iterator:
    """``(pos, id, size, band keys)`` per article: ``drop_shingles``, ``MinHasher`` and
    ``LSHIndex.keys`` as ``signatures_for`` and ``reuse.incremental.update`` run them."""
    from retold.reuse.linker import drop_shingles
    from retold.reuse.lsh import LSHIndex
    from retold.reuse.minhash import MinHasher

    rows = list(part)
    if not rows:
        return
    sets = drop_shingles([s for _, _, s in rows], frequent.value)
    sigs = MinHasher(cfg.num_perm).signatures(sets)
    keys = LSHIndex(cfg.lsh_threshold, cfg.num_perm).keys(sigs)
    for (pos, aid, _), s, k in zip(rows, sets, keys):
        yield pos, aid, len(s), k


def lsh_candidates(bands, max_bucket: int):
    """DataFrame ``(a, b)``, ``a < b``: the stage's ``candidate_pairs`` as a JVM job.

    ``bands`` is ``(pos, doc, keys)`` (band ``i``'s key at ``keys[i]``). A bucket is a
    ``groupBy(band, key)``; its members sorted by input rank ``pos`` give every pair when
    it holds at most ``max_bucket`` of them, else the star from its earliest member, as
    ``retold.reuse.lsh._run_pairs`` does in numpy. Singleton buckets (most of them) never
    leave the JVM."""
    from pyspark.sql import functions as F

    if max_bucket < 1:
        raise ValueError(f"max_bucket must be >= 1, got {max_bucket}")
    buckets = bands.select("pos", "doc", F.posexplode("keys").alias("band", "key")) \
        .groupBy("band", "key") \
        .agg(F.sort_array(F.collect_list(F.struct("pos", "doc"))).alias("m")) \
        .where(F.size("m") >= 2).select(F.col("m.doc").alias("m"))
    every = F.expr("flatten(transform(sequence(0, size(m) - 2), "
                   "i -> transform(slice(m, i + 2, size(m) - i - 1), y -> array(m[i], y))))")
    star = F.expr("transform(slice(m, 2, size(m) - 1), y -> array(m[0], y))")
    pair = F.explode(F.when(F.size("m") <= max_bucket, every).otherwise(star)).alias("p")
    return buckets.select(pair).select(F.least(F.col("p")[0], F.col("p")[1]).alias("a"),
                                       F.greatest(F.col("p")[0], F.col("p")[1]).alias("b")) \
        .distinct()


def near_candidates(pairs, bands, near_bands: int):
    """The pairs of ``pairs`` whose articles have at least ``near_bands`` equal band keys
    (``reuse.incremental``'s "near" candidates, which a citation may resolve to)."""
    from pyspark.sql import functions as F

    ka = bands.select(F.col("doc").alias("a"), F.col("keys").alias("ka"))
    kb = bands.select(F.col("doc").alias("b"), F.col("keys").alias("kb"))
    same = F.expr("size(filter(zip_with(ka, kb, (x, y) -> x = y), z -> z))")
    return pairs.join(ka, "a").join(kb, "b").where(same >= near_bands).select("a", "b")


def quote_candidates(grams):
    """DataFrame ``(a, b)``, ``a < b``: article pairs sharing quote 4-grams at least twice,
    counted as ``reuse.incremental._quote_candidates``' SQL counts them (a gram in two of
    an article's statements counts twice). ``grams`` is ``(doc, grams)`` with repeats."""
    from pyspark.sql import functions as F

    counted = grams.select("doc", F.explode("grams").alias("gram")) \
        .groupBy("gram", "doc").agg(F.count("*").alias("c"))
    shared = counted.groupBy("gram").agg(F.count("*").alias("docs")).where("docs >= 2") \
        .select("gram")
    mine = counted.join(shared, "gram")
    x = mine.select("gram", F.col("doc").alias("a"), F.col("c").alias("ca"))
    y = mine.select("gram", F.col("doc").alias("b"), F.col("c").alias("cb"))
    return x.join(y, "gram").where(F.col("a") < F.col("b")) \
        .groupBy("a", "b").agg(F.sum(F.col("ca") * F.col("cb")).alias("n")) \
        .where("n >= 2").select("a", "b")


def _link_pair(item, cfg, boiler_sent, formulas):
    """``ReuseLink``, ``Reject`` or None: the stage's ``align_pair`` on one pair."""
    from retold.reuse.incremental import align_pair

    _, ((a, sa), (b, sb)) = item
    return align_pair(a, b, sa, sb, boiler_sent.value, formulas.value, cfg)


def _pairs_with(spark, pairs, values):
    """RDD ``((x, y), (value of x, value of y))`` for a DataFrame of pairs ``(a, b)`` and an
    RDD ``(id, value)``. The two joins run in the JVM on pickled values: PySpark's own RDD
    ``join`` is a Python ``cogroup`` that pickles, merges and re-pickles every value on
    both sides, which cost more than the alignment it feeds at 50k articles."""
    import pickle

    from pyspark.sql import functions as F

    frame = spark.createDataFrame(
        values.map(lambda kv: (kv[0], bytearray(pickle.dumps(kv[1], protocol=5)))),
        "id string, v binary")
    va = frame.select(F.col("id").alias("a"), F.col("v").alias("va"))
    vb = frame.select(F.col("id").alias("b"), F.col("v").alias("vb"))
    return pairs.join(va, "a").join(vb, "b").select("a", "b", "va", "vb").rdd.map(
        lambda r: ((r[0], r[1]), (pickle.loads(r[2]), pickle.loads(r[3]))))


def _slim(art: Article) -> Article:
    """What ``align_pair`` reads of an article (its blocks and locations stay behind)."""
    return Article(id=art.id, text=art.text, outlet=art.outlet, outlet_name=art.outlet_name)


def run_reuse(spark, out_dir: str, partitions: int) -> dict[str, int]:
    from pyspark import StorageLevel
    from retold.reuse.citations import find_citations
    from retold.reuse.linker import boilerplate, check_articles, common_shingles, \
        drop_shingles, frequent_limit, publisher, statement_grams, worth_aligning
    from retold.reuse.quotes import find_quotes

    sc = spark.sparkContext
    cfg = _config()
    out_dir = out_dir.rstrip("/")
    keyed = load_articles(spark, out_dir, partitions, fields=READS)

    def check(part):
        for pos, art in part:
            _, bad = check_articles([art], cfg.min_words)
            yield pos, art, (bad[0] if bad else None)

    checked = keyed.mapPartitions(check).persist(StorageLevel.MEMORY_AND_DISK)
    rejects = checked.filter(lambda x: x[2] is not None).map(lambda x: _with_offset(x[2], x[0]))
    arts = checked.filter(lambda x: x[2] is None).map(lambda x: (x[0], x[1])) \
        .persist(StorageLevel.MEMORY_AND_DISK)
    n_arts = arts.count()

    # boilerplate per outlet, with the stage's own function on each outlet's documents
    by_outlet = arts.map(lambda x: (publisher(x[1]), x[1])).filter(lambda kv: bool(kv[0])) \
        .groupByKey(partitions)
    tables = by_outlet.filter(lambda kv: len(kv[1]) >= cfg.boilerplate_min_docs) \
        .map(lambda kv: boilerplate(list(kv[1]), cfg.ngram, cfg.boilerplate_share,
                                    cfg.boilerplate_min_docs)).collect()
    boiler_sh = sc.broadcast({k: v for sh, _ in tables for k, v in sh.items()})
    boiler_sent = sc.broadcast({k: v for _, st in tables for k, v in st.items()})

    sets = arts.mapPartitions(lambda p: _shingle_sets(p, cfg, boiler_sh)) \
        .persist(StorageLevel.MEMORY_AND_DISK)
    frequent = None
    limit = frequent_limit(n_arts, cfg)  # as signatures_for: only in large batches
    # document counts of the shingles above the lower of the two thresholds, once: the
    # corpus-frequent ones leave the signatures, the gate's common ones are no evidence
    floor = cfg.rare_df if limit is None else min(cfg.rare_df, limit)
    vals, n_docs = shingle_counts_above(spark, sets, floor)
    if limit is not None:
        frequent = vals[n_docs > limit]
    frequent_b = sc.broadcast(frequent)
    common_b = sc.broadcast(common_shingles((vals, n_docs), cfg))
    sigs = sets.mapPartitions(lambda p: _signatures(p, cfg, frequent_b))
    from retold.reuse.incremental import NEAR_BANDS as near_bands
    sigs = sigs.filter(lambda x: x[2] > 0)
    # LSH banding and the quote-gram co-occurrence are shuffles of plain keys: they run as
    # DataFrame jobs in the JVM (one row per article crosses from Python, not one per key)
    bands = spark.createDataFrame(
        sigs.map(lambda x: (x[0], x[1], x[3].view(np.int64).tolist())),
        "pos long, doc string, keys array<bigint>").persist(StorageLevel.MEMORY_AND_DISK)
    lsh_pairs = lsh_candidates(bands, cfg.max_bucket).persist(StorageLevel.MEMORY_AND_DISK)
    near_pairs = near_candidates(lsh_pairs, bands, near_bands).rdd.map(lambda r: (r[0], r[1]))

    # statements as stored, else the stage's quote finder (as reuse.incremental does)
    stored = _statements_by_article(spark, out_dir)
    by_id = arts.map(lambda x: (x[1].id, x[1]))
    if stored is not None:
        with_st = by_id.leftOuterJoin(stored, partitions)
    else:
        with_st = by_id.map(lambda kv: (kv[0], (kv[1], None)))
    art_st = with_st.mapValues(lambda v: (v[0], list(v[1]) if v[1] else
                                          find_quotes(v[0].text, v[0].id))) \
        .persist(StorageLevel.MEMORY_AND_DISK)
    # each article's quote 4-grams, statement by statement, computed once: the JVM counts
    # pairs on them (repeats weigh), the gate reads them distinct
    gram_lists = art_st.mapValues(lambda v: statement_grams(v[1], v[0].text)) \
        .persist(StorageLevel.MEMORY_AND_DISK)
    grams = spark.createDataFrame(gram_lists.mapValues(lambda g: g.view(np.int64).tolist()),
                                  "doc string, grams array<bigint>") \
        .persist(StorageLevel.MEMORY_AND_DISK)
    pairs = lsh_pairs.union(quote_candidates(grams)).distinct()

    # per pair: the stage's gate on light features (the shingle set LSH signed, the quote
    # 4-grams), then align + match_quotes + make_link on the pairs it keeps, each after two
    # joins; the second joins ship only what alignment reads (id, text, outlet, statements)
    features = sets.map(lambda x: (x[1], drop_shingles([x[2]], frequent_b.value)[0])) \
        .join(gram_lists.mapValues(np.unique), partitions)
    kept = _pairs_with(spark, pairs, features) \
        .filter(lambda kv: worth_aligning(kv[1][0][0], kv[1][1][0], kv[1][0][1], kv[1][1][1],
                                          cfg, common_b.value)).keys()
    kept = spark.createDataFrame(kept, "a string, b string") \
        .persist(StorageLevel.MEMORY_AND_DISK)
    # grouped so that each text is prepared (and unpickled) about once, as in-process
    both = grouped_pairs(spark, kept, art_st.mapValues(lambda v: (_slim(v[0]), v[1])),
                         group_count(kept.count(), partitions))
    formulas = sc.broadcast(formula_templates(art_st.map(lambda kv: (0, kv[1][0])), partitions))
    compared = both.map(lambda item: (item[0], _link_pair(item, cfg, boiler_sent, formulas))) \
        .filter(lambda kv: kv[1] is not None).persist(StorageLevel.MEMORY_AND_DISK)
    links = compared.filter(lambda kv: isinstance(kv[1], ReuseLink))
    pair_rejects = compared.filter(lambda kv: isinstance(kv[1], Reject)).values()

    # citations: found per article, resolved per citing article among its neighbours,
    # merged into links per article pair (all distributed; see _resolve_cites)
    stubs = arts.map(lambda x: (x[1].id, _stub(x[1])))
    neighbours = near_pairs.union(links.keys()).flatMap(lambda p: (p, (p[1], p[0]))) \
        .distinct(partitions).map(lambda p: (p[1], p[0])).join(stubs, partitions) \
        .map(lambda kv: (kv[1][0], kv[1][1]))  # citing id -> neighbour stub
    found = arts.flatMap(lambda x: ((x[1].id, (x[0], i, c)) for i, c in
                                    enumerate(find_citations(x[1]))))
    resolved = found.cogroup(neighbours, partitions).flatMap(_resolve_cites) \
        .persist(StorageLevel.MEMORY_AND_DISK)  # (pair or None, (rank, i, citation, stub))
    by_pair = resolved.filter(lambda kv: kv[0] is not None)
    merged = links.cogroup(by_pair, partitions).flatMap(_merge_cites) \
        .persist(StorageLevel.MEMORY_AND_DISK)  # (first citation rank or None, link)

    out_links = merged.map(lambda kv: ("reuse_links", to_tuple(kv[1])))
    cites = resolved.map(lambda kv: ("citations", to_tuple(kv[1][2])))
    tagged = out_links.union(cites) \
        .union(rejects.union(pair_rejects).map(lambda r: ("rejects", to_tuple(r))))
    try:
        counts = write_tagged(spark, tagged, [ReuseLink, Citation, Reject], out_dir, "reuse")
        _write_link_order(spark, merged, out_dir)
        _write_indexes(bands, grams, out_dir)
    finally:
        for rdd in (checked, arts, sets, bands, lsh_pairs, art_st, gram_lists, grams, kept,
                    compared, resolved, merged):
            rdd.unpersist()
    return counts


def _resolve_cites(item) -> Iterator:
    """One citing article: ``resolve`` its citations among its neighbours (LSH near
    candidates and aligned links), exactly the ``prefer`` set the in-process engine
    passes; emits ``(sorted pair or None, (rank, i, citation, target stub))``."""
    from retold.reuse.citations import outlet_index, resolve

    aid, (found, near) = item
    found = sorted(found, key=lambda t: (t[0], t[1]))
    if not found:
        return
    near = list(near)
    resolve([c for _, _, c in found], outlet_index(near), {aid: {n.id for n in near}})
    stub_of = {n.id: n for n in near}
    for rank, i, c in found:
        pair = tuple(sorted((aid, c.target_id))) if c.target_id else None
        yield pair, (rank, i, c, stub_of.get(c.target_id))


def _merge_cites(item) -> Iterator:
    """One article pair: the stage's ``citation_links`` over the pair's citations in input
    order, on its aligned link if any; yields ``(rank of the first citation or None, link)``
    (None: an aligned link, ranked among those)."""
    from retold.reuse.linker import citation_links

    (a, b), (aligned, cited) = item
    aligned = list(aligned)
    cited = sorted(cited, key=lambda t: (t[0], t[1]))
    if cited:
        stubs = {s.id: s for *_, s in cited if s is not None}
        cites = [c for _, _, c, _ in cited]
        near = {a: {b}, b: {a}}
        new = citation_links(list(stubs.values()), cites, near, aligned)
        for link in new:
            yield (cited[0][0], cited[0][1]), link
    for link in aligned:
        yield None, link


def _stub(art: Article) -> Article:
    return Article(id=art.id, text="", outlet=art.outlet, outlet_name=art.outlet_name,
                   published=art.published)


LINK_ORDER_TABLE = "_link_order"
"""Side table ``(a, b, kind, rank)``: the in-process order of links (aligned pairs sorted,
then citation links), which story grouping's Louvain step is sensitive to."""
BANDS_TABLE = "_reuse_bands"  # -> the store's reuse_bands (see _write_indexes)
QUOTE_GRAMS_TABLE = "_reuse_quote_grams"  # -> reuse_quote_grams


def _write_link_order(spark, merged, out_dir: str) -> None:
    """Aligned links by pair, then citation links by their first citation's input rank."""
    from pyspark.sql import types as T

    aligned = merged.filter(lambda kv: kv[0] is None)
    n_aligned = aligned.count()
    ranked = aligned.map(lambda kv: ((kv[1].a, kv[1].b), kv[1].kind)).sortByKey() \
        .zipWithIndex().map(lambda x: (x[0][0][0], x[0][0][1], x[0][1], x[1]))
    cited = merged.filter(lambda kv: kv[0] is not None) \
        .map(lambda kv: (kv[0], (kv[1].a, kv[1].b, kv[1].kind))).sortByKey().zipWithIndex() \
        .map(lambda x: (x[0][1][0], x[0][1][1], x[0][1][2], n_aligned + x[1]))
    schema = T.StructType([T.StructField("a", T.StringType()), T.StructField("b", T.StringType()),
                           T.StructField("kind", T.StringType()),
                           T.StructField("rank", T.LongType())])
    spark.createDataFrame(ranked.union(cited), schema).write.mode("overwrite") \
        .parquet(f"{out_dir}/{LINK_ORDER_TABLE}")


def _write_indexes(bands, grams, out_dir: str) -> None:
    """The in-process engine's reuse indexes, so that ``retold ingest`` after ``retold
    attach`` finds candidates among the Spark run's articles: each article's LSH band keys
    (band = position in the list) and distinct quote 4-grams, one row per article. Hashes
    are signed 64-bit, Parquet via Spark having no unsigned type; ``attach`` casts them
    back."""
    from pyspark.sql import functions as F

    bands.select("doc", "keys").write.mode("overwrite").parquet(f"{out_dir}/{BANDS_TABLE}")
    grams.select("doc", F.array_distinct("grams").alias("grams")).write.mode("overwrite") \
        .parquet(f"{out_dir}/{QUOTE_GRAMS_TABLE}")


def _with_offset(reject: Reject, pos: int) -> Reject:
    reject.offset = pos  # check_articles numbers articles by their position in the batch
    return reject
