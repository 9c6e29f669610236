"""`sibudget refresh`: it rebuilds only the places of the named disclosures and publishes a new
release with one build id; a refresh that fails its gate, names an unknown document or follows
a change of the models leaves the served release as it was. It runs the last build's compiled
SQL without dbt, and through dbt where there is none, alike. (bench/run's small scale checks that
a build plus the refresh of a held-out disclosure equals the baseline over every disclosure.)"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest

from conftest import BuiltWarehouse
from sibudget.build import ExitCode
from sibudget.cli import main
from sibudget.compiled import STAMP_FILE
from sibudget.ingest import Reference, parse_disclosure, write_disclosure
from sibudget.project import Project
from sibudget.refresh import refresh
from sibudget.release import current
from sibudget.warehouse import query
from support import (
    DOCUMENT_ID,
    REPO,
    SOURCE_TEXT,
    build_quietly,
    edit_cells,
    read_csv,
    set_amount,
    write_csv,
)
from test_releases import assert_the_working_tables_are_not_served

ENTERPRISE_INCOME_LINE = 14


@pytest.fixture
def released(built: BuiltWarehouse, tmp_path: Path) -> Project:
    """A copy of the built project with its releases (the links stay relative)."""
    root = tmp_path / "project"
    shutil.copytree(built.project.root, root, symlinks=True)
    return Project(root)


def refreshed(project: Project, *document_ids: str) -> tuple[ExitCode, list[str]]:
    outcome = refresh(project, document_ids, report=lambda line: None)
    return outcome.exit_code, outcome.lines


def served_build(project: Project) -> str:
    release = current(project.served_warehouse)
    assert release is not None
    return release.build_id


COLUMNS = (
    "select table_name, column_name, ordinal_position, data_type, is_nullable "
    "from information_schema.columns where table_schema = 'marts' order by all"
)


def test_a_changed_document_is_republished_with_one_build_id(released: Project) -> None:
    before = served_build(released)
    shape = query(released.served_warehouse, COLUMNS)
    path = released.data_dir / DOCUMENT_ID / "document.csv"
    rows, columns = read_csv(path)
    rows[0]["title"] = rows[0]["title"] + "（修订）"
    write_csv(path, rows, columns)
    exit_code, lines = refreshed(released, DOCUMENT_ID)
    assert exit_code == ExitCode.PUBLISHED, lines
    # the build's compiled SQL, run without dbt; the suite of Great Expectations without GX
    (took,) = [line for line in lines if line.startswith("Took ")]
    assert "compiled SQL" in took and "dbt build" not in took
    assert "expectations" in took and "Great Expectations" not in took
    assert (
        "Expectations: 32 checks of the Great Expectations suite (evaluated without GX) passed."
        in lines
    )
    after = current(released.served_warehouse)
    assert after is not None and after.build_id != before
    assert after.manifest["refreshed_from"] == before
    assert any(line.startswith("Refreshed 1 named document(s) (0 removed): rebuilt 1 document(s)")
               for line in lines)  # fmt: skip
    assert query(released.served_warehouse, "select title from marts.dim_documents") == [
        {"title": rows[0]["title"]}
    ]
    build_ids = query(
        released.served_warehouse,
        "select distinct build_id from marts.fct_fund_lines union "
        "select distinct build_id from marts.fct_quality_findings union "
        "select distinct build_id from marts.dim_funds union "
        "select distinct build_id from marts.fund_surplus",
    )
    assert build_ids == [{"build_id": after.build_id}]
    assert query(released.served_warehouse, COLUMNS) == shape  # the marts' shape is kept
    assert_the_working_tables_are_not_served(released.served_warehouse)
    # 64 table figures and the 2 individual-account balances only the narrative states
    assert query(released.served_warehouse, "select count(*) as n from marts.fct_fund_lines") == [
        {"n": 66}
    ]


def test_without_the_compiled_project_the_refresh_runs_dbt_alike(
    released: Project, tmp_path: Path
) -> None:
    """Where the last build's compiled SQL is not this project's (here: its stamp is gone), the
    refresh runs dbt; both ways publish the same marts, row for row. The copy that runs dbt is in
    a folder whose name has an apostrophe: dbt writes the data folder into SQL literals."""
    edit_cells(released, lambda rows: set_amount(rows, 20, "48"))
    through_dbt = Project(tmp_path / "o'brien" / "through-dbt")
    shutil.copytree(released.root, through_dbt.root, symlinks=True)
    (through_dbt.target_dir / STAMP_FILE).unlink()
    ways = {}
    for project in (released, through_dbt):
        exit_code, lines = refreshed(project, DOCUMENT_ID)
        assert exit_code == ExitCode.PUBLISHED, lines
        (took,) = [line for line in lines if line.startswith("Took ")]
        ways[project.root.name] = "compiled SQL" if "compiled SQL" in took else "dbt build"
    assert ways == {"project": "compiled SQL", "through-dbt": "dbt build"}
    compare = subprocess.run(
        [sys.executable, str(REPO / "bench" / "baseline.py"), "compare",
         str(released.served_warehouse), str(through_dbt.served_warehouse)],
        capture_output=True, text=True,
    )  # fmt: skip
    assert (compare.returncode, compare.stdout.strip()) == (0, "same marts"), compare.stdout


def test_a_malformed_amount_stops_the_refresh_naming_file_line_and_rule(
    released: Project,
) -> None:
    before = served_build(released)
    edit_cells(released, lambda rows: set_amount(rows, 20, "48O"))
    exit_code, lines = refreshed(released, DOCUMENT_ID)
    assert exit_code == ExitCode.PIPELINE_FAILED
    report = "\n".join(lines)
    assert lines[0].startswith("Pipeline failure: ") and lines[0].endswith("is unchanged.")
    assert "[amount_parses]" in report
    assert "amount_text='48O'" in report and "source_line=20" in report
    # the file in the project's data folder, not the refresh's link to it
    real_file = released.data_dir.resolve() / DOCUMENT_ID / "table_cells.csv"
    assert f"source_file='{real_file}'" in report
    assert served_build(released) == before


def test_a_refresh_that_fails_its_gate_leaves_the_release(released: Project) -> None:
    before = served_build(released)
    edit_cells(released, lambda rows: set_amount(rows, ENTERPRISE_INCOME_LINE, "280,745"))
    exit_code, lines = refreshed(released, DOCUMENT_ID)
    assert exit_code == ExitCode.GATE_FAILED
    assert lines[0].startswith("Gate failed: 3 finding(s) of severity error")
    assert any(line.startswith("  funds_sum_to_total (error, failed)") for line in lines)
    assert served_build(released) == before
    assert copies_of_the_release(released) == []


def test_a_project_in_a_folder_with_an_apostrophe_is_refreshed(
    built: BuiltWarehouse, tmp_path: Path
) -> None:
    """A user's folder may be /home/o'brien: the refresh compares the seeds with the release by
    reading them in SQL, and the compiled SQL reads the disclosure files, each path a literal
    there. (The same through dbt: test_without_the_compiled_project_the_refresh_runs_dbt_alike.)"""
    project = Project(tmp_path / "o'brien" / "project")
    shutil.copytree(built.project.root, project.root, symlinks=True)
    before = served_build(project)
    exit_code, lines = refreshed(project, DOCUMENT_ID)
    assert exit_code == ExitCode.PUBLISHED, lines
    assert served_build(project) != before


def test_an_unknown_document_is_named_and_nothing_changes(released: Project) -> None:
    before = served_build(released)
    exit_code, lines = refreshed(released, "650000-benji-2020-budget")
    assert exit_code == ExitCode.PIPELINE_FAILED
    assert "650000-benji-2020-budget: no such document folder" in "\n".join(lines)
    assert served_build(released) == before


def test_a_changed_model_refuses_the_refresh(released: Project) -> None:
    before = served_build(released)
    model = released.root / "models" / "marts" / "dim_phases.sql"
    model.write_text(model.read_text(encoding="utf-8") + "\n-- changed\n", encoding="utf-8")
    exit_code, lines = refreshed(released, DOCUMENT_ID)
    assert exit_code == ExitCode.PIPELINE_FAILED
    assert "changed since release" in lines[0] and "Run `sibudget build`" in lines[0]
    assert served_build(released) == before


def test_a_failed_merge_leaves_the_release(
    released: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = served_build(released)

    def failing_merge(*arguments: object) -> None:
        raise duckdb.OutOfMemoryException("Out of Memory Error: as at national scale")

    monkeypatch.setattr("sibudget.refresh.merge", failing_merge)
    exit_code, lines = refreshed(released, DOCUMENT_ID)
    assert exit_code == ExitCode.PIPELINE_FAILED
    assert lines[-1].startswith("Pipeline failure: merging the refreshed places into a copy")
    assert "Out of Memory Error" in lines[-1] and lines[-1].endswith("is unchanged.")
    assert served_build(released) == before
    assert copies_of_the_release(released) == []


def copies_of_the_release(project: Project) -> list[Path]:
    """DuckDB files a refresh left under build/ that are not its partial build: the copy of the
    release it merges into is copied while the places are built and removed when it fails (the
    size of the served file: 1.5 GB at national scale)."""
    return [
        path
        for path in project.build_dir.rglob("*.duckdb*")
        if path.parent.name != "partial" and "lint" not in path.parts
    ]


def test_a_newly_acknowledged_error_is_published_flagged(released: Project) -> None:
    """The known-errors seed may change between a release and a refresh: the documents it names
    are rebuilt, and nothing else in the project changed."""
    edit_cells(released, lambda rows: set_amount(rows, ENTERPRISE_INCOME_LINE, "280,745"))
    seed = released.seeds_dir / "known_publisher_errors.csv"
    rows, columns = read_csv(seed)
    for rule_id, fund_code in (
        ("funds_sum_to_total", "total"),
        ("narrative_matches_table", "pension_enterprise"),
        ("surplus_identity", "pension_enterprise"),
    ):
        rows.append(
            {"document_id": DOCUMENT_ID, "rule_id": rule_id, "fund_code": fund_code,
             "reason": "test: the income of line 14 misprinted"}
        )  # fmt: skip
    write_csv(seed, rows, columns)
    exit_code, lines = refreshed(released, DOCUMENT_ID)
    assert exit_code == ExitCode.PUBLISHED, lines
    assert query(
        released.served_warehouse,
        "select rule_id, is_acknowledged from marts.fct_quality_findings "
        "where status = 'failed' and severity = 'error' order by rule_id",
    ) == [
        {"rule_id": "funds_sum_to_total", "is_acknowledged": True},
        {"rule_id": "narrative_matches_table", "is_acknowledged": True},
        {"rule_id": "surplus_identity", "is_acknowledged": True},
    ]


@pytest.mark.parametrize(
    "name", ["../sources", "", ".", "..", "../../../outside/652800-benji-2020-budget", "a/b"]
)
def test_a_name_that_is_not_a_document_id_is_refused(released: Project, name: str) -> None:
    """A refresh names document folders directly under the data folder: a path, '.', '..' or
    nothing is bad input (exit 2) named in one line, not a traceback, and nothing is published
    (no release, no link outside the project)."""
    outside = released.root.parent / "outside" / DOCUMENT_ID
    shutil.copytree(released.data_dir / DOCUMENT_ID, outside)
    before = served_build(released)
    releases_before = sorted(
        path.name for path in released.served_warehouse.parent.glob("releases/*")
    )
    exit_code, lines = refreshed(released, name)
    assert exit_code == ExitCode.PIPELINE_FAILED
    assert f"{name!r} is not a document id" in "\n".join(lines)
    assert served_build(released) == before
    assert (
        sorted(path.name for path in released.served_warehouse.parent.glob("releases/*"))
        == releases_before
    )


def test_a_damaged_region_seed_stops_the_refresh_naming_its_line(released: Project) -> None:
    """seeds/regions.csv is read row by row by a refresh (a new region touches only its
    documents): a byte order mark in it is named by file and line, not a traceback."""
    before = served_build(released)
    path = released.seeds_dir / "regions.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    exit_code, lines = refreshed(released, DOCUMENT_ID)
    assert exit_code == ExitCode.PIPELINE_FAILED
    assert lines == [
        "Pipeline failure: 1 problem(s) in the seeds; nothing built.",
        f"  {path}:1: [file_format] UTF-8 byte order mark (BOM) found",
    ]
    assert served_build(released) == before


SECOND_REGION = "652801"  # a county of 652800: the same group of regions, 6528xx
OTHER_REGION = "652701"  # a county of 652700: another group, 6527xx


def test_a_refresh_rewrites_only_its_group_s_parquet_and_the_rest_keeps_its_build(
    project_copy: Callable[[], Project],
) -> None:
    """Three places: the real document as 652800, as its county 652801 and as 652701, a county
    of another prefecture. A refresh of 652800 writes the Parquet files of its group of regions
    (6528xx: the rows of 652800 and 652801) and of the marts without places, and links the
    other group's files from the previous release (the same file, its checksum and the build id
    that wrote it, in the manifest); every row keeps the build id that wrote it, and every
    mart's Parquet files give the DuckDB mart."""
    project = project_copy()
    reference = Reference.from_seeds(project.seeds_dir)
    for region_code in (SECOND_REGION, OTHER_REGION):
        write_disclosure(
            parse_disclosure(
                SOURCE_TEXT, region_code=region_code, scope="benji", reference=reference
            ),
            project.data_dir,
        )
    first = build_quietly(project)
    assert first.exit_code == ExitCode.PUBLISHED, first.lines
    before = current(project.served_warehouse)
    assert before is not None
    path = project.data_dir / DOCUMENT_ID / "document.csv"
    rows, columns = read_csv(path)
    rows[0]["title"] += "（修订）"
    write_csv(path, rows, columns)
    exit_code, lines = refreshed(project, DOCUMENT_ID)
    assert exit_code == ExitCode.PUBLISHED, lines
    after = current(project.served_warehouse)
    assert after is not None
    assert after.manifest["places_refreshed"] == ["652800 benji"]
    files = after.manifest["files"]
    previous = before.manifest["files"]
    kept = {p: e for p, e in files.items() if e.get("regions") == "6527xx"}
    written = {p: e for p, e in files.items() if p not in kept and p.startswith("parquet/")}
    assert len(kept) == 8  # the marts with places that have rows
    for relative, entry in kept.items():
        assert entry == previous[relative]
        assert entry["build_id"] == before.build_id
        assert (after.folder / relative).stat().st_ino == (before.folder / relative).stat().st_ino
    assert {entry["build_id"] for entry in written.values()} == {after.build_id}
    assert written["parquet/fct_fund_lines/6528xx.parquet"]["rows"] == 2 * 66
    assert {entry.get("regions") for entry in written.values()} == {"6528xx", None}
    for relative, entry in files.items():
        digest = hashlib.sha256((after.folder / relative).read_bytes()).hexdigest()
        assert digest == entry["sha256"], relative
    # the rows keep the build id that wrote them, in the group's file rewritten too
    by_build = "select region_code, build_id, count(*) as rows from {} group by all order by all"
    assert query(project.served_warehouse, by_build.format("marts.fct_fund_lines")) == [
        {"region_code": OTHER_REGION, "build_id": before.build_id, "rows": 66},
        {"region_code": "652800", "build_id": after.build_id, "rows": 66},
        {"region_code": SECOND_REGION, "build_id": before.build_id, "rows": 66},
    ]
    in_parquet = after.folder / "parquet" / "fct_fund_lines" / "6528xx.parquet"
    assert query(project.served_warehouse, by_build.format(f"'{in_parquet}'")) == [
        {"region_code": "652800", "build_id": after.build_id, "rows": 66},
        {"region_code": SECOND_REGION, "build_id": before.build_id, "rows": 66},
    ]
    connection = duckdb.connect(str(project.served_warehouse), read_only=True)
    try:
        for mart in after.manifest["row_counts"]:
            glob = after.folder / "parquet" / mart / "**" / "*.parquet"
            for first_set, second_set in (
                (f"marts.{mart}", f"'{glob}'"),
                (f"'{glob}'", f"marts.{mart}"),
            ):
                differing = connection.execute(
                    f"select count(*) from (select * from {first_set} except all "
                    f"select * from {second_set})"
                ).fetchall()
                assert differing == [(0,)], mart
    finally:
        connection.close()


def test_a_release_missing_a_file_it_lists_refuses_the_refresh(
    released: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    """A refresh links the places it does not rebuild from the served release: a file that
    release lists but no longer has (deleted by hand) is named, with the way out, and nothing is
    published."""
    before = current(released.served_warehouse)
    assert before is not None
    assert "parquet/dim_documents/6528xx.parquet" in before.manifest["files"]
    # a place in another group of regions, so that the refresh of the first links its files
    reference = Reference.from_seeds(released.seeds_dir)
    write_disclosure(
        parse_disclosure(SOURCE_TEXT, region_code=OTHER_REGION, scope="benji", reference=reference),
        released.data_dir,
    )
    second_id = f"{OTHER_REGION}-benji-2020-budget"
    assert refreshed(released, second_id)[0] == ExitCode.PUBLISHED
    served = current(released.served_warehouse)
    assert served is not None
    listed = "parquet/dim_documents/6527xx.parquet"
    (served.folder / listed).unlink()
    releases_before = sorted(path.name for path in served.folder.parent.iterdir())
    exit_code = main(["--project-dir", str(released.root), "refresh", DOCUMENT_ID])
    assert exit_code == ExitCode.ENVIRONMENT_FAILED
    error = capsys.readouterr().err
    assert (
        f"release {served.build_id} lacks a file its manifest lists: {listed}; "
        "run `sibudget build`" in error
    ), error
    assert current(released.served_warehouse) == served
    assert sorted(path.name for path in served.folder.parent.iterdir()) == releases_before


def test_a_release_from_before_partitioned_exports_is_refreshed_whole(released: Project) -> None:
    """A release written before the partitioned export (one Parquet file per mart, `checksums`
    in its manifest and no `files`) has nothing to link: its refresh exports every mart anew."""
    before = current(released.served_warehouse)
    assert before is not None
    manifest_path = before.folder / "manifest.json"
    manifest = json.loads(manifest_path.read_text("utf-8"))
    manifest["checksums"] = {path: entry["sha256"] for path, entry in manifest.pop("files").items()}
    manifest_path.write_text(json.dumps(manifest), "utf-8")
    exit_code, lines = refreshed(released, DOCUMENT_ID)
    assert exit_code == ExitCode.PUBLISHED, lines
    after = current(released.served_warehouse)
    assert after is not None
    files = after.manifest["files"]
    parquet = [path for path in files if path.startswith("parquet/")]
    assert len(parquet) == len(after.manifest["row_counts"])  # one place: one file a mart
    assert all(files[path]["build_id"] == after.build_id for path in parquet)
    assert not any((after.folder / path).stat().st_nlink > 1 for path in parquet)


def test_a_release_that_served_the_working_tables_is_refreshed_without_them(
    released: Project,
) -> None:
    """Releases written before SERVED_SCHEMAS held the rows of the build's staging and
    intermediate tables. A refresh merges only the served schemas, so it empties the others:
    kept, their rows would be the refreshed place's old ones."""
    before = current(released.served_warehouse)
    assert before is not None
    connection = duckdb.connect(str(before.warehouse))
    try:
        connection.execute(
            "insert into staging.stg_disclosures__documents by name "
            "select document_id from marts.dim_documents"
        )
    finally:
        connection.close()
    exit_code, lines = refreshed(released, DOCUMENT_ID)
    assert exit_code == ExitCode.PUBLISHED, lines
    assert_the_working_tables_are_not_served(released.served_warehouse)


def test_a_release_with_a_folder_a_place_is_refreshed_whole(released: Project) -> None:
    """A release written when marts with places were exported in one folder a place
    (`region_code=…/scope=…/data_0.parquet`, each entry with its place) has nothing a refresh
    links: every mart is exported anew, in files by group of regions."""
    before = current(released.served_warehouse)
    assert before is not None
    manifest_path = before.folder / "manifest.json"
    manifest = json.loads(manifest_path.read_text("utf-8"))
    for entry in manifest["files"].values():
        if entry.pop("regions", None):
            entry |= {"region_code": "652800", "scope": "benji"}
    manifest_path.write_text(json.dumps(manifest), "utf-8")
    exit_code, lines = refreshed(released, DOCUMENT_ID)
    assert exit_code == ExitCode.PUBLISHED, lines
    after = current(released.served_warehouse)
    assert after is not None
    files = after.manifest["files"]
    assert files["parquet/fct_fund_lines/6528xx.parquet"]["build_id"] == after.build_id
    parquet = [path for path in files if path.startswith("parquet/")]
    assert not any((after.folder / path).stat().st_nlink > 1 for path in parquet)
