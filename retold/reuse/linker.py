"""Batch reuse linking: from raw articles to typed ``ReuseLink`` records, never all pairs.

Order of work, each step cheap enough for the next to run only where it is needed:

1. bad inputs (empty, one-word) become ``Reject`` records; identical texts are grouped so
   that thousands of exact duplicates cost one document (each gets a ``copy`` link to the
   group's first member);
2. boilerplate: shingles and sentences seen in a large share of one outlet's documents
   (headers, footers, "follow us" lines) are dropped, so they cannot glue unrelated
   stories; very frequent shingles across the corpus are dropped too, and sentence
   formulas that many documents fill in with their own names and numbers are not aligned;
3. MinHash-LSH candidates (:mod:`retold.reuse.lsh`), kept when the estimated containment of
   either side clears ``min_containment`` (an excerpt has a low Jaccard, high containment);
4. sentence alignment of each candidate (:mod:`retold.reuse.align`);
5. quotes: variant groups over all articles' statements give quote-sharing pairs that text
   similarity missed (``quotes-only``);
6. citations found, resolved to corpus articles, become ``cites`` links or evidence.
"""
from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from retold.evalio import article_of
from retold.records import Article, Citation, Reject, ReuseLink, Statement
from retold.reuse import citations as cit
from retold.reuse.align import Alignment, align, formula_spans, normalise_sentence, \
    sentence_spans, sentence_template
from retold.reuse.classify import DEFAULT, Thresholds, classify
from retold.reuse.lsh import LSHIndex, candidate_pairs
from retold.reuse.minhash import MinHasher, containment, jaccard
from retold.reuse.quotes import QuoteMatch, find_quotes, group_variants, match_quotes, \
    statement_text
from retold.reuse.shingles import TOKEN_RE, shingle_batch, shingles

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class Config:
    """Knobs of the linker; defaults tuned on the syndication simulator (see docs/reuse.md)."""

    ngram: int = 3
    num_perm: int = 256
    lsh_threshold: float = 0.1
    min_containment: float = 0.1
    rare_df: int = 64  # a shingle in more documents of a batch is common (no evidence alone)
    min_rare_shared: int = 5  # rare shingles a pair must share to be aligned...
    sure_containment: float = 0.5  # ...unless it shares this much of the smaller side
    max_bucket: int = 64
    min_words: int = 3
    boilerplate_share: float = 0.3
    boilerplate_min_docs: int = 4
    max_df_share: float = 0.05
    align_threshold: float = 0.72
    quote_threshold: float = 0.85
    max_quote_group: int = 50
    quote_min_grams: int = 5  # quote 4-grams two articles share to be compared at all
    cite_containment: float = 0.25  # a citation resolves to a candidate this close
    max_duplicate_links: int = 50
    thresholds: Thresholds = DEFAULT

    def __post_init__(self) -> None:
        if not 0.0 <= self.min_containment <= 1.0:
            raise ValueError(f"min_containment must be in [0, 1], got {self.min_containment}")
        if not 0.0 < self.boilerplate_share <= 1.0:
            raise ValueError(f"boilerplate_share must be in (0, 1], got "
                             f"{self.boilerplate_share}: 0.3 = on 30% of an outlet's pages")
        if self.quote_min_grams < 2:
            raise ValueError(f"quote_min_grams must be >= 2, got {self.quote_min_grams}: "
                             "one shared 4-gram is any common phrase")
        if self.rare_df < 1 or self.min_rare_shared < 1:
            raise ValueError(f"rare_df and min_rare_shared must be >= 1, got {self.rare_df} "
                             f"and {self.min_rare_shared}")
        if not 0.0 <= self.sure_containment <= 1.0:
            raise ValueError(f"sure_containment must be in [0, 1], got {self.sure_containment}")
        if self.max_bucket < 2:
            raise ValueError(f"max_bucket must be >= 2, got {self.max_bucket}")
        LSHIndex(self.lsh_threshold, self.num_perm)  # validates, with its own messages


@dataclass
class LinkResult:
    links: list[ReuseLink] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)
    stats: dict[str, Any] = field(default_factory=dict)


def as_article(obj: Article | Mapping[str, Any]) -> Article:
    """An ``Article`` from a record or an evaluation-input dict ``{"id","text",...}``."""
    if isinstance(obj, Article):
        return obj
    if "id" not in obj or "text" not in obj:
        raise ValueError(f"article input needs 'id' and 'text', got keys {sorted(obj)}")
    return article_of({**obj, "text": obj.get("text") or ""})


def check_articles(articles: Sequence[Article], min_words: int) -> tuple[list[Article],
                                                                          list[Reject]]:
    """Split usable articles from ones too short to compare (as ``Reject`` records)."""
    good, bad = [], []
    for i, a in enumerate(articles):
        n = len(TOKEN_RE.findall(a.text or ""))
        if n < min_words:
            what = "empty article: no words" if n == 0 else f"too short to compare ({n} words)"
            bad.append(Reject(path=a.id, reason=f"{what}; needs >= {min_words} words",
                              offset=i, record_id=a.id, stage="reuse", size=len(a.text or "")))
        else:
            good.append(a)
    return good, bad


def pair_reject(a: str, b: str, exc: Exception) -> Reject:
    """A pair that could not be compared, named so that it can be reproduced."""
    return Reject(path=f"{a}|{b}", reason=f"cannot compare articles {a!r} and {b!r}: "
                  f"{type(exc).__name__}: {exc}", record_id=a, stage="reuse")


def duplicate_groups(articles: Sequence[Article]) -> dict[str, list[str]]:
    """First article id -> ids of articles with the very same text (offsets stay valid)."""
    first: dict[str, str] = {}
    groups: dict[str, list[str]] = defaultdict(list)
    for a in articles:
        key = hashlib.blake2b(a.text.encode("utf-8"), digest_size=16).digest()
        head = first.setdefault(key, a.id)
        if head != a.id:
            groups[head].append(a.id)
    return dict(groups)


def publisher(art: Article) -> str:
    """The key boilerplate is kept under: the outlet's domain, else its display name.

    Why the name too: pages read from JSONL or plain text often carry a site name and no
    URL. Keyed by domain alone, their headers and footers ("Follow The Chronicle on
    Twitter ...") were never boilerplate, so any two pages of one site looked related:
    false links that grow with the square of the site's page count."""
    return art.outlet or art.outlet_name or ""


def boilerplate(articles: Sequence[Article], ngram: int, share: float,
                min_docs: int) -> tuple[dict[str, np.ndarray], dict[str, frozenset[str]]]:
    """Per :func:`publisher`: shingles and normalised sentences on >= ``share`` of its
    documents."""
    by_outlet: dict[str, list[Article]] = defaultdict(list)
    for a in articles:
        if publisher(a):
            by_outlet[publisher(a)].append(a)
    sh, sents = {}, {}
    for outlet, docs in by_outlet.items():
        if len(docs) < min_docs:
            continue
        need = max(2, int(np.ceil(share * len(docs))))
        allsh = np.concatenate([shingles(d.text, ngram) for d in docs])
        vals, counts = np.unique(allsh, return_counts=True)
        sh[outlet] = vals[counts >= need]
        c: Counter = Counter()
        for d in docs:
            c.update({normalise_sentence(d.text[s:e]) for s, e in sentence_spans(d.text)})
        sents[outlet] = frozenset(t for t, k in c.items() if k >= need and t)
    return sh, sents


def outside_formulas(stmts: Sequence[Statement], text: str,
                     formulas: frozenset[str]) -> list[Statement]:
    """``stmts`` minus those inside a formula sentence (see :func:`formula_templates`).

    Why: "Residents of Lagos have followed the developments closely, a local councillor
    said, with 17 people attending" is an attributed statement, and a formula that
    hundreds of unrelated articles fill in. Alignment already ignores formulas; quote
    matching must too, or one such sentence ties every article carrying the formula into
    one story (399 articles of some 40 stories at 100k simulated articles)."""
    bad = formula_spans(text, formulas) if stmts else []
    if not bad:
        return list(stmts)

    def inside(s: Statement) -> bool:
        if not s.content:
            return False
        for cs, ce in s.content:
            seg = text[cs:ce]
            cs, ce = cs + len(seg) - len(seg.lstrip()), cs + len(seg.rstrip())
            if not any(fs <= cs and ce <= fe for fs, fe in bad):
                return False
        return True

    return [s for s in stmts if not inside(s)]


def document_templates(text: str, min_words: int = 5) -> dict[str, str]:
    """Per document, the half of :func:`formula_templates` that needs no other document:
    each distinct sentence template of ``text`` (>= ``min_words`` words) -> the normalised
    sentence that first filled it. Spark runs it as a map before a ``reduceByKey``."""
    seen: dict[str, str] = {}
    for s, e in sentence_spans(text):
        sent = text[s:e]
        t = sentence_template(sent)
        if t.count(" ") + 1 < min_words or t in seen:
            continue
        seen[t] = normalise_sentence(sent)
    return seen


def formula_templates(articles: Sequence[Article], min_docs: int = 8,
                      min_variants: int = 6, min_words: int = 5) -> frozenset[str]:
    """Sentence templates filled in differently by many documents (wire formulas such as
    "In <place>, local traders said the news had been expected for <n> weeks"): found in
    >= ``min_docs`` documents with >= ``min_variants`` different fillings. A story's own
    sentence, copied many times, has one filling (a few with entity swaps), so it stays."""
    docs: Counter = Counter()
    variants: dict[str, set[str]] = defaultdict(set)
    for a in articles:
        for t, filling in document_templates(a.text, min_words).items():
            docs[t] += 1
            if len(variants[t]) < min_variants:
                variants[t].add(filling)
    return frozenset(t for t, n in docs.items()
                     if n >= min_docs and len(variants[t]) >= min_variants)


FREQUENT_MIN_DOCS = 1000
"""Corpus-frequent shingles are only dropped from batches at least this large."""


def shingle_sets(articles: Sequence[Article], cfg: Config,
                 boiler: Mapping[str, np.ndarray]) -> list[np.ndarray]:
    """Each article's distinct shingles minus its outlet's boilerplate shingles."""
    sets = [np.unique(s) for s in shingle_batch([a.text for a in articles], cfg.ngram)]
    for k, a in enumerate(articles):
        b = boiler.get(publisher(a))
        if b is not None and len(b):
            sets[k] = sets[k][~np.isin(sets[k], b, assume_unique=True)]
    return sets


def frequent_limit(n_docs: int, cfg: Config) -> float | None:
    """Document count above which a shingle is corpus-frequent (None: keep them all)."""
    return cfg.max_df_share * n_docs if n_docs >= FREQUENT_MIN_DOCS else None


def drop_shingles(sets: list[np.ndarray], frequent: np.ndarray | None) -> list[np.ndarray]:
    """``sets`` without the (sorted, unique) ``frequent`` shingles."""
    if frequent is None or not len(frequent):
        return sets
    return [s[~np.isin(s, frequent, assume_unique=True)] for s in sets]


def shingle_counts(sets: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Distinct shingles of a batch (sorted) and the number of its documents holding each."""
    if not sets:
        return np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=np.int64)
    return np.unique(np.concatenate(sets), return_counts=True)


def frequent_shingles(sets: list[np.ndarray], cfg: Config,
                      counts: tuple[np.ndarray, np.ndarray] | None = None) -> np.ndarray | None:
    """The corpus-frequent shingles of a batch (None in a batch too small to tell)."""
    limit = frequent_limit(len(sets), cfg)
    if limit is None or not sets:
        return None
    vals, n = counts if counts is not None else shingle_counts(sets)
    return vals[n > limit]


def common_shingles(counts: tuple[np.ndarray, np.ndarray], cfg: Config) -> np.ndarray:
    """Sorted shingles held by more than ``rare_df`` documents of the batch: the ones
    :func:`worth_aligning` does not count as evidence (see there)."""
    vals, n = counts
    return vals[n > cfg.rare_df]


def signatures_for(articles: Sequence[Article], cfg: Config, boiler: Mapping[str, np.ndarray]
                   ) -> tuple[np.ndarray, np.ndarray]:
    """MinHash signatures and shingle-set sizes, boilerplate and frequent shingles removed."""
    sigs, sizes, _, _, _ = signed_sets(articles, cfg, boiler)
    return sigs, sizes


def signed_sets(articles: Sequence[Article], cfg: Config, boiler: Mapping[str, np.ndarray]
                ) -> tuple[np.ndarray, np.ndarray, list[np.ndarray], np.ndarray | None,
                           np.ndarray]:
    """``signatures_for`` plus the shingle sets signed, the frequent shingles dropped (so
    that :func:`worth_aligning` can measure a pair on the very sets LSH saw) and the
    batch's :func:`common_shingles`."""
    sets = shingle_sets(articles, cfg, boiler)
    counts = shingle_counts(sets)
    frequent = frequent_shingles(sets, cfg, counts)
    common = common_shingles(counts, cfg)
    sets = drop_shingles(sets, frequent)
    sizes = np.array([len(s) for s in sets])
    return MinHasher(cfg.num_perm).signatures(sets), sizes, sets, frequent, common


def statement_grams(stmts: Sequence[Statement], text: str) -> np.ndarray:
    """Word 4-gram hashes of an article's statement contents, statement by statement
    (a gram in two statements appears twice: the quote-candidate count weighs it so)."""
    grams = [shingles(statement_text(s, text), 4) for s in stmts]
    return np.concatenate(grams) if grams else np.zeros(0, dtype=np.uint64)


def quote_grams(stmts: Sequence[Statement], text: str) -> np.ndarray:
    """Sorted distinct word 4-gram hashes of an article's statement contents."""
    return np.unique(statement_grams(stmts, text))


def worth_aligning(set_a: np.ndarray, set_b: np.ndarray, grams_a: np.ndarray,
                   grams_b: np.ndarray, cfg: Config, common: np.ndarray | None = None) -> bool:
    """Whether a candidate pair deserves the (costly) sentence alignment and quote matching.

    LSH at ``lsh_threshold`` 0.1 and "two shared quote 4-grams" are deliberately loose
    recall nets, and their misses grow with the corpus: two unrelated wire articles share
    "the Securities and Exchange Commission" in quotes (two 4-grams), or enough
    function-word shingles to collide in one of 128 bands. The number of such pairs grows
    with the square of the corpus, so aligning them all makes the stage superlinear. A pair
    is kept when, measured exactly on the sets LSH signed, the shared shingles cover at
    least ``min_containment`` of the smaller article (the batch linker's filter, estimated
    there from the signatures) and enough of them are rare (:func:`shares_rare_text`), or
    the articles share a quoted passage: at least ``quote_min_grams`` quote 4-grams (a run
    of ``quote_min_grams + 3`` words), or half of the smaller side's quote 4-grams when its
    quotes are that short (and at least two)."""
    small = min(len(set_a), len(set_b))
    if small:
        shared = np.intersect1d(set_a, set_b, assume_unique=True)
        if len(shared) >= cfg.min_containment * small and \
                shares_rare_text(shared, small, common, cfg):
            return True
    few = min(len(grams_a), len(grams_b))
    if few < 2:
        return False
    shared_grams = len(np.intersect1d(grams_a, grams_b, assume_unique=True))
    return shared_grams >= max(2, min(cfg.quote_min_grams, -(-few // 2)))


def shares_rare_text(shared: np.ndarray, small: int, common: np.ndarray | None,
                     cfg: Config) -> bool:
    """Whether the ``shared`` shingles of a pair (smaller side: ``small`` shingles) include
    ``min_rare_shared`` that are not ``common`` (in more than ``rare_df`` documents).

    Why rarity: a shingle in a fixed share of the corpus ("said on Tuesday", or three
    function words) is shared by a fixed share of all pairs, so pairs that pass on common
    shingles alone grow with the square of the corpus; a passage two related articles
    share is in as many documents as the story has retellings, whatever the corpus size.
    Counting only the shingles held by at most ``rare_df`` documents keeps that quadratic
    term out. A story retold more than ``rare_df`` times has no rare shingles: its pairs
    pass on ``sure_containment`` (one mostly inside the other) or on shared quotes. Small
    articles need no more rare shingles than ``min_containment`` asks of them at all.
    ``common`` None (no document counts): no rarity test."""
    if common is None or len(shared) >= cfg.sure_containment * small:
        return True
    need = min(cfg.min_rare_shared, int(np.ceil(cfg.min_containment * small)))
    if not len(common):
        return len(shared) >= need
    at = np.searchsorted(common, shared)  # not np.isin: that sorts all of ``common`` per pair
    held = at < len(common)
    held[held] = common[at[held]] == shared[held]
    return len(shared) - int(np.count_nonzero(held)) >= need


def candidates(articles: Sequence[Article], cfg: Config | None = None,
               boiler: Mapping[str, np.ndarray] | None = None
               ) -> list[tuple[int, int, float, float]]:
    """``(i, j, jaccard, max containment)`` index pairs worth aligning (LSH plus a
    containment filter)."""
    cfg = cfg or Config()
    sigs, sizes = signatures_for(articles, cfg, boiler or {})
    index = LSHIndex(cfg.lsh_threshold, cfg.num_perm)
    keys = index.keys(sigs)
    pairs = candidate_pairs(keys, cfg.max_bucket, valid=sizes > 0)
    out = []
    for i, j in pairs.tolist():
        jac = jaccard(sigs[i], sigs[j])
        ca, cb = containment(jac, int(sizes[i]), int(sizes[j]))
        if max(ca, cb) >= cfg.min_containment:
            out.append((i, j, jac, max(ca, cb)))
    return out


def make_link(a: Article, b: Article, al: Alignment, quotes: list[QuoteMatch],
              cites: list[Citation], cfg: Config) -> ReuseLink | None:
    got = classify(al, quotes, bool(cites), cfg.thresholds)
    if got is None:
        return None
    kind, score = got
    evidence: dict[str, Any] = {"similarity": round(al.similarity, 4),
                                "verbatim": round(al.verbatim, 4), "sentences": len(al.pairs)}
    if quotes:
        evidence["quotes"] = [q.to_dict() for q in quotes]
    if cites:
        evidence["cites"] = [{"article_id": c.article_id, "outlet": c.outlet,
                              "phrase": c.phrase, "kind": c.kind} for c in cites]
    spans_a, spans_b = al.spans_a, al.spans_b
    if kind == "quotes-only":
        spans_a = sorted(s for q in quotes for s in q.spans_a)
        spans_b = sorted(s for q in quotes for s in q.spans_b)
    elif kind == "cites":
        spans_a = [[c.start, c.end] for c in cites if c.article_id == a.id]
        spans_b = [[c.start, c.end] for c in cites if c.article_id == b.id]
    return ReuseLink(a=a.id, b=b.id, kind=kind, score=score, spans_a=spans_a, spans_b=spans_b,
                     coverage_a=round(al.coverage_a, 4), coverage_b=round(al.coverage_b, 4),
                     evidence=evidence)


def quote_pairs(arts: Sequence[Article], stmts: Mapping[str, Sequence[Statement]],
                cfg: Config) -> set[tuple[int, int]]:
    """Index pairs of articles with statements in one quote-variant group."""
    pos = {a.id: i for i, a in enumerate(arts)}
    quotes = [(f"{a.id}\x00{s.id}", statement_text(s, a.text))
              for a in arts for s in stmts.get(a.id, ())]
    out: set[tuple[int, int]] = set()
    for group in group_variants(quotes, cfg.quote_threshold):
        docs = sorted({pos[q.split("\x00", 1)[0]] for q in group})
        if len(docs) > cfg.max_quote_group:  # a quote everybody carries: star, not clique
            out.update((docs[0], d) for d in docs[1:])
        else:
            out.update((x, y) for k, x in enumerate(docs) for y in docs[k + 1:])
    return out


def link_detailed(articles: Iterable[Article | Mapping[str, Any]],
                  statements_by_article: Mapping[str, Sequence[Statement]] | None = None,
                  citations: Sequence[Citation] | None = None, config: Config | None = None,
                  progress: Progress | None = None) -> LinkResult:
    """Links, citations, rejects and counts for a batch of articles (see module docstring)."""
    cfg = config or Config()
    arts_in = [as_article(a) for a in articles]
    arts, rejects = check_articles(arts_in, cfg.min_words)
    dups = duplicate_groups(arts)
    dup_members = {m for ms in dups.values() for m in ms}
    reps = [a for a in arts if a.id not in dup_members]
    by_id = {a.id: a for a in arts}
    boiler_sh, boiler_sent = boilerplate(reps, cfg.ngram, cfg.boilerplate_share,
                                         cfg.boilerplate_min_docs)
    cands = candidates(reps, cfg, boiler_sh)
    formulas = formula_templates(reps)
    stmts = dict(statements_by_article or {})
    for a in reps:
        if a.id not in stmts:
            stmts[a.id] = find_quotes(a.text, a.id)
    qpairs = quote_pairs(reps, stmts, cfg)
    pairs = {(i, j) for i, j, _, _ in cands} | qpairs
    cites = list(citations) if citations is not None else [
        c for a in reps for c in cit.find_citations(a)]
    links: list[ReuseLink] = []
    empty = frozenset()
    for n, (i, j) in enumerate(sorted(pairs)):
        a, b = reps[i], reps[j]
        ignore = boiler_sent.get(publisher(a), empty) | boiler_sent.get(publisher(b), empty)
        try:
            al = align(a.text, b.text, cfg.align_threshold, ignore=ignore,
                       ignore_templates=formulas)
            qm = match_quotes(outside_formulas(stmts.get(a.id, ()), a.text, formulas),
                              outside_formulas(stmts.get(b.id, ()), b.text, formulas),
                              a.text, b.text, cfg.quote_threshold) if (i, j) in qpairs else []
            got = make_link(a, b, al, qm, [], cfg)
        except Exception as exc:  # noqa: BLE001 - one bad pair must not stop the batch
            rejects.append(pair_reject(a.id, b.id, exc))
            continue
        if got is not None:
            links.append(got)
        if progress and n % 200 == 0:
            progress("reuse", n, len(pairs))
    near: dict[str, set[str]] = defaultdict(set)  # where a citation may resolve
    close = {(i, j) for i, j, _, c in cands if c >= cfg.cite_containment}
    for x, y in [(reps[i].id, reps[j].id) for i, j in close] + [(l.a, l.b) for l in links]:
        near[x].add(y)
        near[y].add(x)
    links += citation_links(reps, cites, near, links)
    links += duplicate_links(dups, by_id, links, cfg.max_duplicate_links)
    return LinkResult(links=links, citations=cites, rejects=rejects,
                      stats={"articles": len(arts_in), "rejected": len(rejects),
                             "duplicates": len(dup_members), "candidates": len(cands),
                             "quote_pairs": len(qpairs), "links": len(links)})


def citation_links(arts: Sequence[Article], cites: list[Citation],
                   near: Mapping[str, set[str]], links: list[ReuseLink]) -> list[ReuseLink]:
    """Resolve citations among each article's ``near`` ones (candidates); a resolved
    citation of an article not otherwise linked becomes a ``cites`` link."""
    cit.resolve(cites, cit.outlet_index(arts), near)
    by_pair = {(l.a, l.b): l for l in links}
    new = []
    for c in cites:
        if not c.target_id:
            continue
        key = (c.article_id, c.target_id)
        rev = (c.target_id, c.article_id)
        existing = by_pair.get(key) or by_pair.get(rev)
        info = {"article_id": c.article_id, "outlet": c.outlet, "phrase": c.phrase,
                "kind": c.kind}
        if existing is not None:
            existing.evidence.setdefault("cites", []).append(info)
            continue
        a, b = sorted(key)
        spans = [[c.start, c.end]]
        link = ReuseLink(a=a, b=b, kind="cites", score=0.5,
                         spans_a=spans if a == c.article_id else [],
                         spans_b=spans if b == c.article_id else [], evidence={"cites": [info]})
        by_pair[(a, b)] = link
        new.append(link)
    return new


def duplicate_links(dups: Mapping[str, list[str]], by_id: Mapping[str, Article],
                    links: list[ReuseLink], cap: int) -> list[ReuseLink]:
    """``copy`` links from each exact duplicate to its group's first article; the first
    ``cap`` duplicates also inherit the first article's other links (same offsets)."""
    out = []
    of: dict[str, list[ReuseLink]] = defaultdict(list)
    for l in links:
        of[l.a].append(l)
        of[l.b].append(l)
    for head, members in dups.items():
        n = len(by_id[head].text)
        for k, m in enumerate(members):
            out.append(ReuseLink(a=head, b=m, kind="copy", score=1.0, spans_a=[[0, n]],
                                 spans_b=[[0, n]], coverage_a=1.0, coverage_b=1.0,
                                 evidence={"exact_duplicate": True}))
            if k >= cap:
                continue
            for l in of.get(head, ()):
                d = l.to_dict()
                d["a" if l.a == head else "b"] = m
                d["evidence"] = {**l.evidence, "via_duplicate_of": head}
                out.append(ReuseLink.from_dict(d))
        for x, m in enumerate(members[:cap]):
            for m2 in members[x + 1:cap]:
                out.append(ReuseLink(a=m, b=m2, kind="copy", score=1.0, spans_a=[[0, n]],
                                     spans_b=[[0, n]], coverage_a=1.0, coverage_b=1.0,
                                     evidence={"exact_duplicate": True}))
    return out


def link(articles: Iterable[Article | Mapping[str, Any]],
         statements_by_article: Mapping[str, Sequence[Statement]] | None = None,
         citations: Sequence[Citation] | None = None, config: Config | None = None
         ) -> list[ReuseLink]:
    """``ReuseLink`` records for every related pair of ``articles`` (see the module doc)."""
    return link_detailed(articles, statements_by_article, citations, config).links
