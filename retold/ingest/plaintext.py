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
* **Titles sit just above the body and are not sentences.** The line that *is* the page's
  ``<title>`` (the first line of WET records and whole-page dumps, minus " | Site"; the
  closest fit, so a "Home News <headline>" breadcrumb loses) wins. Otherwise headline-shaped
  lines near the body are scored: length prior, closeness to the body, a byline or date
  right after, a copy printed elsewhere on the page, words shared with the ``<title>`` and
  with the lead paragraphs; photo credits, dates, widgets and sentences lose. The best one
  replaces the ``<title>`` line when it is that title's on-page form (most words shared) or
  strong on its own (an SEO ``<title>`` is often worded differently from the headline);
  else the ``<title>`` line minus its site name is the title.
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

import re
import unicodedata
from dataclasses import dataclass, field

from retold.ingest.outlet import looks_like_domain, outlet_name, registrable_domain
from retold.records import Article, Block

__all__ = ["parse_plaintext", "segment", "find_title", "split_site", "Line", "Segmentation",
           "parse_date", "clean_line", "detect_language"]

_SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_ZERO_WIDTH = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]")
_WORD = re.compile(r"\w+")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_BULLET = re.compile(r"^\s*(?:[•·▪●◦‣∙*+–-]|\d{1,2}[.)])\s+")
_SENTENCE_END = re.compile(r"[.!?…。！？:;]['\"”’»)\]]*$")
_SENTENCE_INSIDE = re.compile(r"\w[.!?。！？]['\"”’»)]*\s+['\"“‘«(]?[A-Z0-9\u00c0-\u024f]|[。！？]")
_COUNTER = re.compile(r"^[\d\s.,:/|()+-]*\d[\d\s.,:/|()+-]*[kKmM]?$")
_BYLINE = re.compile(
    r"^(?:(?:written|reported|posted|words|text|story)\s+)?(?:by|von|por|par|door|di|da|av|af)"
    r"\s*[:\-]?\s+(?P<names>[^\d,;|]{2,}(?:(?:,|\band\b|&|\bund\b|\by\b|\bet\b)[^\d,;|]{2,})*)",
    re.I,
)
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


_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [
            ("jan", "january", "januar", "janvier", "enero"),
            ("feb", "february", "februar", "février", "febrero"),
            ("mar", "march", "märz", "mars", "marzo"),
            ("apr", "april", "avril", "abril"),
            ("may", "mai", "mayo"),
            ("jun", "june", "juni", "juin", "junio"),
            ("jul", "july", "juli", "juillet", "julio"),
            ("aug", "august", "août", "agosto"),
            ("sep", "sept", "september", "septembre", "septiembre"),
            ("oct", "october", "oktober", "octobre", "octubre"),
            ("nov", "november", "novembre", "noviembre"),
            ("dec", "december", "dezember", "décembre", "diciembre"),
        ]
    )
    for m in names
}
_MONTH_RE = "|".join(sorted((re.escape(m) for m in _MONTHS), key=len, reverse=True))
_TIME = r"(?:[,\s]+(?:at\s+)?(?P<hh>\d{1,2})[:.h](?P<mi>\d{2})(?:\s*(?P<ampm>[ap]\.?m\.?))?)?"
_DATE_PATTERNS = (
    re.compile(r"(?P<y>(?:19|20)\d{2})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?:[T ](?P<hh>\d{2}):(?P<mi>\d{2}))?"),
    re.compile(rf"\b(?P<mon>{_MONTH_RE})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>(?:19|20)\d{{2}}){_TIME}", re.I),
    re.compile(rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\.?\s+(?:of\s+)?(?P<mon>{_MONTH_RE})\.?,?\s+(?P<y>(?:19|20)\d{{2}}){_TIME}", re.I),
    re.compile(rf"\b(?P<d>\d{{1,2}})[./](?P<m>\d{{1,2}})[./](?P<y>(?:19|20)\d{{2}}){_TIME}"),
    re.compile(rf"\b(?P<d>\d{{1,2}})-(?P<mon>{_MONTH_RE})-(?P<y>(?:19|20)\d{{2}})(?:\s+(?P<hh>\d{{1,2}}):(?P<mi>\d{{2}}))?", re.I),
)
_GLUED_DOMAIN = re.compile(r"(?<=[.!?…\"”’)])\s*(?P<site>(?:www\.)?[A-Z][\w-]*(?:\.[\w-]+)+)$")
_SITE_SEP = re.compile(r"\s+(\||::|–|—|-|•|·)\s+")


def split_site(title: str) -> tuple[str, str | None]:
    """"Headline | Site" -> ("Headline", "Site"); the title unchanged when no site part.

    The last separated part is a site name when it is short and name-like: after " | " or
    " :: " any short part no longer than the headline before it (so "Opinion | Republicans
    Are Following Trump to Nowhere" is a section label and a headline, not a headline and
    a site); after a dash only capitalised words, a domain or "Name, tagline", so that
    "Bed - then 'asked to meet her sister'" keeps its second half. A chain of short
    capitalised parts ("Headline | Autoracing | F1 | Indy | MotoGP") is cut back to the
    headline; the site is the last part.
    """
    head, site = _split_last(title)
    if site is None:
        return title, None
    while True:
        shorter, part = _split_last(head)
        if part is None or len(part.split()) > 3 or not _name_like(part.split()):
            return head, site
        head = shorter


def _name_like(words: list[str]) -> bool:
    return all(w[:1].isupper() or w[:1].isdigit() for w in words) or (
        words[0][:1].isupper() and words[0].endswith(","))  # "Wikipedia, la enciclopedia libre"


def _split_last(title: str) -> tuple[str, str | None]:
    """One step of :func:`split_site`: the title minus its last part when that is a site."""
    parts = _SITE_SEP.split(title)
    if len(parts) < 3:
        return title, None
    sep, site = parts[-2], parts[-1].strip()
    head = title[: len(title) - len(site)].rstrip()
    head = head[: len(head) - len(sep)].rstrip()
    words = site.split()
    if not head or not words or len(words) > 6 or len(site) > 50:
        return title, None
    name_like = _name_like(words)
    if sep not in ("|", "::") and not (looks_like_domain(site) or name_like):
        return title, None
    if sep in ("|", "::") and not name_like and len(words) > len(head.split()):
        return title, None
    return head, site


@dataclass
class Line:
    """One block the crawler emitted, with the features the rules look at."""

    text: str
    index: int
    blank_before: bool = False
    indented: bool = False
    bullet: bool = False
    words: int = 0
    prose: bool = False
    boilerplate: bool = False
    stop: bool = False  # an end-of-article marker (comments, related links)
    wall: bool = False  # a comment-section header: the article never runs past it
    role: str = ""  # body | heading | title | section | counter | byline | date | site | ""


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


def clean_line(text: str) -> str:
    """NFC, no zero-width characters, every run of (non-breaking) spaces one space."""
    text = _ZERO_WIDTH.sub("", unicodedata.normalize("NFC", text))
    return _SPACES.sub(" ", text).strip()


def _word_count(text: str) -> int:
    return max(len(_WORD.findall(text)), len(_CJK.findall(text)) // 2)


def _key(text: str) -> str:
    return " ".join(_WORD.findall(text.casefold()))


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
    """
    out = []
    for raw in raw_lines:
        m = _GLUED_DOMAIN.search(raw.rstrip())
        if m and m.start() > 0 and looks_like_domain(m.group("site")):
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


def parse_date(text: str) -> str | None:
    """First date in ``text`` as ISO 8601 ("2015-03-10" or "2015-03-10T14:05"), or None."""
    for pattern in _DATE_PATTERNS:
        m = pattern.search(text)
        if not m:
            continue
        g = m.groupdict()
        try:
            year = int(g["y"])
            month = _MONTHS[g["mon"].lower().rstrip(".")] if g.get("mon") else int(g["m"])
            day = int(g["d"])
        except (KeyError, ValueError):
            continue
        if not (1 <= month <= 12 and 1 <= day <= 31):
            continue
        iso = f"{year:04d}-{month:02d}-{day:02d}"
        if g.get("hh") and g.get("mi"):
            hour = int(g["hh"])
            ampm = (g.get("ampm") or "").lower().replace(".", "")
            if ampm == "pm" and hour < 12:
                hour += 12
            elif ampm == "am" and hour == 12:
                hour = 0
            if hour < 24 and int(g["mi"]) < 60:
                iso += f"T{hour:02d}:{int(g['mi']):02d}"
        return iso
    return None


def _authors(text: str) -> list[str]:
    m = _BYLINE.match(text)
    if not m or _word_count(text) > 14:
        return []
    names = re.split(r"\s*(?:,|\band\b|&|\bund\b|\bet\b|\by\b)\s*", m.group("names"))
    out = []
    for name in names:
        name = re.sub(r"\s+(?:for|in|at|in|on|published|updated)\b.*$", "", name, flags=re.I).strip(" .|-–")
        if name and 1 <= len(name.split()) <= 5 and name[0].isupper():
            out.append(name if not name.isupper() else name.title())
    return out


_URL = re.compile(r"^\S*(?:https?://|www\.)\S+$")


def _headline_shaped(line: Line) -> bool:
    return (
        2 <= line.words <= 30
        and not line.boilerplate
        and not line.bullet
        and not _COUNTER.match(line.text)
        and not (line.text.endswith(".") and not line.text.endswith("..."))
        and not _BYLINE.match(line.text)
        and not looks_like_domain(line.text)
        and not _URL.search(line.text)
    )


def _title_from_page_title(page_title: str, candidates: list[Line]) -> Line | None:
    """The candidate that best matches the ``<title>`` (``Headline | Site``).

    A match covers most of the candidate's words *and* most of the page title's headline
    words; among matches the longest wins (a kicker line "Business" is not the title).
    """
    title_words = set(_key(split_site(page_title)[0]).split()) or set(_key(page_title).split())
    if not title_words:
        return None
    best, best_score = None, 0.0
    for line in candidates:
        words = set(_key(line.text).split())
        if len(words) < min(2, len(title_words)):
            continue
        shared = len(words & title_words)
        precision, recall = shared / len(words), shared / len(title_words)
        if precision < 0.75 or recall < 0.6:
            continue
        if line.prose and min(precision, recall) < 0.9:
            continue  # a sentence (lede, caption) only when it *is* the page title
        score = 2 * precision * recall / (precision + recall)
        if score > best_score + 1e-9:
            best, best_score = line, score
    return best


_CREDIT = re.compile(r"(?:\s/\s|\bphoto\b|\bfoto\b|©|\bgetty\b|\breuters\b|\bap\b|\bafp\b|"
                     r"\bimages?\b|\bshare\b|\bteilen\b|\bnewsletter\b|»|›|>|https?:|www\.|"
                     r"\bfacebook\b|\btwitter\b|\blinkedin\b|\bwhatsapp\b|\bicon\b|\blogo\b|"
                     r"\bskip\b|\bjump\b|\bwelcome\b|\bmenu\b|\bsearch\b|\bcookies?\b|\bphotograph\b|"
                     r"\billustration\b|\bcredit\b|\bemail address\b|\bsubscribe\b|\bsign (?:in|up)\b|"
                     r"\bbild(?:rechte)?:|^\(.*\)$|^(?:audio|video|podcast|gallery|galerie|bilderstrecke|"
                     r"fotostrecke)\s*:)", re.I)
# Menus that a flattener glued into one line: "StartseiteFormel 1Motorrad GPDTMFormel E".
_GLUED_WORDS = re.compile(r"[a-zß-öø-ÿ0-9][A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]")


def _plausible_headline(line: Line) -> bool:
    """A first line that can be a ``<title>`` even without " | Site": headline-shaped,
    no widget words or links, not a sentence."""
    return (_headline_shaped(line) and 5 <= line.words <= 30 and not _CREDIT.search(line.text)
            and not _SENTENCE_INSIDE.search(line.text) and not line.text[:1].islower())


def find_title(lines: list[Line], body_start: int, page_title: str | None = None,
               body_end: int | None = None) -> Line | None:
    """The title line (see the module docstring); None when the caller should use the
    ``<title>`` line itself (minus its site name) or nothing is headline-shaped.

    Order of evidence: the line that *is* the known page title (word-set match, the
    closest-fitting one, so "Home News <headline>" breadcrumbs lose to the headline); then
    the best-scoring headline candidate near the body (:func:`_score_title_candidates`),
    which replaces a ``<title>`` first line only when it is that title's on-page form
    (shares most of its words) or is a strong headline on its own (followed by a byline
    or date, close to the body, printed elsewhere on the page, echoed by the lead).
    ``body_end``: end of the body run; a title inside the run leaves at least one line of it.
    """
    inside = min(len(lines), body_start + 8, body_end - 1 if body_end is not None else len(lines))
    counts: dict[str, int] = {}
    for line in lines[: body_start + 3]:
        counts[_key(line.text)] = counts.get(_key(line.text), 0) + 1
    if page_title:
        near = lines[max(0, body_start - 40): min(body_start + 2, inside)]
        found = _title_from_page_title(page_title, [
            ln for ln in near if ln.role != "page-title" and not ln.boilerplate and not ln.bullet
            and 1 <= ln.words <= 30])
        if found is not None:
            return found
    ref_words = _content_words(split_site(page_title)[0]) if page_title else set()
    scored = _score_title_candidates(lines, body_start, counts, ref_words, inside)
    if not scored:
        return None
    score, best, sim = scored[0]
    page_line = lines[0] if lines[0].role == "page-title" else None
    if page_line is not None and (split_site(page_line.text)[1] or _plausible_headline(page_line)):
        # the <title> line stands unless a headline near the body is its on-page form or
        # is clearly the headline by its own evidence (SEO titles differ from headlines)
        return best if sim >= _TITLE_SIM or score >= _TITLE_STRONG else None
    return best if score > 0 else None


# find_title: a candidate sharing this much (F1 of content words) with the <title> line is its
# on-page form; a candidate scoring this much is the headline whatever the <title> says.
_TITLE_SIM, _TITLE_STRONG = 0.5, 14.0


def _content_words(text: str) -> set[str]:
    """Words that carry meaning (four letters or more, or numbers), casefolded."""
    return {w for w in _key(text).split() if len(w) >= 4 or w.isdigit()}


def _overlap(a: set[str], b: set[str]) -> float:
    """F1 of two word sets (0 when either is empty)."""
    shared = len(a & b)
    if not shared:
        return 0.0
    p, r = shared / len(a), shared / len(b)
    return 2 * p * r / (p + r)


# Timestamps without a full date ("Updated Nov 19, 6:55 AM", "5:11pm", "20 mins ago") and
# author labels ("Author:", "By", "Author of the article:") that print the name on the next line.
_TIMESTAMP = re.compile(
    r"^(?:(?:last\s+)?updated|posted|published|publiziert|aktualisiert|veröffentlicht|publié|"
    r"mis à jour|publicado|actualizado|pubblicato|aggiornato)\b.*\d|"
    r"\b\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?|uhr|h)(?:\W|$)|^\d{1,2}:\d{2}$|"
    r"\b\d+\s+(?:sec(?:ond)?s?|min(?:ute)?s?|hours?|hrs?|days?|weeks?)\s+ago\b", re.I)
_AUTHOR_LABEL = re.compile(r"^(?:by|von|por|par|door|di|av|af|authors?|autor(?:in|en)?|auteur|"
                           r"author of the article|written by|words)\s*:?$", re.I)


def _is_meta(line: Line, previous: Line | None = None) -> bool:
    """A byline, a date or timestamp line, or a name under an "Author:" label: what follows
    a headline on article pages (and is never the headline itself)."""
    if line.words > 16:
        return False
    return bool(_BYLINE.match(line.text) or _AUTHOR_LABEL.match(line.text)
                or (previous is not None and _AUTHOR_LABEL.match(previous.text) and line.words <= 6)
                or (line.words <= 12 and _TIMESTAMP.search(line.text))
                or parse_date(line.text) is not None)


def _score_title_candidates(lines: list[Line], body_start: int, counts: dict[str, int],
                            ref_words: set[str], hi: int) -> list[tuple[float, Line, float]]:
    """(score, line, similarity to the page title) for headline-shaped lines near the body,
    best first.

    Candidates: the 40 lines above the body run and its first lines before ``hi`` (until 80
    words of prose: a caption or a standfirst can open the run before the headline); a sentence
    inside the run only when short and not ending in a full stop ("Is X worth it?").
    Score: a length prior (headlines run 4-20 words) minus widget, credit, date and
    sentence shapes; minus distance to the body (counting no bylines, dates or widgets);
    plus a byline/date within the next four lines, a copy printed elsewhere on the page
    (not the adjacent alt-text/caption pair), the overlap with the ``<title>`` words and the
    share of its words that the first paragraphs repeat.
    """
    lo = max(0, body_start - 40)
    meta = {i: _is_meta(lines[i], lines[i - 1] if i else None) for i in range(lo, min(len(lines), hi + 4))}
    names = {name for i in meta for name in _authors(lines[i].text) if len(name.split()) >= 2}
    for i in meta:  # "Jane Doe, business reporter" next to "By Jane Doe" is a byline too
        if not meta[i] and lines[i].words <= 8 and any(name in lines[i].text for name in names):
            meta[i] = True
    lead_words: set[str] = set()
    lead = [ln for ln in lines[body_start: body_start + 12] if ln.prose][:2]
    for line in lead:
        lead_words |= _content_words(line.text)
    out = []
    inside_words = 0
    for i in range(lo, hi):
        line = lines[i]
        if i >= body_start:
            inside_words += line.words if line.prose else 0
            if inside_words > 80:
                break
        if line.role == "page-title" or not _headline_shaped(line) or meta[i]:
            continue
        if i >= body_start and line.prose and (line.words > 20 or line.text.endswith(".")):
            continue
        words = _content_words(line.text)
        w = line.words
        score = min(w, 12) - max(0, w - 22) * 0.7
        if w < 4:
            score -= 6
        if _CREDIT.search(line.text) or len(_GLUED_WORDS.findall(line.text)) >= 3:
            score -= 10
        if line.text.endswith(":") or parse_date(line.text):
            score -= 8
        if _SENTENCE_INSIDE.search(line.text):
            score -= 4
        if line.text[:1].islower():
            score -= 3
        distance = sum(1 for j in range(i + 1, body_start)
                       if not (meta[j] or lines[j].boilerplate or lines[j].role))
        score -= 0.4 * min(distance, 30)
        if i >= body_start:
            score -= 4
        meta_below = any(meta.get(j) for j in range(i + 1, i + 5))
        if meta_below:
            score += 8 + (_META_NEXT if i + 1 < len(lines) and _authors(lines[i + 1].text) else 0.0)
        above = _above(lines, i, lo)
        if above is not None and not meta[above.index] and _headline_above(above):
            score -= _DEK  # the standfirst printed under the headline
        key = _key(line.text)
        if _breadcrumb_of(line, lines[max(lo, i - 3): i + 4]):
            score -= _CRUMB
        if 2 <= counts.get(key, 0) <= 4 and w >= 4 and any(
                _key(ln.text) == key for ln in lines[: max(0, i - 2)] + lines[i + 3: body_start + 3]):
            score += 6
        sim = _overlap(words, ref_words) if ref_words else 0.0
        score += 16 * sim
        if lead_words and words:
            score += 4 * len(words & lead_words) / len(words)
        if line.blank_before:
            score += 1
        out.append((score, line, sim))
    out.sort(key=lambda t: -t[0])
    return out


def _breadcrumb_of(line: Line, nearby: list[Line]) -> bool:
    """True when ``line`` ends with another nearby headline of four words or more, as
    printed (same case), after a space or glued onto a lower-case letter: a breadcrumb
    trail ("Home News Business <headline>", "HomeLatest News<headline>") next to the
    headline itself. "MSV-Interimstrainer ..." (hyphen) or "Die Schweiz ist ein ..." (case)
    are headlines, not trails."""
    text = line.text
    for other in nearby:
        if other is line or other.words < 4 or other.words >= line.words:
            continue
        tail = other.text
        if text.endswith(tail) and len(text) > len(tail):
            before = text[-len(tail) - 1]
            if before.isspace() or (before.islower() and tail[:1].isupper()):
                return True
    return False


# _score_title_candidates: a line under another headline-shaped line is its standfirst (dek);
# a trail ending in the headline is a breadcrumb; a byline on the very next line is the
# strongest sign of a headline.
_DEK, _CRUMB, _META_NEXT = 7.0, 12.0, 4.0


_ENGAGEMENT = re.compile(r"\b\d+[\d.,]*[kKmM]?\s+(?:comments?|shares?|views?|reads?|likes?|letture|"
                         r"kommentare|commentaires|comentarios)\b", re.I)


def _above(lines: list[Line], i: int, lo: int) -> Line | None:
    """The line above ``lines[i]``, skipping copies of it (alt text, a repeated caption),
    counters and engagement counts ("New, 15 comments"); None above ``lo``."""
    key = _key(lines[i].text)
    j = i - 1
    while j >= lo and (_key(lines[j].text) == key or _COUNTER.match(lines[j].text)
                       or (lines[j].words <= 4 and _ENGAGEMENT.search(lines[j].text))):
        j -= 1
    return lines[j] if j >= lo else None


def _headline_above(line: Line) -> bool:
    """A headline-shaped line of five words or more, not a credit or a date: what a
    standfirst sits under (a one-to-four word kicker or section label does not count)."""
    return (_headline_shaped(line) and line.words >= 5 and not _CREDIT.search(line.text)
            and not parse_date(line.text))


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
    if page_title is None and len(lines) > 3 and _headline_shaped(lines[0]) and lines[0].words >= 3:
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
    if page_title:
        seg.site_name = split_site(page_title)[1]
    # The title may sit inside the run when the body starts right after it.
    title = find_title(lines, start, page_title, end)
    if title is None and from_first_line:
        title = lines[0]
        title.text = split_site(title.text)[0]
    if title is not None and title.index >= start:
        start = title.index + 1
    if title is not None:
        seg.title = title.text
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


def _about(page_title: str, body: list[Line]) -> bool:
    """True when the page title shares a content word (or, in CJK, a character pair) with the
    body's first 30 paragraphs: a real ``<title>`` names what the article is about."""
    lead = [ln for ln in body if ln.prose][:30]
    words: set[str] = set()
    for line in lead:
        words |= _content_words(line.text) | _cjk_pairs(line.text)
    head = split_site(page_title)[0]
    return bool((_content_words(head) | _cjk_pairs(head)) & words)


def _cjk_pairs(text: str) -> set[str]:
    """Adjacent CJK character pairs: the "words" of scripts written without spaces."""
    chars = [c if _CJK.match(c) else " " for c in text]
    return {a + b for a, b in zip(chars, chars[1:]) if a != " " and b != " "}


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


def detect_language(text: str) -> str | None:
    """ISO 639-1 code from py3langid (offline), on the first 2000 characters."""
    if not text.strip():
        return None
    import py3langid

    lang, _ = py3langid.classify(text[:2000])
    return lang



