"""The ``ingest``, ``articles`` and ``show`` commands, end to end through typer."""
from __future__ import annotations

import json

import pyarrow.parquet as pq
from typer.testing import CliRunner

from retold.cli import _register, app

_register()
runner = CliRunner()


def test_ingest_json_summary_articles_and_show(tmp_path, sample_path):
    db = tmp_path / "r.duckdb"
    res = runner.invoke(app, ["ingest", str(sample_path), "--db", str(db), "--no-analyze", "--json"])
    assert res.exit_code == 0, res.output
    summary = json.loads(res.stdout.strip().splitlines()[-1])
    assert (summary["ingested"], summary["rejected"], summary["analysis"]) == (1, 0, "disabled")

    res = runner.invoke(app, ["articles", "--db", str(db), "--format", "jsonl"])
    (row,) = [json.loads(line) for line in res.stdout.splitlines()]
    assert row["title"] == "Ex-IS Member Says Group Sees Turkey as Ally"
    assert row["section"] == "International" and row["outlet"] == "financialtribune.com"

    out = tmp_path / "a.parquet"
    assert runner.invoke(app, ["articles", "--db", str(db), "--format", "parquet", "-o", str(out)]).exit_code == 0
    assert pq.read_table(out).column("outlet").to_pylist() == ["financialtribune.com"]
    res = runner.invoke(app, ["articles", "--db", str(db), "--format", "csv"])
    assert res.stdout.startswith('"id","text"') and "financialtribune.com" in res.stdout

    res = runner.invoke(app, ["show", row["id"][:6], "--db", str(db)])
    assert res.exit_code == 0
    assert "Common Enemy" in res.stdout and "International" in res.stdout
    assert res.stdout.index("Common Enemy") < res.stdout.index("National Army of Syrian Kurdistan")
    res = runner.invoke(app, ["show", "ffffffffff", "--db", str(db)])
    assert res.exit_code == 1


def test_exit_code_non_zero_only_when_nothing_ingested(tmp_path, sample_path):
    db = tmp_path / "r.duckdb"
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    res = runner.invoke(app, ["ingest", str(empty), str(tmp_path / "missing.txt"), "--db", str(db),
                              "--no-analyze", "--json"])
    assert res.exit_code == 1
    summary = json.loads(res.stdout.strip().splitlines()[-1])
    assert summary["rejected"] == 2 and summary["ingested"] == 0
    res = runner.invoke(app, ["ingest", str(empty), str(sample_path), "--db", str(db), "--no-analyze", "--quiet"])
    assert res.exit_code == 0
    res = runner.invoke(app, ["articles", "--db", str(db), "--format", "xml"])
    assert res.exit_code == 2


def test_ingest_reports_and_reanalyses_a_stored_body_found_on_an_earlier_page(tmp_path):
    """A second ingest finds the page that published a stored body first: the summary
    counts it, says so, and the analysis redoes the article (its story's lineage)."""
    from tests.test_ingest_store import _bank_story

    first, later = _bank_story(tmp_path)
    db = str(tmp_path / "r.duckdb")
    assert runner.invoke(app, ["ingest", str(first), "--db", db, "--quiet"]).exit_code == 0
    res = runner.invoke(app, ["ingest", str(later), "--db", db, "--json"])
    assert res.exit_code == 0, res.output
    summary = json.loads(res.stdout.strip().splitlines()[-1])
    assert (summary["ingested"], summary["duplicates"], summary["restamped"]) == (0, 1, 1)
    assert summary["analysis"]["stories_touched"] and summary["analysis"]["lineage_edges"] == 3
    res = runner.invoke(app, ["ingest", str(later), "--db", db, "--force"])
    assert res.exit_code == 0 and "published earlier" not in res.stdout  # nothing new now
