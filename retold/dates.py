"""Publication times as what they are: intervals, at the precision the source stated.

Why: "2024-02-14" is not midnight. A crawled page often gives only a day (a URL path, a
byline), next to pages that give the minute; read as a point, a day-only page looks
published before every same-day page, so lineage forbids it from copying them and makes
it their origin. On simulated syndication with half the dates cut to the day, reading
days as midnights took exact parents from 0.90 to 0.67 (``benchmarks/lineage.py
--precision``). And dates come in many spellings ("Mon, 05 Jan 2024 10:00:00 GMT" from
RSS and HTTP, "January 5, 2024" from bylines, epoch seconds from APIs); one not read is a
page with no date at all.

:func:`parse` reads a value into a :class:`When` — the earliest and latest instants it
allows, naive UTC — and its precision (``year``, ``month``, ``day``, ``minute``,
``second``). A stated time zone is applied; a time without one is taken as UTC, and a
bare day is that calendar day (the publisher's zone is unknown; a few hours either side
of midnight is the error this leaves). :func:`to_iso` writes a value back as ISO 8601 at
its own precision, in UTC, so stored strings sort in time order. :func:`upper_bound`
makes the ``When`` of a crawl time: the page existed then, published at any time before.
"""
from __future__ import annotations

import datetime as dt
import email.utils
import math
import re
import warnings
from dataclasses import dataclass
from typing import Any

PRECISIONS = ("year", "month", "day", "minute", "second")
EPOCH_RANGE = (0, 4102444800)  # 1970 .. 2100: a bare number is epoch seconds (or ms)
_PARTIAL_ISO = re.compile(r"(\d{4})(?:-(\d\d))?$")
_COMPACT_DAY = re.compile(r"(\d{4})(\d\d)(\d\d)$")
_SLASH_DAY = re.compile(r"(\d{4})[/.](\d{1,2})[/.](\d{1,2})$")
_OFFSET_NO_COLON = re.compile(r"([+-]\d\d)(\d\d)$")
_RFC_ZONES = {"UT", "UTC", "GMT", "Z", "AST", "ADT", "EST", "EDT", "CST", "CDT", "MST", "MDT",
              "PST", "PDT"}  # the names email.utils reads
# zone abbreviations news sites print; dateutil knows none of them without help
_ZONES = {name: hours * 3600 for name, hours in {
    "UTC": 0, "GMT": 0, "Z": 0, "BST": 1, "CET": 1, "CEST": 2, "EET": 2, "EEST": 3,
    "MSK": 3, "IST": 5.5, "SGT": 8, "HKT": 8, "JST": 9, "KST": 9, "AEST": 10, "AEDT": 11,
    "NZST": 12, "NZDT": 13, "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7,
    "MDT": -6, "PST": -8, "PDT": -7, "AKST": -9, "AKDT": -8, "HST": -10}.items()}


@dataclass(frozen=True)
class When:
    """``[earliest, latest]`` in naive UTC; ``earliest`` is None for an upper bound only."""

    earliest: dt.datetime | None
    latest: dt.datetime
    precision: str = "second"

    @property
    def key(self) -> dt.datetime:
        """A point to sort by: the middle of the interval (a day sorts at its noon, so it
        neither precedes nor follows every same-day time), the bound for a bound."""
        if self.earliest is None:
            return self.latest
        return self.earliest + (self.latest - self.earliest) / 2

    def may_precede(self, other: When) -> bool:
        """Could this have been published no later than ``other``?"""
        return self.earliest is None or self.earliest <= other.latest

    def surely_precedes(self, other: When) -> bool:
        """Published strictly before ``other``, whatever the true instants inside both."""
        return other.earliest is not None and self.latest < other.earliest


def _utc(t: dt.datetime) -> dt.datetime:
    if t.tzinfo is not None:
        t = t.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return t


def _span(start: dt.datetime, precision: str) -> When:
    if precision == "year":
        end = start.replace(year=start.year + 1)
    elif precision == "month":
        end = (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    elif precision == "day":
        end = start + dt.timedelta(days=1)
    elif precision == "minute":
        end = start + dt.timedelta(minutes=1)
    else:
        return When(start, start, "second")
    return When(start, end - dt.timedelta(microseconds=1), precision)


def _time_precision(text: str) -> str:
    """``second`` when seconds are written (or fractions), else ``minute``."""
    return "second" if re.search(r"\d:\d\d:\d\d", text) else "minute"


def from_iso(text: str) -> dt.datetime | None:
    """``datetime.fromisoformat`` for the ISO forms pages write: a space for the "T", an
    offset without its colon ("+0100"), "Z". The offset is kept; None: not ISO."""
    iso = text.replace(" ", "T", 1) if re.match(r"\d{4}-\d\d-\d\d \d", text) else text
    iso = _OFFSET_NO_COLON.sub(r"\1:\2", iso) if "T" in iso else iso
    try:
        return dt.datetime.fromisoformat(iso.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        return None


def _iso(text: str) -> When | None:
    m = _PARTIAL_ISO.match(text)
    if m:
        year, month = int(m[1]), int(m[2]) if m[2] else None
        if month is not None and not 1 <= month <= 12:
            return None
        return _span(dt.datetime(year, month or 1, 1), "month" if month else "year")
    for pattern in (_COMPACT_DAY, _SLASH_DAY):
        m = pattern.match(text)
        if m:
            try:
                return _span(dt.datetime(int(m[1]), int(m[2]), int(m[3])), "day")
            except ValueError:
                return None
    t = from_iso(text)
    if t is None:
        return None
    if re.fullmatch(r"\d{4}-\d\d-\d\d", text):
        return _span(t, "day")
    return _span(_utc(t), _time_precision(text))


def _rfc2822(text: str) -> When | None:
    if not re.match(r"(?:[A-Za-z]{3},\s*)?\d{1,2}\s+[A-Za-z]{3}\s+\d{4}\s+\d", text):
        return None
    zone = re.search(r"([A-Za-z]+)\s*$", text)
    if zone and zone[1].upper() not in _RFC_ZONES:
        return None  # a zone email.utils would read as UTC: dateutil knows more
    try:
        t = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    return _span(_utc(t), _time_precision(text)) if t else None


def _dateutil(text: str) -> When | None:
    """The human forms ("January 5, 2024", "5 Jan 2024 10:00 EST"). The precision is what
    was written: parsed against two different defaults, a field that changes with the
    default was not in the text."""
    from dateutil import parser

    if not re.search(r"\d{4}", text):
        return None  # "5 Jan" or "10:00" alone: not a publication date
    lo_default = dt.datetime(2000, 1, 1, 0, 0, 0)
    hi_default = dt.datetime(2000, 12, 28, 23, 59, 59)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            dayfirst = bool(re.match(r"\d{1,2}\.\d{1,2}\.\d{4}", text))  # 05.01.2024
            lo = parser.parse(text, default=lo_default, tzinfos=_ZONES, dayfirst=dayfirst)
            hi = parser.parse(text, default=hi_default, tzinfos=_ZONES, dayfirst=dayfirst)
    except (ValueError, OverflowError, TypeError):
        return None
    if lo.month != hi.month:
        precision = "year"
    elif lo.day != hi.day:
        precision = "month"
    elif lo.hour != hi.hour:
        precision = "day"
    elif lo.second != hi.second:
        precision = "minute"
    else:
        precision = "second"
    if precision in ("year", "month", "day"):
        return _span(lo.replace(tzinfo=None, hour=0, minute=0, second=0, microsecond=0),
                     precision)
    return _span(_utc(lo), precision)


def parse(value: Any) -> When | None:
    """A publication time (string, ``datetime``, ``date`` or epoch number) as a
    :class:`When`; None when absent or unreadable (that page is simply undated)."""
    if value is None or value == "":
        return None
    if isinstance(value, When):
        return value
    if isinstance(value, dt.datetime):
        return _span(_utc(value), "second")
    if isinstance(value, dt.date):
        return _span(dt.datetime(value.year, value.month, value.day), "day")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if not math.isfinite(value):  # JSON's Infinity and NaN: no time at all
            return None
        value = str(int(value))
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text or len(text) > 64:
        return None
    if re.fullmatch(r"\d{9,10}|\d{12,13}", text):  # epoch seconds, or milliseconds
        stamp = int(text) // 1000 if len(text) > 10 else int(text)
        if EPOCH_RANGE[0] <= stamp <= EPOCH_RANGE[1]:
            return _span(dt.datetime.fromtimestamp(stamp, dt.timezone.utc).replace(tzinfo=None),
                         "second")
        return None
    return _iso(text) or _rfc2822(text) or _dateutil(text)


def point(value: Any) -> dt.datetime | None:
    """The naive-UTC instant to sort or plot ``value`` by (:attr:`When.key`); None when
    undated."""
    w = parse(value)
    return w.key if w else None


def order_key(value: Any) -> tuple[bool, dt.datetime]:
    """Sort key for "earliest first", undated last: ISO strings with different offsets
    or precisions ("2024-01-05" vs "2024-01-05T09:00:00+01:00") do not sort as text."""
    t = point(value)
    return (False, t) if t else (True, dt.datetime.max)


def upper_bound(value: Any) -> When | None:
    """A time the page is known to have existed by (a crawl's WARC-Date): published at or
    before it, no earlier limit."""
    w = parse(value)
    return When(None, w.latest, w.precision) if w else None


def to_iso(value: Any) -> str | None:
    """``value`` as ISO 8601 at its own precision, in UTC ("2024-01-05",
    "2024-01-05T09:00:00+00:00", "2024-01"); None when unreadable."""
    w = parse(value)
    if w is None or w.earliest is None:
        return None
    t = w.earliest
    if w.precision == "year":
        return f"{t.year:04d}"
    if w.precision == "month":
        return f"{t.year:04d}-{t.month:02d}"
    if w.precision == "day":
        return t.date().isoformat()
    if w.precision == "minute":
        return t.strftime("%Y-%m-%dT%H:%M") + "+00:00"
    return t.isoformat() + "+00:00"


_URL_DATE = re.compile(r"/((?:19|20)\d{2})[/\-_]?(0[1-9]|1[0-2])[/\-_]?(0[1-9]|[12]\d|3[01])"
                       r"(?=[/\-_.]|$)")


def from_url(url: str | None) -> str | None:
    """The day a news URL's path gives ("/2024/02/14/", "/20240214-"), ISO 8601; None
    when it gives none or an impossible one. A day, not an instant: see :func:`parse`."""
    m = _URL_DATE.search(url) if url else None
    if not m:
        return None
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3])).isoformat()
    except ValueError:
        return None
