"""One outlet vocabulary: channels in units, statement channel kinds, lineage credits."""
from __future__ import annotations

import pytest

from retold.lineage.corpus import trace_rows
from retold.mutations.units import split_units
from retold.outlets import is_known, looks_like_outlet, name_key

Q = "“We will not wait for inflation to settle,” governor Anna Weber"


@pytest.mark.parametrize("tail, channel", [
    ("told Haaretz.", "Haaretz"),
    ("said in an interview with Le Monde.", "Le Monde"),
    ("told news agency Bernama on Monday.", "Bernama"),
    ("told the Israeli daily Yisrael Hayom.", "Yisrael Hayom"),
    ("told the Saudi-owned broadcaster Al Arabiya.", "Al Arabiya"),
    ("told the Daily Planet.", "Daily Planet"),  # a name, not "a daily called Planet"
    ("told John Smith.", None),
    ("told Vice President Kamala Harris.", None),  # Vice the outlet is matched whole only
    ("told the Senate.", None),
    ("told a local radio station Monday.", None),  # a day after a descriptor, not a name
])
def test_the_channel_of_a_quotation_is_an_outlet_only_when_it_reads_as_one(tail, channel):
    assert [u.channel for u in split_units(f"{Q} {tail}")] == [channel]


def test_names_and_words():
    assert name_key("The Guardian") == "guardian" and name_key("newsweek.com") == "newsweek"
    assert is_known("the Times of Israel") and is_known("El País") and not is_known("Vice President")
    assert looks_like_outlet("Gulf Times") and looks_like_outlet("Fox Business")
    assert not looks_like_outlet("Paul Collier")
    assert looks_like_outlet("Metro Weekly") and looks_like_outlet("Lagos", known={"lagos"})


def test_statements_type_a_known_outlet_as_an_outlet():
    from retold.statements import extract

    st = extract(f"{Q} told Haaretz on Monday.").statements
    assert [(s.channel.name, s.channel.kind) for s in st if s.channel] == [("Haaretz", "outlet")]


def test_a_story_credited_to_an_outlet_outside_the_corpus_is_traced_to_it():
    """Every copy quotes the governor "told Haaretz" and no page is Haaretz's: the story
    comes from outside the corpus. Haaretz has no outlet word in its name, so lineage
    read no credit and made the first copy the origin."""
    paras = ["The central bank raised its main rate by half a point on Tuesday.",
             f"{Q} told Haaretz.",
             "Economists had expected the bank to hold rates steady until the summer.",
             "Haaretz could not independently verify the figures cited by the governor."]
    rows = [{"id": f"c{i}", "text": "\n\n".join(paras[:4 - i]), "title": "Bank raises rates",
             "outlet": outlet, "published": f"2020-01-01T0{8 + i}:00:00Z"}
            for i, outlet in enumerate(["Daily Post", "Metro", "Evening Times"])]
    assert {r["origin"] for r in trace_rows(rows)} == {"external:Haaretz"}


def test_page_name_tells_pages_of_one_outlet_apart():
    from retold.outlets import page_name
    from retold.records import Article

    a = Article(id="aaaaaaaaaaaa1", text="x", outlet="Reuters", published="1987-03-11T12:59:00Z")
    b = Article(id="bbbbbbbbbbbb2", text="y", outlet="Reuters", published="1987-03-11T15:34:00Z")
    c = Article(id="cccccccccccc3", text="z", outlet="Reuters", published="1987-03-11T15:34:30Z")
    d = Article(id="dddddddddddd4", text="w", outlet_name="The Herald")
    assert page_name(d, [a, b, c, d]) == "The Herald"  # the only page of its outlet
    assert page_name(a, [a, b, c, d]) == "Reuters 1987-03-11 12:59"
    assert page_name(b, [a, b, c, d]) == "Reuters bbbbbbbbbb"  # the same minute as c
    assert page_name(a, [a]) == "Reuters"


def test_page_names_name_a_whole_story_as_page_name_does():
    """One pass over a story gives each page the name page_name gives it among the others."""
    from retold.outlets import page_name, page_names
    from retold.records import Article

    pages = [Article(id="aaaaaaaaaaaa1", text="x", outlet="Reuters", published="1987-03-11T12:59:00Z"),
             Article(id="bbbbbbbbbbbb2", text="y", outlet="Reuters", published="1987-03-11T15:34:00Z"),
             Article(id="cccccccccccc3", text="z", outlet="Reuters", published="1987-03-11T15:34:30Z"),
             Article(id="eeeeeeeeeeee5", text="v", outlet="Reuters"),
             Article(id="dddddddddddd4", text="w", outlet_name="The Herald")]
    assert page_names(pages) == {a.id: page_name(a, pages) for a in pages}
    assert page_names(pages)["eeeeeeeeeeee5"] == "Reuters eeeeeeeeee"  # undated
    assert page_names(pages)["dddddddddddd4"] == "The Herald"
