"""Unit pairing (``retold.mutations._unit_match.match_units``): the identical-first pass
must give exactly the pairs of the plain best-first pairing over every scored pair (as
the code was before; ``benchmarks/unit_match.py`` keeps it as its anchor), and pages
that repeat a paragraph must pair in reading order."""
import random

from story_helpers import load_benchmark

from retold.mutations._unit_match import match_units
from retold.mutations.units import split_units

SENTENCES = [
    "Grain shippers on the river face the tightest market in a decade, port officials said on Monday.",
    "“Freight rates will double before the harvest is in,” Maria Lopez, a broker at the port, told Newsweek.",
    "Barge operators have been laying up vessels since the water level fell in August.",
    "Farmers in the region have stored more of their crop on site than in any year since 2012.",
    "Newsweek was not able to independently verify the broker's figures.",
    "The ministry said it would publish new figures for the river trade next week.",
]
EDITS = [("will double", "could double"), ("Monday", "Tuesday"), ("decade", "generation"),
         ("a broker at the port", "an analyst"), ("fell", "dropped sharply")]


def _best_first(parent, child):
    """The first stage as it was (the benchmark's anchor), as ``match_units`` reports it."""
    bench = load_benchmark("unit_match")
    return sorted(((a, b, s, False) for a, b, s in bench.best_first_scored(parent, child)),
                  key=lambda t: t[1])


def _page(rng):
    paras = [rng.choice(SENTENCES) for _ in range(rng.randint(1, 14))]
    for i, p in enumerate(paras):
        if rng.random() < 0.3:
            a, b = rng.choice(EDITS)
            paras[i] = p.replace(a, b)
    return "\n\n".join(paras)


def test_identical_first_gives_the_best_first_pairs():
    rng = random.Random(5)
    checked = 0
    for _ in range(300):
        parent, child = split_units(_page(rng)), split_units(_page(rng))
        whole = [p for p in match_units(parent, child).pairs if not p[3]]
        assert whole == _best_first(parent, child)
        checked += len(whole)
    assert checked > 1000  # the pages repeat sentences, with and without edits


def test_a_repeated_paragraph_pairs_in_reading_order():
    para = SENTENCES[2]
    parent = split_units("\n\n".join([para] * 300 + [SENTENCES[0]]))
    child = split_units("\n\n".join([SENTENCES[0]] + [para] * 250))
    m = match_units(parent, child)
    repeated = [(p, c) for p, c, s, _ in m.pairs if parent[p].norm == child[c].norm
                and c > 0]
    assert repeated == [(i, i + 1) for i in range(250)]
    assert (300, 0, 1.0, False) in m.pairs
    assert m.parent_only == list(range(250, 300)) and not m.child_only
