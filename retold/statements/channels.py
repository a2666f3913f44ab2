"""Channels: who a statement was given to, or what it was relayed through.

"told Newsweek", "Speaking to Newsweek", "in an interview with CNN", "said in a statement
to Reuters", "wrote on X", "told reporters", "said in a statement". The channel is what
later lets retold name an origin outside the corpus ("Newsweek"), so it is kept as a
name plus the span of the whole phrase.

Scope (decided, see docs/speakers_channels_hedges.md): a channel is attached only where
the text says so, i.e. the phrase is in the sentence of the statement's cue (or of its
source, or of its first content fragment when it has no cue) and outside every direct
quotation. A later "Omer said" does not inherit "told Newsweek" from an earlier sentence:
the lineage stage reads the outlet off the statement that names it, and inherited
channels would make "channel_dropped" fire on every follow-on quote. Pass
``inherit=True`` to copy an outlet/interview channel to the same speaker's later
statements (the copy keeps the original phrase's span, so it is recognisable).

Kinds: ``outlet`` (a news organisation), ``platform`` (social media), ``document`` (a
statement, release, letter, filing), ``interview`` (an interview with no outlet named),
``other`` (an audience or venue: reporters, a rally, a committee, a named person).
Computing matches (:func:`find_channels`) is kept apart from writing them onto
statements (:func:`attach_channels`), as spaCy's span_ruler does.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from retold.outlets import is_known
from retold.records import Channel, Statement

PLATFORMS = {
    "twitter": "Twitter", "x": "X", "facebook": "Facebook", "instagram": "Instagram",
    "youtube": "YouTube", "tiktok": "TikTok", "linkedin": "LinkedIn", "reddit": "Reddit",
    "telegram": "Telegram", "weibo": "Weibo", "threads": "Threads", "snapchat": "Snapchat",
    "truth social": "Truth Social", "medium": "Medium", "substack": "Substack",
    "periscope": "Periscope", "whatsapp": "WhatsApp", "bluesky": "Bluesky",
    "mastodon": "Mastodon", "discord": "Discord", "twitch": "Twitch", "rumble": "Rumble",
    "wechat": "WeChat", "vk": "VK", "quora": "Quora", "amazon": "Amazon", "yelp": "Yelp",
    "tripadvisor": "Tripadvisor", "goodreads": "Goodreads", "trustpilot": "Trustpilot",
    "glassdoor": "Glassdoor", "mumsnet": "Mumsnet",
}
"""Social media, and the review sites whose posts are quoted as readers' words ("one
reviewer wrote on Amazon")."""
MEDIA_WORDS = frozenset("""
news times post journal press tribune herald gazette telegraph guardian reuters bloomberg
magazine daily weekly radio tv television network channel newspaper newsweek cnn bbc
msnbc npr pbs abc nbc cbs fox ap afp upi axios politico breitbart huffpost huffington
buzzfeed vox slate atlantic yorker economist insider observer star sun mail mirror
independent standard express globe chronicle examiner inquirer register review report echo
wire agency service broadcasting broadcast hill cnbc c-span cspan al-jazeera aljazeera
jazeera vice salon mother jones nation beast intercept politics today show podcast
""".split())
"""Words that make a capitalised recipient a news outlet ("The Washington Post")."""
AUDIENCES = (
    "reporters", "journalists", "the press", "the media", "a crowd", "the crowd", "crowds",
    "supporters", "his supporters", "her supporters", "voters", "lawmakers", "legislators",
    "senators", "the audience", "an audience", "students", "viewers", "listeners",
    "readers", "the committee", "a committee", "a congressional committee", "Congress",
    "Parliament", "the panel", "the jury", "a court", "the court", "a judge", "the judge",
    "investigators", "police", "donors", "attendees", "delegates", "the Senate", "the House",
    "a news conference", "a press conference", "the newspaper", "the paper",
    "this newspaper", "the station", "the outlet", "the magazine", "the network",
    "the network's", "an interviewer", "the interviewer", "local media", "state media",
    "state television", "local television", "local news outlets", "news outlets",
    "a radio station", "radio", "television",
)
"""Lower-case recipients that are channels of kind ``other`` ("told reporters")."""
DOCUMENT_NAMES = ("statement", "news release", "press release", "release", "letter",
                  "open letter", "memo", "email", "e-mail", "court filing", "filing",
                  "complaint", "lawsuit", "report", "op-ed", "editorial", "column",
                  "blog post", "post", "video", "podcast", "book", "affidavit", "motion",
                  "brief", "note", "tweet", "message", "newsletter", "essay",
                  "testimony", "written statement", "prepared remarks")

_CAP_NAME = (r"(?:[Tt]he\s+)?(?:[A-Z][\w&'’.\-]*|[0-9]+)"
             r"(?:\s+(?:of|and|&|the)?\s*(?:[A-Z][\w&'’.\-]*|[0-9]+))*")
_AUDIENCE = "|".join(sorted((re.escape(a) for a in AUDIENCES), key=len, reverse=True))
_DOC = "|".join(sorted((re.escape(d) for d in DOCUMENT_NAMES), key=len, reverse=True))
_DOC_FOLLOW = (r"\s*(?:[,.;:!?)—–]|$)|\s+(?:to|on|in|at|from|by|that|which|issued|released|sent|"
               r"posted|published|obtained|filed|read|this|last|earlier|late|early|and|he|she|they|"
               r"it|[A-Z][\w.'’\-]*)\b")
"""What may follow a document word for it to be a channel ("in a statement issued
Tuesday", not "in the FBI email probe")."""
_PLATFORM = (r"X|Twitter|Facebook|Instagram|YouTube|TikTok|LinkedIn|Reddit|Telegram|Weibo|"
             r"Threads|Snapchat|Truth Social|Medium|Substack|Periscope|WhatsApp|Bluesky|"
             r"Mastodon|Discord|Twitch|Rumble|WeChat|VK|Quora|Amazon|Yelp|Tripadvisor|"
             r"TripAdvisor|Goodreads|Trustpilot|Glassdoor|Mumsnet")
_RECIPIENT = rf"(?P<name>{_CAP_NAME}(?:['’]s?\s+(?:{_CAP_NAME}))?|(?:{_AUDIENCE})\b)"

PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (label, re.compile(rx)) for label, rx in (
        # "said in a statement to Reuters", "told CNN in a statement"
        ("doc_to", rf"\b(?i:in\s+(?:a|an|the|his|her|their|its))\s+(?:[\w\-]+\s+)?(?P<doc>{_DOC})\s+"
                   rf"(?:to|sent\s+to|released\s+to|provided\s+to|emailed\s+to|given\s+to)\s+{_RECIPIENT}"),
        ("interview", rf"\b(?i:in|during)\s+(?i:an?|the|his|her|their|one)\s+(?:[\w\-]+\s+){{0,3}}interview\s+"
                      rf"(?:with|on|to|for)\s+(?:{_CAP_NAME}['’]s?\s+(?:[a-z\-]+\s+){{1,3}}(?=[A-Z]))?{_RECIPIENT}"),
        ("outlet_interview", rf"\b(?i:in|during)\s+(?i:an?\s+)?(?P<name>{_CAP_NAME})\s+interview\b"),
        ("speaking", rf"\b(?:[Ss]peaking|[Ss]poke|[Ss]peaks|[Tt]alking|[Tt]alked)\s+(?:to|with)\s+{_RECIPIENT}"),
        ("told", rf"\b(?:told|tells|tell|telling|informed|assured|warned|remind|reminded|reminding)\s+{_RECIPIENT}"),
        ("took_to", rf"\b(?:took|takes|take|taking|went)\s+to\s+(?P<name>{_PLATFORM})\b"),
        ("in_tweet", r"\b(?i:in|via)\s+(?i:a|one|another|an\s+earlier|a\s+later|his|her|their|its|a\s+series\s+of)\s+"
                     r"(?:[\w\-]+\s+)?(?P<verb>tweets?)\b"),
        ("broadcast", rf"\b(?:broadcast|edition|episode|segment)\s+of\s+[“\"]?(?P<name>{_CAP_NAME})"),
        ("said_to", rf"\b(?:said|says|say|explained|confirmed|admitted|wrote|added|stated|"
                    rf"acknowledged|insisted|noted)\s+to\s+{_RECIPIENT}"),
        ("platform", rf"\b(?i:on|via|in\s+a)\s+(?:his\s+|her\s+|their\s+|its\s+|the\s+)?(?:official\s+)?"
                     rf"(?P<name>{_PLATFORM})\b(?:\s+(?:post|account|page|video|message|feed|thread))?"),
        ("tweeted", r"\b(?P<verb>tweeted|retweeted)\b"),
        ("on_air", rf"\b(?:(?:said|says|say|told|added|argued|claimed|insisted|explained|declared|stated|"
                   rf"remarked|speaking|spoke|interviewed)\s+(?:\w+\s+){{0,2}}?on|appearing\s+on|appeared\s+on|"
                   rf"in\s+an\s+appearance\s+on|during\s+an\s+appearance\s+on)\s+"
                   rf"(?P<name>(?:{_CAP_NAME})['’]s?(?:\s+{_CAP_NAME})?|{_CAP_NAME})"),
        ("according_interview", rf"\baccording\s+to\s+(?:an?\s+)?interview\s+(?:with|by)\s+{_RECIPIENT}"),
        ("doc", rf"\b(?i:in|via|through)\s+(?i:a|an|the|his|her|their|its)\s+(?:[\w\-]+\s+)?(?P<doc>{_DOC})\b"
                rf"(?={_DOC_FOLLOW})"),
        ("venue", r"\b(?i:at|during|in)\s+(?i:a|an|the|his|her|their|its|Monday's|Tuesday's|Wednesday's|"
                  r"Thursday's|Friday's|Saturday's|Sunday's)\s+(?:[\w\-’']+\s+)?"
                  r"(?P<venue>news\s+conference|press\s+conference|press\s+briefing|briefing|rally|"
                  r"town\s+hall|debate|hearing|speech|event|meeting|summit|convention|campaign\s+stop|"
                  r"fundraiser|forum|panel\s+discussion)\b"),
        ("interview_bare", r"\b(?i:in|during)\s+(?i:an?|the)\s+(?:[\w\-]+\s+){0,2}interview\b"),
    )
)
"""Channel phrases, most specific first: the first pattern to claim a stretch wins."""

_DOC_WORDS = tuple(d.lower() for d in DOCUMENT_NAMES)
_REQUIRED: dict[str, tuple[str, ...]] = {
    "doc_to": _DOC_WORDS,
    "interview": ("interview",),
    "outlet_interview": ("interview",),
    "speaking": ("speak", "spoke", "talk"),
    "told": ("told", "tell", "informed", "assured", "warned", "remind"),
    "took_to": ("took", "tak", "went"),
    "in_tweet": ("tweet",),
    "broadcast": ("broadcast", "edition", "episode", "segment"),
    "said_to": ("said", "says", "say", "explained", "confirmed", "admitted", "wrote", "added",
                "stated", "acknowledged", "insisted", "noted"),
    "platform": tuple(p.lower() for p in _PLATFORM.split("|")),
    "tweeted": ("tweet",),
    "on_air": ("on",),
    "according_interview": ("interview",),
    "doc": _DOC_WORDS,
    "venue": ("conference", "briefing", "rally", "town", "debate", "hearing", "speech", "event",
              "meeting", "summit", "convention", "campaign", "fundraiser", "forum", "panel"),
    "interview_bare": ("interview",),
}
"""Per pattern, lower-case words one of which every match contains (taken from the
pattern's case-sensitive part): a pattern none of whose words is in the sentence is not
run. Most sentences name no channel, and a substring test is far cheaper than a regex
scan. Keep in step with PATTERNS (tests/test_statements_hedges_channels.py checks it)."""


@dataclass(frozen=True)
class ChannelMatch:
    """A channel phrase found in the text (article offsets), before it is attached."""

    start: int
    end: int
    name: str
    kind: str
    label: str  # which pattern found it

    @property
    def span(self) -> list[int]:
        return [self.start, self.end]


_EVENT_HEADS = frozenset("""conference briefing rally meeting hearing summit forum session
    gathering audience crowd committee panel seminar symposium convention webinar event
    reception lunch luncheon dinner breakfast""".split())
"""Last words of an audience or a venue, not an outlet: "told a news conference" is no
news organisation (it became the story's outside source, 14 edges in a Reuters crawl)."""
_TITLE_WORD = re.compile(r"\s+(?=(?:[A-Z][\w.]*\s+){0,2}(?:Secretary|Minister|President|"
                         r"Chairman|Director|Governor|Ambassador|Spokesman|Spokeswoman|"
                         r"Senator|Representative|Chief|Commissioner)\b)")


def _outlet_kind(name: str) -> str:
    low = name.lower()
    words = set(re.findall(r"[\w\-]+", low))
    if low.lstrip("@") in PLATFORMS:
        return "platform"
    if (low.split() or [""])[-1] in _EVENT_HEADS:
        return "other"
    if words & MEDIA_WORDS or is_known(name):
        return "outlet"
    return "other"


def _clean_name(name: str) -> str:
    name = re.sub(r"\s+", " ", name).strip(" ,.;:")
    name = re.sub(r"['’]s?$", "", name)  # "tells MSNBC’s “Morning Joe”" -> MSNBC
    name = re.sub(r"\s+(?:on\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|"
                  r"January|February|March|April|May|June|July|August|September|October|"
                  r"November|December|Jan|Feb|Aug|Sept|Oct|Nov|Dec)\b.*$", "", name)
    return re.sub(r"\s+(?:that|on|in|the|and|of|for)$", "", name)


def _kind_and_name(label: str, m: re.Match[str], text: str) -> tuple[str, str] | None:
    groups = m.groupdict()
    if label in ("tweeted", "in_tweet"):
        return "platform", "Twitter"
    if label == "venue":
        return "other", "a " + re.sub(r"\s+", " ", groups["venue"]).lower()
    if label == "doc":
        return "document", ("an " if groups["doc"][0] in "aeiou" else "a ") + groups["doc"]
    if label == "interview_bare":
        return "interview", "an interview"
    name = _clean_name(groups.get("name") or "")
    if not name:
        return None
    low = name.lower()
    if label in ("platform", "took_to"):
        return "platform", PLATFORMS.get(low, name)
    if label == "broadcast":
        return "outlet", name
    if label in ("on_air", "outlet_interview"):
        kind = _outlet_kind(name.split("’")[0].split("'")[0])
        if kind == "other":
            return None  # "on Monday", "on Capitol Hill": only media count here
        return kind, re.sub(r"['’]s?$", "", name.split("’s ")[0].split("'s ")[0])
    if low in ("him", "her", "them", "me", "us", "you", "it"):
        return None
    owner = re.match(r"^(.+?)['’]s?\s+[A-Z]", name)  # "Fox News' Sean Hannity" -> Fox News
    if owner and _outlet_kind(owner.group(1)) == "outlet":
        name = owner.group(1)
    cut = _TITLE_WORD.search(name)  # "told Reuters Finance Secretary Jaime Ongpin said":
    if cut and _outlet_kind(name[:cut.start()]) == "outlet":  # the outlet, then the next
        name = name[:cut.start()]  # sentence's subject run on into it
    kind = _outlet_kind(name)
    if kind == "other" and label == "interview" and name[:1].isupper():
        kind = "interview"
    if label == "doc_to" and kind == "other" and name[:1].isupper():
        kind = "outlet"
    return kind, _without_article(name)


_AUDIENCE_NAMES = frozenset(a.lower() for a in AUDIENCES)


def _without_article(name: str) -> str:
    """A recipient's name without its "the" ("the South Wales Echo" -> "South Wales
    Echo", as "the Guardian" -> "Guardian"), whatever its kind: an outlet the lists do
    not know is named like one they know. An audience keeps the words of
    :data:`AUDIENCES` ("the Senate", "the press")."""
    if name.lower() in _AUDIENCE_NAMES:
        return name
    return re.sub(r"^the\s+(?=[A-Z])", "", name, flags=re.I)


def find_channels(text: str, start: int, end: int) -> list[ChannelMatch]:
    """Channel phrases in ``text[start:end]``, non-overlapping, most specific first."""
    found: list[ChannelMatch] = []
    low = text[start:end].lower()
    has_doc_word = None  # "doc_to" and "doc" need the same ~35 words: tested once
    for label, rx in PATTERNS:
        words = _REQUIRED[label]
        if words is _DOC_WORDS:
            if has_doc_word is None:
                has_doc_word = any(map(low.__contains__, words))
            if not has_doc_word:
                continue
        elif not any(map(low.__contains__, words)):
            continue
        for m in rx.finditer(text, start, end):
            if any(m.start() < f.end and f.start < m.end() for f in found):
                continue
            got = _kind_and_name(label, m, text)
            if got is None:
                continue
            kind, name = got
            phrase_end = m.end()
            if m.groupdict().get("name") and m.end("name") == m.end():
                phrase_end = m.start("name") + len(_clean_name(m.group("name")))
            found.append(ChannelMatch(m.start(), phrase_end, name, kind, label))
    return sorted(found, key=lambda c: c.start)


def statement_anchor(st: Statement) -> int | None:
    """Where a statement starts in the text: its cue, else its source, else its content.

    Channels and hedges attach to the nearest statement by this offset, so both must
    agree on it."""
    for spans in (st.cue, st.source, st.content):
        for f in spans:
            if f and f[1] > f[0]:
                return f[0]
    return None


_QUOTED = re.compile(r"[“\"][^”\"\n]{1,2000}[”\"]|''[^'\n]{1,2000}''|«[^»]{1,2000}»")


class SpanIndex:
    """Is an offset inside any of many spans? Merged once, then a binary search, so that
    a 1 MB article with thousands of statements stays linear."""

    def __init__(self, spans):
        merged: list[list[int]] = []
        for a, b in sorted((a, b) for a, b in spans if b > a):
            if merged and a <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], b)
            else:
                merged.append([a, b])
        self._starts = [a for a, _ in merged]
        self._ends = [b for _, b in merged]

    def __contains__(self, offset: int) -> bool:
        k = bisect_right(self._starts, offset) - 1
        return k >= 0 and offset < self._ends[k]


def quoted_regions(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Stretches of ``text[start:end]`` inside quotation marks (the speakers' own words)."""
    return [(m.start(), m.end()) for m in _QUOTED.finditer(text, start, end)]


def _content_fragments(statements: list[Statement]) -> list[tuple[int, int]]:
    return [(f[0], f[1]) for st in statements for f in st.content if f and f[1] > f[0]]


def attach_channels(ctx, statements: list[Statement], inherit: bool = False) -> None:
    """Fill ``statement.channel`` where the statement's sentence names one.

    A channel phrase inside quotation marks or inside any statement's content is reported
    speech, not a channel ("Clinton had told police officials that…" as the content of
    what a source said). When a sentence holds several statements, a phrase goes to the
    statement whose cue it contains or touches, else to the nearest cue (or source).
    """
    text = ctx.text
    contents = SpanIndex(_content_fragments(statements))
    by_sentence: dict[int, list[Statement]] = {}
    for st in statements:
        a = statement_anchor(st)
        if a is not None:
            by_sentence.setdefault(ctx.sentence_index(a), []).append(st)
    for i, members in by_sentence.items():
        if i < 0:
            continue
        s, e = ctx.sentences[i]
        quoted = quoted_regions(text, s, e)
        for ch in find_channels(text, s, e):
            if ch.start in contents or any(a <= ch.start < b for a, b in quoted):
                continue
            if ch.start - s <= 2 and ch.kind in ("document", "interview", "other", "outlet"):
                targets = members  # "In a statement, Peabody said: …, adding that …"
            else:
                targets = [min(members, key=lambda st: _distance(st, ch))]
            for target in targets:
                if target.channel is None:
                    target.channel = Channel(name=ch.name, span=ch.span, kind=ch.kind,
                                             phrase=text[ch.start:ch.end])
    if inherit:
        _inherit(statements)


def _distance(st: Statement, ch: ChannelMatch) -> tuple[int, int]:
    """(0 if the phrase holds the statement's cue else 1, character distance)."""
    def gap(f) -> int:
        if f[0] < ch.end and ch.start < f[1]:
            return 0
        return min(abs(ch.start - f[1]), abs(f[0] - ch.end))
    cues = [f for f in st.cue if f and f[1] > f[0]]
    if cues:
        d = min(gap(f) for f in cues)
        return (0 if d == 0 else 1, d)
    spans = [f for f in st.source if f] or [f for f in st.content if f]
    return (1, min(gap(f) for f in spans) + 1)


def _inherit(statements: list[Statement]) -> None:
    last: dict[str, Channel] = {}
    for st in sorted(statements, key=lambda s: statement_anchor(s) or 0):
        if st.channel is not None:
            if st.channel.kind in ("outlet", "interview") and st.speaker_id:
                last[st.speaker_id] = st.channel
        elif st.speaker_id in last:
            src = last[st.speaker_id]
            st.channel = Channel(name=src.name, span=list(src.span), kind=src.kind, phrase=src.phrase)
