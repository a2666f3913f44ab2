"""Store-facing reuse: link new articles against everything stored, never all pairs.

Why separate tables beside the record tables: LSH band keys (``reuse_bands``), quote
n-gram keys (``reuse_quote_grams``) and story membership (``reuse_story_members``) are
indexes, not results; they let a new ingest find its candidates with three joins instead
of re-reading the corpus. Each new article is queried against them, then inserted, so
re-running on the same ids replaces its rows instead of duplicating them.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import numpy as np
import pyarrow as pa

from retold.records import Article, Citation, Reject, ReuseLink, Statement, Story
from retold.reuse import citations as cit
from retold.reuse.align import align
from retold.reuse.linker import Config, boilerplate, check_articles, citation_links, \
    drop_shingles, formula_templates, make_link, outside_formulas, pair_reject, publisher, \
    quote_grams, shingle_sets, signed_sets, statement_grams, worth_aligning
from retold.reuse.lsh import DuckDBBuckets, LSHIndex, candidate_pairs
from retold.reuse.quotes import find_quotes, match_quotes
from retold.stories import group

BOILERPLATE_SAMPLE = 200
NEAR_BANDS = 6  # LSH bands shared before a citation may resolve to a candidate


def ensure_tables(con) -> None:
    """The stage's own index tables (quote 4-grams, story members), created if missing."""
    con.execute("CREATE TABLE IF NOT EXISTS reuse_quote_grams (gram UBIGINT, doc VARCHAR)")
    con.execute("CREATE TABLE IF NOT EXISTS reuse_story_members "
                "(article_id VARCHAR, story_id VARCHAR)")


def _statements(store, arts: Sequence[Article]) -> dict[str, list[Statement]]:
    rows = store.query_in(Statement, "article_id", [a.id for a in arts])
    out: dict[str, list[Statement]] = defaultdict(list)
    for s in rows:
        out[s.article_id].append(s)
    for a in arts:
        if a.id not in out:
            out[a.id] = find_quotes(a.text, a.id)
    return out


def _boiler_context(store, arts: Sequence[Article]) -> list[Article]:
    """New articles plus a sample of stored ones of the same outlets (for boilerplate)."""
    outlets = sorted({publisher(a) for a in arts} - {""})
    have = {a.id for a in arts}
    extra = []
    for o in outlets:
        extra += [a for a in store.query(Article, 'coalesce("outlet", "outlet_name") = ?', [o],
                                         order="id", limit=BOILERPLATE_SAMPLE)
                  if a.id not in have]
    return list(arts) + extra


def update(store, new_ids: Sequence[str] | None, progress=None, summary=None,
           config: Config | None = None) -> list[str]:
    """Links, citations and story membership for ``new_ids``; returns story ids touched."""
    cfg = config or Config()
    new_ids = list(dict.fromkeys(new_ids or []))
    if not new_ids:
        return []
    con = store.con
    ensure_tables(con)
    arts, rejects = check_articles(store.query_in(Article, "id", new_ids), cfg.min_words)
    if rejects:
        store.upsert(rejects)
    if summary is not None and hasattr(summary, "rejects"):
        summary.rejects += len(rejects)
    if not arts:
        return []
    ids = [a.id for a in arts]
    buckets = DuckDBBuckets(con, max_bucket=cfg.max_bucket)
    buckets.remove(ids)
    con.register("_new", pa.table({"doc": ids}))
    con.execute("DELETE FROM reuse_quote_grams WHERE doc IN (SELECT doc FROM _new)")
    con.unregister("_new")
    boiler_sh, boiler_sent = boilerplate(_boiler_context(store, arts), cfg.ngram,
                                         cfg.boilerplate_share, cfg.boilerplate_min_docs)
    sigs, sizes, sets, frequent, common = signed_sets(arts, cfg, boiler_sh)
    index = LSHIndex(cfg.lsh_threshold, cfg.num_perm, storage=buckets)
    keys = index.keys(sigs)
    pairs: set[tuple[str, str]] = set()
    near: dict[str, set[str]] = defaultdict(set)  # candidates sharing >= NEAR_BANDS bands
    for i, found in enumerate(buckets.get_counts(keys)):
        if sizes[i]:
            for d, n in found.items():
                if d != ids[i]:
                    pairs.add(tuple(sorted((ids[i], d))))
                    if n >= NEAR_BANDS:
                        near[ids[i]].add(d)
                        near[d].add(ids[i])
    for i, j in candidate_pairs(keys, cfg.max_bucket, valid=sizes > 0).tolist():
        pairs.add(tuple(sorted((ids[i], ids[j]))))
        if int(np.count_nonzero(keys[i] == keys[j])) >= NEAR_BANDS:
            near[ids[i]].add(ids[j])
            near[ids[j]].add(ids[i])
    buckets.add([ids[i] for i in range(len(ids)) if sizes[i]], keys[sizes > 0])
    stmts = _statements(store, arts)
    pairs |= _quote_candidates(con, arts, stmts)
    others = sorted({d for p in pairs for d in p} - set(ids))
    by_id = {a.id: a for a in arts} | {a.id: a for a in store.query_in(Article, "id", others)}
    stmts.update(_statements(store, [by_id[o] for o in others if o in by_id]))
    pairs = _worth_aligning(pairs, arts, sets, frequent, common, by_id, stmts, boiler_sh,
                            cfg)
    pair_rejects: list = []
    formulas = formula_templates(list(by_id.values()))
    links = _align_pairs(sorted(pairs), by_id, stmts, boiler_sent, formulas, cfg, progress,
                         pair_rejects)
    if pair_rejects:
        store.upsert(pair_rejects)
    for l in links:
        near[l.a].add(l.b)
        near[l.b].add(l.a)
    cites = [c for a in arts for c in cit.find_citations(a)]
    links += citation_links(list(by_id.values()), cites, near, links)
    _write_links(store, ids, links, cites)
    if summary is not None and hasattr(summary, "links"):
        summary.links += len(links)
    return _update_stories(store, ids, links, by_id)


def _worth_aligning(pairs, arts, sets, frequent, common, by_id, stmts, boiler_sh,
                    cfg: Config):
    """The candidate pairs :func:`worth_aligning` keeps; stored partners get their shingle
    sets made as the new articles' were (outlet boilerplate and this batch's frequent
    shingles removed), and rarity is this batch's (``common``: its document counts, as a
    Spark run counts them over its whole input)."""
    set_of = {a.id: s for a, s in zip(arts, sets)}
    stored = [by_id[d] for d in sorted({d for p in pairs for d in p} - set(set_of)) if d in by_id]
    set_of.update(zip((a.id for a in stored),
                      drop_shingles(shingle_sets(stored, cfg, boiler_sh), frequent)))
    grams = {d: quote_grams(stmts.get(d, ()), by_id[d].text) for d in set_of}
    return {(x, y) for x, y in pairs if x in set_of and y in set_of
            and worth_aligning(set_of[x], set_of[y], grams[x], grams[y], cfg, common)}


def _quote_candidates(con, arts: Sequence[Article], stmts) -> set[tuple[str, str]]:
    """Pairs (new, stored or new) sharing a quote 4-gram; the grams are then stored."""
    rows_doc, rows_gram = [], []
    for a in arts:
        g, n = np.unique(statement_grams(stmts.get(a.id, ()), a.text), return_counts=True)
        # a gram counts at most twice: the test below is "two or more", and a quotation
        # repeated 200 times on a page made this join quadratic in its repeats
        g = np.repeat(g, np.minimum(n, 2))
        rows_gram.append(g)
        rows_doc += [a.id] * len(g)
    if not rows_doc:
        return set()
    tbl = pa.table({"gram": np.concatenate(rows_gram), "doc": rows_doc})
    con.register("_qg", tbl)
    found = con.execute(
        "SELECT DISTINCT q.doc, t.doc FROM _qg q JOIN (SELECT gram, doc FROM reuse_quote_grams "
        "UNION ALL SELECT gram, doc FROM _qg) t ON q.gram = t.gram WHERE q.doc <> t.doc "
        "GROUP BY q.doc, t.doc HAVING count(*) >= 2").fetchall()
    con.execute("INSERT INTO reuse_quote_grams SELECT DISTINCT gram, doc FROM _qg")
    con.unregister("_qg")
    return {tuple(sorted(p)) for p in found}


def align_pair(a: Article, b: Article, stmts_a, stmts_b, boiler_sent, formulas,
               cfg: Config):
    """One candidate pair: a ``ReuseLink``, None (not related enough) or a ``Reject`` (the
    pair could not be compared). The in-process loop and the Spark job both call this."""
    empty = frozenset()
    ignore = boiler_sent.get(publisher(a), empty) | boiler_sent.get(publisher(b), empty)
    try:
        al = align(a.text, b.text, cfg.align_threshold, ignore=ignore,
                   ignore_templates=formulas)
        qm = match_quotes(outside_formulas(stmts_a, a.text, formulas),
                          outside_formulas(stmts_b, b.text, formulas), a.text, b.text,
                          cfg.quote_threshold)
        return make_link(a, b, al, qm, [], cfg)
    except Exception as exc:  # noqa: BLE001 - one bad pair must not stop the batch
        return pair_reject(a.id, b.id, exc)


def locality_order(pairs: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    """``pairs`` in an order that keeps each article's pairs close together.

    ``align`` caches each text's split, normalised sentences (``PREPARED_TEXTS`` of them),
    so a pair is cheap when both texts were seen a moment ago. In sorted order one side
    jumps around the whole corpus, the cache misses more as the corpus grows and the
    time per pair grows with it. Ranking articles breadth-first over the pair graph and
    taking pairs by rank keeps a story's articles (and their pairs) together."""
    graph: dict[str, list[str]] = defaultdict(list)
    for x, y in pairs:
        graph[x].append(y)
        graph[y].append(x)
    rank: dict[str, int] = {}
    for start in sorted(graph):
        if start in rank:
            continue
        rank[start] = len(rank)
        queue = [start]
        for node in queue:
            for nxt in sorted(graph[node]):
                if nxt not in rank:
                    rank[nxt] = len(rank)
                    queue.append(nxt)
    return sorted(pairs, key=lambda p: (max(rank[p[0]], rank[p[1]]),
                                        min(rank[p[0]], rank[p[1]])))


def _align_pairs(pairs, by_id, stmts, boiler_sent, formulas, cfg: Config, progress,
                 rejects: list) -> list[ReuseLink]:
    """Links of the (sorted) ``pairs``, computed in :func:`locality_order` and returned in
    pair order, so that the result does not depend on the order of work."""
    got_by_pair: dict[tuple[str, str], ReuseLink | Reject] = {}
    for n, (x, y) in enumerate(locality_order(pairs)):
        a, b = by_id.get(x), by_id.get(y)
        if a is None or b is None:
            continue
        got = align_pair(a, b, stmts.get(x, ()), stmts.get(y, ()), boiler_sent, formulas, cfg)
        if got is not None:
            got_by_pair[(x, y)] = got
        if progress and n % 100 == 0:
            progress("reuse", n, len(pairs))
    links = []
    for pair in pairs:
        got = got_by_pair.get(pair)
        if isinstance(got, Reject):
            rejects.append(got)
        elif got is not None:
            links.append(got)
    return links


def _write_links(store, ids: Sequence[str], links: list[ReuseLink],
                 cites: list[Citation]) -> None:
    store.delete_in(ReuseLink.TABLE, "b", ids)
    store.replace(ReuseLink, "a", ids, links)
    store.replace(Citation, "article_id", ids, cites)


def _update_stories(store, ids: Sequence[str], links: list[ReuseLink],
                    by_id: dict[str, Article]) -> list[str]:
    con = store.con
    neighbours = sorted({x for l in links for x in (l.a, l.b)} | set(ids))
    rows = con.execute("SELECT DISTINCT story_id FROM reuse_story_members "
                       "WHERE article_id IN (SELECT unnest(?))", [neighbours]).fetchall()
    existing = store.query_in(Story, "id", [r[0] for r in rows])
    new = set(ids)
    for s in existing:  # a re-run: the new ids leave their old story first
        s.article_ids = [a for a in s.article_ids if a not in new]
    emptied = [s.id for s in existing if not s.article_ids]
    existing = [s for s in existing if s.article_ids]
    members = {a for s in existing for a in s.article_ids}
    known = set(by_id)
    missing = sorted(members - known)
    by_id.update({a.id: a for a in store.query_in(Article, "id", missing)})
    old_links = store.query_in(ReuseLink, "a", sorted(members))
    all_links = links + [l for l in old_links if l.b in members]
    touched = group(ids, all_links, existing=existing, articles=by_id)
    keep = [s for s in touched if s.article_ids]
    changed = [s.id for s in touched] + emptied
    store.replace(Story, "id", changed, keep)
    store.delete_in("reuse_story_members", "story_id", changed)
    store.delete_in("reuse_story_members", "article_id", ids)
    if keep:
        con.register("_sm", pa.table({
            "article_id": [a for s in keep for a in s.article_ids],
            "story_id": [s.id for s in keep for _ in s.article_ids]}))
        con.execute("INSERT INTO reuse_story_members SELECT article_id, story_id FROM _sm")
        con.unregister("_sm")
    # the stories emptied or merged away too: lineage deletes their edges and mutations
    # (left out, a re-analysis kept every old edge of a regrouped story, under an id no
    # story has, and a child had parents in two stories)
    return list(dict.fromkeys(changed))
