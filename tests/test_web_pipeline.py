"""The UI over what the real pipeline stores (not hand-made records).

The demo story's five articles go through ``retold.ingest`` and ``retold.pipeline.analyze``
(statements, reuse, stories, lineage, mutations), then every page and API answer of the
resulting story must render. Skipped until every stage's ``update`` exists.
"""
from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from conftest import SAMPLE
from retold.records import Article, Story
from retold.store import Store
from retold.web.app import create_app
from retold.web.demo import write_jsonl

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def pipeline_store(tmp_path_factory):
    if not SAMPLE.is_file():
        pytest.skip(f"sample page not found at {SAMPLE} (set RETOLD_SHARED)")
    import retold.lineage

    if not hasattr(retold.lineage, "update"):
        pytest.skip("retold.lineage.update does not exist yet: the pipeline is not complete")
    from retold.ingest.store import ingest
    from retold.pipeline import analyze

    tmp = tmp_path_factory.mktemp("pipeline")
    src = tmp / "story.jsonl"
    assert write_jsonl(SAMPLE.read_text(encoding="utf-8"), src) == 5
    store = Store(tmp / "pipeline.duckdb")
    ingest(store, [src])
    analyze(store)
    yield store
    store.close()


def test_every_page_of_the_pipeline_story_renders(pipeline_store):
    store = pipeline_store
    assert store.count(Article) == 5
    stories = store.query(Story, order="size DESC")
    # all five: Region Post shares only a seven-word quotation, but it is Sherko Omer's
    # and both pages say he spoke to Newsweek
    assert stories and stories[0].size == 5
    with TestClient(create_app(store, allowed_hosts={"testserver"})) as c:
        view = c.get(f"/api/stories/{stories[0].id}").json()
        html = c.get(f"/story/{stories[0].id}").text
        nodes = view["graph"]["nodes"]
        assert len([n for n in nodes if not n["external"]]) == stories[0].size
        assert html.count('<g class="edge kind-') == len(view["graph"]["edges"]) >= 2
        for edge in view["edges"]:
            assert c.get(edge["href"]).status_code == 200, edge
        for art in view["articles"]:
            page = c.get(f"/article/{art['id']}")
            assert page.status_code == 200 and 'class="stmt' in page.text
        assert c.get("/api/search", params={"q": "Sherko Omer"}).json()["speakers"]
        trace = c.get("/api/trace", params={"q": "IS commanders told us to fear nothing"})
        assert trace.json()["earliest"]["outlet"] == "Financial Tribune"


def test_the_timeline_says_how_sure_each_parent_is_and_what_else_it_could_be(pipeline_store):
    """Levant Wire is Financial Tribune's text without the caveat: a copy of Financial
    Tribune, or a second copy of Newsweek's own. The timeline says which is likelier, how
    likely, and names the other; the caveat it lacks is "missing", not "—"."""
    story = pipeline_store.query(Story, order="size DESC")[0]
    with TestClient(create_app(pipeline_store, allowed_hosts={"testserver"})) as c:
        view = c.get(f"/api/stories/{story.id}").json()
        html = c.get(f"/story/{story.id}").text
    levant = next(p for p in view["timeline"]["points"] if p["outlet"] == "Levant Wire")
    assert 0.0 < levant["confidence"] < 0.9
    assert {levant["from"], levant["or_else"]} == {"Newsweek", "Financial Tribune"}
    assert f'{round(levant["confidence"] * 100)}%, else {levant["or_else"]}' in html
    unverified = next(r for r in view["caveats"] if r["type"] == "unverified")
    cell = next(x for x in unverified["cells"] if x["outlet"] == "Levant Wire")
    assert cell["status"] == "missing"  # from Newsweek (likelier): a drop no text proves
    # typed against Newsweek as its copies tell it: a lead, shown apart
    assert levant["from"] == "Newsweek"
    assert "caveat_dropped" in levant["inferred"] and not levant["mutations"]
    assert "caveat dropped?</span>" in html


@pytest.fixture(scope="module")
def acceptance_store(tmp_path_factory):
    from conftest import FIXTURES

    src = FIXTURES / "story" / "articles.jsonl"
    if not src.is_file():
        pytest.skip(f"the lineage acceptance story {src} is absent")
    import retold.lineage

    if not hasattr(retold.lineage, "update"):
        pytest.skip("retold.lineage.update does not exist yet: the pipeline is not complete")
    from retold.ingest.store import ingest
    from retold.pipeline import analyze

    store = Store(tmp_path_factory.mktemp("accept") / "accept.duckdb")
    ingest(store, [src])
    analyze(store)
    yield store
    store.close()


def test_ui_shows_every_stored_mutation_of_the_acceptance_story(acceptance_store):
    from retold.records import Mutation

    store = acceptance_store
    story = store.query(Story, order="size DESC", limit=1)[0]
    with TestClient(create_app(store, allowed_hosts={"testserver"})) as c:
        view = c.get(f"/api/stories/{story.id}").json()
        assert len([n for n in view["graph"]["nodes"] if not n["external"]]) == story.size
        for edge in view["edges"]:
            stored = store.count(Mutation, "story_id = ? AND child = ? AND parent = ?",
                                 [story.id, edge["child"], edge["parent"]])
            hop = c.get(edge["href"].replace("/story/", "/api/stories/", 1)).json()
            # a hop from outside the corpus: typed against the source as its copies tell
            # it, listed on its page, kept apart from the graph's alarms
            assert len(hop["mutations"]) == len(edge["mutations"]) + len(edge["inferred"]) \
                == stored
            assert not (edge["mutations"] and edge["inferred"])
            assert not edge["inferred"] or edge["parent"].startswith("external:")
            html = c.get(edge["href"]).text
            assert html.count('<li data-ref="m') == stored
        dropped = {m.child for m in store.query(Mutation, "story_id = ? AND type = ?",
                                                [story.id, "caveat_dropped"])
                   if not m.parent.startswith("external:")}
        cells = {cell["article_id"]: cell["status"] for row in view["caveats"]
                 for cell in row["cells"] if cell["status"] == "dropped"}
        assert dropped <= set(cells)


def test_the_claim_trace_says_how_each_appearance_differs_from_the_earliest(pipeline_store):
    with TestClient(create_app(pipeline_store, allowed_hosts={"testserver"})) as c:
        api = c.get("/api/trace", params={"q": "IS and Turkey cooperate together on the ground",
                                          "engine": "lineage"}).json()
        html = c.get("/trace", params={"q": "IS and Turkey cooperate together on the ground",
                                       "engine": "lineage"}).text
    variant = {h["outlet"]: h["variant"] for h in api["appearances"]}
    # Region Post came from outside the corpus: no hop's mutations, yet the trim shows
    assert variant["Region Post"] == "trimmed" and variant["Financial Tribune"] is None
    assert "trimmed against the earliest" in html
