"""Articles as lists of *units*: sentences that keep a quotation whole, with its attribution.

Why a unit and not a sentence: a retelling moves, trims and merges quotations, and the
attribution around a quote ("…," Omer told Newsweek) is where speakers, channels and
hedges change. A unit is one sentence outside quotation marks, or one quotation plus the
sentence that carries it, so ``“A. B,” X said.`` stays one unit. Each unit records the
quoted content, and from the words outside the quotation marks the speaker, its
description, the reporting verb and the channel ("told Newsweek", "according to CNN").

This is deliberately light (regular expressions, no parse): lineage compares every pair
of articles in a story, so units must cost microseconds. The statements stage gives the
deep analysis; its channels and speakers are merged in by :func:`attach_statements`.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from retold.mutations.lexicon import CAVEAT_RE, REPORTING_VERBS
from retold.outlets import DESCRIPTOR, looks_like_outlet, name_key
from retold.statements.cues import participle_by

OPEN_Q = "“«„"
CLOSE_Q = "”»"
_ABBREV = re.compile(r"(?:\b[A-Z]\.|\b(?:U\.S|U\.K|U\.N|Corp|Inc|Co|Ltd|Mr|Mrs|Ms|Dr|St|Gen|"
                     r"Sen|Rep|Gov|Jan|Feb|Mar|Apr|Aug|Sept?|Oct|Nov|Dec|No|vs|etc)\.)$")
_WORD = re.compile(r"[\w'’.-]+")
WORD_STRIP = ".'-"  # stripped from a word's ends: quotes, a full stop, a dash
_TOKEN = re.compile(r"\b[A-Za-z]+\b")
_VERBS = frozenset(v for v in REPORTING_VERBS if " " not in v)
_VERB_TAILS = {**{v.split()[0]: " " + v.split()[1] for v in REPORTING_VERBS if " " in v},
               "according": " to"}  # "pointed" + " out"; "according to" credits, no verb


def _find_verb(text: str) -> tuple[int, int, str] | None:
    """``(start, end, verb)`` of the first reporting verb in ``text`` ("said", "pointed
    out", or "according to"), case-insensitive, whole words. A scan of the words against
    a set: the verb list is long, and one regular expression alternating over it was a
    quarter of the cost of splitting an article into units."""
    for m in _TOKEN.finditer(text):
        word = m.group().lower()
        if word in _VERBS:
            return m.start(), m.end(), word
        tail = _VERB_TAILS.get(word)
        if tail:
            end = m.end() + len(tail)
            if text[m.end():end].lower() == tail and not text[end:end + 1].isalnum():
                return m.start(), end, text[m.start():end].lower()
    return None


_NAME = r"(?:the |The )?[A-Z][\w.&'’-]*(?: (?:of |for |de |al-)?[A-Z][\w.&'’-]*)*"
_CHANNEL_LEADS = {
    "told": r"\b(?i:told)",
    "to": r"\b(?P<v>[A-Za-z]+(?: out)?) to",  # a verb of _TO_VERBS, checked in _channel
    "according": r"\b(?i:according) to",
    "interview": r"\b(?i:in an? (?:\w+ )?interview with|in comments to|in a statement to)",
}
_TO_VERBS = frozenset({"speaking", "spoke", "talking", "talked"} | REPORTING_VERBS)
# one pattern a form: a name after a descriptor (group "d": "told the Israeli daily
# Haaretz") is an outlet whatever it is; a bare name (group "c") must look like one
# (retold.outlets.looks_like_outlet). The descriptor is tried first at each place.
_CHANNEL_RES = [(form, re.compile((lead + r" (?:(?:(?i:the|an?) )?" + DESCRIPTOR
                                   + r",? (?P<d>" + _NAME + r")|(?P<c>" + _NAME + r"))"
                                   ).replace(" ", r"\s+")))
                for form, lead in _CHANNEL_LEADS.items()]


_NOT_A_NAME = re.compile(
    r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|"
    r"April|May|June|July|August|September|October|November|December|Today|Tonight|"
    r"Yesterday|Last|This|Next|Earlier|Later|On|In|At|He|She|It|They|We|I)\b")


def normalise(text: str) -> str:
    """Casefolded, quotes and dashes unified, whitespace collapsed: what 'same text' means."""
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"[“”«»„\"‘’`']", "'", text).replace("–", "-").replace("—", "-")
    return re.sub(r"\s+", " ", text).strip().casefold()


def word_matches(text: str) -> list[re.Match[str]]:
    """The words of :func:`words` as matches in ``normalise(text)``, for their offsets."""
    return [m for m in _WORD.finditer(normalise(text)) if m.group(0).strip(WORD_STRIP)]


def words(text: str) -> list[str]:
    """Comparable words: casefolded, quotes and trailing punctuation stripped."""
    out = []
    for w in _WORD.findall(normalise(text)):  # word_matches, without the offsets: faster
        w = w.strip(WORD_STRIP)
        if w:
            out.append(w)
    return out


@dataclass
class Unit:
    start: int
    end: int
    text: str
    norm: str
    quoted: list[tuple[int, int]] = field(default_factory=list)  # absolute spans of quoted text
    content: str = ""  # quoted words joined
    outside: str = ""  # the words outside quotation marks
    speaker: str | None = None  # "Peter Brennan" / "a source"
    desc: str | None = None  # "a director of Barclays"
    verb: str | None = None
    channel: str | None = None  # "Newsweek"
    channel_span: tuple[int, int] | None = None
    caveat: bool = False
    para: int = 0

    @property
    def is_quote(self) -> bool:
        return bool(self.quoted) and len(self.content) >= 12

    @property
    def named_speaker(self) -> bool:
        return bool(self.speaker) and self.speaker[:1].isupper() and not re.match(
            r"(?:A|An|The|One|Some|Several|Two|Three)\b", self.speaker)

    @property
    def span(self) -> list[int]:
        return [self.start, self.end]


def _paragraphs(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for m in re.finditer(r"\n\s*\n|\Z", text):
        s, e = pos, m.start()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
        pos = m.end()
    return out


def _next_sentence(text: str, close: int, e: int) -> int | None:
    """Where a new sentence starts after a quotation that closes at ``close`` with its own
    full stop ("…its ally.” The convoy …"), or None: not after a comma ("…,” he said"),
    and not when a reporting verb opens what follows ("…” Smith said." keeps its
    attribution)."""
    if close == 0 or text[close - 1] not in ".!?":
        return None
    k = close + 1
    if k >= e or not text[k].isspace():
        return None
    while k < e and text[k].isspace():
        k += 1
    if k >= e or not (text[k].isupper() or text[k] in OPEN_Q + '"'):
        return None
    head = " ".join(text[k:min(e, k + 60)].split()[:5])
    verb = _find_verb(head)
    if verb and not participle_by(head[:verb[0]], verb[2], head[verb[1]:]):
        return None  # "…” Smith said": its attribution; "… added by the blog" is none
    return k


def _sentence_bounds(text: str, s: int, e: int) -> list[tuple[int, int, list[tuple[int, int]]]]:
    """Sentences of ``text[s:e]`` never cut inside quotation marks, with quoted spans."""
    out: list[tuple[int, int, list[tuple[int, int]]]] = []
    start, in_q, q_start, quoted = s, False, 0, []
    i = s
    while i < e:
        ch = text[i]
        if ch in OPEN_Q or (ch == '"' and not in_q):
            if not in_q:
                in_q, q_start = True, i + 1
        elif ch in CLOSE_Q or (ch == '"' and in_q):
            if in_q:
                in_q = False
                quoted.append((q_start, i))
                k = _next_sentence(text, i, e)
                if k is not None:  # "…its ally.” Extra sentence …": the quotation ended it
                    out.append((start, i + 1, quoted))
                    start, quoted, i = k, [], k
                    continue
        elif ch in ".!?" and not in_q:
            j = i + 1
            while j < e and text[j] in "”\"’')":
                j += 1
            if j < e and text[j].isspace():
                k = j
                while k < e and text[k].isspace():
                    k += 1
                if k < e and (text[k].isupper() or text[k] in OPEN_Q + '"') \
                        and not _ABBREV.search(text[max(s, i - 6):i + 1]):
                    out.append((start, j, quoted))
                    start, quoted, i = k, [], k
                    continue
        i += 1
    if in_q:  # unbalanced: quote runs to the paragraph end (multi-paragraph quotation)
        quoted.append((q_start, e))
    if start < e:
        out.append((start, e, quoted))
    return out


def split_units(text: str, known_outlets: frozenset[str] | set[str] = frozenset()) -> list[Unit]:
    """Every unit of ``text`` in order, with quote, attribution and caveat analysis.

    ``known_outlets``: :func:`channel_key` of outlet names that count as channels even
    without a newsy word in them ("told Acme" when Acme publishes in the corpus)."""
    units: list[Unit] = []
    for pi, (ps, pe) in enumerate(_paragraphs(text)):
        for s, e, quoted in _sentence_bounds(text, ps, pe):
            u = Unit(s, e, text[s:e], normalise(text[s:e]), para=pi)
            u.quoted = [(a, b) for a, b in quoted if b - a >= 2]
            _attribution(text, u, known_outlets)
            u.caveat = bool(CAVEAT_RE.search(u.outside if u.is_quote else u.text))
            units.append(u)
    _introduced_speakers(units)
    return units


_PRONOUNS = frozenset({"he", "she", "they", "it", "we"})


def _introduced_speakers(units: list[Unit]) -> None:
    """A quotation standing alone after the sentence that introduces it, in the same
    paragraph ("Omer explained that Turkey was an ally. “IS saw the Turkish army as its
    ally.”"), is the words of that sentence's subject: it takes the subject as its
    speaker (not the verb: it was not itself reported). Why: without one, a copy that
    prints the quotation this way was typed ``speaker_dropped`` against a parent whose
    "…,” Omer said." names him, though the reader still sees who is speaking."""
    for prev, u in zip(units, units[1:]):
        if (u.is_quote and u.speaker is None and u.verb is None and prev.para == u.para
                and not prev.quoted and prev.verb):
            who = _subject(prev.text)
            if who:
                u.speaker, u.desc = who


def _subject(sentence: str) -> tuple[str, str | None] | None:
    """``(speaker, description)`` of a sentence that opens on who reports ("Omer
    explained that …", "Sherko Omer, a former fighter, said …", "He added that …"), or
    None when the words before the reporting verb are no name, pronoun or short noun
    phrase ("The army, which had denied it for weeks, went on to say …")."""
    found = _find_verb(sentence)
    if not found:
        return None
    before = " ".join(sentence[:found[0]].split()).strip(" ,")
    name, _, desc = before.partition(", ")
    name = name.strip(" ,")
    if not name or len(name.split()) > 5 or len(desc.split()) > 8:
        return None
    if not (name.lower() in _PRONOUNS or re.fullmatch(_NAME, name)
            or re.fullmatch(r"(?:[Aa]n?|[Tt]he|[Oo]ne) [\w'’-]+(?: [\w'’-]+){0,3}", name)):
        return None
    desc = desc.strip(" ,")
    if re.match(r"(?:which|who|whose|that)\b", desc):
        desc = ""  # "The army, which had denied it, said …": a clause, not a description
    return name, desc or None


def _attribution(text: str, u: Unit, known: frozenset[str] | set[str]) -> None:
    """Fill content, outside text, speaker, description, verb and channel of a unit."""
    if not u.quoted:
        u.outside = u.text
        found = _find_verb(u.text)
        if found:
            u.verb = found[2]
        _channel(text, u, u.start, u.text, known)
        return
    u.content = " ".join(text[a:b].strip(" ,.") for a, b in u.quoted)
    pieces, pos = [], u.start
    for a, b in u.quoted:
        pieces.append(text[pos:max(pos, a - 1)])
        pos = min(u.end, b + 1)
    pieces.append(text[pos:u.end])
    outside = " ".join(p.strip(" ,.:") for p in pieces if p.strip(" ,.:"))
    u.outside = outside
    found = _find_verb(outside)
    if not found:
        return
    start, end, u.verb = found
    before, after = outside[:start].strip(" ,"), outside[end:].strip(" ,")
    if participle_by(before, u.verb, after):
        u.verb = None  # "“…” Extra sentence added by the blog.": a participle, no speaker
        return
    # hard-wrapped wire copy breaks lines inside the clause ("…,"\n    he said)
    who = re.sub(r"^(?:and|but|as)\s+", "", " ".join(before.split()).strip(" ,"))
    if not who:  # inverted: "…," said Omer, a former fighter.
        m2 = re.match(_NAME.replace(" ", r"\s+") + r"|(?:an?|the|one) [\w' -]+", after)
        who = m2.group(0) if m2 else ""
        rest = after[len(who):]
        if who and rest.startswith(", "):
            who += ", " + re.split(r",|\s+(?:told|to|in|on|according|speaking)\b", rest[2:])[0]
    if who:
        name, _, desc = " ".join(who.split()).partition(", ")
        u.speaker = name.strip(" ,") or None
        u.desc = desc.strip(" ,") or None
    _channel(text, u, u.start, text[u.start:u.end], known)


def _channel(text: str, u: Unit, base: int, sentence: str,
             known_outlets: frozenset[str] | set[str]) -> None:
    for form, rx in _CHANNEL_RES:
        for m in rx.finditer(sentence):
            if any(a <= base + m.start() < b for a, b in u.quoted):
                continue  # inside the quotation: not the article's channel
            if form == "to" and m.group("v").lower() not in _TO_VERBS:
                continue  # "went to Reuters": no one spoke to Reuters
            sure = m.group("d") is not None
            name = (m.group("d") or m.group("c")).strip().rstrip(".,")
            name = re.sub(r"^the\s+", "", name)  # "told the BBC" -> BBC; "The Herald" stays
            if not (sure or looks_like_outlet(name, known_outlets)):
                continue  # "according to Paul Collier", "told the Senate": not an outlet
            if sure and _NOT_A_NAME.match(name):
                continue  # "told a local radio station Monday": a time, not the station
            u.channel = name
            u.channel_span = (base + m.start(), base + m.end())
            return


def channel_key(name: str | None) -> str:
    """'the BBC' and 'BBC' and 'bbc.co.uk' compare equal (:func:`retold.outlets.name_key`)."""
    return name_key(name)
