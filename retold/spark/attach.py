"""``retold attach``: load the Parquet tables of a Spark run into a DuckDB store.

Why copy rather than point views at the files: every other command (and the web UI)
writes to the same tables incrementally (``ingest`` more files, ``analyze`` again), which
views over read-only Parquet could not take. DuckDB reads Parquet natively, so the copy
is one ``INSERT ... SELECT`` per table and never passes rows through Python.

Layout read: ``PARQUET_DIR/<table>/`` (Spark's directory of ``part-*.parquet`` files) or
``PARQUET_DIR/<table>.parquet``, where ``<table>`` is a record class's ``TABLE``. Rows
replace stored rows with the same key (the table's ``KEY``), like :meth:`Store.upsert`.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from retold.records import ALL_TABLES, Article, Record, Story
from retold.spark.ingest_job import ORDER_TABLE
from retold.store import Store, table_columns


class AttachError(ValueError):
    """The Parquet directory cannot be attached; the message names the path."""


@dataclass
class AttachSummary:
    tables: dict[str, int] = field(default_factory=dict)  # table -> rows loaded

    def to_dict(self) -> dict:
        return {"tables": dict(self.tables)}


def table_source(parquet_dir: Path, cls: type[Record]) -> str | None:
    """The DuckDB ``read_parquet`` glob for ``cls``'s table, or None if absent."""
    folder = parquet_dir / cls.TABLE
    if folder.is_dir() and any(folder.rglob("*.parquet")):
        return str(folder / "**" / "*.parquet")
    single = parquet_dir / f"{cls.TABLE}.parquet"
    if single.is_file():
        return str(single)
    return None


def _parquet_columns(con, source: str) -> list[str]:
    """Every column of every file of ``source`` (``union_by_name``: DuckDB otherwise
    takes the first file's columns, and an unknown column in a later part went unseen)."""
    cur = con.execute("SELECT * FROM read_parquet(?, union_by_name = true) LIMIT 0", [source])
    return [d[0] for d in cur.description]


def _check_columns(con, cls: type[Record], source: str) -> set[str]:
    """The columns ``source`` has; AttachError naming it if any is not in the table."""
    have = set(_parquet_columns(con, source))
    unknown = have - {n for n, _, _, _ in table_columns(cls)}
    if unknown:
        raise AttachError(
            f"{source}: columns {sorted(unknown)} are not in table {cls.TABLE!r}; "
            "was it written by a newer retold? upgrade retold or drop those columns"
        )
    return have


def plan(parquet_dir: str | Path, skip: Sequence[type[Record]] = ()
         ) -> list[tuple[type[Record], str]]:
    """``(table class, Parquet source)`` of every table to load, every file's columns
    checked first, so that a folder that cannot be attached is refused before anything
    is written (it had loaded the articles and then refused the stories) and before a
    store file is made. Reads the files' schemas only."""
    import duckdb

    root = Path(parquet_dir)
    if not root.is_dir():
        raise AttachError(f"{root}: not a directory (expected the --out folder of a Spark run)")
    found = [(cls, src) for cls in ALL_TABLES if cls not in skip
             and (src := table_source(root, cls)) is not None]
    if not found and not skip:
        names = ", ".join(c.TABLE for c in ALL_TABLES)
        raise AttachError(f"{root}: no Parquet tables found (looked for folders named {names})")
    con = duckdb.connect()
    try:
        for cls, src in found:
            _check_columns(con, cls, src)
    finally:
        con.close()
    return found


def attach_table(store: Store, cls: type[Record], source: str, order: str | None = None) -> int:
    """Upsert every row of the Parquet ``source`` into ``cls``'s table; atomic.

    ``order``: a Parquet glob of ``(id, pos)`` ranks; rows are inserted by rank, so the
    table's order (which in-process stages read articles in) is the input order.
    """
    wanted = [(n, sql) for n, sql, _, _ in table_columns(cls)]
    have = _check_columns(store.con, cls, source)
    select = ", ".join(
        f'CAST("{n}" AS {sql}) AS "{n}"' if n in have else f'CAST(NULL AS {sql}) AS "{n}"'
        for n, sql in wanted
    )
    cols = ", ".join(f'"{n}"' for n, _ in wanted)
    cond = " AND ".join(f't."{k}" IS NOT DISTINCT FROM i."{k}"' for k in cls.KEY)
    store.execute("BEGIN")
    try:
        if order is None:
            store.execute(
                f"CREATE OR REPLACE TEMP TABLE _attach AS SELECT {select} FROM "
                "read_parquet(?, union_by_name = true)",
                [source],
            )
        else:
            store.execute(
                f"CREATE OR REPLACE TEMP TABLE _attach AS SELECT {select} FROM "
                "read_parquet(?, union_by_name = true) s LEFT JOIN read_parquet(?) o "
                "USING (id) ORDER BY o.pos NULLS LAST, id",
                [source, order],
            )
        if cond:
            store.execute(
                f'DELETE FROM "{cls.TABLE}" t WHERE EXISTS (SELECT 1 FROM _attach i WHERE {cond})'
            )
        store.execute(f'INSERT INTO "{cls.TABLE}" ({cols}) SELECT {cols} FROM _attach')
        n = int(store.execute("SELECT count(*) FROM _attach").fetchone()[0])
        store.execute("DROP TABLE _attach")
        store.execute("COMMIT")
    except Exception:
        store.execute("ROLLBACK")
        raise
    return n


def attach(parquet_dir: str | Path, store: Store,
           skip: Sequence[type[Record]] = ()) -> AttachSummary:
    """Load every table found under ``parquet_dir`` (except ``skip``) into ``store``."""
    root = Path(parquet_dir)
    summary = AttachSummary()
    for cls, source in plan(root, skip):
        order = _order_source(root) if cls is Article else None
        summary.tables[cls.TABLE] = attach_table(store, cls, source, order)
    if Story.TABLE in summary.tables:
        _story_members(store)
    summary.tables.update(_reuse_indexes(root, store))
    return summary


def _unsigned_sql(col: str) -> str:
    """SQL turning a signed 64-bit Parquet column back into the stored unsigned hash."""
    return (f"CAST(CAST({col} AS HUGEINT) + CASE WHEN {col} < 0 THEN 18446744073709551616 "
            f"ELSE 0 END AS UBIGINT)")


def _reuse_indexes(root: Path, store: Store) -> dict[str, int]:
    """Load the Spark run's LSH band keys and quote 4-grams into the in-process engine's
    index tables (replacing those of the same articles), so that a later in-process
    ``retold ingest`` links new articles to the attached ones."""
    from retold.reuse.incremental import ensure_tables
    from retold.reuse.lsh import DuckDBBuckets
    from retold.spark.reuse_job import BANDS_TABLE, QUOTE_GRAMS_TABLE

    loaded = {}
    DuckDBBuckets(store.con)
    ensure_tables(store.con)
    unnest = {
        "reuse_bands": f"SELECT CAST(i - 1 AS INTEGER), {_unsigned_sql('keys[i]')}, doc FROM "
                       "(SELECT doc, keys, generate_subscripts(keys, 1) AS i FROM read_parquet(?))",
        "reuse_quote_grams": f"SELECT {_unsigned_sql('g')}, doc FROM "
                             "(SELECT doc, unnest(grams) AS g FROM read_parquet(?))",
    }
    for folder, table in ((BANDS_TABLE, "reuse_bands"), (QUOTE_GRAMS_TABLE, "reuse_quote_grams")):
        files = root / folder
        if not any(files.glob("*.parquet")):
            continue
        source = str(files / "*.parquet")
        with store._transaction() as con:
            con.execute(f"DELETE FROM {table} WHERE doc IN "
                        "(SELECT DISTINCT doc FROM read_parquet(?))", [source])
            con.execute(f"INSERT INTO {table} {unnest[table]}", [source])
            loaded[table] = int(con.execute(f"SELECT count(*) FROM {table} WHERE doc IN "
                                            "(SELECT doc FROM read_parquet(?))",
                                            [source]).fetchone()[0])
    return loaded


def _order_source(root: Path) -> str | None:
    folder = root / ORDER_TABLE
    return str(folder / "*.parquet") if any(folder.glob("*.parquet")) else None


def _story_members(store: Store) -> None:
    """Rebuild ``reuse_story_members`` (the in-process engine's article -> story index) so
    that a later in-process ``retold ingest`` updates the attached stories."""
    with store._transaction() as con:
        con.execute("CREATE TABLE IF NOT EXISTS reuse_story_members "
                    "(article_id VARCHAR, story_id VARCHAR)")
        con.execute("DELETE FROM reuse_story_members")
        con.execute("INSERT INTO reuse_story_members SELECT DISTINCT unnest("
                    f"CAST(json(article_ids) AS VARCHAR[])), id FROM \"{Story.TABLE}\"")
