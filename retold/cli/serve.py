"""CLI command of the web stage: ``retold serve [--db FILE] [--port 8000] [--host 127.0.0.1]``.

Serves the local web UI and the JSON API (``/api/``, OpenAPI at ``/openapi.json``) over a
store opened read-only. Binds to the loopback interface unless told otherwise, because the
pages show whatever text was crawled to whoever can reach the port.
"""
from __future__ import annotations

from pathlib import Path

import typer

from retold.cli import DB_OPTION_HELP, app, fail
from retold.store import DEFAULT_DB


@app.command("serve")
def serve_cmd(
    db: Path = typer.Option(Path(DEFAULT_DB), "--db", help=DB_OPTION_HELP),
    port: int = typer.Option(8000, "--port", min=1, max=65535, help="TCP port."),
    host: str = typer.Option("127.0.0.1", "--host",
                             help="Interface to bind; anything but loopback exposes the corpus "
                                  "to the network."),
    story: str = typer.Option("", "--story",
                              help="Print the URL of this story's page (default: the largest)."),
    open_browser: bool = typer.Option(False, "--open",
                                      help="Open that page in the default web browser."),
) -> None:
    """Serve the web UI and HTTP API over a store (read-only)."""
    import uvicorn
    from rich.console import Console
    from rich.markup import escape

    from retold.store import StoreError
    from retold.web.app import LOOPBACK_HOSTS, create_app

    err = Console(stderr=True)
    extra = set() if host in LOOPBACK_HOSTS else {"*"}
    try:
        application = create_app(db, allowed_hosts=extra)
    except (FileNotFoundError, StoreError) as exc:
        fail(str(exc))
    if extra:
        err.print(f"[yellow]warning:[/yellow] serving {escape(str(db))} on {escape(host)}: "
                  "reachable from the network")
    shown = "localhost" if host in LOOPBACK_HOSTS else host
    base = f"http://{shown}:{port}/"
    largest = application.state.corpus.stories(limit=1)
    err.print(f"retold: serving [bold]{db}[/bold] at {base}  (Ctrl-C to stop)")
    target = base
    if story or largest:
        target = f"{base}story/{story or largest[0]['id']}"
        err.print(f"        story page: {target}")
    if open_browser:
        import threading
        import webbrowser

        threading.Timer(1.0, webbrowser.open, [target]).start()
    uvicorn.run(application, host=host, port=port, log_level="warning")
