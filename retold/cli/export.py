"""CLI command of the export stage.

``retold export --db FILE --format parquet|jsonl|gexf|graphml|prov-json|claimreview|html
[--story ID] -o PATH``: parquet/jsonl write one file per table into the directory PATH;
the other formats write the single file PATH. Prints a JSON summary on stdout.
"""
from __future__ import annotations

import json
from pathlib import Path

import typer

from retold.cli import DB_OPTION_HELP, app, fail, open_store
from retold.store import DEFAULT_DB


@app.command("export")
def export_cmd(
    fmt: str = typer.Option(..., "--format", "-f",
                            help="parquet | jsonl | gexf | graphml | prov-json | claimreview "
                                 "| html"),
    out: Path = typer.Option(..., "-o", "--output",
                             help="Output file (a directory for parquet and jsonl)."),
    db: Path = typer.Option(Path(DEFAULT_DB), "--db", help=DB_OPTION_HELP),
    story: str = typer.Option(None, "--story", help="Only this story (needed by html when the "
                                                    "store holds several)."),
) -> None:
    """Export the store (or one story) to a format other tools read."""

    from retold.export import FORMATS, ExportError, export
    from retold.store import StoreError

    if fmt not in FORMATS:
        fail(f"unknown format {fmt!r}; choose one of: {', '.join(FORMATS)}")
    try:
        with open_store(db) as store:
            summary = export(store, fmt, out, story)
    except (ExportError, StoreError) as exc:
        fail(str(exc))
    typer.echo(json.dumps(summary, ensure_ascii=False))
