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
           "update"]


def update(store, new_ids, progress=None, summary=None) -> list[str]:
    """Link newly ingested articles against the store; return the story ids touched."""
    from retold.reuse.incremental import update as _update

    return _update(store, new_ids, progress=progress, summary=summary)
