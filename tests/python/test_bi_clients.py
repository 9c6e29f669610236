"""The served warehouse opens in the clients BI tools bundle: DuckDB 1.x (the oldest, 1.0, in a
separate environment: scripts/install-clients) and SQLAlchemy with duckdb_engine (Superset's
path), each read-only, each running the README's example queries with the same results as the
project's DuckDB and reflecting every mart's columns."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import duckdb
import pytest

from conftest import BuiltWarehouse
from sibudget.build import ExitCode
from sibudget.project import Project
from sibudget.refresh import refresh
from support import DOCUMENT_ID, REPO, read_csv, write_csv
from test_connection_recipes import EXAMPLES

CLIENT_PYTHON = REPO / "build" / "clients" / "bin" / "python"
PROBE = REPO / "clients" / "probe.py"


def probe(client: str, warehouse: Path) -> dict[str, object]:
    assert CLIENT_PYTHON.exists(), "run scripts/install-clients (make test does)"
    run = subprocess.run(
        [str(CLIENT_PYTHON), str(PROBE), client, str(warehouse)],
        input=json.dumps(EXAMPLES),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    result: dict[str, object] = json.loads(run.stdout)
    return result


def ours(warehouse: Path) -> dict[str, list[list[str]]]:
    connection = duckdb.connect(str(warehouse), read_only=True)
    try:
        return {
            name: [[str(value) for value in row] for row in connection.execute(sql).fetchall()]
            for name, sql in EXAMPLES.items()
        }
    finally:
        connection.close()


@pytest.mark.parametrize(
    ("client", "version"), [("duckdb", "DuckDB 1.0.0"), ("sqlalchemy", "SQLAlchemy 2.0.44")]
)
def test_a_bi_client_reads_the_served_warehouse(
    built: BuiltWarehouse, client: str, version: str
) -> None:
    result = probe(client, built.path)
    assert result["client"] == version
    assert result["results"] == ours(built.path)
    columns = result["columns"]
    assert isinstance(columns, dict)
    assert "fct_fund_years" in columns and "fund_surplus" in columns
    assert columns["fct_fund_years"][:5] == [
        "region_code",
        "scope",
        "fiscal_year",
        "phase_code",
        "fund_code",
    ]


def test_duckdb_1_0_reads_a_refreshed_warehouse(built: BuiltWarehouse, tmp_path: Path) -> None:
    """A refresh publishes its merged copy of the previous release's file without writing it
    anew: the file keeps the storage version DuckDB 1.x reads."""
    project = Project(tmp_path / "project")
    shutil.copytree(built.project.root, project.root, symlinks=True)
    path = project.data_dir / DOCUMENT_ID / "document.csv"
    rows, columns = read_csv(path)
    rows[0]["title"] += "（修订）"
    write_csv(path, rows, columns)
    outcome = refresh(project, [DOCUMENT_ID], report=lambda line: None)
    assert outcome.exit_code == ExitCode.PUBLISHED, outcome.lines
    result = probe("duckdb", project.served_warehouse)
    assert result["client"] == "DuckDB 1.0.0"
    assert result["results"] == ours(project.served_warehouse)
