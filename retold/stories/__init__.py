"""Stories: articles grouped by what they share, incrementally.

Why not plain connected components: one article that quotes many stories (a round-up, a
"quotes of the week" page) or shares a template sentence with many others would chain
unrelated stories into one. So grouping works in three steps:

1. a weighted graph: one node per article, one edge per ``ReuseLink`` weighted by kind
   (:data:`KIND_WEIGHTS`: a copy is strong evidence, a citation weak) times its score;
   edges below ``min_weight`` are ignored;
2. Louvain communities (networkx, fixed seed) inside each connected component: a hub that
   touches several dense groups ends up in one of them instead of merging them;
3. two communities are merged back when one link between them is strong (weight >=
   ``strong``: most of one article is in the other) or when the links between them come
   from at least ``min_bridge`` distinct articles on *each* side, i.e. several articles
   vouch for the merge, not a single hub with weak (quote, citation, one-paragraph) links.

Incremental (:func:`group` with ``existing``): each existing story is contracted to one
node whose edges sum its members' links and remember how many distinct members carry
them, then the same three steps run on the new articles plus these story nodes. A new
article joins the story it is grouped with, several stories merge only under the same
``min_bridge`` rule, and articles grouped with no story open a new one. On a corpus whose
stories are separated, adding articles one batch at a time gives the batch partition.
"""
from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

import networkx as nx
from networkx.algorithms.community import louvain_communities

from retold.records import Article, ReuseLink, Story

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
        sub = graph.subgraph(comp)
        comms = [set(c) for c in louvain_communities(sub, weight="weight",
                                                     resolution=resolution, seed=0)]
        parts.extend(_merge_bridged(sub, comms, min_bridge, strong))
    return parts


def _ends(graph: nx.Graph, node: str, other: str) -> set[str]:
    """Articles behind ``node``'s edge to ``other``: a contracted story stands for the
    members that carry the links, any other node for itself."""
    carriers = graph.nodes[node].get("carriers")
    return set(carriers.get(other, ())) or {node} if carriers is not None else {node}


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
        (left if cu == key[0] else right).update(_ends(graph, u, v))
        (right if cu == key[0] else left).update(_ends(graph, v, u))
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


def _label(ids: Sequence[str], links: Sequence[ReuseLink],
           articles: Mapping[str, Article]) -> tuple[str, str | None, str]:
    """(label, first_seen, founding id): the most central article's headline."""
    members = set(ids)
    degree: dict[str, float] = defaultdict(float)
    for l in links:
        if l.a in members and l.b in members:
            w = link_weight(l)
            degree[l.a] += w
            degree[l.b] += w
    central = max(sorted(ids), key=lambda i: degree.get(i, 0.0))
    art = articles.get(central)
    label = ""
    if art is not None:
        label = (art.title or (art.text or "").strip().split("\n", 1)[0])[:160]
    dates = [articles[i].published for i in ids if i in articles and articles[i].published]
    first_seen = min(dates) if dates else None
    founder = min(ids, key=lambda i: ((articles[i].published or "9999") if i in articles
                                      else "9999", i))
    return label, first_seen, founder


def group(article_ids: Iterable[str], links: Sequence[ReuseLink],
          existing: Sequence[Story] | None = None,
          articles: Mapping[str, Article] | None = None, min_weight: float = 0.15,
          min_bridge: int = 2, resolution: float = 1.0, strong: float = 0.45) -> list[Story]:
    """Stories of ``article_ids`` (new ones) given ``links``; ``existing`` stories grow.

    Returns every story that was created or changed (existing ones keep their id; when
    several merge, the largest keeps its id and the others are returned with no articles,
    meaning "delete"). Articles with no link form single-article stories.
    """
    if min_bridge < 1:
        raise ValueError(f"min_bridge must be >= 1, got {min_bridge}: 2 keeps one hub "
                         "article from merging two stories")
    articles = articles or {}
    existing = list(existing or [])
    member_of = {a: s.id for s in existing for a in s.article_ids}
    story_ids = {s.id for s in existing}
    new_ids = [a for a in dict.fromkeys(article_ids) if a not in member_of]
    graph = nx.Graph()
    graph.add_nodes_from(new_ids)
    for s in existing:
        graph.add_node(s.id, carriers=defaultdict(set))
    for l in links:
        w = link_weight(l)
        if w < min_weight:
            continue
        u, v = member_of.get(l.a, l.a), member_of.get(l.b, l.b)
        if u == v or u not in graph or v not in graph:
            continue
        for node, member, other in ((u, l.a, v), (v, l.b, u)):
            if node in story_ids:
                graph.nodes[node]["carriers"][other].add(member)
        if graph.has_edge(u, v):
            graph[u][v]["weight"] += w
            graph[u][v]["strongest"] = max(graph[u][v]["strongest"], w)
        else:
            graph.add_edge(u, v, weight=w, strongest=w)
    by_id = {s.id: s for s in existing}
    out: list[Story] = []
    for part in _partition(graph, min_bridge, resolution, strong):
        olds = sorted((by_id[n] for n in part if n in by_id), key=lambda s: -len(s.article_ids))
        news = [n for n in part if n not in by_id]
        if not olds and not news:
            continue
        ids = [a for s in olds for a in s.article_ids] + sorted(news)
        if not news and len(olds) == 1:
            continue  # untouched
        label, first_seen, founder = _label(ids, links, articles)
        sid = olds[0].id if olds else story_id(founder)
        if olds and not olds[0].label:
            olds[0].label = label
        out.append(Story(id=sid, article_ids=ids, label=(olds[0].label if olds else label)
                         or label, first_seen=first_seen, size=len(ids)))
        out.extend(Story(id=s.id, article_ids=[], label=s.label, size=0) for s in olds[1:])
    return out
