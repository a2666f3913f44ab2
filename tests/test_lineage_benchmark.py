"""benchmarks/lineage.py's intervals: stories are resampled whole, a draw without a type
has no F1 for it, and a false alarm on a distractor (or on a page the truth file lacks)
counts against the figure."""
from __future__ import annotations

import pytest

from story_helpers import load_benchmark

bench = load_benchmark("lineage")


def _story(name: str, size: int, right: bool, truth: dict, pred: dict, gold: set,
           found: set) -> None:
    """An origin and ``size - 1`` copies of it, every parent right or every one wrong;
    each copy truly cut a passage, reported on the edge lineage chose."""
    origin = f"{name}-0"
    truth[origin] = {"story": name, "parent": None, "external": None, "distractor": False,
                     "ancestors": []}
    pred[origin] = None
    for k in range(1, size):
        aid = f"{name}-{k}"
        truth[aid] = {"story": name, "parent": origin, "external": None,
                      "distractor": False, "ancestors": [origin]}
        chosen = origin if right else f"{name}-{(k % (size - 1)) + 1}"  # a sibling
        pred[aid] = chosen
        gold.add((aid, origin, "content_removed"))
        found.add((aid, chosen, "content_removed"))


def test_whole_stories_are_resampled():
    truth, pred, gold, found = {}, {}, set(), set()
    _story("good", 50, True, truth, pred, gold, found)
    _story("bad", 50, False, truth, pred, gold, found)
    iv = bench.story_intervals(truth, pred, gold, found, draws=500)
    # two stories: a resample holds both, or one of them twice; resampling the hundred
    # articles one by one would put the interval near 0.5 +- 0.1 instead
    assert iv["stories"] == 2
    assert iv["parent_exact"][0] < 0.05 and iv["parent_exact"][1] > 0.95
    assert iv["mutation_f1"]["content_removed"][0] == 0.0
    assert iv["mutation_f1"]["content_removed"][1] == 1.0


def test_interval_holds_the_figure_and_narrows_with_more_stories():
    def width(n_stories: int) -> tuple[float, float, float]:
        truth, pred, gold, found = {}, {}, set(), set()
        for i in range(n_stories):
            _story(f"s{i}", 5, i % 4 != 0, truth, pred, gold, found)  # a quarter wrong
        iv = bench.story_intervals(truth, pred, gold, found, draws=1000)
        point = bench.prf(gold, found)["content_removed"]["F1"]
        lo, hi = iv["mutation_f1"]["content_removed"]
        return lo, point, hi

    lo, point, hi = width(20)
    assert lo < point < hi
    lo2, point2, hi2 = width(200)
    assert point2 == pytest.approx(0.75, abs=0.01)
    assert hi2 - lo2 < (hi - lo) / 2  # ten times the stories: about a third the width


def test_a_type_absent_from_a_draw_has_no_f1_there():
    truth, pred, gold, found = {}, {}, set(), set()
    for i in range(30):
        _story(f"s{i}", 3, True, truth, pred, gold, found)
    rare = "s0-1"
    gold.add((rare, "s0-0", "quote_merged"))
    found.add((rare, "s0-0", "quote_merged"))
    iv = bench.story_intervals(truth, pred, gold, found, draws=400)
    # most draws lack story s0: counting them as F1 0 would put the interval at [0, 1]
    assert iv["mutation_f1"]["quote_merged"] == [1.0, 1.0]


def test_a_distractors_false_alarm_counts():
    truth, pred, gold, found = {}, {}, set(), set()
    for i in range(10):
        _story(f"s{i}", 4, True, truth, pred, gold, found)
    for i in range(10):  # distractors hung under a story, each with a cut reported
        d = f"d{i}"
        truth[d] = {"story": f"distractor-{i}", "parent": None, "external": None,
                    "distractor": True, "ancestors": []}
        pred[d] = "s0-0"
        found.add((d, "s0-0", "content_removed"))
    iv = bench.story_intervals(truth, pred, gold, found, draws=400)
    assert iv["stories"] == 20
    assert iv["parent_exact"] == [1.0, 1.0]  # distractors have no parent to get right
    lo, hi = iv["mutation_f1"]["content_removed"]
    assert hi < 1.0 and lo < bench.prf(gold, found)["content_removed"]["F1"] < hi


def test_an_article_without_truth_is_a_story_of_its_own():
    truth, pred, gold, found = {}, {}, set(), set()
    for i in range(10):
        _story(f"s{i}", 4, True, truth, pred, gold, found)
    found.add(("stray", "s0-0", "content_removed"))  # a page the truth file does not hold
    iv = bench.story_intervals(truth, pred, gold, found, draws=400)
    assert iv["stories"] == 11 and iv["distractors"] == 0
    assert iv["mutation_f1"]["content_removed"][0] < 1.0  # its false alarm is drawn too
