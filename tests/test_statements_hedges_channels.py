"""Channels ("told Newsweek") and hedges ("was not able to independently verify").

Matching is tested on phrases, attaching on hand-built statements over real text (the
sample page), and the gold file's shape is checked without the shared data; the scores
against the gold run only when ../shared/data is there.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from statement_helpers import make, sample_statements

from retold.records import HEDGE_TYPES, Speaker, Statement
from retold.statements import extract
from retold.statements.channels import attach_channels, find_channels
from retold.statements.context import ArticleContext
from retold.statements.hedges import attach_hedges, find_hedges
from retold.statements.speakers import resolve_speakers

GOLD = Path(__file__).resolve().parent / "gold" / "channels_hedges.jsonl"


# ------------------------------------------------------------------------ channels


@pytest.mark.parametrize("phrase,name,kind", [
    ("He told Newsweek that he travelled.", "Newsweek", "outlet"),
    ("Speaking to Newsweek, Kurds in Kobane said that", "Newsweek", "outlet"),
    ("she said in a statement to Reuters on Monday.", "Reuters", "outlet"),
    ("in an interview with The Associated Press, he said", "Associated Press", "outlet"),
    ("Trump wrote on Twitter that the deal was off", "Twitter", "platform"),
    ("Clinton tweeted that", "Twitter", "platform"),
    ("he told reporters on Air Force One", "reporters", "other"),
    ("the ministry said in a statement.", "a statement", "document"),
    ("she said in an interview.", "an interview", "interview"),
    ("told the BBC", "BBC", "outlet"),
    ("told Fox News’ Sean Hannity that", "Fox News", "outlet"),
    ("In a Bloomberg interview Trump declared", "Bloomberg", "outlet"),
    ("At a rally Friday in Florida, Clinton questioned", "a rally", "other"),
    ("Trump took to Twitter to accuse", "Twitter", "platform"),
])
def test_find_channels_names_and_kinds(phrase, name, kind):
    found = find_channels(phrase, 0, len(phrase))
    assert [(c.name, c.kind) for c in found][:1] == [(name, kind)]


@pytest.mark.parametrize("phrase", [
    "He told him to leave.",  # a pronoun is no channel
    "during his time on MSNBC he supported Democrats",  # no reporting verb before "on"
    "the FBI email probe found nothing, in the FBI email probe",  # compound, not a document
    "She met voters on Monday.",
])
def test_find_channels_rejects(phrase):
    assert find_channels(phrase, 0, len(phrase)) == []


def test_attach_channels_scope_and_quotes():
    text = ('Kim told CNN that talks would resume. "I told Reuters nothing," Lee said. '
            'Kim said later that the date was set.')
    sts = [make(text, 0, ["talks would resume"], ["told"], ["Kim"]),
           make(text, 1, ['"I told Reuters nothing,"'], ["said"], ["Lee"], "direct"),
           make(text, 2, ["the date was set"], ["said"], ["Kim"])]
    ctx = ArticleContext(text)
    resolve_speakers(ctx, sts, "t")
    attach_channels(ctx, sts)
    assert sts[0].channel.name == "CNN" and sts[0].channel.phrase == "told CNN"
    assert sts[1].channel is None  # "told Reuters" is inside the quotation
    assert sts[2].channel is None  # no inheritance by default: only where the text says so
    attach_channels(ctx, sts, inherit=True)
    assert sts[2].channel.name == "CNN" and sts[2].channel.span == sts[0].channel.span


def test_attach_channels_goes_to_the_statement_whose_cue_it_holds():
    text = "Claiming the polls were rigged, Trump told Fox that the ref was gaming the system."
    sts = [make(text, 0, ["the polls were rigged"], ["Claiming"], ["Trump"]),
           make(text, 1, ["the ref was gaming the system"], ["told"], ["Trump"])]
    attach_channels(ArticleContext(text), sts)
    assert sts[0].channel is None and sts[1].channel.name == "Fox"


@pytest.mark.parametrize("recipient,channel", [
    ("the South Wales Echo", "South Wales Echo"),  # an outlet of a regional title
    ("Caerphilly Voice", "Caerphilly Voice"),  # an outlet no list knows: two capitals
    ("Rhodri Morgan", "Rhodri Morgan"),  # a person told
])
def test_the_one_told_never_speaks_for_the_description(recipient, channel):
    """"The council leader told X that …": X is the statement's channel, never the
    person the description stands for (the description looked ahead for a name and
    took the first two capitalised words)."""
    text = f"The council leader told {recipient} that the budget was broken."
    (st,) = extract(text, "t").statements
    assert st.speaker == "The council leader"
    assert st.channel is not None and st.channel.name == channel


@pytest.mark.parametrize("recipient,name", [
    ("the Guardian", "Guardian"),
    ("the South Wales Echo", "South Wales Echo"),
    ("the Echo", "Echo"),
    ("the Bugle", "Bugle"),  # a recipient of kind "other": named alike
    ("Manchester Evening News", "Manchester Evening News"),
])
def test_a_recipient_is_named_without_its_article(recipient, name):
    """"told the Guardian" and "told the South Wales Echo" name their channels alike:
    without "the", whether the lists know the outlet or not."""
    text = f"The council leader told {recipient} that the budget was broken."
    assert [c.name for c in find_channels(text, 0, len(text))] == [name]


# ------------------------------------------------------------------------ hedges


@pytest.mark.parametrize("phrase,typ", [
    ("Newsweek was not able to independently verify Omer’s testimony", "unverified"),
    ("the claims could not be independently confirmed", "unverified"),
    ("an unverified video", "unverified"),
    ("he said, without providing evidence", "unverified"),
    ("the alleged attack", "alleged"),
    ("she claimed that", "alleged"),
    ("he reportedly said", "reportedly"),
    ("according to media reports", "reportedly"),
    ("who asked not to be named", "anonymous"),
    ("spoke on condition of anonymity", "anonymous"),
    ("going by the pseudonym", "anonymous"),
    ("anecdotal evidence", "anecdotal"),
    ("the ministry denied that", "disputed"),
    ("she rejected the claims", "disputed"),
    ("has revealed the extent", "booster"),
    ("the study proved that", "booster"),
])
def test_find_hedges_types(phrase, typ):
    assert typ in [h.type for h in find_hedges(phrase)]


@pytest.mark.parametrize("phrase", [
    "officials could not confirm the report",  # unverified, never a booster
    "the van was supposed to be escorted",  # "supposed to" is a plan, not a hedge
])
def test_find_hedges_no_false_booster_or_alleged(phrase):
    types = [h.type for h in find_hedges(phrase)]
    assert "booster" not in types and "alleged" not in types


@pytest.fixture
def sample(sample_path):
    text = sample_path.read_text(encoding="utf-8")
    sts = sample_statements(text)
    ctx = ArticleContext(text)
    speakers = resolve_speakers(ctx, sts, "t")
    attach_channels(ctx, sts)
    article = attach_hedges(ctx, sts, speakers)
    return text, sts, speakers, article


def test_sample_channels(sample):
    _, sts, _, _ = sample
    by_id = {st.id: st for st in sts}
    assert by_id["t:q1"].channel.name == "Newsweek"  # "told Newsweek that he travelled"
    assert by_id["t:q3"].channel.phrase == "Speaking to Newsweek"
    assert by_id["t:q2"].channel is None and by_id["t:q4"].channel is None


def test_sample_unverified_caveat_covers_every_omer_statement(sample):
    text, sts, _, _ = sample
    omer = [st for st in sts if st.speaker == "Sherko Omer"]
    assert [st.id for st in omer] == ["t:q0", "t:q1", "t:q2", "t:q6", "t:q7", "t:q8"]
    for st in omer:
        caveat = [h for h in st.hedges if h.type == "unverified"]
        assert len(caveat) == 1 and caveat[0].scope == "speaker"
        assert text[slice(*caveat[0].span)] == "was not able to independently verify"
        assert any(h.type == "anonymous" and h.scope == "speaker" for h in st.hedges)  # pseudonym
    others = [st for st in sts if st.speaker != "Sherko Omer"]
    assert not any(h.type == "unverified" for st in others for h in st.hedges)


def test_sample_booster_anecdotal_and_quoted_words(sample):
    text, sts, _, article = sample
    by_id = {st.id: st for st in sts}
    # the lede's "has revealed" is the article's booster; the pseudonym and the caveat
    # come with the speaker (the lede's "former member" is Sherko Omer)
    assert [(h.type, h.cue) for h in by_id["t:q0"].hedges if h.scope != "speaker"] == [
        ("booster", "revealed")]
    assert {h.type for h in by_id["t:q0"].hedges if h.scope == "speaker"} == {
        "anonymous", "unverified"}
    # "proving" is inside Polat Can's own quotation: the speaker's words, not the article's
    assert not any(h.type == "booster" for h in by_id["t:q5"].hedges)
    assert [(a.type, a.cue) for a in article] == [("anecdotal", "anecdotal")]
    assert article[0].article_id == "t" and text[article[0].start:article[0].end] == "anecdotal"


def test_anonymous_source_and_denial():
    text = ("The deal is off, said a source who asked not to be named. The ministry denied "
            "that talks had collapsed.")
    sts = [make(text, 0, ["The deal is off"], ["said"], ["a source who asked not to be named"]),
           make(text, 1, ["talks had collapsed"], ["denied"], ["The ministry"])]
    ctx = ArticleContext(text)
    speakers = resolve_speakers(ctx, sts, "t")
    attach_hedges(ctx, sts, speakers)
    assert [h.type for h in sts[0].hedges] == ["anonymous"]
    assert [(h.type, h.cue) for h in sts[1].hedges] == [("disputed", "denied")]


def test_hedges_on_empty_input():
    assert attach_hedges(ArticleContext(""), [], []) == []
    st = Statement(id="x:q1", article_id="x", kind="direct", content=[[0, 0]])
    assert attach_hedges(ArticleContext("Nothing here."), [st],
                         [Speaker(id="x:s1", article_id="x", name="n")]) == []


# ------------------------------------------------------------------------ gold


def test_gold_file_is_well_formed():
    rows = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line]
    tuned = [r for r in rows if r["use"] == "tune"]
    assert len(tuned) >= 40 and all(r["split"] == "dev" for r in tuned)
    kinds = {"outlet", "platform", "document", "interview", "other"}
    for r in rows:
        ps, pe = r["paragraph"]
        assert "text" not in r  # offsets and labels only: the corpus text stays in ../shared
        for a in r["attributions"]:
            if a["channel"]:
                assert a["channel"]["kind"] in kinds
                assert ps <= a["channel"]["span"][0] < a["channel"]["span"][1] <= pe
            for h in a["hedges"]:
                assert h["type"] in HEDGE_TYPES and ps <= h["span"][0] < h["span"][1] <= pe


def test_gold_scores(shared_data):
    """Regression guard for benchmarks/channels_hedges.py (same scoring)."""
    import importlib.util
    import sys

    path = Path(__file__).resolve().parent.parent / "benchmarks" / "channels_hedges.py"
    spec = importlib.util.spec_from_file_location("bench_channels_hedges", path)
    bench = importlib.util.module_from_spec(spec)
    sys.modules["bench_channels_hedges"] = bench
    spec.loader.exec_module(bench)
    gold = bench.load_gold()
    dev = bench.load_jsonl(shared_data / "polnear" / "polnear_dev.jsonl")
    ours = bench.score_gold([g for g in gold if g["use"] == "tune"], dev, "retold")
    base = bench.score_gold([g for g in gold if g["use"] == "tune"], dev, "baseline")
    assert ours["channel"]["F1"] >= 90 and ours["hedges_micro"]["F1"] >= 90
    assert ours["channel"]["F1"] > base["channel"]["F1"]
    assert ours["hedges_micro"]["F1"] > base["hedges_micro"]["F1"]


def test_many_statements_on_one_line_stay_linear():
    """150 KB on one line, 3,000 statements, a thousand names: no quadratic blow-up
    (a guard with a generous bound; speed itself is measured by the benchmark)."""
    import random
    import time

    rng = random.Random(1)
    parts, sts, pos = [], [], 0
    for n in range(1500):
        k = rng.randrange(1500)
        surname = "Van" + "".join("abcdefghijklmnopqrstuvwxyz"[d] for d in (k // 676, k // 26 % 26, k % 26))
        name = f"{rng.choice(['John', 'Peter', 'Omar', 'Ivan'])} {surname}"
        s = f"“Claim {n},” {name} told Reuters, allegedly. He said it was unverified. "
        q = s.index("”") + 2
        sts.append(Statement(id=f"x:q{n}", article_id="x", kind="direct", content=[[pos, pos + q]],
                             cue=[[pos + s.index("told"), pos + s.index("told") + 4]],
                             source=[[pos + s.index(name), pos + s.index(name) + len(name)]]))
        he = pos + s.index("He said")
        sts.append(Statement(id=f"x:r{n}", article_id="x", kind="indirect",
                             content=[[he + 8, he + 25]], cue=[[he + 3, he + 7]], source=[[he, he + 2]]))
        parts.append(s)
        pos += len(s)
    ctx = ArticleContext("".join(parts))
    t0 = time.process_time()
    speakers = resolve_speakers(ctx, sts, "x")
    attach_channels(ctx, sts)
    attach_hedges(ctx, sts, speakers)
    assert time.process_time() - t0 < 30
    assert sts[0].channel.name == "Reuters" and sts[1].speaker == sts[0].speaker
    assert {h.type for h in sts[0].hedges} == {"alleged"}


def test_hedge_prefilter_never_hides_a_cue(sample_path):
    """find_hedges skips a sentence with none of hedges._TRIGGERS: every match of every
    cue pattern must contain one (guards the word list against edits of CUES)."""
    from retold.statements import hedges

    phrases = ["could not independently verify", "unconfirmed", "without providing evidence",
               "offered no proof", "denied", "disputes", "rejected the claims", "pushed back",
               "called the report false", "reportedly", "was said to", "rumored",
               "asked not to be named", "on condition of anonymity", "going by the pseudonym",
               "people familiar with", "sources close to", "alleged", "purportedly",
               "supposedly", "claimed", "accused", "anecdotal", "revealed", "made clear",
               "acknowledged", "uncovered", "ſhowed"]
    text = sample_path.read_text(encoding="utf-8") + "\n" + ". ".join(phrases)
    for typ, rx in hedges.CUES:
        for m in rx.finditer(text):
            assert hedges._may_hold_hedge(m.group(), 0, len(m.group())), (typ, m.group())
    for p in phrases:
        assert find_hedges(p), p


def test_channel_prefilter_never_hides_a_phrase(sample_path):
    """find_channels runs a pattern only on sentences holding one of its words
    (channels._REQUIRED): every match of every pattern must contain one."""
    from retold.statements import channels

    assert set(channels._REQUIRED) == {label for label, _ in channels.PATTERNS}
    phrases = ["said in a statement to Reuters", "told CNN in an open letter to Congress",
               "in an interview with The Associated Press", "during a Fox News interview",
               "Speaking to Newsweek", "Talked with reporters", "tells the BBC",
               "reminding voters", "by taking to Twitter", "went to Facebook",
               "in a series of tweets", "via a tweet", "an episode of “Meet the Press”",
               "explained to The Guardian", "on his official Truth Social account",
               "retweeted", "said Sunday on ABC’s This Week", "appearing on CNN",
               "according to an interview with Politico", "through a court filing.",
               "at Monday's news conference", "during a campaign stop", "in an interview"]
    text = sample_path.read_text(encoding="utf-8") + "\n" + ". ".join(phrases)
    seen = set()
    for label, rx in channels.PATTERNS:
        for m in rx.finditer(text):
            seen.add(label)
            low = m.group().lower()
            assert any(w in low for w in channels._REQUIRED[label]), (label, m.group())
    assert seen == set(channels._REQUIRED)  # every pattern was exercised
    for p in phrases:
        assert find_channels(p, 0, len(p)), p


def test_article_hedges_survive_an_article_without_statements():
    """An article-wide caveat is kept even when the article quotes nobody."""
    from retold.statements import extract

    ex = extract("Anecdotal evidence of the flooding has been mounting over the past month. "
                 "Roads were closed in three districts.", "a1")
    assert ex.statements == []
    assert [(h.article_id, h.type) for h in ex.article_hedges] == [("a1", "anecdotal")]


def test_hedge_pattern_prefilter_finds_what_every_pattern_finds(monkeypatch):
    """Each cue pattern runs only on sentences holding one of its words; with that
    pre-filter off (every pattern on every sentence) the cues found are the same."""
    from retold.statements import hedges

    text = ("Police could not independently verify the account. The claims were unconfirmed. "
            "He spoke without providing any evidence and did not offer proof. "
            "The minister denied it and took issue with the report. "
            "The singer is said to be ill, according to media reports. "
            "An official, who spoke on condition of anonymity, was not authorized to speak. "
            "She allegedly accused him. Evidence was anecdotal. "
            "The data shows a rise and the study revealed gaps, he admitted. "
            "KELVIN \u212a was ALLEGED. Nothing here at all.")
    sentences = [(m.start(), m.end()) for m in __import__("re").finditer(r"[^.]+\.", text)]
    with_filter = [hedges.find_hedges(text, s, e) for s, e in sentences]
    monkeypatch.setattr(hedges, "_PATTERN_TRIGGERS", tuple(("",) for _ in hedges.CUES))
    without = [hedges.find_hedges(text, s, e) for s, e in sentences]
    assert with_filter == without
    types = {h.type for found in with_filter for h in found}
    assert types == {"unverified", "disputed", "reportedly", "anonymous", "alleged",
                     "anecdotal", "booster"}
    assert with_filter[-1] == []
