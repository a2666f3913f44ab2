"""News outlets by name: the one vocabulary that tells "told Newsweek" from "told Omer".

Why one module: ingest names a page's outlet, statements types a channel, reuse finds
citations and lineage reads the credits a story's copies give. Each kept its own list and
they drifted apart: lineage did not know Haaretz, Le Monde or El País, so on a real page
"…," he told Haaretz credited nobody and the story's outside origin went unnamed, while
the citations finder knew them. Every stage now asks this module.

* :data:`NAMES`: outlets known by name, as :func:`name_key` keys. A name is matched whole
  ("Le Monde"), never as a word inside another name ("Vice" is an outlet, "Vice
  President Harris" is not).
* :data:`WORDS`: capitalised words that make an unknown name an outlet ("The Daily
  Ledger", "Gulf Times", "Reuters Breakingviews"); besides generic ones ("Times",
  "News") they hold the agencies and networks whose name is distinctive enough to mark
  a longer name ("Fox Business", "Thomson Reuters").
* :data:`DESCRIPTOR`: the nouns that say the next name is an outlet whatever it is ("the
  news agency Bernama", "the Israeli daily Haaretz", "broadcaster NHK").

Extend the lists freely; :func:`looks_like_outlet` is the test.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection

__all__ = ["NAMES", "WORDS", "DESCRIPTOR", "name_key", "is_known", "looks_like_outlet",
           "shown_outlet", "page_name", "page_names"]


def name_key(name: str | None) -> str:
    """Comparable form of an outlet name: casefolded, a leading "the" and a web suffix
    dropped, letters and digits only ("The Guardian" -> "guardian", "newsweek.com" ->
    "newsweek", "El País" -> "elpaís")."""
    if not name:
        return ""
    n = name.casefold().strip()
    n = re.sub(r"^the\s+", "", n)
    n = re.sub(r"\.(?:com|net|org|co\.uk|co|uk|ae|eu|fr|de)$", "", n)
    return re.sub(r"[\W_]+", "", n)


_NAMES_TEXT = """
newsweek; reuters; associated press; ap; afp; agence france presse; agence france-presse;
bloomberg; cnn; bbc; bbc news; nbc; nbc news; abc; abc news; cbs; cbs news; fox news; msnbc;
npr; pbs; c-span; new york times; washington post; guardian; telegraph; daily mail;
independent; wall street journal; financial times; times; usa today; los angeles times;
al jazeera; al arabiya; rt; sputnik; tass; xinhua; dpa; efe; ansa; anadolu; anadolu agency;
haaretz; times of israel; jerusalem post; ynet; yedioth ahronoth; maariv; i24news;
politico; axios; huffpost; huffington post; buzzfeed; buzzfeed news; vice; vice news; vox;
slate; salon; time; atlantic; economist; forbes; fortune; wired; business insider;
sky news; itv news; channel 4 news; le monde; le figaro; liberation; der spiegel; spiegel;
die zeit; die welt; bild; frankfurter allgemeine; süddeutsche zeitung; el país; el pais;
el mundo; la repubblica; corriere della sera; la stampa; rudaw; kurdistan24; yonhap;
kyodo; jiji; nhk; asahi; asahi shimbun; yomiuri; mainichi; nikkei; interfax; ria novosti;
kommersant; izvestia; vedomosti; meduza; south china morning post; scmp; caixin; cctv;
cgtn; global times; china daily; people's daily; straits times; rappler; dawn; the hindu;
ndtv; pti; ians; ani; bernama; antara; kompas; abc australia; sbs; cbc; ctv;
globe and mail; clarín; clarin; folha de s.paulo; o globo; el universal; milenio; semana;
el tiempo; kathimerini; hürriyet; hurriyet; sabah; milliyet; cumhuriyet; trt; euronews;
france 24; rfi; deutsche welle; dw; voice of america; voa; radio free europe; rfe/rl;
tasnim; fars; mehr; irna; isna; press tv; sana; wafa; al-monitor; asharq al-awsat;
al-ahram; arab news; gulf news; khaleej times; the national; al mayadeen; al manar;
daily beast; the intercept; propublica; mother jones; new yorker; spectator;
new statesman; semafor; mediapart; breitbart; newsmax; cnbc; espn; univision; telemundo;
upi; fox; kcna; the hill; the sun; mirror; daily telegraph; financial tribune; daily sabah; hürriyet daily news
"""
NAMES: frozenset[str] = frozenset(name_key(n) for n in _NAMES_TEXT.split(";") if n.strip())
"""Outlets known by name (keys of :func:`name_key`), matched whole."""

WORDS = re.compile(
    r"\b(?:Times|News|Post|Press|Journal|Tribune|Herald|Wire|Newswire|Agency|Daily|Weekly|"
    r"Monitor|Bulletin|Chronicle|Report|Observer|Courier|Guardian|Telegraph|Express|"
    r"Gazette|Standard|Radio|TV|Television|Magazine|Online|Investor|Desk|Globale?|Today|"
    r"Sun|Star|Mail|Independent|Economist|Ledger|Review|Insider|Channel|Network|Echo|"
    r"Broadcasting|Media|Reuters|Bloomberg|BBC|CNN|Newsweek|Jazeera|AP|AFP|Fox|NBC|ABC|"
    r"CBS|NPR|Politico|Axios|Xinhua|Tass|Interfax|Anadolu|Sputnik|RT|Kyodo|Yonhap|EFE|"
    r"ANSA|DPA)\b")
"""Capitalised words that make an unknown name an outlet."""

DESCRIPTOR = (r"(?:(?:state|local|regional|national|pan-Arab|[A-Z][\w-]*(?:-(?:owned|based"
              r"|language))?) )?(?:news agency|news site|news website|newspaper|daily|"
              r"weekly|broadcaster|television channel|TV channel|news channel|radio station|"
              r"television|radio|agency|website|magazine|tabloid)")
"""A regular expression for the descriptor before an outlet's name ("the Israeli daily"
is ``the `` plus this); a caller puts the name's pattern after it. The nouns are lower
case, as running text writes them: "the Daily Planet" is a name, not a daily called
Planet."""


def is_known(name: str | None) -> bool:
    """Is ``name`` an outlet of :data:`NAMES`, whole?"""
    return name_key(name) in NAMES


def looks_like_outlet(name: str | None, known: Collection[str] = ()) -> bool:
    """Is ``name`` (a capitalised name read after "told", "according to", …) an outlet? A
    known one (:data:`NAMES`), one with an outlet word (:data:`WORDS`), or one whose
    :func:`name_key` is in ``known`` (the corpus's own outlets, keyed alike)."""
    if not name:
        return False
    key = name_key(name)
    return key in NAMES or bool(WORDS.search(name)) or (bool(key) and key in known)


def shown_outlet(a) -> str:
    """The outlet an article (:class:`~retold.records.Article`) is shown under: its name,
    else its domain, else "unknown outlet"."""
    return a.outlet_name or a.outlet or "unknown outlet"


def page_name(a, among=()) -> str:
    """How to name article ``a`` (an :class:`~retold.records.Article`) beside the other
    pages ``among`` (its story's): its outlet's name, and, when another of those pages
    has the same outlet, its publication time to the minute ("Reuters 1987-03-11 12:59"),
    or the start of its id when that does not tell them apart either. Why: in a one-outlet
    corpus (a wire's archive) "or Reuters 0.41" named every candidate alike."""
    return page_names([a, *(b for b in among if b.id != a.id)])[a.id]


def page_names(pages) -> dict[str, str]:
    """Every page of one story (articles) by id, named as :func:`page_name` names it
    beside the others: the outlet alone where the story has one page of it, else with
    the minute of publication, else with the start of the id. Why a story-level helper:
    the graph, the timeline, the edge page and the exports name every page of a story,
    and asking :func:`page_name` page by page re-reads the whole story for each."""
    by_outlet: dict[str, dict] = {}
    for a in pages:
        by_outlet.setdefault(shown_outlet(a), {})[a.id] = a
    names = {}
    for outlet, same in by_outlet.items():
        if len(same) == 1:
            names.update(dict.fromkeys(same, outlet))
            continue
        minutes = Counter(_minute(a) for a in same.values())
        for a in same.values():
            told_apart = _minute(a) and minutes[_minute(a)] == 1
            names[a.id] = f"{outlet} {_minute(a) if told_apart else a.id[:10]}"
    return names


def _minute(a) -> str:
    """An article's publication time to the minute, as a page name shows it, "" if
    undated."""
    return (a.published or "")[:16].replace("T", " ")
