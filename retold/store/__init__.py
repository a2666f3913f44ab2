"""The embedded store: one DuckDB file holding every table of ``retold.records``.

Why generic: each record dataclass *is* its table's schema (scalars become typed columns,
nested values become JSON text), so a stage adds a field by adding it to its record and
the store, the exports and Spark's Parquet output follow without a migration script.
Columns missing from an older file are added on open (``ALTER TABLE ... ADD COLUMN``).

Writes go through :meth:`Store.upsert` (replace rows with the same ``KEY``) or
:meth:`Store.replace` (replace every row whose column matches, e.g. all statements of
some articles), each inside one transaction, so an interrupted run never leaves half a
batch behind.
"""
from __future__ import annotations

import contextlib
import dataclasses
import functools
import json
import threading
import typing
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar

import duckdb
import pyarrow as pa

from retold.records import ALL_TABLES, Record

R = TypeVar("R", bound=Record)

DEFAULT_DB = "retold.duckdb"

_SCALARS: dict[Any, tuple[str, Any]] = {
    str: ("VARCHAR", pa.string()),
    int: ("BIGINT", pa.int64()),
    float: ("DOUBLE", pa.float64()),
    bool: ("BOOLEAN", pa.bool_()),
}


def _column_type(tp: Any) -> tuple[str, Any, bool]:
    """(SQL type, Arrow type, is_json) for an annotated field type."""
    origin = typing.get_origin(tp)
    if origin is not None and type(None) in typing.get_args(tp):
        inner = [a for a in typing.get_args(tp) if a is not type(None)]
        if len(inner) == 1:
            return _column_type(inner[0])
    if tp in _SCALARS:
        sql, arrow = _SCALARS[tp]
        return sql, arrow, False
    return "VARCHAR", pa.string(), True  # nested: JSON text


@functools.lru_cache(maxsize=None)
def table_columns(cls: type[Record]) -> list[tuple[str, str, Any, bool]]:
    """[(name, sql_type, arrow_type, is_json)] for a record class (cached: resolving type
    hints costs ~1 ms, once per row it dominated every read and export)."""
    hints = typing.get_type_hints(cls)
    cols = []
    for f in dataclasses.fields(cls):  # type: ignore[arg-type]
        sql, arrow, is_json = _column_type(hints[f.name])
        cols.append((f.name, sql, arrow, is_json))
    return cols


def arrow_schema(cls: type[Record]) -> pa.Schema:
    return pa.schema([(name, arrow) for name, _, arrow, _ in table_columns(cls)])


def to_row(record: Record) -> dict[str, Any]:
    """A record as a flat row: nested values as JSON text (the store's and Parquet's shape).

    Nested values go straight to the JSON encoder (records among them through
    ``default``), not through ``Record.to_dict``'s copy in Python first: for a story
    syndicated 1,000 times (432k reuse links with their spans) that copy was 33 of the
    50 s spent writing the links."""
    data: dict[str, Any] = {}
    for name, _, _, is_json in table_columns(type(record)):
        value = getattr(record, name)
        if is_json and value is not None:
            value = json.dumps(value, ensure_ascii=False, separators=(",", ":"),
                               default=_nested_record)
        data[name] = value
    return data


def _nested_record(value: Any) -> Any:
    if isinstance(value, Record):
        return value.to_dict()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable: {value!r:.80}")


def from_row(cls: type[R], row: dict[str, Any]) -> R:
    data = dict(row)
    for name, _, _, is_json in table_columns(cls):
        if is_json and isinstance(data.get(name), str):
            data[name] = json.loads(data[name])
    return cls.from_dict(data)


def to_arrow(cls: type[Record], records: Iterable[Record]) -> pa.Table:
    rows = [to_row(r) for r in records]
    schema = arrow_schema(cls)
    return pa.Table.from_pylist(rows, schema=schema)


class Store:
    """A DuckDB file with one table per record type. Not shared across processes."""

    def __init__(self, path: str | Path = DEFAULT_DB, read_only: bool = False):
        self.path = str(path)
        if self.path != ":memory:" and not read_only:
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        try:
            self.con = duckdb.connect(self.path, read_only=read_only)
        except duckdb.Error as exc:  # locked, corrupt, not a DuckDB file
            raise StoreError(f"cannot open store {self.path!r}: {exc}") from exc
        self._lock = threading.RLock()
        if not read_only:
            self.ensure_tables()

    # -------------------------------------------------------------- schema
    def ensure_tables(self, classes: Sequence[type[Record]] = ALL_TABLES) -> None:
        with self._lock:
            for cls in classes:
                cols = table_columns(cls)
                ddl = ", ".join(f'"{n}" {sql}' for n, sql, _, _ in cols)
                self.con.execute(f'CREATE TABLE IF NOT EXISTS "{cls.TABLE}" ({ddl})')
                have = {
                    r[0]
                    for r in self.con.execute(
                        "SELECT column_name FROM information_schema.columns WHERE table_name = ?",
                        [cls.TABLE],
                    ).fetchall()
                }
                for n, sql, _, _ in cols:
                    if n not in have:
                        self.con.execute(f'ALTER TABLE "{cls.TABLE}" ADD COLUMN "{n}" {sql}')

    # -------------------------------------------------------------- writes
    @contextlib.contextmanager
    def _transaction(self):
        """One DuckDB transaction under the store's lock: all of a write or none of it."""
        with self._lock:
            self.con.execute("BEGIN")
            try:
                yield self.con
            except BaseException:
                self.con.execute("ROLLBACK")
                raise
            self.con.execute("COMMIT")

    def _insert(self, cls: type[Record], tbl: pa.Table) -> None:
        self.con.register("_incoming", tbl)
        cols = ", ".join(f'"{c}"' for c in tbl.column_names)
        self.con.execute(f'INSERT INTO "{cls.TABLE}" ({cols}) SELECT {cols} FROM _incoming')
        self.con.unregister("_incoming")

    def upsert(self, records: Sequence[Record]) -> int:
        """Insert records, replacing rows with the same KEY. One transaction per call."""
        if not records:
            return 0
        cls = type(records[0])
        tbl = to_arrow(cls, records)
        with self._transaction() as con:
            if cls.KEY:
                con.register("_keys", tbl.select(list(cls.KEY)))
                cond = " AND ".join(f't."{k}" IS NOT DISTINCT FROM i."{k}"' for k in cls.KEY)
                con.execute(
                    f'DELETE FROM "{cls.TABLE}" t WHERE EXISTS (SELECT 1 FROM _keys i WHERE {cond})'
                )
                con.unregister("_keys")
            self._insert(cls, tbl)
        return len(records)

    def replace(
        self, cls: type[Record], column: str, values: Iterable[Any], records: Sequence[Record]
    ) -> int:
        """Delete rows of ``cls`` whose ``column`` is in ``values``, insert ``records``; atomic."""
        values = list(values)
        tbl = to_arrow(cls, records)
        with self._transaction():
            if values:
                self._delete_in(cls.TABLE, column, values)
            if records:
                self._insert(cls, tbl)
        return len(records)

    def clear(self, cls: type[Record]) -> None:
        with self._lock:
            self.con.execute(f'DELETE FROM "{cls.TABLE}"')

    # --------------------------------------------------------------- reads
    def query(self, cls: type[R], where: str = "", params: Sequence[Any] = (), order: str = "",
              limit: int | None = None) -> list[R]:
        """Records of ``cls``; ``where``/``order`` are SQL with ``?`` parameters only."""
        sql = f'SELECT * FROM "{cls.TABLE}"'
        if where:
            sql += f" WHERE {where}"
        if order:
            sql += f" ORDER BY {order}"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        with self._lock:
            cur = self.con.execute(sql, list(params))
            names = [d[0] for d in cur.description]
            rows = cur.fetchall()
        return [from_row(cls, dict(zip(names, r))) for r in rows]

    def query_in(self, cls: type[R], column: str, values: Iterable[Any]) -> list[R]:
        """Records of ``cls`` whose ``column`` is one of ``values``, in insertion order.

        Why not ``query(cls, "list_contains(?, col)", [values])``: that tests every row
        against the whole list, O(rows x values) a call, so a stage that looks up each
        batch's ids grows quadratically with the store (44 ms a call at 50k articles,
        5x the 10k figure). ``IN (SELECT unnest(?))`` is planned as a hash semi-join:
        O(rows + values). The join runs on ``column`` alone and the whole rows are then
        fetched by ``rowid``: a join on ``SELECT *`` reads every column of every row
        (article texts included) before it filters, 25 ms a call at 23k articles against
        4.5 ms this way."""
        values = list(dict.fromkeys(values))
        if not values:
            return []
        return self.query(cls, f'rowid IN (SELECT rowid FROM "{cls.TABLE}" '
                               f'WHERE "{column}" IN (SELECT unnest(?)))', [values],
                          order="rowid")

    def delete_in(self, table: str, column: str, values: Iterable[Any]) -> None:
        """Delete the rows of ``table`` whose ``column`` is one of ``values`` (a semi-join,
        for the reason given in :meth:`query_in`)."""
        values = list(dict.fromkeys(values))
        if values:
            with self._lock:
                self._delete_in(table, column, values)

    def _delete_in(self, table: str, column: str, values: list[Any]) -> None:
        self.con.execute(f'DELETE FROM "{table}" WHERE "{column}" IN (SELECT unnest(?))',
                         [values]).fetchall()

    def iter(self, cls: type[R], where: str = "", params: Sequence[Any] = (),
             batch: int = 1000) -> Iterator[R]:
        """Stream records in batches (bounded memory on large stores)."""
        sql = f'SELECT * FROM "{cls.TABLE}"' + (f" WHERE {where}" if where else "")
        with self._lock:
            cur = self.con.cursor()
        cur.execute(sql, list(params))
        names = [d[0] for d in cur.description]
        while True:
            rows = cur.fetchmany(batch)
            if not rows:
                break
            for r in rows:
                yield from_row(cls, dict(zip(names, r)))

    def get(self, cls: type[R], **key: Any) -> R | None:
        where = " AND ".join(f'"{k}" = ?' for k in key)
        found = self.query(cls, where, list(key.values()), limit=1)
        return found[0] if found else None

    def count(self, cls: type[Record], where: str = "", params: Sequence[Any] = ()) -> int:
        sql = f'SELECT count(*) FROM "{cls.TABLE}"' + (f" WHERE {where}" if where else "")
        with self._lock:
            return int(self.con.execute(sql, list(params)).fetchone()[0])

    def execute(self, sql: str, params: Sequence[Any] = ()) -> duckdb.DuckDBPyConnection:
        with self._lock:
            return self.con.execute(sql, list(params))

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class StoreError(RuntimeError):
    """The store file cannot be opened or used; the message names the file."""
