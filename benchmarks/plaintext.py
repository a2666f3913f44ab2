"""Plain-text parser benchmark: recover the article from whole-page crawler text.

Each benchmark HTML page is flattened the way crawlers do, with *no* main-content filter:

* ``html_text``: html-text's whole-page text, which starts with the ``<title>`` line just
  as a Common Crawl WET record does;
* ``resiliparse``: resiliparse ``extract_plain_text(main_content=False)`` (no title line).

``retold.ingest.parse_plaintext`` then has to find the body and the title again. Scores:

* body: the scrapinghub article-extraction-benchmark metric: per page, multiset overlap of
  4-token shingles (tokens = ``\\w+``) gives tp/fp/fn; P and R are averaged over pages and
  F1 is taken from the two means. Anchor: the baseline "all text is body" in the same run.
* title: right when the predicted title has the ground truth's words (see
  :func:`title_right`: casefolded ``\\w+`` tokens equal, or a rapidfuzz ratio >= 90, but
  never when the prediction kept an extra separated segment such as " | Site"). Ground
  truth: fundus-testdata's reviewed ``title`` (independent of the HTML's meta tags); for
  aeb and fundus-eval, which carry no title annotation, the page's own ``og:title`` (else
  ``<title>``) minus the site name, removed only where a separated segment *names the
  site* (og:site_name, application-name, twitter handle, the URL's domain, or a last
  segment shared by several pages of the domain): the publisher's declared headline. A
  dash in a headline is not a site separator. Anchor: "first line is the title".

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


# Separators publishers put between a headline and the site name ("Headline | Site").
_TITLE_SEP = re.compile(r"\s+(\||::|–|—|-|•|·)\s+")


def _compact(text: str) -> str:
    """"The Gateway Pundit" -> "thegatewaypundit": how a site name is compared."""
    return "".join(_WORD.findall(text.casefold()))


def _names_a_site(text: str, site_names: set[str]) -> bool:
    """True when ``text`` compacts to a site name, with or without a leading "The"."""
    c = _compact(text)
    return bool(c) and (c in site_names or (c.startswith("the") and c[3:] in site_names)
                        or "the" + c in site_names)


def _site_names(tree, url: str | None) -> set[str]:
    """What the page calls its site, compacted: og:site_name, application-name, the twitter
    handle, and the registrable domain of the page URL with and without its suffix
    ("spacenews.com" names "SpaceNews.com" and "SpaceNews")."""
    from retold.ingest.outlet import registrable_domain

    names: set[str] = set()
    for xp in ("//meta[@property='og:site_name']/@content", "//meta[@name='application-name']/@content",
               "//meta[@name='twitter:site']/@content", "//meta[@property='twitter:site']/@content"):
        for value in tree.xpath(xp)[:1]:
            value = value.strip().lstrip("@")
            domain = registrable_domain(value) if "://" in value else None
            names.add(_compact(domain.split(".")[0]) if domain else _compact(value))
    domain = registrable_domain(url)
    if domain:
        names |= {_compact(domain), _compact(domain.split(".")[0])}
    names.discard("")
    return names


def _segments(title: str) -> list[str]:
    """"A - B | C" -> ["A", "-", "B", "|", "C"]: segments at even, separators at odd indexes."""
    return _TITLE_SEP.split(title)


def _declared_headline(title: str, site_names: set[str], site_suffixes: set[str]) -> str:
    """The page's declared title minus its site name, and nothing else removed.

    A separated segment is the site name when it compacts to one of ``site_names`` (see
    :func:`_site_names`) or, for the last segment, when it is in ``site_suffixes`` (the
    same last segment ends the titles of two or more pages of that domain in the set, e.g.
    "Auto News"). The first such segment after the headline is cut together with what
    follows it if that is short ("Headline | The Gateway Pundit | by Mike LaChance"); a
    site name leading the title ("Site | Headline", "The Space Review: Headline") is cut
    too. A dash inside a headline ("Oisín Leech: Cold Sea review – you can almost taste
    the salt") or a site name with a dash ("The Anti-June Cleaver") is left alone.
    """
    parts = _segments(title)
    segments = parts[::2]

    def names_site(k: int) -> bool:
        return _names_a_site(segments[k], site_names) or (
            k == len(segments) - 1 and _compact(segments[k]) in site_suffixes)

    for k in range(1, len(segments)):
        if names_site(k) and all(len(_WORD.findall(s)) <= 6 for s in segments[k + 1:]):
            return " ".join(parts[: 2 * k - 1]).strip()
    if len(segments) > 1 and names_site(0) and not names_site(len(segments) - 1):
        return " ".join(parts[2:]).strip()
    site, colon, rest = title.partition(": ")
    if colon and rest.strip() and _names_a_site(site, site_names):
        return rest.strip()  # "The Space Review: Seeking a bigger role ..." on thespacereview.com
    return title


def _page_title(html: str) -> tuple[str | None, object]:
    """og:title (else <title>), whitespace-normalised, and the parsed tree."""
    import lxml.html

    try:
        tree = lxml.html.document_fromstring(html)
    except Exception:  # noqa: BLE001 - a page lxml cannot parse has no usable title
        return None, None
    found = tree.xpath("//meta[@property='og:title']/@content") or tree.xpath("//title/text()")
    if not found:
        return None, tree
    return htmllib.unescape(re.sub(r"\s+", " ", found[0])).strip() or None, tree


def _declared_titles(raw: list[tuple[str | None, object, str | None]]) -> list[str | None]:
    """Ground-truth titles for pages without a title annotation: (title, tree, url) ->
    :func:`_declared_headline`, with ``site_suffixes`` counted over the pages given."""
    from retold.ingest.outlet import registrable_domain

    pages_ending: dict[tuple[str | None, str], int] = {}
    for title, _, url in raw:
        if title and len(_segments(title)) > 1:
            key = (registrable_domain(url), _compact(_segments(title)[-1]))
            pages_ending[key] = pages_ending.get(key, 0) + 1
    out = []
    for title, tree, url in raw:
        if not title:
            out.append(None)
            continue
        domain = registrable_domain(url)
        suffixes = {end for (d, end), n in pages_ending.items() if d == domain and domain and n >= 2}
        out.append(_declared_headline(title, _site_names(tree, url), suffixes) or None)
    return out


def _norm(text: str | None) -> str:
    return " ".join(_WORD.findall((text or "").casefold()))


def title_right(pred: str | None, truth: str | None) -> bool:
    """Right when the predicted title is the truth's words.

    Both are casefolded and reduced to their ``\\w+`` tokens, so punctuation, quotes,
    dashes and case never count. Then they must be equal, or have a rapidfuzz ratio >= 90
    (the on-page headline and the declared title often differ by a word: "HS Roundup" vs
    "High School Roundup", "Michael Anastassiades'" vs "Anastassiades'"). One tightening:
    a prediction that is the truth plus a separated first or last segment ("Headline :
    Site", "Section | Headline") is wrong however long the headline, since it kept a site
    name or a section label that the fuzzy ratio would forgive on a long title.
    """
    from rapidfuzz import fuzz

    a, b = _norm(pred), _norm(truth)
    if not a or not b:
        return False
    if a == b:
        return True
    ratio = fuzz.ratio(a, b)
    parts = _PRED_SEP.split(pred or "")
    if len(parts) > 1 and any(_norm(rest) and fuzz.ratio(_norm(rest), b) > ratio
                              for rest in (" ".join(parts[1:]), " ".join(parts[:-1]))):
        return False  # an extra segment: the rest alone is closer to the truth
    return ratio >= 90


# Where a predicted title may have kept a site name: the separators of _TITLE_SEP plus " : ".
_PRED_SEP = re.compile(r"\s+(?:\||::|–|—|-|•|·|:)\s+")


def flatten(html: str, how: str) -> str:
    if how == "html_text":
        import html_text

        return html_text.extract_text(html, guess_layout=True)
    from resiliparse.extract.html2text import extract_plain_text

    return extract_plain_text(html, main_content=False)


def load_pages(limit: int | None) -> list[dict]:
    pages: list[dict] = []
    aeb = json.loads((DATA / "aeb" / "ground-truth.json").read_text())
    fe = json.loads((DATA / "fundus-eval" / "ground_truth.json").read_text())
    for name, items, body_of in (
        ("aeb", sorted(aeb.items())[:limit], lambda gt: gt["articleBody"]),
        ("fundus-eval", sorted(fe.items())[:limit], lambda gt: "\n".join(gt["body"])),
    ):
        found = []
        for key, gt in items:
            path = DATA / name / "html" / (f"{key}.html.gz" if name == "aeb" else key)
            html = gzip.open(path).read().decode("utf-8", "replace")
            found.append((html, gt, *_page_title(html)))
        titles = _declared_titles([(title, tree, gt.get("url")) for _, gt, title, tree in found])
        for (html, gt, _, _), title in zip(found, titles):
            pages.append({"set": name, "html": html, "body": body_of(gt), "title": title})
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
