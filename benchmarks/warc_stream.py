"""WARC streaming benchmark: ingest a >= 1 GB WARC with bounded memory.

Builds, in a temporary directory, a WARC of gzip-per-record ``response`` records (the
real pages of ``../shared/data/extraction``) and WET-style ``conversion`` records (the
sample page), repeated with distinct URLs until the *uncompressed* record payloads reach
``--size-mb`` (default 1024 MB). Then, in the same run:

* anchor: fastwarc iterating the same file and reading every record block, with no parsing
  (the floor any WARC ingest pays);
* retold: ``retold ingest FILE --no-analyze`` in a child process, whose peak RSS is read
  from ``getrusage(RUSAGE_CHILDREN)`` (exact, no sampling) and whose docs/s comes from its
  ``--json`` summary.

Goal: peak RSS < 500 MB. Repeated pages are duplicates by body hash: they are parsed like
any page and merged into one article with many locations (the syndication case).

Usage: ``nice -n 10 python benchmarks/warc_stream.py [--size-mb 1024] [--workers N]``;
prints a table and writes ``benchmarks/results/warc_stream.json`` (``warc_stream_wN.json``
with ``--workers N``).
"""
from __future__ import annotations

import argparse
import gzip
import io
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
DATA = SHARED / "data" / "extraction"
SAMPLE = SHARED / "samples" / "financialtribune-ex-is-member.txt"


def _pages() -> list[tuple[str, bytes]]:
    pages = []
    for path in sorted(DATA.glob("*/html/*.html.gz")) + sorted(DATA.glob("fundus-testdata/*/*.html.gz")):
        pages.append((path.name, gzip.open(path).read()))
    return pages


def build(path: Path, size_mb: int) -> dict:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    pages = _pages()
    sample = SAMPLE.read_bytes()
    target = size_mb * 1024 * 1024
    written = records = 0
    copy = 0
    t0 = time.perf_counter()
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        while written < target:
            copy += 1
            for name, html in pages:
                url = f"https://copy{copy}.bench.example.org/{name.replace('.html.gz', '')}"
                http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                        protocol="HTTP/1.1")
                writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(html),
                                                              http_headers=http))
                written += len(html)
                records += 1
            url = f"https://copy{copy}.financialtribune.com/ex-is-member"
            writer.write_record(writer.create_warc_record(
                url, "conversion", payload=io.BytesIO(sample),
                warc_headers_dict={"Content-Type": "text/plain"}))
            written += len(sample)
            records += 1
    return {"records": records, "payload_bytes": written, "file_bytes": path.stat().st_size,
            "copies": copy, "distinct_pages": len(pages) + 1, "build_s": round(time.perf_counter() - t0, 1)}


def anchor_fastwarc(path: Path) -> dict:
    from fastwarc.warc import ArchiveIterator

    t0 = time.perf_counter()
    n = 0
    with path.open("rb") as fh:
        for record in ArchiveIterator(fh, parse_http=False):
            record.reader.read()
            n += 1
    secs = time.perf_counter() - t0
    return {"records": n, "seconds": round(secs, 1), "records_per_s": round(n / secs, 1)}


def run_retold(path: Path, db: Path, workers: int = 1) -> dict:
    """Ingest in a child process; peak RSS two ways: the largest single process
    (``getrusage(RUSAGE_CHILDREN)``, exact) and the whole process tree (psutil, sampled
    every 0.2 s: with ``--workers`` the parser processes add up)."""
    import psutil

    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "retold", "ingest", str(path), "--db", str(db), "--no-analyze", "--json",
         "--workers", str(workers)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
    )
    tree_peak = 0
    ps = psutil.Process(proc.pid)
    while proc.poll() is None:
        try:
            rss = ps.memory_info().rss + sum(c.memory_info().rss for c in ps.children(recursive=True))
            tree_peak = max(tree_peak, rss)
        except psutil.Error:
            pass
        time.sleep(0.2)
    stdout, stderr = proc.communicate()
    secs = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"retold ingest failed ({proc.returncode}):\n{stderr[-3000:]}")
    summary = json.loads(stdout.strip().splitlines()[-1])
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # Linux: KiB
    docs = summary["ingested"] + summary["duplicates"] + summary["already"]
    return {"workers": workers, "docs": docs, "articles": summary["ingested"],
            "duplicates": summary["duplicates"], "rejected": summary["rejected"],
            "seconds": round(secs, 1), "docs_per_s": round(docs / secs, 1),
            "peak_rss_mb": round(peak_kb / 1024, 1), "peak_tree_rss_mb": round(tree_peak / 2**20, 1)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--size-mb", type=int, default=1024, help="uncompressed payload to generate")
    ap.add_argument("--keep", type=Path, default=None, help="build/keep the WARC in this directory")
    ap.add_argument("--workers", type=int, default=1, help="retold ingest --workers N")
    args = ap.parse_args()
    if not DATA.is_dir() or not SAMPLE.is_file():
        sys.exit(f"benchmark data not found under {SHARED}")
    with tempfile.TemporaryDirectory(dir=args.keep) as tmp:
        warc = Path(tmp) / "bench.warc.gz"
        built = build(warc, args.size_mb)
        anchor = anchor_fastwarc(warc)
        retold = run_retold(warc, Path(tmp) / "bench.duckdb", args.workers)
        retold["db_mb"] = round((Path(tmp) / "bench.duckdb").stat().st_size / 2**20, 1)
    result = {"warc": built, "anchor_fastwarc_read": anchor, "retold_ingest": retold,
              "goal_peak_rss_mb": 500, "cpu_count": os.cpu_count()}
    print(f"WARC: {built['records']} records, {built['payload_bytes'] / 2**30:.2f} GiB payload, "
          f"{built['file_bytes'] / 2**20:.0f} MiB gzip-per-record file")
    print(f"{'run':34} {'records/docs':>12} {'seconds':>8} {'per s':>8} {'peak RSS MB':>12} {'tree RSS MB':>12}")
    print(f"{'fastwarc read (anchor)':34} {anchor['records']:>12} {anchor['seconds']:>8} "
          f"{anchor['records_per_s']:>8} {'-':>12} {'-':>12}")
    label = f"retold ingest --no-analyze -w {args.workers}"
    print(f"{label:34} {retold['docs']:>12} {retold['seconds']:>8} "
          f"{retold['docs_per_s']:>8} {retold['peak_rss_mb']:>12} {retold['peak_tree_rss_mb']:>12}")
    name = "warc_stream" if args.workers == 1 else f"warc_stream_w{args.workers}"
    out = ROOT / "benchmarks" / "results" / f"{name}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2))
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
