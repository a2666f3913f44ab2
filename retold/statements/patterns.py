"""Attribution by surface pattern, for the sentences that need no parse.

Why: most reported speech in news comes in a handful of shapes — "…, he said.",
"…," said Jane Doe. / "Trump said that …" / "According to officials, …" — whose cue,
source and content can be read off the characters. Recognising them with anchored
regular expressions lets :mod:`retold.statements.assemble` skip the dependency parse
for those sentences, which is where the time goes. A sentence that does not fit a shape
exactly (a second cue word, commas in the source, …) falls back to the parse, so the
patterns trade no recall for their speed.
"""
from __future__ import annotations

import re
from collections.abc import Callable

from retold.statements.attribution import Found
from retold.statements.context import ABBREVIATIONS
from retold.statements.cues import cue_words, lemma_of

Span = tuple[int, int]

MAX_CUE_WORDS = 1
"""Sentences with more reporting words than this are left to the parser."""

_PRONOUN = r"(?:he|she|they|we|I|it)"
_NAME_WORD = r"[A-Z][\w.'’-]*"
_NAME = rf"(?:{_NAME_WORD}\s+){{0,3}}{_NAME_WORD}"
_DET_PHRASE = (r"(?:[Tt]he|[Aa]n?|[Aa]nother|[Oo]ne|[Tt]wo|[Tt]hree|[Ss]ome|[Mm]any|[Ss]everal|"
               r"[Hh]is|[Hh]er|[Tt]heir)\s+(?:[\w.'’-]+\s+){0,3}[\w'’-]+")
_SOURCE = rf"(?:{_PRONOUN}|{_NAME}|{_DET_PHRASE})"
_LONG_SOURCE = r"[\w.'’-]+(?:\s+[\w.'’-]+){0,7}?"
"""Up to 8 words with no punctuation before a sentence's first reporting verb: nearly
always its subject ("Sixty-six percent", "Top Republican Party donor Sheldon Adelson")."""
_NOT_SOURCE_END = frozenset("and but or then also who which that when while if as".split())
_NOT_IN_SOURCE = frozenset(
    """he she they i we it you it's that's there's he's she's who which is was are were
    will would can could has have had do does did be been not never says said""".split())
_TRAIL_CUES = r"(?:said|says|added|adds|explained|noted|wrote|writes|argued|insisted|warned|" \
              r"claimed|told \w+|continued|stressed|recalled|acknowledged|asked|replied|" \
              r"responded|concluded|joked|tweeted|declared|stated)"
_TAIL = r"(?:\s+(?:on|in|at|last|this|late|early|during|after|before|to)\b[^,;:!?“”\"]{0,80}?|" \
        r"\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|today|yesterday))?"

# "…, he said." / "…," the official said on Monday.
_TRAILING = re.compile(
    rf"(?P<content>.+?[,?!—–]\s*[”\"’]?|.+?[”\"’])\s+(?P<source>{_SOURCE})\s+"
    rf"(?P<cue>{_TRAIL_CUES}){_TAIL}\s*[.!]?[”\"’]?$", re.S)
# "…," said Jane Doe.
_INVERTED = re.compile(
    rf"(?P<content>.+?[,?!—–]\s*[”\"’]?)\s+(?P<cue>said|says|added|adds|explained|wrote|"
    rf"asked|continued|noted)\s+(?P<source>{_NAME}|{_DET_PHRASE}){_TAIL}\s*[.!]?$", re.S)
# "Trump said (on Monday) that …" / "But he says …" / "Brafman said, “…”"
_LEADING = re.compile(
    rf"(?:(?:But|And|So|Yet|Still|Now|Later|Earlier),?\s+)?"
    rf"(?P<source>{_PRONOUN}|{_NAME}|{_DET_PHRASE}|{_LONG_SOURCE})\s+"
    rf"(?:(?:has|have|had|also|later|then|again|publicly|repeatedly|previously)\s+){{0,2}}"
    rf"(?P<cue>said|says|added|explained|noted|argued|insisted|warned|claimed|believes|"
    rf"thinks|told\s+[\w\s]{{1,30}}?(?=\s+that\b)|acknowledged|predicted|stressed|"
    rf"contended|maintained|conceded|suggested|announced|wrote|writes)"
    rf"(?:\s+(?:on|in|at|last|this|during)\s+[^,.;:!?“”\"]{{1,40}}?(?=\s+that\b|,))?"
    rf"(?:\s*[,:])?\s+(?P<content>(?:that\s+)?[^\s].+)$", re.S)
# "The museum, Mr. Bush said, celebrated …"
_INTERPOSED = re.compile(
    rf"(?P<content>[^,“”\"]{{8,}}?),\s+(?P<source>{_PRONOUN}|{_NAME}|{_DET_PHRASE})\s+"
    rf"(?P<cue>said|says|added|argued|noted|wrote|writes|explained|insisted|warned)"
    rf"(?:\s+(?:on|in|at|last|this)\s+[^,.;:!?“”\"]{{1,30}})?,\s+(?P<content2>\S.{{8,}})$",
    re.S)
# "“…,” Adelson said during the interview in Macau, the world’s largest …": the quote,
# then its reporting clause; whatever follows the cue is circumstance, not content
_QUOTE_LED_CUES = (r"said|says|added|adds|explained|noted|wrote|writes|argued|insisted|warned|"
                   r"told|asked|replied|responded|recalled|continued|joked|tweeted|declared|"
                   r"stated")
"""Cues that may follow a quotation and its speaker ("“…,” she said" / "“…,” Name said")."""
_QUOTE_HEAD = re.compile(
    rf"(?P<content>[“\"][^“”\"]+[,?!—–][”\"])\s+(?P<source>{_PRONOUN}|{_NAME}|{_DET_PHRASE})\s+"
    rf"(?P<cue>{_QUOTE_LED_CUES})\b(?P<rest>[^“”\"]*)$", re.S)
_TITLED_NAME = rf"(?:[\w.'’-]+\s+){{1,4}}?{_NAME}"
"""A name after up to four words of title or role: "election law expert Rick Hasen",
"Snyder spokesman Dave Murray", "a spokesman for Trump"."""
_NOT_APPOSITIVE = (r"(?!(?:on|in|at|during|after|before|while|when|as|to|for|with|from|by|"
                   r"of|about|and|but|or|because|since|though|although|speaking|according)\b)")
"""What follows "Name, " is a circumstance, not an appositive, when it opens with one of
these ("O'Neill, on what was his first full day")."""
_APPOSED_NAME = (rf"{_NAME},\s+{_NOT_APPOSITIVE}[^,;“”\"]{{3,120}}"
                 rf"(?:,\s+{_NOT_APPOSITIVE}[^,;“”\"]{{3,120}})?,")
"""A name and one or two appositives between commas: "Scott Pruitt, the Republican
attorney general of Oklahoma, one of the states suing the EPA,"."""
# "“…,” election law expert Rick Hasen tweeted Monday." / "“…,” Vann R. Newkirk II, a
# writer for The Atlantic, said on Twitter.": a quotation, then the clause reporting it
_QUOTE_LED = re.compile(
    rf"(?P<content>[“\"][^“”\"]+[,?!—–][”\"])\s+(?P<source>{_APPOSED_NAME}|{_TITLED_NAME})\s+"
    rf"(?P<cue>{_QUOTE_LED_CUES})\b(?P<rest>[^“”\"]*)$", re.S)
# "“…,” said Kenneth Baer, a former Obama administration official who runs Crosscut
# Strategies." / "“…,” replied Sanders."
_QUOTE_INVERTED = re.compile(
    rf"(?P<content>[“\"][^“”\"]+[,?!—–][”\"])\s+(?P<cue>said|says|added|adds|explained|"
    rf"noted|wrote|asked|continued|replied|responded|recalled)\s+"
    rf"(?P<source>{_NAME}(?:,\s+{_NOT_APPOSITIVE}[^,;“”\"]+?)?)\s*[.!]?$", re.S)
"""One appositive, to the end of the sentence: after a second comma may come a time or
place ("…, a board spokeswoman, in an email") that the parser leaves out."""
_QUOTE_LED_RULES = frozenset({"quote-led", "quote-inverted", "trailing-long"})
_LONG_DET_SOURCE = (r"(?:[Tt]he|[Aa]n?|[Oo]ne|[Tt]wo|[Tt]hree|[Ss]ome|[Ss]everal|[Aa]nother)"
                    r"\s+(?:[\w.'’-]+\s+){1,8}?[\w'’-]+")
_RELATIVE = r",\s+(?:who|whose)\s+[^,;“”\"]{3,120},"
# "…, a source familiar with the matter said on Thursday." / "…, John Smith, who chairs
# the board, said." / "…, chairman of both companies Li Ka-shing said.": the wire's
# trailing clause with a source too long for the shapes above, which the small parser
# reads as an appositive of the content's last noun (no speaker, the source inside the
# content). Tried last; the content must be a clause of five words or more.
_TRAILING_LONG = re.compile(
    rf"(?P<content>.+?[,—–]\s*[”\"’]?)\s+"
    rf"(?P<source>(?:{_NAME}|{_LONG_DET_SOURCE})(?:{_RELATIVE})?|{_TITLED_NAME})\s+"
    rf"(?P<cue>{_TRAIL_CUES}){_TAIL}\s*[.!]?[”\"’]?$", re.S)
_NOT_IN_TITLE = frozenset(
    """as and but or while when after before because since until where if then also to
    who which that""".split())
"""Words that end a subject rather than belong to a role before a name ("the crowd
chanted as Obama said": the source is not "the crowd chanted as Obama")."""

# "According to officials, …" / "…, according to the police."
_ACCORDING_FIRST = re.compile(
    r"(?P<cue>[Aa]ccording to)\s+(?P<source>[^,;:“”\"]{2,60}?),\s+(?P<content>.+)$", re.S)
_ACCORDING_LAST = re.compile(
    r"(?P<content>.+?),\s+(?P<cue>according to)\s+(?P<source>[^,;:“”\"]{2,60}?)\s*[.!?]?$",
    re.S)

_PATTERNS = (
    ("trailing", _TRAILING),
    ("inverted", _INVERTED),
    ("according", _ACCORDING_FIRST),
    ("according", _ACCORDING_LAST),
    ("leading", _LEADING),
    ("interposed", _INTERPOSED),
    ("quote-head", _QUOTE_HEAD),
    ("quote-led", _QUOTE_LED),
    ("quote-inverted", _QUOTE_INVERTED),
    ("trailing-long", _TRAILING_LONG),
)
_CAPITALISED_STARTERS = frozenset(
    "The A An Another One Two Three Some Many Several His Her Their But And So Yet Still "
    "Then Now Also However Meanwhile In On At If When While After Before Because Although "
    "Though As This That These Those It He She They We I You There Here".split())


def _strip(text: str, s: int, e: int, chars: str = " ,;:—–") -> Span:
    while s < e and (text[s].isspace() or text[s] in chars):
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] in chars):
        e -= 1
    return s, e


def match_sentence(text: str, start: int, end: int, sentence: int,
                   quoted: Callable[[int], bool],
                   live: tuple[list[Span], bool] | None = None) -> list[Found] | None:
    """The attribution of ``text[start:end]`` when the sentence fits one shape exactly,
    else None (parse it). Exactly one cue word may lie outside quotation marks.

    ``live``: the sentence's :func:`cues.live_cues` when the caller has them; a cue form
    that is a noun by position ("the report said") then does not count as a second cue."""
    if live is None:
        outside = [(s, e) for s, e in cue_words(text, start, end) if not quoted(s)]
    else:
        outside = live[0]
    has_according = "ccording to" in text[start:end]
    if not outside and not has_according or len(outside) + has_according > MAX_CUE_WORDS:
        return None
    sent = text[start:end]
    for rule, rx in _PATTERNS:
        m = rx.match(sent)
        if not m:
            continue
        cs, ce = m.span("cue")
        if rule == "according":
            if outside and has_according:
                continue
        else:
            cue = (start + cs, start + cs + len(sent[cs:ce].split()[0]))
            # the reporting verb must govern the others: first word of a leading clause,
            # last of a trailing one; the others then lie inside the content
            if cue != (outside[0] if rule == "leading" else outside[-1]):
                continue
            if has_according:
                continue
        src = m.group("source")
        if rule == "leading" and src.split()[0] in _CAPITALISED_STARTERS \
                and not re.match(_DET_PHRASE + "$", src) and src not in ("He", "She", "They",
                                                                        "We", "I", "It"):
            continue  # "But Trump said …" is fine for the parser, not for a regex
        if quoted(start + m.start("source")):
            continue
        if rule in _QUOTE_LED_RULES:
            # a name with an appositive may hold any words after its comma ("Joseph,
            # who has four children"); the words before it are a role and a name
            head = src.split(",")[0].lower().split()
            if any(w in _NOT_IN_SOURCE or w in _NOT_IN_TITLE for w in head):
                continue
        else:
            words = src.lower().split()
            if words[-1] in _NOT_SOURCE_END or any(w in _NOT_IN_SOURCE for w in words[1:]):
                continue  # "rubbed his chin and said", "It's something she said"
        content = _strip(text, start + m.start("content"), start + m.end("content"))
        if rule == "trailing-long" and len(text[content[0]:content[1]].split()) < 5:
            continue  # "In 2010, the company that built it said": no clause reported
        contents = [content]
        if "content2" in m.groupdict():
            contents.append(_strip(text, start + m.start("content2"), start + m.end("content2")))
        source = _strip(text, start + m.start("source"), start + m.end("source"))
        if text[source[1] - 1] == ".":
            last = text[source[0]:source[1] - 1].split()[-1:] or [""]
            if len(last[0]) > 1 and last[0].lower() not in ABBREVIATIONS:
                source = (source[0], source[1] - 1)  # "said Ann Lee." ends the sentence
        cue_word = sent[cs:ce].split()[0]
        lemma = lemma_of(cue_word) or "according to"
        cue_end = start + cs + len(cue_word) if rule != "according" else start + ce
        if content[1] - content[0] < 3:
            return None
        return [Found([(start + cs, cue_end)], [source], contents, sentence=sentence,
                      lemma=lemma, rule="pattern-" + rule)]
    return None
