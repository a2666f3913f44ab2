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
passes ``votes``: one vote per line of descent, shared by its articles. A copy that
inherited another copy's edits (its cut, its reworded quotation) is then cheaper to
derive from that copy than from the consensus; a first-hand copy is cheaper from the
consensus.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence

from retold.mutations._unit_match import UnitMatch
from retold.mutations.units import Unit


def consensus_units(order: Sequence[str], units: Mapping[str, list[Unit]],
                    matches: Mapping[tuple[str, str], UnitMatch], min_articles: int = 2,
                    votes: Mapping[str, float] | None = None,
                    lines: Mapping[str, str] | None = None) -> list[Unit]:
    """Consensus units of a story. ``order``: article ids, earliest first;
    ``matches[(a, b)]``: the unit pairing of articles ``a`` and ``b``, each pair once;
    ``votes``: each article's weight when choosing a passage's wording (the wording with
    most weight wins, the earliest breaks ties); without it, the earliest wording;
    ``lines``: each article's line of descent, when known: a passage a minority of the
    articles carry, all on one line (a copy's new paragraph, inherited by its re-copies),
    is that line's addition, not the source's text, and is left out (one that most
    articles carry is kept: the other lines may be a few short copies)."""
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
    rank = {aid: i for i, aid in enumerate(order)}
    clusters: dict[tuple[str, int], list[tuple[str, int]]] = defaultdict(list)
    for x in list(up):
        clusters[find(x)].append(x)
    n_lines = len(set(lines.values())) if lines else 0
    out: list[tuple[float, Unit]] = []
    for members in clusters.values():
        arts = {aid for aid, _ in members}
        if len(arts) < min_articles:
            continue
        if lines and n_lines > 1 and len({lines.get(a, a) for a in arts}) < 2 \
                and 2 * len(arts) < len(order):
            continue  # one line of descent's own addition, not the source's text
        if votes:
            weight: dict[str, float] = defaultdict(float)
            for a, i in members:
                weight[units[a][i].norm] += votes.get(a, 0.0)
            _, _, i, aid = min((-weight[units[a][i].norm], rank[a], i, a) for a, i in members)
        else:
            _, i, aid = min((rank[aid], i, aid) for aid, i in members)
        first = units[aid][i]  # the earliest wording: later ones may be inherited edits
        pos = sum(i / max(1, len(units[aid])) for aid, i in members) / len(members)
        out.append((pos, first))
    out.sort(key=lambda t: t[0])
    return [u for _, u in out]
