"""One story's family tree with the typed mutations of every hop (pure, no store).

:func:`trace_story` splits each article into units once, pairs units of every two articles
in each direction their dates allow (:func:`directed_matches`), turns the pairings into
derivation costs, picks parents with
:func:`retold.lineage.parents.choose_parents`, and types the mutations of each chosen edge
with :func:`retold.mutations.diff` on the same pairings.
"""
from __future__ import annotations

import datetime as dt
import functools
import logging
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from retold.lineage.candidates import candidate_pairs
from retold.lineage.consensus import consensus_title, consensus_units
from retold.lineage.headlines import (decoration_cost, foreign_site_cost, norm_title,
                                      source_title, source_title_cost, title_cost)
from retold.dates import parse, upper_bound
from retold.ingest.outlet import domain_spells, name_is_guessed
from retold.lineage.reissues import declared_pairs
from retold.lineage.parents import (Choice, Node, choose_parents, may_precede, order_known,
                                    story_origin)
from retold.mutations import diff
from retold.mutations.classify import headline_change
from retold.mutations._unit_match import (REMOVED_RUN, UnitMatch, _runs, derivation_cost,
                                           match_units, order_breaks)
from retold.mutations.units import Unit, channel_key, split_units
from retold.outlets import looks_like_outlet
from retold.records import Article, Citation, LineageEdge, Mutation, ReuseLink, Statement

log = logging.getLogger(__name__)

CONSENSUS_MARGIN = 10.0
ORIGIN_PRIOR = 20.0  # most copies are taken from the origin itself (see _origin_prior)
CONSENSUS_CUT = 0.5  # share of a cut's cost when cutting a majority passage of the consensus
SOURCE_PASSES = 3  # trees read to find an outside source's lines (dev: 2 -> 3 +0.0007, 4 level)
REVERT_COST = 60.0  # per passage a child would have to restore to its original wording
_CITATION_KINDS = {"credit", "interview", "republished", "dateline", "link"}


@dataclass
class StoryTrace:
    story_id: str
    edges: list[LineageEdge] = field(default_factory=list)
    mutations: list[Mutation] = field(default_factory=list)
    choices: list[Choice] = field(default_factory=list)
    origin: str | None = None  # article id or "external:<name>" (of the largest strand)
    origin_of: dict[str, str | None] = field(default_factory=dict)  # per article
    first_in_corpus: str | None = None
    speakers: list[str] = field(default_factory=list)
    speaker_channels: dict[str, str] = field(default_factory=dict)  # "Sherko Omer": "Newsweek"


_CAVEAT_SUBJECT = re.compile(r"(?P<c>(?:[Tt]he )?[A-Z][\w.&'’-]*(?: [A-Z][\w.&'’-]*){0,4})\s+"
                             r"(?:was|were|is|has|had|could|cannot|can't|did|does)\b")


def _caveat_subject(un: Unit) -> str | None:
    """Who a verification caveat says tried to verify ("Newsweek" of "Newsweek was not
    able to verify ..."); None for another unit or a caveat that names nobody."""
    m = _CAVEAT_SUBJECT.match(un.text) if un.caveat else None
    return m.group("c") if m else None


def _credits_outlet(st: Statement) -> bool:
    """Does the statement name a news outlet as its channel ("told Newsweek")? Its other
    channels (a person, "reporters", a statement, a platform) credit no source a copy
    could have taken the text from: "told John Smith" made John Smith the story's outside
    origin."""
    return st.channel is not None and bool(st.channel.name) and st.channel.kind == "outlet"


def _node(a: Article, units: list[Unit], boilerplate: frozenset[str] | set[str],
          statements: Sequence[Statement], citations: Sequence[Citation],
          known: frozenset[str] | set[str] = frozenset()) -> Node:
    n = Node(id=a.id, length=sum(len(u.norm) for u in units if u.norm not in boilerplate),
             when=(upper_bound(a.published) if a.published_source == "warc-date"
                   else parse(a.published)),
             outlet_key=channel_key(a.outlet_name or a.outlet))
    names = [u.channel for u in units if u.channel]
    names += [s.channel.name for s in statements if _credits_outlet(s)]
    names += [c.outlet for c in citations if c.kind in _CITATION_KINDS and c.outlet]
    for un in units:  # "Newsweek was not able to verify ..." on another outlet's page
        subject = _caveat_subject(un)
        if subject and channel_key(subject) != n.outlet_key and looks_like_outlet(
                subject, known):
            names.append(re.sub(r"^the\s+", "", subject))
    for name in names:
        key = channel_key(name)
        if key:
            n.channels[key] += 1
            n.channel_names.setdefault(key, name)
    return n


def _name_domains(articles: Sequence[Article], nodes: list[Node]) -> None:
    """An outlet known only by its domain takes the name the story's credits give it when
    exactly one credited name is spelled by the domain (a page on heraldnews.com is The
    Herald's own when its copies say "told The Herald"), so its self-citation is seen."""
    credited = {k: n.channel_names[k] for n in nodes for k in n.channels}
    for a, n in zip(articles, nodes):
        if a.outlet and name_is_guessed(a.outlet, a.outlet_name):
            spelled = [k for k, name in credited.items() if domain_spells(a.outlet, name)]
            if len(spelled) == 1:
                n.outlet_key = spelled[0]


def trace_story(story_id: str, articles: Sequence[Article], *,
                boilerplate: frozenset[str] | set[str] = frozenset(),
                statements: Mapping[str, Sequence[Statement]] | None = None,
                citations: Iterable[Citation] = (), links: Iterable[ReuseLink] = (),
                units: Mapping[str, list[Unit]] | None = None,
                with_mutations: bool = True) -> StoryTrace:
    """Parents, origin and mutations of one story's articles."""
    statements = statements or {}
    cites: dict[str, list[Citation]] = {}
    for c in citations:
        cites.setdefault(c.article_id, []).append(c)
    link_of = {}
    for ln in links:
        link_of[(ln.a, ln.b)] = ln
        link_of[(ln.b, ln.a)] = ln
    by_id = {a.id: a for a in articles}
    u = {a.id: (units[a.id] if units and a.id in units else split_units(a.text))
         for a in articles}
    declared = declared_pairs(articles)  # (named page, re-issue) -> the re-issue's marker
    boilerplate = _declared_text(declared, u, boilerplate)
    known = {channel_key(a.outlet_name or a.outlet) for a in articles} - {""}
    nodes = [_node(a, u[a.id], boilerplate, statements.get(a.id, ()), cites.get(a.id, ()),
                   known) for a in articles]
    _name_domains(articles, nodes)
    node_of = {n.id: n for n in nodes}
    cost: dict[tuple[str, str], float] = {}
    matches: dict[tuple[str, str], UnitMatch] = {}
    pairs: dict[tuple[str, str], UnitMatch] = {}
    ids = [a.id for a in articles]
    for x, y in candidate_pairs(ids, u, boilerplate,
                                titles={a.id: norm_title(a.title) for a in articles},
                                when={n.id: n.when for n in nodes}):
        ways = directed_matches(u[x], u[y], boilerplate, may_precede(node_of[x], node_of[y]),
                                may_precede(node_of[y], node_of[x]))
        if ways is None:
            continue
        pairs[(x, y)] = ways[0]
        unordered = not order_known(node_of[x], node_of[y])
        for p, c, mm in ((x, y, ways[1]), (y, x, ways[2])):
            if mm is not None:
                cost[(p, c)] = (derivation_cost(u[p], u[c], mm)[0]
                                + title_cost(by_id[p].title, by_id[c].title)
                                + foreign_site_cost(by_id[p].title, by_id[c].title,
                                                    node_of[c].outlet_key, known)
                                + credit_elsewhere_cost(node_of[p], node_of[c], known))
                if (p, c) in declared:
                    node_of[c].reissue_of.add(p)
                    node_of[c].reissue = declared[(p, c)]
                if unordered:
                    cost[(p, c)] += _unlikely_edits(u[p], u[c], mm, by_id[p].title,
                                                    by_id[c].title)
                matches[(p, c)] = mm
    _warn_bounded(story_id, pairs)
    order = [n.id for n in sorted(nodes, key=lambda n: n.order)]
    out = StoryTrace(story_id)
    choices: list[Choice] = []
    sources: dict[str, Source] = {}  # first-hand copy -> the outside source it copied
    # A story glued from two retellings (or with a same-topic article that shares a
    # sentence) holds separate *strands*; each has its own origin and consensus, and an
    # unrelated article published earlier must not pass for the first copy of another.
    for strand in _strands(ids, u, pairs):
        members = set(strand)
        sn = [node_of[i] for i in strand]
        within = [k for k in pairs if k[0] in members and k[1] in members]
        ch, source = _strand_choices(sn, [i for i in order if i in members], u, by_id,
                                     node_of, boilerplate, matches,
                                     {k: pairs[k] for k in within},
                                     {k: w for k, w in cost.items() if k[0] in members
                                      and k[1] in members})
        part = StoryTrace(story_id)
        _origin(part, sn, ch, u, statements)
        if out.origin is None:  # strands come largest first
            out.origin, out.first_in_corpus, out.speakers = (part.origin, part.first_in_corpus,
                                                             part.speakers)
            out.speaker_channels = part.speaker_channels
        for c in ch:
            out.origin_of[c.child] = part.origin
            if source is not None and c.external and not c.parent:
                sources[c.child] = source
        choices.extend(ch)
    rank = {i: k for k, i in enumerate(ids)}
    choices.sort(key=lambda c: rank[c.child])
    out.choices = choices
    for ch in choices:
        out.edges.extend(_edges(story_id, ch, out, matches, link_of, node_of))
        if with_mutations and ch.parent:
            out.mutations.extend(diff(
                by_id[ch.parent], by_id[ch.child], statements.get(ch.parent),
                statements.get(ch.child), story_id=story_id, boilerplate=boilerplate,
                parent_units=u[ch.parent], child_units=u[ch.child],
                match=matches[(ch.parent, ch.child)]))
        elif with_mutations and ch.child in sources:
            out.mutations.extend(_from_outside(story_id, ch, sources[ch.child], by_id[ch.child],
                                               u[ch.child], statements.get(ch.child),
                                               boilerplate))
    return out


def _declared_text(declared: Mapping[tuple[str, str], str], u: Mapping[str, list[Unit]],
                   boilerplate: frozenset[str] | set[str]) -> frozenset[str] | set[str]:
    """``boilerplate`` without the lines a declared re-issue shares with the page it names
    (``declared``, :func:`retold.lineage.reissues.declared_pairs`). Lines two pages of one
    outlet share are its chrome unless the outlet's pages in other stories lack them, and
    an outlet seen in one story only cannot tell
    (:func:`retold.lineage.boilerplate.story_text`): an original and its "REFILE-" in a
    small input shared nothing else, and both were roots. A page that says it is that
    item again ("CORRECTED", "RPT", "REFILE"; not "UPDATE 2", a new version rewritten:
    the simulator's copies that add "UPDATE 1-" to another page of their outlet's
    headline lost their shared footer as chrome, dev 0.8911 -> 0.8908) says its lines are
    the item's text."""
    shared: set[str] = set()
    for (p, c), mark in declared.items():
        if not mark.startswith("UPDATE"):  # an update is rewritten; a repeat reprints
            shared |= {x.norm for x in u[c]} & {x.norm for x in u[p]}
    return boilerplate - shared if shared & set(boilerplate) else boilerplate


def _warn_bounded(story_id: str, pairs: Mapping[tuple[str, str], UnitMatch]) -> None:
    """One warning per story naming the pairs of pages whose passages were too long to
    be aligned inside one another (``PARTIAL_CHARS_MAX``): their lineage reads whole
    passages only, and a user looking at a surprising parent needs to know which."""
    bounded = [(x, y, m.bounded) for (x, y), m in pairs.items() if m.bounded]
    if bounded:
        shown = "; ".join(f"{x} and {y} ({a:,} x {b:,} characters)" for x, y, (a, b)
                          in bounded[:3])
        more = f" and {len(bounded) - 3} more" if len(bounded) > 3 else ""
        log.warning("story %s: passages left unpaired were too long to align inside one "
                    "another for %d pair(s) of pages, read whole only: %s%s", story_id,
                    len(bounded), shown, more)


def directed_matches(ux: list[Unit], uy: list[Unit], boilerplate: frozenset[str] | set[str],
                     x_first: bool, y_first: bool
                     ) -> tuple[UnitMatch, UnitMatch | None, UnitMatch | None] | None:
    """``(grouping, x -> y, y -> x)``: the unit pairing of each direction the dates allow
    (None for one they forbid) and one to group by (``x -> y``, or ``y -> x`` flipped), or
    None when the two share no unit. Why both: pairing is not symmetric. A child's bare
    sentence pairs with the parent quotation it opens ("Payment date is May." from
    "Payment date is May 28 ...," X told Y), never the reverse, and identical units take
    the earliest free child unit. Matched one way and flipped, about half the hops were
    paired backwards: a quotation trimmed and stripped of its speaker was typed as a
    sentence cut and another written. A pair the dates leave open is matched both ways."""
    if x_first or not y_first:
        xy = match_units(ux, uy, boilerplate)
        if not xy.pairs:
            return None
        yx = match_units(uy, ux, boilerplate) if y_first else None
        return xy, (xy if x_first else None), yx
    yx = match_units(uy, ux, boilerplate)
    if not yx.pairs:
        return None
    return yx.flipped(), None, yx


@dataclass
class Source:
    """An outside source as its first-hand copies tell it (the consensus of the lines'
    heads): passages and headline. Not its text: only what the copies agree it said."""

    units: list[Unit]
    title: str


def _from_outside(story_id: str, ch: Choice, source: Source, child: Article,
                  child_units: list[Unit], child_statements: Sequence[Statement] | None,
                  boilerplate: frozenset[str] | set[str]) -> list[Mutation]:
    """The mutations of a hop from a source outside the corpus, typed against the source
    as its copies tell it (:class:`Source`): a first-hand copy that lacks the caveat most
    copies carry dropped it. ``parent`` is ``external:<outlet>``; the parent side has no
    spans (there is no parent text to point into) and each detail says what it was read
    against."""
    parent = Article(id=f"external:{ch.external}", text="", title=source.title)
    found = diff(parent, child, None, child_statements, story_id=story_id,
                 boilerplate=boilerplate, parent_units=source.units, child_units=child_units)
    for m in found:
        m.parent_spans = []
        m.detail = f"{m.detail} (against the source as its copies tell it)" if m.detail \
            else "against the source as its copies tell it"
    return found


def _strand_choices(sn: list[Node], order: list[str], u: Mapping[str, list[Unit]],
                    by_id: Mapping[str, Article], node_of: Mapping[str, Node],
                    boilerplate: frozenset[str] | set[str],
                    matches: Mapping[tuple[str, str], UnitMatch],
                    pairs: Mapping[tuple[str, str], UnitMatch],
                    cost: Mapping[tuple[str, str], float]) -> list[Choice]:
    """Parents of one strand. When the source is outside the corpus, a second pass
    re-reads its wording and headline from the first pass's lines of descent (one vote
    per line, cast by its head, a first-hand copy): the majority wording and the
    earliest headline are the first guess, but a long chain of re-copies can outvote
    the source's wording, and the earliest copy may have rewritten the headline that
    the other first-hand copies decorated each in its own way; a passage only one line
    carries is that line's own addition, not the source's. The lines are read again
    from the second tree (``SOURCE_PASSES``): heads the first tree got wrong vote in
    the second reading, and a third reads the source from better heads."""
    lines: dict[str, str] | None = None
    titles = {i: norm_title(by_id[i].title) for i in order}
    for _ in range(SOURCE_PASSES):
        from_consensus, original, title, virtual = _consensus_costs(order, u, pairs,
                                                                    boilerplate, by_id, lines)
        sc = _with_reversions(cost, matches, u, original, titles, title)
        self_origin, ext, _ = story_origin(sn, dict(sc), from_consensus)
        root = from_consensus if self_origin is None and ext is not None else None
        ch = choose_parents(sn, sc, root, from_consensus, prior=_origin_prior(
            self_origin, root, order, node_of, from_consensus))
        lines = _lines(ch)
        if root is None or len(set(lines.values())) < 2:
            return ch, None  # one first-hand copy alone tells nothing of what it changed
    # the outside source as its copies tell it, with the headline in a page's own case
    cased = next((t for i in order if norm_title(t := source_title(by_id[i])) == title),
                 None) or title
    return ch, Source(virtual, cased)


def _lines(choices: list[Choice]) -> dict[str, str]:
    """Each article's line of descent: its ancestor with no parent in the corpus."""
    parent = {c.child: c.parent for c in choices}

    def top(x: str) -> str:
        seen = set()
        while parent.get(x) and x not in seen:
            seen.add(x)
            x = parent[x]  # type: ignore[assignment]
        return x

    return {c.child: top(c.child) for c in choices}


def _origin_prior(self_origin: str | None, external_root: Mapping[str, float] | None,
                  order: list[str], node_of: Mapping[str, Node],
                  from_consensus: Mapping[str, float]) -> dict[str, float]:
    """A head start for the likely origin as a parent: most copies of a story are taken
    from the original report, not from another copy (wire copy is republished far more
    than copies are re-copied), so when the text cannot tell the origin from a sibling
    copy, the origin is the better bet. The likely origin is the self-cited page when
    there is one, else the strand's first dated page or an undated one, whichever is
    nearest the consensus text — unless the story came from outside the corpus (then
    the first page is itself only a copy)."""
    if external_root is not None and self_origin is None:
        return {}
    if self_origin:
        return {self_origin: ORIGIN_PRIOR}
    first = next((i for i in order if node_of[i].when), None)
    cands = [i for i in order if i == first or node_of[i].when is None
             or (first is not None and may_precede(node_of[i], node_of[first]))]
    if not cands:
        return {}
    source = min(cands, key=lambda i: (from_consensus.get(i, 0.0), i != first))
    return {source: ORIGIN_PRIOR}


TITLE_KEY = "\x00title"  # the consensus headline's voters, beside the passages'


def _with_reversions(cost: Mapping[tuple[str, str], float],
                     matches: Mapping[tuple[str, str], UnitMatch],
                     u: Mapping[str, list[Unit]], original: Mapping[str, set[str]],
                     titles: Mapping[str, str] | None = None, original_title: str = ""
                     ) -> dict[tuple[str, str], float]:
    """``cost`` plus ``REVERT_COST`` per passage (and headline) the child has in its
    original wording where the candidate changed it: the candidate's edit would have to
    be undone word for word, which copies almost never do. ``original``: the consensus
    wordings, each with the articles that voted for it; a wording only the child itself
    voted for is no evidence against the candidate (a copy of a copy taken for a
    first-hand one votes for its own edits, and each such vote then kept it there)."""
    out = dict(cost)
    if not REVERT_COST:
        return out

    def others(norm: str, child: str) -> bool:
        return bool(original.get(norm, set()) - {child})

    for (p, c) in out:
        mm = matches[(p, c)]
        n = sum(1 for i, j, s, _ in mm.pairs if s < 0.999
                and u[p][i].norm not in original and others(u[c][j].norm, c))
        if titles and original_title and titles[c] == original_title != titles[p] \
                and titles[p] and others(TITLE_KEY, c):
            n += 1
        out[(p, c)] += REVERT_COST * n
    return out


# per one-way edit run backwards (dev plateau 60-250, see docs/lineage-research.md)
UNLIKELY_EDIT = 120.0


CREDIT_ELSEWHERE = 40.0


def credit_elsewhere_cost(p: Node, c: Node, outlets: frozenset[str] | set[str]) -> float:
    """``CREDIT_ELSEWHERE`` when ``c`` credits an outlet of the story (one with a page
    in it) that ``p`` neither is nor credits: a copy that puts "according to Euro
    Report" on a quotation names the page it took the text from (or the story's
    origin), so a candidate that is neither is the likelier wrong. Dev, exact parents:
    11/21 0.8898 -> 0.8903, 31/41 0.8800 -> 0.8811, 51-81 0.8801 -> 0.8805 (20: 0.8904,
    100: 0.8898 on 11/21)."""
    for k in c.channels:
        if k in outlets and k != p.outlet_key and k != c.outlet_key and not p.channels.get(k):
            return CREDIT_ELSEWHERE
    return 0.0


def _unlikely_edits(pu: list[Unit], cu: list[Unit], m: UnitMatch, ptitle: str | None,
                    ctitle: str | None) -> float:
    """Edits copies make one way only, counted on a pair whose dates leave the order
    open. Retellings harden headlines and strip attributions; they almost never soften a
    headline back or put a speaker back on a claim stated as fact (the copy would need
    the source it no longer names). ``UNLIKELY_EDIT`` per such edit of ``p -> c``. Dated
    pairs are left to their dates: this orients only what the dates cannot."""
    n = 0
    softened = headline_change(ctitle, ptitle)
    if softened is not None and softened[0] == "headline_hardened":
        n += 1  # p's headline is the hardened one: p -> c would soften it
    extra = decoration_cost(ptitle, ctitle)
    for i, j, _s, _part in m.pairs:
        a, b = pu[i], cu[j]
        if b.is_quote and b.speaker and not a.is_quote:
            n += 1  # attribution put back on a bare claim
        elif a.is_quote and b.is_quote and b.named_speaker and not a.speaker:
            n += 1  # a speaker put back
    return UNLIKELY_EDIT * n + extra


STRAND_SHARE = 0.5  # two articles are one strand when one holds this share of the other


def _strands(ids: list[str], u: Mapping[str, list[Unit]],
             pairs: Mapping[tuple[str, str], UnitMatch]) -> list[list[str]]:
    """Groups of articles linked by substantial copying (one carries at least
    ``STRAND_SHARE`` of the other's text), largest first."""
    up = {i: i for i in ids}

    def find(x: str) -> str:
        while up[x] != x:
            up[x] = up[up[x]]
            x = up[x]
        return x

    def size(units: list[Unit], idx: Iterable[int]) -> int:
        return sum(len(units[i].norm) for i in idx)

    for (x, y), m in pairs.items():
        lx = size(u[x], [p for p, *_ in m.pairs] + m.parent_only)
        ly = size(u[y], [c for _, c, *_ in m.pairs] + m.child_only)
        sx = size(u[x], [p for p, *_ in m.pairs])
        sy = size(u[y], [c for _, c, *_ in m.pairs])
        if max(sx / max(lx, 1), sy / max(ly, 1)) >= STRAND_SHARE:
            up[find(x)] = find(y)
    groups: dict[str, list[str]] = {}
    for i in ids:
        groups.setdefault(find(i), []).append(i)
    return sorted(groups.values(), key=lambda g: (-len(g), ids.index(g[0])))


def _consensus_costs(order: list[str], u: Mapping[str, list[Unit]],
                     pairs: Mapping[tuple[str, str], UnitMatch],
                     boilerplate: frozenset[str] | set[str],
                     by_id: Mapping[str, Article], lines: Mapping[str, str] | None = None
                     ) -> tuple[dict[str, float], set[str], str, list[Unit]]:
    """Each article's cost from the story's consensus text (:mod:`retold.lineage.consensus`):
    the root cost when the source is outside the corpus, and a sense of direction for
    undated pairs (the original wording is nearer the consensus); the consensus
    passages' texts; and the consensus headline, normalised (one that more than half
    the titled pages carry, else the earliest page's; once ``lines`` are known, the one
    the lines' heads share, :func:`consensus_title`)."""
    if len(order) < 2:
        return {}, {}, "", []
    voters: dict[str, set[str]] = {}
    virtual = consensus_units(order, u, pairs, lines=lines,
                              one_way=_source_caveats(order, u, by_id, boilerplate),
                              support=voters)
    titled = {i: norm_title(source_title(by_id[i])) for i in order if by_id[i].title}
    vtitle = next(iter(titled.values()), None)  # the earliest page's
    heads = sorted(set(lines.values())) if lines else list(titled)
    # a head's cost from the source is read from the headline the other heads give it:
    # its own vote made the source's headline look like its own, and so itself first-hand
    own_vote: dict[str, str | None] = {}
    if lines:
        # priced once per pair of headlines: every head's reading weighs nearly the same
        priced = functools.lru_cache(maxsize=None)(source_title_cost)
        vtitle = consensus_title(titled, heads, priced) or vtitle
        for h in heads:
            if titled.get(h):
                rest = [x for x in heads if x != h]
                own_vote[h] = consensus_title(titled, rest, priced) or next(
                    (titled[x] for x in rest if titled.get(x)), vtitle)
    elif titled:
        # a headline most pages carry is the source's: a copy's new one reaches a
        # majority only through a long chain of re-copies
        top, n = Counter(titled.values()).most_common(1)[0]
        vtitle = top if 2 * n > len(titled) else vtitle
    out = {}
    ms = {aid: match_units(virtual, u[aid], boilerplate) for aid in order}
    support = Counter(i for m in ms.values() for i, *_ in m.pairs)
    for aid in order:
        m = ms[aid]
        # the consensus may hold passages a branch added later: lacking one that only a
        # minority of the articles carry is no act at all (most copies never had it),
        # cutting one most carry costs part of a cut
        major = [i for i in m.parent_only if 2 * support[i] >= len(order)]
        discount = REMOVED_RUN * (_runs(m.parent_only) - CONSENSUS_CUT * _runs(major))
        # order is evidence between real pages only: the consensus's order is its
        # copies' mean positions (truncated copies skew them), not the source's own, and
        # charged here first-hand copies pay for breaks the source never had
        out[aid] = (derivation_cost(virtual, u[aid], m, with_order=False)[0] - discount
                    + CONSENSUS_MARGIN
                    + title_cost(own_vote.get(aid, vtitle), by_id[aid].title))
    voters[TITLE_KEY] = {h for h in heads if titled.get(h) == vtitle}
    return out, voters, vtitle or "", virtual  # title normalised already


def _source_caveats(order: list[str], u: Mapping[str, list[Unit]],
                    by_id: Mapping[str, Article], boilerplate: frozenset[str] | set[str]
                    ) -> list[tuple[str, int]]:
    """Verification caveats the source may have carried though few copies have them
    (``consensus_units``' ``one_way``): copies drop caveats far more often than they
    add one, and a copy that adds one often names itself ("The Daily Post could not
    verify ..."), so a caveat naming the page's own outlet is left out."""
    out = []
    for aid in order:
        own = channel_key(by_id[aid].outlet_name or by_id[aid].outlet or "")
        for i, un in enumerate(u[aid]):
            if not un.caveat or un.norm in boilerplate:
                continue
            subject = _caveat_subject(un)
            if own and subject and channel_key(subject) == own:
                continue
            out.append((aid, i))
    return out


def _origin(out: StoryTrace, nodes: list[Node], choices: list[Choice],
            units: Mapping[str, list[Unit]],
            statements: Mapping[str, Sequence[Statement]] | None = None) -> None:
    dated = sorted((n for n in nodes if n.time), key=lambda n: (n.time, n.id))
    roots = [c for c in choices if c.parent is None]
    first = dated[0].id if dated else (roots[0].child if roots else None)
    out.first_in_corpus = first
    ext = next((c.external for c in roots if c.external), None)
    if ext:
        out.origin = f"external:{ext}"
    else:
        when = {n.id: (n.time is None, n.time or dt.datetime.max) for n in nodes}
        # several articles with no parent in the corpus: the origin is the one most of
        # the strand descends from (then the earliest)
        parent = {c.child: c.parent for c in choices}
        below: Counter = Counter()
        for c in choices:
            x, seen = c.child, set()
            while parent.get(x) and x not in seen:
                seen.add(x)
                x = parent[x]
            below[x] += 1
        in_roots = sorted(roots, key=lambda c: (-below[c.child], when[c.child]))
        out.origin = in_roots[0].child if in_roots else first
    source = out.origin if out.origin and not out.origin.startswith("external:") else first
    spk: Counter = Counter()
    via: dict[str, Counter] = {}
    # the statements stage's resolved names first ("Omer" -> "Sherko Omer"), from the
    # origin's quotations, with the outlet they spoke through ("told Newsweek"); the
    # lineage units' own surface speakers when there are none
    said = list((statements or {}).get(source or "", ()))
    for st in said:
        if st.kind in ("direct", "mixed") and _is_named(st.speaker):
            spk[st.speaker] += 1
    for st in said:  # the channel may be named on any of their statements ("told Newsweek that")
        if st.speaker in spk and _credits_outlet(st):
            via.setdefault(st.speaker, Counter())[st.channel.name] += 1
    if not spk:
        for un in units.get(source or "", []):
            if un.is_quote and _is_named(un.speaker):
                spk[un.speaker] += 1
    out.speakers = [s for s, _ in spk.most_common(5)]
    out.speaker_channels = {s: via[s].most_common(1)[0][0] for s in out.speakers if s in via}


def _is_named(speaker: str | None) -> bool:
    """A speaker given by name ("Sherko Omer"), not only described ("a source")."""
    return bool(speaker) and any(t[:1].isupper() for t in speaker.split())


def _edges(story_id: str, ch: Choice, tr: StoryTrace,
           matches: Mapping[tuple[str, str], UnitMatch],
           link_of: Mapping[tuple[str, str], ReuseLink],
           node_of: Mapping[str, Node]) -> list[LineageEdge]:
    ev: dict = {"cost": round(ch.cost, 1), "alternatives": ch.alternatives}
    child = node_of[ch.child]
    credited = node_of[ch.parent].outlet_key if ch.parent else channel_key(ch.external or "")
    if credited and child.channels.get(credited):
        # the child names its source: "…, Omer told Newsweek", "as the Herald reported"
        ev["credits_parent"] = child.channel_names.get(credited, credited)
    if ch.parent:
        m = matches[(ch.parent, ch.child)]
        ev["shared_units"] = len(m.pairs)
        ev["verbatim_units"] = sum(1 for *_, s, part in m.pairs if s >= 0.999 and not part)
        ev["order_breaks"] = order_breaks(m)  # 0: the parent's paragraph order, kept
        ln = link_of.get((ch.parent, ch.child))
        if ln:
            ev["reuse"] = {"kind": ln.kind, "score": ln.score}
        if ch.parent in child.reissue_of:  # "CORRECTED - <the parent's headline>"
            ev["reissue"] = child.reissue
    else:
        ev["role"] = "first known source" if not ch.external else "copied from outside the corpus"
        ev["speakers"] = tr.speakers
        if tr.speaker_channels:
            ev["speaker_channels"] = tr.speaker_channels
    edges = [LineageEdge(story_id=story_id, child=ch.child, parent=ch.parent,
                         external=ch.external, confidence=ch.confidence,
                         tie=bool(ch.tie_with), evidence=ev)]
    origin = tr.origin_of.get(ch.child, tr.origin)  # of the child's strand
    for other, conf in zip(ch.tie_with, ch.tie_confidence):
        edges.append(LineageEdge(story_id=story_id, child=ch.child, parent=other,
                                 external=None if other else origin.removeprefix("external:")
                                 if origin and origin.startswith("external:") else None,
                                 confidence=conf, tie=True,
                                 evidence={"tie_with": ch.parent or ch.external}))
    return edges
