"""Statements: who said what, to whom, and how sure the article is.

``extract(text)`` finds every statement of one article — direct (in quotation marks),
indirect ("told Newsweek that…", "according to officials, …") and mixed — with its
content, cue and source spans, then hands them to the speakers stage (resolution of
"he"/"Omer" to "Sherko Omer"), the channels stage ("told Newsweek") and the hedges stage
("was not able to independently verify"). ``update(store, ids)`` runs it over stored
articles, batch by batch, recording failures as ``Reject(stage="statements")``.

Pipeline per article: :class:`~retold.statements.context.ArticleContext` (paragraphs,
sentences, lazy parses) -> :mod:`quotes` (quotation marks) + :mod:`attribution`
(dependency rules on the sentences holding a reporting word) -> :mod:`assemble` ->
speakers -> channels -> hedges.
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from retold.records import STATEMENT_ACTS, Article, ArticleHedge, Reject, Speaker, Statement
from retold.statements.assemble import detect, parse_plan, to_statements
from retold.statements.context import ArticleContext, gc_paused, prepare_many

log = logging.getLogger(__name__)

from retold.statements.channels import attach_channels
from retold.statements.hedges import attach_hedges
from retold.statements.speakers import resolve_speakers
from retold.statements.transcripts import interview_channels

__all__ = ["Extraction", "extract", "extract_many", "extract_context", "update", "BATCH_SIZE"]

BATCH_SIZE = 50
"""Articles analysed per store transaction: an interrupted run loses at most one batch."""

MAX_ANALYSIS_CHARS = 2_000_000
"""Longest article text analysed (characters). A news page is seldom a twentieth of it;
a 50 MB page let in with ``--max-bytes`` grew past 6 GB in the statements stage. A
longer article is kept in the store, recorded as a reject of this stage naming its
size, and left out of reuse and lineage."""


class TooLong(ValueError):
    """An article over :data:`MAX_ANALYSIS_CHARS`; the message says what happened."""


@dataclass
class Extraction:
    statements: list[Statement] = field(default_factory=list)
    speakers: list[Speaker] = field(default_factory=list)
    article_hedges: list[ArticleHedge] = field(default_factory=list)


def extract(text: str, article_id: str = "doc", nlp=None,
            acts: Iterable[str] | None = None) -> Extraction:
    """Every statement of ``text`` with speakers, channels and hedges attached.

    ``acts``: keep only these of ``STATEMENT_ACTS`` (speech, thought, stance); None
    keeps all. Quote corpora count speech only; PolNeAR-style attribution counts all.

    Never raises on odd text (empty, unbalanced quotation marks, no punctuation,
    not English): the result is then just short or empty.
    """
    if not isinstance(text, str):
        raise TypeError(f"text of {article_id!r} must be str, not {type(text).__name__}")
    return extract_context(ArticleContext(text, nlp=nlp), article_id, acts)


def extract_context(ctx: ArticleContext, article_id: str = "doc",
                    acts: Iterable[str] | None = None) -> Extraction:
    keep = None
    if acts is not None:
        keep = set(acts)
        unknown = keep - set(STATEMENT_ACTS)
        if unknown:
            raise ValueError(f"unknown statement act(s) {sorted(unknown)}: "
                             f"choose among {', '.join(STATEMENT_ACTS)}")
    statements = to_statements(ctx.text, article_id, detect(ctx), keep)
    speakers: list[Speaker] = resolve_speakers(ctx, statements, article_id) or []
    interview_channels(ctx, statements)  # before attach_channels, which keeps them
    attach_channels(ctx, statements)
    hedges: list[ArticleHedge] = attach_hedges(ctx, statements, speakers, article_id) or []
    return Extraction(statements, speakers, hedges)


def extract_many(docs: Iterable[tuple[str, str]], acts: Iterable[str] | None = None,
                 batch_docs: int = 32, nlp=None
                 ) -> Iterator[tuple[str, Extraction | Exception]]:
    """``(article_id, Extraction)`` for each ``(article_id, text)``, in order; an article
    that fails gives ``(article_id, the exception)`` and the others go on.

    Same results as :func:`extract`, but the sentences of ``batch_docs`` articles are
    parsed in one ``nlp.pipe`` stream (see :func:`context.prepare_many`)."""
    batch: list[tuple[str, str]] = []
    for item in docs:
        batch.append(item)
        if len(batch) >= batch_docs:
            yield from _extract_batch(batch, acts, nlp)
            batch = []
    if batch:
        yield from _extract_batch(batch, acts, nlp)


def _extract_batch(batch, acts, nlp) -> Iterator[tuple[str, Extraction | Exception]]:
    # The whole batch runs with the collector paused and the results are handed out
    # only after it is back on: splitting, the parse plan and the rule stages allocate
    # tens of thousands of short-lived objects that make no cycles, and the collections
    # those trigger walk the parse batch's docs and, now and then, the whole heap with
    # spaCy's model (~6% of PolNeAR dev's CPU). Any cycles are collected after the batch.
    with gc_paused():
        results = _extract_batch_results(batch, acts, nlp)
    yield from results


def _extract_batch_results(batch, acts, nlp) -> list[tuple[str, Extraction | Exception]]:
    ctxs: list[ArticleContext | Exception] = []
    requests = []
    for aid, text in batch:
        try:
            if not isinstance(text, str):
                raise TypeError(f"text of {aid!r} must be str, not {type(text).__name__}")
            ctx = ArticleContext(text, nlp=nlp)
            requests.append((ctx, parse_plan(ctx)))
            ctxs.append(ctx)
        except Exception as exc:  # reported in order below
            ctxs.append(exc)
    try:
        prepare_many(requests)
    except Exception:  # fall back to per-article parsing, where errors are per article
        log.warning("batched parse failed; parsing article by article", exc_info=True)
    return [(aid, ctx if isinstance(ctx, Exception) else _extract_or_error(ctx, aid, acts))
            for (aid, _text), ctx in zip(batch, ctxs)]


def _extract_or_error(ctx: ArticleContext, aid: str, acts) -> Extraction | Exception:
    try:
        return extract_context(ctx, aid, acts)
    except Exception as exc:
        return exc


Progress = Callable[[str, int, int], None]


def pending_ids(store) -> list[str]:
    """Articles with no statements and no statements reject: not analysed yet."""
    rows = store.execute(
        'SELECT a.id FROM "articles" a WHERE NOT EXISTS '
        '(SELECT 1 FROM "statements" s WHERE s.article_id = a.id) '
        'AND NOT EXISTS (SELECT 1 FROM "rejects" r WHERE r.stage = \'statements\' '
        "AND r.record_id = a.id) ORDER BY a.id"
    ).fetchall()
    return [r[0] for r in rows]


def update(store, article_ids: Sequence[str] | None = None, progress: Progress | None = None,
           summary=None) -> list[str]:
    """Analyse ``article_ids`` (None: every article without statements) into the store.

    Statements, speakers and article hedges of each batch replace the articles' old rows
    in one transaction each. An article that fails becomes a ``Reject`` naming it and the
    batch goes on. Returns the ids analysed (failed ones excluded).
    """
    ids = list(pending_ids(store) if article_ids is None else article_ids)
    done: list[str] = []
    for lo in range(0, len(ids), BATCH_SIZE):
        batch = ids[lo:lo + BATCH_SIZE]
        articles = {a.id: a for a in _load(store, batch)}
        st: list[Statement] = []
        sp: list[Speaker] = []
        ah: list[ArticleHedge] = []
        rejects: list[Reject] = []
        ok: list[str] = []
        present = []
        for aid in batch:
            if aid in articles:
                present.append(aid)
            else:
                rejects.append(_reject(aid, None, "article not found in the store"))
        for aid, ex in _extract_stored(present, articles):
            if isinstance(ex, TooLong):
                rejects.append(_reject(aid, articles[aid], str(ex)))
                continue
            if isinstance(ex, Exception):  # one bad article never kills the batch
                log.warning("statements failed for %s: %s", aid, ex)
                rejects.append(_reject(aid, articles[aid], f"statement extraction failed: "
                                                           f"{type(ex).__name__}: {ex}"))
                continue
            st.extend(ex.statements)
            sp.extend(ex.speakers)
            ah.extend(ex.article_hedges)
            ok.append(aid)
        store.replace(Statement, "article_id", ok, st)
        store.replace(Speaker, "article_id", ok, sp)
        store.replace(ArticleHedge, "article_id", ok, ah)
        if rejects:
            store.upsert(rejects)
        done.extend(ok)
        if summary is not None:
            summary.statements = getattr(summary, "statements", 0) + len(st)
            if hasattr(summary, "rejects"):
                summary.rejects += len(rejects)
        if progress is not None:
            progress("statements", min(lo + BATCH_SIZE, len(ids)), len(ids))
    return done


def _extract_stored(ids: list[str], articles: dict[str, Article]):
    """(id, Extraction or the exception it raised) per id: failures stay per article."""
    for aid in ids:
        n = len(articles[aid].text or "")
        if n > MAX_ANALYSIS_CHARS:
            yield aid, TooLong(f"text of {n:,} characters is over the analysis limit of "
                               f"{MAX_ANALYSIS_CHARS:,}: stored, not analysed (no statements, "
                               "reuse or lineage)")
            continue
        try:
            yield aid, extract(articles[aid].text or "", aid)
        except Exception as exc:
            yield aid, exc


def _load(store, ids: Iterable[str]) -> list[Article]:
    ids = list(ids)
    if not ids:
        return []
    marks = ", ".join("?" for _ in ids)
    return store.query(Article, f'"id" IN ({marks})', ids)


def _reject(aid: str, art: Article | None, reason: str) -> Reject:
    path, offset = f"article:{aid}", None  # rejects are keyed by (path, offset, stage)
    if art is not None and art.locations:
        path, offset = art.locations[0].path, art.locations[0].offset
    return Reject(path=path, reason=f"article {aid}: {reason}", offset=offset, record_id=aid,
                  stage="statements", size=len(art.text) if art is not None else None)
