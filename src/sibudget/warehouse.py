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


def connect(warehouse: Path, *, read_only: bool = True) -> duckdb.DuckDBPyConnection:
    """A connection with the settings profiles.yml gives dbt: the memory limit, and no
    insertion-order preservation (it buffers whole results: 6 GB for the Parquet export of a
    national-scale warehouse with DuckDB's default limit of 80% of the machine's memory)."""
    return duckdb.connect(
        str(warehouse),
        read_only=read_only,
        config={
            "memory_limit": os.environ.get(MEMORY_LIMIT, DEFAULT_MEMORY_LIMIT),
            "preserve_insertion_order": False,
        },
    )


def query(warehouse: Path, sql: str, parameters: list[Any] | None = None) -> list[dict[str, Any]]:
    """Rows of `sql` as dictionaries, from a read-only connection that is closed afterwards."""
    connection = connect(warehouse)
    try:
        cursor = connection.cursor()
        result = cursor.execute(sql, parameters or [])
        columns = [description[0] for description in result.description or []]
        rows = result.fetchall()
        return [dict(zip(columns, row, strict=True)) for row in rows]
    finally:
        connection.close()
