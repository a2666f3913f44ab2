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
from retold.spark.schema import from_tuple, spark_schema, to_tuple
from retold.spark.tables import read_table, table_path, write_tagged


def _config():
    from retold.reuse.linker import Config

    return Config()


def load_articles(spark, out_dir: str, partitions: int, analysed_only: bool = True):
    """RDD ``(rank, Article)``: the articles the in-process reuse stage would see, ranked
    in input order.

    ``retold.pipeline.analyze`` hands reuse only the articles whose statements were
    extracted, so articles with a statements reject are left out here too, and ranks are
    dense over the rest (``check_articles`` numbers rejects by that rank).
    """
    out_dir = out_dir.rstrip("/")
    arts = read_table(spark, out_dir, Article)
    order = spark.read.parquet(f"{out_dir}/{ORDER_TABLE}")
    joined = arts.join(order, "id")
    failed = _statement_failures(spark, out_dir) if analysed_only else None
    if failed is not None:
        joined = joined.join(failed, joined["id"] == failed["record_id"], "left_anti")
    cols = arts.columns
    return joined.rdd.map(lambda r: (r["pos"], tuple(r[c] for c in cols))) \
        .sortByKey(numPartitions=partitions).zipWithIndex() \
        .map(lambda x: (x[1], from_tuple(Article, x[0][1])))


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


def _bucket_pairs(members, max_bucket: int) -> Iterator[tuple[str, str]]:
    """Pairs of one LSH bucket: ``candidate_pairs`` on its members in input order (so a
    bucket beyond ``max_bucket`` is the same star from its earliest member)."""
    from retold.reuse.lsh import candidate_pairs

    members = sorted(members)  # (pos, id)
    if len(members) < 2:
        return
    same_key = np.zeros((len(members), 1), dtype=np.uint64)
    for i, j in candidate_pairs(same_key, max_bucket).tolist():
        yield tuple(sorted((members[i][1], members[j][1])))


def _quote_grams(item) -> Iterator:
    from retold.reuse.quotes import statement_text
    from retold.reuse.shingles import shingles

    aid, (art, stmts) = item
    for s in stmts:
        for g in shingles(statement_text(s, art.text), 4).tolist():
            yield (g, aid), 1


def _gram_pairs(item) -> Iterator:
    """Ordered doc pairs sharing one gram with their join multiplicity (in-process SQL)."""
    _, docs = item
    docs = list(docs)
    if len(docs) < 2:
        return
    for x, cx in docs:
        for y, cy in docs:
            if x != y:
                yield (x, y), cx * cy


def _link_pair(item, cfg, boiler_sent, formulas):
    """``ReuseLink``, ``Reject`` or None: the stage's ``align_pair`` on one pair."""
    from retold.reuse.incremental import align_pair

    _, ((a, sa), (b, sb)) = item
    return align_pair(a, b, sa, sb, boiler_sent.value, formulas.value, cfg)


def _pairs_with(pairs, values, partitions: int):
    """``((x, y), (value of x, value of y))`` for each pair: two joins."""
    first = pairs.map(lambda p: (p[0], p[1])).join(values, partitions) \
        .map(lambda kv: (kv[1][0], (kv[0], kv[1][1])))
    return first.join(values, partitions).map(
        lambda kv: ((kv[1][0][0], kv[0]), (kv[1][0][1], kv[1][1])))


def _article_quote_grams(art_stmts):
    from retold.reuse.linker import quote_grams

    art, stmts = art_stmts
    return quote_grams(stmts, art.text)


def _slim(art: Article) -> Article:
    """What ``align_pair`` reads of an article (its blocks and locations stay behind)."""
    return Article(id=art.id, text=art.text, outlet=art.outlet)


def run_reuse(spark, out_dir: str, partitions: int) -> dict[str, int]:
    from pyspark import StorageLevel
    from retold.reuse.citations import find_citations
    from retold.reuse.linker import boilerplate, check_articles, drop_shingles, frequent_limit, \
        worth_aligning
    from retold.reuse.quotes import find_quotes

    sc = spark.sparkContext
    cfg = _config()
    out_dir = out_dir.rstrip("/")
    keyed = load_articles(spark, out_dir, partitions)

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
    by_outlet = arts.filter(lambda x: bool(x[1].outlet)).map(lambda x: (x[1].outlet, x[1])) \
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
    if limit is not None:
        freq = sets.flatMap(lambda x: ((int(g), 1) for g in x[2].tolist())) \
            .reduceByKey(lambda a, b: a + b, partitions).filter(lambda kv: kv[1] > limit) \
            .keys().collect()
        frequent = np.unique(np.array(freq, dtype=np.uint64))
    frequent_b = sc.broadcast(frequent)
    sigs = sets.mapPartitions(lambda p: _signatures(p, cfg, frequent_b))
    max_bucket = cfg.max_bucket
    from retold.reuse.incremental import NEAR_BANDS as near_bands
    sigs = sigs.filter(lambda x: x[2] > 0).persist(StorageLevel.MEMORY_AND_DISK)
    lsh_pairs = sigs.flatMap(lambda x: (((band, int(key)), (x[0], x[1]))
                                        for band, key in enumerate(x[3].tolist()))) \
        .groupByKey(partitions).flatMap(lambda kv: _bucket_pairs(kv[1], max_bucket)) \
        .distinct(partitions).persist(StorageLevel.MEMORY_AND_DISK)
    # "near" candidates (>= NEAR_BANDS equal band keys) may receive a citation
    keys_of = sigs.map(lambda x: (x[1], x[3]))
    near_pairs = lsh_pairs.map(lambda p: (p[0], p[1])).join(keys_of, partitions) \
        .map(lambda kv: (kv[1][0], (kv[0], kv[1][1]))).join(keys_of, partitions) \
        .filter(lambda kv: int(np.count_nonzero(kv[1][0][1] == kv[1][1])) >= near_bands) \
        .map(lambda kv: (kv[1][0][0], kv[0]))

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
    quote_pairs = art_st.flatMap(_quote_grams).reduceByKey(lambda a, b: a + b, partitions) \
        .map(lambda kv: (kv[0][0], (kv[0][1], kv[1]))).groupByKey(partitions) \
        .flatMap(_gram_pairs).reduceByKey(lambda a, b: a + b, partitions) \
        .filter(lambda kv: kv[1] >= 2).map(lambda kv: tuple(sorted(kv[0])))
    pairs = lsh_pairs.union(quote_pairs).distinct(partitions)

    # per pair: the stage's gate on light features (the shingle set LSH signed, the quote
    # 4-grams), then align + match_quotes + make_link on the pairs it keeps, each after two
    # joins; the second joins ship only what alignment reads (id, text, outlet, statements)
    features = sets.map(lambda x: (x[1], drop_shingles([x[2]], frequent_b.value)[0])) \
        .join(art_st.mapValues(lambda v: _article_quote_grams(v)), partitions)
    kept = _pairs_with(pairs, features, partitions) \
        .filter(lambda kv: worth_aligning(kv[1][0][0], kv[1][1][0], kv[1][0][1], kv[1][1][1],
                                          cfg)).keys()
    both = _pairs_with(kept, art_st.mapValues(lambda v: (_slim(v[0]), v[1])), partitions)
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
        _write_indexes(spark, sigs, art_st, out_dir)
    finally:
        for rdd in (checked, arts, sets, sigs, lsh_pairs, art_st, compared, resolved, merged):
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


def _write_indexes(spark, sigs, art_st, out_dir: str) -> None:
    """The in-process engine's reuse indexes, so that ``retold ingest`` after ``retold
    attach`` finds candidates among the Spark run's articles: each article's LSH band keys
    (band = position in the list) and quote 4-grams, one row per article (a row per key
    would cost Python a million tuples per 8k articles). Hashes are written as signed
    64-bit, Parquet via Spark having no unsigned type; ``attach`` casts them back."""
    from pyspark.sql import types as T

    def signed(key: int) -> int:
        return key - (1 << 64) if key >= 1 << 63 else key

    bands = sigs.map(lambda x: (x[1], [signed(int(k)) for k in x[3].tolist()]))
    spark.createDataFrame(bands, T.StructType([
        T.StructField("doc", T.StringType()),
        T.StructField("keys", T.ArrayType(T.LongType()))])).write.mode("overwrite") \
        .parquet(f"{out_dir}/{BANDS_TABLE}")

    grams = art_st.map(lambda kv: (kv[0], [signed(int(g)) for g in
                                           _article_quote_grams(kv[1]).tolist()]))
    spark.createDataFrame(grams, T.StructType([
        T.StructField("doc", T.StringType()),
        T.StructField("grams", T.ArrayType(T.LongType()))])) \
        .write.mode("overwrite").parquet(f"{out_dir}/{QUOTE_GRAMS_TABLE}")


def _with_offset(reject: Reject, pos: int) -> Reject:
    reject.offset = pos  # check_articles numbers articles by their position in the batch
    return reject
