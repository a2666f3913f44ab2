"""One story as a single self-contained HTML file: picture, timeline, statements, mutations.

Meant to be attached to an article or sent by mail, so it loads nothing: the stylesheet is
inlined, the lineage picture is inline SVG, there is no script at all, and a
Content-Security-Policy ``<meta>`` forbids loading anything should a reader's mail client
try. It renders the web app's own templates (autoescaped) from the same view dicts.
"""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from retold.export.select import ExportError, Selection
from retold.records import Article, Mutation
from retold.store import Store
from retold.web.app import STATIC, template_env
from retold.web.views import Corpus, external_name, mutation_rows


def render_report(store: Store, story_id: str) -> str:
    corpus = Corpus(store)
    view = corpus.story_view(story_id)
    hops = hop_mutations(corpus, story_id, view["edges"])
    return template_env().get_template("report.html").render(
        title=view["story"]["label"] or story_id, v=view, hops=hops, links=False,
        inline_css=(STATIC / "style.css").read_text(encoding="utf-8"),
        source=Path(store.path).name,
        generated=datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"))


def hop_mutations(corpus: Corpus, story_id: str, edge_rows: list[dict]) -> list[dict]:
    """Each hop of the story page (``edge_rows``) with its mutations as its edge page lists
    them (:func:`retold.web.views.mutation_rows`), from one query for the whole story.
    Why not ``Corpus.edge_view`` per hop: about ten queries a hop, for the shared passages,
    ties and text segments the report does not show; a story syndicated 1,000 times has
    1,477 hops. A hop's mutations come in ``seq`` order, ties in store order."""
    by_hop: dict[tuple[str, str], list[Mutation]] = {}
    for m in corpus._records(Mutation, "story_id = ?", [story_id]) if edge_rows else ():
        by_hop.setdefault((m.child, m.parent), []).append(m)
    arts = {a.id: a for a in corpus.records_in(
        Article, "id", [a for e in edge_rows for a in (e["child"], e["parent"])])}
    hops = []
    for e in edge_rows:
        child = arts.get(e["child"]) or corpus.article(e["child"])  # NotFound as the page
        parent = None if external_name(e["parent"]) else \
            arts.get(e["parent"]) or corpus.article(e["parent"])
        muts = sorted(by_hop.get((e["child"], e["parent"]), ()), key=lambda m: m.seq)
        hops.append({**e, "mutations": mutation_rows(muts, parent, child)})
    return hops


def write_report(store: Store, sel: Selection, out: Path) -> dict:
    if len(sel.stories) != 1:
        raise ExportError(f"the html report covers one story and the store holds "
                          f"{len(sel.stories)}: choose one with --story ID")
    html = render_report(store, sel.stories[0].id)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(html, encoding="utf-8")
    return {"format": "html", "path": str(out), "story": sel.stories[0].id, "bytes": len(html)}
