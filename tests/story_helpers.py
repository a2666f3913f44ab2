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


WIRE_STORY = "wire-story"


def wire_story_records() -> dict[str, list]:
    """A hand-made story of one wire (every page "Reuters") and one other outlet, with
    its lineage, as the store holds it: r1 the original (a sure origin), r2 its
    "UPDATE 1-", r3 its "CORRECTED -" (unsure: r1 0.55, else r2 0.45), h1 The Herald's
    rewrite of r2, and r4 a second origin in the corpus that may yet come from r1 (0.51,
    else r1 0.49). Anna Weber's words are on r1 to h1, an "unverified" caveat only on r1
    and r2 (r3 and h1 drop it). Why by hand: a one-outlet corpus names every page "Reuters", and the
    tests of how pages are named need fixed confidences and runner-ups, fast."""
    from retold.records import Hedge, LineageEdge, Mutation, Statement, Story

    body = "The Bank of England raised its main interest rate to 5.5 percent on Wednesday."
    pages = [("r1", "Reuters", "1987-03-11T09:00:00Z", "Bank of England raises rates"),
             ("r2", "Reuters", "1987-03-11T10:30:00Z", "UPDATE 1-Bank of England raises rates"),
             ("r3", "Reuters", "1987-03-11T11:15:00Z", "CORRECTED - Bank of England raises rates"),
             ("h1", "The Herald", "1987-03-11T12:00:00Z", "Rates up again"),
             ("r4", "Reuters", "1987-03-11T15:40:00Z", "Sterling firms as the Bank tightens")]
    arts = [article(aid, [body, f"{title}."], outlet, when, title)
            for aid, outlet, when, title in pages]

    def edge(child, parent, conf, alts=(), kind="copy"):
        evidence = {"reuse": {"kind": kind}, **({"alternatives": alts} if alts else {})}
        return LineageEdge(WIRE_STORY, child, parent, None, conf, evidence=evidence)

    edges = [edge("r1", None, 1.0, [[None, 400.0, 1.0]]),
             edge("r2", "r1", 1.0),
             edge("r3", "r1", 0.55, [["r1", 100.0, 0.55], ["r2", 101.0, 0.45]]),
             edge("h1", "r2", 0.95, kind="rewrite"),
             edge("r4", None, 0.51, [[None, 425.0, 0.51], ["r1", 426.0, 0.49]])]
    caveat = [Hedge("unverified", "could not be verified", [0, 5])]
    said = [Statement(f"{aid}:q1", aid, "direct", [[0, 10]], speaker="Anna Weber",
                      hedges=caveat if aid in ("r1", "r2") else [],  # r3, h1 drop it
                      content_text="Inflation is the main risk to the recovery")
            for aid in ("r1", "r2", "r3", "h1")]
    return {"articles": arts, "lineage_edges": edges, "statements": said,
            "mutations": [Mutation(WIRE_STORY, "r2", "r1", "headline_changed", [[0, 5]], [[0, 5]])],
            "stories": [Story(WIRE_STORY, [a.id for a in arts], label="Rates", size=len(arts))]}


def write_wire_story(store) -> str:
    """:func:`wire_story_records` into ``store``; the story's id."""
    for records in wire_story_records().values():
        store.upsert(records)
    return WIRE_STORY
