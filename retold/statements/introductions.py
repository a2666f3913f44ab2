"""Passes over an article whose statements all have a speaker: who was introduced how.

Statement by statement, the resolver (:mod:`retold.statements.speakers`) cannot know that
the unnamed person of the lede is named in the next sentence, nor who speaks a quotation
that comes before anybody is named. Once every statement is resolved, these passes look
at the whole article and re-assign: ``assigned`` maps ``id(statement)`` to its entity.
"""
from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from retold.records import Statement
from retold.statements import lexicon as lx
from retold.statements.entities import (INDEFINITE, Entity, order_key, source_span,
                                        unnamed_introduction)
from retold.statements.mentions import WORD, head_word

if TYPE_CHECKING:
    from retold.statements.speakers import Resolver

LEDE_SENTENCES = 2
"""How many sentences after an unnamed description the person it introduces must be
named (the next sentence, or the one after a line of scene-setting)."""
_FUNCTION_WORDS = frozenset(
    "a an the of for in at on to with by from and or who that which whose has had have is "
    "was were be been his her its their our this these those working".split())


def content_words(phrase: str) -> set[str]:
    """Words that carry the description's meaning; an acronym keeps its case ("IS" is
    the group, not the verb)."""
    out = set()
    for w in WORD.findall(phrase):
        if w.isupper() and len(w) > 1:
            out.add(w)
        elif w.lower() not in _FUNCTION_WORDS and len(w) > 2:
            out.add(w.lower())
    return out


def person_noun(head: str) -> bool:
    """"member", "general", "man": a head that names one person ("A growing number of
    senators" is a group whose head is no person)."""
    return head in lx.ROLE_NOUNS or head in lx.MALE_ROLE_WORDS or head in lx.FEMALE_ROLE_WORDS


def named_after_description(resolver: Resolver, statements: list[Statement],
                             assigned: dict[int, Entity | None]) -> None:
    """An unnamed person a story introduces, then names: "A former member of the IS
    militant group has revealed …", and in the next sentence "A reluctant former
    communications technician working for IS, going by the pseudonym 'Sherko Omer', …
    told Newsweek …"; or "… the support of a retired general who suggested …", then "Gen.
    Wesley Clark, a retired four-star general …". News writing opens on the description
    and gives the name at the person's next introduction, itself indefinite ("A …, going
    by the pseudonym X", "X, a …"). The two are one speaker when the person is the next
    one named after the description, within :data:`LEDE_SENTENCES` sentences, and their
    introducing descriptions share a content word ("former", "IS"; "retired",
    "general"). Anonymous sources ("a senior official") stay apart: a story that keeps
    its source unnamed does not name them a sentence later, and merging them with the
    spokesman who is named would misattribute the claim."""
    ordered = sorted(statements, key=order_key)
    disc, text = resolver.discourse, resolver.text
    introductions: dict[int, list[str]] = defaultdict(list)  # each speaker's source phrases
    for st in ordered:
        ent, span = assigned.get(id(st)), source_span(st)
        if ent is not None and span is not None:
            introductions[id(ent)].append(text[span[0]:span[1]])
    speaking = list({id(e): e for e in (assigned.get(id(st)) for st in ordered)
                     if e is not None and e.mentions}.values())
    named = sorted((min(m[0] for m in e.mentions), k) for k, e in enumerate(speaking)
                   if e.type == "person" and e.tokens)
    merged: dict[int, Entity] = {}
    for unnamed in speaking:
        if not unnamed_introduction(unnamed) or unnamed.anonymous \
                or not person_noun(head_word(unnamed.name)):
            continue
        start, end = min(unnamed.mentions)
        nxt = next(((at, speaking[k]) for at, k in named if at >= end), None)
        if nxt is None or disc.sentence_of(nxt[0]) > disc.sentence_of(start) + LEDE_SENTENCES:
            continue
        at, ent = nxt
        last = ent.tokens[-1].lower()
        if any(r.end <= at and r.tokens[-1].lower() != last
               for r in resolver.runs_between(end, at)):
            continue  # somebody else is named in between
        words = content_words(unnamed.name)
        if any(INDEFINITE.match(d) and words & content_words(d)
               for d in ent.roles + introductions[id(ent)]):
            ent.add_role(unnamed.name[0].lower() + unnamed.name[1:])
            for m in unnamed.mentions:
                if not ent.has_mention(m):
                    ent.append_mention(m)
            merged[id(unnamed)] = ent
    for key, e in assigned.items():
        if e is not None and id(e) in merged:
            assigned[key] = merged[id(e)]


def leading_follow_ons(statements: list[Statement], assigned: dict[int, Entity | None]) -> None:
    """A follow-on quote with nobody before it ("'…' 'Quote two,' said X" split in two)
    takes the speaker of the next statement."""
    ordered = sorted(statements, key=order_key)
    nxt: Entity | None = None
    for st in reversed(ordered):
        if assigned.get(id(st)) is None and source_span(st) is None:
            assigned[id(st)] = nxt
        elif assigned.get(id(st)) is not None:
            nxt = assigned[id(st)]
