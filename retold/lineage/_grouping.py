"""Private fallback: articles grouped into stories by the text they share.

Why here: story grouping belongs to ``retold.reuse``/``retold.stories`` (being written in
parallel); the evaluation command ``retold lineage --input`` needs stories without a
store, so until those land we group with a deliberately simple, near-linear rule:

1. two articles sharing a whole long unit (a sentence of >= ``MIN_UNIT`` characters,
   boilerplate excluded) belong to one story — union-find over each unit's posting list,
   linear in the number of units;
2. an article still alone is joined to the article with which it shares the largest
   share of word 8-grams, if that share is at least ``MIN_SHARE`` (rewritten copies).
"""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence

from retold.mutations.units import Unit

MIN_UNIT = 60
MIN_SHARE = 0.3
SHINGLE = 8
MAX_POSTING = 300  # n-grams in more articles than this are stock phrases


class _UnionFind:
    def __init__(self, items: Sequence[str]):
        self.up = {x: x for x in items}

    def find(self, x: str) -> str:
        while self.up[x] != x:
            self.up[x] = self.up[self.up[x]]
            x = self.up[x]
        return x

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.up[max(ra, rb)] = min(ra, rb)


def _shingles(units: Sequence[Unit], skip: set[str] | frozenset[str]) -> set[int]:
    words = [w for u in units if u.norm not in skip for w in u.norm.split()]
    return {hash(tuple(words[i:i + SHINGLE])) for i in range(max(0, len(words) - SHINGLE + 1))}


def group(units: Mapping[str, Sequence[Unit]], skip: set[str] | frozenset[str] = frozenset()
          ) -> list[list[str]]:
    """Stories as lists of article ids (singletons included), in input order."""
    ids = list(units)
    uf = _UnionFind(ids)
    posting: dict[str, str] = {}
    for aid in ids:
        for u in units[aid]:
            if len(u.norm) >= MIN_UNIT and u.norm not in skip and not u.caveat:
                first = posting.setdefault(u.norm, aid)
                if first != aid:
                    uf.union(first, aid)
    sizes = Counter(uf.find(a) for a in ids)
    alone = [a for a in ids if sizes[uf.find(a)] == 1]
    if alone:
        rank = {a: i for i, a in enumerate(ids)}
        sh = {a: _shingles(units[a], skip) for a in ids}
        index: dict[int, list[str]] = defaultdict(list)
        for a in ids:
            for h in sh[a]:
                index[h].append(a)
        for a in alone:
            if not sh[a]:
                continue
            counts: Counter = Counter()
            for h in sh[a]:
                post = index[h]
                if len(post) <= MAX_POSTING:
                    counts.update(b for b in post if b != a)
            if counts:  # ties to the earliest input: set order varies between runs
                b, n = max(counts.items(), key=lambda kv: (kv[1], -rank[kv[0]]))
                if n / min(len(sh[a]), len(sh[b]) or 1) >= MIN_SHARE:
                    uf.union(a, b)
    groups: dict[str, list[str]] = defaultdict(list)
    for a in ids:
        groups[uf.find(a)].append(a)
    return list(groups.values())
