"""Lineage graphs as GEXF or GraphML, with attributes Gephi can colour and filter by.

Nodes are articles (id = article id), out-of-corpus origins (id ``external:<name>``) and
the original speakers of the story's key statements (id ``speaker:<name>``, from the
origin edges' evidence; ``node_type`` tells the three apart); edges point from parent to
child, as information flowed, and from a speaker to the outlet they spoke through ("Sherko
Omer" → Newsweek, kind ``speaker``, ``reasons`` "told Newsweek") or to the origin article
that quotes them; ``origin`` marks the first known sources (an out-of-corpus origin, or an
article the lineage stage found no parent for).
networkx's writers reject ``None`` attribute values, so every attribute is given a typed
default ("" / 0 / False).
GEXF additionally carries ``viz`` positions (the same layered layout as the web page) and
colours (edge colour = reuse kind), so the graph opens in Gephi already drawn.
"""
from __future__ import annotations

from pathlib import Path

import networkx as nx

from retold.export.select import Selection
from retold.outlets import page_names
from retold.web import graph as g
from retold.web.views import edge_kind, links_by_pair, external_id


def _rgb(hex_colour: str) -> dict:
    h = hex_colour.lstrip("#")
    return {"r": int(h[0:2], 16), "g": int(h[2:4], 16), "b": int(h[4:6], 16), "a": 1.0}


def lineage_graph(sel: Selection, viz: bool = False) -> nx.DiGraph:
    """One DiGraph for the selected stories (attributes never None)."""
    graph = nx.DiGraph(name="retold lineage")
    by_story: dict[str, list] = {}
    for e in sel.edges:
        by_story.setdefault(e.story_id, []).append(e)
    story_of = {a: s.id for s in sel.stories for a in s.article_ids}
    muts_of: dict[tuple[str, str, str], list[str]] = {}
    for m in sel.mutations:
        muts_of.setdefault((m.story_id, m.child, m.parent), []).append(m.type)
    n_statements = sel.statement_counts
    pairs = links_by_pair(sel.links)
    names = story_page_names(sel)
    for aid, art in sel.articles.items():
        graph.add_node(aid, label=names.get(aid) or art.outlet_name or art.outlet or aid,
                       outlet=art.outlet or art.outlet_name or "",
                       title=art.title or "", published=art.published or "", url=art.url or "",
                       story_id=story_of.get(aid, ""), external=False, origin=False,
                       statements=n_statements.get(aid, 0), node_type="article")
    for story_id, edges in by_story.items():
        for e in edges:
            if not e.parent and not e.external:  # marks a first known source
                if e.child in graph:
                    graph.nodes[e.child]["origin"] = True
                    _add_speakers(graph, story_id, e, e.child)
                continue
            parent = e.parent or external_id(e.external)
            if parent not in graph:
                graph.add_node(parent, label=e.external or parent, outlet=e.external or "",
                               title="", published="", url="", story_id=story_id,
                               external=True, origin=True, statements=0, node_type="external")
            if e.child not in graph:
                graph.add_node(e.child, label=e.child, outlet="", title="", published="",
                               url="", story_id=story_id, external=False, origin=False,
                               statements=0, node_type="article")
            if not e.parent:
                _add_speakers(graph, story_id, e, parent)
            muts = muts_of.get((story_id, e.child, parent), [])
            reasons = e.evidence.get("reasons", []) if isinstance(e.evidence, dict) else []
            kind = edge_kind(e, pairs)
            graph.add_edge(parent, e.child, story_id=story_id, kind=kind,
                           confidence=float(e.confidence or 0.0), tie=bool(e.tie),
                           mutations=" ".join(muts), n_mutations=len(muts),
                           # from outside the corpus: typed against the source as its
                           # copies tell it (leads, not findings)
                           mutations_inferred=bool(muts) and not e.parent,
                           reasons="; ".join(str(r) for r in reasons))
    if viz:
        _add_viz(graph)
    return graph


def story_page_names(sel: Selection) -> dict[str, str]:
    """Each selected article's label, named among its story's pages
    (:func:`retold.outlets.page_names`): "Reuters 1987-03-11 09:00" where its story has
    another Reuters page, else the outlet alone. Why: a wire's archive labelled every
    node "Reuters" in Gephi."""
    names: dict[str, str] = {}
    for story in sel.stories:
        names.update(page_names(sel.articles[a] for a in story.article_ids
                                if a in sel.articles))
    return names


def _add_speakers(graph: nx.DiGraph, story_id: str, e, source: str) -> None:
    """The key speakers on an origin edge's evidence, each linked to ``source``: the
    outlet they spoke through when the evidence names it for them, else the origin."""
    ev = e.evidence if isinstance(e.evidence, dict) else {}
    via = ev.get("speaker_channels") or {}
    for name in ev.get("speakers") or []:
        node = f"speaker:{name}"
        if node not in graph:
            graph.add_node(node, label=name, outlet="", title="", published="", url="",
                           story_id=story_id, external=True, origin=False, statements=0,
                           node_type="speaker")
        if graph.has_edge(node, source):
            continue
        outlet = graph.nodes[source]["outlet"] if graph.nodes[source]["external"] else ""
        told = via.get(name)
        if outlet and told and told != outlet:
            continue  # they spoke through another outlet than this source
        graph.add_edge(node, source, story_id=story_id, kind="speaker", confidence=1.0,
                       tie=False, mutations="", n_mutations=0, mutations_inferred=False,
                       reasons=f"told {told}" if told else "quoted by the origin")


def _add_viz(graph: nx.DiGraph) -> None:
    """Positions from the web page's layered layout, one band per weakly connected part."""
    top = 0.0
    for part in nx.weakly_connected_components(graph):
        sub = graph.subgraph(part)
        nodes = [g.Node(id=n, label=d["label"], external=d["external"],
                        published=d["published"] or None) for n, d in sub.nodes(data=True)]
        edges = [g.Edge(parent=u, child=v, kind=d["kind"]) for u, v, d in sub.edges(data=True)]
        pic = g.layout(nodes, edges)
        for node in pic.nodes:
            colour = "#7f8c8d" if node.external else "#34495e"
            graph.nodes[node.id]["viz"] = {"position": {"x": node.x, "y": -(top + node.y),
                                                        "z": 0.0},
                                           "color": _rgb(colour), "size": 10.0}
        for u, v, d in sub.edges(data=True):
            graph.edges[u, v]["viz"] = {"color": _rgb(g.KIND_COLOURS.get(d["kind"], "#95a5a6")),
                                        "thickness": 1.0 + 3.0 * d["confidence"]}
        top += pic.height + 60


def write_graph(sel: Selection, out: Path, fmt: str) -> dict:
    graph = lineage_graph(sel, viz=fmt == "gexf")
    out.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "gexf":
        nx.write_gexf(graph, out, version="1.2draft")
    else:
        nx.write_graphml(graph, out)
    return {"format": fmt, "path": str(out), "nodes": graph.number_of_nodes(),
            "edges": graph.number_of_edges()}
