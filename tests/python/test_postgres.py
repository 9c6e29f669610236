"""The same dbt project on a real PostgreSQL server (scripts/start-postgres): it builds and passes
its tests there, gives the marts DuckDB gives, serves the README's example queries, and its BI
role reads the marts and nothing else. The server admits passwords alone (scram), and the BI
role, named here with a quote and a space to prove the quoting, only its own databases."""

from __future__ import annotations

import os
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg2
import pytest
from psycopg2 import errors

from conftest import BuiltWarehouse
from sibudget.dbt import DbtRun, run_dbt
from sibudget.load_postgres import bi_connection_parameters, connection_parameters, load_disclosures
from sibudget.warehouse import query
from support import REPO, copy_project
from test_connection_recipes import EXAMPLES, on_duckdb

pytestmark = pytest.mark.xdist_group("postgres")  # one database: one worker


@pytest.fixture(scope="module")
def test_database() -> Iterator[str]:
    """A database of this test run's own on the shared server, so that another checkout's tests
    (CI beside a developer, two clones) never build into the same schemas at the same time."""
    server = {**connection_parameters(), "dbname": "postgres"}
    try:
        admin = psycopg2.connect(**server)
    except psycopg2.OperationalError as error:
        pytest.fail(f"PostgreSQL is not running ({error}): run scripts/start-postgres")
    admin.autocommit = True
    name = f"sibudget_test_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    try:
        with admin.cursor() as cursor:
            cursor.execute(f"create database {name}")
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("SIBUDGET_PG_DATABASE", name)
            yield name
        with admin.cursor() as cursor:
            cursor.execute(f"drop database if exists {name} with (force)")
    finally:
        admin.close()


BI_ROLE = "sibudget bi's reader"
BI_PASSWORD = 'it\'s a "pass word"; drop role postgres; --'


@pytest.fixture(scope="module")
def bi_role() -> Iterator[str]:
    """A BI role whose name and password hold quotes, spaces and SQL: created by
    scripts/start-postgres (which the project's CI runs first anyway), granted by the build."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SIBUDGET_BI_ROLE", BI_ROLE)
        patch.setenv("SIBUDGET_BI_PASSWORD", BI_PASSWORD)
        started = subprocess.run(
            [str(REPO / "scripts" / "start-postgres")], capture_output=True, text=True
        )
        assert started.returncode == 0, started.stderr
        yield BI_ROLE


@pytest.fixture(scope="module")
def postgres_build(
    test_database: str, bi_role: str, tmp_path_factory: pytest.TempPathFactory
) -> DbtRun:
    assert connection_parameters()["dbname"] == test_database
    folder = tmp_path_factory.mktemp("postgres")
    project = copy_project(folder / "project")
    load_disclosures(project.data_dir)
    return run_dbt(
        ["--quiet", "build"],
        project=project,
        warehouse=folder / "unused.duckdb",
        target="postgres",
        build_id="postgres-test",
    )


@pytest.fixture
def as_owner() -> Iterator[Any]:
    connection = psycopg2.connect(**connection_parameters())
    try:
        yield connection.cursor()
    finally:
        connection.close()


def rows(cursor: Any, sql: str) -> list[tuple[Any, ...]]:
    cursor.execute(sql)
    return list(cursor.fetchall())


def test_the_project_builds_and_passes_its_tests_on_postgres(postgres_build: DbtRun) -> None:
    assert postgres_build.exception is None
    assert postgres_build.failures == []
    assert postgres_build.success
    assert postgres_build.node_count > 150  # seeds, models, data tests, unit tests, contracts


@pytest.mark.parametrize(
    "sql",
    [
        "select fund_code, income_wan_yuan, expenditure_wan_yuan, surplus_printed_wan_yuan, "
        "surplus_computed_wan_yuan, closing_balance_wan_yuan from marts.fund_surplus "
        "order by fund_code",
        "select fund_code, months_of_payment, subsidy_dependence, contribution_coverage, "
        "benefit_share, income_other_wan_yuan from marts.fct_fund_years order by fund_code",
        "select finding_id, status, severity, expected_wan_yuan, actual_wan_yuan, "
        "difference_wan_yuan, tolerance_wan_yuan from marts.fct_quality_findings "
        "order by finding_id",
        "select document_id, source_line, fund_code, line_code, reconciliation "
        "from marts.fct_narrative_figures order by source_line, figure_label",
    ],
)
def test_postgres_gives_the_marts_duckdb_gives(
    postgres_build: DbtRun, built: BuiltWarehouse, as_owner: Any, sql: str
) -> None:
    assert postgres_build.success
    from_duckdb = [tuple(row.values()) for row in query(built.path, sql)]
    assert rows(as_owner, sql) == from_duckdb
    assert len(from_duckdb) > 0


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_each_example_query_on_postgres(
    postgres_build: DbtRun, built: BuiltWarehouse, as_owner: Any, name: str
) -> None:
    assert postgres_build.success
    assert rows(as_owner, EXAMPLES[name]) == on_duckdb(built.path, EXAMPLES[name])


def test_the_bi_role_reads_the_marts_and_nothing_else(postgres_build: DbtRun) -> None:
    assert postgres_build.success
    parameters = bi_connection_parameters()
    assert (parameters["user"], parameters["password"]) == (BI_ROLE, BI_PASSWORD)
    connection = psycopg2.connect(**parameters)
    connection.autocommit = True
    try:
        cursor = connection.cursor()
        assert rows(cursor, "select count(*) from marts.fund_surplus") == [(8,)]
        assert rows(cursor, "select count(*) from marts.fct_quality_findings")[0][0] > 200
        refused = [
            "insert into marts.dim_phases (phase_code) values ('x')",
            "update marts.fct_fund_years set income_wan_yuan = 0",
            "delete from marts.dim_funds",
            "create table marts.scratch (x int)",
            "drop table marts.dim_funds",
            "create table public.scratch (x int)",
            "select count(*) from staging.stg_disclosures__table_cells",
            "select count(*) from intermediate.int_rule_evaluations",
            "select count(*) from reference.funds",
            "select count(*) from disclosures.table_cells",
        ]
        for statement in refused:
            with pytest.raises(errors.InsufficientPrivilege):
                cursor.execute(statement)
    finally:
        connection.close()


def test_a_wrong_password_is_refused_for_the_owner_and_for_bi(postgres_build: DbtRun) -> None:
    """No trust left: the owner and the BI role need their passwords (scram), over loopback."""
    for parameters in (connection_parameters(), bi_connection_parameters()):
        with pytest.raises(psycopg2.OperationalError, match="password authentication failed"):
            psycopg2.connect(**{**parameters, "password": "not the password"})
        with pytest.raises(psycopg2.OperationalError):
            psycopg2.connect(**{**parameters, "password": ""})


def test_the_bi_role_reaches_only_its_databases_and_its_statements_time_out(
    postgres_build: DbtRun,
) -> None:
    parameters = bi_connection_parameters()
    for other in ("postgres", "template1"):
        with pytest.raises(psycopg2.OperationalError, match="permission denied for database"):
            psycopg2.connect(**{**parameters, "dbname": other})
    connection = psycopg2.connect(**parameters)
    try:
        cursor = connection.cursor()
        assert rows(cursor, "show statement_timeout") == [("30s",)]
        assert rows(
            cursor,
            "select rolsuper, rolcreatedb, rolcreaterole from pg_roles "
            "where rolname = current_user",
        ) == [(False, False, False)]
    finally:
        connection.close()


def test_the_loader_names_every_file(tmp_path: Path) -> None:
    from sibudget.disclosure_files import DISCLOSURE_FILES
    from sibudget.load_postgres import SOURCE_TABLES

    assert sorted(SOURCE_TABLES) == sorted(DISCLOSURE_FILES)


def test_the_loader_streams_every_row_with_its_file(tmp_path: Path) -> None:
    from sibudget.load_postgres import ConcatenatedRows

    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    first.write_text('label,amount\n"收入, 合计","1,000"\n', encoding="utf-8")
    second.write_text("label,amount\n支出,\n结余,5\n", encoding="utf-8")
    stream = ConcatenatedRows([first, second])
    chunks = iter(lambda: stream.read(7), b"")  # COPY reads in small pieces
    assert b"".join(chunks).decode("utf-8") == (
        f'"收入, 合计","1,000",{first}\n支出,,{second}\n结余,5,{second}\n'
    )
