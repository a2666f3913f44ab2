"""Offset segments: the only way article text becomes highlighted HTML."""
from __future__ import annotations

from retold.web.app import template_env
from retold.web.highlight import Mark, excerpt, segments, spans_to_marks


def test_segments_cover_text_exactly_once_with_overlaps():
    text = "He said the army helps IS, reportedly."
    marks = [Mark(8, 25, "stmt", ref="q1"), Mark(12, 16, "mut", ref="m1"),
             Mark(27, 37, "hedge")]
    segs = segments(text, marks)
    assert "".join(s.text for s in segs) == text
    army = next(s for s in segs if s.text == "army")
    assert army.classes == "stmt mut" and army.refs == "q1 m1"
    assert next(s for s in segs if s.text == "reportedly").classes == "hedge"
    assert segs[0].text == "He said " and segs[0].marks == []


def test_bad_offsets_are_clipped_or_dropped_not_fatal():
    text = "short text"
    segs = segments(text, [Mark(-5, 3, "a"), Mark(8, 999, "b"), Mark(6, 2, "c"),
                           Mark(4, 4, "d")])
    assert "".join(s.text for s in segs) == text
    assert {s.classes for s in segs} == {"a", "", "b"}
    assert spans_to_marks([[1, 2], "junk", [None, 3], [4]], "x") == [Mark(1, 2, "x")]


def test_rendered_segments_escape_markup_in_text_and_titles():
    text = '<script>alert(1)</script> and "quoted" <img onerror=x>'
    segs = [s.to_dict() for s in segments(text, [Mark(0, 8, "stmt", title='"><b>x')])]
    html = template_env().get_template("_text.html").render(segs=segs)
    assert "<script>" not in html and "<img" not in html and '"><b>' not in html
    assert "&lt;script&gt;" in html and "&lt;img onerror=x&gt;" in html


def test_excerpt_joins_discontinuous_spans():
    text = "“IS commanders told us,” said Omer, “to fear nothing.”"
    assert excerpt(text, [[1, 14], [37, 52]]) == "IS commanders … to fear nothing"
    assert excerpt(text, [[0, 999]], limit=10).endswith("…")


def test_layout_without_lineage_spreads_articles_by_time():
    from retold.web.graph import Node, layout

    nodes = [Node(id=str(i), label=f"o{i}", published=f"2020-01-0{1 + i // 2}") for i in range(5)]
    pic = layout(nodes, [])
    xs = {n.id: n.x for n in pic.nodes}
    assert xs["0"] == xs["1"] < xs["2"] == xs["3"] < xs["4"]
