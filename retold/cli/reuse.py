"""CLI commands of the reuse stage: ``reuse``, ``stories``, ``related``.

``retold reuse --input ARTICLES.jsonl --output LINKS.jsonl`` is the evaluation interface:
raw articles in, related pairs out, no store. ``retold stories`` and ``retold related``
read the store filled by ``retold ingest``.
"""
from __future__ import annotations

import json
import sys
from contextlib import nullcontext
from pathlib import Path
from typing import Optional

import typer

from retold.cli import DB_OPTION_HELP, app, find_article, open_store, output_path
from retold.store import DEFAULT_DB


def _err(msg: str) -> None:
    print(f"error: {msg}", file=sys.stderr)


def read_jsonl(path: Path, required: tuple[str, ...]) -> tuple[list[dict], list[str]]:
    """Usable rows of a JSONL file, and one message per unusable line (path:line: reason)."""
    from retold.evalio import iter_input

    rows, problems = [], []
    try:
        for line in iter_input(path, require_text=False):
            if line.problem:
                problems.append(line.problem)
                continue
            row, where = line.row, f"{path}:{line.number}"
            missing = [k for k in required if k not in row]
            if missing:
                problems.append(f"{where}: missing {', '.join(missing)}")
            elif "text" in required and not isinstance(row["text"], str):
                problems.append(f"{where}: article {row['id']!r}: 'text' is not a string")
            else:
                rows.append(row)
    except OSError as exc:
        raise typer.BadParameter(f"cannot read {path}: {exc.strerror or exc}") from exc
    return rows, problems


def _write_jsonl(path: Path | None, rows) -> None:
    """JSON Lines to ``path``, or to standard output when None."""
    with open(path, "w", encoding="utf-8") if path else nullcontext(sys.stdout) as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")


@app.command("reuse")
def reuse_cmd(
    input: Path = typer.Option(..., "--input", "-i", help="JSONL articles {id, text, title?, outlet?, published?, url?}; the outlet defaults to the url's domain; published (or date): ISO 8601 (a bare day is the whole day), RFC 2822, 'Jan 5, 2024 3:05 PM EST' or epoch seconds, anything else counts as undated."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="JSONL related pairs {a, b, kind, score, spans_a, spans_b}."),
    stories: Optional[Path] = typer.Option(None, "--stories", help="Also write stories as JSONL {story, ids}."),
    score_pairs: Optional[Path] = typer.Option(None, "--score-pairs", help="JSONL pairs {id1, id2} to score for story similarity."),
    scores_output: Optional[Path] = typer.Option(None, "--scores-output", help="Where --score-pairs writes {id1, id2, score} (default: stdout)."),
    embed: bool = typer.Option(False, "--embed", help="Add MiniLM embeddings to --score-pairs (needs retold[embed])."),
    details: bool = typer.Option(False, "--details", help="Add coverage and evidence to each link line."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No summary on stderr."),
) -> None:
    """Find reused passages, quotes and citations between raw articles (no store)."""
    from retold.evalio import input_notes
    from retold.reuse.linker import link_detailed
    from retold.stories import group

    output = output_path(output)
    stories = output_path(stories, "--stories")
    scores_output = output_path(scores_output, "--scores-output")
    rows, problems = read_jsonl(input, ("id", "text"))
    for p in problems:
        _err(p)
    for note in input_notes(rows, input):
        print(f"note: {note}", file=sys.stderr)
    if not rows:
        _err(f"no usable article in {input}")
        raise typer.Exit(1)
    unique = rows
    if output or stories or not score_pairs:  # the links go to stdout unless asked elsewhere
        res = link_detailed(unique)
        if output or not stories:
            keys = ("a", "b", "kind", "score", "spans_a", "spans_b")
            _write_jsonl(output, ({k: v for k, v in l.to_dict().items()
                                   if details or k in keys} for l in res.links))
        if stories:
            from retold.reuse.linker import as_article

            rejected = {rj.record_id for rj in res.rejects}
            arts = {r["id"]: as_article(r) for r in unique if r["id"] not in rejected}
            groups = group(list(arts), res.links, articles=arts)
            _write_jsonl(stories, ({"story": s.id, "ids": s.article_ids, "label": s.label}
                                   for s in groups))
        if not quiet:
            for rj in res.rejects:
                _err(f"{input}: article {rj.record_id!r}: {rj.reason}")
            stats = dict(res.stats)
            stats["skipped_lines"] = len(problems)
            print(json.dumps(stats), file=sys.stderr)
    if score_pairs:
        _score(unique, score_pairs, scores_output, embed)


def _score(rows: list[dict], pairs_path: Path, out: Optional[Path], embed: bool) -> None:
    from retold.reuse.similarity import pair_scores

    pairs, problems = read_jsonl(pairs_path, ("id1", "id2"))
    for p in problems:
        _err(p)
    texts = {r["id"]: r["text"] for r in rows}
    scores = pair_scores(texts, [(str(p["id1"]), str(p["id2"])) for p in pairs], embed=embed)
    lines = []
    for p, s in zip(pairs, scores):
        if s is None:
            _err(f"{pairs_path}: pair {p['id1']!r}, {p['id2']!r}: id not in the input")
        lines.append({"id1": str(p["id1"]), "id2": str(p["id2"]), "score": s})
    _write_jsonl(out, lines)


@app.command("stories")
def stories_cmd(
    db: Path = typer.Option(Path(DEFAULT_DB), "--db", help=DB_OPTION_HELP),
    min_size: int = typer.Option(2, "--min-size", help="Hide stories with fewer articles."),
    limit: int = typer.Option(50, "--limit", min=1, help="At most this many stories (largest first)."),
    fmt: str = typer.Option("table", "--format", help="table | jsonl"),
) -> None:
    """List stories: id, size, first seen, label (the most central headline)."""
    from retold.records import Story

    with open_store(db) as store:
        found = store.query(Story, '"size" >= ?', [min_size], order='"size" DESC, "id"',
                            limit=limit)
        smaller = store.count(Story, '"size" < ?', [min_size]) if not found else 0
    if not found and smaller:  # say why the list is empty rather than print an empty table
        print(f"note: no story of {min_size} or more articles; {smaller} smaller "
              f"(--min-size 1 lists them)", file=sys.stderr)
    if fmt == "jsonl":
        for s in found:
            print(json.dumps(s.to_dict(), ensure_ascii=False))
        return
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    table = Table("story", "size", "first seen", "label")
    for s in found:
        table.add_row(escape(s.id), str(s.size), escape(s.first_seen or "-"), escape(s.label or ""))
    Console().print(table)


@app.command("related")
def related_cmd(
    article: str = typer.Argument(..., help="Article id (or a unique prefix)."),
    db: Path = typer.Option(Path(DEFAULT_DB), "--db", help=DB_OPTION_HELP),
    fmt: str = typer.Option("table", "--format", help="table | jsonl"),
    show: int = typer.Option(1, "--show", help="Shared passages printed per link."),
) -> None:
    """What ARTICLE shares (passages, quotes, citations) and with whom."""
    from retold.records import Article, ReuseLink

    with open_store(db) as store:
        art = find_article(store, article)
        links = store.query(ReuseLink, '"a" = ? OR "b" = ?', [art.id, art.id],
                            order='"score" DESC')
        others = {a.id: a for a in store.query(
            Article, 'list_contains(?, "id")', [[l.b if l.a == art.id else l.a for l in links]])}
    if fmt == "jsonl":
        for l in links:
            print(json.dumps(l.to_dict(), ensure_ascii=False))
        return
    print(f"{art.id}  {art.outlet or '-'}  {art.title or ''}")
    if not links:
        print("  shares nothing with any stored article")
    for l in links:
        mine, theirs = (l.spans_a, l.spans_b) if l.a == art.id else (l.spans_b, l.spans_a)
        cov = l.coverage_a if l.a == art.id else l.coverage_b
        other = others.get(l.b if l.a == art.id else l.a)
        name = other.id if other else "?"
        print(f"  {l.kind:11s} {l.score:.2f}  {name}  {(other.outlet if other else '') or '-'}"
              f"  ({cov:.0%} of this article)")
        for s, e in mine[:show]:
            print(f"      \u201c{art.text[s:e][:160]}\u201d")
