"""The generic DuckDB store: records round-trip, upserts replace by key, replaces are atomic."""
from __future__ import annotations

import duckdb
import pytest

from retold.records import Article, Block, Channel, Hedge, LineageEdge, Location, Statement
from retold.store import Store, arrow_schema, to_arrow


def _article(text: str, url: str) -> Article:
    blocks = [Block("paragraph", p) for p in text.split("\n\n")]
    return Article(
        id=Article.make_id(text), text=text, blocks=blocks, url=url, outlet="example.com",
        authors=["A. Writer"], locations=[Location(path="/x/page.txt", offset=0, url=url)],
    )


def test_article_round_trip_keeps_nested_records(tmp_path):
    art = _article("First paragraph.\n\nSecond paragraph.", "https://example.com/a")
    with Store(tmp_path / "s.duckdb") as store:
        store.upsert([art])
        back = store.get(Article, id=art.id)
    assert back == art
    assert isinstance(back.blocks[1], Block) and back.blocks[1].text == "Second paragraph."
    assert back.locations[0].path == "/x/page.txt"


def test_upsert_replaces_rows_with_the_same_key(tmp_path):
    art = _article("Body text here.", "https://example.com/a")
    with Store(tmp_path / "s.duckdb") as store:
        store.upsert([art])
        art.title = "New title"
        store.upsert([art])
        assert store.count(Article) == 1
        assert store.get(Article, id=art.id).title == "New title"


def test_nullable_key_columns_still_deduplicate(tmp_path):
    edge = LineageEdge(story_id="s1", child="b", parent=None, external="Newsweek", confidence=0.9)
    with Store(tmp_path / "s.duckdb") as store:
        store.upsert([edge])
        store.upsert([edge])
        assert store.count(LineageEdge) == 1


def test_replace_swaps_all_rows_of_an_article(tmp_path):
    def st(i: int, aid: str) -> Statement:
        return Statement(
            id=f"{aid}:q{i}", article_id=aid, kind="direct", content=[[0, 5]],
            channel=Channel(name="Newsweek", span=[10, 23]),
            hedges=[Hedge(type="unverified", cue="not able to verify", span=[30, 48])],
        )

    with Store(tmp_path / "s.duckdb") as store:
        store.upsert([st(1, "a"), st(2, "a"), st(1, "b")])
        store.replace(Statement, "article_id", ["a"], [st(3, "a")])
        ids = sorted(s.id for s in store.query(Statement))
        assert ids == ["a:q3", "b:q1"]
        got = store.get(Statement, id="a:q3")
        assert got.channel.name == "Newsweek" and got.hedges[0].type == "unverified"


def test_parameters_never_become_sql(tmp_path):
    with Store(tmp_path / "s.duckdb") as store:
        store.upsert([_article("Body.", "https://example.com/a")])
        hostile = "x'; DROP TABLE articles; --"
        assert store.query(Article, "title = ?", [hostile]) == []
        assert store.count(Article) == 1


def test_old_store_gains_new_columns_on_open(tmp_path):
    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    con.execute('CREATE TABLE articles (id VARCHAR, text VARCHAR)')
    con.execute("INSERT INTO articles VALUES ('x', 'hello')")
    con.close()
    with Store(path) as store:
        art = store.get(Article, id="x")
        assert art.text == "hello" and art.title is None and art.blocks == []


def test_arrow_shape_matches_declared_schema():
    tbl = to_arrow(Article, [_article("Body.", "u")])
    assert tbl.schema == arrow_schema(Article)


def test_unusable_store_file_names_the_file(tmp_path):
    bad = tmp_path / "not-a-db.duckdb"
    bad.write_bytes(b"this is not a duckdb file" * 100)
    from retold.store import StoreError

    with pytest.raises(StoreError, match="not-a-db.duckdb"):
        Store(bad)


def test_query_in_returns_matching_rows_in_insertion_order(tmp_path):
    arts = [_article(f"Paragraph number {k} of the page.", f"https://example.com/{k}")
            for k in range(30)]
    want = [arts[k].id for k in (17, 3, 5)]
    with Store(tmp_path / "s.duckdb") as store:
        store.upsert(arts)
        got = store.query_in(Article, "id", want + [want[0], "no-such-id"])
        assert [a.id for a in got] == [arts[k].id for k in (3, 5, 17)]
        assert got == store.query(Article, "list_contains(?, id)", [want])
        assert store.query_in(Article, "id", []) == []
        store.delete_in(Article.TABLE, "id", want)
        assert store.count(Article) == 27
        assert store.query_in(Article, "id", want) == []


def test_rows_hold_nested_records_as_the_json_of_their_dicts():
    """``to_row`` encodes nested values directly (records through ``default``); the text
    must be what encoding ``Record.to_dict`` gave, since stores and Parquet exports
    written before hold that text."""
    import json

    from retold.store import to_row

    st = Statement(id="a:q1", article_id="a", kind="direct", content=[[0, 5], [9, 12]],
                   channel=Channel(name="Newsweek", span=[20, 33]),
                   hedges=[Hedge(type="caveat", cue="could not verify", span=[40, 56]),
                           Hedge(type="hedge", cue="alleged", span=(60, 67))],
                   content_text="Ünïcode “quoted”")
    row = to_row(st)
    plain = st.to_dict()
    for name in ("content", "channel", "hedges"):
        assert row[name] == json.dumps(plain[name], ensure_ascii=False, separators=(",", ":"))
    assert json.loads(row["hedges"])[1]["span"] == [60, 67]  # a tuple, as a list
    assert row["content_text"] == "Ünïcode “quoted”" and row["speaker"] is None


def test_a_value_json_cannot_hold_names_its_type():
    from retold.store import to_row

    st = Statement(id="a:q1", article_id="a", kind="direct", content=[[0, 5]],
                   hedges=[{1, 2}])  # a set: no JSON for it
    with pytest.raises(TypeError, match="set is not JSON serialisable"):
        to_row(st)
