"""The word lists behind typing: one list of caveats for statements and mutations, the
reporting verbs, the headline hedges."""
from __future__ import annotations

import pytest

from retold.mutations import diff
from retold.mutations.units import split_units
from retold.records import Article
from retold.statements.hedges import find_hedges


@pytest.mark.parametrize("sentence, caveat", [
    ("While Newsweek was not able to independently verify Omer’s testimony, it ran.", True),
    ("There was no independent confirmation of the figures.", True),
    ("None of the claims have been independently verified.", True),
    ("It was not possible to verify the account.", True),
    ("It was impossible to verify the claims.", True),
    ("The Herald was unable to confirm the figures with the ministry.", True),
    # a negation near "confirmed" is no caveat: the official confirmed it
    ("“In other comments, Baker said he did not think so,” a senior official confirmed.", False),
    ("The ministry did not respond to a request for comment.", False),
])
def test_both_stages_read_the_same_caveats(sentence, caveat):
    unit_says = bool(split_units(sentence)[0].caveat)
    hedge_says = any(h.type == "unverified" for h in find_hedges(sentence))
    assert unit_says == hedge_says == caveat


def test_dropping_a_no_confirmation_sentence_is_a_caveat_dropped():
    body = ["Officials said 40 people were hurt in the blast on Tuesday.",
            "“We are still counting,” a police spokesman told Reuters.",
            "There was no independent confirmation of the figures."]
    parent = Article(id="p", text="\n\n".join(body), title="Blast hurts 40")
    child = Article(id="c", text="\n\n".join(body[:2]), title="Blast hurts 40")
    types = {m.type for m in diff(parent, child)}
    assert "caveat_dropped" in types and "content_removed" not in types


@pytest.mark.parametrize("verb, expected", [
    ("stressed", set()), ("declared", set()), ("pointed out", set()), ("recalled", set()),
    ("revealed", {"hedge_weakened"}),  # the claim put more firmly: a weaker hedge
    ("hinted", {"hedge_strengthened"}),
])
def test_a_reporting_verb_swapped_for_another_keeps_the_speaker(verb, expected):
    """A copy that writes "stressed" for "said" keeps the speaker; with a short verb list
    the typer found no verb, hence no speaker, and reported speaker_dropped."""
    body = ["Officials said 40 people were hurt in the blast on Tuesday.",
            "“We are still counting the injured,” police spokesman Ali Hassan said.",
            "Rescue teams worked through the night."]
    child = [body[0], body[1].replace(" said.", f" {verb}."), body[2]]
    parent = Article(id="p", text="\n\n".join(body), title="Blast")
    copy = Article(id="c", text="\n\n".join(child), title="Blast")
    assert {m.type for m in diff(parent, copy)} == expected


@pytest.mark.parametrize("old, new, kind", [
    ("Blast may have been bomb, police say", "Blast was bomb, police say", "headline_hardened"),
    ("Is Turkey helping IS?", "Turkey is helping IS", "headline_hardened"),
    ("Rates seen rising in March", "Rates rising in March", "headline_hardened"),
    ("Rates may rise, analysts say", "Rates may rise sharply, analysts say", "headline_changed"),
    ("Bank may raise rates", "Bank could raise rates", "headline_changed"),
    ("Bank may raise rates soon", "Bank may raise", "headline_changed"),  # cut short
])
def test_a_headline_that_loses_its_modal_hedge_is_hardened(old, new, kind):
    """The claim itself was hedged ("may have been"): without the hedge it is asserted,
    even though the headline still names who says it. Only a lost attribution counted."""
    from retold.mutations.classify import headline_change

    assert headline_change(old, new)[0] == kind


def test_the_first_reporting_verb_is_found_whole_and_in_phrases():
    from retold.mutations.units import _find_verb

    assert _find_verb("Ali Hassan, a spokesman, SAID on Monday") == (25, 29, "said")
    assert _find_verb("as he pointed out to reporters") == (6, 17, "pointed out")
    assert _find_verb("according to the ministry") == (0, 12, "according to")
    assert _find_verb("the unsaid rule, re-stated") == (20, 26, "stated")
    assert _find_verb("he pointed at the map") is None and _find_verb("accordingly") is None


@pytest.mark.parametrize("old, new", [
    ("REXNORD <REX> TO SELL RAILWAY UNIT", "CORRECTED - REXNORD <REX> TO SELL RAILWAY UNIT"),
    ("UPDATE 1-Police say blast may have been bomb", "Police say blast may have been bomb"),
])
def test_a_headline_that_only_gains_or_loses_a_reissue_marker_says_so(old, new):
    """A wire's "CORRECTED - " or "UPDATE 1-" before the same headline is a change of the
    headline (the simulator's copies add "UPDATE 1-" as one), but a reader must see that
    nothing of the claim moved."""
    from retold.mutations.classify import headline_change

    kind, _, _, detail = headline_change(old, new)
    assert kind == "headline_changed" and detail.startswith("re-issue marker only")
    assert not headline_change("Bank may raise rates", "Bank could raise rates")[3].startswith(
        "re-issue")
