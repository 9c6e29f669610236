"""Loading the disclosure files into PostgreSQL with the engine's own bulk reader (COPY), as
tables of text in the schema `disclosures`: what dbt-duckdb reads from the files directly, the
postgres target reads from here. Every column is text, exactly as in the files."""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sibudget.disclosure_files import DISCLOSURE_FILES

SOURCE_TABLES = {
    "document.csv": "documents",
    "table_cells.csv": "table_cells",
    "narrative_figures.csv": "narrative_figures",
    "performance_targets.csv": "performance_targets",
}
"""The dbt source table (models/staging/disclosures/_disclosures__sources.yml) of each file."""


def secrets_file() -> Path:
    """Where scripts/start-postgres keeps the passwords it generated: $SIBUDGET_PG_SECRETS, else
    beside the cluster's data folder (<data folder>-secrets.env)."""
    if os.environ.get("SIBUDGET_PG_SECRETS"):
        return Path(os.environ["SIBUDGET_PG_SECRETS"])
    data = os.environ.get("SIBUDGET_PG_DATA") or str(
        Path(os.environ.get("TMPDIR", "/tmp")) / "sibudget-postgres"
    )
    return Path(data.rstrip("/") + "-secrets.env")


def secret(name: str) -> str:
    """The environment's value of `name` (SIBUDGET_PG_PASSWORD, SIBUDGET_BI_PASSWORD), else the
    one scripts/start-postgres stored; empty when neither is there."""
    if os.environ.get(name):
        return os.environ[name]
    path = secrets_file()
    if not path.is_file():
        return ""
    stored = ""
    for line in path.read_text(encoding="utf-8").splitlines():
        key, _, value = line.partition("=")
        if key == name:
            stored = value
    return stored


def connection_parameters() -> dict[str, Any]:
    """How the owner connects: SIBUDGET_PG_* variables, the password as `secret` finds it."""
    return {
        "host": os.environ.get("SIBUDGET_PG_HOST", "127.0.0.1"),
        "port": int(os.environ.get("SIBUDGET_PG_PORT", "54329")),
        "user": os.environ.get("SIBUDGET_PG_USER", "postgres"),
        "password": secret("SIBUDGET_PG_PASSWORD"),
        "dbname": os.environ.get("SIBUDGET_PG_DATABASE", "sibudget"),
    }


def bi_connection_parameters() -> dict[str, Any]:
    """How BI connects: the role SIBUDGET_BI_ROLE (default sibudget_bi) with its password."""
    return {
        **connection_parameters(),
        "user": os.environ.get("SIBUDGET_BI_ROLE", "sibudget_bi"),
        "password": secret("SIBUDGET_BI_PASSWORD"),
    }


def load_disclosures(data_dir: Path, parameters: dict[str, Any] | None = None) -> dict[str, int]:
    """Replace the tables of schema `disclosures` with the files under `data_dir`, in one
    transaction, one COPY per table (every file's rows in one stream, each row with its file's
    path as source_file, as DuckDB's read_csv gives it); the rows loaded per table."""
    import psycopg2

    connection = psycopg2.connect(**(parameters or connection_parameters()))
    loaded: dict[str, int] = {}
    try:
        with connection, connection.cursor() as cursor:
            cursor.execute("create schema if not exists disclosures")
            for file_name, columns in DISCLOSURE_FILES.items():
                table = "disclosures." + SOURCE_TABLES[file_name]
                cursor.execute(f"drop table if exists {table} cascade")
                definition = ", ".join(f"{column} text" for column in (*columns, "source_file"))
                cursor.execute(f"create table {table} ({definition})")
                cursor.copy_expert(
                    f"copy {table} ({', '.join((*columns, 'source_file'))}) from stdin "
                    "with (format csv)",
                    ConcatenatedRows(sorted(data_dir.glob(f"*/{file_name}"))),
                )
                cursor.execute(f"select count(*) from {table}")
                loaded[table] = int(cursor.fetchone()[0])
    finally:
        connection.close()
    return loaded


class ConcatenatedRows:
    """The data rows of many CSV files as one CSV stream for COPY (a file-like object that
    psycopg2 reads), each row with its file's path appended. One COPY instead of one per file
    and an update per file: the update scanned the whole table each time, quadratic in the
    number of documents (115,200 at national scale)."""

    def __init__(self, paths: list[Path]) -> None:
        self._chunks = self._rows(paths)
        self._buffer = b""

    @staticmethod
    def _rows(paths: list[Path]) -> Iterator[bytes]:
        for path in paths:
            with path.open(encoding="utf-8", newline="") as handle:
                reader = csv.reader(handle)
                next(reader, None)  # the header
                out = io.StringIO()
                writer = csv.writer(out, lineterminator="\n")
                for row in reader:
                    writer.writerow([*row, str(path)])
                yield out.getvalue().encode("utf-8")

    def read(self, size: int = -1) -> bytes:
        while size < 0 or len(self._buffer) < size:
            chunk = next(self._chunks, None)
            if chunk is None:
                break
            self._buffer += chunk
        if size < 0:
            size = len(self._buffer)
        data, self._buffer = self._buffer[:size], self._buffer[size:]
        return data
