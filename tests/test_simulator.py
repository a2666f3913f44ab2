"""The syndication simulator: deterministic, spans that point at what they claim, valid config."""
from __future__ import annotations

import pytest

from story_helpers import load_simulator

from retold.records import MUTATION_TYPES


_sim = load_simulator


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


def test_recorded_sources_change_nothing_else_and_tell_the_outside_page(corpus):
    """``record_sources`` adds the order of making and the outside origin's page (for the
    Bayes ceiling of ``benchmarks/lineage_ceiling.py``) and changes no article or truth."""
    sim, arts, truth = corpus
    arts2, truth2 = sim.simulate(60, seed=7, config={"record_sources": True})
    assert arts2 == arts
    extra = {"generated", "source"}
    assert [{k: v for k, v in t.items() if k not in extra} for t in truth2] == truth
    copies = [t for t in truth2 if t["ancestors"]]
    assert copies and all(t["generated"] >= 1 for t in copies)
    from_outside = [t for t in truth2 if t.get("external") and not t["parent"]]
    assert from_outside and all("source" in t for t in from_outside)
    assert not any("source" in t for t in truth2 if t["parent"])
    # a first-hand copy kept the source's wording: most of its lines are the source's
    t = from_outside[0]
    page = next(a for a in arts2 if a["id"] == t["id"])
    src_lines = set(t["source"]["text"].splitlines())
    shared = [x for x in page["text"].splitlines() if x in src_lines and len(x) > 40]
    assert shared
    assert t["source"]["published"] < page["published"]


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


class _FirstChoice:
    """A stand-in random source that always takes the first option and the lowest number,
    so one edit of the simulator can be replayed by hand."""

    def randint(self, a, b):
        return a

    def choice(self, xs):
        return list(xs)[0]

    def sample(self, xs, n):
        return list(xs)[:n]

    def random(self):
        return 0.0


def _editor(sim, quotes: list[dict]):
    import copy
    segs = [[sim.Seg(f"q{i}", "quote", q=dict(q))] for i, q in enumerate(quotes)]
    parent = sim.Doc("Headline", "Outlet", "outlet.example", segs)
    return sim.Editor(copy.deepcopy(parent), parent, _FirstChoice(), [100], "Origin")


def test_merge_trimmed_away_is_recorded_as_a_dropped_quote():
    sim = _sim()
    first = "Ministers agreed to review quarterly export prices again soon"  # 9 words
    ed = _editor(sim, [{"speaker": "Smith", "content": first},
                       {"speaker": "Smith", "same_as": "Smith", "content": "Talks resume Monday."}])
    ed.quote_merged()
    ed.quote_trimmed()  # cuts to 4 words: nothing of the second quotation is left
    assert ed.doc.paras[0][0].q["content"] == "Ministers agreed to review"
    ops = {o["op"]: o for o in ed.ops}
    assert "quote_merged" not in ops
    assert ops["drop_quote"]["mutation"] == "content_removed"
    assert ops["drop_quote"]["p_uids"] == ["q1"] and ops["drop_quote"]["c_uids"] == []
    assert ops["quote_trimmed"]["p_uids"] == ["q0"]  # trimmed from the first quotation only
    assert ops["quote_trimmed"]["detail"] == "quote cut from 9 to 4 words"


def test_merge_still_visible_after_a_trim_stays_a_merge():
    sim = _sim()
    ed = _editor(sim, [{"speaker": "Smith", "content": "Prices rose sharply."},
                       {"speaker": "Smith", "same_as": "Smith",
                        "content": "Ministers agreed to review quarterly export prices again"}])
    ed.quote_merged()
    ed.quote_trimmed()  # 11 words cut to 4: one word of the second quotation remains
    assert ed.doc.paras[0][0].q["content"] == "Prices rose sharply. Ministers"
    ops = {o["op"]: o for o in ed.ops}
    assert ops["quote_merged"]["p_uids"] == ["q0", "q1"] and "drop_quote" not in ops


def test_swap_of_a_name_this_hop_introduced_is_recorded_as_a_reword():
    sim = _sim()
    ed = _editor(sim, [{"speaker": "Smith", "content": "It cost five mln dlrs"}])
    ed.quote_reworded()  # the first synonym of "dlrs" is "dollars"
    ed.doc.paras[0][0].q["content"] = "It cost five mln U.S. dollars"  # as the other synonym
    ed.quote_entity_swapped()
    assert "U.S." not in ed.doc.paras[0][0].q["content"]  # the text is swapped all the same
    assert [o["op"] for o in ed.ops] == ["quote_reworded"]
    assert ed.ops[0]["detail"].startswith("'It cost five mln dlrs' -> ")
    ed = _editor(sim, [{"speaker": "Smith", "content": "The U.S. will act"}])
    ed.quote_entity_swapped()
    assert [o["op"] for o in ed.ops] == ["quote_entity_swapped"]
    assert "U.S." not in ed.doc.paras[0][0].q["content"]


@pytest.mark.parametrize("old_caveat,recorded", [
    ("Outlet was not able to independently verify Smith's account.", set()),
    ("The claims could not be independently confirmed.", {"caveat_dropped", "caveat_added"}),
])
def test_caveat_dropped_and_put_back_word_for_word_is_not_recorded(old_caveat, recorded):
    """A hop that drops the caveat and adds one with the very same words shows no caveat
    change; a different wording is both a dropped and an added caveat."""
    import copy
    sim = _sim()
    parent = sim.Doc("Headline", "Outlet", "outlet.example",
                     [[sim.Seg("q0", "quote", q={"speaker": "Smith", "content": "Prices rose.",
                                                 "verb": "said"})],
                      [sim.Seg("c0", "caveat", old_caveat)]])
    ed = sim.Editor(copy.deepcopy(parent), parent, _FirstChoice(), [100], "Origin")
    ed.caveat_dropped()
    ed.caveat_added()  # the first wording, naming the page's outlet
    ptext, pmap = sim.render(parent)
    ctext, cmap = sim.render(ed.doc)
    ops = sim._observed(ed.ops, parent, ed.doc, pmap, cmap)
    assert {o["mutation"] for o in ops} == recorded
    assert (ptext == ctext) == (not recorded)


@pytest.mark.parametrize("old,weaken,new,mutation", [
    ("said", True, "revealed", "hedge_weakened"),
    ("confirmed", True, "revealed", None),  # one booster for another: no weaker hedge
    ("said", False, "claimed", "hedge_strengthened"),
    ("alleged", False, "claimed", None),  # one hedge for another
    ("claimed", True, "said", "hedge_weakened"),
])
def test_a_verb_swapped_for_one_as_strong_is_no_hedge_change(old, weaken, new, mutation):
    """The text changes either way; the truth calls it a hedge change only when the
    claim is put more (or less) firmly, as the README's vocabulary does."""
    sim = _sim()
    ed = _editor(sim, [{"speaker": "Smith", "content": "Prices rose.", "verb": old}])
    ed.hedge(weaken=weaken)
    assert ed.doc.paras[0][0].q["verb"] == new
    assert [o["mutation"] for o in ed.ops] == [mutation]
