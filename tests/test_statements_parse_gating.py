"""Which sentences get parsed: only those that can hold an attribution.

The parse is most of the cost of statement detection, so these tests count parsed
sentences (``ArticleContext.parsed_count``), never time.
"""
from __future__ import annotations

from retold.statements import extract_context, extract_many
from retold.statements.assemble import detect, parse_plan
from retold.statements.context import PARSE_STATS, ArticleContext
from retold.statements.cues import is_noun_use, live_cues


def _noun(text: str, word: str) -> bool:
    i = text.index(word)
    return is_noun_use(text, i, i + len(word))


def test_cue_forms_after_a_determiner_or_possessive_are_nouns():
    assert _noun("They read the report closely.", "report")
    assert _noun("Trump’s claim was false.", "claim")
    assert _noun("It was a tweet too far.", "tweet")
    assert _noun("They spoke in support of the plan.", "support")
    assert not _noun("He won by saying little.", "saying")  # a gerund after a preposition
    assert not _noun("They want to support the plan.", "support")  # infinitive
    assert not _noun("He’s claiming victory.", "claiming")  # "he’s" = "he is"
    assert not _noun("He said so.", "said")
    assert not _noun("Some say it is over.", "say")  # "some" can be a subject
    assert not _noun("They criticised his calling for a ban.", "calling")  # -ing: stance


def test_live_cues_skip_quoted_and_noun_forms():
    text = 'The report was late. "We said no," he replied. According to police, it rained.'
    quoted = lambda o: text.index('"We') <= o < text.index(' he replied')  # noqa: E731
    live, according = live_cues(text, 0, len(text), quoted)
    assert [text[a:b] for a, b in live] == ["replied"]
    assert according


def test_sentences_that_cannot_hold_an_attribution_are_not_parsed():
    text = ("The weather was fine on Tuesday. The report ran to 40 pages. "
            "Trump’s claim drew a crowd. “We told them everything.”")
    ctx = ArticleContext(text)
    assert parse_plan(ctx) == []
    detect(ctx)
    assert ctx.parsed_count == 0


def test_a_sentence_no_pattern_reads_is_still_parsed_and_attributed():
    text = ("The weather was fine on Tuesday. Officials at the ministry, speaking on "
            "condition of anonymity, confirmed that the talks had failed.")
    ctx = ArticleContext(text)
    before = PARSE_STATS["sentences"]
    statements = extract_context(ctx).statements
    assert ctx.parsed_count == 1 and ctx.is_parsed(1) and not ctx.is_parsed(0)
    assert PARSE_STATS["sentences"] - before == 1
    confirmed = [s for s in statements if s.cue_text == "confirmed"]
    assert confirmed and "the talks had failed" in confirmed[0].content_text
    assert "Officials" in confirmed[0].source_text


def test_a_noun_cue_does_not_keep_a_simple_sentence_from_its_pattern():
    # "report" is a noun here, so "said" is the only cue and the leading pattern reads
    # the sentence without a parse
    text = "The report said that taxes would rise next year."
    ctx = ArticleContext(text)
    statements = extract_context(ctx).statements
    assert ctx.parsed_count == 0
    assert [(s.source_text, s.cue_text) for s in statements] == [("The report", "said")]
    assert "taxes would rise" in statements[0].content_text


def test_batched_extraction_parses_only_candidate_sentences():
    docs = [("a", "Nothing to see here. The plan failed, officials at the agency told "
                  "reporters late on Friday after a long meeting."),
            ("b", "A quiet day. No one spoke about the report at the meeting.")]
    before = dict(PARSE_STATS)
    got = dict(extract_many(docs))
    parsed = PARSE_STATS["sentences"] - before["sentences"]
    assert PARSE_STATS["seen"] - before["seen"] == 4
    assert parsed == 2  # the two cue sentences, never "Nothing to see here." / "A quiet day."
    assert any(s.cue_text.startswith("told") for s in got["a"].statements)


def test_quote_led_reporting_clauses_are_read_without_a_parse():
    text = ("“We will achieve justice in this case,” Tulsa police Chief Chuck Jordan said "
            "Monday.\n\n“It is bad for everyone,” said Kenneth Baer, a former official who "
            "runs a consulting firm.")
    ctx = ArticleContext(text)
    statements = extract_context(ctx).statements
    assert ctx.parsed_count == 0
    assert [(s.kind, s.cue_text, s.source_text) for s in statements] == [
        ("direct", "said", "Tulsa police Chief Chuck Jordan"),
        ("direct", "said", "Kenneth Baer, a former official who runs a consulting firm")]
    assert statements[0].content_text == "“We will achieve justice in this case,”"


def test_a_circumstance_after_the_name_is_left_to_the_parser():
    # "on his first day" is not an appositive of O'Neill: no pattern, so a parse
    text = "“We are safe,” said O'Neill, on his first full day on the job."
    ctx = ArticleContext(text)
    statements = extract_context(ctx).statements
    assert ctx.parsed_count == 1
    assert statements and statements[0].source_text.startswith("O'Neill")
    assert "first full day" not in statements[0].source_text
