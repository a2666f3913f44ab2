"""Alignment, classification, quotes and citations on hand-written news text."""
from __future__ import annotations

import time

import pytest

from retold.records import Article
from retold.reuse import align, find_citations, link, link_detailed, match_quotes
from retold.reuse.classify import Thresholds
from retold.reuse.quotes import group_variants, variant_of
from statement_helpers import quotation

ORIGIN = (
    "Ex-IS Member Says Group Sees Turkey as Ally\n\n"
    "A former member of the IS militant group has described how Turkish border forces let "
    "its fighters travel through Turkish territory to reinforce units battling Kurdish forces.\n\n"
    "The former communications technician, going by the pseudonym Sherko Omer, told Newsweek "
    "that he travelled in a convoy of trucks from Raqqa across the border and back into Syria "
    "to attack the town of Serekaniye in February.\n\n"
    "\u201cIS commanders told us to fear nothing at all because there was full cooperation "
    "with the Turks,\u201d said Omer of crossing the border into Turkey.\n\n"
    "Until last month, NATO member Turkey had blocked Kurdish fighters from crossing the "
    "border into Syria to aid their counterparts in defending the town of Kobane.\n\n"
    "\u201cIS and Turkey cooperate together on the ground on the basis that they have a "
    "common enemy to destroy, the Kurds,\u201d he added.\n\n"
    "While Newsweek was not able to independently verify the testimony, anecdotal evidence "
    "of Turkish forces turning a blind eye to militant activity has been mounting."
)
BOILER = "Follow Daily Ledger on social media for the latest headlines and market updates."


def _spans_text(text, spans):
    return " ".join(text[s:e] for s, e in spans)


def test_copy_with_new_headline_and_boilerplate_is_copy_with_spans():
    child = "Turkey Helped IS, Says Defector\n\n" + ORIGIN.split("\n\n", 1)[1] + "\n\n" + BOILER
    (l,) = link([{"id": "o", "text": ORIGIN}, {"id": "c", "text": child}])
    assert l.kind == "copy"
    assert l.coverage_a > 0.85 and l.coverage_b > 0.8
    # spans point at the same passages in each text
    assert "full cooperation" in _spans_text(ORIGIN, l.spans_a)
    assert "full cooperation" in _spans_text(child, l.spans_b)
    assert BOILER not in _spans_text(child, l.spans_b)


def test_truncated_copy_is_partial():
    paras = ORIGIN.split("\n\n")
    child = "\n\n".join(paras[:4])
    (l,) = link([{"id": "o", "text": ORIGIN}, {"id": "c", "text": child}])
    assert l.kind == "partial"
    assert l.coverage_b > 0.9 and l.coverage_a < 0.75
    assert "Kobane" not in _spans_text(ORIGIN, l.spans_a)


def test_light_rewrite_aligns_reworded_sentences():
    child = (ORIGIN.replace("has described how", "has explained how")
             .replace("told Newsweek that he travelled", "said he had travelled")
             .replace("Until last month, NATO member Turkey had blocked",
                      "NATO member Turkey had, until last month, blocked")
             .replace("anecdotal evidence", "evidence")
             .replace("IS commanders", "ISIS commanders"))
    al = align(ORIGIN, child)
    assert al.coverage_a > 0.9 and al.coverage_b > 0.9
    assert al.verbatim < 0.8  # several sentences were reworded
    (l,) = link([{"id": "o", "text": ORIGIN}, {"id": "c", "text": child}],
                config=None)
    assert l.kind in ("rewrite", "partial", "copy")
    s = _spans_text(child, l.spans_b)
    assert "said he had travelled" in s and "until last month" in s


def test_unrelated_articles_do_not_align():
    other = ("Cocoa arrivals in the Bahia zone rose last week as showers improved prospects "
             "for the coming harvest, exporters said in a weekly review.\n\n"
             "Spot bean prices rose to 340 cruzados per arroba, traders said, while "
             "shippers were reluctant to offer nearby shipment.")
    assert not align(ORIGIN, other).aligned
    assert link([{"id": "o", "text": ORIGIN}, {"id": "x", "text": other}]) == []


def test_wire_briefs_of_one_layout_do_not_link_but_a_copied_table_does():
    """Four companies' dividend notices aligned line for line as a "rewrite" and became
    one story (real Reuters items); a table copied with its figures is still a copy."""
    notices = [("Qtly div 25 cts vs 25 cts prior\n    Pay April 30\n    Record April 16\n Reuter"),
               ("Qtly div 25 cts vs 25 cts prior\n    Pay April one\n    Record March 15\n Reuter"),
               ("Qtly div eights cts vs 7.5 cts prior\n    Pay March 31\n    Record March 13\n Reuter")]
    arts = [{"id": f"n{k}", "text": t} for k, t in enumerate(notices)]
    assert align(notices[0], notices[1]).aligned  # the lines do align...
    assert align(notices[0], notices[1]).evidence < Thresholds().min_evidence
    assert link(arts) == []  # ...but say nothing of where either came from
    table = ("Shr 1.12 dlrs vs 98 cts\n    Net 14,234,000 vs 12,456,000\n"
             "    Revs 245.6 mln vs 210.1 mln\n    Avg shrs 12.7 mln vs 12.6 mln\n Reuter")
    other = ("Shr 45 cts vs 39 cts\n    Net 3,120,000 vs 2,870,000\n"
             "    Revs 88.2 mln vs 80.4 mln\n    Avg shrs 6.9 mln vs 7.3 mln\n Reuter")
    (copied,) = link([{"id": "t1", "text": table}, {"id": "t2", "text": table + "\n"}])
    assert copied.kind == "copy"
    assert link([{"id": "t1", "text": table}, {"id": "t3", "text": other}]) == []
    with pytest.raises(ValueError, match="min_evidence must be >= 0"):
        Thresholds(min_evidence=-1)


def test_threshold_validation():
    with pytest.raises(ValueError, match="threshold must be in"):
        align("a b c d", "a b c d", threshold=0)
    with pytest.raises(ValueError, match="must not exceed partial_coverage"):
        Thresholds(rewrite_coverage=0.9, partial_coverage=0.5)


_stmt = quotation


def test_quote_with_entity_swapped_is_matched():
    q1 = "IS and Turkey cooperate together on the ground against the Kurds"
    q2 = "Daesh and Turkey cooperate together on the ground against the Kurds"
    t1, t2 = f"\u201c{q1},\u201d he said.", f"He said: \"{q2}\"."
    (m,) = match_quotes([_stmt("a", t1, q1)], [_stmt("b", t2, q2)], t1, t2)
    assert m.variant == "entity_swapped" and m.score == 1.0
    assert t2[m.spans_b[0][0]:m.spans_b[0][1]] == q2


def test_reworded_quote_that_spells_its_names_alike_is_not_an_entity_swap():
    """Unifying "IS" in both lifts the normalised score over the raw one; that once
    called a plain rewording an entity swap (the trace of the demo story said so)."""
    q1 = "IS saw the Turkish army as its ally especially when they attacked the Kurds"
    q2 = "IS saw the Turkish army as a partner especially when they attacked the Kurds"
    q3 = "ISIS saw the Turkish army as a partner especially when they attacked the Kurds"
    assert variant_of(q1, q2)[1] == "reworded"
    assert variant_of(q1, q3)[1] == "entity_swapped"
    assert variant_of(q1, q1.replace("IS", "Islamic State", 1))[1] == "entity_swapped"
    assert variant_of(q2, q2.replace("Kurds", "KURDS"))[1] == "same"


def test_trimmed_quote_is_matched_and_unrelated_quote_is_not():
    full = "There is more than enough evidence with us now proving that the army gives weapons"
    cut = "more than enough evidence with us now proving that"
    other = "We will hold elections in the spring once the new constitution is approved"
    m = match_quotes([_stmt("a", full, full)], [_stmt("b", cut, cut), _stmt("c", other, other)],
                     full, None)
    assert [x.variant for x in m] == ["trimmed"]


def test_variant_groups_merge_trimmed_and_swapped_quotes():
    quotes = [("1", "IS saw the Turkish army as its ally when it came to attacking the Kurds"),
              ("2", "ISIL saw the Turkish army as its ally"),
              ("3", "Daesh saw the Turkish army as its ally when it came to attacking the Kurds"),
              ("4", "The central bank will keep interest rates unchanged this year")]
    groups = sorted(sorted(g) for g in group_variants(quotes))
    assert groups == [["1", "2", "3"], ["4"]]


def _same_quotes_new_narrative() -> tuple[str, str]:
    """Two articles sharing two quotes (IS -> ISIL / Daesh inside them) and nothing else."""
    q = "IS commanders told us to fear nothing at all because there was full cooperation"
    q2 = "IS and Turkey cooperate together on the ground against a common enemy, the Kurds"
    a = (f"Kurdish officials presented new testimony on Monday. \u201c{q},\u201d a defector "
         f"said. \u201c{q2},\u201d he added.")
    b = (f"Opposition lawmakers in Ankara demanded an inquiry after a magazine report. "
         f"\u201c{q.replace('IS', 'ISIL')},\u201d the former fighter was quoted as saying, "
         f"adding: \u201c{q2.replace('IS', 'Daesh')}.\u201d")
    return a, b


def test_quotes_only_link_when_narrative_differs():
    a, b = _same_quotes_new_narrative()
    (l,) = link([{"id": "a", "text": a}, {"id": "b", "text": b}])
    assert l.kind == "quotes-only"
    assert {m["variant"] for m in l.evidence["quotes"]} == {"entity_swapped"}
    assert "fear nothing" in _spans_text(b, l.spans_b)


def test_one_short_shared_phrase_is_not_a_link():
    a = ("Wheat prices rose in Chicago. \u201cThe news had been expected for some weeks,\u201d "
         "a trader said, pointing to the weather in Kansas and strong export sales.")
    b = ("Shares of the airline fell in Tokyo. \u201cThe news had been expected for some "
         "weeks,\u201d an analyst said after the company cut its profit forecast again.")
    assert link([{"id": "a", "text": a}, {"id": "b", "text": b}]) == []


INTERVIEW_A = (
    "Grain exporters in Odessa are holding back cargoes, traders said on Monday.\n\n"
    "Olena Marchuk, who runs a terminal at the port, told Reuters that insurers had raised "
    "premiums twice in a month.\n\n"
    "\u201cNobody will sail without cover at that price,\u201d Marchuk said.")
INTERVIEW_B = (
    "Ukraine's harvest is on track despite the shipping troubles.\n\n"
    "Speaking to Reuters, terminal operator Olena Marchuk described the insurance market "
    "as frozen.\n\n"
    "\u201cNobody will sail without cover,\u201d Marchuk added.")


@pytest.mark.parametrize("b, linked", [
    (INTERVIEW_B, True),  # one short quotation, one speaker, one outlet spoken to
    (INTERVIEW_B.replace("Speaking to Reuters, terminal", "Terminal"), False),  # no outlet
    (INTERVIEW_B.replace("Reuters", "Bloomberg"), False),  # another interview
    # the interview only mentioned on the way in a story whose main speaker is another
    (INTERVIEW_B + "\n\nThe agriculture minister, Taras Koval, said exports would recover. "
     "Koval said the state would guarantee cargoes. Koval added that talks with insurers "
     "had begun.", False),
])
def test_one_short_quote_links_two_retellings_of_one_interview(b, linked):
    from retold import statements

    stmts = {"a": statements.extract(INTERVIEW_A, "a").statements,
             "b": statements.extract(b, "b").statements}
    links = link([{"id": "a", "text": INTERVIEW_A}, {"id": "b", "text": b}],
                 statements_by_article=stmts)
    assert [l.kind for l in links] == (["quotes-only"] if linked else [])
    if linked:
        (q,) = links[0].evidence["quotes"]
        assert q["interview"] == "Olena Marchuk to reuters" and q["words"] < 8


@pytest.mark.parametrize("phrase, outlet, kind", [
    ("the defector told Newsweek that", "Newsweek", "interview"),
    ("Speaking to Newsweek, Kurds said", "Newsweek", "interview"),
    ("according to The Wall Street Journal, prices", "The Wall Street Journal", "credit"),
    ("The Guardian reported on Monday", "The Guardian", "credit"),
    ("\nFrom Newsweek: a defector says", "Newsweek", "credit"),
    ("BEIRUT (AP) - A defector says", "AP", "dateline"),
    ("This story was originally published by The Conversation.", "The Conversation",
     "republished"),
])
def test_citations_are_found(phrase, outlet, kind):
    cits = find_citations(Article(id="x", text="Some text. " + phrase))
    assert [(c.outlet, c.kind) for c in cits] == [(outlet, kind)]
    c = cits[0]
    assert ("Some text. " + phrase)[c.start:c.end] == c.phrase


def test_people_are_not_outlets():
    assert find_citations(Article(id="x", text="He told Omer that. She told reporters.")) == []


def test_citation_resolves_to_corpus_article_of_that_outlet():
    child = ("A defector told Newsweek that he crossed Turkey with a convoy. \u201cISIS "
             "commanders told us to fear nothing at all because there was full cooperation "
             "with the Turks,\u201d he said. Kurdish officials said the testimony matched "
             "their own information; the ministry in Ankara declined to comment on Thursday.")
    arts = [{"id": "nw", "text": ORIGIN, "outlet": "newsweek.com"},
            {"id": "c", "text": child, "outlet": "other.com"}]
    res = link_detailed(arts)
    (c,) = [c for c in res.citations if c.article_id == "c"]
    assert c.target_id == "nw"  # the Newsweek article it shares a quote with
    (l,) = res.links
    assert l.evidence["cites"][0]["outlet"] == "Newsweek"


def test_bad_input_becomes_rejects_and_does_not_stop_the_batch():
    paras = ORIGIN.split("\n\n")
    res = link_detailed([{"id": "e", "text": ""}, {"id": "w", "text": "Breaking"},
                         {"id": "o", "text": ORIGIN}, {"id": "p", "text": "\n\n".join(paras[:4])}])
    assert {r.record_id for r in res.rejects} == {"e", "w"}
    assert all(r.stage == "reuse" and r.reason for r in res.rejects)
    assert [(l.a, l.b) for l in res.links] == [("o", "p")]


def test_thousands_of_exact_duplicates_are_cheap():
    arts = [{"id": f"d{i}", "text": ORIGIN} for i in range(3000)]
    t0 = time.perf_counter()
    res = link_detailed(arts, config=None)
    assert time.perf_counter() - t0 < 60
    assert res.stats["duplicates"] == 2999
    copies = [l for l in res.links if l.evidence.get("exact_duplicate")]
    assert len(copies) >= 2999 and all(l.kind == "copy" for l in copies)


def test_quotes_from_the_statements_stage_are_matched_across_entity_swaps():
    """The real extractor's Statement records feed quote matching (IS -> ISIL / Daesh)."""
    from retold import statements

    a, b = _same_quotes_new_narrative()
    stmts = {"a": statements.extract(a, "a").statements,
             "b": statements.extract(b, "b").statements}
    (l,) = link([{"id": "a", "text": a}, {"id": "b", "text": b}], statements_by_article=stmts)
    assert l.kind == "quotes-only"
    matched = {(m["a"], m["b"]) for m in l.evidence["quotes"]}
    assert len(matched) == 2 and all(m["variant"] == "entity_swapped"
                                     for m in l.evidence["quotes"])
    assert "Daesh and Turkey" in _spans_text(b, l.spans_b)


def test_a_pair_that_fails_becomes_a_reject_and_the_batch_goes_on(monkeypatch):
    from retold.reuse import linker

    paras = ORIGIN.split("\n\n")
    bad = "\n\n".join(paras[:5])
    real = linker.align

    def flaky(a, b, *args, **kwargs):
        if bad in (a, b) and ORIGIN in (a, b):
            raise RuntimeError("boom")
        return real(a, b, *args, **kwargs)

    monkeypatch.setattr(linker, "align", flaky)
    arts = [{"id": "o", "text": ORIGIN}, {"id": "p", "text": bad},
            {"id": "q", "text": "\n\n".join(paras[:3])}]
    res = link_detailed(arts)
    assert any("boom" in r.reason and r.path in ("o|p", "p|o") for r in res.rejects)
    assert ("o", "q") in {(l.a, l.b) for l in res.links}


def test_sentence_formulas_filled_in_by_many_articles_do_not_link_them():
    from retold.reuse.linker import formula_templates

    places = ["Lyon", "Gdansk", "Bavaria", "Osaka", "Porto", "Quebec", "Leeds", "Tartu"]
    topics = ["Wheat futures climbed after dry weather hit the plains of the Midwest.",
              "The airline cut its profit forecast again, citing fuel prices and strikes.",
              "Copper fell to a three-week low as Chinese demand showed signs of cooling.",
              "The carmaker recalled forty thousand vehicles over faulty brake sensors.",
              "Shipping rates jumped after the canal restricted traffic for the season.",
              "The brewer agreed to buy a regional rival in an all-cash transaction.",
              "Mortgage approvals slowed for a fourth month as borrowing costs rose.",
              "The telecom group named a new chief executive after a long search."]
    arts = [{"id": f"d{k}", "text": f"{t} In {p}, local traders said the news had been "
             f"expected for some {k + 3} weeks. The announcement comes as {p} faces growing "
             f"pressure on its {100 + k} million budget."}
            for k, (t, p) in enumerate(zip(topics, places))]
    from retold.reuse.linker import as_article

    assert len(formula_templates([as_article(a) for a in arts])) == 2
    assert link(arts) == []


EUROBOND = ("{issuer} is issuing a {amount} eurobond due {due} paying {coupon} pct and priced "
            "at {price} pct, lead manager {manager} said.\n\n"
            "The non-callable bond is available in denominations of {denom} and will be listed "
            "in Luxembourg.\n\n"
            "The payment date is {pay}.\n\n"
            "The selling concession is 1-1/4 pct while management and underwriting combined "
            "pays 5/8 pct.\n\n Reuter")


def test_a_template_filled_in_by_two_issuers_is_no_reuse():
    """Launch notices of two issuers align sentence by sentence (0.7-0.96) and held a
    dozen words: "rewrite", and 252 Reuters items of eight months became one story. They
    share only the family's own fillings (Luxembourg, the fees); a retelling that swaps
    one name inside a quotation keeps the rest of its story's names and links."""
    a = EUROBOND.format(issuer="Caisse Nationale des Autoroutes", amount="12 billion yen",
                        due="March 31, 1994", coupon="5-1/8", price="102",
                        manager="Mitsubishi Trust International Ltd", denom="one mln yen",
                        pay="March 31")
    b = EUROBOND.format(issuer="Toyota Motor Credit Corp", amount="23 billion yen",
                        due="April 10, 1992", coupon="4-1/2", price="101-1/2",
                        manager="Nomura International Ltd", denom="one mln yen", pay="April 10")
    al = align(a, b)
    assert al.aligned and al.evidence >= Thresholds().min_evidence
    assert al.formula and al.slot_overlap < 0.35
    assert link([{"id": "a", "text": a}, {"id": "b", "text": b}]) == []
    corrected = a.replace("5-1/8", "5-1/4")  # the same notice corrected: one figure
    (fixed,) = link([{"id": "a", "text": a}, {"id": "c", "text": corrected}])
    assert fixed.kind in ("copy", "partial")
    swapped = ORIGIN.replace("IS militant", "ISIS militant").replace("Newsweek", "Newsweek magazine")
    (retold_,) = link([{"id": "o", "text": ORIGIN}, {"id": "s", "text": swapped}])
    assert not align(ORIGIN, swapped).formula and retold_.kind in ("copy", "partial", "rewrite")


def test_a_table_printed_again_with_one_figure_corrected_links_among_many_tables():
    """Earnings tables are formulas (every company fills in "Shr X cts vs Y cts"), which
    alignment ignored outright, so a repeat that corrected one figure "shared nothing";
    a formula sentence now aligns with its verbatim twin, and only with it."""
    import random

    rng = random.Random(7)

    def table(vals):
        return ("Shr {} cts vs {} cts\n\nNet {} vs {}\n\nSales {} mln vs {} mln\n\n"
                "Avg shrs {} vs {}\n\n Reuter").format(*vals)

    def figures():
        return [rng.randint(10, 99), rng.randint(10, 99), f"{rng.randint(1, 9)},{rng.randint(100, 999)},"
                f"{rng.randint(100, 999)}", f"{rng.randint(1, 9)},{rng.randint(100, 999)},"
                f"{rng.randint(100, 999)}", f"{rng.randint(10, 99)}.{rng.randint(0, 9)}",
                f"{rng.randint(10, 99)}.{rng.randint(0, 9)}", f"{rng.randint(1, 9)},{rng.randint(100, 999)},"
                f"{rng.randint(100, 999)}", f"{rng.randint(1, 9)},{rng.randint(100, 999)},"
                f"{rng.randint(100, 999)}"]

    others = [{"id": f"co{k}", "text": table(figures())} for k in range(12)]
    vals = figures()
    first = table(vals)
    fixed = list(vals)
    fixed[4] = vals[4] + "1"  # "Sales 58.7 mln" corrected to "58.71 mln"
    arts = others + [{"id": "orig", "text": first}, {"id": "corr", "text": table(fixed)}]
    links = link(arts)
    assert [{x.a, x.b} for x in links] == [{"corr", "orig"}]
    assert links[0].kind in ("copy", "partial")
