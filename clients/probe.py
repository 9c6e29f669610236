"""Open the served warehouse as a BI client would and run queries on it: with the DuckDB
client of this environment (read-only), or through SQLAlchemy and duckdb_engine (read-only, the
path of Superset and other SQLAlchemy tools), reflecting every mart's columns first.

    build/clients/bin/python clients/probe.py duckdb warehouse/sibudget.duckdb < queries.json
    build/clients/bin/python clients/probe.py sqlalchemy warehouse/sibudget.duckdb < queries.json

Reads a JSON object {name: sql} on standard input; prints {"client": …, "results": {name: rows},
"columns": {mart: [column, …]}} with every value as text."""

from __future__ import annotations

import json
import sys
from typing import Any


def with_duckdb(path: str, queries: dict[str, str]) -> dict[str, Any]:
    import duckdb

    connection = duckdb.connect(path, read_only=True)
    try:
        results = {
            name: [[str(value) for value in row] for row in connection.execute(sql).fetchall()]
            for name, sql in queries.items()
        }
        marts = connection.execute(
            "select table_name from information_schema.tables where table_schema = 'marts' "
            "order by table_name"
        ).fetchall()
        columns = {
            name: [
                column
                for (column,) in connection.execute(
                    "select column_name from information_schema.columns "
                    "where table_schema = 'marts' and table_name = ? order by ordinal_position",
                    [name],
                ).fetchall()
            ]
            for (name,) in marts
        }
    finally:
        connection.close()
    return {"client": f"DuckDB {duckdb.__version__}", "results": results, "columns": columns}


def with_sqlalchemy(path: str, queries: dict[str, str]) -> dict[str, Any]:
    import sqlalchemy

    engine = sqlalchemy.create_engine(f"duckdb:///{path}", connect_args={"read_only": True})
    try:
        inspector = sqlalchemy.inspect(engine)
        names = sorted(
            inspector.get_table_names(schema="marts") + inspector.get_view_names(schema="marts")
        )
        columns = {
            name: [column["name"] for column in inspector.get_columns(name, schema="marts")]
            for name in names
        }
        with engine.connect() as connection:
            results = {
                name: [
                    [str(value) for value in row]
                    for row in connection.execute(sqlalchemy.text(sql)).fetchall()
                ]
                for name, sql in queries.items()
            }
    finally:
        engine.dispose()
    return {
        "client": f"SQLAlchemy {sqlalchemy.__version__}",
        "results": results,
        "columns": columns,
    }


def main() -> int:
    client, path = sys.argv[1], sys.argv[2]
    queries = json.load(sys.stdin)
    read = {"duckdb": with_duckdb, "sqlalchemy": with_sqlalchemy}[client]
    print(json.dumps(read(path, queries), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
