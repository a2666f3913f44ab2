"""Citations: an article naming another outlet as its source.

Patterns (each gives a ``Citation`` with the phrase's offsets and a kind):

* interview: "told Newsweek", "speaking to Newsweek", "in an interview with Newsweek";
* credit: "Newsweek reported", "according to Newsweek", "From Newsweek:", "via Newsweek",
  "(Source: Newsweek)";
* dateline: "(AP) -", "(Reuters) -", "BEIRUT (AFP) -";
* republished: "This story was originally published by Newsweek";
* link: a URL in the text, cited by its registrable domain.

Why a gazetteer and a shape test: "told Omer" is a person, "told Newsweek" an outlet. A
name counts as an outlet when it is a known outlet, an outlet of the corpus, or looks like
one ("... News", "... Times", an all-capitals acronym). Resolution maps the name to a
corpus article of that outlet (``target_id``) or leaves it external.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

from retold.dates import order_key
from retold.outlets import WORDS, is_known
from retold.records import Article, Citation

_NOT_OUTLETS = {"i", "he", "she", "we", "they", "it", "him", "her", "them", "us", "me",
                "you", "reporters", "the"}

_NAME = r"((?:The\s+)?[A-Z][\w&'-]*(?:\s+(?:of\s+|de\s+|al[-\s])?[A-Z][\w&'-]*){0,4})"
_PATTERNS: list[tuple[str, re.Pattern]] = [
    ("interview", re.compile(r"\b(?:told|[Ss]peaking\s+to|spoke\s+to|in\s+an\s+interview\s+with)"
                             r"\s+" + _NAME)),
    ("credit", re.compile(r"\b[Aa]ccording\s+to\s+(?:a\s+report\s+(?:by|in|from)\s+)?" + _NAME)),
    ("credit", re.compile(_NAME + r"\s+(?:has\s+|had\s+|first\s+)?reported\b")),
    ("credit", re.compile(r"(?:^|\n)\s*From\s+" + _NAME + r"\s*:", re.MULTILINE)),
    ("credit", re.compile(r"\b(?:[Vv]ia|Source:)\s+" + _NAME)),
    ("republished", re.compile(r"(?:originally|first)\s+(?:published|appeared)\s+"
                               r"(?:by|in|on|at)\s+" + _NAME)),
    ("dateline", re.compile(r"\((AP|Reuters|AFP|UPI|dpa|Xinhua|Bloomberg|IANS|PTI|ANI)\)"
                            r"\s*[-–—]?")),
]
_URL = re.compile(r"https?://(?:www\.)?([a-z0-9-]+(?:\.[a-z0-9-]+)+)", re.IGNORECASE)


def outlet_key(name: str) -> str:
    """Comparable form of an outlet name: "The Guardian" -> "guardian", "newsweek.com" ->
    "newsweek"."""
    name = name.casefold().strip()
    name = re.sub(r"^(https?://)?(www\.)?", "", name)
    name = re.sub(r"\.(com|org|net|co\.uk|co|uk|de|fr|info|news|ir|tv)(/.*)?$", "", name)
    name = re.sub(r"^the\s+", "", name)
    return re.sub(r"[^0-9a-z]+", " ", name).strip()


def _is_outlet(name: str, corpus_outlets: Iterable[str]) -> bool:
    key = outlet_key(name)
    if not key or key in _NOT_OUTLETS:
        return False
    if is_known(name) or key in corpus_outlets:
        return True
    return bool(WORDS.search(name)) or (name.isupper() and 2 <= len(name) <= 6)


def _trim(name: str) -> str:
    return re.sub(r"[.,;:'’]+$", "", name.strip())


def find_citations(article: Article, corpus_outlets: Iterable[str] = ()) -> list[Citation]:
    """Every outlet ``article`` names as a source, with offsets (unresolved: no target)."""
    text = article.text or ""
    outlets = set(corpus_outlets)
    found: dict[int, Citation] = {}
    for kind, pat in _PATTERNS:
        for m in pat.finditer(text):
            name = _trim(m.group(1))
            if kind not in ("dateline", "republished") and not _is_outlet(name, outlets):
                continue
            whole = m.group(0)
            start = m.start() + len(whole) - len(whole.lstrip())
            if start in found:
                continue
            found[start] = Citation(article_id=article.id, outlet=name, phrase=whole.strip(),
                                    start=start, end=m.start() + len(whole.rstrip()), kind=kind)
    for m in _URL.finditer(text):
        found.setdefault(m.start(), Citation(article_id=article.id, outlet=m.group(1).lower(),
                                             phrase=m.group(0), start=m.start(), end=m.end(),
                                             kind="link"))
    return [found[k] for k in sorted(found)]


def outlet_index(articles: Sequence[Article]) -> dict[str, list[Article]]:
    """Corpus articles by outlet key (from both the domain and the display name)."""
    index: dict[str, list[Article]] = {}
    for a in articles:
        for name in {a.outlet, a.outlet_name} - {None, ""}:
            index.setdefault(outlet_key(name), []).append(a)
    return index


def resolve(citations: Sequence[Citation], index: Mapping[str, Sequence[Article]],
            prefer: Mapping[str, set[str]] | None = None) -> list[Citation]:
    """Set ``target_id`` to the cited outlet's article, when the outlet is in the corpus.

    The target must be one the citing article already shares something with
    (``prefer[article_id]``: aligned text, quotes or at least an LSH candidacy; the
    earliest published if several): "according to Reuters" must not tie a story to an
    arbitrary Reuters article.

    Each citation looks only at its ``prefer`` set (a handful of candidates), never at
    every article of the cited outlet: that list grows with the corpus, and scanning it
    per citation made this step quadratic (13 s of 315 at 50k articles, 36x the 10k
    figure).
    """
    members = {key: {a.id: a for a in arts} for key, arts in index.items()}
    for c in citations:
        of_outlet = members.get(outlet_key(c.outlet))
        if not of_outlet:
            continue
        linked = (prefer or {}).get(c.article_id, ())
        best = [of_outlet[i] for i in linked if i != c.article_id and i in of_outlet]
        if best:
            c.target_id = min(best, key=lambda a: (order_key(a.published), a.id)).id
    return citations
