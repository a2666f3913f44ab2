"""Name what two articles share: copy | partial | rewrite | quotes-only | cites.

Decided from the alignment (coverage both ways, similarity, share of verbatim sentences),
the matched quotes and the citations, in that order of strength:

* ``copy``: each covers nearly all of the other (``min coverage >= copy_coverage``) and the
  aligned sentences are mostly verbatim: a republication under a new headline;
* ``partial``: one is mostly inside the other (``max coverage >= partial_coverage``) with
  near-verbatim sentences: truncation, dropped paragraphs, an excerpt;
* ``rewrite``: substantial aligned text (``max coverage >= rewrite_coverage`` and at least
  ``min_sentences`` aligned sentences) whose sentences were reworded; a single aligned
  sentence counts when it is long (``single_sentence_chars``) and a large share of the
  shorter article (``single_sentence_coverage``): a copy cut down to its lead;
* ``quotes-only``: no substantial shared narrative, but the same quotes: two of at least
  ``min_quote_words`` words, or one of twice that, or one (of five words or more) that
  both articles attribute to their main named speaker who, they both say, spoke to the
  same outlet ("Sherko Omer told Newsweek"): a famous slogan is quoted everywhere, a
  line from one interview is not;
* ``cites``: only a citation of the other's outlet.

Text reuse of any kind needs aligned text that says something: at least
``min_evidence`` distinct words of three letters or more and figures of verbatim
sentences (``Alignment.evidence``). Two wire briefs of one layout ("Qtly div 25 cts vs
25 cts prior / Pay April 30 / Record April 16") align line for line and hold a handful.
Nor is a template filled in twice (``Alignment.formula``): most aligned sentences with
names or figures share none of them (two companies' eurobond launch notices, debt
pricings, offering filings; 252 Reuters items were one "story" of eight months).

Thresholds are parameters with defaults tuned on the syndication simulator; ``Thresholds``
validates them so that a wrong setting fails with a message instead of silently linking all.
"""
from __future__ import annotations

from dataclasses import dataclass

from retold.reuse.align import Alignment
from retold.reuse.quotes import QuoteMatch


@dataclass(frozen=True)
class Thresholds:
    copy_coverage: float = 0.8
    copy_verbatim: float = 0.75
    partial_coverage: float = 0.5
    partial_similarity: float = 0.9
    rewrite_coverage: float = 0.2
    min_sentences: int = 2
    single_sentence_chars: int = 120  # one aligned sentence suffices when this long...
    single_sentence_coverage: float = 0.3  # ...and this share of the shorter article
    min_quote_words: int = 8  # quotes-only needs two such quotes or one twice as long
    min_evidence: int = 12  # distinct words and verbatim figures aligned text must hold

    def __post_init__(self) -> None:
        for name in ("copy_coverage", "copy_verbatim", "partial_coverage",
                     "partial_similarity", "rewrite_coverage"):
            v = getattr(self, name)
            if not 0.0 <= v <= 1.0:
                raise ValueError(f"{name} must be a share in [0, 1], got {v}")
        if not self.rewrite_coverage <= self.partial_coverage:
            raise ValueError(f"rewrite_coverage ({self.rewrite_coverage}) must not exceed "
                             f"partial_coverage ({self.partial_coverage}): a rewrite needs "
                             "less shared text than a partial copy")
        if self.min_sentences < 1:
            raise ValueError(f"min_sentences must be >= 1, got {self.min_sentences}")
        if self.min_evidence < 0:
            raise ValueError(f"min_evidence must be >= 0 (0 counts any aligned text), "
                             f"got {self.min_evidence}")


DEFAULT = Thresholds()


def classify(al: Alignment, quotes: list[QuoteMatch] | None = None, cites: bool = False,
             th: Thresholds = DEFAULT) -> tuple[str, float] | None:
    """``(kind, score)`` for a pair, or ``None`` when they share nothing worth a link.

    The score is in [0, 1]: for text reuse the larger coverage times the similarity (how
    much of the more-copied article the link explains), for quotes the best quote score
    discounted when only one short quote is shared.
    """
    quotes = quotes or []
    hi = max(al.coverage_a, al.coverage_b)
    lo = min(al.coverage_a, al.coverage_b)
    # distinct sentences on the poorer side: one template sentence matched twice is one
    n = min(len({tuple(p[0]) for p in al.pairs}), len({tuple(p[1]) for p in al.pairs}))
    if al.aligned and al.evidence >= th.min_evidence and not al.formula:
        if lo >= th.copy_coverage and al.verbatim >= th.copy_verbatim:
            return "copy", round(min(1.0, (hi + lo) / 2 * al.similarity), 4)
        if hi >= th.partial_coverage and al.similarity >= th.partial_similarity and n >= 2:
            return "partial", round(hi * al.similarity, 4)
        if hi >= th.rewrite_coverage and n >= th.min_sentences:
            return "rewrite", round(hi * al.similarity, 4)
        longest = max(min(p[0][1] - p[0][0], p[1][1] - p[1][0]) for p in al.pairs)
        if hi >= th.single_sentence_coverage and longest >= th.single_sentence_chars:
            # a heavily cut copy: one long lead sentence is most of the shorter article
            return ("partial" if al.similarity >= th.partial_similarity else "rewrite",
                    round(hi * al.similarity, 4))
    if al.formula:  # a "quote" inside the template ("…, lead manager X said") is the
        quotes = [q for q in quotes if not _inside(q.spans_a, al.spans_a)]  # template too
    good = [q for q in quotes if q.score >= 0.85 and q.words >= th.min_quote_words]
    if len(good) >= 2 or any(q.words >= 2 * th.min_quote_words for q in good):
        # one short shared phrase ("the news had been expected") is not a retelling
        best = max(q.score for q in good)
        return "quotes-only", round(best * min(1.0, 0.6 + 0.2 * len(good)), 4)
    heard = [q for q in quotes if q.score >= 0.85 and q.interview]
    if heard:
        # a short quotation, but the same person's words to the same outlet in both
        # ("Sherko Omer told Newsweek"): two retellings of one interview
        return "quotes-only", round(0.6 * max(q.score for q in heard), 4)
    if cites:
        return "cites", 0.5
    return None


def _inside(spans: list[list[int]], aligned: list[list[int]]) -> bool:
    """Does every span lie within the aligned passages?"""
    return all(any(a <= s and e <= b for a, b in aligned) for s, e in spans)
