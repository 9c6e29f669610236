"""The warehouse built from the real 2020 巴州本级 budget: every printed figure, the surplus view,
the rounding findings, the indicators and the gate."""

from __future__ import annotations

import hashlib
from decimal import Decimal

import pytest

from conftest import BuiltWarehouse
from sibudget.warehouse import query
from support import DOCUMENT_ID, SHARED_SOURCE_TEXT, SOURCE_TEXT, printed_table_figures

D = Decimal

# The balance, income and expenditure tables of the disclosure, per fund (万元; None = blank).
#                          income,        expenditure,   surplus,    closing balance
PRINTED = {
    "total": (D(630490), D(603611), D(26878), D(648386)),
    "pension_enterprise": (D(280645), D(277382), D(3263), D(304254)),
    "pension_public_sector": (D(48990), D(48990), None, D(4743)),
    "pension_resident": (None, None, None, None),
    "medical_employee": (D(193339), D(169405), D(23934), D(246030)),
    "medical_resident": (D(85717), D(85445), D(271), D(37015)),
    "work_injury": (D(7117), D(11938), D(-4821), D(11614)),
    "unemployment": (D(14682), D(10451), D(4231), D(44730)),
}

# Fund names as the balance table prints them, for an independent reading of its labels.
BALANCE_LABEL_FUNDS = {
    "企业职工基本养老保险基金": "pension_enterprise",
    "机关事业单位基本养老保险基金": "pension_public_sector",
    "城乡居民基本养老保险基金": "pension_resident",
    "城镇职工基本医疗保险基金": "medical_employee",
    "城乡居民基本医疗保险基金": "medical_resident",
    "失业保险基金": "unemployment",
    "工伤保险基金": "work_injury",
}


def test_the_source_text_is_the_published_document() -> None:
    document_csv = (
        SOURCE_TEXT.parents[1] / "disclosures" / DOCUMENT_ID / "document.csv"
    ).read_text(encoding="utf-8")
    digest = hashlib.sha256(SOURCE_TEXT.read_bytes()).hexdigest()
    assert digest in document_csv
    if SHARED_SOURCE_TEXT.is_file():
        assert SHARED_SOURCE_TEXT.read_bytes() == SOURCE_TEXT.read_bytes()


def test_every_printed_table_figure_is_in_the_marts_exactly(built: BuiltWarehouse) -> None:
    printed = printed_table_figures()
    assert len(printed) == 64
    rows = {
        row["source_line"]: row
        for row in query(
            built.path, "select * from marts.fct_fund_lines where statement_source = 'table'"
        )
    }
    assert len(rows) == len(printed)
    for figure in printed:
        row = rows[figure.line]
        assert row["row_label"] == figure.label
        assert row["amount_text"] == (figure.text or None)
        assert row["amount_wan_yuan"] == figure.amount
        assert row["is_blank"] is (figure.text == "")
        assert row["document_id"] == DOCUMENT_ID
        assert row["unit_text"] == "万元"
        assert row["value_header"] == "2020年预算数"
        assert (row["region_code"], row["scope"], row["fiscal_year"], row["phase_code"]) == (
            "652800",
            "benji",
            2020,
            "budget",
        )


def test_figures_only_the_narrative_states_are_facts_too(built: BuiltWarehouse) -> None:
    """The individual-account balances are in no table: the prose states them (lines 101 and
    115), so they are facts marked as stated in prose, checked as parts of the closing balance."""
    rows = query(
        built.path,
        "select fund_code, line_code, amount_text, amount_wan_yuan, source_line, row_label "
        "from marts.fct_fund_lines where statement_source = 'narrative' order by source_line",
    )
    assert rows == [
        {"fund_code": "pension_enterprise", "line_code": "individual_account_balance",
         "amount_text": "107650", "amount_wan_yuan": D("107650"), "source_line": 101,
         "row_label": "个人账户滚存结余"},
        {"fund_code": "medical_employee", "line_code": "individual_account_balance",
         "amount_text": "158,601", "amount_wan_yuan": D("158601"), "source_line": 115,
         "row_label": "个人账户滚存结余"},
    ]  # fmt: skip


def test_fund_surplus_shows_the_seven_funds_and_the_total(built: BuiltWarehouse) -> None:
    rows = query(
        built.path,
        "select * from marts.fund_surplus where fiscal_year = 2020 and phase_code = 'budget'",
    )
    assert {row["fund_code"] for row in rows} == set(PRINTED)
    for row in rows:
        income, expenditure, surplus, closing = PRINTED[row["fund_code"]]
        assert row["is_total"] is (row["fund_code"] == "total")
        assert row["income_wan_yuan"] == income
        assert row["expenditure_wan_yuan"] == expenditure
        assert row["surplus_printed_wan_yuan"] == surplus
        assert row["surplus_computed_wan_yuan"] == (income or 0) - (expenditure or 0)
        assert row["surplus_difference_wan_yuan"] == row["surplus_computed_wan_yuan"] - (
            surplus or 0
        )
        assert row["closing_balance_wan_yuan"] == closing


def test_the_surplus_view_agrees_with_the_balance_table(built: BuiltWarehouse) -> None:
    view = {row["fund_code"]: row for row in query(built.path, "select * from marts.fund_surplus")}
    balance_rows = [figure for figure in printed_table_figures() if 74 <= figure.line <= 89]
    assert len(balance_rows) == 16
    for figure in balance_rows:
        fund = next(
            (code for name, code in BALANCE_LABEL_FUNDS.items() if name in figure.label), "total"
        )
        column = (
            "surplus_printed_wan_yuan"
            if "本年收支结余" in figure.label
            else "closing_balance_wan_yuan"
        )
        assert view[fund][column] == figure.amount, figure


def test_rounding_differences_are_info_findings(built: BuiltWarehouse) -> None:
    rows = query(
        built.path,
        "select rule_id, fund_code, expected_wan_yuan, actual_wan_yuan, difference_wan_yuan, "
        "tolerance_wan_yuan, severity, source_lines from marts.fct_quality_findings "
        "where status = 'within_tolerance' order by fund_code",
    )
    assert rows == [
        {
            "rule_id": "surplus_identity",
            "fund_code": "medical_resident",
            "expected_wan_yuan": D(271),
            "actual_wan_yuan": D(272),
            "difference_wan_yuan": D(1),
            "tolerance_wan_yuan": D(1),
            "severity": "info",
            "source_lines": "30, 60, 79",
        },
        {
            "rule_id": "surplus_identity",
            "fund_code": "total",
            "expected_wan_yuan": D(26878),
            "actual_wan_yuan": D(26879),
            "difference_wan_yuan": D(1),
            "tolerance_wan_yuan": D(1),
            "severity": "info",
            "source_lines": "10, 50, 74",
        },
    ]


def test_the_real_document_passes_the_gate(built: BuiltWarehouse) -> None:
    assert built.path.name == "sibudget.duckdb"
    assert not query(
        built.path, "select * from marts.fct_quality_findings where blocks_publication"
    )
    evaluated = {
        row["rule_id"]: row["results"]
        for row in query(
            built.path,
            "select rule_id, count(*) as results from marts.fct_quality_findings group by rule_id",
        )
    }
    # Every rule that applies to one budget, for every subject: 8 lines summed over the funds;
    # 8 fund-years (7 funds and the total, blank rows included); 32 parts and 16 groups of parts
    # in the tables and 2 more of each for the individual-account balances the narrative states;
    # 48 income and expenditure figures and 8 year-end balances and those 2; 8 funds x 3 tables.
    # No roll-forward (one year) and no unexpected fund.
    # Narrative: 49 stated figures have a table figure (45 in the narrative, 年度资金总额 in the
    # performance table... and 3 more in the summary paragraph), 6 funds print non-blank figures.
    assert evaluated == {
        "funds_sum_to_total": 8,
        "surplus_identity": 8,
        "part_within_total": 34,
        "parts_sum_within_total": 18,
        "amount_non_negative": 48,
        "balance_non_negative": 10,
        "expected_fund_present": 24,
        "narrative_matches_table": 51,
        "narrative_unit_matches_table": 51,
        "narrative_zero_for_blank": 9,
        "narrative_fund_present": 6,
        "narrative_present": 1,
        # every amount of the narrative (52; the performance table's are not subjects) is on a
        # line of the catalogue
        "narrative_figure_on_a_line": 52,
    }
    assert any("26,879" in line for line in built.outcome.lines)
    assert any(line.startswith("Published ") for line in built.outcome.lines)
    assert built.outcome.lines[-1].startswith("Took files ")
    assert list(built.outcome.seconds) == [
        "files", "dbt build", "gate", "Great Expectations", "release"
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("fund_code", "column", "value"),
    [
        ("pension_enterprise", "months_of_payment", D("13.16")),  # 304254 × 12 / 277382
        ("unemployment", "months_of_payment", D("51.36")),  # 44730 × 12 / 10451
        ("medical_resident", "subsidy_dependence", D("0.6815")),  # 58414 / 85717
        ("total", "subsidy_dependence", D("0.1350")),  # 85093 / 630490
        ("pension_public_sector", "subsidy_dependence", D("0.5446")),  # 26679 / 48990
        ("total", "contribution_coverage", D("0.8766")),  # 529123 / 603611
        ("unemployment", "benefit_share", D("0.4213")),  # 4403 / 10451
        ("pension_enterprise", "income_other_wan_yuan", D(4863)),  # 280645 - 270711 - 5071
        ("work_injury", "implied_opening_balance_wan_yuan", D(16435)),  # 11614 + 4821
        ("pension_resident", "months_of_payment", None),  # nothing budgeted: no expenditure
    ],
)
def test_indicators(
    built: BuiltWarehouse, fund_code: str, column: str, value: Decimal | None
) -> None:
    rows = query(
        built.path,
        f"select {column} as value from marts.fct_fund_years where fund_code = ?",
        [fund_code],
    )
    assert rows == [{"value": value}]


def test_documents_regions_and_data_docs(built: BuiltWarehouse) -> None:
    documents = query(built.path, "select * from marts.dim_documents")
    assert [
        (row["document_id"], row["printed_figure_count"], row["printed_row_count"])
        for row in documents
    ] == [(DOCUMENT_ID, 64, 64)]
    assert documents[0]["source_sha256"] == hashlib.sha256(SOURCE_TEXT.read_bytes()).hexdigest()
    assert query(
        built.path, "select region_name_zh from marts.dim_regions where region_code = '652800'"
    ) == [{"region_name_zh": "巴音郭楞蒙古自治州"}]
    index = (
        built.project.data_docs_dir
        / "gx"
        / "uncommitted"
        / "data_docs"
        / "local_site"
        / "index.html"
    )
    assert index.is_file()
    assert any("Great Expectations" in line and "passed" in line for line in built.outcome.lines)


def test_every_disagreement_of_the_narrative_with_the_tables_is_found(
    built: BuiltWarehouse,
) -> None:
    rows = query(
        built.path,
        "select rule_id, severity, fund_code, line_code, source_lines, compared_source_lines "
        "from marts.fct_quality_findings where rule_id like 'narrative%' and status <> 'passed' "
        "order by rule_id, source_lines, compared_source_lines",
    )
    found = [
        (row["rule_id"], row["severity"], row["fund_code"], row["line_code"], row["source_lines"])
        for row in rows
    ]
    zero_for_blank = [
        ("narrative_zero_for_blank", "info", fund, line, narrative_line)
        for fund, line, narrative_line in [
            ("pension_enterprise", "income_subsidy", "101"),  # 财政补贴收入 0 万元; table blank
            ("pension_resident", "income_total", "105"),  # the whole fund: 0 stated, blank printed
            ("pension_resident", "income_premium", "105"),
            ("pension_resident", "expenditure_total", "105"),
            ("pension_resident", "closing_balance", "105"),
            ("pension_resident", "income_subsidy", "105"),
            ("pension_resident", "expenditure_benefit", "105"),
            ("pension_resident", "surplus", "105"),
            ("pension_public_sector", "surplus", "111"),  # 本年收支结余 0 万元; table blank
        ]
    ]
    assert sorted(found) == sorted(
        [
            # 本年收入 85,717 元: the table's 85,717 is in 万元
            ("narrative_unit_matches_table", "warning", "medical_resident", "income_total", "119"),
            *zero_for_blank,
        ]
    )
    facts = query(
        built.path,
        "select fund_code, line_code, amount_text, source_line from marts.fct_narrative_figures "
        "where reconciliation = 'narrative_only' and line_code is not null order by source_line",
    )
    assert facts == [
        {
            "fund_code": "pension_enterprise",
            "line_code": "individual_account_balance",
            "amount_text": "107650",
            "source_line": 101,
        },
        {
            "fund_code": "medical_employee",
            "line_code": "individual_account_balance",
            "amount_text": "158,601",
            "source_line": 115,
        },
    ]
    annual_total = query(
        built.path,
        "select status, expected_wan_yuan, actual_wan_yuan from marts.fct_quality_findings "
        "where rule_id = 'narrative_matches_table' and table_code = 'performance_table'",
    )
    assert annual_total == [
        {"status": "passed", "expected_wan_yuan": D(603611), "actual_wan_yuan": D(603611)}
    ]


def test_performance_targets_are_parsed(built: BuiltWarehouse) -> None:
    rows = {
        row["source_line"]: row
        for row in query(built.path, "select * from marts.fct_performance_targets")
    }
    assert len(rows) == 24
    parsed = {
        line: (row["target_operator"], row["target_low"], row["target_high"], row["target_unit"])
        for line, row in rows.items()
    }
    assert parsed[137] == (">=", D(99), None, "%")
    assert parsed[138] == ("within", None, D(12), "日")
    assert parsed[141] == ("range", D(95), D(105), "%")
    assert parsed[145] == (">=", D(72965), None, "人")
    assert parsed[149] == ("<", None, D("0.1"), "%")
    assert parsed[151] == ("=", D(100), D(100), "%")
    assert parsed[152] == ("qualitative", None, None, None)
    assert parsed[154] == ("<=", None, D(0), None)
    assert rows[138]["level_1_indicator"] == "项目完成指标"
    assert rows[138]["level_2_indicator"] == "时效指标"
    assert rows[156]["level_2_indicator"] == "满意度指标"


def test_the_coverage_shows_the_budget_held_and_the_final_account_missing(
    built: BuiltWarehouse,
) -> None:
    coverage = query(
        built.path,
        "select phase_code, is_expected, document_id, coverage_status, gate_status, "
        "coverage_state, failed_errors, failed_warnings, failed_infos, within_tolerance "
        "from marts.fct_coverage where region_code = '652800' and fiscal_year = 2020 "
        "order by phase_code",
    )
    absent = {
        "document_id": None,
        "gate_status": None,
        "failed_errors": 0,
        "failed_warnings": 0,
        "failed_infos": 0,
        "within_tolerance": 0,
    }
    assert coverage == [
        {
            "phase_code": "adjusted_budget",
            "is_expected": False,
            "coverage_status": "not_published",
            "coverage_state": "not_published",
            **absent,
        },
        {
            "phase_code": "budget",
            "is_expected": True,
            "document_id": "652800-benji-2020-budget",
            "coverage_status": "held",
            "gate_status": "passes",
            "coverage_state": "warns",  # it passes the gate with a warning
            # its failed findings: one warning (narrative_unit_matches_table) and nine infos
            "failed_errors": 0,
            "failed_warnings": 1,
            "failed_infos": 9,
            "within_tolerance": 2,
        },
        {
            "phase_code": "estimated_outturn",
            "is_expected": False,
            "coverage_status": "not_published",
            "coverage_state": "not_published",
            **absent,
        },
        # the final account of 2020 is due (seed phases: expected every year) and not held
        {
            "phase_code": "final_account",
            "is_expected": True,
            "coverage_status": "missing",
            "coverage_state": "missing",
            **absent,
        },
    ]
