"""The web app over a hand-made store: pages, JSON API, and the security rules."""
from __future__ import annotations

import http.client
import re
import threading
import time
from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient

from conftest import SAMPLE
from retold.records import Article, Statement, Story
from retold.store import Store
from retold.web.app import create_app
from retold.web.demo import STORY_ID, write_demo, write_hostile


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    if not SAMPLE.is_file():
        pytest.skip(f"sample page not found at {SAMPLE} (set RETOLD_SHARED)")
    path = tmp_path_factory.mktemp("web") / "demo.duckdb"
    with Store(path) as store:
        write_demo(store, SAMPLE.read_text(encoding="utf-8"))
    return path


@pytest.fixture(scope="module")
def client(demo_db):
    with TestClient(create_app(demo_db, allowed_hosts={"testserver"})) as c:
        yield c


@pytest.fixture(scope="module")
def hostile():
    store = Store(":memory:")
    sid = write_hostile(store)
    with TestClient(create_app(store, allowed_hosts={"testserver"})) as c:
        yield c, sid, store


class _Scan(HTMLParser):
    """Collects what a browser could execute: scripts, on* handlers, javascript: URLs."""

    def __init__(self):
        super().__init__()
        self.scripts, self.handlers, self.js_urls, self.marks = [], [], [], []

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self.scripts.append(dict(attrs).get("src"))
        if tag == "mark":
            self.marks.append(dict(attrs))
        for name, value in attrs:
            if name.lower().startswith("on"):
                self.handlers.append((tag, name))
            if name in ("href", "src", "action") and value and \
                    value.strip().lower().startswith("javascript:"):
                self.js_urls.append(value)


def scan(html: str) -> _Scan:
    s = _Scan()
    s.feed(html)
    return s


# --------------------------------------------------------------------------- pages


def test_story_page_draws_every_node_and_edge(client):
    api = client.get(f"/api/stories/{STORY_ID}").json()
    html = client.get(f"/story/{STORY_ID}").text
    # 5 articles + the Newsweek origin outside the corpus
    nodes = len(re.findall(r'<g class="node[ "]', html))
    assert len(api["graph"]["nodes"]) == 6 and nodes == 6
    assert html.count('class="node external"') == 1 and "outside the corpus" in html
    assert html.count('<g class="edge kind-') == 5
    assert 'class="edge kind-copy"' in html and 'class="edge kind-quotes-only"' in html
    # the caveat dropped by Levant Wire, kept by Kurdish Daily; Border Monitor, copied from
    # Levant Wire, never had it to drop: lost upstream, by Levant Wire
    unverified = next(r for r in api["caveats"] if r["type"] == "unverified")
    status = {c["outlet"]: c["status"] for c in unverified["cells"]}
    assert status == {"Financial Tribune": "first", "Levant Wire": "dropped",
                      "Kurdish Daily": "kept", "Region Post": "missing",
                      "Border Monitor": "upstream"}
    assert unverified["dropped"] == ["Levant Wire"]
    assert unverified["cells"][-1]["dropped_by"] == "Levant Wire"
    assert html.count("DROPPED") >= 2 and "lost upstream" in html
    top = api["key_statements"][0]
    assert top["speaker"] == "Sherko Omer" and top["channel"] == "Newsweek"
    assert {h["type"] for h in top["hedges"]} >= {"unverified", "anonymous"}
    commanders = next(k for k in api["key_statements"] if "commanders told us" in k["text"])
    reworded = {ap["outlet"]: ap["reworded"] for ap in commanders["appearances"]}
    assert reworded == {"Financial Tribune": False, "Levant Wire": False,
                        "Kurdish Daily": False, "Border Monitor": True}  # IS -> Daesh
    lost = {ap["outlet"] for ap in commanders["appearances"] if not ap["channel"]}
    assert lost == {"Kurdish Daily"}  # 'told Newsweek' became 'said' there


def test_layout_puts_every_child_right_of_its_parent(client):
    graph = client.get(f"/api/stories/{STORY_ID}").json()["graph"]
    x = {n["id"]: n["x"] for n in graph["nodes"]}
    assert all(x[e["parent"]] < x[e["child"]] for e in graph["edges"])
    badges = [e for e in graph["edges"] if e["badge"]]
    assert any(e["alarming"] and "VD" in e["badge"] for e in badges)  # caveat dropped


def test_edge_page_locates_each_mutation_in_both_texts(client):
    api = client.get(f"/api/stories/{STORY_ID}").json()
    hop = next(e for e in api["edges"] if e["child_outlet"] == "Border Monitor")
    view = client.get(hop["href"].replace("/story/", "/api/stories/", 1)).json()
    swapped = next(m for m in view["mutations"] if m["type"] == "quote_entity_swapped")
    assert "IS commanders" in swapped["parent_text"] and "Daesh" in swapped["child_text"]
    html = client.get(hop["href"]).text
    marks = scan(html).marks
    ref = swapped["ref"]
    lit = [m for m in marks if ref in (m.get("data-refs") or "").split()]
    assert len(lit) >= 2  # once in the parent, once in the child
    assert any("shared" in m["class"] for m in marks)
    assert html.count('<li data-ref="m') == len(view["mutations"]) == 3


def test_edge_from_external_origin_shows_child_only(client):
    api = client.get(f"/api/stories/{STORY_ID}").json()
    hop = next(e for e in api["edges"] if e["child_outlet"] == "Region Post")
    r = client.get(hop["href"])
    assert r.status_code == 200 and "outside the corpus" in r.text
    assert "quote trimmed" in r.text


def test_article_page_highlights_statements_with_tooltips(client):
    api = client.get(f"/api/stories/{STORY_ID}").json()
    ft = api["articles"][0]
    assert ft["outlet"] == "Financial Tribune"
    html = client.get(f"/article/{ft['id']}").text
    marks = scan(html).marks
    assert any("stmt" in m["class"] and "speaker: Sherko Omer" in m.get("title", "")
               and "channel: Newsweek" in m.get("title", "") for m in marks)
    assert any("hedge" in m["class"] and "unverified" in m.get("title", "") for m in marks)
    assert f'href="/story/{STORY_ID}"' in html and "Levant Wire" in html  # story, related


def test_search_finds_articles_statements_speakers_with_filters(client):
    r = client.get("/api/search", params={"q": "Sherko"}).json()
    assert len(r["articles"]) == 5 and r["speakers"][0]["name"] == "Sherko Omer"
    assert all(s["statement"]["speaker"] == "Sherko Omer" for s in r["statements"])
    daesh = client.get("/api/search", params={"q": "daesh"}).json()
    assert [a["outlet_name"] for a in daesh["articles"]] == ["Border Monitor"]
    day = client.get("/api/search", params={"q": "Turkey", "date_from": "2014-11-09",
                                            "date_to": "2014-11-09"}).json()
    assert {a["outlet_name"] for a in day["articles"]} == {"Kurdish Daily", "Region Post"}
    outlet = client.get("/api/search", params={"q": "Turkey", "outlet": "levant"}).json()
    assert [a["outlet_name"] for a in outlet["articles"]] == ["Levant Wire"]
    assert client.get("/api/search", params={"q": "Turkey", "story": "nope"}).json()[
        "articles"] == []
    html = client.get("/search", params={"q": "Serekaniye"}).text
    assert "<mark>Serekaniye</mark>" in html


def test_like_wildcards_in_queries_are_literal(client):
    assert client.get("/api/search", params={"q": "%"}).json()["articles"] == []
    assert client.get("/api/search", params={"q": "_"}).json()["articles"] == []


def test_claim_trace_finds_earliest_origin_and_path(client):
    r = client.get("/api/trace", params={"q": "Daesh commanders told us to fear nothing"})
    t = r.json()
    outlets = [a["outlet"] for a in t["appearances"]]
    assert outlets[0] == "Financial Tribune" and "Border Monitor" in outlets
    assert t["origin"]["outlet"] == "Newsweek" and t["origin"]["external"]
    assert [p["outlet"] for p in t["path"]] == ["Newsweek", "Financial Tribune"]
    assert "Region Post" not in outlets  # never carried that quote
    # what the retellings did to the quote on the way (the CLI's changes_on_the_way)
    bm = next(a for a in t["appearances"] if a["outlet"] == "Border Monitor")
    assert [(c["type"], c["at_outlet"], c["detail"]) for c in bm["changes"]] == [
        ("quote_entity_swapped", "Border Monitor", "IS → Daesh inside Omer's quote")]
    assert t["appearances"][0]["changes"] == []
    page = client.get("/trace", params={"q": "Daesh commanders told us"}).text
    assert "Origin" in page and "Newsweek" in page
    assert "changes on the way" in page and "quote entity swapped</span> at Border Monitor" in page


def test_claim_trace_says_where_the_caveat_was_lost(client):
    """Levant Wire took Financial Tribune's page and dropped its verification caveat;
    Border Monitor, taken from Levant Wire, never had it: the trace names the hop, the
    typed change and the retelling after it, and links the hop's edge page."""
    t = client.get("/api/trace", params={"q": "was not able to independently verify"}).json()
    (lost,) = t["lost"]
    assert (lost["at_name"], lost["from_name"], lost["later_names"]) == (
        "Levant Wire", "Financial Tribune", ["Border Monitor"])
    assert [c["type"] for c in lost["changes"]] == ["caveat_dropped"]
    page = client.get("/trace", params={"q": "was not able to independently verify"}).text
    assert "Lost on the way" in page and "caveat dropped</span>" in page
    assert f"/story/{lost['story']}/edge?parent={lost['from']}&amp;child={lost['at']}" in page
    assert client.get("/api/trace", params={"q": "Daesh commanders told us to fear nothing"}
                      ).json()["lost"] == []


def test_unknown_ids_are_404_naming_the_id(client):
    r = client.get("/api/stories/no-such-story")
    assert r.status_code == 404 and "no-such-story" in r.json()["detail"]
    assert client.get("/article/deadbeef").status_code == 404
    r = client.get(f"/story/{STORY_ID}/edge", params={"parent": "a", "child": "b"})
    assert r.status_code == 404


def test_openapi_lists_the_api(client):
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/api/search", "/api/stories", "/api/stories/{story_id}",
            "/api/stories/{story_id}/edge", "/api/articles/{article_id}",
            "/api/trace"} <= set(paths)
    assert not any(p.startswith("/static") for p in paths)


# ------------------------------------------------------------------------ security


def test_security_headers_forbid_inline_script(client):
    r = client.get("/")
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "default-src 'none'" in csp and "frame-ancestors 'none'" in csp
    assert r.headers["x-content-type-options"] == "nosniff"
    assert scan(r.text).scripts == ["/static/app.js"]


def test_hostile_text_is_rendered_inert_everywhere(hostile):
    c, sid, store = hostile
    api = c.get(f"/api/stories/{sid}").json()
    a, b = api["articles"][0]["id"], api["articles"][1]["id"]
    urls = [f"/story/{sid}", f"/article/{a}", f"/article/{b}", api["edges"][1]["href"],
            "/search?q=minister", "/search?q=%3Cscript%3E", "/trace?q=minister+said", "/"]
    for url in urls:
        r = c.get(url)
        assert r.status_code == 200, url
        s = scan(r.text)
        assert s.scripts == ["/static/app.js"], url
        assert s.handlers == [] and s.js_urls == [], url
        assert "&lt;" in r.text or url == "/", url  # the payloads are shown, as text


def test_sql_injection_in_search_is_only_a_parameter(hostile):
    c, sid, store = hostile
    before = store.count(Article)
    for q in ["'; DROP TABLE articles; --", "' OR 1=1 --", "\\'; DELETE FROM statements; --"]:
        r = c.get("/api/search", params={"q": q, "outlet": q, "story": q})
        assert r.status_code == 200 and r.json()["articles"] == []
        r = c.get("/api/search", params={"q": q, "date_from": q})  # no date: said so
        assert r.status_code == 422 and "is not a date" in r.json()["detail"]
        assert c.get("/api/trace", params={"q": q}).status_code == 200
    assert store.count(Article) == before and store.count(Statement) == 2


def test_static_refuses_paths_outside_assets(demo_db):
    """Raw requests (no client-side normalisation) against a real server."""
    import socket

    import uvicorn

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    server = uvicorn.Server(uvicorn.Config(create_app(demo_db), host="127.0.0.1", port=port,
                                           log_level="error"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        for _ in range(200):
            if server.started:
                break
            time.sleep(0.02)
        for path in ["/static/../../../../etc/passwd", "/static/..%2f..%2f..%2fetc%2fpasswd",
                     "/static/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
                     "/static/../app.py", "/static/..%2fapp.py", "/static//etc/passwd"]:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", path)
            resp = conn.getresponse()
            body = resp.read()
            assert resp.status in (400, 404), path
            assert b"root:" not in body and b"create_app" not in body, path
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        conn.request("GET", "/static/app.js")
        assert conn.getresponse().status == 200
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        conn.request("GET", "/", headers={"Host": "evil.example"})
        assert conn.getresponse().status == 421  # DNS rebinding refused
    finally:
        server.should_exit = True
        thread.join(timeout=5)


def test_missing_store_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="nope.duckdb"):
        create_app(tmp_path / "nope.duckdb")


def test_empty_store_serves_empty_pages(tmp_path):
    path = tmp_path / "empty.duckdb"
    Store(path).close()
    with TestClient(create_app(path, allowed_hosts={"testserver"})) as c:
        home = c.get("/").text
        assert "No stories in this store yet" in home and "0 articles" in home
        assert c.get("/api/search", params={"q": "x"}).json()["articles"] == []
        assert c.get("/api/trace", params={"q": "anything"}).json()["appearances"] == []


def test_in_corpus_origin_and_ties():
    from retold.web.demo import CHAIN_STORY, write_chain

    store = Store(":memory:")
    write_chain(store)
    with TestClient(create_app(store, allowed_hosts={"testserver"})) as c:
        view = c.get(f"/api/stories/{CHAIN_STORY}").json()
        nodes = view["graph"]["nodes"]
        assert len(nodes) == 4 and not any(n["external"] for n in nodes)  # no "unknown" node
        assert [n["label"] for n in nodes if n["origin"]] == ["Outlet A"]
        assert len(view["edges"]) == 4 and view["externals"] == []
        kinds = {e["child_outlet"]: e["kind"] for e in view["edges"] if not e["tie"]}
        assert kinds == {"Outlet B": "copy", "Outlet C": "rewrite"}  # from evidence.reuse
        ties = [e for e in view["graph"]["edges"] if e["tie"]]
        assert len(ties) == 2 and {e["child"] for e in ties} == {nodes[-1]["id"]}
        html = c.get(f"/story/{CHAIN_STORY}").text
        assert html.count('stroke-dasharray="2 4"') == 2 and 'class="node origin"' in html
        t = c.get("/api/trace", params={"q": "raised its key rate by half a point"}).json()
        assert {k: t["origin"][k] for k in ("id", "outlet", "external")} == {
            "id": nodes[0]["id"], "outlet": "Outlet A", "external": False}
        d = next(h for h in t["appearances"] if h["outlet"] == "Outlet C")
        assert [p["outlet"] for p in d["path"]] == ["Outlet A", "Outlet B", "Outlet C"]
        assert len(t["appearances"]) == 4 and t["earliest"]["outlet"] == "Outlet A"


def test_foreign_host_header_is_refused_and_serve_cli_fails_cleanly(tmp_path):
    store = Store(":memory:")
    with TestClient(create_app(store)) as c:  # TestClient sends Host: testserver
        r = c.get("/")
        assert r.status_code == 421 and "testserver" in r.text
        assert r.headers["content-security-policy"]
    from typer.testing import CliRunner

    import retold.cli.serve  # noqa: F401  (registers the command)
    from retold.cli import app

    result = CliRunner().invoke(app, ["serve", "--db", str(tmp_path / "missing.duckdb")])
    assert result.exit_code == 2 and "store not found" in result.output


def test_trace_with_the_lineage_engine_agrees_on_origin_and_path(client):
    pytest.importorskip("retold.lineage.search")
    q = "IS and Turkey cooperate together on the ground"
    web = client.get("/api/trace", params={"q": q}).json()
    lineage = client.get("/api/trace", params={"q": q, "engine": "lineage"}).json()
    assert lineage["engine"] == "lineage" and lineage["appearances"]
    assert lineage["earliest"]["outlet"] == web["earliest"]["outlet"] == "Financial Tribune"
    assert lineage["origin"]["outlet"] == "Newsweek" and lineage["path"] == web["path"]
    assert client.get("/api/trace", params={"q": q, "engine": "nope"}).status_code == 422
    page = client.get("/trace", params={"q": q, "engine": "lineage"}).text
    assert "Newsweek → Financial Tribune" in page


def test_a_corrupt_row_is_skipped_not_a_dead_page(caplog):
    from retold.web.demo import CHAIN_STORY, write_chain

    store = Store(":memory:")
    write_chain(store)
    store.execute("UPDATE lineage_edges SET evidence = '{not json' WHERE tie")
    with TestClient(create_app(store, allowed_hosts={"testserver"})) as c:
        r = c.get(f"/api/stories/{CHAIN_STORY}")
    assert r.status_code == 200 and len(r.json()["edges"]) == 2  # the two tie rows skipped
    assert "skipped a lineage_edges row" in caplog.text and "story_id='chain-story'" in caplog.text


def test_edge_page_names_the_next_likeliest_parent_when_unsure():
    if not SAMPLE.is_file():
        pytest.skip(f"sample page not found at {SAMPLE} (set RETOLD_SHARED)")
    from retold.records import LineageEdge

    store = Store(":memory:")
    write_demo(store, SAMPLE.read_text(encoding="utf-8"))
    outlet = {a.id: a.outlet_name for a in store.query(Article)}
    ft = next(i for i, o in outlet.items() if o == "Financial Tribune")
    hop = next(e for e in store.query(LineageEdge) if outlet[e.child] == "Border Monitor")
    # the lineage stage unsure between the Levant copy and the Financial Tribune page
    store.upsert([LineageEdge(story_id=hop.story_id, child=hop.child, parent=hop.parent,
                              confidence=0.55, evidence={"alternatives": [
                                  [hop.parent, 31.0, 0.55], [ft, 33.0, 0.37], [None, 420.0, 0.0]]})])
    with TestClient(create_app(store, allowed_hosts={"testserver"})) as c:
        params = {"parent": hop.parent, "child": hop.child}
        view = c.get(f"/api/stories/{STORY_ID}/edge", params=params).json()
        assert view["runner_up"] == {"id": ft, "probability": 0.37, "outlet": "Financial Tribune"}
        html = c.get(f"/story/{STORY_ID}/edge", params=params).text
        assert "next likeliest parent" in html and f'href="/article/{ft}"' in html
        assert "outside the corpus (cost 420.0, probability 0.00)" in html
        # a sure edge names no other parent
        store.upsert([LineageEdge(story_id=hop.story_id, child=hop.child, parent=hop.parent,
                                  confidence=0.9, evidence={"alternatives": [
                                      [hop.parent, 31.0, 0.9], [ft, 80.0, 0.1]]})])
        assert c.get(f"/api/stories/{STORY_ID}/edge", params=params).json()["runner_up"] is None


def test_story_page_reads_each_hops_links_by_pair():
    """A hop's kind: the lineage stage's word, else the strongest link between its two
    articles (not one elsewhere in the story), "cites" from outside the corpus. Links are
    read by pair with their kind and score only (a syndicated story has one per pair)."""
    from retold.records import LineageEdge, ReuseLink, Story
    from retold.web.views import Corpus

    store = Store(":memory:")
    arts = [Article(id=i, text=f"Body of {i}, long enough to be a page of its own.",
                    outlet_name=o, published=f"2024-03-05T{h:02d}:00:00Z", title="Rates")
            for i, o, h in (("x", "Daily Post", 9), ("y", "The Herald", 10),
                            ("z", "Evening Times", 11), ("w", "Metro", 12))]
    store.upsert(arts)
    store.upsert([Story(id="s", article_ids=["x", "y", "z"], size=3)])
    store.upsert([LineageEdge(story_id="s", child="x", parent=None, external="Newsweek"),
                  LineageEdge(story_id="s", child="y", parent="x"),
                  LineageEdge(story_id="s", child="z", parent="x",
                              evidence={"reuse": {"kind": "rewrite", "score": 0.7}})])
    store.upsert([ReuseLink(a="x", b="y", kind="partial", score=0.8, spans_a=[[0, 9]]),
                  ReuseLink(a="y", b="x", kind="copy", score=0.95),
                  ReuseLink(a="z", b="w", kind="copy", score=0.99)])  # w: another story
    corpus = Corpus(store)
    pairs = corpus.link_kinds_between(["x", "y", "z"])
    assert set(pairs) == {frozenset("xy")}
    assert sorted((lk.kind, lk.spans_a) for lk in pairs[frozenset("xy")]) == [
        ("copy", []), ("partial", [])]
    kinds = {e["child"]: e["kind"] for e in corpus.story_view("s")["edges"]}
    assert kinds == {"x": "cites", "y": "copy", "z": "rewrite"}


def test_large_stores_page_through_stories_and_results():
    """Every story and article can be reached by clicking: the home page listed the
    first 50 stories and the first 50 results with no way on."""
    import re

    store = Store(":memory:")
    arts = [Article(id=f"a{i:03d}", text=f"Harbour news item {i}: the dredging plan.",
                    title=f"Harbour item {i}", outlet="harbour.example",
                    published=f"2024-01-{1 + i % 28:02d}") for i in range(60)]
    store.upsert(arts)
    store.upsert([Story(id=f"s{i:03d}", article_ids=[f"a{i:03d}"], label=f"Harbour item {i}",
                        size=100 - i) for i in range(60)])
    with TestClient(create_app(store, allowed_hosts={"testserver"})) as c:
        home = c.get("/").text
        assert "1–50 of 60" in home and home.count('href="/story/') == 50
        more = re.search(r'href="([^"]+)" rel="next">more stories', home).group(1)
        rest = c.get(more.replace("&amp;", "&")).text
        assert "51–60 of 60" in rest and 'href="/story/s059"' in rest and 'start="51"' in rest
        first = c.get("/search", params={"q": "harbour"}).text
        assert "Articles (1–50 of 60)" in first
        nxt = re.search(r'href="([^"]+)" rel="next">more results', first).group(1)
        second = c.get(nxt.replace("&amp;", "&")).text
        assert "Articles (51–60 of 60)" in second and "more results" not in second
        api = c.get("/api/search", params={"q": "harbour", "limit": 25, "offset": 50}).json()
        assert api["total_articles"] == 60 and len(api["articles"]) == 10
        assert [s["id"] for s in c.get("/api/stories", params={"offset": 58}).json()] == [
            "s058", "s059"]
        big = c.get("/api/stories", params={"min_size": 95, "limit": 2})
        assert big.headers["x-total-count"] == "6" and [s["size"] for s in big.json()] == [100, 99]
        assert c.get("/api/stories").headers["x-total-count"] == "60"
        # dates in any common spelling, and a clear answer for one that is no date
        spelled = c.get("/api/search", params={"q": "harbour", "date_from": "January 28, 2024",
                                               "limit": 500}).json()
        assert {a["published"] for a in spelled["articles"]} == {"2024-01-28"}
        r = c.get("/search", params={"q": "harbour", "date_from": "junk"})
        assert r.status_code == 400 and "date_from=&#39;junk&#39; is not a date" in r.text
        assert c.get("/api/search", params={"q": "x", "date_to": "2024-02-30"}).status_code == 422
        # a page that is not there is an HTML page; the API answers JSON
        r = c.get("/no/such/page")
        assert r.status_code == 404 and "text/html" in r.headers["content-type"]
        assert c.get("/api/nothing").json() == {"detail": "Not Found"}
        # a claim too short to trace is said to be, not scanned over every page
        t = c.get("/api/trace", params={"q": "the", "engine": "lineage"}).json()
        assert t["appearances"] == [] and "five letters" in t["hint"]
        t = c.get("/api/trace", params={"q": "Harbour news item 7: the dredging plan",
                                        "engine": "lineage", "limit": 5}).json()
        assert len(t["appearances"]) == 5 and t["truncated"] == 60


def test_a_tie_names_its_rival_on_both_hops():
    """The page said "tie: another parent is as likely" beside the lower of two
    confidences; now it names the candidate the text fits as well, with its confidence,
    and on the rival's hop says which parent was kept and carries the mutations."""
    from retold.web.demo import CHAIN_STORY, write_chain

    store = Store(":memory:")
    write_chain(store)
    with TestClient(create_app(store, allowed_hosts={"testserver"})) as c:
        view = c.get(f"/api/stories/{CHAIN_STORY}").json()
        tied = [e for e in view["edges"] if e["tie"]]
        assert len(tied) == 2
        notes = [c.get(f"/api/stories/{CHAIN_STORY}/edge",
                       params={"parent": e["parent"], "child": e["child"]}).json()["tie"]
                 for e in tied]
        assert [len(n["others"]) for n in notes] == [1, 1]
        assert {n["others"][0]["outlet"] for n in notes} == {"Outlet A", "Outlet B"}
        html = c.get(f"/story/{CHAIN_STORY}/edge", params={
            "parent": tied[0]["parent"], "child": tied[0]["child"]}).text
        assert "tie on the text" in html and "as likely" not in html
        assert f'href="?parent={tied[1]["parent"]}' in html  # to the rival's hop
    # a traced story: the rival's hop says which parent was kept
    from retold.web.views import _tie_note
    from retold.records import LineageEdge

    kept = LineageEdge(story_id="s", child="c", parent="o", confidence=0.69, tie=True)
    rival = LineageEdge(story_id="s", child="c", parent="a", confidence=0.31, tie=True,
                        evidence={"tie_with": "o"})
    names = {"o": "Origin Wire", "a": "A Daily"}  # the story's page names
    assert _tie_note(kept, [kept, rival], names)["kept"] is True
    note = _tie_note(rival, [kept, rival], names)
    assert note["kept"] is False and note["others"][0]["outlet"] == "Origin Wire"
    assert note["others"][0]["probability"] == 0.69


def test_head_requests_and_id_prefixes(client):
    """`curl -I` got 405 on every page; an id prefix `retold show` takes was a 404."""
    r = client.head(f"/story/{STORY_ID}")
    assert r.status_code == 200 and r.content == b"" and "text/html" in r.headers["content-type"]
    assert client.head("/no/such/page").status_code == 404
    aid = client.get("/api/search", params={"q": "Sherko"}).json()["articles"][0]["id"]
    r = client.get(f"/article/{aid[:8]}", follow_redirects=False)
    assert r.status_code == 307 and r.headers["location"] == f"/article/{aid}"
    assert client.get(f"/api/articles/{aid[:8]}").json()["article"]["id"] == aid
    assert client.get("/api/articles/ab").status_code == 404  # too short to mean one


def test_undated_pages_spread_on_the_timeline():
    """All undated pages sat at one x, their outlet names printed over each other."""
    from retold.web.summaries import timeline

    arts = [Article(id=f"u{i}", text=".", outlet_name=f"Outlet {i}") for i in range(4)]
    dated = [Article(id="d0", text=".", outlet_name="Dated A", published="2024-01-01T10:00"),
             Article(id="d1", text=".", outlet_name="Dated B", published="2024-01-02T10:00")]
    for ordered in (arts, dated + arts):
        tl = timeline(ordered, [])
        xs = [p["x"] for p in tl["points"]]
        assert len(set(xs)) == len(xs)  # no two pages on one spot
        assert all(tl["margin"] <= x <= tl["width"] - tl["margin"] for x in xs)
        undated = [p["x"] for p in tl["points"] if p["undated"]]
        assert len(undated) == 4 and all(x > max([p["x"] for p in tl["points"]
                                                  if not p["undated"]] or [0]) for x in undated)


@pytest.fixture(scope="module")
def wire():
    """A TestClient over the one-wire story (:func:`story_helpers.wire_story_records`)."""
    from story_helpers import write_wire_story

    store = Store(":memory:")
    sid = write_wire_story(store)
    with TestClient(create_app(store, allowed_hosts={"testserver"})) as c:
        yield c, sid


def test_a_one_outlet_story_names_each_page_apart(wire):
    """Every page of a wire's archive is "Reuters": the timeline's "taken from", the graph's
    nodes and the edge page's header said "Reuters → Reuters". A repeated outlet now
    carries the page's time (outlets.page_names); one page of its outlet keeps its name."""
    c, sid = wire
    view = c.get(f"/api/stories/{sid}").json()
    taken_from = {p["id"]: p["from"] for p in view["timeline"]["points"]}
    assert taken_from == {"r1": None, "r2": "Reuters 1987-03-11 09:00",
                          "r3": "Reuters 1987-03-11 09:00", "h1": "Reuters 1987-03-11 10:30",
                          "r4": None}
    labels = {n["id"]: n["label"] for n in view["graph"]["nodes"]}
    assert labels == {"r1": "Reuters 1987-03-11 09:00", "r2": "Reuters 1987-03-11 10:30",
                      "r3": "Reuters 1987-03-11 11:15", "h1": "The Herald",
                      "r4": "Reuters 1987-03-11 15:40"}
    hop = next(e for e in view["edges"] if e["child"] == "h1")
    assert (hop["parent_outlet"], hop["parent_name"]) == ("Reuters", "Reuters 1987-03-11 10:30")
    html = c.get(f"/story/{sid}").text
    assert _taken_from(html, "Rates up again") == "Reuters 1987-03-11 10:30"
    assert _taken_from(html, "CORRECTED - Bank of England raises rates").startswith(
        "Reuters 1987-03-11 09:00 <span")
    edge = c.get(f"/story/{sid}/edge", params={"parent": "r1", "child": "r3"}).text
    assert "<h1>Reuters 1987-03-11 09:00 → Reuters 1987-03-11 11:15 <span" in edge
    assert "Reuters 1987-03-11 10:30</a> 0.45" in edge  # the runner-up, told apart too
    edge = c.get(f"/story/{sid}/edge", params={"parent": "r2", "child": "h1"}).text
    assert "<h1>Reuters 1987-03-11 10:30 → The Herald <span" in edge


def test_the_timeline_gives_an_origin_its_confidence_and_runner_up(wire):
    """The page's hops are the edges with a parent, so an origin in the corpus had no
    confidence on the timeline even when lineage found another page nearly as likely its
    source; `retold story` prints both ("conf 0.51 or Reuters … 0.49"), and so does the page."""
    c, sid = wire
    points = {p["id"]: p for p in c.get(f"/api/stories/{sid}").json()["timeline"]["points"]}
    assert points["r4"]["origin"] and points["r4"]["from"] is None
    assert (points["r4"]["confidence"], points["r4"]["or_else"]) == (0.51, "Reuters 1987-03-11 09:00")
    assert (points["r1"]["confidence"], points["r1"]["or_else"]) == (1.0, None)
    html = c.get(f"/story/{sid}").text
    cell = _taken_from(html, "Sterling firms as the Bank tightens")
    assert cell.startswith("none in the corpus <span") and \
        "51%, else Reuters 1987-03-11 09:00" in cell
    assert _taken_from(html, "Bank of England raises rates") == "—"  # sure: as before


def test_key_statements_and_caveats_name_the_pages_of_one_outlet_apart(wire):
    """"carried by Reuters, Reuters, Reuters" and a caveat table whose columns all read
    "Reuters" said nothing of which page kept or dropped the caveat."""
    c, sid = wire
    view = c.get(f"/api/stories/{sid}").json()
    said = view["key_statements"][0]
    assert said["first"] == "Reuters 1987-03-11 09:00"
    assert [ap["outlet"] for ap in said["appearances"]] == [
        "Reuters 1987-03-11 09:00", "Reuters 1987-03-11 10:30", "Reuters 1987-03-11 11:15",
        "The Herald"]
    caveat = view["caveats"][0]
    assert caveat["dropped"] == ["Reuters 1987-03-11 11:15", "The Herald"]
    html = c.get(f"/story/{sid}").text
    assert "<th>Reuters 1987-03-11 09:00</th><th>Reuters 1987-03-11 10:30</th>" in html


def test_a_claim_traced_through_one_wire_names_its_pages_apart(wire):
    """The trace page's paths read "Reuters → Reuters → The Herald"."""
    c, _ = wire
    q = "Bank of England raised its main interest rate"
    view = c.get("/api/trace", params={"q": q}).json()
    herald = next(h for h in view["appearances"] if h["id"] == "h1")
    assert [p["name"] for p in herald["path"]] == [
        "Reuters 1987-03-11 09:00", "Reuters 1987-03-11 10:30", "The Herald"]
    assert [p["outlet"] for p in herald["path"]] == ["Reuters", "Reuters", "The Herald"]
    page = c.get("/trace", params={"q": q}).text
    assert "Reuters 1987-03-11 09:00 → Reuters 1987-03-11 10:30 → The Herald" in page
    assert "Origin: <b>Reuters 1987-03-11 09:00</b>" in page


def _taken_from(html: str, headline: str) -> str:
    """The story page's "taken from" cell in the timeline row of ``headline``."""
    return re.search(rf"<td>{re.escape(headline)}</td>\s*<td>(.*?)</td>", html, re.S)[1]


def test_a_story_of_distinct_outlets_names_pages_by_outlet_alone(client):
    """The common case reads as before: one page per outlet, the outlet is the name."""
    view = client.get(f"/api/stories/{STORY_ID}").json()
    outlets = {a["outlet"] for a in view["articles"]} | set(view["externals"])
    assert {n["label"] for n in view["graph"]["nodes"]} == outlets
    assert {p["from"] for p in view["timeline"]["points"]} - {None} <= outlets
    assert {ap["outlet"] for k in view["key_statements"] for ap in k["appearances"]} <= outlets
    assert {c["outlet"] for row in view["caveats"] for c in row["cells"]} <= outlets
    hop = view["edges"][0]
    edge = client.get(f"/story/{STORY_ID}/edge",
                      params={"parent": hop["parent"], "child": hop["child"]}).text
    assert f"<h1>{hop['parent_outlet']} → {hop['child_outlet']} <span" in edge
