"""Three other layouts, each written by a fixture from the real figures: a table with the funds
as columns, a table with a two-row header, and a national-style table in 亿元 with a percentage
column (a printed check, not a phase)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from decimal import ROUND_HALF_EVEN, Decimal
from pathlib import Path

from conftest import BuiltWarehouse
from sibudget.build import ExitCode
from sibudget.ingest import Reference, parse_disclosure, write_disclosure
from sibudget.project import Project
from sibudget.warehouse import query
from support import REPO, build_quietly

ProjectCopy = Callable[[], Project]
TABLES = (("income", "收入表"), ("expenditure", "支出表"), ("balance", "结余表"))
FUND_COLUMNS = (
    ("total", "合计"),
    ("pension_enterprise", "企业职工基本养老保险基金"),
    ("pension_public_sector", "机关事业单位基本养老保险基金"),
    ("pension_resident", "城乡居民基本养老保险基金"),
    ("medical_employee", "城镇职工基本医疗保险基金"),
    ("medical_resident", "城乡居民基本医疗保险基金"),
    ("work_injury", "工伤保险基金"),
    ("unemployment", "失业保险基金"),
)
LINE_ROWS = {
    "income": (
        ("income_total", "收入"),
        ("income_premium", "其中: 保险费收入"),
        ("income_interest", "利息收入"),
        ("income_subsidy", "财政补贴收入"),
    ),
    "expenditure": (
        ("expenditure_total", "支出"),
        ("expenditure_benefit", "其中: 社会保险待遇支出"),
    ),
    "balance": (("surplus", "本年收支结余"), ("closing_balance", "年末累计结余")),
}
FUND_YEARS = (
    "select fund_code, income_wan_yuan, income_premium_wan_yuan, income_interest_wan_yuan, "
    "income_subsidy_wan_yuan, expenditure_wan_yuan, expenditure_benefit_wan_yuan, "
    "surplus_printed_wan_yuan, closing_balance_wan_yuan from marts.fct_fund_years "
    "where fiscal_year = 2020 and phase_code = 'budget' order by fund_code"
)
# The rules on the tables: not those on the individual-account balances, which only the real
# document's prose states (the fixtures are tables alone).
TABLE_RULES = (
    "select rule_id, fund_code, line_code, status, severity, difference_wan_yuan "
    "from marts.fct_quality_findings where rule_id not like 'narrative%' "
    "and rule_id not in ('expected_fund_present', 'unexpected_fund') "
    "and line_code is distinct from 'individual_account_balance' "
    "and not (rule_id = 'parts_sum_within_total' and line_code = 'closing_balance') order by all"
)


def printed(built: BuiltWarehouse) -> list[dict[str, object]]:
    """The real document's printed table rows, in order, with fund, line and text."""
    return query(
        built.path,
        "select table_code, source_line, row_label, fund_code, line_code, amount_text, "
        "amount_wan_yuan from marts.fct_fund_lines where statement_source = 'table' "
        "order by source_line",
    )


def ingest_and_build(
    project: Project, text: str, tmp_path: Path, *, region: str = "652800", scope: str = "benji"
) -> tuple[Path, str]:
    source = tmp_path / "fixture.txt"
    source.write_text(text, encoding="utf-8")
    disclosure = parse_disclosure(
        source, region_code=region, scope=scope, reference=Reference.from_seeds(REPO / "seeds")
    )
    shutil.rmtree(project.data_dir)
    write_disclosure(disclosure, project.data_dir)
    outcome = build_quietly(project)
    assert outcome.exit_code == ExitCode.PUBLISHED, outcome.lines
    return project.served_warehouse, disclosure.document_id


def test_funds_as_columns(built: BuiltWarehouse, project_copy: ProjectCopy, tmp_path: Path) -> None:
    figures = {
        (row["fund_code"], row["line_code"]): row["amount_text"] or "" for row in printed(built)
    }
    lines: list[str] = []
    for number, (table, suffix) in enumerate(TABLES, start=1):
        lines += [f"附件{number}:", "", f"2020年巴州本级社会保险基金预算{suffix}", "单位: 万元"]
        lines.append("项 目\t" + "\t".join(header for _, header in FUND_COLUMNS))
        for line_code, label in LINE_ROWS[table]:
            cells = [str(figures.get((fund, line_code), "")) for fund, _ in FUND_COLUMNS]
            lines.append(label + "\t" + "\t".join(cells))
        lines.append("")
    warehouse, _ = ingest_and_build(project_copy(), "\n".join(lines), tmp_path)
    assert query(warehouse, FUND_YEARS) == query(built.path, FUND_YEARS)
    assert query(warehouse, TABLE_RULES) == query(built.path, TABLE_RULES)
    cell = query(
        warehouse,
        "select row_label, value_header, amount_text from marts.fct_fund_lines "
        "where fund_code = 'medical_resident' and line_code = 'income_premium'",
    )
    assert cell == [
        {
            "row_label": "其中: 保险费收入",
            "value_header": "城乡居民基本医疗保险基金",
            "amount_text": "26,514",
        }
    ]


def standard_tables(
    built: BuiltWarehouse,
    *,
    header: list[str],
    render: Callable[[dict[str, object]], list[str]],
    unit: str = "万元",
    title: str = "2020年巴州本级社会保险基金预算{}",
    total_label: Callable[[str], str] = lambda label: label,
) -> str:
    rows = printed(built)
    lines: list[str] = []
    for number, (table, suffix) in enumerate(TABLES, start=1):
        lines += [f"附件{number}:", "", title.format(suffix), f"单位：{unit}", *header]
        for row in (row for row in rows if row["table_code"] == table):
            label = total_label(str(row["row_label"]))
            lines.append(label + "\t" + "\t".join(render(row)))
        lines.append("")
    return "\n".join(lines)


def prior_year(
    row: dict[str, object], built_rows: dict[tuple[str, str], Decimal | None]
) -> Decimal | None:
    """Last year's figure for the fixture: the same, except the year-end balance, which is this
    year's minus this year's surplus, so that the balance rolls forward."""
    amount = row["amount_wan_yuan"]
    assert amount is None or isinstance(amount, Decimal)
    if row["line_code"] == "closing_balance" and amount is not None:
        return amount - (built_rows[(str(row["fund_code"]), "surplus")] or Decimal(0))
    return amount


def test_a_two_row_header(built: BuiltWarehouse, project_copy: ProjectCopy, tmp_path: Path) -> None:
    by_key = {
        (str(r["fund_code"]), str(r["line_code"])): r["amount_wan_yuan"] for r in printed(built)
    }

    def render(row: dict[str, object]) -> list[str]:
        prior = prior_year(row, by_key)  # type: ignore[arg-type]
        return ["" if prior is None else f"{prior:,.0f}", str(row["amount_text"] or "")]

    text = standard_tables(
        built, header=["项 目\t2019年\t2020年", "\t执行数\t预算数"], render=render
    )
    warehouse, _ = ingest_and_build(project_copy(), text, tmp_path)
    assert query(warehouse, FUND_YEARS) == query(built.path, FUND_YEARS)
    columns = query(
        warehouse,
        "select value_header, fiscal_year, phase_code, count(*) as figures "
        "from marts.fct_fund_lines group by all order by all",
    )
    assert columns == [
        {
            "value_header": "2019年执行数",
            "fiscal_year": 2019,
            "phase_code": "estimated_outturn",
            "figures": 64,
        },
        {
            "value_header": "2020年预算数",
            "fiscal_year": 2020,
            "phase_code": "budget",
            "figures": 64,
        },
    ]
    rolled = query(
        warehouse,
        "select status, count(*) as results from marts.fct_quality_findings "
        "where rule_id = 'roll_forward' group by all",
    )
    assert rolled == [{"status": "passed", "results": 8}]


def yi_yuan(amount: Decimal | None) -> str:
    if amount is None:
        return ""
    return f"{(amount / 10000).quantize(Decimal('0.01'), rounding=ROUND_HALF_EVEN):,}"


def test_a_national_style_table_in_yi_yuan(
    built: BuiltWarehouse, project_copy: ProjectCopy, tmp_path: Path
) -> None:
    by_key = {
        (str(r["fund_code"]), str(r["line_code"])): r["amount_wan_yuan"] for r in printed(built)
    }

    def render(row: dict[str, object]) -> list[str]:
        prior, budget = prior_year(row, by_key), row["amount_wan_yuan"]  # type: ignore[arg-type]
        assert budget is None or isinstance(budget, Decimal)
        ratio = "" if not prior or budget is None else f"{budget / prior * 100:.1f}"
        return [yi_yuan(prior), yi_yuan(budget), ratio]

    text = (
        standard_tables(
            built,
            header=["项目\t2019年执行数\t2020年预算数\t预算数为上年执行数的%"],
            render=render,
            unit="亿元",
            title="2020年全国社会保险基金{}",
            total_label=lambda label: label.replace("巴州本级", "全国"),
        )
        .replace("收入表", "收入预算表")
        .replace("支出表", "支出预算表")
        .replace("结余表", "结余预算表")
    )
    assert "2020年全国社会保险基金收入预算表" in text
    warehouse, document_id = ingest_and_build(
        project_copy(), text, tmp_path, region="000000", scope="area"
    )
    assert document_id == "000000-area-2020-budget"
    totals = query(
        warehouse,
        "select fiscal_year, phase_code, income_wan_yuan, closing_balance_wan_yuan "
        "from marts.fct_fund_years where fund_code = 'total' order by fiscal_year",
    )
    assert totals == [
        {
            "fiscal_year": 2019,
            "phase_code": "estimated_outturn",
            "income_wan_yuan": Decimal(630500),
            "closing_balance_wan_yuan": Decimal(621500),
        },
        {
            "fiscal_year": 2020,
            "phase_code": "budget",
            "income_wan_yuan": Decimal(630500),
            "closing_balance_wan_yuan": Decimal(648400),
        },
    ]
    # Rounded to 0.01 亿元 (100 万元) line by line, the sum of the funds differs from the printed
    # total within the tolerance: reported as info, not an error. The tolerance is half the
    # rounding unit of each term, the total's included: 6 printed funds and the total, 7 × 50.
    income_sum = query(
        warehouse,
        "select expected_wan_yuan, actual_wan_yuan, tolerance_wan_yuan, status "
        "from marts.fct_quality_findings where rule_id = 'funds_sum_to_total' "
        "and line_code = 'income_total' and fiscal_year = 2020",
    )
    assert income_sum == [
        {
            "expected_wan_yuan": Decimal(630500),
            "actual_wan_yuan": Decimal(630400),
            "tolerance_wan_yuan": Decimal(350),
            "status": "within_tolerance",
        }
    ]
    checks = query(
        warehouse,
        "select value_header, printed_text from marts.fct_printed_checks "
        "where row_label = '全国社会保险基金收入合计'",
    )
    assert checks == [{"value_header": "预算数为上年执行数的%", "printed_text": "100.0"}]
    assert query(warehouse, "select count(*) as checks from marts.fct_printed_checks") == [
        {"checks": 64}
    ]
