"""Reuse: which articles took what from which (candidates, alignment, quotes, citations).

Pure functions over records (the CLI, the web app and Spark call these) plus one
store-facing :func:`update`. See ``docs/reuse.md`` for formats and vocabulary.
"""
from __future__ import annotations

from retold.reuse.align import Alignment, align
from retold.reuse.citations import find_citations
from retold.reuse.linker import Config, LinkResult, as_article, candidates, link, link_detailed
from retold.reuse.quotes import group_variants, match_quotes

__all__ = ["Alignment", "Config", "LinkResult", "align", "as_article", "candidates",
           "find_citations", "group_variants", "link", "link_detailed", "match_quotes",
           "stored_link_kinds", "update"]


def update(store, new_ids, progress=None, summary=None) -> list[str]:
    """Link newly ingested articles against the store; return the story ids touched."""
    from retold.reuse.incremental import update as _update

    return _update(store, new_ids, progress=progress, summary=summary)


def stored_link_kinds(store, ids, within: bool = False) -> list:
    """Stored reuse links from ``ids`` (``within``: between two of ``ids``), in store
    order, with their kind and score only (``ReuseLink`` with no spans or evidence).

    Why: the later stages and the interfaces show a hop's reuse kind and score, never the
    spans, and a story syndicated 1,000 times has 441k links: decoding them all cost the
    lineage stage 43 s, its web page a minute and its PROV export 66 s and 3.9 GB. The
    ids are matched by semi-join (``Store.query_in``'s reason)."""
    from retold.records import ReuseLink

    ids = list(dict.fromkeys(ids))
    if not ids:
        return []
    both = ' AND b IN (SELECT unnest(?))' if within else ''
    rows = store.execute(f'SELECT a, b, kind, score FROM "{ReuseLink.TABLE}" '
                         f'WHERE a IN (SELECT unnest(?)){both} ORDER BY rowid',
                         [ids, ids] if within else [ids]).fetchall()
    return [ReuseLink(a=a, b=b, kind=kind, score=score) for a, b, kind, score in rows]
