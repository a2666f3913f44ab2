"""Stories: grouping from links, hub and boilerplate robustness, incremental == batch."""
from __future__ import annotations

import pytest

from retold.records import ReuseLink, Story
from retold.reuse import link
from retold.reuse.linker import as_article
from retold.stories import group

BASES = {
    "turkey": [
        "Ex-IS Member Says Group Sees Turkey as Ally",
        "A former member of the IS militant group has described how Turkish border forces let "
        "its fighters travel through Turkish territory to reinforce units battling Kurdish forces.",
        "\u201cIS commanders told us to fear nothing at all because there was full cooperation "
        "with the Turks,\u201d said the former fighter, who used the pseudonym Sherko Omer.",
        "Until last month, NATO member Turkey had blocked Kurdish fighters from crossing the "
        "border into Syria to aid their counterparts in defending the town of Kobane.",
        "\u201cIS and Turkey cooperate together on the ground on the basis that they have a "
        "common enemy to destroy, the Kurds,\u201d he added in the interview.",
    ],
    "cocoa": [
        "Bahia Cocoa Harvest Outlook Improves After Rains",
        "Showers continued throughout the week in the Bahia cocoa zone, alleviating the drought "
        "since early January and improving prospects for the coming temporao harvest.",
        "\u201cArrivals for the week were well above what the trade had expected for this stage "
        "of the season,\u201d said a spokesman for the Comissaria Smith export house.",
        "Spot bean prices rose to 340 to 350 cruzados per arroba of 15 kilos, while shippers "
        "were reluctant to offer nearby shipment and only limited sales were booked.",
        "There are doubts as to how much of the remaining cocoa would be fit for export, as "
        "shippers are experiencing difficulties in obtaining superior quality certificates.",
    ],
    "rates": [
        "Central Bank Holds Rates, Warns on Inflation",
        "The central bank kept its benchmark interest rate unchanged on Thursday, saying that "
        "inflation remained stubbornly above its target despite a slowing economy.",
        "\u201cWe are prepared to act decisively should price pressures fail to ease in the "
        "coming months,\u201d the governor told a news conference in the capital.",
        "Economists polled before the meeting had been evenly split between a hold and a "
        "quarter-point increase, citing strong wage growth and a weaker currency.",
        "Bond yields fell after the announcement as traders scaled back bets on further "
        "tightening this year, while the currency slipped against the dollar.",
    ],
}
HEADER = "Daily Ledger | Markets | World | Opinion | Subscribe to our newsletter today"
FOOTER = ("Copyright Daily Ledger Media Group. All rights reserved. Follow us on social media "
          "for the latest headlines, market updates and analysis from our reporters.")


def _articles(outlet_boiler: bool = True) -> list[dict]:
    """Three stories of three articles each (copy, cut copy, reworded copy), one outlet's
    boilerplate on every derived page."""
    arts = []
    for name, paras in BASES.items():
        body = paras[1:]
        arts.append({"id": f"{name}-0", "title": paras[0], "text": "\n\n".join(paras),
                     "outlet": f"{name}-origin.com", "published": "2026-01-01T00:00:00Z"})
        derived = [
            ["Breaking: " + paras[0]] + body,
            [paras[0]] + body[:2],
            [paras[0]] + [body[0].replace(" has ", " has now "), body[1], body[2]],
        ]
        for k, d in enumerate(derived, 1):
            if outlet_boiler:
                d = [HEADER] + d + [FOOTER]
            arts.append({"id": f"{name}-{k}", "title": d[1] if outlet_boiler else d[0],
                         "text": "\n\n".join(d), "outlet": "dailyledger.com",
                         "published": f"2026-01-0{k + 1}T00:00:00Z"})
    return arts


def _partition(stories) -> set[frozenset]:
    return {frozenset(s.article_ids) for s in stories if s.article_ids}


def _batch(arts):
    links = link(arts)
    by_id = {a["id"]: as_article(a) for a in arts}
    return links, group(list(by_id), links, articles=by_id)


def test_stories_are_found_and_boilerplate_does_not_glue_them():
    arts = _articles(outlet_boiler=True)
    links, stories = _batch(arts)
    assert _partition(stories) == {frozenset(f"{n}-{k}" for k in range(4)) for n in BASES}
    assert all(not (l.a.split("-")[0] != l.b.split("-")[0]) for l in links)


def test_without_boilerplate_filtering_the_shared_footer_would_link(monkeypatch):
    """The guard is what keeps stories apart: same corpus, boilerplate detection off."""
    from retold.reuse import linker

    monkeypatch.setattr(linker, "boilerplate", lambda *a, **k: ({}, {}))
    links = link(_articles(outlet_boiler=True))
    assert any(l.a.split("-")[0] != l.b.split("-")[0] for l in links)


def test_hub_article_quoting_many_stories_does_not_merge_them():
    arts = _articles(outlet_boiler=False)
    quotes = [BASES[n][k] for n in BASES for k in (2, 4)]
    arts.append({"id": "hub", "title": "Quotes of the week", "outlet": "roundup.net",
                 "text": "Quotes of the week\n\n" + "\n\n".join(
                     f"{i}. {q}" for i, q in enumerate(quotes, 1))})
    links, stories = _batch(arts)
    hub_links = {l.a if l.b == "hub" else l.b for l in links if "hub" in (l.a, l.b)}
    assert {x.split("-")[0] for x in hub_links} == set(BASES)  # it does touch all three
    parts = _partition(stories)
    for name in BASES:  # ...yet every story stays whole and apart from the others
        members = frozenset(f"{name}-{k}" for k in range(4))
        assert any(members <= p and not any(
            (p - {"hub"}) & frozenset(f"{o}-{k}" for k in range(4)) for o in BASES if o != name)
            for p in parts)


def test_label_is_the_most_central_headline_and_first_seen_the_earliest():
    _, stories = _batch(_articles(outlet_boiler=False))
    turkey = next(s for s in stories if "turkey-0" in s.article_ids)
    assert "Turkey as Ally" in turkey.label
    assert turkey.first_seen == "2026-01-01T00:00:00+00:00"  # input dates are stored in UTC
    assert turkey.size == 4


def test_incremental_grouping_equals_batch():
    arts = _articles(outlet_boiler=True)
    links, batch = _batch(arts)
    by_id = {a["id"]: as_article(a) for a in arts}
    existing: dict[str, Story] = {}
    order = sorted(by_id, key=lambda i: (i.split("-")[1], i))  # originals first, then copies
    for chunk in (order[:3], order[3:5], order[5:9], order[9:]):
        seen = set().union(*[set(order[:order.index(c) + 1]) for c in chunk])
        known = [l for l in links if l.a in seen and l.b in seen]
        for s in group(chunk, known, existing=list(existing.values()), articles=by_id):
            if s.article_ids:
                existing[s.id] = s
            else:
                existing.pop(s.id, None)
    assert _partition(existing.values()) == _partition(batch)


def test_min_bridge_is_validated():
    with pytest.raises(ValueError, match="min_bridge must be >= 1"):
        group(["a"], [], min_bridge=0)


def test_store_update_in_batches_equals_one_batch():
    from retold.store import Store

    arts = [as_article(a) for a in _articles(outlet_boiler=True)]
    results = []
    for batches in ([arts], [arts[:5], arts[5:9], arts[9:]]):
        store = Store(":memory:")
        store.upsert(arts)
        from retold.reuse import update

        touched = []
        for b in batches:
            touched += update(store, [a.id for a in b])
        stories = store.query(Story)
        assert set(touched) >= {s.id for s in stories if s.size > 1}
        results.append(_partition(stories))
        assert store.count(ReuseLink) > 0
        store.close()
    assert results[0] == results[1] == {frozenset(f"{n}-{k}" for k in range(4)) for n in BASES}



def test_components_are_partitioned_in_sorted_order_whatever_the_hash_seed():
    """Louvain follows node iteration order, and a set's order changes with PYTHONHASHSEED:
    each component is handed to it as a graph whose nodes and edges come sorted."""
    import networkx as nx

    from retold.stories import _ordered_subgraph

    g = nx.Graph()
    names = [f"art-{i * 7919 % 101:03d}" for i in range(40)]
    for a, b in zip(names, names[1:]):
        g.add_edge(b, a, weight=1.0)
    g.add_edge("other-1", "other-2", weight=1.0)
    comp = set(names)
    sub = _ordered_subgraph(g, comp)
    assert list(sub.nodes) == sorted(comp)
    edges = [tuple(sorted(e)) for e in sub.edges]
    assert edges == sorted(edges) and len(edges) == len(names) - 1
    assert all(sub[u][v]["weight"] == 1.0 for u, v in sub.edges)


def test_reanalysis_leaves_no_lineage_under_a_story_that_is_gone():
    """`retold analyze --redo` regroups every story; a story whose id changed (its members
    moved to a story named after another) kept its lineage edges and mutations under an
    id no story has, so a child had parents in two stories in every export."""
    from retold.pipeline import analyze
    from retold.store import Store

    arts = [as_article(a) for a in _articles(outlet_boiler=True)]
    store = Store(":memory:")
    order = [a for k in (2, 3, 1, 0) for a in arts if a.id.endswith(f"-{k}")]
    for batch in (order[:3], order[3:6], order[6:]):  # copies first, the origins last
        store.upsert(batch)
        analyze(store, [a.id for a in batch])
    analyze(store, [a.id for a in arts])  # --redo
    con = store.con
    stories = {r[0] for r in con.execute("SELECT id FROM stories").fetchall()}
    edge_stories = {r[0] for r in con.execute("SELECT DISTINCT story_id FROM lineage_edges").fetchall()}
    assert edge_stories and edge_stories <= stories
    twice = con.execute("SELECT child FROM lineage_edges GROUP BY child "
                        "HAVING count(DISTINCT story_id) > 1").fetchall()
    assert twice == []
    assert {r[0] for r in con.execute("SELECT DISTINCT story_id FROM mutations").fetchall()} <= stories
    store.close()


def test_an_analysis_stopped_midway_is_finished_by_the_next_run(monkeypatch):
    """Ctrl-C after the statements stage left articles with statements (so they looked
    analysed) and no links, story or lineage, for good; the next run now finishes them."""
    from retold import lineage as lineage_stage
    from retold.pipeline import analyze, unfinished_ids
    from retold.records import LineageEdge
    from retold.store import Store

    arts = [as_article(a) for a in _articles(outlet_boiler=True)]

    def tables(store):
        return (store.count(ReuseLink), _partition(store.query(Story)), store.count(LineageEdge))

    clean = Store(":memory:")
    clean.upsert(arts)
    analyze(clean, [a.id for a in arts])
    stopped = Store(":memory:")
    stopped.upsert(arts)
    real_update = lineage_stage.update

    def ctrl_c(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(lineage_stage, "update", ctrl_c)
    with pytest.raises(KeyboardInterrupt):
        analyze(stopped, [a.id for a in arts])
    assert stopped.count(ReuseLink) > 0 and stopped.count(LineageEdge) == 0
    assert sorted(unfinished_ids(stopped)) == sorted(a.id for a in arts)
    monkeypatch.setattr(lineage_stage, "update", real_update)
    analyze(stopped, [])  # what `retold ingest` again (nothing new) or `retold analyze` runs
    assert unfinished_ids(stopped) == []
    assert tables(stopped) == tables(clean)
    clean.close()
    stopped.close()


def test_a_correction_central_to_its_story_does_not_label_it():
    """A wire's correction shares text with the original and with the copies made of it,
    so it is often the most central page; the story is still labelled with the item's
    headline, not "CORRECTED - …" (and a story of re-issues only, without the marker)."""
    def art(aid: str, title: str) -> dict:
        return {"id": aid, "title": title, "text": title + ". Body.", "outlet": "Reuters",
                "published": "1987-03-02T10:00:00Z"}

    arts = {a["id"]: as_article(a) for a in (
        art("orig", "REXNORD <REX> TO SELL RAILWAY UNIT"),
        art("corr", "CORRECTED - REXNORD <REX> TO SELL RAILWAY UNIT"),
        art("copy", "Rexnord to sell railway unit"))}
    links = [ReuseLink("orig", "corr", "copy", 0.95), ReuseLink("corr", "copy", "copy", 0.95)]
    (story,) = group(list(arts), links, articles=arts)
    assert set(story.article_ids) == {"orig", "corr", "copy"}
    assert story.label in {arts["orig"].title, arts["copy"].title}  # the two less central

    only = {a["id"]: as_article(a) for a in (
        art("rpt", "RPT-CORRECTED - REXNORD <REX> TO SELL RAILWAY UNIT"),
        art("corr", "CORRECTED - REXNORD <REX> TO SELL RAILWAY UNIT"))}
    (story,) = group(list(only), [ReuseLink("rpt", "corr", "copy", 0.95)], articles=only)
    assert story.label == "REXNORD <REX> TO SELL RAILWAY UNIT"
