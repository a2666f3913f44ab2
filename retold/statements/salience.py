"""Salience: which person or organisation the text is about at a given point.

The speaker resolver (:mod:`retold.statements.speakers`) scores antecedents by recency.
That misses what readers use most: a pronoun that opens a reporting clause continues the
person the previous sentence was about ("Bissonnette had a history of mental illness. He
told psychologists …"), a quote with no cue belongs to the person the sentence before it
introduces ("Durning did not need much coaxing. “I’m thankful …”"), and "the company"
is the organisation just named even if it never spoke ("according to media buying company
GroupM. … the company wrote"). These centering-style rules live here, as a mixin of the
resolver, so that ``speakers.py`` keeps the entity bookkeeping and the recency model.

Sentences and quotation spans come from :class:`retold.statements.discourse.Discourse`;
everything else (entities, name runs, positional indexes) from the resolver
(``self.text``, ``self.runs``, ``self._person_log``, ``self._find_named`` …). Each rule
looks at a bounded window (:data:`CARRY_SENTENCES` sentences), so the cost per statement
does not grow with the article.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from typing import TYPE_CHECKING

from retold.records import Statement
from retold.statements import lexicon as lx
from retold.statements.mentions import (has_role_noun, headline, is_name_candidate,
                                        premodifier_role, sentence_initial)
from retold.statements.names import NameRun, is_org_tokens, looks_like_person

if TYPE_CHECKING:
    from retold.statements.entities import Entity

_ORG_INTRO = re.compile(r"\b(?:company|firm|agency|group|organization|organisation|"
                        r"network|charity|union|startup|retailer|lender|bank|insurer|"
                        r"publisher|broadcaster|manufacturer|maker|giant|watchdog)\s+$")
""""media buying company GroupM": a lower-case organisation noun right before a name."""
_BUSINESS_HEADS = frozenset({"company", "firm"})
_KIND_HEADS = frozenset("""ministry department police army military navy court parliament
senate congress embassy consulate university school hospital council committee commission
cabinet bureau party union""".split())
"""Heads that name a kind of body its name must say ("the ministry" is a "... Ministry"
or "Ministry of ...", never the "World Bank" named before it); "the agency", "the
authority" or "the office" may stand for any public body ("the U.S. State Department")."""
_PUBLIC_BODY_WORDS = frozenset("""
ministry department office agency commission committee council court police army forces
force military navy government administration senate house congress parliament assembly
cabinet bureau embassy consulate authority board party union university school hospital
""".split())

ROLE_OR_TITLE = lx.ROLE_NOUNS | lx.TITLES
_HONORIFICS = lx.MALE_TITLES | lx.FEMALE_TITLES | {"dr", "dr."}

_SENTENCE_GAP = re.compile(r"[.!?][”\"’']*\s+")
_FRONTED = re.compile(
    r"(?:When|After|As|While|Although|Though|If|Because|Since|Before|Until|Once|In|On|At|For|"
    r"With|Despite|During|Under|Following|Unlike|Like|Besides)\b[^,.;:!?“”\"\n]{1,150},\s*")
""""In addition to Browder’s death, " opening a sentence: not where its subject is."""
_PRONOUN_SUBJECT = re.compile(r"[“\"‘]?\s*(?:He|She|he|she)\b")
_LOCATIVE = re.compile(r"\b(?:in|at|near|across|outside|inside|throughout)\s+(?:the\s+)?$")
_LOWER_WORDS = re.compile(r"(?:\s+[a-z][\w\-]*)+\s+")
_POSSESSED_APPOSITIVE = re.compile(r"['’]s?\s+(?:[a-z][\w\-]*\s+){0,5}?[a-z][\w\-]*,\s+(?=[A-Z])")
_ROLE_DESCRIPTION = re.compile(
    rf"\b[Tt]he\s+(?:[a-z\-]+\s+){{0,2}}({'|'.join(sorted(lx.ROLE_NOUNS, key=len, reverse=True))})\b")
""""the mayor", "the former finance minister": a role that may name a known person."""

CARRY_SENTENCES = 3
"""Sentences a pronoun looks back for the person the text was just about."""


def _in_brackets(text: str, lo: int, offset: int) -> bool:
    """Is ``offset`` inside parentheses opened after ``lo`` ("(Muriel Draaisma/CBC)")?"""
    opened = text.rfind("(", lo, offset)
    return opened >= 0 and text.find(")", opened, offset) < 0


def named_person(ent: Entity) -> bool:
    """Does ``ent`` carry a person's name: two name words, or one with a title or role
    ("Mr. Hawes")? A lone capitalised word that never got a first name ("TransLink",
    "SNC-Lavalin") may be an organisation the article never calls one."""
    if len(ent.tokens) >= 2:
        return True
    return bool(ent.tokens) and (ent.tokens[0].lower() in lx.FIRST_NAMES
                                 or any(has_role_noun(r) or honorific(tuple(r.split())) for r in ent.roles))


def honorific(title: tuple[str, ...]) -> bool:
    """Is one of ``title`` a form of address ("Mr.", "Ms.", "Dr.")?"""
    return bool({t.lower() for t in title} & _HONORIFICS)


def _carries(ent: Entity, want: str | None) -> bool:
    """May ``ent`` be the person a he/she carries over? Its gender must agree; a person of
    unknown gender qualifies only with a name and a role ("spokesperson Lu Kang"), which
    keeps out capitalised non-persons ("Christmas Day", "Kinder Morgan") and nameless
    descriptions."""
    if ent.type != "person":
        return False
    if want is None or ent.gender == want:
        return True
    return ent.gender is None and bool(ent.tokens) and any(has_role_noun(r) for r in ent.roles)


class SalienceMixin:
    """Discourse rules of :class:`retold.statements.speakers.Resolver` (see module doc)."""

    def premodifies(self, run: NameRun) -> bool:
        """Does ``run`` only modify a role before a name ("Toronto retiree Doug Purdy",
        "Mississauga accountant Babatunji Farinloye")? Then it names no person itself."""
        k = bisect_left(self._all_starts, run.end)
        if k >= len(self.runs):
            return False
        between = self.text[run.end:self.runs[k].start]
        words = between.split()
        return 1 <= len(words) <= 4 and bool(_LOWER_WORDS.fullmatch(between)) \
            and words[-1].lower() in ROLE_OR_TITLE

    def introduced_before(self, statement: Statement) -> Entity | None:
        """The speaker of a follow-on quote that a sentence of its paragraph introduces:
        "Durning did not need much coaxing. “I’m thankful …”" or "Martell, the addictions
        doctor, is more blunt: “…”". The introducing sentence must open with the person
        (role words may precede the name) and hold no quotation of its own; otherwise
        the quote continues the previous statement's speaker."""
        frags = [f for f in statement.content if f]
        if not frags:
            return None
        text, d = self.text, self.discourse
        q = frags[0][0]
        i = d.sentence_of(q)
        if i < 0:
            return None
        lead = text[d.sentences[i][0]:q]
        if lead.strip(" “\"‘'") == "":
            if i == 0 or "\n" in text[d.sentences[i - 1][1]:q]:
                return None
            lo, hi = d.sentences[i - 1]
        elif lead.rstrip(" “\"‘'").endswith((":", ".", "!", "?")):
            lo, hi = d.sentences[i][0], q  # the splitter keeps ". “I’m" in one sentence
            inner = [m.end() for m in _SENTENCE_GAP.finditer(text, lo, q - 2)]
            lo = inner[-1] if inner else lo
        else:
            return None
        if d.quoted(hi - 1) or any(d.quoted(k) for k in range(lo, hi, 8)):
            return None  # the sentence quotes someone itself
        for run in self.runs[bisect_left(self._all_starts, lo):bisect_left(self._all_starts, hi)]:
            if run.start > lo + 80:
                break
            if self.premodifies(run):
                continue  # "Toronto" retiree Doug Purdy
            if not (sentence_initial(text, run.start) or premodifier_role(text, lo, run)):
                continue
            ent = self._person_of_run(run)
            if ent is not None and (ent.gender or any(has_role_noun(r) for r in ent.roles)
                                    or id(ent) in self._number):
                if id(ent) not in self._number:
                    self._add_entity(ent)
                self._mention(ent, [run.start, run.end])
                return ent
            break
        return None

    def _carried_over(self, pos: int, want: str | None, outside) -> Entity | None:
        """The person the text was just about: "Bissonnette had a history of … He told
        psychologists", "Spokesperson Lu Kang gave no details … But he said". When the
        pronoun's own sentence names nobody before it, the first compatible person named
        outside quotation marks in the nearest earlier sentence that names one (at most
        :data:`CARRY_SENTENCES` back) is the antecedent: the subject, or failing that the
        most prominent mention (centering's preferred center)."""
        d = self.discourse
        i = d.sentence_of(pos)
        if i < 0:
            return None
        if self._first_person_in(d.sentences[i][0], pos, None, outside)[0]:
            return None
        for k in range(i - 1, max(-1, i - 1 - CARRY_SENTENCES), -1):
            s, e = d.sentences[k]
            main = self._main_clause(s, e)
            if _PRONOUN_SUBJECT.match(self.text, main, e):
                return None  # "She has assumed a role …, advising President Htin Kyaw": recency decides
            for lo, hi in ((main, e), (s, main)):  # "When he bought the mine from Patriot, Mr. Clarke said"
                named, ent = self._first_person_in(lo, hi, want, outside)
                if named:
                    return ent  # the sentence's first person decides, even by not fitting
        return None

    def _main_clause(self, lo: int, hi: int) -> int:
        """Where the main clause of the sentence ``[lo, hi)`` starts: after a fronted
        adverbial or subordinate clause ("In addition to Browder’s death, DuVernay …")."""
        m = _FRONTED.match(self.text, lo, hi)
        return m.end() if m else lo

    def _first_person_in(self, lo: int, hi: int, want: str | None, outside) -> tuple[bool, Entity | None]:
        """Whether ``[lo, hi)`` names a person outside quotation marks and parentheses
        (photo credits), and the first one if it may be the antecedent (a named, credible
        person of gender ``want``): a known person's mention (a name or a resolved
        pronoun), a full name, a surname the article gives in full elsewhere, or "the
        mayor" for the person holding that role."""
        d = self.discourse
        text = self.text
        found: list[tuple[int, Entity]] = []
        log = self._person_log
        for k in range(bisect_left(log, (lo, -1)), bisect_left(log, (hi, -1))):
            m, n = log[k]
            if outside(m) and not d.quoted(m) and not _in_brackets(text, lo, m):
                found.append((m, self.entities[n]))
                break
        for run in self.runs[bisect_left(self._all_starts, lo):bisect_left(self._all_starts, hi)]:
            if found and run.start >= found[0][0]:
                break
            if d.quoted(run.start) or not outside(run.start) or _in_brackets(text, lo, run.start):
                continue
            ent = self._person_of_run(run)
            if ent is not None:
                found.append((run.start, ent))
                break
        for m in _ROLE_DESCRIPTION.finditer(text, lo, hi):
            if found and m.start() >= min(f[0] for f in found):
                break
            if d.quoted(m.start()) or not outside(m.start()):
                continue
            ent = self._definite(m.group(1).lower(), m.start())
            if ent is not None and ent.type == "person":
                found.append((m.start(), ent))
                break
        if not found:
            return False, None
        at, ent = min(found, key=lambda f: f[0])
        ent = self._renamed_possession(at, hi) or ent
        if named_person(ent) and _carries(ent, want) and self._credible(ent):
            return True, ent
        return True, None

    def _renamed_possession(self, at: int, hi: int) -> Entity | None:
        """"Gill's rival on the council, Doug Elford, took a different view. He said …":
        a possessive that opens a noun phrase renamed by an appositive name is not what
        the sentence is about; the appositive's person is ("Brenda Locke's office
        released figures. She said …" stays Locke's: nobody renames the office)."""
        k = bisect_left(self._all_starts, at)
        if k >= len(self.runs) or self.runs[k].start != at or not self.runs[k].possessive:
            return None
        m = _POSSESSED_APPOSITIVE.match(self.text, self.runs[k].end, hi)
        j = bisect_left(self._all_starts, m.end()) if m else len(self.runs)
        if j < len(self.runs) and self.runs[j].start == m.end():
            return self._person_of_run(self.runs[j])
        return None

    def _credible(self, ent: Entity) -> bool:
        """Is ``ent`` surely a person? A speaker already is; a name met in the text needs
        a known first name, a title or role, or two pieces of gender evidence, which
        keeps out "Fort Wayne", "Presidential Debates" and "Patriot Coal"."""
        if " ".join(ent.tokens).lower() in lx.PLACES:
            return False
        if id(ent) in self._number:
            return True
        first = ent.tokens[0].lower() if ent.tokens else ""
        return first in lx.FIRST_NAMES or ent.evidence >= 1 \
            or any(has_role_noun(r) or honorific(tuple(r.split())) for r in ent.roles)

    def _person_of_run(self, run: NameRun) -> Entity | None:
        """The person a capitalised run names, if it names one: a known entity, or a
        candidate for a full name ("Alexandre Bissonnette", also reached from
        "Bissonnette")."""
        first = run.tokens[0].lower()
        if is_org_tokens(run.tokens) or headline(self.text, run.start) or self.premodifies(run) \
                or not is_name_candidate(self.text, run, self.midcaps) \
                or (first in lx.NOT_NAMES and not honorific(run.title)) or first in lx.DEMONYMS:
            return None  # "After the vote" is no name, "Ms. May" is
        ent = self._find_named(run.tokens, run.start)
        if ent is not None:
            return ent if ent.type == "person" else None
        full = self._expand(run)
        if not looks_like_person(full) or full.tokens[-1] in self._team_words \
                or " ".join(full.tokens).lower() in lx.PLACES \
                or _LOCATIVE.search(self.text, max(0, run.start - 12), run.start):
            return None  # "Edmonton" (Oilers), "West Virginia", "in Fort Wayne"
        ent = self._find_named(full.tokens, run.start)
        if ent is not None:
            return ent if ent.type == "person" else None
        return self._candidate(full)

    def _organisation_named_before(self, pos: int, head: str) -> Entity | None:
        """"according to media buying company GroupM. … the company wrote": the latest
        organisation named outside quotation marks in this sentence or the
        :data:`CARRY_SENTENCES` before it, when none has spoken yet. A run counts when its
        words say organisation ("U.S. State Department", "UFCW") or an organisation noun
        introduces it ("company GroupM", "security firm Cisco Talos"); "the company" is no
        public body ("Securities and Exchange Commission")."""
        d = self.discourse
        i = d.sentence_of(pos)
        for k in range(i, max(-1, i - 1 - CARRY_SENTENCES), -1):
            if k < 0:
                break
            lo, hi = d.sentences[k][0], min(d.sentences[k][1], pos)
            runs = self.runs[bisect_left(self._all_starts, lo):bisect_left(self._all_starts, hi)]
            for run in reversed(runs):
                if d.quoted(run.start) or headline(self.text, run.start):
                    continue
                words = {t.lower().rstrip(".") for t in run.tokens}
                if head in _KIND_HEADS and head not in words:
                    continue  # "the finance ministry" is no "World Bank" named before it
                if self._organisation_like(run) and not (
                        head in _BUSINESS_HEADS and words & _PUBLIC_BODY_WORDS):
                    return self._organisation_of(run)
        return None

    def _organisation_like(self, run: NameRun) -> bool:
        """An organisation by its own words ("State Department"), an acronym the article
        spells out ("SMMT"), or by the noun before it ("company GroupM"); not a bare
        acronym ("U.S.", "LRT") nor a capitalised heading ("READ MORE")."""
        if _ORG_INTRO.search(self.text, max(0, run.start - 30), run.start):
            return True
        if len(run.tokens) == 1:
            tok = run.tokens[0]
            return tok.isupper() and tok.isalpha() and self._acronym(tok) is not None
        if all(t.isupper() for t in run.tokens):
            return False
        return any(t.lower().rstrip(".") in lx.ORG_WORDS for t in run.tokens)
