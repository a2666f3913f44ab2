"""Read-side views over the store: what the pages, the JSON API and the exports show.

Why one module: the HTML pages and ``/api/`` must return *the same data*, and the story
report export must match the story page, so every view is a function from the store to a
plain dict, rendered by a template or returned as JSON. SQL only ever receives user input
as ``?`` parameters; LIKE patterns are built with :func:`like_pattern`, which escapes
``%``/``_``/``\\`` so a search for ``100%`` means the characters, not a wildcard.

Each query opens its own DuckDB cursor, because the server answers requests from a thread
pool and a DuckDB connection must not be used by two threads at once.
"""
from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any
from urllib.parse import quote, urlencode

from retold.lineage import key_speakers
from retold.lineage.parents import runner_up
from retold.outlets import page_names
from retold.reuse import stored_link_kinds
from retold.records import (
    Article,
    ArticleHedge,
    Citation,
    LineageEdge,
    Mutation,
    Record,
    ReuseLink,
    Speaker,
    Statement,
    Story,
)
from retold.store import Store, from_row
from retold.web import graph as g
from retold.web.highlight import Mark, excerpt, segments, spans_to_marks
from retold.web.summaries import (
    caveat_table,
    day,
    key_statements,
    outlet_name,
    timeline,
)

KIND_STRENGTH = {"copy": 5, "partial": 4, "rewrite": 3, "quotes-only": 2, "cites": 1}
SEARCH_LIMIT = 50
log = logging.getLogger("retold.web")
NAME_LIKE = "sp.name ILIKE ? ESCAPE '\\'"


class NotFound(LookupError):
    """An id that is not in the store; the message names it."""


class BadFilter(ValueError):
    """A search filter that cannot be read (a date that is no date); the message names
    it and says what would do."""


def day_bound(value: str, name: str) -> str:
    """A date filter as the ISO text stored dates compare with ("November 5, 2015" ->
    "2015-11-05"), read as ingest reads dates (:mod:`retold.dates`); "" when not given.
    Why: filters were compared as text, so "junk" matched nothing without a word and
    "1e308" matched everything."""
    value = (value or "").strip()
    if not value:
        return ""
    from retold import dates

    iso = dates.to_iso(value)
    if iso is None:
        raise BadFilter(f"{name}={value!r} is not a date: give one such as 2015-11-05")
    return iso


def like_pattern(text: str) -> str:
    """``%text%`` for ``ILIKE ... ESCAPE '\\'`` with the wildcards in ``text`` escaped."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def external_id(name: str) -> str:
    return f"external:{name}"


def external_name(node: str) -> str | None:
    """The source's name of an ``external:<name>`` node id (:func:`external_id`), None for
    an article id (or an empty name)."""
    return node[len("external:"):] or None if node.startswith("external:") else None


class Corpus:
    """The store seen by the UI: every method returns JSON-ready values."""

    def __init__(self, store: Store):
        self.store = store
        rows = self._rows("SELECT table_name FROM information_schema.tables", [])
        self.tables = {r["table_name"] for r in rows}

    # ---------------------------------------------------------------- low level
    def _rows(self, sql: str, params: Sequence[Any]) -> list[dict[str, Any]]:
        cur = self.store.con.cursor()
        try:
            cur.execute(sql, list(params))
            names = [d[0] for d in cur.description]
            return [dict(zip(names, r)) for r in cur.fetchall()]
        finally:
            cur.close()

    def _records(self, cls: type, where: str = "", params: Sequence[Any] = (),
                 order: str = "", limit: int | None = None, offset: int = 0) -> list:
        if cls.TABLE not in self.tables:
            return []
        sql = f'SELECT * FROM "{cls.TABLE}"' + (f" WHERE {where}" if where else "")
        sql += (f" ORDER BY {order}" if order else "") + (f" LIMIT {int(limit)}" if limit else "")
        sql += f" OFFSET {int(offset)}" if offset else ""
        out = []
        for row in self._rows(sql, params):
            try:
                out.append(from_row(cls, row))
            except (ValueError, TypeError, KeyError) as exc:  # one bad row, not a dead page
                log.warning("skipped a %s row that cannot be read (%s): %s", cls.TABLE,
                            ", ".join(f"{k}={row.get(k)!r}" for k in cls.KEY), exc)
        return out

    def records_in(self, cls: type, column: str, values: Sequence[Any]) -> list:
        """Records of ``cls`` whose ``column`` is one of ``values``, in store order, an
        unreadable row skipped as :meth:`_records` does. Why: ``list_contains(?, col)``
        tests every row against the whole list, so reading many stories' rows that way
        grows with stories x rows; this is a semi-join (:meth:`retold.store.Store.query_in`),
        what the batched exports read with."""
        values = list(dict.fromkeys(values))
        if not values:
            return []
        return self._records(cls, f'rowid IN (SELECT rowid FROM "{cls.TABLE}" WHERE '
                                  f'"{column}" IN (SELECT unnest(?)))', [values], order="rowid")

    def article(self, article_id: str) -> Article:
        found = self._records(Article, "id = ?", [article_id], limit=1)
        if not found:
            raise NotFound(f"no article with id {article_id!r} in the store")
        return found[0]

    def article_id_from_prefix(self, prefix: str) -> str | None:
        """The one article whose id starts with ``prefix`` (six characters or more), as
        ``retold show`` takes ids; None when none or several do."""
        if len(prefix) < 6 or Article.TABLE not in self.tables:
            return None
        rows = self._rows('SELECT id FROM articles WHERE starts_with(id, ?) LIMIT 2', [prefix])
        return rows[0]["id"] if len(rows) == 1 else None

    def articles(self, ids: Sequence[str]) -> dict[str, Article]:
        if not ids:
            return {}
        return {a.id: a for a in self._records(Article, "list_contains(?, id)", [list(ids)])}

    def story(self, story_id: str) -> Story:
        found = self._records(Story, "id = ?", [story_id], limit=1)
        if not found:
            raise NotFound(f"no story with id {story_id!r} in the store")
        return found[0]

    def counts(self) -> dict[str, int]:
        """Rows per table, for the home page ("what is in this store")."""
        out = {}
        for cls in (Article, Statement, Speaker, ReuseLink, Story, LineageEdge, Mutation):
            if cls.TABLE in self.tables:
                rows = self._rows(f'SELECT count(*) AS n FROM "{cls.TABLE}"', [])
                out[cls.TABLE] = rows[0]["n"]
        return out

    def stories(self, limit: int = 100, offset: int = 0, min_size: int = 1) -> list[dict]:
        """Stories of ``min_size`` articles or more, largest first; ``offset`` pages
        through them."""
        where, params = ('"size" >= ?', [min_size]) if min_size > 1 else ("", [])
        return [s.to_dict() for s in self._records(Story, where, params,
                                                   order="size DESC, first_seen, id",
                                                   limit=limit, offset=offset)]

    def story_total(self, min_size: int = 1) -> int:
        """How many stories of ``min_size`` articles or more the store holds."""
        if Story.TABLE not in self.tables:
            return 0
        return self._rows('SELECT count(*) AS n FROM "stories" WHERE "size" >= ?',
                          [min_size])[0]["n"]

    def stories_of(self, article_id: str) -> list[Story]:
        return self._records(Story, "contains(article_ids, ?)", [f'"{article_id}"'])

    def statements_of(self, ids: Sequence[str]) -> list[Statement]:
        return self._records(Statement, "list_contains(?, article_id)", [list(ids)],
                             order="article_id, id") if ids else []

    def hedges_of(self, ids: Sequence[str]) -> list[ArticleHedge]:
        return self._records(ArticleHedge, "list_contains(?, article_id)", [list(ids)]) \
            if ids else []

    def links_between(self, ids: Sequence[str]) -> list[ReuseLink]:
        return self._records(ReuseLink, "list_contains(?, a) AND list_contains(?, b)",
                             [list(ids), list(ids)]) if ids else []

    def link_kinds_between(self, ids: Sequence[str]) -> dict[frozenset, list[ReuseLink]]:
        """The reuse links among ``ids`` by pair of articles, with their kind and score
        only (:func:`retold.reuse.stored_link_kinds`). Why not :meth:`links_between`: a
        story syndicated 1,000 times has 441k links, and reading them whole, with every
        row tested against the whole id list, then scanned once per hop, made its page
        take a minute."""
        if not ids or ReuseLink.TABLE not in self.tables:
            return {}
        return links_by_pair(stored_link_kinds(self.store, ids, within=True))

    # ------------------------------------------------------------------ search
    def search(self, q: str = "", outlet: str = "", date_from: str = "", date_to: str = "",
               story: str = "", limit: int = SEARCH_LIMIT, offset: int = 0) -> dict:
        """Articles, statements and speakers matching ``q`` (ILIKE), with filters; at
        most ``limit`` of each from ``offset`` on, with the total of articles and
        statements that match (``total_articles``, ``total_statements``) so a page can
        offer the next ones. A date filter that is no date raises :class:`BadFilter`."""
        q = (q or "").strip()
        date_from, date_to = day_bound(date_from, "date_from"), day_bound(date_to, "date_to")
        where, params = [], []
        if outlet:
            where.append("(a.outlet ILIKE ? ESCAPE '\\' OR a.outlet_name ILIKE ? ESCAPE '\\')")
            params += [like_pattern(outlet)] * 2
        if date_from:
            where.append("a.published >= ?")
            params.append(date_from)
        if date_to:
            where.append("a.published < ?")
            params.append(date_to + "\uffff")
        if story:
            try:
                ids = self.story(story).article_ids
            except NotFound:
                ids = []
            where.append("list_contains(?, a.id)")
            params.append(ids)
        result: dict[str, Any] = {"query": q, "filters": {"outlet": outlet,
                                  "date_from": date_from, "date_to": date_to, "story": story},
                                  "articles": [], "statements": [], "speakers": [],
                                  "limit": limit, "offset": offset, "total_articles": 0,
                                  "total_statements": 0}
        if Article.TABLE not in self.tables or (not q and not where):
            return result
        art_where = list(where)
        art_params = list(params)
        if q:
            art_where.append("(a.title ILIKE ? ESCAPE '\\' OR a.text ILIKE ? ESCAPE '\\')")
            art_params += [like_pattern(q)] * 2
        rows = self._rows(
            "SELECT a.id, a.title, a.outlet, a.outlet_name, a.published, a.url, a.text "
            f"FROM articles a WHERE {' AND '.join(art_where)} "
            f"ORDER BY a.published NULLS LAST, a.id LIMIT {int(limit)} OFFSET {int(offset)}",
            art_params)
        result["total_articles"] = self._rows(
            f"SELECT count(*) AS n FROM articles a WHERE {' AND '.join(art_where)}",
            art_params)[0]["n"]
        for r in rows:
            r["snippet"] = _snippet(r.pop("text") or "", q)
        result["articles"] = rows
        if q and Statement.TABLE in self.tables:
            st_where = where + ["(s.content_text ILIKE ? ESCAPE '\\' OR s.speaker ILIKE ? "
                                "ESCAPE '\\')"]
            rows = self._rows(
                "SELECT s.*, a.outlet, a.outlet_name, a.published, a.title FROM statements s "
                f"JOIN articles a ON a.id = s.article_id WHERE {' AND '.join(st_where)} "
                f"ORDER BY a.published NULLS LAST, s.id LIMIT {int(limit)} OFFSET {int(offset)}",
                params + [like_pattern(q)] * 2)
            result["total_statements"] = self._rows(
                "SELECT count(*) AS n FROM statements s JOIN articles a ON a.id = s.article_id "
                f"WHERE {' AND '.join(st_where)}", params + [like_pattern(q)] * 2)[0]["n"]
            result["statements"] = [
                {"statement": from_row(Statement, {k: v for k, v in r.items()
                                                   if k in _fields(Statement)}).to_dict(),
                 "outlet": r["outlet_name"] or r["outlet"], "published": r["published"],
                 "title": r["title"]} for r in rows]
        if q and Speaker.TABLE in self.tables:
            result["speakers"] = self._rows(
                "SELECT sp.name, count(DISTINCT sp.article_id) AS articles, "
                "list(DISTINCT sp.article_id ORDER BY sp.article_id)[1:5] AS article_ids "
                "FROM speakers sp JOIN articles a ON a.id = sp.article_id "
                f"WHERE {' AND '.join(where + [NAME_LIKE])} "
                f"GROUP BY sp.name ORDER BY articles DESC, sp.name LIMIT {int(limit)}",
                params + [like_pattern(q)])
        return result

    # ------------------------------------------------------------------- story
    def story_view(self, story_id: str) -> dict:
        story = self.story(story_id)
        arts = self.articles(story.article_ids)
        ordered = by_publication(arts.values())
        edges = self._records(LineageEdge, "story_id = ?", [story_id])
        muts = self._records(Mutation, "story_id = ?", [story_id], order="child, parent, seq")
        links = self.link_kinds_between(list(arts))
        statements = self.statements_of(list(arts))
        hedges = self.hedges_of(list(arts))
        told = story_summary(ordered, edges, muts, statements, hedges)
        # an edge with neither parent nor external source marks a first known source
        roots = {e.child for e in edges if not e.parent and not e.external}
        outside = {e.external for e in edges if e.external}
        # "else Newsweek", not "else outside the corpus", when the story has one
        name = next(iter(outside)) if len(outside) == 1 else None
        by_child: dict[str, list[Mutation]] = {}
        for m in muts:
            by_child.setdefault(m.child, []).append(m)
        names = page_names(arts.values())  # "Reuters 1987-03-11 09:00" where one repeats
        edge_rows = [self._edge_summary(story_id, e, links, by_child, arts, names, name)
                     for e in edges if e.parent or e.external]
        picture = self._picture(story_id, ordered, edge_rows, names, roots)
        return {
            "story": story.to_dict(),
            "articles": told["articles"],
            "externals": told["externals"],
            "speakers": key_speakers(edges),
            "first_sources": sorted(roots),
            "edges": edge_rows,
            "graph": picture.to_dict(),
            "timeline": timeline(ordered, edge_rows, origin_rows(edges, names, name)),
            "key_statements": told["key_statements"],
            "caveats": told["caveats"],
            "mutation_counts": dict(Counter(m.type for m in muts
                                            if not m.from_outside).most_common()),
            "inferred_counts": dict(Counter(m.type for m in muts
                                            if m.from_outside).most_common()),
        }

    def _edge_summary(self, story_id: str, e: LineageEdge,
                      links: dict[frozenset, list[ReuseLink]],
                      muts: dict[str, list[Mutation]], arts: dict[str, Article],
                      names: Mapping[str, str], outside: str | None = None) -> dict:
        """One hop of the story page; ``links`` by pair (:meth:`link_kinds_between`),
        ``muts`` by child, ``names`` the story's page names (:func:`page_names`):
        ``parent_name``/``child_name`` tell two pages of one outlet apart where
        ``parent_outlet``/``child_outlet`` are the outlets."""
        parent_id = e.parent or external_id(e.external or "unknown")
        kind = edge_kind(e, links)
        theirs = muts.get(e.child, ())
        mine = [m for m in theirs if m.parent == e.parent]
        # a hop from outside the corpus is typed against the source as its copies tell
        # it: a lead, shown apart (no alarm on the graph, muted in the timeline)
        inferred = [m for m in theirs if not e.parent and m.parent == parent_id]
        parent = arts.get(e.parent or "")
        child = arts.get(e.child)
        other = _runner_up(e, names, outside)
        return {"parent": parent_id, "child": e.child, "external": e.external,
                "parent_outlet": outlet_name(parent) if parent else e.external,
                "parent_name": names.get(e.parent or "", e.parent or e.external),
                "runner_up_outlet": other["outlet"] if other else None,
                "child_outlet": outlet_name(child) if child else e.child,
                "child_name": names.get(e.child, e.child),
                "kind": kind, "confidence": e.confidence, "tie": e.tie,
                "evidence": e.evidence, "mutations": [m.type for m in mine],
                "inferred": [m.type for m in inferred],
                "href": f"/story/{quote(story_id, safe='')}/edge?"
                        + urlencode({"parent": parent_id, "child": e.child})}

    def _picture(self, story_id: str, ordered: list[Article], edge_rows: list[dict],
                 names: Mapping[str, str], roots: set[str] = frozenset()) -> g.Picture:
        """The lineage picture; a node is labelled with its page name (``names``)."""
        nodes = [g.Node(id=a.id, label=names[a.id], sublabel=day(a.published),
                        published=a.published, href=f"/article/{quote(a.id, safe='')}",
                        origin=a.id in roots,
                        title=f"{names[a.id]}\n{a.title or ''}\n{a.published or ''}"
                              + ("\nfirst known source" if a.id in roots else ""))
                 for a in ordered]
        known = {n.id for n in nodes}
        for row in edge_rows:
            if row["external"] and row["parent"] not in known:
                known.add(row["parent"])
                nodes.insert(0, g.Node(id=row["parent"], label=row["external"],
                                       sublabel="outside the corpus", external=True,
                                       title=f"{row['external']} (not in the corpus)"))
        edges = [g.Edge(parent=r["parent"], child=r["child"], kind=r["kind"],
                        confidence=float(r["confidence"] or 0), tie=bool(r["tie"]),
                        mutations=r["mutations"], href=r["href"]) for r in edge_rows]
        return g.layout(nodes, edges)

    # -------------------------------------------------------------------- edge
    def edge_view(self, story_id: str, parent: str, child: str) -> dict:
        story = self.story(story_id)
        child_art = self.article(child)
        external = external_name(parent)
        parent_art = None if external else self.article(parent)
        names = page_names(self.articles(story.article_ids).values())
        edges = self._records(LineageEdge, "story_id = ? AND child = ?", [story_id, child])
        edge = next((e for e in edges if (e.parent == parent) or
                     (external and e.external == external)), None)
        if edge is None:
            raise NotFound(f"no lineage edge {parent!r} -> {child!r} in story {story_id!r}")
        muts = self._records(Mutation, "story_id = ? AND child = ? AND parent = ?",
                             [story_id, child, parent], order="seq")
        link = None
        if parent_art:
            between = self.links_between([parent, child])
            between = [lk for lk in between if {lk.a, lk.b} == {parent, child}]
            link = max(between, key=lambda lk: KIND_STRENGTH.get(lk.kind, 0), default=None)
        shared_p = (link.spans_a if link.a == parent else link.spans_b) if link else []
        shared_c = (link.spans_b if link.a == parent else link.spans_a) if link else []
        p_marks = spans_to_marks(shared_p, "shared", "shared passage")
        c_marks = spans_to_marks(shared_c, "shared", "shared passage")
        listed = mutation_rows(muts, parent_art, child_art)
        for m, row in zip(muts, listed):
            tip = f"#{row['n']} {row['label']}" + (f": {m.detail}" if m.detail else "")
            cls = f"mut mut-{m.type}"
            p_marks += spans_to_marks(m.parent_spans, cls, tip, row["ref"])
            c_marks += spans_to_marks(m.child_spans, cls, tip, row["ref"])
        return {
            "story": {"id": story.id, "label": story.label},
            "edge": edge.to_dict(),
            "tie": _tie_note(edge, edges, names),
            "runner_up": _runner_up(edge, names),
            "kind": edge_kind(edge, links_by_pair([link] if link else [])),
            "evidence": _evidence_lines(edge.evidence),
            "parent": _article_summary(parent_art, names) if parent_art else
            {"id": parent, "outlet": external, "name": external, "external": True},
            "child": _article_summary(child_art, names),
            "link": link.to_dict() if link else None,
            "mutations": listed,
            "parent_segments": [s.to_dict() for s in segments(parent_art.text, p_marks)]
            if parent_art else [],
            "child_segments": [s.to_dict() for s in segments(child_art.text, c_marks)],
        }

    # ----------------------------------------------------------------- article
    def article_view(self, article_id: str) -> dict:
        art = self.article(article_id)
        statements = self.statements_of([article_id])
        hedges = self.hedges_of([article_id])
        marks: list[Mark] = []
        for st in statements:
            tip = statement_tooltip(st)
            marks += spans_to_marks(st.content, "stmt", tip, st.id)
            marks += spans_to_marks(st.cue, "cue", f"cue: {st.cue_text}", st.id)
            marks += spans_to_marks(st.source, "src", f"speaker: {st.speaker or '?'}", st.id)
            if st.channel:
                marks += spans_to_marks([st.channel.span], "chan",
                                        f"channel: {st.channel.name}", st.id)
            for h in st.hedges:
                marks += spans_to_marks([h.span], "hedge", f"hedge ({h.type}): {h.cue}", st.id)
        for h in hedges:
            marks += spans_to_marks([[h.start, h.end]], "hedge", f"caveat ({h.type}): {h.cue}")
        stories = self.stories_of(article_id)
        related = []
        if ReuseLink.TABLE in self.tables:
            links = self._records(ReuseLink, "a = ? OR b = ?", [article_id, article_id],
                                  order="score DESC", limit=30)
            others = self.articles([lk.b if lk.a == article_id else lk.a for lk in links])
            for lk in links:
                other = others.get(lk.b if lk.a == article_id else lk.a)
                if other:
                    related.append({**_article_summary(other), "kind": lk.kind,
                                    "score": lk.score})
        citations = self._records(Citation, "article_id = ?", [article_id], order="start")
        return {
            "article": {**_article_summary(art), "url": art.url, "authors": art.authors,
                        "section": art.section, "language": art.language,
                        "locations": [loc.to_dict() for loc in art.locations]},
            "statements": [s.to_dict() for s in statements],
            "article_hedges": [h.to_dict() for h in hedges],
            "citations": [c.to_dict() for c in citations],
            "stories": [{"id": s.id, "label": s.label, "size": s.size} for s in stories],
            "related": related,
            "segments": [s.to_dict() for s in segments(art.text, marks)],
        }

    # ------------------------------------------------------------------- trace
    def trace(self, claim: str, engine: str = "web", limit: int = 200) -> dict:
        """Appearances of a quote or claim (at most ``limit``), earliest, origin and path:
        see :mod:`retold.web.trace`."""
        from retold.web.trace import trace

        return trace(self, claim, engine=engine, limit=limit)


# ------------------------------------------------------------------- pure helpers


def by_publication(arts: Iterable[Article]) -> list[Article]:
    """A story's articles in the order its page lists them: earliest first, undated last."""
    return sorted(arts, key=lambda a: (a.published or "9999", a.id))


def story_summary(ordered: list[Article], edges: Sequence[LineageEdge],
                  muts: Sequence[Mutation], statements: list[Statement],
                  hedges: list[ArticleHedge]) -> dict:
    """The parts of :meth:`Corpus.story_view` that the ClaimReview export reads too
    (articles, out-of-corpus origins, key statements, caveats), from one story's rows.
    Why a function of rows: the export reads the rows of many stories in a few queries
    (:mod:`retold.export.batch`) and must say exactly what the page says.
    ``statements`` in ``article_id, id`` order (the first hedge cue of an article is the
    one a caveat row shows)."""
    names = page_names(ordered)
    return {"articles": [_article_summary(a, names) for a in ordered],
            "externals": sorted({e.external for e in edges if e.external}),
            "key_statements": key_statements(ordered, statements),
            "caveats": caveat_table(ordered, statements, hedges, list(edges), list(muts))}


def mutation_rows(muts: Sequence[Mutation], parent_art: Article | None, child_art: Article
                  ) -> list[dict]:
    """One hop's mutations (in ``seq`` order) as the edge page and the story report list
    them, numbered, with the words before and after; a hop from outside the corpus
    (``parent_art`` None) has no before and raises no alarm (it is a lead)."""
    rows = []
    for i, m in enumerate(muts, 1):
        rows.append({"n": i, "ref": f"m{i}", "type": m.type, "label": m.type.replace("_", " "),
                     "detail": m.detail, "parent_spans": m.parent_spans,
                     "child_spans": m.child_spans,
                     "alarming": m.type in g.ALARMING and parent_art is not None,
                     "parent_text": excerpt(parent_art.text, m.parent_spans)
                     if parent_art else "",
                     "child_text": excerpt(child_art.text, m.child_spans)})
    return rows


def links_by_pair(links: Sequence[ReuseLink]) -> dict[frozenset, list[ReuseLink]]:
    """``links`` grouped by their unordered pair of articles: a hop looks up its own pair
    (:func:`edge_kind`) instead of scanning every link of the story."""
    out: dict[frozenset, list[ReuseLink]] = {}
    for lk in links:
        out.setdefault(frozenset((lk.a, lk.b)), []).append(lk)
    return out


def edge_kind(e: LineageEdge, pairs: Mapping[frozenset, Sequence[ReuseLink]]) -> str:
    """The reuse kind of a lineage hop: the lineage stage's own word for it if it gave one
    (``evidence["kind"]`` or ``evidence["reuse"]["kind"]``), else the strongest reuse link
    between the two articles (``pairs``: links by pair, :func:`links_by_pair`; a hop from
    outside the corpus has none)."""
    ev = e.evidence if isinstance(e.evidence, dict) else {}
    reuse = ev.get("reuse") if isinstance(ev.get("reuse"), dict) else {}
    kind = str(ev.get("kind") or reuse.get("kind") or "")
    if kind:
        return kind
    between = pairs.get(frozenset((e.parent, e.child)), ())
    if between:
        return max(between, key=lambda lk: KIND_STRENGTH.get(lk.kind, 0)).kind
    return "cites" if e.external else "unknown"


def _runner_up(edge: LineageEdge, names: Mapping[str, str], outside: str | None = None
               ) -> dict | None:
    """``{"id", "probability", "outlet"}`` of the next likeliest parent of an edge retold
    is unsure of (:func:`retold.lineage.parents.runner_up`), ``outlet`` its page name
    among the story's (``names``, :func:`page_names`); a source outside the corpus is
    ``outside`` when the caller knows its name."""
    other = runner_up(edge.confidence, edge.parent, (edge.evidence or {}).get("alternatives"))
    if other is None:
        return None
    outlet = names.get(other[0], other[0]) if other[0] else outside or "outside the corpus"
    return {"id": other[0], "probability": other[1], "outlet": outlet}


def origin_rows(edges: Sequence[LineageEdge], names: Mapping[str, str],
                outside: str | None = None) -> dict[str, dict]:
    """The first known sources in the corpus (edges with neither parent nor outside
    source) by article: ``{"confidence", "runner_up_outlet"}``, the probability that no
    page of the corpus is its source and the likeliest one if unsure, as ``retold story``
    prints them beside an origin. Why: the story page's hops are the edges with a
    parent, so its timeline gave an origin no confidence even when it had a rival."""
    out = {}
    for e in edges:
        if not e.parent and not e.external:
            other = _runner_up(e, names, outside)
            out[e.child] = {"confidence": e.confidence,
                            "runner_up_outlet": other["outlet"] if other else None}
    return out


def _tie_note(edge: LineageEdge, edges: Sequence[LineageEdge], names: Mapping[str, str]
              ) -> dict | None:
    """What a tie means on this hop: the text fits the child as well from the other
    candidate(s); the probabilities (head start, dates, the rest of the tree) may still
    tell them apart. ``{"kept", "others": [{"id", "outlet", "probability", "href"}]}``:
    ``kept`` is False on the hop of a tied candidate that was not kept (its mutations are
    typed on the kept hop only). ``names``: the story's page names (:func:`page_names`)."""
    if not edge.tie:
        return None
    kept = not (edge.evidence or {}).get("tie_with")  # else a tied candidate's hop
    others = [e for e in edges if e.tie and (e.parent, e.external) != (edge.parent, edge.external)]

    def name(e: LineageEdge) -> str:
        if e.parent is None:
            return f"{e.external or 'a source'} (outside the corpus)"
        return names.get(e.parent, e.parent)

    return {"kept": kept, "others": [
        {"id": e.parent, "outlet": name(e), "probability": e.confidence,
         "href": "?" + urlencode({"parent": e.parent or external_id(e.external or "unknown"),
                                  "child": e.child})} for e in others]}


def _evidence_lines(evidence: Any) -> list[str]:
    """The lineage stage's evidence as short 'key: value' lines for the diff page."""
    if not isinstance(evidence, dict):
        return []
    lines = []
    for key, value in evidence.items():
        if key == "alternatives" and isinstance(value, (list, tuple)):
            value = "; ".join(  # [id, cost, probability]; older rows [id, cost]
                f"{a[0] or 'outside the corpus'} (cost {a[1]}"
                + (f", probability {a[2]:.2f})" if len(a) > 2 else ")")
                for a in value if isinstance(a, (list, tuple)) and len(a) >= 2) or "none"
        elif isinstance(value, (list, tuple)):
            value = "; ".join(str(v) for v in value) or "none"
        elif isinstance(value, dict):
            value = ", ".join(f"{k} {v}" for k, v in value.items())
        lines.append(f"{key.replace('_', ' ')}: {value}")
    return lines


def _fields(cls: type[Record]) -> set[str]:
    return set(cls.__dataclass_fields__)  # type: ignore[attr-defined]


def _article_summary(a: Article, names: Mapping[str, str] | None = None) -> dict:
    """An article as the pages list it; ``name`` its page name among its story's
    (``names``, :func:`page_names`), its outlet when no story is given."""
    return {"id": a.id, "title": a.title or (a.text[:80] + "…"), "outlet": outlet_name(a),
            "name": (names or {}).get(a.id, outlet_name(a)),
            "domain": a.outlet, "published": a.published, "day": day(a.published),
            "url": a.url}


def _snippet(text: str, q: str, width: int = 110) -> dict:
    """Around the first match of ``q``: {'before', 'match', 'after'} (escaped on render)."""
    at = text.casefold().find(q.casefold()) if q else -1
    if at < 0:
        return {"before": text[: 2 * width], "match": "", "after": ""}
    start = max(0, at - width)
    return {"before": ("…" if start else "") + text[start:at], "match": text[at:at + len(q)],
            "after": text[at + len(q): at + len(q) + width] + "…"}


def statement_tooltip(st: Statement) -> str:
    parts = [f"speaker: {st.speaker or 'unresolved'}"]
    if st.cue_text:
        parts.append(f"cue: {st.cue_text}")
    if st.channel:
        parts.append(f"channel: {st.channel.name}")
    if st.hedges:
        parts.append("hedges: " + ", ".join(f"{h.type} ({h.cue})" for h in st.hedges))
    return "\n".join(parts)
