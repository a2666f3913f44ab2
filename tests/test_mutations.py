"""Mutation typing on small hand-written parent/child pairs: one edit, one type, located."""
from __future__ import annotations

import pytest

from retold.mutations import diff, split_units
from retold.records import MUTATION_TYPES, Article

BASE = [
    "Turkish forces let the militants cross the border, according to a defector.",
    "“IS commanders told us to fear nothing because there was full cooperation with the Turks,” Sherko Omer, a former communications technician, told Newsweek.",
    "“IS saw the Turkish army as its ally against the Kurds,” Omer said.",
    "Newsweek was not able to independently verify Omer's testimony.",
]
TITLE = "Ex-IS Member Says Group Sees Turkey as Ally"


def _art(aid, paras, title=TITLE):
    return Article(id=aid, text="\n\n".join(paras), title=title)


def _unit_types(parent: str, child: str) -> set[str]:
    """Mutation types ``diff_units`` finds between two texts' units (no headlines)."""
    from retold.mutations import diff_units

    return {f[0] for f in diff_units(split_units(parent), split_units(child), None, None)}


def _types(child_paras, title=TITLE):
    muts = diff(_art("p", BASE), _art("c", child_paras, title))
    for m in muts:
        assert m.type in MUTATION_TYPES and m.detail and m.child == "c" and m.parent == "p"
    return muts, {m.type for m in muts}


def test_identical_copy_has_no_mutation():
    assert _types(BASE)[1] == set()


@pytest.mark.parametrize("old,new,expected", [
    ("IS commanders told us", "ISIS commanders told us", "quote_entity_swapped"),
    ("IS saw the Turkish army", "Daesh saw the Turkish army", "quote_entity_swapped"),
    ("to fear nothing because", "to be afraid of nothing because", "quote_reworded"),
    (" because there was full cooperation with the Turks,”", ",”", "quote_trimmed"),
    ("Sherko Omer, a former communications technician, told", "a source told", "speaker_dropped"),
    ("a former communications technician", "an IS fighter", "speaker_description_changed"),
    ("told Newsweek.", "said.", "channel_dropped"),
    ("told Newsweek.", "told CNN.", "channel_changed"),
    ("” Omer said.", "” Omer said, according to The Guardian.", "channel_added"),
    ("” Omer said.", "” Omer revealed.", "hedge_weakened"),
    ("” Omer said.", "” Omer claimed.", "hedge_strengthened"),
])
def test_one_edit_one_type(old, new, expected):
    child = [p.replace(old, new) for p in BASE]
    assert child != BASE
    muts, types = _types(child)
    assert expected in types, types
    assert types <= {expected, "hedge_weakened", "hedge_strengthened", "quote_reworded"} | (
        {"speaker_description_changed"} if expected == "speaker_dropped" else set())
    m = next(m for m in muts if m.type == expected)
    text = "\n\n".join(child)
    for s, e in m.child_spans:
        assert 0 <= s < e <= len(text)


def test_attribution_lost():
    child = list(BASE)
    child[2] = "IS saw the Turkish army as its ally against the Kurds."
    muts, types = _types(child)
    assert "attribution_lost" in types
    m = next(m for m in muts if m.type == "attribution_lost")
    assert "\n\n".join(BASE)[m.parent_spans[0][0]:m.parent_spans[0][1]] == BASE[2]
    assert not {"channel_dropped", "speaker_dropped"} & types


def test_attribution_lost_though_the_speaker_is_still_named_in_the_claim():
    """The speaker's name left inside the claim ("… 20 pct or more of Gencorp") is no
    attribution: with no reporting verb the sentence states it as fact. Rewritten as
    reported speech ("Gencorp said …") the attribution stays."""
    quote = ("“The rights will trade separately unless a person buys 20 pct or more of "
             "Gencorp before April six,” Gencorp told Euro Report.")
    fact = "The rights will trade separately unless a person buys 20 pct or more of Gencorp before April six."
    reported = ("Gencorp said the rights will trade separately unless a person buys 20 pct "
                "or more of Gencorp before April six.")
    lede = "The tyre maker extended its takeover defence on Friday, the company said."
    assert "attribution_lost" in _unit_types(f"{lede}\n\n{quote}", f"{lede}\n\n{fact}")
    assert "attribution_lost" not in _unit_types(f"{lede}\n\n{quote}", f"{lede}\n\n{reported}")


def test_a_quotation_naming_its_own_speaker_printed_bare_loses_its_attribution():
    """The company's name inside its own quoted words ("… exchange their Crazy Eddie
    stock for notes of Crazy Eddie …") is no attribution of the bare copy, even where a
    noun passes for a reporting verb ("notes"): only a mention beyond those the quoted
    words carry ("Crazy Eddie said …") keeps the claim the company's."""
    words = ("If a party fails to acquire Crazy Eddie within 180 days, holders may "
             "exchange their Crazy Eddie stock for notes of Crazy Eddie maturing in five years")
    quote = f"“{words},” Crazy Eddie said."
    lede = "The retailer adopted a shareholder rights plan on Friday, the company said."
    bare = f"{words[0].upper()}{words[1:]}."
    reported = f"Crazy Eddie said {words[0].lower()}{words[1:]}."
    assert "attribution_lost" in _unit_types(f"{lede}\n\n{quote}", f"{lede}\n\n{bare}")
    assert "attribution_lost" not in _unit_types(f"{lede}\n\n{quote}", f"{lede}\n\n{reported}")


def test_caveat_dropped_and_added():
    _, types = _types(BASE[:3])
    assert types == {"caveat_dropped"}
    base_no_cav = BASE[:3]
    muts = diff(_art("p", base_no_cav), _art("c", BASE))
    assert {m.type for m in muts} == {"caveat_added"}


def test_a_caveat_replaced_by_another_says_what_took_its_place():
    """Both types stay (Newsweek's own caveat is gone), but neither detail may read as
    if the copy carried no caveat at all."""
    muts, types = _types(BASE[:3] + ["Omer's account could not be independently verified."])
    assert types == {"caveat_dropped", "caveat_added"}
    by_type = {m.type: m.detail for m in muts}
    assert "now: Omer's account could not be" in by_type["caveat_dropped"]
    assert by_type["caveat_added"].startswith("verification caveat in its place")
    (gone,), _ = _types(BASE[:3])
    assert "now:" not in gone.detail


def test_content_added_and_removed():
    extra = "The Turkish foreign ministry did not respond to a request for comment on Tuesday."
    _, types = _types(BASE[:1] + [extra] + BASE[1:])
    assert types == {"content_added"}
    _, types = _types([BASE[0], BASE[2], BASE[3]])
    assert types == {"content_removed"}


def test_a_sentence_with_its_clauses_swapped_is_reworded_not_cut_and_written():
    """Desks turn a sentence around ("A, delaying B." -> "Delaying B, A."): the same
    words, a ``ratio`` near 50. Read as one unit cut and another written, it was typed
    ``content_removed`` and ``content_added`` and priced as new text."""
    from retold.mutations._unit_match import derivation_cost, match_units

    first = ("The ministry had argued the valley was too crowded for any safe evacuation "
             "plan, delaying the agency's decision to license the two new reactors.")
    turned = ("Delaying the agency's decision to license the two new reactors, the ministry "
              "had argued the valley was too crowded for any safe evacuation plan.")
    other = ("The border crossings near Kobani were closed on Monday, the ministry said in "
             "a brief statement to reporters.")
    muts = diff(_art("p", [first] + BASE[1:]), _art("c", [turned] + BASE[1:]))
    assert muts == []
    pu = split_units("\n\n".join([first] + BASE[1:]))
    cu, ou = (split_units("\n\n".join([x] + BASE[1:])) for x in (turned, other))
    # priced as a reworded unit, below a sentence written anew in its place
    assert (derivation_cost(pu, cu, match_units(pu, cu))[0]
            < derivation_cost(pu, ou, match_units(pu, ou))[0])


def test_quote_merged():
    child = [BASE[0], "“IS commanders told us to fear nothing because there was full cooperation with the Turks. IS saw the Turkish army as its ally against the Kurds,” Sherko Omer, a former communications technician, told Newsweek.", BASE[3]]
    _, types = _types(child)
    assert "quote_merged" in types
    assert "content_removed" not in types


def test_headline_changed_versus_hardened():
    _, types = _types(BASE, "Defector describes IS convoys through Turkey")
    assert types == {"headline_changed"}
    _, types = _types(BASE, "Ex-IS Member Reveals Turkey Is Ally of Group")
    assert types == {"headline_hardened"}
    _, types = _types(BASE, TITLE.upper())  # case only: not a change
    assert types == set()
    _, types = _types(BASE, "Turkey Supporting Islamic State")  # the example
    assert types == {"headline_hardened"}
    _, types = _types(BASE, "Ex-IS Member Says Group")  # cut short: not harder
    assert types == {"headline_changed"}
    # a headline on another subject lost its "says" too, but claims nothing harder
    _, types = _types(BASE, "Mexico's economy grew 1.1% in the quarter")
    assert types == {"headline_changed"}
    _, types = _types(BASE, "copy")
    assert types == {"headline_changed"}


def test_a_quotation_ending_its_sentence_is_a_unit_of_its_own():
    """"“…its ally.” Extra sentence added by the blog." was one unit whose speaker was
    "Extra sentence" (verb "added"), and the added sentence no content_added."""
    texts = [u.text for u in split_units("\u201cDaesh saw the Turkish army as its ally.\u201d "
                                         "Extra sentence added by the blog.")]
    assert texts == ["\u201cDaesh saw the Turkish army as its ally.\u201d",
                     "Extra sentence added by the blog."]
    (u,) = split_units("\u201cWe are leaving.\u201d Smith said on Monday.")  # attribution
    assert u.speaker == "Smith"
    parent = _art("p", ["\u201cDaesh saw the Turkish army as its ally.\u201d"])
    child = _art("c", ["\u201cDaesh saw the Turkish army as its ally.\u201d Extra sentence "
                       "added by the blog."])
    assert [m.type for m in diff(parent, child)] == ["content_added"]


def test_units_keep_quotations_whole_and_find_the_channel():
    units = split_units("“A. B,” Omer told Newsweek. Next sentence here.")
    assert len(units) == 2
    assert units[0].content == "A. B" and units[0].channel == "Newsweek"
    assert units[0].speaker == "Omer" and units[0].verb == "told"
    u = split_units("The figures were up, according to Paul Collier, a vice president.")[0]
    assert u.channel is None  # a person, not an outlet


def test_odd_text_never_raises():
    for text in ["", "“unbalanced quote with no end", "...", "\n\n\n", "a" * 5000]:
        diff(_art("p", [text]), _art("c", ["something else entirely, said Omer."]))


def test_merged_then_trimmed_quotation_is_still_a_merge():
    parent = ("Output rose in January.\n\n“Production in January was affected by rail strikes and "
              "severely cold weather,” Anna Weber said.\n\n“Output of gas and electricity was "
              "very high,” Weber added.")
    child = ("Output rose in January.\n\n\"Production in January was affected by rail strikes "
             "and severely cold weather. Output,\" Anna Weber said.")
    types = _unit_types(parent, child)
    assert "quote_merged" in types and "content_removed" not in types


def test_name_lengthened_into_an_alias_is_an_entity_swap():
    child = [p.replace("IS saw the Turkish army", "Islamic State saw the Turkish army") for p in BASE]
    assert "quote_entity_swapped" in _types(child)[1]
    base = "“The Treasury will release the funds next week,” Ana Gomes told Reuters."
    muts = diff(_art("p", [base]), _art("c", [base.replace("Treasury", "Treasury Department")]))
    swap = [m for m in muts if m.type == "quote_entity_swapped"]
    assert [m.detail for m in swap] == ["Treasury -> Treasury Department"]
    assert {m.type for m in muts} == {"quote_entity_swapped"}


def test_sentence_opening_word_is_not_an_acronym():
    """"Is" opening a quotation is not the group IS: "Is" -> "Was" is a rewording."""
    base = "“Is the plan working? Nobody knows yet,” Ana Gomes told Reuters."
    muts = diff(_art("p", [base]), _art("c", [base.replace("“Is the", "“Was the")]))
    assert {m.type for m in muts} == {"quote_reworded"}


def test_merge_into_the_first_quotation_reports_no_other_edit():
    """The joined quotation pairs with its longer half (the second quotation here), but
    it kept the first one's attribution and the two halves in their order: only the merge
    happened — no rewording, no cut, no new speaker description."""
    parent = ("Soy prices fell again this week.\n\n“Oilseeds remain at depressed prices "
              "because of heavy supplies,” James Hughes, a spokesman for the exchange, said."
              "\n\n“The increase should result from lower disappearance, as production is "
              "expected to fall to 184 mln tonnes from 186 mln last year,” Hughes added.")
    child = ("Soy prices fell again this week.\n\n“Oilseeds remain at depressed prices because "
             "of heavy supplies. The increase should result from lower disappearance, as "
             "production is expected to fall to 184 mln tonnes from 186 mln last year,” "
             "James Hughes, a spokesman for the exchange, said.")
    types = _unit_types(parent, child)
    assert types == {"quote_merged"}, types


@pytest.mark.parametrize("speaker,anonymous", [
    ("Some dealers", "a source"),
    ("the report", "a person familiar with the matter"),
])
def test_a_speaker_replaced_by_an_anonymous_one_is_dropped(speaker, anonymous):
    """'Some dealers' or 'the report' say who is speaking; 'a source' says nobody: the
    speaker was dropped, not redescribed."""
    q = "“The dollar will keep falling against the yen until the spring,” {} said."
    types = _unit_types(q.format(speaker), q.format(anonymous))
    assert types == {"speaker_dropped"}, types


def test_one_anonymous_speaker_for_another_is_no_drop():
    q = "“The dollar will keep falling against the yen until the spring,” {} said."
    assert "speaker_dropped" not in _unit_types(q.format("one official"), q.format("a source"))


@pytest.mark.parametrize("child_quote,expected", [
    ("“He was puzzled by,” Ronald Reagan told Newsweek.", {"quote_trimmed"}),
    ("Capital costs to bring.", {"quote_trimmed", "attribution_lost"}),
])
def test_quotation_cut_to_its_opening_words_is_a_trim(child_quote, expected):
    """Three or four words left of a long quotation are too short for substring
    similarity, but they are the quotation's own opening words: a trim (and, without
    quotation marks, a lost attribution), not one passage removed and another added."""
    opening = child_quote.split("”")[0].strip("“,. ") if "”" in child_quote else \
        child_quote.rstrip(".")
    parent = (f"Markets fell sharply on Monday.\n\n“{opening} the day's events, but is "
              f"convinced the economy remains sound and that the fall says nothing about "
              f"the months ahead,” Ronald Reagan told Newsweek.")
    child = f"Markets fell sharply on Monday.\n\n{child_quote}"
    types = _unit_types(parent, child)
    assert types == expected, types


@pytest.mark.parametrize("child_sentence,expected", [
    # cut, reworded and printed bare: 6 of its 8 words are the quotation's opening words
    ("The Citicorp unit indicated its bigger offer came.",
     {"quote_trimmed", "quote_reworded", "attribution_lost"}),
    # a new sentence that merely opens with the same three words is no trim of it
    ("The Citicorp unit will announce its results next week.",
     {"content_added", "content_removed"}),
])
def test_quotation_cut_and_reworded_at_its_opening_is_still_a_trim(child_sentence, expected):
    """A desk that cut a quotation to its opening words often reworded them too; with
    most of the words the parent's own, in place, it is still that quotation."""
    parent = ("Cyclops shares rose on the news.\n\n“The Citicorp unit said its higher "
              "offer came to about three dlrs more for each Cyclops share outstanding,” "
              "Paul Moreau, a trader, told Business Standard.")
    child = f"Cyclops shares rose on the news.\n\n{child_sentence}"
    types = _unit_types(parent, child)
    assert types == expected, types


def test_quotation_cut_with_a_word_reworded_into_two_is_still_a_trim():
    """"Last week" became "Last seven days" as the quotation was cut to its opening:
    the words line up with the parent's opening give or take a word, so the hop is one
    quotation trimmed and reworded, not one removed and another written."""
    tail = ("was planning to offer the 0/92 measure and a bill to tighten a payment "
            "limitation loophole")
    parent = ("Farm groups lobbied hard on Monday.\n\n“Last week the aide indicated Lugar "
              f"{tail},” Karen Rossi, a spokesman, told Newsweek.")
    child = ("Farm groups lobbied hard on Monday.\n\n“Last seven days the aide indicated,” "
             "Karen Rossi, a spokesman, told Newsweek.")
    types = _unit_types(parent, child)
    assert types == {"quote_trimmed", "quote_reworded"}, types


def test_two_quotations_joined_and_printed_bare_are_a_merge():
    """Joined into one quotation and then stripped of its attribution, a merge leaves
    no quotation marks: two sentences that stood in separate paragraphs under one name
    now stand together under none. One merge and one attribution lost; the same two
    sentences left in paragraphs of their own are two attributions lost, no merge."""
    first = "Current profits are projected to fall 4.4 pct on sales seen rising by 4.2 pct"
    second = "Lower interest rates are also behind the improved outlook for earnings"
    lede = "Japan's major companies expect profits to fall this year, a survey showed."
    middle = "Manufacturers have cut costs to cope with the yen's sharp rise."
    parent = (f"{lede}\n\n“{first},” Robert Weber, a trader, told Evening Post.\n\n"
              f"{middle}\n\n“{second},” Weber added.")
    joined = f"{lede}\n\n{first}. {second}.\n\n{middle}"
    apart = f"{lede}\n\n{first}.\n\n{middle}\n\n{second}."
    from retold.mutations import diff_units

    found = diff_units(split_units(parent), split_units(joined), None, None)
    assert sorted(f[0] for f in found) == ["attribution_lost", "quote_merged"], found
    assert "quote_merged" not in _unit_types(parent, apart)
    assert [f[0] for f in diff_units(split_units(parent), split_units(apart), None, None)
            ] == ["attribution_lost", "attribution_lost"]


def test_merged_then_trimmed_with_a_paragraph_between_is_still_a_merge():
    """The second quotation was not the next unit of the parent (a paragraph sat between
    them, or the copy reordered paragraphs): its opening words closing the joined
    quotation still show the merge, when there are three or more of them."""
    parent = ("“Production in January was affected by rail strikes and severely cold "
              "weather,” Anna Weber said.\n\nOutput rose in January.\n\n“Output of gas and "
              "electricity was very high,” Weber added.")
    child = ("“Production in January was affected by rail strikes and severely cold weather. "
             "Output of gas and,” Anna Weber said.\n\nOutput rose in January.")
    types = _unit_types(parent, child)
    assert "quote_merged" in types and "content_removed" not in types, types
    once = child.replace("Output of gas and,", "Output,")  # one word: too weak far away
    types = _unit_types(parent, once)
    assert "quote_merged" not in types, types


def test_a_quotation_of_two_sentences_printed_bare_is_one_attribution_lost():
    """Stripped of its marks, a quotation of two sentences reads as two sentences: one
    pairs with the quotation, the other looked like new text (``content_added``) and the
    quotation cut short (``quote_trimmed``). Read together they are the quotation stated
    as fact, nothing more. A sentence of the child's own beside it is still new text."""
    quote = ("In a statement the group said it bought the two papers for an undisclosed sum. "
             "Trading conditions in the area are difficult because the city depends on oil.")
    lede = "Independent Newspapers said it bought two more community newspapers in Houston."
    parent = f"{lede}\n\n“{quote},” Alan Burnet, the chairman, told Pacific Times."
    bare = f"{lede}\n\n{quote}"
    assert _unit_types(parent, bare) == {"attribution_lost"}
    from retold.mutations._unit_match import derivation_cost, match_units

    pu, cu = split_units(parent), split_units(bare)
    assert derivation_cost(pu, cu, match_units(pu, cu))[1] < 10  # no new words to write
    # three sentences: those on either side of the paired one, and the next along, join it
    longer = quote.replace("sum. ", "sum. The papers will keep their editors and their names. ")
    assert _unit_types(f"{lede}\n\n“{longer},” Alan Burnet told Pacific Times.",
                       f"{lede}\n\n{longer}") == {"attribution_lost"}
    own = f"{lede}\n\n{quote} Analysts expect more purchases of local titles this year."
    assert _unit_types(parent, own) == {"attribution_lost", "content_added"}


def test_a_quotation_introduced_by_the_sentence_before_keeps_its_speaker():
    """A copy that prints "Omer explained that … “IS saw …”" (the quotation standing
    alone after the sentence naming its speaker, as the Financial Tribune page does) has
    not dropped the speaker of "“IS saw …,” Omer said."; cutting that sentence has."""
    quote = "“IS saw the Turkish army as its ally against the Kurds in Syria.”"
    parent = quote[:-2] + ",” Omer said."
    intro = "Omer explained that Turkey had been seen as an ally against the Kurds. "
    assert "speaker_dropped" not in _unit_types(parent, intro + quote)
    assert "speaker_dropped" not in _unit_types(intro + quote, parent)
    assert "speaker_dropped" in _unit_types(intro + quote, "Turkey was an ally.\n\n" + quote)
    u = split_units("The army, which had denied it for weeks, said it was wrong. " + quote)[1]
    assert (u.speaker, u.desc) == ("The army", None)


@pytest.mark.parametrize("old,new,detail", [
    ("unless BHP comes", "unless BHP Group comes", "BHP -> BHP Group"),
    ("“The company", "“Frankly, the company", "The -> Frankly the"),
])
def test_words_inserted_into_a_quotation_are_shown_beside_their_neighbour(old, new, detail):
    """"∅ -> Group" said neither where nor what: the detail and the parent span name the
    unchanged word the insertion sits by."""
    base = ("“The company has left us no choice unless BHP comes back with a serious "
            "proposal,” union president Patricio Tapia told Reuters.")
    muts = diff(_art("p", [base]), _art("c", [base.replace(old, new)]))
    rw = [m for m in muts if m.type == "quote_reworded"]
    assert [m.detail for m in rw] == [detail]
    (s, e), = rw[0].parent_spans
    assert base[s:e] == detail.split(" -> ")[0]


def test_a_modal_hedge_dropped_from_a_claim_weakens_it():
    """"may have been caused … police said" -> "was caused": the claim lost its hedge
    (hedge_weakened, naming the words), as when "alleged" goes; "could not be reached"
    is no hedge, and one modal for another is no weakening."""
    base = "The blast may have been caused by a gas leak, a police spokeswoman told AFP."
    hard = "The blast was caused by a gas leak, a police spokeswoman told AFP."
    muts = diff(_art("p", [base]), _art("c", [hard]))
    assert [(m.type, m.detail) for m in muts] == [("hedge_weakened", "'may have' removed")]
    assert _unit_types(base, base.replace("may have", "might have")) == set()
    owner = "The owner could not be reached for comment on Wednesday evening."
    assert _unit_types(owner, owner.replace("could not be reached", "was unreachable")) == set()


def test_a_suspected_cause_stated_as_fact_hardens_the_headline():
    """"…, gas leak suspected" -> "Gas leak caused …" asserts what was a suspicion."""
    pt, ct = ("Blast at Lyon bakery injures seven, gas leak suspected",
              "Gas leak caused Lyon bakery blast that injured seven")
    from retold.mutations.classify import headline_change
    assert headline_change(pt, ct)[0] == "headline_hardened"
    # the suspicion dropped with its claim: nothing asserted
    assert headline_change(pt, "Seven hurt in Lyon bakery explosion")[0] == "headline_changed"


def test_a_quotation_put_in_the_passive_is_reworded_not_trimmed():
    """"we have evacuated the apartments" -> "the apartments have been evacuated": words
    deleted at one place and written at another, the quotation no shorter. It was typed
    "quotation cut by 3 of 12 words"; nothing was cut."""
    base = ("“The building is structurally unsafe and we have evacuated the neighbouring "
            "apartments,” deputy mayor Sylvain Godard said.")
    child = base.replace("we have evacuated the neighbouring apartments",
                         "the neighbouring apartments have been evacuated")
    (m,) = diff(_art("p", [base]), _art("c", [child]))
    assert (m.type, m.detail) == ("quote_reworded", "we have evacuated -> ∅; "
                                  "apartments -> apartments have been evacuated")
    assert m.parent_spans == sorted(m.parent_spans)
    assert _unit_types(base, base.replace(" and we have evacuated the neighbouring apartments",
                                          "")) == {"quote_trimmed"}
