"""The syndication simulator: deterministic, spans that point at what they claim, valid config."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from retold.records import MUTATION_TYPES

ROOT = Path(__file__).resolve().parent.parent


def _sim():
    spec = importlib.util.spec_from_file_location("syndication", ROOT / "benchmarks" / "syndication.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules["syndication"] = mod
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def corpus(request):
    sim = _sim()
    if not sim.REUTERS.is_file():
        pytest.skip(f"Reuters base articles not found at {sim.REUTERS} (set up ../shared/data)")
    arts, truth = sim.simulate(60, seed=7)
    return sim, arts, truth


def test_deterministic_for_a_seed(corpus):
    sim, arts, truth = corpus
    arts2, truth2 = sim.simulate(60, seed=7)
    assert arts == arts2 and truth == truth2
    arts3, _ = sim.simulate(60, seed=8)
    assert [a["text"] for a in arts3] != [a["text"] for a in arts]


def test_lineage_truth_is_consistent(corpus):
    _, arts, truth = corpus
    ids = {a["id"] for a in arts}
    by_id = {t["id"]: t for t in truth}
    when = {a["id"]: a["published"] for a in arts}
    for t in truth:
        assert t["parent"] is None or t["parent"] in ids
        if t["parent"]:
            assert by_id[t["parent"]]["story"] == t["story"]
            assert when[t["parent"]] < when[t["id"]]  # all dated by default
            assert t["ancestors"][0] == t["parent"]
        elif not t["distractor"] and t["origin"] != t["id"]:
            assert t["external"] and t["origin"] == f"external:{t['external']}"
    stories = {t["story"] for t in truth if not t["distractor"]}
    assert len(stories) == 60
    sizes = [sum(t["story"] == s for t in truth) for s in stories]
    assert min(sizes) >= 2 and max(sizes) <= 31


def test_operation_spans_point_at_the_edit(corpus):
    _, arts, truth = corpus
    text = {a["id"]: a["text"] for a in arts}
    seen = set()
    for t in truth:
        for op in t["operations"]:
            if op["mutation"]:
                assert op["mutation"] in MUTATION_TYPES
                seen.add(op["mutation"])
            if not t["parent"]:
                continue
            p, c = text[t["parent"]], text[t["id"]]
            if op["op"] == "quote_entity_swapped":
                old, new = op["detail"].split(" -> ")
                (cs, ce), = op["child_spans"]
                assert new in c[cs:ce] and any(old in p[ps:pe] for ps, pe in op["parent_spans"])
            if op["op"] == "channel_dropped":
                (ps, pe), = op["parent_spans"]
                (cs, ce), = op["child_spans"]
                name = op["detail"].split("'")[1]
                assert name in p[ps:pe] and name not in c[cs:ce]
            if op["op"] == "content_added":
                (cs, ce), = op["child_spans"]
                assert c[cs:ce] not in p
        if not t["parent"]:
            continue
        for (a, b), (x, y) in zip(t["kept"]["parent_spans"], t["kept"]["child_spans"]):
            assert text[t["parent"]][a:b] == text[t["id"]][x:y]
    assert {"quote_reworded", "caveat_dropped", "headline_changed", "content_removed"} <= seen


def test_undated_fraction(corpus):
    sim, _, _ = corpus
    arts, truth = sim.simulate(40, seed=3, config={"undated": 0.5})
    share = sum(a["published"] is None for a in arts) / len(arts)
    assert 0.35 < share < 0.65
    assert all((a["published"] is None) == (not t["dated"]) for a, t in zip(arts, truth))


def test_bad_config_names_the_setting():
    sim = _sim()
    with pytest.raises(ValueError, match="quote_swap"):
        sim.merge_config({"ops": {"quote_swap": 0.5}})
    with pytest.raises(ValueError, match="truncate=1.5"):
        sim.merge_config({"ops": {"truncate": 1.5}})
