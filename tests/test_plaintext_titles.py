"""Title recovery from whole-page flattened text: one test per failure category seen on the
plain-text benchmark (pages written by hand here, not copied from the benchmark sets)."""
from __future__ import annotations

import pytest

from retold.ingest.plaintext import parse_plaintext, split_site

_PARAS = [
    "The regional harbour authority on Monday approved a £40m expansion of the container port, "
    "ending a two-year dispute with residents over noise and lorry traffic.",
    "The plan adds two deep-water berths and a rail link, and the authority said work would start "
    "in the autumn once the final contracts had been signed with the builders.",
    "Residents' groups, which had fought the scheme at two public inquiries, said they were "
    "disappointed but would not challenge the decision in court.",
    "Shipping lines welcomed the approval and said larger vessels would be able to call at the "
    "port for the first time since the nineteen-nineties.",
]
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
