"""The cached text look-ups of ``mentions`` give what the uncached code gives."""
from __future__ import annotations

from retold.statements import mentions
from retold.statements.names import NameRun, name_runs

ARTICLE = (
    "Harbour Authority spokesman Dan Reyes said the ferry was late. "
    "Officials said the pier was closed.\n\n"
    "Reyes, who has run the port since 2010, told reporters that repairs would take weeks. "
    "Marina manager Ana Coelho disagreed. Coelho said the pier opens Friday. "
    "Dan said nothing more."
)


def test_premodifier_role_same_with_and_without_cache():
    mentions._premodifier_before.cache_clear()
    runs = name_runs(ARTICLE)
    cached = [mentions.premodifier_role(ARTICLE, r.start, r) for r in runs]
    again = [mentions.premodifier_role(ARTICLE, r.start, r) for r in runs]
    uncached = [mentions._premodifier_before.__wrapped__(ARTICLE, r.start) for r in runs]
    assert cached == again == uncached
    assert "Harbour Authority spokesman" in cached  # a real role read off the text
    assert cached[0] == ""  # "Harbour Authority" has nothing before it


def test_occurs_as_word_same_with_and_without_cache_and_as_the_word_pattern():
    import re

    def by_pattern(text, word):  # the whole-word pattern it replaces
        return re.search(rf"(?<![\w'’]){re.escape(word)}(?![\w])", text) is not None

    mentions.occurs_as_word.cache_clear()
    texts = (ARTICLE, "it’s Dan’s", "x_dan dan_", "", "ö dan1 dan")
    for text in texts:
        for word in ("officials", "dan", "reyes", "pier", "harbour", "fri", "s", "", "dan1"):
            assert mentions.occurs_as_word(text, word) == by_pattern(text, word) \
                == mentions.occurs_as_word.__wrapped__(text, word), (text, word)
    assert mentions.occurs_as_word(ARTICLE, "pier")
    assert not mentions.occurs_as_word(ARTICLE, "fri")  # only inside "Friday"
    assert not mentions.occurs_as_word(ARTICLE, "officials")  # only as "Officials"
    assert not mentions.occurs_as_word("it’s Dan’s", "s")  # after an apostrophe


def test_name_candidate_uses_lowercase_occurrence():
    text = "Officials said the pier was closed. Later, officials said it opened."
    run = NameRun(0, 9, ("Officials",), (), False)
    assert not mentions.is_name_candidate(text, run)
    text2 = "Reyes said the pier was closed."
    assert mentions.is_name_candidate(text2, NameRun(0, 5, ("Reyes",), (), False))


def test_one_word_name_runs_take_the_general_path_s_answer():
    # the one-word shortcut of name_runs must make what the general path makes of the
    # same match: possessives cut, function words dropped, plain words kept
    from retold.statements import names

    text = ("Omer's brother met O'Neil. The mayor’s aide, Obama’s, Mr. Smith's and "
            "Mr said NASA's plan. U.S.'s J. L' D'S It is Paris’ turn; He went. "
            "McDonald's, Trump’s and Bo Horvat's.")
    singles = [m for m in names.RUN.finditer(text) if " " not in m.group()]
    assert len(singles) >= 10
    dropped = 0
    for m in singles:
        general: list = []
        names._add_runs(text, m, general)
        shortcut = names._one_word_run(m.group(), m.start())
        assert general == ([] if shortcut is None else [shortcut]), m.group()
        dropped += shortcut is None
    assert dropped >= 2  # "The", "He" are dropped, not kept as names
    runs = {r.text: r.possessive for r in name_runs(text)}
    assert runs["Omer"] is True and runs["Obama"] is True and runs["O'Neil"] is False
    assert "The" not in runs and "He" not in runs
