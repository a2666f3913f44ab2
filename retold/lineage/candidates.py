"""Which pairs of a story's articles the lineage stage compares passage by passage.

Why: pairing two articles' passages (``match_units``) and costing the pair is the
stage's inner loop, and a story of n articles has n(n - 1)/2 pairs. Up to
``MAX_ALL_PAIRS`` articles every pair is compared. A story syndicated to hundreds of
outlets is where that stops being affordable, and also where choosing the pairs
badly costs most: hundreds of copies share most of their sentences, so ranking
partners by how many sentences they share (the first way this was done) is mostly
ties, and the true parent fell outside an article's partners for a third of the
articles (exact parents 0.32 on a simulated 982-article story, against 0.49 comparing
every pair; ``benchmarks/lineage_large.py``).

Here each article keeps the ``TOP_K`` earlier-or-undated articles that a cheap bound
of the derivation cost (``retold.mutations._unit_match.derivation_cost``) ranks first
as its parent:

    bound(p -> c) = chars of c's passages that p lacks word for word
                    + REMOVED_CHAR * chars of p's passages that c lacks
                    + headlines.TITLE_CHANGE if the headlines differ

the terms of the real cost that need no alignment (a reworded passage counts as text
the candidate lacks, for every candidate alike, unless the candidate carries the same
rewording, which is exactly the evidence of copying). For all pairs at once this is one
sparse product of the articles' passage-by-article matrix with itself, a block
of rows at a time, so memory stays at ``BLOCK_CELLS`` numbers however large the story.

Every article is also paired with the story's likely origins: its first dated page and
the ``LIKELY_ORIGINS`` pages whose bounds as everybody's parent sum lowest (the page
that explains the others best; an undated original). Why: about half of a wire
story's copies take the origin, but a copy that cut what the origin had, or took its
headline from a sibling, finds twenty siblings nearer than the origin, and the origin's
head start (``parents.head_start_growth``) cannot choose a page that was never compared.
Simulated stories of 120-600 copies (seeds 6-11 and 13): exact parents 0.655 -> 0.690
on average (the first dated page alone 0.682; three, six: 0.682).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

import numpy as np
from scipy import sparse

from retold.dates import When
from retold.lineage import headlines  # read at call time: the tuning sets its constants
from retold.mutations._unit_match import REMOVED_CHAR
from retold.mutations.units import Unit

MAX_ALL_PAIRS = 150  # stories up to this size compare every pair of articles
TOP_K = 20  # candidate parents kept per article in a larger story
LIKELY_ORIGINS = 5  # pages explaining the others best, compared with every article
UNRELATED = 1e5  # a bound counted at most this much in a page's sum as a parent
BLOCK_CELLS = 20_000_000  # pair bounds computed at a time (rows x n; ~160 MB a matrix)


def candidate_pairs(ids: Sequence[str], units: Mapping[str, Sequence[Unit]],
                    boilerplate: frozenset[str] | set[str] = frozenset(),
                    titles: Mapping[str, str | None] | None = None,
                    when: Mapping[str, When | None] | None = None,
                    top_k: int | None = None, likely_origins: int | None = None
                    ) -> list[tuple[str, str]]:
    """Unordered pairs ``(a, b)`` (``a`` before ``b`` in ``ids``) to compare: every pair
    of a story of up to ``MAX_ALL_PAIRS`` articles, else each article with its ``top_k``
    likeliest parents by the bound above and the story's likely origins (``titles``:
    headlines as the caller compares them, normalised; ``when``: publication intervals;
    a candidate published surely after the article is no parent of it;
    ``likely_origins``: how many best explainers besides the first dated page, None for
    ``LIKELY_ORIGINS``, 0 for neither)."""
    n = len(ids)
    if n <= MAX_ALL_PAIRS:
        return [(x, y) for i, x in enumerate(ids) for y in ids[i + 1:]]
    k = TOP_K if top_k is None else top_k
    if k < 1:
        raise ValueError(f"top_k must be at least 1, got {k}: pass a positive number of "
                         "candidate parents per article, or None for TOP_K")
    k = min(k, n - 1)
    n_best = LIKELY_ORIGINS if likely_origins is None else likely_origins
    if n_best < 0:
        raise ValueError(f"likely_origins must be 0 or more, got {n_best}: pass how many "
                         "best-explaining pages to compare with every article, 0 for none "
                         "(the first dated page is then left out too), or None for "
                         "LIKELY_ORIGINS")
    presence, length = _passage_matrix(ids, units, boilerplate)
    own = np.asarray(presence @ length).ravel()  # each article's passage chars
    weighted = (presence @ sparse.diags(length)).tocsr()
    heads = _title_ids(ids, titles)
    early, late = _bounds(ids, when)
    picked: set[tuple[int, int]] = set()
    as_parent = np.zeros(n)  # each article's bounds as a parent, summed (capped)
    block = max(1, BLOCK_CELLS // n)
    for lo in range(0, n, block):
        hi = min(n, lo + block)
        shared = (weighted[lo:hi] @ presence.T).toarray()  # [c, p]: chars both carry
        bound = (own[lo:hi, None] - shared) + REMOVED_CHAR * (own[None, :] - shared)
        if heads is not None:
            bound += headlines.TITLE_CHANGE * (heads[lo:hi, None] != heads[None, :])
        bound[late[lo:hi, None] < early[None, :]] = np.inf  # p surely after c
        bound[np.arange(hi - lo), np.arange(lo, hi)] = np.inf  # not its own parent
        as_parent += np.minimum(bound, UNRELATED).sum(axis=0)
        best = np.argpartition(bound, k - 1, axis=1)[:, :k]
        for r, row in enumerate(best):
            c = lo + r
            for p in row:
                if np.isfinite(bound[r, p]):
                    picked.add((min(c, int(p)), max(c, int(p))))
    dated = np.flatnonzero(np.isfinite(early))
    first = [int(dated[np.argmin(early[dated])])] if dated.size and n_best else []
    for o in first + [int(i) for i in np.argsort(as_parent, kind="stable")[:n_best]]:
        for c in range(n):
            if c != o and not late[c] < early[o]:  # o not surely published after c
                picked.add((min(c, o), max(c, o)))
    return [(ids[a], ids[b]) for a, b in sorted(picked)]


def _passage_matrix(ids: Sequence[str], units: Mapping[str, Sequence[Unit]],
                    boilerplate: frozenset[str] | set[str]
                    ) -> tuple[sparse.csr_matrix, np.ndarray]:
    """Articles x distinct passages (word for word, site chrome left out), and each
    passage's length in characters."""
    index: dict[str, int] = {}
    rows: list[int] = []
    cols: list[int] = []
    for r, aid in enumerate(ids):
        seen = set()
        for un in units[aid]:
            if un.norm in boilerplate or un.norm in seen:
                continue
            seen.add(un.norm)
            rows.append(r)
            cols.append(index.setdefault(un.norm, len(index)))
    length = np.zeros(len(index), dtype=np.float64)
    for norm, j in index.items():
        length[j] = len(norm)
    presence = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)),
                                 shape=(len(ids), len(index)))
    return presence, length


def _title_ids(ids: Sequence[str], titles: Mapping[str, str | None] | None
               ) -> np.ndarray | None:
    if titles is None:
        return None
    seen: dict[str, int] = {}
    return np.array([seen.setdefault(titles.get(a) or "", len(seen)) for a in ids])


def _bounds(ids: Sequence[str], when: Mapping[str, When | None] | None
            ) -> tuple[np.ndarray, np.ndarray]:
    """Each article's earliest and latest possible publication instant in seconds
    (minus and plus infinity where unknown), so that ``late[c] < early[p]`` says ``p``
    was surely published after ``c``."""
    early = np.full(len(ids), -np.inf)
    late = np.full(len(ids), np.inf)
    for r, aid in enumerate(ids):
        w = (when or {}).get(aid)
        if w is None:
            continue
        late[r] = _seconds(w.latest)
        if w.earliest is not None:
            early[r] = _seconds(w.earliest)
    return early, late


def _seconds(t: dt.datetime) -> float:
    """A naive UTC instant (as :class:`When` holds them) in seconds, read as UTC and not
    in the machine's zone, whose summer time would shift some dates by an hour."""
    return t.replace(tzinfo=dt.timezone.utc).timestamp()
