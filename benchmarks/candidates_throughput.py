"""Candidate generation throughput: retold's batched MinHash-LSH vs datasketch MinHashLSH.

What is timed (each method in its own child process, started in this run, so that peak
RSS is its own; CPU seconds are the child's ``process_time``, robust to a shared machine):

* ``datasketch``: the README anchor, i.e. word 3-gram shingles, ``MinHash(128)``
  ``update_batch`` per document, streaming ``MinHashLSH(threshold)`` query-then-insert;
* ``retold`` (datasketch's ``(bands, rows)``) and ``retold-own-params`` (the
  ``(bands, rows)`` of :func:`retold.reuse.lsh.optimal_params`, which weights false
  negatives more): the same shingles hashed by :func:`retold.reuse.shingles.shingle_batch`,
  :class:`MinHasher` signatures (``batched_signatures``, 4096 documents a batch), :func:`band_keys` and
  :func:`candidate_pairs` with the ``(bands, rows)`` datasketch picks for the threshold.

Equal recall: both methods' candidate pairs are verified with the exact Jaccard of their
shingle sets; a pair is *true* when its exact Jaccard is >= the threshold, and recall is
measured against the union of true pairs found by either method (relative recall: an
exhaustive all-pairs Jaccard on 200k documents is what LSH exists to avoid).

Corpora: all 21,578 Reuters-21578 articles, and a simulated corpus of ``--sim`` documents
(default 200,000) made by sampling Reuters articles and editing them (sentence drops,
swaps, word substitutions, so that near duplicates exist at every similarity); its first
``--sim-small`` (20,000) documents give the linear-cost check. datasketch runs on the
Reuters corpus and on the small simulated corpus (``--anchor-full`` for the 200k too: at
~600 docs/s that takes several minutes).

    nice -n 10 python benchmarks/candidates_throughput.py [--sim 200000] [--threshold 0.8]
    nice -n 10 python benchmarks/candidates_throughput.py --only-retold --sim 200000
"""
from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import random
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import SHARED_DATA, print_table, require_dir, write_results  # noqa: E402
from retold.reuse.lsh import optimal_params  # noqa: E402

REUTERS = SHARED_DATA / "reuters21578" / "articles.jsonl"


def load_reuters() -> list[str]:
    require_dir(REUTERS.parent)
    with open(REUTERS, encoding="utf-8") as fh:
        return [json.loads(line)["text"] or "" for line in fh]


def simulate(n: int, seed: int = 7) -> list[str]:
    """``n`` documents: Reuters bases, each reused 0+ times with random light edits."""
    bases = [t for t in load_reuters() if len(t.split()) >= 30]
    rng = random.Random(seed)
    vocab = [w for t in bases[:2000] for w in t.split()[:50]]
    out = []
    while len(out) < n:
        base = rng.choice(bases)
        out.append(base)
        for _ in range(rng.choice((0, 0, 1, 2, 4))):
            sents = base.replace("\n", " ").split(". ")
            if len(sents) > 2 and rng.random() < 0.5:
                sents.pop(rng.randrange(len(sents)))
            if len(sents) > 2 and rng.random() < 0.3:
                i, j = rng.sample(range(len(sents)), 2)
                sents[i], sents[j] = sents[j], sents[i]
            words = ". ".join(sents).split(" ")
            for _ in range(rng.randint(0, max(1, len(words) // 15))):
                words[rng.randrange(len(words))] = rng.choice(vocab)
            out.append(" ".join(words))
    return out[:n]


def _corpus(name: str, n: int | None) -> list[str]:
    return load_reuters() if name == "reuters" else simulate(n or 0)[: n or None]


def _shingle_bytes(text: str) -> list[bytes]:
    from retold.reuse.shingles import normalise_words

    w = normalise_words(text)
    if len(w) < 3:
        return [" ".join(w).encode()] if w else []
    return [" ".join(w[i:i + 3]).encode() for i in range(len(w) - 2)]


def run_datasketch(texts: list[str], threshold: float, num_perm: int) -> dict:
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    pairs = set()
    for i, t in enumerate(texts):
        sh = _shingle_bytes(t)
        if not sh:
            continue
        m = MinHash(num_perm=num_perm)
        m.update_batch(sh)
        for j in lsh.query(m):
            pairs.add((j, i))
        lsh.insert(i, m)
    return {"pairs": pairs, "params": [lsh.b, lsh.r]}


def run_retold(texts: list[str], threshold: float, num_perm: int, params, seed=1) -> dict:

    from retold.reuse.lsh import band_keys, candidate_pairs
    from retold.reuse.minhash import MinHasher, batched_signatures

    sigs, sizes = batched_signatures(texts, MinHasher(num_perm, seed=seed), 3)
    keys = band_keys(sigs, *params)
    pairs = candidate_pairs(keys, max_bucket=10**9, valid=sizes > 0)
    return {"pairs": set(zip(pairs[:, 0].tolist(), pairs[:, 1].tolist())),
            "params": list(params)}


def _child(method: str, corpus: str, n: int | None, threshold: float, num_perm: int,
           params, q) -> None:
    texts = _corpus(corpus, n)
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    c0, w0 = time.process_time(), time.perf_counter()
    if method == "datasketch":
        res = run_datasketch(texts, threshold, num_perm)
    else:
        res = run_retold(texts, threshold, num_perm, params)
    cpu, wall = time.process_time() - c0, time.perf_counter() - w0
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    q.put({"method": method, "corpus": corpus, "docs": len(texts), "cpu_s": cpu,
           "wall_s": wall, "docs_per_cpu_s": len(texts) / cpu, "peak_rss_mb": rss / 1024,
           "corpus_rss_mb": rss0 / 1024, "pairs": sorted(res["pairs"]),
           "params": res["params"]})


def measure(method, corpus, n, threshold, num_perm, params=None) -> dict:
    q = mp.get_context("fork").Queue()
    p = mp.get_context("fork").Process(target=_child,
                                       args=(method, corpus, n, threshold, num_perm, params, q))
    p.start()
    out = q.get()
    p.join()
    return out


def datasketch_params(threshold: float, num_perm: int) -> list[int]:
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    return [lsh.b, lsh.r]


def verify(texts: list[str], pairs: set, threshold: float) -> set:
    """Pairs whose exact word 3-gram Jaccard is >= threshold."""
    import numpy as np

    from retold.reuse.shingles import shingles

    cache: dict[int, np.ndarray] = {}

    def sh(i):
        if i not in cache:
            cache[i] = shingles(texts[i], 3)
        return cache[i]

    good = set()
    for i, j in pairs:
        a, b = sh(i), sh(j)
        inter = len(np.intersect1d(a, b, assume_unique=True))
        if inter / (len(a) + len(b) - inter) >= threshold:
            good.add((i, j))
    return good


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--threshold", type=float, default=0.8)
    ap.add_argument("--num-perm", type=int, default=128)
    ap.add_argument("--sim", type=int, default=200_000)
    ap.add_argument("--sim-small", type=int, default=20_000)
    ap.add_argument("--anchor-full", action="store_true",
                    help="also run datasketch on the full simulated corpus")
    ap.add_argument("--only-retold", action="store_true",
                    help="time only retold (both parameter choices) on --sim documents, for "
                         "profiling; writes no results")
    args = ap.parse_args(argv)
    if args.only_retold:
        params = {"retold": datasketch_params(args.threshold, args.num_perm),
                  "retold-own-params": list(optimal_params(args.threshold, args.num_perm))}
        rows = []
        for name, p in params.items():
            m = measure("retold", "sim", args.sim, args.threshold, args.num_perm, p)
            rows.append([f"sim-{m['docs']}", name, round(m["docs_per_cpu_s"], 1),
                         round(m["wall_s"], 2), round(m["peak_rss_mb"], 1), len(m["pairs"])])
        print_table(["corpus", "method", "docs/cpu-s", "wall s", "peak RSS MB", "cands"], rows)
        return 0
    runs = [("reuters", None), ("sim", args.sim_small), ("sim", args.sim)]
    rows, results = [], []
    for corpus, n in runs:
        ds = None
        if corpus == "reuters" or n == args.sim_small or args.anchor_full:
            ds = measure("datasketch", corpus, n, args.threshold, args.num_perm)
        params = ds["params"] if ds else datasketch_params(args.threshold, args.num_perm)
        ours = measure("retold", corpus, n, args.threshold, args.num_perm, params)
        own = optimal_params(args.threshold, args.num_perm)
        tuned = measure("retold", corpus, n, args.threshold, args.num_perm, own)
        tuned["method"] = "retold-own-params"
        texts = _corpus(corpus, n)
        found = {m["method"]: set(map(tuple, m["pairs"])) for m in (ours, tuned, ds) if m}
        true = {k: verify(texts, v, args.threshold) for k, v in found.items()}
        union = set().union(*true.values())
        for m in (ds, ours, tuned):
            if m is None:
                continue
            k = m["method"]
            rec = len(true[k]) / len(union) if union else 1.0
            row = {"corpus": f"{corpus}-{len(texts)}", "method": k, "docs": len(texts),
                   "docs_per_cpu_s": round(m["docs_per_cpu_s"], 1),
                   "wall_s": round(m["wall_s"], 2), "peak_rss_mb": round(m["peak_rss_mb"], 1),
                   "corpus_rss_mb": round(m["corpus_rss_mb"], 1),
                   "candidates": len(found[k]), "true_pairs": len(true[k]),
                   "relative_recall": round(rec, 4), "bands_rows": m["params"]}
            results.append(row)
            rows.append([row["corpus"], k, row["docs_per_cpu_s"], row["wall_s"],
                         row["peak_rss_mb"], row["candidates"], row["relative_recall"]])
        print_table(["corpus", "method", "docs/cpu-s", "wall s", "peak RSS MB", "cands",
                     "rel. recall"], rows[-3:] if ds else rows[-2:])
        sys.stdout.flush()
    by = {(r["corpus"], r["method"]): r for r in results}
    speed = {}
    for r in results:
        if r["method"].startswith("retold") and (r["corpus"], "datasketch") in by:
            speed[f'{r["corpus"]} {r["method"]}'] = round(
                r["docs_per_cpu_s"] / by[(r["corpus"], "datasketch")]["docs_per_cpu_s"], 2)
    ours = [r for r in results if r["method"] == "retold-own-params"
            and r["corpus"].startswith("sim")]
    linear = None
    if len(ours) == 2:
        small, big = sorted(ours, key=lambda r: r["docs"])
        linear = round((big["docs"] / big["docs_per_cpu_s"]) /
                       (small["docs"] / small["docs_per_cpu_s"]) / (big["docs"] / small["docs"]), 3)
    print(f"\nspeed-up (docs/cpu-s, retold / datasketch): {speed}")
    print(f"cost ratio 200k vs 20k per document (1.0 = linear): {linear}")
    out = write_results("candidates_throughput", {
        "threshold": args.threshold, "num_perm": args.num_perm, "rows": results,
        "speedup": speed, "per_doc_cost_ratio_big_vs_small": linear})
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
