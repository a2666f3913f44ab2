"""Record classes as Spark schemas: the store's row shape, column for column.

Why: ``retold attach`` loads the Parquet files a Spark run wrote straight into the
DuckDB store, and a Spark DataFrame written with these schemas has exactly the columns
and types of :func:`retold.store.arrow_schema` (strings, int64, float64, bool; nested
values as JSON text), so no conversion step sits between the two engines.
"""
from __future__ import annotations

from typing import Any

import pyarrow as pa

from retold.records import Record
from retold.store import arrow_schema, from_row, table_columns, to_row


def spark_schema(cls: type[Record]):
    """The ``StructType`` of ``cls``'s table (every column nullable, like the store)."""
    from pyspark.sql import types as T

    mapping = {
        pa.string(): T.StringType(),
        pa.int64(): T.LongType(),
        pa.float64(): T.DoubleType(),
        pa.bool_(): T.BooleanType(),
    }
    fields = []
    for f in arrow_schema(cls):
        if f.type not in mapping:
            raise TypeError(f"{cls.__name__}.{f.name}: no Spark type for Arrow {f.type}")
        fields.append(T.StructField(f.name, mapping[f.type], True))
    return T.StructType(fields)


def column_names(cls: type[Record]) -> list[str]:
    return [name for name, _, _, _ in table_columns(cls)]


def to_tuple(record: Record) -> tuple[Any, ...]:
    """A record as a tuple in schema order (cheaper to pickle than a dict or Row)."""
    row = to_row(record)
    return tuple(row.get(name) for name in column_names(type(record)))


def from_tuple(cls: type[Record], values) -> Record:
    """Inverse of :func:`to_tuple`; also accepts a pyspark ``Row``."""
    if hasattr(values, "asDict"):
        return from_row(cls, values.asDict())
    return from_row(cls, dict(zip(column_names(cls), values)))
