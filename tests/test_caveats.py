"""One list of verification caveats for the statements' hedges and the mutations' caveats."""
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
