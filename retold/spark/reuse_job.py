"""Spark reuse: ``retold.reuse`` candidate generation and linking as shuffles and maps.

The in-process engine (``retold.reuse.incremental.update`` on a fresh store) runs, over
the articles in store order: ``check_articles`` -> per-outlet ``boilerplate`` ->
shingles minus boilerplate minus corpus-frequent shingles -> MinHash -> LSH band keys ->
``candidate_pairs`` (plus pairs sharing >= 2 quote 4-gram hits) -> per pair ``align`` +
``match_quotes`` + ``make_link`` -> ``find_citations`` + ``citation_links``. Here:

========================  =========================================================
per article (map)         check, shingles, MinHash signature, band keys, quote grams,
                          ``find_citations`` (the stage's own functions)
shuffle                   boilerplate per outlet (``groupBy(outlet)`` then the stage's
                          ``boilerplate`` per group), shingle document frequencies
                          (``reduceByKey``), LSH buckets (``groupBy(band, key)``),
                          quote-gram co-occurrence (``groupBy(gram)``)
per pair (map)            ``align``, ``match_quotes``, ``make_link`` after two joins
driver                    the small results: boilerplate tables, frequent shingles,
                          citation resolution over ``(id, outlet, published)`` stubs
========================  =========================================================

Bucket members are ordered by the article's input rank (``_article_order``), so a bucket
larger than ``max_bucket`` becomes the same star as in-process, and every output equals
the in-process one (the tests compare them).
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
    """Shingle sets minus the outlet's boilerplate, as ``signatures_for`` makes them."""
    from retold.reuse.shingles import shingle_batch

    rows = list(part)
    batch = shingle_batch([art.text for _, art in rows], cfg.ngram) if rows else []
    for (pos, art), raw in zip(rows, batch):
        s = np.unique(raw)
        b = boiler.value.get(art.outlet or "")
        if b is not None and len(b):
            s = s[~np.isin(s, b, assume_unique=True)]
        yield pos, art.id, s


def _templates(art: Article, min_words: int = 5) -> Iterator:
    """``(template, (1, {filling}))`` per distinct sentence template of one article: the
    per-document half of ``retold.reuse.linker.formula_templates``."""
    from retold.reuse.align import normalise_sentence, sentence_spans, sentence_template

    seen: dict[str, str] = {}
    for s, e in sentence_spans(art.text):
        sent = art.text[s:e]
        t = sentence_template(sent)
        if t.count(" ") + 1 < min_words or t in seen:
            continue
        seen[t] = normalise_sentence(sent)
    for t, filling in seen.items():
        yield t, (1, frozenset([filling]))


def _merge_templates(cap: int):
    def merge(x, y):
        fill = x[1] | y[1]
        return x[0] + y[0], fill if len(fill) <= cap else frozenset(sorted(fill)[:cap])
    return merge


def formula_templates(arts, partitions: int) -> frozenset[str]:
    """``formula_templates`` over all articles as a ``reduceByKey`` (its defaults)."""
    import inspect

    from retold.reuse.linker import formula_templates as local

    params = inspect.signature(local).parameters
    min_docs, min_variants = params["min_docs"].default, params["min_variants"].default
    min_words = params["min_words"].default
    found = arts.flatMap(lambda x: _templates(x[1], min_words)) \
        .reduceByKey(_merge_templates(min_variants), partitions) \
        .filter(lambda kv: kv[1][0] >= min_docs and len(kv[1][1]) >= min_variants) \
        .keys().collect()
    return frozenset(found)


def _signatures(part, cfg, frequent) -> Iterator:
    """``(pos, id, size, band keys)`` per article, like ``signatures_for`` + ``index.keys``."""
    from retold.reuse.lsh import LSHIndex
    from retold.reuse.minhash import MinHasher

    rows = list(part)
    if not rows:
        return
    sets = [s for _, _, s in rows]
    freq = frequent.value
    if freq is not None and len(freq):
        sets = [s[~np.isin(s, freq, assume_unique=True)] for s in sets]
    sigs = MinHasher(cfg.num_perm).signatures(sets)
    keys = LSHIndex(cfg.lsh_threshold, cfg.num_perm).keys(sigs)
    for (pos, aid, _), s, k in zip(rows, sets, keys):
        yield pos, aid, len(s), k


def _bucket_pairs(members, max_bucket: int) -> Iterator[tuple[str, str]]:
    """Pairs of one LSH bucket, as ``candidate_pairs`` emits them (star beyond the cap)."""
    members = sorted(members)  # (pos, id): first member = earliest in input order
    n = len(members)
    if n < 2:
        return
    if n > max_bucket:
        head = members[0][1]
        for _, other in members[1:]:
            yield tuple(sorted((head, other)))
        return
    for i in range(n):
        for j in range(i + 1, n):
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
    """``ReuseLink``, ``Reject`` (the pair could not be compared) or None, as
    ``retold.reuse.incremental._align_pairs`` decides for one pair."""
    from retold.reuse.align import align
    from retold.reuse.linker import make_link, pair_reject
    from retold.reuse.quotes import match_quotes

    (x, y), ((a, sa), (b, sb)) = item
    empty = frozenset()
    sents = boiler_sent.value
    ignore = sents.get(a.outlet or "", empty) | sents.get(b.outlet or "", empty)
    try:
        al = align(a.text, b.text, cfg.align_threshold, ignore=ignore,
                   ignore_templates=formulas.value)
        qm = match_quotes(sa, sb, a.text, b.text, cfg.quote_threshold)
        return make_link(a, b, al, qm, [], cfg)
    except Exception as exc:  # one bad pair must not stop the job
        return pair_reject(x, y, exc)


def _stub(art: Article) -> Article:
    return Article(id=art.id, text="", outlet=art.outlet, outlet_name=art.outlet_name,
                   published=art.published)


def run_reuse(spark, out_dir: str, partitions: int) -> dict[str, int]:
    from pyspark import StorageLevel
    from retold.reuse.citations import find_citations
    from retold.reuse.linker import boilerplate, check_articles, citation_links
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
    if n_arts >= 1000:  # signatures_for drops shingles on > max_df_share of documents
        limit = cfg.max_df_share * n_arts
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
        .map(lambda kv: (kv[1][0][0], kv[0])).collect()

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

    # per pair: the stage's align + match_quotes + make_link, after two joins
    first = pairs.map(lambda p: (p[0], p[1])).join(art_st, partitions) \
        .map(lambda kv: (kv[1][0], (kv[0], kv[1][1])))
    both = first.join(art_st, partitions).map(
        lambda kv: ((kv[1][0][0], kv[0]), (kv[1][0][1], kv[1][1])))
    formulas = sc.broadcast(formula_templates(art_st.map(lambda kv: (0, kv[1][0])), partitions))
    compared = both.map(lambda item: (item[0], _link_pair(item, cfg, boiler_sent, formulas))) \
        .filter(lambda kv: kv[1] is not None).persist(StorageLevel.MEMORY_AND_DISK)
    links = compared.filter(lambda kv: isinstance(kv[1], ReuseLink))
    pair_rejects = compared.filter(lambda kv: isinstance(kv[1], Reject)).values()

    # citations: found per article; resolved on the driver over light stubs
    cites_rdd = arts.flatMap(lambda x: ((x[0], i, c) for i, c in
                                        enumerate(find_citations(x[1]))))
    cites = [c for _, _, c in sorted(cites_rdd.collect(), key=lambda t: (t[0], t[1]))]
    stub_links = [ReuseLink(a=a, b=b, kind=kind, score=0.0) for (a, b, kind) in
                  sorted(links.map(lambda kv: (kv[1].a, kv[1].b, kv[1].kind)).collect(),
                         key=lambda t: (t[0], t[1]))]
    linked: dict[str, set[str]] = {}
    for x, y in near_pairs:
        linked.setdefault(x, set()).add(y)
        linked.setdefault(y, set()).add(x)
    for l in stub_links:
        linked.setdefault(l.a, set()).add(l.b)
        linked.setdefault(l.b, set()).add(l.a)
    cited_outlets = {c.outlet for c in cites}
    stubs = [s for _, s in sorted(arts.map(lambda x: (x[0], _stub(x[1]))).collect())] \
        if cited_outlets else []
    new_links = citation_links(stubs, cites, linked, stub_links)
    extra = {(l.a, l.b): l.evidence["cites"] for l in stub_links if "cites" in l.evidence}
    extra_b = sc.broadcast(extra)

    def add_cites(link: ReuseLink) -> ReuseLink:
        got = extra_b.value.get((link.a, link.b))
        if got:
            link.evidence.setdefault("cites", []).extend(got)
        return link

    out_links = links.values().map(add_cites).map(lambda l: ("reuse_links", to_tuple(l)))
    tagged = out_links.union(sc.parallelize(
        [("reuse_links", to_tuple(l)) for l in new_links] +
        [("citations", to_tuple(c)) for c in cites], max(1, partitions // 2))) \
        .union(rejects.union(pair_rejects).map(lambda r: ("rejects", to_tuple(r))))
    try:
        counts = write_tagged(spark, tagged, [ReuseLink, Citation, Reject], out_dir, "reuse")
        _write_link_order(spark, links, new_links, out_dir)
    finally:
        for rdd in (checked, arts, sets, sigs, lsh_pairs, art_st, compared):
            rdd.unpersist()
    return counts


LINK_ORDER_TABLE = "_link_order"
"""Side table ``(a, b, kind, rank)``: the in-process order of links (aligned pairs sorted,
then citation links), which story grouping's Louvain step is sensitive to."""


def _write_link_order(spark, links, new_links, out_dir: str) -> None:
    from pyspark.sql import types as T

    n_aligned = links.count()
    aligned = links.map(lambda kv: ((kv[1].a, kv[1].b), kv[1].kind)).sortByKey() \
        .zipWithIndex().map(lambda x: (x[0][0][0], x[0][0][1], x[0][1], x[1]))
    cited = spark.sparkContext.parallelize(
        [(l.a, l.b, l.kind, n_aligned + i) for i, l in enumerate(new_links)], 1)
    schema = T.StructType([T.StructField("a", T.StringType()), T.StructField("b", T.StringType()),
                           T.StructField("kind", T.StringType()),
                           T.StructField("rank", T.LongType())])
    spark.createDataFrame(aligned.union(cited), schema).write.mode("overwrite") \
        .parquet(f"{out_dir}/{LINK_ORDER_TABLE}")


def _with_offset(reject: Reject, pos: int) -> Reject:
    reject.offset = pos  # check_articles numbers articles by their position in the batch
    return reject
