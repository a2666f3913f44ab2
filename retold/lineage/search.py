"""``retold trace``: where a quote or claim appears, and how each appearance got there.

Appearances are found in two passes so a large store is not scanned in Python: DuckDB
keeps articles containing the query's rarest long words (``ILIKE``), then each candidate's
units are scored with rapidfuzz ``partial_ratio`` against the normalised query (so
"IS" -> "ISIS" or changed quotation marks still match). Paths come from the stored
LineageEdge rows: from each appearance, parents are followed up to the story's origin.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

from typing import Any

from rapidfuzz import fuzz

from retold.mutations.units import normalise, split_units, words
from retold.reuse.quotes import variant_of
from retold.records import Article, LineageEdge, Mutation

MAX_CANDIDATES = 5000
BEST_PARENT = "tie, confidence DESC"
"""The edge a walk follows from a page: a kept parent before a tied one, then the most
confident (SQL ``ORDER BY``; :func:`_best_parents` in Python)."""


def find_appearances(store, query: str, min_score: float = 85.0) -> list[dict[str, Any]]:
    q = normalise(query)
    keys = sorted({w for w in words(query) if len(w) >= 5}, key=len, reverse=True)[:3]
    where = " OR ".join("text ILIKE ?" for _ in keys) or "TRUE"
    cands = store.query(Article, where, [f"%{k}%" for k in keys], limit=MAX_CANDIDATES)
    hits = []
    for a in cands:
        best, passage, span = best_unit(q, a.text)
        if best >= min_score:
            hits.append({"id": a.id, "outlet": a.outlet_name or a.outlet, "published": a.published,
                         "title": a.title, "score": round(best, 1), "passage": passage,
                         "span": span})
    hits.sort(key=lambda h: (h["published"] is None, h["published"] or "", h["id"]))
    return hits


def best_unit(q: str, text: str) -> tuple[float, str, list[int]]:
    """``(score, passage, span)`` of the unit of ``text`` that best carries ``q`` (already
    normalised): ``partial_ratio`` where the unit is the longer, else ``ratio``."""
    best, passage, span = 0.0, "", [0, 0]
    for u in split_units(text):
        s = fuzz.partial_ratio(q, u.norm) if len(u.norm) >= len(q) else fuzz.ratio(q, u.norm)
        if s > best:
            best, passage, span = s, u.text, [u.start, u.end]
    return best, passage, span


def _quoted_words(passage: str) -> str:
    """The words inside the passage's quotations as lineage's units read them, or the
    passage when it has none ("“IS and Turkey cooperate …,” he added, describing …" ->
    the quotation alone)."""
    return " ".join(u.content for u in split_units(passage) if u.is_quote) or passage


def variants(hits: list[dict[str, Any]], figures: dict[str, str] | None = None
             ) -> dict[str, str]:
    """How each appearance's quotation differs from the earliest appearance's, read as
    quote matching reads variants (``entity_swapped``, ``trimmed``, ``reworded``), or
    ``figure_changed`` when a figure of the passage is stated otherwise
    (:func:`figure_change`); appearances worded as the earliest are left out. This needs no lineage: it says what
    a reader sees when the appearances are side by side, also where the path runs
    through a source outside the corpus and no hop's mutations are known. ``figures``:
    :func:`figure_changes` of the same hits, when the caller has them."""
    if not hits:
        return {}
    figures = figure_changes(hits) if figures is None else figures
    base = _quoted_words(hits[0]["passage"])
    out = {}
    for h in hits[1:]:
        _, variant = variant_of(base, _quoted_words(h["passage"]))
        if h["id"] in figures:
            out[h["id"]] = "figure_changed"  # what a fact-checker must see first
        elif variant != "same":
            out[h["id"]] = variant
    return out


def figure_changes(hits: list[dict[str, Any]]) -> dict[str, str]:
    """``{appearance id: "2,300 -> 2,500"}`` for each appearance whose passage states a
    figure of the earliest appearance's otherwise (:func:`figure_change`)."""
    if not hits:
        return {}
    return {h["id"]: d for h in hits[1:] if (d := figure_change(hits[0]["passage"], h["passage"]))}


_FIGURE = re.compile(r"\d+(?:[.,]\d+)*")


def figure_change(before: str, after: str) -> str | None:
    """The figures of a passage that another version of it states otherwise ("2,300 ->
    2,500"), or None when they agree (in any order; a figure cut with its clause is a
    trim, not a change: only versions with as many figures are compared). Why: a number
    changed on the way is the edit a fact-checker looks for first, and inside a
    rewording it reads only as "reworded"."""
    a, b = _FIGURE.findall(before), _FIGURE.findall(after)
    if len(a) != len(b) or sorted(a) == sorted(b):  # the same figures, perhaps reordered
        return None
    gone, new = Counter(a) - Counter(b), Counter(b) - Counter(a)
    return f"{', '.join(x for x in a if gone[x])} -> {', '.join(y for y in b if new[y])}"


def walk_to_origin(best_parent: Callable[[str], LineageEdge | None], start: str) -> dict[str, Any]:
    """``{"origin", "path": [origin, ..., start]}`` following ``best_parent`` upwards.

    ``best_parent(node)`` gives the edge to follow from ``node`` (None at a root); a cycle
    (possible only in a damaged store) stops the walk instead of looping.
    """
    path, seen, node, origin = [start], {start}, start, None
    while True:
        edge = best_parent(node)
        if edge is None:
            break
        if edge.parent is None:
            origin = f"external:{edge.external}" if edge.external else node
            if edge.external:
                path.append(origin)
            break
        if edge.parent in seen:
            break
        seen.add(edge.parent)
        path.append(edge.parent)
        node = edge.parent
    return {"origin": origin, "path": list(reversed(path))}


def paths_to(store, hits: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """For each appearance: ``{"origin", "path": [origin, ..., appearance]}``, following the
    non-tie, most confident parent at each step."""
    def best_parent(node: str) -> LineageEdge | None:
        found = store.query(LineageEdge, "child = ?", [node], order=BEST_PARENT, limit=1)
        return found[0] if found else None

    return {h["id"]: walk_to_origin(best_parent, h["id"]) for h in hits}


def changes_on_the_way(store, hits: list[dict[str, Any]], paths: dict[str, dict[str, Any]]
                       ) -> dict[str, list[dict[str, Any]]]:
    """For each appearance, what the retellings on its path did to the passage: the stored
    mutations of each hop whose child side falls in that hop's child's copy of the passage
    ("IS -> ISIS" where Kurdistan Wire copied Gulf Courier), earliest hop first.
    ``{appearance id: [{"at", "from", "type", "detail", "count"}]}`` (``count``: the same
    change made more than once in the passage, "IS" swapped twice in one quotation); a
    hop whose child does not carry the passage (it is not an appearance) has nothing to
    report."""
    span_of = {h["id"]: h["span"] for h in hits if h["span"][1] > h["span"][0]}
    hops = {(p["path"][i], p["path"][i + 1]) for p in paths.values()
            for i in range(len(p["path"]) - 1) if p["path"][i + 1] in span_of}
    children = sorted({c for _, c in hops})
    found = store.query(Mutation, "list_contains(?, child)", [children],
                        order="child, parent, seq") if children else []  # one read for all
    touched: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for m in found:
        s, e = span_of[m.child]
        if (m.parent, m.child) not in hops or not any(a < e and b > s for a, b in m.child_spans):
            continue
        seen = touched.setdefault((m.parent, m.child), [])
        same = next((c for c in seen if (c["type"], c["detail"]) == (m.type, m.detail)), None)
        if same:
            same["count"] += 1
        else:
            seen.append({"at": m.child, "from": m.parent, "type": m.type, "detail": m.detail,
                         "count": 1})
    return {hid: [c for i in range(len(p["path"]) - 1)
                  for c in touched.get((p["path"][i], p["path"][i + 1]), [])]
            for hid, p in paths.items()}


def lost_on_the_way(store, hits: list[dict[str, Any]],
                    carrying: set[str] | None = None) -> list[dict[str, Any]]:
    """Where the passage stops: each retelling whose parent carries it and which does
    not (its best parent is an appearance, it is none), with what that hop's stored
    mutations did to the parent's copy of the passage (a quotation cut, a paragraph
    dropped, a rewording beyond the match) and the words the child printed instead.

    Why: a fact-checker asks not only where a claim went but where it was cut or lost
    its caveat, and the appearances alone cannot show an absence. ``[{"at", "from",
    "story", "changes": [{"type", "detail", "now", "wider"}], "later": [ids of the retellings
    taken from it, none of them carrying the passage, in the order they were published]}]``,
    in the order the hops' children were published. ``store`` needs only ``query`` (the
    web passes its cached reads). ``carrying``: every article found to carry the passage
    when ``hits`` shows only some (``--limit``): one not shown is no loss."""
    span_of = {h["id"]: h["span"] for h in hits}
    if not span_of:
        return []
    has_it = set(span_of) | (carrying or set())
    edges = store.query(LineageEdge, "list_contains(?, story_id)", [sorted(
        {e.story_id for e in store.query(LineageEdge, "list_contains(?, child)",
                                         [list(span_of)])})])
    best = _best_parents(edges)
    kids: dict[str, list[str]] = {}
    for child, e in best.items():
        if e.parent:
            kids.setdefault(e.parent, []).append(child)
    lost = [(e.parent, c) for c, e in best.items() if e.parent in span_of and c not in has_it]
    if not lost:
        return []
    later = {c: _descendants(c, kids, has_it) for _, c in lost}
    arts = {a.id: a for a in store.query(Article, "list_contains(?, id)", [sorted(
        {c for _, c in lost} | {x for xs in later.values() for x in xs})])}

    def when(x: str) -> tuple[str, str]:  # undated last, as the appearances are listed
        return (arts[x].published or "~" if x in arts else "~", x)

    muts = store.query(Mutation, "list_contains(?, child)", [[c for _, c in lost]],
                       order="child, seq")
    out = []
    for parent, child in lost:
        s, e = span_of[parent]
        text = arts[child].text if child in arts else ""
        changes = [{"type": m.type, "detail": m.detail,
                    "now": " … ".join(text[a:b] for a, b in m.child_spans) or None,
                    "wider": _wider(m.parent_spans, s, e)}
                   for m in muts if m.child == child and m.parent == parent
                   and any(a < e and b > s for a, b in m.parent_spans)]
        out.append({"at": child, "from": parent, "story": best[child].story_id,
                    "changes": changes, "later": sorted(later[child], key=when)})
    out.sort(key=lambda x: when(x["at"]))
    return out


def _best_parents(edges: list[LineageEdge]) -> dict[str, LineageEdge]:
    """Each child's edge as :data:`BEST_PARENT` orders them."""
    best: dict[str, LineageEdge] = {}
    for e in sorted(edges, key=lambda e: (e.tie, -e.confidence)):
        best.setdefault(e.child, e)
    return best


def lost_pages(lost: list[dict[str, Any]]) -> set[str]:
    """Every article a :func:`lost_on_the_way` answer names, for naming them at once."""
    return {n for x in lost for n in (x["at"], x["from"], *x["later"])}


def _wider(spans: list[list[int]], start: int, end: int) -> bool:
    """Does a change reach beyond the passage (a block of paragraphs cut, whose detail
    quotes the block's first sentence, not the passage)? The passage is one unit, as a
    change's spans are, so anything past its ends but a few characters of spacing is
    another unit."""
    return min(a for a, _ in spans) < start - 3 or max(b for _, b in spans) > end + 3


def _descendants(node: str, kids: dict[str, list[str]], carrying: set[str]) -> list[str]:
    """The retellings taken (through best parents) from ``node`` that do not carry the
    passage again (a later copy may restore it from elsewhere: the walk stops there),
    in no order: the caller orders them by date."""
    out, todo, seen = [], list(kids.get(node, [])), {node}
    while todo:
        x = todo.pop()
        if x in seen or x in carrying:
            continue
        seen.add(x)
        out.append(x)
        todo.extend(kids.get(x, []))
    return out
