"""The same dbt project on a real Spark cluster (scripts/start-spark: a standalone master, two
workers and the Thrift server, started once for the session): `sibudget build --target spark`
builds the real disclosure there, gates it and publishes a release of the marts Spark wrote,
equal to DuckDB's mart for mart; a pipeline failure there names its rows and leaves the served
release as it was; and the engine hazards the project's macros get round (Spark reading '\\s' in
a literal as 's', dbt's listagg dropping the order) are caught by their dbt tests when they
return. Each module's schemas carry a prefix of their own, so two checkouts can share the
cluster."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb
import pytest

from conftest import BuiltWarehouse
from sibudget.build import ExitCode, build
from sibudget.cli import main
from sibudget.dbt import run_dbt
from sibudget.project import Project
from sibudget.release import current
from sibudget.spark import cluster_dir, cursor, register_disclosures
from support import REPO, build_quietly, copy_project, edit_cells, set_amount

pytestmark = pytest.mark.xdist_group("spark")  # one cluster, one build at a time


@pytest.fixture(scope="module")
def spark_prefix() -> Iterator[str]:
    """A running cluster (started by the project's script unless it already answers) and a
    schema prefix of this module's own, whose schemas are dropped at the end."""
    started = subprocess.run(
        [str(REPO / "scripts" / "start-spark")], capture_output=True, text=True, timeout=900
    )
    assert started.returncode == 0, started.stdout + started.stderr
    prefix = f"t{os.getpid()}_{uuid.uuid4().hex[:6]}_"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SIBUDGET_SPARK_SCHEMA_PREFIX", prefix)
        yield prefix
        with cursor() as spark:
            spark.execute("show databases")
            for (name,) in spark.fetchall():
                if name.startswith(prefix):
                    spark.execute(f"drop database if exists {name} cascade")


def test_the_module_runs_on_one_worker(request: pytest.FixtureRequest) -> None:
    """`make test` runs pytest-xdist with --dist loadgroup, which sends a group's tests to one
    worker by suffixing their node ids with the group's name. pytest 9.2 ignores the suffix
    (pytest-xdist issue 1386), and the module's builds then ran on both workers at once, against
    one cluster of two cores; the PostgreSQL and Superset modules group the same way."""
    if not request.config.getoption("loadgroup", default=False):
        pytest.skip("run without pytest-xdist's --dist loadgroup: no groups to keep")
    assert request.node.nodeid.endswith("@spark")


def test_the_real_disclosure_is_built_gated_and_published_on_spark_as_on_duckdb(
    spark_prefix: str, built: BuiltWarehouse, tmp_path: Path
) -> None:
    """One build on Spark (each test that builds there costs minutes, so this one checks it
    all): published, with Spark's own Parquet files in the release, and every mart equal to
    DuckDB's: same marts, same columns in the same order with the same types, same rows (the
    build id aside), in the release's DuckDB file and in the Parquet files BI reads with the
    README's recipe."""
    project = copy_project(tmp_path / "project")
    outcome = build(project, report=lambda line: None, target="spark")
    assert outcome.exit_code == ExitCode.PUBLISHED, "\n".join(outcome.lines)
    assert "Parquet from Spark" in outcome.seconds
    run_results = json.loads(
        (project.build_dir / "spark-target" / "run_results.json").read_text(encoding="utf-8")
    )
    statuses = {
        result["unique_id"].split(".")[-1]: result["status"] for result in run_results["results"]
    }
    # the engine tests pass on Spark as the project has them (each fails with its hazard back:
    # test_each_engine_hazard_fails_its_dbt_test_when_it_returns)
    assert {name: statuses.get(name) for name in HAZARDS} == dict.fromkeys(HAZARDS, "pass")
    assert any(line.startswith("Great Expectations: ") for line in outcome.lines)
    release = current(project.served_warehouse)
    assert release is not None and release.build_id == outcome.build_id
    manifest = release.manifest
    assert manifest["engine"] == "spark"
    parquet = {
        path: entry for path, entry in manifest["files"].items() if path.endswith(".parquet")
    }
    # Spark's own files, one per mart, without its bookkeeping (_SUCCESS, .crc)
    assert {Path(path).parts[1] for path in parquet} == set(manifest["row_counts"])
    assert all(Path(path).name.startswith("part-") for path in parquet)
    on_disk = {
        str(path.relative_to(release.folder))
        for path in release.folder.rglob("*")
        if path.is_file()
    }
    assert on_disk == set(manifest["files"]) | {"manifest.json"}
    assert sum(entry["rows"] for entry in parquet.values()) == sum(manifest["row_counts"].values())

    from_spark, from_duckdb = _mart_columns(release.warehouse), _mart_columns(built.path)
    assert from_spark == from_duckdb
    connection = duckdb.connect()
    connection.execute(f"attach '{built.path}' as duck (read_only)")
    connection.execute(f"attach '{release.warehouse}' as spark (read_only)")
    for mart, columns in from_duckdb.items():
        names = ", ".join(name for name, _ in columns if name != "build_id")
        files = f"'{release.folder}/parquet/{mart}/**/*.parquet'"
        for other in (f"spark.marts.{mart}", f"read_parquet({files})"):
            for left, right in ((f"duck.marts.{mart}", other), (other, f"duck.marts.{mart}")):
                differing = connection.execute(
                    f"select count(*) from (select {names} from {left} "
                    f"except all select {names} from {right})"
                ).fetchone()
                assert differing == (0,), f"{mart}: rows of {left} not in {right}"
    findings = connection.execute("select count(*) from spark.marts.fct_quality_findings")
    assert findings.fetchone() == (manifest["row_counts"]["fct_quality_findings"],)
    assert manifest["row_counts"]["fct_quality_findings"] > 100


def _mart_columns(path: Path) -> dict[str, list[tuple[str, str]]]:
    rows = duckdb.connect(str(path), read_only=True).execute(
        "select table_name, column_name, data_type from information_schema.columns "
        "where table_schema = 'marts' order by table_name, ordinal_position"
    )
    columns: dict[str, list[tuple[str, str]]] = {}
    for table, column, data_type in rows.fetchall():
        columns.setdefault(table, []).append((column, data_type))
    return columns


def test_a_pipeline_failure_on_spark_names_its_rows_and_the_release_stays(
    spark_prefix: str, project_copy: Callable[[], Project]
) -> None:
    """A release served (built quickly on the compiled SQL), then the amount on line 20 printed
    as "48O" and built on Spark: its amount_parses test fails there, the failing row is read
    back from the cluster and named by file, line and rule, nothing downstream is built (dbt
    skips it, so this build is a short one), and the release is still the one served.

    The failed gate itself is not built again on Spark: once the marts are in the build's
    DuckDB file, the gate is the same code as on DuckDB (test_corrupted_copies), and the rules'
    failing cases run on Spark in the unit tests of the build above and in bench/run --engine
    spark, whose injected faults are found exactly."""
    project = project_copy()
    assert build_quietly(project).exit_code == ExitCode.PUBLISHED
    before = current(project.served_warehouse)
    edit_cells(project, lambda rows: set_amount(rows, 20, "48O"))
    outcome = build(project, report=lambda line: None, target="spark")
    assert outcome.exit_code == ExitCode.PIPELINE_FAILED, "\n".join(outcome.lines)
    assert outcome.lines[0].startswith("Pipeline failure: 1 dbt node(s) failed; ")
    report = "\n".join(outcome.lines)
    assert "[amount_parses]" in report
    assert "amount_text='48O'" in report
    assert "source_line=20" in report
    assert "table_cells.csv" in report
    assert "Parquet from Spark" not in outcome.seconds  # stopped before the marts
    after = current(project.served_warehouse)
    assert before is not None and after is not None and after.build_id == before.build_id


def test_start_spark_waits_for_a_daemon_that_has_not_written_its_pid_file(
    spark_prefix: str, tmp_path: Path
) -> None:
    """A daemon writes its pid file from the process setsid forks, so the file can appear after
    start-spark first looks for it. Found in `make test`: on a stopped cluster, start-spark
    read the missing file as a server that had died and exited 1 while the cluster came up. Here
    setsid starts nothing at all, so no pid file ever appears: start-spark must wait for the
    server and then say it never answered, not that it stopped. (No JVM starts; the pyspark of
    the running cluster is borrowed.)"""
    spark_dir = tmp_path / "spark"
    spark_dir.mkdir()
    (spark_dir / "venv").symlink_to(cluster_dir() / "venv")
    shims = tmp_path / "bin"
    shims.mkdir()
    (shims / "setsid").write_text("#!/bin/sh\nexit 0\n", encoding="utf-8")
    (shims / "setsid").chmod(0o755)
    environment = {
        **os.environ,
        "PATH": f"{shims}:{os.environ['PATH']}",
        "SIBUDGET_SPARK_DIR": str(spark_dir),
        "SIBUDGET_SPARK_THRIFT_PORT": "9",  # discard: nothing answers there
        "SIBUDGET_SPARK_WAIT_SECONDS": "2",
    }
    started = subprocess.run(
        [str(REPO / "scripts" / "start-spark")],
        capture_output=True,
        text=True,
        timeout=120,
        env=environment,
    )
    assert started.returncode == 1
    assert started.stderr.strip().splitlines() == [
        f"start-spark: no answer on 127.0.0.1:9 after 2 s ({spark_dir}/logs)"
    ]


def test_a_missing_cluster_is_an_environment_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """No Thrift server on the port: exit 3, one line that says what to run, nothing built."""
    project = copy_project(tmp_path / "project")
    monkeypatch.setenv("SIBUDGET_SPARK_THRIFT_PORT", "9")  # discard: nothing answers there
    exit_code = main(["--project-dir", str(project.root), "build", "--target", "spark"])
    assert exit_code == ExitCode.ENVIRONMENT_FAILED
    error = capsys.readouterr().err
    assert "sibudget build: environment failure: " in error
    assert "the Spark Thrift server at 127.0.0.1:9 does not answer" in error
    assert "run scripts/start-spark" in error
    assert not project.served_warehouse.exists()


HAZARDS = {
    "engine_regex_literal_keeps_escapes": (
        "macros/regex_literal.sql",
        """'{{ pattern | replace("\\\\", "\\\\\\\\") | replace("'", "''") }}'""",
        """'{{ pattern | replace("'", "''") }}'""",
    ),
    "engine_text_agg_keeps_order": (
        "macros/text_agg.sql",
        "case when count({{ expression }}) > 0 then {{ joined }} end",
        "{{ dbt.listagg(expression, separator, 'order by ' ~ (order_by or [expression]) "
        "| join(', ')) }}",
    ),
}
"""Each engine test, the macro it guards, and the Spark form of that macro undone: a plain
literal (Spark then reads '\\s' as 's'), and dbt's own listagg (which drops the order there)."""


@pytest.mark.parametrize("test_name", sorted(HAZARDS))
def test_each_engine_hazard_fails_its_dbt_test_when_it_returns(
    spark_prefix: str, tmp_path: Path, test_name: str
) -> None:
    """The macro's Spark form undone, the test fails on Spark; as the project has it, the test
    passes there in the full build (test_the_real_disclosure_is_built_…, which reads dbt's
    run results), so this costs one dbt run on the cluster, not two."""
    macro, spark_form, hazard = HAZARDS[test_name]
    project = copy_project(tmp_path / "project")
    path = project.root / macro
    text = path.read_text(encoding="utf-8")
    assert spark_form in text
    path.write_text(text.replace(spark_form, hazard), encoding="utf-8")
    run = run_dbt(
        ["--quiet", "build", "--select", test_name],
        project=project,
        warehouse=tmp_path / "unused.duckdb",
        target="spark",
    )
    assert run.exception is None
    assert run.node_count == 2  # the test and the on-run-end hook
    assert [failure.name for failure in run.failures] == [test_name]


def test_the_disclosure_files_are_spark_tables_over_the_folder_globs(
    spark_prefix: str, tmp_path: Path
) -> None:
    """Adding a document adds a folder: the tables read every folder's files (each build
    registers them and then opens sessions of its own), each row with its file; a malformed row
    stops the read (FAILFAST) instead of becoming nulls."""
    data = tmp_path / "disclosures"
    shutil.copytree(REPO / "data" / "disclosures", data)
    tables = register_disclosures(data)
    names = ("documents", "table_cells", "narrative_figures", "performance_targets")
    assert tables == [f"{spark_prefix}disclosures.{name}" for name in names]
    with cursor() as spark:
        spark.execute(f"select document_id, source_file from {tables[0]}")
        (document_id, source_file), *more = spark.fetchall()
    assert more == []
    assert source_file == str(data / document_id / "document.csv")
    second = data / "652800-benji-2021-budget"
    shutil.copytree(data / document_id, second)
    rows = (second / "document.csv").read_text(encoding="utf-8")
    (second / "document.csv").write_text(rows.replace(document_id, second.name), "utf-8")
    register_disclosures(data)  # a session opened before keeps the file list it saw
    with cursor() as spark:
        spark.execute(f"select document_id from {tables[0]} order by document_id")
        assert spark.fetchall() == [(document_id,), (second.name,)]
    with (second / "table_cells.csv").open("a", encoding="utf-8") as handle:
        handle.write('"unclosed quote\n')
    register_disclosures(data)
    with cursor() as spark, pytest.raises(Exception, match=r"(?i)malformed|FAILFAST"):
        spark.execute(f"select count(*) from {tables[1]}")
        spark.fetchall()
