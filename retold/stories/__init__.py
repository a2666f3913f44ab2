"""Stories: articles grouped by what they share, incrementally.

Why not plain connected components: one article that quotes many stories (a round-up, a
"quotes of the week" page) or shares a template sentence with many others would chain
unrelated stories into one. So grouping works in three steps:

1. a weighted graph: one node per article, one edge per ``ReuseLink`` weighted by kind
   (:data:`KIND_WEIGHTS`: a copy is strong evidence, a citation weak) times its score;
   edges below ``min_weight`` are ignored;
2. Louvain communities (networkx, fixed seed) inside each connected component: a hub that
   touches several dense groups ends up in one of them instead of merging them;
3. two communities are merged back when one text-reuse link between them is strong
   (weight >= ``strong``: most of one article is in the other) or when the links between them come
   from at least ``min_bridge`` distinct articles on *each* side, i.e. several articles
   vouch for the merge, not a single hub with weak (quote, citation, one-paragraph) links.

Incremental (:func:`group` with ``existing``): the same three steps run on the new
articles plus the members of the stories they link to (not the whole corpus); each part
keeps the id of the existing story it overlaps most, so a new article joins a story,
several stories merge only under the same rules, and articles grouped with no story open
a new one. Regrouping the touched stories whole (rather than attaching new articles to
frozen stories) is what makes the result independent of arrival order: adding articles
one batch at a time gives the batch partition whenever the touched stories cover the
connected components involved.
"""
from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence

import networkx as nx
from networkx.algorithms.community import louvain_communities

from retold.dates import order_key
from retold.markers import marker, unmarked
from retold.records import Article, ReuseLink, Story

TEXT_KINDS = ("copy", "partial", "rewrite")
KIND_WEIGHTS = {"copy": 1.0, "partial": 0.9, "rewrite": 0.7, "quotes-only": 0.5, "cites": 0.3}


def story_id(first_article: str) -> str:
    """Stable id from the story's founding article, so re-running keeps ids."""
    return "story-" + hashlib.blake2b(first_article.encode(), digest_size=6).hexdigest()


def link_weight(link: ReuseLink) -> float:
    return KIND_WEIGHTS.get(link.kind, 0.0) * max(0.3, min(1.0, link.score))


def _partition(graph: nx.Graph, min_bridge: int, resolution: float,
               strong: float) -> list[set[str]]:
    """Louvain inside components, then merge communities vouched for by several articles."""
    parts: list[set[str]] = []
    for comp in nx.connected_components(graph):
        if len(comp) <= 2:
            parts.append(set(comp))
            continue
        sub = _ordered_subgraph(graph, comp)
        comms = [set(c) for c in louvain_communities(sub, weight="weight",
                                                     resolution=resolution, seed=0)]
        parts.extend(_merge_bridged(sub, comms, min_bridge, strong))
    return parts


def _ordered_subgraph(graph: nx.Graph, nodes: set[str]) -> nx.Graph:
    """The component as a new graph whose nodes and edges come in sorted order.

    Why: ``graph.subgraph(a_set)`` iterates nodes in the set's order, which depends on
    PYTHONHASHSEED, and Louvain's result depends on iteration order even with a fixed
    seed; sorting makes stories identical across runs and across engines (Spark).
    """
    sub = nx.Graph()
    sub.add_nodes_from(sorted(nodes))
    edges = []
    for u in sub.nodes:
        for v, data in graph[u].items():
            if u < v and v in nodes:
                edges.append((u, v, data))
    sub.add_edges_from(sorted(edges, key=lambda e: (e[0], e[1])))
    return sub


def _merge_bridged(graph: nx.Graph, comms: list[set[str]], min_bridge: int,
                   strong: float) -> list[set[str]]:
    if len(comms) == 1:
        return comms
    where = {n: i for i, c in enumerate(comms) for n in c}
    ends: dict[tuple[int, int], tuple[set[str], set[str]]] = defaultdict(lambda: (set(), set()))
    strongest: dict[tuple[int, int], float] = defaultdict(float)
    for u, v, data in graph.edges(data=True):
        cu, cv = where[u], where[v]
        if cu == cv:
            continue
        key = (cu, cv) if cu < cv else (cv, cu)
        strongest[key] = max(strongest[key], data.get("strongest", data["weight"]))
        left, right = ends[key]
        (left if cu == key[0] else right).add(u)
        (right if cu == key[0] else left).add(v)
    parent = list(range(len(comms)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for (a, b), (left, right) in ends.items():
        if min(len(left), len(right)) >= min_bridge or strongest[(a, b)] >= strong:
            parent[find(a)] = find(b)
    merged: dict[int, set[str]] = defaultdict(set)
    for i, c in enumerate(comms):
        merged[find(i)] |= c
    return list(merged.values())


def _inner_degree(parts: Sequence[set[str]], links: Sequence[ReuseLink]) -> dict[str, float]:
    """Weighted degree of each article counting only links inside its own part."""
    part_of = {a: k for k, p in enumerate(parts) for a in p}
    degree: dict[str, float] = defaultdict(float)
    for l in links:
        k = part_of.get(l.a)
        if k is not None and k == part_of.get(l.b):
            w = link_weight(l)
            degree[l.a] += w
            degree[l.b] += w
    return degree


def headline(art: Article) -> str:
    """What a story is labelled with from one of its articles: its title, else the first
    line of its text."""
    return art.title or (art.text or "").strip().split("\n", 1)[0]


def _label(ids: Sequence[str], degree: Mapping[str, float],
           articles: Mapping[str, Article]) -> tuple[str, str | None, str]:
    """(label, first_seen, founding id): the most central article's headline, a page that
    re-issues another ("CORRECTED - …", "RPT-…") only when every page does, and then
    without its marker: a correction shares text with both versions and is often the
    most central, but its headline names the correction, not the story."""
    def rank(i: str) -> tuple[bool, float]:
        art = articles.get(i)
        return (art is None or not marker(headline(art)), degree.get(i, 0.0))

    art = articles.get(max(sorted(ids), key=rank))
    label = unmarked(headline(art))[:160] if art is not None else ""
    when = {i: order_key(articles[i].published if i in articles else None) for i in ids}
    founder = min(ids, key=lambda i: (when[i], i))
    dated = [i for i in ids if not when[i][0]]
    first_seen = articles[min(dated, key=lambda i: (when[i], i))].published if dated else None
    return label, first_seen, founder


def group(article_ids: Iterable[str], links: Sequence[ReuseLink],
          existing: Sequence[Story] | None = None,
          articles: Mapping[str, Article] | None = None, min_weight: float = 0.2,
          min_bridge: int = 2, resolution: float = 1.0, strong: float = 0.45) -> list[Story]:
    """Stories of ``article_ids`` (new ones) given ``links``; ``existing`` stories grow.

    Only the given ``existing`` stories (those the new articles link to) are regrouped
    with the new articles, never the whole corpus. Returns every story created or changed:
    a regrouped part keeps the id of the existing story it overlaps most, and an existing
    story left with no part is returned with no articles, meaning "delete". Articles with
    no link form single-article stories.
    """
    if min_bridge < 1:
        raise ValueError(f"min_bridge must be >= 1, got {min_bridge}: 2 keeps one hub "
                         "article from merging two stories")
    articles = articles or {}
    existing = list(existing or [])
    nodes = list(dict.fromkeys([a for s in existing for a in s.article_ids] +
                               list(article_ids)))
    graph = nx.Graph()
    graph.add_nodes_from(nodes)
    for l in links:
        w = link_weight(l)
        if w < min_weight or l.a == l.b or l.a not in graph or l.b not in graph:
            continue
        text_w = w if l.kind in TEXT_KINDS else 0.0  # quotes/citations never count as strong
        if graph.has_edge(l.a, l.b):
            graph[l.a][l.b]["weight"] += w
            graph[l.a][l.b]["strongest"] = max(graph[l.a][l.b]["strongest"], text_w)
        else:
            graph.add_edge(l.a, l.b, weight=w, strongest=text_w)
    parts = sorted(_partition(graph, min_bridge, resolution, strong),
                   key=lambda p: (-len(p), min(p)))
    degree = _inner_degree(parts, links)
    old_members = {s.id: set(s.article_ids) for s in existing}
    story_of = {a: s.id for s in existing for a in s.article_ids}
    claimed: set[str] = set()
    out: list[Story] = []
    for part in parts:
        counts = Counter(story_of[a] for a in part if a in story_of)
        overlap = sorted(((n, sid) for sid, n in counts.items() if sid not in claimed),
                         reverse=True)
        ids = sorted(part)
        label, first_seen, founder = _label(ids, degree, articles)
        sid = overlap[0][1] if overlap else story_id(founder)
        if overlap:
            claimed.add(sid)
            if old_members[sid] == part:
                continue  # untouched
        out.append(Story(id=sid, article_ids=ids, label=label, first_seen=first_seen,
                         size=len(ids)))
    out.extend(Story(id=s.id, article_ids=[], label=s.label, size=0)
               for s in existing if s.id not in claimed)
    return out
