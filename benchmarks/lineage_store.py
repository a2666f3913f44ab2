"""Lineage over a store (``retold.lineage.update``, what ``retold ingest`` runs last), with
its anchor in the same run: the update as it was before, one story at a time (the anchor),
against the current batched one.

Why: the update read each story with four queries of its own and, for every outlet of
the story, queried the articles table again for twenty other pages of that outlet and
split them into units, story after story. On 2,000 simulated newswire articles that was
more than half of ``retold ingest`` (62 of 111 s in a profile, 38,000 unit splits of
2,100 pages), and each of those queries reads a table that grows with the corpus. Now
an outlet's other pages are read and split once per update (``_OutletPages``, the
earliest stored), stories are read four queries per batch (``_stored_inputs``) and
written per batch. The rows written must be the same, and the script checks that.

For each corpus size: the simulated syndication corpus (``benchmarks/syndication.py``,
real Reuters base texts) is ingested and analysed once into a DuckDB file; then both
versions rewrite the lineage of every story, alternated (``--rounds``), timed in process
CPU time.

    nice -n 10 python benchmarks/lineage_store.py                  # writes results/lineage_store.json
    nice -n 10 python benchmarks/lineage_store.py --stories 100
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from common import REUTERS, anchor_row, missing, report_against_anchor  # noqa: E402
import retold.lineage as lin  # noqa: E402
from retold.lineage import _boiler, _by_article, _known_outlets  # noqa: E402
from retold.mutations.units import split_units  # noqa: E402
from retold.records import (Article, Citation, LineageEdge, Mutation, ReuseLink,  # noqa: E402
                            Statement, Story)
from retold.store import Store  # noqa: E402


# ---- the anchor: the update as it was (commit 49be9d6), one story at a time -----------

def _anchor_trace(store, story: Story, known: set[str]):
    ids = list(story.article_ids)
    members = set(ids)
    arts = store.query_in(Article, "id", ids)
    stmts = store.query_in(Statement, "article_id", ids)
    cites = store.query_in(Citation, "article_id", ids)
    links = [ln for ln in store.query_in(ReuseLink, "a", ids) if ln.b in members]
    units = {a.id: split_units(a.text, known) for a in arts}
    outlet = {a.id: a.outlet or a.outlet_name for a in arts}
    for o in {v for v in outlet.values() if v}:
        # the anchor asked for no order (the scan's); rowid is that order here and makes
        # both versions read the same pages
        for other in store.query(Article, 'coalesce(outlet, outlet_name) = ? AND NOT '
                                 'list_contains(?, "id")', [o, ids], order="rowid",
                                 limit=lin.OUTLET_SAMPLE):
            units[other.id] = split_units(other.text, known)
            outlet[other.id] = o
    boiler = _boiler.same_outlet(units, outlet)
    return lin.trace_story(story.id, arts, boilerplate=boiler, statements=_by_article(stmts),
                           citations=cites, links=links, units={a.id: units[a.id] for a in arts})


def anchor_update(store, story_ids: list[str]) -> list[str]:
    done = []
    known = _known_outlets(store)
    for sid in story_ids:
        story = store.get(Story, id=sid)
        if story is None:
            continue
        tr = _anchor_trace(store, story, known)
        store.replace(LineageEdge, "story_id", [sid], tr.edges)
        store.replace(Mutation, "story_id", [sid], tr.mutations)
        done.append(sid)
    return done


VERSIONS = {"batched (current)": lin.update, "story by story (anchor)": anchor_update}


def _rows(store) -> tuple:
    edges = store.execute("SELECT story_id, child, parent, external, tie, confidence "
                          "FROM lineage_edges ORDER BY ALL").fetchall()
    muts = store.execute("SELECT story_id, child, parent, type, detail FROM mutations "
                         "ORDER BY ALL").fetchall()
    return edges, muts


def build_store(n_stories: int, seed: int, path: Path) -> Store:
    import json

    import syndication
    from retold.ingest import ingest
    from retold.pipeline import analyze

    arts, _ = syndication.simulate(n_stories, seed)
    src = path.with_suffix(".jsonl")
    src.write_text("\n".join(json.dumps(a) for a in arts), encoding="utf-8")
    store = Store(path)
    ingest(store, [src])
    analyze(store)
    return store


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--stories", default="300,1200", help="simulated stories per corpus")
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--rounds", type=int, default=2, help="runs of each version, alternated")
    args = ap.parse_args(argv)
    if missing(REUTERS):
        return 0
    results: dict[str, Any] = {}
    table = []
    for n in [int(x) for x in args.stories.split(",")]:
        with tempfile.TemporaryDirectory() as tmp:
            store = build_store(n, args.seed, Path(tmp) / "corpus.duckdb")
            sids = [r[0] for r in store.execute("SELECT id FROM stories ORDER BY id").fetchall()]
            n_arts = store.count(Article)
            cpu = {k: [] for k in VERSIONS}
            rows = {}
            names = list(VERSIONS)
            for r in range(args.rounds):
                for name in names if r % 2 == 0 else names[::-1]:
                    t0 = time.process_time()
                    VERSIONS[name](store, sids)
                    cpu[name].append(round(time.process_time() - t0, 2))
                    rows[name] = _rows(store)
            store.close()
        same = len({repr(v) for v in rows.values()}) == 1
        cur, anc = min(cpu[names[0]]), min(cpu[names[1]])
        results[f"{n} stories"] = {"articles": n_arts, "stories": len(sids), "cpu_s": cpu,
                                   "identical_rows": same}
        table.append(anchor_row(f"{n_arts} articles", len(sids), cur, anc, same, digits=1))
    return report_against_anchor(
        "lineage_store", ["corpus", "stories", "current CPU s (best)", "anchor CPU s (best)",
                          "speed-up", "same rows"], table,
        {"seed": args.seed, "rounds": args.rounds, "results": results},
        all(r["identical_rows"] for r in results.values()))


if __name__ == "__main__":
    raise SystemExit(main())
