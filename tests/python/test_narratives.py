"""Narrative-only disclosures (issue 10): national 说明 of consecutive years and phases, one with
sections headed "（一）…基金。", one stating only some funds, a county's note mixing 亿元 and
万元 (tests/fixtures/narratives). They are ingested with the region and scope their titles name
and built once, beside the real 2020 巴州 budget; the figures are facts like table figures and
every identity applies to them.

The national figures are written in the form of 财政部's 说明: the 2016 final account's enterprise
pension, residents' pension and employees' medical figures are the published ones, the rest are
made up to be consistent, except where a test needs a break: the 2017 budget's enterprise pension
balance is 120 亿元 above the 2016 final account's rolled forward (a gap between phases, a
warning), the 2017 final account's unemployment balance 100 亿元 above (an error from final account
to final account), and its work-injury growth rate is misprinted (19.5% for 15.9%)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import BuiltWarehouse, copy_compiled_sql
from sibudget.build import ExitCode
from sibudget.cli import main
from sibudget.ingest import (
    Disclosure,
    IngestError,
    Reference,
    parse_disclosure,
    write_disclosure,
)
from sibudget.project import Project
from sibudget.warehouse import query
from support import LOCK_WAIT, REPO, build_quietly, copy_project

FIXTURES = REPO / "tests" / "fixtures" / "narratives"
REFERENCE = Reference.from_seeds(REPO / "seeds")
FINAL_2016 = "000000-area-2016-final_account"
BUDGET_2017 = "000000-area-2017-budget"
FINAL_2017 = "000000-area-2017-final_account"
BUDGET_2018 = "000000-area-2018-budget"
COUNTY_2019 = "652801-benji-2019-budget"
YI = Decimal(10000)  # 万元 per 亿元


@pytest.fixture(scope="module")
def narratives(tmp_path_factory: pytest.TempPathFactory, built: BuiltWarehouse) -> Iterator[Path]:
    """The fixtures ingested (no --region: inferred) beside the real document and built (on the
    session build's compiled SQL); the warehouse the build left (staging: the 2017 final
    account's break blocks publication)."""
    project = copy_compiled_sql(
        built, copy_project(tmp_path_factory.mktemp("narratives") / "project")
    )
    for path in sorted(FIXTURES.glob("*.txt")):
        write_disclosure(parse_disclosure(path, reference=REFERENCE), project.data_dir)
    outcome = build_quietly(project)
    assert outcome.exit_code == ExitCode.GATE_FAILED, outcome.lines
    yield project.staging_warehouse


def findings(warehouse: Path, document_id: str, rule_id: str) -> list[dict[str, object]]:
    return query(
        warehouse,
        "select fund_code, line_code, compared_phase_code, status, severity, "
        "expected_wan_yuan, actual_wan_yuan, difference_wan_yuan, tolerance_wan_yuan "
        "from marts.fct_quality_findings where document_id = ? and rule_id = ? "
        "order by fund_code, line_code, compared_phase_code",
        [document_id, rule_id],
    )


def failed(warehouse: Path, document_id: str, rule_id: str) -> list[tuple[object, ...]]:
    return [
        (row["fund_code"], row["line_code"], row["severity"])
        for row in findings(warehouse, document_id, rule_id)
        if row["status"] == "failed"
    ]


def test_titles_give_region_scope_year_phase_and_the_stated_metadata(narratives: Path) -> None:
    documents = query(
        narratives,
        "select document_id, region_code, scope, fiscal_year, document_kind, title, publisher, "
        "published_on from marts.dim_documents where document_id <> '652800-benji-2020-budget' "
        "order by document_id",
    )
    assert [
        (row["document_id"], row["title"], row["publisher"], row["published_on"])
        for row in documents
    ] == [
        (FINAL_2016, "关于2016年全国社会保险基金决算的说明", None, date(2017, 6, 30)),
        (BUDGET_2017, "关于2017年全国社会保险基金预算的说明", None, None),
        (FINAL_2017, "关于2017年全国社会保险基金决算的说明", None, None),
        (BUDGET_2018, "关于2018年全国社会保险基金预算的说明", None, None),
        (
            COUNTY_2019,
            "关于库尔勒市2019年市本级社会保险基金预算的说明",
            "库尔勒市财政局",
            date(2019, 1, 20),
        ),
    ]


def test_stated_figures_are_facts_with_their_provenance(narratives: Path) -> None:
    facts = query(
        narratives,
        "select fund_code, line_code, amount_wan_yuan, amount_text, unit_text, statement_source, "
        "table_code, source_line, row_label from marts.fct_fund_lines "
        "where document_id = ? and fund_code in ('pension_enterprise', 'total') "
        "and line_code in ('income_total', 'income_premium', 'closing_balance') "
        "order by fund_code, line_code",
        [FINAL_2016],
    )
    assert facts == [
        {
            "fund_code": "pension_enterprise",
            "line_code": "closing_balance",
            "amount_wan_yuan": 36577 * YI,
            "amount_text": "36577",
            "unit_text": "亿元",
            "statement_source": "narrative",
            "table_code": "balance",
            "source_line": 6,
            "row_label": "年末滚存结余",
        },
        {
            "fund_code": "pension_enterprise",
            "line_code": "income_premium",
            "amount_wan_yuan": 22407 * YI,
            "amount_text": "22407",
            "unit_text": "亿元",
            "statement_source": "narrative",
            "table_code": "income",
            "source_line": 6,
            "row_label": "保险费收入",
        },
        {
            "fund_code": "pension_enterprise",
            "line_code": "income_total",
            "amount_wan_yuan": 28519 * YI,
            "amount_text": "28519",
            "unit_text": "亿元",
            "statement_source": "narrative",
            "table_code": "income",
            "source_line": 6,
            "row_label": "收入",
        },
        {
            "fund_code": "total",
            "line_code": "closing_balance",
            "amount_wan_yuan": 66962 * YI,
            "amount_text": "66962",
            "unit_text": "亿元",
            "statement_source": "narrative",
            "table_code": "balance",
            "source_line": 3,
            "row_label": "年末滚存结余",
        },
        {
            "fund_code": "total",
            "line_code": "income_premium",
            "amount_wan_yuan": 40379 * YI,
            "amount_text": "40379",
            "unit_text": "亿元",
            "statement_source": "narrative",
            "table_code": "income",
            "source_line": 3,
            "row_label": "其中保险费收入",
        },
        {
            "fund_code": "total",
            "line_code": "income_total",
            "amount_wan_yuan": 55540 * YI,
            "amount_text": "55540",
            "unit_text": "亿元",
            "statement_source": "narrative",
            "table_code": "income",
            "source_line": 3,
            "row_label": "2016年全国社会保险基金收入",
        },
    ]
    # every amount stated in prose maps to a fund and a line
    unmapped = query(
        narratives,
        "select document_id, source_line, figure_label from marts.fct_narrative_figures "
        "where statement_source = 'narrative' and figure_kind = 'amount' "
        "and (fund_code is null or line_code is null)",
    )
    assert unmapped == []


def test_sections_headed_with_their_text_on_the_same_line_map_fund_by_fund(
    narratives: Path,
) -> None:
    incomes = query(
        narratives,
        "select fund_code, amount_wan_yuan / 10000 as amount_yi_yuan from marts.fct_fund_lines "
        "where document_id = ? and line_code = 'income_total' order by fund_code",
        [BUDGET_2017],
    )
    assert {row["fund_code"]: row["amount_yi_yuan"] for row in incomes} == {
        "maternity": 560,
        "medical_employee": 11000,
        "medical_resident": 6700,
        "pension_enterprise": 30800,
        "pension_public_sector": 6200,
        "pension_resident": 3200,
        "total": 60390,
        "unemployment": 1150,
        "work_injury": 780,
    }
    assert failed(narratives, BUDGET_2017, "funds_sum_to_total") == []
    assert failed(narratives, BUDGET_2017, "surplus_identity") == []


def test_identities_apply_to_prose(narratives: Path) -> None:
    sums = findings(narratives, FINAL_2016, "funds_sum_to_total")
    assert [(row["line_code"], row["status"]) for row in sums] == [
        ("closing_balance", "passed"),
        ("expenditure_total", "passed"),
        ("income_premium", "passed"),
        ("income_total", "passed"),
        ("surplus", "passed"),
    ]
    # the subsidy is stated for four funds only and the benefits not for the total: not summed,
    # reported as information
    assert failed(narratives, FINAL_2016, "line_stated_for_every_fund") == [
        ("maternity", "income_subsidy", "info"),
        ("medical_employee", "income_subsidy", "info"),
        ("total", "expenditure_benefit", "info"),
        ("unemployment", "income_subsidy", "info"),
        ("work_injury", "income_subsidy", "info"),
    ]
    parts = findings(narratives, FINAL_2016, "part_within_total")
    assert len(parts) == 22 and {row["status"] for row in parts} == {"passed"}


def test_roll_forward_warns_between_phases_and_fails_from_final_account_to_final_account(
    narratives: Path,
) -> None:
    budget = [
        (row["fund_code"], row["severity"], row["difference_wan_yuan"])
        for row in findings(narratives, BUDGET_2017, "roll_forward")
        if row["status"] == "failed"
    ]
    assert budget == [
        ("pension_enterprise", "warning", -120 * YI),
        ("total", "warning", -120 * YI),
    ]
    final = [
        (row["fund_code"], row["compared_phase_code"], row["severity"], row["difference_wan_yuan"])
        for row in findings(narratives, FINAL_2017, "roll_forward")
        if row["status"] == "failed"
    ]
    assert final == [
        ("total", "final_account", "error", -100 * YI),
        ("unemployment", "final_account", "error", -100 * YI),
    ]
    passed = [
        row["fund_code"]
        for row in findings(narratives, FINAL_2017, "roll_forward")
        if row["status"] == "passed"
    ]
    assert len(passed) == 7


def test_a_statement_of_some_funds_only_is_information(narratives: Path) -> None:
    # the 2018 budget states the totals and the income of five funds
    assert findings(narratives, BUDGET_2018, "funds_sum_to_total") == []
    assert failed(narratives, BUDGET_2018, "expected_fund_present") == [
        ("maternity", None, "info"),
        ("unemployment", None, "info"),
        ("work_injury", None, "info"),
    ]
    not_stated = failed(narratives, BUDGET_2018, "line_stated_for_every_fund")
    assert ("work_injury", "income_total", "info") in not_stated
    assert ("pension_enterprise", "expenditure_total", "info") in not_stated
    assert {severity for _, _, severity in not_stated} == {"info"}
    blocking = query(
        narratives,
        "select count(*) as n from marts.fct_quality_findings "
        "where document_id = ? and status = 'failed' and severity in ('error', 'warning') "
        "and rule_id <> 'roll_forward'",
        [BUDGET_2018],
    )
    assert blocking == [{"n": 0}]


def test_units_are_read_per_figure_and_rounding_follows_them(narratives: Path) -> None:
    # totals in 亿元 to two decimals (rounding unit 100 万元), funds in whole 万元
    sums = findings(narratives, COUNTY_2019, "funds_sum_to_total")
    assert [
        (row["line_code"], row["status"], row["difference_wan_yuan"], row["tolerance_wan_yuan"])
        for row in sums
    ] == [
        ("closing_balance", "within_tolerance", Decimal(30), Decimal(54)),
        ("expenditure_total", "within_tolerance", Decimal(14), Decimal(54)),
        ("income_total", "within_tolerance", Decimal(-32), Decimal(54)),
        ("surplus", "within_tolerance", Decimal(-46), Decimal(54)),
    ]


def test_an_unknown_region_is_refused_in_one_line_with_the_closest_names(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    source = FIXTURES / "national-2018-budget.txt"
    exit_code = main(
        ["ingest", str(source), "--region", "652899", "--data-dir", str(tmp_path), *LOCK_WAIT]
    )
    error = capsys.readouterr().err
    assert exit_code == 2
    assert error.count("\n") == 1
    assert "unknown region '652899'" in error and "652829 博湖县" in error
    assert list(tmp_path.iterdir()) == []
    assert main(["check", str(source), "--region", "巴州区县"]) == 2
    assert "closest: 511902 巴州区" in capsys.readouterr().err


def test_a_region_is_given_by_name_or_inferred_only_when_the_title_names_one(
    tmp_path: Path,
) -> None:
    source = FIXTURES / "national-2018-budget.txt"
    assert parse_disclosure(source, region_code="巴州", reference=REFERENCE).region_code == "652800"
    # a code with spaces around it is the same region (it made a second copy of the document,
    # folder "652800 -benji-…", before)
    spaced = parse_disclosure(source, region_code=" 652800 ", reference=REFERENCE)
    assert spaced.region_code == "652800" and spaced.document_id.startswith("652800-")
    untitled = tmp_path / "untitled.txt"
    untitled.write_text(source.read_text(encoding="utf-8").replace("全国", ""), encoding="utf-8")
    with pytest.raises(IngestError, match="give --region"):
        parse_disclosure(untitled, reference=REFERENCE)
    assert parse_disclosure(untitled, region_code="000000", reference=REFERENCE).scope == "benji"


def test_stated_checks_are_kept_and_recomputed_where_their_basis_is_held(
    narratives: Path,
) -> None:
    checks = query(
        narratives,
        "select document_id, fund_code, line_code, value_kind, printed_text, recomputed_value, "
        "compared_phase_code from marts.fct_printed_checks "
        "where statement_source = 'narrative' and fund_code = 'total' order by all",
    )
    assert [tuple(row.values()) for row in checks] == [
        (FINAL_2016, "total", "expenditure_total", "growth_rate", "13.5%", None, None),
        (FINAL_2016, "total", "income_total", "growth_rate", "11.1%", None, None),
        (
            FINAL_2017,
            "total",
            "closing_balance",
            "growth_amount",
            "8355亿元",
            Decimal("8355.0000"),
            "final_account",
        ),
        (
            FINAL_2017,
            "total",
            "expenditure_total",
            "growth_rate",
            "16.9%",
            Decimal("16.9081"),
            "final_account",
        ),
        (
            FINAL_2017,
            "total",
            "income_total",
            "completion_rate",
            "107.6%",
            Decimal("107.6238"),
            "budget",
        ),
        (
            FINAL_2017,
            "total",
            "income_total",
            "growth_rate",
            "17.0%",
            Decimal("17.0220"),
            "final_account",
        ),
    ]
    # the misprinted work-injury growth (19.5% for 15.9%) is the only check that fails
    assert failed(narratives, FINAL_2017, "stated_check_recomputes") == [
        ("work_injury", "income_total", "error")
    ]
    # a budget's growth is over the outturn of the year before; not held, over the previous
    # final account, a stand-in: a disagreement would be a warning
    budget = findings(narratives, BUDGET_2017, "stated_check_recomputes")
    assert len(budget) == 16
    assert {row["compared_phase_code"] for row in budget} == {"final_account"}
    severities = query(
        narratives,
        "select distinct severity from intermediate.int_stated_checks_recomputed "
        "where document_id = ?",
        [BUDGET_2017],
    )
    assert severities == [{"severity": "warning"}]


def test_a_long_run_of_digits_in_prose_is_read_in_linear_time(tmp_path: Path) -> None:
    """A narrative line holding a long run of digits without a unit (issue 16: a 40 KB line took
    81 s). The amount pattern tried every start inside the run, each scanning to its end: 8,000
    digits took 3 s, 100,000 would take minutes. Started only where a number starts, it is one
    pass; the guard is generous (seconds against minutes) and the figures around are kept."""
    import time

    source = FIXTURES / "national-2018-budget.txt"
    lines = source.read_text(encoding="utf-8").splitlines()
    [index] = [number for number, line in enumerate(lines) if "亿元" in line][:1]
    lines[index] = lines[index] + "1" * 100_000 + "，另有" + "1,2" * 20_000 + "，合计5亿元。"
    long = tmp_path / "long.txt"
    long.write_text("\n".join(lines), encoding="utf-8")
    started = time.perf_counter()
    disclosure = parse_disclosure(long, region_code="000000", reference=REFERENCE)
    assert time.perf_counter() - started < 10
    short = parse_disclosure(source, region_code="000000", reference=REFERENCE)

    def stated(read: Disclosure) -> set[tuple[str, str, str]]:
        _, rows = read.files["narrative_figures.csv"]
        return {(row["source_line"], row["amount_text"], row["unit_text"]) for row in rows}

    assert stated(short) < stated(disclosure)
    assert (str(index + 1), "5", "亿元") in stated(disclosure)


CENTRAL_2018 = REPO / "tests" / "fixtures" / "central" / "central-2018-final-account.txt"
"""关于2018年中央社会保险基金决算情况的说明 (财政部预算司), its opening as published: every figure
stated as a pair, 收入预算数676.34亿元，决算数589.67亿元，完成预算的87.2%."""


def test_a_final_account_stating_budget_and_outturn_in_pairs(
    project_copy: Callable[[], Project],
) -> None:
    """In 收入预算数X亿元，决算数Y亿元，完成预算的Z%, X is the year's budget (a restatement in
    a final account), the bare 决算数 is the final account of the line stated before it, and
    the completion is recomputed over the budget stated beside it; nothing collides."""
    disclosure = parse_disclosure(
        CENTRAL_2018, region_code="000000", scope="benji", reference=REFERENCE
    )
    _, rows = disclosure.files["narrative_figures.csv"]
    assert [
        (row["figure_label"], row["amount_text"], row["phase"], row["figure_kind"])
        for row in rows[:6]
    ] == [
        ("中央社会保险基金收入", "676.34", "budget", "amount"),
        ("中央社会保险基金收入", "589.67", "final_account", "amount"),
        ("完成预算的", "87.2", "final_account", "completion_rate"),
        ("保险费收入", "318.61", "budget", "amount"),
        ("保险费收入", "308.33", "final_account", "amount"),
        ("完成预算的", "96.8", "final_account", "completion_rate"),
    ]
    assert rows[2]["checked_label"] == "中央社会保险基金收入"
    project = project_copy()
    write_disclosure(disclosure, project.data_dir)
    outcome = build_quietly(project)
    warehouse = outcome.published_to or project.staging_warehouse
    # 收入总量 is the total with the central adjustment fund, so the bare 收入 stated beside it
    # (budget and final account) is the subtotal
    income = query(
        warehouse,
        "select phase_code, line_code, amount_wan_yuan from marts.fct_fund_lines "
        "where document_id = '000000-benji-2018-final_account' and fund_code = 'total' "
        "and line_code like 'income%' order by phase_code, line_code",
    )
    assert [(row["phase_code"], row["line_code"], row["amount_wan_yuan"]) for row in income] == [
        ("budget", "income_premium", Decimal("318.61") * YI),
        ("budget", "income_subsidy", Decimal("352.90") * YI),
        ("budget", "income_subtotal", Decimal("676.34") * YI),
        ("final_account", "income_central_adjustment", Decimal("2413.30") * YI),
        ("final_account", "income_premium", Decimal("308.33") * YI),
        ("final_account", "income_subsidy", Decimal("274.87") * YI),
        ("final_account", "income_subtotal", Decimal("589.67") * YI),
        ("final_account", "income_total", Decimal("3002.97") * YI),
    ]
    # 本年收支结余 63.68 = 收入总量 3,002.97 − 支出总量 2,939.29, and each total = its subtotal +
    # the central adjustment flow: no error
    assert outcome.exit_code == ExitCode.PUBLISHED, outcome.lines
    completions = query(
        warehouse,
        "select fund_code, line_code, status from marts.fct_quality_findings "
        "where rule_id = 'stated_check_recomputes' order by all",
    )
    assert completions == [
        {
            "fund_code": "pension_enterprise",
            "line_code": "income_total",
            "status": "within_tolerance",
        },
        {"fund_code": "total", "line_code": "expenditure_subtotal", "status": "within_tolerance"},
        {"fund_code": "total", "line_code": "income_premium", "status": "within_tolerance"},
        {"fund_code": "total", "line_code": "income_subsidy", "status": "within_tolerance"},
        {"fund_code": "total", "line_code": "income_subtotal", "status": "within_tolerance"},
    ]


NATIONAL_2014 = REPO / "tests" / "fixtures" / "unheaded" / "national-2014-budget.txt"
"""关于2014年全国社会保险基金预算的说明, as the national budget was published: the funds'
paragraphs have no ordinal headings, each opens with the fund's name."""


def test_a_paragraph_opening_with_a_fund_s_name_is_that_fund_s_section() -> None:
    """企业职工基本养老保险基金收入21489亿元，…其中：保险费收入17554亿元…支出19117亿元: the
    paragraph's figures are the fund's, not the total's stated again (and then dropped)."""
    disclosure = parse_disclosure(NATIONAL_2014, reference=REFERENCE)
    _, rows = disclosure.files["narrative_figures.csv"]
    expenditure = [
        (row["section_label"], row["amount_text"])
        for row in rows
        if row["figure_label"] == "支出" and row["figure_kind"] == "amount"
    ]
    assert expenditure == [
        ("2014年全国社会保险基金收入", "32581"),
        ("企业职工基本养老保险基金", "19117"),
        ("城乡居民基本养老保险基金", "1554"),
        ("城镇职工基本医疗保险基金", "6314"),
        ("居民基本医疗保险基金", "4083"),
        ("工伤保险基金", "514"),
    ]


def test_integer_yi_yuan_figures_are_judged_with_their_own_rounding(
    project_copy: Callable[[], Project],
) -> None:
    """The 2014 national budget prints whole 亿元 (收入21489, 支出19117, 本年收支结余2371: 1 亿元
    apart through rounding) beside one figure to 0.1 亿元 (财政补贴收入10.7亿元): each surplus
    identity is within its tolerance of 1 亿元, none an error."""
    project = project_copy()
    write_disclosure(parse_disclosure(NATIONAL_2014, reference=REFERENCE), project.data_dir)
    outcome = build_quietly(project)
    warehouse = outcome.published_to or project.staging_warehouse
    surplus = query(
        warehouse,
        "select fund_code, status, difference_wan_yuan, tolerance_wan_yuan "
        "from marts.fct_quality_findings where rule_id = 'surplus_identity' "
        "and document_id = '000000-area-2014-budget' order by fund_code",
    )
    assert [(row["fund_code"], row["status"]) for row in surplus] == [
        ("medical_employee", "within_tolerance"),
        ("medical_resident", "passed"),
        ("pension_enterprise", "within_tolerance"),
        ("pension_resident", "within_tolerance"),
        ("total", "passed"),
        ("work_injury", "passed"),
    ]
    assert {row["tolerance_wan_yuan"] for row in surplus} == {Decimal(10000)}
    assert outcome.exit_code == ExitCode.PUBLISHED, outcome.lines


def test_a_fund_s_name_on_a_line_of_its_own_heads_its_section(tmp_path: Path) -> None:
    """The same budget with each fund's name on a line of its own (企业职工基本养老保险基金：)
    above its figures, as local notes print it: each figure in the same fund's section."""
    split: list[str] = []
    for line in NATIONAL_2014.read_text(encoding="utf-8").split("\n"):
        opening = REFERENCE.fund_opening(line)
        if opening and "社会保险基金" not in opening:
            split += [opening + "：", line[len(opening) :]]
        else:
            split.append(line)
    path = tmp_path / "national-2014-budget.txt"
    path.write_text("\n".join(split), encoding="utf-8")
    _, expected = parse_disclosure(NATIONAL_2014, reference=REFERENCE).files[
        "narrative_figures.csv"
    ]
    _, rows = parse_disclosure(path, reference=REFERENCE).files["narrative_figures.csv"]
    assert [(row["section_label"].rstrip("："), row["amount_text"]) for row in rows] == [
        (row["section_label"], row["amount_text"]) for row in expected
    ]


@pytest.mark.parametrize(
    "title",
    [
        "关于2013年全国社会保险基金预算执行情况和2014年全国社会保险基金预算草案的报告",
        "关于2013年全国社会保险基金决算和2014年全国社会保险基金预算（草案）的报告",
        "2014年全国社会保险基金预算的说明（附2013年预算执行情况）",
    ],
)
def test_a_title_naming_last_year_s_outturn_and_this_year_s_budget_is_the_budget(
    tmp_path: Path, title: str
) -> None:
    """Reports to a people's congress are titled with two years: last year's execution (or final
    account) and this year's draft budget. The document is the later year's budget (the earlier
    year's figures are stated with their own year); the same figures as the one-year title."""
    lines = NATIONAL_2014.read_text(encoding="utf-8").split("\n")
    path = tmp_path / "national-2014-budget.txt"
    path.write_text("\n".join([title, *lines[1:]]), encoding="utf-8")
    expected = parse_disclosure(NATIONAL_2014, reference=REFERENCE)
    disclosure = parse_disclosure(path, reference=REFERENCE)
    assert disclosure.document_id == expected.document_id == "000000-area-2014-budget"
    assert disclosure.files["narrative_figures.csv"] == expected.files["narrative_figures.csv"]


def test_a_title_of_a_year_s_execution_alone_still_names_its_period(tmp_path: Path) -> None:
    """Execution without a period (and no later year's budget beside it) is refused as before:
    the report of which months is not guessed."""
    lines = NATIONAL_2014.read_text(encoding="utf-8").split("\n")
    path = tmp_path / "national-2014-execution.txt"
    path.write_text(
        "\n".join(["关于2014年全国社会保险基金预算执行情况的报告", *lines[1:]]), encoding="utf-8"
    )
    with pytest.raises(IngestError, match="no period in"):
        parse_disclosure(path, reference=REFERENCE)


@pytest.mark.parametrize(
    "title",
    [
        ["关于2013年全国社会保险基金预算执行情况和2014年全国社会保险基金预算草案的报告"],
        # as a web page renders it: where the reader is, then the title wrapped over three lines
        [
            "您的位置：首页 > 通知公告 > 正文",
            "",
            "关于2013年全国社会保险基金预算",
            "",
            "执行情况与2014年全国社会",
            "",
            "保险基金预算的说明",
            "",
        ],
    ],
    ids=["one line", "wrapped"],
)
@pytest.mark.parametrize("ordinals", [("一、", "二、"), ("", "")], ids=["numbered", "unnumbered"])
def test_a_part_headed_with_last_year_s_execution_states_that_year_s_figures(
    tmp_path: Path, title: list[str], ordinals: tuple[str, str]
) -> None:
    """In a report of last year's execution and this year's budget, the figures under the
    heading 一、2013年…预算执行情况 are 2013's estimated outturn (as a header 2013年执行数 is:
    not 2014's budget, where they would collide with it); from 二、2014年…预算草案 on, the
    budget's, as in the one-year document. A title wrapped over lines is read whole; a heading
    is a line of its own, numbered or not."""
    lines = NATIONAL_2014.read_text(encoding="utf-8").split("\n")
    path = tmp_path / "national-2014-budget.txt"
    report = [
        *title,
        f"{ordinals[0]}2013年全国社会保险基金预算执行情况",
        "2013年全国社会保险基金收入32828亿元，支出27916亿元。本年收支结余4912亿元，"
        "年末滚存结余43441亿元。",
        f"{ordinals[1]}2014年全国社会保险基金预算草案",
        *lines[1:],
    ]
    path.write_text("\n".join(report), encoding="utf-8")
    _, expected = parse_disclosure(NATIONAL_2014, reference=REFERENCE).files[
        "narrative_figures.csv"
    ]
    disclosure = parse_disclosure(path, reference=REFERENCE)
    assert disclosure.document_id == "000000-area-2014-budget"
    _, rows = disclosure.files["narrative_figures.csv"]
    assert [
        (row["source_line"], row["amount_text"], row["fiscal_year"], row["phase"])
        for row in rows[:4]
    ] == [
        (str(len(title) + 2), amount, "2013", "estimated_outturn")
        for amount in ("32828", "27916", "4912", "43441")
    ]

    def stated(read: list[dict[str, str]]) -> list[tuple[str, str, str, str]]:
        return [
            (row["figure_label"], row["amount_text"], row["fiscal_year"], row["phase"])
            for row in read
        ]

    assert stated(rows[4:]) == stated(expected)
