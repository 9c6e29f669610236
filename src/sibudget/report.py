"""`sibudget report`: a self-contained static HTML report of the published warehouse, one page per
region × scope × fiscal year plus an index. Styles, data and the chart script are inlined: the
pages need no server and make no request when viewed."""

from __future__ import annotations

import html
import json
import shutil
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any

from sibudget.findings import amount, describe_finding
from sibudget.progress import Progress
from sibudget.warehouse import query

Row = dict[str, Any]
PHASE_ORDER = ("budget", "adjusted_budget", "estimated_outturn", "final_account")
STATUS_ORDER = ("failed", "within_tolerance", "passed")


@dataclass
class ReportOutcome:
    index: Path
    pages: list[Path] = field(default_factory=list)


@dataclass(frozen=True)
class Place:
    region_code: str
    scope: str
    fiscal_year: int

    @property
    def file_name(self) -> str:
        return f"{self.region_code}-{self.scope}-{self.fiscal_year}.html"


def write_report(
    warehouse: Path,
    out_dir: Path,
    *,
    region_code: str | None = None,
    fiscal_year: int | None = None,
    docs_site: Path | None = None,
) -> ReportOutcome:
    """Write the report of `warehouse` into `out_dir` (replaced whole)."""
    data = _load(warehouse)
    places = sorted(
        {
            Place(row["region_code"], row["scope"], row["fiscal_year"])
            for row in data["fund_years"]
            if (region_code is None or row["region_code"] == region_code)
            and (fiscal_year is None or row["fiscal_year"] == fiscal_year)
        },
        key=lambda place: (place.region_code, place.scope, place.fiscal_year),
    )
    if not places:
        raise ValueError(
            f"nothing to report in {warehouse} for region {region_code}, year {fiscal_year}"
        )
    scratch = out_dir.with_name(out_dir.name + ".writing")
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
        shutil.copy2(docs_site, scratch / "docs" / "index.html")
    (scratch / "index.html").write_text(_index(places, data, has_docs), encoding="utf-8")
    shutil.rmtree(out_dir, ignore_errors=True)
    scratch.rename(out_dir)
    return outcome


def _load(warehouse: Path) -> dict[str, list[Row]]:
    return {
        "fund_years": query(
            warehouse,
            "select fund_years.*, funds.fund_name_zh, funds.fund_name_en, funds.display_order "
            "from marts.fct_fund_years as fund_years inner join marts.dim_funds as funds "
            "on fund_years.fund_code = funds.fund_code order by funds.display_order",
        ),
        "documents": query(warehouse, "select * from marts.dim_documents"),
        "regions": query(warehouse, "select * from marts.dim_regions"),
        "phases": query(warehouse, "select * from marts.dim_phases order by display_order"),
        "funds": query(warehouse, "select * from marts.dim_funds order by display_order"),
        "lines": query(warehouse, "select * from marts.dim_lines order by display_order"),
        "fund_lines": query(
            warehouse, "select * from marts.fct_fund_lines order by document_id, source_line"
        ),
        "comparisons": query(warehouse, "select * from marts.fct_phase_comparisons"),
        "findings": query(
            warehouse,
            "select findings.*, rules.assertion, rules.words_if_failed, rules.words_if_passed "
            "from marts.fct_quality_findings as findings "
            "inner join reference.rules as rules on findings.rule_id = rules.rule_id "
            "order by findings.rule_id, findings.fund_code, findings.line_code",
        ),
        "narrative": query(
            warehouse,
            "select * from marts.fct_narrative_figures order by document_id, source_line",
        ),
        "targets": query(
            warehouse,
            "select * from marts.fct_performance_targets order by document_id, source_line",
        ),
    }


def _e(value: object) -> str:
    return html.escape("" if value is None else str(value))


def _td(*cells: object) -> str:
    """Table cells from already escaped HTML."""
    return "".join(f"<td>{cell}</td>" for cell in cells)


def _optional(value: object) -> str:
    return "" if value is None else _e(value)


def _number(value: Decimal | None, *, blank: bool = False) -> str:
    if value is None:
        return '<span class="blank">(空白 blank)</span>' if blank else "–"
    return _e(amount(value))


def _ratio(value: Decimal | None) -> str:
    return "–" if value is None else _e(f"{value:.4f}")


def _page(place: Place, data: dict[str, list[Row]]) -> str:
    region = next((r for r in data["regions"] if r["region_code"] == place.region_code), {})
    year_rows = [
        r
        for r in data["fund_years"]
        if (r["region_code"], r["scope"], r["fiscal_year"])
        == (place.region_code, place.scope, place.fiscal_year)
    ]
    phases = [
        p for p in data["phases"] if any(r["phase_code"] == p["phase_code"] for r in year_rows)
    ]
    document_ids = sorted({r["document_id"] for r in year_rows})
    charts: list[dict[str, Any]] = []
    body: list[str] = []
    scope_zh = "本级" if place.scope == "benji" else "全辖区"
    title = f"{region.get('region_name_zh', place.region_code)} {scope_zh} {place.fiscal_year}"
    body.append(
        f'<header><p><a href="index.html">← 目录 Index</a></p><h1>{_e(title)} 社会保险基金预算</h1>'
        f'<p class="en">{_e(region.get("region_name_en", ""))} ({_e(place.scope)}), fiscal year '
        f"{place.fiscal_year}: social insurance fund budget. Amounts in 万元 (10,000 yuan).</p>"
        f"<p>Documents: {', '.join(_e(d) for d in document_ids)}</p></header>"
    )

    for phase in phases:
        rows = [r for r in year_rows if r["phase_code"] == phase["phase_code"]]
        body.append(_phase_section(phase, rows, charts))
    if len(phases) > 1:
        body.append(_comparison_section(place, data, charts))
    body.append(_trend_section(place, data, charts))
    body.append(_quality_section(document_ids, data))
    body.append(_narrative_section(document_ids, data))
    body.append(_targets_section(document_ids, data))
    body.append(_printed_lines_section(document_ids, data))
    return _html(title, "\n".join(body), charts)


def _fund_label(row: Row) -> str:
    return (
        f'<span class="zh">{_e(row["fund_name_zh"])}</span>'
        f'<span class="en">{_e(row["fund_name_en"])}</span>'
    )


def _fund_bars(
    charts: list[dict[str, Any]],
    title: str,
    unit: str,
    funds: list[Row],
    series: list[tuple[str, str]],
) -> int:
    """Append a bar chart with one bar per fund for each (series name, column); its number."""
    charts.append(
        {
            "kind": "bars",
            "title": title,
            "unit": unit,
            "categories": [r["fund_name_zh"] for r in funds],
            "series": [
                {"name": name, "values": [_float(r[column]) for r in funds]}
                for name, column in series
            ],
        }
    )
    return len(charts) - 1


def _phase_section(phase: Row, rows: list[Row], charts: list[dict[str, Any]]) -> str:
    funds = [r for r in rows if not r["is_total"]]
    name = phase["phase_name_en"]
    chart = _fund_bars(
        charts,
        f"收入与支出 Income and expenditure ({name}), 万元",
        "万元",
        funds,
        [("收入 Income", "income_wan_yuan"), ("支出 Expenditure", "expenditure_wan_yuan")],
    )
    months = _fund_bars(
        charts,
        f"可支付月数 Months of payment ({name}), 月 months",
        "月",
        funds,
        [("可支付月数 Months", "months_of_payment")],
    )
    parts = _fund_bars(
        charts,
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
    balances = _fund_bars(
        charts,
        f"结余 Surplus and year-end balance ({name}), 万元",
        "万元",
        funds,
        [
            ("本年收支结余 Surplus", "surplus_printed_wan_yuan"),
            ("年末累计结余 Year-end balance", "closing_balance_wan_yuan"),
        ],
    )
    dependence = _fund_bars(
        charts,
        f"补贴依赖 Subsidy dependence ({name}), 财政补贴/收入 ratio",
        "ratio",
        funds,
        [("补贴依赖 Subsidy / income", "subsidy_dependence")],
    )
    chart_boxes = "".join(
        f'<div class="chart" data-chart="{number}"></div>'
        for number in (chart, parts, balances, months, dependence)
    )
    header = (
        "<tr><th>基金 Fund</th><th>收入 Income</th><th>保险费 Premium</th><th>利息 Interest</th>"
        "<th>财政补贴 Subsidy</th><th>其他 Other</th><th>支出 Expenditure</th>"
        "<th>待遇 Benefits</th><th>其他 Other</th><th>结余(印) Surplus printed</th>"
        "<th>结余(算) computed</th><th>年末结余 Year-end balance</th>"
        "<th>可支付月数 Months</th><th>补贴依赖 Subsidy dependence</th></tr>"
    )
    body_rows = []
    for r in rows:
        css = ' class="total"' if r["is_total"] else ""
        body_rows.append(
            f'<tr{css} data-fund="{_e(r["fund_code"])}"><td>{_fund_label(r)}</td>'
            f"<td>{_number(r['income_wan_yuan'])}</td><td>{_number(r['income_premium_wan_yuan'])}</td>"
            f"<td>{_number(r['income_interest_wan_yuan'])}</td>"
            f"<td>{_number(r['income_subsidy_wan_yuan'])}</td>"
            f"<td>{_number(r['income_other_wan_yuan'])}</td><td>{_number(r['expenditure_wan_yuan'])}</td>"
            f"<td>{_number(r['expenditure_benefit_wan_yuan'])}</td>"
            f"<td>{_number(r['expenditure_other_wan_yuan'])}</td>"
            f"<td>{_number(r['surplus_printed_wan_yuan'])}</td>"
            f"<td>{_number(r['surplus_computed_wan_yuan'])}</td>"
            f"<td>{_number(r['closing_balance_wan_yuan'])}</td>"
            f"<td>{'–' if r['months_of_payment'] is None else _e(r['months_of_payment'])}</td>"
            f"<td>{_ratio(r['subsidy_dependence'])}</td></tr>"
        )
    return (
        f'<section class="phase" id="phase-{_e(phase["phase_code"])}">'
        f"<h2>{_e(phase['phase_name_zh'])} {_e(phase['phase_name_en'])}</h2>"
        f'<div class="charts">{chart_boxes}</div>'
        '<table class="funds"><caption>单位：万元 (amounts in 万元)</caption>'
        f"<thead>{header}</thead>"
        f"<tbody>{''.join(body_rows)}</tbody></table></section>"
    )


def _comparison_section(
    place: Place, data: dict[str, list[Row]], charts: list[dict[str, Any]]
) -> str:
    rows = [
        r
        for r in data["comparisons"]
        if (r["region_code"], r["scope"], r["fiscal_year"])
        == (place.region_code, place.scope, place.fiscal_year)
        and r["line_code"] in ("income_total", "expenditure_total")
        and r["fund_code"] == "total"
    ]
    if not rows:
        return ""
    line_names = {r["line_code"]: r["line_name_zh"] for r in data["lines"]}
    phase_names = {r["phase_code"]: r["phase_name_zh"] for r in data["phases"]}
    chart = len(charts)
    charts.append(
        {
            "kind": "bars",
            "title": "预算与其他阶段 Budget against other phases (all funds), 万元",
            "unit": "万元",
            "categories": [
                f"{line_names[r['line_code']]} · {phase_names[r['compared_phase_code']]}"
                for r in rows
            ],
            "series": [
                {"name": "预算 Budget", "values": [_float(r["budget_wan_yuan"]) for r in rows]},
                {"name": "对比 Compared", "values": [_float(r["compared_wan_yuan"]) for r in rows]},
            ],
        }
    )
    table_rows = "".join(
        f"<tr><td>{_e(r['line_code'])}</td><td>{_e(r['compared_phase_code'])}</td>"
        f"<td>{_number(r['budget_wan_yuan'])}</td><td>{_number(r['compared_wan_yuan'])}</td>"
        f"<td>{_number(r['difference_wan_yuan'])}</td><td>{_ratio(r['execution_rate'])}</td></tr>"
        for r in rows
    )
    return (
        '<section id="phases"><h2>预算执行 Phases side by side</h2>'
        f'<div class="charts"><div class="chart" data-chart="{chart}"></div></div>'
        "<table><caption>单位：万元</caption><thead><tr><th>Line</th><th>Phase</th>"
        "<th>预算 Budget</th><th>对比 Compared</th><th>差额 Difference</th>"
        f"<th>执行率 Execution rate</th></tr></thead><tbody>{table_rows}</tbody></table></section>"
    )


def _trend_section(place: Place, data: dict[str, list[Row]], charts: list[dict[str, Any]]) -> str:
    totals = [
        r
        for r in data["fund_years"]
        if (r["region_code"], r["scope"]) == (place.region_code, place.scope) and r["is_total"]
    ]
    points = sorted(
        ((r["fiscal_year"], PHASE_ORDER.index(r["phase_code"]), r) for r in totals),
        key=lambda item: (item[0], item[1]),
    )
    if len({year for year, _, _ in points}) < 2:
        return (
            '<section id="trend"><h2>历年趋势 Trend across years</h2>'
            "<p>The warehouse holds one year for this place: no trend yet.</p></section>"
        )
    chart = len(charts)
    charts.append(
        {
            "kind": "lines",
            "title": "年末累计结余 Year-end balance, all funds, 万元",
            "unit": "万元",
            "categories": [f"{year} {r['phase_code']}" for year, _, r in points],
            "series": [
                {
                    "name": "年末结余 Balance",
                    "values": [_float(r["closing_balance_wan_yuan"]) for _, _, r in points],
                },
                {
                    "name": "收入 Income",
                    "values": [_float(r["income_wan_yuan"]) for _, _, r in points],
                },
                {
                    "name": "支出 Expenditure",
                    "values": [_float(r["expenditure_wan_yuan"]) for _, _, r in points],
                },
            ],
        }
    )
    return (
        '<section id="trend"><h2>历年趋势 Trend across years</h2>'
        f'<div class="charts"><div class="chart wide" data-chart="{chart}"></div></div></section>'
    )


def _line_links(document_id: str, lines: object) -> str:
    if not lines:
        return "–"
    return ", ".join(
        f'<a href="#{_e(document_id)}-line-{_e(number.strip())}">{_e(number.strip())}</a>'
        for number in str(lines).split(",")
    )


def _quality_section(document_ids: list[str], data: dict[str, list[Row]]) -> str:
    results = [r for r in data["findings"] if r["document_id"] in document_ids]
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for r in results:
        counts[(r["rule_id"], "acknowledged" if r["is_acknowledged"] else r["severity"])] += 1
    summary = "".join(
        f'<tr><td>{_e(rule)}</td><td class="sev-{_e(severity)}">{_e(severity)}</td>'
        f"<td>{count}</td></tr>"
        for (rule, severity), count in sorted(counts.items())
    )

    def row_html(r: Row) -> str:
        state = "acknowledged" if r["is_acknowledged"] else r["severity"]
        cells = _td(
            _e(r["rule_id"]),
            _e(r["status"]),
            _e(state),
            _e(r["fund_code"]),
            _e(r["line_code"] or r["table_code"]),
            _number(r["expected_wan_yuan"]),
            _number(r["actual_wan_yuan"]),
            _number(r["difference_wan_yuan"]),
            _number(r["tolerance_wan_yuan"]),
            _line_links(r["document_id"], r["source_lines"]),
        )
        words = f'<td title="{_e(r["assertion"])}">{_e(describe_finding(r))}</td>'
        return f'<tr class="sev-{_e(state)}">{cells}{words}</tr>'

    ordered = sorted(results, key=lambda r: (STATUS_ORDER.index(r["status"]), r["rule_id"]))
    attention = [r for r in ordered if r["status"] != "passed"]
    passed = [r for r in ordered if r["status"] == "passed"]
    head = (
        "<thead><tr><th>Rule</th><th>Status</th><th>Severity</th><th>Fund</th><th>Line</th>"
        "<th>Expected 万元</th><th>Actual 万元</th><th>Difference</th><th>Tolerance</th>"
        "<th>Source lines</th><th>In words</th></tr></thead>"
    )
    return (
        '<section id="quality"><h2>数据质量 Data quality: every rule\'s result</h2>'
        '<table class="summary"><thead>'
        "<tr><th>Rule</th><th>Severity</th><th>Results</th></tr></thead>"
        f"<tbody>{summary}</tbody></table>"
        f"<h3>Not simply passed ({len(attention)})</h3>"
        f'<table class="findings">{head}<tbody>'
        f"{''.join(row_html(r) for r in attention)}</tbody></table>"
        f'<details><summary>Passed ({len(passed)})</summary><table class="findings">{head}'
        f"<tbody>{''.join(row_html(r) for r in passed)}</tbody></table></details></section>"
    )


def _narrative_section(document_ids: list[str], data: dict[str, list[Row]]) -> str:
    rows = [r for r in data["narrative"] if r["document_id"] in document_ids]
    if not rows:
        return (
            '<section id="narrative"><h2>说明与表格 Narrative against tables</h2>'
            "<p>No narrative.</p></section>"
        )
    body = "".join(
        f'<tr class="rec-{_e(r["reconciliation"])}">'
        + _td(
            _line_links(r["document_id"], r["source_line"]),
            _e(r["statement_source"]),
            _e(r["fund_code"]),
            _e(r["figure_label"]),
            f"{_e(r['amount_text'])} {_e(r['unit_text'])}",
            _number(r["table_amount_wan_yuan"], blank=bool(r["table_is_blank"])),
            _line_links(r["document_id"], r["table_source_line"]),
            _e(r["reconciliation"]),
        )
        + "</tr>"
        for r in rows
    )
    return (
        '<section id="narrative"><h2>说明与表格 Narrative against tables</h2>'
        "<table><thead><tr><th>Line</th><th>Source</th><th>Fund</th><th>Stated as</th>"
        "<th>Stated figure (unit as printed)</th><th>Table figure 万元</th><th>Table line</th>"
        f"<th>Reconciliation</th></tr></thead><tbody>{body}</tbody></table></section>"
    )


def _targets_section(document_ids: list[str], data: dict[str, list[Row]]) -> str:
    rows = [r for r in data["targets"] if r["document_id"] in document_ids]
    if not rows:
        return (
            '<section id="targets"><h2>绩效目标 Performance targets</h2>'
            "<p>None printed.</p></section>"
        )
    body = "".join(
        "<tr>"
        + _td(
            _line_links(r["document_id"], r["source_line"]),
            _e(r["level_1_indicator"]),
            _e(r["level_2_indicator"]),
            _e(r["level_3_indicator"]),
            _e(r["target_text"]),
            _e(r["target_operator"]),
            _optional(r["target_low"]),
            _optional(r["target_high"]),
            _optional(r["target_unit"]),
        )
        + "</tr>"
        for r in rows
    )
    return (
        '<section id="targets"><h2>绩效目标 Performance targets</h2>'
        "<table><thead><tr><th>Line</th><th>一级指标 Level 1</th><th>二级指标 Level 2</th>"
        "<th>三级指标 Indicator</th><th>指标值 Target as printed</th><th>Operator</th><th>Low</th>"
        f"<th>High</th><th>Unit</th></tr></thead><tbody>{body}</tbody></table></section>"
    )


def _printed_lines_section(document_ids: list[str], data: dict[str, list[Row]]) -> str:
    lines: dict[tuple[str, int], list[str]] = defaultdict(list)
    for r in data["fund_lines"]:
        if r["document_id"] in document_ids:
            lines[(r["document_id"], r["source_line"])].append(
                f"{_e(r['row_label'])} "
                f'<span class="printed">{_e(r["amount_text"] or "(空白 blank)")}</span> '
                f'<span class="unit">{_e(r["unit_text"])} · {_e(r["value_header"])}</span>'
            )
    for r in data["narrative"]:
        if r["document_id"] in document_ids:
            lines[(r["document_id"], r["source_line"])].append(
                f'{_e(r["figure_label"])} <span class="printed">{_e(r["amount_text"])}</span> '
                f'<span class="unit">{_e(r["unit_text"])}</span>'
            )
    for r in data["targets"]:
        if r["document_id"] in document_ids:
            lines[(r["document_id"], r["source_line"])].append(
                f'{_e(r["level_3_indicator"])} <span class="printed">{_e(r["target_text"])}</span>'
            )
    body = "".join(
        f'<tr id="{_e(document)}-line-{number}"><td>{_e(document)}</td><td>{number}</td>'
        f"<td>{' · '.join(parts)}</td></tr>"
        for (document, number), parts in sorted(lines.items())
    )
    return (
        '<section id="printed"><h2>印刷行 Printed lines (provenance)</h2>'
        "<table><thead><tr><th>Document</th><th>Line</th><th>As printed</th></tr></thead>"
        f"<tbody>{body}</tbody></table></section>"
    )


def _index(places: list[Place], data: dict[str, list[Row]], has_docs: bool) -> str:
    rows = []
    for place in places:
        region = next((r for r in data["regions"] if r["region_code"] == place.region_code), {})
        phases = sorted(
            {
                r["phase_code"]
                for r in data["fund_years"]
                if (r["region_code"], r["scope"], r["fiscal_year"])
                == (place.region_code, place.scope, place.fiscal_year)
            },
            key=PHASE_ORDER.index,
        )
        documents = {
            r["document_id"]
            for r in data["fund_years"]
            if (r["region_code"], r["scope"], r["fiscal_year"])
            == (place.region_code, place.scope, place.fiscal_year)
        }
        severities: dict[str, int] = defaultdict(int)
        for r in data["findings"]:
            if r["document_id"] in documents and r["status"] != "passed":
                severities["acknowledged" if r["is_acknowledged"] else r["severity"]] += 1
        name = _e(region.get("region_name_zh", place.region_code))
        english = _e(region.get("region_name_en", ""))
        findings = ", ".join(f"{count} {_e(sev)}" for sev, count in sorted(severities.items()))
        rows.append(
            f'<tr><td><a href="{_e(place.file_name)}">{name}</a> <span class="en">{english}</span>'
            "</td>"
            + _td(
                _e(place.scope), place.fiscal_year, _e(", ".join(phases)), findings or "all passed"
            )
            + "</tr>"
        )
    docs = (
        '<p><a href="docs/index.html">dbt docs: every model and column</a></p>' if has_docs else ""
    )
    body = (
        '<header><h1>sibudget 社会保险基金预算</h1><p class="en">Social insurance fund budget '
        f"disclosures, checked. Amounts in 万元.</p>{docs}</header>"
        "<table><thead><tr><th>Region 地区</th><th>Scope</th><th>Year 年度</th><th>Phases</th>"
        f"<th>Findings (not passed)</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )
    return _html("sibudget report", body, [])


def _float(value: Decimal | None) -> float | None:
    """For drawing only: the tables print the exact figures."""
    return None if value is None else float(value)


ASSETS = resources.files("sibudget") / "report_assets"
STYLE = (ASSETS / "report.css").read_text(encoding="utf-8")
SCRIPT = (ASSETS / "charts.js").read_text(encoding="utf-8")


def _html(title: str, body: str, charts: list[dict[str, Any]]) -> str:
    data = json.dumps(charts, ensure_ascii=False).replace("</", "<\\/")
    script = (
        f'<script type="application/json" id="chart-data">{data}</script><script>{SCRIPT}</script>'
    )
    return (
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; "
        "frame-src 'self'\">"
        f"<title>{_e(title)}</title><style>{STYLE}</style></head><body>{body}{script}</body></html>"
    )
