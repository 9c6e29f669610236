"""Reading a warehouse file: read-only, every result fetched whole (DuckDB 2.0 blocks the next
statement while a result is unfinished), numbers kept exact as Decimal."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import duckdb

MEMORY_LIMIT = "SIBUDGET_DUCKDB_MEMORY_LIMIT"
"""The environment variable that sets DuckDB's memory limit, for dbt (profiles.yml) and for
every connection of sibudget's own; DuckDB spills to disk beyond it."""
DEFAULT_MEMORY_LIMIT = "2GB"


def connect(warehouse: Path | None, *, read_only: bool = True) -> duckdb.DuckDBPyConnection:
    """A connection with the settings profiles.yml gives dbt: the memory limit, and no
    insertion-order preservation (it buffers whole results: 6 GB for the Parquet export of a
    national-scale warehouse with DuckDB's default limit of 80% of the machine's memory).
    `warehouse` None: a warehouse in memory, gone when the connection closes."""
    return duckdb.connect(
        ":memory:" if warehouse is None else str(warehouse),
        read_only=read_only and warehouse is not None,
        config={
            "memory_limit": os.environ.get(MEMORY_LIMIT, DEFAULT_MEMORY_LIMIT),
            "preserve_insertion_order": False,
        },
    )


def sql_text(text: str) -> str:
    """`text` as a DuckDB SQL string literal, its apostrophes doubled: for what takes no
    parameters (ATTACH, a path compiled into a model, a literal list)."""
    return "'" + text.replace("'", "''") + "'"


def query(
    warehouse: Path | duckdb.DuckDBPyConnection, sql: str, parameters: list[Any] | None = None
) -> list[dict[str, Any]]:
    """Rows of `sql` as dictionaries: from a read-only connection to the warehouse file, closed
    afterwards, or from an open connection (a warehouse in memory), left open."""
    if isinstance(warehouse, duckdb.DuckDBPyConnection):
        return _rows(warehouse.cursor(), sql, parameters)
    connection = connect(warehouse)
    try:
        return _rows(connection.cursor(), sql, parameters)
    finally:
        connection.close()


def _rows(
    cursor: duckdb.DuckDBPyConnection, sql: str, parameters: list[Any] | None
) -> list[dict[str, Any]]:
    result = cursor.execute(sql, parameters or [])
    columns = [description[0] for description in result.description or []]
    return [dict(zip(columns, row, strict=True)) for row in result.fetchall()]
