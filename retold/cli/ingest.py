"""CLI commands of the ingest stage: ``ingest``, ``articles``, ``show``.

``retold ingest PATH...`` reads files, directories (recursively), globs, gzip or not, and
writes Article records to the store, then runs the analysis pipeline on the new articles
(``--no-analyze`` to skip). It ends with a summary (``--json`` for machines) and exits
non-zero only when nothing could be ingested. ``--engine spark`` runs the same stages as
Spark jobs (``--master``) into Parquet (``--spark-out``) and attaches the result to the
store (see ``retold.spark.engine``).
"""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import typer

from retold.cli import DB_OPTION_HELP, app, fail, find_article, interrupted, open_store
from retold.store import DEFAULT_DB

FORMATS = ("table", "jsonl", "parquet", "csv")
ENGINES = ("in-process", "spark")
ENGINE_HELP = "in-process (default: this process, DuckDB) or spark (Spark jobs, then attached to --db)."
MASTER_HELP = "With --engine spark: local[N], spark://HOST:PORT, yarn, k8s://..."
SPARK_OUT_HELP = "With --engine spark: Parquet output folder (default: DB.spark beside the store)."


def check_engine(engine: str) -> str:
    if engine not in ENGINES:
        fail(f"--engine must be one of {', '.join(ENGINES)}, not {engine!r}")
    return engine


def run_spark_engine(command: str, db: Path, spark_out: Optional[str], master: str,
                     partitions: Optional[int], quiet: bool, paths=(), analyze: bool = True,
                     force: bool = False) -> dict:
    """``--engine spark`` of ``ingest``/``analyze``: run on Spark, attach into ``db``,
    print the summary as JSON (exit 2 on a bad setting or a missing Spark/Java)."""
    from retold.spark import engine as spark_engine
    from retold.spark.attach import AttachError
    from retold.spark.session import SparkUnavailable
    from retold.store import Store, StoreError

    out = spark_out or spark_engine.default_out(db)
    try:
        with Store(db) as store:
            if command == "ingest":
                summary = spark_engine.ingest_with_spark(store, list(paths), out, master=master,
                                                         analyze=analyze, partitions=partitions,
                                                         force=force)
            else:
                summary = spark_engine.analyze_with_spark(store, out, master=master,
                                                          partitions=partitions)
    except (SparkUnavailable, StoreError, AttachError, ValueError) as exc:
        fail(str(exc))
    result = {"db": str(db), **summary.to_dict()}
    if not quiet or command == "analyze":
        print(json.dumps(result, ensure_ascii=False))
    return result


def _console(stderr: bool = True):
    from rich.console import Console

    return Console(stderr=stderr)


def _progress_bar(quiet: bool):
    """A rich progress display (files done/total, documents, docs/s) on a terminal only."""
    if quiet or not sys.stderr.isatty():
        return None, None
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    bar = Progress(
        TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
        TextColumn("{task.fields[docs]} docs, {task.fields[rate]} docs/s"), TimeElapsedColumn(),
        console=_console(), transient=False,
    )
    task = bar.add_task("ingest", total=None, docs=0, rate="-")
    import time

    started = time.perf_counter()

    def callback(stage: str, done: int, total: int) -> None:
        if stage == "files":
            bar.update(task, completed=done, total=total)
        elif stage == "docs":
            elapsed = time.perf_counter() - started
            bar.update(task, docs=done, rate=f"{done / elapsed:.1f}" if elapsed > 0 else "-")
        else:  # analysis stages
            bar.update(task, description=stage, completed=done, total=total or None)

    return bar, callback


@app.command("ingest")
def ingest_cmd(
    paths: list[str] = typer.Argument(..., help="Files, directories (recursive) or globs; .gz ok."),
    db: Path = typer.Option(Path(DEFAULT_DB), "--db", help=DB_OPTION_HELP),
    analyze: bool = typer.Option(True, "--analyze/--no-analyze", help="Run the analysis pipeline on new articles, and on stored ones found on a page published earlier."),
    max_bytes: int = typer.Option(20 * 1024 * 1024, "--max-bytes", help="Largest page (or WARC record) accepted, in bytes."),
    batch: int = typer.Option(200, "--batch", help="Documents per committed batch."),
    force: bool = typer.Option(False, "--force", help="Re-read inputs already ingested unchanged."),
    workers: int = typer.Option(1, "--workers", "-w", help="Parser processes (reading and writing stay in one)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar or summary text."),
    as_json: bool = typer.Option(False, "--json", help="Print a JSON summary on stdout."),
    engine: str = typer.Option("in-process", "--engine", help=ENGINE_HELP),
    master: str = typer.Option("local[2]", "--master", help=MASTER_HELP),
    spark_out: Optional[str] = typer.Option(None, "--spark-out", help=SPARK_OUT_HELP),
    partitions: Optional[int] = typer.Option(None, "--partitions", help="Spark partitions for the per-article stages (default: 2 x cores)."),
) -> None:
    """Ingest crawled pages (plain text, HTML, WARC/WET, JSONL) into the store.

    A body found on several pages is one article, dated and credited as the page that published it first, even one found in a later run (the article is then analysed again and counted as restamped)."""
    from retold.ingest.store import ingest
    from retold.store import Store, StoreError

    if check_engine(engine) == "spark":
        result = run_spark_engine("ingest", db, spark_out, master, partitions, quiet,
                                  paths=paths, analyze=analyze, force=force)
        if result["runs"] and not result["runs"][0]["tables"].get("articles"):
            raise typer.Exit(1)  # as in-process: nothing could be ingested
        return

    try:
        store = Store(db)
    except StoreError as exc:
        fail(str(exc))
    bar, callback = _progress_bar(quiet or as_json)
    with store, interrupted(db, bar):
        try:
            if bar:
                bar.start()
            try:
                summary = ingest(store, paths, progress=callback, max_bytes=max_bytes,
                                 batch_size=batch, force=force, workers=workers)
            except ValueError as exc:  # invalid option values
                fail(str(exc))
            result = summary.to_dict()
            result["db"] = str(db)
            # printed through the live bar's console, so the lines go above the bar
            # instead of into it
            con = bar.console if bar else _console()
            if not (quiet or as_json):
                if bar:
                    bar.refresh()
                _print_summary(result, analyze, con)
            result["analysis"] = _analyze(store, summary.new_ids, summary.restamped, callback,
                                          analyze, quiet or as_json)
            if isinstance(result["analysis"], dict) and not (quiet or as_json):
                a = result["analysis"]
                con.print(
                    f"analysed: {a['statements']} statements, {a['links']} reuse links, "
                    f"{len(a['stories_touched'])} stories updated, {a['lineage_edges']} lineage edges, "
                    f"{a['mutations']} mutations", highlight=False)
        finally:
            if bar:
                bar.stop()
    if as_json:
        print(json.dumps(result, ensure_ascii=False))
    if summary.docs == 0 and summary.unchanged == 0:
        raise typer.Exit(1)


def _analyze(store, new_ids: list[str], restamped: list[str], callback, enabled: bool,
             quiet: bool):
    """Run the analysis pipeline (statements -> reuse/stories -> lineage) on new articles,
    on stored ones given an earlier page (the pipeline reads those off the store, so an
    ingest with ``--no-analyze`` leaves them to ``retold analyze``) and on those an
    interrupted analysis left unfinished."""
    if not enabled:
        return "disabled"
    from retold.pipeline import analyze, unfinished_ids

    if not new_ids and not restamped and not unfinished_ids(store):
        return "nothing new"

    return analyze(store, new_ids, progress=callback).to_dict()


def _print_summary(result: dict, analyze: bool = True, con=None) -> None:
    from rich.markup import escape

    con = con or _console()
    con.print(
        f"[bold]{result['ingested']}[/bold] ingested, {result['duplicates']} duplicates, "
        f"{result['rejected']} rejected, {result['already']} already stored, "
        f"{result['skipped']} non-article records skipped, {result['unchanged']} unchanged inputs "
        f"({result['inputs']} inputs, {result['seconds']:.1f}s, {result['docs_per_s'] or 0} docs/s) -> {escape(result['db'])}",
        highlight=False,
    )
    if result.get("restamped"):
        n = result["restamped"]
        redo = "redone below" if analyze else "left to `retold analyze`"
        con.print(f"  {n} stored article{'s' if n > 1 else ''} found on a page published "
                  f"earlier: page fields replaced, analysis {redo}", highlight=False)
    for reason in result["reject_reasons"][:10]:
        con.print(f"  [red]rejected[/red] {escape(reason)}", highlight=False)
    if result["rejected"] > 10:
        con.print(f"  ... see the rejects table ({result['rejected']} in all)")


@app.command("articles")
def articles_cmd(
    db: Path = typer.Option(Path(DEFAULT_DB), "--db", help=DB_OPTION_HELP),
    fmt: str = typer.Option("table", "--format", "-f", help="table | jsonl | parquet | csv"),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Write to FILE (default stdout)."),
    limit: Optional[int] = typer.Option(None, "--limit", min=1, help="At most N articles."),
) -> None:
    """List or export the stored articles."""
    from retold.records import Article
    from retold.store import to_arrow

    if fmt not in FORMATS:
        fail(f"--format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    if fmt == "parquet" and output is None:
        fail("--format parquet needs -o FILE")
    with open_store(db) as store:
        rows = store.query(Article, order="outlet, published, id", limit=limit)
    if fmt == "table":
        _table(rows, output)
    elif fmt == "jsonl":
        text = "".join(json.dumps(a.to_dict(), ensure_ascii=False) + "\n" for a in rows)
        _write(text, output)
    else:
        table = to_arrow(Article, rows)
        if fmt == "parquet":
            import pyarrow.parquet as pq

            pq.write_table(table, str(output))
        else:
            import io

            import pyarrow.csv as pacsv

            buf = io.BytesIO()
            pacsv.write_csv(table, buf)
            _write(buf.getvalue().decode("utf-8"), output)


def _write(text: str, output: Optional[Path]) -> None:
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")


def _table(rows, output: Optional[Path]) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    table = Table(title=f"{len(rows)} articles")
    for col in ("id", "outlet", "published", "title", "words", "found"):
        table.add_column(col, overflow="fold")
    for a in rows:
        table.add_row(escape(a.id), escape(a.outlet or ""), escape((a.published or "")[:10]),
                      escape((a.title or "")[:80]),
                      str(len(a.text.split())), str(len(a.locations)))
    if output is None:
        Console().print(table)
    else:
        with output.open("w", encoding="utf-8") as fh:
            Console(file=fh, width=160).print(table)


@app.command("show")
def show_cmd(
    id_or_url: str = typer.Argument(..., help="Article id (a unique prefix is enough) or URL."),
    db: Path = typer.Option(Path(DEFAULT_DB), "--db", help=DB_OPTION_HELP),
    as_json: bool = typer.Option(False, "--json", help="Print the record as JSON."),
) -> None:
    """Print one article: metadata, then its blocks."""
    with open_store(db) as store:
        art = find_article(store, id_or_url)
    if as_json:
        print(json.dumps(art.to_dict(), ensure_ascii=False, indent=2))
        return
    from rich.console import Console
    from rich.markup import escape

    con = Console()
    con.print(f"[bold]{escape(art.title or '') or '(no title)'}[/bold]")
    for label, value in (("id", art.id), ("outlet", f"{art.outlet or '-'} ({art.outlet_name or '-'})"),
                         ("section", art.section), ("authors", ", ".join(art.authors) or None),
                         ("published", f"{art.published} ({art.published_source})" if art.published else None),
                         ("language", art.language), ("url", art.url), ("format", art.source_format)):
        if value:
            con.print(f"[dim]{label}:[/dim] {escape(str(value))}", highlight=False)
    for loc in art.locations:
        where = loc.path + (f" @{loc.offset}" if loc.offset is not None else "")
        con.print(f"[dim]found:[/dim] {escape(where)} {escape(loc.record_id or '')} {escape(loc.url or '')}",
                  highlight=False)
    con.print()
    for block in art.blocks:
        if block.kind == "heading":
            con.print(f"[bold underline]{escape(block.text)}[/bold underline]\n", highlight=False)
        else:
            con.print(block.text + "\n", highlight=False, markup=False)


@app.command("rejects")
def rejects_cmd(
    db: Path = typer.Option(Path(DEFAULT_DB), "--db", help=DB_OPTION_HELP),
    stage: Optional[str] = typer.Option(None, "--stage", help="Only one stage: ingest, statements, reuse, lineage."),
    as_jsonl: bool = typer.Option(False, "--jsonl", help="One JSON object per line instead of a table."),
    fmt: str = typer.Option("table", "--format", "-f",
                            help="table | jsonl (as the other listing commands take it)."),
) -> None:
    """List the inputs retold could not use: path, offset, stage and the reason."""
    from rich.markup import escape
    from rich.table import Table

    from retold.records import Reject

    if fmt not in ("table", "jsonl"):
        fail(f"--format must be table or jsonl, not {fmt!r}")
    as_jsonl = as_jsonl or fmt == "jsonl"

    with open_store(db) as store:
        rows = store.query(Reject, "stage = ?" if stage else "", [stage] if stage else [],
                           order='stage, path, "offset"')
    if as_jsonl:
        for r in rows:
            print(json.dumps(r.to_dict(), ensure_ascii=False))
        return
    table = Table("stage", "path", "offset", "record", "reason")
    for r in rows:
        table.add_row(r.stage, escape(r.path), "" if r.offset is None else str(r.offset),
                      escape(r.record_id or ""), escape(r.reason))
    _console(stderr=False).print(table)
    _console().print(f"{len(rows)} rejects in {db}", highlight=False)
