"""Declared re-issues (a wire's "CORRECTED -", "RPT-" items) and a story that fails."""
from __future__ import annotations

import pytest

from retold.lineage import corpus as lineage_corpus
from retold.lineage.corpus import trace_rows
from retold.lineage.reissues import bare, declares, marker
from retold.lineage.trace import trace_story
from retold.mutations.classify import _specific
from retold.mutations.units import split_units
from story_helpers import article, ingest_rows

ORIGINAL = [
    "Acme Holdings Inc said it signed a definitive agreement to sell its Track Services "
    "Co subsidiary to Banner Industries Inc. Terms were not disclosed.",
    "It said Track Services had 1986 sales of 16 mln dlrs and employs 100 people.",
    "Acme said the sale is part of a program to divest several businesses representing "
    "about 200 mln dlrs in net assets. Still to be divested are the Process Machinery "
    "Division with sales of 137 mln dlrs and Conveyor Co, with sales of 83 mln dlrs.",
]
CORRECTED = [
    "Acme Holdings Inc said it signed a definitive agreement to sell its Track Services "
    "Co subsidiary to Oak Industries Inc. Terms were not disclosed.",
    "Also taking part in the agreement was Banner Industries Inc, which earlier agreed "
    "to acquire Acme.",
    "Track Services had 1986 sales of 16 mln dlrs.",
    "Acme said the sale is part of a major program to divest several of its businesses "
    "representing about 200 mln dlrs in net assets. Still to be divested are the Process "
    "Machinery Division with sales of 137 mln dlrs and Conveyor Co, with sales of 83 mln "
    "dlrs. -- Corrects name of purchaser",
]


@pytest.mark.parametrize("title, expected", [
    ("CORRECTED - ACME <ACM> TO SELL RAILWAY UNIT", "CORRECTED"),
    ("RPT-ACME <ACM> 4TH QTR NET", "RPT"),
    ("UPDATE 2-Acme to sell railway unit", "UPDATE 2"),
    ("Correction: Acme sells railway unit", "CORRECTION"),
    ("REFILE-Acme sells railway unit", "REFILE"),
    ("Corrected figures show Acme lost money", None),  # a word of the headline, no marker
    ("Update on the railway sale", None),
    ("Acme <ACM> to sell railway unit", None),
])
def test_marker_only_at_the_start_with_a_separator(title, expected):
    assert marker(title) == expected


def test_bare_headline_drops_markers_tickers_and_the_desk_note():
    assert bare("RPT - CORRECTED - GAF CORP <GAF> OFFERS 46 DLRS (CORRECTING AMOUNT)") == \
        "gaf corp offers 46 dlrs"
    assert bare("CORRECTED-<NATIONAL WESTMINSTER BANK USA>1ST QTR") == \
        "national westminster bank usa 1st qtr"  # a name in brackets is kept


@pytest.mark.parametrize("child, parent, expected", [
    ("CORRECTED - ACME <ACM> TO SELL RAILWAY UNIT",
     "ACME <ACM> TO SELL RAILWAY EQUIPMENT UNIT", True),  # shortened
    ("CORRECTED - GM <GM> TO IDLE SIX PLANTS", "GM <GM> TO IDLE SIX PLANTS, 21,600 WORKERS", True),
    ("CORRECTED-FIDELCOR <FICR.O> TO ADD TO LOAN LOSSES",
     "FIELDCOR <FICR.O> TO ADD TO LOAN LOSSES", True),  # the name was what it corrected
    ("CORRECTED - DEROSE INDUSTRIES INC <DRI> 4TH QTR", "COLECO INDUSTRIES INC <CLO> 4TH QTR",
     False),  # another company's formula headline
    ("CORRECTED-<NATWEST BANK USA>1ST QTR", "<BARCLAYS BANK USA> 1ST QTR", False),
    ("ACME <ACM> TO SELL RAILWAY UNIT", "ACME <ACM> TO SELL RAILWAY UNIT", False),  # no marker
])
def test_declares_names_the_same_item(child, parent, expected):
    assert declares(child, parent) is expected


def _story(corrected_title="CORRECTED - ACME <ACM> TO SELL RAILWAY UNIT", outlet="Reuters"):
    return [article("orig", ORIGINAL, "Reuters", "1987-03-11T12:59:00Z",
                    "ACME <ACM> TO SELL RAILWAY EQUIPMENT UNIT"),
            article("fix", CORRECTED, outlet, "1987-03-11T15:34:00Z", corrected_title)]


def _parent_of(tr, child):
    return next(e.parent for e in tr.edges if e.child == child and not e.tie)


def test_a_declared_correction_hangs_under_the_item_it_corrects():
    tr = trace_story("s", _story())
    assert _parent_of(tr, "fix") == "orig"
    assert tr.origin == "orig"
    edge = next(e for e in tr.edges if e.child == "fix")
    assert edge.evidence["reissue"] == "CORRECTED" and edge.confidence > 0.99


def test_without_the_marker_the_text_alone_leaves_the_second_version_at_the_root():
    # what the rule changes: a new purchaser, a sentence added and one cut are three
    # acts, dearer than "no parent" for a text this long
    tr = trace_story("s", _story("ACME <ACM> TO SELL RAILWAY UNIT"))
    assert _parent_of(tr, "fix") is None


def test_another_outlets_marker_declares_nothing_of_this_one():
    tr = trace_story("s", _story(outlet="Wire Digest"))
    assert _parent_of(tr, "fix") is None


def test_a_correction_published_before_the_item_it_names_keeps_the_root():
    arts = _story()
    arts[1].published = "1987-03-10T09:00:00Z"  # the dates forbid the named page
    tr = trace_story("s", arts)
    assert _parent_of(tr, "orig") == "fix" or _parent_of(tr, "fix") is None


def test_hard_wrapped_reporting_clause_gives_no_blank_speaker():
    text = ("“We will not sell below book value,” \n    said Jane Miller, the company's "
            "chief executive.\n\n“The offer is final,”\n    he said.")
    units = split_units(text)
    assert [u.speaker for u in units if u.is_quote] == ["Jane Miller", "he"]
    assert not _specific("\n   ") and _specific("Jane Miller")


def test_a_story_that_fails_keeps_its_rows_and_says_why(monkeypatch):
    rows = [{"id": "a1", "text": "\n\n".join(ORIGINAL), "title": "Acme to sell unit",
             "outlet": "Reuters", "published": "1987-03-11T12:59:00Z"},
            {"id": "a2", "text": "\n\n".join(ORIGINAL), "title": "Acme to sell unit",
             "outlet": "Wire Digest", "published": "1987-03-11T14:00:00Z"},
            {"id": "b1", "text": "Grain shippers on the river face the tightest market in a "
             "decade, port officials said on Monday, as barges were laid up.",
             "outlet": "Reuters", "published": "1987-03-11T10:00:00Z"}]
    real = lineage_corpus.trace_story

    def flaky(story_id, arts, **kw):
        if any(a.id == "a1" for a in arts):
            raise ValueError("bad unit")
        return real(story_id, arts, **kw)

    monkeypatch.setattr(lineage_corpus, "trace_story", flaky)
    out = {r["id"]: r for r in trace_rows(rows)}
    assert set(out) == {"a1", "a2", "b1"}
    assert out["a1"]["error"] == out["a2"]["error"]
    assert "ValueError: bad unit" in out["a1"]["error"] and out["a1"]["parents"] == []
    assert "error" not in out["b1"] and out["b1"]["origin"] == "b1"


def test_ingest_and_story_show_the_correction_under_its_original(tmp_path):
    from retold.cli import app
    from retold.records import Article, LineageEdge
    from retold.store import Store

    db, runner = ingest_rows(tmp_path, [
        {"id": a.id, "title": a.title, "text": a.text, "outlet": a.outlet,
         "published": a.published} for a in _story()], "wire")
    with Store(db, read_only=True) as store:  # ingest names articles by their text
        orig, fix = (a.id for a in sorted(store.query(Article), key=lambda a: a.published))
        edge = next(e for e in store.query(LineageEdge) if e.child == fix and not e.tie)
    assert edge.parent == orig and edge.evidence["reissue"] == "CORRECTED"
    res = runner.invoke(app, ["story", fix, "--db", str(db)], terminal_width=240)
    assert res.exit_code == 0, res.output
    assert "declares itself CORRECTED of it" in res.output


def test_lineage_input_says_when_one_outlet_holds_most_of_it(tmp_path):
    import json

    from typer.testing import CliRunner

    from retold.cli import _register, app

    _register()
    rows = [{"id": f"w{i}", "text": f"Item {i} of the wire: the board met on day {i} and "
             f"approved plan number {i * 7}.", "outlet": "Reuters" if i % 4 else "AFP"}
            for i in range(120)]
    src = tmp_path / "wire.jsonl"
    src.write_text("\n".join(json.dumps(r) for r in rows))
    runner = CliRunner()
    res = runner.invoke(app, ["lineage", "--input", str(src), "--output", str(tmp_path / "o")])
    assert res.exit_code == 0, res.output
    assert "90 of the 120 articles are from Reuters" in res.output
    assert "--grouping reuse" in res.output
    res = runner.invoke(app, ["lineage", "--input", str(src), "--output", str(tmp_path / "o"),
                              "--grouping", "reuse"])
    assert res.exit_code == 0 and "are from Reuters" not in res.output


def test_unit_pairing_is_bounded_on_pages_without_sentence_ends(monkeypatch):
    """Two 150 kB pages of one unpunctuated run each took 71 s of substring pairing: above
    the bound the pass is not run, and the match says so (`bounded`)."""
    import random

    from retold.mutations import _unit_match
    from retold.mutations._unit_match import PARTIAL_CHARS_MAX, match_units

    rng = random.Random(5)
    words_a = "the quake dam island north scale reports damage roads bridge".split()
    words_b = "a market bank rate inflation bond yield trader budget deficit".split()
    a = " ".join(rng.choice(words_a) for _ in range(25_000))
    b = " ".join(rng.choice(words_b) for _ in range(25_000))
    same = " Officials said the dam held through the night."
    pa, pb = split_units(a + "." + same), split_units(b + "." + same)
    assert len(a) * len(b) > PARTIAL_CHARS_MAX

    def never(*args):
        raise AssertionError("substring pairing ran above the bound")

    monkeypatch.setattr(_unit_match, "_pair_partial", never)
    m = match_units(pa, pb)
    assert m.bounded == (len(a) + 1, len(b) + 1) and m.flipped().bounded == m.bounded[::-1]
    assert [(p, c) for p, c, _, part in m.pairs if not part] == [(1, 1)]  # the twin pairs
    monkeypatch.undo()  # below the bound the pass runs as before: a trimmed sentence
    m = match_units(split_units("In a long statement issued late on Monday after a weekend "
                                "of emergency meetings in the capital, the ministry said "
                                "engineers from three provinces had shored up the northern "
                                "wall of the dam." + same),
                    split_units("Engineers from three provinces had shored up the northern "
                                "wall of the dam." + same))
    assert any(part for *_, part in m.pairs) and m.bounded is None


def test_a_story_whose_pages_were_too_long_to_align_says_which(caplog, monkeypatch):
    """The bound is met inside a story's tracing: one warning names the story and the
    two pages, so a user can tell which parent was chosen on whole passages only."""
    import logging

    from retold.mutations import _unit_match
    from retold.records import Article

    monkeypatch.setattr(_unit_match, "PARTIAL_CHARS_MAX", 100)
    same = "Officials said the dam held through the night after days of rain."
    a = Article(id="first", text=same + " Engineers from three provinces had shored up the "
                "northern wall of the dam before the flood crest arrived on Monday.",
                outlet="Daily Ledger", published="2026-01-01T00:00:00Z")
    b = Article(id="second", text=same + " Farmers downstream moved their cattle to higher "
                "ground as the river rose past the old stone bridge.",
                outlet="Evening Post", published="2026-01-02T00:00:00Z")
    with caplog.at_level(logging.WARNING, logger="retold.lineage.trace"):
        trace_story("dam", [a, b], with_mutations=False)
    assert "story dam:" in caplog.text and "first and second" in caplog.text


def test_a_refile_in_a_small_one_outlet_input_hangs_under_its_original(tmp_path):
    """Lines two pages of one outlet share are its chrome unless its pages in other
    stories lack them; with no other story both pages were roots."""
    from retold.records import Article, LineageEdge
    from retold.store import Store

    rows = [{"title": "ACME <ACM> TO SELL RAILWAY EQUIPMENT UNIT", "text": "\n\n".join(ORIGINAL),
             "outlet": "Reuters", "published": "1987-03-11T12:59:00Z"},
            {"title": "REFILE-ACME <ACM> TO SELL RAILWAY EQUIPMENT UNIT",
             "text": "\n\n".join(ORIGINAL + ["(Refiles to add dropped word in second paragraph)"]),
             "outlet": "Reuters", "published": "1987-03-11T14:10:00Z"}]
    db, _ = ingest_rows(tmp_path, rows, "refile")
    with Store(db, read_only=True) as store:
        orig, refile = (a.id for a in sorted(store.query(Article), key=lambda a: a.published))
        parent = {e.child: e.parent for e in store.query(LineageEdge) if not e.tie}
    assert parent == {orig: None, refile: orig}
