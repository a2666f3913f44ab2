"""The reporting vocabulary: which words can introduce what someone said or thought.

Why a closed list: attribution in news hangs on a few hundred verbs (said, told,
added, argued, according to…), and knowing them lets retold parse only the sentences
that contain one (plus quotations) instead of the whole article, which is where the
speed over a parse-everything extractor comes from. The lemmas were chosen from the
reporting verbs of PolNeAR's *train* split and general usage; the surface forms used to
pre-filter sentences are generated from the lemmas, so no parse is needed to decide
which sentences to parse.
"""
from __future__ import annotations

import re
from collections.abc import Callable

from retold.caveats import VERIFICATION_CAVEATS
from retold.outlets import looks_like_outlet

SPEECH = """say tell add explain claim deny warn argue note report announce suggest write
tweet describe continue acknowledge declare state insist reply respond ask answer admit
confirm reveal predict promise pledge vow urge recall conclude testify complain accuse
criticize criticise praise agree disagree concede boast brag joke quip shout yell scream
whisper mutter muse wonder speculate posit propose recommend advise caution signal hint
disclose inform notify assure reassure threaten forecast estimate post blog publish
call dub label brand characterize portray tout hail blast slam condemn decry lament
regret apologize apologise recognize confess retort counter rebut refute dispute reject
dismiss question challenge reiterate repeat echo reaffirm stress underline underscore
highlight emphasize emphasise assert maintain contend allege charge observe remark
comment mention point indicate imply demand order vow boast brief counsel testify
acknowledge attest certify concur affirm proclaim pronounce swear guarantee predict
cite quote giggle laugh chuckle sigh exclaim murmur grumble snap sneer""".split()

COGNITION = """believe think know fear hope expect feel worry doubt suspect assume
understand realize realise learn hear see find show demonstrate prove suggest indicate
estimate calculate figure reckon guess imagine consider want wish seem appear""".split()

CUE_LEMMAS = frozenset(SPEECH) | frozenset(COGNITION) | frozenset(
    "talk speak push vote endorse thank blame mock unveil support oppose back seek offer "
    "plan discuss release list attack".split())
"""Verb lemmas that can head an attribution when they govern a clause."""

THOUGHT_ONLY = frozenset(COGNITION) - frozenset(SPEECH)
"""Lemmas reporting a belief or perception rather than speech ("believes that…")."""

QUOTE_CUES = frozenset(SPEECH)
"""Lemmas that can introduce a direct quotation next to them ("…," she joked)."""

XCOMP_CUES = frozenset(
    """promise pledge vow threaten urge ask call demand order warn vow refuse decline tell
    plan want hope expect appear seem""".split()
)
"""Lemmas whose infinitive complement is reported content ("vowed to repeal it")."""

NP_CUES = frozenset(
    """announce praise criticize criticise endorse dismiss tweet accuse thank blast slam
    condemn reject deny defend applaud welcome repeat mention cite describe propose
    recommend demand promise pledge predict question challenge dispute reveal disclose
    confirm acknowledge admit express unveil blame hail tout mock decry lament echo
    reiterate highlight emphasize emphasise stress signal urge call support oppose back
    want seek offer plan discuss release list attack""".split()
)
"""Lemmas whose direct object is reported content ("praised the plan", "denied the
report"); PolNeAR annotates these as attributions."""

PREP_CUES = {
    "call": ("for",), "warn": ("of", "about", "against"), "complain": ("about", "of"),
    "point": ("to",), "talk": ("about",), "speak": ("about", "of", "on"),
    "argue": ("for", "against"), "push": ("for",), "vote": ("for", "against"),
    "accuse": ("of",), "criticize": ("for",), "criticise": ("for",), "thank": ("for",),
    "blame": ("for",), "insist": ("on",), "testify": ("about", "on"), "comment": ("on",),
    "write": ("about",), "boast": ("about", "of"), "brag": ("about",), "joke": ("about",),
}
"""Lemma -> prepositions whose object is the content ("called for a ban")."""

PARTICIPLE_CUES = frozenset("say add note explain tell warn argue claim insist write".split())
"""-ing forms that carry on the subject's voice: "…, saying that…", "adding: …"."""

_IRREGULAR = {
    "say": ["said", "says", "saying"],
    "seek": ["sought", "seeks", "seeking"],
    "tell": ["told", "tells", "telling"],
    "write": ["wrote", "written", "writes", "writing"],
    "think": ["thought", "thinks", "thinking"],
    "know": ["knew", "known", "knows", "knowing"],
    "see": ["saw", "seen", "sees", "seeing"],
    "hear": ["heard", "hears", "hearing"],
    "find": ["found", "finds", "finding"],
    "feel": ["felt", "feels", "feeling"],
    "swear": ["swore", "sworn", "swears", "swearing"],
    "learn": ["learnt", "learned", "learns", "learning"],
    "show": ["showed", "shown", "shows", "showing"],
    "prove": ["proved", "proven", "proves", "proving"],
    "understand": ["understood", "understands", "understanding"],
}


_STRESSED_LAST = frozenset("""admit aver commit concur confer infer occur omit permit prefer
    rebut refer regret submit transmit""".split())
"""Longer verbs stressed on the last syllable, which double their final consonant
("admitted", "regretted", "averred"); shorter ones are caught by their shape."""


def _forms(lemma: str) -> set[str]:
    """Regular inflections of an English verb (good enough for a pre-filter)."""
    forms = {lemma}
    if lemma in _IRREGULAR:
        forms.update(_IRREGULAR[lemma])
    if lemma.endswith("e"):
        forms.update({lemma + "s", lemma + "d", lemma[:-1] + "ing"})
    elif lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
        forms.update({lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing"})
    elif re.search(r"(s|sh|ch|x|z)$", lemma):
        forms.update({lemma + "es", lemma + "ed", lemma + "ing"})
    else:
        forms.update({lemma + "s", lemma + "ed", lemma + "ing"})
        if (re.search(r"(?:[^aeiou]|qu)[aeiou][bdgmnpt]$", lemma) and len(lemma) <= 4
                or lemma in _STRESSED_LAST):
            double = lemma + lemma[-1]  # quip -> quipped, admit -> admitted
            forms.update({double + "ed", double + "ing"})
    return forms


FORM_LEMMA: dict[str, str] = {}
for _lemma in sorted(CUE_LEMMAS):
    for _form in _forms(_lemma):
        FORM_LEMMA.setdefault(_form, _lemma)
NOUN_LIKE = frozenset(
    """state states vote votes point points post posts order orders report figure figures
    charge charges comment question questions answer answers brief counsel signal signals
    estimate estimates forecast forecasts label labels brand brands echo demand demands
    call calls hope hopes fear fears find finds guarantee quote quotes back backs offer
    offers plan plans release releases list lists attack attacks""".split())
"""Base and plural forms that are mostly nouns ("the United States", "a point"); left
out of the pre-filter, their -ed/-ing forms stay ("stated", "pointing out")."""
for _form in NOUN_LIKE:
    FORM_LEMMA.pop(_form, None)
CUE_FORMS = frozenset(FORM_LEMMA)


def lemma_of(word: str) -> str | None:
    """The cue lemma of an inflected word ("told" -> "tell"), None if not a cue.

    A lookup instead of spaCy's tagger + lemmatizer, which cost about as much as the
    parse itself and are not otherwise needed."""
    return FORM_LEMMA.get(word.lower())
QUOTE_CUE_FORMS = frozenset(f for lemma in QUOTE_CUES for f in _forms(lemma))

_WORD = re.compile(r"[A-Za-z]+")
_ACCORDING = re.compile(r"\baccording to\b", re.IGNORECASE)


_FORMS_ANY_CASE = frozenset(v for f in FORM_LEMMA for v in (f, f.capitalize(), f.upper()))
"""Cue forms as written in lower case, capitalised or in capitals ("said", "Said",
"SAID"): one set test per word, no ``str.lower`` call (this runs on every sentence)."""


def has_cue(text: str) -> bool:
    """Could this text hold an attribution cue? (a cheap pre-filter, no parse)."""
    if not _FORMS_ANY_CASE.isdisjoint(_WORD.findall(text)):
        return True
    return bool(_ACCORDING.search(text))


_NOUN_MARKERS = frozenset("the a an his their its our my your no every".split())
"""Words after which a cue form is a noun ("the report", "his claim", "a tweet"):
determiners and possessive pronouns that cannot be a subject. Not "this", "these",
"that", "those", "some", "each", "another": they also stand as subjects ("Some say…",
"Yet another said…"); not "her", also an object before a verb ("made her say")."""
_PREPOSITIONS = frozenset(
    """of in for by with without from about at into upon under against among between
    during despite amid""".split())
"""After one of these only a gerund can be a verb ("by saying that…"); any other cue
form is a noun or an adjective ("in support of", "of reported cases"). Not "to", the
infinitive marker ("to say"), nor words that are also adverbs before a verb ("early on
said", "a voice over says", "as never before seen")."""
_CONTRACTED = frozenset("he she it that what who there here let where how".split())
_WORD_CHARS = frozenset("’'.-_")


def is_noun_use(text: str, start: int, end: int, lo: int = 0) -> bool:
    """Is the cue form ``text[start:end]`` a noun by its left neighbour: "the report",
    "his claim", "Trump’s remarks" (a possessive, not "he’s"), "in support of" (a
    preposition)? -ing forms never are ("his calling for a halt" can be reported stance,
    "by saying that…" is). ``lo``: do not look before it.

    No parse: this decides which sentences are worth parsing. The parser reads these
    forms as nouns too: on 400 PolNeAR train documents 22 of 484 became a cue in the
    parse, nearly all misreadings ("Editor’s note: …" 14 times, "Trump’s reported net
    worth", "Clark’s comments further …")."""
    if text[end - 3:end].lower() == "ing":
        return False
    j = start
    while j > lo and text[j - 1] in " \t":
        j -= 1
    if j == start:
        return False  # not after a word: sentence start, punctuation, a quote mark
    k = j
    while k > lo and (text[k - 1].isalnum() or text[k - 1] in _WORD_CHARS):
        k -= 1
    word = text[k:j].lower()
    if word in _NOUN_MARKERS or word in _PREPOSITIONS:
        return True
    if word.endswith(("’s", "'s")):
        return word[:-2] not in _CONTRACTED
    return False


def live_cues(text: str, start: int, end: int,
              quoted: Callable[[int], bool]) -> tuple[list[tuple[int, int]], bool]:
    """(cue forms of ``text[start:end]`` that can head an attribution, whether "according
    to" stands there): outside quotation marks (a cue inside a quote is the quoted
    speaker's own reporting, which attribution leaves alone) and not a noun by position.
    A sentence with neither cannot hold an attribution, so it is not parsed."""
    live = [(a, b) for a, b in cue_words(text, start, end)
            if not quoted(a) and not is_noun_use(text, a, b, start)
            and not withheld(text, a, b)]
    according = any(not quoted(m.start()) for m in _ACCORDING.finditer(text, start, end))
    return live, according


def cue_words(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Spans of cue word forms in ``text[start:end]`` (a set lookup per word: one regex
    alternation of a thousand forms is many times slower)."""
    end = len(text) if end is None else end
    forms = _FORMS_ANY_CASE
    return [m.span() for m in _WORD.finditer(text, start, end) if m.group() in forms]


_REFUSED_BEFORE = re.compile(
    r"(?P<refused>\b(?:declin(?:e|es|ed|ing)|refus(?:e|es|ed|ing)|"
    r"(?:has|have|had|is|are|was|were)\s+yet)\s+to\s+$)"
    r"|\b(?:did|does|do|would|will)\s*n(?:o|’|')t\s+$", re.I)
_WH_AFTER = re.compile(r"\s+(?:whether|when|how|why|what|which|who|if|where)\b", re.I)
_UNNAMED_AFTER = re.compile(r"\s+not\s+to\s+be\s+(?:named|identified|quoted)\b", re.I)


_WITHHELD_FORMS = frozenset(f for lemma in ("say", "comment", "elaborate", "specify", "tell")
                            for f in _forms(lemma))


def withheld(text: str, start: int, end: int) -> bool:
    """Is the cue word at ``text[start:end]`` speech *withheld*, not reported? "declined
    to say which one they supported", "has yet to say whether", "did not say when",
    "asked not to be named": nobody said anything the article reports (real pages gave
    each a statement, "asked" one by whoever was named next)."""
    before = text[max(0, start - 24):start]
    after = text[end:end + 24]
    if _UNNAMED_AFTER.match(after) or outlet_could_not_verify(text, start, end):
        return True
    m = _REFUSED_BEFORE.search(before)
    if not m or text[start:end].lower() not in _WITHHELD_FORMS:
        return False  # "refused to endorse Trump" is a stance all the same
    # "declined to say …" withholds whatever follows; "did not say" only a question
    return bool(m.group("refused")) or bool(_WH_AFTER.match(after))


_CANNOT_VERIFY = re.compile(VERIFICATION_CAVEATS[0] + r"$", re.I)
_SUBJECT_END = re.compile(r"((?:The\s+)?[A-Z][\w.&’'\-]*(?:\s+[A-Z][\w.&’'\-]*){0,3})\s+$")


def outlet_could_not_verify(text: str, start: int, end: int) -> bool:
    """Is the cue word at ``text[start:end]`` the verb of a news outlet's verification
    caveat ("Newsweek could not independently confirm his claims", "The Ledger has not
    been able to confirm the report")? That is the outlet saying what it could not
    check, a hedge on the statement before it (:mod:`retold.caveats`), not a statement
    of its own: the cue "confirm" made one, credited to Newsweek, and in the second case
    to the speaker before, whose statement then lost its caveat. Only an outlet's:
    "Police could not confirm the identity of the victims" reports what the police said."""
    window = text[max(0, start - 80):end]
    m = _CANNOT_VERIFY.search(window)
    if not m:
        return False
    subject = _SUBJECT_END.search(window, 0, m.start())
    return bool(subject) and looks_like_outlet(subject.group(1))


_AUXILIARY_END = re.compile(r"\b(?:is|are|was|were|be|been|being|am|get|got)\s*$", re.I)
_BY_START = re.compile(r"\s*by\b")


def participle_by(before: str, verb: str, after: str) -> bool:
    """Is a reporting verb a participle modifying a noun ("a sentence added by the blog")
    rather than someone's act of saying? Its "-ed" form runs on into "by", with no
    auxiliary before it ("he was told by his lawyer that…" still reports). One rule for
    the statements stage and for the units lineage compares."""
    return verb.endswith("ed") and bool(_BY_START.match(after)) and \
        not _AUXILIARY_END.search(before)
