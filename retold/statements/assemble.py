"""Turn quotations and per-sentence attributions into an article's statements.

Why a separate step: quotations are found by their marks over paragraphs, attributions
by the parse of single sentences; a statement joins the two. A quotation takes the cue
and source of the attribution whose content it fills (direct when the content is
essentially the quote, mixed when only part of it is quoted), else of a reporting verb
next to it ("…," said Omer, "…" gives one statement of two fragments), else of the
attribution of the sentence just before it in the same paragraph ("…, saying that…
“There is…”"); a long quotation with no cue at all is still a direct statement whose
speaker the speakers stage carries over from context.
"""
from __future__ import annotations

import re
from bisect import bisect_right

from retold.records import Statement
from retold.statements import lexicon as lx
from retold.statements.attribution import Found, find_in_sentence
from retold.statements.context import ArticleContext
from retold.statements.cues import (QUOTE_CUES, THOUGHT_ONLY, has_cue, live_cues, withheld,
                                   participle_by)
from retold.statements.patterns import match_sentence
from retold.statements.quotes import Quote, join_groups
from retold.statements.transcripts import transcript_of, turn_regions, unlabelled

Span = tuple[int, int]
MIN_UNCUED_QUOTE_WORDS = 5
"""A quotation with no cue nearby is a statement only if it has at least this many
words; shorter ones are mostly scare quotes, titles and nicknames."""
MAX_CUE_GAP = 60
"""How far (characters of unquoted text) a reporting verb may sit from a quotation it
introduces or trails ("…," Hamish Telford, a political scientist at…, said)."""
MAX_UNQUOTED_IN_DIRECT = 2
"""An attribution whose content has more letters than this outside quotation marks is
mixed ("that “billionaires would pay”"), otherwise direct (PolNeAR's convention)."""

_ALNUM = re.compile(r"\w")


class _Quoted:
    """Fast "is this offset inside a quotation?" over sorted, disjoint quote spans."""

    def __init__(self, quotes: list[Quote], turns: list[Span] = ()):
        spans = sorted([(q.start, q.end) for q in quotes] + list(turns))
        if turns:  # a transcript's turns hold quotations of their own: one region each
            merged: list[Span] = []
            for s, e in spans:
                if merged and s < merged[-1][1]:
                    merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
                else:
                    merged.append((s, e))
            spans = merged
        self.starts = [s for s, _ in spans]
        self.spans = spans

    def __call__(self, offset: int) -> bool:
        i = bisect_right(self.starts, offset) - 1
        return i >= 0 and self.spans[i][0] <= offset < self.spans[i][1]

    def count_inside(self, text: str, span: Span) -> tuple[int, int]:
        """(alphanumerics inside quotes, alphanumerics) of ``text[span]``."""
        s, e = span
        total = inside = 0
        i = max(0, bisect_right(self.starts, s) - 1)
        total = len(_ALNUM.findall(text, s, e))
        while i < len(self.spans) and self.spans[i][0] < e:
            qs, qe = self.spans[i]
            lo, hi = max(s, qs), min(e, qe)
            if hi > lo:
                inside += len(_ALNUM.findall(text, lo, hi))
            i += 1
        return inside, total


def candidate_sentences(ctx: ArticleContext, quoted: _Quoted
                        ) -> list[tuple[int, tuple[list[Span], bool]]]:
    """Sentences that can hold an attribution, with their :func:`cues.live_cues`: a cue
    word outside quotation marks that is not a noun by position ("the report"), or
    "according to". Only these are matched against patterns or parsed."""
    out = []
    text = ctx.text
    for i, (s, e) in enumerate(ctx.sentences):
        if not has_cue(text[s:e]):
            continue  # the cheap test first: most sentences stop here
        live = live_cues(text, s, e, quoted)
        if live[0] or live[1]:
            out.append((i, live))
    return out


def _overlap(a: Span, b: Span) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _gap_unquoted(a: int, b: int) -> int:
    return max(0, b - a)


def detect(ctx: ArticleContext, parse: bool = True,
           fast: bool = True) -> list[tuple[str, Found, list[Span]]]:
    """(kind, attribution, content fragments) for every statement of the article.

    ``fast``: read attributions of simple shapes off the text (:mod:`patterns`) and parse
    only the other candidate sentences; ``parse=False`` uses quotation marks only."""
    text = ctx.text
    cached = ctx.__dict__.pop("_statement_plan", None)  # left by parse_plan()
    if cached is not None and cached[0] == fast:
        _fast, quotes, quoted, to_parse, quick_found = cached
    else:
        quotes = ctx.quotes
        quoted = _Quoted(quotes, turn_regions(ctx))
        to_parse = quick_found = None
    found: list[Found] = []
    if parse:
        if to_parse is None:
            to_parse, quick_found = _plan(ctx, quoted, fast)
        found.extend(quick_found)
        ctx.prepare(to_parse)
        for i in to_parse:
            found.extend(find_in_sentence(ctx.parse(i), ctx.sentence_start(i), i, quoted))
        found = [f for f in found if not no_one_says(text, f)]
        found.sort(key=lambda f: f.cue_start)
    groups = [g for g in join_groups(quotes) if g]
    ends = [max(q.end for q in g) for g in groups]
    group_index = ([g[0].start for g in groups], ends, groups,
                   max((e - g[0].start for g, e in zip(groups, ends)), default=0))
    # a name in quotation marks ("uses the pseudonym 'Sherko Omer'") is nobody's words
    used_groups: set[int] = {id(g[0]) for g in groups if _given_name(text, g)}
    results: list[tuple[str, Found, list[Span]]] = _answers(ctx, groups, used_groups)
    by_found: dict[int, list[Span]] = {}

    # A. attributions whose content holds quotations: direct or mixed
    for f in found:
        if not f.content:
            continue
        inside = total = 0
        for span in f.content:
            a, b = quoted.count_inside(text, span)
            inside, total = inside + a, total + b
        touched = [g for g in _groups_near(group_index, f.content)
                   if any(_overlap((q.start, q.end), c) for q in g for c in f.content)]
        if touched and total - inside <= MAX_UNQUOTED_IN_DIRECT:
            frags = by_found.setdefault(id(f), [])
            for g in touched:
                if id(g[0]) not in used_groups:
                    used_groups.add(id(g[0]))
                    frags.extend((q.start, q.end) for q in g)
            if frags:
                results.append(("direct", f, frags))
            continue
        content = list(f.content)
        for g in touched:
            content = _cover(content, [q for q in g if any(_overlap((q.start, q.end), c)
                                                           for c in content)])
            if all(any(c[0] <= q.start and q.end <= c[1] for c in content) for q in g):
                used_groups.add(id(g[0]))
        results.append(("mixed" if touched else "indirect", f, content))

    # B. quotations next to a reporting verb in their own sentence
    by_sentence: dict[int, list[Found]] = {}
    for f in found:
        by_sentence.setdefault(f.sentence, []).append(f)
    speech: dict[int, list[Found]] = {}
    for f in found:
        if f.lemma in QUOTE_CUES:
            speech.setdefault(f.sentence, []).append(f)
    for g in groups:
        if id(g[0]) in used_groups:
            continue
        f, direct_like = _adjacent_cue(ctx, g, speech)
        if f is None:
            continue
        used_groups.add(id(g[0]))
        if not direct_like:  # "called him a “nice guy”": a quoted phrase inside prose
            results.append(("mixed", f, [(q.start, q.end) for q in g]))
            continue
        frags = by_found.get(id(f))
        if frags is None:
            frags = by_found.setdefault(id(f), [])
            results.append(("direct", f, frags))
        frags.extend((q.start, q.end) for q in g)

    # C. follow-on quotations: the attribution of the sentence just before
    for g in groups:
        if id(g[0]) in used_groups:
            continue
        f = _previous_attribution(ctx, g[0], by_sentence)
        words = sum(q.words(text) for q in g)
        if f is None and words < MIN_UNCUED_QUOTE_WORDS:
            continue
        if f is None and not _starts_clause(ctx, g[0]):
            continue
        used_groups.add(id(g[0]))
        carrier = Found(list(f.cue) if f else [], list(f.source) if f else [],
                        sentence=ctx.sentence_index(g[0].start),
                        lemma=f.lemma if f else "", rule="follow-on" if f else "uncued")
        results.append(("direct", carrier, [(q.start, q.end) for q in g]))
    results.sort(key=lambda r: min(s for s, _ in r[2]) if r[2] else 0)
    return [(k, f, sorted(set(fr))) for k, f, fr in results if fr]


def _answers(ctx: ArticleContext, groups: list[list[Quote]], used: set[int]
             ) -> list[tuple[str, Found, list[Span]]]:
    """A transcript's answers as direct statements (cue: the turn's label, source: where
    the text names the one who answers); quotations inside any turn are its words, no
    statements of their own (:mod:`transcripts`)."""
    tr = transcript_of(ctx)
    if tr is None:
        return []
    inside = _Quoted([], turn_regions(ctx))
    used.update(id(g[0]) for g in groups if inside(g[0].start))
    return [("direct", Found([t.label], [t.speaker] if t.speaker else [],
                             sentence=ctx.sentence_index(t.body[0][0]), lemma="interview",
                             rule="transcript"), list(t.body))
            for t in tr.answers]


_NAMING = re.compile("(?:" + "|".join(lx.PSEUDONYM_PATTERNS) + r"|\b(?:named|known\s+as|"
                     r"identified\s+(?:only\s+)?as))\s*$", re.I)
"""Phrases after which a quoted name is a name, not speech. Not "called" or "dubbed": in
'Trump called him "Crooked Hillary"' the quoted words are somebody's act of speech."""


def _given_name(text: str, group: list[Quote]) -> bool:
    """Is this quotation a name the article gives someone ("going by the pseudonym
    'Sherko Omer'", "known as 'the Butcher'")? One to four capitalised words (articles
    allowed) right after a naming phrase."""
    if len(group) != 1:
        return False
    q = group[0]
    words = text[q.start + 1:q.end - 1].split()
    return (0 < len(words) <= 4 and words[0][:1].isupper()
            and all(w[:1].isupper() or w.lower() in ("the", "of", "al", "el") for w in words)
            and _NAMING.search(text, max(0, q.start - 60), q.start) is not None)


def _cover(content: list[Span], pieces: list[Quote]) -> list[Span]:
    """Widen content fragments so that quotation pieces they cut into are whole."""
    out = []
    for cs, ce in content:
        for q in pieces:
            if _overlap((q.start, q.end), (cs, ce)):
                cs, ce = min(cs, q.start), max(ce, q.end)
        out.append((cs, ce))
    return out


def _plan(ctx: ArticleContext, quoted: _Quoted, fast: bool = True
          ) -> tuple[list[int], list[Found]]:
    """(sentences to parse, attributions read off simple sentences by pattern)."""
    to_parse: list[int] = []
    found: list[Found] = []
    text = ctx.text
    for i, live in candidate_sentences(ctx, quoted):
        s, e = ctx.sentences[i]
        quick = match_sentence(text, s, e, i, quoted, live) if fast else None
        if quick is None:
            to_parse.append(i)
        else:
            found.extend(quick)
    return to_parse, found


def parse_plan(ctx: ArticleContext, fast: bool = True) -> list[int]:
    """The sentences :func:`detect` will parse (for batching parses across articles).

    The quotations and the plan are kept on ``ctx`` for the next :func:`detect` call with
    the same ``fast``, which then does not compute them again."""
    quotes = ctx.quotes
    quoted = _Quoted(quotes, turn_regions(ctx))
    to_parse, found = _plan(ctx, quoted, fast)
    ctx._statement_plan = (fast, quotes, quoted, list(to_parse), found)
    return to_parse


def _groups_near(index, spans: list[Span]) -> list[list[Quote]]:
    """Quote groups that can overlap ``spans``: a bisect instead of a scan of all groups
    (keeps a document with thousands of quotations linear)."""
    starts, ends, groups, longest = index
    lo = min(s for s, _ in spans)
    hi = max(e for _, e in spans)
    out = []
    # groups starting before ``hi``, walking back while one can still reach ``lo``
    j = bisect_right(starts, hi) - 1
    while j >= 0 and starts[j] + longest > lo:
        if ends[j] > lo:
            out.append(groups[j])
        j -= 1
    out.reverse()
    return out


def _starts_clause(ctx: ArticleContext, q: Quote) -> bool:
    """Is the quotation a sentence of its own (not a phrase quoted inside prose)?"""
    before = ctx.text[ctx.sentences[ctx.sentence_index(q.start)][0]:q.start]
    return not before.strip() or before.rstrip().endswith((":", ",", "—", "–"))


def _adjacent_cue(ctx: ArticleContext, g: list[Quote],
                  speech: dict[int, list[Found]]) -> tuple[Found | None, bool]:
    """A reporting verb right after the quotation's end or right before its start, and
    whether the quotation stands as reported speech of its own (direct) rather than a
    phrase quoted inside the reporter's sentence (mixed)."""
    first, last = g[0], g[-1]
    text = ctx.text
    best, best_gap, best_direct = None, MAX_CUE_GAP + 1, False
    end_sent = ctx.sentence_index(max(last.start, last.end - 1))
    start_sent = ctx.sentence_index(first.start)
    inner_tail = text[last.inner[0]:last.inner[1]].rstrip()
    trails = inner_tail.endswith((",", "?", "!", "—", "–", "-", "…")) or not last.closed
    own = _starts_clause(ctx, first)
    for f in speech.get(start_sent, []) + (speech.get(end_sent, [])
                                           if end_sent != start_sent else []):
        cs, ce = f.cue[0]
        if f.sentence == end_sent and cs >= last.end:
            gap = _gap_unquoted(last.end, cs)
            src_len = sum(e - s for s, e in f.source if s >= last.end and e <= cs)
            gap -= src_len  # "…," Hamish Telford, a professor at UFV, said
            if (trails or gap < 25) and gap < best_gap:
                best, best_gap, best_direct = f, gap, own and (trails or inner_tail[-1:] in ".")
        elif f.sentence in (start_sent, end_sent) and ce <= first.start:
            between = text[ce:first.start]
            if re.search(r"[“”\"]", between):
                continue
            gap = len(between.strip())
            lead = between.rstrip().endswith((":", ","))
            if lead or gap <= 2:
                gap = min(gap, 10)
            elif gap > 30:
                continue
            if gap < best_gap:
                best, best_gap, best_direct = f, gap, lead
    return best, best_direct


def _previous_attribution(ctx: ArticleContext, q: Quote,
                          found: dict[int, list[Found]]) -> Found | None:
    """The last attribution of the sentence before ``q`` when that sentence is in the same
    paragraph (or ends the previous paragraph with a colon)."""
    i = ctx.sentence_index(q.start)
    if i <= 0:
        return None
    s0 = ctx.sentences[i][0]
    if ctx.text[s0:q.start].strip():
        return None
    prev = i - 1
    same_para = ctx.sentence_paragraph(prev) == ctx.sentence_paragraph(i)
    prev_text = ctx.sentence_text(prev).rstrip()
    if not same_para and not prev_text.endswith(":"):
        return None
    cands = [f for f in found.get(prev, []) if f.source]
    def inside(f: Found, g: Found) -> bool:
        return any(c[0] <= f.cue_start < c[1] for c in g.content)

    outer = [f for f in cands if not any(
        g is not f and inside(f, g) and not inside(g, f) for g in cands)]
    speech = [f for f in outer if f.lemma in QUOTE_CUES or f.lemma == "according to"]
    pick = speech or outer
    return pick[-1] if pick else None


def no_one_says(text: str, f: Found) -> bool:
    """Is this reporting verb nobody's act of saying or thinking? Two shapes a parse
    reads as attribution and a reader does not:

    * a participle modifying a noun: "a sentence added by the blog" (not "he was told
      by his lawyer that…");
    * a label: "Note: 1986 net includes…";
    * speech withheld: "declined to say", "has yet to say whether", "asked not to be
      named" (:func:`retold.statements.cues.withheld`).
    Real pages of a crawl gave each a statement with a speaker ("Extra sentence").
    """
    if not f.cue:
        return False
    start, end = f.cue[0][0], f.cue[-1][1]
    if withheld(text, start, f.cue[0][1]):
        return True
    before = text[max(0, start - 40):start]
    after = text[end:end + 4]
    if participle_by(before, text[start:end], after):
        return True
    return not f.source and after.startswith(":") and not text[:start].strip(" \t").endswith(
        tuple("abcdefghijklmnopqrstuvwxyz,"))


def act_of(kind: str, f: Found) -> str:
    """speech ("said that…", any quotation), thought ("believes that…") or stance
    ("endorsed Cruz", "called for a ban", "vowed to repeal it"): PolNeAR counts all
    three as attributions, quote corpora such as GGT only speech."""
    if kind == "direct":
        return "speech"
    if f.rule in ("dobj", "prep", "xcomp"):
        return "stance"
    if f.lemma in THOUGHT_ONLY:
        return "thought"
    return "speech"


def to_statements(text: str, article_id: str, detected: list[tuple[str, Found, list[Span]]],
                  acts: frozenset[str] | set[str] | None = None) -> list[Statement]:
    """Statement records numbered in text order; ``acts`` keeps only those acts."""
    out = []
    n = 0
    for kind, f, frags in detected:
        act = act_of(kind, f)
        if acts is not None and act not in acts:
            continue
        n += 1
        frags = [unlabelled(text, s, e) for s, e in frags]
        content = [list(s) for s in frags]
        out.append(Statement(
            id=f"{article_id}:q{n}",
            article_id=article_id,
            kind=kind,
            content=content,
            cue=[list(s) for s in f.cue],
            source=[list(s) for s in f.source],
            content_text=" … ".join(text[s:e] for s, e in frags),
            cue_text=" ".join(text[s:e] for s, e in f.cue),
            source_text=" ".join(text[s:e] for s, e in f.source),
            act=act,
        ))
    return out
