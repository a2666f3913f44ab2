"""Story-building helpers for tests: hand-built articles, and the syndication simulator."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from retold.records import Article


def article(aid: str, paras: list[str], outlet: str, when: str | None, title: str) -> Article:
    """An Article whose text is ``paras`` joined by blank lines (the ingest convention)."""
    return Article(id=aid, text="\n\n".join(paras), outlet=outlet, outlet_name=outlet,
                   published=when, title=title)


def load_benchmark(name: str):
    """``benchmarks/<name>.py`` as a module (benchmarks/ is no package)."""
    path = Path(__file__).resolve().parent.parent / "benchmarks" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod
    spec.loader.exec_module(mod)
    return mod


def load_simulator():
    """``benchmarks/syndication.py`` as a module."""
    return load_benchmark("syndication")


def ingest_rows(tmp_path: Path, rows: list[dict], name: str = "rows"):
    """``rows`` written as ``<name>.jsonl`` and run through ``retold ingest`` into
    ``<name>.duckdb``: ``(db path, CliRunner)``, the ingest's exit checked."""
    import json

    from typer.testing import CliRunner

    from retold.cli import _register, app

    _register()
    src = tmp_path / f"{name}.jsonl"
    src.write_text("\n".join(json.dumps(r) for r in rows))
    db = tmp_path / f"{name}.duckdb"
    runner = CliRunner()
    res = runner.invoke(app, ["ingest", str(src), "--db", str(db), "--quiet"])
    assert res.exit_code == 0, res.output
    return db, runner
