"""Quarterly execution reports (社预执行02–08, execution_reports.py): the period a report covers is
read from its title, each value column takes its phase and months (预算数 the year's budget,
当期执行数 the quarter, 累计执行数 the year to date, 上年同期累计执行数 last year's year to date),
the four reports of a year build together, their printed percentages are recomputed, their
quarters add up and their balances roll forward from quarter to quarter; one corrupted copy per
identity fails with the rule named."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Mapping
from decimal import Decimal
from pathlib import Path

import pytest

from execution_reports import Changes, execution_report
from sibudget.build import ExitCode
from sibudget.check import check_document
from sibudget.ingest import IngestError, Reference, parse_disclosure, write_disclosure
from sibudget.project import Project
from sibudget.warehouse import query
from support import REPO, build_quietly

ProjectCopy = Callable[[], Project]
REFERENCE = Reference.from_seeds(REPO / "seeds")
RULES = (
    "period_flows_add_up",
    "balance_agrees_across_periods",
    "stated_check_recomputes",
    "printings_agree",
    "opening_plus_surplus_is_closing",
    "surplus_identity",
    "parts_sum_to_total",
)


def ingest(path: Path, text: str) -> str:
    path.write_text(text, encoding="utf-8")
    return parse_disclosure(path, reference=REFERENCE).document_id


def build_quarters(
    project: Project, folder: Path, changes: Mapping[int, Changes] | None = None
) -> Path:
    """The four reports of 2020 built together; the warehouse the build wrote."""
    data = project.data_dir
    for child in data.iterdir():
        if child.is_dir():
            for item in child.iterdir():
                item.unlink()
            child.rmdir()
    for quarter in (1, 2, 3, 4):
        source = folder / f"q{quarter}.txt"
        text, _ = execution_report(quarter, changes=(changes or {}).get(quarter))
        source.write_text(text, encoding="utf-8")
        write_disclosure(parse_disclosure(source, reference=REFERENCE), data)
    outcome = build_quietly(project)
    if changes is None:
        assert outcome.exit_code == ExitCode.PUBLISHED, outcome.lines
    else:
        assert outcome.exit_code == ExitCode.GATE_FAILED, outcome.lines
    return outcome.published_to or project.staging_warehouse


def test_a_report_s_period_names_its_document_and_each_column_s_phase(tmp_path: Path) -> None:
    text, places = execution_report(2)
    path = tmp_path / "q2.txt"
    path.write_text(text, encoding="utf-8")
    disclosure = parse_disclosure(path, reference=REFERENCE)
    assert disclosure.document_id == "652800-benji-2020-execution_01_06"
    _, cells = disclosure.files["table_cells.csv"]
    line = str(places[("pension_enterprise", "income_total")])
    printed = {
        (row["value_header"], row["fiscal_year"], row["phase"], row["value_kind"])
        for row in cells
        if row["source_line"] == line
    }
    assert printed == {
        ("2020年预算数", "2020", "budget", "amount"),
        ("2020年调整后预算数", "2020", "adjusted_budget", "amount"),
        ("当期执行数", "2020", "execution_04_06", "amount"),
        ("累计执行数", "2020", "execution_01_06", "amount"),
        ("上年同期累计执行数", "2019", "execution_01_06", "amount"),
        ("预算执行进度(%)", "2020", "", "growth_check"),
        ("比上年同期增长(%)", "2020", "", "growth_check"),
    }


@pytest.mark.parametrize(
    ("title", "document_id", "current"),
    [
        ("2020年1-6月", "652800-benji-2020-execution_01_06", "execution_01_06"),
        ("2020年1至9月", "652800-benji-2020-execution_01_09", "execution_01_09"),
        ("2020年上半年", "652800-benji-2020-execution_01_06", "execution_01_06"),
        ("2020年前三季度", "652800-benji-2020-execution_01_09", "execution_07_09"),
        ("2020年11月", "652800-benji-2020-execution_01_11", "execution_11_11"),
        ("2020年2季度", "652800-benji-2020-execution_01_06", "execution_04_06"),
    ],
)
def test_the_period_is_read_as_publishers_word_it(
    tmp_path: Path, title: str, document_id: str, current: str
) -> None:
    text, _ = execution_report(2, funds=("work_injury",))
    text = text.replace("2020年第二季度", title)
    path = tmp_path / "report.txt"
    path.write_text(text, encoding="utf-8")
    disclosure = parse_disclosure(path, reference=REFERENCE)
    assert disclosure.document_id == document_id
    _, cells = disclosure.files["table_cells.csv"]
    assert {row["phase"] for row in cells if row["value_header"] == "当期执行数"} == {current}


def test_the_quarter_on_the_unit_line_is_the_current_period_of_a_half_year_title(
    tmp_path: Path,
) -> None:
    """As 无锡 prints 社预执行07表: the title says 上半年, the line above the header
    填报单位：…　2021年2季度　单位：元; 当期 is the second quarter, 累计 the half year."""
    text, _ = execution_report(2, funds=("work_injury",))
    text = text.replace("2020年第二季度巴州本级", "2020年上半年巴州本级").replace(
        "单位：元", "填报单位：巴州本级\t2020年2季度\t单位：元"
    )
    path = tmp_path / "report.txt"
    path.write_text(text, encoding="utf-8")
    disclosure = parse_disclosure(path, reference=REFERENCE)
    assert disclosure.document_id == "652800-benji-2020-execution_01_06"
    _, cells = disclosure.files["table_cells.csv"]
    phases = {row["value_header"]: row["phase"] for row in cells}
    assert phases["当期执行数"] == "execution_04_06"
    assert phases["累计执行数"] == "execution_01_06"
    assert {row["unit_text"] for row in cells} == {"元"}


def test_a_table_of_another_period_is_refused_naming_both(tmp_path: Path) -> None:
    text, _ = execution_report(2, funds=("pension_enterprise", "work_injury"))
    text = text.replace("2020年第二季度巴州本级工伤", "2020年第三季度巴州本级工伤")
    path = tmp_path / "report.txt"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(IngestError) as raised:
        parse_disclosure(path, reference=REFERENCE)
    message = str(raised.value)
    assert "2020年第三季度巴州本级工伤保险基金预算执行情况表" in message
    assert "execution_07_09" in message
    assert "execution_04_06" in message


def test_an_execution_report_without_a_period_is_refused_naming_its_title(
    tmp_path: Path,
) -> None:
    text, _ = execution_report(2, funds=("work_injury",))
    path = tmp_path / "report.txt"
    path.write_text(text.replace("第二季度", ""), encoding="utf-8")
    with pytest.raises(IngestError) as raised:
        parse_disclosure(path, reference=REFERENCE)
    message = str(raised.value)
    assert "report.txt" in message
    assert "2020年巴州本级工伤保险基金预算执行情况表" in message
    assert "no period" in message


def test_an_execution_column_in_a_budget_is_refused_naming_its_header(tmp_path: Path) -> None:
    text, _ = execution_report(2, funds=("work_injury",))
    text = text.replace("预算执行情况表", "预算表").replace("预算执行情况", "预算")
    path = tmp_path / "report.txt"
    path.write_text(text.replace("第二季度", ""), encoding="utf-8")
    with pytest.raises(IngestError) as raised:
        parse_disclosure(path, reference=REFERENCE)
    assert "当期执行数" in str(raised.value)
    assert "period" in str(raised.value)


def test_four_quarterly_reports_build_with_their_periods_and_pass_every_identity(
    project_copy: ProjectCopy, tmp_path: Path
) -> None:
    warehouse = build_quarters(project_copy(), tmp_path)
    phases = query(
        warehouse,
        "select phase_code, phase_kind, period_start_month, period_end_month "
        "from marts.dim_phases where phase_code in ('budget', 'execution_01_06', "
        "'execution_04_06') order by display_order",
    )
    assert phases == [
        {
            "phase_code": "budget",
            "phase_kind": "budget",
            "period_start_month": 1,
            "period_end_month": 12,
        },
        {
            "phase_code": "execution_01_06",
            "phase_kind": "execution",
            "period_start_month": 1,
            "period_end_month": 6,
        },
        {
            "phase_code": "execution_04_06",
            "phase_kind": "execution",
            "period_start_month": 4,
            "period_end_month": 6,
        },
    ]
    # 企业职工: income 280,645 万元 budgeted, × 1.02 adjusted; 48% of it by the end of June, 25%
    # in the second quarter; opening balance 300,991, surplus 3,263 × the same shares
    years = query(
        warehouse,
        "select phase_code, document_id, opening_balance_wan_yuan, income_wan_yuan, "
        "closing_balance_wan_yuan from marts.fct_fund_years "
        "where fund_code = 'pension_enterprise' and fiscal_year = 2020 "
        "and phase_code in ('execution_01_03', 'execution_04_06', 'execution_01_06') "
        "order by phase_code",
    )
    assert years == [
        {
            "phase_code": "execution_01_03",
            "document_id": "652800-benji-2020-execution_01_03",
            "opening_balance_wan_yuan": Decimal(300991),
            "income_wan_yuan": Decimal("65839.317"),
            "closing_balance_wan_yuan": Decimal("301756.4998"),
        },
        {
            "phase_code": "execution_01_06",
            "document_id": "652800-benji-2020-execution_01_06",
            "opening_balance_wan_yuan": Decimal(300991),
            "income_wan_yuan": Decimal("137403.792"),
            "closing_balance_wan_yuan": Decimal("302588.5648"),
        },
        {
            "phase_code": "execution_04_06",
            "document_id": "652800-benji-2020-execution_01_06",
            "opening_balance_wan_yuan": Decimal("301756.4998"),
            "income_wan_yuan": Decimal("71564.475"),
            "closing_balance_wan_yuan": Decimal("302588.5648"),
        },
    ]
    # the year to date against the budget, per period
    compared = query(
        warehouse,
        "select compared_phase_code, execution_rate from marts.fct_phase_comparisons "
        "where fund_code = 'pension_enterprise' and line_code = 'income_total' "
        "and fiscal_year = 2020 and compared_phase_code like 'execution_01_%' order by all",
    )
    assert compared == [
        {"compared_phase_code": "execution_01_03", "execution_rate": Decimal("0.2346")},
        {"compared_phase_code": "execution_01_06", "execution_rate": Decimal("0.4896")},
        {"compared_phase_code": "execution_01_09", "execution_rate": Decimal("0.7548")},
        {"compared_phase_code": "execution_01_12", "execution_rate": Decimal("1.0098")},
    ]
    counts = query(
        warehouse,
        "select rule_id, status, count(*) as results from marts.fct_quality_findings "
        f"where rule_id in {RULES} and status not in ('passed', 'within_tolerance') "
        "group by all order by all",
    )
    assert counts == []
    passed = query(
        warehouse,
        "select rule_id, count(*) as results from marts.fct_quality_findings "
        "where rule_id in ('period_flows_add_up', 'balance_agrees_across_periods') "
        "group by all order by all",
    )
    assert passed == [
        # per fund that prints figures (six, and the total), against the year to date's close at
        # each quarter's
        # end: the quarter's close (three quarters after the first) and the next quarter's
        # opening balance (three); the year's opening balance as the three later reports print
        # it against the first's, in 2020 and in last year's same-period columns
        {"rule_id": "balance_agrees_across_periods", "results": 7 * (3 + 3 + 3 + 3)},
        # the second, third and fourth quarters add up with the year to date before them, on
        # the 15 flow lines of the six funds and the total (less the one line each of five funds
        # prints blank)
        {"rule_id": "period_flows_add_up", "results": (7 * 15 - 5) * 3},
    ]
    # 预算执行进度 over the adjusted budget, 比上年同期增长 over last year's same period
    checks = query(
        warehouse,
        "select compared_phase_code, compared_fiscal_year, count(*) as results "
        "from marts.fct_quality_findings where rule_id = 'stated_check_recomputes' "
        "and phase_code like 'execution%' group by all order by all",
    )
    assert [(row["compared_phase_code"], row["compared_fiscal_year"]) for row in checks] == [
        ("adjusted_budget", 2020),
        ("execution_01_03", 2019),
        ("execution_01_06", 2019),
        ("execution_01_09", 2019),
        ("execution_01_12", 2019),
    ]


def test_each_broken_identity_of_the_quarterly_reports_is_named(
    project_copy: ProjectCopy, tmp_path: Path
) -> None:
    wan = Decimal
    warehouse = build_quarters(
        project_copy(),
        tmp_path,
        changes={
            # the first quarter prints 工伤's expenditure 100 万元 higher as the quarter's
            1: {("work_injury", "current", "expenditure_benefit"): wan("2838.4858")},
            # the second quarter's year to date of 失业 premiums: 100 万元 above Q1 + Q2
            2: {
                ("unemployment", "to_date", "income_premium"): wan("7001.8912"),
                # 预算执行进度 of 职工医保's income printed 49.00 for 48.00
                ("medical_employee", "progress", "income_total"): "49.00",
            },
            # the third quarter opens 100 万元 above the second's close (企业职工)
            3: {("pension_enterprise", "current", "opening_balance"): wan("302688.5648")},
            # the fourth's growth over last year's same period printed 10.00 too high
            4: {("medical_resident", "growth", "expenditure_total"): "17.37"},
        },
    )
    failed = query(
        warehouse,
        "select rule_id, phase_code, fund_code, line_code, difference_wan_yuan "
        "from marts.fct_quality_findings where status = 'failed' and rule_id in "
        "('period_flows_add_up', 'balance_agrees_across_periods', 'stated_check_recomputes', "
        "'printings_agree') order by all",
    )
    named = {
        (row["rule_id"], row["phase_code"], row["fund_code"], row["line_code"]) for row in failed
    }
    assert {
        ("printings_agree", "execution_01_03", "work_injury", "expenditure_benefit"),
        ("period_flows_add_up", "execution_01_06", "unemployment", "income_premium"),
        ("stated_check_recomputes", "execution_01_06", "medical_employee", "income_total"),
        (
            "balance_agrees_across_periods",
            "execution_07_09",
            "pension_enterprise",
            "opening_balance",
        ),
        ("stated_check_recomputes", "execution_01_12", "medical_resident", "expenditure_total"),
    } <= named
    # nothing else fails these rules but what the corrupted figures touch
    assert {row["fund_code"] for row in failed} == {
        "work_injury",
        "unemployment",
        "medical_employee",
        "pension_enterprise",
        "medical_resident",
    }


def _with_percent_signs(text: str, sign: str = "%") -> str:
    """The report with its two percentage columns printed with their sign (51.59%), as 无锡's."""
    lines = []
    for line in text.split("\n"):
        cells = line.split("\t")
        if len(cells) == 8 and not cells[0].startswith("项目"):
            cells[6:8] = [cell + sign if cell else cell for cell in cells[6:8]]
        lines.append("\t".join(cells))
    return "\n".join(lines)


def test_percentages_printed_with_their_sign_are_recomputed_as_without(
    project_copy: ProjectCopy, tmp_path: Path
) -> None:
    project = project_copy()
    text, _ = execution_report(2)
    counted: dict[str, int] = {}
    for name, printed in (("plain", text), ("signed", _with_percent_signs(text, "%"))):
        path = tmp_path / f"{name}.txt"
        path.write_text(printed, encoding="utf-8")
        outcome = check_document(project, path)
        assert outcome.exit_code == ExitCode.PUBLISHED, outcome.output
        counted[name] = len(
            [row for row in outcome.all_results if row["rule_id"] == "stated_check_recomputes"]
        )
    # 进度 and 增长 of every line of the eight tables that has a basis
    assert counted["signed"] == counted["plain"] > 150


def test_a_percentage_that_is_no_number_fails_the_pipeline_naming_its_cell(
    project_copy: ProjectCopy, tmp_path: Path
) -> None:
    project = project_copy()
    text, places = execution_report(
        2, changes={("work_injury", "growth", "income_total"): "#DIV/0!"}
    )
    path = tmp_path / "report.txt"
    path.write_text(text, encoding="utf-8")
    outcome = check_document(project, path)
    assert outcome.exit_code == ExitCode.PIPELINE_FAILED
    assert "[amount_parses]" in outcome.output
    assert "#DIV/0!" in outcome.output
    assert f"source_line={places[('work_injury', 'income_total')]}" in outcome.output


def test_a_title_printed_across_cells_with_the_form_number_under_it(tmp_path: Path) -> None:
    """无锡's page: the quarter and the title in two cells of one row, the form number
    (社预执行07表) on the row under it, then 填报单位 | the quarter | 单位：元 above the header."""
    text, _ = execution_report(2, funds=("work_injury",))
    text = text.replace(
        "社预执行07表\n2020年第二季度巴州本级工伤保险基金预算执行情况表\n单位：元\n",
        "2020年2季度\t巴州本级工伤保险基金预算执行情况表\t\t\n社预执行07表\t\t\n"
        "填报单位：巴州本级\t2020年2季度\t单位：元\n",
    )
    assert "社预执行07表\t" in text
    path = tmp_path / "report.txt"
    path.write_text(text, encoding="utf-8")
    disclosure = parse_disclosure(path, reference=REFERENCE)
    assert disclosure.document_id == "652800-benji-2020-execution_01_06"
    _, cells = disclosure.files["table_cells.csv"]
    income = [row for row in cells if row["row_label"] == "二、收入合计"]
    assert {row["table_title"] for row in income} == {
        "2020年2季度巴州本级工伤保险基金预算执行情况表"
    }
    assert {row["phase"] for row in income if row["value_header"] == "当期执行数"} == {
        "execution_04_06"
    }


def test_a_title_naming_an_outturn_is_an_outturn_whatever_the_hash_seed() -> None:
    """预计执行情况 names the estimated outturn (预计执行), not a report of periods (执行情况): the
    longest title word wins and, among words of one length, the seed's order, in every process
    (a set's order changes with PYTHONHASHSEED)."""
    program = (
        "from pathlib import Path; from sibudget.ingest import Reference; "
        f"r = Reference.from_seeds(Path({str(REPO / 'seeds')!r})); "
        "title = '关于2019年社会保险基金预计执行情况的说明'; "
        "print(next(kind for word, kind in r.phase_words if word in title))"
    )
    kinds = {
        subprocess.run(
            [sys.executable, "-c", program],
            env={**os.environ, "PYTHONHASHSEED": str(seed)},
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        for seed in range(8)
    }
    assert kinds == {"estimated_outturn"}


HALF_YEAR_PROSE = """关于巴州本级2020年上半年社会保险基金预算执行情况的说明

2020年1-6月，巴州本级社会保险基金总收入308,687.90万元，完成预算的48.96%；总支出295,527.95万元，完成预算的48.96%。

一、企业职工基本养老保险基金

基金收入137,403.79万元，完成预算的48.96%，比上年同期增长7.37%。基金支出135,806.23万元。
"""
"""A half-year report in prose alone, its figures the fixture's year to date through June."""


def test_a_half_year_report_in_prose_is_checked_against_the_budget_it_executes(
    project_copy: ProjectCopy, tmp_path: Path
) -> None:
    project = project_copy()
    source = tmp_path / "half-year.txt"
    source.write_text(HALF_YEAR_PROSE, encoding="utf-8")
    disclosure = parse_disclosure(source, reference=REFERENCE)
    assert disclosure.document_id == "652800-benji-2020-execution_01_06"
    _, figures = disclosure.files["narrative_figures.csv"]
    assert {row["phase"] for row in figures} == {"execution_01_06"}
    write_disclosure(disclosure, project.data_dir)
    outcome = build_quietly(project)
    assert outcome.exit_code == ExitCode.PUBLISHED, outcome.lines
    assert outcome.published_to is not None
    checks = query(
        outcome.published_to,
        "select fund_code, line_code, compared_phase_code, status "
        "from marts.fct_quality_findings where rule_id = 'stated_check_recomputes' "
        "and document_id = '652800-benji-2020-execution_01_06' order by all",
    )
    # completion over the budget document's budget (no adjusted budget is held), within the
    # rounding of two decimals; last year's same period is not held, so its growth is not
    # recomputed
    assert [(row["fund_code"], row["line_code"], row["compared_phase_code"]) for row in checks] == [
        ("pension_enterprise", "income_total", "budget"),
        ("total", "expenditure_total", "budget"),
        ("total", "income_total", "budget"),
    ]
    assert {row["status"] for row in checks} <= {"passed", "within_tolerance"}
