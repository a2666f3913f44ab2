"""Lines of flattened page text and the small facts read off them: words, bylines, dates.

Shared by :mod:`retold.ingest.plaintext` (which finds the body) and
:mod:`retold.ingest.headline` (which finds the title), so neither imports the other's rules.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

__all__ = ["Line", "clean_line", "parse_date"]

_SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_ZERO_WIDTH = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]")
_WORD = re.compile(r"\w+")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_BULLET = re.compile(r"^\s*(?:[•·▪●◦‣∙*+–-]|\d{1,2}[.)])\s+")
_SENTENCE_END = re.compile(r"[.!?…。！？:;]['\"”’»)\]]*$")
_SENTENCE_INSIDE = re.compile(r"\w[.!?。！？]['\"”’»)]*\s+['\"“‘«(]?[A-Z0-9\u00c0-\u024f]|[。！？]")
TURN_LABEL = re.compile(
    r"(?P<label>[A-Z][A-Za-z.'’\-]*(?: (?:&|[A-Z][A-Za-z.'’\-]*)){0,3}):"
    r"(?:[ \t]+|[ \t]*\n[ \t]*)(?=\S)")
"""A paragraph opened by a speaker's label, as interviews printed as transcripts are
("Q: …", "NEWSWEEK: …", "Sherko Omer: …", "Food & Wine: …"), the label also on a line
of its own over its words ("NEWSWEEK:\nWhat did you see?"): plain-text ingest keeps
such a line from being the headline, the statements stage reads the turns."""
_COUNTER = re.compile(r"^[\d\s.,:/|()+-]*\d[\d\s.,:/|()+-]*[kKmM]?$")
_BYLINE = re.compile(
    r"^(?:(?:written|reported|posted|words|text|story)\s+)?(?:by|von|por|par|door|di|da|av|af)"
    r"\s*[:\-]?\s+(?P<names>[^\d,;|]{2,}(?:(?:,|\band\b|&|\bund\b|\by\b|\bet\b)[^\d,;|]{2,})*)",
    re.I,
)


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


def clean_line(text: str) -> str:
    """NFC, no zero-width characters, every run of (non-breaking) spaces one space."""
    text = _ZERO_WIDTH.sub("", unicodedata.normalize("NFC", text))
    return _SPACES.sub(" ", text).strip()


def _word_count(text: str) -> int:
    return max(len(_WORD.findall(text)), len(_CJK.findall(text)) // 2)


def _key(text: str) -> str:
    return " ".join(_WORD.findall(text.casefold()))


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
        try:  # a day the calendar lacks ("February 30") is no date
            iso = dt.date(year, month, day).isoformat()
        except ValueError:
            continue
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
