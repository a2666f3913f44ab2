"""The reuse CLI: evaluation interface (no store), ``stories`` and ``related`` on a store."""
from __future__ import annotations

import json

from typer.testing import CliRunner

from retold.cli import _register, app

_register()

PARAS = [
    "Bahia Cocoa Harvest Outlook Improves After Rains",
    "Showers continued throughout the week in the Bahia cocoa zone, alleviating the drought "
    "since early January and improving prospects for the coming temporao harvest.",
    "\u201cArrivals for the week were well above what the trade had expected for this stage "
    "of the season,\u201d said a spokesman for the Comissaria Smith export house.",
    "Spot bean prices rose to 340 to 350 cruzados per arroba of 15 kilos, while shippers "
    "were reluctant to offer nearby shipment and only limited sales were booked.",
]
OTHER = ("The central bank kept its benchmark interest rate unchanged on Thursday, saying "
         "that inflation remained stubbornly above its target despite a slowing economy.")


def _write(path, rows):
    path.write_text("".join(json.dumps(r) + "\n" for r in rows) + "not json\n",
                    encoding="utf-8")


def test_reuse_writes_links_stories_and_scores(tmp_path):
    arts = [{"id": "o", "text": "\n\n".join(PARAS), "title": PARAS[0]},
            {"id": "c", "text": "\n\n".join(["Rains Lift Cocoa"] + PARAS[1:3])},
            {"id": "x", "text": OTHER}, {"id": "e", "text": ""}]
    inp, out, st = tmp_path / "a.jsonl", tmp_path / "l.jsonl", tmp_path / "s.jsonl"
    _write(inp, arts)
    pairs, scores = tmp_path / "p.jsonl", tmp_path / "sc.jsonl"
    pairs.write_text(json.dumps({"id1": "o", "id2": "c"}) + "\n" +
                     json.dumps({"id1": "o", "id2": "x"}) + "\n" +
                     json.dumps({"id1": "o", "id2": "missing"}) + "\n")
    res = CliRunner().invoke(app, ["reuse", "--input", str(inp), "--output", str(out),
                                   "--stories", str(st), "--score-pairs", str(pairs),
                                   "--scores-output", str(scores)])
    assert res.exit_code == 0, res.output
    assert "a.jsonl:5: not JSON" in res.output  # bad line named, batch goes on
    assert "'e'" in res.output and "empty article" in res.output
    (link,) = [json.loads(l) for l in out.read_text().splitlines()]
    assert set(link) == {"a", "b", "kind", "score", "spans_a", "spans_b"}
    assert (link["a"], link["b"], link["kind"]) == ("o", "c", "partial")
    text_c = arts[1]["text"]
    assert any("Showers continued" in text_c[s:e] for s, e in link["spans_b"])
    stories = [json.loads(l) for l in st.read_text().splitlines()]
    assert sorted(map(sorted, (s["ids"] for s in stories))) == [["c", "o"], ["x"]]
    sc = [json.loads(l) for l in scores.read_text().splitlines()]
    assert sc[0]["score"] > sc[1]["score"] and sc[2]["score"] is None


def test_reuse_and_lineage_name_what_they_read_only_in_part(tmp_path):
    """A 'published' that is no date and a title that is an object: the line is used and
    both interfaces say the same of it."""
    arts = [{"id": "o", "text": "\n\n".join(PARAS), "published": "2024-02-30"},
            {"id": "c", "text": "\n\n".join(PARAS[1:3]), "title": {"main": "Cocoa"}}]
    inp = tmp_path / "a.jsonl"
    _write(inp, arts)
    said = []
    for cmd in ("reuse", "lineage"):
        res = CliRunner().invoke(app, [cmd, "--input", str(inp), "--output",
                                       str(tmp_path / f"{cmd}.jsonl")])
        assert res.exit_code == 0, res.output
        assert len((tmp_path / f"{cmd}.jsonl").read_text().splitlines()) >= 1
        notes = " ".join(res.output.split())
        assert "1 articles of" in notes and "'o': '2024-02-30'); treated as undated" in notes
        assert "have fields that are not text ('c': title); read without them" in notes
        said.append(notes[notes.index("have a 'published'"):notes.index("read without them")])
    assert said[0] == said[1]


def test_reuse_without_usable_input_fails_with_a_message(tmp_path):
    inp = tmp_path / "bad.jsonl"
    inp.write_text('{"title": "no id"}\n')
    res = CliRunner().invoke(app, ["reuse", "--input", str(inp), "--output",
                                   str(tmp_path / "o.jsonl")])
    assert res.exit_code == 1
    assert "missing id, text" in res.output and "no usable article" in res.output


def test_stories_and_related_read_the_store(tmp_path):
    from retold.records import Article
    from retold.reuse import update
    from retold.store import Store

    db = tmp_path / "r.duckdb"
    arts = [Article(id="o", text="\n\n".join(PARAS), title=PARAS[0], outlet="a.com"),
            Article(id="c", text="\n\n".join(["Rains Lift Cocoa"] + PARAS[1:3]), outlet="b.com"),
            Article(id="x", text=OTHER, outlet="c.com")]
    with Store(db) as store:
        store.upsert(arts)
        touched = update(store, ["o", "c", "x"])
    assert touched
    runner = CliRunner()
    res = runner.invoke(app, ["stories", "--db", str(db), "--format", "jsonl"])
    assert res.exit_code == 0, res.output
    (story,) = [json.loads(l) for l in res.output.splitlines()]  # min size 2 hides "x"
    assert sorted(story["article_ids"]) == ["c", "o"] and story["label"]
    res = runner.invoke(app, ["related", "c", "--db", str(db)])
    assert res.exit_code == 0, res.output
    assert "partial" in res.output and "Showers continued" in res.output
    res = runner.invoke(app, ["related", "nope", "--db", str(db)])
    assert res.exit_code == 1 and "no article with id or URL 'nope'" in res.output
    # every command that takes an article reads it alike: id, unique prefix, or an error
    import retold.cli.lineage  # noqa: F401  (registers diff)
    import retold.cli.statements  # noqa: F401
    with Store(db) as store:
        store.upsert([Article(id="c2", text="Another page.", outlet="d.com")])
    res = runner.invoke(app, ["diff", "o", "c", "--db", str(db), "--json"])
    assert res.exit_code == 0 and json.loads(res.stdout)["mutations"], res.output
    res = runner.invoke(app, ["show", "c", "--db", str(db)])  # exact id over prefix
    assert res.exit_code == 0 and "id: c\n" in res.output
    with Store(db) as store:
        store.upsert([Article(id="cx41", text="A page.", outlet="e.com")])
    res = runner.invoke(app, ["diff", "o", "cx", "--db", str(db), "--json"])
    assert res.exit_code == 0 and json.loads(res.stdout)["mutations"] is not None
    with Store(db) as store:
        store.upsert([Article(id="cx42", text="A page again.", outlet="f.com")])
    res = runner.invoke(app, ["diff", "o", "cx", "--db", str(db)])
    assert res.exit_code == 2 and "'cx' matches several articles" in res.output
    res = runner.invoke(app, ["diff", "o", "nope", "--db", str(db)])
    assert res.exit_code == 2 and "no article with id or URL 'nope'" in res.output
    res = runner.invoke(app, ["statements", "--db", str(db), "--article", "zzz"])
    assert res.exit_code == 1 and "no article with id or URL 'zzz'" in res.output
    # nothing that large: the list says why it is empty
    res = runner.invoke(app, ["stories", "--db", str(db), "--min-size", "3"])
    assert res.exit_code == 0 and "no story of 3 or more articles; 2 smaller" in res.output


def test_store_commands_without_store_say_so(tmp_path):
    res = CliRunner().invoke(app, ["stories", "--db", str(tmp_path / "none.duckdb")])
    assert res.exit_code == 2 and "no store" in res.output
