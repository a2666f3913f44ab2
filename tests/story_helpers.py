"""Hand-built articles for the lineage tests: paragraphs, outlet and time, nothing else."""
from __future__ import annotations

from retold.records import Article


def article(aid: str, paras: list[str], outlet: str, when: str | None, title: str) -> Article:
    """An Article whose text is ``paras`` joined by blank lines (the ingest convention)."""
    return Article(id=aid, text="\n\n".join(paras), outlet=outlet, outlet_name=outlet,
                   published=when, title=title)
