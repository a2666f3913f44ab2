"""The ``retold`` command line. Each stage registers its commands from its own module.

Conventions (after trafilatura's CLI): inputs are positional paths, ``--db`` names the
store (default ``retold.duckdb`` in the working directory), machine-readable output with
``--format jsonl|parquet|csv`` and ``-o FILE``, progress bars on a terminal only,
``--quiet`` to silence them, non-zero exit only when nothing could be done.
"""
from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import typer

if TYPE_CHECKING:
    from retold.records import Article
    from retold.store import Store

app = typer.Typer(
    name="retold",
    help="Trace how a news story was retold, outlet by outlet, back to who said it first.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

DB_OPTION_HELP = "DuckDB store file (default: retold.duckdb in the working directory)."


def fail(msg: str, code: int = 2) -> NoReturn:
    """Print ``error: msg`` on stderr and exit with ``code``. The message is printed as
    text, not markup: a path, a claim or an exception that holds "[/]" or "[bold]" is
    shown as it is instead of crashing the error report."""
    from rich.console import Console
    from rich.markup import escape

    Console(stderr=True, highlight=False).print(f"[red]error:[/red] {escape(msg)}")
    raise typer.Exit(code)


def output_path(path: Path | None, option: str = "--output") -> Path | None:
    """Where a command writes: None for standard output (no option, or ``-``), else
    ``path`` with its folder made if missing, checked before any work is done: a folder
    given as the file, or a folder that cannot be made, is a clear error (exit 2), not
    a traceback after minutes of analysis."""
    if path is None or str(path) == "-":
        return None
    if path.is_dir():
        fail(f"{option} {str(path)!r} is a folder: give a file path")
    blocking = next((p for p in path.parents if p.exists() and not p.is_dir()), None)
    if blocking is not None:
        fail(f"{option} {str(path)!r}: {str(blocking)!r} is a file, not a folder")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        fail(f"{option} {str(path)!r}: cannot make its folder ({exc.strerror or exc})")
    return path


@contextmanager
def interrupted(db: Path, bar=None):
    """Ctrl-C: stop, say what the store holds and how to finish, exit 130. Batches already
    committed stay; an analysis stopped midway is taken up by the next run
    (:data:`retold.pipeline.UNFINISHED`). It printed nothing, and the store looked done."""
    try:
        yield
    except KeyboardInterrupt:
        from rich.console import Console
        from rich.markup import escape

        if bar:
            bar.stop()
        Console(stderr=True).print(
            f"[yellow]interrupted:[/yellow] what was committed is in {escape(str(db))}; run "
            f"the same command again (or `retold analyze --db {escape(str(db))}`) to finish",
            highlight=False)
        raise typer.Exit(130)


def open_store(db: Path) -> Store:
    """The store at ``db`` opened read-only, or a clear error naming it: a missing file
    (run ``retold ingest`` first) or one that is not a retold store."""
    from retold.store import Store, StoreError

    if not Path(db).is_file():
        fail(f"store not found, no store at {str(db)!r} yet (run `retold ingest` first)")
    try:
        return Store(db, read_only=True)
    except StoreError as exc:
        fail(str(exc))


def find_article(store: Store, ref: str, code: int = 1) -> Article:
    """The article whose id is ``ref``, or the one whose id starts with it, or whose URL is
    it; else a clear error (none, or several: give more of the id). One rule for every
    command that takes an article, so a prefix ``show`` accepts works in ``diff`` too."""
    from retold.records import Article

    found = store.query(Article, "id = ? OR url = ?", [ref, ref], limit=2)
    if not found and ref:
        found = store.query(Article, "starts_with(id, ?)", [ref], limit=5)
    if not found:
        found = [a for a in store.iter(Article) if any(loc.url == ref for loc in a.locations)][:2]
    if not found:
        fail(f"no article with id or URL {ref!r} in the store (see `retold articles`)", code)
    if len(found) > 1 and found[0].id != ref:
        fail(f"{ref!r} matches several articles: " + ", ".join(a.id for a in found)
             + " (give more of the id)", code)
    return found[0]


@app.command("version")
def version() -> None:
    """Print retold's version."""
    from retold import __version__

    typer.echo(__version__)


def _register() -> None:
    # Imported for their side effect of adding commands to ``app``.
    from retold.cli import (  # noqa: F401
        analyze, export, ingest, lineage, reuse, serve, spark, statements,
    )


def main() -> None:
    _register()
    app()
