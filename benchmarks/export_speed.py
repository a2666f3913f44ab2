"""Export speed on Reuters stores, with the story-by-story ClaimReview export as the anchor
measured in the same run.

Why: ``retold export --format claimreview`` read each story through
``Corpus.story_view`` (the story page): eight queries a story, each a full-table
``list_contains`` scan, plus reuse links and a graph layout the claims never used, so the
export grew with stories x rows (10.6 min on 20k Reuters articles, 92 % of whose stories
hold one article). It now reads the stories' rows a batch of ~2,000 articles at a time
(:mod:`retold.export.batch`, six semi-joins a batch). The claims must be byte-identical,
and the script checks that.

For each store (built from the first ``--articles`` Reuters articles through ``ingest`` and
``analyze``, or copied from ``--db``; a given store is never written to):

* **claimreview, same stories**: the anchor (:func:`anchor_claimreview`, story by story
  through ``story_view``: the export before the batched reader) and the current export
  over the same sample of ``--sample`` stories (every k-th by id), alternated over
  ``--rounds``, best process CPU time of each, outputs compared byte for byte;
* **every format, whole store**: the current export once, CPU and wall seconds, and the
  CPU seconds per 1,000 articles: roughly constant from store to store means linear. The
  anchor's whole-store time is the sample's per-story time times the stories (an
  estimate, marked so; ``--full-anchor`` runs it, ten minutes at 20k articles).

    nice -n 10 python benchmarks/export_speed.py                        # 1,000 articles
    nice -n 10 python benchmarks/export_speed.py --db r5k.duckdb --db full.duckdb

Writes ``results/export_speed.json``; exits 1 if an output differed from the anchor's.
"""
from __future__ import annotations

import argparse
import functools
import json
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from itertools import islice
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from common import REUTERS, missing, print_table, write_results  # noqa: E402
from retold.export import FORMATS, Selection, export  # noqa: E402
from retold.export import report  # noqa: E402
from retold.export.claims import story_claims, write_claims  # noqa: E402
from retold.records import Article, Story  # noqa: E402
from retold.store import Store  # noqa: E402
from retold.web.views import Corpus  # noqa: E402


# ---- the anchor: the ClaimReview export as it was, one story_view a story ---------------

def anchor_claimreview(store: Store, stories: list[Story], out: Path) -> None:
    """The export before the batched reader: each story's page view and its speakers
    queried, story after story (``story_claims``). It also loaded the whole store's
    articles, statements and links first, unused: left out here, in the anchor's favour."""
    corpus = Corpus(store)
    graph = [c for st in stories for c in story_claims(corpus, st.id)]
    doc = {"@context": "https://schema.org", "@graph": graph}
    out.write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")


def anchor_hops(corpus: Corpus, story_id: str, edge_rows: list[dict]) -> list[dict]:
    """The HTML report's hops as they were read: one ``Corpus.edge_view`` a hop."""
    return [{**e, "mutations": corpus.edge_view(story_id, e["parent"], e["child"])["mutations"]}
            for e in edge_rows]


def current_claimreview(store: Store, stories: list[Story], out: Path) -> None:
    write_claims(store, Selection(None, stories, {}, [], [], [], []), out)


def report_html(store: Store, story_id: str, hops: Callable) -> str:
    """The story report rendered with ``hops`` reading its hops, without the minute it
    was generated (the only part that may differ between two runs)."""
    saved, report.hop_mutations = report.hop_mutations, hops
    try:
        return re.sub(r" on \d{4}-\d\d-\d\d \d\d:\d\d UTC", "",
                      report.render_report(store, story_id))
    finally:
        report.hop_mutations = saved


def timed(func: Callable[[], Any]) -> tuple[float, float]:
    """Process CPU seconds (DuckDB's threads included) and wall seconds of one call."""
    cpu, wall = time.process_time(), time.perf_counter()
    func()
    return time.process_time() - cpu, time.perf_counter() - wall


def build_store(path: Path, n_articles: int) -> Store:
    """The first ``n_articles`` Reuters articles, ingested and analysed (stories, lineage,
    mutations) as ``retold ingest`` does."""
    from retold.ingest import ingest
    from retold.pipeline import analyze

    src = path.with_suffix(".jsonl")
    with REUTERS.open(encoding="utf-8") as fh:
        src.write_text("".join(islice(fh, n_articles)), encoding="utf-8")
    store = Store(path)
    ingest(store, [src])
    analyze(store)
    return store


def alternated(versions: dict[str, Callable[[], bytes | str]], rounds: int) -> dict[str, Any]:
    """Each version ``rounds`` times, alternated (the order reversed every other round, so
    neither always runs on a warmer cache); best process CPU time; outputs compared."""
    cpu: dict[str, list[float]] = {k: [] for k in versions}
    outputs: dict[str, bytes | str] = {}
    for r in range(rounds):
        for name in list(versions) if r % 2 == 0 else list(versions)[::-1]:
            t0 = time.process_time()
            outputs[name] = versions[name]()
            cpu[name].append(round(time.process_time() - t0, 3))
    return {"cpu_s": cpu, "identical_output": len(set(outputs.values())) == 1}


def claims_ab(store: Store, stories: list[Story], tmp: Path, rounds: int) -> dict[str, Any]:
    """Anchor and current ClaimReview over the same stories."""
    def version(write: Callable) -> Callable[[], bytes]:
        def run() -> bytes:
            write(store, stories, tmp / "claims.jsonld")
            return (tmp / "claims.jsonld").read_bytes()
        return run

    return {"stories": len(stories), **alternated(
        {"anchor": version(anchor_claimreview), "current": version(current_claimreview)},
        rounds)}


def html_ab(store: Store, rounds: int) -> dict[str, Any]:
    """The HTML report of the story with the most hops, hops read per hop (anchor) and
    per story (current)."""
    row = store.execute("SELECT story_id, count(*) FROM lineage_edges WHERE parent IS NOT "
                        "NULL OR external IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1 "
                        "LIMIT 1").fetchone()
    if row is None:
        return {}
    return {"story": row[0], "hops": row[1], **alternated(
        {name: functools.partial(report_html, store, row[0], hops)
         for name, hops in (("anchor", anchor_hops), ("current", report.hop_mutations))},
        rounds)}


def whole_store(store: Store, tmp: Path) -> dict[str, dict[str, float]]:
    """Every format but html (one story: :func:`html_ab`) of the whole store once."""
    out = {}
    for fmt in FORMATS[:-1]:
        cpu, wall = timed(lambda: export(store, fmt, tmp / f"all.{fmt}"))
        out[fmt] = {"cpu_s": round(cpu, 3), "wall_s": round(wall, 3)}
    return out


def run_store(store: Store, name: str, tmp: Path, args: argparse.Namespace) -> dict[str, Any]:
    stories = store.query(Story, order="id")
    step = max(1, len(stories) // args.sample) if args.sample else 1
    ab = claims_ab(store, stories[::step][:args.sample or None], tmp, args.rounds)
    result = {"store": name, "articles": store.count(Article), "stories": len(stories),
              "rounds": args.rounds,
              "single_article_stories": sum(1 for s in stories if len(s.article_ids) == 1),
              "claimreview_same_stories": ab, "html_most_hops": html_ab(store, args.rounds),
              "whole_store": whole_store(store, tmp)}
    if args.full_anchor:
        cpu, wall = timed(lambda: anchor_claimreview(store, stories, tmp / "anchor.all"))
        same = (tmp / "anchor.all").read_bytes() == (tmp / "all.claimreview").read_bytes()
        result["claimreview_anchor_whole_store"] = {"cpu_s": round(cpu, 3),
                                                    "wall_s": round(wall, 3),
                                                    "identical_output": same}
    return result


def _ab_row(r: dict[str, Any], key: str, what: str) -> list[str] | None:
    ab = r.get(key)
    if not ab:
        return None
    anc, cur = min(ab["cpu_s"]["anchor"]), min(ab["cpu_s"]["current"])
    return [r["store"], what, f"{anc:.2f}", f"{cur:.2f}", f"{anc / max(cur, 1e-9):.1f}x",
            str(ab["identical_output"])]


def _tables(results: list[dict[str, Any]]) -> None:
    rows = []
    for r in results:
        ab = r["claimreview_same_stories"]
        rows.append(_ab_row(r, "claimreview_same_stories", f"claimreview, {ab['stories']} of "
                            f"{r['stories']} stories"))
        html = r["html_most_hops"]
        rows.append(_ab_row(r, "html_most_hops", f"html, a story of {html.get('hops')} hops"))
        per_story = min(ab["cpu_s"]["anchor"]) / ab["stories"]
        full = r.get("claimreview_anchor_whole_store")
        rows.append([r["store"], f"claimreview, all {r['stories']} stories",
                     f"{full['cpu_s']:.1f}" if full else f"~{per_story * r['stories']:.0f} (est.)",
                     f"{r['whole_store']['claimreview']['cpu_s']:.1f}", "",
                     str(full["identical_output"]) if full else "-"])
    print(f"anchor (the code before) vs current, best CPU s of {results[0]['rounds']} "
          "alternated runs")
    print_table(["store", "export", "anchor", "current", "speed-up", "identical"],
                [row for row in rows if row])
    print("\nevery format, whole store, current code: CPU s (CPU ms per 1,000 articles)")
    print_table(["format", *(f"{r['store']} ({r['articles']} articles)" for r in results)],
                [[fmt, *(_cost(r, fmt) for r in results)] for fmt in FORMATS[:-1]])


def _cost(result: dict[str, Any], fmt: str) -> str:
    cpu = result["whole_store"][fmt]["cpu_s"]
    return f"{cpu:.2f} ({1e6 * cpu / max(result['articles'], 1):.0f})"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", action="append", default=[], help="a store to copy and use "
                    "(repeat for several); default: one built from --articles Reuters articles")
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--sample", type=int, default=600,
                    help="stories in the anchor comparison (0: all)")
    ap.add_argument("--rounds", type=int, default=2, help="runs of each version, alternated")
    ap.add_argument("--full-anchor", action="store_true",
                    help="also run the anchor over the whole store (slow)")
    args = ap.parse_args(argv)
    if not args.db and missing(REUTERS):
        return 0
    results = []
    for db in args.db or [None]:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "store.duckdb"
            if db:
                shutil.copyfile(db, path)
            store = Store(path) if db else build_store(path, args.articles)
            name = Path(db).stem if db else f"reuters-{args.articles}"
            results.append(run_store(store, name, Path(tmp), args))
            store.close()
    _tables(results)
    same = all(r[k].get("identical_output", True) for r in results for k in
               ("claimreview_same_stories", "html_most_hops", "claimreview_anchor_whole_store")
               if k in r)
    print(f"wrote {write_results('export_speed', {'args': vars(args), 'results': results})}")
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
