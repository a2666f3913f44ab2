"""`retold story` names the next likeliest parent of an edge it is unsure of."""
from __future__ import annotations

from retold.cli.lineage import _runner_up
from retold.records import Article, LineageEdge


def _edge(conf, alternatives, parent="a1"):
    return LineageEdge(story_id="s", child="c1", parent=parent, external=None,
                       confidence=conf, tie=False, evidence={"alternatives": alternatives})


def test_unsure_edge_names_the_likeliest_other_parent():
    arts = {"a2": Article(id="a2", text="…", outlet="herald.example", outlet_name="The Herald")}
    e = _edge(0.52, [["a1", 40.0, 0.52], ["a2", 41.0, 0.41], [None, 420.0, 0.0]])
    assert _runner_up(e, arts) == "  [dim]or The Herald 0.41[/dim]"
    # the outside source as the runner-up
    e = _edge(0.55, [["a1", 40.0, 0.55], [None, 45.0, 0.3]])
    assert "outside the corpus 0.30" in _runner_up(e, arts)
    # ... by its name when the story has one outside source
    assert _runner_up(e, arts, "Newsweek") == "  [dim]or Newsweek 0.30[/dim]"


def test_sure_edges_and_old_rows_show_nothing_more():
    arts = {}
    assert _runner_up(_edge(0.93, [["a1", 10.0, 0.93], ["a2", 70.0, 0.07]]), arts) == ""
    # an unlikely runner-up is not worth a mention
    assert _runner_up(_edge(0.5, [["a1", 10.0, 0.5], ["a2", 90.0, 0.05]]), arts) == ""
    # evidence stored before probabilities were kept: [id, cost] pairs
    assert _runner_up(_edge(0.4, [["a1", 10.0], ["a2", 12.0]]), arts) == ""
