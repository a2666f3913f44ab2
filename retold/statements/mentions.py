"""What one source mention says about its speaker, read off the raw text.

"Omer", "he", "National Army of Syrian Kurdistan (YPG) spokesman Polat Can", "a source who
asked not to be named", "The RCMP statement": :func:`analyse_mention` decides whether a
mention is a pronoun, a proper name (and which run of the mention is the name, with the
role words around it) or a description with a head noun. Kept apart from the resolver in
``speakers.py`` so that each reads as one job: this module looks at one mention, the
resolver links mentions across the article.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from retold.statements import lexicon as lx
from retold.statements.names import NameRun, is_org_tokens, looks_like_person

WORD = re.compile(r"[\w][\w'’\-.]*")
PSEUDONYM = re.compile("|".join(lx.PSEUDONYM_PATTERNS), re.I)
_HEAD_CUT = re.compile(
    r"\s(?:who|which|that|whose|in|of|at|from|with|for|on|familiar|close|to|under|"
    r"involved|speaking|working|based|near|inside|within|among)\s|,|\(", re.I)
_TAIL = re.compile(r"\s*(?:\([^()]{0,40}\))?(?:\s+of\s+[A-Z][\w.]*(?:\s+[A-Z][\w.]*)*)?"
                   r"(?:\s*,\s*[DRI]-[A-Z][\w.]*)?"
                   r"\s*(?P<app>,[^,]{0,160},?)?\s*$")
"""What may follow the name at the end of a source mention: a parenthetical or party
and state, and an appositive ("Rep. Jim Jordan (R-Ohio), an oversight panel member",
"Rep. Lucille Roybal Allard, D-Calif., the incoming chairwoman")."""
_ROLE_APPOSITIVE = re.compile(
    r"(?:\s*,\s*[DRI]-[A-Z][\w.]*)?\s*(?P<app>,\s+(?:(?:a|an|the|then|now|former|of)\s|\d{1,3}(?=,)|"
    + "|".join(sorted((w.capitalize() for w in lx.TITLES | lx.ROLE_NOUNS if w.isalpha()), key=len, reverse=True))
    + r")\b.{0,200})$", re.S)
"""A longer appositive after a full name when it opens with a determiner, a title, an age
or "of" ("Navdeep Bains, Minister of Innovation, Science and Economic Development",
"Donna Sampson Rawlings, 59, of Ashton, Md.")."""
_RELATIVE = re.compile(r",?\s+(?:who|whose|whom)\s")
_MODIFIER_PREP = re.compile(r"\b(?:in|of|at|from|for|with|on|near|across|to)\s+(?:the\s+)?$")
_POSSESSOR = re.compile(r"^(?:(?:[Tt]he\s+)?([A-Z][\w.\-]*(?:\s[A-Z][\w.\-]*)*)['’]s?|([Hh]is|[Hh]er|[Tt]heir|[Ii]ts))\s")
_DETERMINER = re.compile(r"^(?:the|a|an|one|some|another|two|three|several|many|other|"
                         r"most|all|both|these|those|this|that)\s+", re.I)
APPOSITIVE = re.compile(
    r"^\s*,\s+((?:who\s+is\s+|who\s+was\s+)?(?:a|an|the|[A-Z][\w.\-]*['’]s|[A-Z][\w\-]*)\s"
    r"[^,.;:“”\"]{2,120}?)(?=,|\.|;|:|\s+said|\s+says|\s+told|$)")
_GENERIC_HEADS = lx.ROLE_NOUNS | lx.ANONYMOUS_WORDS | lx.DOCUMENT_WORDS
_ROLE_WORDS = lx.ROLE_NOUNS | lx.MALE_ROLE_WORDS | lx.FEMALE_ROLE_WORDS
"""Unions of lexicon sets, built once at import rather than at each call."""
_PREMOD_STOP = re.compile(
    r"(?:[,;:“”\"‘]|\b(?:said|says|told|tells|and|by|with|that|to|according|from|for|"
    r"as|when|while|but|because|after|before|where|said:)\b)", re.I)


@dataclass
class Mention:
    """What a source span says about its speaker."""

    kind: str  # pronoun | name | description | empty
    text: str
    span: list[int]
    pronoun: str = ""
    run: NameRun | None = None
    head: str = ""
    role: str = ""
    thing: bool = False  # the antecedent of "which": never a person


def head_phrase(text: str) -> str:
    """A description up to its head noun, post-modifiers cut ("The former
    sergeant-at-arms" of the House of Commons)."""
    return _HEAD_CUT.split(" " + text + " ", maxsplit=1)[0].strip()


def head_word(text: str) -> str:
    """Head noun of a description: the last word before a post-modifier."""
    core = head_phrase(text)
    words = WORD.findall(core)
    return words[-1].lower().rstrip(".") if words else ""


def analyse_mention(text: str, span: list[int], runs: list[NameRun],
                    midcaps: frozenset[str] = frozenset()) -> Mention:
    """Classify one source mention: pronoun, proper name (with role words) or description.

    A person's name counts only where it is the head of the mention (it ends the mention,
    or opens it before an appositive comma): in "Clinton's spokesman" or "a Freedom Mobile
    spokesperson" the capitalised words only modify a description.
    """
    s, e = span
    surface = text[s:e].strip()
    while e > s and not text[e - 1].isalnum():
        e -= 1
    low = surface.lower()
    if low in lx.PRONOUNS:
        return Mention("pronoun", surface, span, pronoun=low)
    if low in ("who", "whom"):  # "Jane Doe (D-Richmond), a lawyer who said …": the name before
        before = [r for r in runs if s - 80 <= r.end <= s and not is_org_tokens(r.tokens)
                  and not re.match(r"^[DRI]-[A-Z]", r.tokens[0]) and not in_parentheses(text, r, s - 80)
                  and _APPOSED.fullmatch(text, r.end, s)]
        if before:
            return Mention("name", surface, [before[-1].start, before[-1].end], run=before[-1])
        np = _antecedent_phrase(text, s)  # "a rally is planned by those who say …"
        if np is not None:
            return analyse_mention(text, np, runs, midcaps)
        return Mention("pronoun", surface, span, pronoun="they")
    if low in lx.RELATIVE_PRONOUNS:  # "the Internet polls that showed…": the noun phrase before
        np = _antecedent_phrase(text, s)
        if np is not None:
            found = analyse_mention(text, np, runs, midcaps)
            found.thing = low == "which" and found.kind == "description"
            return found
        return Mention("pronoun", surface, span, pronoun="it")
    head = head_word(surface)
    owner = _POSSESSOR.match(surface)
    if owner and head in lx.DOCUMENT_WORDS:
        who = owner.group(1) or owner.group(2)
        if who.lower() in lx.PRONOUNS:
            return Mention("pronoun", surface, span, pronoun=who.lower())
        inside = [r for r in runs if s <= r.start and r.end <= s + len(who) + 2]
        if inside:
            return Mention("name", surface, [inside[0].start, inside[0].end], run=inside[0])
    if head in lx.DOCUMENT_WORDS:  # "The RCMP statement", "the Sensei website": the owner speaks
        doc_word = re.search(rf"\b{re.escape(head)}\b", text[s:e], re.I)
        owners = [r for r in runs if doc_word and s <= r.start and r.end <= s + doc_word.start()
                  and not text[r.end:s + doc_word.start()].strip()]
        if owners and owners[-1].tokens[0].lower() not in lx.NOT_NAMES \
                and re.fullmatch(r"\s*(?:[Tt]he|[Aa]n?)?\s*", text[s:owners[-1].start]) \
                and is_name_candidate(text, owners[-1], midcaps):
            return Mention("name", surface, [owners[-1].start, owners[-1].end], run=owners[-1],
                            head="" if looks_like_person(owners[-1]) else "org")
    rel = _RELATIVE.search(text, s + 1, e)
    core_end = rel.start() if rel else span[1]  # "Espinos, who launched … Stan Lee": names after "who" modify
    inside = [r for r in runs if r.start >= s and r.end <= min(e, core_end)
              and is_name_candidate(text, r, midcaps)]
    if not inside:  # the source is part of a longer run ("Trudeau" in "Justin Trudeau\n\nTrudeau")
        words = surface.split()
        last = words[-1].lower().rstrip(".,") if words else ""
        if words and all(w[:1].isupper() for w in words) and words[0].lower() not in lx.NOT_NAMES \
                and last not in _GENERIC_HEADS:  # "Ex-IS Member"
            inside = [r for r in [NameRun(s, e, tuple(words), (), False)]
                      if is_name_candidate(text, r, midcaps)]
    alias = PSEUDONYM.search(surface)
    if alias:  # "a former technician, going by the pseudonym 'Sherko Omer', who ..."; also
        # in a relative clause: "The man, who uses the pseudonym 'Sherko Omer' and says …"
        named = [r for r in runs if s + alias.end() <= r.start <= s + alias.end() + 4
                 and r.end <= e and is_name_candidate(text, r, midcaps)]
        if named:
            role = surface[:alias.start()]
            relative = _RELATIVE.search(role)
            role = (role[:relative.start()] if relative else role).strip(" ,")
            return Mention("name", surface, [named[0].start, named[0].end], run=named[0],
                            role=role[0].lower() + role[1:] if role[:2] in ("A ", "An") else role)
    people = [r for r in inside if not is_org_tokens(r.tokens) and not r.possessive
              and not (r.tokens[0].lower() in lx.DEMONYMS and len(r.tokens) == 1)]
    people = [r for r in people if not in_parentheses(text, r, s)  # "(R-Utah)"
              and not re.match(r"^[DRI]-[A-Z]", r.tokens[0])
              and not (r.tokens[-1].lower().rstrip(".") in lx.TITLES and not r.title
                       and not looks_like_person(r))]  # "U.S. Secretary" of State Mike Pompeo
    if _joined_by_and(text, people, s):
        return Mention("description", surface, span, head="and")
    for run in people:  # the first name the rest of the mention can follow
        if _MODIFIER_PREP.search(text, max(s, run.start - 12), run.start):
            continue  # "Kurds in Kobane", "brother of Seth Jones of the Columbus Blue Jackets"
        tail = _TAIL.match(text, run.end, core_end)  # only "(R-Ohio)" and/or ", an oversight panel member"
        if tail is None and run.start <= s + 40 and looks_like_person(run):
            tail = _ROLE_APPOSITIVE.match(text, run.end, core_end)  # ", Minister of Innovation, Science and …"
        if tail and not (tail.group("app") and run.start > s + 40):
            app = (tail.group("app") or "").strip(" ,")
            later = [r for r in people if r.start > run.end and looks_like_person(r)
                     and text[r.start:r.end] == app]
            if later and not looks_like_person(run):  # "Keeper of the Ruler's Seal, Syed Danial Syed Ahmad"
                return Mention("name", surface, [later[0].start, later[0].end], run=later[0],
                               role=surface[:run.end - s].strip())
            role = premodifier_role(text, s, run)
            return Mention("name", surface, [run.start, run.end], run=run, role=role, head=app)
    inside = [r for r in inside if not (len(r.tokens) == 1 and r.tokens[0].lower() in lx.DEMONYMS)]
    if inside and not people and head not in lx.DOCUMENT_WORDS and head not in lx.ANONYMOUS_WORDS:
        last = inside[-1]
        opens = last.start <= s + 4 or inside[0].start <= s + 4
        if opens and last.end >= e - 1:
            return Mention("name", surface, span, run=last, head="org" if is_org_tokens(last.tokens) else head)
    return Mention("description", surface, span, head=head)


_APPOSED = re.compile(r"\s*(?:\([^()]{0,40}\)\s*)?(?:(?:,|\s+(?:is|was|has\s+been|had\s+been))\s*"
                      r"(?:a|an|the)\s[^,.;:!?\n]{0,80}?)?,?\s*")
"""What may stand between a name and its "who": nothing, a parenthetical, an appositive
or a predicate noun ("Jane Doe (D-Richmond), a lawyer who …", "Kaine is a former civil
rights lawyer who …"); not a clause ("X reports, a rally … by those who")."""
_DETERMINER_WORD = re.compile(r"\b(?:the|a|an|this|these|those|his|her|their|its)\s", re.I)


def _antecedent_phrase(text: str, start: int) -> list[int] | None:
    """The noun phrase a relative pronoun at ``start`` refers to: from the last determiner
    before it ("China has been outspoken about [the arrest], which"), else the word before
    ("[residents] who")."""
    lo = max(0, start - 80)
    last = None
    for det in _DETERMINER_WORD.finditer(text, lo, start):
        last = det.start()
    phrase_start = last if last is not None and len(text[last:start].split()) <= 6 else None
    if phrase_start is None:
        words = list(re.finditer(r"[\w'’\-]+", text[lo:start]))
        if not words:
            return None
        phrase_start = lo + words[-1].start()
    end = start
    while end > phrase_start and text[end - 1] in " ,":
        end -= 1
    if end <= phrase_start or re.search(r"[.!?;:\n]", text[phrase_start:end]):
        return None
    return [phrase_start, end]


def _joined_by_and(text: str, people: list[NameRun], start: int) -> bool:
    """Is the source a group of named people?

    When a name opens the mention, only names joined by "and" from the first one count,
    with nothing but commas, parentheticals and titles between them ("Tore Sohlberg and
    Lehla Abreder", "Sens. Jeff Merkley (D-Ore.), Sherrod Brown (D-Ohio) and …", "Mr.
    Grassley and Mr. Leahy"); an "and" further on ("Navdeep Bains, Minister of Innovation,
    Science and Economic Development", "Espinos, who … in Mexico and met … Stan Lee") does
    not make a group. When a description opens it ("Critics of the program, like Senators
    X … and Y …"), any "and" between its names does."""
    if len(people) < 2:
        return False
    lead = text[start:people[0].start]
    if len(lead) > 40 or "," in lead or _LEAD_PREP.search(lead):
        return bool(re.search(r"\b(?:and|&)\b", text[people[0].end:people[-1].start]))
    joined = False
    for a, b in zip(people, people[1:]):
        gap = text[a.end:b.start]
        if b.title:
            gap = _TRAILING_TITLE.sub(" ", gap)
        m = _NAME_GAP.fullmatch(gap)
        if not m or _LEAD_PREP.search(m.group("mods") or "") or "who" in (m.group("mods") or ""):
            return False
        joined = joined or bool(re.search(r"\b(?:and|&)\s", gap))
        if joined:
            return True
    return False


_LEAD_PREP = re.compile(r"\b(?:of|from|like|at|by|in|with|for|to|as|among|including)\b", re.I)
_TRAILING_TITLE = re.compile(r"(?:\s*[A-Z][\w.\-]*)+\s*$")
_NAME_GAP = re.compile(r"\s*(?:\([^()]{0,40}\))?\s*(?:,\s*[DRI]-[A-Z][\w.\-]*)?\s*,?\s*"
                       r"(?:(?:and|&)\s+(?P<mods>(?:[\w.\-]+\s+){0,4}))?")
"""Between two names of one group: a parenthetical or party and state, a comma, "and",
and the second one's role words ("President Obama and Republican presidential nominee
Donald Trump")."""


def is_name_candidate(text: str, run: NameRun, midcaps: frozenset[str] = frozenset()) -> bool:
    """Reject sentence-initial common words ("Officials said", "Some voters")."""
    if len(run.tokens) > 1 or run.title:
        return True
    tok = run.tokens[0]
    low = tok.lower()
    if low in lx.NOT_NAMES or low in lx.PRONOUNS:
        return False
    if sentence_initial(text, run.start):
        sing = low[:-1] if low.endswith("s") else low
        if {low, sing} & _GENERIC_HEADS:
            return tok in midcaps  # "Officials said": capitalised only as the first word
        return tok in midcaps or not occurs_as_word(text, low)
    return True


@lru_cache(maxsize=4096)
def occurs_as_word(text: str, word: str) -> bool:
    """Does ``word`` occur in ``text`` as a whole word (case as given)?

    Cached: the same sentence-initial word of an article is asked about once per
    mention, and each ask scans the whole article (``text`` hashes once per string)."""
    at = text.find(word)
    while at >= 0:  # each occurrence (a substring search) checked at its edges
        if not (at and _WORD_OR_APOSTROPHE.match(text, at - 1)) \
                and not _WORD_CHAR.match(text, at + len(word)):
            return True
        at = text.find(word, at + 1)
    return False


_WORD_OR_APOSTROPHE = re.compile(r"[\w'’]")
_WORD_CHAR = re.compile(r"\w")


def headline(text: str, offset: int) -> bool:
    """Is ``offset`` on a short Title Case line ("Obama Sees 'Personal Insult' If…")?"""
    start = text.rfind("\n", max(0, offset - 300), offset) + 1
    end = text.find("\n", offset, offset + 300)
    if start == 0 and offset > 300 or end < 0 and len(text) - offset > 300:
        return False  # not a short line
    line = text[start:end if end >= 0 else len(text)]
    if re.search(r"[.!?]\s+\S", line):
        return False  # a caption or prose with several sentences, not a headline
    words = re.findall(r"[A-Za-z][\w'’\-]*", line)
    if len(words) < 4:
        return False
    return sum(w[0].isupper() for w in words) >= 0.7 * len(words)


def in_parentheses(text: str, run: NameRun, start: int) -> bool:
    opened = text.rfind("(", start, run.start)
    return opened >= 0 and text.find(")", opened, run.start) < 0


def sentence_initial(text: str, offset: int) -> bool:
    before = text[max(0, offset - 4):offset]
    if offset == 0 or not before.strip():
        return True
    before = before.rstrip()
    if before[-1:] in "”’" and before[-2:-1] in (".", "!", "?"):
        return True  # "…go deeper.” Durning did not"
    return before[-1:] in ".!?\n“\"‘"


def premodifier_role(text: str, source_start: int, run: NameRun) -> str:
    """Role words before a name: the run's stripped title plus the words between the
    start of the noun phrase and the name ("National Army of Syrian Kurdistan (YPG)
    spokesman" before "Polat Can")."""
    return _premodifier_before(text, run.start)


@lru_cache(maxsize=4096)
def _premodifier_before(text: str, start: int) -> str:
    """:func:`premodifier_role` of a name at ``start``; cached, since speakers, salience
    and mentions ask about the same name ~1.5 times on average."""
    lo = max(0, start - 160)
    before = text[lo:start]
    cut = 0
    for m in _PREMOD_STOP.finditer(before):
        cut = m.end()
    nl = before.rfind("\n")
    cut = max(cut, nl + 1)
    phrase = before[cut:].strip()
    phrase = re.sub(r"^(?:the|a|an)\s+", "", phrase, flags=re.I)
    if not phrase:
        return ""
    words = WORD.findall(phrase)
    if not words:
        return ""
    last = words[-1].lower().rstrip(".")
    if last not in lx.ROLE_NOUNS and last not in lx.TITLES:
        return ""
    if len(words) <= 7:
        return phrase
    keep = []  # a long stretch: keep its tail of capitalised, role and title words
    for w in reversed(phrase.split()):
        low = w.lower().strip("().,").rstrip(".")
        if w[:1].isupper() or w[:1] == "(" or low in lx.ROLE_NOUNS or low in lx.TITLES \
                or low in ("of", "for", "and", "the"):
            keep.append(w)
        else:
            break
    return " ".join(reversed(keep)).lstrip("(").strip()


def has_role_noun(phrase: str) -> bool:
    words = {w.lower().rstrip(".,") for w in WORD.findall(phrase)}
    return bool(words & _ROLE_WORDS)


def strip_determiner(text: str) -> str:
    return _DETERMINER.sub("", text.strip())
