"""The official forms (社预01 the summary with the funds as columns, 社预02–08 one fund per table
with the fund in the title), written from the real 2020 figures in 元 with cents, with the
transfer lines and the opening balance: they ingest, build and gate, their facts are the real
figures, and one corrupted copy per identity fails with the rule named."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from official_forms import FINAL_ACCOUNT_COLUMNS, FUNDS, UNLISTED_ITEMS, official_forms
from sibudget.build import ExitCode
from sibudget.ingest import IngestError, Reference, parse_disclosure, write_disclosure
from sibudget.project import Project
from sibudget.warehouse import query
from support import REPO, build_quietly, moved_down

ProjectCopy = Callable[[], Project]
NUMBERING = re.compile(r"^(?:（[0-9]+）|[0-9]+\.)")
REFERENCE = Reference.from_seeds(REPO / "seeds")


def build_forms(
    project: Project, text: str, tmp_path: Path, *, document_id: str = "652800-benji-2020-budget"
) -> tuple[ExitCode, Path]:
    source = tmp_path / "forms.txt"
    source.write_text(text, encoding="utf-8")
    disclosure = parse_disclosure(source, reference=REFERENCE)
    assert disclosure.document_id == document_id
    shutil.rmtree(project.data_dir)
    write_disclosure(disclosure, project.data_dir)
    outcome = build_quietly(project)
    return outcome.exit_code, outcome.published_to or project.staging_warehouse


def findings(warehouse: Path, where: str) -> list[dict[str, object]]:
    return query(
        warehouse,
        "select rule_id, fiscal_year, phase_code, fund_code, line_code, status, "
        "difference_wan_yuan from marts.fct_quality_findings where " + where + " order by all",
    )


def test_the_official_forms_give_the_real_figures_and_pass_every_identity(
    project_copy: ProjectCopy, tmp_path: Path
) -> None:
    forms = official_forms()
    exit_code, warehouse = build_forms(project_copy(), forms.text, tmp_path)
    assert exit_code == ExitCode.PUBLISHED
    years = query(
        warehouse,
        "select fund_code, opening_balance_wan_yuan, income_wan_yuan, income_subtotal_wan_yuan, "
        "income_premium_wan_yuan, income_other_wan_yuan, income_from_higher_level_wan_yuan, "
        "expenditure_wan_yuan, expenditure_other_wan_yuan, surplus_printed_wan_yuan, "
        "closing_balance_wan_yuan from marts.fct_fund_years "
        "where fiscal_year = 2020 and phase_code = 'budget' "
        "and fund_code in ('pension_enterprise', 'total') order by fund_code",
    )
    assert years == [
        {
            "fund_code": "pension_enterprise",
            "opening_balance_wan_yuan": Decimal(300991),
            "income_wan_yuan": Decimal(280645),
            "income_subtotal_wan_yuan": Decimal(280645),
            "income_premium_wan_yuan": Decimal(270711),
            # 其他收入 printed (4,863) is the residual: the transfers (0) are not "other"
            "income_other_wan_yuan": Decimal(4863),
            "income_from_higher_level_wan_yuan": Decimal(0),
            "expenditure_wan_yuan": Decimal(277382),
            "expenditure_other_wan_yuan": Decimal(22530),
            "surplus_printed_wan_yuan": Decimal(3263),
            "closing_balance_wan_yuan": Decimal(304254),
        },
        {
            "fund_code": "total",
            "opening_balance_wan_yuan": Decimal(621508),
            "income_wan_yuan": Decimal(630490),
            "income_subtotal_wan_yuan": Decimal(630490),
            "income_premium_wan_yuan": Decimal(529123),
            "income_other_wan_yuan": Decimal(5616),
            "income_from_higher_level_wan_yuan": Decimal(0),
            "expenditure_wan_yuan": Decimal(603611),
            "expenditure_other_wan_yuan": Decimal(35302),
            "surplus_printed_wan_yuan": Decimal(26878),
            "closing_balance_wan_yuan": Decimal(648386),
        },
    ]
    # the figure printed in 元 with cents keeps its text and place: the fund's own table (社预02)
    # is the printing the facts take; the summary's printing is compared with it
    cell = query(
        warehouse,
        "select source_line, amount_text, unit_text, value_header from marts.fct_fund_lines "
        "where fund_code = 'pension_enterprise' and line_code = 'income_total' "
        "and fiscal_year = 2020",
    )
    assert cell == [
        {
            "source_line": forms.fund_lines[("pension_enterprise", "income_total")],
            "amount_text": "2,806,450,000.00",
            "unit_text": "元",
            "value_header": "本年预算数",
        }
    ]
    counts = query(
        warehouse,
        "select rule_id, status, count(*) as results from marts.fct_quality_findings "
        "where rule_id in ('printings_agree', 'parts_sum_to_total', "
        "'opening_plus_surplus_is_closing', 'roll_forward', 'funds_sum_to_total', "
        "'stated_check_recomputes') group by all order by all",
    )
    assert counts == [
        # the 合计 column against the sum of the funds, one per line of the summary
        {"rule_id": "funds_sum_to_total", "status": "passed", "results": 17},
        # both value columns (last year's and this year's) of each fund's own table, and the
        # summary's 合计 column
        {"rule_id": "opening_plus_surplus_is_closing", "status": "passed", "results": 15},
        # 2 totals with their subtotals and 2 subtotals with their items, per fund and column
        {"rule_id": "parts_sum_to_total", "status": "passed", "results": 60},
        # every figure of the summary's seven fund columns (17 lines each) is printed again in
        # the fund's own table
        {"rule_id": "printings_agree", "status": "passed", "results": 119},
        # last year's year-end balance (the prior-year column) rolls into this year's budget
        {"rule_id": "roll_forward", "status": "passed", "results": 7},
        # every 比上年增长% printed in the fund tables, recomputed over the prior-year column
        # (73 printed; within the rounding of one decimal where the growth is not exact)
        {"rule_id": "stated_check_recomputes", "status": "passed", "results": 63},
        {"rule_id": "stated_check_recomputes", "status": "within_tolerance", "results": 10},
    ]


def test_each_broken_identity_of_the_official_forms_is_named(
    project_copy: ProjectCopy, tmp_path: Path
) -> None:
    wan = Decimal
    forms = official_forms(
        changes={
            # 期初余额 100 万元 too high: 期初余额 + 本年收支结余 ≠ 年末滚存结余
            ("pension_enterprise", "opening_balance"): wan(301091),
            # a subsidy from the higher level that the total does not include
            ("medical_employee", "income_from_higher_level"): wan(100),
            ("total", "income_from_higher_level"): wan(100),
            # 其他收入 100 万元 too high: the items exceed 收入小计
            ("unemployment", "income_other"): wan(124),
            ("total", "income_other"): wan(5716),
        },
        # the summary prints 工伤's expenditure 100 万元 above its own table
        summary_changes={("work_injury", "expenditure_total"): wan(12038)},
    )
    exit_code, warehouse = build_forms(project_copy(), forms.text, tmp_path)
    assert exit_code == ExitCode.GATE_FAILED
    failed = findings(
        warehouse,
        "status = 'failed' and rule_id in ('printings_agree', 'parts_sum_to_total', "
        "'opening_plus_surplus_is_closing') and fiscal_year = 2020",
    )
    assert failed == [
        {
            "rule_id": "opening_plus_surplus_is_closing",
            "fiscal_year": 2020,
            "phase_code": "budget",
            "fund_code": "pension_enterprise",
            "line_code": "closing_balance",
            "status": "failed",
            "difference_wan_yuan": Decimal(100),
        },
        {
            "rule_id": "parts_sum_to_total",
            "fiscal_year": 2020,
            "phase_code": "budget",
            "fund_code": "medical_employee",
            "line_code": "income_total",
            "status": "failed",
            "difference_wan_yuan": Decimal(100),
        },
        {
            "rule_id": "parts_sum_to_total",
            "fiscal_year": 2020,
            "phase_code": "budget",
            "fund_code": "total",
            "line_code": "income_subtotal",
            "status": "failed",
            "difference_wan_yuan": Decimal(100),
        },
        {
            "rule_id": "parts_sum_to_total",
            "fiscal_year": 2020,
            "phase_code": "budget",
            "fund_code": "total",
            "line_code": "income_total",
            "status": "failed",
            "difference_wan_yuan": Decimal(100),
        },
        {
            "rule_id": "parts_sum_to_total",
            "fiscal_year": 2020,
            "phase_code": "budget",
            "fund_code": "unemployment",
            "line_code": "income_subtotal",
            "status": "failed",
            "difference_wan_yuan": Decimal(100),
        },
        {
            "rule_id": "printings_agree",
            "fiscal_year": 2020,
            "phase_code": "budget",
            "fund_code": "work_injury",
            "line_code": "expenditure_total",
            "status": "failed",
            "difference_wan_yuan": Decimal(100),
        },
    ]


def test_a_statement_without_a_fund_is_an_error_naming_its_title(tmp_path: Path) -> None:
    text = official_forms().text.replace(
        "2020年巴州本级工伤保险基金预算表", "2020年巴州本级基金预算表"
    )
    source = tmp_path / "forms.txt"
    source.write_text(text, encoding="utf-8")
    line = text.split("\n").index("2020年巴州本级基金预算表") + 1
    with pytest.raises(IngestError) as error:
        parse_disclosure(source, reference=REFERENCE)
    assert f"{source}:{line}:" in str(error.value)
    assert "'2020年巴州本级基金预算表' names no fund" in str(error.value)


def test_a_statement_whose_first_row_names_no_line_is_an_error(tmp_path: Path) -> None:
    text = official_forms().text.replace("一、期初余额\t", "一、基金总额\t", 1)
    source = tmp_path / "forms.txt"
    source.write_text(text, encoding="utf-8")
    line = next(n for n, row in enumerate(text.split("\n"), 1) if row.startswith("一、基金总额"))
    with pytest.raises(IngestError) as error:
        parse_disclosure(source, reference=REFERENCE)
    assert f"{source}:{line}:" in str(error.value)
    assert "'一、基金总额' opens" in str(error.value)


def test_a_final_account_recomputes_its_completion_and_growth_checks(
    project_copy: ProjectCopy, tmp_path: Path
) -> None:
    """社决: 预算数 | 决算数 | 完成预算%; the completion printed in the table is recomputed from the
    row's two figures by the rule that recomputes checks stated in prose (stated_check_recomputes),
    and a wrong one is named with its place."""
    forms = official_forms(phase_word="决算", columns=FINAL_ACCOUNT_COLUMNS)
    line = forms.fund_lines[("work_injury", "closing_balance")]
    lines = forms.text.split("\n")
    label, budget, final, printed = lines[line - 1].split("\t")
    # 11,614 over a budget of 16,435: 70.7% printed 80.7%
    assert (budget, final, printed) == ("164,350,000.00", "116,140,000.00", "70.7")
    lines[line - 1] = "\t".join([label, budget, final, "80.7"])
    exit_code, warehouse = build_forms(
        project_copy(), "\n".join(lines), tmp_path, document_id="652800-benji-2020-final_account"
    )
    assert exit_code == ExitCode.GATE_FAILED
    checks = query(
        warehouse,
        "select status, count(*) as results from marts.fct_quality_findings "
        "where rule_id = 'stated_check_recomputes' group by all order by all",
    )
    # every completion the fund tables print is recomputed, within the rounding of its one
    # decimal, and the one changed fails
    printed_checks = sum(
        1
        for line in lines
        if line.count("\t") == 3 and line.split("\t")[3] not in ("", "完成预算%")
    )
    assert printed_checks == 73
    by_status = {row["status"]: row["results"] for row in checks}
    assert by_status["failed"] == 1
    assert by_status["passed"] + by_status["within_tolerance"] == printed_checks - 1
    failed = query(
        warehouse,
        "select fund_code, line_code, compared_phase_code, expected_wan_yuan, actual_wan_yuan, "
        "source_lines from marts.fct_quality_findings "
        "where rule_id = 'stated_check_recomputes' and status = 'failed'",
    )
    assert failed == [
        {
            "fund_code": "work_injury",
            "line_code": "closing_balance",
            "compared_phase_code": "budget",
            "expected_wan_yuan": Decimal(11614),
            "actual_wan_yuan": Decimal("13263.045000"),
            "source_lines": f"{line}, {line}",
        }
    ]
    recomputed = query(
        warehouse,
        "select printed_text, recomputed_value from marts.fct_printed_checks "
        f"where source_line = {line}",
    )
    assert recomputed == [{"printed_text": "80.7", "recomputed_value": Decimal("70.6663")}]


@pytest.mark.parametrize(
    ("label", "table_code"),
    [
        ("一、期初余额", "balance"),
        ("二、收入合计", "income"),
        ("（一）收入小计", "income"),
        ("1.社会保险费收入", "income"),
        ("2.机关事业单位基本养老保险费收入", "income"),
        ("（二）上级补助收入", "income"),
        ("三、支出合计", "expenditure"),
        ("1.城乡居民基本养老保险待遇支出", "expenditure"),
        ("2.失业保险金支出", "expenditure"),
        ("（三）上解上级支出", "expenditure"),
        ("四、本年收支结余", "balance"),
        ("五、年末滚存结余", "balance"),
        ("其中：个人账户结余", "balance"),
        ("一、基金总额", None),
    ],
)
def test_a_statement_row_belongs_to_the_table_of_the_line_it_names(
    label: str, table_code: str | None
) -> None:
    assert REFERENCE.table_of_line(label) == table_code


def test_items_the_catalogue_does_not_list_are_kept_under_the_row_they_are_numbered_under(
    project_copy: ProjectCopy, tmp_path: Path
) -> None:
    """The official forms print items of their own (2.医疗补助金 under （一）支出小计, a detail
    （1） under 1.基本养老金支出): each is kept as an item of the line of the row its numbering
    puts it under, reported as information, and counted where its parent's items are summed;
    a wrong item breaks the sum it is part of, named."""
    forms = official_forms(unlisted_items=True)
    project = project_copy()
    exit_code, warehouse = build_forms(project, forms.text, tmp_path)
    assert exit_code == ExitCode.PUBLISHED
    items = query(
        warehouse,
        "select fund_code, parent_line_code, item_label, amount_wan_yuan, value_header "
        "from marts.fct_unlisted_items where fiscal_year = 2020 and not is_blank "
        "order by fund_code, source_line",
    )
    assert items == [
        {
            "fund_code": "pension_enterprise",
            "parent_line_code": parent,
            "item_label": NUMBERING.sub("", label),
            "amount_wan_yuan": Decimal(amount),
            "value_header": "本年预算数",
        }
        for label, _, parent, amount in UNLISTED_ITEMS
    ] + [
        # the summary (社预01) prints them in its 合计 column too: the total's items
        {
            "fund_code": "total",
            "parent_line_code": parent,
            "item_label": NUMBERING.sub("", label),
            "amount_wan_yuan": Decimal(amount),
            "value_header": "合计",
        }
        for label, _, parent, amount in UNLISTED_ITEMS
    ]
    reported = query(
        warehouse,
        "select status, severity, count(*) as results from marts.fct_quality_findings "
        "where rule_id = 'item_listed' group by all",
    )
    # three items of the pension fund (this year and last) and of the total (its 合计 column)
    assert reported == [{"status": "failed", "severity": "info", "results": 9}]
    sums = query(
        warehouse,
        "select status, count(*) as results from marts.fct_quality_findings "
        "where rule_id in ('parts_sum_to_total', 'parts_sum_within_total') "
        "and fund_code = 'pension_enterprise' and line_code = 'expenditure_subtotal' "
        "group by all",
    )
    assert sums == [{"status": "passed", "results": 4}]

    # 2.医疗补助金 printed 100 万元 too high in this year's column of the fund's own table
    line = next(
        number
        for number, row in enumerate(forms.text.split("\n"), 1)
        if row.startswith("2.医疗补助金\t")
    )
    rows = forms.text.split("\n")
    label, before, now, growth = rows[line - 1].split("\t")
    assert now == "12,000,000.00"
    rows[line - 1] = "\t".join([label, before, "13,000,000.00", growth])
    exit_code, warehouse = build_forms(project, "\n".join(rows), tmp_path)
    assert exit_code == ExitCode.GATE_FAILED
    failed = query(
        warehouse,
        "select rule_id, fund_code, line_code, difference_wan_yuan, source_lines "
        "from marts.fct_quality_findings where status = 'failed' and severity = 'error' "
        "order by rule_id",
    )
    subtotal = forms.fund_lines[("pension_enterprise", "expenditure_subtotal")]
    # the subtotal, then its items: 1.基本养老金支出, 2.医疗补助金, 3.丧葬补助金和抚恤金,
    # 4.其他支出; the detail （1） under 1. is not one of them
    source_lines = ", ".join(str(subtotal + step) for step in (0, 1, 3, 4, 5))
    assert failed == [
        {
            "rule_id": rule_id,
            "fund_code": "pension_enterprise",
            "line_code": "expenditure_subtotal",
            "difference_wan_yuan": Decimal(100),
            "source_lines": source_lines,
        }
        for rule_id in ("parts_sum_to_total", "parts_sum_within_total")
    ]


def test_an_unlisted_item_without_a_numbered_parent_still_fails_label_mapped(
    project_copy: ProjectCopy, tmp_path: Path
) -> None:
    """A row the catalogue does not list and that no numbering puts under a row (a top-level
    一、…) is not guessed: the build fails naming it (rule label_mapped)."""
    text = official_forms().text.replace(
        "五、年末滚存结余\t", "六、基金调剂金\t1.00\t1.00\t\n五、年末滚存结余\t", 1
    )
    line = text.split("\n").index("六、基金调剂金\t1.00\t1.00\t") + 1
    project = project_copy()
    source = tmp_path / "forms.txt"
    source.write_text(text, encoding="utf-8")
    shutil.rmtree(project.data_dir)
    write_disclosure(parse_disclosure(source, reference=REFERENCE), project.data_dir)
    outcome = build_quietly(project)
    assert outcome.exit_code == ExitCode.PIPELINE_FAILED
    report = "\n".join(outcome.lines)
    assert "[label_mapped]" in report
    assert f"source_line={line}" in report
    assert "row_label='六、基金调剂金'" in report
    assert "no numbering places it under a row" in report


def test_a_budget_and_the_final_account_that_restates_it_build_together(
    project_copy: ProjectCopy, tmp_path: Path
) -> None:
    """社决 prints the year's budget beside its final account (预算数 | 决算数 | 完成预算%). Held
    with the budget document of the same year, each budget figure in the marts is the budget
    document's own; the final account's printing of it is checked within its document (its
    identities, its completion checks) and compared with the budget document's (rule
    restatement_agrees, a warning: a final account may print the adjusted budget)."""
    project = project_copy()
    shutil.rmtree(project.data_dir)
    budget = official_forms()
    final = official_forms(phase_word="决算", columns=FINAL_ACCOUNT_COLUMNS)
    for name, forms in (("budget.txt", budget), ("final.txt", final)):
        source = tmp_path / name
        source.write_text(forms.text, encoding="utf-8")
        write_disclosure(parse_disclosure(source, reference=REFERENCE), project.data_dir)
    outcome = build_quietly(project)
    assert outcome.exit_code == ExitCode.PUBLISHED, outcome.lines
    assert outcome.published_to is not None
    warehouse = outcome.published_to
    facts = query(
        warehouse,
        "select phase_code, document_id, source_line, amount_wan_yuan from marts.fct_fund_lines "
        "where fiscal_year = 2020 and fund_code = 'pension_enterprise' "
        "and line_code = 'closing_balance' order by phase_code",
    )
    assert facts == [
        {
            "phase_code": "budget",
            "document_id": "652800-benji-2020-budget",
            "source_line": budget.fund_lines[("pension_enterprise", "closing_balance")],
            "amount_wan_yuan": Decimal(304254),
        },
        {
            "phase_code": "final_account",
            "document_id": "652800-benji-2020-final_account",
            "source_line": final.fund_lines[("pension_enterprise", "closing_balance")],
            "amount_wan_yuan": Decimal(304254),
        },
    ]
    years = query(
        warehouse,
        "select phase_code, document_id from marts.fct_fund_years "
        "where fiscal_year = 2020 and fund_code = 'total' order by phase_code",
    )
    assert years == [
        {"phase_code": "budget", "document_id": "652800-benji-2020-budget"},
        {"phase_code": "final_account", "document_id": "652800-benji-2020-final_account"},
    ]
    # the final account's budget column is checked within its own document
    checked = query(
        warehouse,
        "select rule_id, count(*) as results from marts.fct_quality_findings "
        "where document_id = '652800-benji-2020-final_account' and phase_code = 'budget' "
        "and rule_id in ('surplus_identity', 'opening_plus_surplus_is_closing') group by all "
        "order by all",
    )
    assert checked == [
        {"rule_id": "opening_plus_surplus_is_closing", "results": 7},
        {"rule_id": "surplus_identity", "results": 7},
    ]
    # its balances are last year's (the fixture's 预算数 column): restated differently
    restated = query(
        warehouse,
        "select fund_code, line_code, severity, difference_wan_yuan "
        "from marts.fct_quality_findings where rule_id = 'restatement_agrees' "
        "and status = 'failed' and fund_code = 'pension_enterprise' order by line_code",
    )
    assert restated == [
        {
            "fund_code": "pension_enterprise",
            "line_code": "closing_balance",
            "severity": "warning",
            "difference_wan_yuan": Decimal(-3263),
        },
        {
            "fund_code": "pension_enterprise",
            "line_code": "opening_balance",
            "severity": "warning",
            "difference_wan_yuan": Decimal(-3263),
        },
    ]


BASE_DATA = """社预附01表
2020年巴州本级基本养老保险基础资料表
单位：人
项目\t上年执行数\t本年预算数
一、参保人数\t120,345\t125,000
其中：在职职工人数\t90,000\t92,000
二、离退休人数\t30,345\t33,000

社预附03表
2020年巴州本级失业保险、工伤保险基础资料表
单位：人
项目\t上年执行数\t本年预算数
一、失业保险参保人数\t50,000\t51,000
"""
"""The base-data forms (社预附01–03: insured persons, retirees; in 人) that follow 社预08 in
the official set, as 铁岭县 publishes it: made-up figures."""


def test_the_base_data_forms_after_the_statements_are_read_past(tmp_path: Path) -> None:
    """The set was refused after 社预08 (a paragraph where a row of its table was expected); the
    base-data forms are no statement and hold no money: read past, the statements' rows as in
    the set without them."""
    text = official_forms().text
    alone, with_base_data = tmp_path / "alone.txt", tmp_path / "with-base-data.txt"
    alone.write_text(text, encoding="utf-8")
    with_base_data.write_text(text + BASE_DATA, encoding="utf-8")
    expected = parse_disclosure(alone, reference=REFERENCE)
    read = parse_disclosure(with_base_data, reference=REFERENCE)
    for name in ("table_cells.csv", "narrative_figures.csv", "performance_targets.csv"):
        assert read.files[name] == expected.files[name], name


def test_a_table_of_contents_with_dot_leaders_is_read_past(tmp_path: Path) -> None:
    """The set as 铁岭县 publishes it: a table of contents whose entries name each form and its
    number after dot leaders (一、2020年…总表……社预01表), before the forms themselves: its
    entries are not tables, the forms' rows are read as in the set without it."""
    text = official_forms().text
    names = ["社会保险基金预算总表"] + [f"{name}预算表" for _, name, _ in FUNDS[1:]]
    forms = [f"社预0{number}表" for number in range(1, 9)]
    contents = ["目      录"] + [
        f"  {ordinal}、2020年巴州本级{name}{'.' * 40}{form}"
        for ordinal, name, form in zip("一二三四五六七八", names, forms, strict=True)
    ]
    contents.append(f"  九、2020年基本养老保险基础资料表{'.' * 40}社预附01表")
    first, rest = text.split("\n", 1)
    alone, with_contents = tmp_path / "alone.txt", tmp_path / "with-contents.txt"
    alone.write_text(text, encoding="utf-8")
    with_contents.write_text("\n".join([first, "", *contents, "", rest]), encoding="utf-8")
    expected = parse_disclosure(alone, reference=REFERENCE)
    read = parse_disclosure(with_contents, reference=REFERENCE)
    shift = len(contents) + 2
    for name in ("table_cells.csv", "narrative_figures.csv", "performance_targets.csv"):
        assert read.files[name][1] == moved_down(expected.files[name][1], shift), name
