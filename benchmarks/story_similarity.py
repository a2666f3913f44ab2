"""Story similarity on SemEval-2022 task 8 (dev): retold's score vs MinHash Jaccard.

For each pair, a score; figures: ROC-AUC for ``same_story`` (overall <= 2), Pearson with
``overall`` (1 = very similar ... 4 = very dissimilar, so a good similarity is negatively
correlated), on all pairs, en-en pairs and cross-language pairs.

* anchor: datasketch ``MinHash`` (128 permutations) Jaccard of character 5-gram shingles
  of the lowercased text (the README's figure: ROC-AUC ~0.76);
* retold: the score written by ``retold reuse --input ARTICLES --score-pairs PAIRS``
  (run as a subprocess, so the figure is exactly what the CLI gives): TF-IDF cosine of
  character 4-grams (:mod:`retold.reuse.similarity`);
* ``--embed``: also the CLI with ``--embed`` (MiniLM added; needs ``retold[embed]``; slow
  on a shared 2-core machine).

    nice -n 10 python benchmarks/story_similarity.py [--embed]
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import ROOT, SHARED_DATA, print_table, require_dir, write_results  # noqa: E402

DATA = SHARED_DATA / "semeval2022-task8"


def roc_auc(labels: np.ndarray, scores: np.ndarray) -> float:
    """Mann-Whitney U / (n_pos n_neg), ties counted half (average ranks)."""
    order = np.argsort(scores, kind="mergesort")
    ranks = np.empty(len(scores))
    s = scores[order]
    i = 0
    while i < len(s):
        j = i
        while j + 1 < len(s) and s[j + 1] == s[i]:
            j += 1
        ranks[order[i:j + 1]] = (i + j) / 2 + 1
        i = j + 1
    pos = labels.astype(bool)
    n_pos, n_neg = pos.sum(), (~pos).sum()
    return float((ranks[pos].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def pearson(x: np.ndarray, y: np.ndarray) -> float:
    return float(np.corrcoef(x, y)[0, 1])


def minhash_scores(texts: dict[str, str], pairs: list[dict]) -> np.ndarray:
    from datasketch import MinHash

    cache = {}

    def mh(i):
        if i not in cache:
            t = texts[i].lower()
            m = MinHash(num_perm=128)
            m.update_batch([t[k:k + 5].encode() for k in range(max(1, len(t) - 4))])
            cache[i] = m
        return cache[i]

    return np.array([mh(p["id1"]).jaccard(mh(p["id2"])) for p in pairs])


def cli_scores(embed: bool) -> tuple[np.ndarray, float]:
    """Scores exactly as ``retold reuse --score-pairs`` writes them, and its wall time."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "scores.jsonl"
        cmd = [sys.executable, "-m", "retold", "reuse", "--input",
               str(DATA / "articles.dev.jsonl"), "--score-pairs", str(DATA / "pairs.dev.jsonl"),
               "--scores-output", str(out)] + (["--embed"] if embed else [])
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True, cwd=ROOT)
        wall = time.perf_counter() - t0
        scores = [json.loads(line)["score"] for line in open(out, encoding="utf-8")]
    return np.array([s if s is not None else 0.0 for s in scores]), wall


def metrics(name: str, scores: np.ndarray, pairs: list[dict], wall: float) -> dict:
    y = np.array([p["same_story"] for p in pairs])
    ov = np.array([p["overall"] for p in pairs])
    en = np.array([p["lang1"] == "en" and p["lang2"] == "en" for p in pairs])
    cross = np.array([p["lang1"] != p["lang2"] for p in pairs])
    return {"method": name, "roc_auc": roc_auc(y, scores), "pearson_overall": pearson(scores, ov),
            "roc_auc_en": roc_auc(y[en], scores[en]),
            "roc_auc_cross_lang": roc_auc(y[cross], scores[cross]), "wall_s": wall,
            "pairs": len(pairs)}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--embed", action="store_true", help="also score with MiniLM embeddings")
    args = ap.parse_args(argv)
    require_dir(DATA)
    texts = {}
    with open(DATA / "articles.dev.jsonl", encoding="utf-8") as fh:
        for line in fh:
            a = json.loads(line)
            texts[a["id"]] = a["text"]
    pairs = [json.loads(line) for line in open(DATA / "pairs.dev.jsonl", encoding="utf-8")]
    rows = []
    t0 = time.perf_counter()
    rows.append(metrics("minhash-char5 (datasketch)", minhash_scores(texts, pairs), pairs,
                        time.perf_counter() - t0))
    scores, wall = cli_scores(False)
    rows.append(metrics("retold reuse --score-pairs", scores, pairs, wall))
    if args.embed:
        scores, wall = cli_scores(True)
        rows.append(metrics("retold reuse --score-pairs --embed", scores, pairs, wall))
    print_table(["method", "ROC-AUC", "Pearson(overall)", "AUC en-en", "AUC cross-lang",
                 "wall s"], [[r["method"], r["roc_auc"], r["pearson_overall"], r["roc_auc_en"],
                              r["roc_auc_cross_lang"], r["wall_s"]] for r in rows])
    out = write_results("story_similarity", {"split": "dev", "rows": rows})
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
