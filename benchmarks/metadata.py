"""Title, date and author accuracy of retold's ``parse_html`` beside trafilatura's metadata.

Data: ``../shared/data/extraction/fundus-testdata`` (never copied into the repo):
``<cc>/<Publisher>_<date>.html.gz`` pages, ``<cc>/<Publisher>.json`` with the reviewed
output of fundus's hand-written per-publisher parsers (keys ``V1``, ``V1_1``, ``V2``... are
parser versions; fundus picks the version by crawl date, so versions in order map to the
publisher's pages in date order), and ``<cc>/meta.info`` with each page's URL, which both
tools receive.

Matching rules, applied identically to both tools:

* **title**: equal after normalisation (NFKC, case-folded, every run of non-word
  characters, quotes and dashes included, made one space); pages whose truth has no title
  are not counted;
* **date**: the same calendar day, comparing the date part as written (``2024-02-14`` of
  ``2024-02-14T23:10:00-05:00``; no time-zone conversion, since trafilatura returns
  dates only); ``date±1`` also accepts a neighbouring day (time-zone shifts); pages whose
  truth has no date are not counted;
* **authors**: the *set* of names is equal after normalisation (as titles) on every page
  (a page with no truth authors is right only if the tool finds none); name-level
  precision and recall are reported beside it. trafilatura's ``"A; B"`` is split on ``;``.

    nice -n 10 python benchmarks/metadata.py [--limit N]

Writes ``benchmarks/results/metadata.json``.
"""
from __future__ import annotations

import argparse
import gzip
import json
import logging
import re
import sys
import unicodedata
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import (SHARED_DATA, bootstrap_se, print_table,  # noqa: E402
                               require_dir, timed_run, write_results)

TESTDATA = SHARED_DATA / "extraction" / "fundus-testdata"


def _version_key(key: str) -> list[int]:
    return [int(x) for x in re.findall(r"\d+", key)]


def load_pages(root: Path = TESTDATA) -> list[dict]:
    """One dict per page: path, url, bytes, and the truth's title/authors/date."""
    require_dir(root)
    pages = []
    for truth_file in sorted(root.glob("*/*.json")):
        folder, publisher = truth_file.parent, truth_file.stem
        truth = json.loads(truth_file.read_text(encoding="utf-8"))
        htmls = sorted(folder.glob(f"{publisher}_*.html.gz"))
        htmls = [h for h in htmls if re.fullmatch(rf"{re.escape(publisher)}_\d{{4}}_\d\d_\d\d",
                                                   h.name[:-len(".html.gz")])]
        versions = sorted(truth, key=_version_key)
        if len(versions) != len(htmls):
            continue  # cannot pair versions with pages unambiguously
        info_file = folder / "meta.info"
        info = json.loads(info_file.read_text(encoding="utf-8")) if info_file.is_file() else {}
        for version, html in zip(versions, htmls):
            item = truth[version]
            pages.append({
                "path": str(html.relative_to(root)),
                "url": (info.get(html.name) or {}).get("url"),
                "data": gzip.decompress(html.read_bytes()),
                "title": item.get("title"),
                "authors": item.get("authors") or [],
                "date": item.get("publishing_date"),
            })
    return pages


# ---------------------------------------------------------------- matching rules


def norm_text(text: str | None) -> str:
    text = unicodedata.normalize("NFKC", text or "").casefold()
    return re.sub(r"[\W_]+", " ", text).strip()


def title_ok(truth: str, pred: str | None) -> bool:
    return bool(pred) and norm_text(truth) == norm_text(pred)


def _day(value: str | None) -> date | None:
    m = re.match(r"(\d{4})-(\d\d)-(\d\d)", (value or "").strip())
    if not m:
        return None
    try:
        return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def date_ok(truth: str, pred: str | None, slack_days: int = 0) -> bool:
    t, p = _day(truth), _day(pred)
    return t is not None and p is not None and abs(t - p) <= timedelta(days=slack_days)


def author_set(names: list[str]) -> set[str]:
    return {n for n in (norm_text(x) for x in names) if n}


# ------------------------------------------------------------------------- tools


def retold_meta(page: dict) -> dict:
    from retold.ingest.html import parse_html

    art = parse_html(page["data"], url=page["url"])
    return {"title": art.title, "date": art.published, "authors": art.authors}


def trafilatura_meta(page: dict) -> dict:
    import trafilatura

    from retold.ingest.decode import declared_charset, decode_bytes

    text, _ = decode_bytes(page["data"], declared_charset(page["data"]))
    doc = trafilatura.bare_extraction(text, url=page["url"], with_metadata=True,
                                      include_comments=False)
    if doc is None:  # trafilatura drops pages whose body it finds too short
        doc = trafilatura.extract_metadata(text, default_url=page["url"])
    if doc is None:
        return {"title": None, "date": None, "authors": []}
    authors = [a.strip() for a in (doc.author or "").split(";") if a.strip()]
    return {"title": doc.title, "date": doc.date, "authors": authors}


TOOLS = {"retold": retold_meta, "trafilatura": trafilatura_meta}


def score(pages: list[dict], preds: list[dict | None], n_boot: int) -> dict:
    preds = [p or {"title": None, "date": None, "authors": []} for p in preds]
    t_rows = [title_ok(pg["title"], pr["title"]) for pg, pr in zip(pages, preds) if pg["title"]]
    d_pairs = [(pg["date"], pr["date"]) for pg, pr in zip(pages, preds) if pg["date"]]
    d_rows = [date_ok(t, p) for t, p in d_pairs]
    d1_rows = [date_ok(t, p, 1) for t, p in d_pairs]
    a_rows, tp, n_pred, n_true = [], 0, 0, 0
    for pg, pr in zip(pages, preds):
        truth, pred = author_set(pg["authors"]), author_set(pr["authors"])
        a_rows.append(truth == pred)
        tp, n_pred, n_true = tp + len(truth & pred), n_pred + len(pred), n_true + len(truth)

    def acc(rows):
        return sum(rows) / len(rows) if rows else 0.0

    return {
        "title": acc(t_rows), "title_se": bootstrap_se(t_rows, acc, n_boot), "title_n": len(t_rows),
        "date": acc(d_rows), "date_se": bootstrap_se(d_rows, acc, n_boot), "date_n": len(d_rows),
        "date_pm1": acc(d1_rows),
        "authors": acc(a_rows), "authors_se": bootstrap_se(a_rows, acc, n_boot),
        "authors_n": len(a_rows),
        "author_precision": tp / n_pred if n_pred else 0.0,
        "author_recall": tp / n_true if n_true else 0.0,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=0, help="only the first N pages")
    parser.add_argument("--n-boot", type=int, default=1000)
    parser.add_argument("--show-misses", choices=["title", "date", "authors"], default=None,
                        help="print retold's misses on one field (for error analysis)")
    args = parser.parse_args(argv)
    logging.disable(logging.WARNING)
    pages = load_pages()
    if args.limit:
        pages = pages[:args.limit]
    results, outputs = {}, {}
    for name, func in TOOLS.items():
        outputs[name], timing = timed_run(func, pages)
        results[name] = {**score(pages, outputs[name], args.n_boot), **timing}
    print(f"fundus-testdata: {len(pages)} pages")
    print_table(["tool", "title", "±", "date", "±", "date±1", "authors", "±", "author P",
                 "author R", "docs/s/core", "errors"],
                [[n, r["title"], r["title_se"], r["date"], r["date_se"], r["date_pm1"],
                  r["authors"], r["authors_se"], r["author_precision"], r["author_recall"],
                  round(r["docs_per_cpu_s"], 1), r["errors"]] for n, r in results.items()])
    if args.show_misses:
        field = args.show_misses
        for page, ours in zip(pages, outputs["retold"]):
            ours = ours or {}
            ok = {"title": lambda: not page["title"] or title_ok(page["title"], ours.get("title")),
                  "date": lambda: not page["date"] or date_ok(page["date"], ours.get("date")),
                  "authors": lambda: author_set(page["authors"]) == author_set(
                      ours.get("authors") or [])}[field]()
            if not ok:
                print(f"{page['path']}: truth={page[field]!r} retold={ours.get(field)!r}")
    out = write_results("metadata", {"pages": len(pages), "tools": results})
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
