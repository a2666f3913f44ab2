"""A hand-made story around the sample page, for tests, screenshots and trying the UI.

Why it exists: the web UI and the exports must be built and tested before the analysis
stages that fill the store are finished, and they must keep being tested on a known story
whose every record we can reason about. The story is the one retold was designed from:

* Newsweek interviewed an ex-IS member going by the pseudonym "Sherko Omer" (outside the
  corpus: an *external* origin);
* Financial Tribune (the real sample page) rewrote it, keeping "told Newsweek" and the
  "was not able to independently verify" caveat;
* four derived outlets (fictional ``.example`` domains, so no real outlet is credited with
  text it never ran) copy, rewrite or quote it: one drops the caveat, one hardens the
  headline and drops the channel, one swaps "IS" for "Daesh" inside a quote, one quotes
  Newsweek directly and trims the quote.

Every span is computed from the texts with ``str.find`` so the records are consistent with
what a real pipeline would store. Run ``python -m retold.web.demo SAMPLE --db FILE`` to write
the hand-made records into a store and then ``retold serve --db FILE``, or
``python -m retold.web.demo SAMPLE --jsonl story.jsonl`` to get the five articles as input
for the real pipeline (``retold ingest story.jsonl``).
"""
from __future__ import annotations

import argparse
import difflib
import re
from dataclasses import dataclass
from pathlib import Path

from retold.records import (
    Article,
    ArticleHedge,
    Block,
    Channel,
    Hedge,
    LineageEdge,
    Location,
    Mutation,
    ReuseLink,
    Speaker,
    Statement,
    Story,
)
from retold.store import Store

STORY_ID = "ex-is-turkey-ally"
TITLE = "Ex-IS Member Says Group Sees Turkey as Ally"
CAVEAT = "While Newsweek was not able to independently verify Omer’s testimony"
UNVERIFIED_CUE = "was not able to independently verify"


def sample_blocks(sample_text: str) -> list[Block]:
    """The sample page as blocks: drop the crawler's menu debris and repeated titles."""
    paragraphs = [p.strip() for p in sample_text.split("\n\n") if p.strip()]
    blocks: list[Block] = []
    for para in paragraphs:
        lines = [ln.strip() for ln in para.splitlines() if ln.strip()]
        if para.startswith("International") or para == TITLE or set(lines) == {TITLE}:
            continue
        if para.startswith("Financialtribune.com") or para == "0":
            continue
        if len(para) < 40 and not para.endswith("."):
            blocks.append(Block("heading", para))
        else:
            blocks.append(Block("paragraph", para))
    return [Block("heading", TITLE)] + blocks


def _text(blocks: list[Block]) -> str:
    return "\n\n".join(b.text for b in blocks)


def _rewrite(blocks: list[Block], replacements: list[tuple[str, str]],
             drop: tuple[str, ...] = ()) -> list[Block]:
    out = []
    for b in blocks:
        if any(b.text.startswith(d) for d in drop):
            continue
        text = b.text
        for old, new in replacements:
            text = text.replace(old, new)
        out.append(Block(b.kind, text))
    return out


@dataclass
class _Outlet:
    key: str
    domain: str
    name: str
    published: str
    blocks: list[Block]


def _outlets(sample_text: str) -> list[_Outlet]:
    ft = sample_blocks(sample_text)
    levant = _rewrite(ft, [], drop=("While Newsweek",))
    kurdish = _rewrite(
        ft,
        [
            (TITLE, "Ex-IS Member Confirms Turkey Is Group’s Ally"),
            ("told\xa0Newsweek\xa0that he travelled", "said that he travelled"),
            ("has revealed the extent", "has now revealed the full extent"),
        ],
    )
    border = _rewrite(
        levant[:6],
        [
            ("“IS commanders told us", "“Daesh commanders told us"),
            (TITLE, "Turkey Let IS Cross Its Border, Says Defector"),
        ],
    )
    region = [
        Block("heading", "Defector: IS and Turkey Share a Common Enemy"),
        Block(
            "paragraph",
            "A former Islamic State fighter who goes by the pseudonym Sherko Omer told "
            "Newsweek that the group regarded Turkey as a partner against the Kurds.",
        ),
        Block(
            "paragraph",
            "“IS and Turkey cooperate together on the ground,” he added, describing how "
            "fighters crossed Turkish territory on their way to Serekaniye.",
        ),
        Block("paragraph", "Turkish officials have repeatedly denied aiding the group."),
    ]
    return [
        _Outlet("ft", "financialtribune.com", "Financial Tribune", "2014-11-08T09:00:00", ft),
        _Outlet("levant", "levantwire.example", "Levant Wire", "2014-11-08T15:30:00", levant),
        _Outlet("kurdish", "kurdishdaily.example", "Kurdish Daily", "2014-11-09T08:10:00",
                kurdish),
        _Outlet("region", "regionpost.example", "Region Post", "2014-11-09T12:00:00", region),
        _Outlet("border", "bordermonitor.example", "Border Monitor", "2014-11-10T07:45:00",
                border),
    ]


# (speaker, content start, content end marker, cue, source phrase) for each known statement.
_QUOTES = [
    ("Sherko Omer", "he travelled in a convoy", "bypass their defenses", "told", "Sherko Omer"),
    ("Sherko Omer", "he travelled in a convoy", "bypass their defenses", "said", "Sherko Omer"),
    ("Sherko Omer", "IS commanders told us", "cooperation with the Turks", "said", "Omer"),
    ("Sherko Omer", "Daesh commanders told us", "cooperation with the Turks", "said", "Omer"),
    ("Polat Can", "There is more than enough evidence", "north-eastern Syria]", "saying",
     "Polat Can"),
    ("Sherko Omer", "IS saw the Turkish army", "cities and towns in Syria.", "explained",
     "Omer"),
    ("Sherko Omer", "IS and Turkey cooperate together", "the Kurds,", "added", "he"),
    ("Sherko Omer", "IS and Turkey cooperate together", "on the ground,", "added", "he"),
    ("Sherko Omer", "the group regarded Turkey", "against the Kurds", "told", "Sherko Omer"),
]


def _extract(article_id: str, text: str) -> tuple[list[Statement], list[Speaker],
                                                    list[ArticleHedge]]:
    """Hand-written 'extraction' of the known statements, spans found in ``text``."""
    statements: list[Statement] = []
    speakers: dict[str, Speaker] = {}
    taken: list[int] = []
    verify = text.find(UNVERIFIED_CUE)
    told = _span(text, "told Newsweek")
    for name, first, last, cue, source in _QUOTES:
        start = text.find(first)
        if start < 0 or start in taken:
            continue
        end = text.find(last, start)
        if end < 0:
            continue
        taken.append(start)
        end += len(last)
        cue_at = text.find(cue, max(0, start - 200))
        src_at = text.rfind(source, 0, start) if source != "he" else text.find(" he ", end) + 1
        if src_at < 0:
            src_at = text.find(source)
        sid = f"{article_id}:s{len(speakers) + 1}"
        speaker = speakers.setdefault(name, Speaker(
            id=sid, article_id=article_id, name=name, type="person",
            roles=["YPG spokesman"] if name == "Polat Can" else ["former IS member"],
            pseudonym=name == "Sherko Omer"))
        speaker.mentions.append([src_at, src_at + len(source)])
        hedges = []
        channel = None
        if name == "Sherko Omer":
            pseudo = _span(text, "going by the pseudonym") or _span(text,
                                                                     "goes by the pseudonym")
            if pseudo:
                hedges.append(Hedge("anonymous", text[slice(*pseudo[0])], pseudo[0], "speaker"))
            if verify >= 0:
                hedges.append(Hedge("unverified", UNVERIFIED_CUE,
                                    [verify, verify + len(UNVERIFIED_CUE)], "speaker"))
            if told:
                channel = Channel("Newsweek", told[0], "outlet", text[slice(*told[0])])
        statements.append(Statement(
            id=f"{article_id}:q{len(statements) + 1}", article_id=article_id,
            kind="indirect" if first.startswith(("he ", "the group")) else "direct",
            content=[[start, end]], cue=[[cue_at, cue_at + len(cue)]] if cue_at >= 0 else [],
            source=[[src_at, src_at + len(source)]], speaker_id=speaker.id, speaker=name,
            channel=channel, hedges=hedges, content_text=text[start:end],
            cue_text=cue if cue_at >= 0 else "", source_text=source))
    article_hedges = []
    if verify >= 0:
        article_hedges.append(ArticleHedge(article_id, "unverified", UNVERIFIED_CUE, verify,
                                           verify + len(UNVERIFIED_CUE)))
    anecdotal = text.find("anecdotal evidence")
    if anecdotal >= 0:
        article_hedges.append(ArticleHedge(article_id, "anecdotal", "anecdotal evidence",
                                           anecdotal, anecdotal + 18))
    return statements, list(speakers.values()), article_hedges


def _shared_spans(a: str, b: str, min_len: int = 40) -> tuple[list[list[int]], list[list[int]]]:
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    blocks = [m for m in matcher.get_matching_blocks() if m.size >= min_len]
    return ([[m.a, m.a + m.size] for m in blocks], [[m.b, m.b + m.size] for m in blocks])


def _span(text: str, needle: str) -> list[list[int]]:
    """Where ``needle`` is in ``text``, any run of spaces matching any whitespace (the real
    page has no-break spaces around "Newsweek")."""
    pattern = r"\s+".join(re.escape(w) for w in needle.split(" "))
    found = re.search(pattern, text)
    return [[found.start(), found.end()]] if found else []


def build_records(sample_text: str) -> dict[str, list]:
    """Every record of the demo story, by table name."""
    outlets = _outlets(sample_text)
    articles: dict[str, Article] = {}
    for o in outlets:
        text = _text(o.blocks)
        aid = Article.make_id(text)
        articles[o.key] = Article(
            id=aid, text=text, blocks=o.blocks, url=f"https://{o.domain}/story/ex-is-member",
            outlet=o.domain, outlet_name=o.name, title=o.blocks[0].text,
            published=o.published, published_source="input", language="en",
            source_format="text", locations=[Location(path=f"demo/{o.key}.txt")])
    statements, speakers, hedges = [], [], []
    for art in articles.values():
        s, sp, h = _extract(art.id, art.text)
        statements += s
        speakers += sp
        hedges += h

    a = articles
    hops = [  # (child, parent key or None, external, kind, confidence, tie)
        ("ft", None, "Newsweek", "cites", 0.92, False),
        ("levant", "ft", None, "copy", 0.97, False),
        ("kurdish", "ft", None, "rewrite", 0.81, False),
        ("region", None, "Newsweek", "quotes-only", 0.64, True),
        ("border", "levant", None, "partial", 0.88, False),
    ]
    links, edges = [], []
    for child, parent, external, kind, conf, tie in hops:
        reasons = ["credits 'told Newsweek'"] if external else ["shared passages",
                                                                "published later"]
        edges.append(LineageEdge(
            story_id=STORY_ID, child=a[child].id, parent=a[parent].id if parent else None,
            external=external, confidence=conf, tie=tie,
            evidence={"kind": kind, "reasons": reasons}))
        if parent:
            spans_a, spans_b = _shared_spans(a[parent].text, a[child].text)
            covered_a = sum(e - s for s, e in spans_a) / len(a[parent].text)
            covered_b = sum(e - s for s, e in spans_b) / len(a[child].text)
            links.append(ReuseLink(a=a[parent].id, b=a[child].id, kind=kind,
                                   score=round(max(covered_a, covered_b), 3),
                                   spans_a=spans_a, spans_b=spans_b,
                                   coverage_a=round(covered_a, 3),
                                   coverage_b=round(covered_b, 3)))

    ft, lv, kd, rp, bm = (a[k] for k in ("ft", "levant", "kurdish", "region", "border"))
    caveat_sentence = CAVEAT + ", anecdotal evidence"
    mutations = [
        Mutation(STORY_ID, lv.id, ft.id, "caveat_dropped", _span(ft.text, caveat_sentence), [],
                 "unverified: 'was not able to independently verify' is gone", 0),
        Mutation(STORY_ID, kd.id, ft.id, "headline_hardened", _span(ft.text, TITLE),
                 _span(kd.text, "Ex-IS Member Confirms Turkey Is Group’s Ally"),
                 "'Says … Sees' became 'Confirms … Is'", 0),
        Mutation(STORY_ID, kd.id, ft.id, "channel_dropped",
                 _span(ft.text, "told Newsweek that"), _span(kd.text, "said that"),
                 "'told Newsweek' became 'said'", 1),
        Mutation(STORY_ID, kd.id, ft.id, "hedge_strengthened",
                 _span(ft.text, "has revealed the extent"),
                 _span(kd.text, "has now revealed the full extent"),
                 "booster added: 'now revealed the full extent'", 2),
        Mutation(STORY_ID, bm.id, lv.id, "quote_entity_swapped",
                 _span(lv.text, "“IS commanders"), _span(bm.text, "“Daesh commanders"),
                 "IS → Daesh inside Omer's quote", 0),
        Mutation(STORY_ID, bm.id, lv.id, "headline_changed", _span(lv.text, TITLE),
                 _span(bm.text, "Turkey Let IS Cross Its Border, Says Defector"), "", 1),
        Mutation(STORY_ID, bm.id, lv.id, "content_removed",
                 _span(lv.text, "Omer explained that during his time"), [],
                 "the 'common enemy' passage is gone", 2),
        Mutation(STORY_ID, rp.id, "external:Newsweek", "quote_trimmed", [],
                 _span(rp.text, "“IS and Turkey cooperate together on the ground,”"),
                 "'…, the Kurds' cut from the quote", 0),
    ]
    story = Story(id=STORY_ID, article_ids=[x.id for x in articles.values()],
                  label="Ex-IS member says group sees Turkey as ally",
                  first_seen=ft.published, size=len(articles))
    return {"articles": list(articles.values()), "statements": statements,
            "speakers": speakers, "article_hedges": hedges, "reuse_links": links,
            "lineage_edges": edges, "mutations": mutations, "stories": [story]}


def write_demo(store: Store, sample_text: str) -> str:
    """Write the demo story into ``store``; returns the story id."""
    for records in build_records(sample_text).values():
        store.upsert(records)
    return STORY_ID


def write_jsonl(sample_text: str, path: str | Path) -> int:
    """The story's five articles as JSONL input for ``retold ingest`` (text, title,
    published, outlet, url), so the real pipeline can analyse the same corpus."""
    import json

    arts = build_records(sample_text)["articles"]
    with open(path, "w", encoding="utf-8") as fh:
        for a in arts:
            fh.write(json.dumps({"text": a.text, "title": a.title, "published": a.published,
                                 "outlet": a.outlet_name, "url": a.url},
                                ensure_ascii=False) + "\n")
    return len(arts)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sample", type=Path, help="the sample page (financialtribune-...txt)")
    parser.add_argument("--db", default="retold-demo.duckdb", help="store to write")
    parser.add_argument("--jsonl", type=Path, default=None,
                        help="write only the five articles as JSONL for `retold ingest`")
    args = parser.parse_args(argv)
    if not args.sample.is_file():
        raise SystemExit(f"error: sample page not found: {args.sample}")
    if args.jsonl:
        n = write_jsonl(args.sample.read_text(encoding="utf-8"), args.jsonl)
        print(f"wrote {n} articles to {args.jsonl}; try: retold ingest {args.jsonl} "
              f"--db story.duckdb && retold serve --db story.duckdb")
        return
    with Store(args.db) as store:
        sid = write_demo(store, args.sample.read_text(encoding="utf-8"))
    print(f"wrote story {sid!r} to {args.db}; try: retold serve --db {args.db} "
          f"and open http://127.0.0.1:8000/story/{sid}")


if __name__ == "__main__":
    main()


# ------------------------------------------------------------------ hostile corpus

PAYLOADS = (
    "<script>window.__pwned = 'script'; document.title = 'pwned';</script>",
    "<img src=x onerror=\"window.__pwned = 'onerror'; document.title = 'pwned'\">",
    "<a href=\"javascript:window.__pwned='javascript';document.title='pwned'\">click</a>",
    "\"><svg onload=\"window.__pwned='svg'\"></svg>",
    "{{ 7 * 7 }} ' OR 1=1; --",
)
HOSTILE_STORY = "xss-story"


def hostile_records() -> dict[str, list]:
    """A two-article story whose every displayed string carries script payloads.

    Why: article text, titles, outlet names and speaker names all come from crawled
    pages, so the UI must show them as text. Security tests load these pages in a browser
    and assert that nothing ran.
    """
    payload = " ".join(PAYLOADS)
    texts = [f"Evil headline {payload}\n\nThe minister said “{payload}” told Newsweek.",
             f"Copied headline {payload}\n\nThe minister said “{payload}” in a statement."]
    arts = []
    for i, text in enumerate(texts):
        arts.append(Article(id=Article.make_id(text), text=text,
                            blocks=[Block("paragraph", p) for p in text.split("\n\n")],
                            url=f"javascript:alert({i})", outlet=f"evil{i}.example",
                            outlet_name=f"Evil{i} {PAYLOADS[1]}", title=f"T{i} {PAYLOADS[0]}",
                            published=f"2020-01-0{i + 1}T00:00:00"))
    statements, speakers = [], []
    for art in arts:
        start = art.text.find("“") + 1
        end = art.text.find("”")
        speakers.append(Speaker(id=f"{art.id}:s1", article_id=art.id,
                                name=f"Minister {PAYLOADS[3]}", type="person",
                                mentions=[[start - 20, start - 12]]))
        statements.append(Statement(
            id=f"{art.id}:q1", article_id=art.id, kind="direct", content=[[start, end]],
            cue=[[start - 6, start - 2]], source=[[start - 20, start - 12]],
            speaker_id=f"{art.id}:s1", speaker=f"Minister {PAYLOADS[3]}",
            channel=Channel(PAYLOADS[2], [end + 2, end + 15]),
            hedges=[Hedge("alleged", PAYLOADS[0], [0, 5])],
            content_text=art.text[start:end], cue_text="said", source_text="minister"))
    a, b = arts
    return {
        "articles": arts, "statements": statements, "speakers": speakers,
        "reuse_links": [ReuseLink(a=a.id, b=b.id, kind="rewrite", score=0.8,
                                  spans_a=[[20, 200]], spans_b=[[22, 202]])],
        "lineage_edges": [LineageEdge(HOSTILE_STORY, a.id, None, PAYLOADS[1], 0.5),
                          LineageEdge(HOSTILE_STORY, b.id, a.id, None, 0.9,
                                      evidence={"kind": "rewrite", "reasons": [PAYLOADS[2]]})],
        "mutations": [Mutation(HOSTILE_STORY, b.id, a.id, "quote_reworded", [[0, 10]],
                               [[0, 10]], PAYLOADS[0], 0)],
        "stories": [Story(HOSTILE_STORY, [a.id, b.id], label=f"Story {PAYLOADS[1]}", size=2)],
    }


def write_hostile(store: Store) -> str:
    for records in hostile_records().values():
        store.upsert(records)
    return HOSTILE_STORY


# ------------------------------------------------------------- in-corpus origin

CHAIN_STORY = "chain-story"


def chain_records() -> dict[str, list]:
    """Four wire articles: A is the first known source (a lineage edge with neither parent
    nor external source), B copies A, C rewrites B, D is a tie between A and B."""
    base = ("The central bank raised its key rate by half a point on Tuesday, "
            "its governor said, citing stubborn inflation in services.")
    texts = [base, base + " Markets fell.", base.replace("stubborn", "persistent"),
             base + " Analysts were surprised."]
    arts = [Article(id=Article.make_id(t), text=t, title=f"Rate rise {i}", outlet=f"o{i}.example",
                    outlet_name=f"Outlet {'ABCD'[i]}", published=f"2021-03-0{i + 1}T10:00:00")
            for i, t in enumerate(texts)]
    a, b, c, d = (x.id for x in arts)
    edges = [LineageEdge(CHAIN_STORY, a, None, None, 1.0, evidence={"role": "first known source"}),
             LineageEdge(CHAIN_STORY, b, a, None, 0.9, evidence={"reuse": {"kind": "copy"}}),
             LineageEdge(CHAIN_STORY, c, b, None, 0.7, evidence={"reuse": {"kind": "rewrite"}}),
             LineageEdge(CHAIN_STORY, d, a, None, 0.5, tie=True),
             LineageEdge(CHAIN_STORY, d, b, None, 0.5, tie=True)]
    return {"articles": arts, "lineage_edges": edges,
            "mutations": [Mutation(CHAIN_STORY, c, b, "quote_reworded", [[0, 10]], [[0, 10]])],
            "stories": [Story(CHAIN_STORY, [x.id for x in arts], label="Rate rise", size=4)]}


def write_chain(store: Store) -> str:
    for records in chain_records().values():
        store.upsert(records)
    return CHAIN_STORY
