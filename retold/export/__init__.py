"""Exports in the formats users already have tools for.

========== ======================================== =====================================
format     what                                     read it with
========== ======================================== =====================================
parquet    every table, one ``<table>.parquet``     pyarrow, pandas, polars, DuckDB, Spark
jsonl      every table, one ``<table>.jsonl``       pandas ``read_json(lines=True)``, jq
gexf       lineage graph(s), node/edge attributes   Gephi, ``networkx.read_gexf``
graphml    lineage graph(s), node/edge attributes   Gephi, yEd, ``networkx.read_graphml``
prov-json  W3C PROV: articles, outlets, speakers    ``prov.model.ProvDocument.deserialize``
claimreview schema.org ``Claim`` JSON-LD            any JSON-LD processor, a ClaimReview
html       one story as a self-contained report     a browser, a mail client
========== ======================================== =====================================

``--story ID`` restricts any format to one story (``html`` and ``claimreview`` need one
unless the store holds a single story). :func:`export` is the one entry point the CLI
calls; each format lives in its own module as a function of a :class:`Selection`.
"""
from __future__ import annotations

from pathlib import Path

from retold.export.select import ExportError, Selection, select
from retold.store import Store

FORMATS = ("parquet", "jsonl", "gexf", "graphml", "prov-json", "claimreview", "html")


def export(store: Store, fmt: str, out: str | Path, story: str | None = None) -> dict:
    """Write ``fmt`` to ``out``; returns a summary (what was written, how many rows)."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}; choose one of: {', '.join(FORMATS)}")
    out = Path(out)
    try:
        return _write(store, fmt, out, story)
    except IsADirectoryError as exc:
        raise ExportError(f"{out}: is a directory; {fmt} writes one file: give a file path "
                          f"such as {out / ('story.' + _SUFFIX[fmt])}") from exc
    except OSError as exc:  # no room, no permission, a file where a folder should be
        raise ExportError(f"{out}: cannot write {fmt}: {exc.strerror or exc}") from exc


_SUFFIX = {"gexf": "gexf", "graphml": "graphml", "prov-json": "prov.json",
           "claimreview": "jsonld", "html": "html", "parquet": "", "jsonl": ""}


def _write(store: Store, fmt: str, out: Path, story: str | None) -> dict:
    if fmt not in ("parquet", "jsonl") and out.is_dir():
        raise IsADirectoryError(str(out))
    if fmt in ("parquet", "jsonl"):
        # whole tables stream from the store; a story needs its article ids only
        sel = select(store, story) if story else Selection(None, [], {}, [], [], [], [])
        from retold.export.tables import write_tables
        return write_tables(store, sel, out, fmt)
    # claimreview reads its stories' rows a batch at a time (retold.export.batch): the
    # whole store's articles, statements and links loaded up front went unused
    sel = select(store, story, light=fmt in ("gexf", "graphml"),
                 load_articles=fmt != "claimreview")
    if fmt in ("gexf", "graphml"):
        from retold.export.graphs import write_graph
        return write_graph(sel, out, fmt)
    if fmt == "prov-json":
        from retold.export.provenance import write_prov
        return write_prov(sel, out)
    if fmt == "claimreview":
        from retold.export.claims import write_claims
        return write_claims(store, sel, out)
    from retold.export.report import write_report
    return write_report(store, sel, out)


__all__ = ["FORMATS", "ExportError", "Selection", "export", "select"]
