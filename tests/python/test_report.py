"""The HTML report in a real browser: the real document, and a fixture warehouse with two years
and two phases. A test fails on a console error, a chart that did not render, a missing fund, or
a request to the network; screenshots are saved to build/test-artifacts/."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from selenium import webdriver

from browser import PageInspection, browser, inspect
from conftest import BuiltWarehouse, CommandReport
from sibudget.cli import main
from sibudget.report import write_report
from sibudget.warehouse import query
from support import REPO

ARTIFACTS = REPO / "build" / "test-artifacts"
pytestmark = pytest.mark.xdist_group("report")  # one browser, and the docs site test_docs reads


@pytest.fixture(scope="module")
def driver() -> Iterator[webdriver.Chrome]:
    with browser() as chrome:
        yield chrome


def expected_fund_names(warehouse: Path, region: str, year: int) -> list[str]:
    return [
        row["fund_name_zh"]
        for row in query(
            warehouse,
            "select distinct funds.fund_name_zh from marts.fct_fund_years as years "
            "inner join marts.dim_funds as funds on years.fund_code = funds.fund_code "
            "where years.region_code = ? and years.fiscal_year = ?",
            [region, year],
        )
    ]


def assert_page_is_whole(inspection: PageInspection, funds: list[str]) -> None:
    assert inspection.console_errors == []
    assert inspection.network_requests == []
    assert inspection.charts > 0
    assert inspection.charts_rendered == inspection.charts
    assert all(marks > 0 for marks in inspection.chart_marks), inspection.chart_marks
    missing = [name for name in funds if name not in inspection.text]
    assert missing == []


def test_the_report_of_the_real_document(
    built: BuiltWarehouse, driver: webdriver.Chrome, tmp_path: Path
) -> None:
    outcome = write_report(built.path, tmp_path / "report")
    page = tmp_path / "report" / "652800-benji-2020.html"
    assert outcome.pages == [page]
    inspection = inspect(driver, page, ARTIFACTS / "report-652800-benji-2020.png")
    assert_page_is_whole(inspection, expected_fund_names(built.path, "652800", 2020))
    # income and expenditure; their parts; surplus and balance; months of payment; subsidy
    assert inspection.charts == 5
    text = inspection.text
    for shown in (
        "630,490",  # total income, thousands separators
        "26,878",
        "26,879",  # printed and computed surplus
        "单位：万元",
        "Enterprise employees' basic pension insurance fund",
        "narrative_unit_matches_table",
        "85,717 元",  # the narrative's unit, as printed
        "≥95%或≤105%",
        "The warehouse holds one year for this place",
    ):
        assert shown in text, shown
    # the results that passed, one compact row each (the rule's assertion once, in the summary)
    html = page.read_text(encoding="utf-8")
    passed = query(
        built.path,
        "select count(*) as results from marts.fct_quality_findings where status = 'passed'",
    )[0]["results"]
    passed_table = html.split('<table class="passed">', 1)[1].split("</table>", 1)[0]
    assert passed_table.count("<tr>") == 1 + passed  # the head and a row per result
    assert "title=" not in passed_table and passed > 100
    assert (
        '<td title="The printed current-year surplus equals total income minus total '
        'expenditure (DOMAIN identity 2).">surplus_identity</td>'
    ) in html.split('<table class="summary">', 1)[1].split("</table>", 1)[0]
    index = inspect(driver, tmp_path / "report" / "index.html", ARTIFACTS / "report-index.png")
    assert index.console_errors == [] and index.network_requests == []
    assert "巴音郭楞蒙古自治州" in index.text
    # the coverage matrix: the budget held (with a warning), the final account missing
    overview = (tmp_path / "report" / "index.html").read_text(encoding="utf-8")
    assert coverage_cells(overview) == {
        ("652800-benji", 2020): (
            "warns",
            "652800-benji-2020.html",
            [("预算", "warns"), ("决算", "missing")],
        )
    }
    assert '<a href="652800-benji-2020.html#quality">652800-benji-2020-budget</a>' in overview
    assert "narrative_unit_matches_table (warning, failed): 652800 benji 2020 budget" in overview
    # one comparison page per fund budgeted in 2020, and the total
    funds = query(
        built.path,
        "select fund_code, months_of_payment from marts.fct_fund_years "
        "where fiscal_year = 2020 and phase_code = 'budget' order by fund_code",
    )
    assert sorted(path.name for path in outcome.comparisons) == [
        f"compare-2020-{row['fund_code']}.html" for row in funds
    ]
    compared = inspect(driver, tmp_path / "report" / "compare-2020-pension_enterprise.html")
    assert compared.console_errors == [] and compared.network_requests == []
    assert "巴音郭楞蒙古自治州" in compared.text and "13.16" in compared.text
    for path in outcome.comparisons:
        assert 'href="652800-benji-2020.html"' in path.read_text(encoding="utf-8")


CELL = re.compile(
    r'<td class="cell cov-(?P<state>\w+)" data-year="(?P<year>\d+)">(?:<a href="(?P<link>[^"]+)">)?'
    r"(?P<phases>.*?)</td>"
)
PHASE = re.compile(r'<span class="cov cov-(?P<state>\w+)" title="[^"]*">(?P<name>[^<]+)</span>')
ROW = re.compile(r'<tr data-place="(?P<place>[^"]+)">(?P<cells>.*?)</tr>', re.DOTALL)


def coverage_cells(page: str) -> dict[tuple[str, int], tuple[str, str, list[tuple[str, str]]]]:
    """The coverage matrix of the front page: (region-scope, year) -> (state, link, phases)."""
    return {
        (row["place"], int(cell["year"])): (
            cell["state"],
            cell["link"],
            [(phase["name"], phase["state"]) for phase in PHASE.finditer(cell["phases"])],
        )
        for row in ROW.finditer(page)
        for cell in CELL.finditer(row["cells"])
    }


def test_the_report_of_several_years_and_phases(
    two_year_report: CommandReport, driver: webdriver.Chrome
) -> None:
    project, report = two_year_report.project, two_year_report.folder
    assert "Wrote 2 page(s)" in two_year_report.printed
    page_2020 = inspect(
        driver, report / "652800-benji-2020.html", ARTIFACTS / "report-fixture-2020.png"
    )
    assert_page_is_whole(page_2020, expected_fund_names(project.served_warehouse, "652800", 2020))
    # two phases (budget and estimated outturn: 5 charts each), the phase comparison, the trend
    assert page_2020.charts == 12
    assert "Phases side by side" in page_2020.text
    assert "1.0008" in page_2020.text  # total income: 630,990 estimated against 630,490 budgeted
    page_2021 = inspect(
        driver, report / "652800-benji-2021.html", ARTIFACTS / "report-fixture-2021.png"
    )
    assert_page_is_whole(page_2021, expected_fund_names(project.served_warehouse, "652800", 2021))
    assert "roll_forward" in page_2021.text
    docs = inspect(driver, report / "docs" / "index.html")
    assert docs.network_requests == []
    assert "fct_fund_years" in docs.text or "sibudget" in docs.text
    # the coverage matrix has both years, each cell linking to its page
    cells = coverage_cells((report / "index.html").read_text(encoding="utf-8"))
    assert sorted(cells) == [("652800-benji", 2020), ("652800-benji", 2021)]
    assert [cells[key][1] for key in sorted(cells)] == [
        "652800-benji-2020.html",
        "652800-benji-2021.html",
    ]


CONTROL = """<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>
<p>企业职工基本养老保险基金</p>{extra}
<div class="chart" data-rendered="true"><svg><rect class="mark"></rect></svg></div>
</body></html>"""


@pytest.mark.parametrize(
    ("extra", "broken"),
    [
        ("<script>notDefined();</script>", "console"),
        ('<img src="http://sibudget.invalid/pixel.png">', "network"),
        ('<div class="chart"></div>', "chart"),
        ("", "fund"),
    ],
)
def test_the_browser_check_catches_each_fault(
    driver: webdriver.Chrome, tmp_path: Path, extra: str, broken: str
) -> None:
    page = tmp_path / "control.html"
    page.write_text(CONTROL.format(extra=extra), encoding="utf-8")
    funds = ["企业职工基本养老保险基金"] + (["失业保险基金"] if broken == "fund" else [])
    with pytest.raises(AssertionError):
        assert_page_is_whole(inspect(driver, page), funds)


CSP = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">')


def policy_of(page: Path) -> dict[str, list[str]]:
    found = CSP.search(page.read_text(encoding="utf-8"))
    assert found, f"no Content-Security-Policy in {page}"
    return {
        directive.split()[0]: directive.split()[1:]
        for directive in found.group(1).split(";")
        if directive.strip()
    }


def test_every_page_has_a_strict_content_security_policy(
    two_year_report: CommandReport, driver: webdriver.Chrome
) -> None:
    """Every page of the report, the bundled dbt docs page included, runs only its own inline
    scripts (by hash: no 'unsafe-inline'), loads nothing, and allows no <base> and no form
    posting; the place pages and the front page still render in the browser without a console
    error (a violated policy is one)."""
    report = two_year_report.folder
    pages = sorted(report.glob("*.html"))
    docs = report / "docs" / "index.html"
    assert len(pages) > 3 and docs.is_file()  # places, front page, comparisons
    for page in [*pages, docs]:
        policy = policy_of(page)
        assert policy["default-src"] == ["'none'"], page
        assert policy["base-uri"] == ["'none'"] and policy["form-action"] == ["'none'"], page
        assert "'unsafe-inline'" not in policy["script-src"], page
        assert all(source.startswith("'sha256-") for source in policy["script-src"]), page
        if page != docs:
            assert "'unsafe-inline'" not in policy["style-src"], page
    for page in [path for path in pages if not path.name.startswith("compare-")]:
        inspection = inspect(driver, page)
        assert inspection.console_errors == [] and inspection.charts == inspection.charts_rendered
    # the dbt docs page breaks none of its policy but for the favicon it names and dbt does not
    # bundle (its other console errors are its own: Angular's templates fetched as file: URLs)
    docs_inspection = inspect(driver, docs)
    violations = [
        error for error in docs_inspection.console_errors if "Content Security Policy" in error
    ]
    assert violations and all("favicon.ico" in error for error in violations), violations
    assert "fct_fund_years" in docs_inspection.text or "sibudget" in docs_inspection.text


@pytest.mark.parametrize(
    ("change", "named"),
    [
        ("drop table marts.dim_scopes", "dim_scopes"),
        ("alter table marts.fct_coverage drop column coverage_state", "coverage_state"),
    ],
)
def test_a_warehouse_without_a_mart_the_report_reads_is_one_line(
    built: BuiltWarehouse,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    change: str,
    named: str,
) -> None:
    """A warehouse published by an older sibudget (without a mart, or a column, the report
    reads): the report says what it lacks and what to do, exit 2, not a traceback; nothing is
    written."""
    old = tmp_path / "old.duckdb"
    shutil.copy(built.path.resolve(), old)
    connection = duckdb.connect(str(old))
    connection.execute(change)
    connection.close()
    out = tmp_path / "report"
    assert main(["report", "--warehouse", str(old), "--out", str(out), "--no-docs"]) == 2
    error = capsys.readouterr().err.strip()
    assert "\n" not in error and named in error and "sibudget build" in error, error
    assert error.startswith(f"sibudget report: {old}: "), error
    assert not out.exists() and not (tmp_path / "report.writing").exists()
