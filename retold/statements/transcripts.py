"""Interview transcripts: "Q: …" / "A: …", "NEWSWEEK: …" / "OMER: …" paragraphs.

Why: an interview printed as a transcript has no reporting verbs and no quotation
marks, so the rules of :mod:`attribution` and :mod:`quotes` read each answer as the
writer's prose: nothing of it was the interviewee's, and the verbs inside it ("The
commanders told us …") became statements of their own. Here a paragraph that opens
with a speaker label and a colon is a *turn*; the article is read as a transcript only
when the labels look like one (below), so that "Note: …", "UPDATE: …", "Photo: …",
"Analysis: …", "Price: $5" and "10:30" never count.

* A label is a question label ("Q", "Question", "Interviewer", or a name that is the
  interviewing outlet, "NEWSWEEK"), an answer label ("A", "Answer") or a person's
  name ("OMER", "Sherko Omer") that the article's prose names as a person or that opens
  with a known first name. Other labels are no turns.
* A transcript needs two turns or more, and either a question and an answer label, or a
  person's label used twice. "Q:"/"A:" with nobody interviewed in the text before the
  first turn (no "spoke to", "interviewed", "in an interview" near a person's name) is
  an explainer's questions and answers, the writer's own words: no transcript.
* A label ends with a colon, before its words or on a line of its own over them
  ("NEWSWEEK:\nWhat did you see?"). "Q." and "A." with a period are labels only as a
  pair in one article, with a question asked ("Q. Will the bridge reopen?"): else "Q."
  is an initial ("Q. Smith said the plan works.").
* A question's body runs from its label to the paragraph's end, with the unlabelled
  paragraphs up to the next label. An answer's body runs on into the unlabelled
  paragraphs after it (up to the next label, or the end of the article) while they read
  as its speaker's: not narrative (:func:`_narrative`: the speaker named or "he"/"she"
  opening the paragraph, a reporting verb after a name or pronoun, a note that the
  interview was edited), and, after the last turn, only where the transcript's answers
  are shown to run over paragraphs (an earlier answer does, before the next label) or
  the paragraph speaks in the first person while the writer's intro does not. So "It is
  a long project." after a transcript of one-paragraph answers is the writer's again.
  Every body, questions included, is read as quoted text: no statement is found inside
  it (as inside a quotation).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from retold.ingest.textlines import TURN_LABEL
from retold.records import Channel
from retold.statements import lexicon as lx
from retold.statements.channels import find_channels
from retold.statements.names import NameRun, looks_like_person, name_runs

Span = tuple[int, int]

QUESTION_LABELS = frozenset({"q", "question", "interviewer"})
ANSWER_LABELS = frozenset({"a", "answer"})
NOT_SPEAKER_LABELS = frozenset("""
note notes update updated updates photo photos picture image images video watch listen read
related source sources credit credits caption analysis opinion comment commentary correction
clarification disclosure warning breaking exclusive live price cost date time where when
location venue tickets contact email phone website address tags topics background context
summary editorial review verdict rating pros cons step tip bonus fact facts quote editor's editors
""".split())
"""Labels of notes, headings and lists: never somebody's turn, even when repeated."""
_INTERVIEW = re.compile(r"\b(?:interview(?:s|ed)?|spoke|speaks|spoken|talked|talks|sat\s+down|"
                        r"conversation|Q\s*&\s*A)\b")
_ON_RECORD = re.compile(r"\b(?:transcripts?|debate|hearing|briefing|exchange|press\s+conference|"
                        r"took\s+questions)\b", re.I)
"""Words that, before the first turn, make name labels alone a transcript (with _INTERVIEW)."""
_WHO = r"(?:The\s+)?[A-Z][\w.&’'\-]*(?:\s+(?:&|[A-Z][\w.&’'\-]*)){0,3}"
_INTERVIEWER = re.compile(rf"(?:(?P<s>{_WHO})\s+)?(?P<v>spoke|talked|sat\s+down|interviewed)\b"
                          rf"(?:\s+(?:to|with))?\s+(?:the\s+)?(?P<o>{_WHO})?")
""""Newsweek spoke to …", "Mayor Linda Park sat down with the Herald", "CNN's Jake Tapper
interviewed …": the outlet is the subject unless a person is, then the object ("to",
"with") or the person's possessive owner ("CNN")."""
_ASKER = re.compile(r"\b(?:correspondent|reporter|journalist|editor|writer|host|presenter|"
                    r"anchor|columnist|interviewer|moderator|by)\s+$", re.I)
_ASKS = re.compile(r"\s+(?:interviewed|asked|questioned)\b")
_LIST_NEXT = re.compile(r"\s*(?:,|,?\s+and)\s*$")
ROLE_LABELS = {"court": ("judge", "justice"), "witness": ("witness",), "chair": ("chair",)}
"""'THE COURT:' is the judge's turn (read as the judge the prose names, else the label)."""
INTRO_REACH = 120
"""Characters between an interview word and the interviewee's name in the intro."""


@dataclass
class Turn:
    label: Span  # the label with its colon: the statement's cue
    body: list[Span]  # the turn's words: its paragraph after the label, and any run-on ones
    question: bool
    speaker: Span | None = None  # where the text names the one who answers


@dataclass
class Transcript:
    turns: list[Turn] = field(default_factory=list)
    channel: Channel | None = None  # "Newsweek spoke to …", "told Newsweek in an interview"

    @property
    def answers(self) -> list[Turn]:
        return [t for t in self.turns if not t.question]


def transcript_of(ctx) -> Transcript | None:
    """The article's transcript (:class:`Transcript`), None when it is not one; read once
    per :class:`~retold.statements.context.ArticleContext`."""
    if "_transcript" not in ctx.__dict__:
        ctx._transcript = read_transcript(ctx.text, ctx.paragraphs)
    return ctx._transcript


def read_transcript(text: str, paragraphs: list[Span]) -> Transcript | None:
    heads = _heads(text, paragraphs)
    if len(heads) < 2:
        return None  # the usual page: two regex tries a paragraph at most
    intro_end = next((paragraphs[p][0] for p, m in heads if not _note(m.group("label"))), 0)
    labels = {m.start() for _p, m in heads}
    runs = [r for r in name_runs(text) if looks_like_person(r) and r.start not in labels]
    channel, interviewee = _interview(text, intro_end, runs)
    outlet = {w.lower() for w in (channel.name.split() if channel else ())}
    kinds = {}
    for _p, m in heads:
        label = m.group("label")
        kinds[label] = _label_kind(label, runs, outlet, interviewee)
    turns = [(p, m) for p, m in heads if kinds[m.group("label")] is not None]
    for label in _asking(text, paragraphs, turns, kinds):
        kinds[label] = ("question", None)
    counts: dict[str, int] = {}
    for _p, m in turns:
        counts[m.group("label")] = counts.get(m.group("label"), 0) + 1
    kinds_used = {kinds[lab][0] for lab in counts}
    qa = "question" in kinds_used and ("answer" in kinds_used or "person" in kinds_used)
    persons = [lab for lab in counts if kinds[lab][0] == "person"]
    named_only = any(counts[lab] >= 2 for lab in persons) and (
        len(persons) >= 2 or _INTERVIEW.search(text, 0, intro_end) or _ON_RECORD.search(text, 0, intro_end))
    if len(turns) < 2 or not (qa or named_only):
        return None  # "Jordan Henderson:" twice in player ratings: no interview
    if any(kinds[a.group("label")][0] == kinds[b.group("label")][0] == "answer"
           for (_p, a), (_q, b) in zip(turns, turns[1:])):
        interviewee = None  # "A:" after "A:": several people answer, the labels say not who
    out = Transcript(channel=channel)
    starts = [p for p, _m in heads]
    nexts = [next((q for q in starts if q > p), len(paragraphs)) for p, _m in turns]
    runs_over = any(nxt > p + 1 for (p, m), nxt in zip(turns[:-1], nexts)
                    if kinds[m.group("label")][0] != "question")
    writer_first_person = bool(_FIRST_PERSON.search(text, 0, intro_end))
    for k, (p, m) in enumerate(turns):
        kind, speaker = kinds[m.group("label")]
        if kind == "answer":
            speaker = interviewee
            if speaker is None:
                continue  # "A:" with nobody (or several) interviewed: not read
        speaker = speaker or _bare(text, m)
        stop = nexts[k]
        if kind != "question":
            last = k + 1 == len(turns)
            stop = _answer_end(text, paragraphs, p, stop, _surnames(text, speaker, m),
                               last and not runs_over, last and not writer_first_person)
        body = [(m.end(), paragraphs[p][1])] + list(paragraphs[p + 1:stop])
        out.turns.append(Turn((m.start(), m.end("label") + 1), body, kind == "question", speaker))
    # with no answer read the questions stay turns: a question is never a statement
    return out if any(t.question for t in out.turns) or out.answers else None


_PERIOD_LABEL = re.compile(r"(?P<label>[QA])\.(?:[ \t]+|[ \t]*\n[ \t]*)(?=\S)")
""""Q. …" / "A. …": a question and an answer labelled with a period (see :func:`_heads`)."""


def _heads(text: str, paragraphs: list[Span]) -> list[tuple[int, re.Match]]:
    """(paragraph, label match) of every paragraph a label opens: a colon label
    (:data:`TURN_LABEL`), or "Q."/"A." when :func:`_period_pair` holds for the article."""
    heads, period = [], []
    for p, (s, e) in enumerate(paragraphs):
        if (m := TURN_LABEL.match(text, s, e)) and len(m.group("label")) <= 40:
            heads.append((p, m))
        elif m := _PERIOD_LABEL.match(text, s, e):
            period.append((p, m))
    if _period_pair(text, paragraphs, period):
        heads = sorted(heads + period, key=lambda h: h[0])
    return heads


def _period_pair(text: str, paragraphs: list[Span], period: list[tuple[int, re.Match]]) -> bool:
    """Are the paragraphs opened by "Q." and "A." an interview's turns? Both labels occur,
    and a "Q." paragraph ends with a question mark: "Q. Smith said the plan works." is a
    man with an initial, and so is "A. Jones" beside him."""
    labels = {m.group("label") for _p, m in period}
    return labels == {"Q", "A"} and any(
        m.group("label") == "Q" and text[paragraphs[p][0]:paragraphs[p][1]].rstrip().endswith("?")
        for p, m in period)


_FIRST_PERSON = re.compile(r"\b(?:I|I['’](?:m|ve|d|ll)|[Ww]e|[Mm]y|[Oo]ur|me|us)\b")
_REPORTED = re.compile(r"\b(?:[Hh]e|[Ss]he|[A-Z][\w'’\-]+)\s+(?:said|says|added|told|recalled|explained)\b"
                       r"|\b(?:said|says|added)\s+(?:he|she|[A-Z])")
_EDITED = re.compile(r"\binterview(?:ed|s)?\b|\b(?:edited|condensed)\b", re.I)
_THIRD_PERSON_OPENING = re.compile(r"(?:He|She|His|Her)\b")


def _answer_end(text: str, paragraphs: list[Span], p: int, bound: int, names: set[str],
                shown_only: bool, first_person_shows: bool) -> int:
    """The paragraph after an answer's body: the answer opened in paragraph ``p`` runs
    on into the unlabelled paragraphs before ``bound`` (the next label, or the end of
    the article) while they are no narrative (:func:`_narrative`). ``shown_only`` (the
    last answer, when no earlier answer ran over a paragraph): a paragraph continues it
    only when it speaks in the first person and ``first_person_shows`` (the writer's
    intro does not say "I" or "we")."""
    stop = p + 1
    while stop < bound:
        s, e = paragraphs[stop]
        if _narrative(text, s, e, names):
            break
        if shown_only and not (first_person_shows and _FIRST_PERSON.search(text, s, e)):
            break
        stop += 1
    return stop


def _narrative(text: str, s: int, e: int, names: set[str]) -> bool:
    """Does the paragraph read as the writer's, about the one answering: it names them
    ("Holt, 54, was elected in 2019"), opens on "He"/"She", reports what somebody said
    ("she said", "Omer added"), or notes the interview ("This interview has been edited
    for length")?"""
    words = set(re.findall(r"[A-Z][\w'’\-]*", text[s:e]))
    return bool(words & names or _THIRD_PERSON_OPENING.match(text, s, e)
                or _REPORTED.search(text, s, e) or _EDITED.search(text, s, e))


def _surnames(text: str, speaker: Span, m: re.Match) -> set[str]:
    """The words a paragraph names the one answering by: the last word of their name as
    the text gives it, and the label's last word when it is a name ("OMER" -> "Omer")."""
    name = text[speaker[0]:speaker[1]].split()
    out = {re.sub(r"['’]s?$", "", name[-1].strip(".,"))} if name else set()
    label = m.group("label").split()[-1].rstrip(".")
    if len(label) > 1:
        out |= {label, label.title()}
    return out


def _interview(text: str, end: int, runs: list[NameRun]) -> tuple[Channel | None, Span | None]:
    """(the interviewing outlet, the interviewee's name) as the text before the first
    turn gives them: the person named nearest an interview word ("Newsweek spoke to
    Sherko Omer", "Omer told Newsweek in an interview"), after it rather than before."""
    person = None
    asked = [r for r in runs if r.end <= end and (_ASKER.search(text, max(0, r.start - 40), r.start)
                                                  or _ASKS.match(text, r.end))]
    for m in _INTERVIEW.finditer(text, 0, end):
        near = [r for r in runs if r not in asked and r.end <= end]
        after = [r for r in near if m.end() <= r.start < m.end() + INTRO_REACH]
        before = [r for r in near if m.start() - INTRO_REACH <= r.start and r.end <= m.start()]
        pick = after[0] if after else (before[-1] if before else None)
        if pick is not None:
            nxt = [r for r in near if r.start > pick.end]
            if nxt and _LIST_NEXT.match(text[pick.end:nxt[0].start]):
                break  # "spoke to three economists, Paul Adams, Rachel Green and …": whose A:?
            person = (pick.start, pick.end)
            break
    return _outlet(text, end, runs), person


def _outlet(text: str, end: int, runs: list[NameRun]) -> Channel | None:
    """The interviewing outlet the intro names (see _INTERVIEWER), else its first outlet or
    interview channel ("told the Western Mail" before "in an interview")."""
    for m in _INTERVIEWER.finditer(text, 0, end):
        name, s = None, m.group("s")
        person = s and next((r for r in runs if m.start("s") <= r.start < m.end("s")), None)
        if s and not person:
            name = s
        elif person and re.search(r"['’]s\s+$", text[m.start("s"):person.start]):
            name = re.sub(r"['’]s\s+$", "", text[m.start("s"):person.start])  # "CNN's Jake Tapper"
        elif m.group("o") and m.group("v") != "interviewed" and not any(
                m.start("o") <= r.start < m.end("o") for r in runs):
            name = m.group("o")  # "Mayor Linda Park sat down with the Herald"
        if name:
            return Channel(name=re.sub(r"^The\s+", "", name), span=[m.start(), m.end()],
                           kind="outlet", phrase=m.group())
    found = [ch for ch in find_channels(text, 0, end) if ch.kind in ("outlet", "interview")]
    ch = next((c for c in found if c.kind == "outlet"), found[0] if found else None)
    return ch and Channel(name=ch.name, span=[ch.start, ch.end], kind=ch.kind,
                          phrase=text[ch.start:ch.end])


def _label_kind(label: str, runs: list[NameRun], outlet: set[str], interviewee: Span | None
                ) -> tuple[str, Span | None] | None:
    """("question" | "answer" | "person", where the text names the speaker: None for
    the label itself) for a label, None when the label is nobody's turn."""
    low = label.lower().rstrip(".")
    if low in QUESTION_LABELS:
        return ("question", None)
    if low in ANSWER_LABELS:
        return ("answer", interviewee)
    words = low.replace(".", " ").split()
    if _note(label):
        return None
    if outlet and set(words) <= outlet:
        return ("question", None)
    honorific = words[0] in lx.NAME_HONORIFICS  # "MS. PSAKI", "Mr Omer", "DR. FAUCI"
    words = _untitled(words)  # "PRESIDENT BIDEN" -> "biden"
    if low.startswith("the ") and len(words) == 1:  # "THE PRESIDENT", "THE COURT"
        roles = ROLE_LABELS.get(words[0], (words[0],))
        if words[0] not in lx.TITLES and words[0] not in ROLE_LABELS:
            return None
        holder = next((r for r in runs if {t.lower().rstrip(".") for t in r.title} & set(roles)), None)
        return ("person", holder and (holder.start, holder.end))
    named = [r for r in runs if _names(words, r.tokens)]
    if named:
        best = next((r for r in named if interviewee and r.start == interviewee[0]), named[0])
        return ("person", (best.start, best.end))
    if honorific or len(words) >= 2 and words[0] in lx.FIRST_NAMES:
        return ("person", None)  # "MS. REYES:", "Maria Lopez:" named nowhere else
    return None


def _asking(text: str, paragraphs: list[Span], turns, kinds) -> list[str]:
    """Person labels that are the interviewer's: two of three of their turns end in "?"
    while another label answers ("HOLT: … ?" in a debate's transcript)."""
    asked: dict[str, list[bool]] = {}
    for p, m in turns:
        asked.setdefault(m.group("label"), []).append(text[paragraphs[p][0]:paragraphs[p][1]].rstrip().endswith("?"))
    if len(asked) < 2:
        return []
    return [lab for lab, qs in asked.items()
            if kinds[lab][0] == "person" and 3 * sum(qs) >= 2 * len(qs)]


def _untitled(words: list[str]) -> list[str]:
    """A label's words without the titles before the name ("ms psaki" -> "psaki")."""
    k = 0
    while k < len(words) - 1 and (words[k] in lx.TITLES or words[k] == "the"):
        k += 1
    return words[k:]


def _bare(text: str, m: re.Match) -> Span:
    """The name in a label ("REYES" of "MS. REYES"): the speaker when the prose names nobody."""
    words = list(re.finditer(r"[^\s.]+", m.group("label")))
    keep = len(_untitled([w.group().lower() for w in words]))
    return (m.start() + words[-keep].start(), m.end("label"))


def _note(label: str) -> bool:
    """"Note", "UPDATE", "Photo credit": a note's or heading's label."""
    return label.lower().replace(".", " ").split()[0] in NOT_SPEAKER_LABELS


def _names(words: list[str], tokens: tuple[str, ...]) -> bool:
    """Is the label ("omer", "sherko omer") this person's name or surname?"""
    low = [t.lower() for t in tokens]
    return len(words) <= len(low) and low[-len(words):] == words


_TIME_LABEL = re.compile(r"\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?:[ \t]+(?=\S)", re.I)


def unlabelled(text: str, s: int, e: int) -> Span:
    """A content fragment without the label that opens its line ("A: ", "Update: ",
    "10:45: "): on a page read as no transcript (an explainer, a live blog) a statement
    found in a labelled paragraph starts there, and the label is nobody's words."""
    if s and text[s - 1] != "\n":
        return (s, e)
    m = TURN_LABEL.match(text, s, e) or _TIME_LABEL.match(text, s, e)
    return (m.end(), e) if m and m.end() < e and len(m.group()) <= 42 else (s, e)


def turn_regions(ctx) -> list[Span]:
    """Every turn body of the article's transcript (none when it is not one)."""
    tr = transcript_of(ctx)
    return [b for t in tr.turns for b in t.body] if tr else []


def interview_channels(ctx, statements) -> None:
    """The interviewing outlet as the channel of every answer (set before
    :func:`channels.attach_channels`, which keeps a channel already set)."""
    tr = transcript_of(ctx)
    if tr is None or tr.channel is None:
        return
    starts = {t.body[0][0] for t in tr.answers}
    for st in statements:
        if st.channel is None and st.content and st.content[0][0] in starts:
            st.channel = Channel(name=tr.channel.name, span=list(tr.channel.span),
                                 kind=tr.channel.kind, phrase=tr.channel.phrase)
