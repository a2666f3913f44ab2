"""What keeps the store's reuse stage linear: the pair gate and the order of alignment."""
from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import numpy as np
import pytest

from retold.records import Article
from retold.reuse.incremental import locality_order
from retold.reuse.linker import Config, quote_grams, worth_aligning
from retold.reuse.quotes import find_quotes
from retold.reuse.shingles import shingles

CFG = Config()

SEC_A = ('Shares of Amfac Inc fell sharply on Monday after the company disclosed a review of '
         'its accounts. "We have been in contact with the Securities and Exchange Commission '
         'about the timing of the filing," a spokesman said. Analysts cut their forecasts and '
         'said the stock could stay weak until the audit is complete.')
SEC_B = ('The brewer expects higher barley costs to weigh on margins through the summer. '
         '"Our lawyers told the Securities and Exchange Commission that nothing was hidden," '
         'the chairman said. Dealers said demand for lager in the south held up well despite '
         'the wet weather and a strike at two bottling plants.')
QUOTE = ('"We will not pay a single cent more for grain that arrives three weeks late and '
         'half spoiled," the minister said.')
QUOTE_A = ('Farm ministers met in Brussels on Tuesday to discuss late deliveries. ' + QUOTE +
           ' Officials expect the dispute to reach the courts before the next harvest.')
QUOTE_B = ('A row over grain shipments deepened. ' + QUOTE + ' Traders in Rotterdam said '
           'barge prices had doubled since the strike began and storage was running out.')


def _features(text: str, ident: str):
    art = Article(id=ident, text=text)
    return shingles(text, CFG.ngram), quote_grams(find_quotes(text, ident), art.text)


def test_a_shared_name_in_quotes_is_not_worth_aligning():
    (sa, ga), (sb, gb) = _features(SEC_A, "a"), _features(SEC_B, "b")
    assert len(np.intersect1d(ga, gb)) >= 2  # the old quote net caught this pair
    assert not worth_aligning(sa, sb, ga, gb, CFG)


def test_a_shared_quote_is_worth_aligning_even_in_different_text():
    (sa, ga), (sb, gb) = _features(QUOTE_A, "a"), _features(QUOTE_B, "b")
    small = min(len(sa), len(sb))
    assert len(np.intersect1d(sa, sb)) < 0.5 * small  # the rest of the text differs
    assert worth_aligning(sa, sb, ga, gb, CFG)
    assert not worth_aligning(sa, sb, ga[:0], gb, Config(min_containment=0.9))


def test_overlapping_text_is_worth_aligning_without_quotes():
    body = ("Cocoa exports from the port rose twelve percent in March as the new crop "
            "arrived early and grinders in Europe bought heavily ahead of the holidays.")
    sa, sb = shingles(body + " Prices eased late in the week.", 3), shingles(body, 3)
    empty = np.zeros(0, dtype=np.uint64)
    assert worth_aligning(sa, sb, empty, empty, CFG)
    assert not worth_aligning(sa, shingles(SEC_B, 3), empty, empty, CFG)


def test_short_quotes_need_half_their_grams():
    short = np.array([1, 2, 3], dtype=np.uint64)  # a seven-word quote: three 4-grams
    other = np.array([2, 3, 40, 41, 42, 43, 44, 45], dtype=np.uint64)
    empty = np.zeros(0, dtype=np.uint64)
    assert worth_aligning(empty, empty, short, other, CFG)
    assert not worth_aligning(empty, empty, short, other[2:], CFG)
    with pytest.raises(ValueError, match="quote_min_grams"):
        Config(quote_min_grams=1)


def test_locality_order_keeps_components_together_and_loses_nothing():
    story_one = [("a1", "a2"), ("a1", "a3"), ("a2", "a3")]
    story_two = [("b1", "b2"), ("b2", "b3")]
    pairs = sorted(story_one + story_two + [("a1", "z9"), ("b1", "z8")])
    # sorted, the stories interleave: a1-.., b1-.., a2-.., b2-..
    ordered = locality_order(pairs)
    assert sorted(ordered) == pairs
    firsts = [p[0][0] for p in ordered if p[0][0] in "ab" and p[1][0] in "ab"]
    assert firsts == sorted(firsts) or firsts == sorted(firsts, reverse=True)


def _spark_scale():
    path = Path(__file__).resolve().parent.parent / "benchmarks" / "spark_scale.py"
    spec = importlib.util.spec_from_file_location("spark_scale_for_tests", path)
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod
    spec.loader.exec_module(mod)
    return mod


def test_enciphered_pools_keep_shape_and_frequent_words_but_share_no_content():
    ss = _spark_scale()
    base = {"id": "r1", "title": "BRAZIL COFFEE EXPORTS RISE", "topic": "coffee",
            "date": None, "paras": ['Brazil said on Monday that coffee exports rose to 1.2 mln '
                                    'bags, the institute said.', '"Demand is strong," he said.']}
    keep = frozenset({"said", "on", "that", "to", "the", "is", "he"})
    one, two = ss.enciphered_bases([base], 1, keep)[0], ss.enciphered_bases([base], 2, keep)[0]
    assert ss.enciphered_bases([base], 0, keep)[0] is base
    for pool in (one, two):
        assert pool["id"] != base["id"]
        words, orig = ss.WORD.findall(" ".join(pool["paras"])), \
            ss.WORD.findall(" ".join(base["paras"]))
        assert [len(w) for w in words] == [len(w) for w in orig]  # same shape
        assert [w for w in words if w.lower() in keep] == \
            [w for w in orig if w.lower() in keep]
        assert "Brazil" not in pool["paras"][0]
        digits = [i for i, ch in enumerate(pool["paras"][0]) if ch.isdigit()]
        assert digits == [i for i, ch in enumerate(base["paras"][0]) if ch.isdigit()]
        assert pool["paras"][1].startswith('"') and pool["title"].isupper()
    numbers = {re.search(r"\d\.\d", b["paras"][0]).group(0) for b in (base, one, two)}
    assert len(numbers) > 1  # digits are renumbered per pool, not kept
    content = lambda b: {w.lower() for p in b["paras"] for w in ss.WORD.findall(p)} - keep
    assert not content(one) & content(two) and not content(one) & content(base)
    # a pool is consistent: the same word is the same pseudo-word everywhere in it
    assert one["paras"][0].split()[0] == one["title"].split()[0].capitalize() or \
        one["paras"][0].split()[0].upper() == one["title"].split()[0]


TOPICS = [
    "Copper prices rose in London after a strike closed two mines in the Andes.",
    "The central bank left its key rate unchanged and said inflation would ease by autumn.",
    "A ferry operator cancelled sailings across the strait as gales battered the coast.",
    "Shares in the carmaker slid after it recalled forty thousand vehicles over brakes.",
    "Wheat farmers in the plains expect a smaller harvest after weeks without rain.",
    "The airline ordered twelve new jets and said it would open routes to Asia next year.",
    "Dockworkers in the northern port voted to extend their walkout into a third week.",
    "The mining group cut its dividend after a fall in iron ore prices hit profits.",
    "A heatwave pushed power demand to a record and the grid operator urged restraint.",
    "The retailer said it would close sixty stores and move more of its sales online.",
]
BODIES = TOPICS[:6]

HEADER = "Home > News > The Chronicle"
FOOTER = "Follow The Chronicle on Twitter for the latest updates and breaking news alerts."


def _site_pages(outlet: str | None, outlet_name: str | None) -> list[Article]:
    return [Article(id=f"p{k}", text=f"{HEADER}\n\n{body}\n\n{FOOTER}", outlet=outlet,
                    outlet_name=outlet_name) for k, body in enumerate(BODIES)]


def test_a_site_named_without_a_url_has_its_chrome_recognised():
    """Pages read from JSONL or text often carry a site name and no URL: their header and
    footer are the site's boilerplate all the same, so unrelated pages do not link."""
    from retold.reuse.linker import boilerplate, link_detailed, publisher

    named = _site_pages(None, "The Chronicle")
    assert publisher(named[0]) == "The Chronicle"
    _, sents = boilerplate(named, CFG.ngram, CFG.boilerplate_share, CFG.boilerplate_min_docs)
    assert any("twitter" in s for s in sents["The Chronicle"])
    assert link_detailed(named).links == []
    # the same pages with no site at all share nothing but that chrome, and link on it
    assert link_detailed(_site_pages(None, None)).links


CITIES = ["Lagos", "Ohio", "Lyon", "Gdansk", "Perth", "Quito", "Osaka", "Tampere", "Cork",
          "Recife"]


def test_a_quoted_formula_does_not_tie_unrelated_articles():
    """Articles that each fill in one formula ("Residents of <place> have followed the
    developments closely," a councillor said, with <n> people ...) share a quotation in
    form only: no link, as alignment already ignores such formulas."""
    from retold.reuse.linker import formula_templates, link_detailed, outside_formulas

    arts = [Article(id=f"f{k}", text=f"{topic}\n\n“Residents of {city} have followed the "
                    "developments very closely over the past few weeks and want answers,” a "
                    f"local councillor said, with {k + 12} people attending a meeting.")
            for k, (topic, city) in enumerate(zip(TOPICS, CITIES))]
    formulas = formula_templates(arts)
    quotes = find_quotes(arts[0].text, "f0")
    assert len(quotes) == 1 and outside_formulas(quotes, arts[0].text, formulas) == []
    assert link_detailed(arts).links == []
    # the formula is what links them when it is not known as one
    assert outside_formulas(quotes, arts[0].text, frozenset()) == quotes


def test_found_quotes_stay_in_step_after_a_quotation_left_open():
    """News leaves a quotation open when it runs on into the next paragraph; the narrative
    after it is not a quotation."""
    text = ("“We will not pay for grain that arrives late and spoiled,” the minister said.\n\n"
            "“This quotation runs on into the next paragraph without closing\n\n"
            "Residents of Lagos have followed the developments closely, a councillor said.\n\n"
            "“And this is the second quotation of the piece here,” he said.")
    found = [q.content_text for q in find_quotes(text, "x")]
    assert found == ["We will not pay for grain that arrives late and spoiled,",
                     "And this is the second quotation of the piece here,"]


WIRE_PHRASES = "The move on {thing} was expected, people familiar with the matter said on {day}."
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
        "Monday", "Tuesday", "Friday"]
THINGS = ["output", "prices", "jobs", "exports", "margins", "sales", "fares", "wages",
          "bills", "rents"]


def _wire_batch() -> list[str]:
    """Ten unrelated wire stories that all use one stock sentence (a common phrase)."""
    return [f"{topic} {WIRE_PHRASES.format(day=day, thing=thing)}"
            for topic, day, thing in zip(TOPICS, DAYS, THINGS)]


def test_pairs_sharing_only_common_shingles_are_not_worth_aligning():
    """Two unrelated stories that share a stock sentence clear ``min_containment``; the
    shingles they share are in every document of the batch, so they are no evidence."""
    from retold.reuse.linker import common_shingles, shingle_counts

    texts = _wire_batch()
    sets = [np.unique(shingles(t, CFG.ngram)) for t in texts]
    cfg = Config(rare_df=3)
    common = common_shingles(shingle_counts(sets), cfg)
    empty = np.zeros(0, dtype=np.uint64)
    a, b = sets[0], sets[2]
    shared = np.intersect1d(a, b)
    assert len(shared) >= cfg.min_containment * min(len(a), len(b))  # the old gate passed
    assert worth_aligning(a, b, empty, empty, cfg)  # no document counts: no rarity test
    assert not worth_aligning(a, b, empty, empty, cfg, common)
    # a retelling of story 0 shares its own (rare) words and passes
    retold = np.unique(shingles("Copper prices rose in London after a strike closed two "
                                "mines, traders said. " + WIRE_PHRASES.format(
                                    day="Sunday", thing="copper"), CFG.ngram))
    assert worth_aligning(a, retold, empty, empty, cfg, common)
    assert not worth_aligning(sets[1], retold, empty, empty, cfg, common)


def test_copies_of_a_much_retold_story_pass_without_rare_shingles():
    """A story retold more than ``rare_df`` times has no rare shingles: its copies (one
    mostly inside the other) still pass on ``sure_containment``; a small article needs no
    more rare shingles than ``min_containment`` asks of it at all."""
    text = _wire_batch()[3]
    a = np.unique(shingles(text + " Analysts had warned of it.", CFG.ngram))
    b = np.unique(shingles(text + " Dealers expect a quiet week ahead.", CFG.ngram))
    empty = np.zeros(0, dtype=np.uint64)
    everything_common = np.union1d(a, b)
    assert worth_aligning(a, b, empty, empty, CFG, everything_common)
    assert not worth_aligning(a, b, empty, empty, Config(sure_containment=1.0),
                              everything_common)
    tiny = np.arange(10, dtype=np.uint64)
    assert worth_aligning(tiny, tiny[:1].copy(), empty, empty, CFG, empty)
    with pytest.raises(ValueError, match="rare_df"):
        Config(rare_df=0)
