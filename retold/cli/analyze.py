"""``retold analyze``: bring every analysis table up to date for articles not yet analysed.

``retold ingest`` already analyses what it adds; this command is for stores filled with
``--no-analyze`` (e.g. a fast bulk load) or by ``retold attach``, and for re-running the
later stages after an upgrade (``--redo``). ``--engine spark`` re-analyses every stored
article as Spark jobs and replaces the analysis tables with the result (a batch
``--redo``; see ``retold.spark.engine``).
"""
from __future__ import annotations

import json
from pathlib import Path

import typer

from retold.cli import DB_OPTION_HELP, app, interrupted
from retold.cli.ingest import ENGINE_HELP, MASTER_HELP, SPARK_OUT_HELP, check_engine, \
    run_spark_engine
from retold.store import DEFAULT_DB


@app.command("analyze")
def analyze_cmd(
    db: Path = typer.Option(Path(DEFAULT_DB), "--db", help=DB_OPTION_HELP),
    redo: bool = typer.Option(False, "--redo", help="Re-analyse every article, not only new ones."),
    as_json: bool = typer.Option(False, "--json", help="Print a JSON summary on stdout."),
    engine: str = typer.Option("in-process", "--engine", help=ENGINE_HELP),
    master: str = typer.Option("local[2]", "--master", help=MASTER_HELP),
    spark_out: Path | None = typer.Option(None, "--spark-out", help=SPARK_OUT_HELP),
    partitions: int | None = typer.Option(None, "--partitions", help="Spark partitions for the per-article stages (default: 2 x cores)."),
) -> None:
    """Find statements, reuse, stories, lineage and mutations for articles not yet analysed (and for stored ones an ingest found on a page published earlier)."""
    from retold.pipeline import analyze
    from retold.records import Article
    from retold.store import Store, StoreError

    if not db.exists():
        typer.echo(f"error: no store at {db} (run `retold ingest PATH --db {db}` first)", err=True)
        raise typer.Exit(2)
    if check_engine(engine) == "spark":
        run_spark_engine("analyze", db, str(spark_out) if spark_out else None, master,
                         partitions, quiet=True)
        return
    try:
        store = Store(db)
    except StoreError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2)
    with store, interrupted(db):
        ids = None
        if redo:
            ids = [r[0] for r in store.execute(f'SELECT id FROM "{Article.TABLE}"').fetchall()]
        summary = analyze(store, ids)
    out = summary.to_dict()
    if as_json:
        typer.echo(json.dumps(out))
    else:
        typer.echo(
            f"{out['statements']} statements, {out['links']} reuse links, "
            f"{len(out['stories_touched'])} stories updated, {out['lineage_edges']} lineage edges, "
            f"{out['mutations']} mutations, {out['rejects']} rejects -> {db}"
        )
