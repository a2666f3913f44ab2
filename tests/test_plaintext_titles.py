"""Title recovery from whole-page flattened text: one test per failure category seen on the
plain-text benchmark (pages written by hand here, not copied from the benchmark sets)."""
from __future__ import annotations

import pytest

from page_fixtures import HARBOUR_PARAS as _PARAS

from retold.ingest.plaintext import parse_plaintext, split_site

_MENU = ("Skip to main content", "Home", "News", "Business", "Sport", "Opinion", "Sign in")
_TAIL = ("Related articles", "Port strike called off", "Ferry timetable changes", "© 2019 Coastal Herald")
_HEADLINE = "Harbour authority approves £40m port expansion after long row"


def _page(*head: str) -> str:
    """A resiliparse-style page (no <title> line): menu, ``head`` lines, article, footer."""
    return "\n".join([*_MENU, *head, *_PARAS, *_TAIL]) + "\n"


def test_timestamp_without_a_year_is_not_the_headline():
    # "Updated Nov 19, 6:55 AM" carries no year, so it is no date to parse_date, but it is
    # page furniture under the headline, never the headline itself
    art = parse_plaintext(_page("Business", _HEADLINE, "Updated Nov 19, 6:55 AM;Posted Nov 19, 6:51 AM",
                                "Harbour cranes at dusk", "By Jane Doe"))
    assert art.title == _HEADLINE


def test_name_under_an_author_label_is_a_byline_not_the_headline():
    art = parse_plaintext(_page(_HEADLINE, "The decision ends two years of protests over noise and traffic.",
                                "Author:", "Coastal Herald Editorial Staff", "Publish date:", "Oct 4, 2018"))
    assert art.title == _HEADLINE


@pytest.mark.parametrize("between", [(), ("New, 15 comments",)])
def test_standfirst_printed_under_the_headline_loses_to_it(between):
    # a standfirst (dek) without a final full stop is headline-shaped and sits closer to the
    # body; the line above it is the headline (an engagement counter may sit in between)
    dek = "The decision ends two years of protests but leaves residents worried about noise and traffic"
    art = parse_plaintext(_page("Business", _HEADLINE, *between, dek, "By Jane Doe", "Share"))
    assert art.title == _HEADLINE


def test_line_naming_the_bylines_author_is_not_the_headline():
    # "Jane Doe, business reporter" next to "By Jane Doe" is byline furniture; with it out
    # of the way the photo caption under the byline no longer wins either
    caption = "Container ships wait outside the harbour entrance on a winter morning"
    art = parse_plaintext(_page("Watch Live", _HEADLINE, "The authority says the work will start in the autumn.",
                                "Jane Doe, business reporter", "Jane Doe", "Business reporter @JaneDoe1",
                                "By Jane Doe", caption, "Image: " + caption))
    assert art.title == _HEADLINE


@pytest.mark.parametrize("trail", [
    "Home News Business News ",   # spaced breadcrumb
    "HomeLatest NewsBusiness News",  # a flattener glued the links together
])
def test_breadcrumb_trail_ending_in_the_headline_is_not_the_title(trail):
    headline = "Harbour expansion approved after long row"
    art = parse_plaintext(_page(trail + headline, headline, "Share"))
    assert art.title == headline


def test_kicker_glued_with_a_hyphen_is_no_breadcrumb():
    # "MSV-Interimstrainer ..." ends with the next line but is a headline in its own right:
    # only a space or a lower/upper-case junction makes a trail
    from retold.ingest.headline import _breadcrumb_of
    from retold.ingest.plaintext import _lines

    lines = _lines("Harbour-Authority approves port expansion plan\nAuthority approves port expansion plan\n"
                   "Home News Authority approves port expansion plan\n")
    assert not _breadcrumb_of(lines[0], lines)
    assert _breadcrumb_of(lines[2], lines)


def test_url_line_is_not_headline_shaped():
    from retold.ingest.headline import _headline_shaped
    from retold.ingest.plaintext import _lines

    url = "https://www.coastalherald.example.com/business/harbour-expansion-approved-51574168486"
    assert not _headline_shaped(_lines(url)[0])
    assert _headline_shaped(_lines(_HEADLINE)[0])


def test_short_headline_with_the_byline_right_under_it_beats_the_seo_title_line():
    # html-text: the <title> is an SEO wording; the on-page headline has only three words
    # (penalised for length) but the byline sits on the very next line
    text = "\n".join(["Harbour authority races the clock over the port plan | Coastal Herald", *_MENU,
                      "The Expansion Clock", "Donate", "More articles", "Business",
                      "The Expansion Clock", "By Jane Doe", "About Jane Doe", "March 4, 2019 6:30 AM",
                      *_PARAS, *_TAIL])
    assert parse_plaintext(text).title == "The Expansion Clock"


@pytest.mark.parametrize("widget", ["Continue reading the main story", "You are signed in as",
                                    "0Email this to someone", "Tweet about this on Twitter"])
def test_reading_and_account_widgets_are_boilerplate(widget):
    from retold.ingest.plaintext import _lines

    assert _lines(widget)[0].boilerplate


def test_widget_printed_twice_near_the_body_is_not_the_title():
    widget = "Continue reading the main story"
    art = parse_plaintext(_page(_HEADLINE, "Advertisement", widget, "Opinion", "Supported by", widget))
    assert art.title == _HEADLINE


def test_short_first_line_that_shares_no_word_with_the_article_is_not_a_title_line():
    # resiliparse has no <title> line: a site name on the first line must not be taken for it
    text = "\n".join(["The Coastal Herald", "Giving News", "Donate", *_MENU, "The Coastal Herald", _HEADLINE,
                      "Previous Post", "Next Post", "October 9, 2018 | by Jane Doe", *_PARAS, *_TAIL])
    assert parse_plaintext(text).title == _HEADLINE


def test_first_line_title_with_a_site_name_still_stands():
    # html-text / WET: a "Headline | Site" first line is the <title> even when the article
    # text does not repeat its words
    text = "\n".join(["Storm closes mountain pass | Valley Gazette", *_MENU, "Share", *_PARAS, *_TAIL])
    assert parse_plaintext(text).title == "Storm closes mountain pass"


def test_glued_menu_line_is_not_the_title():
    headline = "Harbour expansion approved after long row"
    menu = "StartseiteHafen und SchiffeHarbour NewsPort AuthorityRegionalNachrichten Container Harbour expansion"
    assert parse_plaintext(_page(menu, headline)).title == headline


@pytest.mark.parametrize("noise", [
    "(Picture: harbour cranes seen from the water at dusk on Monday)",  # caption in brackets
    "AUDIO: Harbour chief explains the port expansion plan (1 Min)",    # media teaser
])
def test_captions_and_media_teasers_lose(noise):
    art = parse_plaintext(_page(_HEADLINE, "Jane Doe", noise, "Share"))
    assert art.title == _HEADLINE


@pytest.mark.parametrize("title,expected", [
    ("Classificação NASCAR | Autoracing | F1 | Indy | MotoGP", ("Classificação NASCAR", "MotoGP")),
    ("Opinion | Republicans Are Following Trump to Nowhere",
     ("Opinion | Republicans Are Following Trump to Nowhere", None)),
    ("Storm closes pass | Valley Gazette", ("Storm closes pass", "Valley Gazette")),
])
def test_split_site_chains_and_section_labels(title, expected):
    assert split_site(title) == expected


def test_title_split_over_two_lines_at_its_colon_is_rejoined():
    # the flattener emitted the kicker and the rest of the headline as two blocks
    text = "\n".join(["Harbour row: the port wins | Coastal Herald", *_MENU, "Harbour row", ": the port wins",
                      "A comment by Jane Doe", "Comment by", "Jane Doe", "11.07.2026, 09:30", *_PARAS, *_TAIL])
    assert parse_plaintext(text).title == "Harbour row: the port wins"


def test_caption_labelled_as_montage_above_the_headline_loses():
    # the date sits under the headline, so the caption above it is near a date too
    art = parse_plaintext(_page("Cranes stand over the harbour, with ships waiting behind them (Bildmontage)",
                                _HEADLINE, "Stand: 17.06.2025 18:24 Uhr"))
    assert art.title == _HEADLINE


_SHORT_HEADLINE = "Port expansion: a win for the harbour"


def test_caption_with_a_bare_credit_line_under_the_headline_loses():
    # headline and caption each printed twice (alt text, figure), then "Foto: ..." alone
    caption = "Dock workers unload a container ship at the quay on Monday"
    text = "\n\n".join([*_MENU, "Sport", _SHORT_HEADLINE, _SHORT_HEADLINE, caption, caption,
                         "Foto: Getty Images", "Share", "By Jane Doe", "15.05.2023 - 13:52 Uhr", *_PARAS, *_TAIL])
    assert parse_plaintext(text).title == _SHORT_HEADLINE


def test_alt_text_then_captioned_copy_is_a_caption():
    # alt text, then the same caption again with its credit (figcaption), after a short lede
    text = "\n\n".join([*_MENU, _SHORT_HEADLINE,
                         "A long row ends. The harbour will grow, and the town must now live with it.",
                         "Residents and dock workers at the harbour gates in the old town",
                         "Residents and dock workers at the harbour gates on Monday Foto: Jane Roe",
                         *_PARAS, *_TAIL])
    assert parse_plaintext(text).title == _SHORT_HEADLINE


def test_credit_under_a_headline_without_caption_does_not_demote_it():
    # the photo's credit can follow the headline directly, and "REUTERS" is a wire source line
    assert parse_plaintext(_page(_HEADLINE, "© JANE ROE", "REUTERS")).title == _HEADLINE


def test_page_title_wins_over_an_on_page_dash_kicker():
    # on the page: "Kicker - Headline"; the <title> declares the headline alone
    text = "\n".join([f"{_HEADLINE} - News - Coastal Herald", *_MENU, f"Port row - {_HEADLINE}",
                      "By Jane Doe", *_PARAS, *_TAIL])
    assert parse_plaintext(text).title == _HEADLINE


def test_page_title_keeps_the_kicker_printed_on_the_line_above():
    # "Vote tonight" printed over the headline, "Vote tonight: <headline> - news.herald.co.uk"
    # as the <title> (its host name stays one site part, not a sentence end)
    text = "\n".join([f"Vote tonight: {_HEADLINE} - news.herald.co.uk", *_MENU, "Vote tonight", _HEADLINE,
                      "By Jane Doe", *_PARAS, *_TAIL])
    assert parse_plaintext(text).title == f"Vote tonight: {_HEADLINE}"


def test_page_title_colon_kicker_on_the_page_is_kept():
    # "'Quote': rest" on the page under a shortened <title>: the on-page line is the headline
    text = "\n".join([f"{_HEADLINE} | Coastal Herald", *_MENU, f"'A good day': {_HEADLINE}",
                      "By Jane Doe", *_PARAS, *_TAIL])
    assert parse_plaintext(text).title == f"'A good day': {_HEADLINE}"


def test_first_line_title_opening_with_von_is_not_a_byline():
    first = "Von Hafen bis Kai: Harbour authority approves port expansion"
    text = "\n".join([first, *_MENU, "Share", *_PARAS, *_TAIL])
    assert parse_plaintext(text).title == first


def test_visible_headline_under_a_title_copy_and_kicker_wins():
    # breadcrumb ending in the <title>, then the block readers see: kicker, headline, byline
    seo = "Port row: harbour board backs the £40m expansion"
    text = "\n".join([f"{seo} | Coastal Herald", *_MENU, "Home", "Business", seo, "Vote tonight",
                      _HEADLINE, "By Jane Doe", *_PARAS, *_TAIL])
    assert parse_plaintext(text).title == _HEADLINE


@pytest.mark.parametrize("between", [
    ("New, 15 comments", "The fourth expansion of the port since the war years"),  # counter, standfirst
    ("Jane Doe View More Articles", "The port looks good even with the cranes gone"),  # author link
    ("Jane Doe | John Roe", "vor 3 Stunden vor 3 Stunden"),                          # no shared word
])
def test_title_copy_stands_when_no_kicker_and_headline_follow(between):
    text = "\n".join([f"{_HEADLINE} | Coastal Herald", *_MENU, "Business", _HEADLINE, *between,
                      "November 20, 2019 13:42", *_PARAS, *_TAIL])
    assert parse_plaintext(text).title == _HEADLINE


@pytest.mark.parametrize("widget", [
    "Article réservé aux abonnés pour la lecture du journal",
    "Non hai un account? Registrati in 1 minuto",
    "In Pocket speichern vorlesen Druckansicht",
])
def test_account_and_reading_widgets_lose(widget):
    # resiliparse-style blocks: the widget sits right on the byline, the headline further up
    text = "\n\n".join([*_MENU, _SHORT_HEADLINE, "Harbour", "Share", "Listen", widget, "By Jane Doe",
                        "15.05.2023", *_PARAS, *_TAIL])
    assert parse_plaintext(text).title == _SHORT_HEADLINE



def test_a_short_first_line_about_the_body_is_the_title_not_lost():
    """"City Bridge Opens Soon" (four words, no site name) was neither the title nor body
    text: the page lost its first line."""
    from retold.ingest import parse_plaintext

    text = ("City Bridge Opens Soon\n\nMayor Jane Doe said on Tuesday that the new bridge "
            "will open in May.\n\nOfficials expect heavy traffic in the first weeks of June "
            "after the opening.\n\n\u201cWe are proud of this work,\u201d said Doe, adding "
            "that costs rose.\n")
    art = parse_plaintext(text, path="bridge.txt")
    assert art.title == "City Bridge Opens Soon"
    assert art.text.startswith("Mayor Jane Doe said")
    # a short first line that shares no word with the body is still no title
    menu = parse_plaintext("Home News Sport\n\n" + text.split("\n\n", 1)[1], path="m.txt")
    assert menu.title != "Home News Sport"
