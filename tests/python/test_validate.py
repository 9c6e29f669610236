"""The Great Expectations suite: passes on the real warehouse, and names the expectation a
corrupted copy of the marts breaks."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from conftest import BuiltWarehouse
from sibudget.cli import main
from sibudget.validate import check_expectations, validate_warehouse


def corrupted_copy(built: BuiltWarehouse, tmp_path: Path, statement: str) -> Path:
    copy = tmp_path / "sibudget.duckdb"
    shutil.copy2(built.path, copy)
    connection = duckdb.connect(str(copy))
    try:
        connection.execute(statement)
    finally:
        connection.close()
    return copy


def validate(built: BuiltWarehouse, warehouse: Path, tmp_path: Path) -> list[str]:
    """The suite's failures as GX finds them; the suite evaluated without GX (as a refresh
    gates) must find the same, in the same words."""
    report = validate_warehouse(
        warehouse,
        seeds_dir=built.project.seeds_dir,
        data_dir=built.project.data_dir,
        docs_dir=tmp_path / "docs",
    )
    assert report.evaluated == 32
    assert report.docs_index is not None and report.docs_index.is_file()
    without_gx = check_expectations(
        warehouse, seeds_dir=built.project.seeds_dir, data_dir=built.project.data_dir
    )
    assert (without_gx.evaluated, without_gx.success, without_gx.failed) == (
        report.evaluated,
        report.success,
        report.failed,
    )
    return report.failed


def test_the_real_warehouse_passes(built: BuiltWarehouse, tmp_path: Path) -> None:
    assert validate(built, built.path, tmp_path) == []


@pytest.mark.parametrize(
    ("statement", "expected"),
    [
        (
            "update marts.fct_fund_years set months_of_payment = 99999 "
            "where fund_code = 'unemployment'",
            "fct_fund_years per disclosure: expect_column_values_to_be_between "
            "{'column': 'months_of_payment_max'",
        ),
        (
            "update marts.fct_fund_years set subsidy_dependence = 1.5 where fund_code = 'total'",
            "fct_fund_years per disclosure: expect_column_values_to_be_between "
            "{'column': 'subsidy_dependence_max'",
        ),
        (
            "insert into marts.fct_fund_lines "
            "select * from marts.fct_fund_lines where source_line = 14",
            "fct_fund_lines per disclosure: expect_column_pair_values_to_be_equal "
            "{'column_A': 'figures', 'column_B': 'grain_keys'}",
        ),
        (
            "delete from marts.fct_fund_lines where source_line = 14",
            "document_row_counts: expect_column_pair_values_to_be_equal",
        ),
        (
            "update marts.fct_fund_lines set fund_code = 'pension' where source_line = 14",
            "fct_fund_lines values: expect_column_values_to_be_in_set {'column': 'fund_code'",
        ),
        (
            "alter table marts.fct_fund_years alter income_wan_yuan type double",
            "column types: expect_column_values_to_be_in_set {'column': 'data_type'",
        ),
        (
            "update marts.fct_quality_findings set status = 'ok' "
            "where rule_id = 'surplus_identity'",
            "fct_quality_findings values: expect_column_values_to_be_in_set {'column': 'status'",
        ),
        (
            "insert into marts.fct_quality_findings "
            "select * from marts.fct_quality_findings limit 2",
            "fct_quality_findings: expect_column_pair_values_to_be_equal {'column_A': 'findings', "
            "'column_B': 'finding_ids'}: 1 unexpected; e.g. [(322, 320)]",
        ),
        (
            "delete from marts.fct_fund_lines",
            "fct_fund_lines values: expect_table_row_count_to_be_between {'min_value': 1}: "
            "? unexpected; e.g. 0",
        ),
        (
            "delete from marts.fct_fund_lines",
            "document_row_counts: expect_column_values_to_not_be_null {'column': 'mart_figures'}",
        ),
        (
            "update marts.fct_quality_findings set tolerance_wan_yuan = -1 "
            "where rule_id = 'surplus_identity'",
            "fct_quality_findings values: expect_column_values_to_be_between "
            "{'column': 'smallest_tolerance_wan_yuan', 'min_value': 0.0}",
        ),
    ],
)
def test_a_corrupted_mart_fails_the_expectation_it_breaks(
    built: BuiltWarehouse, tmp_path: Path, statement: str, expected: str
) -> None:
    failed = validate(built, corrupted_copy(built, tmp_path, statement), tmp_path)
    assert any(line.startswith(expected) for line in failed), failed


def test_a_failure_names_the_disclosure_that_fails(built: BuiltWarehouse, tmp_path: Path) -> None:
    statement = "update marts.fct_fund_years set benefit_share = 2 where fund_code = 'total'"
    failed = validate(built, corrupted_copy(built, tmp_path, statement), tmp_path)
    assert failed == [
        "fct_fund_years per disclosure: expect_column_values_to_be_between "
        "{'column': 'benefit_share_max', 'min_value': 0.0, 'max_value': 1.0}: 1 unexpected; "
        "e.g. benefit_share_max=2.0000 region_code=652800 scope=benji fiscal_year=2020 "
        "phase_code=budget"
    ]


def test_the_validate_command_exits_non_zero_on_failure(
    built: BuiltWarehouse, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = ["--project-dir", str(built.project.root)]
    assert main([*project, "validate", "--warehouse", str(built.path)]) == 0
    assert "32 checks, passed" in capsys.readouterr().out
    broken = corrupted_copy(
        built,
        tmp_path,
        "update marts.fct_fund_years set benefit_share = -1 where fund_code = 'total'",
    )
    assert main([*project, "validate", "--warehouse", str(broken)]) == 1
    assert "benefit_share" in capsys.readouterr().out
