"""Hedges: how sure the article is about what it reports, statement by statement.

A hedge is a caveat or a stance marker with a ``type`` from ``retold.records.HEDGE_TYPES``
(unverified, alleged, reportedly, anonymous, anecdotal, disputed, booster), the ``cue``
words, their ``span`` and a ``scope``:

* ``statement``: the cue is the statement's own reporting verb ("claimed", "denied",
  "revealed"), sits in its indirect content ("the alleged attack"), or frames it in the
  same sentence ("reportedly told", "spoke on condition of anonymity");
* ``speaker``: the cue names a speaker and so bears on *every* statement by them — "was
  not able to independently verify Omer's testimony", a pseudonym, an anonymous source;
* ``article``: a caveat in a sentence that holds no statement and names nobody
  ("anecdotal evidence ... has been mounting"): returned as :class:`ArticleHedge`.

Why these rules: the mutation stage compares hedges between a parent and a child article
("caveat_dropped" when the child keeps Omer's quotes but loses "could not verify"), so a
hedge must be attached to the statements it bears on, not just found. Cues inside a
*direct* quotation are the speaker's own words, not the article's stance, and are
skipped (documented in docs/speakers_channels_hedges.md).
Finding cues (:func:`find_hedges`) is kept apart from attaching them.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from retold.caveats import VERIFICATION_CAVEATS
from retold.records import ArticleHedge, Hedge, Speaker, Statement
from retold.statements.channels import SpanIndex, quoted_regions, statement_anchor

CUES: tuple[tuple[str, re.Pattern[str]], ...] = tuple((t, re.compile(rx, re.I)) for t, rx in (
    *(("unverified", rx) for rx in VERIFICATION_CAVEATS),
    ("unverified", r"\bwithout\s+(?:providing|offering|citing|giving|presenting)?\s*(?:any\s+)?evidence\b"),
    ("unverified", r"\b(?:(?:did|does|do)\s+not\s+(?:provide|offer|cite|give|present)\s+(?:any\s+)?(?:evidence|proof)|"
                   r"(?:offered|provided|gave|presented|cited)\s+no\s+(?:evidence|proof))\b"),
    ("disputed", r"\b(?:den(?:y|ies|ied|ying|ial|ials)|disput(?:e|es|ed|ing)|refut(?:e|es|ed|ing)|"
                 r"rebut(?:s|ted|ting)?|contest(?:s|ed|ing)|contradict(?:s|ed|ing)?|"
                 r"reject(?:s|ed|ing)?\s+(?:the|these|those|that|this|such|his|her|their|its)\s+"
                 r"(?:claims?|allegations?|accusations?|reports?|characteri[sz]ation|assertions?|idea|notion|suggestion)|"
                 r"dismiss(?:es|ed|ing)?\s+(?:the|these|those|that|this|such|his|her|their|its)\s+"
                 r"(?:claims?|allegations?|accusations?|reports?|criticism|concerns?|suggestion)|"
                 r"pushed\s+back|took\s+issue\s+with|called\s+(?:the\s+\w+\s+)?(?:false|baseless|untrue))\b"),
    ("reportedly", r"\b(?:reportedly|according\s+to\s+(?:media\s+|news\s+|press\s+|local\s+|published\s+)?reports?|"
                   r"(?:is|are|was|were)\s+said\s+to|it\s+(?:is|was)\s+reported|rumou?red|"
                   r"(?:published|media|news|press|unconfirmed)\s+reports?)\b"),
    ("anonymous", r"\b(?:(?:asked|requested|wished)\s+not\s+to\s+be\s+(?:named|identified)|"
                  r"(?:on|under)\s+(?:the\s+)?condition\s+(?:of|that\s+(?:he|she|they)\s+not\s+be\s+named)"
                  r"(?:\s+of)?\s*(?:anonymity)?|(?:declined|refused)\s+to\s+be\s+(?:named|identified)|"
                  r"(?:speaking|spoke)\s+anonymously|(?:requested|granted)\s+anonymity|"
                  r"not\s+authori[sz]ed\s+to\s+(?:speak|comment|discuss)|"
                  r"(?:going|goes|went)\s+by\s+the\s+(?:pseudonym|alias|name)|"
                  r"(?:a|the)\s+pseudonym|people\s+familiar\s+with|sources?\s+familiar\s+with|"
                  r"(?:a\s+)?(?:person|people|sources?)\s+(?:close\s+to|with\s+(?:direct\s+|first-?hand\s+)?knowledge\s+of|briefed\s+on))"),
    ("alleged", r"\b(?:alleged(?:ly)?|allegations?|allege[sd]?|purported(?:ly)?|supposedly|supposed(?!\s+to\b)|"
                r"claim(?:s|ed|ing)?|accus(?:e|ed|es|ing|ation|ations)|alleging)\b"),
    ("anecdotal", r"\b(?:anecdotal(?:ly)?|anecdotes?)\b"),
    ("booster", r"\b(?:reveal(?:s|ed|ing)?|confirm(?:s|ed|ing)|prov(?:e|es|ed|en|ing)|"
                r"show(?:s|ed|n|ing)?|demonstrat(?:e|es|ed|ing)|establish(?:es|ed)|"
                r"admit(?:s|ted|ting)|conced(?:e|es|ed|ing)|acknowledg(?:e|es|ed|ing)|"
                r"made\s+clear|make\s+clear|makes\s+clear|expos(?:e|es|ed|ing)|uncover(?:s|ed))\b"),
))
"""Cue patterns per hedge type. Order matters: an earlier match claims its words."""

_NEGATED_BOOSTER = re.compile(r"\b(?:not|n[’']t|never|unable\s+to|yet\s+to)\s+(?:be\s+|been\s+|yet\s+)?(?:\w+\s+)?$", re.I)
_ARTICLE_TYPES = ("unverified", "alleged", "reportedly", "anecdotal", "anonymous")
_SPEAKER_OBJECT = re.compile(
    r"(?P<who>[A-Z][\w’'\-]+(?:\s+[A-Z][\w’'\-]+)*)['’]s?\s+(?:\w+\s+)?"
    r"(?:testimony|claims?|account|accounts|statements?|allegations?|story|version|remarks|"
    r"comments|assertions?|report|description|identity|accusations?)"
    r"|(?P<pron>his|her|their)\s+(?:\w+\s+)?(?:testimony|claims?|account|accounts|statements?|"
    r"allegations?|story|version|remarks|comments|assertions?|identity|accusations?)")


@dataclass(frozen=True)
class HedgeMatch:
    type: str
    start: int
    end: int
    cue: str


_TRIGGERS = tuple("""verif confirm corroborat substantiat authenticat evidence proof deny deni
    disput refut rebut contest contradict reject dismiss pushed issue false baseless untrue
    report rumo name identif condition anonym authori pseudonym alias familiar close knowledge
    briefed alleg purport suppos claim accus anecdot reveal prov show demonstrat establish
    admit conced acknowledg clear expos uncover""".split())
"""Every match of :data:`CUES` contains one of these (or "said to"): substring tests rule
out the ~80% of sentences with no hedge before the cue patterns run. Keep in step
with CUES."""
_PATTERN_TRIGGERS: tuple[tuple[str, ...], ...] = tuple(tuple(words.split()) for words in (
    *["verif confirm corroborat substantiat authenticat"] * len(VERIFICATION_CAVEATS),
    "evidence",
    "evidence proof",
    "deny deni disput refut rebut contest contradict reject dismiss pushed issue false baseless untrue",
    "report rumo said",
    "name identif condition anonym authori pseudonym alias familiar close knowledge briefed",
    "alleg purport suppos claim accus",
    "anecdot",
    "reveal confirm prov show demonstrat establish admit conced acknowledg clear expos uncover",
))
"""For each pattern of :data:`CUES`, in order, words one of which every match of it
contains (lower case): a sentence that passes the test above still skips the patterns
none of whose words it holds (most sentences pass on one common word, "report" or
"show", and need one or two of the ten patterns). Keep in step with CUES."""
_SAID_TO = re.compile(r"said\s+to", re.I)
_ODD_CASE = frozenset("\u0130\u0131\u017f\u212a")  # letters re.I equates with ASCII ones


def _may_hold_hedge(text: str, start: int, end: int) -> bool:
    low = text[start:end].lower()
    if not low.isascii() and any(ch in _ODD_CASE for ch in low):
        return True
    return any(map(low.__contains__, _TRIGGERS)) or ("said" in low and _SAID_TO.search(low) is not None)


def find_hedges(text: str, start: int = 0, end: int | None = None) -> list[HedgeMatch]:
    """Hedge cues in ``text[start:end]``, non-overlapping, in text order."""
    end = len(text) if end is None else end
    found: list[HedgeMatch] = []
    if not _may_hold_hedge(text, start, end):
        return found
    low = text[start:end].lower()
    every_pattern = not low.isascii() and any(ch in _ODD_CASE for ch in low)
    for (typ, rx), words in zip(CUES, _PATTERN_TRIGGERS):
        if not every_pattern and not any(map(low.__contains__, words)):
            continue
        for m in rx.finditer(text, start, end):
            if any(m.start() < f.end and f.start < m.end() for f in found):
                continue
            if typ == "booster" and _NEGATED_BOOSTER.search(text[max(start, m.start() - 30):m.start()]):
                continue  # "could not confirm" is unverified, not a booster
            found.append(HedgeMatch(typ, m.start(), m.end(), m.group()))
    return sorted(found, key=lambda h: h.start)


assert len(_PATTERN_TRIGGERS) == len(CUES)


def _direct_fragments(text: str, statements: list[Statement]) -> list[tuple[int, int]]:
    return [(f[0], f[1]) for st in statements for f in st.content
            if f and f[1] > f[0] and text[f[0]:f[0] + 1] in "“\"‘«'"]


def _inside(pos: int, spans) -> bool:
    return any(a <= pos < b for a, b in spans)


def _sentences_of(ctx, st: Statement) -> set[int]:
    """Every sentence a statement touches (content, cue and source)."""
    out = set()
    for f in st.cue + st.source + st.content:
        if f and f[1] > f[0]:
            a, b = ctx.sentence_index(f[0]), ctx.sentence_index(f[1] - 1)
            out.update(range(max(a, 0), b + 1))
    return out


def _owner(h: HedgeMatch, members: list[Statement], text: str) -> Statement | None:
    """Which statement of the sentence a cue bears on: the one whose cue it is, else the
    innermost indirect content holding it, else the nearest by cue/source distance."""
    for st in members:
        if any(f and f[0] <= h.start < f[1] for f in st.cue):
            return st
    holders = [st for st in members
               if any(f and f[0] <= h.start < f[1] for f in st.content)]
    if holders:
        return min(holders, key=lambda st: sum(f[1] - f[0] for f in st.content if f))
    if h.type == "booster":
        return None  # a booster only counts as a statement's cue or inside its content
    def dist(st: Statement) -> int:
        spans = [f for f in st.cue + st.source if f] or [f for f in st.content if f]
        return min(min(abs(h.start - f[1]), abs(f[0] - h.end)) for f in spans)
    return min(members, key=dist) if members else None


def _speaker_for(h: HedgeMatch, text: str, sent: tuple[int, int], speakers: list[Speaker],
                 previous: Statement | None) -> Speaker | None:
    """A caveat naming a speaker: "verify Omer's testimony", "his claims"."""
    window = text[h.end:min(sent[1], h.end + 120)]
    m = _SPEAKER_OBJECT.search(window)
    if not m:
        return None
    if m.group("who"):
        who = m.group("who").lower().split()
        for sp in speakers:
            parts = sp.name.lower().split()
            if parts and (parts[-len(who):] == who or who == parts[:1]):
                return sp
        return None
    if previous is not None and previous.speaker_id:
        return next((sp for sp in speakers if sp.id == previous.speaker_id), None)
    return None


def attach_hedges(ctx, statements: list[Statement], speakers: list[Speaker],
                  article_id: str | None = None) -> list[ArticleHedge]:
    """Fill ``statement.hedges`` and return the hedges that bear on the whole article.

    Runs one regex pass per sentence over the text; no parse. Each statement's hedges
    come out in text order, without duplicates. ``article_id`` defaults to the
    statements' (or speakers'); with neither, article-level hedges cannot be keyed and
    none are returned.
    """
    text = ctx.text
    if article_id is None:
        article_id = statements[0].article_id if statements else (
            speakers[0].article_id if speakers else "")
    direct = SpanIndex(_direct_fragments(text, statements))
    by_sentence: dict[int, list[Statement]] = {}
    for st in statements:
        for i in _sentences_of(ctx, st):
            by_sentence.setdefault(i, []).append(st)
    ordered = sorted((st for st in statements if statement_anchor(st) is not None), key=statement_anchor)
    anchors = [statement_anchor(st) for st in ordered]
    by_speaker: dict[str, list[Statement]] = {}
    for st in ordered:
        if st.speaker_id:
            by_speaker.setdefault(st.speaker_id, []).append(st)
    article: list[ArticleHedge] = []
    for i, (s, e) in enumerate(ctx.sentences):
        members = by_sentence.get(i, [])
        found = find_hedges(text, s, e)
        quoted = quoted_regions(text, s, e) if found else []
        pointer = None  # "The claim could not be verified": what points back, and at what
        if not members and any(h.type == "unverified" for h in found):
            anaphor = _ANAPHORIC.search(text, s, e)
            before = _statements_before(ctx, i, by_sentence) if anaphor else []
            if before:
                pointer = (anaphor.span(), before)
        for h in found:
            if h.start in direct or _inside(h.start, quoted):
                continue
            if pointer is not None and h.type != "unverified" and \
                    pointer[0][0] <= h.start < pointer[0][1]:
                continue  # "the claim" points back; it is no hedge of its own
            hedge = Hedge(type=h.type, cue=h.cue, span=[h.start, h.end])
            if h.type in ("unverified", "alleged"):
                k = bisect_left(anchors, h.start)
                previous = ordered[k - 1] if k > 0 else None
                sp = _speaker_for(h, text, (s, e), speakers, previous)
                if sp is not None and sp.id in by_speaker:
                    for st in by_speaker[sp.id]:
                        _add(st, Hedge(type=h.type, cue=h.cue, span=[h.start, h.end], scope="speaker"))
                    continue
            owner = _owner(h, members, text) if members else None
            if owner is not None and h.type == "anonymous" and owner.speaker_id in by_speaker:
                for st in by_speaker[owner.speaker_id]:  # anonymity is the speaker's
                    _add(st, Hedge(type=h.type, cue=h.cue, span=[h.start, h.end], scope="speaker"))
            elif owner is not None:
                _add(owner, hedge)
            elif pointer is not None and h.type == "unverified":
                for st in pointer[1]:  # "The claim could not be independently verified."
                    _add(st, hedge)
            elif not members and h.type in _ARTICLE_TYPES and article_id:
                article.append(ArticleHedge(article_id=article_id, type=h.type, cue=h.cue,
                                            start=h.start, end=h.end))
    _anonymous_speakers(text, statements, speakers)
    for st in statements:
        st.hedges.sort(key=lambda hd: (hd.span[0], hd.type))
    return article


_ANAPHORIC = re.compile(
    r"\b(?:the|this|these|that|those|its|their|his|her)\s+(?:\w+\s+)?(?:claims?|reports?|"
    r"accounts?|statements?|allegations?|assertions?|figures?|numbers?|information|details?|"
    r"remarks|comments|testimony|story|stories|footage|videos?|images?|photos?|photographs?|"
    r"toll|tally|content)\b|\b(?:it|this|that|them|these)\b", re.I)
"""What a caveat in a sentence of its own points back with ("The claim could not be
independently verified.", "Reuters could not verify it."): wire copy's usual caveat,
which bears on the statement just before it, not on the whole article."""


def _statements_before(ctx, i: int, by_sentence: dict[int, list[Statement]]
                       ) -> list[Statement]:
    """The statements of the nearest of the two sentences before sentence ``i`` that
    holds any, in the same paragraph or the one just before."""
    para = ctx.sentence_paragraph(i)
    for j in (i - 1, i - 2):
        if j < 0 or para - ctx.sentence_paragraph(j) > 1:
            break
        if by_sentence.get(j):
            return by_sentence[j]
    return []


def _add(st: Statement, hedge: Hedge) -> None:
    for old in st.hedges:
        if old.type == hedge.type and old.span == hedge.span:
            return
    st.hedges.append(hedge)


def _anonymous_speakers(text: str, statements: list[Statement], speakers: list[Speaker]) -> None:
    """Every statement of an anonymous or pseudonymous speaker gets an ``anonymous``
    hedge of scope speaker, cued by the phrase that makes it so ("going by the
    pseudonym", "who asked not to be named") or, failing that, the source words."""
    flagged = {sp.id: sp for sp in speakers if sp.anonymous or sp.pseudonym}
    by_speaker: dict[str, list[Statement]] = {}
    for st in statements:
        if st.speaker_id in flagged:
            by_speaker.setdefault(st.speaker_id, []).append(st)
    for sp in flagged.values():
        cue_span = None
        for s, e in sp.mentions:
            window_start = max(0, s - 80)
            for m in re.finditer(CUES_BY_TYPE["anonymous"], text[window_start:min(len(text), e + 80)]):
                cue_span = [window_start + m.start(), window_start + m.end()]
                break
            if cue_span:
                break
        for st in by_speaker.get(sp.id, []):
            span = cue_span
            if span is None:
                src = [f for f in st.source if f and f[1] > f[0]]
                if not src:
                    continue
                span = [src[0][0], src[-1][1]]
            _add(st, Hedge(type="anonymous", cue=text[span[0]:span[1]], span=list(span), scope="speaker"))


CUES_BY_TYPE = {t: rx for t, rx in reversed(CUES)}
"""The first pattern of each type (``reversed`` so the earliest wins)."""
