"""Publication times read as intervals at their stated precision, and what lineage does
with them: a day-only page is not its day's midnight, a crawl time is only a bound."""
from __future__ import annotations

import datetime as dt

import pytest

from retold import dates
from retold.ingest.html_meta import to_iso as ingest_iso
from retold.lineage.corpus import trace_rows
from retold.lineage.trace import trace_story
from story_helpers import article

D = dt.datetime


@pytest.mark.parametrize("text, earliest, latest, precision", [
    ("2024-01-05T10:00:00Z", D(2024, 1, 5, 10), D(2024, 1, 5, 10), "second"),
    ("2024-01-05T10:00:00-05:00", D(2024, 1, 5, 15), D(2024, 1, 5, 15), "second"),
    ("2024-01-05", D(2024, 1, 5), D(2024, 1, 5, 23, 59, 59, 999999), "day"),
    ("2024-02", D(2024, 2, 1), D(2024, 2, 29, 23, 59, 59, 999999), "month"),
    ("Mon, 05 Jan 2024 10:00:00 +0200", D(2024, 1, 5, 8), D(2024, 1, 5, 8), "second"),
    ("Thursday, November 26, 2026 3:05 PM EST", D(2026, 11, 26, 20, 5),
     D(2026, 11, 26, 20, 5, 59, 999999), "minute"),
    ("January 5, 2024", D(2024, 1, 5), D(2024, 1, 5, 23, 59, 59, 999999), "day"),
    ("05.01.2024", D(2024, 1, 5), D(2024, 1, 5, 23, 59, 59, 999999), "day"),  # day first
    ("1704448800", D(2024, 1, 5, 10), D(2024, 1, 5, 10), "second"),
    ("1704448800123", D(2024, 1, 5, 10), D(2024, 1, 5, 10), "second"),  # milliseconds
    ("1987-04-13T23:27:27Z", D(1987, 4, 13, 23, 27, 27), D(1987, 4, 13, 23, 27, 27), "second"),
])
def test_each_common_spelling_reads_as_its_interval_in_utc(text, earliest, latest, precision):
    w = dates.parse(text)
    assert (w.earliest, w.latest, w.precision) == (earliest, latest, precision)


@pytest.mark.parametrize("text", ["", "   ", "next tuesday", "10:00", "2024-13",
                                  "Feb 30, 2024", "\x00\x01\x02", "9" * 80, None])
def test_what_is_not_a_date_is_none_not_an_error(text):
    assert dates.parse(text) is None and dates.to_iso(text) is None


def test_iso_output_keeps_the_stated_precision_and_sorts_in_time_order():
    assert dates.to_iso("January 5, 2024") == "2024-01-05"
    assert dates.to_iso("Jan 2024") == "2024-01"
    assert dates.to_iso("Mon, 05 Jan 2024 23:30:00 -0500") == "2024-01-06T04:30:00+00:00"
    assert dates.to_iso("5 Jan 2024 10:00 CET") == "2024-01-05T09:00+00:00"
    spelled = ["Mon, 05 Jan 2024 23:30:00 -0500", "2024-01-06T05:00:00Z", "1704531600"]
    as_iso = [dates.to_iso(s) for s in spelled]
    assert sorted(as_iso) == as_iso  # 04:30, 05:00, 09:00 UTC
    for s in spelled + ["2024-01-05", "2024-02", "2024-01-05T10:00"]:
        again = dates.parse(dates.to_iso(s))
        assert again == dates.parse(s)


def test_a_day_overlaps_its_own_hours_and_follows_the_day_before():
    day = dates.parse("2024-01-05")
    morning, evening_before = dates.parse("2024-01-05T09:00Z"), dates.parse("2024-01-04T22:00Z")
    assert day.may_precede(morning) and morning.may_precede(day)
    assert not day.surely_precedes(morning) and not morning.surely_precedes(day)
    assert evening_before.surely_precedes(day) and not day.may_precede(evening_before)
    crawl = dates.upper_bound("2024-03-01T00:00:00Z")
    assert crawl.earliest is None and crawl.may_precede(evening_before)
    assert not crawl.surely_precedes(day)


def test_ingest_keeps_a_written_day_a_day():
    assert ingest_iso("January 5, 2024") == "2024-01-05"
    assert ingest_iso("2024/01/05") == "2024-01-05"
    assert ingest_iso("2024-01-05T10:00:00+01:00") == "2024-01-05T10:00:00+01:00"


BODY = [
    "Grain shippers on the river face the tightest market in a decade, port officials said on Monday.",
    "“Freight rates will double before the harvest is in,” Maria Lopez, a broker at the port, "
    "told Newsweek.",
    "Barge operators have been laying up vessels since the water level fell in August.",
    "Farmers in the region have stored more of their crop on site than in any year since 2012.",
    "Insurers have raised premiums for river cargo twice this year, brokers said.",
]


def _parents(tr):
    return {e.child: (e.parent or f"external:{e.external}") for e in tr.edges
            if not e.evidence.get("tie_with")}


def test_a_day_only_copy_is_not_made_the_origin_of_its_same_day_source():
    """The origin gives its minute, the copy (cut and retitled) only its day. Read as
    midnight, the copy would precede its source and become the story's origin."""
    arts = [article("o", BODY, "Newsweek", "2020-03-01T08:00:00Z", "Freight rates set to double"),
            article("c", BODY[:3], "Daily Post", "2020-03-01", "Revealed: freight rates to double")]
    tr = trace_story("s", arts)
    assert _parents(tr)["c"] == "o"
    assert tr.origin == "o"


def test_a_crawl_time_is_only_an_upper_bound():
    """The source page was crawled (WARC-Date) a month after the copy was published: it
    may still be the copy's source, and is."""
    o = article("o", BODY, "Newsweek", "2020-04-01T00:00:00Z", "Freight rates set to double")
    o.published_source = "warc-date"
    c = article("c", BODY[:3] + ["Rail operators expect to pick up some of the traffic."],
                "Daily Post", "2020-03-01T09:00:00Z", "Freight rates set to double")
    assert _parents(trace_story("s", [o, c]))["c"] == "o"


def test_evaluation_input_dates_in_any_common_spelling_give_the_same_tree():
    """Three pages carry the same text; only their times say which came first (the ids
    sort the other way round). A date not read would leave the order to the ids."""
    text = "\n\n".join(BODY).replace("told Newsweek", "said")  # no outlet named
    rows = [{"id": "z-first", "text": text, "title": "Freight rates set to double",
             "outlet": "Newsweek", "published": "2020-03-01T08:00:00Z"},
            {"id": "m-second", "text": text, "title": "Freight rates set to double",
             "outlet": "Daily Post", "published": "2020-03-01T09:00:00Z"},
            {"id": "a-third", "text": text, "title": "Freight rates set to double",
             "outlet": "Metro", "published": "2020-03-01T10:00:00Z"}]
    spelled = [dict(r) for r in rows]
    spelled[0]["published"] = "Sun, 01 Mar 2020 08:00:00 GMT"
    spelled[1]["published"] = "March 1, 2020 4:00 AM EST"  # 09:00 UTC
    spelled[2]["published"] = "1583056800"  # 10:00 UTC

    def trace(rs):
        out = trace_rows(rs)
        first_parent = {r["id"]: (r["parents"] or [{}])[0] for r in out}
        return ({k: p.get("id") or p.get("external") for k, p in first_parent.items()},
                {r["first_in_corpus"] for r in out})

    assert trace(spelled) == trace(rows)
    parents, first = trace(rows)
    assert first == {"z-first"} and parents["m-second"] == parents["a-third"] == "z-first"


def test_story_founder_and_citation_target_are_the_earliest_in_time_not_in_spelling():
    from retold.records import Article, Citation
    from retold.reuse.citations import resolve
    from retold.stories import _label

    late_by_clock = Article(id="a", text="x", title="A", published="2024-01-05T23:30:00-05:00")
    early = Article(id="b", text="x", title="B", published="2024-01-06T01:00:00+00:00")
    day_only = Article(id="c", text="x", title="C", published="2024-01-07")
    arts = {a.id: a for a in (late_by_clock, early, day_only)}
    _, first_seen, founder = _label(["a", "b", "c"], {}, arts)
    assert (founder, first_seen) == ("b", "2024-01-06T01:00:00+00:00")
    for a in arts.values():
        a.outlet, a.outlet_name = "reuters.com", "Reuters"
    cite = Citation(article_id="z", outlet="Reuters", phrase="told Reuters", start=0, end=12)
    resolve([cite], {"reuters": list(arts.values())}, {"z": {"a", "b", "c"}})
    assert cite.target_id == "b"
