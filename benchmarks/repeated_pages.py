"""The whole pipeline on pages that repeat themselves, against pages of the same size that
do not (the anchor, same run).

Why: a crawl holds pages that print one paragraph again and again (a comment thread, a
template, a page extracted twice, a pull quote). Every stage compared every repeat with
every repeat: four such 62 kB pages of one story took 1.7 GB and 32 s to ingest, six took
6 GB and three minutes, 45 did not finish in eleven minutes at 14 GB (2026-11-27, before
the fixes named in the README). A page's cost should follow its distinct text, so the
anchor is a story of pages of the same length made of distinct newswire sentences.

Each corpus is one story: ``--pages`` copies of one page, each with a closing line of its
own. ``retold ingest`` (ingest, statements, reuse, stories, lineage, mutations into a
fresh DuckDB file) runs in a child process; its CPU seconds and peak RSS are read from
the OS.

    nice -n 10 python benchmarks/repeated_pages.py               # writes results/repeated_pages.json
    nice -n 10 python benchmarks/repeated_pages.py --pages 45
"""
from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from common import REUTERS, missing, print_table, write_results  # noqa: E402

QUOTE = ("“We do not see any reason to move now,” governor Anna Weber told Newsweek after "
         "the meeting, and analysts had expected a cut after inflation slowed again.")
PAGE_CHARS = 60_000


def _paragraphs(rng: random.Random) -> list[str]:
    rows = [json.loads(x) for x in open(REUTERS, encoding="utf-8")]
    texts = [r["text"] for r in rows if 1500 < len(r.get("text") or "") < 4000]
    rng.shuffle(texts)
    return [" ".join(p.split()) for t in texts for p in t.split("\n    ") if len(p) > 80]


def story(kind: str, pages: int, rng: random.Random) -> list[dict]:
    """``pages`` copies of one ~60 kB page: ``repeated`` prints one newswire paragraph
    and one quotation over and over; ``distinct`` fills the page with other paragraphs."""
    paras = _paragraphs(rng)
    body: list[str] = []
    if kind == "repeated":
        while sum(map(len, body)) < PAGE_CHARS:
            body += [paras[0], QUOTE]
    else:
        body = [QUOTE]
        for p in paras:
            if sum(map(len, body)) >= PAGE_CHARS:
                break
            body.append(p)
    return [{"id": f"{kind}-{i}", "title": "Bank holds rates", "outlet": f"Outlet {i}",
             "published": f"2024-01-01T{i // 4:02d}:{(i % 4) * 15:02d}:00Z",
             "text": "\n\n".join(body + [f"Outlet {i} closes with a line of its own."])}
            for i in range(pages)]


def run_ingest(rows: list[dict], work: Path) -> dict:
    src, db = work / "pages.jsonl", work / "pages.duckdb"
    src.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", "from retold.cli import main; main()",
                           "ingest", str(src), "--db", str(db), "--quiet"],
                          capture_output=True, text=True)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode:
        raise SystemExit(f"retold ingest failed on {src}: {proc.stderr[-2000:]}")
    return {"wall_s": round(wall, 2),
            "cpu_s": round(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime, 2),
            "peak_rss_mb": round(after.ru_maxrss / 1024, 1),  # the largest child so far
            "chars": sum(len(r["text"]) for r in rows)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, default=20)
    ap.add_argument("--seed", type=int, default=3)
    args = ap.parse_args(argv)
    if missing(REUTERS):
        return 0
    results = {}
    # the anchor first: ru_maxrss of children is a running maximum, so the repeated
    # pages' figure is theirs only if it is the larger (it is printed as measured)
    for kind in ("distinct", "repeated"):
        with tempfile.TemporaryDirectory() as tmp:
            results[kind] = run_ingest(story(kind, args.pages, random.Random(args.seed)),
                                       Path(tmp))
    d, r = results["distinct"], results["repeated"]
    rows = [[k, str(args.pages), str(v["chars"]), f"{v['cpu_s']:.1f}", f"{v['wall_s']:.1f}",
             f"{v['peak_rss_mb']:.0f}"] for k, v in results.items()]
    rows.append(["repeated / distinct", "", "", f"{r['cpu_s'] / max(d['cpu_s'], 1e-9):.2f}x",
                 f"{r['wall_s'] / max(d['wall_s'], 1e-9):.2f}x", ""])
    print_table(["pages", "n", "chars", "CPU s", "wall s", "peak RSS MB"], rows)
    out = write_results("repeated_pages", {"pages": args.pages, "seed": args.seed,
                                           "results": results})
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
