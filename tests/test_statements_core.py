"""Statements core: sentences, quotation marks, cues/sources/contents, store and CLI."""
from __future__ import annotations

import json

import pytest

from retold.records import Article, Reject, Statement
from retold.statements import extract, update
from retold.statements.context import MAX_SENTENCE_CHARS, ArticleContext, split_sentences
from retold.statements.quotes import find_quotes


def _texts(text, spans):
    return [text[s:e] for s, e in spans]


def _content(text, st):
    return " ".join(text[s:e] for s, e in st.content)


# ------------------------------------------------------------------ sentences
def test_sentences_keep_abbreviations_initials_and_closing_quotes():
    text = ('Sen. John F. Kennedy met Mr. Smith in the U.S. capital. "We agreed," he said. '
            'It was 5 p.m. Then they left!')
    got = _texts(text, split_sentences(text))
    assert got[0] == "Sen. John F. Kennedy met Mr. Smith in the U.S. capital."
    assert got[1] == '"We agreed," he said.'
    assert got[-1] == "Then they left!"


def test_context_offsets_and_lookup():
    text = "First para. Second sentence.\n\nSecond para here."
    ctx = ArticleContext(text)
    assert _texts(text, ctx.paragraphs) == ["First para. Second sentence.", "Second para here."]
    assert len(ctx.sentences) == 3
    assert ctx.sentence_index(text.index("Second sentence")) == 1
    assert list(ctx.paragraph_sentences(1)) == [2]
    doc = ctx.parse(1)
    assert doc.text == "Second sentence."
    assert ctx.sentence_start(1) + doc[0].idx == text.index("Second sentence")


# ------------------------------------------------------------------ quotation marks
@pytest.mark.parametrize("opener,closer", [("“", "”"), ('"', '"'), ("«", "»"), ("„", "“")])
def test_quote_marks_of_every_kind(opener, closer):
    text = f"He said: {opener}We will win this, and ‘soon’ too.{closer} Then he left."
    qs = [q for q in find_quotes(text, ArticleContext(text).paragraphs) if not q.single]
    assert len(qs) == 1, qs
    assert text[qs[0].inner[0]:qs[0].inner[1]] == "We will win this, and ‘soon’ too."


def test_continuing_quote_spans_paragraphs_as_one_group():
    text = ('“The first part goes on.\n\n“And the second part ends here,” she said.\n\n'
            'Unrelated text.')
    qs = find_quotes(text, ArticleContext(text).paragraphs)
    assert len(qs) == 2 and qs[0].group == qs[1].group and qs[0].continues
    ex = extract(text)
    direct = [s for s in ex.statements if s.kind == "direct"]
    assert len(direct) == 1 and len(direct[0].content) == 2
    assert direct[0].cue_text == "said" and direct[0].source_text == "she"


def test_unbalanced_marks_are_repaired_per_paragraph():
    text = ('“This quote never closes, and it is long enough to matter.\n\n'
            'She paused. “Fine words,” said Ann Lee.\n\n'
            'A stray closing mark here” and more.')
    qs = find_quotes(text, ArticleContext(text).paragraphs)
    fine = [q for q in qs if "Fine words" in text[q.start:q.end]]
    assert len(fine) == 1 and text[fine[0].start:fine[0].end] == "“Fine words,”"
    assert any(q.repaired for q in qs)
    ex = extract(text)
    ann = [s for s in ex.statements if s.source_text == "Ann Lee"]
    assert ann and _content(text, ann[0]) == "“Fine words,”"


def test_apostrophes_are_not_quotes():
    text = "Omer’s team didn't go in the '90s, the boys' coach said."
    assert find_quotes(text, ArticleContext(text).paragraphs) == []


# ------------------------------------------------------------------ attribution rules
def test_split_quote_is_one_statement_with_two_fragments():
    text = '“We came here first,” said Jane Doe of the plan, “and we will stay here.”'
    sts = extract(text).statements
    assert len(sts) == 1
    st = sts[0]
    assert st.kind == "direct" and len(st.content) == 2
    assert st.cue_text == "said" and st.source_text == "Jane Doe"


def test_indirect_that_clause_and_according_to():
    text = ("The minister told reporters that the border would reopen on Monday. "
            "According to officials, the talks collapsed after midnight.")
    sts = extract(text).statements
    told = next(s for s in sts if s.cue_text == "told")
    assert told.kind == "indirect" and told.source_text == "The minister"
    assert _content(text, told).startswith("that the border would reopen")
    acc = next(s for s in sts if s.cue_text == "According to")
    assert acc.source_text == "officials"
    assert _content(text, acc) == "the talks collapsed after midnight."


def test_trailing_reporting_clause_and_mixed_quote():
    text = ('The plan failed because nobody funded it, a senior official said. '
            'She said the deal was “a disaster for everyone involved” in the region.')
    sts = extract(text).statements
    trail = next(s for s in sts if s.cue_text == "said" and s.source_text == "a senior official")
    assert _content(text, trail).startswith("The plan failed")
    mixed = next(s for s in sts if s.kind == "mixed")
    assert mixed.source_text == "She" and "“a disaster" in _content(text, mixed)


def test_short_scare_quotes_are_not_statements():
    text = "The so-called “experts” met in the ‘green zone’ on Friday."
    assert extract(text).statements == []


# ------------------------------------------------------------------ the sample page
def _sample_text(path) -> str:
    lines = [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines()]
    return "\n\n".join(ln for ln in lines if len(ln.split()) >= 8)


def test_sample_page_quotes_and_indirect_statements(sample_path):
    text = _sample_text(sample_path)
    sts = extract(text, "ft").statements
    direct = [s for s in sts if s.kind == "direct"]
    starts = [text[s.content[0][0]:s.content[0][1]][:16] for s in direct]
    assert starts == ["“IS commanders t", "“There is more t", "“IS saw the Turk",
                      "“IS and Turkey c"][: len(starts)] and len(direct) == 4, starts
    split = direct[0]  # "…," said Omer of crossing the border into Turkey, "…"
    assert len(split.content) == 2 and split.cue_text == "said" and split.source_text == "Omer"
    assert text[split.content[1][0]:].startswith("“and they reassured us")
    assert (direct[1].cue_text, direct[1].source_text.endswith("Polat Can")) == ("saying", True)
    assert (direct[2].cue_text, direct[2].source_text) == ("explained", "Omer")
    assert (direct[3].cue_text, direct[3].source_text) == ("added", "he")
    # three direct statements by Omer (the split one, "explained", "he added") + Polat Can:
    # the five quotations of the page, the split one counting twice.
    assert sum(len(s.content) for s in direct) == 5
    indirect = {(s.cue_text, _content(text, s)[:25]) for s in sts if s.kind == "indirect"}
    assert ("told", "that he travelled in a co") in indirect
    assert ("said", "that people attempting to") in indirect
    assert ("explained", "that during his time with") in indirect
    assert ("saying", "that Turkish forces were ") in indirect
    kurds = next(s for s in sts if s.cue_text == "said" and s.kind == "indirect")
    assert kurds.source_text == "Kurds in Kobane"


def test_sample_page_through_ingest_parser(sample_path):
    ingest = pytest.importorskip("retold.ingest")
    if not hasattr(ingest, "parse_plaintext"):
        pytest.skip("retold.ingest.parse_plaintext not available")
    art = ingest.parse_plaintext(sample_path.read_text(encoding="utf-8"), path=str(sample_path))
    direct = [s for s in extract(art.text, art.id).statements if s.kind == "direct"]
    assert sum(len(s.content) for s in direct) == 5


# ------------------------------------------------------------------ bad input
def test_empty_and_whitespace_text():
    assert extract("").statements == []
    assert extract(" \n\n \t").statements == []


def test_one_megabyte_without_newline_is_capped_and_linear():
    text = ("lorem ipsum dolor sit amet " * 40000)[:1_000_000] + ' "unclosed'
    ctx = ArticleContext(text)
    assert max(e - s for s, e in ctx.sentences) <= MAX_SENTENCE_CHARS
    assert extract(text).statements == []  # no cue word: nothing parsed, no crash


def test_long_line_with_cues_parses_capped_pieces():
    text = ("Officials said the river rose and residents said it fell " * 400).strip()
    ctx = ArticleContext(text)
    assert all(e - s <= MAX_SENTENCE_CHARS for s, e in ctx.sentences)
    sts = extract(text).statements
    assert sts and all(s.content for s in sts)


def test_non_english_text_does_not_crash():
    for text in ("Он сказал: «Мы победим». Потом ушёл.",
                 "他说：“我们会赢。”然后他走了。",
                 "« Nous gagnerons », a déclaré le ministre."):
        sts = extract(text).statements
        assert all(s.content for s in sts)


def test_extract_rejects_non_text_with_a_clear_error():
    with pytest.raises(TypeError, match="art1"):
        extract(None, "art1")  # type: ignore[arg-type]


# ------------------------------------------------------------------ store + CLI
def test_update_writes_statements_and_rejects_a_failing_article(monkeypatch):
    from retold import statements as st_mod
    from retold.store import Store

    good = Article(id="a1", text='“We will rebuild the bridge by May,” the mayor said.')
    bad = Article(id="a2", text="Whatever, she said the end was near.")
    with Store(":memory:") as store:
        store.upsert([good, bad])
        real = st_mod.extract

        def flaky(text, article_id="doc", nlp=None):
            if article_id == "a2":
                raise RuntimeError("boom")
            return real(text, article_id, nlp)

        monkeypatch.setattr(st_mod, "extract", flaky)
        done = update(store, None)
        assert done == ["a1"]
        rows = store.query(Statement)
        assert len(rows) == 1 and rows[0].article_id == "a1" and rows[0].source_text == "the mayor"
        rej = store.query(Reject)
        assert len(rej) == 1 and rej[0].stage == "statements" and "a2" in rej[0].reason
        # a second run replaces rather than duplicates
        update(store, ["a1"])
        assert store.count(Statement) == 1


def test_cli_input_output_one_line_per_input_in_order(tmp_path):
    from typer.testing import CliRunner

    from retold.cli import _register, app

    _register()
    src = tmp_path / "docs.jsonl"
    src.write_text("\n".join([
        json.dumps({"id": "x", "text": '“Go home now,” he said.'}),
        "{not json",
        json.dumps({"doc_id": "y", "text": "According to police, two men were arrested."}),
    ]) + "\n", encoding="utf-8")
    out = tmp_path / "preds.jsonl"
    res = CliRunner().invoke(app, ["statements", "--input", str(src), "--output", str(out)])
    assert res.exit_code == 0, res.output
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert [x["id"] for x in lines] == ["x", None, "y"]
    st = lines[0]["statements"][0]
    assert st["kind"] == "direct" and st["content"] == [[0, 14]]
    assert set(st) >= {"kind", "content", "cue", "source", "speaker", "channel", "hedges"}
    assert lines[1]["statements"] == []
    assert lines[2]["statements"][0]["cue"] == [[0, 12]]


def test_cli_lists_stored_statements(tmp_path):
    from typer.testing import CliRunner

    from retold.cli import _register, app
    from retold.store import Store

    _register()
    db = tmp_path / "r.duckdb"
    with Store(db) as store:
        store.upsert([Article(id="a1", text="“We will win,” the coach said on Sunday.")])
        update(store, None)
    res = CliRunner().invoke(app, ["statements", "--db", str(db), "--format", "jsonl"])
    assert res.exit_code == 0, res.output
    rows = [json.loads(x) for x in res.output.splitlines() if x.strip()]
    assert rows and rows[0]["cue_text"] == "said" and rows[0]["article_id"] == "a1"


# ------------------------------------------------------------------ shared data
def test_polnear_dev_direct_quotes_are_found(shared_data):
    """A small, fast guard on real data: direct quotes of 16 PolNeAR dev documents."""
    path = shared_data / "polnear" / "polnear_dev.jsonl"
    if not path.is_file():
        pytest.skip(f"{path} not found")
    found = total = 0
    with path.open(encoding="utf-8") as fh:
        docs = [json.loads(next(fh)) for _ in range(16)]
    for d in docs:
        preds = extract(d["text"], d["doc_id"]).statements
        covered = set()
        for p in preds:
            for s, e in p.content:
                covered.update(range(s, e))
        for g in d["attributions"]:
            if g.get("quote_type_derived") != "direct":
                continue
            total += 1
            letters = [i for s, e in g["content"] for i in range(s, e) if d["text"][i].isalnum()]
            found += any(i in covered for i in letters)
    assert total >= 10 and found / total >= 0.9, (found, total)


# ------------------------------------------------------------------ fixture article
def test_fixture_article_continuing_quote_mixed_and_according(fixtures):
    text = (fixtures / "statements" / "continuing_quote.txt").read_text(encoding="utf-8")
    text = "\n\n".join(p.strip() for p in text.split("\n\n") if p.strip())
    sts = extract(text, "riverton").statements
    by_cue = {}
    for s in sts:
        by_cue.setdefault(s.cue_text, []).append(s)
    told = by_cue["told"][0]
    assert told.kind == "indirect" and told.source_text.startswith("The mayor of Riverton")
    # the quote opening paragraph 3 runs on into paragraph 4 (continuing-quote convention):
    # one statement of two fragments; the next sentence's quote follows on with Lee's cue
    lee = [s for s in by_cue["said"] if s.source_text == "Lee"]
    assert [s.kind for s in lee] == ["direct", "direct"]
    assert len(lee[0].content) == 2
    assert text[lee[0].content[0][0]:].startswith("“We called the province")
    assert text[lee[0].content[1][0]:].startswith("“Nobody came until Friday,”")
    assert _content(text, lee[1]) == "“By then the damage was done.”"
    acc = by_cue["According to"][0]
    assert acc.source_text == "provincial officials"
    assert _content(text, acc).startswith("the request was received")
    mixed = next(s for s in sts if s.kind == "mixed")
    assert mixed.source_text == "A spokesman for the ministry"
    assert "“acted as fast as the roads allowed”" in _content(text, mixed)
    # non-English quotation in guillemets: found as a quotation, no crash
    assert any("Nous avons" in _content(text, s) for s in sts)


def test_detect_is_linear_on_a_long_line_of_quotes():
    """230 kB on one line, 12,000 quotations (half unclosed): every one found, no blow-up
    (the quadratic versions of quote grouping took minutes here)."""
    from retold.statements.assemble import detect

    n = 6000
    text = "“Yes,” he said. ‘Maybe’ she’s “right. " * n
    found = detect(ArticleContext(text))
    assert len(found) == 2 * n  # "“Yes,” he said." and the follow-on "“right."
    assert {f.rule for _k, f, _c in found} == {"pattern-trailing", "follow-on"}


def test_extract_many_matches_extract_and_isolates_failures(fixtures):
    from retold.statements import extract_many

    text = (fixtures / "statements" / "continuing_quote.txt").read_text(encoding="utf-8")
    docs = [("a", text), ("b", None), ("c", "According to police, two men were arrested."),
            ("d", "")]
    got = list(extract_many(docs, batch_docs=2))
    assert [aid for aid, _ in got] == ["a", "b", "c", "d"]
    assert isinstance(got[1][1], TypeError) and "'b'" in str(got[1][1])
    for (aid, ex), (_, t) in zip(got, docs):
        if isinstance(t, str):
            single = extract(t, aid).statements
            assert [s.to_dict() for s in ex.statements] == [s.to_dict() for s in single]
