"""Every export format round-trips through the library that reads it."""
from __future__ import annotations

import dataclasses
import datetime
import json
from html.parser import HTMLParser

import duckdb
import networkx as nx
import pyarrow.parquet as pq
import pytest
from prov.model import ProvDocument
from typer.testing import CliRunner

from conftest import SAMPLE
from retold.export import ExportError, export, select
from retold.export.provenance import prov_document
from retold.records import ALL_TABLES, Article, Statement
from retold.store import Store, arrow_schema, from_row
from retold.web.demo import HOSTILE_STORY, STORY_ID, write_demo, write_hostile


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """The demo story plus a second (hostile) story, to check --story filtering."""
    if not SAMPLE.is_file():
        pytest.skip(f"sample page not found at {SAMPLE} (set RETOLD_SHARED)")
    path = tmp_path_factory.mktemp("export") / "store.duckdb"
    s = Store(path)
    write_demo(s, SAMPLE.read_text(encoding="utf-8"))
    write_hostile(s)
    yield s
    s.close()


def test_parquet_every_table_readable_by_pyarrow_and_duckdb(store, tmp_path):
    summary = export(store, "parquet", tmp_path / "pq")
    assert set(summary["rows"]) == {cls.TABLE for cls in ALL_TABLES}
    for cls in ALL_TABLES:
        table = pq.read_table(tmp_path / "pq" / f"{cls.TABLE}.parquet")
        assert table.schema.equals(arrow_schema(cls))
        assert table.num_rows == store.count(cls) == summary["rows"][cls.TABLE]
    arts = pq.read_table(tmp_path / "pq" / "articles.parquet").to_pylist()
    back = {a.id: a for a in (from_row(Article, r) for r in arts)}
    for original in store.query(Article):
        assert back[original.id] == original  # nested blocks/locations survive
    n = duckdb.sql(f"SELECT count(*) FROM read_parquet('{tmp_path}/pq/mutations.parquet') "
                   "WHERE type = 'caveat_dropped'").fetchall()[0][0]
    assert n == 1


def test_jsonl_rows_rebuild_the_records(store, tmp_path):
    export(store, "jsonl", tmp_path / "jl", story=STORY_ID)
    lines = (tmp_path / "jl" / "statements.jsonl").read_text(encoding="utf-8").splitlines()
    rebuilt = [Statement.from_dict(json.loads(line)) for line in lines]
    ids = set(select(store, STORY_ID).article_ids)
    expected = [s for s in store.query(Statement) if s.article_id in ids]
    assert sorted(rebuilt, key=lambda s: s.id) == sorted(expected, key=lambda s: s.id)
    assert rebuilt[0].channel is None or rebuilt[0].channel.name == "Newsweek"
    edges = (tmp_path / "jl" / "lineage_edges.jsonl").read_text().splitlines()
    assert len(edges) == 5 and all(json.loads(e)["story_id"] == STORY_ID for e in edges)
    assert (tmp_path / "jl" / "rejects.jsonl").read_text() == ""
    n = duckdb.sql(f"SELECT count(*) FROM read_json_auto('{tmp_path}/jl/statements.jsonl') "
                   "WHERE channel.name = 'Newsweek'").fetchall()[0][0]
    assert n == sum(1 for s in rebuilt if s.channel and s.channel.name == "Newsweek") > 0


@pytest.mark.parametrize("fmt,reader", [("gexf", nx.read_gexf), ("graphml", nx.read_graphml)])
def test_graph_formats_round_trip_through_networkx(store, tmp_path, fmt, reader):
    out = tmp_path / f"lineage.{fmt}"
    summary = export(store, fmt, out, story=STORY_ID)
    graph = reader(out)
    assert graph.number_of_nodes() == summary["nodes"] == 6
    assert graph.number_of_edges() == 5
    assert graph.nodes["external:Newsweek"]["external"] in (True, "true")
    kinds = {d["kind"] for _, _, d in graph.edges(data=True)}
    assert kinds == {"cites", "copy", "rewrite", "quotes-only", "partial"}
    muts = {d["mutations"] for _, _, d in graph.edges(data=True)}
    assert "caveat_dropped" in muts
    labels = {d["label"] for _, d in graph.nodes(data=True)}
    assert {"Financial Tribune", "Levant Wire", "Border Monitor", "Newsweek"} <= labels
    if fmt == "gexf":
        assert all("viz" in d and "position" in d["viz"] for _, d in graph.nodes(data=True))


def test_whole_store_graph_holds_both_stories(store, tmp_path):
    graph = nx.read_graphml(tmp_path / "x.graphml") if export(
        store, "graphml", tmp_path / "x.graphml") else None
    assert {d["story_id"] for _, _, d in graph.edges(data=True)} == {STORY_ID, HOSTILE_STORY}


def test_prov_json_round_trips_and_uses_prov_relations(store, tmp_path):
    out = tmp_path / "story.prov.json"
    export(store, "prov-json", out, story=STORY_ID)
    doc = ProvDocument.deserialize(source=str(out), format="json")
    assert doc == prov_document(select(store, STORY_ID))
    data = json.loads(out.read_text())
    assert len(data["entity"]) >= 6 and "ext:Newsweek" in data["entity"]
    agents = {v["prov:label"] for v in data["agent"].values()}
    assert {"Financial Tribune", "Newsweek", "Sherko Omer", "Polat Can"} <= agents
    # PROV-JSON writes wasQuotedFrom / wasRevisionOf as wasDerivedFrom + prov:type
    derived = list(data["wasDerivedFrom"].values())
    plain = [d for d in derived if "prov:type" not in d]
    quoted = [d for d in derived if d.get("prov:type", {}).get("$") == "prov:Quotation"]
    assert any(d["prov:usedEntity"] == "ext:Newsweek" for d in plain)  # FT from Newsweek
    assert any(q["prov:usedEntity"] == "ext:Newsweek" for q in quoted)  # Region Post quotes
    assert any(str(q["prov:usedEntity"]).startswith("stmt:") for q in quoted)
    assert len(plain) == 4 and len(quoted) == 1 + store.count(
        Statement, "list_contains(?, article_id)", [select(store, STORY_ID).article_ids])


def test_prov_types_are_qualified_names_and_values_keep_their_types(store):
    """A PROV reader gets prov:Person as a qualified name, not a string; an organisation
    that speaks is an Organization; times, ties and a hop's mutation types keep theirs."""
    from prov.model import PROV, ProvAgent, ProvEntity

    sel = select(store, STORY_ID)
    sel.speakers = [dataclasses.replace(sp, type="organisation") if sp.name == "Polat Can"
                    else sp for sp in sel.speakers]
    doc = ProvDocument.deserialize(content=prov_document(sel).serialize(format="json"),
                                   format="json")
    kinds = {str(a.get_attribute("prov:label").pop()): a.get_attribute("prov:type").pop()
             for a in doc.get_records(ProvAgent)}
    assert kinds["Sherko Omer"] == PROV["Person"] and kinds["Polat Can"] == PROV["Organization"]
    assert kinds["Financial Tribune"] == PROV["Organization"]
    published = [e.get_attribute("retold:published") for e in doc.get_records(ProvEntity)
                 if "art:" in str(e.identifier)]
    assert published and all(isinstance(p.pop(), datetime.datetime) for p in published if p)
    data = json.loads(prov_document(sel).serialize(format="json"))
    hops = list(data["wasDerivedFrom"].values())
    assert all(isinstance(h["retold:tie"], bool) for h in hops if "retold:tie" in h)
    by_hop: dict[tuple, set] = {}
    for m in sel.mutations:
        if not m.from_outside:
            by_hop.setdefault(("art:" + m.child, "art:" + m.parent), set()).add(m.type)
    seen = {(h["prov:generatedEntity"], h["prov:usedEntity"]):
            set([h["retold:mutation"]] if isinstance(h.get("retold:mutation"), str)
                else h.get("retold:mutation", [])) for h in hops}
    assert by_hop and all(seen[hop] == types for hop, types in by_hop.items())


def test_prov_revision_when_outlet_republishes_itself(store, tmp_path):
    sel = select(store, STORY_ID)
    child = next(e for e in sel.edges if e.parent and e.evidence.get("kind") == "copy")
    sel.articles[child.child].outlet = sel.articles[child.parent].outlet
    doc = json.loads(prov_document(sel).serialize(format="json"))
    types = [d.get("prov:type", {}).get("$") for d in doc["wasDerivedFrom"].values()]
    assert types.count("prov:Revision") == 1


def test_claimreview_claims_have_appearances_first_appearance_and_author(store, tmp_path):
    out = tmp_path / "claims.jsonld"
    export(store, "claimreview", out, story=STORY_ID)
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["@context"] == "https://schema.org"
    claims = doc["@graph"]
    assert claims and all(c["@type"] == "Claim" for c in claims)
    commanders = next(c for c in claims if "commanders told us" in c["text"])
    assert commanders["author"] == {"@type": "Person", "name": "Sherko Omer (pseudonym)"}
    dates = [a["datePublished"] for a in commanders["appearance"]]
    assert commanders["firstAppearance"]["datePublished"] == min(dates)
    assert commanders["firstAppearance"]["publisher"]["name"] == "Financial Tribune"
    assert "Border Monitor" in {a["publisher"]["name"] for a in commanders["appearance"]}
    assert "Newsweek" in commanders["description"] and "dropped by" in commanders["description"]


class _Assets(HTMLParser):
    def __init__(self):
        super().__init__()
        self.loads, self.scripts, self.nodes, self.meta_csp = [], 0, 0, ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.scripts += tag == "script"
        if tag in ("img", "link", "iframe", "source", "video", "audio") or \
                (a.get("src") and tag != "a"):
            self.loads.append((tag, a))
        if tag == "g" and (a.get("class") or "").split()[:1] == ["node"]:
            self.nodes += 1
        if tag == "meta" and a.get("http-equiv") == "Content-Security-Policy":
            self.meta_csp = a["content"]


def test_claimreview_calls_only_a_pseudonym_a_pseudonym(tmp_path):
    """An anonymous source ("a GAO official") is no alias: the author keeps its words."""
    if not SAMPLE.is_file():
        pytest.skip(f"sample page not found at {SAMPLE} (set RETOLD_SHARED)")
    s = Store(tmp_path / "anon.duckdb")
    write_demo(s, SAMPLE.read_text(encoding="utf-8"))
    from retold.records import Speaker
    s.upsert([dataclasses.replace(sp, pseudonym=False, anonymous=True)
              for sp in s.query(Speaker) if sp.name == "Sherko Omer"])
    export(s, "claimreview", tmp_path / "c.jsonld", story=STORY_ID)
    claims = json.loads((tmp_path / "c.jsonld").read_text(encoding="utf-8"))["@graph"]
    authors = {c["author"]["name"] for c in claims if "author" in c}
    assert "Sherko Omer" in authors and not any("pseudonym" in a for a in authors)
    s.close()


def test_html_report_is_self_contained(store, tmp_path):
    out = tmp_path / "report.html"
    export(store, "html", out, story=STORY_ID)
    html = out.read_text(encoding="utf-8")
    p = _Assets()
    p.feed(html)
    assert p.loads == [] and p.scripts == 0
    assert p.nodes == 6 and "default-src 'none'" in p.meta_csp
    assert "caveat dropped" in html and "Sherko Omer" in html and "<style>" in html
    assert "was not able to independently verify" in html


def test_hostile_story_report_stays_inert(store, tmp_path):
    out = tmp_path / "evil.html"
    export(store, "html", out, story=HOSTILE_STORY)
    p = _Assets()
    p.feed(out.read_text(encoding="utf-8"))
    assert p.scripts == 0 and p.loads == []


def test_export_errors_say_what_to_do(store, tmp_path):
    with pytest.raises(ExportError, match="choose one with --story"):
        export(store, "html", tmp_path / "r.html")
    with pytest.raises(ExportError, match="no story with id 'nope'"):
        export(store, "gexf", tmp_path / "g.gexf", story="nope")
    with pytest.raises(ExportError, match="unknown format 'xls'"):
        export(store, "xls", tmp_path / "x")
    (tmp_path / "file").write_text("x")
    with pytest.raises(ExportError, match="directory"):
        export(store, "parquet", tmp_path / "file")
    for fmt in ("gexf", "graphml", "prov-json", "claimreview", "html"):  # a file to a folder
        with pytest.raises(ExportError, match=f"{tmp_path}: is a directory; {fmt} writes one"):
            export(store, fmt, tmp_path, story=STORY_ID)


def test_cli_export_prints_summary_and_fails_cleanly(tmp_path):
    import retold.cli.export  # noqa: F401  (registers the command)
    from retold.cli import app

    if not SAMPLE.is_file():
        pytest.skip(f"sample page not found at {SAMPLE} (set RETOLD_SHARED)")
    db = str(tmp_path / "cli.duckdb")
    with Store(db) as s:
        write_demo(s, SAMPLE.read_text(encoding="utf-8"))
    runner = CliRunner()
    ok = runner.invoke(app, ["export", "--db", db, "--format", "graphml", "--story", STORY_ID,
                             "-o", str(tmp_path / "g.graphml")])
    assert ok.exit_code == 0, ok.output
    assert json.loads(ok.stdout)["edges"] == 5
    bad = runner.invoke(app, ["export", "--db", str(tmp_path / "missing.duckdb"), "--format",
                              "gexf", "-o", str(tmp_path / "x.gexf")])
    assert bad.exit_code == 2 and "store not found" in bad.output


def test_graph_export_marks_first_sources_without_fake_nodes(tmp_path):
    from retold.web.demo import CHAIN_STORY, write_chain

    s = Store(":memory:")
    write_chain(s)
    export(s, "graphml", tmp_path / "chain.graphml", story=CHAIN_STORY)
    graph = nx.read_graphml(tmp_path / "chain.graphml")
    assert graph.number_of_nodes() == 4 and graph.number_of_edges() == 4
    assert [d["label"] for _, d in graph.nodes(data=True) if d["origin"]] == ["Outlet A"]
    doc = json.loads(prov_document(select(s, CHAIN_STORY)).serialize(format="json"))
    assert len(doc["wasDerivedFrom"]) == 4  # the root marker is no derivation
    # a JSONL article names its outlet without a domain: Gephi still groups by outlet
    from retold.export.graphs import write_graph

    sel = select(s, CHAIN_STORY)
    for art in sel.articles.values():
        art.outlet = None
    write_graph(sel, tmp_path / "names.graphml", "graphml")
    outlets = {d["outlet"] for _, d in nx.read_graphml(tmp_path / "names.graphml").nodes(data=True)}
    assert outlets == {"Outlet A", "Outlet B", "Outlet C", "Outlet D"}


def test_claimreview_never_passes_on_script_urls(store, tmp_path):
    out = tmp_path / "evil.jsonld"
    export(store, "claimreview", out, story=HOSTILE_STORY)
    text = out.read_text(encoding="utf-8")
    doc = json.loads(text)
    assert doc["@graph"] and "javascript:" not in json.dumps(
        [a.get("url", "") for c in doc["@graph"] for a in c["appearance"]])


def test_selection_reads_links_among_the_story_by_kind_and_score(store):
    """An export shows a hop's reuse kind, never a link's spans: the selection reads the
    story's links with kind and score only, both ends in the story."""
    sel = select(store, STORY_ID)
    assert sel.links and all(lk.spans_a == [] and lk.spans_b == [] for lk in sel.links)
    ids = set(sel.article_ids)
    assert all(lk.a in ids and lk.b in ids for lk in sel.links)
    stored = {(r[0], r[1], r[2]) for r in store.execute(
        "SELECT a, b, kind FROM reuse_links WHERE list_contains(?, a) AND list_contains(?, b)",
        [sel.article_ids, sel.article_ids]).fetchall()}
    assert {(lk.a, lk.b, lk.kind) for lk in sel.links} == stored


@pytest.mark.parametrize("fmt,reader", [("gexf", nx.read_gexf), ("graphml", nx.read_graphml)])
def test_graph_labels_tell_the_pages_of_one_outlet_apart(tmp_path, fmt, reader):
    """A wire's archive labelled every node "Reuters" in Gephi: a page is now labelled as
    the web page names it (outlets.page_names), the outlet alone where it is its story's
    only page of that outlet; the ``outlet`` attribute stays the outlet, to group by."""
    from story_helpers import write_wire_story

    s = Store(":memory:")
    sid = write_wire_story(s)
    export(s, fmt, tmp_path / f"wire.{fmt}", story=sid)
    nodes = dict(reader(tmp_path / f"wire.{fmt}").nodes(data=True))
    assert {n: d["label"] for n, d in nodes.items()} == {
        "r1": "Reuters 1987-03-11 09:00", "r2": "Reuters 1987-03-11 10:30",
        "r3": "Reuters 1987-03-11 11:15", "h1": "The Herald", "r4": "Reuters 1987-03-11 15:40"}
    assert nodes["r1"]["outlet"] == "Reuters"


def test_report_claims_and_prov_tell_the_pages_of_one_outlet_apart(tmp_path):
    """The report's hops read "Reuters → Reuters" and a claim's caveat was "dropped by
    Reuters, The Herald"; PROV labels an article with its headline and its outlet is one
    agent, so it needed no change."""
    from story_helpers import write_wire_story

    s = Store(":memory:")
    sid = write_wire_story(s)
    export(s, "html", tmp_path / "wire.html", story=sid)
    html = (tmp_path / "wire.html").read_text(encoding="utf-8")
    assert "<h3>Reuters 1987-03-11 09:00 → Reuters 1987-03-11 11:15 <span" in html
    assert "<h3>Reuters 1987-03-11 10:30 → The Herald <span" in html
    export(s, "claimreview", tmp_path / "wire.jsonld", story=sid)
    claim = json.loads((tmp_path / "wire.jsonld").read_text(encoding="utf-8"))["@graph"][0]
    assert "dropped by Reuters 1987-03-11 11:15, The Herald" in claim["description"]
    assert {a["publisher"]["name"] for a in claim["appearance"]} == {"Reuters", "The Herald"}
    doc = json.loads(prov_document(select(s, sid)).serialize(format="json"))
    labels = [e["prov:label"] for e in doc["entity"].values() if "prov:label" in e]
    assert len(set(labels)) == len(labels) == 5  # the statements have none
    outlets = [a["prov:label"] for a in doc["agent"].values()
               if a["prov:type"]["$"] == "prov:Organization"]
    assert outlets == ["Reuters", "The Herald"]
