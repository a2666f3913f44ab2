"""Who is speaking: one speaker entity per person, group or document in an article.

``resolve_speakers(ctx, statements, article_id)`` takes the statements the detector found
(with ``source`` spans: "Omer", "he", "National Army of Syrian Kurdistan (YPG) spokesman
Polat Can", "a source who asked not to be named", or nothing for a follow-on quote) and
links every source to an entity, filling ``statement.speaker_id``/``statement.speaker``.

No coreference model runs offline, so the resolver is a small set of rules, chosen so
that each one is cheap and explainable:

* **Names.** A named mention is matched to an earlier entity by name parts ("Omer" is
  the last word of "Sherko Omer"); a surname nobody spoke under yet is expanded to the
  full form the article uses most often (the canonical name is the longest proper-name
  mention; "Mr. Obama" never becomes "Michelle Obama"). Title words go to roles
  ("Surrey Mayor"), so do appositives ("Polat Can, a YPG spokesman") and the noun phrase
  before "going by the pseudonym".
* **Pronouns.** "he"/"she" with nobody named before them in their sentence continue the
  person the previous sentences were about (:mod:`retold.statements.salience`); else
  they go to the most salient compatible person: the latest mention,
  with a penalty for unknown gender, for having no name or for not having spoken yet,
  and a bonus for opening a sentence. Gender comes from titles, role words, a short
  first-name list, the pronouns that follow the person's own mentions and earlier
  resolved pronouns. "they"/"it" go to the latest group/organisation/document; "who"
  to the name before the relative clause.
* **Follow-on quotes** (empty source) go to the person the sentence before them
  introduces ("Durning did not need much coaxing. “…”"), else inherit the speaker of
  the statement before them (or, before any speaker, of the next one).
* **Descriptions** (:mod:`retold.statements.descriptions`). "the mayor" goes to the
  entity whose role holds "mayor"; "the company" to the most recent organisation;
  otherwise the description is its own entity typed by its head noun (document,
  anonymous, group, organisation).
* **Introductions** (:mod:`retold.statements.introductions`), once every statement has
  a speaker: the lede's unnamed "A former member of the IS militant group" is the
  person named in the next sentence with a description alike; quotations before anybody
  is named take the next statement's speaker.

Everything works on the raw text plus one linear scan for capitalised runs
(:mod:`retold.statements.names`); one mention at a time is read by
:mod:`retold.statements.mentions`; the discourse rules (the person the previous sentence
was about, the introducer of a follow-on quote, the organisation just named) are in
:mod:`retold.statements.salience`. No parse is needed.
"""
from __future__ import annotations

import re
from bisect import bisect_left, insort
from collections import defaultdict

from retold.records import Speaker, Statement
from retold.statements import lexicon as lx
from retold.statements.descriptions import DescriptionMixin, singular_person_head
from retold.statements.discourse import Discourse
from retold.statements.entities import (WINDOW, Entity, order_key, source_span,
                                        unnamed_introduction)
from retold.statements.introductions import leading_follow_ons, named_after_description
from retold.statements.mentions import (
    APPOSITIVE, PSEUDONYM, WORD, Mention, analyse_mention, has_role_noun, head_word, headline,
    premodifier_role, sentence_initial, strip_determiner,
)
from retold.statements.names import NameRun, is_org_tokens, looks_like_person, name_runs
from retold.statements.salience import ROLE_OR_TITLE, SalienceMixin, named_person

_THE_BEFORE = re.compile(r"\bthe\s+$")
FIRST_NAME_VOTE = 4
PRONOUN_VOTES_MAX = 3
"""A known first name outweighs the pronouns that follow a person's mentions, which
count one each up to three: "Warren told Stumpf, after he admitted" made Elizabeth Warren
a "he" (and her later "she said" nobody's) when a first name counted two and every
pronoun one. A title or role word (three each) with pronouns still overrides a name."""
GENDER_SCAN_MENTIONS = 60
"""Mentions of a person whose neighbourhood votes on their gender."""
ROLE_SCAN_MENTIONS = 8
"""Mentions of a person searched for appositive/premodifier roles and pseudonym marks."""
UNCERTAIN_PENALTY = 400
"""Characters of recency a pronoun candidate loses for unknown gender or for having no
name (tuned on GGT dev: 200-600 give the same result)."""
SUBJECT_BONUS = 100
"""Recency a mention gains by opening its sentence (the subject: "Green himself was
excited about looping for Schniederjans, who he…" -> "he" is Green)."""
NON_SPEAKER_PENALTY = 400
"""Recency a person who has not spoken yet loses against the article's speakers ("he
said" after a paragraph about a shooter still means the official quoted before)."""
_MALE_WORDS = lx.MALE_TITLES | lx.MALE_ROLE_WORDS  # built once, not per gender vote
_MR_BEFORE = re.compile(r"\bmr\.?\s*$")  # the gender votes' patterns, compiled once
_MS_BEFORE = re.compile(r"\b(?:ms|mrs|miss)\.?\s*$")
_CLAUSE_STOP = re.compile(r"[.!?]\s|\n")
_THIRD_PERSON = re.compile(r"\b(he|his|him|himself|she|her|hers|herself)\b", re.I)
_TWO_CAPITALISED = re.compile(r"[A-Z][a-z]+ [A-Z][a-z]+")
_FEMALE_WORDS = lx.FEMALE_TITLES | lx.FEMALE_ROLE_WORDS


# ----------------------------------------------------------------------- analysis


PLURAL_REACH = 400
"""How far back a group may be for "they" before a plural subject nearer by wins."""
_PLURAL_SUBJECT = re.compile(
    r"(?:(?:[Tt]he|[Mm]any|[Ss]ome|[Ss]everal|[Oo]ther|[Mm]ost|[Aa]ll|[Bb]oth|[Tt]wo|[Tt]hree|[Ff]our|"
    r"[Ff]ive|[Tt]hese|[Tt]hose)\s+)?"
    r"(?P<np>(?:[A-Z][\w\-’']*\s+){0,3}(?:[a-z][\w\-]*\s+){0,2}(?:[A-Z][\w\-]*|[a-z][\w\-]*)s)"
    r"(?=\s+(?:are|were|have|had|say|said|believe|believed|will|would|want|wanted|hope|hoped|"
    r"argue|argued|claim|claimed|think|thought|insist|insisted|expect|expected|plan|planned|"
    r"warn|warned|fear|feared|worry|worried|told|tell)\b)")
_CLAUSE_JOIN = re.compile(r"(?:,\s*|\s)(?:and|but|while)\s+")


# ---------------------------------------------------------------------- the resolver


class Resolver(DescriptionMixin, SalienceMixin):
    """Holds one article's entities while its statements are resolved in text order."""

    def __init__(self, text: str, discourse: Discourse | None = None):
        self.text = text
        self.discourse = discourse or Discourse(text)
        self.runs = name_runs(text)
        self.person_runs = [r for r in self.runs if looks_like_person(r) and not headline(text, r.start)]
        self.titled_runs = [r for r in self.runs if r.title]
        self._titled_by_name: dict[tuple[str, ...], list[NameRun]] = defaultdict(list)
        for r in self.titled_runs:  # by lower-cased name, in text order: looked up per person
            if r.tokens:
                self._titled_by_name[tuple(t.lower() for t in r.tokens)].append(r)
        self.midcaps = frozenset(
            t for r in self.runs if not sentence_initial(text, r.start) for t in r.tokens)
        self.entities: list[Entity] = []
        self._candidates: dict[tuple[str, ...], Entity] = {}  # described runs, by tokens
        self._by_token: dict[str, list[Entity]] = defaultdict(list)  # first/last name token
        self._by_key: dict[str, list[Entity]] = defaultdict(list)
        # Positional indexes, all sorted: (mention start, entity number) of the entities
        # a description or "they"/"it" can point to (every type but "unknown", which
        # nothing resolves to), of persons only (for "he"/"she"), and each entity's own
        # mention starts. Look-ups bisect them and scan back from the mention only as far
        # as a better candidate is still possible, so a statement costs about the same in
        # a 100 kB article with thousands of quotes as in a short one.
        self._log: list[tuple[int, int]] = []
        self._person_log: list[tuple[int, int]] = []
        self._at_start: dict[int, Entity] = {}  # the entity a mention starting here is
        self._starts_of: list[list[int]] = []
        self._number: dict[int, int] = {}  # id(entity) -> its number in self.entities
        self._runs_by_token: dict[str, list[NameRun]] = defaultdict(list)
        for r in self.person_runs:
            self._runs_by_token[r.tokens[-1].lower()].append(r)
            if r.tokens[0].lower() != r.tokens[-1].lower():
                self._runs_by_token[r.tokens[0].lower()].append(r)
        self._run_starts = [r.start for r in self.person_runs]
        self._all_starts = [r.start for r in self.runs]
        self._all_by_last: dict[str, list[NameRun]] = defaultdict(list)
        for r in self.runs:
            self._all_by_last[r.tokens[-1].lower()].append(r)
        self._acronyms: dict[str, str | None] = {}
        self._team_words = frozenset(m.group(1) for m in _THE_PLURAL.finditer(text))

    # -- bookkeeping ----------------------------------------------------------
    def _add_entity(self, ent: Entity) -> None:
        """Register a new entity in the list and the indexes (name tokens, key, mentions)."""
        self._number[id(ent)] = len(self.entities)
        self.entities.append(ent)
        self._starts_of.append([])
        self._index_tokens(ent)
        self._by_key[ent.key].append(ent)
        for m in ent.mentions:
            self._log_mention(ent, m[0])

    def _log_mention(self, ent: Entity, start: int) -> None:
        self._at_start.setdefault(start, ent)
        n = self._number[id(ent)]
        insort(self._starts_of[n], start)
        if ent.type != "unknown":
            insort(self._log, (start, n))
        if ent.type == "person":
            insort(self._person_log, (start, n))

    def _index_tokens(self, ent: Entity) -> None:
        for t in {ent.tokens[0].lower(), ent.tokens[-1].lower()} if ent.tokens else ():
            if ent not in self._by_token[t]:
                self._by_token[t].append(ent)

    def _mention(self, ent: Entity, span: list[int]) -> None:
        """Record a resolved mention (and keep the positional index in step)."""
        known = ent.has_mention(span)
        ent.add_mention(span)
        if not known and id(ent) in self._number:
            self._log_mention(ent, span[0])

    def _near(self, pos: int) -> list[Entity]:
        """Entities with a mention in the :data:`WINDOW` before ``pos``, in list order
        (entities of type "unknown" excepted: no description or pronoun resolves to them)."""
        lo = bisect_left(self._log, (pos - WINDOW, -1))
        hi = bisect_left(self._log, (pos, -1))
        numbers = sorted({n for _, n in self._log[lo:hi]})
        return [self.entities[n] for n in numbers]


    def runs_near(self, span: list[int]) -> list[NameRun]:
        """The capitalised runs a mention can use: inside it or up to 100 characters before."""
        return self.runs[bisect_left(self._all_starts, span[0] - 100):bisect_left(self._all_starts, span[1] + 1)]

    def runs_between(self, lo: int, hi: int) -> list[NameRun]:
        """The person-like name runs starting in ``[lo, hi)``."""
        return self.person_runs[bisect_left(self._run_starts, lo):bisect_left(self._run_starts, hi)]

    # -- name matching ----------------------------------------------------
    def _find_named(self, tokens: tuple[str, ...], before: int,
                    title: tuple[str, ...] = ()) -> Entity | None:
        low = tuple(t.lower() for t in tokens)
        best = None
        pool = self._by_token.get(low[-1], []) + self._by_token.get(low[0], [])
        for ent in pool:
            if not ent.tokens or (title and _clashes(title, ent.tokens[0])):
                continue
            etoks = tuple(t.lower() for t in ent.tokens)
            if etoks == low or _name_part_match(low, etoks) or _nickname_of(low, etoks) \
                    or _nickname_of(etoks, low):
                if best is None or ent.last > best.last:
                    best = ent
        return best

    def _find_suffix(self, tokens: tuple[str, ...]) -> Entity | None:
        """An entity whose full name ends this run ("Rival Hillary Clinton" at a sentence
        start is "Hillary Clinton" already known)."""
        low = tuple(t.lower() for t in tokens)
        for ent in reversed(self._by_token.get(low[-1], [])):
            etoks = tuple(t.lower() for t in ent.tokens)
            if 2 <= len(etoks) < len(low) and low[-len(etoks):] == etoks:
                return ent
        return None

    def _expand(self, run: NameRun) -> NameRun:
        """The full form of a name: among the person runs of the article that end (or
        start) with it, the form seen most often, then one opening with a known first
        name, then the longest ("Vickers" -> "Kevin Vickers", not the photo credit
        "Getty Images Kevin Vickers" seen once)."""
        low = tuple(t.lower() for t in run.tokens)
        if len(low) >= 2:  # "Xander Wise" -> "Alexander Wise" when the article has both
            longer = [r for r in self._runs_by_token.get(low[-1], [])
                      if _nickname_of(low, tuple(t.lower() for t in r.tokens))]
            if longer:
                return max(longer, key=lambda r: len(r.tokens[0]))
        counts: dict[tuple[str, ...], int] = {}
        first_seen: dict[tuple[str, ...], NameRun] = {}
        pool = self._runs_by_token.get(low[-1], [])
        if len(low) == 1:
            pool = list(dict.fromkeys(pool + self._runs_by_token.get(low[0], [])))
        for other in pool:
            otoks = tuple(t.lower() for t in other.tokens)
            if len(otoks) <= len(low) or not _name_part_match(low, otoks):
                continue
            if otoks[-len(low):] == low:
                # after "the" a run opens with a place or thing ("and the Caribbean Rainer
                # Steckhan"), not with the person's first name
                skip = 1 if len(otoks) >= 3 and otoks[0] not in lx.FIRST_NAMES and \
                    _THE_BEFORE.search(self.text, max(0, other.start - 5), other.start) else 0
                forms = [other.tokens[k:] for k in range(skip, len(otoks) - len(low))]
            elif not headline(self.text, other.start):
                forms = [other.tokens]  # "Kim" -> "Kim Jong-un", not "Obama Sees" from a headline
            else:
                continue
            for form in forms:
                if _clashes(run.title, form[0]):
                    continue  # "Mr. Obama" is not "Michelle Obama"
                lead = form[0].lower()
                if len(form) > len(low) and lead not in lx.NOT_NAMES and lead not in ROLE_OR_TITLE \
                        and lead[:-1] not in ROLE_OR_TITLE:  # not "Sergeant-at-Arms Kevin Vickers", "Students Nick …"
                    key = tuple(t.lower() for t in form)
                    counts[key] = counts.get(key, 0) + 1
                    if key not in first_seen:
                        first_seen[key] = NameRun(other.start, other.end, tuple(form), (), False)
        if not counts:
            return run
        best = max(counts, key=lambda k: (first_seen[k].start < run.start, counts[k], k[0] in lx.MALE_FIRST_NAMES
                                          or k[0] in lx.FEMALE_FIRST_NAMES, len(k) <= 3, len(k)))
        return first_seen[best]

    # -- entity creation ----------------------------------------------------
    def entity_for(self, mention: Mention, statement: Statement) -> Entity | None:
        same = self._at_start.get(mention.span[0]) if mention.kind == "description" else None
        if same is not None and not same.tokens:
            # the noun phrase another statement already read ("A man" as the antecedent
            # of "who says …", then "A man who says …" as the source of "has described")
            self._mention(same, mention.span)
            return same
        if mention.kind == "name":
            return self._named(mention)
        if mention.kind == "pronoun":
            return self._pronoun(mention, statement)
        return self._description(mention)

    def _named(self, mention: Mention) -> Entity:
        run = mention.run
        assert run is not None
        org = is_org_tokens(run.tokens) or mention.head == "org" or mention.head in lx.ORG_DESCRIPTIONS
        ent = self._find_named(run.tokens, run.start, run.title) or self._find_suffix(run.tokens)
        if ent is None:
            full = self._expand(run)
            ent = self._find_named(full.tokens, run.start) if full is not run else None
            if ent is None and not org:
                ent = self._named_now(full, mention)
            if ent is None:
                if full is not run:  # "House" expanded to the person "Christopher House"
                    org = is_org_tokens(full.tokens)
                ent = self._new_named(full, org, mention)
        elif _nickname_of(tuple(t.lower() for t in ent.tokens), tuple(t.lower() for t in run.tokens)):
            ent.name, ent.tokens = " ".join(run.tokens), run.tokens
            self._index_tokens(ent)
        elif len(run.tokens) > len(ent.tokens) and _name_part_match(ent.tokens, run.tokens) \
                and run.tokens[0].lower() not in lx.NOT_NAMES and not sentence_initial(self.text, run.start):
            ent.name, ent.tokens = " ".join(run.tokens), run.tokens
            self._index_tokens(ent)
        if mention.role:
            ent.add_role(mention.role)
        if mention.head and mention.head != "org" and has_role_noun(mention.head):
            ent.add_role(re.sub(r"^who\s+(?:is|was)\s+", "", mention.head))
        if run.title:
            ent.add_role(" ".join(run.title))
        self._mention(ent, mention.span)
        return ent

    def _named_now(self, run: NameRun, mention: Mention) -> Entity | None:
        """"A man … has described …" then "The man, who uses the pseudonym 'Sherko Omer',
        says …": a definite "the <noun>" naming someone renames the unnamed person an
        earlier indefinite description with that head noun introduced (the latest one)."""
        m = re.fullmatch(r"[Tt]he\s+([a-z]+)", mention.role or "")
        if not m or not singular_person_head(m.group(1)):
            return None
        head = m.group(1)
        for ent in reversed(self.entities):
            if not unnamed_introduction(ent) or ent.last >= run.start \
                    or head_word(ent.name) != head:
                continue
            ent.name, ent.tokens, ent.type, ent.key = (" ".join(run.tokens), run.tokens,
                                                       "person", " ".join(run.tokens).lower())
            self._by_key[ent.key].append(ent)
            self._index_tokens(ent)
            self._describe_person(ent)
            return ent
        return None

    def _new_named(self, run: NameRun, org: bool, mention: Mention) -> Entity:
        if org:
            typ = "organisation"
        elif mention.kind == "name" and run.tokens[-1].lower() in lx.GROUP_HEADS_CAPITALISED:
            typ = "group"
        else:
            typ = "person"
        name = " ".join(run.tokens)
        if len(run.tokens) == 1 and run.tokens[0].isupper() and len(run.tokens[0]) >= 2:
            name = self._acronym(run.tokens[0]) or name
        if typ == "group" or (typ != "person" and mention.text and len(mention.text) < 80
                              and mention.head and mention.head != "org"
                              and mention.head not in lx.ORG_DESCRIPTIONS
                              and not is_org_tokens(run.tokens)):
            name = strip_determiner(mention.text)
        ent = Entity(name=name, type=typ, key=name.lower(), tokens=run.tokens,
                      plural=typ == "group")
        if typ == "person":
            self._describe_person(ent)
        self._add_entity(ent)
        return ent

    def _acronym(self, acronym: str) -> str | None:
        """The long form an article gives an acronym: "Society of Motor Manufacturers and
        Traders (SMMT)" -> that name, the longest proper-name mention of the speaker."""
        if acronym not in self._acronyms:
            self._acronyms[acronym] = self._find_acronym(acronym)
        return self._acronyms[acronym]

    def _find_acronym(self, acronym: str) -> str | None:
        # "(ACR)" must occur for the long form to match: a substring test spares the
        # whole-article scan of the pattern (a run tried at every capital) when it does not.
        m = None if f"({acronym})" not in self.text else re.search(rf"((?:[A-Z][\w’'\-]*|of|and|for|the|on|&)(?:\s+(?:[A-Z][\w’'\-]*|of|and|for|the|on|&))*)"
                      rf"\s+\({re.escape(acronym)}\)", self.text)
        if not m:
            return self._spelled_out(acronym)
        words = m.group(1).split()
        while words and not words[0][:1].isupper():
            words.pop(0)
        initials = "".join(w[0] for w in words if w[:1].isupper())
        if len(words) < 2 or acronym[0] != initials[:1]:
            return None
        return " ".join(words[-len(words):])

    def _spelled_out(self, acronym: str) -> str | None:
        """"the SMMT" in an article that names "the Society of Motor Manufacturers and
        Traders" without "(SMMT)": a capitalised phrase whose initials are the acronym
        (three letters at least, so "US" or "PM" guess nothing)."""
        if len(acronym) < 3 or not acronym.isalpha():
            return None
        for m in _CAPITALISED_PHRASE.finditer(self.text):
            words = m.group().split()
            if words[0] in ("The", "A", "An"):
                words = words[1:]
            if len(words) > 1 and "".join(w[0] for w in words if w[:1].isupper()) == acronym:
                return " ".join(words)
        return None

    def _describe_person(self, ent: Entity) -> None:
        """Roles, pseudonym flag, gender and mentions from the article's own text."""
        text = self.text
        for k, (start, end, full) in enumerate(self._name_mentions(ent.tokens)):
            title = re.search(r"\b(Mr|Mrs|Ms|Miss|Sir|Dame|Lady|Lord)\.?\s+$", text[max(0, start - 6):start])
            if title and _clashes((title.group(1),), ent.tokens[0]):
                continue  # "Mr. Obama" is not a mention of "Michelle Obama"
            ent.append_mention([start, end])
            if k >= ROLE_SCAN_MENTIONS or (len(ent.tokens) > 1 and not full):
                continue  # roles come from full-name mentions ("President Obama" may be another Obama)
            after = text[end:end + 200]
            app = APPOSITIVE.match(after.lstrip("’'”\""))
            if app and has_role_noun(app.group(1)):
                ent.add_role(re.sub(r"^who\s+(?:is|was)\s+", "", app.group(1)))
            self._pseudonym(ent, start, end)
            premod = premodifier_role(text, start, NameRun(start, end, (), (), False))
            if premod:
                ent.add_role(premod)
        for run in self._titled_by_name.get(tuple(t.lower() for t in ent.tokens), ()):
            ent.add_role(" ".join(run.title))  # "Surrey Mayor Doug McCallum": the same name
        ent.gender = self._gender(ent)

    def _name_mentions(self, tokens: tuple[str, ...]):
        """(start, end, is_full_name) of every capitalised run that ends with the full name
        or is the surname alone, from the run index (no scan of the text)."""
        low = tuple(t.lower() for t in tokens)
        for r in self._all_by_last.get(low[-1], []):
            rl = tuple(t.lower() for t in r.tokens)
            if len(rl) >= len(low) and rl[-len(low):] == low and len(low) > 1:
                first = self.text.find(tokens[0], r.start, r.end)
                yield (first if first >= 0 else r.start), r.end, True
            elif rl == low[-1:]:
                yield r.start, r.end, len(low) == 1

    def _pseudonym(self, ent: Entity, start: int, end: int) -> None:
        """"X, going by the pseudonym 'Sherko Omer'," -> pseudonym, role X."""
        window_start = max(0, start - 80)
        before = self.text[window_start:start]
        m = None
        for m in PSEUDONYM.finditer(before):
            pass
        after = self.text[end:end + 60]
        if m is None and not PSEUDONYM.search(after[:40]):
            return
        ent.pseudonym = True
        if m is not None:
            np_end = window_start + m.start()
            sent_start = max(self.text.rfind(". ", 0, np_end) + 2, self.text.rfind("\n", 0, np_end) + 1)
            phrase = self.text[sent_start:np_end].strip(" ,")
            if phrase and has_role_noun(phrase) and len(phrase) < 160:
                ent.add_role(phrase[0].lower() + phrase[1:] if phrase[:2] in ("A ", "An") else phrase)

    def _gender(self, ent: Entity) -> str | None:
        votes = {"m": 0, "f": 0}
        heard = {"m": 0, "f": 0}  # pronouns after a mention: often the object's, not theirs
        first = ent.tokens[0].lower() if ent.tokens else ""
        if first in lx.MALE_FIRST_NAMES:
            votes["m"] += FIRST_NAME_VOTE
        if first in lx.FEMALE_FIRST_NAMES:
            votes["f"] += FIRST_NAME_VOTE
        for role in ent.roles:
            words = {w.lower().rstrip(".") for w in WORD.findall(role)}
            votes["m"] += 3 * bool(words & _MALE_WORDS)
            votes["f"] += 3 * bool(words & _FEMALE_WORDS)
        for s, e in ent.mentions[:GENDER_SCAN_MENTIONS]:
            before = self.text[max(0, s - 5):s].lower()
            if _MR_BEFORE.search(before):
                votes["m"] += 3
            elif _MS_BEFORE.search(before):
                votes["f"] += 3
            tail = self.text[e:e + 120]
            stop = _CLAUSE_STOP.search(tail)
            tail = tail[:stop.start()] if stop else tail
            pm = _THIRD_PERSON.search(tail)
            if pm and not _TWO_CAPITALISED.search(tail[:pm.start()]):
                heard["m" if pm.group(1).lower() in lx.MALE_PRONOUNS else "f"] += 1
        for g in votes:
            votes[g] += min(heard[g], PRONOUN_VOTES_MAX)
        ent.evidence = abs(votes["m"] - votes["f"])
        if votes["m"] > votes["f"]:
            return "m"
        if votes["f"] > votes["m"]:
            return "f"
        return None

    def _pronoun(self, mention: Mention, statement: Statement) -> Entity | None:
        p = mention.pronoun
        pos = mention.span[0]
        own = [(f[0], f[1]) for f in statement.content if f]
        if p in lx.MALE_PRONOUNS or p in lx.FEMALE_PRONOUNS:
            want = "m" if p in lx.MALE_PRONOUNS else "f"
            ent = self._recent_person(pos, want, own)
        elif p in lx.PLURAL_PRONOUNS:
            ent = self._recent_of(pos, ("group", "organisation", "anonymous"), plural=True)
            if ent is None or ent.last < pos - PLURAL_REACH:
                ent = self._plural_subject(pos) or ent
        elif p in lx.NEUTER_PRONOUNS:
            ent = self._recent_of(pos, ("organisation", "document"))
        else:
            ent = None
        if ent is not None:
            if id(ent) not in self._number:
                self._add_entity(ent)
            self._mention(ent, mention.span)
            if ent.gender is None and (p in lx.MALE_PRONOUNS or p in lx.FEMALE_PRONOUNS):
                ent.gender = "m" if p in lx.MALE_PRONOUNS else "f"  # "she said" teaches us
        return ent

    def _plural_subject(self, pos: int) -> Entity | None:
        """"Republican senators are eager …, and they said": a plural subject opening this
        sentence or the one before, or a clause of it ("…, and several auto-industry
        executives have warned …"), becomes the group "they" stands for."""
        start = end = pos
        for _ in range(2):
            start = max(self.text.rfind(". ", 0, start - 1) + 2, self.text.rfind("\n", 0, start - 1) + 1, 0)
            opens = [start] + [j.end() for j in _CLAUSE_JOIN.finditer(self.text, start, end)]
            m = next(filter(None, (_PLURAL_SUBJECT.match(self.text, o, end) for o in opens)), None)
            end = start
            if m:
                name = m.group("np")
                key = name.lower()
                if self._by_key.get(key):
                    return self._by_key[key][0]
                ent = Entity(name=name, type="group", key=key, plural=True)
                ent.add_mention([m.start("np"), m.end("np")])
                self._add_entity(ent)
                return ent
            if start <= 0:
                break
        return None

    def _recent_person(self, pos: int, want: str | None, skip: list[tuple[int, int]],
                       carry: bool = True) -> Entity | None:
        """Most salient compatible person before ``pos``: the latest mention wins, but a
        person of unknown gender or without a name counts as mentioned
        :data:`UNCERTAIN_PENALTY` characters earlier than they were, so that "she" skips a
        nearer "Rob Fleming" of unknown gender for the "Moyra Baxter" quoted before.
        Speakers come first; a full name in the text that nobody spoke under becomes an
        entity only with clear gender evidence."""
        topic = re.search(r"([A-Z][\w’'\-]*)\s*,\s*$", self.text[max(0, pos - 40):pos])
        if topic:  # "Schumer, he said": the name before the comma is the topic, not "he"
            skip = skip + [(pos - 40 + topic.start(1) if pos >= 40 else topic.start(1), pos)]

        def outside(offset: int) -> bool:
            return not any(a <= offset < b for a, b in skip)

        text = self.text
        # Known persons: scan the person index back from ``pos``; a mention scores at most
        # its offset + SUBJECT_BONUS, so the scan stops once nothing earlier can reach
        # the best score so far (ties are broken below as a forward scan would).
        log = self._person_log
        lo = bisect_left(log, (pos - WINDOW, -1))
        best_score = float("-inf")
        scores: dict[int, float] = {}  # entity number -> best penalised score
        i = bisect_left(log, (pos, -1)) - 1
        while i >= lo:
            m, n = log[i]
            if m + SUBJECT_BONUS < best_score:
                break
            i -= 1
            ent = self.entities[n]
            if (want and ent.gender and ent.gender != want) or not outside(m):
                continue
            score = m + SUBJECT_BONUS * sentence_initial(text, m)
            if want and ent.gender != want:
                score -= UNCERTAIN_PENALTY
            if not named_person(ent):
                score -= UNCERTAIN_PENALTY
            if score > scores.get(n, float("-inf")):
                scores[n] = score
                best_score = max(best_score, score)
        best_ent = None
        tied = [n for n, sc in scores.items() if sc == best_score]
        if len(tied) == 1:
            best_ent = self.entities[tied[0]]
        elif tied:  # the entity met first in the window, as in a forward scan
            best_ent = self.entities[min(tied, key=lambda n: (
                self._first_outside(n, pos - WINDOW, pos, outside), n))]
        # Full names nobody spoke under yet: the latest one that beats the best score
        # (earliest of equals), scanned back from ``pos`` while one still can.
        runs, starts = self.person_runs, self._run_starts
        lo = bisect_left(starts, pos - WINDOW)
        floor = best_score  # a run must beat the known persons strictly
        run_best, run_score = None, float("-inf")
        for k in range(bisect_left(starts, pos) - 1, lo - 1, -1):
            run = runs[k]
            top = run.start - NON_SPEAKER_PENALTY + SUBJECT_BONUS
            if top <= floor or top < run_score:
                break
            score = run.start - NON_SPEAKER_PENALTY + SUBJECT_BONUS * sentence_initial(text, run.start)
            if score <= floor or score < run_score or not outside(run.start):
                continue
            if self._find_named(run.tokens, run.start) is not None:
                continue
            cand = self._candidate(run)
            if want is None and cand.evidence < 1:
                continue  # "the affable proprietor": any he/she evidence makes a person
            if want is not None and (cand.gender != want or cand.evidence < 2):
                continue  # a bare capitalised run needs clear evidence of being a he/she
            run_best, run_score = cand, score
        if run_best is not None:
            best_ent = run_best
        carried = self._carried_over(pos, want, outside) if carry else None
        if carried is not None:
            best_ent = carried
        if best_ent is not None and id(best_ent) not in self._number:
            self._add_entity(best_ent)
        return best_ent


    def _candidate(self, run: NameRun) -> Entity:
        """A person entity for a full name nobody spoke under yet, made once per name and
        registered only when chosen."""
        cand = self._candidates.get(run.tokens)
        if cand is None:
            cand = Entity(name=run.text, type="person", key=run.text.lower(), tokens=run.tokens)
            self._describe_person(cand)
            self._candidates[run.tokens] = cand
        return cand

    def _first_outside(self, n: int, lo: int, hi: int, outside) -> int:
        """Start of entity ``n``'s first mention in ``[lo, hi)`` for which ``outside``
        holds (``hi`` if none)."""
        starts = self._starts_of[n]
        for k in range(bisect_left(starts, lo), bisect_left(starts, hi)):
            if outside(starts[k]):
                return starts[k]
        return hi

    def _last_before(self, ent: Entity, pos: int) -> int:
        """Start of ``ent``'s latest mention before ``pos`` (-1 if none)."""
        n = self._number.get(id(ent))
        if n is None:
            return max((m[0] for m in ent.mentions if m[0] < pos), default=-1)
        starts = self._starts_of[n]
        k = bisect_left(starts, pos)
        return starts[k - 1] if k else -1

    def _recent_of(self, pos: int, types: tuple[str, ...], plural: bool = False) -> Entity | None:
        best = None
        for ent in self._near(pos):
            if ent.type in types and ent.last < pos and (best is None or ent.last > best.last):
                if plural and ent.type == "anonymous" and not ent.plural:
                    continue
                best = ent
        return best

# ----------------------------------------------------------------------- helpers


def _name_part_match(part: tuple[str, ...], full: tuple[str, ...]) -> bool:
    """Is ``part`` the surname(s) or the first name of ``full``? ("omer" in "sherko omer")."""
    if not part or len(part) > len(full):
        return False
    if full[-len(part):] == part:
        return True
    return len(part) == 1 and full[0] == part[0] and len(full) > 1


def _nickname_of(short: tuple[str, ...], full: tuple[str, ...]) -> bool:
    """"Xander Wise" / "Alexander Wise", "Alex Smith" / "Alexander Smith": same surname,
    and one first name is the start or end of the other (three letters at least)."""
    if len(short) != len(full) or len(short) < 2 or short[1:] != full[1:] or short[0] == full[0]:
        return False
    a, b = short[0], full[0]
    return len(a) >= 3 and len(b) > len(a) and (b.startswith(a) or b.endswith(a))


def _clashes(title: tuple[str, ...], first_name: str) -> bool:
    words = {t.lower() for t in title}
    first = first_name.lower()
    if words & lx.MALE_TITLES:
        return first in lx.FEMALE_FIRST_NAMES and first not in lx.MALE_FIRST_NAMES
    if words & lx.FEMALE_TITLES:
        return first in lx.MALE_FIRST_NAMES and first not in lx.FEMALE_FIRST_NAMES
    return False


_THE_PLURAL = re.compile(r"the(?<=[a-z,] the)\s+(?:[A-Z][\w\-]*\s+)*([A-Z][a-z\-]+s)\b(?!['’])")
""""beat the Oilers": a capitalised plural after a lower-case "the" names a team or a
group, so a run ending in it ("Edmonton Oilers") is no person. (The look-behind comes
after the literal "the" so that the regex engine can jump from one "the" to the next:
same matches as a look-behind first, ~6x faster over an article.)"""
_CAPITALISED_PHRASE = re.compile(r"[A-Z][\w’'\-]*(?:\s+(?:(?:of|and|for|the|on|&)\s+)*[A-Z][\w’'\-]*)+")


# ----------------------------------------------------------------------- public API


DUMMY_SUBJECTS = frozenset({"it", "this", "that", "there", "which", "what"})


def writers_own(text: str, st: Statement) -> bool:
    """Is the statement's source a dummy subject of an infinitive or a raising verb ("It
    is fair to say that…", "This isn't to say…", "it seems that…", "a screen that
    appears to float")? The words are the writer's own, hedged: the statement stays
    (PolNeAR counts it; dropping such statements cost its recall 0.3 points), with no
    speaker, where a crawl's pages gave it "It", "This" or "that"."""
    source = " ".join(text[a:b] for a, b in st.source).strip()
    if not st.cue or len(source.split()) != 1 or source.casefold() not in DUMMY_SUBJECTS:
        return False
    cue = st.cue[0][0]
    return text[cue:cue + 6].casefold().startswith(("seem", "appear")) or bool(
        re.search(r"\bto\s+$", text[max(0, cue - 40):cue]))


def resolve_speakers(ctx, statements: list[Statement], article_id: str) -> list[Speaker]:
    """Build the article's speakers and fill ``speaker_id``/``speaker`` in place.

    ``ctx`` is an :class:`~retold.statements.context.ArticleContext` (only ``ctx.text``
    is used). Statements are visited in text order so that pronouns and follow-on quotes
    see the speakers before them. Returns one :class:`Speaker` per entity that speaks,
    ids ``<article_id>:s<N>`` in order of first appearance.
    """
    text = ctx.text if hasattr(ctx, "text") else str(ctx)
    resolver = Resolver(text, Discourse(text, getattr(ctx, "paragraphs", None),
                                         getattr(ctx, "sentences", None),
                                         getattr(ctx, "quotes", None)))
    assigned: dict[int, Entity | None] = {}
    previous: Entity | None = None
    for st in sorted(statements, key=order_key):
        span = source_span(st)
        if span is not None and writers_own(text, st):
            assigned[id(st)] = None  # "It is fair to say…": nobody to name
            continue
        if span is None:
            ent = resolver.introduced_before(st) or previous
            if ent is not None:
                ent.last = max(ent.last, order_key(st))
        else:
            mention = analyse_mention(text, span, resolver.runs_near(span), resolver.midcaps)
            ent = resolver.entity_for(mention, st)
            if ent is None:  # unresolved pronoun: keep it as an unknown speaker
                ent = Entity(name=mention.text, type="unknown", key=f"?{span[0]}")
                ent.add_mention(span)
                resolver._add_entity(ent)
        assigned[id(st)] = ent
        if ent is not None:
            previous = ent
    named_after_description(resolver, statements, assigned)
    leading_follow_ons(statements, assigned)
    return _finish(article_id, statements, assigned)


def _finish(article_id: str, statements: list[Statement],
            assigned: dict[int, Entity | None]) -> list[Speaker]:
    speaking: list[Entity] = []
    seen: set[int] = set()
    for st in sorted(statements, key=order_key):
        ent = assigned.get(id(st))
        if ent is not None and id(ent) not in seen:
            seen.add(id(ent))
            speaking.append(ent)
    ids = {id(ent): f"{article_id}:s{n}" for n, ent in enumerate(speaking, 1)}
    for st in statements:
        ent = assigned.get(id(st))
        st.speaker_id = ids.get(id(ent)) if ent is not None else None
        st.speaker = ent.name if ent is not None else None
    return [
        Speaker(id=ids[id(ent)], article_id=article_id, name=ent.name, type=ent.type,
                mentions=sorted(ent.mentions), roles=list(ent.roles),
                anonymous=ent.anonymous or ent.type == "anonymous", pseudonym=ent.pseudonym)
        for ent in speaking
    ]
