"""Who-said-what from one parsed sentence: cue, source and content spans.

Why dependency rules rather than a trained tagger: a reporting verb (from
:mod:`retold.statements.cues`) that governs a clause is an attribution — its subject is
the source and its clausal complement the content ("Omer explained [that …]"); when the
reporting clause trails the content ("…, another source said") the content is what
precedes it in the governing clause; "according to X" takes the rest of its clause.
These few rules recover most of PolNeAR's attributions on the small English model
without training, and need the parse of cue-bearing sentences only.

The parse has no tagger (see :data:`retold.statements.context.PARSE_COMPONENTS`): verbs
are recognised by their place in the tree and cue lemmas by lookup. Noun-phrase and
infinitive contents ("praised the plan", "vowed to repeal it") are PolNeAR-style
*stance* attributions (:func:`retold.statements.assemble.act_of`).

Matches are computed here apart from how they are turned into statements
(:mod:`retold.statements.assemble`), after spaCy's span_ruler.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from retold.statements.cues import (CUE_FORMS, NP_CUES, PARTICIPLE_CUES, PREP_CUES, XCOMP_CUES,
                                   lemma_of)

Span = tuple[int, int]
_SUBJECTS = ("nsubj", "nsubjpass", "csubj")
_EDGE_PUNCT = set(",;:—–-()[]") | {"--"}
_TRAIL_PUNCT = {",", "”", "\"", "’", "—", "–", "--", "-"}
_CLIMB = ("advcl", "xcomp", "conj", "acl", "ccomp", "relcl")


@dataclass
class Found:
    """One attribution found in one sentence (article offsets)."""

    cue: list[Span]
    source: list[Span] = field(default_factory=list)
    content: list[Span] = field(default_factory=list)
    sentence: int = -1
    lemma: str = ""
    rule: str = ""  # ccomp | trailing | according | xcomp | bare

    @property
    def cue_start(self) -> int:
        return self.cue[0][0]


def _token_span(tokens, base: int) -> Span | None:
    """Character span of ``tokens`` (a doc slice) without edge punctuation and spaces.

    Works on indices: only the edge tokens are looked at (building every token of a
    long content clause was ~10% of ``detect``)."""
    lo, hi = 0, len(tokens)
    while lo < hi:
        t = tokens[lo]
        if not (t.is_punct and t.text not in "“\"‘'«" or t.is_space or t.text in _EDGE_PUNCT):
            break
        lo += 1
    while lo < hi:
        t = tokens[hi - 1]
        text = t.text
        if not (t.is_space or text in _EDGE_PUNCT and not (
                text == ")" and any(tokens[k].text == "(" for k in range(lo, hi)))
                or t.is_punct and text not in "”\"’'».?!…)"):
            break
        hi -= 1
    if lo >= hi:
        return None
    first, last = tokens[lo], tokens[hi - 1]
    return (base + first.idx, base + last.idx + len(last.text))


def _subtree(tok, base: int) -> Span | None:
    doc = tok.doc
    return _token_span(doc[tok.left_edge.i: tok.right_edge.i + 1], base)


def _subjects(tok) -> list:
    """The grammatical subject(s) of ``tok``, climbing to governing verbs for participles
    and conjuncts ("…, saying that…", "and added that…"). Several when the parser split
    one noun phrase ("spokesman Polat | Can")."""
    cur = tok
    for _ in range(4):
        subs = [c for c in cur.children if c.dep_ in _SUBJECTS]
        if subs:
            return subs
        for child in cur.children:
            if child.dep_ == "agent":  # "it was announced by the ministry"
                pobj = [g for g in child.children if g.dep_ == "pobj"]
                if pobj:
                    return pobj
        if cur.dep_ in _CLIMB and cur.head.i != cur.i:
            cur = cur.head
        else:
            return []
    return []


def _source_span(subjects, base: int) -> list[Span]:
    """The source mention: the subject phrase; for a name or pronoun without what the
    parser hung on its right ("Omer [of crossing the border]")."""
    if not subjects:
        return []
    doc = subjects[0].doc
    lo = min(s.left_edge.i for s in subjects)
    hi = max(s.right_edge.i for s in subjects) + 1
    last = max(subjects, key=lambda s: s.i)
    if _is_name_or_pronoun(last):
        inverted = last.i > last.head.i  # "said Omer [of crossing the border]"
        cut = [c.left_edge.i for c in last.rights
               if c.dep_ == "prep" and (inverted or any(g.dep_ == "pcomp"
                                                        for g in c.children))]
        if cut:
            hi = min(hi, min(cut))
    verb = last.head
    while hi < verb.i and doc[hi].is_title and doc[hi].dep_ in ("aux", "nsubj", "compound"):
        hi += 1  # "spokesman Polat | Can[aux] went": a name cut by the parser
    span = _token_span(doc[lo:hi], base)
    return [span] if span else []


_VERB_DEPS = {"ROOT", "ccomp", "xcomp", "advcl", "conj", "parataxis", "relcl", "acl", "pcomp",
              "csubj"}
_VERB_CHILD_DEPS = {"nsubj", "nsubjpass", "aux", "auxpass", "dobj", "ccomp", "xcomp", "neg",
                    "prt", "agent", "dative"}
_PRONOUNS = frozenset("i you he she it we they who this that these those one".split())


def _is_verb(tok) -> bool:
    """Verb-like by its place in the tree (the tagger is not run, see context.py)."""
    if tok.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj", "compound", "amod", "det", "poss",
                    "attr", "appos", "npadvmod"):
        return False
    return tok.dep_ in _VERB_DEPS or any(c.dep_ in _VERB_CHILD_DEPS for c in tok.children)


def _is_name_or_pronoun(tok) -> bool:
    return tok.lower_ in _PRONOUNS or tok.text[:1].isupper()


def _np_content(tok, lemma: str, base: int) -> tuple[list[Span], list[Span], str]:
    """Content that is a noun phrase: "praised [the plan]", "called for [a ban]".

    Returns (content, extra cue spans, rule)."""
    doc = tok.doc
    if lemma in PREP_CUES:
        for child in tok.rights:
            if child.dep_ == "prep" and child.lower_ in PREP_CUES[lemma]:
                obj = next((g for g in child.children if g.dep_ in ("pobj", "pcomp")), None)
                if obj is not None:
                    span = _subtree(obj, base)
                    if span:
                        cue = [(base + child.idx, base + child.idx + len(child.text))]
                        return [span], cue, "prep"
    if lemma in NP_CUES:
        dobj = next((c for c in tok.rights if c.dep_ == "dobj"), None)
        if dobj is not None and dobj.lower_ not in _PRONOUNS:
            lo, hi = dobj.left_edge.i, dobj.right_edge.i + 1
            for child in tok.rights:  # "accused Republicans [of placing …]"
                if child.dep_ == "prep" and child.i > dobj.i and child.lower_ in ("of", "for"):
                    hi = child.right_edge.i + 1
                elif child.dep_ in ("oprd", "xcomp", "ccomp") and child.i > dobj.i:
                    hi = max(hi, child.right_edge.i + 1)  # "called the charges [unfounded]"
            if lemma == "call" and hi == dobj.right_edge.i + 1:
                return [], [], ""  # "called a meeting": no judgement reported
            span = _token_span(doc[lo:hi], base)
            if span:
                return [span], [], "dobj"
    return [], [], ""


def _content_child(tok, lemma: str):
    children = [(child, child.dep_) for child in tok.children]  # read once, tried thrice
    for child, dep in children:
        if dep == "ccomp":
            return child, "ccomp"
    if lemma in XCOMP_CUES:
        for child, dep in children:
            if dep == "xcomp":
                return child, "xcomp"
    for child, dep in children:  # "said in a statement that …" / "asked whether…"
        if dep in ("advcl", "dobj") and any(g.dep_ == "mark" and g.lower_ in
                                            ("that", "whether", "if")
                                            for g in child.children):
            return child, "ccomp"
    for child, dep in children:
        if dep == "prep":
            clause = _misread_complement(child)
            if clause is not None:
                return clause, "ccomp"
    return None, ""


_CHANNEL_NOUNS = frozenset({"interview", "statement", "email", "call", "letter", "briefing",
                            "conference", "message", "post", "tweet", "speech", "hearing"})


def _misread_complement(prep):
    """"told Newsweek in an interview that he left in 2014": the parser hangs the
    content clause on "interview" as a relative clause ("that" its object). It is the
    cue's complement when "that" opens it and the clause has a subject of its own (not
    "a statement that was released", where "that" is the subject)."""
    for pobj in prep.children:
        if pobj.dep_ != "pobj" or pobj.lower_ not in _CHANNEL_NOUNS:
            continue
        for clause in pobj.children:
            first = clause.left_edge
            if clause.dep_ == "relcl" and clause.i > pobj.i and first.lower_ == "that" \
                    and first.dep_ != "nsubj" and first.dep_ != "nsubjpass" and any(
                        c.dep_ in ("nsubj", "nsubjpass") and c.i != first.i for c in clause.children):
                return clause
    return None


def _according(tok, base: int) -> Found | None:
    """"according to X, …" / "…, according to X": source X, content its clause."""
    doc = tok.doc
    if tok.i + 1 >= len(doc) or doc[tok.i + 1].lower_ != "to":
        return None
    to = doc[tok.i + 1]
    pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
    phrase_lo = tok.i
    phrase_hi = max(tok.right_edge.i, to.right_edge.i)
    cue = (base + tok.idx, base + to.idx + len(to.text))
    source = _subtree(pobj, base) if pobj is not None else None
    head = tok.head if tok.head.i != tok.i else None
    while head is not None and not _is_verb(head) and head.head.i != head.i:
        head = head.head
    if head is None:
        lo, hi = 0, len(doc)
    else:
        lo, hi = head.left_edge.i, head.right_edge.i + 1
    fragments = []
    for a, b in ((lo, phrase_lo), (phrase_hi + 1, hi)):
        if b > a:
            span = _token_span(doc[a:b], base)
            if span:
                fragments.append(span)
    if not fragments:
        return None
    return Found([cue], [source] if source else [], fragments, lemma="according to",
                 rule="according")


_CUE_HASHES: frozenset[int] | None = None


def _cue_tokens(doc):
    """The tokens that may be cues ("according" or a cue form), in order, picked from the
    doc's array of lower-case hashes, so that the per-token checks below run on ~5% of
    the tokens."""
    global _CUE_HASHES
    if _CUE_HASHES is None:
        from spacy.strings import hash_string

        _CUE_HASHES = frozenset(hash_string(w) for w in [*CUE_FORMS, "according"])
    from spacy.attrs import LOWER

    hashes = _CUE_HASHES
    return [doc[i] for i, h in enumerate(doc.to_array(LOWER).tolist()) if h in hashes]


def find_in_sentence(doc, base: int, sentence: int,
                     quoted: Callable[[int], bool] = lambda _o: False) -> list[Found]:
    """Every attribution whose cue lies outside quotation marks in one parsed sentence.

    ``base`` is the sentence's offset in the article; ``quoted(offset)`` says whether an
    article offset is inside a quotation (cues inside a quote belong to the quoted
    speaker's own reported speech and are left alone).
    """
    found: list[Found] = []
    for tok in _cue_tokens(doc):
        if quoted(base + tok.idx):
            continue
        if tok.lower_ == "according":
            f = _according(tok, base)
            if f:
                f.sentence = sentence
                found.append(f)
            continue
        lemma = lemma_of(tok.text)
        if lemma is None or not _is_verb(tok):
            continue
        f = _verb_attribution(tok, lemma, base)
        if f:
            f.sentence = sentence
            found.append(f)
    return found


def _cue_span(tok, base: int) -> list[Span]:
    """The verb plus its particle ("pointed out") as one cue span."""
    end = tok.idx + len(tok.text)
    for child in tok.children:
        if child.dep_ == "prt" and child.i == tok.i + 1:
            end = child.idx + len(child.text)
    return [(base + tok.idx, base + end)]


def _verb_attribution(tok, lemma: str, base: int) -> Found | None:
    subjects = _subjects(tok)
    subj = subjects[-1] if subjects else None
    source = _source_span(subjects, base)
    content_tok, rule = _content_child(tok, lemma)
    if content_tok is not None:
        span = _subtree(content_tok, base)
        if span:
            return Found(_cue_span(tok, base), source, [span], lemma=lemma, rule=rule)
    head = tok.head
    np_content, extra_cue, np_rule = _np_content(tok, lemma, base)
    if np_content:
        return Found(_cue_span(tok, base) + extra_cue, source, np_content, lemma=lemma,
                     rule=np_rule)
    lo_edge = min(tok.left_edge.i, subj.left_edge.i) if subj is not None else tok.i
    if (tok.dep_ in ("parataxis", "ccomp", "advcl", "conj") and head.i != tok.i
            and head.i < tok.i and subj is not None and subj.head.i == tok.i
            and subj.dep_ == "nsubj" and _is_verb(head)
            and lemma_of(head.text) is None
            and lo_edge > 0 and tok.doc[lo_edge - 1].text in _TRAIL_PUNCT):
        # "The plan failed, he said." / "…, the source added": content precedes the cue
        lo = head.left_edge.i
        hi = lo_edge
        span = _token_span(tok.doc[lo:hi], base)
        if span:
            return Found(_cue_span(tok, base), source, [span], lemma=lemma, rule="trailing")
    if (tok.dep_ in ("parataxis", "ccomp", "advcl") and head.i > tok.i and subj is not None
            and subj.head.i == tok.i and _is_verb(head) and lemma_of(head.text) is None
            and lo_edge > 0 and tok.doc[lo_edge - 1].text in _TRAIL_PUNCT):
        # "The museum, Mr. Bush said, celebrated his heroes": the cue interrupts the content
        doc = tok.doc
        frags = [_token_span(doc[head.left_edge.i:lo_edge], base),
                 _token_span(doc[tok.right_edge.i + 1:head.right_edge.i + 1], base)]
        frags = [f for f in frags if f]
        if frags:
            return Found(_cue_span(tok, base), source, frags, lemma=lemma, rule="interposed")
    if lemma in PARTICIPLE_CUES or lemma in ("say", "tell", "add", "write", "ask") or subj is not None:
        # a cue without its own content clause: may introduce an adjacent quotation
        return Found(_cue_span(tok, base), source, [], lemma=lemma, rule="bare")
    return None
