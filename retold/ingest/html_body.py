"""The article body of a parsed page, as paragraph and heading blocks.

trafilatura does the hard part (finding the main content); this module makes it cheaper
and keeps the structure retold needs:

* the tree is parsed once by the caller (no second parse inside trafilatura) and
  subtrees that can never be body text (``script``, ``style``, ``svg``, forms...) are
  stripped in C by :func:`strip_non_content` before trafilatura walks it, so every one of
  its XPath passes and tree copies is over a smaller tree;
* trafilatura runs in *fast* mode (no readability/jusText comparison, its costliest
  stage), and only when the result looks like a miss, i.e. less than
  :data:`RETRY_SHARE` of the page's visible text and under :data:`RETRY_MAX_CHARS`, is the
  page extracted again with the full cascade. On the evaluation sets that is about 1% of
  pages, so the slow path costs little and recovers the pages fast mode loses;
* the XML body is turned into :class:`~retold.records.Block` records: ``<head>`` becomes a
  heading block (a subheading is structure, not body text), paragraphs, list items,
  quotes and table rows become paragraph blocks. Whitespace inside a block is collapsed
  and no block contains a blank line, so ``"\\n\\n".join(blocks)`` splits back into them;
* short blocks that are page furniture trafilatura lets through ("Read more...",
  newsletter widgets, bare URLs, ALL-CAPS related-story teasers) are dropped by
  :func:`is_boilerplate` (+0.2 F1 points on each benchmark set).
"""
from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from lxml import etree
from lxml.html import HtmlElement

from retold.ingest.textlines import _authors as byline_names  # the plain-text byline reader
from retold.records import Block

# Subtrees that never hold article text. Stripped before extraction (their tail text is
# kept: ``<p>a<button>x</button> b</p>`` keeps " b"). ``nav``/``footer``/``aside`` are
# page furniture trafilatura would discard anyway; removing them first makes every later
# pass cheaper (measured: no F1 change on either benchmark set). ``form`` and ``header``
# are NOT here: some sites wrap the whole page in a form (ASP.NET) or the lead paragraph
# in a header, and stripping them cost 0.5 F1 points on AEB. Media and ``figure`` (image
# captions are not article text in either benchmark's ground truth) go too, as do
# elements marked ``hidden``/``aria-hidden`` (no reader sees them).
NON_CONTENT_TAGS = (
    "script", "style", "noscript", "svg", "template", "iframe", "object", "embed",
    "canvas", "link", "button", "select", "input", "textarea", "math",
    "nav", "footer", "aside", "figure",
    "img", "picture", "video", "audio", "source", "track", "map", "dialog",
)
_HIDDEN = etree.XPath('//*[@hidden or @aria-hidden="true"]')
MAX_ELEMENTS = 25_000  # 10x the largest page of both benchmark sets; beyond: paragraph scan
RETRY_SHARE = 0.05  # fast result under 5% of the page's text ...
RETRY_MAX_CHARS = 3000  # ... and short: extract again with the full cascade

_SPACES = re.compile(r"\s+")
_WS = re.compile(r"[^\S\n]+")
_NL = re.compile(r"\s*\n\s*")


def strip_non_content(tree: etree._Element) -> None:
    """Remove non-content subtrees in place (one C-level pass, then the hidden ones)."""
    etree.strip_elements(tree, *NON_CONTENT_TAGS, with_tail=False)
    for el in _HIDDEN(tree):
        if el.getparent() is not None:
            el.drop_tree()  # keeps the tail text


def page_text_length(tree: etree._Element) -> int:
    """Characters of visible text in the page body, whitespace runs counted once."""
    body = tree.find("body")
    text = etree.tostring(body if body is not None else tree, method="text", encoding=str)
    return len(_SPACES.sub(" ", text))


def extract_body(tree: HtmlElement) -> tuple[list[Block], bool]:
    """Blocks of the main content of a stripped tree; ``True`` if the slow path ran.

    trafilatura works on its own copy of a tree it is handed, so ``tree`` is left as it
    was and serves the slow path too. A tree of more than :data:`MAX_ELEMENTS` elements
    (a generated or hostile page: some of trafilatura's passes are quadratic in the
    number of matches, 300,000 spans take a minute) gets a linear paragraph scan instead.
    """
    if tree.xpath("count(//*)") > MAX_ELEMENTS:
        return paragraph_scan(tree), False
    blocks = _trafilatura_blocks(tree, fast=True)
    chars = sum(len(b.text) for b in blocks)
    if chars >= RETRY_MAX_CHARS or chars >= RETRY_SHARE * page_text_length(tree):
        return with_paragraphs(blocks, tree), False
    slow_blocks = _trafilatura_blocks(tree, fast=False)
    if sum(len(b.text) for b in slow_blocks) > chars:
        blocks = slow_blocks
    return with_paragraphs(blocks, tree), True


def with_paragraphs(blocks: list[Block], tree: etree._Element) -> list[Block]:
    """The page's own paragraphs where trafilatura ran them together: on a short page it
    falls back on its baseline, which returns the whole article, headline and byline
    included, as one block ("Council Approves Budget By Jane Roe The city council …").
    When the page's ``<p>`` elements hold that text in two or more paragraphs, they are
    the blocks, without a byline ("By Jane Roe") the metadata already reads."""
    if len(blocks) != 1 or blocks[0].kind != "paragraph":
        return blocks
    scan = [b for b in paragraph_scan(tree) if b.kind == "paragraph" and not is_boilerplate(b)
            and not byline_names(b.text)]
    whole = _words(blocks[0].text)
    if len(scan) < 2 or not whole:
        return blocks
    parts = _words(" ".join(b.text for b in scan))
    if parts and parts in whole and len(parts) >= 0.6 * len(whole):
        return scan
    return blocks


def _words(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


def paragraph_scan(tree: etree._Element) -> list[Block]:
    """Text of ``<p>``, ``<li>`` and ``<h2>``-``<h6>`` elements in document order (no
    nesting: a paragraph inside a list item is read once), for pages too big to analyse."""
    blocks: list[Block] = []
    for el in tree.iter("p", "li", "h2", "h3", "h4", "h5", "h6"):
        if any(a.tag in ("p", "li") for a in el.iterancestors()):
            continue
        text = clean_text(el.text_content())
        if text:
            blocks.append(Block("heading" if el.tag[0] == "h" else "paragraph",
                                text.replace("\n", " ") if el.tag[0] == "h" else text))
    return blocks


# Whole blocks that are page furniture trafilatura lets through: calls to action, related-
# link labels, newsletter widgets. Matched only on short blocks (<= 12 words) so that a
# sentence which merely starts this way survives.
_BOILERPLATE = re.compile(
    r"^\W*(read more|read next|click here|sign up|subscribe( now| here)?|thanks for signing up|"
    r"keep an eye on your inbox|you may also like|you might also like|don'?t miss|"
    r"related( articles| stories| coverage)?|recommended( for you)?|most (read|popular)|"
    r"popular|advertisement|sponsored|order reprints|print article|share( this)?( article)?|"
    r"follow us|comments?|leave a (comment|reply)|sorry!?|there was an error processing|"
    r"continue reading|listen to (this|the) article|more from|trending|watch:?|"
    r"sponsor(ed)? content|join (our|the) (commenting|conversation|discussion)|"
    r"follow .{0,60}\b(on|at) (facebook|twitter|instagram|linkedin|threads|x)\b)",
    re.IGNORECASE)
_BIO = re.compile(r"^[A-Z][\w.'-]+(?: [A-Z][\w.'-]+){1,3} (?:is|was|has been) (?:an?|the|our) "
                  r"(?:[\w-]+ ){0,5}(?:writer|reporter|editor|correspondent|columnist|journalist"
                  r"|contributor|producer|critic)\b")
"""An author's bio ("Houston Mitchell is an assistant sports editor …", "Steph Bazzle is a
news writer …"), furniture where a page prints it: before or after the article."""
_URL_ONLY = re.compile(r"^\s*(https?://|www\.)\S+\s*$")


def is_boilerplate(block: Block) -> bool:
    """True for a call-to-action, widget label, bare URL or an ALL-CAPS teaser line."""
    text = block.text
    if _URL_ONLY.match(text) or not any(c.isalnum() for c in text):  # "::", "* * *"
        return True
    words = text.split()
    if len(words) <= 12 and _BOILERPLATE.match(text):
        return True
    # "MAN ALLEGEDLY BEAT WOMAN ...": related-story teasers set in capitals. str.isupper
    # ignores uncased scripts, so a Korean paragraph quoting "SNS" passes it: count too.
    if block.kind != "paragraph" or len(words) < 5 or not text.isupper():
        return False
    upper = sum(c.isupper() for c in text)
    return upper >= 20 and upper > 0.9 * sum(c.isalpha() for c in text)


def _trafilatura_blocks(tree: HtmlElement, fast: bool) -> list[Block]:
    from trafilatura import bare_extraction

    doc = bare_extraction(tree, options=_options(fast))
    if doc is None:
        return []
    return without_bios([b for b in xml_blocks(doc.body) if not is_boilerplate(b)])


def without_bios(blocks: list[Block]) -> list[Block]:
    """The blocks without an author's bio at either end (:data:`_BIO`); one in the middle
    of an article ("Smith is a reporter who …" in a profile) is text."""
    while len(blocks) > 1 and _BIO.match(blocks[-1].text):
        blocks = blocks[:-1]
    while len(blocks) > 1 and _BIO.match(blocks[0].text):
        blocks = blocks[1:]
    return blocks


@functools.lru_cache(maxsize=2)
def _options(fast: bool):
    """trafilatura settings built once (parsing its config per page costs ~2%).

    ``output_format="xml"`` because we read the XML body ourselves: with "python"
    trafilatura would also render it to text, which we would throw away. The page URL is
    not passed: trafilatura uses it only for logging and link rewriting (links are off).
    """
    from trafilatura.settings import Extractor

    return Extractor(output_format="xml", fast=fast, comments=False, tables=True,
                     with_metadata=False)


def clean_text(text: str) -> str:
    """Collapse spaces, keep single line breaks, never a blank line inside a block."""
    return _NL.sub("\n", _WS.sub(" ", text)).strip()


def _text(el: etree._Element, skip: tuple[str, ...] = ()) -> str:
    """Text of ``el`` with ``<lb/>`` as a line break, leaving out ``skip`` subtrees."""
    parts: list[str] = []

    def walk(node: etree._Element) -> None:
        if node.text:
            parts.append(node.text)
        for child in node:
            if child.tag in skip:
                pass
            elif child.tag == "lb":
                parts.append("\n")
            else:
                walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(el)
    return clean_text("".join(parts))


def xml_blocks(body: etree._Element | None) -> Iterator[Block]:
    """Blocks from trafilatura's XML body (``p``, ``head``, ``list``, ``quote``, ``table``)."""
    if body is None:
        return
    for el in body:
        yield from _element_blocks(el)


def _element_blocks(el: etree._Element) -> Iterator[Block]:
    tag = el.tag
    if tag == "head":
        text = _text(el)
        if text:
            yield Block("heading", text.replace("\n", " "))
    elif tag == "list":
        for item in el:
            if item.tag == "item":
                text = _text(item, skip=("list",))
                if text:
                    yield Block("paragraph", text)
                for sub in item:
                    if sub.tag == "list":
                        yield from _element_blocks(sub)
            elif item.tag == "head":
                yield from _element_blocks(item)
    elif tag == "table":
        for row in el.iter("row"):
            cells = [_text(c) for c in row if c.tag == "cell"]
            text = " | ".join(c for c in cells if c)
            if text:
                yield Block("paragraph", text)
    elif tag in ("quote", "div") and any(child.tag in ("p", "list", "head", "table")
                                         for child in el):
        if el.text and el.text.strip():
            yield Block("paragraph", clean_text(el.text))
        for child in el:
            yield from _element_blocks(child)
            if child.tail and child.tail.strip():
                yield Block("paragraph", clean_text(child.tail))
    elif tag == "graphic":
        return
    else:
        text = _text(el)
        if text:
            yield Block("paragraph", text)
