"""CLI commands of the statements stage.

``retold statements --input DOCS.jsonl --output PREDS.jsonl`` analyses raw documents
(the evaluation interface: one output line per input line, in order);
``retold statements --db FILE`` lists the statements stored by ``retold ingest``/analyze.
"""
from __future__ import annotations

import io
import json
import sys
from pathlib import Path
from typing import Optional

import typer

from retold.cli import DB_OPTION_HELP, app, find_article, open_store, output_path
from retold.evalio import judge_line

FORMATS = ("table", "jsonl", "parquet")


def statement_json(st) -> dict:
    """The public JSON shape of one statement (documented in docs/statements.md)."""
    channel = None
    if st.channel is not None:
        channel = {"name": st.channel.name, "span": list(st.channel.span)}
    return {
        "kind": st.kind,
        "content": st.content,
        "cue": st.cue,
        "source": st.source,
        "speaker": st.speaker,
        "channel": channel,
        "act": st.act,
        "hedges": [{"type": h.type, "cue": h.cue, "span": list(h.span), "scope": h.scope}
                   for h in st.hedges],
    }


def analyse_lines(lines, out, errors=sys.stderr, acts=None, chunk: int = 32,
                  name: str = "line") -> tuple[int, int]:
    """Analyse JSONL ``lines`` into ``out``, one output line per input line in order; a
    bad line gives an empty result and a message naming the line (``name:N: why``, in
    the words of :func:`retold.evalio.judge_line`), never stops the run.
    Lines are taken ``chunk`` at a time so that their sentences are parsed together.
    Returns (lines, failures)."""
    n = bad = 0
    pending: list[tuple[int, object, object]] = []  # (line number, id, text or error)

    def flush() -> None:
        nonlocal bad
        from retold.statements import extract_many

        good = [(str(k), text) for k, (_n, _id, text) in enumerate(pending)
                if not isinstance(text, Exception)]
        results = dict(extract_many(good, acts=acts, batch_docs=max(1, len(good))))
        for k, (line_no, doc_id, text) in enumerate(pending):
            res = text if isinstance(text, Exception) else results.get(str(k))
            statements = []
            if isinstance(res, Exception):
                bad += 1
                print(f"{name}:{line_no}: {res}", file=errors)
            elif res is not None:
                statements = [statement_json(s) for s in res.statements]
            out.write(json.dumps({"id": doc_id, "statements": statements},
                                 ensure_ascii=False) + "\n")
        pending.clear()

    for n, line in enumerate(lines, 1):
        doc, problem = judge_line(line)
        doc_id = (doc or {}).get("id")
        if problem is not None and doc is None:
            try:  # a line that is an object still answers with its id
                whole = json.loads(line)
                doc_id = whole.get("id", whole.get("doc_id")) if isinstance(whole, dict) else None
            except ValueError:
                pass
        pending.append((n, doc_id, ValueError(problem) if problem else doc["text"]))
        if len(pending) >= chunk:
            flush()
    flush()
    return n, bad


def _prefix_pattern(article: str) -> str:
    """A LIKE pattern matching ids that start with ``article`` (wildcards escaped)."""
    return article.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _list_stored(db: str, article: Optional[str], fmt: str, output: Optional[Path],
                 limit: Optional[int] = None) -> None:
    from retold.records import Statement
    from retold.store import to_arrow

    with open_store(Path(db)) as store:
        rows = (store.query(Statement, '"article_id" LIKE ? ESCAPE \'\\\'',
                            [_prefix_pattern(article)], order='"id"')
                if article else store.query(Statement, order='"article_id", "id"'))
        if article and not rows:
            find_article(store, article)  # no such article is an error, not an empty list
    rows.sort(key=lambda s: (s.article_id, int(s.id.rsplit("q", 1)[-1] or 0)
                             if s.id.rsplit("q", 1)[-1].isdigit() else 0))
    if limit is not None:
        rows = rows[:limit]
    if fmt == "parquet":
        if output is None:
            raise typer.BadParameter("parquet needs -o FILE", param_hint="--format")
        import pyarrow.parquet as pq

        pq.write_table(to_arrow(Statement, rows), output)
        return
    sink = output.open("w", encoding="utf-8") if output else sys.stdout
    try:
        if fmt == "jsonl":
            for s in rows:
                sink.write(json.dumps(s.to_dict(), ensure_ascii=False) + "\n")
        else:
            _table(rows, sink)
    finally:
        if output:
            sink.close()


def _table(rows, sink) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    table = Table("article", "id", "kind", "speaker", "cue", "channel", "hedges", "content")
    for s in rows:
        content = s.content_text if len(s.content_text) < 80 else s.content_text[:77] + "…"
        # what bears on the claim: "unverified" (Newsweek could not verify it), a
        # pseudonym, "reportedly", a surer verb than "said" ...
        hedges = ", ".join(dict.fromkeys(h.type for h in s.hedges))
        table.add_row(*(escape(x) for x in (
            s.article_id, s.id.rsplit(":", 1)[-1], s.kind, s.speaker or s.source_text or "",
            s.cue_text, s.channel.name if s.channel else "", hedges, content)))
    tty = hasattr(sink, "isatty") and sink.isatty()
    Console(file=sink, width=None if tty else 220).print(table)


@app.command("statements")
def statements_command(
    input: Optional[Path] = typer.Option(None, "--input", "-i",
                                         help="JSONL documents {id|doc_id, text} to analyse."),
    output: Optional[Path] = typer.Option(None, "--output", "-o",
                                          help="Where to write (default: standard output)."),
    db: Optional[str] = typer.Option(None, "--db", help=DB_OPTION_HELP),
    article: Optional[str] = typer.Option(None, "--article", help="Only this article (id or unique id prefix)."),
    fmt: str = typer.Option("table", "--format", "-f", help="table | jsonl | parquet (--db)."),
    acts: Optional[str] = typer.Option(
        None, "--acts", help="Keep only these acts, comma-separated: speech,thought,stance "
                             "(--input; default all)."),
    limit: Optional[int] = typer.Option(None, "--limit", min=1,
                                        help="At most N stored statements (--db)."),
) -> None:
    """Who said what: analyse raw documents (--input) or list stored statements (--db).

    Direct and indirect statements with speaker, cue, channel ("told Newsweek") and
    hedges; interviews printed as transcripts ("Q: …"/"A: …", "OMER: …") are read as the
    interviewee's words."""
    if fmt not in FORMATS:
        raise typer.BadParameter(f"{fmt!r}: choose one of {', '.join(FORMATS)}",
                                 param_hint="--format")
    keep = None
    if acts:
        from retold.records import STATEMENT_ACTS

        keep = {a.strip() for a in acts.split(",") if a.strip()}
        if not keep <= set(STATEMENT_ACTS):
            raise typer.BadParameter(f"{acts!r}: choose among {', '.join(STATEMENT_ACTS)}",
                                     param_hint="--acts")
    output = output_path(output)
    if input is not None:
        if str(input) != "-" and not input.is_file():
            raise typer.BadParameter(f"{input}: no such file", param_hint="--input")
        from retold.evalio import open_input

        sink = output.open("w", encoding="utf-8") if output else sys.stdout
        try:
            with open_input(input) as raw:  # "-" is stdin, ".gz" gunzipped
                src = io.TextIOWrapper(raw, encoding="utf-8-sig", errors="replace")
                n, bad = analyse_lines(src, sink, acts=keep,
                                       name="stdin" if str(input) == "-" else str(input))
                src.detach()  # the ``with`` closes the file (stdin stays open)
        except OSError as exc:  # a .gz name that is not gzip, a read error
            raise typer.BadParameter(f"cannot read {input}: {exc}", param_hint="--input")
        finally:
            if output:
                sink.close()
        if bad == n:  # nothing usable, also when there was nothing at all
            why = f"{bad} bad lines" if n else "no lines"
            typer.echo(f"no usable document in {input} ({why})", err=True)
            raise typer.Exit(1)
        return
    from retold.store import DEFAULT_DB

    db = db or DEFAULT_DB
    _list_stored(db, article, fmt, output, limit)
