"""The plain-text benchmark's title ground truth and scoring (benchmarks/plaintext.py): a
site name is cut only where the page names its site, and a kept site segment is wrong."""
from __future__ import annotations

import lxml.html
import pytest

from benchmarks.plaintext import _declared_headline, _declared_titles, _site_names, title_right


def _tree(site_name: str | None = None):
    meta = f'<meta property="og:site_name" content="{site_name}">' if site_name else ""
    return lxml.html.document_fromstring(f"<html><head>{meta}</head><body><p>x</p></body></html>")


@pytest.mark.parametrize("title,site_name,url,expected", [
    # the site name from og:site_name, even with a dash inside it
    ("Simple Hiking Survival Kit (with Kids) - The Anti-June Cleaver", "The Anti-June Cleaver",
     "https://theantijunecleaver.com/hiking", "Simple Hiking Survival Kit (with Kids)"),
    # "Foo - Bar - Site": only the site segment goes
    ("Fallen Order review - shoots for the moon - VG247", None, "https://www.vg247.com/x",
     "Fallen Order review - shoots for the moon"),
    # a dash inside the headline is no site separator
    ("Oisín Leech: Cold Sea review – you can almost taste the salt", "the Guardian",
     "https://www.theguardian.com/music/x", "Oisín Leech: Cold Sea review – you can almost taste the salt"),
    ("Opinion | Is Football Violence a Crime?", "WSJ", "https://www.wsj.com/x",
     "Opinion | Is Football Violence a Crime?"),
    # the site segment and a short tail after it
    ("Biden Interview Was a Ratings Dud | The Gateway Pundit | by Mike LaChance", "The Gateway Pundit",
     "https://www.thegatewaypundit.com/x", "Biden Interview Was a Ratings Dud"),
    # a site name before a colon, matched against the domain
    ("The Space Review: Seeking a bigger role for a big rocket", None, "https://www.thespacereview.com/x",
     "Seeking a bigger role for a big rocket"),
])
def test_declared_headline_cuts_only_the_site_name(title, site_name, url, expected):
    assert _declared_headline(title, _site_names(_tree(site_name), url), set()) == expected


def test_last_segment_shared_by_pages_of_one_domain_is_a_site_suffix():
    pages = [("All-new Sentra is what we want - Auto News", _tree(), "https://www.autoindustriya.com/a"),
             ("Lexus goes topless with the LC500 - Auto News", _tree(), "https://www.autoindustriya.com/b"),
             ("Everything about the Brit Awards - live updates", _tree(), "https://www.independent.co.uk/c")]
    assert _declared_titles(pages) == ["All-new Sentra is what we want", "Lexus goes topless with the LC500",
                                       "Everything about the Brit Awards - live updates"]


@pytest.mark.parametrize("pred,truth,right", [
    ("Bubonic plague: Third case in China", "Bubonic plague – third case in China!", True),  # punctuation, case
    ("High School Roundup: Viera defeats Rockledge to stay unbeaten",
     "HS Roundup: Viera defeats Rockledge to stay unbeaten", True),  # a word's wording, under 10%
    ("Sweden drops its investigation into the rape allegation against Assange : Yomiuri",
     "Sweden drops its investigation into the rape allegation against Assange", False),  # kept the site
    ("Opinion | Sweden drops its investigation into the rape allegation against Assange",
     "Sweden drops its investigation into the rape allegation against Assange", False),  # kept a section
    ("Seeking a bigger role", "Seeking a bigger role for a big rocket", False),
    (None, "Seeking a bigger role for a big rocket", False),
])
def test_title_right(pred, truth, right):
    assert title_right(pred, truth) is right
