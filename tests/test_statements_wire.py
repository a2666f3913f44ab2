"""Wire-copy shapes a QA pass over real pages found missed or misread: fixed-width
newswire, a long source before a closing "said", speech withheld, the caveat in a
sentence of its own, verbs that double their last consonant, gender from a first name,
titles with no name. The texts are written for these tests in the wire's style.
"""
from __future__ import annotations

import pytest

from retold.statements import extract
from retold.statements.context import ArticleContext, reading_layout
from retold.statements.cues import lemma_of, withheld

WRAPPED = (
    "Harbor Capital has decided to make one billion dlrs of its own\n"
    "capital available to its money market funds, a senior spokesman\n"
    "for the investment firm said.\n"
    "    \"The provision poses no undue burden on the capital of the\n"
    "firm,\" the spokesman said in a statement on Tuesday, adding that\n"
    "the funds had seen heavy withdrawals since the start of the week.\n"
    "    The spokesman declined to say how much money had been\n"
    "withdrawn from the funds so far this month.\n"
    " Reuter"
)


def _by_content(ex, text: str) -> dict[str, object]:
    return {text[s.content[0][0]:s.content[-1][1]]: s for s in ex.statements}


def test_hard_wrapped_newswire_reads_as_running_text():
    """Reuters-21578 wraps at ~65 columns and indents each paragraph's first line: a
    line break inside a paragraph is a space, so a statement runs across it; offsets
    stay the caller's (the text is the same length, only wraps blanked)."""
    text, paragraphs = reading_layout(WRAPPED)
    assert len(text) == len(WRAPPED)
    assert [WRAPPED[s:e].split()[0] for s, e in paragraphs] == ["Harbor", "\"The", "The", "Reuter"]
    ex = extract(WRAPPED, "w")
    speakers = {s.speaker for s in ex.statements}
    assert speakers == {"a senior spokesman for the investment firm"}
    contents = [WRAPPED[s.content[0][0]:s.content[-1][1]] for s in ex.statements]
    assert contents[0].startswith("Harbor Capital has decided") and contents[0].endswith("money market funds")
    assert "\n" in contents[0]  # the span runs over the line end, offsets into the input
    quoted = next(s for s in ex.statements if s.kind == "direct")
    assert WRAPPED[quoted.content[0][0]:quoted.content[0][1]].endswith("firm,\"")
    assert quoted.channel is not None and quoted.channel.name == "a statement"
    # "declined to say how much" reports nothing
    assert not any("withdrawn" in c for c in contents)


def test_one_paragraph_a_line_is_left_alone():
    """A crawled page puts each paragraph on a line of its own: not hard-wrapped."""
    text = ("Ex-IS Member Says Group Sees Turkey as Ally\n"
            "A former member of the IS militant group has revealed the extent to which the "
            "cooperation of the Turkish military allows the group to travel through Turkey.\n"
            "Omer said the convoy crossed at night, when the border guards looked away.")
    assert reading_layout(text) == (text, ArticleContext(text).paragraphs)
    assert len(ArticleContext(text).paragraphs) == 1
    assert len(ArticleContext(text).sentences) == 3


def test_a_name_hard_wrapped_over_short_lines_is_one_name():
    """Text wrapped by hand or at a narrow column is too ragged to read as fixed-width
    newswire, but a name runs on over its single line breaks: "said Finance" is not the
    speaker, and "He" is the man named. Offsets stay the caller's."""
    text = ("Oil output will rise next year, said Finance\nMinister\nJohn\nDoe on Tuesday. "
            "He added that exports would follow.")
    ex = extract(text, "w")
    assert [s.speaker for s in ex.statements] == ["John Doe", "John Doe"]
    first = ex.statements[0].source[0]
    assert text[first[0]:first[1]].split() == ["Finance", "Minister", "John", "Doe"]
    assert [sp.roles for sp in ex.speakers] == [["Finance Minister"]]


@pytest.mark.parametrize("text", [
    "Oil output will rise next year, said Finance\n\nMinister John Doe on Tuesday.",
    "Scottish Minister Backs Plan For North Sea\nMinister John Doe said oil output would rise.",
])
def test_a_paragraph_break_or_a_headline_stops_a_name(text):
    """A blank line is a paragraph break, and a title-case headline over its first
    paragraph is no prose running on: neither line break is blanked."""
    blanked, _paragraphs = reading_layout(text)
    assert blanked.count("\n") == text.count("\n")


@pytest.mark.parametrize("sentence,speaker,anonymous", [
    ("Acme Corp is exploring a sale of its chip unit, a source familiar with the matter "
     "said on Thursday.", "a source familiar with the matter", True),
    ("Acme Corp is exploring a sale of its chip unit, a source familiar with the matter, "
     "who asked not to be named, said on Thursday.", "a source familiar with the matter", True),
    ("Acme Corp is exploring a sale of its chip unit, John Smith, who chairs the board, "
     "said.", "John Smith", False),
    ("The companies have withdrawn plans for a bonus issue of new shares, chairman of both "
     "companies Li Ka-shing said.", "Li Ka-shing", False),
    ("The bank raised its forecast for growth this year, one of the people with direct "
     "knowledge of the talks said on Monday.",
     "one of the people with direct knowledge of the talks", True),
])
def test_long_source_before_a_closing_cue(sentence, speaker, anonymous):
    """The small parser reads a long source before a sentence-final "said" as an
    appositive of the content's last noun; the trailing-long shape reads it."""
    ex = extract(sentence, "t")
    assert len(ex.statements) == 1
    st = ex.statements[0]
    assert st.speaker == speaker
    assert sentence[st.content[0][0]:st.content[0][1]].split(",")[0] in sentence.split(",")[0]
    assert ("anonymous" in {h.type for h in st.hedges}) is anonymous


def test_short_clause_before_a_long_source_is_no_statement():
    assert extract("In 2010, the company that built the bridge said.", "t").statements == []


@pytest.mark.parametrize("text,kept", [
    ("Menendez has yet to say whether he will run again.", False),
    ("A number of voters declined to say which one they supported.", False),
    ("He did not say when the plant would reopen.", False),
    ("The spokesman refused to say how the deal was struck.", False),
    ("He did not say that the plant would close.", True),  # a negated claim is a claim
    ("Trump refused to endorse the speaker of the house.", True),  # a stance all the same
])
def test_speech_withheld_is_no_statement(text, kept):
    cues = {lemma_of(w.strip(".")) for w in text.split()} - {None}
    assert cues
    found = [s for s in extract(text, "t").statements
             if text[s.cue[0][0]:s.cue[0][1]].lower() in {"say", "comment", "endorse"}]
    assert bool(found) is kept


def test_withheld_reads_the_words_around_the_cue():
    text = "The official, who asked not to be named, said talks would resume."
    asked = text.index("asked")
    assert withheld(text, asked, asked + len("asked"))
    said = text.index("said")
    assert not withheld(text, said, said + 4)


@pytest.mark.parametrize("caveat", [
    "The claim could not be independently verified.",
    "Reuters could not independently verify the claim.",
    "Reuters was unable to verify it.",
    # "confirm" is a cue: an outlet's caveat made a statement of its own, credited to
    # the outlet or to the speaker before, whose statement lost its caveat
    "Newsweek could not independently confirm the claim.",
    "The Ledger has not been able to confirm the report.",
    "The Associated Press could not immediately confirm the claim.",
])
def test_caveat_in_its_own_sentence_bears_on_the_statement_before(caveat):
    text = "Rebels said they had shot down a helicopter near the border. " + caveat
    ex = extract(text, "t")
    assert len(ex.statements) == 1
    assert "unverified" in {h.type for h in ex.statements[0].hedges}
    assert ex.article_hedges == []


def test_what_others_could_not_confirm_is_still_their_statement():
    text = "Police could not confirm the identity of the victims."
    (st,) = extract(text, "t").statements
    assert text[st.source[0][0]:st.source[0][1]] == "Police"


def test_caveat_pointing_back_at_nothing_stays_the_articles():
    text = ("Rebels said they had shot down a helicopter. Casualty figures from the region "
            "could not be independently verified.")
    ex = extract(text, "t")
    assert "unverified" not in {h.type for h in ex.statements[0].hedges}
    assert [h.type for h in ex.article_hedges] == ["unverified"]


@pytest.mark.parametrize("form,lemma", [
    ("admitted", "admit"), ("admitting", "admit"), ("quipped", "quip"),
    ("regretted", "regret"), ("rebutted", "rebut"), ("planned", "plan"),
    ("counselling", None),  # a noun far more often than a verb
])
def test_doubled_consonant_forms(form, lemma):
    assert lemma_of(form) == lemma


def test_admitted_is_a_cue():
    text = "Mayor John Smith admitted that the bridge would not reopen in May."
    (st,) = extract(text, "t").statements
    assert st.speaker == "John Smith" and text[st.cue[0][0]:st.cue[0][1]] == "admitted"


def test_first_name_outweighs_the_pronouns_after_her_name():
    """"Warren told Stumpf, after he admitted …" put a "he" after each mention of
    Elizabeth Warren; her "she said" must still be hers, and his "he" not."""
    text = ("Massachusetts Sen. Elizabeth Warren grilled Wells Fargo CEO John Stumpf on "
            "Tuesday for his role in the scheme.\n\n"
            "“You should resign,” Warren told Stumpf, after he admitted under Warren’s "
            "grilling he had not yet been held accountable.\n\n"
            "“This just isn’t right,” Warren said. “You squeezed employees to the breaking "
            "point” to drive up the stock price, she said.")
    ex = extract(text, "t")
    by_cue = {text[s.source[0][0]:s.source[0][1]]: s.speaker for s in ex.statements if s.source}
    assert by_cue["she"] == "Elizabeth Warren"
    assert by_cue["he"] != "Elizabeth Warren"


def test_titles_and_sentence_adverbs_are_not_names():
    text = ("Perhaps Christa was able to trust the bot. “It was therapy,” Christa said.\n\n"
            "The Prime Minister said the economy was growing.\n\n"
            "World Bank director for Latin America and the Caribbean Rainer Steckhan said "
            "the debt was large. Steckhan said talks would go on.")
    speakers = [s.speaker for s in extract(text, "t").statements]
    assert speakers[:2] == ["Christa", "Prime Minister"]
    assert speakers[-1] == "Rainer Steckhan"


def test_question_quote_keeps_its_reporting_clause():
    """'?”' then a capital ended the sentence, leaving the question with no speaker."""
    text = ("“Why did nobody tell us about the contract?” Senator Ruth Baker asked during "
            "the hearing. “No!” The crowd roared.")
    sentences = [text[s:e] for s, e in ArticleContext(text).sentences]
    assert sentences[0].endswith("asked during the hearing.")
    assert sentences[1] == "“No!”"  # no reporting verb follows: two sentences
    first = extract(text, "t").statements[0]
    assert first.speaker == "Ruth Baker" and text[first.cue[0][0]:first.cue[0][1]] == "asked"


def test_review_sites_are_channels():
    text = "“I loved it,” one reviewer wrote on Amazon."
    (st,) = extract(text, "t").statements
    assert st.channel is not None and (st.channel.name, st.channel.kind) == ("Amazon", "platform")


@pytest.mark.parametrize("sentence,name,kind", [
    ("The minister told a news conference that rates would rise.", "a news conference", "other"),
    ("“We will act,” the governor told a press conference in the capital.",
     "a press conference", "other"),
    ("“The debt is large,” Ongpin told Reuters Finance Secretary Jaime Ongpin.", "Reuters",
     "outlet"),
    ("The minister told the Financial Times that rates would rise.", "Financial Times", "outlet"),
])
def test_an_audience_is_no_outlet(sentence, name, kind):
    """"told a news conference" was an outlet ("news"), and lineage made it the outside
    source of 17 Reuters stories; an outlet run on into the next subject is cut."""
    (st,) = extract(sentence, "t").statements
    assert (st.channel.name, st.channel.kind) == (name, kind)


def test_a_kind_of_body_is_not_another_kind_named_before():
    text = ("The plan could lead to a loss of $3.8 billion in World Bank financing, the "
            "finance ministry said in a document seen by Reuters on Monday.")
    (st,) = extract(text, "t").statements
    assert st.speaker == "the finance ministry"
