"""Every table as Parquet or JSON Lines, one file per table in an output directory.

Parquet files use :func:`retold.store.arrow_schema`, the store's own shape (nested fields
as JSON text), so Spark, DuckDB, pandas and polars read them without a schema of their
own; rows are streamed in batches through ``pyarrow.parquet.ParquetWriter`` so a large
store is never held in memory. JSON Lines keep nested fields as real JSON objects
(``Record.to_dict``), which is what ``jq`` and ``pandas.read_json(lines=True)`` expect.
"""
from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from retold.export.select import ExportError, Selection, _has
from retold.records import ALL_TABLES
from retold.store import Store, arrow_schema

BATCH = 2000


def write_tables(store: Store, sel: Selection, out: Path, fmt: str) -> dict:
    if out.exists() and not out.is_dir():
        raise ExportError(f"{out} is a file; {fmt} export writes one file per table into a "
                          "directory: give a directory path with -o")
    out.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    for cls in ALL_TABLES:
        where, params = sel.where(cls)
        path = out / f"{cls.TABLE}.{fmt}"
        n = 0
        if fmt == "parquet":
            n = _write_parquet(store, cls, where, params, path) if _has(store, cls) else \
                _write_empty(cls, path)
        else:
            rows = store.iter(cls, where, params, batch=BATCH) if _has(store, cls) else ()
            with path.open("w", encoding="utf-8") as fh:
                for rec in rows:
                    fh.write(json.dumps(rec.to_dict(), ensure_ascii=False) + "\n")
                    n += 1
        counts[cls.TABLE] = n
    return {"format": fmt, "path": str(out), "rows": counts}


def _write_parquet(store: Store, cls: type, where: str, params: list, path: Path) -> int:
    """Stream Arrow record batches from DuckDB straight into Parquet (no Python objects per
    row), cast to the store's declared schema so every export has the same shape."""
    schema = arrow_schema(cls)
    cols = ", ".join(f'"{name}"' for name in schema.names)
    sql = f'SELECT {cols} FROM "{cls.TABLE}"' + (f" WHERE {where}" if where else "")
    cur = store.con.cursor()
    n = 0
    try:
        reader = cur.sql(sql, params=params).to_arrow_reader(BATCH)
        with pq.ParquetWriter(path, schema) as writer:
            for batch in reader:
                table = pa.Table.from_batches([batch]).cast(schema)
                writer.write_table(table)
                n += table.num_rows
            if n == 0:
                writer.write_table(schema.empty_table())
    finally:
        cur.close()
    return n


def _write_empty(cls: type, path: Path) -> int:
    pq.write_table(arrow_schema(cls).empty_table(), path)
    return 0
