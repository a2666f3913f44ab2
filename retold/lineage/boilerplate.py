"""Boilerplate: units a site prints on every page ("Copyright Agence Globale.").

Why it matters: a footer shared by every page of one outlet would otherwise look like a
passage copied between unrelated stories, and in a story it would look like content
added at each hop. A unit is boilerplate when it recurs in several articles that all come
from one outlet (:func:`same_outlet`), or in articles of different stories
(:func:`across_stories`): a story's own sentences recur only within that story.
"""
from __future__ import annotations

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
