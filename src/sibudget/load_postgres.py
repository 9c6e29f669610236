"""Loading the disclosure files into PostgreSQL with the engine's own bulk reader (COPY), as
tables of text in the schema `disclosures`: what dbt-duckdb reads from the files directly, the
postgres target reads from here. Every column is text, exactly as in the files."""

from __future__ import annotations

import os
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


def connection_parameters() -> dict[str, Any]:
    return {
        "host": os.environ.get("SIBUDGET_PG_HOST", "127.0.0.1"),
        "port": int(os.environ.get("SIBUDGET_PG_PORT", "54329")),
        "user": os.environ.get("SIBUDGET_PG_USER", "postgres"),
        "password": os.environ.get("SIBUDGET_PG_PASSWORD", ""),
        "dbname": os.environ.get("SIBUDGET_PG_DATABASE", "sibudget"),
    }


def load_disclosures(data_dir: Path, parameters: dict[str, Any] | None = None) -> dict[str, int]:
    """Replace the tables of schema `disclosures` with the files under `data_dir`, in one
    transaction; the rows loaded per table."""
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
                for path in sorted(data_dir.glob(f"*/{file_name}")):
                    with path.open(encoding="utf-8") as handle:
                        cursor.copy_expert(
                            f"copy {table} ({', '.join(columns)}) from stdin "
                            "with (format csv, header true)",
                            handle,
                        )
                    cursor.execute(
                        f"update {table} set source_file = %s where source_file is null",
                        [str(path)],
                    )
                cursor.execute(f"select count(*) from {table}")
                loaded[table] = int(cursor.fetchone()[0])
    finally:
        connection.close()
    return loaded
