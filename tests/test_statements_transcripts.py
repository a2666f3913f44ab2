"""Interview transcripts ("Q:"/"A:", "NEWSWEEK:"/"OMER:"), "one … another" speakers and a
pronoun after a renamed possessive, on small hand-written pages."""
from __future__ import annotations

import pytest

from retold.statements import extract

QA = """Inside the Islamic State's border deals

Newsweek spoke to Sherko Omer, a former member of the group who managed to escape last year, about what he saw in Raqqa. The interview has been edited for length.

Q: What does the group think of Turkey?

A: They see Turkey as an ally. The commanders told us to fear nothing at the border.

Q: Did you ever cross into Turkey yourself?

A: Yes, twice. We were driven through the checkpoint at night and nobody stopped us.

They never asked for papers.

Q: Why did you leave?

A: I saw what they did to the prisoners.
"""

NAMED = """Kurdish fighter speaks out

Sherko Omer, a former communications technician for the group, told Newsweek in an interview that he had left in 2014.

NEWSWEEK: Why did you leave?

OMER: I saw what they did to the prisoners. My commander said, "Do not look at them."

NEWSWEEK: Where are you now?

OMER: I live in a village near the border with my family.

Newsweek was not able to independently verify Omer's account.
"""


def _answers(text: str):
    return [st for st in extract(text, "t").statements if st.cue_text.endswith(":")]


def test_qa_answers_are_the_interviewees_direct_statements_told_to_the_outlet():
    got = _answers(QA)
    assert [st.content_text.split(".")[0] for st in got] == [
        "They see Turkey as an ally", "Yes, twice", "I saw what they did to the prisoners"]
    assert {st.speaker for st in got} == {"Sherko Omer"}
    assert {(st.kind, st.act, st.cue_text) for st in got} == {("direct", "speech", "A:")}
    assert {st.channel.name for st in got} == {"Newsweek"}
    # the paragraph after an answer, before the next question, is still the answer
    assert got[1].content_text.endswith("They never asked for papers.")
    # neither the questions nor the verbs inside the answers are statements
    assert len(extract(QA, "t").statements) == 3


def test_named_labels_resolve_to_the_name_the_intro_gives():
    ex = extract(NAMED, "t")
    got = _answers(NAMED)
    assert [st.cue_text for st in got] == ["OMER:", "OMER:"]
    assert {st.speaker for st in got} == {"Sherko Omer"}
    assert {st.channel.name for st in got} == {"Newsweek"}
    assert all(any(h.type == "unverified" for h in st.hedges) for st in got)
    # the quotation inside an answer is the answer's, not a statement of its own
    assert not any(st.content_text.startswith('"Do not look') for st in ex.statements)
    assert not any(st.speaker == "NEWSWEEK" or "Why did you" in st.content_text
                   for st in ex.statements)


def test_told_outlet_in_an_interview_that_keeps_its_content():
    text = ("Sherko Omer, a former communications technician for the group, told Newsweek "
            "in an interview that he left in 2014.")
    [st] = extract(text, "t").statements
    assert st.content_text == "that he left in 2014" and st.speaker == "Sherko Omer"


def test_debate_transcript_gives_each_candidate_and_skips_the_moderator():
    text = """Transcript: the second presidential debate

Donald Trump and Hillary Clinton met on Sunday in St. Louis for a debate moderated by Anderson Cooper.

COOPER: Secretary Clinton, what would you do about health care costs?

CLINTON: We need to keep what works and fix what does not.

COOPER: Mr. Trump, your response?

TRUMP: It is a disaster. We will repeal it and replace it.
"""
    assert [(st.speaker, st.cue_text) for st in _answers(text)] == [
        ("Hillary Clinton", "CLINTON:"), ("Donald Trump", "TRUMP:")]


def test_colons_that_are_not_turns_beside_a_transcript():
    notes = """Storm live: power cuts across the north

UPDATE: About 20,000 homes are without power.

UPDATE: Crews hope to restore most lines by Friday.

Photo: A fallen tree blocks a road in Carlisle.

Analysis: Why the forecasts missed the storm's path

Price: $5 a ticket.

Price: $7 at the door.

The meeting starts at 10:30, officials said.
"""
    assert _answers(notes) == []
    # the same notes around an interview: its answers are read, the notes still are not
    text = notes + "\n" + QA.split("\n", 2)[2] + "\nNote: This article has been updated.\n"
    assert [st.cue_text for st in _answers(text)] == ["A:", "A:", "A:"]
    # an explainer's "Q:"/"A:" with nobody interviewed are the writer's own words
    explainer = """What the new visa rules mean for students

The government announced new rules on Monday. Here is what we know.

Q: Who is affected?

A: Students from outside the EU who start a course after January.

Q: When do the rules start?

A: From next September.
"""
    assert _answers(explainer) == []


PERIOD_QA = """In an interview, Mayor Jane Holt spoke about the bridge.

Q. Will the bridge reopen?

A. Yes, by March at the latest. We have the money.

Q. And the road?

A. That will take longer.

It is a long project."""


def test_q_and_a_labelled_with_a_period_are_turns():
    """"Q." and "A." with a period label an interview as "Q:" and "A:" do; the closing
    paragraph after one-paragraph answers is the writer's again."""
    sts = extract(PERIOD_QA, "t").statements
    assert [st.content_text for st in sts] == [
        "Yes, by March at the latest. We have the money.", "That will take longer."]
    assert {(st.speaker, st.cue_text, st.kind) for st in sts} == {("Jane Holt", "A.", "direct")}


@pytest.mark.parametrize("text,speakers", [
    ("Q. Smith said the plan works.", ["Q. Smith"]),
    ("In an interview, Mayor Jane Holt spoke about the bridge.\n\nQ. Smith said the plan "
     "works.\n\nA. Jones said it does not.", ["Q. Smith", "A. Jones"]),
])
def test_an_initial_is_no_period_label(text, speakers):
    """"Q. Smith" is a man with an initial: without a question asked after "Q." the
    paragraphs are prose, each a statement of its own."""
    sts = extract(text, "t").statements
    assert [(st.speaker, st.cue_text) for st in sts] == [(who, "said") for who in speakers]


def test_a_label_on_its_own_line_opens_its_turn():
    text = ("Newsweek spoke to Sherko Omer.\n\nNEWSWEEK:\nWhat did you see?\n\n"
            "OMER:\nThe commanders met Turkish officers.\n\nThey came often.")
    (st,) = extract(text, "t").statements
    assert (st.content_text, st.speaker, st.cue_text) == (
        "The commanders met Turkish officers.", "Sherko Omer", "OMER:")
    assert st.channel is not None and st.channel.name == "Newsweek"


@pytest.mark.parametrize("closing,runs_on", [
    # earlier answers run over paragraphs: so does the last, up to a narrative paragraph
    ("A: That will take longer.\n\nThe surveys are not done.\n\nHolt, 54, was elected in 2019.",
     ["That will take longer.", "The surveys are not done."]),
    ("A: That will take longer.\n\nThe surveys are not done.\n\nShe left for a council meeting.",
     ["That will take longer.", "The surveys are not done."]),
])
def test_the_last_answer_runs_on_as_the_earlier_ones_do(closing, runs_on):
    text = ("In an interview, Mayor Jane Holt spoke about the bridge.\n\nQ: Will the bridge "
            "reopen?\n\nA: Yes, by March.\n\nThe money is there.\n\nQ: And the road?\n\n" + closing)
    last = extract(text, "t").statements[-1]
    assert [text[a:b] for a, b in last.content] == runs_on
    assert last.speaker == "Jane Holt"


def test_a_narrative_paragraph_between_turns_is_the_writers():
    """"Holt said the council would pay." after an answer is the writer's report, a
    statement of its own, not more of the answer."""
    text = ("In an interview, Mayor Jane Holt spoke about the bridge.\n\nQ: Will the bridge "
            "reopen?\n\nA: Yes, by March.\n\nHolt said the council would pay.\n\n"
            "Q: And the road?\n\nA: That will take longer.")
    sts = extract(text, "t").statements
    assert [(st.content_text, st.cue_text) for st in sts] == [
        ("Yes, by March.", "A:"), ("the council would pay.", "said"),
        ("That will take longer.", "A:")]


@pytest.mark.parametrize("intro,runs_on", [
    ("Newsweek spoke to Sherko Omer.", True),  # the writer never says "we": the answer does
    ("Newsweek spoke to Sherko Omer. We met him in Erbil.", False),  # the writer says
    # "we": no telling the two apart
])
def test_the_last_answer_runs_on_in_the_first_person(intro, runs_on):
    text = (intro + "\n\nNEWSWEEK: What did you see?\n\nOMER: The commanders met Turkish "
            "officers.\n\nWe were told to keep quiet about it.\n\n"
            "This interview has been edited for length.")
    (st,) = [st for st in extract(text, "t").statements if st.cue_text == "OMER:"]
    assert st.content_text.endswith("keep quiet about it.") is runs_on
    assert "edited" not in st.content_text


def test_one_and_another_are_two_speakers():
    text = ("One resident said the shelling stopped around midnight. Another resident said it "
            "went on all night. A third resident said she had slept through it.")
    sts = extract(text, "t").statements
    assert len(sts) == 3 and len({st.speaker_id for st in sts}) == 3


def test_pronoun_after_a_possessive_renamed_by_an_appositive():
    filler = ("The city has grown quickly over the past decade, and the number of residents "
              "who commute by car has risen every year.\n\n")
    text = ("Councillor Tom Gill said the tax increase was too high.\n\n" + filler * 3
            + "Gill's rival on the council, Doug Elford, took a different view at Tuesday's "
              "meeting. He said the tax was needed to pay for policing.\n\n"
            + "Brenda Locke's office released its own figures on Monday. She said the costs "
              "had been hidden from voters.")
    by_source = {st.source_text: st.speaker for st in extract(text, "t").statements}
    assert by_source["He"] == "Doug Elford"
    assert by_source["She"] == "Brenda Locke"
