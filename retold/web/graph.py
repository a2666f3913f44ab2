"""The lineage graph of a story, laid out in layers for an inline SVG picture.

Why server-side: the picture must render without any JS library (no CDN, strict CSP) and
the same geometry feeds the web page, the self-contained HTML report and the GEXF
export's ``viz`` positions. The layout is a small Sugiyama-style scheme:

* **layer** (x) of a node = length of the longest lineage path from an origin to it, so
  every edge points rightwards and a copy of a copy sits one column further on;
  a story without lineage edges yet, or with a cycle (bad input), falls back to one
  column per publication time;
* **order** (y) inside a layer: publication time first, then two barycentre sweeps
  (mean row of a node's parents) to cut edge crossings.

Node ids are article ids; an out-of-corpus origin is ``external:<name>``.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

import networkx as nx

KIND_COLOURS = {
    "copy": "#c0392b",
    "partial": "#e67e22",
    "rewrite": "#8e44ad",
    "quotes-only": "#2471a3",
    "cites": "#7f8c8d",
    "unknown": "#95a5a6",
}

MUTATION_ABBREV = {
    "quote_reworded": "QR", "quote_entity_swapped": "QE", "quote_trimmed": "QT",
    "quote_merged": "QM", "speaker_dropped": "SD", "speaker_description_changed": "SC",
    "attribution_lost": "AL", "channel_dropped": "CD", "channel_changed": "CC",
    "channel_added": "CA",
    "caveat_dropped": "VD", "caveat_added": "VA", "hedge_weakened": "HW",
    "hedge_strengthened": "HS", "headline_changed": "HC", "headline_hardened": "HH",
    "content_added": "+", "content_removed": "−",
}
# Mutations a fact-checker must not miss: their badge is drawn in red.
ALARMING = {"caveat_dropped", "quote_entity_swapped", "headline_hardened",
            "attribution_lost", "channel_dropped", "hedge_weakened", "quote_reworded",
            "speaker_dropped"}

COL_W, ROW_H, NODE_W, NODE_H, PAD = 290, 88, 178, 50, 24


@dataclass
class Node:
    id: str
    label: str
    sublabel: str = ""
    external: bool = False
    origin: bool = False  # first known source in the corpus
    published: str | None = None
    href: str = ""
    title: str = ""
    x: float = 0.0
    y: float = 0.0
    layer: int = 0


@dataclass
class Edge:
    parent: str
    child: str
    kind: str = "unknown"
    confidence: float = 0.0
    tie: bool = False
    mutations: list[str] = field(default_factory=list)
    href: str = ""
    path: str = ""
    colour: str = KIND_COLOURS["unknown"]
    badge: str = ""
    badge_x: float = 0.0
    badge_y: float = 0.0
    badge_w: float = 0.0
    alarming: bool = False
    title: str = ""


@dataclass
class Picture:
    nodes: list[Node]
    edges: list[Edge]
    width: float
    height: float
    legend: list[tuple[str, str]] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"nodes": [asdict(n) for n in self.nodes], "edges": [asdict(e) for e in self.edges],
                "width": self.width, "height": self.height, "legend": self.legend}


def to_networkx(nodes: list[Node], edges: list[Edge]) -> nx.DiGraph:
    graph = nx.DiGraph()
    for n in nodes:
        graph.add_node(n.id)
    for e in edges:
        graph.add_edge(e.parent, e.child)
    return graph


def _layers(graph: nx.DiGraph, time_rank: dict[str, int]) -> dict[str, int]:
    if graph.number_of_edges() == 0 or not nx.is_directed_acyclic_graph(graph):
        ranks = {r: i for i, r in enumerate(sorted(set(time_rank.values())))}
        return {n: ranks[time_rank[n]] for n in graph}
    layer: dict[str, int] = {}
    for n in nx.topological_sort(graph):
        parents = list(graph.predecessors(n))
        layer[n] = max((layer[p] + 1 for p in parents), default=0)
    return layer


def _order(graph: nx.DiGraph, layer: dict[str, int], time_rank: dict[str, int]
           ) -> dict[int, list[str]]:
    columns: dict[int, list[str]] = {}
    for n in sorted(graph, key=lambda n: (time_rank[n], n)):
        columns.setdefault(layer[n], []).append(n)
    for _ in range(2):
        row = {n: i for col in columns.values() for i, n in enumerate(col)}
        for col in sorted(columns)[1:]:
            def barycentre(n: str) -> float:
                ps = [row[p] for p in graph.predecessors(n)]
                return sum(ps) / len(ps) if ps else row[n]
            columns[col].sort(key=lambda n: (barycentre(n), time_rank[n]))
    return columns


def layout(nodes: list[Node], edges: list[Edge]) -> Picture:
    """Place nodes and route edges; returns everything the SVG template draws."""
    by_id = {n.id: n for n in nodes}
    edges = [e for e in edges if e.parent in by_id and e.child in by_id]
    graph = to_networkx(nodes, edges)
    times = {t: i for i, t in enumerate(sorted({(n.published or "9999") for n in nodes}))}
    time_rank = {n.id: (-1 if n.external else times[n.published or "9999"]) for n in nodes}
    layer = _layers(graph, time_rank)
    columns = _order(graph, layer, time_rank)
    tallest = max((len(c) for c in columns.values()), default=1)
    for col, ids in columns.items():
        offset = (tallest - len(ids)) * ROW_H / 2
        for i, nid in enumerate(ids):
            node = by_id[nid]
            node.layer = col
            node.x = PAD + col * COL_W
            node.y = PAD + offset + i * ROW_H
    for e in edges:
        _route(e, by_id[e.parent], by_id[e.child])
    width = PAD * 2 + (max(columns, default=0)) * COL_W + NODE_W
    height = PAD * 2 + (tallest - 1) * ROW_H + NODE_H
    known = list(KIND_COLOURS)  # a kind of its own ("speaker" in an export) comes last
    kinds = sorted({e.kind for e in edges},
                   key=lambda k: (known.index(k) if k in known else len(known), k))
    legend = [(k, KIND_COLOURS.get(k, KIND_COLOURS["unknown"])) for k in kinds]
    return Picture(nodes, edges, width, height, legend)


def _route(e: Edge, parent: Node, child: Node) -> None:
    """A cubic Bézier from the parent's right side to the child's left side.

    The badge sits at the curve's midpoint ``B(1/2) = (P0 + 3 P1 + 3 P2 + P3) / 8``.
    """
    x0, y0 = parent.x + NODE_W, parent.y + NODE_H / 2
    x3, y3 = child.x - 6, child.y + NODE_H / 2
    bend = max(40.0, (x3 - x0) / 2)
    x1, y1, x2, y2 = x0 + bend, y0, x3 - bend, y3
    e.path = f"M{x0:.1f},{y0:.1f} C{x1:.1f},{y1:.1f} {x2:.1f},{y2:.1f} {x3:.1f},{y3:.1f}"
    e.colour = KIND_COLOURS.get(e.kind, KIND_COLOURS["unknown"])
    if e.mutations:
        abbrevs = list(dict.fromkeys(MUTATION_ABBREV.get(t, "?") for t in e.mutations))
        e.badge = " ".join(abbrevs[:4]) + (" …" if len(abbrevs) > 4 else "")
        e.badge_w = 12 + 7.2 * len(e.badge)
        e.badge_x = (x0 + 3 * x1 + 3 * x2 + x3) / 8
        e.badge_y = (y0 + 3 * y1 + 3 * y2 + y3) / 8
        e.alarming = any(t in ALARMING for t in e.mutations)
    parts = [f"{e.kind}, confidence {e.confidence:.2f}" + (" (tie)" if e.tie else "")]
    parts += [t.replace("_", " ") for t in e.mutations]
    e.title = "\n".join(parts)
