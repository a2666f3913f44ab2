"""Evaluation input rows read as ``retold ingest`` reads a JSONL line: aliases, URL outlets."""
from __future__ import annotations

from retold.evalio import article_of
from retold.lineage.corpus import trace_rows
from retold.reuse.linker import as_article

BODY = [
    "Grain shippers on the river face the tightest market in a decade, port officials said on Monday.",
    "“Freight rates will double before the harvest is in,” one broker told Newsweek.",
    "Barge operators have been laying up vessels since the water level fell in August.",
    "Farmers in the region have stored more of their crop on site than in any year since 2012.",
    "Newsweek was not able to independently verify the broker's figures.",
]


def test_a_url_stands_for_a_missing_outlet_and_aliases_are_read():
    a = article_of({"id": 7, "text": "x", "url": "https://www.newsweek.com/world/x-1",
                    "date": "Tue, 14 Feb 2024 09:30:00 +0000"})
    assert (a.id, a.outlet, a.outlet_name) == ("7", "newsweek.com", "Newsweek")
    assert a.published.startswith("2024-02-14T09:30")
    named = article_of({"text": "x", "outlet": "Gulf Daily", "site": "ignored",
                        "url": "https://gulfdaily.ae/a"})
    assert (named.outlet, named.outlet_name) == ("Gulf Daily", "Gulf Daily")  # given wins
    assert article_of({"text": "x", "site": "Metro"}).outlet == "Metro"
    assert article_of({"text": "x", "url": "not a url"}).outlet is None
    dated = article_of({"text": "x", "url": "https://www.metro.com/2024/02/14/rates/"})
    assert dated.published == "2024-02-14"  # a day, the URL's, when the row gives none
    assert article_of({"text": "x", "url": "https://www.metro.com/2024/02/31/rates/"}
                      ).published is None  # no such day
    assert article_of({"text": "x", "published": "2024-03-01",
                       "url": "https://www.metro.com/2024/02/14/rates/"}).published == "2024-03-01"
    # the reuse interface reads a row the same way
    assert as_article({"id": "r", "text": "x", "url": "https://m.bbc.co.uk/n"}).outlet == "bbc.co.uk"


def _row(aid, paras, url, when, title="Freight rates set to double"):
    return {"id": aid, "text": "\n\n".join(paras), "title": title, "published": when,
            **({"url": url} if url else {})}


def test_a_page_url_tells_a_copy_from_the_credited_outlets_own_page():
    """No row has an outlet field; the copies give their URLs. The first page quotes the
    broker "told Newsweek"; without a URL it may be Newsweek's own page, so it is taken as
    the origin. Its URL is the
    Daily Post's, so it is a copy of an outside Newsweek report; a Newsweek URL makes it
    the origin again."""
    def rows(first_url):
        return [_row("o", BODY, first_url, "2020-03-01T08:00:00Z"),
                _row("a", BODY[:4], "https://www.metro.com/news/freight", "2020-03-01T09:00:00Z"),
                _row("b", BODY[:3], "https://www.herald.com/b", "2020-03-01T10:00:00Z",
                     "Barge rates to double")]

    def origin(first_url):
        return {r["origin"] for r in trace_rows(rows(first_url))}

    assert origin(None) == {"o"}
    assert origin("https://www.dailypost.com/business/freight-rates") == {"external:Newsweek"}
    assert origin("https://www.newsweek.com/freight-rates-double") == {"o"}


def test_a_domain_that_does_not_spell_the_name_still_finds_its_own_page():
    """The quotation credits The Herald; the first page is on heraldnews.com, the copies
    on other sites. The domain reads "Heraldnews", not the credited name, yet the page is
    The Herald's own report: the origin in the corpus, not a copy of an outside one."""
    body = [p.replace("Newsweek", "The Herald") for p in BODY]
    rows = [_row("o", body, "https://www.heraldnews.com/news/freight", "2020-03-01T08:00:00Z"),
            _row("a", body[:4], "https://www.metro.com/news/freight", "2020-03-01T09:00:00Z"),
            _row("b", body[:3], "https://www.dailypost.com/b", "2020-03-01T10:00:00Z",
                 "Barge rates to double")]
    assert {r["origin"] for r in trace_rows(rows)} == {"o"}
    rows[0]["url"] = "https://www.metrotimes.com/news/freight"  # a third outlet's copy
    assert {r["origin"] for r in trace_rows(rows)} == {"external:The Herald"}


def test_domain_spelling_and_guessed_names():
    from retold.ingest.outlet import domain_spells, name_is_guessed

    assert domain_spells("heraldnews.com", "The Herald")
    assert domain_spells("thecourier.co.uk", "The Courier")
    assert domain_spells("expressonline.com", "Daily Express Online")
    assert not domain_spells("metrotimes.com", "Global Post")
    assert not domain_spells("ap.org", "Apex Daily")  # too short to be a part of a name
    assert name_is_guessed("heraldnews.com", "Heraldnews")
    assert not name_is_guessed("heraldnews.com", "The Herald")  # the page's own site name
    assert not name_is_guessed("newsweek.com", "Newsweek")  # a known outlet
    assert not name_is_guessed(None, "Gulf Daily")


def test_ingest_dates_a_jsonl_page_by_its_url_when_the_line_gives_no_date(tmp_path):
    from retold.ingest import iter_inputs

    src = tmp_path / "pages.jsonl"
    src.write_text('{"text": "Rates rose on Tuesday. The bank said more may follow.", '
                   '"url": "https://www.metro.com/news/2024/02/14/rates-rise"}\n'
                   '{"text": "Rates fell on Friday. The bank said nothing more.", '
                   '"url": "https://www.metro.com/news/rates-fall"}\n', encoding="utf-8")
    arts = [a for a in iter_inputs([src]) if hasattr(a, "published")]
    assert [(a.published, a.published_source) for a in arts] == [("2024-02-14", "url"),
                                                                  (None, None)]


def test_fields_of_the_wrong_kind_are_left_out_and_named_not_fatal(tmp_path):
    """A number for a title, an object for an outlet, a list for a URL: the line is still
    an article (its other fields read), the lineage interface names what it left out,
    and ingest keeps the line instead of rejecting it with a parser crash."""
    from typer.testing import CliRunner

    from retold.cli import _register, app
    from retold.ingest import iter_inputs
    from retold.records import Reject

    _register()
    rows = [_row("o", BODY, "https://www.dailypost.com/news/freight", "2020-03-01T08:00:00Z"),
            _row("a", BODY[:4], "https://www.metro.com/news/freight", "2020-03-01T09:00:00Z"),
            _row("b", BODY[:3], None, 1583053200)]
    rows[0]["title"] = 5
    rows[1]["outlet"] = {"name": "Metro"}
    rows[2]["url"] = ["https://www.herald.com/b"]
    rows[2]["site"] = True
    src = tmp_path / "odd.jsonl"
    import json
    src.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    out = tmp_path / "edges.jsonl"
    res = CliRunner().invoke(app, ["lineage", "--input", str(src), "--output", str(out)])
    assert res.exit_code == 0, res.output
    assert "2 articles of" in res.output and "'a': outlet" in res.output
    edges = {e["id"]: e for e in map(json.loads, out.read_text().splitlines())}
    assert set(edges) == {"o", "a", "b"} and edges["o"]["origin"] == "external:Newsweek"
    assert article_of(rows[0]).title == "5" and article_of(rows[1]).outlet == "metro.com"
    got = list(iter_inputs([src]))
    assert not [g for g in got if isinstance(g, Reject)]
    assert len(got) == 3 and {g.outlet for g in got} == {"dailypost.com", "metro.com", None}


def test_hostile_values_in_optional_fields_and_repeated_texts(tmp_path):
    """JSON's Infinity as a date and a broken IPv6 URL crashed both interfaces (an
    OverflowError, a ValueError from urlsplit); two rows with no id and the same text
    were one article without a word. Now: undated, no outlet, and the repeat is a
    skipped line, named."""
    import json

    from typer.testing import CliRunner

    from retold.cli import _register, app
    from retold.ingest.outlet import registrable_domain

    _register()
    assert registrable_domain("http://[::1") is None
    assert article_of({"text": "x", "published": float("inf")}).published is None
    rows = [{"text": "\n\n".join(BODY), "published": float("inf"), "url": "http://[::1"},
            {"text": "\n\n".join(BODY[:4]), "published": float("nan"), "title": "Freight"},
            {"text": "\n\n".join(BODY)}]
    src = tmp_path / "hostile.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    with_ids = tmp_path / "with_ids.jsonl"
    with_ids.write_text("".join(json.dumps({"id": f"r{i}", **r}) + "\n"
                                for i, r in enumerate(rows)), encoding="utf-8")
    res = CliRunner().invoke(app, ["reuse", "--input", str(with_ids), "--output",
                                   str(tmp_path / "links.jsonl")])
    assert res.exit_code == 0, res.output
    assert (tmp_path / "links.jsonl").read_text().count('"a"') == 3  # every pair reused
    res = CliRunner().invoke(app, ["lineage", "--input", str(src), "--output",
                                   str(tmp_path / "e.jsonl")])
    said = " ".join(res.output.split())  # the console wraps a long path at its width
    assert res.exit_code == 0 and "line 3: no id, and the same text as line 1" in said
    assert len((tmp_path / "e.jsonl").read_text().splitlines()) == 2


def test_a_title_holding_a_whole_text_is_cut_and_the_article_kept(tmp_path):
    """A ``<title>`` (or input ``title``) of 40,000 words is a misparse or an attack, not
    a headline: lineage prices headline edits token by token, so two such titles held up
    their story for seconds. Ingest and the evaluation input cut a title at
    ``MAX_TITLE_CHARS`` on a word boundary; the body is kept whole."""
    import json

    from retold.ingest import iter_inputs
    from retold.ingest.headline import MAX_TITLE_CHARS
    from retold.records import Article

    flood = " ".join(f"w{i}" for i in range(40_000))
    page = tmp_path / "flood.html"
    page.write_text(f"<html><head><title>Freight rates to double {flood}</title></head><body>"
                    + "".join(f"<p>{p}</p>" for p in BODY) + "</body></html>", encoding="utf-8")
    rows = [{"id": f"r{i}", "text": "\n\n".join(BODY if i else BODY[:4]),
             "title": f"Freight rates to double {flood}", "published": f"2024-05-0{i + 1}"}
            for i in range(2)]
    src = tmp_path / "rows.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    arts = [a for a in iter_inputs([page, src]) if isinstance(a, Article)]
    assert len(arts) == 3  # nothing lost
    for a in arts:
        assert a.title.startswith("Freight rates to double w0 w1")
        assert len(a.title) <= MAX_TITLE_CHARS + 1 and a.title.endswith("…")
        assert not a.title[:-1].endswith(" w")  # cut between words, not inside one
    assert "Barge operators" in arts[0].text
    out = {r["id"]: r for r in trace_rows(rows)}
    assert len(article_of(rows[0]).title) <= MAX_TITLE_CHARS + 1
    assert out["r1"]["parents"][0]["id"] == "r0"
