"""Corrupted copies of the real disclosure files: each fails with the right rule named, leaves the
served warehouse as it was, or (acknowledged) publishes with its flag."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from decimal import Decimal

import pytest

from cli_on_compiled_sql import build_on_compiled_sql
from conftest import BuiltWarehouse
from sibudget.build import ExitCode
from sibudget.cli import main
from sibudget.findings import describe_finding, findings
from sibudget.project import Project
from sibudget.warehouse import query
from support import DOCUMENT_ID, Row, build_quietly, edit_cells, read_csv, set_amount, write_csv

ProjectCopy = Callable[[], Project]
ENTERPRISE_INCOME_LINE = 14  # 一、企业职工基本养老保险基金收入 280,645


def failed_findings(project: Project) -> list[tuple[str, str, str | None, str]]:
    """(rule, fund, line, severity) of every failed finding in the staging warehouse."""
    return [
        (row["rule_id"], row["fund_code"], row["line_code"] or row["table_code"], row["severity"])
        for row in query(
            project.staging_warehouse,
            "select * from marts.fct_quality_findings where status = 'failed' "
            "order by rule_id, fund_code, line_code, table_code",
        )
    ]


def test_an_amount_changed_by_100_breaks_the_sum_and_the_surplus(project_copy: ProjectCopy) -> None:
    project = project_copy()
    edit_cells(project, lambda rows: set_amount(rows, ENTERPRISE_INCOME_LINE, "280,745"))
    outcome = build_quietly(project)
    assert outcome.exit_code == ExitCode.GATE_FAILED
    assert outcome.published_to is None
    assert not project.served_warehouse.exists()
    assert [f for f in failed_findings(project) if f[3] == "error"] == [
        ("funds_sum_to_total", "total", "income_total", "error"),
        # the narrative (line 101) still states 280,645: now it disagrees with the table
        ("narrative_matches_table", "pension_enterprise", "income_total", "error"),
        ("surplus_identity", "pension_enterprise", "surplus", "error"),
    ]
    report = "\n".join(outcome.lines)
    assert "Gate failed: 3 finding(s)" in report
    assert (
        "funds_sum_to_total (error, failed): 652800 benji 2020 budget, fund total, line "
        "income_total: expected 630,490 万元, actual 630,590 万元, difference 100, tolerance 3"
    ) in report
    assert (
        "surplus_identity (error, failed): 652800 benji 2020 budget, fund pension_enterprise, "
        "line surplus: expected 3,263 万元, actual 3,363 万元, difference 100, tolerance 1"
    ) in report


def test_a_fund_dropped_from_every_table_is_missing(project_copy: ProjectCopy) -> None:
    project = project_copy()

    def drop_unemployment(rows: list[Row]) -> list[Row]:
        return [
            row for row in rows if "失业保险基金" not in row["row_label"] + row["fund_header_label"]
        ]

    edit_cells(project, drop_unemployment)
    outcome = build_quietly(project)
    assert outcome.exit_code == ExitCode.GATE_FAILED
    missing = [f for f in failed_findings(project) if f[0] == "expected_fund_present"]
    assert missing == [
        ("expected_fund_present", "unemployment", "balance", "error"),
        ("expected_fund_present", "unemployment", "expenditure", "error"),
        ("expected_fund_present", "unemployment", "income", "error"),
    ]
    assert "fund unemployment, income table: expected but not printed" in "\n".join(outcome.lines)


def test_a_duplicated_row_is_a_pipeline_failure(project_copy: ProjectCopy) -> None:
    project = project_copy()
    edit_cells(
        project,
        lambda rows: (
            rows + [row for row in rows if row["source_line"] == str(ENTERPRISE_INCOME_LINE)]
        ),
    )
    outcome = build_quietly(project)
    assert outcome.exit_code == ExitCode.PIPELINE_FAILED
    report = "\n".join(outcome.lines)
    assert "[unique_grain]" in report
    assert f"table_cells.csv line {ENTERPRISE_INCOME_LINE}" in report
    assert not project.served_warehouse.exists()


def test_an_unknown_label_is_a_pipeline_failure(project_copy: ProjectCopy) -> None:
    project = project_copy()

    def rename(rows: list[Row]) -> list[Row]:
        for row in rows:
            if row["source_line"] == str(ENTERPRISE_INCOME_LINE):
                row["row_label"] = "一、长期护理保险基金收入"
        return rows

    edit_cells(project, rename)
    outcome = build_quietly(project)
    assert outcome.exit_code == ExitCode.PIPELINE_FAILED
    report = "\n".join(outcome.lines)
    assert "[label_mapped]" in report
    assert "'一、长期护理保险基金收入'" in report
    assert "source_line=14" in report
    assert "no fund or total name in the label" in report


def test_a_non_numeric_amount_is_a_pipeline_failure(project_copy: ProjectCopy) -> None:
    project = project_copy()
    edit_cells(project, lambda rows: set_amount(rows, 20, "48O"))
    outcome = build_quietly(project)
    assert outcome.exit_code == ExitCode.PIPELINE_FAILED
    report = "\n".join(outcome.lines)
    assert "[amount_parses]" in report
    assert "amount_text='48O'" in report
    assert "source_line=20" in report


def test_a_malformed_file_is_refused_with_file_line_and_rule(project_copy: ProjectCopy) -> None:
    project = project_copy()
    path = project.data_dir / DOCUMENT_ID / "table_cells.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[3] += ",extra"
    path.write_text("\n".join(lines), encoding="utf-8")
    outcome = build_quietly(project)
    assert outcome.exit_code == ExitCode.PIPELINE_FAILED
    assert f"  {path}:4: [file_format] expected 16 fields, found 17" in outcome.lines


def test_an_acknowledged_publisher_error_is_published_with_its_flag(
    project_copy: ProjectCopy,
) -> None:
    project = project_copy()
    edit_cells(project, lambda rows: set_amount(rows, ENTERPRISE_INCOME_LINE, "280,745"))
    acknowledgements = project.seeds_dir / "known_publisher_errors.csv"
    _, columns = read_csv(acknowledgements)
    write_csv(
        acknowledgements,
        [
            {"document_id": DOCUMENT_ID, "rule_id": rule, "fund_code": fund, "reason": "misprint"}
            for rule, fund in [
                ("funds_sum_to_total", "total"),
                ("surplus_identity", ""),
                ("narrative_matches_table", "pension_enterprise"),
            ]
        ],
        columns,
    )
    outcome = build_quietly(project, validate=True)
    assert outcome.exit_code == ExitCode.PUBLISHED, outcome.lines
    flagged = query(
        project.served_warehouse,
        "select rule_id, fund_code, is_acknowledged, acknowledgement_reason, blocks_publication, "
        "difference_wan_yuan from marts.fct_quality_findings where status = 'failed' "
        "and severity = 'error' order by rule_id",
    )
    assert flagged == [
        {
            "rule_id": "funds_sum_to_total",
            "fund_code": "total",
            "is_acknowledged": True,
            "acknowledgement_reason": "misprint",
            "blocks_publication": False,
            "difference_wan_yuan": Decimal(100),
        },
        {
            "rule_id": "narrative_matches_table",
            "fund_code": "pension_enterprise",
            "is_acknowledged": True,
            "acknowledgement_reason": "misprint",
            "blocks_publication": False,
            "difference_wan_yuan": Decimal(-100),
        },
        {
            "rule_id": "surplus_identity",
            "fund_code": "pension_enterprise",
            "is_acknowledged": True,
            "acknowledgement_reason": "misprint",
            "blocks_publication": False,
            "difference_wan_yuan": Decimal(100),
        },
    ]
    assert any("[acknowledged: misprint]" in line for line in outcome.lines)


def test_a_failed_gate_leaves_the_served_warehouse_unchanged(project_copy: ProjectCopy) -> None:
    project = project_copy()
    assert build_quietly(project).exit_code == ExitCode.PUBLISHED
    before = hashlib.sha256(project.served_warehouse.read_bytes()).hexdigest()
    serving = project.served_warehouse.resolve()
    edit_cells(project, lambda rows: set_amount(rows, ENTERPRISE_INCOME_LINE, "280,745"))
    assert build_quietly(project).exit_code == ExitCode.GATE_FAILED
    assert hashlib.sha256(project.served_warehouse.read_bytes()).hexdigest() == before
    edit_cells(project, lambda rows: set_amount(rows, ENTERPRISE_INCOME_LINE, "2 8O,645"))
    assert build_quietly(project).exit_code == ExitCode.PIPELINE_FAILED
    assert hashlib.sha256(project.served_warehouse.read_bytes()).hexdigest() == before
    assert project.served_warehouse.resolve() == serving  # still the same release


def test_the_command_prints_failures_in_words(
    project_copy: ProjectCopy, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`sibudget build` prints a failed rule's finding in words (its build on the compiled SQL
    the copy holds, cli_on_compiled_sql: the words come after the SQL)."""
    project = project_copy()
    edit_cells(project, lambda rows: set_amount(rows, 83, "304,354"))  # 企业职工 year-end balance
    monkeypatch.setattr("sibudget.cli.build", build_on_compiled_sql)
    exit_code = main(["--project-dir", str(project.root), "build", "--skip-validation"])
    printed = capsys.readouterr().out
    assert exit_code == 1
    assert (
        "funds_sum_to_total (error, failed): 652800 benji 2020 budget, fund total, line "
        "closing_balance: expected 648,386 万元, actual 648,486 万元, difference 100"
    ) in printed
    assert "652800-benji-2020-budget lines 82, 83, 84, 85, 86, 87, 88, 89" in printed


CHINESE_ORDINALS = "一二三四五六七八九十"
PROVENANCE = {
    "source_line",
    "source_place",
    "row_label",
    "source_lines",
    "attachment_label",
    "table_source_line",
    "table_source_place",
    "compared_source_lines",
    "build_id",  # each build has its own
}


def reorder_fund_blocks(rows: list[Row]) -> list[Row]:
    """Each table with its fund blocks (a header and its of-which rows) in reverse order, the
    ordinals 一、二、… renumbered by position and the source lines renumbered, as a publisher
    printing the funds in another order would."""
    reordered: list[Row] = []
    for table in ("income", "expenditure", "balance"):
        table_rows = [row for row in rows if row["table_code"] == table]
        first_line = min(int(row["source_line"]) for row in table_rows)
        blocks: list[list[Row]] = []
        for row in table_rows:
            if row["fund_header_label"]:
                blocks[-1].append(row)
            else:
                blocks.append([row])
        line = first_line
        ordinal = 0
        for block in reversed(blocks):
            header = block[0]
            label = header["row_label"]
            if label[0] in CHINESE_ORDINALS and "、" in label:
                header["row_label"] = CHINESE_ORDINALS[ordinal % 10] + label[label.index("、") :]
                ordinal += 1
            for row in block:
                row["source_line"] = str(line)
                if row is not header:
                    row["fund_header_label"] = header["row_label"]
                    row["fund_header_line"] = header["source_line"]
                line += 1
            reordered.extend(block)
    return reordered


def test_fund_blocks_reordered_in_every_table_give_identical_marts(
    built: BuiltWarehouse, project_copy: ProjectCopy
) -> None:
    project = project_copy()
    edit_cells(project, reorder_fund_blocks)
    rows, _ = read_csv(project.data_dir / DOCUMENT_ID / "table_cells.csv")
    assert rows[0]["row_label"] == "一、失业保险基金收入"  # was 七、, printed last
    assert rows[-1]["row_label"] == "社会保险基金本年收支结余"  # was first
    outcome = build_quietly(project)
    assert outcome.exit_code == ExitCode.PUBLISHED, outcome.lines
    for relation, key in [
        ("marts.fct_fund_lines", "fund_code, line_code"),
        ("marts.fct_fund_years", "fund_code"),
        ("marts.fund_surplus", "fund_code"),
        ("marts.fct_quality_findings", "finding_id"),
        ("marts.fct_narrative_figures", "source_line, figure_label, amount_text"),
        ("marts.fct_phase_comparisons", "fund_code"),
    ]:
        original = query(built.path, f"select * from {relation} order by {key}")
        again = query(project.served_warehouse, f"select * from {relation} order by {key}")
        strip = [{k: v for k, v in row.items() if k not in PROVENANCE} for row in original]
        assert strip == [{k: v for k, v in row.items() if k not in PROVENANCE} for row in again]
        assert len(original) == len(again)


def test_a_fund_left_out_of_the_narrative_is_worded_as_such(project_copy: ProjectCopy) -> None:
    """The words of a result come from its rule (seed rules), for a failed and a passed result
    alike: a failed narrative_fund_present printed "printed but not expected" before."""
    project = project_copy()
    path = project.data_dir / DOCUMENT_ID / "narrative_figures.csv"
    rows, columns = read_csv(path)
    write_csv(
        path, [row for row in rows if row["section_label"] != "七、失业保险基金预算"], columns
    )
    outcome = build_quietly(project)
    assert outcome.exit_code == ExitCode.PUBLISHED
    assert (
        "  narrative_fund_present (warning, failed): 652800 benji 2020, fund "
        "unemployment, narrative table: printed in the tables but not stated in the narrative; "
        f"{DOCUMENT_ID} lines -"
    ) in outcome.lines


def test_passed_presence_results_are_worded_as_passed(built: BuiltWarehouse) -> None:
    [present] = findings(
        built.path,
        "rule_id = 'expected_fund_present' and fund_code = 'total' and table_code = ?",
        ["balance"],
    )
    assert describe_finding(present) == (
        "expected_fund_present (none, passed): 652800 benji 2020, fund total, balance table: "
        f"printed, as expected; {DOCUMENT_ID} lines 74, 82"
    )
    narrated = findings(
        built.path, "rule_id = 'narrative_fund_present' and fund_code = 'unemployment'"
    )
    assert describe_finding(narrated[0]).endswith(
        f"narrative table: stated in the narrative; {DOCUMENT_ID} lines {', '.join(['127'] * 6)}"
    )


@pytest.mark.parametrize(
    ("column", "value", "test_name"),
    [("value_kind", "amout", "pipeline__value_kind_known")],
)
def test_an_unknown_vocabulary_value_is_our_data_named_with_its_file_and_line(
    project_copy: ProjectCopy, column: str, value: str, test_name: str
) -> None:
    """A value kind the seed does not know (a typo in table_cells.csv) is a pipeline failure
    (exit 2: our data), named with its file and line, not a finding about the publisher."""
    project = project_copy()

    def damage(rows: list[Row]) -> list[Row]:
        for row in rows:
            if row["source_line"] == "14":
                row[column] = value
        return rows

    edit_cells(project, damage)
    outcome = build_quietly(project)
    assert outcome.exit_code == ExitCode.PIPELINE_FAILED
    printed = "\n".join(outcome.lines)
    assert f"test {test_name}: fail" in printed
    assert f"[file_format] unknown_value=\"{column} '{value}' is not a" in printed
    assert "table_cells.csv" in printed and "source_line='14'" in printed


def test_a_region_missing_from_its_seed_is_named_first_and_its_consequences_counted(
    project_copy: ProjectCopy,
) -> None:
    """A document whose region has no row in seeds/regions.csv: the failure that names the file
    comes first, and the tests of the marts that fail because of it are counted in one line,
    not listed row by row (340 lines of `from_field='652800'` before)."""
    project = project_copy()
    seed = project.seeds_dir / "regions.csv"
    kept = [
        line for line in seed.read_text("utf-8").splitlines(True) if not line.startswith("652800,")
    ]
    seed.write_text("".join(kept), "utf-8")
    outcome = build_quietly(project)
    assert outcome.exit_code == ExitCode.PIPELINE_FAILED
    document = project.data_dir / DOCUMENT_ID / "document.csv"
    assert outcome.lines[1:3] == [
        "  test pipeline__document_region_code_known: fail: 1 failing row(s)",
        "    [file_format] unknown_value=\"region_code '652800' is not a region_code of the "
        f"seed\", source_file='{document}', document_id='{DOCUMENT_ID}'",
    ]
    assert outcome.lines[3].startswith(
        "  and 3 test(s) that fail because of it: relationships_fct_fund_lines_region_code"
    )
    assert len(outcome.lines) == 4, outcome.lines
