"""The pipeline commands: ingest --no-analyze then analyze, the rejects listing, and the
read commands' error for a missing or broken store."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from retold.cli import _register, app
from retold.records import Statement
from retold.store import Store

_register()
runner = CliRunner()


def test_analyze_fills_statements_left_out_by_no_analyze(tmp_path, sample_path):
    db = tmp_path / "s.duckdb"
    res = runner.invoke(app, ["ingest", str(sample_path), "--db", str(db), "--no-analyze", "--quiet"])
    assert res.exit_code == 0, res.output
    with Store(db) as store:
        assert store.count(Statement) == 0
    res = runner.invoke(app, ["analyze", "--db", str(db), "--json"])
    assert res.exit_code == 0, res.output
    summary = json.loads(res.output.strip().splitlines()[-1])
    assert summary["statements"] >= 8
    with Store(db) as store:
        speakers = {s.speaker for s in store.query(Statement)}
    assert "Sherko Omer" in speakers and "Polat Can" in speakers
    # an id prefix selects the article's statements; LIKE wildcards are not wildcards
    with Store(db) as store:
        aid = store.query(Statement)[0].article_id
    res = runner.invoke(app, ["statements", "--db", str(db), "--article", aid[:8], "--format", "jsonl"])
    listed = [json.loads(line) for line in res.output.splitlines() if line.startswith("{")]
    assert len(listed) >= 8 and {s["article_id"] for s in listed} == {aid}
    res = runner.invoke(app, ["statements", "--db", str(db), "--article", "%", "--format", "jsonl"])
    assert not [line for line in res.output.splitlines() if line.startswith("{")]
    # the table shows what bears on each claim: Newsweek's caveat, the pseudonym
    res = runner.invoke(app, ["statements", "--db", str(db)])
    assert "hedges" in res.output
    omer = [line for line in res.output.splitlines() if "Sherko Omer" in line]
    assert omer and all("anonymous, unverified" in line for line in omer)
    assert not any("unverified" in line for line in res.output.splitlines()
                   if "Polat Can" in line)
    # a second run has nothing left to do
    res = runner.invoke(app, ["analyze", "--db", str(db), "--json"])
    assert json.loads(res.output.strip().splitlines()[-1])["statements"] == 0
    # --limit caps the listing, and a limit below one is a usage error, not a traceback
    res = runner.invoke(app, ["statements", "--db", str(db), "--limit", "2", "--format", "jsonl"])
    assert len([line for line in res.output.splitlines() if line.startswith("{")]) == 2
    for cmd in (["statements"], ["stories"], ["articles"]):
        res = runner.invoke(app, [*cmd, "--db", str(db), "--limit", "-1"])
        assert res.exit_code == 2, (cmd, res.output)
        assert "Traceback" not in res.output
    # `story` takes the id prefix `show` takes, and names the story it belongs to
    res = runner.invoke(app, ["story", aid[:8], "--db", str(db)], terminal_width=200)
    assert res.exit_code == 0 and aid in res.output
    assert "— 1 article" in res.output and "1 articles" not in res.output


def test_analyze_without_a_store_says_how_to_make_one(tmp_path):
    res = runner.invoke(app, ["analyze", "--db", str(tmp_path / "none.duckdb")])
    assert res.exit_code == 2
    assert "retold ingest" in res.output


def test_rejects_lists_the_bad_input_with_its_reason(tmp_path, sample_path):
    binary = tmp_path / "logo.png"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    db = tmp_path / "s.duckdb"
    res = runner.invoke(app, ["ingest", str(sample_path), str(binary), "--db", str(db),
                              "--no-analyze", "--quiet"])
    assert res.exit_code == 0, res.output
    res = runner.invoke(app, ["rejects", "--db", str(db), "--jsonl"])
    rows = [json.loads(line) for line in res.output.splitlines() if line.startswith("{")]
    assert [r["path"] for r in rows] == [str(binary)]
    assert "binary" in rows[0]["reason"] and rows[0]["stage"] == "ingest"
    # --format jsonl, as `articles` and `stories` take it, says the same
    res = runner.invoke(app, ["rejects", "--db", str(db), "--format", "jsonl"])
    assert [json.loads(line) for line in res.output.splitlines() if line.startswith("{")] == rows
    assert runner.invoke(app, ["rejects", "--db", str(db), "-f", "xml"]).exit_code == 2


@pytest.mark.parametrize("command", [["articles"], ["show", "x"], ["rejects"], ["story", "x"],
                                     ["trace", "a claim"], ["diff", "a", "b"],
                                     ["export", "--format", "jsonl", "-o", "out.jsonl"],
                                     ["statements"], ["stories"], ["related", "x"]])
def test_every_read_command_names_a_missing_store_and_a_file_that_is_no_store(tmp_path,
                                                                              command):
    missing = tmp_path / "missing.duckdb"
    res = runner.invoke(app, [*command, "--db", str(missing)])
    assert res.exit_code == 2
    assert "store not found" in res.output and "missing.duckdb" in res.output
    assert "retold ingest" in res.output
    junk = tmp_path / "notes.duckdb"
    junk.write_text("not a database\n", encoding="utf-8")
    res = runner.invoke(app, [*command, "--db", str(junk)])
    assert res.exit_code == 2 and "notes.duckdb" in res.output
    assert "Traceback" not in res.output
