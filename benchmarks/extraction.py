"""Body extraction quality and speed: retold's ``parse_html`` beside trafilatura, same run.

Data (never copied into the repo): ``../shared/data/extraction/aeb`` (scrapinghub's
article-extraction-benchmark, 181 pages) and ``../shared/data/extraction/fundus-eval``
(80 English news pages). Metric: scrapinghub's 4-token-shingle P/R/F1 with a bootstrap
standard error (see ``benchmarks/common.py``). Every tool gets the same input, the page
read as UTF-8 text as the scrapinghub harness does, and is timed in CPU seconds of this
process (documents/s per core). Tools are interleaved page by page (every tool runs on
page 1, then on page 2, ...), ``--rounds`` times, so that load from the shared machine's
neighbours hits every tool alike and the speed ratio is fair (quality does not change
between rounds).

    nice -n 10 python benchmarks/extraction.py            # both sets, all tools
    python benchmarks/extraction.py --sets aeb --tools retold,trafilatura --rounds 1

Writes ``benchmarks/results/extraction.json``.
"""
from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import (SHARED_DATA, evaluate_bodies,  # noqa: E402
                               interleaved_run, paired_f1_difference, print_table,
                               read_gz_text, require_dir, write_results)

EXTRACTION = SHARED_DATA / "extraction"


def load_set(name: str) -> list[tuple[str, str, str | None]]:
    """``(html, true_body, url)`` per page of benchmark set ``name``."""
    if name == "aeb":
        folder = require_dir(EXTRACTION / "aeb")
        truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
        return [(read_gz_text(folder / "html" / f"{key}.html.gz"), item.get("articleBody", ""),
                 item.get("url")) for key, item in sorted(truth.items())]
    if name == "fundus-eval":
        folder = require_dir(EXTRACTION / "fundus-eval")
        truth = json.loads((folder / "ground_truth.json").read_text(encoding="utf-8"))
        return [(read_gz_text(folder / "html" / key), "\n".join(item["body"]), None)
                for key, item in sorted(truth.items())]
    raise SystemExit(f"unknown set {name!r}: use aeb or fundus-eval")


def extractors() -> dict[str, Callable[[tuple[str, str, str | None]], str | None]]:
    """Tool name -> function from a page to its body text."""
    import trafilatura

    from retold.ingest.html import parse_html

    def retold(page):
        return parse_html(page[0], url=page[2]).text

    def trafilatura_default(page):
        return trafilatura.extract(page[0], url=page[2], include_comments=False)

    def trafilatura_fast(page):
        return trafilatura.extract(page[0], url=page[2], include_comments=False, fast=True)

    def readability(page):  # as scrapinghub's run_readability.py
        import html_text
        from readability import Document

        return html_text.extract_text(Document(page[0]).summary(html_partial=True))

    return {"retold": retold, "trafilatura": trafilatura_default,
            "trafilatura-fast": trafilatura_fast, "readability-lxml": readability}


def run(sets: list[str], tools: list[str], rounds: int, n_boot: int) -> dict:
    available = extractors()
    unknown = [t for t in tools if t not in available]
    if unknown:
        raise SystemExit(f"unknown tool(s) {unknown}: choose from {sorted(available)}")
    # warm up imports and lazy models (py3langid, tldextract) outside the timed runs
    warm = "<html><body><p>" + "Warm up text for the language model. " * 20 + "</p></body></html>"
    for tool in tools:
        available[tool]((warm, "", "https://example.com/a"))
    results: dict = {}
    for name in sets:
        pages = load_set(name)
        truths = [p[1] for p in pages]
        outputs, timing = interleaved_run({t: available[t] for t in tools}, pages, rounds)
        rows = {}
        for tool in tools:
            quality = evaluate_bodies(truths, outputs[tool], n_boot=n_boot)
            rows[tool] = {**quality, **timing[tool]}
        anchor = rows.get("trafilatura")
        for tool, row in rows.items():
            row["speedup_vs_trafilatura"] = (row["docs_per_cpu_s"] / anchor["docs_per_cpu_s"]
                                             if anchor else None)
            if anchor and tool != "trafilatura":
                row["f1_minus_trafilatura"], row["f1_minus_trafilatura_se"] = \
                    paired_f1_difference(truths, outputs[tool], outputs["trafilatura"], n_boot)
        results[name] = rows
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sets", default="aeb,fundus-eval")
    parser.add_argument("--tools", default="retold,trafilatura,trafilatura-fast,readability-lxml")
    parser.add_argument("--rounds", type=int, default=3, help="timed passes over each set")
    parser.add_argument("--n-boot", type=int, default=1000)
    args = parser.parse_args(argv)
    logging.disable(logging.WARNING)  # trafilatura logs every discarded page
    sets = [s for s in args.sets.split(",") if s]
    tools = [t for t in args.tools.split(",") if t]
    results = run(sets, tools, max(1, args.rounds), args.n_boot)
    for name, rows in results.items():
        print(f"\n{name} ({rows[tools[0]]['docs']} pages)")
        print_table(
            ["tool", "F1", "±", "F1 - traf. (paired ±)", "precision", "recall", "docs/s/core",
             "x trafilatura", "errors"],
            [[tool, r["f1"], r["f1_se"],
              f"{r['f1_minus_trafilatura']:+.3f} ± {r['f1_minus_trafilatura_se']:.3f}"
              if "f1_minus_trafilatura" in r else "-",
              r["precision"], r["recall"], round(r["docs_per_cpu_s"], 1),
              round(r["speedup_vs_trafilatura"], 2) if r["speedup_vs_trafilatura"] else "-",
              r["errors"]] for tool, r in rows.items()])
    out = write_results("extraction", {"rounds": args.rounds, "sets": results})
    print(f"\nwrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
