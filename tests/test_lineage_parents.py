"""Parent choice: independent edits, head starts and ties, credits, external sources."""
from __future__ import annotations

import datetime as dt
import itertools
import math
from collections import Counter

import networkx as nx
import pytest

from retold.dates import parse
from retold.lineage.headlines import TITLE_CUT_CHAR, title_cost
from retold.lineage.parents import (ROOT, TEMPERATURE, Node, choose_parents, edge_marginals,
                                    story_origin)
from retold.lineage.trace import trace_story
from retold.mutations._unit_match import (EXTRA_BLOCK, derivation_cost, edit_blocks, match_units,
                                          order_breaks)
from retold.mutations.units import split_units
from story_helpers import article

Q = "“Freight rates will double before the harvest is in,” Maria Lopez, a broker at the port, told Newsweek."
BODY = [
    "Grain shippers on the river face the tightest market in a decade, port officials said on Monday.",
    Q,
    "Barge operators have been laying up vessels since the water level fell in August.",
    "Farmers in the region have stored more of their crop on site than in any year since 2012.",
    "Newsweek was not able to independently verify the broker's figures.",
]


def _a(aid, paras, outlet, when, title="Freight rates set to double"):
    return article(aid, paras, outlet, when, title)


def _parents(tr):
    return {e.child: (e.parent or f"external:{e.external}") for e in tr.edges
            if not e.evidence.get("tie_with")}


def test_edit_blocks_counts_separate_places():
    a = "the bank said on monday that rates would rise, a spokesman told reuters."
    assert edit_blocks(a, a) == 0
    assert edit_blocks(a, a.replace("said", "claimed")) == 1
    both = a.replace("said", "claimed").replace(", a spokesman told reuters.", ".")
    assert edit_blocks(a, both) == 2
    # a cut quotation end, a name put in and a new description with its verb: three
    # edits, though no word is kept between them but the closing mark and the "a"
    q = "'output rose sharply in texas with reserves of 1.2 trillion,' a source told reuters."
    assert edit_blocks(q, "'output rose sharply in texas,' jan ruiz, a trader at the trade "
                          "ministry, confirmed to reuters.") == 3
    # a new description and a channel put after "said.": two edits, not one run
    # through the full stop glued to "said"
    said = "'rates will rise,' lautenberg, a former adviser to barclays, said."
    assert edit_blocks(said, "'rates will rise,' lautenberg, a spokesman for nomura "
                             "securities, said in an interview with asia monitor.") == 2
    assert edit_blocks("it's over, he said.", "it’s over, he said.") == 1  # one word


def test_undoing_two_edits_costs_more_than_making_one():
    """A sibling that reworded the quotation is a worse parent, by a whole edit act, for
    a copy that only changed the speaker's description than the original is: the copy
    would have to undo the rewording word for word and make its own edit."""
    text = "\n\n".join(BODY)
    origin = split_units(text)
    sibling = split_units(text.replace("will double", "could double"))
    child = split_units(text.replace("a broker at the port", "a shipping analyst"))
    from_origin = derivation_cost(origin, child, match_units(origin, child))[0]
    from_sibling = derivation_cost(sibling, child, match_units(sibling, child))[0]
    assert from_sibling - from_origin >= EXTRA_BLOCK


def _node(aid, hour, outlet="", credits=()):
    t = dt.datetime(2020, 3, 1, hour) if hour is not None else None
    return Node(id=aid, length=400, when=parse(t), outlet_key=outlet,
                channels=Counter({c: 1 for c in credits}),
                channel_names={c: c.title() for c in credits})


def test_head_start_decides_a_tie_but_the_tie_is_still_reported():
    nodes = [_node("o", 8), _node("a", 9), _node("c", 10)]
    cost = {("o", "a"): 30.0, ("o", "c"): 50.0, ("a", "c"): 50.0}
    plain = {ch.child: ch for ch in choose_parents(nodes, cost)}
    assert plain["c"].parent == "o" and plain["c"].tie_with == ["a"]
    # the head start goes to the likely origin even when it is not the earliest page
    cost = {("a", "o"): 30.0, ("a", "c"): 50.0, ("o", "c"): 50.0}
    nodes = [_node("a", 7), _node("o", None), _node("c", 10)]
    picked = {ch.child: ch for ch in choose_parents(nodes, cost, prior={"o": 20.0})}
    assert picked["c"].parent == "o" and picked["c"].tie_with == ["a"]
    # a head start does not outweigh clear evidence
    cost[("a", "c")] = 10.0
    picked = {ch.child: ch for ch in choose_parents(nodes, cost, prior={"o": 20.0})}
    assert picked["c"].parent == "a" and picked["c"].tie_with == []


def _wire_story(n_copies: int, sibling_saves: float):
    """An origin and ``n_copies`` copies an hour apart, each copy 60 from the origin and
    90 from any other copy, but the last copy is ``sibling_saves`` cheaper from the one
    before it (both made the same formulaic edit)."""
    nodes = [_node("o", 0)] + [
        Node(id=f"c{i}", length=400, when=parse(dt.datetime(2020, 3, 1) + dt.timedelta(hours=i + 1)))
        for i in range(n_copies)]
    cost = {("o", f"c{i}"): 60.0 for i in range(n_copies)}
    cost |= {(f"c{i}", f"c{j}"): 90.0 for i in range(n_copies) for j in range(i + 1, n_copies)}
    last, before = f"c{n_copies - 1}", f"c{n_copies - 2}"
    cost[(before, last)] = 60.0 - sibling_saves
    return nodes, cost, last


def test_the_origins_head_start_grows_with_the_copies_a_late_copy_could_have_taken():
    """A copy 30 cheaper from a sibling than from the origin: in a story of five the
    sibling is the better bet, a 20 head start notwithstanding; as the 200th copy the
    origin is, the odds of the origin against one given copy having grown with the
    copies (a sibling sharing one formulaic edit is likely a coincidence then)."""
    for n, expect in ((5, "c3"), (30, "o"), (200, "o")):
        nodes, cost, last = _wire_story(n, 30.0)
        picked = {ch.child: ch for ch in choose_parents(nodes, cost, prior={"o": 20.0})}
        assert picked[last].parent == expect, n
    # strong evidence still wins: a sibling 150 cheaper is the 200th copy's parent
    nodes, cost, last = _wire_story(200, 150.0)
    picked = {ch.child: ch for ch in choose_parents(nodes, cost, prior={"o": 20.0})}
    assert picked[last].parent == "c198"


def test_the_outside_sources_head_start_grows_as_the_origins_does():
    nodes, cost, last = _wire_story(200, 30.0)
    nodes, cost = nodes[1:], {k: v for k, v in cost.items() if k[0] != "o"}
    root = {n.id: 60.0 for n in nodes}
    story = {ch.child: ch for ch in choose_parents(nodes, cost, root_costs=root)}
    assert story[last].parent is None  # from the source, not from c198
    few_nodes, few_cost, few_last = _wire_story(5, 30.0)
    few = {ch.child: ch for ch in choose_parents(
        few_nodes[1:], {k: v for k, v in few_cost.items() if k[0] != "o"},
        root_costs={n.id: 60.0 for n in few_nodes[1:]})}
    assert few[few_last].parent == "c3"


def test_credit_most_copies_agree_on_beats_a_first_copy_that_changed_it():
    nodes = [_node("first", 8, "dailypost", credits=["aljazeera"]),
             *(_node(f"c{i}", 9 + i, f"outlet{i}", credits=["newswiretoday"]) for i in range(3))]
    assert story_origin(nodes)[2] == "newswiretoday"
    # a lone later drift does not override the first copy's credit
    nodes = [_node("first", 8, "dailypost", credits=["newswiretoday"]),
             _node("c0", 9, "metro", credits=["cnn"]), _node("c1", 10, "herald")]
    assert story_origin(nodes)[2] == "newswiretoday"


def test_sibling_with_a_same_cut_but_its_own_edits_is_not_the_parent():
    """Two copies of the origin drop the same caveat independently; the later one also
    keeps the original headline the earlier one rewrote and the quotation it reworded."""
    reworded = [p.replace("will double", "could double") for p in BODY]
    arts = [_a("o", BODY, "Newsweek", "2020-03-01T08:00:00Z"),
            _a("s", reworded[:4], "Daily Post", "2020-03-01T09:00:00Z",
               "Shippers brace for costlier barges"),
            _a("c", BODY[:4] + ["Rail operators expect to pick up some of the traffic."],
               "Evening Times", "2020-03-01T11:00:00Z")]
    assert _parents(trace_story("s", arts))["c"] == "o"


MERGE_BODY = [
    "Grain shippers on the river face the tightest market in a decade, port officials said on Monday.",
    "“Freight rates will double before the harvest is in,” Maria Lopez, a broker at the port, told Newsweek.",
    "Barge operators have been laying up vessels since the water level fell in August.",
    "“Nobody is chartering for October at these prices, and the farmers know it,” Lopez said.",
    "Farmers in the region have stored more of their crop on site than in any year since 2012.",
]
MERGED = ("“Freight rates will double before the harvest is in. Nobody is chartering for October "
          "at these prices, and the farmers know it,” Maria Lopez, a broker at the port, told Newsweek.")


def test_two_quotations_joined_cost_one_edit_not_a_cut_and_new_words():
    """A copy that joined two of its source's quotations into one kept every word of both:
    no cut, nothing new. Priced as the second quotation cut and its words written anew
    inside the first, the source looked worse than a sibling that had only dropped the
    second quotation, and the joined copy was hung under that sibling."""
    child = [MERGE_BODY[0], MERGED, MERGE_BODY[2], MERGE_BODY[4]]
    origin, sibling = split_units("\n\n".join(MERGE_BODY)), split_units("\n\n".join(child[:1] + MERGE_BODY[1:3] + MERGE_BODY[4:]))
    cu = split_units("\n\n".join(child))
    m = match_units(origin, cu)
    assert m.parent_only == [3]  # the second quotation has no partner of its own
    assert (derivation_cost(origin, cu, m)[0]
            < derivation_cost(sibling, cu, match_units(sibling, cu))[0])
    arts = [_a("o", MERGE_BODY, "Newsweek", "2020-03-01T08:00:00Z"),
            _a("s", MERGE_BODY[:3] + MERGE_BODY[4:], "Daily Post", "2020-03-01T09:00:00Z"),
            _a("c", child, "Evening Times", "2020-03-01T11:00:00Z")]
    assert _parents(trace_story("s", arts))["c"] == "o"


def test_external_source_wording_is_read_from_independent_copies():
    """The first copy reworded the quotation; three later copies each kept the source's
    wording and made an edit of their own. None of them copied the first one, and none
    is a copy of another."""
    reworded = [p.replace("will double", "could double") for p in BODY]
    extra = ["Rail operators expect to pick up some of the traffic.",
             "The port authority will publish its own forecast next week.",
             "Insurers have raised premiums for river cargo twice this year."]
    heads = ["Barge operators brace for costlier river freight",
             "Why shipping grain by river is about to get dearer",
             "Port warns of doubled cargo fees"]  # each desk writes its own
    arts = [_a("first", reworded, "Daily Post", "2020-03-01T08:00:00Z")]
    for i, (line, head) in enumerate(zip(extra, heads)):
        arts.append(_a(f"c{i}", BODY[:3] + [line] + BODY[3:], f"Outlet {i}",
                       f"2020-03-01T{10 + i:02d}:00:00Z", head))
    parents = _parents(trace_story("s", arts))
    assert parents["first"] == "external:Newsweek"
    assert all(parents[f"c{i}"] == "external:Newsweek" for i in range(3))


def test_the_source_headline_is_what_the_first_hand_copies_headlines_share():
    """Four first-hand copies each decorated the source's headline their own way (a
    wire tag, the outlet's name, a dateline, a section); a fifth kept it as it was. The
    source's headline is the words they share, not the earliest copy's decoration: so
    the copy that kept it came from the source, not from the copy whose decoration is
    as cheap to strip as the earliest one's."""
    reworded = [p.replace("will double", "could double") for p in BODY]
    title = "Freight rates set to double"
    own = ["Rail operators expect to pick up some of the traffic.",
           "The port authority will publish its own forecast next week."]
    arts = [_a("first", reworded, "Daily Post", "2020-03-01T08:00:00Z", f"UPDATE 1-{title}"),
            _a("recopy", reworded, "Metro Bulletin", "2020-03-01T09:00:00Z",
               f"UPDATE 1-{title}"),
            _a("c0", BODY[:3] + [own[0]] + BODY[3:], "Gulf Courier", "2020-03-01T10:00:00Z",
               f"{title} – Gulf Courier"),
            _a("c1", BODY[:3] + [own[1]] + BODY[3:], "Eastern Post", "2020-03-01T11:00:00Z",
               f"{title}, Lagos reports"),
            _a("c2", BODY, "Levant Ledger", "2020-03-01T12:00:00Z", f"Analysis: {title}"),
            _a("kept", BODY, "Daily Frontier", "2020-03-01T13:00:00Z", title)]
    parents = _parents(trace_story("s", arts))
    assert parents["recopy"] == "first"
    assert all(parents[k] == "external:Newsweek" for k in ("first", "c0", "c1", "c2", "kept"))


def test_consensus_title_takes_the_run_the_heads_share():
    from retold.lineage.consensus import consensus_title
    from retold.lineage.headlines import title_cost as _title_cost
    titles = {"a": "update 1-rates set to double", "b": "rates set to double – gulf courier",
              "c": "rates set to double, lagos reports", "e": "analysis: rates set to double",
              "r": "rates up"}
    heads = ["a", "b", "c", "e"]
    assert consensus_title(titles, heads, _title_cost) == "rates set to double"
    # the heads decide: a re-copy's headline ("r") neither votes nor is a candidate
    without_r = {k: v for k, v in titles.items() if k != "r"}
    assert consensus_title(without_r, heads, _title_cost) == "rates set to double"
    assert consensus_title(titles, ["a"], _title_cost) is None  # one head: keep the earliest
    # a glued story with many heads, each decorating the headline its own way: only the
    # commonest distinct headlines are weighed, and the shared words still win
    decor = ["update {i}-{x}", "{x} – outlet{i}", "{x}, city{i} reports", "section{i}: {x}"]
    many = {f"h{i}": decor[i % 4].format(i=i, x="rates set to double") for i in range(120)}
    assert consensus_title(many, list(many), _title_cost) == "rates set to double"


def test_copies_that_kept_the_source_headline_outvote_the_first_copys_new_one():
    """The first copy rewrote the headline and the quotation; three later copies kept
    both as the source had them, each with a paragraph of its own. None copied another."""
    reworded = [p.replace("will double", "could double") for p in BODY]
    extra = ["Rail operators expect to pick up some of the traffic.",
             "The port authority will publish its own forecast next week.",
             "Insurers have raised premiums for river cargo twice this year."]
    arts = [_a("first", reworded, "Daily Post", "2020-03-01T08:00:00Z",
               "Barge freight could double, broker warns")]
    for i, line in enumerate(extra):
        arts.append(_a(f"c{i}", BODY[:3] + [line] + BODY[3:], f"Outlet {i}",
                       f"2020-03-01T{10 + i:02d}:00:00Z"))
    parents = _parents(trace_story("s", arts))
    assert parents == {a.id: "external:Newsweek" for a in arts}


def test_a_partially_matched_unit_counts_its_separate_edits():
    """A quotation cut down to a fragment pairs only by substring; a fragment that also
    changed a word elsewhere took two edits, not one, exactly as a sentence paired whole
    would (else a sibling that happens to pair partially looks cheaper than the source)."""
    long_q = ("“Freight rates will double before the harvest is in, and the barge operators "
              "who laid up their vessels in August will not be back before spring,” Maria "
              "Lopez, a broker at the port, told Newsweek.")
    parent = split_units(long_q)
    cut = split_units("Freight rates will double before the harvest is in.")
    cut_and_changed = split_units("Freight rates will triple before the harvest is in.")
    m1, m2 = match_units(parent, cut), match_units(parent, cut_and_changed)
    assert m1.pairs and m1.pairs[0][3] and m2.pairs and m2.pairs[0][3]  # paired partially
    one = derivation_cost(parent, cut, m1)[0]
    two = derivation_cost(parent, cut_and_changed, m2)[0]
    assert two - one >= EXTRA_BLOCK


def _pairings(units):
    ids = list(units)
    return {(a, b): match_units(units[a], units[b]) for i, a in enumerate(ids)
            for b in ids[i + 1:]}


def test_a_passage_one_line_of_descent_carries_is_not_the_sources():
    """A copy added a paragraph and its own re-copy kept it: two of five articles carry
    it, on one line of descent — it was never in the source's text. A passage most
    articles carry stays, even all on one line (the other lines may be short copies)."""
    from retold.lineage.consensus import consensus_units
    added = "Insurers have raised premiums for river cargo twice this year."
    texts = {"a": BODY, "b": BODY[:3] + [added] + BODY[3:],
             "b2": BODY[:3] + [added] + BODY[3:], "c": BODY[:4], "d": BODY[1:]}
    units = {k: split_units("\n\n".join(v)) for k, v in texts.items()}
    order = ["a", "b", "b2", "c", "d"]
    plain = {x.text for x in consensus_units(order, units, _pairings(units))}
    lines = {"a": "a", "b": "b", "b2": "b", "c": "c", "d": "d"}
    by_line = {x.text for x in consensus_units(order, units, _pairings(units), lines=lines)}
    assert added in plain and added not in by_line
    assert by_line == plain - {added}
    one_line = {k: "b" for k in order} | {"d": "d"}  # "a", "c" are re-copies of "b" here
    assert BODY[0] in {x.text for x in consensus_units(order, units, _pairings(units),
                                                       lines=one_line)}  # 4 of 5 carry it


def test_each_line_head_votes_on_a_passage_a_truncated_one_abstains():
    """A chain of re-copies can carry a copy's new paragraph on most pages: the first
    copy lacks it in the middle of its text, the second added it and two re-copies kept
    it. By articles it is the source's (three of four); by lines of descent it is one
    head against another, and the earlier head, the first copy, speaks for the source.
    A head whose text ends before the passage (a truncated copy) has no say."""
    from retold.lineage.consensus import consensus_units
    added = "Insurers have raised premiums for river cargo twice this year."
    grown = BODY[:3] + [added] + BODY[3:]
    texts = {"a": BODY, "b": grown, "b2": grown, "b3": grown}
    units = {k: split_units("\n\n".join(v)) for k, v in texts.items()}
    order, lines = list(texts), {"a": "a", "b": "b", "b2": "b", "b3": "b"}
    assert added in {x.text for x in consensus_units(order, units, _pairings(units))}
    by_line = {x.text for x in consensus_units(order, units, _pairings(units), lines=lines)}
    assert added not in by_line and set(BODY) <= by_line
    texts["a"] = BODY[:2]  # the first copy was cut before the passage: it abstains
    units = {k: split_units("\n\n".join(v)) for k, v in texts.items()}
    assert added in {x.text for x in consensus_units(order, units, _pairings(units),
                                                     lines=lines)}


def test_a_caveat_few_first_hand_copies_kept_is_the_sources():
    """Copies cut verification caveats far more often than they add one: when one of
    three first-hand copies keeps Newsweek's caveat, the source had it (the other two
    dropped it; the one that kept it added nothing). A caveat a copy writes in its own
    name is its own; so is one a single head in many carries."""
    from retold.lineage.consensus import consensus_units
    from retold.lineage.trace import _source_caveats
    own = "The Daily Post could not independently verify the figures."

    def consensus(texts, use_caveats=True):
        arts = {k: _a(k, v, "Daily Post" if k == "c" else f"Outlet {k}",
                      f"2020-03-01T{8 + i:02d}:00:00Z") for i, (k, v) in enumerate(texts.items())}
        units = {k: split_units(a.text) for k, a in arts.items()}
        one_way = _source_caveats(list(texts), units, arts, frozenset()) if use_caveats else ()
        return {x.text for x in consensus_units(list(texts), units, _pairings(units),
                                                lines={k: k for k in texts}, one_way=one_way)}

    kept_once = {"a": BODY, "b": BODY[:4], "c": BODY[:4]}
    assert BODY[4] in consensus(kept_once)
    assert BODY[4] not in consensus(kept_once, use_caveats=False)  # by majority
    assert own not in consensus({"a": BODY[:4], "b": BODY[:4], "c": BODY[:4] + [own]})
    one_in_six = {f"h{i}": BODY[:4] for i in range(5)} | {"a": BODY}
    assert BODY[4] not in consensus(one_in_six)


def test_the_first_hand_copies_that_cut_the_sources_caveat_dropped_it():
    """Three copies of a Newsweek interview, one keeping Newsweek's caveat: typed
    against the source as its copies tell it, the two that lack it dropped it and the
    one that kept it added nothing."""
    texts = {"a": BODY, "b": BODY[:4], "c": BODY[1:4]}
    arts = [_a(k, v, o, f"2020-03-01T{8 + i:02d}:00:00Z") for i, ((k, v), o) in
            enumerate(zip(texts.items(), ["Gulf Courier", "The Herald", "Daily Post"]))]
    tr = trace_story("s", arts)
    assert set(_parents(tr).values()) == {"external:Newsweek"}
    types = {(m.child, m.type) for m in tr.mutations if m.from_outside}
    assert {("b", "caveat_dropped"), ("c", "caveat_dropped")} <= types
    assert not any(t.startswith("caveat") for c, t in types if c == "a")


def test_a_copys_own_name_on_its_headline_was_never_the_sources():
    """Two first-hand copies: "… – Euro Report" on Euro Report's page, the earliest, and
    the bare headline on another. The source's headline is the bare one (the earliest
    page's decoration won the tie before), so the hop to Euro Report changed the
    headline and the other kept it; a name that is not the page's own stays part of the headline."""
    bare = "Freight rates set to double"
    arts = [_a("a", BODY, "Euro Report", "2020-03-01T08:00:00Z", f"{bare} – Euro Report"),
            _a("b", BODY[:4], "The Herald", "2020-03-01T09:00:00Z", bare)]
    tr = trace_story("s", arts)
    assert set(_parents(tr).values()) == {"external:Newsweek"}
    changed = {m.child for m in tr.mutations if m.from_outside and m.type == "headline_changed"}
    assert changed == {"a"}
    from retold.lineage.headlines import source_title as _source_title
    assert _source_title(arts[0]) == bare
    assert _source_title(_a("x", BODY, "The Herald", None, f"{bare} – Euro Report")) == \
        f"{bare} – Euro Report"


def test_a_tag_one_head_put_on_the_sources_headline_is_that_heads_own():
    """Two first-hand copies: "Confirmed: …" on the earliest page, the bare headline on
    the other. Either derives from the other by one act, and the earliest won the tie,
    so the bare copy was said to have cut the tag. Desks add tags far more often than
    they strip one (``headlines.SOURCE_STRIP``): the source's headline is the bare one and
    the hop to the tagged copy is the one that changed it."""
    from retold.lineage.consensus import consensus_title
    from retold.lineage.headlines import source_title_cost as _source_title_cost

    bare = "Freight rates set to double"
    arts = [_a("a", BODY, "The Chronicle", "2020-03-01T08:00:00Z", f"Confirmed: {bare}"),
            _a("b", BODY[:4], "The Herald", "2020-03-01T09:00:00Z", bare)]
    tr = trace_story("s", arts)
    assert set(_parents(tr).values()) == {"external:Newsweek"}
    titled = {m.child for m in tr.mutations if m.from_outside and m.type.startswith("headline")}
    assert titled == {"a"}
    heads = {"a": "confirmed: rates set to double", "b": "rates set to double"}
    assert consensus_title(heads, list(heads), _source_title_cost) == heads["b"]
    # a head that cut the headline short did not strip a tag: the longer headline stands
    cut = {"a": "rates set to double in may", "b": "rates set to double"}
    assert consensus_title(cut, list(cut), _source_title_cost) == cut["a"]


def test_a_reversion_counts_only_against_a_wording_others_vouch_for():
    """A child in the source's wording where the candidate changed it would have to undo
    the candidate's edit: that costs REVERT_COST, but only when the wording is the
    consensus's by other articles' votes. A copy of a copy taken for a first-hand copy
    votes for its own trimmed quotation, and that vote alone made its true parent look
    reworded away from "the source"."""
    from retold.lineage.trace import REVERT_COST, TITLE_KEY, _with_reversions
    reworded = BODY[:1] + [Q.replace("will double", "could double")] + BODY[2:]
    units = {"p": split_units("\n\n".join(reworded)), "c": split_units("\n\n".join(BODY))}
    m = match_units(units["p"], units["c"])
    q = units["c"][1].norm
    base = {("p", "c"): 100.0}
    alone = _with_reversions(base, {("p", "c"): m}, units, {q: {"c"}})
    vouched = _with_reversions(base, {("p", "c"): m}, units, {q: {"c", "x"}})
    assert alone[("p", "c")] == 100.0 and vouched[("p", "c")] == 100.0 + REVERT_COST
    titles = {"p": "rates may double", "c": "rates set to double"}
    title_alone = _with_reversions(base, {("p", "c"): m}, units, {TITLE_KEY: {"c"}}, titles,
                                   "rates set to double")
    title_vouched = _with_reversions(base, {("p", "c"): m}, units, {TITLE_KEY: {"c", "x"}},
                                     titles, "rates set to double")
    assert title_alone[("p", "c")] == 100.0 and title_vouched[("p", "c")] == 100.0 + REVERT_COST


def test_a_head_pays_for_its_headline_against_the_headline_the_other_heads_give():
    """Two first-hand copies, one headline each: the source's headline chosen with a
    copy's own vote is that copy's, so it paid nothing for its headline and the other
    paid for both. Each is now priced against what the other heads say."""
    from retold.lineage.headlines import title_cost as _title_cost
    from retold.lineage.trace import _consensus_costs
    texts = {"a": BODY, "b": BODY[:4]}
    heads = {"a": "Freight rates set to double", "b": "Freight rates set to double, Lagos reports"}
    arts = {k: _a(k, v, f"Outlet {k}", f"2020-03-01T{8 + i:02d}:00:00Z", heads[k])
            for i, (k, v) in enumerate(texts.items())}
    units = {k: split_units(a.text) for k, a in arts.items()}
    lines = {"a": "a", "b": "b"}
    cost, _, title, *_ = _consensus_costs(list(texts), units, _pairings(units), frozenset(),
                                          arts, lines)
    assert title == "freight rates set to double"
    paid = _title_cost(heads["a"], heads["b"])
    body_only, *_ = _consensus_costs(list(texts), units, _pairings(units), frozenset(),
                                     {k: _a(k, texts[k], f"Outlet {k}", None, "") for k in texts},
                                     lines)
    assert cost["a"] - body_only["a"] == pytest.approx(paid)
    assert cost["b"] - body_only["b"] == pytest.approx(paid)


def test_a_line_that_kept_the_attribution_speaks_for_the_source():
    """Two of three first-hand copies print Maria Lopez's words as their own (the
    attribution lost, each on its own); copies never put an attribution back, so the
    source had the attributed quotation, however many lost it."""
    from retold.lineage.consensus import consensus_units
    bare = "Freight rates will double before the harvest is in."
    texts = {"a": BODY, "b": BODY[:1] + [bare] + BODY[2:], "c": BODY[:1] + [bare] + BODY[2:4]}
    units = {k: split_units("\n\n".join(v)) for k, v in texts.items()}
    got = {x.text for x in consensus_units(list(texts), units, _pairings(units),
                                           lines={k: k for k in texts})}
    assert Q in got and bare not in got
    # the same for a speaker made anonymous: copies drop names, they do not find them
    anon = Q.replace("Maria Lopez, a broker at the port,", "a source")
    texts = {"a": BODY, "b": BODY[:1] + [anon] + BODY[2:], "c": BODY[:1] + [anon] + BODY[2:4]}
    units = {k: split_units("\n\n".join(v)) for k, v in texts.items()}
    got = {x.text for x in consensus_units(list(texts), units, _pairings(units),
                                           lines={k: k for k in texts})}
    assert Q in got and anon not in got
    # and for the reporting verb: copies make "said" surer or less sure, seldom back
    said = "“Freight rates will double before the harvest is in,” Maria Lopez said on Monday."
    claimed = said.replace(" said ", " claimed ")
    texts = {"a": BODY[:1] + [said] + BODY[2:], "b": BODY[:1] + [claimed] + BODY[2:],
             "c": BODY[:1] + [claimed] + BODY[2:4]}
    units = {k: split_units("\n\n".join(v)) for k, v in texts.items()}
    got = {x.text for x in consensus_units(list(texts), units, _pairings(units),
                                           lines={k: k for k in texts})}
    assert said in got and claimed not in got


def test_a_line_with_the_whole_quotation_speaks_for_the_source():
    """Three first-hand copies, one vote each: the earliest cut Maria Lopez's quotation
    after four words, another after eight. A trimmed quotation never grows back, so the
    one line that has it whole has the source's wording (before, the earliest won the
    tie). Words that go on after a sentence break are no such proof: they may be a
    second quotation merged in."""
    from retold.lineage.consensus import _trimmed_from, consensus_units
    cut4 = Q.replace("Freight rates will double before the harvest is in,",
                     "Freight rates will double,")
    cut8 = Q.replace("before the harvest is in,", "before the harvest,")
    texts = {"a": BODY[:1] + [cut4] + BODY[2:], "b": BODY[:1] + [cut8] + BODY[2:4],
             "c": BODY}
    units = {k: split_units("\n\n".join(v)) for k, v in texts.items()}
    got = {x.text for x in consensus_units(list(texts), units, _pairings(units),
                                           lines={k: k for k in texts})}
    assert Q in got and cut4 not in got and cut8 not in got
    merged = Q.replace("harvest is in,", "harvest is in. Prices have not been this high "
                                         "since the drought,")
    short, whole, joined = (split_units(t)[0] for t in (cut8, Q, merged))
    assert _trimmed_from(short, whole) and not _trimmed_from(whole, short)
    assert not _trimmed_from(whole, joined)  # the seam of two quotations


def test_of_two_undated_self_citing_pages_the_original_is_the_origin():
    """Reuters' own page quotes the broker "told Reuters" and is undated; so is a later
    Reuters page that re-copied the Daily Post's copy (its reworded paragraph, its cut)
    and added a line, inheriting the self-citation. The dates cannot tell which came
    first; the original is the one nearest what the copies agree on (before, the page
    the others explained least, the re-copy with its added line, became the origin and
    the whole tree hung from it)."""
    q = Q.replace("told Newsweek", "told Reuters")
    body = [BODY[0], q, BODY[2], BODY[3],
            "Reuters was not able to independently verify the broker's figures."]
    reword = body[:2] + ["Barge operators have laid up vessels since the river level "
                         "dropped in August."] + body[3:]
    more = "Insurers have raised premiums for river cargo twice this year."
    arts = [_a("o", body, "Reuters", None), _a("a", reword[:4], "Daily Post", "2020-03-01T09:00:00Z"),
            _a("r", reword[:4] + [more], "Reuters", None),
            _a("b", body[:4], "Metro", "2020-03-01T10:00:00Z"),
            _a("c", body, "Evening Times", "2020-03-01T11:00:00Z")]
    tr = trace_story("s", arts)
    assert tr.origin == "o"
    parents = _parents(tr)
    assert (parents["a"], parents["r"], parents["b"], parents["c"]) == ("o", "a", "o", "o")


def test_lacking_a_minority_passage_of_the_consensus_is_no_cut():
    """Two of five copies carry a paragraph (a branch's addition, or a passage most
    copies cut): a copy without it made no edit; one without a passage most carry did."""
    from retold.lineage.trace import CONSENSUS_MARGIN, _consensus_costs
    extra = "Insurers have raised premiums for river cargo twice this year."
    with_extra = BODY[:3] + [extra] + BODY[3:]
    texts = {"a": BODY, "b": with_extra, "c": with_extra, "d": BODY, "e": BODY[1:]}
    arts = {k: _a(k, v, f"Outlet {k}", f"2020-03-01T{8 + i:02d}:00:00Z")
            for i, (k, v) in enumerate(texts.items())}
    units = {k: split_units(a.text) for k, a in arts.items()}
    cost, _, _, _ = _consensus_costs(list(texts), units, _pairings(units), frozenset(), arts)
    assert cost["a"] == cost["d"] < CONSENSUS_MARGIN + 5
    assert cost["e"] >= cost["a"] + 10  # cut the opening paragraph all the others carry


def test_undated_pair_is_oriented_by_edits_copies_make_one_way_only():
    """Neither page is dated. The copy stated the broker's quotation as fact, hardened the
    headline and added a line; cutting is cheaper than adding, so on text alone the copy
    looks like the source. Putting an attribution back and softening a headline are
    edits retellings do not make: the page that has them is the source."""
    body = [BODY[0], "“Freight rates will double before the harvest is in,” Maria Lopez, "
            "a broker at the port, said.", BODY[2], BODY[3]]
    bare = body[:1] + ["Freight rates will double before the harvest is in."] + body[2:] + [
        "Rail operators expect to pick up some of the traffic."]
    arts = [_a("o", body, "Daily Post", None, "Freight rates may double"),
            _a("c", bare, "Metro", None, "Revealed: freight rates may double")]
    tr = trace_story("s", arts)
    assert _parents(tr)["c"] == "o" and tr.origin == "o"


def test_pages_without_an_outlet_may_be_the_credited_outlets_own():
    """No page says which outlet it is from. The first one quotes the broker "told
    Newsweek": it may be Newsweek's own report, so it is the origin in the corpus, not a
    copy of an outside Newsweek page (with outlets unknown, every page became such a
    copy and the origin was wrong in four stories of five on simulated data)."""
    arts = [_a("o", BODY, None, "2020-03-01T08:00:00Z"),
            _a("a", BODY[:4], None, "2020-03-01T09:00:00Z"),
            _a("b", BODY[:3], None, "2020-03-01T10:00:00Z", "Barge rates to double")]
    tr = trace_story("s", arts)
    assert tr.origin == "o"
    assert _parents(tr)["a"] == "o" and _parents(tr)["b"] in ("o", "a")
    named = [_a(x.id, x.text.split("\n\n"), "Daily Post" if x.id == "o" else None, x.published,
                x.title) for x in arts]
    assert trace_story("s", named).origin == "external:Newsweek"  # a known other outlet


def test_with_days_only_any_page_of_the_first_day_may_be_the_first_copy():
    """Both first-day pages give only the day. The Daily Post's copy changed the credit
    to CNN; Reuters' own page credits nobody; the next day's copies credit Reuters. The
    Reuters page may have come first, and the others credit its outlet: it is the
    origin, not an outside CNN report (which a sort by id would have made the first
    copy say)."""
    def day_node(aid, day, outlet, credits=()):
        return Node(id=aid, length=400, when=parse(f"2020-03-0{day}"), outlet_key=outlet,
                    channels=Counter({c: 1 for c in credits}),
                    channel_names={c: c.title() for c in credits})

    nodes = [day_node("b-copy", 1, "dailypost", ["cnn"]), day_node("z-reuters", 1, "reuters"),
             day_node("c", 2, "metro", ["reuters"]), day_node("d", 2, "herald", ["reuters"])]
    assert story_origin(nodes)[0] == "z-reuters"


def _trees(nodes, cost, root_cost):
    """Every parent assignment without a cycle: ``(assignment, total cost)``."""
    ids = [n.id for n in nodes]
    options = {c: [None] + [p for (p, c2) in cost if c2 == c] for c in ids}
    out = []
    for combo in itertools.product(*(options[c] for c in ids)):
        par = dict(zip(ids, combo))

        def rooted(x, seen=()):
            return par[x] is None or (x not in seen and rooted(par[x], seen + (x,)))
        if all(rooted(c) for c in ids):
            out.append((par, sum(root_cost if par[c] is None else cost[(par[c], c)]
                                 for c in ids)))
    return out


def test_edge_marginals_match_enumerating_every_tree():
    # four articles, two undated, with costs in both directions where dates allow it
    nodes = [_node("a", 8), _node("b", None), _node("c", 10), _node("d", None)]
    cost = {("a", "b"): 20.0, ("b", "a"): 35.0, ("a", "c"): 60.0, ("b", "c"): 40.0,
            ("c", "d"): 15.0, ("d", "c"): 18.0, ("b", "d"): 45.0, ("d", "b"): 25.0,
            ("a", "d"): 70.0}
    rc = 90.0
    # and the same articles all dated: only forward edges, no cycle (the shortcut)
    forward = {(p, c): w for (p, c), w in cost.items() if p < c}
    for costs in (cost, forward):
        trees = _trees(nodes, costs, rc)
        z = sum(math.exp(-w / TEMPERATURE) for _, w in trees)
        g = nx.DiGraph()
        for n in nodes:
            g.add_edge(ROOT, n.id, weight=rc)
        for (p, c), w in costs.items():
            g.add_edge(p, c, weight=w)
        best = nx.minimum_spanning_arborescence(g, attr="weight", preserve_attrs=True)
        marg = edge_marginals(g, ROOT, TEMPERATURE, best)
        assert set(marg) == set(g.edges())
        for (p, c) in g.edges():
            want = sum(math.exp(-w / TEMPERATURE) for par, w in trees
                       if par[c] == (None if p == ROOT else p)) / z
            assert abs(marg[(p, c)] - want) < 1e-9, (p, c)


def test_confidence_counts_the_trees_an_undated_pair_allows():
    # two undated articles, each as cheaply made from the other: which came first is a
    # coin toss, so each reading is half likely (a child's own candidates alone would
    # put the root edge near 0 and the copy edge near 1)
    nodes = [_node("x", None), _node("y", None)]
    out = {ch.child: ch for ch in choose_parents(nodes, {("x", "y"): 10.0, ("y", "x"): 10.0})}
    first = next(c for c in out.values() if c.parent is None)
    second = next(c for c in out.values() if c.parent is not None)
    assert second.parent == first.child
    assert abs(first.confidence - 0.5) < 0.01 and abs(second.confidence - 0.5) < 0.01
    # dated, the order is known and the copy edge is certain again
    nodes = [_node("x", 8), _node("y", 9)]
    out = {ch.child: ch for ch in choose_parents(nodes, {("x", "y"): 10.0})}
    assert out["y"].parent == "x" and out["y"].confidence > 0.99
    assert out["x"].parent is None and out["x"].confidence == 1.0


def test_alternatives_and_tied_candidates_carry_their_own_probability():
    nodes = [_node("o", 8), _node("a", 9), _node("c", 10)]
    cost = {("o", "a"): 30.0, ("o", "c"): 50.0, ("a", "c"): 51.0}
    c = {ch.child: ch for ch in choose_parents(nodes, cost)}["c"]
    assert c.parent == "o" and c.tie_with == ["a"]
    probs = {p: pr for p, _, pr in c.alternatives}
    assert set(probs) == {"o", "a", None}  # None: outside the corpus
    assert probs["o"] == c.confidence and c.tie_confidence == [probs["a"]]
    assert probs["o"] > probs["a"] > 0.4 and probs[None] < 0.01
    assert abs(sum(probs.values()) - 1.0) < 1e-3


def test_order_breaks_counts_moves_not_cuts_or_additions():
    text = "\n\n".join(BODY)
    units = split_units(text)
    assert order_breaks(match_units(units, units)) == 0
    cut_and_added = split_units("\n\n".join(BODY[:2] + ["Rail operators expect to pick up "
                                                       "some of the traffic."] + BODY[3:]))
    assert order_breaks(match_units(units, cut_and_added)) == 0
    swapped = split_units("\n\n".join([BODY[3], BODY[1], BODY[2], BODY[0], BODY[4]]))
    assert order_breaks(match_units(units, swapped)) == 3  # 3 1 2 0 4: three places


def test_a_copy_that_kept_a_moved_paragraph_came_from_the_page_that_moved_it():
    """The first copy moved the farmers' paragraph to the top; a later copy has it there
    too, and added a line of its own. Apart from the order it reads as well from the
    origin (which has the head start), but a copy keeps its source's order: it took the
    first copy's page. A copy in the origin's order still goes to the origin."""
    moved = [BODY[3]] + BODY[:3] + BODY[4:]
    extra = "Rail operators expect to pick up some of the traffic."
    arts = [_a("o", BODY, "Newsweek", "2020-03-01T08:00:00Z"),
            _a("m", moved, "Daily Post", "2020-03-01T09:00:00Z"),
            _a("c", moved + [extra], "Evening Times", "2020-03-01T11:00:00Z"),
            _a("k", BODY + ["Insurers have raised premiums for river cargo twice this year."],
               "Morning Star", "2020-03-01T12:00:00Z")]
    tr = trace_story("s", arts)
    parents = _parents(tr)
    assert parents["m"] == "o" and parents["c"] == "m" and parents["k"] == "o"
    breaks = {e.child: e.evidence["order_breaks"] for e in tr.edges if e.parent}
    assert breaks == {"m": 2, "c": 0, "k": 0}  # the move is m's own edit


def test_headline_acts_count_cuts_additions_and_swaps():
    from retold.lineage.headlines import headline_acts
    base = "freight rates on the rhine set to double"
    assert headline_acts(base, base) == 0
    assert headline_acts(base, "update 1-" + base) == 1  # a tag added
    assert headline_acts(base, base + ", amid rotterdam concern") == 1  # "double," extends "double"
    assert headline_acts(base, "freight rates on the rhine") == 1  # a tail cut
    assert headline_acts(base, base.replace("double", "triple")) == 1  # one word swapped
    # a tail cut *and* another put in its place: two acts, where edit_blocks sees one place
    other = "freight rates on the rhine set to double next year"
    assert headline_acts(other, base + ", amid rotterdam concern") == 2
    assert edit_blocks(other, base + ", amid rotterdam concern") == 1
    # added words are one act per phrase between separators: a tag, a hardening, a suffix
    assert headline_acts(base, "focus-confirmed: " + base) == 2
    assert headline_acts("confirmed: " + base, "focus-confirmed: " + base) == 1
    assert headline_acts(base, base + " – market wire, as osaka watches") == 2


def test_a_dangling_separator_is_the_leftover_of_a_cut_tail():
    """A headline ending in a bare separator ("…trial system, -") kept the separator of
    a tail it cut; nobody adds a lone dash. From "…system," that addition is two acts;
    from "…system, - Newswire Today" the cut is one."""
    from retold.lineage.headlines import headline_acts
    short, long = "strong says under alberta's trial system,", \
        "strong says under alberta's trial system, - newswire today"
    child = "strong says under alberta's trial system, -"
    assert headline_acts(long, child) == 1
    assert headline_acts(short, child) == 2
    assert headline_acts(short, short + " - the herald") == 1  # a site name is one act


def test_a_cut_headline_never_grows_back():
    """Words run on at the end of a headline with no separator are not a decoration: the
    longer headline is the source, the shorter a copy that cut its tail. Growing them
    back costs ``REGROWN`` acts more than cutting them; a suffix set off by a separator
    and words put inside a headline stay one act."""
    from retold.lineage.headlines import REGROWN, headline_acts
    short, full = "japan acts to cool", "japan acts to cool u.s. anger on telecoms dispute"
    assert REGROWN > 0
    assert headline_acts(full, short) == 1
    assert headline_acts(short, full) == 1 + REGROWN
    assert headline_acts(short, short + ", lagos reports") == 1
    assert headline_acts(short, "japan moves to cool") == 1  # a word swapped, not grown
    assert headline_acts(short, "japan acts fast to cool") == 1  # a word put inside


def test_the_outside_sources_headline_is_the_one_the_heads_cut():
    """Three first-hand copies: two cut the source's headline at different words, one
    kept it whole. Before, the middle cut derived the others as cheaply (one cut, one
    addition) and won as the earliest; the cut words cannot have grown back."""
    from retold.lineage.consensus import consensus_title
    from retold.lineage.headlines import title_cost as _title_cost
    titles = {"a": "japan acts to", "b": "japan acts to cool",
              "c": "japan acts to cool u.s. anger on telecoms dispute"}
    assert consensus_title(titles, list(titles), _title_cost) == titles["c"]


def test_a_heads_headline_is_read_without_its_own_decoration():
    """The one head that kept the source's headline whole put a tag in front of it
    ("exposed: "); the others cut it. The source's headline is that head's without the
    tag, which no head carries as it is and no two heads share: the candidates include
    each head's headline with a tag or suffix cut off, and runs of words are read with
    punctuation apart ("update 1-rates" holds "rates")."""
    from retold.lineage.consensus import consensus_title
    from retold.lineage.headlines import shared_runs as _shared_runs
    from retold.lineage.headlines import title_cost as _title_cost
    titles = {"a": "union to protest", "b": "union to protest dart's",
              "c": "exposed: union to protest dart's supermarkets bid"}
    assert consensus_title(titles, list(titles), _title_cost) == "union to protest dart's supermarkets bid"
    assert _shared_runs(["update 1-rates rise in x", "rates rise in x, lagos reports"]) == {
        "rates rise in x"}
    # two heads that rewrote it each their own way: a head's headline cut short of its
    # suffix shares nothing with the other's, and is no candidate (a shorter string only
    # looks cheaper to reach); the earliest headline stands
    apart = {"f": "ex-is member says group sees turkey as ally",
             "b": "turkey let is cross its border, says defector"}
    assert consensus_title(apart, list(apart), _title_cost) == apart["f"]


def test_the_headline_a_copy_extends_names_its_parent_over_the_origin():
    """The origin's headline ends "next year"; an early copy cut that tail; a later copy
    added a suffix to the cut headline. The texts are the origin's throughout, so only
    the headline tells: the later copy extended the early copy's, it did not cut the
    origin's tail and then add one of its own."""
    origin = "Freight rates on the Rhine set to double next year"
    cut = "Freight rates on the Rhine set to double"
    arts = [_a("o", BODY, "Newsweek", "2020-03-01T08:00:00Z", origin),
            _a("cut", BODY, "Daily Post", "2020-03-01T09:00:00Z", cut),
            _a("c", BODY, "Evening Times", "2020-03-01T11:00:00Z", cut + ", amid Rotterdam concern")]
    assert _parents(trace_story("s", arts))["c"] == "cut"


def test_another_outlets_name_on_a_headline_points_at_that_outlets_page():
    """Market Wire's copy of the origin named itself on its headline ("… – Market
    Wire") and credited the origin in its first sentence; a later page kept "– Market
    Wire" on its own headline but took the credit out again. Text alone favours the
    origin (no reversion to make), but a page does not put another outlet's name on its
    headline unless it took the headline from that outlet's page."""
    from retold.lineage.headlines import FOREIGN_SITE, foreign_site_cost

    title = "Freight rates on the Rhine set to double"
    credited = [BODY[0].replace("port officials said", "port officials told Newsweek")] + BODY[1:]
    arts = [_a("o", BODY, "Newsweek", "2020-03-01T08:00:00Z", title),
            _a("mw", credited, "Market Wire", "2020-03-01T09:00:00Z", f"{title} – Market Wire"),
            _a("c", BODY, "Evening Times", "2020-03-01T11:00:00Z",
               f"{title} – Market Wire, amid Rotterdam concern")]
    assert _parents(trace_story("s", arts))["c"] == "mw"
    outlets = {"newsweek", "marketwire", "eveningtimes"}
    assert foreign_site_cost(title, arts[2].title, "eveningtimes", outlets) == FOREIGN_SITE
    assert foreign_site_cost(arts[1].title, arts[2].title, "eveningtimes", outlets) == 0
    # a page's own name, or a name no page of the story has, says nothing
    assert foreign_site_cost(title, f"{title} – Evening Times", "eveningtimes", outlets) == 0
    assert foreign_site_cost(title, f"{title} – Gulf Daily", "eveningtimes", outlets) == 0


def test_a_tag_on_a_hardened_headline_points_at_the_copy_that_hardened_it():
    """An early copy hardened the origin's headline with a "Confirmed:" prefix; a later
    copy put a "FOCUS-" tag in front of that. From the origin it would have added both
    at once (two decorations, two acts); from the early copy, only the tag. In whatever
    order the pages come: each direction of a pair pays its own headline acts (cutting
    both decorations is one act, adding them two)."""
    head = "Freight rates on the Rhine set to double"
    arts = [_a("o", BODY, "Newsweek", "2020-03-01T08:00:00Z", head),
            _a("hard", BODY, "Daily Post", "2020-03-01T09:00:00Z", "Confirmed: " + head),
            _a("c", BODY, "Evening Times", "2020-03-01T11:00:00Z", "FOCUS-Confirmed: " + head)]
    for order in itertools.permutations(arts):
        assert _parents(trace_story("s", list(order)))["c"] == "hard", [a.id for a in order]


def test_decoration_stripped_is_read_as_added_the_other_way():
    from retold.lineage.headlines import decoration_stripped as _decoration_stripped
    base = "freight rates set to double"
    assert _decoration_stripped("update 1-" + base, base)
    assert _decoration_stripped(base + " | the herald", base)
    assert _decoration_stripped(base + ", as tokyo watches", base)
    assert not _decoration_stripped(base + " next year", base)  # a tail cut, not a decoration
    assert not _decoration_stripped(base, "update 1-" + base)  # that one adds it
    assert not _decoration_stripped(base, base)


def test_a_page_whose_order_is_open_and_whose_headline_adds_a_decoration_is_the_copy():
    """A dated page and an undated one that has two short paragraphs more and a headline
    with ", as Tokyo watches" (or "UPDATE 1-") added. Nothing orders the pair by time,
    and the text alone reads the undated page as the source (cutting paragraphs is
    cheaper than writing them); but desks add such decorations and rarely strip exactly
    one, so the decorated page is the copy that also added the paragraphs."""
    head = "Freight rates on the Rhine set to double"
    body = [BODY[0], Q.replace("told Newsweek", "said"), BODY[2], BODY[3],
            "Traders expect the first grain convoys to leave the upper river in late September."]
    local = ["Local hauliers in the valley say they expect a busy autumn.",
             "Rail freight operators are adding wagons to the grain routes."]
    for decorated in (head + ", as Tokyo watches", "UPDATE 1-" + head):
        pages = [_a("decorated", body + local, "Evening Times", None, decorated),
                 _a("plain", body, "Daily Post", "2020-03-01T08:00:00Z", head)]
        assert _parents(trace_story("s", pages))["decorated"] == "plain", decorated


def test_how_much_of_a_headline_a_copy_cut_does_not_decide_its_parent():
    """The Daily Post put a word into the first paragraph and a long suffix on the
    headline; a copy kept the Post's paragraph and cut the headline to its first words,
    as it would cut any. The cut is one act from either headline: the Post's longer
    tail must not make the outside source (or the Wire's pages) the likelier parent."""
    title = "Freight rates set to double before the harvest, broker says"
    post_body = [BODY[0].replace("on Monday", "late on Monday")] + BODY[1:]
    arts = [_a("o", BODY, "Wire Two", "2020-03-01T07:00:00Z", title),
            _a("g", BODY, "Wire One", "2020-03-01T08:00:00Z", title),
            _a("p", post_body, "Daily Post", "2020-03-01T09:00:00Z",
               title + " – The Daily Post and more words here"),
            _a("c", post_body[:3], "Evening Times", "2020-03-01T10:00:00Z",
               "Freight rates set to double")]
    assert _parents(trace_story("s", arts))["c"] == "p"
    longer = title + " – The Daily Post and more words here"
    extra = len(longer) - len(title)
    assert title_cost(longer, "Freight rates set to double") - title_cost(
        title, "Freight rates set to double") == pytest.approx(TITLE_CUT_CHAR * extra)
    # a tail replaced is no cut: it still pays for what it wrote
    assert title_cost(title, "Freight rates set to double, Lyon reports") > title_cost(
        title, "Freight rates set to double") + 10


def test_a_copy_crediting_a_story_outlet_points_at_that_outlets_page():
    """Euro Report's page is word for word the wire's; a later copy put "according to
    Euro Report" on the quotation. It took the text from Euro Report's page, not from
    the wire or from the Daily Post's identical copy."""
    said = Q.replace(", told Newsweek.", ", said.")
    body = [BODY[0], said] + BODY[2:4]
    credited = [BODY[0], said.replace(", said.", ", said, according to Euro Report.")] + BODY[2:4]
    arts = [_a("wire", body, "Wire One", "2020-03-01T07:00:00Z"),
            _a("euro", body, "Euro Report", "2020-03-01T08:00:00Z"),
            _a("post", body, "Daily Post", "2020-03-01T09:00:00Z"),
            _a("copy", credited, "Evening Times", "2020-03-01T10:00:00Z")]
    assert _parents(trace_story("s", arts))["copy"] == "euro"

