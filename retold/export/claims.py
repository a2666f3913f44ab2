"""schema.org ``Claim`` objects (JSON-LD) for the key claims of each exported story.

A fact-checker writing a ClaimReview needs, per claim: its words, who made it
(``author``), every place it appeared (``appearance``) and the first of them
(``firstAppearance``). The key claims are the story page's key statements (statements
grouped across outlets by content similarity); ``description`` adds what retold knows that
schema.org has no slot for: the out-of-corpus origin, the channel, and the caveats with the
outlets that dropped them.
"""
from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from retold.export.batch import each_story
from retold.export.select import Selection
from retold.records import Speaker
from retold.store import Store
from retold.web.views import Corpus

AUTHOR_TYPES = {"person": "Person", "organisation": "Organization", "group": "Organization",
                "document": "CreativeWork"}


def _work(art: dict, urls: dict[str, str | None]) -> dict:
    work = {"@type": "NewsArticle", "headline": art["title"],
            "publisher": {"@type": "Organization", "name": art["outlet"]}}
    url = urls.get(art["id"]) or ""
    if url.startswith(("https://", "http://")):  # never hand a javascript: URL onwards
        work["url"] = url
    if art.get("published"):
        work["datePublished"] = art["published"]
    work["identifier"] = art["id"]
    return work


def story_claims(corpus: Corpus, story_id: str, min_outlets: int = 2, limit: int = 10
                 ) -> list[dict]:
    """The claims of one story from its page view (:meth:`Corpus.story_view`): the
    reference :func:`write_claims` must agree with, about 15 ms a story, so one story only
    (the export reads many stories at once, :mod:`retold.export.batch`)."""
    view = corpus.story_view(story_id)
    speakers = corpus._records(Speaker, "list_contains(?, article_id)",
                               [[a["id"] for a in view["articles"]]])
    return claims_of(story_id, view, speakers, min_outlets, limit)


def claims_of(story_id: str, view: dict, speakers: Sequence[Speaker], min_outlets: int = 2,
              limit: int = 10) -> list[dict]:
    """The key claims of a story from its summary (``articles``, ``externals``,
    ``key_statements``, ``caveats`` as :func:`retold.web.views.story_summary` gives them)
    and the speakers of its articles in store order (a name's first row gives its type)."""
    arts = {a["id"]: a for a in view["articles"]}
    urls = {a["id"]: a.get("url") for a in view["articles"]}
    speaker_types = {}
    for sp in speakers:
        speaker_types.setdefault(sp.name, (sp.type, sp.pseudonym))  # "a source" is no alias
    caveats = {row["type"]: row for row in view["caveats"]}
    key = [k for k in view["key_statements"] if len(k["appearances"]) >= min_outlets]
    key = key or view["key_statements"][:3]
    claims = []
    for i, k in enumerate(key[:limit], 1):
        appearances = [_work(arts[ap["article_id"]], urls) for ap in k["appearances"]
                       if ap["article_id"] in arts]
        if not appearances:
            continue
        claim = {"@type": "Claim", "@id": f"urn:retold:{story_id}:claim:{i}",
                 "text": k["text"], "appearance": appearances,
                 "firstAppearance": appearances[0]}
        if k["speaker"]:
            stype, hidden = speaker_types.get(k["speaker"], ("person", False))
            claim["author"] = {"@type": AUTHOR_TYPES.get(stype, "Person"),
                               "name": k["speaker"] + (" (pseudonym)" if hidden else "")}
        notes = _notes(k, view["externals"], caveats)
        if notes:
            claim["description"] = "; ".join(notes)
        claims.append(claim)
    return claims


def _notes(key: dict, externals: list[str], caveats: dict[str, dict]) -> list[str]:
    """What schema.org has no slot for: the out-of-corpus origin, the channel, and each
    caveat with the outlets that dropped it."""
    notes = []
    if externals:
        notes.append("origin outside the corpus: " + ", ".join(externals))
    if key["channel"]:
        notes.append(f"channel: {key['channel']}")
    for h in key["hedges"]:
        row = caveats.get(h["type"])
        dropped = f"; dropped by {', '.join(row['dropped'])}" if row and row["dropped"] else ""
        notes.append(f"caveat {h['type']} ('{h['cue']}'){dropped}")
    return notes


def write_claims(store: Store, sel: Selection, out: Path) -> dict:
    """Every selected story's claims, the stories' rows read a batch at a time
    (:func:`retold.export.batch.each_story`): the same claims as :func:`story_claims`
    story by story, without its eight queries a story."""
    graph = []
    for story, rows in each_story(Corpus(store), sel.stories):
        graph += claims_of(story.id, rows.summary(), rows.speakers)
    doc = {"@context": "https://schema.org", "@graph": graph}
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")
    return {"format": "claimreview", "path": str(out), "claims": len(graph)}


__all__ = ["claims_of", "story_claims", "write_claims"]
