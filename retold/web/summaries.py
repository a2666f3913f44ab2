"""Story summaries computed from records: key statements, the caveat table, the timeline.

Pure functions (no store), shared by the story page, its JSON twin, the ClaimReview export
and the HTML report, so all four say the same thing about which outlet kept a caveat.
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping

from rapidfuzz import fuzz, process

from retold import dates
from retold.outlets import page_names
from retold.outlets import shown_outlet as outlet_name  # noqa: F401 - the pages' name for it
from retold.records import Article, ArticleHedge, LineageEdge, Mutation, Statement

CAVEAT_TYPES = ("unverified", "alleged", "reportedly", "anonymous", "anecdotal", "disputed")


def day(published: str | None) -> str:
    return (published or "")[:10] or "date unknown"


def norm(text: str) -> str:
    return re.sub(r"\W+", " ", text.casefold()).strip()




def key_statements(ordered: list[Article], statements: list[Statement],
                   limit: int = 12, similarity: float = 85.0) -> list[dict]:
    """Statements grouped across the story's articles by content similarity.

    Greedy single pass in publication order: a statement joins the group whose first
    version has the same normalised words, else the most similar group of the same
    speaker (rapidfuzz ``token_set_ratio`` >= ``similarity``; groups of an unknown speaker
    match anyone), else starts a group. The exact-text lookup first keeps verbatim copies
    (the common case) at one dict probe, so a 300-article story stays fast.
    Groups are ordered by :func:`_key_rank`. An appearance's ``outlet`` (and a group's
    ``first``) is its page's name among the story's (:func:`page_names`): "carried by
    Reuters, Reuters" said nothing in a wire's archive.
    """
    rank = {a.id: i for i, a in enumerate(ordered)}
    outlets = page_names(ordered)
    groups: list[dict] = []
    exact: dict[str, dict] = {}
    by_speaker: dict[str | None, list[dict]] = defaultdict(list)
    for st in sorted(statements, key=lambda s: (rank.get(s.article_id, 1 << 30), s.id)):
        text = norm(st.content_text)
        if not text:
            continue
        grp = exact.get(text)
        if grp is None:
            pool = by_speaker[st.speaker] + (by_speaker[None] if st.speaker else
                                             [g for g in groups if g["speaker"]])
            best = process.extractOne(text, [g["_norm"] for g in pool],
                                      scorer=fuzz.token_set_ratio, score_cutoff=similarity)
            grp = pool[best[2]] if best else None
        if grp is None:
            grp = {"text": st.content_text, "_norm": text, "speaker": st.speaker,
                   "channel": st.channel.name if st.channel else None,
                   "kind": st.kind, "hedges": [], "appearances": []}
            groups.append(grp)
            by_speaker[st.speaker].append(grp)
        exact.setdefault(text, grp)
        if st.article_id in {ap["article_id"] for ap in grp["appearances"]}:
            continue
        grp["speaker"] = grp["speaker"] or st.speaker
        for h in st.hedges:
            if h.type not in {x["type"] for x in grp["hedges"]}:
                grp["hedges"].append({"type": h.type, "cue": h.cue})
        grp["appearances"].append({
            "article_id": st.article_id, "statement_id": st.id,
            "outlet": outlets.get(st.article_id, st.article_id),
            "text": st.content_text, "reworded": text != grp["_norm"],
            "channel": st.channel.name if st.channel else None,
            "hedges": sorted({h.type for h in st.hedges})})
    for grp in groups:
        grp.pop("_norm")
        grp["first"] = grp["appearances"][0]["outlet"]
    groups.sort(key=_key_rank)
    return groups[:limit]


def _key_rank(grp: dict) -> tuple:
    """Order of the key statements: carried by more outlets first, with a bonus worth three
    outlets for a direct quote and one each for a caveat and a channel, because those are
    what a fact-checker must follow from outlet to outlet."""
    bonus = 3 * (grp["kind"] in ("direct", "mixed")) + bool(grp["hedges"]) + bool(grp["channel"])
    return (-(len(grp["appearances"]) + bonus), not grp["speaker"])


def _path_up(aid: str, parents: dict[str, set[str]]) -> list[str]:
    """Ancestors of ``aid`` nearest first (breadth first)."""
    out, todo, seen = [], sorted(parents[aid]), set()
    while todo:
        p = todo.pop(0)
        if p not in seen:
            seen.add(p)
            out.append(p)
            todo += sorted(parents[p])
    return out


def caveat_table(ordered: list[Article], statements: list[Statement],
                 hedges: list[ArticleHedge], edges: list[LineageEdge],
                 muts: list[Mutation]) -> list[dict]:
    """Per caveat type: which outlet kept it, dropped it, or never had it upstream.

    *kept*: the article carries a hedge of that type (statement- or article-level);
    *dropped*: it does not, but its parent in the corpus did, or a ``caveat_dropped``
    mutation names it; *lost upstream*: it does not, nor does its parent, but an older
    ancestor did (the drop was made on the way, by the outlet the cell names: a copy of
    a copy that had already dropped it dropped nothing); *missing*: it does not, and a page published
    before it in the story did, though lineage does not put that page upstream (the
    article was taken from an outside source, or the parent is uncertain: the reader
    should know the caveat existed); *absent*: none of these.
    Pages are named among the story's (:func:`page_names`: the outlet alone unless the
    story has two pages of it), in the cells, ``first``, ``dropped`` and ``dropped_by``.
    """
    carried: dict[str, dict[str, str]] = defaultdict(dict)  # type -> article -> cue
    for st in statements:
        for h in st.hedges:
            if h.type in CAVEAT_TYPES:
                carried[h.type].setdefault(st.article_id, h.cue)
    for h in hedges:
        if h.type in CAVEAT_TYPES:
            carried[h.type].setdefault(h.article_id, h.cue)
    parents = defaultdict(set)
    for e in edges:
        if e.parent:
            parents[e.child].add(e.parent)
    dropped_notes = defaultdict(list)  # child -> details of its caveat_dropped mutations
    for m in muts:  # a hop from outside the corpus proves no drop: "missing" says enough
        if m.type == "caveat_dropped" and not m.from_outside:
            dropped_notes[m.child].append(m.detail or "")

    up = {a.id: _path_up(a.id, parents) for a in ordered}  # ancestors, nearest first
    names = page_names(ordered)
    rows = []
    for ctype in CAVEAT_TYPES:
        if ctype not in carried:
            continue
        have = carried[ctype]
        first = next((a for a in ordered if a.id in have), None)
        cells = []
        seen_before = False  # an earlier page of the story carries it
        for a in ordered:
            if a.id in have:
                status = "kept" if a is not first else "first"
            elif not parents[a.id].isdisjoint(have) or any(
                    ctype in note or not note for note in dropped_notes[a.id]):
                status = "dropped"
            elif any(d in have for d in up[a.id]):
                status = "upstream"
            elif seen_before:
                status = "missing"
            else:
                status = "absent"
            seen_before = seen_before or a.id in have
            cell = {"article_id": a.id, "outlet": names[a.id], "status": status}
            if status == "upstream":  # who dropped it on the way
                cell["dropped_by"] = next((names[d] for d in up[a.id]
                                           if d in names and d not in have and
                                           not parents[d].isdisjoint(have)), None)
            cells.append(cell)
        rows.append({"type": ctype, "cue": have[first.id] if first else "",
                     "first": names[first.id] if first else None, "cells": cells,
                     "dropped": [c["outlet"] for c in cells if c["status"] == "dropped"]})
    return rows


def timeline(ordered: list[Article], edge_rows: list[dict],
             origins: Mapping[str, dict] | None = None, width: int = 900,
             margin: int = 90) -> dict:
    """Articles on a time axis: x proportional to publication time. Pages without a date
    are spread evenly over a zone of their own at the right end (the whole axis when
    none has a date), marked ``undated``: all at one x, their labels printed over each
    other. A page's ``from`` is its parent's page name (``parent_name`` of its hop in
    ``edge_rows``); a first known source (``origins``, by article:
    :func:`retold.web.views.origin_rows`) has no ``from`` but its own confidence and
    runner-up, as ``retold story`` shows them."""
    times = [(dates.point(a.published), a) for a in ordered]
    known = [t for t, _ in times if t]
    lo, hi = (min(known), max(known)) if known else (None, None)
    span = (hi - lo).total_seconds() if known and hi != lo else 1.0
    n_undated = len(times) - len(known)
    axis = width - 2 * margin
    if not n_undated:
        zone, undated = 0.0, []
    elif known:  # a zone of its own after the last date, the pages evenly inside it
        zone = min(0.35, 0.06 * n_undated) * axis
        undated = [width - margin - zone + zone * (k + 1) / (n_undated + 1)
                   for k in range(n_undated)]
    else:  # nothing dated: the whole axis
        zone = axis
        undated = [margin + axis * k / max(1, n_undated - 1) for k in range(n_undated)]
    undated_x = iter(undated)
    parent_of: dict[str, dict] = {}  # the likeliest parent's row (a tie adds others)
    for r in edge_rows:
        if r["child"] not in parent_of or r["confidence"] > parent_of[r["child"]]["confidence"]:
            parent_of[r["child"]] = r
    points = []
    for i, (t, a) in enumerate(times):
        x = (margin + (axis - zone) * (t - lo).total_seconds() / span) if t and lo \
            else next(undated_x)
        row = parent_of.get(a.id)
        origin = (origins or {}).get(a.id) if not row else None
        hop = row or origin or {}
        points.append({"id": a.id, "outlet": outlet_name(a), "published": a.published,
                       "undated": t is None,
                       "day": day(a.published), "x": round(x, 1), "lane": i % 3,
                       "from": row.get("parent_name", row["parent_outlet"]) if row else None,
                       "origin": origin is not None,
                       "confidence": hop.get("confidence"),
                       "or_else": hop.get("runner_up_outlet"),
                       "kind": row["kind"] if row else None,
                       "mutations": row["mutations"] if row else [],
                       "inferred": row.get("inferred", []) if row else [],
                       "title": a.title or ""})
    return {"width": width, "margin": margin, "points": points,
            "start": lo.isoformat() if lo else None, "end": hi.isoformat() if hi else None,
            "end_x": round(width - margin - zone, 1),
            "undated_from": round(width - margin - zone, 1) if n_undated else None}
