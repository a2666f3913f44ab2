"""CLI commands of the spark stage: ``retold spark-run`` and ``retold attach``.

``retold spark-run PATHS... --out DIR [--master local[2]] [--stages ...] [--db FILE]`` runs
the pipeline as Spark jobs and writes one Parquet folder per table under DIR;
``retold attach DIR --db FILE`` loads such a folder into a store so every other command
(and ``retold serve``) works on it.
"""
from __future__ import annotations

import json
from pathlib import Path

import typer

from retold.cli import DB_OPTION_HELP, app


@app.command("attach")
def attach_cmd(
    parquet_dir: Path = typer.Argument(..., help="Output folder of a Spark run (one sub-folder per table)."),
    db: Path = typer.Option(Path("retold.duckdb"), "--db", help=DB_OPTION_HELP),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print nothing on success."),
) -> None:
    """Load the Parquet tables of a Spark run into a DuckDB store (rows with the same key are replaced)."""
    from retold.spark.attach import AttachError, attach, plan
    from retold.store import Store, StoreError

    try:
        plan(parquet_dir)  # refused before a store file is made or a row written
        with Store(db) as store:
            summary = attach(parquet_dir, store)
    except (AttachError, StoreError) as exc:
        typer.echo(f"retold attach: {exc}", err=True)
        raise typer.Exit(2)
    if not quiet:
        typer.echo(json.dumps({"db": str(db), **summary.to_dict()}))


@app.command("spark-run")
def spark_run_cmd(
    paths: list[str] = typer.Argument(..., help="Input files, folders or Hadoop URIs (WARC, WET, JSONL, HTML, text)."),
    out: str = typer.Option(..., "--out", "-o", help="Output folder or URI for the Parquet tables."),
    master: str = typer.Option("local[2]", "--master", help="Spark master: local[N], spark://HOST:PORT, yarn, k8s://..."),
    stages: str = typer.Option("all", "--stages", help="Comma list of ingest,statements,reuse,stories,lineage or 'all'."),
    db: Path | None = typer.Option(None, "--db", help="Also attach the result to this DuckDB store."),
    partitions: int | None = typer.Option(None, "--partitions", help="Partitions for the per-article stages (default: 2 x cores)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print nothing on success."),
) -> None:
    """Run retold's stages as Spark jobs (same stage functions as the in-process engine)."""
    from retold.spark import STAGES, run_spark
    from retold.spark.session import SparkUnavailable

    chosen = STAGES if stages == "all" else tuple(s.strip() for s in stages.split(",") if s.strip())
    try:
        summary = run_spark(paths, out, master=master, stages=chosen, partitions=partitions)
    except (SparkUnavailable, ValueError) as exc:
        typer.echo(f"retold spark-run: {exc}", err=True)
        raise typer.Exit(2)
    result = summary.to_dict()
    if summary.nothing_ingested:  # as `retold ingest`: non-zero when nothing could be read
        typer.echo(json.dumps(result), err=True)
        typer.echo(f"retold spark-run: no article ingested from {', '.join(paths)} (the "
                   f"rejects are in {summary.out_dir}/rejects)", err=True)
        raise typer.Exit(1)
    if db is not None:
        from retold.spark.attach import attach
        from retold.store import Store

        with Store(db) as store:
            result["attached"] = attach(out, store).to_dict()
    if not quiet:
        typer.echo(json.dumps(result))
