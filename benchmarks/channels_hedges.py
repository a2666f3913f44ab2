"""Benchmark: channels, hedges and speaker resolution on gold attribution spans.

Statements are built from the *gold* spans (content, cue, source) so that these figures
measure speakers/channels/hedges alone, independent of statement detection.

* Channels and hedges: ``tests/gold/channels_hedges.jsonl`` (our own annotation of
  PolNeAR dev lines; guidelines in docs/speakers_channels_hedges.md). A predicted channel
  is right when its span overlaps the gold phrase and, for outlets and platforms, the
  names agree (case-folded, "the" dropped, one containing the other). A predicted hedge
  is right when a gold hedge of the same type overlaps it (one-to-one).
* Speakers: GGT dev, every gold quote: is the resolved speaker name equal to the gold
  ``speaker_reference`` (case-folded, leading determiner and punctuation dropped)?
  Published anchor: GGT's own extractor, 86.5% (on quotes it matched, all 98 articles).

Anchors run in the same process: a keyword baseline for channels and hedges (any cue in
the sentence, attached to every statement of it) and "no resolution" for speakers (the
source words as they stand; follow-on quotes get nothing).

    nice -n 10 python benchmarks/channels_hedges.py
"""
from __future__ import annotations

import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from retold.records import HEDGE_TYPES, Channel, Hedge, Statement  # noqa: E402
from retold.statements.channels import attach_channels  # noqa: E402
from retold.statements.context import ArticleContext  # noqa: E402
from retold.statements.hedges import attach_hedges  # noqa: E402
from retold.statements.speakers import resolve_speakers  # noqa: E402

SHARED = ROOT.parent / "shared" / "data"
GOLD = ROOT / "tests" / "gold" / "channels_hedges.jsonl"
RESULTS = ROOT / "benchmarks" / "results"


# ------------------------------------------------------------------------ loading


def load_gold(path: Path = GOLD) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def load_jsonl(path: Path) -> dict[str, dict]:
    out = {}
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            d = json.loads(line)
            out[d.get("doc_id") or d["id"]] = d
    return out


def gold_statements(doc: dict, article_id: str) -> list[Statement]:
    """One Statement per gold attribution of the document, from its gold spans."""
    out = []
    for a in doc["attributions"]:
        if not a.get("content"):
            continue
        out.append(Statement(id=a["id"], article_id=article_id,
                             kind=a.get("quote_type_derived") or "indirect",
                             content=[list(f) for f in a["content"]],
                             cue=[list(f) for f in a.get("cue") or []],
                             source=[list(f) for f in a.get("source") or []]))
    return out


# ------------------------------------------------------------------------ systems


def run_retold(text: str, statements: list[Statement], article_id: str) -> None:
    ctx = ArticleContext(text)
    speakers = resolve_speakers(ctx, statements, article_id)
    attach_channels(ctx, statements)
    attach_hedges(ctx, statements, speakers, article_id=article_id)


_BASE_CHANNEL = re.compile(r"\b(?:told|tweeted|interview|statement|on Twitter|speaking to)\b", re.I)
_BASE_HEDGE = {
    "unverified": r"\b(?:verify|verified|confirm|unverified|unconfirmed|evidence)\b",
    "alleged": r"\b(?:alleged\w*|claim\w*|accus\w*|purported\w*)\b",
    "reportedly": r"\b(?:reportedly|reports?)\b",
    "anonymous": r"\b(?:sources?|anonymity|anonymous)\b",
    "anecdotal": r"\banecdot\w*\b",
    "disputed": r"\b(?:den(?:y|ied|ies)|disput\w*|reject\w*)\b",
    "booster": r"\b(?:reveal\w*|confirm\w*|prov\w*|show\w*|admit\w*)\b",
}


def run_baseline(text: str, statements: list[Statement]) -> None:
    """The anchor: keywords anywhere in the statement's sentence, no scoping."""
    ctx = ArticleContext(text)
    for st in statements:
        anchor = (st.cue or st.source or st.content)[0][0]
        s, e = ctx.sentences[max(ctx.sentence_index(anchor), 0)]
        m = _BASE_CHANNEL.search(text, s, e)
        if m:
            after = re.match(r"\s+((?:the\s+)?[A-Z][\w]*(?:\s+[A-Z][\w]*)*)", text[m.end():e])
            name = after.group(1) if after else m.group()
            st.channel = Channel(name=name, span=[m.start(), m.end()], kind="other")
        for typ, rx in _BASE_HEDGE.items():
            for h in re.finditer(rx, text[s:e], re.I):
                st.hedges.append(Hedge(type=typ, cue=h.group(), span=[s + h.start(), s + h.end()]))


# ------------------------------------------------------------------------ scoring


def _norm_name(name: str) -> str:
    name = re.sub(r"^(?:the|a|an)\s+", "", (name or "").casefold().replace("’", "'"))
    return re.sub(r"[^\w]+", " ", name).strip()


def _overlap(a, b) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def channel_match(pred: Channel | None, gold: dict | None) -> bool:
    if pred is None or gold is None or not _overlap(pred.span, gold["span"]):
        return False
    if gold["kind"] in ("outlet", "platform"):
        p, g = _norm_name(pred.name), _norm_name(gold["name"])
        return bool(p) and (p in g or g in p)
    return True


def prf(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"tp": tp, "fp": fp, "fn": fn, "P": round(100 * p, 1), "R": round(100 * r, 1),
            "F1": round(100 * f, 1)}


def score_gold(gold: list[dict], docs: dict[str, dict], system: str) -> dict:
    ch = Counter()
    hedge = {t: Counter() for t in HEDGE_TYPES}
    kinds = Counter()
    for doc_id in sorted({g["doc_id"] for g in gold}):
        doc = docs[doc_id]
        statements = gold_statements(doc, doc_id)
        if system == "retold":
            run_retold(doc["text"], statements, doc_id)
        else:
            run_baseline(doc["text"], statements)
        by_id = {st.id: st for st in statements}
        for unit in (g for g in gold if g["doc_id"] == doc_id):
            for ga in unit["attributions"]:
                st = by_id[ga["id"]]
                gch = ga["channel"]
                if channel_match(st.channel, gch):
                    ch["tp"] += 1
                    kinds["right" if st.channel.kind == gch["kind"] else "wrong"] += 1
                else:
                    ch["fp"] += st.channel is not None
                    ch["fn"] += gch is not None
                _score_hedges(st.hedges, ga["hedges"], hedge)
    per_type = {t: prf(c["tp"], c["fp"], c["fn"]) for t, c in hedge.items()}
    total = Counter()
    for c in hedge.values():
        total.update(c)
    return {"channel": prf(ch["tp"], ch["fp"], ch["fn"]),
            "channel_kind_accuracy": round(100 * kinds["right"] / max(1, sum(kinds.values())), 1),
            "hedges": per_type, "hedges_micro": prf(total["tp"], total["fp"], total["fn"])}


def _score_hedges(pred: list[Hedge], gold: list[dict], out: dict[str, Counter]) -> None:
    used: set[int] = set()
    for h in pred:
        hit = next((k for k, g in enumerate(gold) if k not in used and g["type"] == h.type
                    and _overlap(h.span, g["span"])), None)
        if hit is None:
            out[h.type]["fp"] += 1
        else:
            used.add(hit)
            out[h.type]["tp"] += 1
    for k, g in enumerate(gold):
        if k not in used:
            out[g["type"]]["fn"] += 1


# ------------------------------------------------------------------------ GGT speakers


def norm_speaker(name: str | None) -> str:
    s = (name or "").casefold().replace("’", "'")
    s = re.sub(r"^(?:the|a|an|some|one)\s+", "", s.strip())
    return re.sub(r"[^\w]+", " ", s).strip()


def ggt_speakers(path: Path) -> dict:
    right = right_base = total = 0
    by_form = Counter()
    cpu = 0.0
    n_docs = 0
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            doc = json.loads(line)
            n_docs += 1
            statements = gold_statements(doc, doc["doc_id"])
            t0 = time.process_time()
            resolve_speakers(ArticleContext(doc["text"]), statements, doc["doc_id"])
            cpu += time.process_time() - t0
            by_id = {st.id: st for st in statements}
            for a in doc["attributions"]:
                if a["id"] not in by_id:
                    continue
                ref = a.get("speaker_reference", a.get("reference"))
                total += 1
                ok = norm_speaker(by_id[a["id"]].speaker) == norm_speaker(ref)
                right += ok
                right_base += norm_speaker(a.get("source_text")) == norm_speaker(ref)
                form = ("empty" if not a.get("source_text") else
                        "pronoun" if a["source_text"].lower() in ("he", "she", "they", "it", "i", "we")
                        else "other")
                by_form[(form, ok)] += 1
    forms = {f: f"{by_form[(f, True)]}/{by_form[(f, True)] + by_form[(f, False)]}"
             for f in ("empty", "pronoun", "other")}
    return {"quotes": total, "accuracy": round(100 * right / total, 1),
            "anchor_no_resolution": round(100 * right_base / total, 1),
            "anchor_ggt_published": 86.5, "by_source_form": forms,
            "docs_per_cpu_second": round(n_docs / cpu, 1) if cpu else None}


# ------------------------------------------------------------------------ main


def throughput(docs: dict[str, dict]) -> dict:
    """CPU cost of the three stages per document, statements given (process time)."""
    n_st = 0
    t0 = time.process_time()
    for doc_id, doc in docs.items():
        statements = gold_statements(doc, doc_id)
        n_st += len(statements)
        run_retold(doc["text"], statements, doc_id)
    cpu = time.process_time() - t0
    return {"docs": len(docs), "statements": n_st, "cpu_seconds": round(cpu, 2),
            "docs_per_cpu_second": round(len(docs) / cpu, 1) if cpu else None}


def _print_table(title: str, gold: list[dict], ours: dict, base: dict) -> None:
    n_att = sum(len(u["attributions"]) for u in gold)
    n_ch = sum(1 for u in gold for a in u["attributions"] if a["channel"])
    n_h = sum(len(a["hedges"]) for u in gold for a in u["attributions"])
    print(f"\n{title}: {len(gold)} lines, {n_att} attributions ({n_ch} channels, {n_h} hedges)")
    print(f"{'measure':<22}{'retold P/R/F1':>22}{'keyword anchor P/R/F1':>26}")
    rows = [("channel", ours["channel"], base["channel"]),
            ("hedges (micro)", ours["hedges_micro"], base["hedges_micro"])]
    rows += [(f"  {t}", ours["hedges"][t], base["hedges"][t]) for t in HEDGE_TYPES]
    for name, o, b in rows:
        print(f"{name:<22}{o['P']:>8.1f}{o['R']:>7.1f}{o['F1']:>7.1f}"
              f"{b['P']:>12.1f}{b['R']:>7.1f}{b['F1']:>7.1f}   (gold {o['tp'] + o['fn']})")
    print(f"channel kind accuracy on matched channels: {ours['channel_kind_accuracy']}")


def main() -> int:
    polnear = {split: SHARED / "polnear" / f"polnear_{split}.jsonl" for split in ("dev", "train")}
    ggt = SHARED / "ggt" / "ggt_dev.jsonl"
    if not all(p.is_file() for p in polnear.values()) or not ggt.is_file():
        print(f"shared evaluation data not found under {SHARED}", file=sys.stderr)
        return 2
    gold = load_gold()
    out: dict = {}
    for use, split, title in (("tune", "dev", "PolNeAR dev lines (annotated, rules tuned on them)"),
                              ("heldout", "train", "PolNeAR train lines (held out: annotated blind, never tuned on)")):
        part = [g for g in gold if g.get("use", "tune") == use]
        if not part:
            continue
        docs = load_jsonl(polnear[split])
        ours = score_gold(part, docs, "retold")
        base = score_gold(part, docs, "baseline")
        _print_table(title, part, ours, base)
        out[use] = {"lines": len(part), "retold": ours, "keyword_anchor": base}
    out["throughput"] = throughput(load_jsonl(polnear["dev"]))
    print(f"\nspeakers+channels+hedges on all PolNeAR dev docs (gold statements): "
          f"{out['throughput']['docs_per_cpu_second']} docs/CPU-s "
          f"({out['throughput']['statements']} statements, no parse)")
    spk = ggt_speakers(ggt)
    print(f"\nGGT dev speaker name accuracy on gold spans: {spk['accuracy']} over {spk['quotes']} quotes "
          f"(anchor, no resolution: {spk['anchor_no_resolution']}; GGT published: 86.5); "
          f"by source form {spk['by_source_form']}; {spk['docs_per_cpu_second']} docs/CPU-s")
    out["ggt_speakers"] = spk
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "channels_hedges.json").write_text(json.dumps(out, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
