"""Boilerplate: units a site prints on every page ("Copyright Agence Globale.").

Why it matters: a footer shared by every page of one outlet would otherwise look like a
passage copied between unrelated stories, and in a story it would look like content
added at each hop. A unit is boilerplate when it recurs in several articles that all come
from one outlet (:func:`same_outlet`), or in articles of different stories
(:func:`across_stories`): a story's own sentences recur only within that story, so a
sentence two pages of one outlet share inside one story is that story's text after all
when the outlet's pages of other stories lack it (:func:`story_text`). When
pages come without their outlet, :func:`without_company` finds the site's lines before
any story exists: they recur on pages that share nothing else.
"""
from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Mapping, Sequence

from retold.mutations.units import Unit

MIN_LEN = 8  # shorter units ("0", "REUTER") are too common to judge, and too short to matter


def same_outlet(units: Mapping[str, Sequence[Unit]], outlet: Mapping[str, str | None],
                min_articles: int = 2) -> set[str]:
    seen: dict[str, set[str]] = defaultdict(set)
    outlets: dict[str, set[str | None]] = defaultdict(set)
    for aid, us in units.items():
        for u in us:
            if len(u.norm) >= MIN_LEN and not u.caveat:
                seen[u.norm].add(aid)
                outlets[u.norm].add(outlet.get(aid))
    return {n for n, arts in seen.items() if len(arts) >= min_articles
            and len(outlets[n]) == 1 and None not in outlets[n]}


def story_text(lines: set[str], units: Mapping[str, Sequence[Unit]],
               story_of: Mapping[str, str], outlet: Mapping[str, str | None]) -> set[str]:
    """Those of ``lines`` (found by :func:`same_outlet`) that are a story's own text after
    all: every page carrying one is in one story, and its outlet has pages in other
    stories that lack it. A site prints its chrome on pages of every story; two of its
    pages sharing a sentence inside one story is a copy of a copy come back to the same
    outlet (Reuters' page, a copy of it, and Reuters' page of that copy), whose shared
    words are the evidence of the line, not chrome. An outlet with pages in one story
    only cannot tell the two apart, and its lines stay boilerplate."""
    carriers: dict[str, set[str]] = defaultdict(set)
    for aid, us in units.items():
        for u in us:
            if u.norm in lines:
                carriers[u.norm].add(aid)
    stories_of_outlet: dict[str | None, set[str]] = defaultdict(set)
    for aid, sid in story_of.items():
        stories_of_outlet[outlet.get(aid)].add(sid)
    out = set()
    for n, arts in carriers.items():
        sids = {story_of.get(a) for a in arts}
        site = outlet.get(next(iter(arts)))
        if len(sids) == 1 and None not in sids and len(stories_of_outlet[site]) > 1:
            out.add(n)
    return out


def of_story(units: Mapping[str, Sequence[Unit]], outlet: Mapping[str, str | None],
             members: set[str] | frozenset[str]) -> set[str]:
    """The site lines of one story traced on its own (the store's and Spark's way): its
    ``members``' units beside a sample of their outlets' pages from other stories, the
    lines of :func:`same_outlet` less those that are the story's own text
    (:func:`story_text`, the sampled pages counting as one other story)."""
    lines = same_outlet(units, outlet)
    return lines - story_text(lines, units, {a: "story" if a in members else "other"
                                             for a in units}, outlet)


def across_stories(units: Mapping[str, Sequence[Unit]], story_of: Mapping[str, str],
                   min_stories: int = 3) -> set[str]:
    stories: dict[str, set[str]] = defaultdict(set)
    for aid, us in units.items():
        sid = story_of.get(aid)
        if sid is None:
            continue
        for u in us:
            if len(u.norm) >= MIN_LEN and not u.caveat:
                stories[u.norm].add(sid)
    return {n for n, s in stories.items() if len(s) >= min_stories}


def without_company(units: Mapping[str, Sequence[Unit]], min_articles: int = 3,
                    max_company: float = 0.5, max_lines: int = 4, edge: int = 2,
                    on_edge: float = 0.8) -> set[str]:
    """A site's header and footer found without knowing the site: at most ``max_lines``
    lines always seen together, on at least ``min_articles`` pages, at the edge of the
    page (among its first or last ``edge`` units on ``on_edge`` of them), on pages most of
    which share nothing else with one another. Chrome sits at the top and bottom of pages
    of unrelated stories ("Home > News > The Daily Ledger", "Follow the Daily Ledger on
    Twitter"); a story's lede also opens its copies, but the copies share the rest of the
    story, and lines that are most of their pages are a copied text. Without it,
    outlet-less input glued most of a simulated corpus into one story through shared
    footers."""
    build: dict[str, set[str]] = defaultdict(set)
    position: dict[tuple[str, str], bool] = {}
    size = {aid: sum(len(u.norm) for u in us) for aid, us in units.items()}
    for aid, us in units.items():
        for k, u in enumerate(us):
            if len(u.norm) >= MIN_LEN and not u.caveat:
                build[u.norm].add(aid)
                position[(aid, u.norm)] = k < edge or k >= len(us) - edge
    posting = {n: frozenset(a) for n, a in build.items()}
    together: dict[frozenset[str], list[str]] = defaultdict(list)
    for n, arts in posting.items():
        if len(arts) >= min_articles:
            together[arts].append(n)
    out = set()
    for arts, lines in together.items():
        if len(lines) > max_lines:
            continue
        edge_pages = sum(all(position[(a, n)] for n in lines) for a in arts)
        if edge_pages < on_edge * len(arts):
            continue
        chrome = sum(len(n) for n in lines)
        if sum(2 * chrome > size[a] for a in arts) > len(arts) / 2:
            continue  # most of these pages would be left empty: a copied text, not chrome
        inside = 0  # pages sharing other text with another page of the set
        for a in arts:
            inside += any(posting[u.norm] != arts and len(posting[u.norm] & arts) >= 2
                          for u in units[a] if u.norm in posting)
        if inside <= max_company * len(arts):
            out.update(lines)
    return out


def site_from_chrome(units: Mapping[str, Sequence[Unit]], chrome: set[str],
                     names: Mapping[str, str]) -> dict[str, str]:
    """The site of each page that carries chrome lines: an outlet of ``names`` (channel
    key -> name, the outlets the corpus credits) its chrome names ("Copyright
    Newsweek."), else an anonymous site, one per set of chrome lines ("site 3f2a…"): not
    a credited outlet, so not the credited source's own page. Pages without chrome get
    nothing (they may be anybody's)."""
    pattern = {key: re.compile(r"\b" + re.escape(name.casefold()) + r"\b")
               for key, name in names.items() if len(name) >= 3}
    out: dict[str, str] = {}
    for aid, us in units.items():
        lines = sorted({u.norm for u in us if u.norm in chrome})
        if not lines:
            continue
        text = " ".join(lines)
        named = [names[k] for k, p in pattern.items() if p.search(text)]
        out[aid] = (max(named, key=len) if named else
                    "site " + hashlib.sha1("\n".join(lines).encode()).hexdigest()[:8])
    return out
