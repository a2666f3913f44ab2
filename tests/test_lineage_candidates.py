"""Candidate pairs of a large story: the likeliest parents by a cheap bound of the cost."""
from __future__ import annotations

import pytest

from retold.dates import parse
from retold.lineage import candidates
from retold.lineage.trace import trace_story
from retold.mutations.units import split_units
from story_helpers import article

P = [
    "The central bank raised its main rate by half a point on Tuesday, the first increase in three years.",
    "“Inflation has become the main risk to the recovery and we will not wait for it to settle,” governor Anna Weber told Reuters.",
    "Economists had expected the bank to hold rates steady until the summer.",
    "The decision was taken unanimously by the nine members of the rate-setting committee.",
    "Markets reacted calmly, with the currency gaining a little against the dollar.",
]
TITLE = "Central bank raises rates"


def _when(i: int) -> str:
    return f"2020-01-{1 + i // 24:02d}T{i % 24:02d}:00:00Z"


def _syndicated(n: int):
    """An origin, ``n`` verbatim copies of it, and, late in the crowd, a copy ``a`` that
    only rewrote the headline and a copy ``c`` of ``a`` that also cut the last paragraph:
    by the sentences they share, ``a`` is one of ``n + 1`` equal partners of ``c``."""
    arts = [article("o", P, "Reuters", _when(0), TITLE)]
    arts += [article(f"v{i}", P, f"Outlet {i}", _when(i + 1), TITLE) for i in range(n)]
    arts.append(article("a", P, "Daily Post", _when(n + 1), "Bank lifts rates for first time in years"))
    arts.append(article("c", P[:4], "Evening Times", _when(n + 2), "Bank lifts rates for first time in years"))
    return arts


def _inputs(arts):
    ids = [a.id for a in arts]
    units = {a.id: split_units(a.text) for a in arts}
    return ids, units, {a.id: a.title for a in arts}, {a.id: parse(a.published) for a in arts}


def test_small_story_compares_every_pair():
    arts = _syndicated(3)
    ids, units, titles, when = _inputs(arts)
    pairs = candidates.candidate_pairs(ids, units, titles=titles, when=when)
    assert len(pairs) == len(ids) * (len(ids) - 1) // 2


def test_large_story_keeps_the_copy_whose_headline_the_child_carries(monkeypatch):
    arts = _syndicated(40)
    ids, units, titles, when = _inputs(arts)
    monkeypatch.setattr(candidates, "MAX_ALL_PAIRS", 10)
    pairs = set(candidates.candidate_pairs(ids, units, titles=titles, when=when, top_k=3,
                                           likely_origins=0))
    assert ("a", "c") in pairs
    assert len(pairs) <= 3 * len(ids)  # not every pair: 42 * 43 / 2 = 903
    tr = trace_story("s", arts)
    assert {c.child: c.parent for c in tr.choices}["c"] == "a"


def test_large_story_never_offers_a_later_article_as_a_parent(monkeypatch):
    arts = _syndicated(30)
    ids, units, titles, when = _inputs(arts)
    monkeypatch.setattr(candidates, "MAX_ALL_PAIRS", 5)
    pairs = candidates.candidate_pairs(ids, units, titles=titles, when=when, top_k=1,
                                       likely_origins=0)
    # each article but the first picked one earlier candidate; "o" has none before it
    assert len(pairs) <= len(ids) - 1
    rank = {aid: i for i, aid in enumerate(ids)}
    partners = {aid: [x if y == aid else y for x, y in pairs if aid in (x, y)] for aid in ids}
    for aid in ids[1:]:
        assert any(rank[p] < rank[aid] for p in partners[aid]), aid


def test_undated_articles_may_be_anybodys_parent(monkeypatch):
    arts = _syndicated(30)
    arts[-2] = article("a", P, "Daily Post", None, "Bank lifts rates for first time in years")
    ids, units, titles, when = _inputs(arts)
    monkeypatch.setattr(candidates, "MAX_ALL_PAIRS", 5)
    pairs = set(candidates.candidate_pairs(ids, units, titles=titles, when=when, top_k=2))
    assert ("a", "c") in pairs


def test_top_k_must_be_positive(monkeypatch):
    arts = _syndicated(12)
    ids, units, titles, when = _inputs(arts)
    monkeypatch.setattr(candidates, "MAX_ALL_PAIRS", 5)
    with pytest.raises(ValueError, match="top_k must be at least 1, got 0"):
        candidates.candidate_pairs(ids, units, top_k=0)
    with pytest.raises(ValueError, match="likely_origins must be 0 or more, got -1"):
        candidates.candidate_pairs(ids, units, likely_origins=-1)


def test_pairs_do_not_depend_on_how_many_rows_are_bounded_at_a_time(monkeypatch):
    arts = _syndicated(30)
    arts[5] = article("v4", P[:3], "Outlet 4", _when(5), "Rates up")  # a cut copy
    ids, units, titles, when = _inputs(arts)
    monkeypatch.setattr(candidates, "MAX_ALL_PAIRS", 5)
    whole = candidates.candidate_pairs(ids, units, titles=titles, when=when, top_k=4)
    monkeypatch.setattr(candidates, "BLOCK_CELLS", 7 * len(ids))  # blocks of 7 rows
    assert candidates.candidate_pairs(ids, units, titles=titles, when=when, top_k=4) == whole


def test_the_benchmark_anchor_ranking_by_shared_sentences_misses_that_parent(monkeypatch):
    """Why the bound exists: by sentences shared word for word, ``a`` is one of 41 equal
    partners of ``c``, and the anchor of ``benchmarks/lineage_large.py`` drops it."""
    from story_helpers import load_benchmark

    bench = load_benchmark("lineage_large")
    arts = _syndicated(40)
    ids, units, titles, when = _inputs(arts)
    monkeypatch.setattr(candidates, "MAX_ALL_PAIRS", 10)
    assert ("a", "c") not in set(bench.shared_sentence_pairs(ids, units, frozenset(), top_k=3))
    assert ("a", "c") in set(candidates.candidate_pairs(ids, units, titles=titles, when=when,
                                                        top_k=3))


def test_large_story_benchmark_runs_and_the_bound_beats_shared_sentences(tmp_path, monkeypatch):
    """``benchmarks/lineage_large.py`` end to end on one simulated story of 160 copies
    (just past ``MAX_ALL_PAIRS``): it writes its JSON, and the bound finds more true
    parents than the anchor in the same run, as the growing head start does than the
    fixed one."""
    import json
    import sys

    from story_helpers import load_benchmark

    bench = load_benchmark("lineage_large")
    if not bench.syndication.REUTERS.is_file():
        pytest.skip(f"Reuters base articles not found at {bench.syndication.REUTERS}")
    out = tmp_path / "large.json"
    monkeypatch.setattr(sys, "argv", ["lineage_large.py", "--sizes", "160", "--stories", "1",
                                      "--no-all", "--work", str(tmp_path), "--out", str(out)])
    bench.main()
    got = {r["method"]: r for r in json.loads(out.read_text())["results"]}
    assert set(got) == {"shared", "bound", "no-origins", "fixed"}
    assert got["bound"]["parent_exact"] > got["shared"]["parent_exact"]
    # the head start growing with the copies before a child beats the fixed one
    assert got["no-origins"]["parent_exact"] > got["fixed"]["parent_exact"]


def test_every_article_of_a_large_story_is_compared_with_its_likely_origins(monkeypatch):
    """Thirty copies that cut the origin's last paragraph and share one new headline
    are each other's nearest candidates: by the bound alone no late copy is compared
    with the origin, which it most likely copied. The first dated page (and the pages
    explaining the others best) are compared with everybody."""
    arts = [article("o", P, "Reuters", _when(0), TITLE)]
    arts += [article(f"v{i}", P[:4], f"Outlet {i}", _when(i + 1), "Bank lifts rates")
             for i in range(30)]
    ids, units, titles, when = _inputs(arts)
    monkeypatch.setattr(candidates, "MAX_ALL_PAIRS", 5)
    bound_only = set(candidates.candidate_pairs(ids, units, titles=titles, when=when,
                                                top_k=3, likely_origins=0))
    assert not any(("o", f"v{i}") in bound_only for i in range(10, 30))
    pairs = set(candidates.candidate_pairs(ids, units, titles=titles, when=when, top_k=3))
    assert all(("o", f"v{i}") in pairs for i in range(30))
    assert len(pairs) < len(ids) * (len(ids) - 1) // 2  # still not every pair


def test_an_undated_original_is_among_the_likely_origins(monkeypatch):
    """An undated page that explains every copy well (each pair of twin copies cut
    another paragraph of it and gave it another headline) is each copy's second choice
    after its twin, so the bound alone never compares it with them; as the page whose
    bounds as everybody's parent sum lowest it is compared with all."""
    arts = [article("o", P, "Reuters", None, TITLE)]
    arts += [article(f"v{i}", [p for j, p in enumerate(P) if j != 1 + (i // 2) % 4],
                     f"Outlet {i}", _when(i), f"Rates story, take {i // 2}") for i in range(30)]
    ids, units, titles, when = _inputs(arts)
    monkeypatch.setattr(candidates, "MAX_ALL_PAIRS", 5)
    alone = set(candidates.candidate_pairs(ids, units, titles=titles, when=when, top_k=1,
                                           likely_origins=0))
    assert sum("o" in p for p in alone) <= 4  # the first copy of each of the four cuts
    pairs = set(candidates.candidate_pairs(ids, units, titles=titles, when=when, top_k=1,
                                           likely_origins=1))
    partners = {x if y == "o" else y for x, y in pairs if "o" in (x, y)}
    assert partners == set(ids) - {"o"}
