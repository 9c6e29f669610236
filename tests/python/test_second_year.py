"""A second year made from the first: the 2020 estimated outturn (the 2020 budget with 500 万元 more
enterprise pension income) and a 2021 budget that rolls from it. Roll-forward passes from the
outturn, warns against the 2020 budget, and fails as an error when the 2021 balance is wrong."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from sibudget.build import ExitCode
from sibudget.project import Project
from sibudget.warehouse import query
from support import DOCUMENT_ID, Row, build_quietly, printed_table_figures, read_csv, write_csv

ProjectCopy = Callable[[], Project]

OUTTURN_2020 = "652800-benji-2020-estimated_outturn"
BUDGET_2021 = "652800-benji-2021-budget"
CLOSING_LINES = range(82, 90)  # 年末累计结余: total (82) and the seven funds
SURPLUS_LINE_OF_CLOSING = {closing: closing - 8 for closing in CLOSING_LINES}  # 74..81
# 2020 outturn: enterprise pension income, surplus and balance 500 万元 above the budget,
# and the totals with them.
OUTTURN_CHANGES = {14: 500, 10: 500, 75: 500, 74: 500, 83: 500, 82: 500}


def derive_document(
    project: Project,
    document_id: str,
    *,
    fiscal_year: int,
    phase: str,
    value_header: str,
    amounts: dict[int, Decimal | None],
) -> None:
    """A new document folder: the real document's rows with new identity and amounts by line."""
    source = project.data_dir / DOCUMENT_ID
    rows, columns = read_csv(source / "table_cells.csv")
    for row in rows:
        row["document_id"] = document_id
        row["fiscal_year"] = str(fiscal_year)
        row["phase"] = phase
        row["value_header"] = value_header
        amount = amounts[int(row["source_line"])]
        row["amount_text"] = "" if amount is None else f"{amount:,}"
    write_csv(project.data_dir / document_id / "table_cells.csv", rows, columns)
    documents, document_columns = read_csv(source / "document.csv")
    document: Row = {
        **documents[0],
        "document_id": document_id,
        "fiscal_year": str(fiscal_year),
        "document_kind": phase,
        "title": f"fixture made from {DOCUMENT_ID}",
    }
    write_csv(project.data_dir / document_id / "document.csv", [document], document_columns)
    for name in ("narrative_figures.csv", "performance_targets.csv"):  # no narrative: headers only
        _, file_columns = read_csv(source / name)
        write_csv(project.data_dir / document_id / name, [], file_columns)


def add_second_year(project: Project, *, balance_error: int = 0) -> None:
    budget_2020 = {figure.line: figure.amount for figure in printed_table_figures()}
    outturn = {
        line: None if amount is None else amount + OUTTURN_CHANGES.get(line, 0)
        for line, amount in budget_2020.items()
    }
    derive_document(
        project,
        OUTTURN_2020,
        fiscal_year=2020,
        phase="estimated_outturn",
        value_header="2020年预计执行数",
        amounts=outturn,
    )
    budget_2021 = dict(budget_2020)
    for closing in CLOSING_LINES:
        prior, surplus = outturn[closing], budget_2020[SURPLUS_LINE_OF_CLOSING[closing]]
        budget_2021[closing] = None if prior is None else prior + (surplus or 0)
    assert budget_2021[83] == Decimal(308017)  # 304,754 + 3,263
    assert budget_2021[82] == Decimal(675764)  # 648,886 + 26,878
    for line in (83, 82):
        budget_2021[line] = Decimal(budget_2021[line] or 0) + balance_error
    derive_document(
        project,
        BUDGET_2021,
        fiscal_year=2021,
        phase="budget",
        value_header="2021年预算数",
        amounts=budget_2021,
    )


def roll_forward(warehouse: Path) -> list[tuple[str, str, str, str, Decimal]]:
    """(fund, prior phase, status, severity, difference) of every roll-forward result."""
    return [
        (
            row["fund_code"],
            row["compared_phase_code"],
            row["status"],
            row["severity"],
            row["difference_wan_yuan"],
        )
        for row in query(
            warehouse,
            "select * from marts.fct_quality_findings where rule_id = 'roll_forward' "
            "order by compared_phase_code, fund_code",
        )
    ]


def test_roll_forward_passes_from_the_outturn_and_warns_across_phases(
    project_copy: ProjectCopy,
) -> None:
    project = project_copy()
    add_second_year(project)
    outcome = build_quietly(project)
    assert outcome.exit_code == ExitCode.PUBLISHED, outcome.lines
    zero = Decimal(0)
    # pension_resident's balance rows are printed blank: evaluated with blanks as 0, they pass.
    funds = [
        "medical_employee",
        "medical_resident",
        "pension_enterprise",
        "pension_public_sector",
        "pension_resident",
        "total",
        "unemployment",
        "work_injury",
    ]
    expected_from_budget = [
        (fund, "budget", "failed", "warning", Decimal(-500))
        if fund in ("pension_enterprise", "total")
        else (fund, "budget", "passed", "none", zero)
        for fund in funds
    ]
    expected_from_outturn = [(fund, "estimated_outturn", "passed", "none", zero) for fund in funds]
    assert roll_forward(project.served_warehouse) == expected_from_budget + expected_from_outturn
    execution = query(
        project.served_warehouse,
        "select budget_wan_yuan, compared_wan_yuan, difference_wan_yuan, execution_rate "
        "from marts.fct_phase_comparisons where fiscal_year = 2020 "
        "and fund_code = 'pension_enterprise' and line_code = 'income_total' "
        "and compared_phase_code = 'estimated_outturn'",
    )
    assert execution == [
        {
            "budget_wan_yuan": Decimal(280645),
            "compared_wan_yuan": Decimal(281145),
            "difference_wan_yuan": Decimal(500),
            "execution_rate": Decimal("1.0018"),
        }
    ]
    warnings = [line for line in outcome.lines if "roll_forward (warning, failed)" in line]
    assert len(warnings) == 2


def test_roll_forward_broken_from_the_outturn_is_an_error(project_copy: ProjectCopy) -> None:
    project = project_copy()
    add_second_year(project, balance_error=100)
    outcome = build_quietly(project)
    assert outcome.exit_code == ExitCode.GATE_FAILED
    errors = [row for row in roll_forward(project.staging_warehouse) if row[3] == "error"]
    assert errors == [
        ("pension_enterprise", "estimated_outturn", "failed", "error", Decimal(-100)),
        ("total", "estimated_outturn", "failed", "error", Decimal(-100)),
    ]
    report = "\n".join(outcome.lines)
    assert (
        "roll_forward (error, failed): 652800 benji 2021 budget, fund pension_enterprise, line "
        "closing_balance: expected 308,117 万元, actual 308,017 万元, difference -100, tolerance 1"
    ) in report
    assert "against 2020 estimated_outturn (652800-benji-2020-estimated_outturn lines 83)" in report
