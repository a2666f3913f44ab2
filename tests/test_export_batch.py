"""Exports that read many stories at once say what the story-by-story view says.

The store: three multi-article stories (an out-of-corpus origin, a dropped caveat, an
article-level hedge, a channel, one article in two stories, a speaker stored with two
types) and five single-article stories (one with no statements, one naming an article
the store does not hold). Rows are inserted out of story order, so the store order of a
batch is not any story's own order.
"""
from __future__ import annotations

import json

import networkx as nx
import pytest

from retold.export import export, select
from retold.export.batch import BATCH_ARTICLES, batches, each_story
from retold.export.claims import story_claims
from retold.export.graphs import lineage_graph
from retold.export.provenance import prov_document
from retold.export.report import hop_mutations
from retold.records import (
    Article,
    ArticleHedge,
    Channel,
    Hedge,
    LineageEdge,
    Mutation,
    Speaker,
    Statement,
    Story,
)
from retold.store import Store
from retold.web.views import Corpus

QUOTE = "The convoy was hit near the border crossing at dawn"
SHARED_PAGE = "a2"  # in stories m1 and m3


def _article(aid: str, outlet: str, when: str | None, title: str | None = None) -> Article:
    return Article(id=aid, text=f"{QUOTE}, {outlet} reported. Page {aid} of the story.",
                   outlet=f"{outlet.lower()}.example", outlet_name=outlet, published=when,
                   title=title, url=f"https://{outlet.lower()}.example/{aid}")


def _statement(aid: str, n: int, text: str, speaker: str | None, hedged: str = "",
               channel: str | None = None) -> Statement:
    return Statement(id=f"{aid}:q{n}", article_id=aid, kind="direct", content=[[0, len(text)]],
                     speaker=speaker, content_text=text,
                     hedges=[Hedge("unverified", hedged, [0, 5])] if hedged else [],
                     channel=Channel(channel, [0, 5]) if channel else None)


def _records() -> dict[str, list]:
    arts = [_article("a1", "Wire", "2020-01-01T08:00:00"), _article("b1", "Daily", "2020-02-01"),
            _article("a2", "Post", "2020-01-01T09:00:00", "Convoy hit"),
            _article("a3", "Herald", None), _article("b2", "Gazette", "2020-02-02"),
            _article("a6", "Times", "2020-01-03"), _article("s1", "Wire", "2020-03-01"),
            _article("s2", "Daily", None, "Quiet day"), _article("s3", "Post", "2020-03-02"),
            _article("s4", "Herald", "2020-03-03")]
    stories = [Story("m1", ["a1", "a2", "a3"], "convoy", size=3),
               Story("m2", ["b1", "b2"], "rates", size=2),
               Story("m3", ["a2", "a6"], "convoy follow-up", size=2),
               *(Story(f"z{sid}", [sid], size=1) for sid in ("s1", "s2", "s3", "s4")),
               Story("zgone", ["missing-page"], size=1)]
    said = "Officials said the convoy was hit near the border crossing at dawn"
    statements = [
        _statement("s3", 1, "Nothing changed today", "Ann Lee"),
        _statement("a2", 2, "We will rebuild the road", "Jane Roe"),
        # stored before q1: the caveat row's cue is q1's, the first in article_id, id order
        _statement("a1", 2, "We will rebuild the road within a week", "Jane Roe",
                   hedged="unconfirmed reports"),
        _statement("a1", 1, said, "Omar Haddad", hedged="could not independently verify",
                   channel="Newsweek"),
        _statement("a2", 1, said, "Omar Haddad"),
        _statement("a3", 1, said + " on Monday", None),
        _statement("a6", 1, said, "Omar Haddad"),
        _statement("b2", 1, "Rates stay on hold for now", "Central Bank"),
        _statement("b1", 1, "Rates stay on hold for now", "Central Bank"),
        _statement("s1", 1, "Exports rose in March", "Trade Ministry", hedged="unconfirmed"),
        _statement("s1", 2, "The rise was expected", None),
        _statement("missing-page", 1, "A page the store lost", "Lost Source")]  # on no page
    speakers = [Speaker("s1:s1", "s1", "Trade Ministry", "organisation"),
                Speaker("a3:s1", "a3", "Jane Roe", "person", pseudonym=True),
                Speaker("a1:s1", "a1", "Omar Haddad", "person"),
                Speaker("a1:s2", "a1", "Jane Roe", "organisation"),  # first row of m1 wins
                Speaker("a2:s1", "a2", "Omar Haddad", "person"),
                Speaker("b1:s1", "b1", "Central Bank", "organisation"),
                Speaker("missing-page:s1", "missing-page", "Lost Source", "group")]
    evidence = {"speakers": ["Omar Haddad"], "speaker_channels": {"Omar Haddad": "Newsweek"}}
    edges = [LineageEdge("m3", "a6", "a2", confidence=0.8, evidence={"kind": "rewrite"}),
             LineageEdge("m1", "a1", None, "Newsweek", 0.9, evidence=evidence),
             LineageEdge("m2", "b1", None, confidence=1.0),
             LineageEdge("m1", "a2", "a1", confidence=0.7, evidence={"kind": "copy"}),
             LineageEdge("m1", "a3", "a1", confidence=0.5, tie=True),
             LineageEdge("m2", "b2", "b1", confidence=0.6, evidence={"kind": "partial"}),
             LineageEdge("zs1", "s1", None, confidence=1.0)]
    muts = [Mutation("m1", "a2", "a1", "caveat_dropped", [[0, 9]], [[0, 4]], "unverified", 1),
            Mutation("m1", "a2", "a1", "quote_trimmed", seq=0),
            Mutation("m1", "a2", "a1", "caveat_dropped", detail="reportedly", seq=0),
            Mutation("m1", "a1", "external:Newsweek", "caveat_dropped", seq=0),
            Mutation("m3", "a6", "a2", "attribution_changed", seq=0)]
    hedges = [ArticleHedge("b1", "reportedly", "reportedly", 0, 10),
              ArticleHedge("a3", "unverified", "unconfirmed", 3, 14)]
    return {"articles": arts, "stories": stories, "statements": statements,
            "speakers": speakers, "edges": edges, "muts": muts, "hedges": hedges}


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    s = Store(tmp_path_factory.mktemp("batch") / "store.duckdb")
    for rows in _records().values():
        for rec in rows:  # one row at a time: store order is the order above
            s.upsert([rec])
    yield s
    s.close()


def _stories(store: Store) -> list[Story]:
    return select(store, load_articles=False).stories


@pytest.mark.parametrize("size", [1, 3, BATCH_ARTICLES])
def test_batched_rows_summarise_each_story_as_its_page(store, size):
    corpus = Corpus(store)
    seen = []
    for story, rows in each_story(corpus, _stories(store), size):
        view = corpus.story_view(story.id)
        assert rows.summary() == {k: view[k] for k in ("articles", "externals",
                                                       "key_statements", "caveats")}
        ids = [a["id"] for a in view["articles"]]
        assert rows.speakers == corpus._records(Speaker, "list_contains(?, article_id)", [ids])
        seen.append(story.id)
    assert seen == sorted(s.id for s in _records()["stories"])


def test_batches_keep_order_and_size():
    stories = _records()["stories"]
    for size in (1, 3, 4, 100):
        got = list(batches(stories, size))
        assert [s for b in got for s in b] == stories
        assert all(len(b) == 1 or sum(len(s.article_ids) for s in b) <= size for b in got)


def test_claimreview_export_is_the_story_by_story_claims(store, tmp_path):
    export(store, "claimreview", tmp_path / "all.jsonld")
    got = json.loads((tmp_path / "all.jsonld").read_text(encoding="utf-8"))["@graph"]
    corpus = Corpus(store)
    expected = [c for st in _stories(store) for c in story_claims(corpus, st.id)]
    assert got == expected
    # the fixture exercises what a claim carries: several outlets, a dropped caveat, an
    # origin outside the corpus, a channel, a pseudonym, single-article stories
    texts = {c["text"]: c for c in got}
    convoy = next(c for c in got if c["@id"].startswith("urn:retold:m1:") and
                  "Officials said" in c["text"])
    assert len(convoy["appearance"]) == 3
    assert "dropped by Post" in convoy["description"]
    assert "origin outside the corpus: Newsweek" in convoy["description"]
    assert "channel: Newsweek" in convoy["description"]
    assert texts["Exports rose in March"]["author"]["@type"] == "Organization"
    assert any(c["@id"].startswith("urn:retold:zs1:") for c in got)
    one = export(store, "claimreview", tmp_path / "m1.jsonld", story="m1")
    assert one["claims"] == sum(1 for c in got if c["@id"].startswith("urn:retold:m1:"))


def _node_attrs(graph: nx.DiGraph, node: str) -> dict:
    attrs = dict(graph.nodes[node])
    if node == SHARED_PAGE:  # an article of two stories names one of them
        attrs.pop("story_id")
    return attrs


def test_whole_store_graph_is_the_union_of_story_graphs(store):
    whole = lineage_graph(select(store, light=True))
    parts = [lineage_graph(select(store, st.id, light=True)) for st in _stories(store)]
    union = nx.compose_all(parts)
    assert set(whole.nodes) == set(union.nodes)
    assert {n: _node_attrs(whole, n) for n in whole} == {n: _node_attrs(union, n) for n in union}
    assert {(u, v): d for u, v, d in whole.edges(data=True)} == \
        {(u, v): d for u, v, d in union.edges(data=True)}
    assert whole.number_of_edges() == 6  # 5 hops and a speaker


def _prov_items(doc) -> dict[str, set[str]]:
    """Each PROV-JSON section as a set of its records (relation ids are blank nodes,
    numbered per document, so a relation is its attributes)."""
    data = json.loads(doc.serialize(format="json"))
    out: dict[str, set[str]] = {}
    for section, records in data.items():
        if section == "prefix":
            continue
        keyed = section in ("entity", "agent")
        out[section] = {json.dumps([k if keyed else None, v], sort_keys=True)
                        for k, v in records.items()}
    return out


def test_whole_store_prov_is_the_union_of_story_prov(store):
    whole = _prov_items(prov_document(select(store)))
    union: dict[str, set[str]] = {}
    for st in _stories(store):
        for section, items in _prov_items(prov_document(select(store, st.id))).items():
            union.setdefault(section, set()).update(items)
    assert whole == union
    assert len(whole["wasDerivedFrom"]) > 5  # hops and statements both


def test_report_hops_are_the_edge_pages_mutations(store):
    """The HTML report lists each hop's mutations as its edge page does, read in one
    query for the story instead of one edge view a hop."""
    corpus = Corpus(store)
    for st in _stories(store):
        rows = corpus.story_view(st.id)["edges"]
        expected = [{**e, "mutations": corpus.edge_view(st.id, e["parent"], e["child"])[
            "mutations"]} for e in rows]
        assert hop_mutations(corpus, st.id, rows) == expected
    hop = next(h for h in hop_mutations(corpus, "m1", corpus.story_view("m1")["edges"])
               if h["child"] == "a2")
    assert [m["type"] for m in hop["mutations"]] == ["quote_trimmed", "caveat_dropped",
                                                     "caveat_dropped"]
    assert hop["mutations"][2]["parent_text"] and hop["mutations"][2]["alarming"]
