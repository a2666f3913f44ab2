"""Proper-name runs in raw text, found by rule in one linear pass.

Why not spaCy NER: it costs about a third of a parse per sentence and it would have to
run on the whole article to see every earlier mention of a speaker ("Sherko Omer" four
paragraphs before "Omer said"). Capitalised runs are enough to expand a surname to the
full name and to list the people a pronoun can point back to; NER-grade decisions
(person or organisation?) are made from the words of the run itself (``ORG_WORDS``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from retold.statements import lexicon as lx

_ABBREV = r"(?:Mr|Mrs|Ms|Dr|St|Jr|Sr|Gen|Sen|Rep|Gov|Lt|Col|Sgt|Capt|Prof|Rev|Hon|Adm|Maj|Supt|Insp|Det)\."
_CAP = rf"(?:{_ABBREV}|(?:[A-Z]\.){{2,}}|[A-Z]\.(?![A-Za-z])|[A-ZÀ-ÖØ-Þ](?:[A-Za-zÀ-ÖØ-öø-ÿ\-]|['’][A-Za-zÀ-ÖØ-öø-ÿ])*)"
_PARTICLE = r"(?:de|da|del|della|der|den|di|du|la|le|van|von|bin|ibn|al|el|dos|das|ter|ten|abu|bint)"
RUN = re.compile(rf"(?=[A-ZÀ-ÖØ-Þ])(?<!\w)(?<!\w['’]){_CAP}(?:[ \t]+(?:{_PARTICLE}[ \t]+)*{_CAP})*")
"""A maximal run of capitalised words, allowing name particles in between. A run starts
neither inside a word nor after a letter and an apostrophe ("rock'N'Roll"), but may start
after an opening straight quote ("the pseudonym 'Sherko Omer'"). (The
look-ahead at the front names the capitals every alternative of ``_CAP`` starts with:
the regex engine then skips other characters fast, ~45% less time on article text,
same matches.)"""

_NOT_SURNAMES = frozenset({"day", "eve", "week", "weekend", "month", "year", "night", "morning",
                           "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
                           "sunday"})
"""Last words of capitalised phrases that are dates, not people ("Christmas Day")."""
_TITLE_OF = re.compile(r"\b(?:Secretary|Minister|Chief|Director|Head|Chair|Commissioner|"
                       r"Governor|Minister-designate)\s+of\s+(?:the\s+)?$")
_PLURAL_ROLE_STEMS = lx.ROLE_NOUNS | {"mp", "mpp"}  # "Labour MPs", "Senators"
_POSSESSIVE = re.compile(r"['’]s?$")
_NON_SPACE = re.compile(r"\S+")
_LEADING_NOT_NAMES = lx.NOT_NAMES - {"mr", "mrs", "ms", "dr"}
"""Function words dropped from the front of a run (a title like "Mr" is kept); built once,
not per run."""


@dataclass(frozen=True)
class NameRun:
    start: int
    end: int
    tokens: tuple[str, ...]  # name tokens after stripping titles and possessives
    title: tuple[str, ...]  # title words stripped from the front ("Mayor")
    possessive: bool

    @property
    def text(self) -> str:
        return " ".join(self.tokens)


def split_run(text: str, start: int) -> tuple[list[tuple[str, int]], bool]:
    """Tokens of a run with their offsets; trailing possessive removed."""
    out, possessive = [], False
    for m in _NON_SPACE.finditer(text):
        tok = m.group()
        out.append((tok, start + m.start()))
    if out:
        last, off = out[-1]
        if _POSSESSIVE.search(last) and len(last) > 2 and last[-2] in "'’":
            out[-1] = (last[:-2], off)
            possessive = True
        elif last.endswith(("'", "’")):
            out[-1] = (last[:-1], off)
            possessive = True
    return out, possessive


def is_org_tokens(tokens: tuple[str, ...] | list[str]) -> bool:
    """An organisation rather than a person: an org word, or a single all-caps acronym."""
    low = [t.lower().rstrip(".") for t in tokens]
    if len(low) == 2 and (low[0] in lx.MALE_FIRST_NAMES or low[0] in lx.FEMALE_FIRST_NAMES):
        return False  # "Christopher House" is a person despite "house"
    if any(t in lx.ORG_WORDS for t in low):
        return True
    last = tokens[-1] if tokens else ""
    if len(tokens) > 1 and len(last) >= 2 and last.isupper() and last.lower() not in lx.NAME_SUFFIXES:
        return True  # "Congressional Black Caucus PAC"
    return len(tokens) == 1 and len(tokens[0]) >= 2 and tokens[0].isupper()


def strip_titles(tokens: list[tuple[str, int]]) -> tuple[list[tuple[str, int]], list[str]]:
    """Drop leading function words, and everything up to the last title word, when a name
    follows ("Surrey Mayor Doug McCallum" -> "Doug McCallum", title "Surrey Mayor")."""
    while tokens and tokens[0][0].lower() in _LEADING_NOT_NAMES:
        tokens = tokens[1:]
    cut = -1
    if tokens and tokens[-1][0].lower().rstrip(".") in lx.TITLES and not any(
            t.lower().rstrip(".") in lx.NAME_HONORIFICS for t, _ in tokens[:-1]):
        return tokens, []  # titles only ("Prime Minister"): a role, no name to cut it
        # from; but "Mr. King" is a man named King
    for k, (tok, _) in enumerate(tokens[:-1]):
        if tok.lower() in lx.TITLES or tok.lower().rstrip(".") in lx.TITLES:
            cut = k
    title = [t for t, _ in tokens[: cut + 1]]
    return tokens[cut + 1:], title


def name_runs(text: str, start: int = 0, end: int | None = None) -> list[NameRun]:
    """Every capitalised run in ``text[start:end]`` as a :class:`NameRun` (titles split off).

    Linear: one regex pass; runs are short.
    """
    end = len(text) if end is None else end
    out: list[NameRun] = []
    for m in RUN.finditer(text, start, end):
        run = m.group()
        if " " not in run and "\t" not in run:  # one word, the common case
            single = _one_word_run(run, m.start())
            if single is not None:
                out.append(single)
        else:
            _add_runs(text, m, out)
    return out


def _add_runs(text: str, m: re.Match, out: list[NameRun]) -> None:
    """The run(s) of one regex match: the owner of a possessive ("Vancouver's"), titles
    split off, "Secretary of State …" cut to the name."""
    toks, possessive = split_run(m.group(), m.start())
    for k in range(len(toks) - 1, 0, -1):  # "Vancouver's Bo Horvat" -> "Bo Horvat"
        if toks[k - 1][0].endswith(("'s", "’s")):
            owner = [(t, o) for t, o in toks[:k]]
            owner[-1] = (owner[-1][0][:-2], owner[-1][1])
            owner, owner_title = strip_titles(owner)
            if len(owner) >= 2:  # "Jeanine Durning’s This Shape": the owner is a name too
                out.append(NameRun(owner[0][1], owner[-1][1] + len(owner[-1][0]),
                                   tuple(t for t, _ in owner), tuple(owner_title), True))
            toks = toks[k:]
            break
    toks, title = strip_titles(toks)
    if len(toks) >= 3 and _TITLE_OF.search(text, max(0, m.start() - 40), toks[0][1]):
        keep = 2  # "Secretary of State Mike Pompeo", "… of State John F. Kerry"
        while keep < len(toks) and re.fullmatch(r"[A-Z]\.", toks[-keep][0]):
            keep += 1
        title, toks = title + [t for t, _ in toks[:-keep]], toks[-keep:]
    if not toks:
        return
    s = toks[0][1]
    e = toks[-1][1] + len(toks[-1][0])
    out.append(NameRun(s, e, tuple(t for t, _ in toks), tuple(title), possessive))


def _one_word_run(word: str, start: int) -> NameRun | None:
    """What :func:`_add_runs` makes of a one-word run, without its
    token lists: the possessive cut off as :func:`split_run` does, None for a function
    word :func:`strip_titles` would drop (~85% of PolNeAR's runs are one word)."""
    possessive = False
    if _POSSESSIVE.search(word) and len(word) > 2 and word[-2] in "'’":
        word, possessive = word[:-2], True
    elif word.endswith(("'", "’")):
        word, possessive = word[:-1], True
    if word.lower() in _LEADING_NOT_NAMES:
        return None
    return NameRun(start, start + len(word), (word,), (), possessive)


def looks_like_person(run: NameRun) -> bool:
    """At least two name-like tokens and no organisation word ("Polat Can", not "CTV News")."""
    if len(run.tokens) < 2:
        return False  # the common case (most runs are one word), before the word tests
    if is_org_tokens(run.tokens):
        return False
    words = [t for t in run.tokens if t.lower() not in lx.NAME_PARTICLES]
    if words and (words[-1].endswith("-") or len(words[-1].rstrip(".")) < 2):
        return False  # "Bill C-", "John F."
    if words and (words[0].lower() in lx.DEMONYMS or words[-1].lower() in lx.GROUP_HEADS_CAPITALISED):
        return False
    if words and (words[-1].lower() in _NOT_SURNAMES
                  or words[-1].endswith("s") and words[-1][:-1].lower() in _PLURAL_ROLE_STEMS):
        return False  # "Christmas Day", "Labour MPs"
    return len(words) >= 2 and not any(t.isupper() and len(t) > 2 for t in words)
