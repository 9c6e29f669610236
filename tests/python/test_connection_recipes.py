"""The README's example queries, each run on each target a BI tool can connect to: the DuckDB
file read-only, and the release's Parquet files."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import pytest

from conftest import BuiltWarehouse
from support import REPO

EXAMPLE = re.compile(r"<!-- example: (?P<name>\w+) -->\s*```sql\n(?P<sql>.*?)```", re.DOTALL)
EXAMPLES = {
    match["name"]: match["sql"]
    for match in EXAMPLE.finditer((REPO / "README.md").read_text("utf-8"))
}


def test_the_readme_has_the_three_examples() -> None:
    assert sorted(EXAMPLES) == ["findings_of_one_disclosure", "months_of_payment", "surplus_view"]


def run(connection: duckdb.DuckDBPyConnection, sql: str) -> list[tuple[Any, ...]]:
    return connection.cursor().execute(sql).fetchall()


def on_duckdb(served: Path, sql: str) -> list[tuple[Any, ...]]:
    connection = duckdb.connect(str(served), read_only=True)
    try:
        return run(connection, sql)
    finally:
        connection.close()


def on_parquet(release_folder: Path, sql: str) -> list[tuple[Any, ...]]:
    connection = duckdb.connect()
    try:
        run(connection, "create schema marts")
        for mart in sorted((release_folder / "parquet").iterdir()):
            # the README's recipe: every file of the mart's folder, partitioned by place or not
            run(connection, f"create view marts.{mart.name} as select * from '{mart}/**/*.parquet'")
        return run(connection, sql)
    finally:
        connection.close()


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_each_example_query_on_each_target(built: BuiltWarehouse, name: str) -> None:
    sql = EXAMPLES[name]
    from_duckdb = on_duckdb(built.path, sql)
    from_parquet = on_parquet(built.path.parent / "current", sql)
    assert from_duckdb, name
    assert from_parquet == from_duckdb
    if name == "surplus_view":
        assert len(from_duckdb) == 8
        assert from_duckdb[0][:2] == ("total", "社会保险基金合计")
        assert from_duckdb[0][4:7] == (Decimal(26878), Decimal(26879), Decimal(1))
    if name == "findings_of_one_disclosure":
        assert len(from_duckdb) == 12
