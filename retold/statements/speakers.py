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
* **Descriptions.** "the mayor" goes to the entity whose role holds "mayor"; "the
  company" to the most recent organisation; otherwise the description is its own
  entity typed by its head noun (document, anonymous, group, organisation).

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
from dataclasses import dataclass, field

from retold.records import Speaker, Statement
from retold.statements import lexicon as lx
from retold.statements.discourse import Discourse
from retold.statements.mentions import (
    APPOSITIVE, PSEUDONYM, WORD, Mention, analyse_mention, has_role_noun, head_word, headline,
    is_name_candidate,
    premodifier_role, sentence_initial, strip_determiner,
)
from retold.statements.names import NameRun, is_org_tokens, looks_like_person, name_runs
from retold.statements.salience import ROLE_OR_TITLE, SalienceMixin, named_person

WINDOW = 6_000
"""Characters before a mention searched for antecedents and organisations: it keeps a
1 MB input linear. On GGT dev 5,000-20,000 give the same accuracy, 3,000 loses 3 quotes."""
CATAPHORA_GAP = 600
"""A definite description ("the affable proprietor") whose last possible antecedent is
further back than this looks forward this far for the name it introduces."""
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


@dataclass
class _Entity:
    """A speaker under construction (internal; becomes a :class:`Speaker`)."""

    name: str
    type: str
    key: str  # normalised name for exact matching
    tokens: tuple[str, ...] = ()  # proper-name tokens (persons/organisations)
    mentions: list[list[int]] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    anonymous: bool = False
    pseudonym: bool = False
    gender: str | None = None  # "m" | "f" | None
    evidence: int = 0  # strength of the gender evidence (titles/roles/names 2-3, pronouns 1)
    plural: bool = False
    last: int = -1  # offset of the latest mention seen so far
    _spans: set = field(default_factory=set, repr=False, compare=False)  # tuple(span) of mentions

    def has_mention(self, span: list[int]) -> bool:
        return tuple(span) in self._spans

    def append_mention(self, span: list[int]) -> None:
        """Record a mention without touching ``last`` (a name occurrence found by scan)."""
        self.mentions.append(span)
        self._spans.add(tuple(span))

    def add_mention(self, span: list[int]) -> None:
        if tuple(span) not in self._spans:
            self.append_mention(span)
        self.last = max(self.last, span[0])

    def add_role(self, role: str) -> None:
        role = re.sub(r"\s+", " ", role).strip(" ,")
        if role and role.lower() not in (r.lower() for r in self.roles):
            self.roles.append(role)


# ----------------------------------------------------------------------- analysis


def _source_span(statement: Statement) -> list[int] | None:
    frags = [f for f in statement.source if f and f[1] > f[0]]
    if not frags:
        return None
    return [frags[0][0], frags[-1][1]]


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


class _Resolver(SalienceMixin):
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
        self.entities: list[_Entity] = []
        self._candidates: dict[tuple[str, ...], _Entity] = {}  # described runs, by tokens
        self._by_token: dict[str, list[_Entity]] = defaultdict(list)  # first/last name token
        self._by_key: dict[str, list[_Entity]] = defaultdict(list)
        # Positional indexes, all sorted: (mention start, entity number) of the entities
        # a description or "they"/"it" can point to (every type but "unknown", which
        # nothing resolves to), of persons only (for "he"/"she"), and each entity's own
        # mention starts. Look-ups bisect them and scan back from the mention only as far
        # as a better candidate is still possible, so a statement costs about the same in
        # a 100 kB article with thousands of quotes as in a short one.
        self._log: list[tuple[int, int]] = []
        self._person_log: list[tuple[int, int]] = []
        self._at_start: dict[int, _Entity] = {}  # the entity a mention starting here is
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
    def _add_entity(self, ent: _Entity) -> None:
        """Register a new entity in the list and the indexes (name tokens, key, mentions)."""
        self._number[id(ent)] = len(self.entities)
        self.entities.append(ent)
        self._starts_of.append([])
        self._index_tokens(ent)
        self._by_key[ent.key].append(ent)
        for m in ent.mentions:
            self._log_mention(ent, m[0])

    def _log_mention(self, ent: _Entity, start: int) -> None:
        self._at_start.setdefault(start, ent)
        n = self._number[id(ent)]
        insort(self._starts_of[n], start)
        if ent.type != "unknown":
            insort(self._log, (start, n))
        if ent.type == "person":
            insort(self._person_log, (start, n))

    def _index_tokens(self, ent: _Entity) -> None:
        for t in {ent.tokens[0].lower(), ent.tokens[-1].lower()} if ent.tokens else ():
            if ent not in self._by_token[t]:
                self._by_token[t].append(ent)

    def _mention(self, ent: _Entity, span: list[int]) -> None:
        """Record a resolved mention (and keep the positional index in step)."""
        known = ent.has_mention(span)
        ent.add_mention(span)
        if not known and id(ent) in self._number:
            self._log_mention(ent, span[0])

    def _near(self, pos: int) -> list[_Entity]:
        """Entities with a mention in the :data:`WINDOW` before ``pos``, in list order
        (entities of type "unknown" excepted: no description or pronoun resolves to them)."""
        lo = bisect_left(self._log, (pos - WINDOW, -1))
        hi = bisect_left(self._log, (pos, -1))
        numbers = sorted({n for _, n in self._log[lo:hi]})
        return [self.entities[n] for n in numbers]


    def runs_near(self, span: list[int]) -> list[NameRun]:
        """The capitalised runs a mention can use: inside it or up to 100 characters before."""
        return self.runs[bisect_left(self._all_starts, span[0] - 100):bisect_left(self._all_starts, span[1] + 1)]

    def _runs_between(self, lo: int, hi: int) -> list[NameRun]:
        return self.person_runs[bisect_left(self._run_starts, lo):bisect_left(self._run_starts, hi)]

    # -- name matching ----------------------------------------------------
    def _find_named(self, tokens: tuple[str, ...], before: int,
                    title: tuple[str, ...] = ()) -> _Entity | None:
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

    def _find_suffix(self, tokens: tuple[str, ...]) -> _Entity | None:
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
                forms = [other.tokens[k:] for k in range(len(otoks) - len(low))]
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
    def entity_for(self, mention: Mention, statement: Statement) -> _Entity | None:
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

    def _named(self, mention: Mention) -> _Entity:
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

    def _named_now(self, run: NameRun, mention: Mention) -> _Entity | None:
        """"A man … has described …" then "The man, who uses the pseudonym 'Sherko Omer',
        says …": a definite "the <noun>" naming someone renames the unnamed person an
        earlier indefinite description with that head noun introduced (the latest one)."""
        m = re.fullmatch(r"[Tt]he\s+([a-z]+)", mention.role or "")
        if not m or not _singular_person_head(m.group(1)):
            return None
        head = m.group(1)
        for ent in reversed(self.entities):
            if ent.tokens or ent.plural or ent.type not in ("unknown", "person") \
                    or ent.last >= run.start or not re.match(r"(?i)an?\s", ent.name) \
                    or head_word(ent.name) != head:
                continue
            ent.name, ent.tokens, ent.type, ent.key = (" ".join(run.tokens), run.tokens,
                                                       "person", " ".join(run.tokens).lower())
            self._by_key[ent.key].append(ent)
            self._index_tokens(ent)
            self._describe_person(ent)
            return ent
        return None

    def _new_named(self, run: NameRun, org: bool, mention: Mention) -> _Entity:
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
        ent = _Entity(name=name, type=typ, key=name.lower(), tokens=run.tokens,
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

    def _describe_person(self, ent: _Entity) -> None:
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

    def _pseudonym(self, ent: _Entity, start: int, end: int) -> None:
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

    def _gender(self, ent: _Entity) -> str | None:
        votes = {"m": 0, "f": 0}
        first = ent.tokens[0].lower() if ent.tokens else ""
        if first in lx.MALE_FIRST_NAMES:
            votes["m"] += 2
        if first in lx.FEMALE_FIRST_NAMES:
            votes["f"] += 2
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
                votes["m" if pm.group(1).lower() in lx.MALE_PRONOUNS else "f"] += 1
        ent.evidence = abs(votes["m"] - votes["f"])
        if votes["m"] > votes["f"]:
            return "m"
        if votes["f"] > votes["m"]:
            return "f"
        return None

    def _pronoun(self, mention: Mention, statement: Statement) -> _Entity | None:
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

    def _plural_subject(self, pos: int) -> _Entity | None:
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
                ent = _Entity(name=name, type="group", key=key, plural=True)
                ent.add_mention([m.start("np"), m.end("np")])
                self._add_entity(ent)
                return ent
            if start <= 0:
                break
        return None

    def _recent_person(self, pos: int, want: str | None, skip: list[tuple[int, int]],
                       carry: bool = True) -> _Entity | None:
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


    def _candidate(self, run: NameRun) -> _Entity:
        """A person entity for a full name nobody spoke under yet, made once per name and
        registered only when chosen."""
        cand = self._candidates.get(run.tokens)
        if cand is None:
            cand = _Entity(name=run.text, type="person", key=run.text.lower(), tokens=run.tokens)
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

    def _last_before(self, ent: _Entity, pos: int) -> int:
        """Start of ``ent``'s latest mention before ``pos`` (-1 if none)."""
        n = self._number.get(id(ent))
        if n is None:
            return max((m[0] for m in ent.mentions if m[0] < pos), default=-1)
        starts = self._starts_of[n]
        k = bisect_left(starts, pos)
        return starts[k - 1] if k else -1

    def _recent_of(self, pos: int, types: tuple[str, ...], plural: bool = False) -> _Entity | None:
        best = None
        for ent in self._near(pos):
            if ent.type in types and ent.last < pos and (best is None or ent.last > best.last):
                if plural and ent.type == "anonymous" and not ent.plural:
                    continue
                best = ent
        return best

    def _description(self, mention: Mention) -> _Entity:
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
            if ent is None and _singular_person_head(head) and (plain or head in ROLE_OR_TITLE) \
                    and not mention.thing:
                ent = self._previous_subject(mention.span[0]) or self._recent_person(
                    mention.span[0], None, [], carry=head in lx.ROLE_NOUNS)  # not "the program"
                if ent is None or self._last_before(ent, mention.span[0]) \
                        < mention.span[0] - CATAPHORA_GAP:
                    ent = self._next_person(mention.span[1]) or ent
                if ent is not None and _other_role(ent, head):
                    ent = None  # "the Nova Scotia judge" is not the district attorney
            if ent is not None:
                if id(ent) not in self._number:
                    self._add_entity(ent)
                self._mention(ent, mention.span)
                return ent
        plural = _plural_noun(head) or head in ("people", "staff", "and")
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
        name = strip_determiner(surface) if typ in ("group",) else surface
        if head == "and":
            name = self._full_names_in(mention.span, name)
        key = strip_determiner(surface).lower()
        for ent in self._by_key.get(key, []):
            if ent.type == typ:
                self._mention(ent, mention.span)
                return ent
        ent = _Entity(name=name, type=typ, key=key, anonymous=anonymous, plural=plural)
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

    def _previous_subject(self, pos: int) -> _Entity | None:
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

    def _next_person(self, pos: int) -> _Entity | None:
        """A lead that names its subject later: "The former sergeant-at-arms of the House
        of Commons says … Kevin Vickers …" -> the first full name within
        :data:`CATAPHORA_GAP` characters after the description."""
        for run in self._runs_between(pos, pos + CATAPHORA_GAP):
            if pos <= run.start < pos + CATAPHORA_GAP:
                ent = self._find_named(run.tokens, run.start)
                if ent is None:
                    ent = self._candidates.get(run.tokens)
                if ent is None:
                    ent = _Entity(name=run.text, type="person", key=run.text.lower(), tokens=run.tokens)
                    self._describe_person(ent)
                if id(ent) not in self._number:
                    self._add_entity(ent)
                return ent
        return None

    def _named_organisation(self, head: str, pos: int) -> _Entity | None:
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
        ent = _Entity(name=name, type="organisation", key=key, tokens=tuple(name.split()))
        ent.add_mention([found.start(), found.end()])
        self._add_entity(ent)
        return ent


    def _organisation_of(self, run: NameRun) -> _Entity:
        name = " ".join(run.tokens)
        if len(run.tokens) == 1 and run.tokens[0].isupper() and len(run.tokens[0]) >= 2:
            name = self._acronym(run.tokens[0]) or name
        for ent in self._by_key.get(name.lower(), []):
            if ent.type == "organisation":
                return ent
        ent = _Entity(name=name, type="organisation", key=name.lower(), tokens=run.tokens)
        ent.add_mention([run.start, run.end])
        self._add_entity(ent)
        return ent

    def _definite(self, head: str, pos: int) -> _Entity | None:
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


def _other_role(ent: _Entity, head: str) -> bool:
    """Does ``ent`` hold roles, none of them ``head`` ("judge" for a "District Attorney")?"""
    if head not in lx.ROLE_NOUNS:
        return False
    words = {w.lower().rstrip(".") for r in ent.roles for w in WORD.findall(r)}
    return bool(words & lx.ROLE_NOUNS) and head not in " ".join(ent.roles).lower()  # "mayoral candidate" may be "the mayor"


def _singular_person_head(head: str) -> bool:
    """Could "the <head>" be a person already named ("the affable proprietor")?"""
    if not head or head in lx.DOCUMENT_WORDS or head in lx.ORG_DESCRIPTIONS:
        return False
    if head in lx.ANONYMOUS_WORDS or head in ("people", "staff", "public"):
        return False
    return not _plural_noun(head)


def _plural_noun(head: str) -> bool:
    """"officials", not "boss" nor "sergeant-at-arms" (a compound's first part counts)."""
    if re.search(r"-(?:at|in|of|de)-", head):
        head = head.split("-")[0]
    return head.endswith("s") and not head.endswith("ss")


def _order_key(st: Statement) -> int:
    starts = [f[0] for f in st.content if f] + [f[0] for f in st.cue if f]
    return min(starts) if starts else (st.source[0][0] if st.source else 0)


# ----------------------------------------------------------------------- public API


def resolve_speakers(ctx, statements: list[Statement], article_id: str) -> list[Speaker]:
    """Build the article's speakers and fill ``speaker_id``/``speaker`` in place.

    ``ctx`` is an :class:`~retold.statements.context.ArticleContext` (only ``ctx.text``
    is used). Statements are visited in text order so that pronouns and follow-on quotes
    see the speakers before them. Returns one :class:`Speaker` per entity that speaks,
    ids ``<article_id>:s<N>`` in order of first appearance.
    """
    text = ctx.text if hasattr(ctx, "text") else str(ctx)
    resolver = _Resolver(text, Discourse(text, getattr(ctx, "paragraphs", None),
                                         getattr(ctx, "sentences", None),
                                         getattr(ctx, "quotes", None)))
    assigned: dict[int, _Entity | None] = {}
    previous: _Entity | None = None
    for st in sorted(statements, key=_order_key):
        span = _source_span(st)
        if span is None:
            ent = resolver.introduced_before(st) or previous
            if ent is not None:
                ent.last = max(ent.last, _order_key(st))
        else:
            mention = analyse_mention(text, span, resolver.runs_near(span), resolver.midcaps)
            ent = resolver.entity_for(mention, st)
            if ent is None:  # unresolved pronoun: keep it as an unknown speaker
                ent = _Entity(name=mention.text, type="unknown", key=f"?{span[0]}")
                ent.add_mention(span)
                resolver._add_entity(ent)
        assigned[id(st)] = ent
        if ent is not None:
            previous = ent
    _named_after_description(resolver, statements, assigned)
    _leading_follow_ons(statements, assigned)
    return _finish(article_id, statements, assigned)


LEDE_SENTENCES = 2
"""How many sentences after an unnamed description the person it introduces must be
named (the next sentence, or the one after a line of scene-setting)."""
_FUNCTION_WORDS = frozenset(
    "a an the of for in at on to with by from and or who that which whose has had have is "
    "was were be been his her its their our this these those working".split())


def _content_words(phrase: str) -> set[str]:
    """Words that carry the description's meaning; an acronym keeps its case ("IS" is
    the group, not the verb)."""
    out = set()
    for w in WORD.findall(phrase):
        if w.isupper() and len(w) > 1:
            out.add(w)
        elif w.lower() not in _FUNCTION_WORDS and len(w) > 2:
            out.add(w.lower())
    return out


def _person_noun(head: str) -> bool:
    """"member", "general", "man": a head that names one person ("A growing number of
    senators" is a group whose head is no person)."""
    return head in lx.ROLE_NOUNS or head in lx.MALE_ROLE_WORDS or head in lx.FEMALE_ROLE_WORDS


def _named_after_description(resolver: _Resolver, statements: list[Statement],
                             assigned: dict[int, _Entity | None]) -> None:
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
    ordered = sorted(statements, key=_order_key)
    disc, text = resolver.discourse, resolver.text
    introductions: dict[int, list[str]] = defaultdict(list)  # each speaker's source phrases
    for st in ordered:
        ent, span = assigned.get(id(st)), _source_span(st)
        if ent is not None and span is not None:
            introductions[id(ent)].append(text[span[0]:span[1]])
    speaking = list({id(e): e for e in (assigned.get(id(st)) for st in ordered)
                     if e is not None and e.mentions}.values())
    named = sorted((min(m[0] for m in e.mentions), k) for k, e in enumerate(speaking)
                   if e.type == "person" and e.tokens)
    merged: dict[int, _Entity] = {}
    for unnamed in speaking:
        if unnamed.tokens or unnamed.plural or unnamed.anonymous \
                or unnamed.type not in ("person", "unknown") \
                or not re.match(r"(?i)an?\s", unnamed.name) \
                or not _person_noun(head_word(unnamed.name)):
            continue
        start, end = min(unnamed.mentions)
        nxt = next(((at, speaking[k]) for at, k in named if at >= end), None)
        if nxt is None or disc.sentence_of(nxt[0]) > disc.sentence_of(start) + LEDE_SENTENCES:
            continue
        at, ent = nxt
        last = ent.tokens[-1].lower()
        if any(r.end <= at and r.tokens[-1].lower() != last
               for r in resolver._runs_between(end, at)):
            continue  # somebody else is named in between
        words = _content_words(unnamed.name)
        if any(re.match(r"(?i)an?\s", d) and words & _content_words(d)
               for d in ent.roles + introductions[id(ent)]):
            ent.add_role(unnamed.name[0].lower() + unnamed.name[1:])
            for m in unnamed.mentions:
                if not ent.has_mention(m):
                    ent.append_mention(m)
            merged[id(unnamed)] = ent
    for key, e in assigned.items():
        if e is not None and id(e) in merged:
            assigned[key] = merged[id(e)]


def _leading_follow_ons(statements: list[Statement], assigned: dict[int, _Entity | None]) -> None:
    """A follow-on quote with nobody before it ("'…' 'Quote two,' said X" split in two)
    takes the speaker of the next statement."""
    ordered = sorted(statements, key=_order_key)
    nxt: _Entity | None = None
    for st in reversed(ordered):
        if assigned.get(id(st)) is None and _source_span(st) is None:
            assigned[id(st)] = nxt
        elif assigned.get(id(st)) is not None:
            nxt = assigned[id(st)]


def _finish(article_id: str, statements: list[Statement],
            assigned: dict[int, _Entity | None]) -> list[Speaker]:
    speaking: list[_Entity] = []
    seen: set[int] = set()
    for st in sorted(statements, key=_order_key):
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
