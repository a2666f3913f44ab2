"""Interview transcripts, QA round two: titled labels ("MS. KING:", "THE PRESIDENT:"), the
interviewer named in the intro, the interviewing outlet as channel, panels, labels the
old pattern missed, and name labels that are no interview (player ratings)."""
from __future__ import annotations

from retold.statements import extract


def _answers(text: str):
    return [st for st in extract(text, "t").statements if st.cue_text.endswith(":")]


def test_the_reporter_who_conducts_the_interview_is_not_the_interviewee():
    text = """Nurses' leader explains strike vote

In a conversation recorded by our reporter Emma Clarke in Swansea on Friday, the nurses' representative Helen Morgan set out the case for action. Morgan told the Swansea Evening Post the vote was about staffing.

Q: Why now?

A: Because wards have been short of staff all winter and nobody listened.

Q: Will emergency care continue?

A: Yes. Nobody in intensive care will walk out.
"""
    got = _answers(text)
    assert [st.speaker for st in got] == ["Helen Morgan", "Helen Morgan"]
    assert {st.channel.name for st in got} == {"Swansea Evening Post"}


def test_labels_with_a_title_or_honorific_are_the_named_speakers():
    briefing = """Transcript: Thursday's briefing

The following is a transcript of Thursday's briefing by Downing Street spokeswoman Claire Hatton.

MS. HATTON: Good morning. The prime minister will visit Leeds on Monday to open the new hospital wing.

Q: Claire, does the prime minister back the rail strike deal as agreed?

MS. HATTON: He backs the outline. The detail is still being discussed with the unions.

Q: Thank you.
"""
    ex = extract(briefing, "t")
    got = _answers(briefing)
    assert [(st.speaker, st.cue_text) for st in got] == [("Claire Hatton", "MS. HATTON:")] * 2
    # a question turn is never a statement, not even an indirect one ("… back the deal")
    assert not any("back the rail" in st.content_text or st.source_text.startswith("Q:")
                   for st in ex.statements)
    doctor = """Dr. Priya Nair, the country's chief medical officer, spoke to the Courier on Tuesday.

COURIER: Is the new strain more dangerous?

DR. NAIR: So far we see no sign that it causes more severe illness.

COURIER: Should schools close?

DR. NAIR: No. Schools should stay open with good ventilation.
"""
    got = _answers(doctor)
    assert {st.speaker for st in got} == {"Priya Nair"} and len(got) == 2
    assert {st.channel.name for st in got} == {"Courier"}
    for label in ("THE PRIME MINISTER", "PRIME MINISTER ALBANESE"):
        presser = f"""Prime Minister Anthony Albanese took questions from reporters in Canberra on Wednesday.

QUESTION: Prime Minister, will you call an early election?

{label}: No. The election will be held when it is due.

QUESTION: And the budget?

{label}: The budget will be delivered in May.
"""
        assert [st.speaker for st in _answers(presser)] == ["Anthony Albanese"] * 2, label


def test_court_transcript_gives_the_judge_and_counsel():
    text = """The following exchange took place on Thursday in the crown court in Leeds, where David Marsh, counsel for the defendant, asked Judge Helen Crowther to exclude the recording.

THE COURT: Mr. Marsh, go ahead.

MR. MARSH: Thank you. The recording was made without consent and should not be shown to the jury.

MS. OKAFOR: The recording was made lawfully, and the defence has had it for months.

THE COURT: The application is refused.
"""
    got = [(st.speaker, st.cue_text) for st in _answers(text)]
    assert got[:2] == [("Helen Crowther", "THE COURT:"), ("David Marsh", "MR. MARSH:")]
    assert got[2][1] == "MS. OKAFOR:" and got[2][0].lower() == "okafor"
    assert got[3] == ("Helen Crowther", "THE COURT:")


def test_the_interviewing_outlet_is_the_channel_not_the_person():
    sat = """Councillor Ray Dunn sat down with the Gazette to talk about the housing plan.

Q: How many homes will be built?

A: About 2,000 over five years, most of them affordable.

Q: Where will they go?

A: Mostly on the old airfield site.
"""
    assert {st.channel.name for st in _answers(sat)} == {"Gazette"}
    owner = """BBC's Laura Hughes interviewed Health Secretary Tom Reid on Sunday.

HUGHES: Will waiting lists fall this year?

REID: They will fall, but not as fast as we would like.

HUGHES: By how much?

REID: By about ten per cent.
"""
    got = _answers(owner)
    assert [st.speaker for st in got] == ["Tom Reid"] * 2
    assert {st.channel.name for st in got} == {"BBC"}


def test_an_outlet_label_with_an_ampersand_is_the_question_and_the_channel():
    text = """Baker Anna Silva spoke to Bread & Butter about her new bakery.

Bread & Butter: Why sourdough?

Silva: It is how my father baked. Everything starts with the starter.

Bread & Butter: What comes next?

Silva: A second shop in Leith, next spring.
"""
    got = _answers(text)
    assert [st.content_text for st in got] == [
        "It is how my father baked. Everything starts with the starter.",
        "A second shop in Leith, next spring."]
    assert {st.channel.name for st in got} == {"Bread & Butter"}


def test_a_panel_of_unlabelled_answers_is_not_read():
    text = """The Chronicle spoke to three teachers, Mark Hale, Susan Price and Joe Kerr, about the new curriculum.

Q: Is the new curriculum working?

A: I think it is. Pupils read more than before.

A: I disagree. The maths content is far too thin.

Q: What should change?

A: More time for practical science.
"""
    assert _answers(text) == []


def test_name_labels_in_player_ratings_are_no_transcript():
    text = """United came from behind to beat City at Old Trafford on Sunday.

United: Onana; Dalot, Varane, Martinez; Casemiro, Mainoo; Rashford, Hojlund.

Referee: Anthony Taylor.

Harry Maguire: Won every header and scored the winner.

Harry Maguire: Booked on 80 minutes.
"""
    assert _answers(text) == []


def test_statement_content_never_starts_with_a_paragraph_label():
    text = """Follow our live coverage of the floods in Yorkshire.

09:15: Two bridges over the Ouse have been closed, the county council said.

Update: Trains between York and Leeds are cancelled until Monday, Northern said.

Residents can claim help from the council. The council answered common questions.

Q: Who can claim?

A: Households flooded since Friday are eligible, a council spokeswoman said.
"""
    got = {st.source_text: st.content_text for st in extract(text, "t").statements}
    assert got["the county council"] == "Two bridges over the Ouse have been closed"
    assert got["Northern"] == "Trains between York and Leeds are cancelled until Monday"
    assert got["a council spokeswoman"] == "Households flooded since Friday are eligible"
