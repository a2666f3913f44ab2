"""Descriptions: who "the mayor", "the company", "a source" or "The 26-year-old" is.

A mixin of the speaker resolver (:class:`retold.statements.speakers.Resolver`), as
:mod:`retold.statements.salience` is: a definite description goes to the entity whose
role holds its head noun, to the name opening the sentence before it, to the organisation
just named, or forward to the name the lead gives later; anything else is an entity of
its own, typed by its head noun (document, anonymous, group, organisation, person). The
resolver keeps the entity bookkeeping (``self._add_entity``, ``self._mention``,
``self._near`` …) and the name look-ups (``self._find_named``, ``self._expand``).
"""
from __future__ import annotations

import re

from retold.statements import lexicon as lx
from retold.statements.channels import find_channels
from retold.statements.entities import WINDOW, Entity
from retold.statements.mentions import (WORD, Mention, is_name_candidate, strip_determiner)
from retold.statements.names import NameRun, is_org_tokens, looks_like_person
from retold.statements.salience import ROLE_OR_TITLE

CATAPHORA_GAP = 600
"""A definite description ("the affable proprietor") whose last possible antecedent is
further back than this looks forward this far for the name it introduces."""


_RELATIVE_CLAUSE = re.compile(r",\s+(?:who|whose|whom)\s")
_ANOTHER = re.compile(r"(?:yet\s+)?another\b|a\s+(?:second|third|fourth|fifth|further)\b|one\s+more\b")
"""Descriptions that say they are somebody else: "One resident said …. Another resident
said …" are two residents, though both are "resident" once the determiner is off."""


class DescriptionMixin:
    """Description rules of the speaker resolver (see the module doc)."""

    def _description(self, mention: Mention) -> Entity:
        head = mention.head
        surface = mention.text
        low = surface.lower()
        definite = bool(re.match(r"^(?:the|that|this|these|those)\s", low))
        bare = len(WORD.findall(low)) == 2  # "the company", not "the paramedics union"
        plain = not re.search(r"\s[A-Z]", surface)  # no proper-name modifier ("the Canadian government")
        if definite:
            ent = self._definite(head, mention.span[0]) if plain else None
            if ent is None and head in lx.ORG_DESCRIPTIONS and plain:
                words = WORD.findall(strip_determiner(surface))
                phrase = " ".join(w[:1].upper() + w[1:] for w in words[-2:]) if not bare else head
                ent = self._named_organisation(phrase, mention.span[0])
                if ent is None:
                    ent = self._organisation_named_before(mention.span[0], head)
            if ent is None and singular_person_head(head) and (plain or head in ROLE_OR_TITLE) \
                    and not mention.thing:
                ent = self._previous_subject(mention.span[0]) or self._recent_person(
                    mention.span[0], None, [], carry=head in lx.ROLE_NOUNS)  # not "the program"
                if ent is None or self._last_before(ent, mention.span[0]) \
                        < mention.span[0] - CATAPHORA_GAP:
                    ent = self._next_person(mention.span[1]) or ent
                if ent is not None and other_role(ent, head):
                    ent = None  # "the Nova Scotia judge" is not the district attorney
            if ent is not None:
                if id(ent) not in self._number:
                    self._add_entity(ent)
                self._mention(ent, mention.span)
                return ent
        plural = plural_noun(head) or head in ("people", "staff", "and")
        anonymous = head in lx.ANONYMOUS_WORDS or any(p in low for p in lx.ANONYMITY_PHRASES)
        if head in lx.DOCUMENT_WORDS:
            typ = "document"
        elif anonymous and (head in ("source", "sources", "insider", "insiders", "someone",
                                     "person") or not plural):
            typ = "anonymous"
        elif head in lx.ORG_DESCRIPTIONS:
            typ = "organisation"
        elif plural:
            typ = "group"
        elif head in lx.ROLE_NOUNS:
            typ = "person"
        else:
            typ = "unknown"
        core = _RELATIVE_CLAUSE.split(surface, maxsplit=1)[0].strip(" ,")
        # "a source familiar with the matter, who asked not to be named": the relative
        # clause made the source anonymous (above) but is no part of its name
        name = strip_determiner(core) if typ in ("group",) else core
        if head == "and":
            name = self._full_names_in(mention.span, name)
        key = strip_determiner(core).lower()
        for ent in () if _ANOTHER.match(low) else self._by_key.get(key, []):
            if ent.type == typ:
                self._mention(ent, mention.span)
                return ent
        ent = Entity(name=name, type=typ, key=key, anonymous=anonymous, plural=plural)
        if typ in ("person", "anonymous") and head in lx.ROLE_NOUNS:
            ent.add_role(strip_determiner(surface))
        ent.add_mention(mention.span)
        self._add_entity(ent)
        return ent

    def _full_names_in(self, span: list[int], name: str) -> str:
        """"Sandmann and Phillips" -> "Nick Sandmann and Nathan Phillips": each surname of
        a group of named people in the full form the article gives it."""
        base = self.text.find(name, span[0], span[1])
        if base < 0:
            return name
        for run in reversed(self.runs_near(span)):  # from the end, so earlier offsets hold
            if base <= run.start and run.end <= span[1] and len(run.tokens) == 1 \
                    and not run.possessive and not is_org_tokens(run.tokens):
                full = self._expand(run)
                if full is not run and looks_like_person(full):
                    lo, hi = run.start - base, run.end - base
                    name = name[:lo] + " ".join(full.tokens) + name[hi:]
        return name

    def _previous_subject(self, pos: int) -> Entity | None:
        """"Niederreiter has four goals … The 26-year-old right wing said": a name opening
        the sentence before a definite description is what the description renames."""
        here = max(self.text.rfind(". ", 0, pos) + 2, self.text.rfind("\n", 0, pos) + 1)
        if here <= 1:
            return None
        prev = max(self.text.rfind(". ", 0, here - 2) + 2, self.text.rfind("\n", 0, here - 2) + 1)
        runs = [r for r in self.runs_near([prev, prev + 1]) if prev <= r.start <= prev + 1]
        if not runs or is_org_tokens(runs[0].tokens) or not is_name_candidate(self.text, runs[0], self.midcaps):
            return None
        run = runs[0]
        if self.premodifies(run) or self._expand(run).tokens[-1] in self._team_words:
            return None  # "Toronto retiree Doug Purdy", "Edmonton" (Oilers)
        first = re.sub(r"['’](?:s|m|re|ll|ve|d)$", "", run.tokens[0].lower())
        if first in lx.NOT_NAMES or first in lx.PRONOUNS or first in lx.DEMONYMS \
                or run.tokens[-1].lower() in lx.GROUP_HEADS_CAPITALISED:
            return None  # "I’m talking about …", "Syrian Kurds"
        return self._named(Mention("name", run.text, [run.start, run.end], run=run))

    def _next_person(self, pos: int) -> Entity | None:
        """A lead that names its subject later: "The former sergeant-at-arms of the House
        of Commons says … Kevin Vickers …" -> the first full name within
        :data:`CATAPHORA_GAP` characters after the description that is no channel's
        (:func:`channel_names`): in "The council leader told the South Wales Echo that …"
        the one told is not the one telling."""
        told = channel_names(self.text, pos, pos + CATAPHORA_GAP)
        for run in self.runs_between(pos, pos + CATAPHORA_GAP):
            if pos <= run.start < pos + CATAPHORA_GAP and not any(
                    a <= run.start and run.end <= b for a, b in told):
                ent = self._find_named(run.tokens, run.start)
                if ent is None:
                    ent = self._candidates.get(run.tokens)
                if ent is None:
                    ent = Entity(name=run.text, type="person", key=run.text.lower(), tokens=run.tokens)
                    self._describe_person(ent)
                if id(ent) not in self._number:
                    self._add_entity(ent)
                return ent
        return None

    def _named_organisation(self, head: str, pos: int) -> Entity | None:
        """"the parole board" -> the latest "Parole Board of Canada" before it."""
        cap = head[:1].upper() + head[1:]
        lo = max(0, pos - WINDOW)
        if " " in cap and cap not in self.text[lo:pos]:
            cap = cap.split(" ")[-1]  # "Parole Board" absent: fall back to "Board"
        pat = re.compile(
            rf"(?:(?:[A-Z][\w'’\-]*|of|and|the)\s+)*{re.escape(cap)}"
            rf"(?:\s+(?:of|on|for)\s+(?:the\s+)?[A-Z][\w'’\-]*(?:\s+[A-Z][\w'’\-]*)*)?")
        found = None
        for m in pat.finditer(self.text, lo, pos):
            if m.group() != cap:
                found = m
        if found is None:
            return None
        name = re.sub(r"['’]s?$", "", re.sub(r"^(?:(?:of|and|the)\s+)+", "", found.group()))
        key = name.lower()
        if self._by_key.get(key):
            return self._by_key[key][0]
        ent = Entity(name=name, type="organisation", key=key, tokens=tuple(name.split()))
        ent.add_mention([found.start(), found.end()])
        self._add_entity(ent)
        return ent


    def _organisation_of(self, run: NameRun) -> Entity:
        name = " ".join(run.tokens)
        if len(run.tokens) == 1 and run.tokens[0].isupper() and len(run.tokens[0]) >= 2:
            name = self._acronym(run.tokens[0]) or name
        for ent in self._by_key.get(name.lower(), []):
            if ent.type == "organisation":
                return ent
        ent = Entity(name=name, type="organisation", key=name.lower(), tokens=run.tokens)
        ent.add_mention([run.start, run.end])
        self._add_entity(ent)
        return ent

    def _definite(self, head: str, pos: int) -> Entity | None:
        """"the mayor" -> the latest entity with that role; "the company" -> latest org."""
        best = None
        for ent in self._near(pos):
            if ent.last >= pos:
                continue
            roles = " ".join(ent.roles).lower()
            role_hit = head and head not in lx.ORG_DESCRIPTIONS and re.search(rf"\b{re.escape(head)}\b", roles)
            hit = role_hit or (
                head in lx.ORG_DESCRIPTIONS and ent.type == "organisation"
                and (head in ent.name.lower() or head in ("company", "firm", "agency", "group")))
            if hit and (best is None or ent.last > best.last):
                best = ent
        return best


def channel_names(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The phrases of ``text[start:end]`` that name a statement's channel ("told the South
    Wales Echo", "in an interview with Jake Tapper"): whoever they name was told, asked
    or written to, and is no speaker a description can stand for."""
    return [(ch.start, ch.end) for ch in find_channels(text, start, min(end, len(text)))]


def other_role(ent: Entity, head: str) -> bool:
    """Does ``ent`` hold roles, none of them ``head`` ("judge" for a "District Attorney")?"""
    if head not in lx.ROLE_NOUNS:
        return False
    words = {w.lower().rstrip(".") for r in ent.roles for w in WORD.findall(r)}
    return bool(words & lx.ROLE_NOUNS) and head not in " ".join(ent.roles).lower()  # "mayoral candidate" may be "the mayor"


def singular_person_head(head: str) -> bool:
    """Could "the <head>" be a person already named ("the affable proprietor")?"""
    if not head or head in lx.DOCUMENT_WORDS or head in lx.ORG_DESCRIPTIONS:
        return False
    if head in lx.ANONYMOUS_WORDS or head in ("people", "staff", "public"):
        return False
    return not plural_noun(head)


def plural_noun(head: str) -> bool:
    """"officials", not "boss" nor "sergeant-at-arms" (a compound's first part counts)."""
    if re.search(r"-(?:at|in|of|de)-", head):
        head = head.split("-")[0]
    return head.endswith("s") and not head.endswith("ss")
