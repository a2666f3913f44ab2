"""Where an offset sits in the article's discourse: its sentence, and inside a quote or not.

The speaker resolver needs both to rank antecedents the way readers do: a pronoun that
opens a reporting clause ("He told investigators …", "“…,” he said") most often continues
the person the previous sentence was about, and a name inside someone's quotation
("“I called Trump,” she said") is not a candidate for the quoted speaker. Sentences come
from the same rule splitter as the parser's (:func:`retold.statements.context.split_sentences`),
quotations from :mod:`retold.statements.quotes`; both are linear passes, and look-ups
bisect.
"""
from __future__ import annotations

import re
from bisect import bisect_right

from retold.statements.context import split_paragraphs, split_sentences
from retold.statements.quotes import find_quotes


_QUOTE_OPENS_SENTENCE = re.compile(r"[.!?…][”’\"']?\s+(?=[“‘\"][A-Z])")
"""". “We can do this,” she said": the rule splitter keeps a sentence that opens with a
quotation mark joined to the one before; for antecedents they are two."""


def _split_before_quotes(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out, lo = [], start
    for m in _QUOTE_OPENS_SENTENCE.finditer(text, start, end):
        out.append((lo, m.start() + 1))
        lo = m.end()
    out.append((lo, end))
    return out


class Discourse:
    """Sentence and quotation look-ups for one article text."""

    def __init__(self, text: str, paragraphs: list[tuple[int, int]] | None = None,
                 sentences: list[tuple[int, int]] | None = None, quotes: list | None = None):
        self.text = text
        paragraphs = split_paragraphs(text) if paragraphs is None else paragraphs
        if sentences is None:
            sentences = [s for ps, pe in paragraphs for s in split_sentences(text, ps, pe)]
        self.sentences = [piece for s, e in sentences for piece in _split_before_quotes(text, s, e)]
        self._starts = [s for s, _ in self.sentences]
        if quotes is None:
            quotes = find_quotes(text, paragraphs)
        spans = sorted((q.start, q.end) for q in quotes)
        self._quote_starts = [s for s, _ in spans]
        self._quote_ends = [e for _, e in spans]

    def sentence_of(self, offset: int) -> int:
        """Index of the sentence holding ``offset`` (the one before it in a gap; -1 if none)."""
        return bisect_right(self._starts, offset) - 1

    def quoted(self, offset: int) -> bool:
        """Is ``offset`` inside a quotation (marks included)?"""
        k = bisect_right(self._quote_starts, offset) - 1
        return k >= 0 and offset < self._quote_ends[k]
