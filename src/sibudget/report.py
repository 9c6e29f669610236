"""`sibudget report`: a self-contained static HTML report of the published warehouse, one page per
region × scope × fiscal year plus an index. Styles, data and the chart script are inlined: the
pages need no server and make no request when viewed.

The pages are rendered from Jinja2 templates (report_assets/*.html.j2); the data of each page is
selected in SQL for that page (queries with parameters over the marts), so that a report of many
places never holds the whole warehouse in memory. Python only shapes rows for the templates and
the charts."""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
import shutil
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb
import jinja2
from markupsafe import Markup, escape

from sibudget.findings import amount, describe_finding
from sibudget.progress import Progress
from sibudget.warehouse import connect

Row = dict[str, Any]
ASSETS = resources.files("sibudget") / "report_assets"
STYLE = (ASSETS / "report.css").read_text(encoding="utf-8")
SCRIPT = (ASSETS / "charts.js").read_text(encoding="utf-8")


@dataclass
class ReportOutcome:
    index: Path
    pages: list[Path] = field(default_factory=list)
    comparisons: list[Path] = field(default_factory=list)
    coverage_pages: list[Path] = field(default_factory=list)


@dataclass(frozen=True)
class Place:
    region_code: str
    scope: str
    fiscal_year: int

    @property
    def file_name(self) -> str:
        return f"{self.region_code}-{self.scope}-{self.fiscal_year}.html"


@dataclass(frozen=True)
class Comparison:
    """One fund in one fiscal year across every place that budgets it: a page of its own."""

    fiscal_year: int
    fund_code: str
    fund_name_zh: str
    fund_name_en: str
    places: int

    @property
    def file_name(self) -> str:
        return f"compare-{self.fiscal_year}-{self.fund_code}.html"


MATRIX_PLACES = 200
"""Region × scope rows the front page's coverage matrix shows; beyond, one row per province
(each with its own page): at 100× (3,200 places) the whole matrix would be about 15 MB
(estimated from 1×)."""

OVERVIEW_FINDINGS_LIMIT = 20
"""Findings that block or warn listed on the front page (all are counted by rule there, and
listed on each place's page)."""


def write_report(
    warehouse: Path,
    out_dir: Path,
    *,
    region_code: str | None = None,
    fiscal_year: int | None = None,
    docs_site: Path | None = None,
    matrix_places: int = MATRIX_PLACES,
) -> ReportOutcome:
    """Write the report of `warehouse` into `out_dir` (replaced whole, or left as it was when
    the report fails). ValueError when there is nothing to report or the warehouse lacks a table
    or a column the report reads (one published by an older sibudget). With more than
    `matrix_places` region × scope rows, the front page's coverage matrix is one row per
    province, each with a page of its own."""
    scratch = out_dir.with_name(out_dir.name + ".writing")
    connection = connect(warehouse)
    try:
        data = ReportData(connection)
        places = data.places(region_code, fiscal_year)
        if not places:
            raise ValueError(
                f"nothing to report in {warehouse} for region {region_code}, year {fiscal_year}"
            )
        shutil.rmtree(scratch, ignore_errors=True)
        scratch.mkdir(parents=True)
        outcome = ReportOutcome(index=out_dir / "index.html")
        progress = Progress(len(places), "report")
        for place in places:
            (scratch / place.file_name).write_text(_page(place, data), encoding="utf-8")
            outcome.pages.append(out_dir / place.file_name)
            progress.advance(place.file_name)
        progress.done()
        has_docs = docs_site is not None and docs_site.is_file()
        if has_docs and docs_site is not None:
            (scratch / "docs").mkdir()
            (scratch / "docs" / "index.html").write_text(
                with_policy(docs_site.read_text(encoding="utf-8")), encoding="utf-8"
            )
        pages = set(places)
        comparisons = data.comparison_pages(fiscal_year) if region_code is None else []
        for comparison in comparisons:
            (scratch / comparison.file_name).write_text(
                _comparison_page(comparison, data, pages), encoding="utf-8"
            )
            outcome.comparisons.append(out_dir / comparison.file_name)
        matrix = _coverage(pages, data)
        provinces = _provinces(matrix) if len(matrix["places"]) > matrix_places else None
        for province in provinces or []:
            (scratch / province["file_name"]).write_text(
                _province_page(province, matrix["years"]), encoding="utf-8"
            )
            outcome.coverage_pages.append(out_dir / province["file_name"])
        (scratch / "index.html").write_text(
            _index(pages, comparisons, data, has_docs, matrix, provinces), encoding="utf-8"
        )
    except (duckdb.CatalogException, duckdb.BinderException) as error:
        shutil.rmtree(scratch, ignore_errors=True)
        missing = str(error).split("\n", 1)[0]
        raise ValueError(
            f"{warehouse}: {missing}: the warehouse lacks a table or a column the report reads "
            "(published by an older sibudget?): run `sibudget build`"
        ) from None
    except BaseException:
        shutil.rmtree(scratch, ignore_errors=True)
        raise
    finally:
        connection.close()
    shutil.rmtree(out_dir, ignore_errors=True)
    scratch.rename(out_dir)
    return outcome


class ReportData:
    """The SQL that selects what each page shows, over one read-only connection."""

    def __init__(self, connection: duckdb.DuckDBPyConnection) -> None:
        self.connection = connection

    def rows(self, sql: str, parameters: list[Any] | None = None) -> list[Row]:
        result = self.connection.execute(sql, parameters or [])
        columns = [description[0] for description in result.description or []]
        return [dict(zip(columns, row, strict=True)) for row in result.fetchall()]

    def places(self, region_code: str | None, fiscal_year: int | None) -> list[Place]:
        return [
            Place(row["region_code"], row["scope"], row["fiscal_year"])
            for row in self.rows(
                "select distinct region_code, scope, fiscal_year from marts.fct_fund_years "
                "where (cast(? as varchar) is null or region_code = ?) "
                "and (cast(? as integer) is null or fiscal_year = ?) order by all",
                [region_code, region_code, fiscal_year, fiscal_year],
            )
        ]

    def place_names(self, place: Place) -> Row:
        [names] = self.rows(
            "select coalesce(regions.region_name_zh, place.region_code) as region_name_zh, "
            "coalesce(regions.region_name_en, '') as region_name_en, "
            "coalesce(scopes.scope_name_zh, place.scope) as scope_name_zh "
            "from (select cast(? as varchar) as region_code, cast(? as varchar) as scope) as place "
            "left join marts.dim_regions as regions on place.region_code = regions.region_code "
            "left join marts.dim_scopes as scopes on place.scope = scopes.scope_code",
            [place.region_code, place.scope],
        )
        return names

    def fund_years(self, place: Place) -> list[Row]:
        return self.rows(
            "select fund_years.*, funds.fund_name_zh, funds.fund_name_en, funds.display_order, "
            "phases.phase_name_zh, phases.phase_name_en "
            "from marts.fct_fund_years as fund_years "
            "inner join marts.dim_funds as funds on fund_years.fund_code = funds.fund_code "
            "inner join marts.dim_phases as phases on fund_years.phase_code = phases.phase_code "
            "where fund_years.region_code = ? and fund_years.scope = ? "
            "and fund_years.fiscal_year = ? "
            "order by phases.display_order, funds.display_order",
            [place.region_code, place.scope, place.fiscal_year],
        )

    def comparisons(self, place: Place) -> list[Row]:
        """The all-funds income and expenditure of the budget against the other phases."""
        return self.rows(
            "select comparisons.*, lines.line_name_zh, phases.phase_name_zh "
            "from marts.fct_phase_comparisons as comparisons "
            "inner join marts.dim_lines as lines on comparisons.line_code = lines.line_code "
            "inner join marts.dim_phases as phases "
            "on comparisons.compared_phase_code = phases.phase_code "
            "where comparisons.region_code = ? and comparisons.scope = ? "
            "and comparisons.fiscal_year = ? and comparisons.fund_code = 'total' "
            "and comparisons.line_code in ('income_total', 'expenditure_total') "
            "order by lines.display_order, phases.display_order",
            [place.region_code, place.scope, place.fiscal_year],
        )

    def trend(self, place: Place) -> list[Row]:
        """The all-funds figures of every year and phase of the place, in time order."""
        return self.rows(
            "select fund_years.fiscal_year, fund_years.phase_code, "
            "fund_years.closing_balance_wan_yuan, fund_years.income_wan_yuan, "
            "fund_years.expenditure_wan_yuan "
            "from marts.fct_fund_years as fund_years "
            "inner join marts.dim_phases as phases on fund_years.phase_code = phases.phase_code "
            "where fund_years.region_code = ? and fund_years.scope = ? and fund_years.is_total "
            "order by fund_years.fiscal_year, phases.display_order",
            [place.region_code, place.scope],
        )

    # The rows of a place's documents: filtered on the place's region, scope and fiscal year
    # first (equality, which DuckDB prunes with each column's min-max index; a list_contains
    # alone reads every row: 21 ms against 6 ms for a page's passed results at 1×), then on the
    # documents themselves.
    OF_PLACE = (
        "{alias}region_code = ? and {alias}scope = ? and {alias}fiscal_year = ? "
        "and list_contains(?, {alias}document_id)"
    )

    @staticmethod
    def _of_place(place: Place, document_ids: list[str]) -> list[Any]:
        return [place.region_code, place.scope, place.fiscal_year, document_ids]

    def of_documents(
        self, table: str, place: Place, document_ids: list[str], order: str
    ) -> list[Row]:
        return self.rows(
            f"select * from marts.{table} where {self.OF_PLACE.format(alias='')} order by {order}",
            self._of_place(place, document_ids),
        )

    def not_passed(self, place: Place, document_ids: list[str]) -> list[Row]:
        """The rule results of the documents that did not simply pass, with their rule's
        assertion and words: failed first, then within tolerance, by rule, fund and line."""
        return self.rows(
            "select findings.*, rules.assertion, rules.words_if_failed, rules.words_if_passed, "
            "case when findings.is_acknowledged then 'acknowledged' else findings.severity end "
            "as state "
            "from marts.fct_quality_findings as findings "
            "inner join reference.rules as rules on findings.rule_id = rules.rule_id "
            f"where {self.OF_PLACE.format(alias='findings.')} "
            "and findings.status <> 'passed' "
            "order by case findings.status when 'failed' then 0 else 1 end, "
            "findings.rule_id, findings.fund_code, findings.line_code, findings.finding_id",
            self._of_place(place, document_ids),
        )

    def passed(self, place: Place, document_ids: list[str]) -> list[Row]:
        """The results that passed, compactly: rule, fund, line and the printed lines (their
        figures and words are in marts.fct_quality_findings)."""
        return self.rows(
            "select rule_id, fund_code, coalesce(line_code, table_code) as line_code, "
            "document_id, source_lines from marts.fct_quality_findings "
            f"where {self.OF_PLACE.format(alias='')} and status = 'passed' "
            "order by rule_id, fund_code, line_code, finding_id",
            self._of_place(place, document_ids),
        )

    def quality_summary(self, place: Place, document_ids: list[str]) -> list[Row]:
        return self.rows(
            "select findings.rule_id, rules.assertion, case when findings.is_acknowledged "
            "then 'acknowledged' else findings.severity end as state, count(*) as results "
            "from marts.fct_quality_findings as findings "
            "inner join reference.rules as rules on findings.rule_id = rules.rule_id "
            f"where {self.OF_PLACE.format(alias='findings.')} "
            "group by all order by findings.rule_id, state",
            self._of_place(place, document_ids),
        )

    def coverage(self) -> list[Row]:
        """The coverage matrix: every region × scope × fiscal year × phase of marts.fct_coverage
        that is held or missing, with the region's, its province's and the phase's names, in
        display order."""
        return self.rows(
            "select coverage.region_code, coverage.scope, coverage.fiscal_year, "
            "coverage.document_id, coverage.coverage_state, coverage.failed_errors, "
            "coverage.failed_warnings, coverage.acknowledged_errors, "
            "coalesce(regions.region_name_zh, coverage.region_code) "
            "as region_name_zh, coalesce(regions.region_name_en, '') as region_name_en, "
            "phases.phase_name_zh, phases.phase_name_en, "
            # the province: the first two digits of the code (GB/T 2260) and four zeros
            "left(coverage.region_code, 2) || '0000' as province_code, "
            "coalesce(provinces.region_name_zh, left(coverage.region_code, 2) || '0000') "
            "as province_name_zh "
            "from marts.fct_coverage as coverage "
            "inner join marts.dim_phases as phases on coverage.phase_code = phases.phase_code "
            "left join marts.dim_regions as regions on coverage.region_code = regions.region_code "
            "left join marts.dim_regions as provinces "
            "on left(coverage.region_code, 2) || '0000' = provinces.region_code "
            "where coverage.coverage_status <> 'not_published' "
            "order by coverage.region_code, coverage.scope, coverage.fiscal_year, "
            "phases.display_order"
        )

    def attention_counts(self) -> list[Row]:
        """Findings that block publication or warn, across the warehouse, by rule and state."""
        return self.rows(
            "select rule_id, case when is_acknowledged then 'acknowledged' else severity end "
            "as state, count(*) as results, count(distinct document_id) as documents "
            "from marts.fct_quality_findings "
            "where status = 'failed' and severity in ('error', 'warning') "
            "group by all order by min(case when blocks_publication then 0 else 1 end), "
            "rule_id, state"
        )

    def attention(self, limit: int) -> list[Row]:
        """The first `limit` findings that block or warn: blocking first, then by place."""
        return self.rows(
            "select findings.*, rules.words_if_failed, rules.words_if_passed, "
            "case when findings.is_acknowledged then 'acknowledged' else findings.severity end "
            "as state "
            "from marts.fct_quality_findings as findings "
            "inner join reference.rules as rules on findings.rule_id = rules.rule_id "
            "where findings.status = 'failed' and findings.severity in ('error', 'warning') "
            "order by findings.blocks_publication desc, findings.severity, "
            "findings.region_code, findings.scope, findings.fiscal_year, findings.finding_id "
            "limit ?",
            [limit],
        )

    def comparison_pages(self, fiscal_year: int | None) -> list[Comparison]:
        """Every fund × fiscal year that some place budgets (the phase of comparison role
        baseline in seed phases), funds in their display order."""
        return [
            Comparison(**row)
            for row in self.rows(
                "select fund_years.fiscal_year, fund_years.fund_code, funds.fund_name_zh, "
                "funds.fund_name_en, cast(count(*) as integer) as places "
                "from marts.fct_fund_years as fund_years "
                "inner join marts.dim_funds as funds on fund_years.fund_code = funds.fund_code "
                "inner join marts.dim_phases as phases "
                "on fund_years.phase_code = phases.phase_code "
                "where phases.comparison_role = 'baseline' "
                "and (cast(? as integer) is null or fund_years.fiscal_year = ?) "
                "group by fund_years.fiscal_year, fund_years.fund_code, funds.fund_name_zh, "
                "funds.fund_name_en, funds.display_order "
                "order by fund_years.fiscal_year, funds.display_order",
                [fiscal_year, fiscal_year],
            )
        ]

    def ranked(self, comparison: Comparison) -> list[Row]:
        """Every place that budgets the fund in the year, ranked by months of payment (fewest
        first: the least covered), with its subsidy dependence and the execution rate of its
        expenditure by the latest phase that compares with the budget."""
        return self.rows(
            "with baseline as ("
            "select fund_years.* from marts.fct_fund_years as fund_years "
            "inner join marts.dim_phases as phases on fund_years.phase_code = phases.phase_code "
            "where phases.comparison_role = 'baseline' and fund_years.fiscal_year = ? "
            "and fund_years.fund_code = ?), "
            "execution as ("
            "select comparisons.region_code, comparisons.scope, comparisons.execution_rate, "
            "phases.phase_name_zh as execution_phase_zh, row_number() over ("
            "partition by comparisons.region_code, comparisons.scope "
            "order by phases.display_order desc) as latest "
            "from marts.fct_phase_comparisons as comparisons "
            "inner join marts.dim_phases as phases "
            "on comparisons.compared_phase_code = phases.phase_code "
            "where comparisons.fiscal_year = ? and comparisons.fund_code = ? "
            "and comparisons.line_code = 'expenditure_total') "
            "select baseline.region_code, baseline.scope, baseline.fiscal_year, "
            "coalesce(regions.region_name_zh, baseline.region_code) as region_name_zh, "
            "coalesce(regions.region_name_en, '') as region_name_en, "
            "baseline.income_wan_yuan, baseline.expenditure_wan_yuan, "
            "baseline.closing_balance_wan_yuan, baseline.months_of_payment, "
            "baseline.subsidy_dependence, execution.execution_rate, execution.execution_phase_zh, "
            "rank() over (order by baseline.months_of_payment asc nulls last) as months_rank, "
            "rank() over (order by baseline.subsidy_dependence desc nulls last) "
            "as dependence_rank, "
            "rank() over (order by execution.execution_rate asc nulls last) as execution_rank "
            "from baseline "
            "left join execution on baseline.region_code = execution.region_code "
            "and baseline.scope = execution.scope and execution.latest = 1 "
            "left join marts.dim_regions as regions on baseline.region_code = regions.region_code "
            "order by months_rank, baseline.region_code, baseline.scope",
            [comparison.fiscal_year, comparison.fund_code] * 2,
        )


def _number(value: Decimal | None, blank: bool = False) -> Markup:
    if value is None:
        return Markup('<span class="blank">(空白 blank)</span>' if blank else "–")
    return escape(amount(value))


def _ratio(value: Decimal | None) -> str:
    return "–" if value is None else f"{value:.4f}"


def _links(lines: object, document_id: str) -> Markup:
    """Printed lines ("10, 14") as links to the rows of the printed-lines table."""
    if not lines:
        return Markup("–")
    # escaped once and joined as plain text: Markup.format per link was a third of a page's time
    anchor = html.escape(document_id, quote=True)
    return Markup(
        ", ".join(
            f'<a href="#{anchor}-line-{number}">{number}</a>'
            for number in (html.escape(part.strip(), quote=True) for part in str(lines).split(","))
        )
    )


def _chart_json(charts: list[dict[str, Any]]) -> Markup:
    return Markup(json.dumps(charts, ensure_ascii=False).replace("</", "<\\/"))


TEMPLATES = jinja2.Environment(
    loader=jinja2.PackageLoader("sibudget", "report_assets"),
    autoescape=True,
    trim_blocks=True,
    lstrip_blocks=True,
    undefined=jinja2.StrictUndefined,
    finalize=lambda value: "" if value is None else value,
)
TEMPLATES.filters.update(number=_number, ratio=_ratio, links=_links, chart_json=_chart_json)


def source_hash(text: str) -> str:
    """A Content-Security-Policy source that allows exactly the inline script or style `text`."""
    return (
        "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"
    )


def content_security_policy(scripts: list[str], styles: list[str] | None) -> str:
    """The policy of a report page: nothing loaded, only these inline scripts and styles (by
    hash; `styles` None: inline styles allowed, for the dbt docs page, which sets style
    attributes), images and fonts as data URLs, no <base>, no form posting, frames of the
    report only."""
    style_sources = "'unsafe-inline'" if styles is None else " ".join(map(source_hash, styles))
    return (
        "default-src 'none'; "
        f"script-src {' '.join(sorted(set(map(source_hash, scripts))))}; "
        f"style-src {style_sources}; img-src data:; font-src data:; frame-src 'self'; "
        "base-uri 'none'; form-action 'none'"
    )


POLICY = content_security_policy([SCRIPT], [STYLE])
INLINE_SCRIPT = re.compile(r"<script(?P<attributes>[^>]*)>(?P<body>.*?)</script>", re.DOTALL)


def with_policy(page: str) -> str:
    """The dbt docs page (one static file of dbt's) with a Content-Security-Policy: its own
    inline scripts allowed by hash (data blocks need none), nothing else."""
    scripts = [
        match["body"]
        for match in INLINE_SCRIPT.finditer(page)
        if "src=" not in match["attributes"] and "application/json" not in match["attributes"]
    ]
    meta = (
        '<meta http-equiv="Content-Security-Policy" content="'
        + content_security_policy(scripts, None)
        + '">'
    )
    head = page.find("<head>")
    if head < 0:
        raise ValueError("the dbt docs page has no <head>")
    return page[: head + len("<head>")] + meta + page[head + len("<head>") :]


def _render(template: str, **context: Any) -> str:
    return TEMPLATES.get_template(template).render(
        style=Markup(STYLE), script=Markup(SCRIPT), policy=Markup(POLICY), **context
    )


class Charts(list[dict[str, Any]]):
    """The charts of one page, in the order the page's chart boxes number them."""

    def add(self, kind: str, title: str, unit: str, categories: list[str], series: Any) -> int:
        self.append(
            {
                "kind": kind,
                "title": title,
                "unit": unit,
                "categories": categories,
                "series": [
                    {"name": name, "values": [_float(value) for value in values]}
                    for name, values in series
                ],
            }
        )
        return len(self) - 1

    def fund_bars(
        self, title: str, unit: str, funds: list[Row], columns: list[tuple[str, str]]
    ) -> int:
        """A bar chart with one bar per fund for each (series name, column)."""
        return self.add(
            "bars",
            title,
            unit,
            [r["fund_name_zh"] for r in funds],
            [(name, [r[column] for r in funds]) for name, column in columns],
        )


def _page(place: Place, data: ReportData) -> str:
    names = data.place_names(place)
    fund_years = data.fund_years(place)
    document_ids = sorted({r["document_id"] for r in fund_years})
    charts = Charts()
    phase_sections = []
    for phase_code in dict.fromkeys(r["phase_code"] for r in fund_years):
        rows = [r for r in fund_years if r["phase_code"] == phase_code]
        phase_sections.append(_phase_section(rows, charts))
    comparison = None
    if len(phase_sections) > 1:
        comparison = _comparison(data.comparisons(place), charts)
    trend_chart = _trend_chart(data.trend(place), charts)
    attention = data.not_passed(place, document_ids)
    for r in attention:
        r["words"] = describe_finding(r)
    in_order = "document_id, source_line"
    narrative = data.of_documents("fct_narrative_figures", place, document_ids, in_order)
    targets = data.of_documents("fct_performance_targets", place, document_ids, in_order)
    fund_lines = data.of_documents("fct_fund_lines", place, document_ids, in_order)
    title = f"{names['region_name_zh']} {names['scope_name_zh']} {place.fiscal_year}"
    return _render(
        "page.html.j2",
        title=title,
        region_name_en=names["region_name_en"],
        scope=place.scope,
        fiscal_year=place.fiscal_year,
        document_ids=document_ids,
        phase_sections=phase_sections,
        comparison=comparison,
        trend_chart=trend_chart,
        quality_summary=data.quality_summary(place, document_ids),
        attention=attention,
        passed=data.passed(place, document_ids),
        narrative=narrative,
        targets=targets,
        printed_lines=_printed_lines(fund_lines, narrative, targets),
        charts=charts,
    )


def _phase_section(rows: list[Row], charts: Charts) -> dict[str, Any]:
    funds = [r for r in rows if not r["is_total"]]
    name = rows[0]["phase_name_en"]
    income = charts.fund_bars(
        f"收入与支出 Income and expenditure ({name}), 万元",
        "万元",
        funds,
        [("收入 Income", "income_wan_yuan"), ("支出 Expenditure", "expenditure_wan_yuan")],
    )
    months = charts.fund_bars(
        f"可支付月数 Months of payment ({name}), 月 months",
        "月",
        funds,
        [("可支付月数 Months", "months_of_payment")],
    )
    parts = charts.fund_bars(
        f"收支构成 Income and expenditure by part ({name}), 万元",
        "万元",
        funds,
        [
            ("保险费 Premium", "income_premium_wan_yuan"),
            ("财政补贴 Subsidy", "income_subsidy_wan_yuan"),
            ("利息 Interest", "income_interest_wan_yuan"),
            ("待遇支出 Benefits", "expenditure_benefit_wan_yuan"),
        ],
    )
    balances = charts.fund_bars(
        f"结余 Surplus and year-end balance ({name}), 万元",
        "万元",
        funds,
        [
            ("本年收支结余 Surplus", "surplus_printed_wan_yuan"),
            ("年末累计结余 Year-end balance", "closing_balance_wan_yuan"),
        ],
    )
    dependence = charts.fund_bars(
        f"补贴依赖 Subsidy dependence ({name}), 财政补贴/收入 ratio",
        "ratio",
        funds,
        [("补贴依赖 Subsidy / income", "subsidy_dependence")],
    )
    phase = {key: rows[0][key] for key in ("phase_code", "phase_name_zh", "phase_name_en")}
    return {
        "phase": phase,
        "rows": rows,
        "charts": [income, parts, balances, months, dependence],
    }


def _comparison(rows: list[Row], charts: Charts) -> dict[str, Any] | None:
    if not rows:
        return None
    chart = charts.add(
        "bars",
        "预算与其他阶段 Budget against other phases (all funds), 万元",
        "万元",
        [f"{r['line_name_zh']} · {r['phase_name_zh']}" for r in rows],
        [
            ("预算 Budget", [r["budget_wan_yuan"] for r in rows]),
            ("对比 Compared", [r["compared_wan_yuan"] for r in rows]),
        ],
    )
    return {"chart": chart, "rows": rows}


def _trend_chart(points: list[Row], charts: Charts) -> int | None:
    if len({r["fiscal_year"] for r in points}) < 2:
        return None
    return charts.add(
        "lines",
        "年末累计结余 Year-end balance, all funds, 万元",
        "万元",
        [f"{r['fiscal_year']} {r['phase_code']}" for r in points],
        [
            ("年末结余 Balance", [r["closing_balance_wan_yuan"] for r in points]),
            ("收入 Income", [r["income_wan_yuan"] for r in points]),
            ("支出 Expenditure", [r["expenditure_wan_yuan"] for r in points]),
        ],
    )


def _printed_lines(fund_lines: list[Row], narrative: list[Row], targets: list[Row]) -> list[Row]:
    """Every printed line of the documents, what each prints (table cells, then stated figures,
    then targets), in document and line order: what the findings' links point to."""
    lines: dict[tuple[str, int], list[Row]] = defaultdict(list)
    places: dict[tuple[str, int], str] = {}
    for r in [*fund_lines, *narrative, *targets]:
        places.setdefault((r["document_id"], r["source_line"]), r["source_place"])
    for r in fund_lines:
        lines[(r["document_id"], r["source_line"])].append(
            {
                "kind": "table",
                "label": r["row_label"],
                "text": r["amount_text"],
                "unit_text": r["unit_text"],
                "value_header": r["value_header"],
            }
        )
    for r in narrative:
        lines[(r["document_id"], r["source_line"])].append(
            {
                "kind": "narrative",
                "label": r["figure_label"],
                "text": r["amount_text"],
                "unit_text": r["unit_text"],
            }
        )
    for r in targets:
        lines[(r["document_id"], r["source_line"])].append(
            {"kind": "target", "label": r["level_3_indicator"], "text": r["target_text"]}
        )
    return [
        {
            "document_id": document_id,
            "source_line": number,
            "place": places[(document_id, number)],
            "parts": parts,
        }
        for (document_id, number), parts in sorted(lines.items())
    ]


CELL_STATES = ("blocks", "warns", "acknowledged", "missing", "passes")
"""A coverage cell's colour: the worst of its phases, in this order."""


def _coverage_matrix(rows: list[Row], pages: set[Place]) -> dict[str, Any]:
    """fct_coverage as a matrix: one row per region × scope, one column per fiscal year, each cell
    the phases held or missing, coloured by the worst, linking to the place's page."""
    years = sorted({r["fiscal_year"] for r in rows})
    matrix: dict[tuple[str, str], dict[str, Any]] = {}
    for r in rows:
        place = matrix.setdefault(
            (r["region_code"], r["scope"]),
            {
                "region_code": r["region_code"],
                "region_name_zh": r["region_name_zh"],
                "region_name_en": r["region_name_en"],
                "province_code": r["province_code"],
                "province_name_zh": r["province_name_zh"],
                "scope": r["scope"],
                "cells": {},
            },
        )
        cell = place["cells"].setdefault(r["fiscal_year"], {"phases": [], "link": None})
        state = r["coverage_state"]
        counts = ", ".join(
            f"{r[column]} {name}"
            for column, name in (
                ("failed_errors", "errors"),
                ("failed_warnings", "warnings"),
                ("acknowledged_errors", "acknowledged"),
            )
            if r[column]
        )
        held = f"{r['document_id']} ({counts or 'passes'})" if r["document_id"] else "missing"
        cell["phases"].append(
            {"name": r["phase_name_zh"], "state": state, "title": f"{r['phase_name_en']}: {held}"}
        )
        page = Place(r["region_code"], r["scope"], r["fiscal_year"])
        if page in pages:
            cell["link"] = page.file_name
    for place in matrix.values():
        for cell in place["cells"].values():
            cell["state"] = min((phase["state"] for phase in cell["phases"]), key=CELL_STATES.index)
    return {"years": years, "places": list(matrix.values())}


def _provinces(coverage: dict[str, Any]) -> list[dict[str, Any]]:
    """The coverage matrix by province, for a warehouse with more places than the front page
    shows: one row per province, each cell the worst state of its places that year and how many
    hold a disclosure, linking to the province's own matrix (coverage-<province>.html)."""
    provinces: dict[str, dict[str, Any]] = {}
    for place in coverage["places"]:
        province = provinces.setdefault(
            place["province_code"],
            {
                "province_code": place["province_code"],
                "province_name_zh": place["province_name_zh"],
                "file_name": f"coverage-{place['province_code']}.html",
                "places": [],
                "cells": {},
            },
        )
        province["places"].append(place)
        for year, cell in place["cells"].items():
            summary = province["cells"].setdefault(year, {"states": [], "held": 0})
            summary["states"].append(cell["state"])
            summary["held"] += bool(cell["link"])
    for province in provinces.values():
        for summary in province["cells"].values():
            summary["state"] = min(summary.pop("states"), key=CELL_STATES.index)
    return list(provinces.values())


def _coverage(pages: set[Place], data: ReportData) -> dict[str, Any]:
    """The coverage matrix of the places and years whose pages the report holds."""
    shown = {(p.region_code, p.scope) for p in pages}
    years = {p.fiscal_year for p in pages}
    rows = [
        r
        for r in data.coverage()
        if (r["region_code"], r["scope"]) in shown and r["fiscal_year"] in years
    ]
    return _coverage_matrix(rows, pages)


def _index(
    pages: set[Place],
    comparisons: list[Comparison],
    data: ReportData,
    has_docs: bool,
    matrix: dict[str, Any],
    provinces: list[dict[str, Any]] | None,
) -> str:
    """The front page: the coverage matrix (by province when `provinces` is given), the
    findings that block or warn across the warehouse, and the comparisons across places by
    year and fund. `pages`: the places whose pages the report holds."""
    attention = data.attention(OVERVIEW_FINDINGS_LIMIT)
    for r in attention:
        r["words"] = describe_finding(r)
        page = Place(r["region_code"], r["scope"], r["fiscal_year"])
        r["link"] = page.file_name if page in pages else None
    comparison_years: dict[int, list[Comparison]] = defaultdict(list)
    for comparison in comparisons:
        comparison_years[comparison.fiscal_year].append(comparison)
    return _render(
        "index.html.j2",
        title="sibudget report",
        coverage=matrix,
        provinces=provinces,
        attention_counts=data.attention_counts(),
        attention=attention,
        attention_limit=OVERVIEW_FINDINGS_LIMIT,
        comparison_years=dict(comparison_years),
        has_docs=has_docs,
        charts=[],
    )


def _province_page(province: dict[str, Any], years: list[int]) -> str:
    return _render(
        "coverage.html.j2",
        title=f"{province['province_name_zh']}: coverage",
        province=province,
        coverage={"years": years, "places": province["places"]},
        charts=[],
    )


def _comparison_page(comparison: Comparison, data: ReportData, pages: set[Place]) -> str:
    rows = data.ranked(comparison)
    for r in rows:
        page = Place(r["region_code"], r["scope"], r["fiscal_year"])
        r["link"] = page.file_name if page in pages else None
    return _render(
        "compare.html.j2",
        title=f"{comparison.fiscal_year} {comparison.fund_name_zh}: 地区比较 Places compared",
        comparison=comparison,
        rows=rows,
        charts=[],
    )


def _float(value: Decimal | None) -> float | None:
    """For drawing only: the tables print the exact figures."""
    return None if value is None else float(value)
