"""HTML pages to :class:`~retold.records.Article` records: body blocks plus metadata.

``parse_html`` is the one entry point (the ingest stage, the web app and Spark tasks call
it). The page is decoded (:mod:`retold.ingest.decode`), parsed **once** by lxml, read for
metadata (:mod:`retold.ingest.html_meta`), stripped of non-content subtrees and handed as
a tree to trafilatura for the body (:mod:`retold.ingest.html_body`). Skipping
trafilatura's own parse, its metadata pass and, on most pages, its fallback extractors is
what makes this faster than ``trafilatura.extract`` at equal or better quality (see
``benchmarks/extraction.py``).

Bad input raises :class:`ValueError` with a message naming the problem (empty, binary,
not HTML, too large, no article text); the caller records it as a ``Reject`` and goes on.
"""
from __future__ import annotations

import re
from typing import Any

from lxml import etree
from lxml.html import HTMLParser, HtmlElement, document_fromstring

from retold.ingest.decode import declared_charset, decode_bytes
from retold.ingest.html_body import extract_body, strip_non_content
from retold.ingest.html_meta import PageMeta, extract_meta, text_date, to_iso
from retold.ingest.outlet import outlet_name, registrable_domain
from retold.records import Article, Block

__all__ = ["parse_html", "parse_tree", "MAX_HTML_BYTES", "OVERRIDABLE"]

MAX_HTML_BYTES = 20_000_000  # larger "pages" are dumps or attacks, not articles
# Keyword arguments of parse_html that replace what the page says (the caller knows better:
# a JSONL export's own title or date, a WARC record's URL).
OVERRIDABLE = ("title", "authors", "published", "published_source", "outlet", "outlet_name",
               "section", "language", "source_format", "locations")
_EXTRA = ("content_type", "fallback_published", "fallback_published_source")

# remove_comments/pis: never text; collect_ids off: we never look ids up (saves a hash
# table per page); huge_tree stays off, so libxml2's own depth and size limits hold.
# Every element is an HtmlElement (what trafilatura expects), looked up in C: lxml.html's
# default per-tag Python lookup (form/input/label classes) costs more than the parse itself
# once trafilatura has walked the tree a few times.
_PARSER = HTMLParser(remove_comments=True, remove_pis=True, collect_ids=False,
                     default_doctype=False)
_PARSER.set_element_class_lookup(etree.ElementDefaultClassLookup(element=HtmlElement))
_HTML_HINT = re.compile(r"<\s*(?:!doctype\s+html|html|head|body|meta|title|p|div|article|"
                        r"span|br|table|h[1-6]|section|main|a)\b", re.IGNORECASE)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")


def parse_html(html: str | bytes, url: str | None = None, **meta: Any) -> Article:
    """Parse one HTML page into an Article (``source_format="html"``).

    ``meta`` may hold any of :data:`OVERRIDABLE` (they win over the page's own values),
    ``content_type`` (the HTTP header, for the charset) and ``fallback_published`` /
    ``fallback_published_source`` (a date to use only when the page has none, e.g. a WARC
    record date with source ``"warc-date"``).
    """
    unknown = set(meta) - set(OVERRIDABLE) - set(_EXTRA)
    if unknown:
        raise TypeError(f"parse_html() got unknown keyword(s) {sorted(unknown)}; "
                        f"accepted: {', '.join(OVERRIDABLE + _EXTRA)}")
    text = _as_text(html, meta.get("content_type"))
    tree = _parse(text)
    try:
        article = parse_tree(tree, url)
    except RecursionError as exc:  # a last line of defence for pathological nesting
        raise ValueError("page nested too deeply to analyse") from exc
    _apply_overrides(article, meta)
    return article


def _as_text(html: str | bytes, content_type: str | None) -> str:
    if isinstance(html, (bytes, bytearray, memoryview)):
        data = bytes(html)
        if len(data) > MAX_HTML_BYTES:
            raise ValueError(f"page too large: {len(data):,} bytes (limit "
                             f"{MAX_HTML_BYTES:,}); not an article page")
        if not data.strip():
            raise ValueError("empty page: no bytes other than whitespace")
        text, _encoding = decode_bytes(data, declared_charset(data, content_type))
    elif isinstance(html, str):
        text = html
        if len(text) > MAX_HTML_BYTES:
            raise ValueError(f"page too large: {len(text):,} characters (limit "
                             f"{MAX_HTML_BYTES:,}); not an article page")
    else:
        raise TypeError(f"parse_html() needs str or bytes, not {type(html).__name__}")
    if not text.strip():
        raise ValueError("empty page: no text other than whitespace")
    if "\x00" in text[:65536]:
        raise ValueError("not HTML: NUL characters in the page (binary data?)")
    if not _HTML_HINT.search(text, 0, 65536):
        raise ValueError("not HTML: no HTML tags in the first 64 KB "
                         "(plain text should go to parse_plaintext)")
    return _XML_DECL.sub("", text, count=1)


def _parse(text: str) -> HtmlElement:
    try:
        tree = document_fromstring(text, parser=_PARSER)
    except (etree.ParserError, ValueError) as exc:
        raise ValueError(f"not parseable as HTML: {exc}") from exc
    if tree is None or not isinstance(tree, HtmlElement):
        raise ValueError("not parseable as HTML: the parser returned no document")
    if _depth_limited():
        # libxml2 stops at the first element nested deeper than 256 levels and drops the
        # rest of the page, even an article that follows properly closed wrappers. Retry
        # without the generic wrapper tags (div, span, font...) that such nesting is made
        # of; only if that still fails say so when nothing is left.
        flat = _WRAPPER_TAGS.sub(" ", text)
        try:
            retry = document_fromstring(flat, parser=_PARSER)
        except (etree.ParserError, ValueError):
            retry = None
        if isinstance(retry, HtmlElement) and not _depth_limited():
            return retry
        tree.set("data-retold-truncated", "depth")
    return tree


_WRAPPER_TAGS = re.compile(r"</?(?:div|span|font|b|i|u|em|strong|small|big|center|section|"
                           r"aside|nav|header|footer|main|figure|blockquote|ul|ol|li|dl|dd|dt|"
                           r"table|tbody|thead|tr|td|th|a|label|form)(?:\s[^>]*)?/?>", re.IGNORECASE)


def _depth_limited() -> bool:
    return any(e.type_name == "ERR_RESOURCE_LIMIT" for e in _PARSER.error_log)


def parse_tree(tree: HtmlElement, url: str | None = None) -> Article:
    """Article from an already parsed lxml.html document (metadata first, then the body).

    ``tree`` is stripped of scripts and other non-content subtrees in place.
    """
    meta = extract_meta(tree, url)
    strip_non_content(tree)
    blocks, _retried = extract_body(tree)
    blocks = _drop_leading_title(blocks, meta.title)
    text = "\n\n".join(b.text for b in blocks)
    if not text.strip():
        # an empty body would hash to the same id as every other empty page
        if tree.get("data-retold-truncated"):
            raise ValueError("no article text found: the page nests elements deeper than "
                             "256 levels and the parser dropped what lies below")
        raise ValueError("no article text found in the page (navigation, media or "
                         "script-only page?)")
    if meta.published is None:
        meta.published = text_date(tree, url)
        meta.published_source = "text" if meta.published else None
    domain = registrable_domain(url) or registrable_domain(meta.canonical_url)
    return Article(
        id=Article.make_id(text),
        text=text,
        blocks=blocks,
        url=url or meta.canonical_url,
        outlet=domain or meta.site_name,
        outlet_name=outlet_name(domain, meta.site_name),
        title=meta.title,
        section=meta.section,
        authors=meta.authors,
        published=meta.published,
        published_source=meta.published_source,
        language=detect_language(text, meta),
        source_format="html",
    )


def _drop_leading_title(blocks: list[Block], title: str | None) -> list[Block]:
    """The headline repeated as the body's first heading is the title, not body text."""
    if blocks and title and blocks[0].kind == "heading" and \
            _norm(blocks[0].text) == _norm(title):
        return blocks[1:]
    return blocks


def _norm(text: str) -> str:
    return re.sub(r"\W+", " ", text.casefold()).strip()


def detect_language(text: str, meta: PageMeta) -> str | None:
    """py3langid on the body (first 600 characters: a few sentences are plenty and its cost
    grows with the input); the page's declared language when the body is too short for a
    statistical guess."""
    if len(text) < 40:
        return meta.language
    import py3langid

    lang, _score = py3langid.classify(text[:600])
    return lang


def _apply_overrides(article: Article, meta: dict[str, Any]) -> None:
    for key in OVERRIDABLE:
        value = meta.get(key)
        if value is None or value == [] or value == "":
            continue
        if key == "published":
            value = to_iso(value) if isinstance(value, str) else value
            if value is None:
                continue
            article.published_source = meta.get("published_source") or "input"
        if key == "outlet":
            value = registrable_domain(str(value)) or str(value)
        if key == "authors":
            value = [str(a) for a in value] if isinstance(value, (list, tuple)) else [str(value)]
        elif key in ("title", "section", "outlet_name", "language"):
            value = str(value)
        setattr(article, key, value)
    if article.published is None and meta.get("fallback_published"):
        article.published = to_iso(meta["fallback_published"]) or meta["fallback_published"]
        article.published_source = meta.get("fallback_published_source") or "input"
