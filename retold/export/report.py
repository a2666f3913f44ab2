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
from retold.store import Store
from retold.web.app import STATIC, template_env
from retold.web.views import Corpus


def render_report(store: Store, story_id: str) -> str:
    corpus = Corpus(store)
    view = corpus.story_view(story_id)
    hops = []
    for e in view["edges"]:
        detail = corpus.edge_view(story_id, e["parent"], e["child"])
        hops.append({**e, "mutations": detail["mutations"]})
    return template_env().get_template("report.html").render(
        title=view["story"]["label"] or story_id, v=view, hops=hops, links=False,
        inline_css=(STATIC / "style.css").read_text(encoding="utf-8"),
        source=Path(store.path).name,
        generated=datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"))


def write_report(store: Store, sel: Selection, out: Path) -> dict:
    if len(sel.stories) != 1:
        raise ExportError(f"the html report covers one story and the store holds "
                          f"{len(sel.stories)}: choose one with --story ID")
    html = render_report(store, sel.stories[0].id)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(html, encoding="utf-8")
    return {"format": "html", "path": str(out), "story": sel.stories[0].id, "bytes": len(html)}
