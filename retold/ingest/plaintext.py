"""Recover an article from a page a crawler flattened to plain text.

Crawlers (Common Crawl WET, ``lynx -dump``, resiliparse, html-text, "save as text") keep
the words of a page and lose its structure: the menu, the share buttons, the comment
counter, the title printed three times and the site name are all just lines. This module
puts the structure back with rules that hold across sites, not for one page:

* **Lines are the units.** Each non-empty line is one block the crawler emitted (a ``<p>``,
  an ``<li>``, a heading). Hard-wrapped text (every line ~70 columns) is first unwrapped.
* **The body is the densest run of prose.** Each line gets a score: prose lines (enough
  words, sentence punctuation, not a comma-separated tag cloud) score their word count,
  short or list-like lines a penalty, known boilerplate ("Share", "Read more", "Copyright
  ...") a larger one, end-of-article markers ("Related", "Recent posts") a prohibitive one,
  and a comment-section header ("3 Comments", "Alice on May 2 said:") is a wall. The body
  is the contiguous run with the largest total score (Kadane's maximum subarray), so a
  menu or a footer never wins against the article, and a short paragraph inside the
  article ("he added.") is kept because its neighbours carry it. Context adjusts scores:
  a lone prose line between links (a teaser, a footer blurb) counts half, and the first
  paragraph under the headline named by the page title gets a bonus.
* **Titles sit just above the body and are not sentences** (:mod:`retold.ingest.headline`).
  The line that *is* the page's ``<title>`` (the first line of WET records and whole-page
  dumps, minus " | Site"; the closest fit, so a "Home News <headline>" breadcrumb loses)
  wins. Otherwise headline-shaped lines near the body are scored: length prior, closeness to
  the body, a byline or date right after (a byline on the very next line counts most), a
  copy printed elsewhere on the page, words shared with the ``<title>`` and with the lead
  paragraphs; photo credits, captions, glued menus, dates and timestamps, widgets,
  breadcrumb trails, sentences and the standfirst printed under a headline lose. The best
  one replaces the ``<title>`` line when it is that title's on-page form (most words
  shared) or strong on its own (an SEO ``<title>`` is often worded differently from the
  headline); else the ``<title>`` line minus its site name is the title. A short first
  line that shares no word with the body is a site name or a menu (resiliparse prints no
  ``<title>``), not a page title.
* **Around the title**: a one-to-three word line above it is the section label, a lone
  number is a counter (dropped), ``By ...`` lines are bylines, date-shaped lines give
  ``published``; a trailing "Financialtribune.com" (even glued to the last sentence) names
  the outlet.
* **Inside the body** a short line without final punctuation followed by prose is a
  subheading (``heading`` block), never a paragraph.

The functions that *find* things (:func:`segment`, :func:`find_title`, ...) are separate
from :func:`parse_plaintext`, which assembles the :class:`~retold.records.Article`.
"""
from __future__ import annotations

import functools

import re
from dataclasses import dataclass, field

from retold.ingest.headline import (_CREDIT, _about, _plausible_headline,
                                    _title_from_page_title, find_title, kicker_variant,
                                    split_site, title_line_shaped)
from retold.ingest.outlet import looks_like_domain, outlet_name, registrable_domain
from retold.ingest.textlines import (_BULLET, _BYLINE, _COUNTER, _SENTENCE_END, _SENTENCE_INSIDE, _WORD,
                                     TURN_LABEL, Line, _authors, _key, _word_count, clean_line, parse_date)
from retold.records import Article, Block

__all__ = ["parse_plaintext", "segment", "find_title", "split_site", "Line", "Segmentation",
           "parse_date", "clean_line", "detect_language"]

_BOILERPLATE = re.compile(
    r"^(?:share(?: this(?: article| story| on \w+)?)?|tweet|email|print|copy link|link copied|"
    r"comments?(?: \(\d+\))?|\d+ comments?|leave a (?:comment|reply)|reply|"
    r"read more|more from .*|related(?: articles| stories| posts| news| topics)?|"
    r"see also|recommended(?: for you)?|advertisement|sponsored(?: content)?|ad|"
    r"subscribe(?: now)?|sign up.*|sign in|log ?in|register|newsletter.*|"
    r"follow us.*|click here.*|skip to (?:main )?content|menu|search|home|close|"
    r"facebook|twitter|x|whatsapp|linkedin|reddit|pinterest|telegram|flipboard|"
    r"previous(?: article| post)?|next(?: article| post)?|back to top|"
    r"all rights reserved.*|cookie.*|accept(?: all)?(?: cookies)?|"
    r"photo:.*|image:.*|source:.*|tags?:.*|topics?:.*|filed under:?.*|categories?:.*|"
    r"listen(?: to this article)?.*|\d+ min(?:ute)?s? read|read time.*|continue reading.*|"
    r"(?:you are )?(?:signed|logged) in as.*|\d*\s*(?:email|tweet|share|post) (?:this|about this)\b.*|"
    r"updated:?|published:?|loading\.*|advertisement - scroll to continue)$",
    re.I,
)
_BOILERPLATE_ANYWHERE = re.compile(
    r"(?:©|\bcopyright\b|all rights reserved|\bcookies?\b.*\b(?:consent|policy|use)\b|"
    r"privacy policy|terms of (?:use|service)|javascript|your browser|"
    r"sign up for|subscribe to (?:our|the)|newsletter)",
    re.I,
)
# Lines after which an article does not continue: comment sections, "related" rails.
_STOP = re.compile(
    r"^(?:\d+\s+)?(?:comments?|responses?|replies|reactions?)(?:\s*\(\d+\))?(?:\s+to\b.*)?$|"
    r"^(?:leave a (?:comment|reply)|add (?:a|your) comment|post a comment|join the (?:discussion|conversation)|"
    r"show comments|view comments|comments? (?:are )?closed.*|"
    r"related(?: articles| stories| posts| news| content| coverage)?|"
    r"(?:you )?(?:may|might) also (?:like|be interested in).*|more (?:stories|articles|news) (?:from|on|like)\b.*|"
    r"recommended(?: for you| stories| articles)?|most (?:popular|read|viewed|shared)|trending(?: now)?|"
    r"recent (?:posts|blog posts|articles|stories)|popular (?:posts|stories)|latest (?:news|stories|articles)|"
    r"read next|up next|what to read next|more from .{1,40}|also read|see also|"
    r"posted in .*|filed under.*|tags?:?.*|permalink.*)$",
    re.I,
)
# Comment sections: nothing after them is article, however long (a hard wall for the run).
_COMMENT_HEAD = re.compile(
    r"\b(?:said|says|wrote|writes):\s*$|^\d+\s+(?:comments?|responses?|replies)\b|"
    r"^(?:leave a (?:comment|reply)|post a comment|add (?:a|your) comment|join the (?:discussion|conversation)|"
    r"comments? (?:are )?closed|show comments|view comments|comments)\b", re.I)


def _clause_length(text: str) -> float:
    """Mean words between commas: prose runs long, tag clouds and menus do not."""
    parts = [p for p in re.split(r"[,;|/•·]", text) if p.strip()]
    return sum(len(_WORD.findall(p)) for p in parts) / max(1, len(parts))


_GLUED_DOMAIN = re.compile(r"(?<=[.!?…\"”’)])\s*(?P<site>(?:www\.)?[A-Z][\w-]*(?:\.[\w-]+)+)$")


@dataclass
class Segmentation:
    """What :func:`segment` found, before it becomes an Article."""

    lines: list[Line]
    title: str | None = None
    section: str | None = None
    authors: list[str] = field(default_factory=list)
    published: str | None = None
    site: str | None = None  # a trailing domain-shaped site name ("Financialtribune.com")
    site_name: str | None = None  # from a "Headline | Site" page title
    body: list[Line] = field(default_factory=list)


def _unwrap(raw_lines: list[str]) -> list[str]:
    """Join hard-wrapped paragraphs (fixed-width text) into one line each.

    Detected when most non-empty lines are long, of similar width, and the next line of
    a paragraph continues it (no final punctuation): then blank lines are the only
    paragraph separators.
    """
    lengths = [len(x.strip()) for x in raw_lines if x.strip()]
    if len(lengths) < 6:
        return raw_lines
    wide = sorted(lengths)[len(lengths) * 3 // 4]
    if not 50 <= wide <= 100:
        return raw_lines
    joins = sum(
        1
        for a, b in zip(raw_lines, raw_lines[1:])
        if a.strip() and b.strip() and len(a.strip()) > wide * 0.75 and not _SENTENCE_END.search(a.strip())
    )
    if joins < max(3, len(lengths) // 5):
        return raw_lines
    out: list[str] = []
    buf: list[str] = []
    for raw in raw_lines + [""]:
        stripped = raw.strip()
        if not stripped:
            if buf:
                out.append(" ".join(buf))
                buf = []
            out.append("")
            continue
        if buf and (len(buf[-1]) < wide * 0.6 or _BULLET.match(raw)):
            out.append(" ".join(buf))
            buf = []
        buf.append(stripped)
    return out[:-1]


def _unglue(raw_lines: list[str]) -> list[str]:
    """"...over the past month.Financialtribune.com" -> the sentence, then the site name.

    Flattening sometimes drops the break between the last paragraph and the footer's site
    name; a domain with a public suffix right after a sentence end is cut onto its own line.
    A title's " - news.ORF.at" site part is one host name, not a sentence end, and stays.
    """
    out = []
    for raw in raw_lines:
        m = _GLUED_DOMAIN.search(raw.rstrip())
        if (m and m.start() > 0 and looks_like_domain(m.group("site"))
                and not (split_site(raw.strip())[1] or "").endswith(m.group("site"))):
            out.extend([raw[: m.start()].rstrip(), m.group("site")])
        else:
            out.append(raw)
    return out


def _rejoin(raw_lines: list[str]) -> list[str]:
    """"Stuttgart hat's drauf" + ": Stadt der Superlative" -> one line.

    A flattener that emits a headline's kicker and its rest as separate blocks leaves a line
    starting with a colon; no line starts with one, so it continues the line above.
    """
    out: list[str] = []
    for raw in raw_lines:
        stripped = raw.strip()
        if stripped.startswith(":") and len(stripped) > 1 and out and out[-1].strip():
            out[-1] = out[-1].rstrip() + stripped
        else:
            out.append(raw)
    return out


def _lines(text: str) -> list[Line]:
    raw_lines = _rejoin(_unglue(_unwrap(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))))
    out: list[Line] = []
    blank = False
    for raw in raw_lines:
        cleaned = clean_line(raw)
        if not cleaned:
            blank = True
            continue
        bullet = bool(_BULLET.match(raw))
        if bullet:
            cleaned = clean_line(_BULLET.sub("", raw, count=1)) or cleaned
        line = Line(
            text=cleaned,
            index=len(out),
            blank_before=blank or not out,
            indented=raw[:1] in (" ", "\t", "\u00a0"),
            bullet=bullet,
            words=_word_count(cleaned),
        )
        line.boilerplate = bool(_BOILERPLATE.match(cleaned)) or (
            line.words < 25 and bool(_BOILERPLATE_ANYWHERE.search(cleaned))
        )
        line.wall = bool(_COMMENT_HEAD.search(cleaned)) and line.words <= 14
        line.stop = bool(_STOP.match(cleaned)) or line.wall
        line.prose = not line.boilerplate and not line.stop and (
            (line.words >= 8 and (_SENTENCE_END.search(cleaned) or _SENTENCE_INSIDE.search(cleaned)))
            or (line.words >= 40 and _clause_length(cleaned) >= 8)
        )
        out.append(line)
        blank = False
    return out


def _score(line: Line) -> float:
    """Kadane weight: prose adds its length, everything else costs (see module docstring)."""
    if line.stop:
        return -40.0
    if line.boilerplate:
        return -8.0
    if line.words <= 14 and parse_date(line.text):
        return -6.0  # a date line inside a run of prose is a comment or teaser header
    if line.prose:
        weight = float(min(line.words, 120))
        return weight * 0.3 if line.bullet else weight
    if _COUNTER.match(line.text):
        return -1.0
    if line.bullet:
        return -4.0 - line.words * 0.5
    if line.words <= 3:
        return -2.5
    return -1.5 - 0.2 * line.words


def _weights(lines: list[Line], anchor: int | None = None) -> list[float]:
    """Per-line scores in context.

    A prose line between two non-prose lines (a teaser blurb under a link, a product
    description in a footer) counts half: article paragraphs come in runs. The first prose
    lines after a known headline (``anchor``) get a bonus, since the article starts there.
    """
    weights = [_score(line) for line in lines]
    for i, line in enumerate(lines):
        if line.prose and 0 < i < len(lines) - 1 and not lines[i - 1].prose and not lines[i + 1].prose:
            weights[i] *= 0.5
    if anchor is not None:
        for i in range(anchor + 1, min(anchor + 12, len(lines))):
            if lines[i].prose:
                weights[i] += 25.0
                break
    return weights


def _best_run(lines: list[Line], anchor: int | None = None) -> tuple[int, int]:
    """[start, end) of the run of lines with the largest total weight (max subarray)."""
    best, best_span = 0.0, (0, 0)
    total, start = 0.0, 0
    for i, weight in enumerate(_weights(lines, anchor)):
        if lines[i].wall:
            total, start = 0.0, i + 1
            continue
        if total <= 0:
            total, start = 0.0, i
        total += weight
        if total > best:
            best, best_span = total, (start, i + 1)
    return best_span


def _is_subheading(lines: list[Line], i: int, end: int) -> bool:
    line = lines[i]
    if line.prose or line.boilerplate or line.bullet or not (1 <= line.words <= 14):
        return False
    if _COUNTER.match(line.text) or line.text.endswith((".", ",", ";")) or not re.search(r"[^\W\d_]", line.text):
        return False
    if "|" in line.text or _CREDIT.search(line.text):  # photo credits, share widgets
        return False
    nxt = lines[i + 1] if i + 1 < end else None
    return nxt is not None and nxt.prose


def segment(text: str, page_title: str | None = None) -> Segmentation:
    """Find title, section, byline, date, site name and body lines in flattened text.

    ``page_title``: a known ``<title>`` (WET's first line, JSONL ``title``), used to
    confirm which line is the headline.
    """
    lines = _lines(text)
    seg = Segmentation(lines=lines)
    if not lines:
        return seg
    # WET puts the page's <title> on the first line; use it as a hint when none is given.
    from_first_line = False
    if page_title is None and len(lines) > 3 and title_line_shaped(lines[0]):
        # WET and whole-page dumps start with the <title>: a hint, matched against later lines.
        page_title = lines[0].text
        from_first_line = bool(split_site(page_title)[1]) or _plausible_headline(lines[0])
        lines[0].role = "page-title"
    anchor = None
    if page_title:  # the headline line the page title names anchors the article's start
        found = _title_from_page_title(page_title, [
            ln for ln in lines if ln.role != "page-title" and 1 <= ln.words <= 30])
        anchor = found.index if found is not None else None
    start, end = _best_run(lines, anchor)
    if end <= start:
        return seg
    if (lines[0].role == "page-title" and not split_site(page_title)[1] and lines[0].words <= 7
            and not _about(page_title, lines[start:end])):
        # a short first line without " | Site" that shares no word with the body is a site
        # name or a menu (resiliparse and "save as text" have no <title> line), not a title
        lines[0].role, page_title, from_first_line = "", None, False
    elif lines[0].role == "page-title" and not from_first_line and \
            _about(page_title, lines[start:end]):
        # a short headline about the body ("City Bridge Opens Soon"): without this it was
        # neither the title nor body text, and the page lost its first line
        from_first_line = True
    if page_title:
        seg.site_name = split_site(page_title)[1]
    # The title may sit inside the run when the body starts right after it.
    title = find_title(lines, start, page_title, end)
    if title is not None and _is_turn(title, lines):
        title = None  # "Newsweek: Did you see Turkish soldiers?" is a transcript's turn
    if title is None and from_first_line:
        title = lines[0]
        title.text = split_site(title.text)[0]
    if title is not None and title.index >= start:
        start = title.index + 1
    if title is not None:
        seg.title = title.text
        if lines[0].role == "page-title" and title is not lines[0]:
            above = lines[title.index - 1].text if title.index > 0 else None
            seg.title = kicker_variant(title.text, lines[0].text, above) or title.text
        title.role = "title"
        for line in lines[: start]:
            if _key(line.text) == _key(title.text):
                line.role = "title"
    # Metadata lines between the title (or page top) and the first prose line.
    head_from = title.index + 1 if title is not None else max(0, start - 6)
    first_prose = next((i for i in range(start, end) if lines[i].prose), start)
    for line in lines[max(0, head_from - 8): first_prose]:
        _tag_meta(line, seg)
    for line in lines[max(start, first_prose): first_prose + 3]:
        if not line.prose:
            _tag_meta(line, seg)
    if title is not None:
        seg.section = _find_section(lines, title.index)
    seg.site = _find_site(lines, end)
    for i in range(first_prose, end):
        line = lines[i]
        if line.role or line.boilerplate or _COUNTER.match(line.text):
            continue
        if line.prose:
            line.role = "body"
        elif _is_subheading(lines, i, end) and any(ln.role == "body" for ln in lines[first_prose:i]):
            line.role = "heading"
        elif line.words >= 5 and not line.bullet and not _BYLINE.match(line.text):
            line.role = "body"  # short paragraphs ("he added") inside the article
    seg.body = [ln for ln in lines[first_prose:end] if ln.role in ("body", "heading")]
    while seg.body and seg.body[-1].role == "heading":
        seg.body[-1].role = ""
        seg.body.pop()
    return seg


def _is_turn(line: Line, lines: list[Line]) -> bool:
    """Is ``line`` a turn of an interview printed as a transcript ("Newsweek: Did you see
    Turkish soldiers?")? Two of the lines around it open with a label too
    (:data:`~retold.ingest.textlines.TURN_LABEL`), and a label recurs among them (or "Q"
    and "A" are both there): turns come in runs. Such a line is headline-shaped (short, a
    colon, a question), and taken for the title it cut the intro and the first answers
    from the page. A headline's label recurring elsewhere on the page is no evidence
    ("Column: …", "Tennis Podcast: …" teasers; the plain-text benchmark lost right titles,
    fundus-testdata 0.814 -> 0.795)."""
    m = TURN_LABEL.match(line.text)
    if not m:
        return False
    near = [t.group("label") for ln in lines[max(0, line.index - 2):line.index + 3]
            if ln is not line and (t := TURN_LABEL.match(ln.text)) and _key(ln.text) != _key(line.text)]
    labels = near + [m.group("label")]
    return len(near) >= 2 and (len(set(labels)) < len(labels) or {"Q", "A"} <= set(labels))


def _tag_meta(line: Line, seg: Segmentation) -> None:
    if line.role:
        return
    authors = _authors(line.text)
    if authors and not seg.authors:
        seg.authors, line.role = authors, "byline"
        date = parse_date(line.text)
        if date and not seg.published:
            seg.published = date
        return
    if line.words <= 14 and not line.prose:
        date = parse_date(line.text)
        if date:
            line.role = "date"
            seg.published = seg.published or date
            return
    if _COUNTER.match(line.text):
        line.role = "counter"


def _find_section(lines: list[Line], title_index: int) -> str | None:
    """A 1-3 word label just above the title (skipping counters, repeats and dates)."""
    title_key = _key(lines[title_index].text)
    for line in reversed(lines[max(0, title_index - 6): title_index]):
        if _key(line.text) == title_key or _COUNTER.match(line.text) or line.role == "date":
            continue
        if (
            1 <= line.words <= 3
            and (line.blank_before or line.index == 0)
            and not line.boilerplate
            and not line.bullet
            and not line.text.endswith((".", ":", "?", "!"))
            and line.text[:1].isupper()
            and not parse_date(line.text)
            and not looks_like_domain(line.text)
        ):
            line.role = "section"
            return line.text
        return None
    return None


def _find_site(lines: list[Line], end: int) -> str | None:
    """A trailing site name: a domain-shaped line after the body or at the very end."""
    for line in lines[end: end + 8]:
        if line.words <= 5 and looks_like_domain(line.text.strip(" .©")):
            line.role = "site"
            return line.text.strip(" .©")
    return None


def parse_plaintext(
    text: str,
    url: str | None = None,
    path: str | None = None,
    *,
    title: str | None = None,
    outlet: str | None = None,
    published: str | None = None,
    source_format: str = "text",
    language: str | None = None,
    **meta: object,
) -> Article:
    """An :class:`Article` from flattened page text (see the module docstring).

    Keyword metadata known from the container (JSONL ``title``/``outlet``/``published``,
    WARC URL) wins over what the text suggests. Raises ``ValueError`` when no body is
    found, so callers can record a reject naming the input.
    """
    seg = segment(text, page_title=title)
    blocks = [Block(kind="heading" if ln.role == "heading" else "paragraph", text=ln.text) for ln in seg.body]
    if not any(b.kind == "paragraph" for b in blocks):
        where = path or url or "input"
        raise ValueError(f"no article body found in {where} ({len(seg.lines)} lines, none reads as prose)")
    body = "\n\n".join(b.text for b in blocks)
    domain = registrable_domain(url) or registrable_domain(outlet) or registrable_domain(seg.site)
    site_name = outlet if outlet and not registrable_domain(outlet) else (seg.site_name or seg.site)
    date, date_source = None, None
    if published:
        date, date_source = published, "input"
    elif seg.published:
        date, date_source = seg.published, "text"
    return Article(
        id=Article.make_id(body),
        text=body,
        blocks=blocks,
        url=url,
        outlet=domain,
        outlet_name=outlet_name(domain, site_name if isinstance(site_name, str) else None),
        title=title or seg.title,
        section=seg.section,
        authors=seg.authors,
        published=date,
        published_source=date_source,
        language=language or detect_language(body),
        source_format=source_format,
    )


MIN_LANGUAGE_PROBABILITY = 0.5
"""Below this (py3langid's normalised probability) the language is left unknown: a wire
brief of figures and abbreviations ("Qtly div 35 cts vs 35 cts prior") read as Nigerian
Pidgin at 0.37, an earnings table as "no linguistic content" at 0.10."""


def detect_language(text: str) -> str | None:
    """ISO 639-1 code from py3langid (offline), on the first 2000 characters; None when
    the text does not say (:data:`MIN_LANGUAGE_PROBABILITY`)."""
    if not text.strip():
        return None
    lang, prob = _identifier().classify(text[:2000])
    return lang if prob >= MIN_LANGUAGE_PROBABILITY else None


@functools.lru_cache(maxsize=1)
def _identifier():
    from pathlib import Path

    from py3langid import langid

    return langid.LanguageIdentifier.from_modelpath(Path(langid.MODEL_DIR) / langid.MODEL_FILE,
                                                   norm_probs=True)


