"""Shared helpers for retold's benchmarks: the scrapinghub body metric, bootstrap, timing.

The metric is the one of scrapinghub's article-extraction-benchmark ``evaluate.py`` so that
our figures can be set beside the published ones:

* tokens are ``\\w+`` matches; a page's shingles are its 4-token windows (a text shorter
  than 4 tokens gives one shorter shingle), counted as a multiset;
* per page ``tp = sum(min(true, pred))``, ``fp = sum(max(0, pred - true))``,
  ``fn = sum(max(0, true - pred))`` over shingles, then normalised by ``tp + fp + fn`` so that
  long pages weigh no more than short ones;
* precision is averaged over pages with ``tp + fp > 0``, recall over pages with
  ``tp + fn > 0``; a page where both texts are empty scores 1/1;
* ``F1 = 2PR / (P + R)`` of the two means (not the mean of per-page F1s);
* the standard error is the standard deviation of that statistic over ``n_boot`` bootstrap
  resamples of the pages (fixed seed so that reruns agree).

Timing: :func:`timed_run` reports documents/s per core as documents over *process CPU time*
(``time.process_time``), which is what "per core" means on a shared machine where wall time
depends on the neighbours' load; wall time is reported beside it.
"""
from __future__ import annotations

import gzip
import json
import platform
import random
import re
import statistics
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = ROOT.parent / "shared" / "data"
RESULTS = Path(__file__).resolve().parent / "results"

TpFpFn = tuple[float, float, float]

_TOKEN_RE = re.compile(r"\w+", re.UNICODE)


def tokenize(text: str | None) -> list[str]:
    return _TOKEN_RE.findall(text or "")


def shingles(text: str | None, n: int = 4) -> Counter:
    """Multiset of ``n``-token windows; a text shorter than ``n`` tokens is one shingle."""
    tokens = tokenize(text)
    return Counter(tuple(tokens[i:i + n]) for i in range(max(1, len(tokens) - n + 1))
                   if tokens[i:i + n])


def shingle_match(true: str | None, pred: str | None, n: int = 4) -> TpFpFn:
    """Normalised (tp, fp, fn) of one page, as in scrapinghub's ``string_shingle_matching``."""
    t, p = shingles(true, n), shingles(pred, n)
    tp = float(sum((t & p).values()))
    fp = float(sum((p - t).values()))
    fn = float(sum((t - p).values()))
    s = tp + fp + fn
    return (tp / s, fp / s, fn / s) if s > 0 else (0.0, 0.0, 0.0)


def _precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fp == 0 else tp / (tp + fp)


def _recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fn == 0 else tp / (tp + fn)


def prf(scores: Sequence[TpFpFn]) -> dict[str, float]:
    """Mean precision, mean recall and the F1 of the two means."""
    ps = [_precision(*s) for s in scores if s[0] + s[1] > 0]
    rs = [_recall(*s) for s in scores if s[0] + s[2] > 0]
    p = statistics.mean(ps) if ps else 0.0
    r = statistics.mean(rs) if rs else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def bootstrap_se(items: Sequence[Any], statistic: Callable[[Sequence[Any]], float],
                 n_boot: int = 1000, seed: int = 13) -> float:
    """Standard deviation of ``statistic`` over ``n_boot`` resamples (with replacement)."""
    if len(items) < 2:
        return 0.0
    rng = random.Random(seed)
    n = len(items)
    values = [statistic([items[rng.randrange(n)] for _ in range(n)]) for _ in range(n_boot)]
    return statistics.stdev(values)


def evaluate_bodies(truths: Sequence[str], preds: Sequence[str | None],
                    n_boot: int = 1000) -> dict[str, float]:
    """P/R/F1 with bootstrap standard errors for aligned lists of true and predicted bodies."""
    scores = [shingle_match(t, p) for t, p in zip(truths, preds)]
    out = prf(scores)
    for key in ("precision", "recall", "f1"):
        out[f"{key}_se"] = bootstrap_se(scores, lambda s, k=key: prf(s)[k], n_boot=n_boot)
    return out


def paired_f1_difference(truths: Sequence[str], preds_a: Sequence[str | None],
                         preds_b: Sequence[str | None], n_boot: int = 1000,
                         seed: int = 13) -> tuple[float, float]:
    """F1(a) - F1(b) and its bootstrap standard error, resampling the *same* pages for both
    (as scrapinghub's ``--bootstrap-differences``): much tighter than comparing two
    independent ± figures, because most page-to-page variance is shared."""
    a = [shingle_match(t, p) for t, p in zip(truths, preds_a)]
    b = [shingle_match(t, p) for t, p in zip(truths, preds_b)]
    pairs = list(zip(a, b))

    def diff(sample):
        return prf([x for x, _ in sample])["f1"] - prf([y for _, y in sample])["f1"]

    return diff(pairs), bootstrap_se(pairs, diff, n_boot=n_boot, seed=seed)


def timed_run(func: Callable[[Any], Any], inputs: Iterable[Any]) -> tuple[list[Any], dict]:
    """Call ``func`` on each input; return outputs and timing (CPU docs/s is "per core").

    An exception from ``func`` counts as an empty output (recorded in ``errors``) so that
    one crashing extractor page does not stop the comparison.
    """
    outputs, errors = [], 0
    inputs = list(inputs)
    cpu0, wall0 = time.process_time(), time.perf_counter()
    for item in inputs:
        try:
            outputs.append(func(item))
        except Exception:  # noqa: BLE001 - a benchmark records failures, it does not stop
            outputs.append(None)
            errors += 1
    cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
    n = len(inputs)
    return outputs, {
        "docs": n,
        "errors": errors,
        "cpu_s": cpu,
        "wall_s": wall,
        "docs_per_cpu_s": n / cpu if cpu > 0 else float("inf"),
        "docs_per_wall_s": n / wall if wall > 0 else float("inf"),
    }


def interleaved_run(funcs: dict[str, Callable[[Any], Any]], inputs: Sequence[Any],
                    rounds: int = 1) -> tuple[dict[str, list], dict[str, dict]]:
    """Run every tool on every input, tools interleaved **per input**, ``rounds`` times.

    Why: on a shared machine the load changes from second to second; timing tool A over
    the whole set and then tool B lets a burst of neighbours' work land on one of them.
    Calling all tools on the same page back to back (in rotating order) puts them under
    the same load, so their ratio is fair even when the absolute figures wobble. Each
    call is timed in process CPU time; a tool's documents/s is over all rounds. Outputs
    come from the first round; an exception counts as an empty output (``errors``).
    """
    names = list(funcs)
    outputs: dict[str, list] = {n: [] for n in names}
    cpu = {n: 0.0 for n in names}
    wall = {n: 0.0 for n in names}
    errors = {n: 0 for n in names}
    for rnd in range(rounds):
        for i, item in enumerate(inputs):
            k = (i + rnd) % len(names)
            for name in names[k:] + names[:k]:
                c0, w0 = time.process_time(), time.perf_counter()
                try:
                    out = funcs[name](item)
                except Exception:  # noqa: BLE001 - a benchmark records failures
                    out = None
                    if rnd == 0:
                        errors[name] += 1
                cpu[name] += time.process_time() - c0
                wall[name] += time.perf_counter() - w0
                if rnd == 0:
                    outputs[name].append(out)
    n = len(inputs) * rounds
    timing = {name: {"docs": len(inputs), "rounds": rounds, "errors": errors[name],
                     "cpu_s": cpu[name], "wall_s": wall[name],
                     "docs_per_cpu_s": n / cpu[name] if cpu[name] else float("inf"),
                     "docs_per_wall_s": n / wall[name] if wall[name] else float("inf")}
              for name in names}
    return outputs, timing


def read_gz_text(path: Path) -> str:
    """A benchmark page as text, the way the scrapinghub harness reads it (UTF-8)."""
    with gzip.open(path, "rt", encoding="utf-8", errors="replace") as fh:
        return fh.read()


def read_gz_bytes(path: Path) -> bytes:
    with gzip.open(path, "rb") as fh:
        return fh.read()


def require_dir(path: Path) -> Path:
    if not path.is_dir():
        raise SystemExit(f"benchmark data not found at {path}: it lives in ../shared/data "
                         "next to the repository (never copied into it)")
    return path


def print_table(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """A plain fixed-width table (floats to 3 decimals) on stdout."""
    def fmt(v: Any) -> str:
        return f"{v:.3f}" if isinstance(v, float) else str(v)
    cells = [[fmt(v) for v in row] for row in rows]
    widths = [max(len(h), *(len(r[i]) for r in cells)) if cells else len(h)
              for i, h in enumerate(headers)]
    print("  ".join(h.ljust(w) for h, w in zip(headers, widths)))
    print("  ".join("-" * w for w in widths))
    for row in cells:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths)))


def write_results(name: str, payload: dict) -> Path:
    """Write ``benchmarks/results/<name>.json`` with the machine it ran on."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    payload = {"benchmark": name, "python": platform.python_version(),
               "machine": platform.machine(), "when": time.strftime("%Y-%m-%dT%H:%M:%SZ",
                                                                    time.gmtime()),
               **payload}
    out = RESULTS / f"{name}.json"
    out.write_text(json.dumps(payload, indent=2, sort_keys=False), encoding="utf-8")
    return out


def anchor_row(label: str, n: Any, current: float, anchor: float, same: bool,
               digits: int = 2) -> list[str]:
    """One row of a "current against the anchor in the same run" table: label, size,
    both CPU times, the speed-up and whether the outputs agreed."""
    return [label, str(n), f"{current:.{digits}f}", f"{anchor:.{digits}f}",
            f"{anchor / max(current, 1e-9):.1f}x", str(same)]


def report_against_anchor(name: str, headers: Sequence[str], rows: Sequence[Sequence[Any]],
                          payload: dict, same: bool) -> int:
    """Print the table, write ``results/<name>.json``; exit status 1 when an output of the
    current code differed from the anchor's (a speed-up must not change results)."""
    print_table(headers, rows)
    print(f"wrote {write_results(name, payload)}")
    return 0 if same else 1


def timed_alternating(items: Sequence[Any], versions: dict[str, Any],
                      use: Callable[[Any], None], run: Callable[[Any], Any],
                      current: Any) -> dict[str, Any]:
    """:func:`interleaved_run` over versions of one function that ``use(version)``
    switches in (then ``use(current)``): CPU seconds per version, and whether every
    output agreed and none raised (a speed-up must not change results)."""
    def call(version: Any) -> Callable[[Any], Any]:
        def run_version(item: Any) -> Any:
            use(version)
            return run(item)
        return run_version

    try:
        outputs, timing = interleaved_run({n: call(v) for n, v in versions.items()}, items)
    finally:
        use(current)
    same = not any(t["errors"] for t in timing.values()) and all(
        len({repr(o) for o in outs}) == 1 for outs in zip(*outputs.values()))
    return {"pairs": len(items), "cpu_s": {n: round(t["cpu_s"], 3) for n, t in timing.items()},
            "identical_output": same}


REUTERS = SHARED_DATA / "reuters21578" / "articles.jsonl"


def missing(path: Path, what: str = "Reuters articles") -> bool:
    """True (after saying so) when a benchmark's data is absent: benchmarks skip with a
    message naming the path, they do not fail."""
    if path.is_file():
        return False
    print(f"skipped: {what} not found at {path} (set up ../shared/data)")
    return True
