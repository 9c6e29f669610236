"""Reading a warehouse file: read-only, every result fetched whole (DuckDB 2.0 blocks the next
statement while a result is unfinished), numbers kept exact as Decimal."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb


def query(warehouse: Path, sql: str, parameters: list[Any] | None = None) -> list[dict[str, Any]]:
    """Rows of `sql` as dictionaries, from a read-only connection that is closed afterwards."""
    connection = duckdb.connect(str(warehouse), read_only=True)
    try:
        cursor = connection.cursor()
        result = cursor.execute(sql, parameters or [])
        columns = [description[0] for description in result.description or []]
        rows = result.fetchall()
        return [dict(zip(columns, row, strict=True)) for row in rows]
    finally:
        connection.close()
