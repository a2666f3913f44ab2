"""Spark engine: same outputs as in-process, bad input as rejects, attach into a store.

Needs pyspark and a Java runtime (skipped with a message otherwise). One small
``local[2]`` session is shared by the whole module.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from story_helpers import load_simulator

from retold.records import Article, Reject
from retold.store import Store

pytestmark = pytest.mark.spark
ROOT = Path(__file__).resolve().parent.parent


def _simulator():
    mod = load_simulator()
    if not mod.REUTERS.is_file():
        pytest.skip(f"Reuters base articles not found at {mod.REUTERS} (set up ../shared/data)")
    return mod


def _write_shards(articles: list[dict], folder: Path, shards: int = 3) -> None:
    folder.mkdir(parents=True)
    for k in range(shards):
        with open(folder / f"shard{k}.jsonl", "w", encoding="utf-8") as fh:
            for a in articles[k::shards]:
                fh.write(json.dumps(a) + "\n")


def _corrupt_warc(src: Path, dst: Path) -> int:
    """A copy of ``src`` with garbage over the middle of its third record; its offset."""
    from fastwarc.warc import ArchiveIterator

    with open(src, "rb") as fh:
        offsets = [r.stream_pos for r in ArchiveIterator(fh)]
    data = bytearray(src.read_bytes())
    start = offsets[2] + 40
    data[start:start + 400] = b"\x00garbage" * 50
    dst.write_bytes(bytes(data))
    return offsets[2]


@pytest.mark.slow
def test_spark_run_equals_in_process_run(spark, tmp_path, shared_data):
    """Articles, statements, speakers, hedges, links, citations, stories, lineage, mutations."""
    from retold import pipeline
    from retold.ingest import ingest
    from retold.spark import run_spark
    from retold.spark.attach import attach
    from retold.spark.compare import compare_stores

    # ~75 articles: every stage runs twice (spaCy included) on a 2-core test machine
    articles, _ = _simulator().simulate(8, seed=3)
    assert len(articles) >= 60
    _write_shards(articles, tmp_path / "in")
    with Store(tmp_path / "inproc.duckdb") as ref:
        ingest(ref, [str(tmp_path / "in")])
        pipeline.analyze(ref)
        summary = run_spark([str(tmp_path / "in")], str(tmp_path / "out"), spark=spark)
        assert summary.tables["articles"] == len({Article.make_id(a["text"]) for a in articles})
        with Store(tmp_path / "spark.duckdb") as got:
            attach(tmp_path / "out", got)
            assert got.count(Article) == ref.count(Article)
            diff = compare_stores(ref, got)
            summary_of = {t: (d["left"], d["right"]) for t, d in diff.items()}
            assert diff == {}, f"differing tables (in-process, spark rows): {summary_of}; " \
                + json.dumps(diff, default=str)[:4000]
            assert got.execute("SELECT count(*) FROM reuse_links").fetchone()[0] > 0
            assert got.execute("SELECT count(*) FROM stories").fetchone()[0] > 0
            assert got.execute("SELECT count(*) FROM lineage_edges").fetchone()[0] > 0


def test_corrupt_warc_fails_one_record_not_the_job(spark, tmp_path, shared_data):
    from retold.ingest import Skipped, iter_inputs
    from retold.spark import run_spark
    from retold.spark.attach import attach

    src = shared_data / "warc-samples" / "fundus-eval-16-news.warc.gz"
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(src, inputs / "good.warc.gz")
    bad_offset = _corrupt_warc(src, inputs / "bad.warc.gz")
    (inputs / "empty.jsonl").write_bytes(b"")
    summary = run_spark([str(inputs)], str(tmp_path / "out"), stages=["ingest"], spark=spark)
    assert summary.tables["articles"] > 0
    with Store(tmp_path / "s.duckdb") as store:
        attach(tmp_path / "out", store)
        rejects = store.query(Reject)
        bad = [r for r in rejects if r.path.endswith("bad.warc.gz")]
        assert bad and all(r.offset is not None and r.reason for r in bad)
        size = (inputs / "bad.warc.gz").stat().st_size
        assert all(0 <= r.offset <= bad_offset < size for r in bad)  # at or before the damage
        assert any(r.path.endswith("empty.jsonl") for r in rejects)
        # same rejects and articles as the in-process reader
        expected = [x for x in iter_inputs([str(inputs)]) if not isinstance(x, Skipped)]
        want_rej = {(r.path, r.offset, r.reason) for r in expected if isinstance(r, Reject)}
        assert {(r.path, r.offset, r.reason) for r in rejects} == want_rej
        want_ids = {a.id for a in expected if isinstance(a, Article)}
        assert {a.id for a in store.query(Article)} == want_ids
        good_locs = [loc for a in store.query(Article) for loc in a.locations
                     if loc.path.endswith("good.warc.gz")]
        assert len(good_locs) >= 10  # the good file was read whole


def test_components_driver_and_distributed_agree(spark):
    import random

    import networkx as nx

    from retold.spark.components import connected_components, driver_components

    rng = random.Random(4)
    ids = [f"a{i:04d}" for i in range(300)]
    edges = [(rng.choice(ids), rng.choice(ids)) for _ in range(200)]
    edges += [(ids[i], ids[i + 1]) for i in range(10, 60)]  # a long path: many rounds
    nodes_df = spark.createDataFrame([(i,) for i in ids], "id string")
    edges_df = spark.createDataFrame(edges, "src string, dst string")
    graph = nx.Graph()
    graph.add_nodes_from(ids)
    graph.add_edges_from(edges)
    expected = {v: min(c) for c in nx.connected_components(graph) for v in c}
    distributed = {r.id: r.component for r in connected_components(nodes_df, edges_df).collect()}
    local = {r.id: r.component for r in driver_components(nodes_df, edges_df).collect()}
    assert distributed == expected
    assert local == expected


def test_attach_rejects_bad_folders(tmp_path):
    from retold.spark.attach import AttachError, attach

    with Store(":memory:") as store:
        with pytest.raises(AttachError, match="not a directory"):
            attach(tmp_path / "missing", store)
        with pytest.raises(AttachError, match="no Parquet tables"):
            attach(tmp_path, store)


def test_attach_loads_parquet_with_store_schema(tmp_path):
    """Attach replaces rows with the same key and loads exactly the store's columns."""
    import pyarrow.parquet as pq

    from retold.spark.attach import attach
    from retold.store import to_arrow

    (tmp_path / "articles").mkdir()
    arts = [Article(id="x1", text="one"), Article(id="x2", text="two", title="T")]
    pq.write_table(to_arrow(Article, arts), tmp_path / "articles" / "part-0.parquet")
    with Store(":memory:") as store:
        store.upsert([Article(id="x1", text="old")])
        summary = attach(tmp_path, store)
        assert summary.tables == {"articles": 2}
        assert store.get(Article, id="x1").text == "one"
        assert store.get(Article, id="x2").title == "T"
        assert store.count(Article) == 2


def test_attach_refuses_a_folder_before_writing_anything(tmp_path):
    """An unknown column in any part file of any table refuses the whole folder before a
    row is written (it had loaded the articles, then refused the stories, leaving a
    store with articles and no stories), and the CLI makes no store file for it."""
    import pyarrow as pa
    import pyarrow.parquet as pq
    from typer.testing import CliRunner

    from retold.cli import _register, app
    from retold.records import Story
    from retold.spark.attach import AttachError, attach
    from retold.store import to_arrow

    (tmp_path / "articles").mkdir()
    (tmp_path / "stories").mkdir()
    pq.write_table(to_arrow(Article, [Article(id="x1", text="one")]),
                   tmp_path / "articles" / "part-0.parquet")
    good = to_arrow(Story, [Story(id="s1", article_ids=["x1"], size=1)])
    pq.write_table(good, tmp_path / "stories" / "part-0.parquet")
    odd = good.append_column("bogus", pa.array(["?"]))  # in the second part file only
    pq.write_table(odd, tmp_path / "stories" / "part-1.parquet")
    with Store(":memory:") as store:
        with pytest.raises(AttachError, match="bogus"):
            attach(tmp_path, store)
        assert store.count(Article) == 0
    _register()
    db = tmp_path / "new.duckdb"
    res = CliRunner().invoke(app, ["attach", str(tmp_path), "--db", str(db)])
    assert res.exit_code == 2 and not db.exists()
    res = CliRunner().invoke(app, ["attach", str(tmp_path / "articles"), "--db", str(db)])
    assert res.exit_code == 2 and not db.exists()  # not a Spark output: no store file made


def test_spark_run_stops_when_nothing_was_ingested(spark, tmp_path):
    """A run whose inputs are all missing or rejected ran every later stage on nothing
    (minutes of Spark jobs) and exited 0; now it stops after ingest and says so."""
    from retold.spark import run_spark

    summary = run_spark([str(tmp_path / "nonexistent.jsonl")], str(tmp_path / "out"),
                        spark=spark)
    assert summary.nothing_ingested
    assert summary.skipped == ["statements", "reuse", "stories", "lineage"]
    assert list(summary.seconds) == ["ingest"] and summary.tables["rejects:ingest"] == 1


def test_bad_settings_fail_early_with_a_fix():
    from retold.spark import check_stages
    from retold.spark.session import check_master

    with pytest.raises(ValueError, match="local\\[N\\]"):
        check_master("local[two]")
    assert check_master("spark://host:7077") == "spark://host:7077"
    with pytest.raises(ValueError, match="choose from"):
        check_stages(["ingest", "reuse-links"])
    assert check_stages(["reuse", "ingest"]) == ["ingest", "reuse"]


def test_cli_spark_run_then_attach(spark, tmp_path):
    """``retold spark-run --db`` writes Parquet and attaches it; bad folders exit 2."""
    from typer.testing import CliRunner

    from retold.cli import _register, app

    _register()
    inputs = tmp_path / "in"
    inputs.mkdir()
    rows = [{"id": f"d{i}", "text": f"Story number {i}. " * 20, "title": f"T{i}",
             "outlet": "example.com"} for i in range(6)]
    rows.append({"id": "dup", "text": rows[0]["text"], "outlet": "example.com"})
    (inputs / "a.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n{broken\n")
    runner = CliRunner()
    out, db = tmp_path / "out", tmp_path / "s.duckdb"
    res = runner.invoke(app, ["spark-run", str(inputs), "--out", str(out), "--stages", "ingest",
                              "--db", str(db), "-q"])
    assert res.exit_code == 0, res.output
    with Store(db) as store:
        assert store.count(Article) == 6  # the duplicate body merged into one article
        merged = [a for a in store.query(Article) if len(a.locations) == 2]
        assert len(merged) == 1
        assert any("a.jsonl" in r.path and r.offset is not None for r in store.query(Reject))
    res = runner.invoke(app, ["attach", str(tmp_path / "nowhere"), "--db", str(db)])
    assert res.exit_code == 2 and "not a directory" in res.output
    res = runner.invoke(app, ["spark-run", str(inputs), "--out", str(out), "--stages", "bogus"])
    assert res.exit_code == 2 and "choose from" in res.output


STORY = ROOT / "tests" / "fixtures" / "story" / "articles.jsonl"


def _story_inputs(folder: Path) -> Path:
    """The hand-made six-article story as two JSONL files (three retellings each)."""
    lines = STORY.read_text(encoding="utf-8").splitlines()
    folder.mkdir()
    (folder / "first.jsonl").write_text("\n".join(lines[:3]) + "\n", encoding="utf-8")
    (folder / "second.jsonl").write_text("\n".join(lines[3:]) + "\n", encoding="utf-8")
    return folder


def _cli(*args: str):
    from typer.testing import CliRunner

    from retold.cli import _register, app

    _register()
    res = CliRunner().invoke(app, list(args))
    assert res.exit_code == 0, res.output
    return res


@pytest.fixture(scope="module")
def story_reference(tmp_path_factory):
    """The story ingested and analysed in-process: what --engine spark must reproduce."""
    folder = tmp_path_factory.mktemp("story")
    inputs = _story_inputs(folder / "in")
    _cli("ingest", str(inputs), "--db", str(folder / "ref.duckdb"), "-q")
    return inputs, folder / "ref.duckdb"


@pytest.mark.slow
def test_ingest_engine_spark_equals_in_process(spark, tmp_path, story_reference):
    """``retold ingest --engine spark`` fills --db with what the in-process ingest stores,
    and the other commands read it (lineage from the attached tables)."""
    from retold.records import Story
    from retold.spark.compare import compare_stores

    inputs, ref_db = story_reference
    db = tmp_path / "s.duckdb"
    res = _cli("ingest", str(inputs), "--engine", "spark", "--db", str(db), "--json")
    summary = json.loads(res.stdout.strip().splitlines()[-1])
    assert summary["spark_out"] == str(db) + ".spark"  # default: beside the store
    assert summary["attached"]["articles"] == 6
    with Store(ref_db, read_only=True) as ref, Store(db, read_only=True) as got:
        assert compare_stores(ref, got) == {}
        for index in ("reuse_bands", "reuse_quote_grams"):  # so a later ingest links to them
            sql = f"SELECT * FROM {index} ORDER BY ALL"
            assert ref.execute(sql).fetchall() == got.execute(sql).fetchall(), index
        assert got.execute("SELECT count(*) FROM reuse_bands").fetchone()[0] >= 6 * 64
        stories = got.query(Story)
        assert any(len(s.article_ids) >= 5 for s in stories)
        members = got.execute("SELECT count(*) FROM reuse_story_members").fetchone()[0]
        assert members == sum(len(s.article_ids) for s in stories)
        in_order = [r[0] for r in got.execute("SELECT id FROM articles ORDER BY rowid").fetchall()]
        assert in_order == [r[0] for r in ref.execute("SELECT id FROM articles ORDER BY rowid").fetchall()]
    ids = {r["id"]: Article.make_id(r["text"]) for r in map(json.loads, STORY.open())}
    story = next(s for s in stories if ids["story-a5-hardened"] in s.article_ids)
    res = _cli("story", story.id, "--db", str(db))
    assert "Levant Ledger" in res.output and "Newsweek" in res.output


@pytest.mark.slow
def test_analyze_engine_spark_replaces_the_analysis(spark, tmp_path, story_reference):
    """Half the story ingested in-process, half on Spark into the non-empty store (articles
    only), then ``retold analyze --engine spark``: the in-process result, whole."""
    from retold.records import ReuseLink
    from retold.spark.compare import compare_stores

    inputs, ref_db = story_reference
    db = tmp_path / "s.duckdb"
    _cli("ingest", str(inputs / "first.jsonl"), "--db", str(db), "--no-analyze", "-q")
    _cli("ingest", str(inputs / "second.jsonl"), "--engine", "spark", "--no-analyze",
         "--db", str(db), "--spark-out", str(tmp_path / "run1"), "-q")
    with Store(db, read_only=True) as got:
        assert got.count(ReuseLink) == 0  # --no-analyze: articles only
        assert got.count(Article) == 6
    res = _cli("analyze", "--engine", "spark", "--db", str(db),
               "--spark-out", str(tmp_path / "run2"))
    assert json.loads(res.stdout.strip().splitlines()[-1])["attached"]["reuse_links"] > 0
    with Store(ref_db, read_only=True) as ref, Store(db, read_only=True) as got:
        assert compare_stores(ref, got) == {}


@pytest.mark.slow
def test_spark_ingest_merges_articles_found_again(spark, tmp_path, story_reference):
    """The same pages read again from another file on Spark keep their first location and
    gain the new one, as an in-process re-ingest merges them."""
    inputs, _ = story_reference
    again = tmp_path / "again.jsonl"
    shutil.copy(inputs / "first.jsonl", again)
    db = tmp_path / "s.duckdb"
    _cli("ingest", str(inputs / "first.jsonl"), "--db", str(db), "--no-analyze", "-q")
    _cli("ingest", str(again), "--engine", "spark", "--no-analyze", "--db", str(db),
         "--spark-out", str(tmp_path / "run"), "-q")
    with Store(db, read_only=True) as got:
        arts = got.query(Article)
    assert len(arts) == 3
    for art in arts:
        assert sorted(Path(loc.path).name for loc in art.locations) == ["again.jsonl",
                                                                         "first.jsonl"]


@pytest.mark.slow
def test_spark_ingest_of_an_earlier_page_restamps_and_spark_analysis_redoes_it(spark, tmp_path):
    """Spark ingest finds the page that published a stored body first (Reuters' own,
    the store holding a later word-for-word copy): the article takes Reuters' page and
    is queued as in-process ingest queues it; a Spark analysis redoes every article and
    empties the queue, with Reuters the story's origin in the corpus."""
    from test_ingest_store import _bank_story, _roots

    from retold.ingest.store import Restamped, restamped_ids

    first, later = _bank_story(tmp_path)
    db = tmp_path / "s.duckdb"
    _cli("ingest", str(first), "--db", str(db), "--no-analyze", "-q")
    _cli("ingest", str(later), "--engine", "spark", "--no-analyze", "--db", str(db),
         "--spark-out", str(tmp_path / "run"), "-q")
    with Store(db) as got:
        outlets = sorted(a.outlet_name for a in got.query(Article))
        (row,) = got.query(Restamped)
    assert outlets == ["Evening Times", "Reuters", "The Herald"]
    assert (row.url_before, row.url) == ("https://dailypost.example/14", "https://reuters.example/9")
    _cli("analyze", "--engine", "spark", "--db", str(db), "--spark-out", str(tmp_path / "run2"))
    with Store(db) as got:
        assert restamped_ids(got) == []
        assert _roots(got) == [("Reuters", None)]


@pytest.mark.slow
def test_spark_ingest_records_its_inputs_and_reads_only_new_ones(spark, tmp_path, story_reference):
    """A second Spark ingest of a crawl folder reads only the file added since (the
    first run's inputs are in ``ingest_progress``, as in-process ingest writes them), a
    third runs nothing, and an in-process ingest of the folder finds every file done."""
    from retold.ingest.store import IngestProgress

    inputs, _ = story_reference
    folder = tmp_path / "crawl"
    folder.mkdir()
    shutil.copy(inputs / "first.jsonl", folder / "a.jsonl")
    db = tmp_path / "s.duckdb"
    common = ("--engine", "spark", "--no-analyze", "--db", str(db), "--json")
    _cli("ingest", str(folder), *common, "--spark-out", str(tmp_path / "r1"))
    with Store(db, read_only=True) as got:
        (row,) = got.query(IngestProgress)
    assert (Path(row.path).name, row.done, row.docs) == ("a.jsonl", True, 3)

    shutil.copy(inputs / "second.jsonl", folder / "b.jsonl")
    res = _cli("ingest", str(folder), *common, "--spark-out", str(tmp_path / "r2"))
    summary = json.loads(res.stdout.strip().splitlines()[-1])
    assert summary["unchanged"] == 1 and summary["attached"]["articles"] == 3
    res = _cli("ingest", str(folder), *common, "--spark-out", str(tmp_path / "r3"))
    summary = json.loads(res.stdout.strip().splitlines()[-1])
    assert (summary["unchanged"], summary["runs"]) == (2, [])
    with Store(db, read_only=True) as got:
        assert got.count(Article) == 6
        assert sorted((Path(r.path).name, r.docs) for r in got.query(IngestProgress)) == [
            ("a.jsonl", 3), ("b.jsonl", 3)]
    res = _cli("ingest", str(folder), "--db", str(db), "--no-analyze", "--json")
    assert json.loads(res.stdout.strip().splitlines()[-1])["unchanged"] == 2


def test_engine_option_is_checked(tmp_path):
    from typer.testing import CliRunner

    from retold.cli import _register, app

    _register()
    res = CliRunner().invoke(app, ["ingest", str(tmp_path), "--engine", "hadoop",
                                   "--db", str(tmp_path / "x.duckdb")])
    assert res.exit_code == 2 and "in-process, spark" in res.output
    res = CliRunner().invoke(app, ["ingest", str(tmp_path), "--engine", "spark", "--master",
                                   "local[two]", "--db", str(tmp_path / "x.duckdb")])
    assert res.exit_code == 2 and "local[N]" in res.output


def test_jvm_candidates_equal_the_in_process_ones(spark):
    """LSH buckets (all pairs, and stars beyond ``max_bucket``), "near" pairs and quote-gram
    pairs computed as DataFrame jobs equal ``candidate_pairs``, the numpy band count and
    ``_quote_candidates``' DuckDB SQL on the same keys."""
    import duckdb
    import numpy as np
    import pyarrow as pa

    from retold.spark.reuse_job import lsh_candidates, near_candidates, quote_candidates
    from retold.reuse.lsh import candidate_pairs

    rng = np.random.default_rng(7)
    n, n_bands, max_bucket = 120, 8, 5
    keys = rng.integers(0, 6, size=(n, n_bands)).astype(np.uint64) * np.uint64(2**63 + 12345)
    keys[:, 0] = rng.integers(0, 40, size=n).astype(np.uint64)  # band 0: smaller buckets
    ids = [f"d{(i * 37) % n:03d}" for i in range(n)]  # rank order is not id order
    bands = spark.createDataFrame(
        [(i, ids[i], keys[i].view(np.int64).tolist()) for i in range(n)],
        "pos long, doc string, keys array<bigint>")
    expected = {tuple(sorted((ids[i], ids[j]))) for i, j in candidate_pairs(keys, max_bucket).tolist()}
    got = lsh_candidates(bands, max_bucket)
    assert {(r.a, r.b) for r in got.collect()} == expected
    assert any(np.bincount(keys[:, 0].astype(np.int64)) > max_bucket)  # stars were exercised
    pos = {d: i for i, d in enumerate(ids)}
    near = {(a, b) for a, b in expected if np.count_nonzero(keys[pos[a]] == keys[pos[b]]) >= 3}
    assert {(r.a, r.b) for r in near_candidates(got, bands, 3).collect()} == near
    assert near and near != expected

    grams = {ids[i]: rng.integers(0, 30, size=rng.integers(0, 6)).astype(np.uint64).tolist()
             for i in range(n)}
    grams[ids[0]] = [5, 5, 7]  # a gram twice in one article counts twice
    frame = spark.createDataFrame([(d, [int(np.uint64(g).view(np.int64)) for g in gs])
                                   for d, gs in grams.items()], "doc string, grams array<bigint>")
    con = duckdb.connect()
    rows = [(g, d) for d, gs in grams.items() for g in gs]
    con.register("_qg", pa.table({"gram": pa.array([g for g, _ in rows], pa.uint64()),
                                  "doc": [d for _, d in rows]}))
    reference = {tuple(sorted(p)) for p in con.execute(
        "SELECT DISTINCT q.doc, t.doc FROM _qg q JOIN _qg t ON q.gram = t.gram "
        "WHERE q.doc <> t.doc GROUP BY q.doc, t.doc HAVING count(*) >= 2").fetchall()}
    assert {(r.a, r.b) for r in quote_candidates(frame).collect()} == reference
    assert reference
