"""Web/API and export speed on a Reuters-21578-sized store, anchors measured in the same run.

The store: every non-empty Reuters-21578 article (real newswire text) plus synthetic stories
(groups of 5 consecutive articles, a lineage chain, one mutation per hop), so pages and
exports work on corpus-sized tables. Measured (median wall ms over repeated calls):

* search: ``Corpus.search`` (articles + statements + speakers, snippets) vs the anchor,
  one bare DuckDB ``ILIKE`` query over the same columns (the floor any search here pays);
* story view and the full story page over HTTP (TestClient, template rendering included);
* claim trace of a sentence taken from an article: latency and whether the article is
  among the appearances, for the web's lookup and for the lineage stage's
  (``retold trace``'s) ``find_appearances``;
* Parquet export of every table: retold's streamed writer vs the anchor, DuckDB's own
  ``COPY ... TO (FORMAT parquet)`` of the same tables;
* GEXF export of every story's lineage graph vs the anchor, networkx's ``write_gexf`` of
  the same graph alone (the writer's floor: the rest is reading the store and layout).

Run: ``nice -n 10 python benchmarks/web.py [--limit N]``; writes ``results/web.json``.
"""
from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import SHARED_DATA, print_table, require_dir, write_results  # noqa: E402
from retold.records import ALL_TABLES, Article, LineageEdge, Mutation, Story  # noqa: E402
from retold.store import Store  # noqa: E402

QUERIES = ["oil", "dollar", "coffee", "wheat", "Japan", "interest rates", "merger", "OPEC",
           "said it expects", "trade deficit", "shares", "Bundesbank", "crude", "strike",
           "acquisition", "net loss", "sugar", "Brazil", "tariff", "bank of england"]


def median_ms(func, args_list, repeat: int = 1) -> float:
    """Median wall milliseconds per call, after one untimed warm-up call (template
    compilation, DuckDB's first-query setup)."""
    func(*args_list[0])
    times = []
    for args in args_list:
        for _ in range(repeat):
            t0 = time.perf_counter()
            func(*args)
            times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def build_store(path: Path, limit: int | None) -> tuple[Store, list[Article], list[str]]:
    src = require_dir(SHARED_DATA / "reuters21578") / "articles.jsonl"
    arts: dict[str, Article] = {}
    with src.open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            text = (row.get("text") or "").strip()
            if not text:
                continue
            a = Article(id=Article.make_id(text), text=text, title=row.get("title") or None,
                        outlet="reuters.com", outlet_name="Reuters",
                        published=row.get("date") or None)
            arts.setdefault(a.id, a)
            if limit and len(arts) >= limit:
                break
    articles = list(arts.values())
    store = Store(path)
    for i in range(0, len(articles), 2000):
        store.upsert(articles[i:i + 2000])
    stories, edges, muts = [], [], []
    for n, i in enumerate(range(0, len(articles) - 4, 5)):
        group = articles[i:i + 5]
        sid = f"s{n:05d}"
        stories.append(Story(sid, [a.id for a in group], label=group[0].title or sid,
                             first_seen=group[0].published, size=5))
        edges.append(LineageEdge(sid, group[0].id, None, "Wire", 0.9))
        for parent, child in zip(group, group[1:]):
            edges.append(LineageEdge(sid, child.id, parent.id, None, 0.8,
                                     evidence={"kind": "rewrite"}))
            muts.append(Mutation(sid, child.id, parent.id, "content_removed", [[0, 20]], []))
    store.upsert(stories)
    store.upsert(edges)
    store.upsert(muts)
    return store, articles, [s.id for s in stories]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="articles (default: all)")
    args = parser.parse_args()

    from fastapi.testclient import TestClient

    from retold.export import export
    from retold.web.app import create_app
    from retold.web.views import Corpus, like_pattern

    tmp = Path(tempfile.mkdtemp(prefix="retold-web-bench-"))
    t0 = time.perf_counter()
    store, articles, story_ids = build_store(tmp / "bench.duckdb", args.limit)
    build_s = time.perf_counter() - t0
    corpus = Corpus(store)
    rng = random.Random(7)

    search_ms = median_ms(corpus.search, [(q,) for q in QUERIES], repeat=2)

    def anchor_search(q: str) -> list:
        pattern = like_pattern(q)
        return store.execute(
            "SELECT id, title FROM articles WHERE title ILIKE ? ESCAPE '\\' OR text ILIKE ? "
            "ESCAPE '\\' ORDER BY published NULLS LAST, id LIMIT 50",
            [pattern, pattern]).fetchall()

    anchor_ms = median_ms(anchor_search, [(q,) for q in QUERIES], repeat=2)

    sample_stories = rng.sample(story_ids, min(20, len(story_ids)))
    story_ms = median_ms(corpus.story_view, [(s,) for s in sample_stories])
    client = TestClient(create_app(store, allowed_hosts={"testserver"}))
    page_ms = median_ms(lambda s: client.get(f"/story/{s}").raise_for_status(),
                        [(s,) for s in sample_stories])

    claims = []
    for a in rng.sample(articles, min(10, len(articles))):
        sentence = max(a.text.split(". "), key=len)[:160]
        claims.append((a.id, sentence))
    found = 0
    trace_times = []
    for aid, sentence in claims:
        t1 = time.perf_counter()
        result = corpus.trace(sentence)
        trace_times.append((time.perf_counter() - t1) * 1000)
        found += any(h["id"] == aid for h in result["appearances"])
    trace_ms = statistics.median(trace_times)
    found_lineage, lineage_times = 0, []
    for aid, sentence in claims:
        t1 = time.perf_counter()
        result = corpus.trace(sentence, engine="lineage")
        lineage_times.append((time.perf_counter() - t1) * 1000)
        found_lineage += any(h["id"] == aid for h in result["appearances"])
    trace_lineage_ms = statistics.median(lineage_times)

    t1 = time.perf_counter()
    summary = export(store, "parquet", tmp / "pq")
    export_s = time.perf_counter() - t1
    rows = sum(summary["rows"].values())
    (tmp / "anchor").mkdir()
    t1 = time.perf_counter()
    for cls in ALL_TABLES:
        store.execute(f"COPY \"{cls.TABLE}\" TO '{tmp}/anchor/{cls.TABLE}.parquet' "
                      "(FORMAT parquet)")
    anchor_export_s = time.perf_counter() - t1

    t1 = time.perf_counter()
    gexf = export(store, "gexf", tmp / "all.gexf")
    gexf_s = time.perf_counter() - t1
    import networkx as nx

    from retold.export.graphs import lineage_graph
    from retold.export.select import select

    graph = lineage_graph(select(store, light=True), viz=True)
    t1 = time.perf_counter()
    nx.write_gexf(graph, tmp / "anchor.gexf")
    anchor_gexf_s = time.perf_counter() - t1

    table = [
        ("search (median ms)", round(search_ms, 2), "bare DuckDB ILIKE", round(anchor_ms, 2)),
        ("story view (median ms)", round(story_ms, 2), "", ""),
        ("story page HTTP (median ms)", round(page_ms, 2), "", ""),
        ("claim trace: source found", f"{found}/{len(claims)}", "engine=lineage found",
         f"{found_lineage}/{len(claims)}"),
        ("claim trace (median ms)", round(trace_ms, 2), "engine=lineage (retold trace)",
         round(trace_lineage_ms, 2)),
        ("parquet export, all tables (s)", round(export_s, 3), "DuckDB COPY", round(
            anchor_export_s, 3)),
        ("parquet export rows/s", round(rows / export_s), "DuckDB COPY rows/s",
         round(rows / anchor_export_s)),
        (f"gexf export {gexf['nodes']} nodes (s)", round(gexf_s, 3),
         "networkx write_gexf alone", round(anchor_gexf_s, 3)),
    ]
    print(f"store: {len(articles)} articles, {len(story_ids)} stories, built in {build_s:.1f}s")
    print_table(["measure", "retold", "anchor", "anchor value"], table)
    out = write_results("web", {
        "articles": len(articles), "stories": len(story_ids),
        "search_median_ms": search_ms, "anchor_ilike_median_ms": anchor_ms,
        "story_view_median_ms": story_ms, "story_page_http_median_ms": page_ms,
        "trace_median_ms": trace_ms, "trace_source_found": found, "trace_claims": len(claims),
        "trace_lineage_engine_median_ms": trace_lineage_ms,
        "trace_lineage_engine_found": found_lineage,
        "parquet_export_s": export_s, "anchor_duckdb_copy_s": anchor_export_s,
        "parquet_rows": rows, "gexf_export_s": gexf_s, "gexf_nodes": gexf["nodes"],
        "anchor_networkx_write_gexf_s": anchor_gexf_s,
    })
    print(f"wrote {out}")
    store.close()


if __name__ == "__main__":
    main()
