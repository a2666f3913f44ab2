"""Spark stories: connected components at scale, then ``retold.stories.group`` per component.

Why this split is exact: ``group`` only ever joins articles through links of weight >=
``min_weight`` and runs its Louvain step inside each connected component of that graph,
so components are independent. We find them with :func:`retold.spark.components.components`
(union-find on the driver for small edge lists, iterative min-label joins beyond), then
call ``group`` on each component's articles (in input order) and links (in the
in-process link order, ``_link_order``), which gives the subgraph, node order and edge
order the in-process run gives Louvain, hence the same stories and ids.
"""
from __future__ import annotations

from retold.records import Article, ReuseLink, Story
from retold.spark.components import components
from retold.spark.reuse_job import LINK_ORDER_TABLE, load_articles
from retold.spark.schema import to_tuple
from retold.spark.tables import read_table, write_tagged



LINK_FIELDS = ("a", "b", "kind", "score")
"""What ``group`` reads of a link (``link_weight``: kind and score): the two joins and the
cogroup below move these, not the spans and evidence."""


def _min_weight() -> float:
    """``retold.stories.group``'s own ``min_weight`` default (links below never join)."""
    import inspect

    from retold.stories import group

    return inspect.signature(group).parameters["min_weight"].default


def _story_stub(art: Article) -> Article:
    """What ``group`` reads of an article: its date, and the headline it labels a story
    with (``retold.stories.headline``), so that the three shuffles below move a few bytes
    an article, not its text."""
    from retold.stories import headline

    return Article(id=art.id, text="", title=headline(art), published=art.published)


def _group_component(item):
    from retold.stories import group

    _, (members, links) = item
    members = sorted(members, key=lambda m: m[0])
    links = [l for _, l in sorted(links, key=lambda x: x[0])]
    ids = [a.id for _, a in members]
    articles = {a.id: a for _, a in members}
    for story in group(ids, links, existing=[], articles=articles):
        if story.article_ids:
            yield "stories", to_tuple(story)


def run_stories(spark, out_dir: str, partitions: int) -> dict[str, int]:
    from retold.reuse.linker import Config, check_articles
    from retold.stories import link_weight

    out_dir = out_dir.rstrip("/")
    min_words = Config().min_words
    min_weight = _min_weight()
    arts = load_articles(spark, out_dir, partitions,
                         fields=("id", "text", "title", "published")) \
        .filter(lambda x: not check_articles([x[1]], min_words)[1]) \
        .mapValues(_story_stub).cache()
    links_df = read_table(spark, out_dir, ReuseLink).select(*LINK_FIELDS)
    order = spark.read.parquet(f"{out_dir}/{LINK_ORDER_TABLE}")
    ranked = links_df.join(order, ["a", "b", "kind"], "left").rdd \
        .map(lambda r: (r["rank"], ReuseLink(**{f: r[f] for f in LINK_FIELDS}))).cache()
    strong = ranked.filter(lambda x: link_weight(x[1]) >= min_weight and x[1].a != x[1].b)
    nodes = spark.createDataFrame(arts.map(lambda x: (x[1].id,)), "id string")
    edges = spark.createDataFrame(strong.map(lambda x: (x[1].a, x[1].b)), "src string, dst string")
    comp = components(nodes, edges).rdd.map(lambda r: (r["id"], r["component"]))
    comp = comp.cache()
    members = arts.map(lambda x: (x[1].id, x)).join(comp, partitions) \
        .map(lambda kv: (kv[1][1], kv[1][0]))
    # every link inside a component goes along (weak ones count for the story label)
    link_comp = ranked.map(lambda x: (x[1].a, x)).join(comp, partitions) \
        .map(lambda kv: (kv[1][0][1].b, (kv[1][1], kv[1][0]))).join(comp, partitions) \
        .filter(lambda kv: kv[1][0][0] == kv[1][1]).map(lambda kv: kv[1][0])
    grouped = members.cogroup(link_comp, partitions).flatMap(
        lambda kv: _group_component((kv[0], (list(kv[1][0]), list(kv[1][1])))))
    try:
        counts = write_tagged(spark, grouped, [Story], out_dir, "stories")
    finally:
        arts.unpersist()
        ranked.unpersist()
        comp.unpersist()
    return counts
