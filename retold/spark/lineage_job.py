"""Spark lineage: ``retold.lineage.trace_story`` for every story in parallel.

Stories are independent, so each task gets whole stories: the story, its articles (in
input order), their statements and citations, the links between them (in the in-process
link order) and, for boilerplate detection, up to ``OUTLET_SAMPLE`` other pages of each
member's outlet, exactly what ``retold.lineage.update`` reads from the store for one
story. Assembling that is a ``cogroup`` keyed by story id; the outlet samples (the first
pages of each outlet in input order, a few per outlet) are broadcast.

A story whose tracing raises becomes ``Reject(path="story:<id>", stage="lineage")``, as
in-process.
"""
from __future__ import annotations

from retold.records import (Article, Citation, LineageEdge, Mutation, Reject, ReuseLink,
                            Statement, Story)
from retold.spark.reuse_job import LINK_ORDER_TABLE, _stmt_order, load_articles
from retold.spark.schema import from_tuple, to_tuple
from retold.spark.tables import read_table, write_tagged


def _outlet(a: Article) -> str | None:
    return a.outlet or a.outlet_name


def _trace(item, known_b):
    """Tagged edge/mutation rows (or one reject) of one story."""
    from retold.lineage import OUTLET_SAMPLE, _boiler, _by_article
    from retold.lineage.trace import trace_story
    from retold.mutations.units import split_units

    sid, (stories, members, stmts, cites, links, samples) = item
    stories = list(stories)
    if not stories:
        return
    story = stories[0]
    try:
        arts = [a for _, a in sorted(members, key=lambda m: m[0])]
        known = known_b.value
        ids = {a.id for a in arts}
        units = {a.id: split_units(a.text, known) for a in arts}
        outlet = {a.id: _outlet(a) for a in arts}
        sample_of = dict(samples)
        for o in sorted({v for v in outlet.values() if v}):
            others = [(aid, text) for aid, text in sample_of.get(o, ()) if aid not in ids]
            for aid, text in others[:OUTLET_SAMPLE]:
                units[aid] = split_units(text, known)
                outlet[aid] = o
        boiler = _boiler.of_story(units, outlet, ids)
        statements = sorted(stmts, key=lambda s: (s.article_id, _stmt_order(s.id)))
        cite_list = [c for _, c in sorted(cites, key=lambda x: x[0])]
        link_list = [l for _, l in sorted(links, key=lambda x: x[0])]
        tr = trace_story(story.id, arts, boilerplate=boiler,
                         statements=_by_article(_in_order(statements, arts)),
                         citations=cite_list, links=link_list,
                         units={a.id: units[a.id] for a in arts})
    except Exception as exc:
        yield "rejects", to_tuple(Reject(path=f"story:{sid}", stage="lineage",
                                         reason=f"lineage of story {sid} failed: "
                                                f"{type(exc).__name__}: {exc}"))
        return
    for rec in (*tr.edges, *tr.mutations):
        yield type(rec).TABLE, to_tuple(rec)


def _in_order(statements, arts):
    rank = {a.id: i for i, a in enumerate(arts)}
    return sorted(statements, key=lambda s: rank.get(s.article_id, len(rank)))


def run_lineage(spark, out_dir: str, partitions: int) -> dict[str, int]:
    from retold.lineage import OUTLET_SAMPLE
    from retold.mutations.units import channel_key

    sc = spark.sparkContext
    out_dir = out_dir.rstrip("/")
    arts = load_articles(spark, out_dir, partitions, analysed_only=False).cache()
    stories = read_table(spark, out_dir, Story).rdd.map(lambda r: from_tuple(Story, r)).cache()
    member_of = stories.flatMap(lambda s: ((aid, s.id) for aid in s.article_ids))
    # every outlet name in the corpus (``retold.lineage`` reads them with one SQL query)
    known = {channel_key(o) for o in arts.filter(lambda x: x[1].outlet is not None)
             .map(lambda x: x[1].outlet if x[1].outlet_name is None else x[1].outlet_name)
             .distinct().collect() if o}
    # outlet samples: enough first pages per outlet that OUTLET_SAMPLE remain outside any story
    outlet_of = arts.map(lambda x: (x[1].id, _outlet(x[1])))
    biggest = member_of.join(outlet_of).map(lambda kv: (kv[1], 1)) \
        .reduceByKey(lambda a, b: a + b).map(lambda kv: (kv[0][1], kv[1])) \
        .reduceByKey(max).collectAsMap()
    need = {o: OUTLET_SAMPLE + n for o, n in biggest.items() if o}
    need_b = sc.broadcast(need)  # one number per outlet that has story members
    samples = arts.filter(lambda x: _outlet(x[1]) in need_b.value) \
        .map(lambda x: (_outlet(x[1]), (need_b.value[_outlet(x[1])],
                                         [(x[0], x[1].id, x[1].text)]))) \
        .reduceByKey(_earliest, partitions)
    known_b = sc.broadcast(known)
    # each story gets the samples of its members' outlets by a join, never via the driver
    story_samples = member_of.join(outlet_of, partitions) \
        .map(lambda kv: (kv[1][1], kv[1][0])).filter(lambda kv: kv[0] is not None).distinct() \
        .join(samples, partitions) \
        .map(lambda kv: (kv[1][0], (kv[0], [(aid, text) for _, aid, text in kv[1][1][1]])))

    by_story = stories.map(lambda s: (s.id, s))
    members = member_of.join(arts.map(lambda x: (x[1].id, x))).map(lambda kv: (kv[1][0], kv[1][1]))
    stmts = read_table(spark, out_dir, Statement).rdd \
        .map(lambda r: (r["article_id"], from_tuple(Statement, r))).join(member_of) \
        .map(lambda kv: (kv[1][1], kv[1][0]))
    pos_of = arts.map(lambda x: (x[1].id, x[0]))
    cites = read_table(spark, out_dir, Citation).rdd.zipWithIndex() \
        .map(lambda x: (x[0]["article_id"], (x[1], from_tuple(Citation, x[0])))) \
        .join(pos_of).map(lambda kv: (kv[0], ((kv[1][1], _cite_rank(kv[1][0][1])), kv[1][0][1]))) \
        .join(member_of).map(lambda kv: (kv[1][1], kv[1][0]))
    links_df = read_table(spark, out_dir, ReuseLink)
    cols = links_df.columns
    links = links_df.join(spark.read.parquet(f"{out_dir}/{LINK_ORDER_TABLE}"),
                          ["a", "b", "kind"], "left").rdd \
        .map(lambda r: (r["a"], (r["rank"], from_tuple(ReuseLink, tuple(r[c] for c in cols))))) \
        .join(member_of).map(lambda kv: (kv[1][0][1].b, (kv[1][1], kv[1][0]))) \
        .join(member_of).filter(lambda kv: kv[1][0][0] == kv[1][1]) \
        .map(lambda kv: (kv[1][1], kv[1][0][1]))
    grouped = by_story.groupWith(members, stmts, cites, links, story_samples)
    tagged = grouped.flatMap(lambda item: _trace(item, known_b))
    try:
        return write_tagged(spark, tagged, [LineageEdge, Mutation, Reject], out_dir, "lineage")
    finally:
        arts.unpersist()
        stories.unpersist()


def _earliest(x: tuple, y: tuple) -> tuple:
    """``(limit, pages)`` merge keeping an outlet's ``limit`` first pages by input rank."""
    return x[0], sorted(x[1] + y[1])[:x[0]]


def _cite_rank(c: Citation) -> tuple:
    return (c.start, c.end)
