"""The Great Expectations gate: checks the marts themselves (types, value sets, ranges of the
ratios and months of payment, unique grain, row counts per document against the document's
printed rows), over pandas batches read read-only from DuckDB with amounts kept as Decimal.

The suite is code; value sets come from the reference seeds and the expected row counts from
the disclosure files, not from the warehouse under test."""

from __future__ import annotations

import csv
import logging
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from sibudget.disclosure_files import count_data_rows
from sibudget.warehouse import query

AMOUNT_TYPE = "Decimal"
MONTHS_OF_PAYMENT_LIMIT = 1200
"""Months of payment beyond ±100 years means a unit or a figure went wrong (a 元 figure read as
万元 multiplies it by 10,000); a negative value is an exhausted fund, which is a finding."""

FUND_YEAR_GRAIN = ["region_code", "scope", "fiscal_year", "phase_code", "fund_code"]


@dataclass
class ValidationReport:
    """The outcome of one validation run."""

    success: bool
    failed: list[str] = field(default_factory=list)
    evaluated: int = 0
    docs_index: Path | None = None


def validate_warehouse(
    warehouse: Path, *, seeds_dir: Path, data_dir: Path, docs_dir: Path
) -> ValidationReport:
    """Run the suite over the marts of `warehouse`; write Data Docs under `docs_dir`."""
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    logging.getLogger("great_expectations").setLevel(logging.ERROR)
    shutil.rmtree(docs_dir, ignore_errors=True)
    docs_dir.mkdir(parents=True)
    context = gx.get_context(mode="file", project_root_dir=str(docs_dir))
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    datasource = context.data_sources.add_pandas("sibudget_marts")

    report = ValidationReport(success=True)
    for batch_name, (frame, expectations) in _batches(warehouse, seeds_dir, data_dir).items():
        asset = datasource.add_dataframe_asset(batch_name)
        batch_definition = asset.add_batch_definition_whole_dataframe("whole")
        suite = context.suites.add(gx.ExpectationSuite(name=f"{batch_name}_suite"))
        for expectation in expectations(gx.expectations):
            suite.add_expectation(expectation)
        definition = context.validation_definitions.add(
            gx.ValidationDefinition(name=batch_name, data=batch_definition, suite=suite)
        )
        checkpoint = context.checkpoints.add(
            gx.Checkpoint(
                name=f"{batch_name}_checkpoint",
                validation_definitions=[definition],
                actions=[gx.checkpoint.UpdateDataDocsAction(name="data_docs")],
            )
        )
        result = checkpoint.run(batch_parameters={"dataframe": frame})
        for validation in result.run_results.values():
            for outcome in validation.results:
                report.evaluated += 1
                if not outcome.success:
                    report.success = False
                    report.failed.append(_describe(batch_name, outcome))
    for site in context.get_docs_sites_urls():
        url = site.get("site_url") or ""
        if url.startswith("file://"):
            report.docs_index = Path(url.removeprefix("file://"))
    return report


Expectations = Callable[[Any], list[Any]]


def _batches(
    warehouse: Path, seeds_dir: Path, data_dir: Path
) -> dict[str, tuple[pd.DataFrame, Expectations]]:
    fund_codes = [*_seed_values(seeds_dir / "funds.csv", "fund_code"), "total"]
    phase_codes = _seed_values(seeds_dir / "phases.csv", "phase_code")
    line_codes = _seed_values(seeds_dir / "lines.csv", "line_code")
    rule_ids = _seed_values(seeds_dir / "rules.csv", "rule_id")
    scopes = ["benji", "area"]

    def fund_lines(e: Any) -> list[Any]:
        return [
            e.ExpectTableRowCountToBeBetween(min_value=1),
            e.ExpectCompoundColumnsToBeUnique(column_list=[*FUND_YEAR_GRAIN, "line_code"]),
            e.ExpectColumnValuesToBeInSet(column="fund_code", value_set=fund_codes),
            e.ExpectColumnValuesToBeInSet(column="phase_code", value_set=phase_codes),
            e.ExpectColumnValuesToBeInSet(column="line_code", value_set=line_codes),
            e.ExpectColumnValuesToBeInSet(column="scope", value_set=scopes),
            e.ExpectColumnValuesToBeOfType(column="amount_wan_yuan", type_=AMOUNT_TYPE),
            e.ExpectColumnValuesToNotBeNull(column="source_line"),
            e.ExpectColumnValuesToNotBeNull(column="document_id"),
        ]

    def fund_years(e: Any) -> list[Any]:
        amounts = [
            "income_wan_yuan",
            "expenditure_wan_yuan",
            "surplus_printed_wan_yuan",
            "surplus_computed_wan_yuan",
            "closing_balance_wan_yuan",
        ]
        return [
            e.ExpectCompoundColumnsToBeUnique(column_list=FUND_YEAR_GRAIN),
            e.ExpectColumnValuesToBeInSet(column="fund_code", value_set=fund_codes),
            e.ExpectColumnValuesToBeInSet(column="phase_code", value_set=phase_codes),
            *[e.ExpectColumnValuesToBeOfType(column=name, type_=AMOUNT_TYPE) for name in amounts],
            e.ExpectColumnValuesToBeBetween(column="subsidy_dependence", min_value=0, max_value=1),
            e.ExpectColumnValuesToBeBetween(column="benefit_share", min_value=0, max_value=1),
            e.ExpectColumnValuesToBeBetween(column="contribution_coverage", min_value=0),
            e.ExpectColumnValuesToBeBetween(
                column="months_of_payment",
                min_value=-MONTHS_OF_PAYMENT_LIMIT,
                max_value=MONTHS_OF_PAYMENT_LIMIT,
            ),
        ]

    def surplus(e: Any) -> list[Any]:
        return [
            e.ExpectCompoundColumnsToBeUnique(column_list=FUND_YEAR_GRAIN),
            e.ExpectColumnValuesToBeInSet(column="fund_code", value_set=fund_codes),
            e.ExpectColumnValuesToBeOfType(column="surplus_difference_wan_yuan", type_=AMOUNT_TYPE),
            e.ExpectColumnValuesToNotBeNull(column="surplus_computed_wan_yuan"),
        ]

    def findings(e: Any) -> list[Any]:
        return [
            e.ExpectColumnValuesToBeUnique(column="finding_id"),
            e.ExpectColumnValuesToBeInSet(column="rule_id", value_set=rule_ids),
            e.ExpectColumnValuesToBeInSet(
                column="status", value_set=["passed", "within_tolerance", "failed"]
            ),
            e.ExpectColumnValuesToBeInSet(
                column="severity", value_set=["none", "info", "warning", "error"]
            ),
            e.ExpectColumnValuesToBeBetween(column="tolerance_wan_yuan", min_value=0),
        ]

    def row_counts(e: Any) -> list[Any]:
        return [
            e.ExpectColumnValuesToNotBeNull(column="mart_figures"),
            e.ExpectColumnPairValuesToBeEqual(column_A="mart_figures", column_B="printed_figures"),
        ]

    return {
        "fct_fund_lines": (_frame(warehouse, "marts.fct_fund_lines"), fund_lines),
        "fct_fund_years": (_frame(warehouse, "marts.fct_fund_years"), fund_years),
        "fund_surplus": (_frame(warehouse, "marts.fund_surplus"), surplus),
        "fct_quality_findings": (_frame(warehouse, "marts.fct_quality_findings"), findings),
        "document_row_counts": (_row_counts(warehouse, data_dir), row_counts),
    }


def _frame(warehouse: Path, relation: str) -> pd.DataFrame:
    rows = query(warehouse, f"select * from {relation}")
    if rows:
        return pd.DataFrame(rows)
    columns = query(warehouse, f"describe {relation}")
    return pd.DataFrame(columns=[column["column_name"] for column in columns])


def _row_counts(warehouse: Path, data_dir: Path) -> pd.DataFrame:
    """Per document: figures in fct_fund_lines against the rows of its table_cells.csv."""
    in_marts = {
        row["document_id"]: row["figures"]
        for row in query(
            warehouse,
            "select document_id, count(*) as figures from marts.fct_fund_lines group by all",
        )
    }
    printed = {
        folder.name: count_data_rows(folder / "table_cells.csv")
        for folder in sorted(data_dir.iterdir())
        if (folder / "table_cells.csv").is_file()
    }
    return pd.DataFrame(
        [
            {
                "document_id": document_id,
                "printed_figures": count,
                "mart_figures": in_marts.get(document_id),
            }
            for document_id, count in printed.items()
        ]
    )


def _seed_values(path: Path, column: str) -> list[str]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [row[column] for row in csv.DictReader(handle)]


def _describe(batch_name: str, outcome: Any) -> str:
    configuration = outcome.expectation_config
    keywords = {
        key: value
        for key, value in configuration.kwargs.items()
        if key in ("column", "column_list", "column_A", "column_B", "min_value", "max_value")
    }
    details = outcome.result or {}
    examples = details.get("partial_unexpected_list") or details.get("observed_value")
    return (
        f"{batch_name}: {configuration.type} {keywords}: "
        f"{details.get('unexpected_count', '?')} unexpected; e.g. {examples}"
    )
