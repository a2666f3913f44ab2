"""The plain-text parser recovers article structure from crawler-flattened pages."""
from __future__ import annotations

import pytest

from retold.ingest.plaintext import parse_date, parse_plaintext, segment
from retold.records import Article


def _paragraphs(article: Article) -> list[str]:
    return [b.text for b in article.blocks if b.kind == "paragraph"]


def test_sample_page_full_record(sample_path):
    art = parse_plaintext(sample_path.read_text(encoding="utf-8"), path=str(sample_path))
    assert art.title == "Ex-IS Member Says Group Sees Turkey as Ally"
    assert art.section == "International"
    assert art.outlet == "financialtribune.com"
    assert art.outlet_name == "Financial Tribune"
    paras = _paragraphs(art)
    assert len(paras) == 8
    assert paras[0].startswith("A former member of the IS militant group")
    assert paras[-1].endswith("over the past month.")
    kinds = [b.kind for b in art.blocks]
    assert kinds.index("heading") == 4 and art.blocks[4].text == "Common Enemy"
    assert kinds.count("heading") == 1
    assert art.text == "\n\n".join(b.text for b in art.blocks)
    assert art.id == Article.make_id(art.text)
    assert art.language == "en"
    # the counter, the repeated title and the site name are not body
    assert "Financialtribune" not in art.text and "Ex-IS Member Says" not in art.text
    assert not any(b.text == "0" for b in art.blocks)
    # non-breaking spaces are normalised inside blocks
    assert "(YPG) spokesman" in art.text


def test_site_name_glued_to_last_paragraph(sample_path):
    glued = sample_path.read_text(encoding="utf-8").replace("month.\n\nFinancialtribune.com",
                                                            "month.Financialtribune.com")
    assert "month.Financialtribune.com" in glued
    art = parse_plaintext(glued)
    assert art.outlet == "financialtribune.com"
    assert _paragraphs(art)[-1].endswith("over the past month.")
    assert len(_paragraphs(art)) == 8


def test_generic_page_byline_date_boilerplate(fixtures):
    art = parse_plaintext((fixtures / "ingest" / "wire-story.txt").read_text())
    assert art.title == "Harbour Authority Approves Port Expansion Plan"
    assert art.section == "Business"
    assert art.authors == ["Jane Doe", "Omar Haddad"]
    assert art.published == "2019-03-04T15:15" and art.published_source == "text"
    assert art.outlet == "harbourtimes.co.uk"
    assert [b.kind for b in art.blocks] == ["paragraph"] * 3 + ["heading"] + ["paragraph"] * 2
    assert art.blocks[3].text == "Funding and timeline"
    for junk in ("Share", "Tweet", "Related articles", "Comments", "Copyright", "Subscribe", "Port strike"):
        assert junk not in art.text
    assert art.text.startswith("The regional harbour authority on Monday")
    assert art.text.endswith("would use the deeper channel.")


def test_wet_record_title_line_and_site_suffix(fixtures):
    art = parse_plaintext((fixtures / "ingest" / "wet-record.txt").read_text(),
                          url="https://www.valleygazette.co.uk/news/storm")
    assert art.title == "Storm closes mountain pass for second day"
    assert art.outlet == "valleygazette.co.uk"
    assert art.outlet_name == "Valley Gazette"
    assert art.published == "2021-01-14"
    assert len(art.blocks) == 3 and art.text.startswith("Heavy snow kept")
    assert "Read more" not in art.text and "Facebook" not in art.text


def test_hard_wrapped_text_is_unwrapped():
    para = ("The committee met on Tuesday to discuss the proposed budget for the coming year and "
            "agreed to postpone the final vote until members had reviewed the amended figures. ")
    wrapped = []
    for _ in range(3):
        words, line = (para * 2).split(), ""
        for w in words:
            if len(line) + len(w) > 70:
                wrapped.append(line.rstrip())
                line = ""
            line += w + " "
        wrapped.append(line.rstrip())
        wrapped.append("")
    art = parse_plaintext("\n".join(wrapped))
    assert len(art.blocks) == 3
    assert "\n" not in art.blocks[0].text and art.blocks[0].text.startswith("The committee met")


def test_title_printed_three_times_is_found_once():
    text = ("News\n\nBridge Reopens After Repairs\nBridge Reopens After Repairs\n\n"
            "Bridge Reopens After Repairs\n\n"
            "The old river bridge reopened to traffic on Sunday after eight months of repairs, "
            "the city council said in a statement.\n\n"
            "Engineers replaced the deck and strengthened the piers, which had been damaged by floods.\n")
    seg = segment(text)
    assert seg.title == "Bridge Reopens After Repairs"
    assert seg.section == "News"
    assert all("Bridge Reopens" not in ln.text for ln in seg.body)


def test_no_body_raises_value_error_naming_input():
    with pytest.raises(ValueError, match="menu.txt"):
        parse_plaintext("Home\nNews\nSport\nContact\n", path="menu.txt")


@pytest.mark.parametrize("text,iso", [
    ("Published March 4, 2019 at 3:15 pm", "2019-03-04T15:15"),
    ("Updated 14 January 2021", "2021-01-14"),
    ("2020-08-08 17:27", "2020-08-08T17:27"),
    ("Sept. 3, 2015", "2015-09-03"),
    ("03.11.2022", "2022-11-03"),
    ("no date here", None),
])
def test_parse_date(text, iso):
    assert parse_date(text) == iso


def test_comments_and_related_rail_after_the_article_are_not_body():
    article = "\n\n".join(
        f"Paragraph {i} of the report says the water authority will raise prices by {i} percent "
        f"next spring, after a review of maintenance costs across the network." for i in range(1, 5))
    comments = "\n".join([
        "3 Comments",
        "Alice on May 2, 2020 at 4:47 pm said:",
        "This is outrageous and the authority should explain why prices keep going up every year.",
        "Bob on May 2, 2020 at 5:02 pm said:",
        "I agree with the previous comment, and I think the council should step in before spring.",
    ])
    text = f"Water Prices To Rise Next Spring\n\n{article}\n\n{comments}\n"
    art = parse_plaintext(text)
    assert len(art.blocks) == 4 and art.text.endswith("across the network.")
    assert "outrageous" not in art.text and "Alice" not in art.text


@pytest.mark.parametrize("title,expected", [
    ("Storm closes pass | Valley Gazette", ("Storm closes pass", "Valley Gazette")),
    ("Headline — BBC News", ("Headline", "BBC News")),
    ("Escopete - Wikipedia, la enciclopedia libre", ("Escopete", "Wikipedia, la enciclopedia libre")),
    ("Girl found safe - then police arrest uncle", ("Girl found safe - then police arrest uncle", None)),
    ("Just a headline", ("Just a headline", None)),
])
def test_split_site(title, expected):
    from retold.ingest.plaintext import split_site

    assert split_site(title) == expected


# --- title finding on whole-page flattened text (html-text/WET with a <title> line, resiliparse without)

from page_fixtures import HARBOUR_PARAS as _PARAS  # noqa: E402

_LEAD = _PARAS[0]


def _page(*head: str, paras: list[str] = _PARAS, tail: tuple[str, ...] = ("Related articles",
          "Port strike called off", "Ferry timetable changes", "© 2019 Coastal Herald")) -> str:
    return "\n".join([*head, *paras, *tail]) + "\n"


def test_seo_title_line_loses_to_the_headline_above_the_byline():
    # html-text / WET: the first line is the SEO <title>, worded differently from the <h1>
    text = _page("Port expansion gets green light | Coastal Herald", "Skip to content", "News", "Sport",
                 "Business", "Opinion", "Subscribe", "Business",
                 "Harbour authority approves £40m port expansion after two-year row with residents",
                 "By Jane Doe", "March 4, 2019", "Share", "Tweet")
    art = parse_plaintext(text)
    assert art.title == "Harbour authority approves £40m port expansion after two-year row with residents"
    assert art.authors == ["Jane Doe"] and art.published == "2019-03-04"
    assert art.text.startswith("The regional harbour authority") and len(art.blocks) == 4


def test_headline_that_is_the_title_lines_on_page_form():
    # the <h1> shares most of the <title>'s words but is longer: still the same headline
    text = _page("Harbour authority approves port expansion | Coastal Herald", "Menu", "Business",
                 "Harbour authority approves port expansion after two-year row", "Jane Doe",
                 "Share")
    assert parse_plaintext(text).title == "Harbour authority approves port expansion after two-year row"


def test_title_line_stands_when_the_page_shows_no_headline():
    # nothing headline-like near the body: the <title> line minus its site name
    text = _page("Harbour authority approves port expansion | Coastal Herald", "Menu", "Share",
                 "Tweet")
    assert parse_plaintext(text).title == "Harbour authority approves port expansion"


def test_breadcrumb_ending_in_the_title_is_not_the_title():
    text = _page("Bridge reopens after eight months of repairs | Valley Gazette",
                 "Home News Bridge reopens after eight months of repairs", "News", "Local",
                 "Bridge reopens after eight months of repairs", "By Omar Haddad", "Share")
    art = parse_plaintext(text)
    assert art.title == "Bridge reopens after eight months of repairs"
    assert art.text.startswith("The regional harbour authority")


def test_sentence_shaped_headline_matching_the_title_line_is_not_body():
    # "Rep. Ilhan" reads as a sentence break; the line still *is* the page title
    headline = "New York man pleads guilty to threatening to kill Rep. Ilhan Omar"
    text = _page(f"{headline} | Metro Daily", "U.S. news", "Sign in", headline, *_PARAS[:1],
                 paras=_PARAS[1:])
    art = parse_plaintext(text)
    assert art.title == headline
    assert "pleads guilty" not in art.text


def test_no_title_line_headline_beats_standfirst_caption_and_site_name():
    # resiliparse-style whole page: no <title> line; the site name is printed twice, the
    # headline is followed by a standfirst, a byline, a date and a photo caption
    text = _page("Skip to main content", "Coastal Herald", "Home", "News", "Politics", "Sign in",
                 "Coastal Herald", "Politics",
                 "Council votes to close three libraries despite protests",
                 "Campaigners say the decision will hit the poorest neighbourhoods hardest, while the "
                 "council says it has no choice.",
                 "By Omar Haddad", "12 May 2023",
                 "Protesters outside the town hall on Tuesday evening. Photo: Coastal Herald",
                 paras=[
                     "The council voted on Tuesday to close three of its eleven libraries, despite a "
                     "petition signed by more than twelve thousand residents.",
                     "Councillors said the closures would save about £600,000 a year and that the "
                     "buildings would be offered to community groups.",
                     "Campaigners outside the town hall said they would ask for a judicial review of "
                     "the decision before the end of the month.",
                 ])
    art = parse_plaintext(text)
    assert art.title == "Council votes to close three libraries despite protests"
    assert art.authors == ["Omar Haddad"] and art.published == "2023-05-12"
    assert "Council votes" not in art.text and "The council voted on Tuesday" in art.text


def test_headline_printed_at_the_top_of_the_run_before_a_caption_opened_it():
    # the run of prose starts with a long caption; the headline comes right after it
    caption = ("The entrance to the old harbour is seen on Thursday, March 30, 2023, in Portsmouth, "
               "where an unlikely coalition of residents and shipping firms has formed.")
    text = _page("Menu", "Investigations", "Podcasts", "About", caption, "Donate",
                 "Is the harbour expansion worth its £40m price?", "By Jane Doe", "March 31, 2023")
    art = parse_plaintext(text)
    assert art.title == "Is the harbour expansion worth its £40m price?"
    assert art.text.startswith("The regional harbour authority")


def test_language_is_left_unknown_when_the_text_does_not_say():
    """A wire brief of figures read as Nigerian Pidgin; prose still reads as itself."""
    from retold.ingest.plaintext import detect_language

    assert detect_language("Qtly div 35 cts vs 35 cts prior\n Pay April one\n Record March 13"
                           "\n Reuter") is None
    assert detect_language("Shr 12 cts vs 10 cts\n Net 1,234,000 vs 987,000") is None
    assert detect_language("Showers continued throughout the week in the Bahia cocoa zone, "
                           "alleviating the drought since early January.") == "en"
    assert detect_language("Der Bundestag hat am Donnerstag das Gesetz beschlossen.") == "de"


def test_a_transcripts_turn_is_not_taken_for_the_title():
    page = ("Former fighter speaks\n\n"
            "Newsweek spoke to Sherko Omer, who fought with the group in Syria.\n\n"
            "Sherko Omer: I was with them in Raqqa for a year. The emirs said Turkey would "
            "help us.\n\n"
            "Newsweek: Did you see Turkish soldiers?\n\n"
            "Sherko Omer: No, never. But trucks came from the border every night, and the "
            "drivers said they were paid by Ankara.\n")
    art = parse_plaintext(page, "t13.txt")
    assert art.title != "Newsweek: Did you see Turkish soldiers?"
    assert "Newsweek spoke to Sherko Omer" in art.text  # the intro and first answer kept
    assert "I was with them in Raqqa" in art.text and "paid by Ankara" in art.text
