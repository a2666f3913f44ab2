"""The bulk scorers of one pair of pages (quote prefilter, the aligner's subset test, its
sentence scores) must keep every pair the exact scoring would keep: they are shortcuts
for long pages, and a shortcut that drops a match changes what retold reports."""
from __future__ import annotations

import importlib
import random

import numpy as np
from rapidfuzz import fuzz, process
from rapidfuzz.distance import LCSseq

align_mod = importlib.import_module("retold.reuse.align")
quotes_mod = importlib.import_module("retold.reuse.quotes")

WORDS = ("the ministry will publish new figures for river trade next week we not pay a "
         "single cent more grain that arrives three weeks late barge operators have been "
         "laying up vessels since water level fell is isis daesh said army").split()


def _sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n))


def _edited(rng: random.Random, text: str, rate: float) -> str:
    """``text`` with about ``rate`` of its characters inserted, deleted or replaced."""
    out = []
    for ch in text:
        r = rng.random()
        if r < rate / 3:
            continue
        if r < 2 * rate / 3:
            out.append(rng.choice("abcdefghij "))
        elif r < rate:
            out += [ch, rng.choice("abcdefghij ")]
            continue
        out.append(ch)
    return "".join(out)


def _near_pairs(seed: int, n: int) -> list[tuple[str, str]]:
    """A shorter string taken from inside a longer one and edited lightly: pairs whose
    ``partial_ratio`` lies around the 90 the prefilter must not lose."""
    rng = random.Random(seed)
    pairs = []
    for _ in range(n):
        long_ = _sentence(rng, rng.randint(10, 40))
        start = rng.randrange(len(long_) // 2)
        piece = long_[start:start + rng.randint(15, max(16, len(long_) - start))]
        pairs.append((_edited(rng, piece, rng.uniform(0.0, 0.12)), long_))
    return pairs


def test_the_subsequence_bound_never_drops_a_pair_partial_ratio_keeps():
    pairs = _near_pairs(1, 3000)
    near = 0
    for r in (0.9, 0.895, 0.95):
        bound = quotes_mod._partial_bound(r)
        for short, long_ in pairs:
            score = fuzz.partial_ratio(short, long_)
            if score >= r * 100:
                near += score < r * 100 + 3
                lcs = LCSseq.similarity(short, long_)
                assert lcs >= bound * min(len(short), len(long_)) - 1e-6, (short, long_)
    assert near > 50  # the pairs tried do reach the edge of the bound


def test_the_bound_is_what_makes_the_prefilter_cheap_not_loose():
    """Unrelated quotations mostly fail the bound: it filters, it does not pass all."""
    rng = random.Random(2)
    a = [_sentence(rng, rng.randint(8, 30)) for _ in range(60)]
    b = [_sentence(rng, rng.randint(8, 30)) for _ in range(60)]
    kept = quotes_mod._candidates(a, b, 0.85)
    assert len(kept) < 0.5 * len(a) * len(b)


def test_prefilter_candidates_hold_every_pair_the_exact_scoring_matches():
    rng = random.Random(3)
    base = [_sentence(rng, rng.randint(8, 30)) for _ in range(40)]
    a = list(base)
    b = []
    for s in base:  # trimmed, lightly edited, or unrelated
        kind = rng.random()
        if kind < 0.35:
            w = s.split()
            k = rng.randint(1, max(1, len(w) // 3))
            b.append(" ".join(w[k:len(w) - rng.randint(0, k)]))
        elif kind < 0.7:
            b.append(_edited(rng, s, 0.06))
        else:
            b.append(_sentence(rng, rng.randint(8, 30)))
    assert len(a) * len(b) > quotes_mod.PREFILTER_PAIRS
    kept = set(quotes_mod._candidates(a, b, 0.85))
    matches = {(i, j) for i in range(len(a)) for j in range(len(b))
               if quotes_mod.quote_score(a[i], b[j])[0] >= 0.85}
    assert len(matches) > 20 and matches <= kept


def test_sorted_word_scores_are_token_sort_ratio():
    rng = random.Random(5)
    texts = [" ".join(rng.choice(WORDS + ["", "a  b", "\t"]) for _ in range(rng.randint(0, 12)))
             for _ in range(80)]
    want = process.cdist(texts, texts, scorer=fuzz.token_sort_ratio,
                         dtype=np.uint8).astype(np.float32)
    assert np.array_equal(align_mod._token_sort_scores(texts, texts), want)


def test_bulk_shared_word_counts_give_the_same_alignment(monkeypatch):
    """Long pages count shared words through an index, short ones pair by pair: both
    must align alike (trimmed and merged sentences included)."""
    rng = random.Random(6)
    sents = [_sentence(rng, rng.randint(9, 25)).capitalize() + "." for _ in range(80)]
    a = " ".join(sents)
    b = " ".join(" ".join(s.split()[3:]).capitalize() if i % 3 == 0 else
                 s[:-1] + " " + sents[(i + 7) % len(sents)] if i % 3 == 1 else s
                 for i, s in enumerate(reversed(sents)))
    monkeypatch.setattr(align_mod, "BULK_SUBSET_PAIRS", 10 ** 9)
    one_by_one = align_mod.align(a, b)
    monkeypatch.setattr(align_mod, "BULK_SUBSET_PAIRS", 0)
    bulk = align_mod.align(a, b)
    assert one_by_one.pairs == bulk.pairs and len(bulk.pairs) > 40
    assert any(s < 1.0 for *_, s in bulk.pairs)  # the subset scores did take part
