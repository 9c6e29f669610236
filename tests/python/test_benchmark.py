"""bench/run at a small scale (correctness only): the project's build + gate (then an incremental
refresh that adds a held-out disclosure), the plain DuckDB baseline and the hand-written anchor
each find exactly the injected faults, acknowledged so that the gate passes; the baseline gives
the same marts and the anchor the same core; each comparison fails on a difference and names
what differs."""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from conftest import BuiltWarehouse
from sibudget.report import write_report
from sibudget.warehouse import query
from snapshots import compare_snapshot
from support import REPO
from test_report import coverage_cells


def test_both_paths_find_exactly_the_injected_faults(tmp_path: Path) -> None:
    results = tmp_path / "results.json"
    run = subprocess.run(
        [sys.executable, str(REPO / "bench" / "run.py"), "--regions", "3", "--first-year", "2019",
         "--years", "3", "--faults", "1", "--work", str(tmp_path / "work"), "--json", str(results)],
        capture_output=True,
        text=True,
    )  # fmt: skip
    assert run.returncode == 0, run.stdout + run.stderr
    [result] = json.loads(results.read_text(encoding="utf-8"))
    assert result["documents"] == 27
    assert result["injected_findings"] == 17
    assert result["project_findings_exact"] and result["baseline_findings_exact"]
    assert result["same_marts"]
    assert result["project"]["exit_code"] == 0 and result["baseline"]["exit_code"] == 0
    # the anchor, the core written by hand (issue 14): exactly the injected faults, and the
    # project's fund facts, surplus view and every core rule result, row for row
    assert result["anchor"]["exit_code"] == 0
    assert result["anchor_findings_exact"] and result["same_core"]
    work = tmp_path / "work" / "3-regions"
    assert_the_anchor_comparison_names_what_differs(
        work / "project" / "warehouse" / "sibudget.duckdb", work / "anchor" / "anchor.duckdb"
    )
    # issue 14's targets are printed with their figures, met or not
    assert re.search(r"\| 3 regions \| refresh of one document ≤ 5 s \| [0-9.]+ s \| ", run.stdout)
    assert "| 3 regions | full build ≤ 1.5× the anchor | " in run.stdout
    # the project built 26 disclosures, then `sibudget refresh` added the 27th: the marts equal
    # the baseline's over all 27
    assert result["refreshed_document"] == "910002-benji-2020-budget"
    assert result["refresh"]["exit_code"] == 0
    # `sibudget check` of the real document in the built project, timed (issue 14's target)
    assert result["check"]["exit_code"] == 0
    assert "check of 652800-benji-2020-budget.txt: best " in run.stdout
    served = tmp_path / "work" / "3-regions" / "project" / "warehouse" / "sibudget.duckdb"
    acknowledged = query(
        served,
        "select count(*) as errors, count(*) filter (where is_acknowledged) as acknowledged "
        "from marts.fct_quality_findings where status = 'failed' and severity = 'error'",
    )
    assert acknowledged == [{"errors": 17, "acknowledged": 17}]
    # 2019 with maternity insurance, 2020 and 2021 with its balance rolled into medical_employee
    assert "| 3 regions | 27 | 1,792 |" in run.stdout
    # every mart row as before the rules, gate and report were reorganised
    assert compare_snapshot(served, REPO / "tests" / "snapshots" / "bench-3-regions") == []
    assert_the_report_compares_the_regions(served, tmp_path / "work" / "3-regions" / "report")
    # the index, 9 place pages, a comparison page per fund and year (2019 with maternity
    # insurance: 8 funds and the total; 2020 and 2021: 7 and the total)
    assert result["report"]["exit_code"] == 0 and result["report_pages"] == 1 + 9 + 9 + 8 + 8


def assert_the_anchor_comparison_names_what_differs(served: Path, anchor: Path) -> None:
    """A copy of the project's warehouse with one fund figure and one rule result changed: the
    anchor's comparison fails and names the fund facts and the rule results, with the rows."""
    copy = anchor.with_name("project-copy.duckdb")
    shutil.copy2(served, copy)
    connection = duckdb.connect(str(copy))
    try:
        connection.execute(
            "update marts.fct_fund_lines set amount_wan_yuan = amount_wan_yuan + 1 "
            "where document_id = '910000-benji-2019-budget' and source_line = 5"
        )
        connection.execute(
            "update marts.fct_quality_findings set status = 'failed', severity = 'error' "
            "where rule_id = 'roll_forward' and status = 'passed' and document_id = "
            "(select min(document_id) from marts.fct_quality_findings "
            "where rule_id = 'roll_forward' and status = 'passed')"
        )
    finally:
        connection.close()
    compare = [sys.executable, str(REPO / "bench" / "anchor.py"), "compare"]
    same = subprocess.run([*compare, str(served), str(anchor)], capture_output=True, text=True)
    assert (same.returncode, same.stdout.strip()) == (0, "same core")
    differs = subprocess.run([*compare, str(copy), str(anchor)], capture_output=True, text=True)
    assert differs.returncode == 1
    named = [line.split(":")[0] for line in differs.stdout.splitlines() if " row(s) only " in line]
    assert named == [
        "fund lines (marts.fct_fund_lines)",
        "fund lines (marts.fct_fund_lines)",
        "core rule results (marts.fct_quality_findings)",
        "core rule results (marts.fct_quality_findings)",
    ], differs.stdout
    assert "1 row(s) only the project has" in differs.stdout
    assert "'910000-benji-2019-budget', 5," in differs.stdout


def assert_the_report_compares_the_regions(served: Path, report: Path) -> None:
    """The front page of the report that bench/run wrote: the coverage matrix of 3 regions × 3
    years, each cell with its three phases; and each comparison page ranks the regions by months
    of payment, fewest first, as the marts give them."""
    cells = coverage_cells((report / "index.html").read_text(encoding="utf-8"))
    assert sorted(cells) == [
        (f"91000{region}-benji", year) for region in range(3) for year in (2019, 2020, 2021)
    ]
    for (place, year), (_, link, phases) in cells.items():
        assert link == f"{place}-{year}.html"
        assert [name for name, _ in phases] == ["预算", "预计执行", "决算"]
    months = query(
        served,
        "select region_code, months_of_payment from marts.fct_fund_years "
        "where fiscal_year = 2020 and fund_code = 'pension_enterprise' and phase_code = 'budget' "
        "order by months_of_payment, region_code",
    )
    compared = (report / "compare-2020-pension_enterprise.html").read_text(encoding="utf-8")
    assert re.findall(r'<tr data-region="(\d+)">', compared) == [
        row["region_code"] for row in months
    ]
    # a place page stays small: its passed results one compact row each, its printed lines
    # once per document (the pages were 0.43 MB at 1× before)
    sizes = {path.name: path.stat().st_size for path in report.glob("91000?-benji-20??.html")}
    assert len(sizes) == 9 and max(sizes.values()) < 250_000, sizes
    # more places than the front page shows: one row per province (the synthetic regions
    # 91000x are one), linking to the province's page, which holds the same matrix
    split = write_report(served, report.with_name("report-by-province"), matrix_places=2)
    front = split.index.read_text(encoding="utf-8")
    assert coverage_cells(front) == {}
    assert re.findall(r'<tr data-province="(\d+)">', front) == ["910000"]
    assert '<a href="coverage-910000.html">3</a>' in front  # three places hold 2020
    (province,) = split.coverage_pages
    assert province.name == "coverage-910000.html"
    assert coverage_cells(province.read_text(encoding="utf-8")) == cells


def test_the_comparison_of_marts_names_the_mart_that_differs(
    built: BuiltWarehouse, tmp_path: Path
) -> None:
    copy = tmp_path / "copy" / "sibudget.duckdb"
    copy.parent.mkdir()
    shutil.copy2(built.path, copy)
    compare = [sys.executable, str(REPO / "bench" / "baseline.py"), "compare", str(built.path)]
    same = subprocess.run([*compare, str(copy)], capture_output=True, text=True)
    assert (same.returncode, same.stdout.strip()) == (0, "same marts")
    connection = duckdb.connect(str(copy))
    try:
        connection.execute(
            "update marts.fct_fund_lines set amount_wan_yuan = amount_wan_yuan + 1 "
            "where source_line = 14"
        )
    finally:
        connection.close()
    differs = subprocess.run([*compare, str(copy)], capture_output=True, text=True)
    assert differs.returncode == 1
    assert differs.stdout.splitlines()[0].startswith("marts.fct_fund_lines: (")
    assert differs.stdout.splitlines()[-1] == "1 mart(s) differ"


def test_without_the_report_its_columns_say_not_run(monkeypatch: pytest.MonkeyPatch) -> None:
    """bench/run --no-report (the report takes hours at 100×): the results table says so in the
    report's four columns and still prints every target of issue 14."""
    monkeypatch.syspath_prepend(str(REPO / "bench"))
    spec = importlib.util.spec_from_file_location("bench_run", REPO / "bench" / "run.py")
    assert spec is not None and spec.loader is not None
    bench_run = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "bench_run", bench_run)
    spec.loader.exec_module(bench_run)
    timed = bench_run.Measured(seconds=4.0, peak_mb=100.0, exit_code=0)
    result = bench_run.ScaleResult(
        label="1×", regions=32, documents=1152, figures=73704, injected_findings=51,
        generate_seconds=1.0, project=timed, baseline=timed, anchor=timed, refresh=timed,
        refreshed_document="910031-benji-2025-budget", check=timed, report=None,
        report_pages=0, report_mb=0.0, index_kb=0.0, project_findings_exact=True,
        baseline_findings_exact=True, anchor_findings_exact=True, same_marts=True,
        same_core=True,
    )  # fmt: skip
    [header, _, row] = bench_run.table([result])
    cells = [cell.strip() for cell in row.strip("|").split("|")]
    named = [cell.strip() for cell in header.strip("|").split("|")]
    columns = dict(zip(named, cells, strict=True))
    report = {name: cell for name, cell in columns.items() if name.startswith(("report", "front"))}
    assert report == {
        "report s": "not run", "report pages": "not run", "report MB": "not run",
        "front page kB": "not run",
    }  # fmt: skip
    targets = bench_run.targets([result])
    assert len(targets) == 2 + 4
    assert "| 1× | refresh of one document ≤ 5 s | 4.0 s | met |" in targets
