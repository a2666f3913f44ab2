"""Plain-text parser benchmark: recover the article from whole-page crawler text.

Each benchmark HTML page is flattened the way crawlers do, with *no* main-content filter:

* ``html_text``: html-text's whole-page text, which starts with the ``<title>`` line just
  as a Common Crawl WET record does;
* ``resiliparse``: resiliparse ``extract_plain_text(main_content=False)`` (no title line).

``retold.ingest.parse_plaintext`` then has to find the body and the title again. Scores:

* body: the scrapinghub article-extraction-benchmark metric: per page, multiset overlap of
  4-token shingles (tokens = ``\\w+``) gives tp/fp/fn; P and R are averaged over pages and
  F1 is taken from the two means. Anchor: the baseline "all text is body" in the same run.
* title: right when the normalised title equals the ground truth's (or its ``Headline |
  Site`` prefix), with a fuzzy ratio >= 90 to forgive punctuation. Ground truth: fundus-
  testdata's reviewed ``title`` (independent of the HTML's meta tags); for aeb and
  fundus-eval, which carry no title annotation, the page's own ``og:title`` (else
  ``<title>``) with a trailing " | Site" removed: the publisher's declared headline.
  Anchor: "first line is the title".

Usage: ``nice -n 10 python benchmarks/plaintext.py [--limit N]``; prints a table and writes
``benchmarks/results/plaintext.json``.
"""
from __future__ import annotations

import argparse
import gzip
import html as htmllib
import json
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATA = ROOT.parent / "shared" / "data" / "extraction"

from benchmarks.common import evaluate_bodies  # noqa: E402  (the scrapinghub metric)
from retold.ingest.plaintext import parse_plaintext  # noqa: E402

_WORD = re.compile(r"\w+")


def _meta_title(html: str) -> str | None:
    """og:title (else <title>) with a trailing " | Site" removed: the declared headline."""
    import lxml.html

    try:
        tree = lxml.html.document_fromstring(html)
    except Exception:  # noqa: BLE001 - a page lxml cannot parse has no usable title
        return None
    found = tree.xpath("//meta[@property='og:title']/@content") or tree.xpath("//title/text()")
    if not found:
        return None
    title = htmllib.unescape(re.sub(r"\s+", " ", found[0])).strip()
    return re.sub(r"\s+[|–—-]\s+[^|–—-]{2,40}$", "", title) or None


def _norm(text: str | None) -> str:
    return " ".join(_WORD.findall((text or "").casefold()))


def title_right(pred: str | None, truth: str | None) -> bool:
    from rapidfuzz import fuzz

    a, b = _norm(pred), _norm(truth)
    if not a or not b:
        return False
    return a == b or fuzz.ratio(a, b) >= 90


def flatten(html: str, how: str) -> str:
    if how == "html_text":
        import html_text

        return html_text.extract_text(html, guess_layout=True)
    from resiliparse.extract.html2text import extract_plain_text

    return extract_plain_text(html, main_content=False)


def load_pages(limit: int | None) -> list[dict]:
    pages: list[dict] = []
    aeb = json.loads((DATA / "aeb" / "ground-truth.json").read_text())
    for sha, gt in sorted(aeb.items())[:limit]:
        html = gzip.open(DATA / "aeb" / "html" / f"{sha}.html.gz").read().decode("utf-8", "replace")
        pages.append({"set": "aeb", "html": html, "body": gt["articleBody"], "title": _meta_title(html)})
    fe = json.loads((DATA / "fundus-eval" / "ground_truth.json").read_text())
    for name, gt in sorted(fe.items())[:limit]:
        html = gzip.open(DATA / "fundus-eval" / "html" / name).read().decode("utf-8", "replace")
        pages.append({"set": "fundus-eval", "html": html, "body": "\n".join(gt["body"]),
                      "title": _meta_title(html)})
    n = 0
    for js in sorted((DATA / "fundus-testdata").glob("*/*.json")):
        versions = json.loads(js.read_text())
        htmls = sorted(js.parent.glob(f"{js.stem}_*.html.gz"))
        for (_, gt), path in zip(sorted(versions.items()), htmls):
            if limit is not None and n >= limit:
                break
            html = gzip.open(path).read().decode("utf-8", "replace")
            title = gt.get("title")
            if not title or _norm(title)[:30] not in _norm(htmllib.unescape(html)):
                continue  # version/page pairing unsure: skip rather than score noise
            pages.append({"set": "fundus-testdata", "html": html, "body": None, "title": title})
            n += 1
    return pages


def _rounded(scores: dict) -> dict:
    return {k: round(v, 4) for k, v in scores.items()}


def run(limit: int | None) -> dict:
    pages = load_pages(limit)
    results: dict = {}
    for how in ("html_text", "resiliparse"):
        per_set: dict[str, dict[str, list]] = {}
        parse_time = 0.0
        for page in pages:
            text = flatten(page["html"], how)
            t0 = time.perf_counter()
            try:
                art = parse_plaintext(text)
                body, title = art.text, art.title
            except ValueError:
                body, title = "", None
            parse_time += time.perf_counter() - t0
            first = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
            bucket = per_set.setdefault(page["set"], {"truth": [], "ours": [], "all": [], "t_ours": [], "t_first": []})
            if page["body"] is not None:
                bucket["truth"].append(page["body"])
                bucket["ours"].append(body)
                bucket["all"].append(text)
            if page["title"]:
                bucket["t_ours"].append(title_right(title, page["title"]))
                bucket["t_first"].append(title_right(first, page["title"]))
        res = {}
        for name, b in per_set.items():
            res[name] = {
                "body_retold": _rounded(evaluate_bodies(b["truth"], b["ours"], n_boot=300)) if b["ours"] else None,
                "body_all_text": _rounded(evaluate_bodies(b["truth"], b["all"], n_boot=300)) if b["all"] else None,
                "title_retold": round(sum(b["t_ours"]) / len(b["t_ours"]), 4) if b["t_ours"] else None,
                "title_first_line": round(sum(b["t_first"]) / len(b["t_first"]), 4) if b["t_first"] else None,
                "title_pages": len(b["t_ours"]),
            }
        res["docs_per_s"] = round(len(pages) / parse_time, 1) if parse_time else None
        results[how] = res
    return results


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--limit", type=int, default=None, help="pages per set (quick runs)")
    args = ap.parse_args()
    if not DATA.is_dir():
        sys.exit(f"benchmark data not found at {DATA}")
    results = run(args.limit)
    print(f"{'flatten':12} {'set':16} {'F1 retold':>10} {'±se':>6} {'P':>6} {'R':>6} {'F1 all-text':>12}"
          f" {'title retold':>13} {'title 1st line':>15} {'n':>4}")
    for how, res in results.items():
        for name, r in res.items():
            if name == "docs_per_s":
                continue
            o, a = r["body_retold"], r["body_all_text"]
            print(f"{how:12} {name:16} {o['f1'] if o else '-':>10} {o['f1_se'] if o else '-':>6} {o['precision'] if o else '-':>6}"
                  f" {o['recall'] if o else '-':>6} {a['f1'] if a else '-':>12}"
                  f" {r['title_retold'] if r['title_retold'] is not None else '-':>13}"
                  f" {r['title_first_line'] if r['title_first_line'] is not None else '-':>15} {r['title_pages']:>4}")
        print(f"{how:12} parse_plaintext docs/s: {res['docs_per_s']}")
    out = ROOT / "benchmarks" / "results" / "plaintext.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2))
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
