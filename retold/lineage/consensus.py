"""The story's consensus text: a stand-in for an origin that is not in the corpus.

Why: when the quotations of a story credit an outlet that has no article in the corpus
("…," Omer told Newsweek, and no Newsweek page), the first copies each took the text from
that outside source. To decide whether an article came from outside or from another copy,
we need the cost of deriving it from the outside text, which we do not have. The
consensus approximates it:
every passage at least two articles carry (what one article alone holds is likelier its
own addition), each in the wording most articles carry (the earliest breaks ties), in
the order the articles tend to give it. A plain majority is biased when one copy's edit
is inherited by a long chain of re-copies, so once a first tree is known the caller
passes its *lines of descent* (each article's root-attached ancestor, the line's head)
and the source's wording is read the way parsimony reads an ancestor's: each line has
one vote, cast by its head, a first-hand copy, since what the head's re-copies changed
later tells nothing about the source (a head that cut the passage leaves the vote to the
line's earliest article that has it). The headline is read the same way
(:func:`consensus_title`). A copy that inherited another copy's edits (its cut, its
reworded quotation) is then cheaper to derive from that copy than from the consensus; a
first-hand copy is cheaper from the consensus.
"""
from __future__ import annotations

import functools
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence

from retold.lineage.headlines import run_words, shared_run, shared_runs, undecorated
from retold.mutations._unit_match import UnitMatch
from retold.mutations.units import WORD_STRIP, Unit, word_matches

SOURCE_CAVEAT_SHARE = 5  # one first-hand copy in this many keeping a caveat speaks for it


def consensus_units(order: Sequence[str], units: Mapping[str, list[Unit]],
                    matches: Mapping[tuple[str, str], UnitMatch], min_articles: int = 2,
                    lines: Mapping[str, str] | None = None,
                    one_way: Iterable[tuple[str, int]] = (),
                    support: dict[str, set[str]] | None = None) -> list[Unit]:
    """Consensus units of a story. ``order``: article ids, earliest first;
    ``matches[(a, b)]``: the unit pairing of articles ``a`` and ``b``, each pair once;
    ``lines``: each article's line of descent (its head's id), when a first tree is
    known. A passage's wording is the one with most votes, the earliest breaking ties:
    one vote per article without ``lines``, one per line with them (the head's wording,
    or the line's earliest that has the passage). A passage a minority of the articles
    carry, all on one line (a copy's new paragraph, inherited by its re-copies), is
    that line's addition, not the source's text, and is left out (one that most
    articles carry is kept: the other lines may be a few short copies). Whether the
    source had a passage at all is voted the same way once ``lines`` are known: each
    line's head says yes or no, a head whose text ends before the passage abstains (a
    truncated copy), and the earliest head breaks a tie, so a chain of re-copies of
    one copy's new paragraph cannot carry it into the source by numbers alone (dev
    11/21 0.8798 -> 0.8815, 31/41 0.8704 -> 0.8710, 51-81 0.8699 -> 0.8704).

    ``one_way``: units (article id, index) that copies drop far more often than they
    add, verification caveats: one that the heads of at least one line in
    ``SOURCE_CAVEAT_SHARE`` carry is the source's, however few articles carry it (by
    majority, the first-hand copies that kept the caveat each seemed to add one and
    those that cut it dropped nothing). Only heads count, and only once ``lines`` are
    known. Dev seeds, first-hand copies sent to the source: ``caveat_added`` false
    alarms 5 + 4 -> 0 + 0, ``caveat_dropped`` found 30 + 15 -> 38 + 20 (s31, s41).
    At any share (one carrier enough) a copy's own unnamed caveat ("The claims could
    not be independently confirmed.") became the source's for a dozen copies.

    ``support``, when given, is filled with each chosen wording's voters (article ids)."""
    up: dict[tuple[str, int], tuple[str, int]] = {}

    def find(x: tuple[str, int]) -> tuple[str, int]:
        up.setdefault(x, x)
        while up[x] != x:
            up[x] = up[up[x]]
            x = up[x]
        return x

    for (a, b), m in matches.items():  # each unordered pair once
        for p, c, s, partial in m.pairs:
            if not partial:
                ra, rb = find((a, p)), find((b, c))
                if ra != rb:
                    up[max(ra, rb)] = min(ra, rb)
    # only a first-hand copy's caveat speaks for the source (a line's later copies are
    # copies of the head), and only once the lines are known
    one_way = {x for x in one_way if lines and lines.get(x[0], x[0]) == x[0]}
    for x in one_way:  # kept however few carry them: a unit of its own when unpaired
        find(x)
    rank = {aid: i for i, aid in enumerate(order)}
    clusters: dict[tuple[str, int], list[tuple[str, int]]] = defaultdict(list)
    for x in list(up):
        clusters[find(x)].append(x)
    n_lines = len(set(lines.values())) if lines else 0
    # each passage's mean place in its carriers' texts; each line head's passages and how
    # far its text reaches (a head that ends before a passage has no say on it)
    pos_of = {r: sum(i / max(1, len(units[aid])) for aid, i in ms) / len(ms)
              for r, ms in clusters.items()}
    heads = set(lines.values()) if lines else set()
    reach: dict[str, float] = defaultdict(float)
    for r, ms in clusters.items():
        for aid, _ in ms:
            if aid in heads:
                reach[aid] = max(reach[aid], pos_of[r])
    out: list[tuple[float, Unit]] = []
    for root, members in clusters.items():
        arts = {aid for aid, _ in members}
        if n_lines > 1 and not one_way.intersection(members) and _outvoted(
                heads & arts, [h for h in heads - arts if reach[h] > pos_of[root]], rank):
            continue  # the lines' heads say the source did not have it
        carriers = {a for a, i in members if (a, i) in one_way}
        # a caveat one first-hand copy in five carries is the source's, however few
        # articles carry it (:func:`consensus_units`)
        if not carriers or len(carriers) * SOURCE_CAVEAT_SHARE < n_lines:
            if len(arts) < min_articles:
                continue
            if lines and n_lines > 1 and len({lines.get(a, a) for a in arts}) < 2 \
                    and 2 * len(arts) < len(order):
                continue  # one line of descent's own addition, not the source's text
        voter: dict[str, tuple[bool, int, int, str]] = {}  # line -> (not head, rank, i, id)
        for a, i in members:
            line = lines.get(a, a) if lines else a
            key = (a != line, rank[a], i, a)
            voter[line] = min(voter.get(line, key), key)
        weight: dict[str, int] = defaultdict(int)
        for _, _, i, a in voter.values():
            weight[units[a][i].norm] += 1

        def most_voted(cands: Iterable[tuple[str, int]]) -> Unit:
            """The wording with most votes among ``cands``, its earliest place on ties."""
            _, _, j, a = min((-weight[units[a][j].norm], rank[a], j, a) for a, j in cands)
            return units[a][j]

        first = most_voted(members)
        # one-way edits (``_ONE_WAY``): copies strip a quotation's attribution (or its
        # speaker's name), make "said" surer or less sure and trim a quotation, and never
        # undo it, so a line that still has the attribution, then the plain verb, then the
        # longest quotation (a trim's words go on there), speaks for the source, however
        # many changed it
        for changed, kept_by in _ONE_WAY:
            while changed(first):
                kept = [(a, j) for _, _, j, a in voter.values() if kept_by(units[a][j], first)]
                if not kept:
                    break
                first = most_voted(kept)
        if support is not None:  # the articles whose votes chose it
            support[first.norm] = {a for _, _, j, a in voter.values()
                                   if units[a][j].norm == first.norm}
        out.append((pos_of[root], first))
    out.sort(key=lambda t: t[0])
    return [u for _, u in out]


def _outvoted(yes: Collection[str], no: Collection[str], rank: Mapping[str, int]) -> bool:
    """Do the line heads that lack a passage (``no``, each skipping it in the middle of
    its text) outvote those that carry it (``yes``)? On a tie the earliest head decides,
    as it does for a wording."""
    if len(yes) != len(no):
        return len(yes) < len(no)
    last = len(rank)  # a head outside ``order`` (not expected) counts as the latest
    return bool(no) and min(rank.get(h, last) for h in no) < min(rank.get(h, last) for h in yes)


_PLAIN_VERBS = {"said", "says", "told", "tells"}


def _trimmed_from(short: Unit, long: Unit) -> bool:
    """Is ``short``'s quotation ``long``'s cut after some words, inside a sentence? Its
    words are the first words of ``long``'s and ``long`` goes on without a sentence
    break there (a break could be the seam of two quotations merged into ``long``)."""
    if not long.is_quote:
        return False
    ws, _ = _words_and_breaks(short.content)
    wl, breaks = _words_and_breaks(long.content)
    k = len(ws)
    return 0 < k < len(wl) and wl[:k] == ws and not breaks[k - 1]


@functools.lru_cache(maxsize=4096)
def _words_and_breaks(content: str) -> tuple[tuple[str, ...], tuple[bool, ...]]:
    """A quotation's words (as :func:`~retold.mutations.units.words` reads them) and,
    after each but the last, whether a sentence ends there. Cached: each voter's wording
    is weighed against the chosen one in every reading of the story."""
    found = word_matches(content)
    text = found[0].string if found else ""
    return (tuple(m.group(0).strip(WORD_STRIP) for m in found),
            tuple(bool(re.search(r"[.!?]", text[a.end() - 1:b.start()]))
                  for a, b in zip(found, found[1:])))


def _attributed(u: Unit) -> bool:
    return u.is_quote and u.named_speaker


def _plain_verb(u: Unit) -> bool:
    return bool(u.verb) and u.verb.casefold() in _PLAIN_VERBS


# The one-way readings of :func:`consensus_units`, each a pair (does the chosen wording
# show the edit; is a line's wording free of it): while the first holds, the chosen
# wording gives way to the most voted of the free ones, if any
_ONE_WAY: tuple[tuple[Callable[[Unit], bool], Callable[[Unit, Unit], bool]], ...] = (
    (lambda first: not _attributed(first), lambda u, first: _attributed(u)),
    (lambda first: bool(first.verb) and not _plain_verb(first),
     lambda u, first: _plain_verb(u) and _attributed(u) >= _attributed(first)),
    (lambda first: first.is_quote, lambda u, first: _trimmed_from(first, u)),
)


MAX_TITLES = 30  # distinct head headlines weighed; the rest are rarer wordings


def consensus_title(titles: Mapping[str, str], heads: Iterable[str],
                    cost: Callable[[str, str], float]) -> str | None:
    """The outside source's headline, read from the lines' heads (first-hand copies):
    the wording that derives their headlines at the least total ``cost``, among their
    headlines and the runs of three or more words that two of them share ("UPDATE
    1-Rates rise" and "Rates rise, Lagos reports" share "Rates rise": decorations are
    each copy's own), and each of those headlines without its tag or suffix where
    another head's headline shares three words with it (when one head alone kept the
    source's headline whole, "Exposed: Rates rise in May", and the others cut it, no
    two heads share it). ``titles``: normalised headlines, earliest first. ``None``
    when fewer than two heads have one (the caller keeps the earliest headline). A badly
    glued story can have hundreds of heads: only the ``MAX_TITLES`` commonest distinct
    headlines (the earliest first among equals) are weighed, so the work stays bounded
    (their runs are pairs of them, and each candidate is priced once per distinct one).
    A known weakness: when most heads decorate alike with different names ("X – A",
    "X – B", ...), one of their headlines can cost less than "X" (a swapped name is one
    small edit); ingest strips a page's own site name from its title, the usual case."""
    votes = Counter(titles[h] for h in heads if titles.get(h))  # headline -> heads
    if sum(votes.values()) < 2:
        return None
    order = {t: k for k, t in enumerate(dict.fromkeys(titles.values()))}  # first seen
    kept = sorted(votes, key=lambda t: (-votes[t], order[t]))[:MAX_TITLES]
    earliest = next(iter(order))
    # a head's headline without its decoration, where another head's headline shares
    # words with it (else a shorter string would only look cheaper to reach)
    bare = {c for t in kept for c in undecorated(t)
            if any(run_words(shared_run(c, o)) >= 3 for o in kept if o != t)}
    cands = set(kept) | shared_runs(kept) | bare
    return min(sorted(cands), key=lambda c: (sum(votes[t] * cost(c, t) for t in kept),
                                             c != earliest, -len(c)))
