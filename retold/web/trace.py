"""Claim trace: paste a quote or a claim, get its appearances, the earliest, origin and path.

Two lookups of the appearances, chosen with ``engine``:

* ``web`` (default): candidate articles contain at least half of the claim's six longest
  words (``ILIKE`` with parameters, most words first, at most ``limit``), then rapidfuzz's
  ``partial_ratio`` (best alignment of the claim inside a statement or the text, 0-100)
  keeps those scoring >= ``threshold``. On the Reuters-sized benchmark store it answered
  in 0.89 s median and found the source article of 10/10 sampled sentences;
* ``lineage``: the lineage stage's own ``retold.lineage.search.find_appearances`` (the one
  behind ``retold trace``), so the page can show exactly what the CLI says; it scores
  every unit of up to 5,000 candidates and measured 7.8 s median, 8/10 found, on the
  same store in the same run (``benchmarks/web.py``).

Origin and path always come from the stored lineage edges through
``retold.lineage.search.walk_to_origin``, the same walk as the CLI's ``paths_to``
(non-tie, most confident parent first, up to an external origin or a first known
source), here over the web layer's cached reads.
"""
from __future__ import annotations

import functools
import re
from collections import defaultdict
from types import SimpleNamespace
from typing import Any

from rapidfuzz import fuzz

from retold.lineage.search import (BEST_PARENT, best_unit, changes_on_the_way, figure_changes,
                                   find_appearances, lost_on_the_way, lost_pages, variants,
                                   walk_to_origin)
from retold.mutations.units import normalise
from retold.outlets import page_names
from retold.records import LineageEdge
from retold.web.summaries import norm, outlet_name

ENGINES = ("web", "lineage")


def trace(corpus, claim: str, engine: str = "web", limit: int = 200,
          threshold: float = 80.0) -> dict:
    claim = (claim or "").strip()
    if engine not in ENGINES:
        raise ValueError(f"unknown trace engine {engine!r}; choose one of: {', '.join(ENGINES)}")
    out: dict[str, Any] = {"claim": claim, "engine": engine, "appearances": [],
                           "earliest": None, "origin": None, "path": []}
    if not claim or "articles" not in corpus.tables:
        return out
    words = re.findall(r"\w+", claim)
    if len(words) < 3 and not any(len(w) >= 5 for w in words):
        # "the", "said": every page carries them; scoring each took seconds for nothing
        out["hint"] = "give more of the passage: three words, or a word of five letters"
        return out
    if engine == "lineage":
        found = find_appearances(corpus.store, claim, min_score=threshold)
        every: set[str] | None = {h["id"] for h in found}
        if len(found) > limit:  # the best-matching ones, still shown in time order
            out["truncated"] = len(found)
            found = sorted(sorted(found, key=lambda h: -h["score"])[:limit],
                           key=lambda h: (h["published"] is None, h["published"] or "", h["id"]))
        arts = corpus.articles([h["id"] for h in found])
        scores = {h["id"]: h["score"] for h in found}
        spans = {h["id"]: h["span"] for h in found}
    else:
        arts = corpus.articles(_candidates(corpus, claim, limit))
        scores, spans = None, {}
        # as many candidates as asked for: more may carry it, so no page is called a loss
        every = None if len(arts) >= limit else set()
    hits = _score(corpus, claim, arts, threshold, scores)
    hits.sort(key=lambda h: (h["published"] or "9999", -h["score"]))
    out["appearances"] = hits
    if not hits:
        return out
    paths = _paths(corpus, [h["id"] for h in hits])
    for h in hits:  # the passage: the unit the lineage engine matched, else the statement
        st = h.get("statement")
        span = spans.get(h["id"]) or ([min(a for a, _ in st["content"]),
                                       max(b for _, b in st["content"])]
                                      if st and st.get("content") else None)
        if not span and h["id"] in arts:  # no statement carries it: the unit that does
            span = best_unit(normalise(claim), arts[h["id"]].text)[2]
        h["span"] = span or [0, 0]
    changes = _changes(corpus, hits, paths)
    differs, figures = _variants(hits, arts)
    lost = _lost(corpus, hits, every) if every is not None else []
    label = _labeller(corpus, hits, paths, changes, lost_pages(lost))
    out["lost"] = [{**x, "at_name": label(x["at"])["name"], "from_name": label(x["from"])["name"],
                    "later_names": [label(n)["name"] for n in x["later"]]} for x in lost]
    for h in hits:
        h["changes"] = [{**c, "at_outlet": label(c["at"])["name"]}
                        for c in changes.get(h["id"], [])]
        h["variant"] = differs.get(h["id"])
        h["figures"] = figures.get(h["id"])
        h["stories"] = [s.id for s in corpus.stories_of(h["id"])]
        steps = paths.get(h["id"], {}).get("path", [h["id"]])
        h["path"] = [label(step) for step in steps]
        h["parent"] = h["path"][-2]["outlet"] if len(h["path"]) > 1 else None
    earliest = hits[0]
    out["earliest"] = earliest
    out["path"] = earliest["path"]
    origin = paths.get(earliest["id"], {}).get("origin")
    out["origin"] = label(origin) if origin else None
    return out


def _candidates(corpus, claim: str, limit: int) -> list[str]:
    from retold.web.views import like_pattern

    words = sorted(set(re.findall(r"\w{3,}", claim)), key=len, reverse=True)[:6]
    if not words:
        return []
    hits_sql = " + ".join(["CAST(text ILIKE ? ESCAPE '\\' AS INTEGER)"] * len(words))
    need = max(1, (len(words) + 1) // 2)  # at least half of the distinctive words
    rows = corpus._rows(
        f"SELECT id FROM (SELECT id, published, {hits_sql} AS hits FROM articles) "
        f"WHERE hits >= ? ORDER BY hits DESC, published NULLS LAST LIMIT {int(limit)}",
        [like_pattern(w) for w in words] + [need])
    return [r["id"] for r in rows]


def _score(corpus, claim: str, arts: dict, threshold: float,
           given: dict[str, float] | None) -> list[dict]:
    """Score each article (or take the lineage engine's score) and attach the statement
    that carries the claim, for its speaker."""
    from retold.web.views import _article_summary

    by_article = defaultdict(list)
    for st in corpus.statements_of(list(arts)):
        by_article[st.article_id].append(st)
    target = norm(claim)
    hits = []
    for art in arts.values():
        best = max(by_article[art.id], default=None,
                   key=lambda s: fuzz.partial_ratio(target, norm(s.content_text)))
        st_score = fuzz.partial_ratio(target, norm(best.content_text)) if best else 0.0
        if given is not None:
            score = given.get(art.id, 0.0)
        else:
            score = max(st_score, fuzz.partial_ratio(target, norm(art.text)))
            if score < threshold:
                continue
        carried = best is not None and st_score >= threshold
        hits.append({**_article_summary(art), "score": round(score, 1),
                     "statement": best.to_dict() if carried else None,
                     "speaker": best.speaker if carried else None})
    return hits


def _variants(hits: list[dict], arts: dict) -> tuple[dict[str, str], dict[str, str]]:
    """How each appearance's quotation differs from the earliest's, and the figures it
    states otherwise (``retold.lineage.search.variants`` and ``figure_changes`` on the
    statement, else the matched passage)."""
    passages = []
    for h in hits:
        st, art = h.get("statement"), arts.get(h["id"])
        text = (st or {}).get("content_text") or (
            art.text[h["span"][0]:h["span"][1]] if art is not None else "")
        passages.append({"id": h["id"], "passage": text})
    figures = figure_changes(passages)
    return variants(passages, figures), figures


def _changes(corpus, hits: list[dict], paths: dict[str, dict]) -> dict[str, list[dict]]:
    """What each hop on an appearance's path did to the passage: the CLI's
    ``retold.lineage.search.changes_on_the_way`` over the same store."""
    if "mutations" not in corpus.tables:
        return {}
    return changes_on_the_way(_reads(corpus), hits, paths)


def _reads(corpus) -> SimpleNamespace:
    """The corpus's own reads as the store-like ``query`` the lineage search functions
    take (a cursor each, safe in the server's threads)."""
    return SimpleNamespace(query=corpus._records)


def _paths(corpus, ids: list[str]) -> dict[str, dict]:
    return {i: _walk(corpus, i) for i in ids}


def _walk(corpus, article_id: str) -> dict:
    """``paths_to``'s walk over the web layer's cached corpus reads."""
    def best_parent(node: str):
        ups = corpus._records(LineageEdge, "child = ?", [node], order=BEST_PARENT,
                              limit=1)
        return ups[0] if ups else None

    return walk_to_origin(best_parent, article_id)


def _lost(corpus, hits: list[dict], carrying: set[str]) -> list[dict]:
    """Where the passage stops: the CLI's ``retold.lineage.search.lost_on_the_way`` over
    the same store (the retellings taken from an appearance that do not carry it)."""
    if "lineage_edges" not in corpus.tables:
        return []
    return lost_on_the_way(_reads(corpus), hits, carrying)


def _labeller(corpus, hits: list[dict], paths: dict, changes: dict, more: set[str] = frozenset()):
    """``label(node)``: a node of the trace (an article id or ``external:<name>``) as the
    page shows it, its ``name`` told apart from the other shown pages of its outlet
    (:func:`retold.outlets.page_names`). Why: in a wire's archive every path read
    "Reuters → Reuters → Reuters". The shown articles are read in one query."""
    nodes = {n for h in hits for n in paths.get(h["id"], {}).get("path", [h["id"]])}
    nodes |= {p["origin"] for p in paths.values() if p.get("origin")}
    nodes |= {c["at"] for cs in changes.values() for c in cs} | set(more)
    shown = corpus.articles(sorted(n for n in nodes if not n.startswith("external:")))
    names = page_names(shown.values())
    return functools.cache(lambda node: _label(node, shown, names))  # paths share nodes


def _label(node: str, arts: dict, names: dict[str, str]) -> dict:
    if node.startswith("external:"):
        name = node[len("external:"):]
        return {"id": node, "outlet": name, "name": name, "external": True}
    found = arts.get(node)
    return {"id": node, "outlet": outlet_name(found) if found else node,
            "name": names.get(node, node), "external": False,
            "day": (found.published or "")[:10] if found else "", "title":
            found.title if found else ""}
