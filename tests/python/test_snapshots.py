"""Users' figures stay as they were: every mart row of the real document's warehouse equals the
snapshot committed before the rules, gate and report were reorganised (tests/snapshots/); the
small benchmark's marts are compared in test_benchmark. The comparison fails on a change."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb

from conftest import BuiltWarehouse
from snapshots import compare_snapshot
from support import REPO

SNAPSHOTS = REPO / "tests" / "snapshots"


def test_the_real_document_gives_the_snapshot_row_for_row(built: BuiltWarehouse) -> None:
    assert compare_snapshot(built.path, SNAPSHOTS / "real-2020-budget") == []


def test_a_changed_figure_or_finding_is_shown_against_the_snapshot(
    built: BuiltWarehouse, tmp_path: Path
) -> None:
    copy = tmp_path / "sibudget.duckdb"
    shutil.copy2(built.path, copy)
    connection = duckdb.connect(str(copy))
    try:
        connection.execute(
            "update marts.fct_fund_lines set amount_wan_yuan = amount_wan_yuan + 1 "
            "where source_line = 14"
        )
        connection.execute(
            "update marts.fct_quality_findings set status = 'passed' "
            "where rule_id = 'narrative_unit_matches_table'"
        )
    finally:
        connection.close()
    differences = compare_snapshot(copy, SNAPSHOTS / "real-2020-budget")
    assert differences[0] == (
        "fct_fund_lines: 1 row(s) only in the snapshot, 1 only in the warehouse "
        "(66 rows before, 66 now)"
    )
    subject = "652800,benji,2020,budget,pension_enterprise,income_total,"
    assert differences[1].startswith(f"  - {subject}")
    assert differences[2].startswith(f"  + {subject}")
    assert "280645.000000" in differences[1] and "280646.000000" in differences[2]
    assert any(line.startswith("fct_quality_findings: 1 row(s)") for line in differences)
