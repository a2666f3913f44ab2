"""A syndication simulator: real Reuters articles retold outlet by outlet, with known lineage.

Why: no public corpus labels who copied whom, or what changed at each hop, so reuse and
lineage are measured on stories we generate ourselves from real newswire text. Each story
starts from one Reuters-21578 article (the *origin*), into which we turn reported speech
into direct quotes (``"…," X told Reuters``) and sometimes add a verification caveat. Then
2–30 derived articles appear over time, each copied from the origin or from an earlier
copy, each applying a random subset of edits drawn from an *edit model* (probabilities per
operation, see :data:`DEFAULT_CONFIG`). Unrelated same-topic articles are added as
distractors. A fraction of origins is held out of the corpus (the story then has an
*external* origin: the outlet named in its quotes' channel, as Newsweek in the sample).

Usage::

    python benchmarks/syndication.py --stories 200 --seed 1 --out /tmp/synd [--undated 0.5]
    python benchmarks/syndication.py --config edits.json ...   # override the edit model

Output: ``articles.jsonl`` (``{"id","text","title","outlet","published"}``) and
``truth.jsonl``, one line per article::

    {"id", "story", "parent": id|null, "external": outlet|null, "origin": id|"external:<outlet>",
     "first_in_corpus": id, "ancestors": [parent, grandparent, ...], "distractor": bool,
     "dated": bool, "base": reuters id,
     "operations": [{"op", "mutation": MUTATION_TYPE|null, "parent_spans", "child_spans",
                     "detail"}],
     "kept": {"parent_spans": [...], "child_spans": [...]}}   # passages copied verbatim

Spans are ``[start, end)`` offsets into the parent's and the child's ``text``.
``operations[].mutation`` uses ``retold.records.MUTATION_TYPES``; operations with
``mutation: null`` (paragraph reorder, narrative rewording, boilerplate, quote style) are
real edits that are not typed mutations. Truth records what is *observable* in the child:
an edit later undone by another (a reworded quote whose paragraph is then dropped) is not
listed, and a caveat lost to truncation is listed as ``caveat_dropped``.

The library is pure Python and deterministic for a seed (one ``random.Random``), a few
thousand articles per second, so 200k-article corpora take a few minutes.
"""
from __future__ import annotations

import argparse
import copy
import datetime as dt
import json
import random
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
REUTERS = ROOT.parent / "shared" / "data" / "reuters21578" / "articles.jsonl"

DEFAULT_CONFIG: dict[str, Any] = {
    "story_size_min": 2,  # derived articles per story (origin not counted)
    "story_size_max": 30,
    "story_size_mean": 6.0,  # geometric-like tail above the minimum
    "p_parent_origin": 0.45,  # a derived article copies the origin, else an earlier copy
    "p_external_origin": 0.2,  # origin held out of the corpus
    "p_origin_caveat": 0.6,
    "p_origin_channel": 0.75,  # main quote says "told <origin outlet>"
    "delay_hours_mean": 10.0,
    "distractors_per_story": 0.5,
    "undated": 0.0,
    "min_words": 110,
    # record each copy's place in the order of making ("generated": the origin is 0) and,
    # on each copy taken from an origin outside the corpus, that origin's page ("source":
    # title, text, published): for analyses that must read what no page shows
    "record_sources": False,
    # per-derived-article probability of each edit
    "ops": {
        "boilerplate": 0.85,
        "quote_style": 0.3,
        "truncate": 0.2,
        "drop_paragraph": 0.3,
        "reorder": 0.15,
        "reword_sentence": 0.3,
        "quote_reworded": 0.2,
        "quote_entity_swapped": 0.3,
        "quote_trimmed": 0.15,
        "quote_merged": 0.12,
        "speaker_dropped": 0.08,
        "speaker_description_changed": 0.12,
        "attribution_lost": 0.08,
        "channel_dropped": 0.2,
        "channel_changed": 0.08,
        "channel_added": 0.1,
        "caveat_dropped": 0.3,
        "caveat_added": 0.06,
        "hedge_weakened": 0.12,
        "hedge_strengthened": 0.08,
        "headline_hardened": 0.2,
        "headline_changed": 0.6,
        "content_added": 0.2,
    },
}

OUTLETS = [
    ("Reuters", "reuters.com"), ("Newsweek", "newsweek.com"), ("The Daily Ledger", "dailyledger.com"),
    ("Financial Tribune", "financialtribune.com"), ("Market Wire", "marketwire.net"),
    ("The Courier", "thecourier.co.uk"), ("Global Post", "globalpost.com"),
    ("Business Standard", "business-standard.com"), ("The Herald", "heraldnews.com"),
    ("Metro Times", "metrotimes.com"), ("Asia Monitor", "asiamonitor.net"),
    ("Gulf Daily", "gulfdaily.ae"), ("The Observer Online", "observeronline.com"),
    ("Capital News", "capitalnews.com"), ("World Bulletin", "worldbulletin.org"),
    ("Evening Post", "eveningpost.co.nz"), ("The Chronicle", "thechronicle.com"),
    ("Trade Journal", "tradejournal.com"), ("Pacific Times", "pacifictimes.com"),
    ("Daily Express Online", "expressonline.com"), ("The National Desk", "nationaldesk.com"),
    ("Newswire Today", "newswiretoday.com"), ("The Investor", "theinvestor.com"),
    ("Euro Report", "euroreport.eu"), ("Agence Globale", "agenceglobale.fr"),
]
CHANNEL_OUTLETS = ["Reuters", "Newsweek", "the BBC", "CNN", "the Associated Press",
                   "Bloomberg", "the Financial Times", "Al Jazeera"]

FIRST = ["John", "Maria", "David", "Sarah", "Peter", "Anna", "Michael", "Laura", "James",
         "Elena", "Robert", "Claire", "Thomas", "Nadia", "Paul", "Karen", "Hans", "Yuki",
         "Ahmed", "Sofia", "Carlos", "Ingrid", "Omar", "Grace"]
LAST = ["Miller", "Okafor", "Brennan", "Schmidt", "Tanaka", "Rossi", "Haddad", "Novak",
        "Lindqvist", "Moreau", "Carter", "Dubois", "Kowalski", "Fischer", "Alvarez",
        "Nakamura", "O'Neill", "Petrov", "Hughes", "Santos", "Weber", "Khan", "Larsen"]
ORGS = ["Merrill Lynch", "Salomon Brothers", "the Finance Ministry", "the Agriculture Department",
        "Shearson Lehman", "the central bank", "Barclays", "Nomura Securities",
        "the trade ministry", "Deutsche Bank", "the commodities exchange", "Morgan Stanley"]
DESCS = ["chief economist at {org}", "a spokesman for {org}", "a senior official at {org}",
         "an analyst at {org}", "a trader at {org}", "a former adviser to {org}",
         "head of research at {org}", "a director of {org}"]
ANON = ["a source", "one official", "a person familiar with the matter", "an industry source",
        "a senior official"]

CAVEATS = [
    "{O} was not able to independently verify {S}'s account.",
    "{O} could not independently verify the figures.",
    "The claims could not be independently confirmed.",
    "There was no independent confirmation of the report.",
    "{O} was unable to verify the statement independently.",
]
CONTEXT = [
    "In {place}, local traders said the news had been expected for some {n} weeks.",
    "The announcement comes as {place} faces growing pressure on its {n} million budget.",
    "Residents of {place} have followed the developments closely, a local councillor said, "
    "with {n} people attending a meeting on the issue.",
    "The move could affect {n} jobs in {place}, according to union estimates.",
    "{place} has seen {n} similar disputes over the past year.",
    "Analysts in {place} cautioned that the impact may take {n} months to become clear.",
]
PLACES = ["Manchester", "Ohio", "Lagos", "Queensland", "Bavaria", "Karachi", "Ontario",
          "Lyon", "Rotterdam", "Texas", "Sao Paulo", "Osaka", "Nairobi", "Gdansk"]
BOILER_HEAD = ["{N} | Business | World", "Home > News > {N}", "Advertisement - {N}"]
BOILER_FOOT = ["Follow {N} on Twitter for the latest updates.",
               "Copyright {N}. All rights reserved.",
               "Subscribe to the {N} newsletter for daily briefings.",
               "Share this article: Facebook Twitter Email - {N}"]

ALIASES = [
    ["IS", "ISIS", "ISIL", "Daesh", "Islamic State"],
    ["U.S.", "United States", "America", "US"],
    ["Soviet Union", "USSR", "Moscow"],
    ["Britain", "United Kingdom", "UK"],
    ["OPEC", "Organization of Petroleum Exporting Countries", "the oil cartel"],
    ["European Community", "EC", "Common Market"],
    ["Federal Reserve", "Fed"],
    ["Japan", "Tokyo"],
    ["West Germany", "Bonn"],
    ["China", "Peking", "Beijing"],
    ["International Monetary Fund", "IMF"],
    ["General Agreement on Tariffs and Trade", "GATT"],
    ["Treasury", "Treasury Department"],
    ["France", "Paris"],
]
_ALIAS_OF = {name: group for group in ALIASES for name in group}
_ALIAS_RE = re.compile(
    r"(?<![\w.])(" + "|".join(re.escape(n) for n in sorted(_ALIAS_OF, key=len, reverse=True))
    + r")(?![\w])"
)

SYNONYMS = {  # several choices each: independent rewordings rarely coincide
    "rose": ["climbed", "increased", "went up", "gained"], "fell": ["dropped", "declined", "slipped", "eased"],
    "increase": ["rise", "gain", "jump"], "company": ["firm", "group", "business"],
    "expected": ["anticipated", "forecast", "projected"], "mln": ["million"], "dlrs": ["dollars", "U.S. dollars"],
    "pct": ["percent", "per cent", "%"], "bought": ["purchased", "acquired"],
    "profit": ["earnings", "income", "gains"], "agreed": ["consented", "accepted"],
    "about": ["around", "roughly", "some", "approximately"], "also": ["additionally", "too", "as well"],
    "plans": ["intends", "aims", "proposes"], "help": ["assist", "aid", "support"],
    "major": ["key", "important", "significant", "main"], "because": ["since", "as"],
    "government": ["administration", "authorities", "state"], "officials": ["authorities", "representatives"],
    "talks": ["negotiations", "discussions"], "begin": ["start", "commence"], "ended": ["concluded", "finished"],
    "large": ["big", "sizeable", "substantial"], "higher": ["greater", "increased", "bigger"],
    "lower": ["reduced", "smaller", "decreased"], "reported": ["posted", "announced", "recorded"],
    "shares": ["stock", "equity"], "sales": ["turnover", "revenue", "revenues"],
    "buy": ["acquire", "purchase"], "still": ["yet", "nevertheless"], "However": ["But", "Still", "Yet"],
    "meeting": ["session", "gathering", "talks"], "decline": ["drop", "fall", "decrease"],
    "strong": ["robust", "solid", "firm"], "cut": ["reduced", "lowered", "trimmed"],
    "billion": ["bln", "bn"], "new": ["fresh", "latest"], "production": ["output", "manufacturing"],
    "said": ["stated", "indicated", "noted"], "year": ["twelve months"], "week": ["seven days"],
    "market": ["sector", "marketplace"], "prices": ["costs", "rates"], "first": ["initial"],
    "announced": ["unveiled", "declared"], "total": ["overall", "combined"],
}
TENSE = {"will": "would", "is": "was", "are": "were", "has": "had", "can": "could"}
BOOSTER_VERBS = ["revealed", "confirmed", "disclosed"]
HEDGED_VERBS = ["claimed", "alleged", "suggested"]
HARDEN = [("says", "reveals"), ("may", "will"), ("could", "will"), ("expected to", "set to"),
          ("seen", "confirmed")]
HARDEN_PREFIX = ["Revealed: ", "Confirmed: ", "Proof: ", "Exposed: "]

_SENT_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])")
_ABBREV_END = re.compile(r"\b(?:[A-Z]\.|U\.S|Corp|Inc|Co|Ltd|Mr|Mrs|Dr|St|Jan|Feb|Mar|Apr|Aug|Sept|Oct|Nov|Dec|No)\.$")
_NAME = (r"(?:(?:A|An|The) )?(?:[A-Z][\w.&'-]*)(?: (?:[A-Z][\w.&'-]*|of|for|de|and|the))*"
         r"(?: (?:officials|sources|analysts|spokesman|spokeswoman|executives|traders|"
         r"economists|dealers|report))?")
_SAID_AFTER = re.compile(r"^(?P<content>[A-Za-z][^\"“”]{25,}?),\s+(?P<speaker>" + _NAME
                         + r"|he|she|it|they)\s+said(?P<rest>[^,;]{0,40})\.$")
_SAID_BEFORE = re.compile(r"^(?P<speaker>" + _NAME
                          + r") said(?: that)? (?P<content>[a-z][^\"“”]{25,})\.$")
_FUNCTION_WORDS = {"a", "an", "the", "of", "to", "in", "on", "as", "and", "or", "by", "for",
                   "with", "at", "that", "which", "its", "their", "from", "is", "was", "be"}
_PRONOUNS = {"he", "she", "it", "they", "He", "She", "It", "They", "The company", "The spokesman"}


# ------------------------------------------------------------------ structure


@dataclass
class Seg:
    """One piece of article text with a stable id, so spans can be followed across copies."""

    uid: str
    kind: str  # sent | quote | caveat | context | boiler
    text: str = ""
    q: dict[str, Any] | None = None  # quote fields


@dataclass
class Doc:
    title: str
    outlet: str
    domain: str
    paras: list[list[Seg]] = field(default_factory=list)
    style: str = "curly"  # quote marks

    def segs(self) -> list[Seg]:
        return [s for p in self.paras for s in p]


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:] if s else s


def render_quote(q: dict[str, Any], style: str) -> str:
    """The quote as text: ``“content,” Speaker, desc, told Outlet.`` (or a bare sentence)."""
    content = q["content"].strip().rstrip(".,;")
    if q.get("bare"):
        return _cap(content) + "."
    lo, ro = ("“", "”") if style == "curly" else ('"', '"')
    name = q["speaker"]
    who = f"{name}, {q['desc']}," if q.get("desc") else name
    verb, chan, form = q["verb"], q.get("channel"), q.get("channel_form")
    if chan and form == "told":
        attrib = f"{who} told {chan}" if verb in ("said", "added") else f"{who} {verb} to {chan}"
    elif chan and form == "according":
        attrib = f"{who} {verb}, according to {chan}"
    elif chan:
        attrib = f"{who} {verb} in an interview with {chan}"
    else:
        attrib = f"{who} {verb}"
    if q.get("pre"):
        return f"{_cap(attrib.rstrip(','))}: {lo}{_cap(content)}.{ro}"
    return f"{lo}{_cap(content)},{ro} {attrib}."


def seg_text(seg: Seg, style: str) -> str:
    return render_quote(seg.q, style) if seg.kind == "quote" else seg.text


def render(doc: Doc) -> tuple[str, dict[str, tuple[int, int, str]]]:
    """Article text plus ``uid -> (start, end, text)`` for every segment."""
    parts: list[str] = []
    spans: dict[str, tuple[int, int, str]] = {}
    pos = 0
    for pi, para in enumerate(doc.paras):
        if pi:
            parts.append("\n\n")
            pos += 2
        for si, seg in enumerate(para):
            if si:
                parts.append(" ")
                pos += 1
            t = seg_text(seg, doc.style)
            spans[seg.uid] = (pos, pos + len(t), t)
            parts.append(t)
            pos += len(t)
    return "".join(parts), spans


# ------------------------------------------------------------------ base articles


def _sentences(par: str) -> list[str]:
    out: list[str] = []
    for piece in _SENT_SPLIT.split(par):
        if out and _ABBREV_END.search(out[-1]):
            out[-1] += " " + piece
        else:
            out.append(piece)
    return [s.strip() for s in out if s.strip()]


def load_bases(path: Path = REUTERS, min_words: int = 110) -> list[dict[str, Any]]:
    """Prose-like Reuters articles long enough to be retold (tables and briefs skipped)."""
    if not path.is_file():
        raise FileNotFoundError(f"Reuters base articles not found at {path} "
                                "(expected ../shared/data/reuters21578/articles.jsonl)")
    bases, seen = [], set()
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            text = re.sub(r"\s*Reuter\s*$", "", row.get("text") or "").strip()
            if len(text.split()) < min_words or not row.get("title"):
                continue
            paras = [re.sub(r"\s+", " ", p).strip() for p in re.split(r"\n\s{2,}", text)]
            paras = [p for p in paras if p]
            digits = sum(c.isdigit() for c in text) / max(1, len(text))
            if len(paras) < 3 or digits > 0.08 or " said" not in text:
                continue
            key = row["title"].strip().lower()
            if key in seen:
                continue
            seen.add(key)
            bases.append({"id": row["id"], "title": row["title"].strip(), "paras": paras,
                          "date": row.get("date"), "topic": (row.get("topics") or ["none"])[0]})
    return bases


def _base_date(s: str | None, rng: random.Random) -> dt.datetime:
    try:
        return dt.datetime.strptime((s or "").split(".")[0].strip(), "%d-%b-%Y %H:%M:%S")
    except ValueError:
        return dt.datetime(1987, 3, 1) + dt.timedelta(hours=rng.randrange(24 * 200))


def _title_case(t: str) -> str:
    small = {"a", "an", "the", "of", "in", "on", "to", "for", "and", "at", "by"}
    words = t.lower().split()
    return " ".join(w.upper() if "." in w.rstrip(".") else
                    w if (i and w in small) else w[:1].upper() + w[1:]
                    for i, w in enumerate(words))


def _person(rng: random.Random) -> tuple[str, str]:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}", rng.choice(DESCS).format(org=rng.choice(ORGS))


def make_origin(base: dict[str, Any], outlet: tuple[str, str], rng: random.Random,
                cfg: dict[str, Any], uid: list[int]) -> Doc:
    """The origin article: base paragraphs with reported speech turned into quotes."""
    def nid() -> str:
        uid[0] += 1
        return f"u{uid[0]}"

    doc = Doc(title=_title_case(base["title"]), outlet=outlet[0], domain=outlet[1],
              style=rng.choice(["curly", "straight"]))
    quotes: list[Seg] = []
    for pi, par in enumerate(base["paras"]):
        segs = []
        for sent in _sentences(par):
            seg = Seg(nid(), "sent", sent)
            if pi and len(quotes) < 3:
                m = _SAID_AFTER.match(sent) or _SAID_BEFORE.match(sent)
                if m and len(m.group("content").split()) >= 6:
                    seg = Seg(seg.uid, "quote", q=_quote_fields(m, quotes, rng))
                    quotes.append(seg)
            segs.append(seg)
        doc.paras.append(segs)
    if not quotes:  # no reported speech: attribute a sentence to a named source
        cands = [s for p in doc.paras[1:] for s in p if 8 <= len(s.text.split()) <= 45
                 and s.text.endswith(".") and not re.search(r"[\"“”]", s.text)]
        if cands:
            seg = rng.choice(cands)
            name, desc = _person(rng)
            seg.kind, seg.q = "quote", {"content": seg.text.rstrip("."), "speaker": name,
                                        "desc": desc, "verb": "said"}
            quotes.append(seg)
    chan_outlet = outlet[0] if outlet[0] in CHANNEL_OUTLETS else outlet[0]
    if quotes and rng.random() < cfg["p_origin_channel"]:
        quotes[0].q["channel"], quotes[0].q["channel_form"] = chan_outlet, "told"
    if quotes and rng.random() < cfg["p_origin_caveat"]:
        spk = quotes[0].q["speaker"].split()[-1]
        text = rng.choice(CAVEATS).format(O=outlet[0], S=spk)
        doc.paras.append([Seg(nid(), "caveat", text)])
    if quotes and rng.random() < 0.4:
        q = quotes[0].q
        doc.title = f"{q['speaker'].split()[-1]} says {' '.join(q['content'].split()[:7])}"
    return doc


def _quote_fields(m: re.Match, quotes: list[Seg], rng: random.Random) -> dict[str, Any]:
    speaker = m.group("speaker").strip()
    content = m.group("content").strip().strip('"')
    if speaker in _PRONOUNS or speaker.lower() in _PRONOUNS:
        if quotes and rng.random() < 0.6:  # "he said" continuing the previous speaker
            prev = quotes[-1].q
            return {"content": content, "speaker": prev["speaker"].split()[-1],
                    "same_as": prev["speaker"], "verb": "added"}
        name, desc = _person(rng)
        return {"content": content, "speaker": name, "desc": desc, "verb": "said"}
    desc = None if rng.random() < 0.6 else rng.choice(DESCS).format(org=rng.choice(ORGS))
    if re.match(r"(?:A|An|The) ", speaker):
        speaker = speaker[0].lower() + speaker[1:]
        desc = None
    return {"content": content, "speaker": speaker, "desc": desc, "verb": "said"}


# ------------------------------------------------------------------ edits


class Editor:
    """Applies one derived article's edits to a copy of its parent, recording each one."""

    def __init__(self, doc: Doc, parent: Doc, rng: random.Random, uid: list[int],
                 origin_outlet: str):
        self.doc, self.parent, self.rng, self.uid = doc, parent, rng, uid
        self.origin_outlet = origin_outlet
        self.ops: list[dict[str, Any]] = []  # {"op","mutation","p_uids","c_uids","detail"}
        self.merged: dict[str, list[str]] = {}
        # merged quote uid -> (words of its first part, index of the quote_merged op)
        self.merge_join: dict[str, tuple[int, int]] = {}

    def nid(self) -> str:
        self.uid[0] += 1
        return f"u{self.uid[0]}"

    def rec(self, op: str, mutation: str | None, p: list[str], c: list[str], detail: str):
        p = [x for u in p for x in self.merged.get(u, [u])]  # a merged quote came from two
        self.ops.append({"op": op, "mutation": mutation, "p_uids": p, "c_uids": c,
                         "detail": detail})

    def _introduced(self, seg: Seg, name: str, before: str) -> bool:
        """Was ``name`` brought into the quotation by this hop's own reword ("dlrs" ->
        "U.S. dollars")? Then swapping it is no entity swap the child shows: against the
        parent it is one more reworded word, so the reword's record is brought up to date
        (the text is the same either way, so truth alone changes)."""
        src = set(self.merged.get(seg.uid, [seg.uid]))
        had = " ".join(s.q["content"] for s in self.parent.segs() if s.uid in src and s.q)
        if _ALIAS_RE.findall(before).count(name) <= _ALIAS_RE.findall(had).count(name):
            return False
        old = next((o for o in self.ops if o["op"] == "quote_reworded"
                    and seg.uid in o["c_uids"]), None)
        if old is None:
            self.rec("quote_reworded", "quote_reworded", [seg.uid], [seg.uid],
                     f"{had!r} -> {seg.q['content']!r}")
        else:
            old["detail"] = f"{had!r} -> {seg.q['content']!r}"
        return True

    def quotes(self, pred=lambda q: True) -> list[Seg]:
        return [s for s in self.doc.segs() if s.kind == "quote" and not s.q.get("bare")
                and pred(s.q)]

    # structure ---------------------------------------------------------------
    def boilerplate(self, outlet: tuple[str, str]) -> None:
        old = [s.uid for s in self.doc.segs() if s.kind == "boiler"]
        self.doc.paras = [p for p in self.doc.paras if not all(s.kind == "boiler" for s in p)]
        name = outlet[0]
        h = (sum(map(ord, name)) % len(BOILER_HEAD), sum(map(ord, name)) % len(BOILER_FOOT))
        head = Seg(f"bh:{name}", "boiler", BOILER_HEAD[h[0]].format(N=name))
        foot = Seg(f"bf:{name}", "boiler", BOILER_FOOT[h[1]].format(N=name))
        self.doc.paras = [[head]] + self.doc.paras + [[foot]]
        self.rec("boilerplate", None, old, [head.uid, foot.uid], f"boilerplate of {name}")

    def _body_idx(self) -> list[int]:
        return [i for i, p in enumerate(self.doc.paras) if not all(s.kind == "boiler" for s in p)]

    def truncate(self) -> None:
        body = self._body_idx()
        if len(body) < 4:
            return
        keep = self.rng.randint(2, max(2, int(len(body) * 0.7)))
        cut = body[keep:]
        removed = [s.uid for i in cut for s in self.doc.paras[i]]
        self.doc.paras = [p for i, p in enumerate(self.doc.paras) if i not in set(cut)]
        self.rec("truncate", "content_removed", removed, [],
                 f"truncated after {keep} of {len(body)} paragraphs")

    def drop_paragraph(self) -> None:
        body = self._body_idx()[1:]
        if len(body) < 3:
            return
        i = self.rng.choice(body)
        removed = [s.uid for s in self.doc.paras[i]]
        del self.doc.paras[i]
        self.rec("drop_paragraph", "content_removed", removed, [], "paragraph dropped")

    def reorder(self) -> None:
        body = self._body_idx()[1:]
        if len(body) < 3:
            return
        i, j = self.rng.sample(body, 2)
        self.doc.paras[i], self.doc.paras[j] = self.doc.paras[j], self.doc.paras[i]
        moved = [s.uid for s in self.doc.paras[i] + self.doc.paras[j]]
        self.rec("reorder", None, moved, moved, "two paragraphs swapped")

    # wording -----------------------------------------------------------------
    def _reword(self, text: str, n: int) -> str | None:
        words = text.split(" ")
        idx = [i for i, w in enumerate(words) if w.strip(",.;:") in SYNONYMS or w in TENSE]
        if not idx:
            return None
        for i in self.rng.sample(idx, min(n, len(idx))):
            w = words[i]
            core = w.strip(",.;:")
            rep = self.rng.choice(SYNONYMS[core]) if core in SYNONYMS else TENSE[core]
            words[i] = w.replace(core, rep, 1)
        return " ".join(words)

    def reword_sentence(self) -> None:
        sents = [s for s in self.doc.segs() if s.kind == "sent" and len(s.text) > 40
                 and not re.search(r"[\"“”]", s.text)]  # words inside quotes: quote ops
        if not sents:
            return
        seg = self.rng.choice(sents)
        new = self._reword(seg.text, self.rng.randint(1, 3))
        if new is None and ", " in seg.text[:-1]:  # clause reorder
            a, b = seg.text.rstrip(".").split(", ", 1)
            new = _cap(b) + ", " + a[:1].lower() + a[1:] + "."
        if new and new != seg.text:
            seg.text = new
            self.rec("reword_sentence", None, [seg.uid], [seg.uid], "sentence reworded")

    def quote_reworded(self) -> None:
        for seg in self.rng.sample(self.quotes(), len(self.quotes())):
            new = self._reword(seg.q["content"], self.rng.randint(1, 3))
            if new and new != seg.q["content"]:
                old, seg.q["content"] = seg.q["content"], new
                self.rec("quote_reworded", "quote_reworded", [seg.uid], [seg.uid],
                         f"{old!r} -> {new!r}")
                return

    def quote_entity_swapped(self) -> None:
        for seg in self.rng.sample(self.quotes(), len(self.quotes())):
            found = list(_ALIAS_RE.finditer(seg.q["content"]))
            if found:
                m = self.rng.choice(found)
                alt = self.rng.choice([a for a in _ALIAS_OF[m.group(1)] if a != m.group(1)])
                c = seg.q["content"]
                seg.q["content"] = c[:m.start()] + alt + c[m.end():]
                if self._introduced(seg, m.group(1), c):
                    return
                self.rec("quote_entity_swapped", "quote_entity_swapped", [seg.uid], [seg.uid],
                         f"{m.group(1)} -> {alt}")
                return

    def quote_trimmed(self) -> None:
        qs = [s for s in self.quotes() if len(s.q["content"].split()) >= 10]
        if not qs:
            return
        seg = self.rng.choice(qs)
        words = seg.q["content"].split()
        k = self.rng.randint(max(4, len(words) // 3), max(5, len(words) * 2 // 3))
        while k > 4 and words[k - 1].lower().strip(",;") in _FUNCTION_WORDS:
            k -= 1
        seg.q["content"] = " ".join(words[:k]).rstrip(",;")
        join = self.merge_join.pop(seg.uid, None)
        if join and k <= join[0]:  # the cut fell inside the first quotation: no word of
            # the second remains, so the child shows it dropped, not merged
            merged = self.ops[join[1]]
            self.ops[join[1]] = {"op": "drop_quote", "mutation": "content_removed",
                                 "p_uids": merged["p_uids"][1:], "c_uids": [],
                                 "detail": "quote merged into another, then trimmed away"}
            del self.merged[seg.uid]
            if k == join[0]:
                return  # the first quotation is whole again: nothing trimmed from it
            words = words[:join[0]]
        self.rec("quote_trimmed", "quote_trimmed", [seg.uid], [seg.uid],
                 f"quote cut from {len(words)} to {k} words")

    def quote_merged(self) -> None:
        qs = self.quotes()
        for a in qs:
            for b in qs:
                if b is not a and (b.q.get("same_as") == a.q["speaker"]):
                    self.merge_join[a.uid] = (len(a.q["content"].split()), len(self.ops))
                    a.q["content"] = a.q["content"].rstrip(".") + ". " + _cap(b.q["content"])
                    for p in self.doc.paras:
                        if b in p:
                            p.remove(b)
                    self.doc.paras = [p for p in self.doc.paras if p]
                    self.rec("quote_merged", "quote_merged", [a.uid, b.uid], [a.uid],
                             "two quotes of one speaker merged")
                    self.merged[a.uid] = [a.uid, b.uid]
                    return

    def speaker_dropped(self) -> None:
        qs = self.quotes(lambda q: not q.get("anon") and not q.get("same_as"))
        if qs:
            seg = self.rng.choice(qs)
            old = seg.q["speaker"]
            seg.q.update(speaker=self.rng.choice(ANON), desc=None, anon=True)
            self.rec("speaker_dropped", "speaker_dropped", [seg.uid], [seg.uid],
                     f"speaker {old!r} no longer named")

    def speaker_description_changed(self) -> None:
        qs = self.quotes(lambda q: not q.get("anon") and not q.get("same_as"))
        if qs:
            seg = self.rng.choice(qs)
            old = seg.q.get("desc")
            new = old
            while new == old:
                new = self.rng.choice(DESCS).format(org=self.rng.choice(ORGS))
            seg.q["desc"] = new
            self.rec("speaker_description_changed", "speaker_description_changed", [seg.uid],
                     [seg.uid], f"{old!r} -> {new!r}")

    def attribution_lost(self) -> None:
        qs = self.quotes()
        if qs:
            seg = self.rng.choice(qs)
            seg.q["bare"] = True
            self.rec("attribution_lost", "attribution_lost", [seg.uid], [seg.uid],
                     f"quote of {seg.q['speaker']} now stated as fact")

    def channel_dropped(self) -> None:
        qs = self.quotes(lambda q: q.get("channel"))
        if qs:
            seg = self.rng.choice(qs)
            old = seg.q.pop("channel")
            self.rec("channel_dropped", "channel_dropped", [seg.uid], [seg.uid],
                     f"channel {old!r} dropped")

    def channel_changed(self) -> None:
        qs = self.quotes(lambda q: q.get("channel"))
        if qs:
            seg = self.rng.choice(qs)
            old = seg.q["channel"]
            seg.q["channel"] = self.rng.choice([c for c in CHANNEL_OUTLETS if c != old])
            seg.q["channel_form"] = self.rng.choice(["told", "according"])
            self.rec("channel_changed", "channel_changed", [seg.uid], [seg.uid],
                     f"{old!r} -> {seg.q['channel']!r}")

    def channel_added(self) -> None:
        untouched = {s.uid for s in self.parent.segs() if s.kind == "quote"
                     and not s.q.get("channel")}  # not one whose channel we just dropped
        qs = [s for s in self.quotes(lambda q: not q.get("channel")) if s.uid in untouched]
        if qs:
            seg = self.rng.choice(qs)
            seg.q["channel"] = self.origin_outlet if self.rng.random() < 0.6 else \
                self.parent.outlet
            seg.q["channel_form"] = self.rng.choice(["according", "interview"])
            self.rec("channel_added", "channel_added", [seg.uid], [seg.uid],
                     f"credited to {seg.q['channel']!r}")

    def hedge(self, weaken: bool) -> None:
        qs = self.quotes(lambda q: q["verb"] in ("said", "added") + tuple(HEDGED_VERBS)
                         + tuple(BOOSTER_VERBS))
        if not qs:
            return
        seg = self.rng.choice(qs)
        old = seg.q["verb"]
        if weaken:
            new = "said" if old in HEDGED_VERBS else self.rng.choice(BOOSTER_VERBS)
        else:
            new = "said" if old in BOOSTER_VERBS else self.rng.choice(HEDGED_VERBS)
        if new == old:
            return
        seg.q["verb"] = new
        t = "hedge_weakened" if weaken else "hedge_strengthened"
        # one booster for another ("revealed" -> "confirmed") or one hedge for another
        # ("claimed" -> "suggested") leaves the claim as strong as it was: the text
        # changes, the truth records no hedge mutation (the README's vocabulary)
        lateral = {old, new} <= set(BOOSTER_VERBS) or {old, new} <= set(HEDGED_VERBS)
        self.rec(t, None if lateral else t, [seg.uid], [seg.uid], f"{old!r} -> {new!r}")

    def caveat_dropped(self) -> None:
        for p in self.doc.paras:
            for s in p:
                if s.kind == "caveat":
                    p.remove(s)
                    self.doc.paras = [q for q in self.doc.paras if q]
                    return  # recorded by the observation pass

    def caveat_added(self) -> None:
        if any(s.kind == "caveat" for s in self.doc.segs()) or not self.quotes():
            return
        spk = self.quotes()[0].q["speaker"].split()[-1]
        seg = Seg(self.nid(), "caveat", self.rng.choice(CAVEATS).format(O=self.doc.outlet, S=spk))
        body = self._body_idx()
        self.doc.paras.insert(body[-1] + 1, [seg])
        self.rec("caveat_added", "caveat_added", [], [seg.uid], "verification caveat added")

    def content_added(self) -> None:
        seg = Seg(self.nid(), "context",
                  self.rng.choice(CONTEXT).format(place=self.rng.choice(PLACES),
                                                  n=self.rng.randint(3, 400)))
        body = self._body_idx()
        self.doc.paras.insert(self.rng.choice(body[1:] or body) + 1, [seg])
        self.rec("content_added", "content_added", [], [seg.uid], "local context paragraph")

    def _retitle(self, old: str) -> str:
        """A neutral new headline: each outlet writes its own, so independent ones differ."""
        words = old.split()
        variant = self.rng.randrange(5)
        if variant == 0:
            new = self._reword(old, 2)
            if new:
                return new
        if variant <= 1 and len(words) > 4:
            k = self.rng.randint(3, len(words) - 1)
            return " ".join(words[:k])
        if variant == 2:
            tag = self.rng.choice(["UPDATE 1-", "UPDATE 2-", "WRAPUP-", "Analysis: ", "FOCUS-",
                                   "Markets: ", "Business: ", "World: ", "In brief: "])
            return tag + old
        if variant == 3:
            return f"{old} {self.rng.choice(['-', '|', '–'])} {self.doc.outlet}"
        extra = self.rng.choice(["{p} reports", "as {p} watches", "amid {p} concern",
                                 "{p} reaction", "latest from {p}", "{p} view"])
        return f"{old}, {extra.format(p=self.rng.choice(PLACES))}"

    def headline(self, hardened: bool) -> None:
        old = self.doc.title
        if hardened:
            new = old
            for a, b in HARDEN:
                if re.search(rf"\b{a}\b", new, re.I):
                    new = re.sub(rf"\b{a}\b", b, new, count=1, flags=re.I)
                    break
            else:
                new = self.rng.choice(HARDEN_PREFIX) + old
        else:
            new = self._retitle(old)
        if _norm_title(new) == _norm_title(old):
            return
        self.doc.title = new
        t = "headline_hardened" if hardened else "headline_changed"
        self.rec(t, t, [], [], f"{old!r} -> {new!r}")


def _norm_title(t: str) -> str:
    return re.sub(r"\s+", " ", t).strip().casefold()


# ------------------------------------------------------------------ simulate

STRUCT_OPS = ("truncate", "drop_paragraph", "reorder")
EDIT_OPS = ("reword_sentence", "quote_merged", "quote_trimmed", "quote_reworded",
            "quote_entity_swapped", "speaker_dropped", "speaker_description_changed",
            "channel_dropped", "channel_changed", "channel_added", "attribution_lost",
            "caveat_dropped", "caveat_added", "content_added")


def derive(parent: Doc, outlet: tuple[str, str], rng: random.Random, cfg: dict[str, Any],
           uid: list[int], origin_outlet: str) -> tuple[Doc, list[dict[str, Any]]]:
    """A derived article from ``parent`` with its recorded edits."""
    doc = copy.deepcopy(parent)
    doc.outlet, doc.domain = outlet
    ed = Editor(doc, parent, rng, uid, origin_outlet)
    p = cfg["ops"]
    if rng.random() < p["boilerplate"]:
        ed.boilerplate(outlet)
    else:
        doc.paras = [q for q in doc.paras if not all(s.kind == "boiler" for s in q)]
    if rng.random() < p["quote_style"]:
        doc.style = "straight" if doc.style == "curly" else "curly"
    r = rng.random()
    if r < p["headline_hardened"]:
        ed.headline(True)
    elif r < p["headline_hardened"] + p["headline_changed"]:
        ed.headline(False)
    for op in STRUCT_OPS:
        if rng.random() < p[op]:
            getattr(ed, op)()
    weak = rng.random() < p["hedge_weakened"]
    strong = not weak and rng.random() < p["hedge_strengthened"]
    for op in EDIT_OPS:
        if rng.random() < p[op]:
            getattr(ed, op)()
    if weak or strong:
        ed.hedge(weaken=weak)
    return doc, ed.ops


def _observed(ops: list[dict[str, Any]], parent: Doc, child: Doc,
              pmap: dict[str, tuple], cmap: dict[str, tuple]) -> list[dict[str, Any]]:
    """Ops with spans, keeping only what is still visible in the child."""
    out = []
    bare = {s.uid for s in child.segs() if s.kind == "quote" and s.q.get("bare")}
    for op in ops:
        if op["op"].startswith(("speaker_", "channel_")) and set(op["c_uids"]) & bare:
            continue  # subsumed: the whole attribution is gone (attribution_lost)
        c_uids = [u for u in op["c_uids"] if u in cmap]
        p_uids = [u for u in op["p_uids"] if u in pmap]
        if op["c_uids"] and not c_uids:
            continue  # edited segment later removed
        if op["op"] in STRUCT_OPS[:2]:  # a lost caveat is reported as caveat_dropped only
            cav = {s.uid for s in parent.segs() if s.kind == "caveat"}
            p_uids = [u for u in p_uids if not u.startswith("b") and u not in cav]
            if not p_uids:
                continue
        out.append({"op": op["op"], "mutation": op["mutation"],
                    "parent_spans": _merge([pmap[u][:2] for u in p_uids]),
                    "child_spans": _merge([cmap[u][:2] for u in c_uids]),
                    "detail": op["detail"]})
    p_cav = [s.uid for s in parent.segs() if s.kind == "caveat"]
    lost = [u for u in p_cav if u not in cmap]
    # a caveat dropped and the same words added back in this hop: the child shows neither
    text = {s.uid: " ".join(s.text.split()) for s in parent.segs() + child.segs()}
    for op in [o for o in ops if o["op"] == "caveat_added"]:
        same = [u for u in lost if any(text.get(c) == text[u] for c in op["c_uids"])]
        if same:
            lost.remove(same[0])
            out = [o for o in out if not (o["op"] == "caveat_added" and o["child_spans"] ==
                   _merge([cmap[c][:2] for c in op["c_uids"] if c in cmap]))]
    if lost:
        out.append({"op": "caveat_dropped", "mutation": "caveat_dropped",
                    "parent_spans": [list(pmap[u][:2]) for u in lost], "child_spans": [],
                    "detail": "verification caveat dropped"})
    return out


def _merge(spans: list[tuple[int, int]]) -> list[list[int]]:
    out: list[list[int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1] + 2:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return out


def _kept(pmap: dict[str, tuple], cmap: dict[str, tuple], ptext: str, ctext: str
          ) -> dict[str, list[list[int]]]:
    """Passages copied verbatim: unchanged segments, joined where both sides are contiguous."""
    pairs = sorted((cmap[u][:2], pmap[u][:2]) for u in cmap
                   if u in pmap and pmap[u][2] == cmap[u][2] and not u.startswith("b"))
    ps: list[list[int]] = []
    cs: list[list[int]] = []
    for (c0, c1), (p0, p1) in pairs:
        if cs and ctext[cs[-1][1]:c0] == ptext[ps[-1][1]:p0] and len(ctext[cs[-1][1]:c0]) <= 2:
            cs[-1][1], ps[-1][1] = c1, p1
        else:
            cs.append([c0, c1])
            ps.append([p0, p1])
    return {"parent_spans": ps, "child_spans": cs}


def _story_size(rng: random.Random, cfg: dict[str, Any]) -> int:
    lo, hi, mean = cfg["story_size_min"], cfg["story_size_max"], cfg["story_size_mean"]
    extra = max(0.0, mean - lo)
    n = lo + (int(rng.expovariate(1 / extra)) if extra else 0)
    return min(hi, n)


def merge_config(overrides: dict[str, Any] | None) -> dict[str, Any]:
    """DEFAULT_CONFIG updated with ``overrides`` (``ops`` merged key by key), validated."""
    cfg = copy.deepcopy(DEFAULT_CONFIG)
    for k, v in (overrides or {}).items():
        if k == "ops":
            unknown = set(v) - set(cfg["ops"])
            if unknown:
                raise ValueError(f"unknown edit operations {sorted(unknown)}; "
                                 f"known: {sorted(cfg['ops'])}")
            cfg["ops"].update(v)
        elif k not in cfg:
            raise ValueError(f"unknown simulator setting {k!r}; known: {sorted(cfg)}")
        else:
            cfg[k] = v
    for k, v in list(cfg["ops"].items()) + [(k, cfg[k]) for k in cfg if k.startswith("p_")]:
        if not 0.0 <= float(v) <= 1.0:
            raise ValueError(f"probability {k}={v} must be between 0 and 1")
    if not 2 <= cfg["story_size_min"] <= cfg["story_size_max"]:
        raise ValueError("need 2 <= story_size_min <= story_size_max")
    return cfg


_BASES_CACHE: dict[tuple[str, int], list[dict[str, Any]]] = {}


def simulate(n_stories: int, seed: int = 0, config: dict[str, Any] | None = None,
             bases: list[dict[str, Any]] | None = None
             ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """``(articles, truth)`` for ``n_stories`` simulated stories plus distractors.

    Deterministic for ``seed``. Base articles are drawn without replacement while they
    last (then reused with fresh edits, which a reuse method will rightly see as related).
    """
    cfg = merge_config(config)
    if bases is None:
        key = (str(REUTERS), cfg["min_words"])
        if key not in _BASES_CACHE:
            _BASES_CACHE[key] = load_bases(REUTERS, cfg["min_words"])
        bases = _BASES_CACHE[key]
    rng = random.Random(seed)
    order = list(range(len(bases)))
    rng.shuffle(order)
    by_topic: dict[str, list[int]] = {}
    for i in order:
        by_topic.setdefault(bases[i]["topic"], []).append(i)
    used: set[int] = set()
    cursor = [0]

    def next_base() -> int:
        while cursor[0] < len(order) and order[cursor[0]] in used:
            cursor[0] += 1
        if cursor[0] < len(order):
            used.add(order[cursor[0]])
            return order[cursor[0]]
        return rng.randrange(len(bases))

    articles: list[dict[str, Any]] = []
    truth: list[dict[str, Any]] = []
    uid = [0]
    undated = float(cfg["undated"])

    def new_id() -> str:
        return f"{rng.getrandbits(48):012x}"

    def emit(doc: Doc, aid: str, when: dt.datetime, tr: dict[str, Any]) -> tuple[str, dict]:
        text, smap = render(doc)
        dated = rng.random() >= undated
        articles.append({"id": aid, "text": text, "title": doc.title, "outlet": doc.outlet,
                         "published": when.strftime("%Y-%m-%dT%H:%M:%SZ") if dated else None})
        tr.update(id=aid, dated=dated)
        truth.append(tr)
        return text, smap

    for si in range(n_stories):
        bi = next_base()
        base = bases[bi]
        story = f"story-{seed}-{si}"
        t0 = _base_date(base.get("date"), rng)
        o_outlet = rng.choice(OUTLETS[:2] + OUTLETS) if rng.random() < 0.5 else rng.choice(OUTLETS)
        if re.search(r"\b(?:told|to|according to) Reuters\b", " ".join(base["paras"])):
            o_outlet = OUTLETS[0]  # a Reuters interview in the text: Reuters published it
        origin = make_origin(base, o_outlet, rng, cfg, uid)
        external = rng.random() < cfg["p_external_origin"]
        oid = new_id()
        origin_ref = f"external:{o_outlet[0]}" if external else oid
        nodes: list[dict[str, Any]] = []  # {"id","doc","map","time","ancestors","in"}
        otext, omap = render(origin)
        if not external:
            emit(origin, oid, t0, {"story": story, "parent": None, "external": None,
                                   "origin": oid, "ancestors": [], "distractor": False,
                                   "base": base["id"], "operations": [],
                                   "kept": {"parent_spans": [], "child_spans": []}})
        nodes.append({"id": oid, "doc": origin, "map": omap, "text": otext, "time": t0,
                      "ancestors": [],
                      "in": not external})
        first_in = oid if not external else None
        story_truth_start = len(truth) - (0 if external else 1)
        for _ in range(_story_size(rng, cfg)):
            if rng.random() < cfg["p_parent_origin"] or len(nodes) == 1:
                par = nodes[0]
            else:
                par = rng.choice(nodes[1:])
            outlet = rng.choice([o for o in OUTLETS if o[0] != par["doc"].outlet])
            when = par["time"] + dt.timedelta(minutes=5 + int(rng.expovariate(
                1 / (60 * cfg["delay_hours_mean"]))))
            doc, ops = derive(par["doc"], outlet, rng, cfg, uid, o_outlet[0])
            aid = new_id()
            ctext, cmap = render(doc)
            ops = _observed(ops, par["doc"], doc, par["map"], cmap)
            anc = ([par["id"]] + par["ancestors"]) if par["in"] else [origin_ref]
            tr = {"story": story, "parent": par["id"] if par["in"] else None,
                  "external": None if par["in"] else o_outlet[0], "origin": origin_ref,
                  "ancestors": anc, "distractor": False, "base": base["id"],
                  "parent_in_corpus": par["in"], "operations": ops,
                  "kept": _kept(par["map"], cmap, par["text"], ctext)}
            if cfg["record_sources"]:
                tr["generated"] = len(nodes)  # the copies before it may be its parent
                if not par["in"]:
                    tr["source"] = {"title": origin.title, "text": otext,
                                    "published": t0.strftime("%Y-%m-%dT%H:%M:%SZ")}
            emit(doc, aid, when, tr)
            nodes.append({"id": aid, "doc": doc, "map": cmap, "text": ctext, "time": when,
                          "ancestors": anc, "in": True})
        in_corpus = [n for n in nodes if n["in"]]
        first_in = min(in_corpus, key=lambda n: n["time"])["id"]
        for tr in truth[story_truth_start:]:
            tr["first_in_corpus"] = first_in
        # distractors: other articles of the same topic, retold nowhere
        n_d = int(cfg["distractors_per_story"]) + (
            rng.random() < cfg["distractors_per_story"] % 1)
        pool = by_topic.get(base["topic"], [])
        for _ in range(n_d):
            cands = [i for i in pool[:200] if i not in used]
            if not cands:
                break
            di = rng.choice(cands)
            used.add(di)
            d = make_origin(bases[di], rng.choice(OUTLETS), rng, cfg, uid)
            did = new_id()
            emit(d, did, t0 + dt.timedelta(hours=rng.uniform(-48, 48)),
                 {"story": f"distractor-{seed}-{di}", "parent": None, "external": None,
                  "origin": did, "first_in_corpus": did, "ancestors": [],
                  "distractor": True, "base": bases[di]["id"], "operations": [],
                  "kept": {"parent_spans": [], "child_spans": []}})
    perm = list(range(len(articles)))
    rng.shuffle(perm)
    return [articles[i] for i in perm], [truth[i] for i in perm]


def write(out: Path, articles: list[dict[str, Any]], truth: list[dict[str, Any]]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for name, rows in (("articles.jsonl", articles), ("truth.jsonl", truth)):
        with open(out / name, "w", encoding="utf-8") as fh:
            for row in rows:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--stories", type=int, default=100, help="number of stories")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", type=Path, required=True, help="output directory")
    ap.add_argument("--undated", type=float, default=None,
                    help="fraction of articles without a publication date (0..1)")
    ap.add_argument("--config", type=Path, help="JSON file overriding DEFAULT_CONFIG")
    ap.add_argument("--mean-size", type=float, help="mean derived articles per story")
    args = ap.parse_args(argv)
    overrides: dict[str, Any] = {}
    if args.config:
        try:
            overrides = json.loads(args.config.read_text())
        except (OSError, json.JSONDecodeError) as exc:
            ap.error(f"cannot read edit model {args.config}: {exc}")
    if args.undated is not None:
        overrides["undated"] = args.undated
    if args.mean_size is not None:
        overrides["story_size_mean"] = args.mean_size
    try:
        cfg = merge_config(overrides)
    except ValueError as exc:
        ap.error(str(exc))
    t = time.perf_counter()
    arts, tr = simulate(args.stories, args.seed, cfg)
    write(args.out, arts, tr)
    el = time.perf_counter() - t
    print(f"{len(arts)} articles in {args.stories} stories -> {args.out} "
          f"({el:.1f}s, {len(arts) / max(el, 1e-9):.0f} articles/s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
