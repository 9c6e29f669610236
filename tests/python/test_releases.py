"""Write-audit-publish: releases (DuckDB, Parquet, manifest) published by swapping links, rolled
back, pruned; and readers that query the marts while refreshes publish, never blocked, never
failing, never reading two builds at once."""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import shutil
import time
from pathlib import Path
from typing import Any

import duckdb
import pytest

from conftest import BuiltWarehouse
from sibudget.cli import main
from sibudget.release import ReleaseError, all_releases, current, publish, rollback
from sibudget.warehouse import query
from support import REPO

ARTIFACTS = REPO / "build" / "test-artifacts"
ONE_BUILD = """
    select build_id from marts.fct_fund_years
    union select build_id from marts.fund_surplus
    union select build_id from marts.fct_quality_findings
    union select build_id from marts.fct_fund_lines
    union select build_id from marts.dim_funds
"""


def rows_by_schema(warehouse: Path) -> dict[str, int]:
    """Every schema of the warehouse with the rows of its tables, counted."""
    connection = duckdb.connect(str(warehouse), read_only=True)
    try:
        tables = connection.execute(
            "select schema_name, table_name from duckdb_tables() "
            "where database_name = current_database()"
        ).fetchall()
        rows = dict.fromkeys(
            (row[0] for row in connection.execute("select schema_name from duckdb_schemas() "
             "where database_name = current_database() and schema_name <> 'main'").fetchall()),
            0,
        )  # fmt: skip
        for schema, table in tables:
            counted = connection.execute(f'select count(*) from "{schema}"."{table}"').fetchall()
            rows[schema] += counted[0][0]
        return rows
    finally:
        connection.close()


def assert_the_working_tables_are_not_served(warehouse: Path) -> None:
    """The rows of the marts, the reference data and the failing rows of the data tests
    (release.SERVED_SCHEMAS); staging and intermediate as definitions, without rows."""
    rows = rows_by_schema(warehouse)
    assert rows.keys() == {"intermediate", "marts", "reference", "staging", "test_failures"}
    assert rows["staging"] == rows["intermediate"] == 0, rows
    assert rows["marts"] > 0 and rows["reference"] > 0


def test_a_build_is_published_as_a_release(built: BuiltWarehouse) -> None:
    served = built.path
    assert served.is_symlink()
    release = current(served)
    assert release is not None
    assert release.build_id == built.outcome.build_id
    assert (served.parent / "current").resolve() == release.folder.resolve()
    assert query(served, ONE_BUILD) == [{"build_id": release.build_id}]
    # what BI reads, the vocabularies and the failing rows of the data tests; the build's
    # working tables (staging, intermediate) are not served
    assert_the_working_tables_are_not_served(served)
    manifest = release.manifest
    assert manifest["build_id"] == release.build_id
    assert manifest["documents"] == [
        {
            "document_id": "652800-benji-2020-budget",
            "source_file_name": "652800-benji-2020-budget.txt",
            "source_sha256": "23ad2fc201c2952a998f6b061286f8411716ab802f48f0a5191bfc82ede1cfca",
        }
    ]
    assert manifest["row_counts"]["fct_fund_lines"] == 66  # 64 in tables, 2 stated in prose
    for name, count in manifest["row_counts"].items():
        parquet = release.folder / "parquet" / name / "**" / "*.parquet"
        rows = duckdb.connect().execute(f"select count(*) from '{parquet}'").fetchall()
        assert rows == [(count,)], name
    files = manifest["files"]
    # a mart with places in one file per group of regions (652800 and its counties: 6528xx),
    # with the mart's columns and no others; a mart without rows is one file without rows
    fund_lines = files["parquet/fct_fund_lines/6528xx.parquet"]
    assert fund_lines | {"sha256": ""} == {
        "sha256": "",
        "build_id": release.build_id,
        "rows": 66,
        "regions": "6528xx",
    }
    in_file = release.folder / "parquet" / "fct_fund_lines" / "6528xx.parquet"
    assert [column[0] for column in duckdb.connect().sql(f"from '{in_file}'").description] == [
        row["column_name"]
        for row in query(
            served,
            "select column_name from information_schema.columns "
            "where table_schema = 'marts' and table_name = 'fct_fund_lines' "
            "order by ordinal_position",
        )
    ]
    assert files["parquet/dim_funds/data_0.parquet"]["rows"] == 10
    assert files["parquet/fct_printed_checks/data_0.parquet"]["rows"] == 0
    on_disk = {
        path.relative_to(release.folder).as_posix()
        for path in release.folder.rglob("*")
        if path.is_file() and path.name != "manifest.json"
    }
    assert set(files) == on_disk
    for relative, entry in files.items():
        digest = hashlib.sha256((release.folder / relative).read_bytes()).hexdigest()
        assert digest == entry["sha256"], relative
        if relative.startswith("parquet/"):
            assert entry["build_id"] == release.build_id
    assert files["sibudget.duckdb"].keys() == {"sha256"}


def refreshed_copy(source: Path, folder: Path, build_id: str) -> Path:
    """A changed warehouse: a copy of a gated one whose marts carry another build id."""
    folder.mkdir(parents=True)
    copy = folder / "sibudget.duckdb"
    shutil.copy2(source, copy)
    connection = duckdb.connect(str(copy))
    try:
        tables = connection.execute(
            "select table_name from information_schema.tables "
            "where table_schema = 'marts' and table_type = 'BASE TABLE'"
        ).fetchall()
        for (table,) in tables:
            connection.execute(f"update marts.{table} set build_id = ?", [build_id]).fetchall()
    finally:
        connection.close()
    return copy


def read_in_a_loop(served: str, stop: Any, results: Any) -> None:
    reads = errors = mixed = 0
    slowest = 0.0
    seen: set[str] = set()
    messages: list[str] = []
    while not stop.is_set():
        started = time.monotonic()
        try:
            connection = duckdb.connect(served, read_only=True)
            try:
                ids = {row[0] for row in connection.execute(ONE_BUILD).fetchall()}
            finally:
                connection.close()
            reads += 1
            mixed += len(ids) != 1
            seen |= ids
        except Exception as error:  # every error counts, whatever its kind
            errors += 1
            messages.append(str(error)[:200])
        slowest = max(slowest, time.monotonic() - started)
    results.put(
        {
            "reads": reads,
            "errors": errors,
            "mixed": mixed,
            "slowest_read_s": round(slowest, 3),
            "builds_seen": len(seen),
            "messages": messages[:3],
        }
    )


def test_readers_during_refreshes(built: BuiltWarehouse, tmp_path: Path) -> None:
    source = built.path.resolve()
    served = tmp_path / "warehouse" / "sibudget.duckdb"
    publish(refreshed_copy(source, tmp_path / "build-00", "2030-00"), served, "2030-00")
    context = multiprocessing.get_context("spawn")
    stop, results = context.Event(), context.Queue()
    readers = [
        context.Process(target=read_in_a_loop, args=(str(served), stop, results)) for _ in range(2)
    ]  # each reads without a pause: two of them keep both of the machine's cores busy
    for reader in readers:
        reader.start()
    time.sleep(1.0)
    started = time.monotonic()
    refreshes = 10  # twice the releases kept, so that pruning happens
    for number in range(1, refreshes + 1):
        build_id = f"2030-{number:02d}"
        publish(
            refreshed_copy(source, tmp_path / f"build-{number:02d}", build_id), served, build_id
        )
        time.sleep(0.1)
    publishing_s = time.monotonic() - started
    time.sleep(0.5)
    stop.set()
    figures = [results.get(timeout=60) for _ in readers]
    for reader in readers:
        reader.join(timeout=60)
    summary = {
        "readers": len(readers),
        "refreshes": refreshes,
        "publishing_s": round(publishing_s, 2),
        "reads": sum(f["reads"] for f in figures),
        "errors": sum(f["errors"] for f in figures),
        "mixed_reads": sum(f["mixed"] for f in figures),
        "slowest_read_s": max(f["slowest_read_s"] for f in figures),
        "per_reader": figures,
    }
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "concurrent-readers.json").write_text(json.dumps(summary, indent=2))
    assert summary["errors"] == 0, summary
    assert summary["mixed_reads"] == 0, summary
    assert all(f["reads"] > 0 for f in figures), summary
    assert all(f["builds_seen"] >= 2 for f in figures), summary  # they read during refreshes
    assert summary["slowest_read_s"] < 5, summary  # nobody was blocked by a publish
    assert current(served) is not None and current(served).build_id == "2030-10"  # type: ignore[union-attr]
    assert [release.build_id for release in all_releases(served)] == [
        "2030-06",
        "2030-07",
        "2030-08",
        "2030-09",
        "2030-10",
    ]


def test_rollback_serves_the_previous_release(
    built: BuiltWarehouse, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = built.path.resolve()
    served = tmp_path / "warehouse" / "sibudget.duckdb"
    with pytest.raises(LookupError):
        rollback(served)
    for build_id in ("2031-01", "2031-02"):
        publish(refreshed_copy(source, tmp_path / build_id, build_id), served, build_id)
    assert query(served, ONE_BUILD) == [{"build_id": "2031-02"}]
    assert main(["publish", "--warehouse", str(served), "--rollback"]) == 0
    assert "Serving 2031-01 again" in capsys.readouterr().out
    assert query(served, ONE_BUILD) == [{"build_id": "2031-01"}]
    assert (served.parent / "current").resolve().name == "2031-01"
    assert main(["publish", "--warehouse", str(served)]) == 0
    listing = capsys.readouterr().out.splitlines()
    assert listing[0].startswith("* 2031-01") and listing[1].startswith("  2031-02")


def _build_left_in_its_log(path: Path, rows: int) -> None:
    """A build whose marts are still in DuckDB's write-ahead log (`path`.wal), as a build on a
    nearly full disk leaves them: no checkpoint on shutdown."""
    connection = duckdb.connect(str(path))
    try:
        connection.execute("set wal_autocheckpoint = '1TB'")
        connection.execute("pragma disable_checkpoint_on_shutdown")
        connection.execute("create schema marts")
        connection.execute(
            "create table marts.dim_documents as select '652800-benji-2020-budget' as "
            "document_id, 'f.txt' as source_file_name, 'x' as source_sha256"
        )
        connection.execute(
            f"create table marts.fct_fund_years as select range as n from range({rows})"
        )
    finally:
        connection.close()


def test_a_build_left_in_the_write_ahead_log_is_published_whole(tmp_path: Path) -> None:
    built = tmp_path / "staging" / "sibudget.duckdb"
    built.parent.mkdir()
    _build_left_in_its_log(built, 1000)
    assert built.with_name("sibudget.duckdb.wal").stat().st_size > 0
    served = tmp_path / "warehouse" / "sibudget.duckdb"
    release = publish(built, served, "20260101T000000000000Z")
    assert release.manifest["row_counts"] == {"dim_documents": 1, "fct_fund_years": 1000}
    assert query(served, "select count(*) as n from marts.fct_fund_years") == [{"n": 1000}]
    # the release is one checkpointed file, in the storage version DuckDB 1.x reads; the build's
    # file and its log are gone
    assert not release.warehouse.with_name("sibudget.duckdb.wal").exists()
    assert not built.exists() and not built.with_name("sibudget.duckdb.wal").exists()
    version = query(
        release.warehouse,
        "select tags['storage_version'] as version from duckdb_databases() "
        "where database_name = 'sibudget'",
    )
    assert version == [{"version": "v1.0.0+"}]


def test_a_build_without_marts_is_not_published(tmp_path: Path) -> None:
    built = tmp_path / "staging" / "sibudget.duckdb"
    built.parent.mkdir()
    duckdb.connect(str(built)).close()
    served = tmp_path / "warehouse" / "sibudget.duckdb"
    with pytest.raises(ReleaseError, match="does not hold the build's marts"):
        publish(built, served, "20260101T000000000000Z")
    assert not served.exists() and not served.is_symlink()
    assert list((tmp_path / "warehouse" / "releases").iterdir()) == []
