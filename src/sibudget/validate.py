"""The Great Expectations gate: checks the marts themselves (column types, value sets, ranges of
the ratios and months of payment, unique grain, row counts per document against the document's
printed rows).

Great Expectations validates profiles of the marts that DuckDB computes read-only, not the
marts' rows: the distinct values of each coded column, and per disclosure (region, scope, year,
phase) its row and key counts and the extremes of each ratio. A profile fails exactly when the
rows would, names the disclosure that fails, and stays small at any scale (one row per
disclosure: 115,200 at national scale, where the marts hold millions of rows that pandas would
hold as Decimal objects, several GB). Amount types are checked on the columns' declared types
(DECIMAL(24,6)), which is stronger than a check of each value.

The suite is code; value sets come from the reference seeds and the expected row counts from
the disclosure files, not from the warehouse under test.

The same suite is also evaluated without Great Expectations (`check_expectations`): the five
kinds of expectation it uses, over the same profiles, each failure described as GX's is. A
refresh gates on it: importing GX and building its context and Data Docs cost 5-10 s per
refresh, the evaluation of the profiles a few milliseconds. `sibudget build` and `sibudget
validate` run GX itself and write the Data Docs; tests/python/test_validate.py holds the two
evaluations equal on every corrupted copy."""

from __future__ import annotations

import csv
import logging
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb

from sibudget.disclosure_files import count_data_rows
from sibudget.warehouse import connect, query

if TYPE_CHECKING:  # pandas is imported when validation runs: `sibudget check` never needs it
    import pandas as pd

AMOUNT_TYPE = "DECIMAL(24,6)"
MONTHS_OF_PAYMENT_LIMIT = 1200
"""Months of payment beyond ±100 years means a unit or a figure went wrong (a 元 figure read as
万元 multiplies it by 10,000); a negative value is an exhausted fund, which is a finding."""

DISCLOSURE = "region_code, scope, fiscal_year, phase_code"
"""The grain of a disclosure: the profiles are per disclosure, and name it when they fail."""


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
    # in memory: a file context re-reads its YAML configuration at every step (3.7 s of 17 in
    # a profile); the Data Docs site is still written to files, where a file context puts it
    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    context.delete_data_docs_site("local_site")  # the in-memory default, replaced by files
    context.add_data_docs_site(
        site_name="local_site",
        site_config={
            "class_name": "SiteBuilder",
            "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
            "store_backend": {
                "class_name": "TupleFilesystemStoreBackend",
                "base_directory": str(docs_dir / "gx" / "uncommitted" / "data_docs" / "local_site"),
            },
        },
    )
    datasource = context.data_sources.add_pandas("sibudget_marts")

    report = ValidationReport(success=True)
    for batch_name, (profile, expectations) in _batches(warehouse, seeds_dir, data_dir).items():
        frame = profile.frame()
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
                result_format=_result_format(profile.columns),
            )
        )
        result = checkpoint.run(batch_parameters={"dataframe": frame})
        for validation in result.run_results.values():
            for outcome in validation.results:
                report.evaluated += 1
                if not outcome.success:
                    report.success = False
                    report.failed.append(_describe(batch_name, outcome))
    context.build_data_docs()  # once: an UpdateDataDocsAction per checkpoint took 0.4 s each
    for site in context.get_docs_sites_urls():
        url = site.get("site_url") or ""
        if url.startswith("file://"):
            report.docs_index = Path(url.removeprefix("file://"))
    return report


Expectations = Callable[[Any], list[Any]]


@dataclass(frozen=True)
class Profile:
    """Rows DuckDB computed from the marts (or from the disclosure files), as GX validates them."""

    columns: list[str]
    rows: list[tuple[Any, ...]]

    def frame(self) -> pd.DataFrame:
        import pandas as pd

        return pd.DataFrame(self.rows, columns=self.columns)

    def records(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]


@dataclass(frozen=True)
class Expectation:
    """An expectation of the suite as GX configures it: its type and keyword arguments (the
    bounds of column values as floats, arguments given as None left out)."""

    type: str
    kwargs: dict[str, Any]


class _Expectations:
    """What the suite is written against in place of `gx.expectations`:
    `e.ExpectColumnValuesToBeInSet(column=…, value_set=…)` gives the Expectation GX would
    configure."""

    def __getattr__(self, name: str) -> Callable[..., Expectation]:
        kind = re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()

        def configure(**kwargs: Any) -> Expectation:
            given = {key: value for key, value in kwargs.items() if value is not None}
            if kind == "expect_column_values_to_be_between":
                given = {
                    key: float(value) if key in ("min_value", "max_value") else value
                    for key, value in given.items()
                }
            return Expectation(kind, given)

        return configure


def check_expectations(warehouse: Path, *, seeds_dir: Path, data_dir: Path) -> ValidationReport:
    """The suite over the marts of `warehouse`, evaluated without Great Expectations (no Data
    Docs): the same checks, met or failed as GX finds them, each failure described alike."""
    report = ValidationReport(success=True)
    for batch_name, (profile, expectations) in _batches(warehouse, seeds_dir, data_dir).items():
        records = profile.records()
        for expectation in expectations(_Expectations()):
            report.evaluated += 1
            failure = _evaluate(batch_name, profile.columns, records, expectation)
            if failure is not None:
                report.success = False
                report.failed.append(failure)
    return report


def _evaluate(
    batch_name: str, columns: list[str], records: list[dict[str, Any]], expectation: Expectation
) -> str | None:
    """None when the profile's `records` meet `expectation`; otherwise the failure in _describe's
    words.
    Column expectations ignore missing values, as GX's do; a pair of values is unexpected
    unless both are missing or they are equal."""
    kind, kwargs = expectation.type, expectation.kwargs
    shown = {key: value for key, value in kwargs.items() if key in DESCRIBED_ARGUMENTS}
    low, high = kwargs.get("min_value"), kwargs.get("max_value")
    if kind == "expect_table_row_count_to_be_between":
        count = len(records)
        if (low is None or count >= low) and (high is None or count <= high):
            return None
        return f"{batch_name}: {kind} {shown}: ? unexpected; e.g. {count}"
    tested = [kwargs[key] for key in ("column", "column_A", "column_B") if key in kwargs]

    def unexpected(record: dict[str, Any]) -> bool:
        values = [record[column] for column in tested]
        if kind == "expect_column_pair_values_to_be_equal":
            return values[0] != values[1] and not (values[0] is None and values[1] is None)
        if kind == "expect_column_values_to_not_be_null":
            return values[0] is None
        if values[0] is None:
            return False
        if kind == "expect_column_values_to_be_in_set":
            return values[0] not in kwargs["value_set"]
        if kind == "expect_column_values_to_be_between":
            return (low is not None and values[0] < low) or (high is not None and values[0] > high)
        raise ValueError(f"{batch_name}: {kind} is not evaluated without Great Expectations")

    failing = [record for record in records if unexpected(record)]
    if not failing:
        return None
    keys = _index_columns(columns)
    if keys:
        examples: Any = "; ".join(
            # GX's order: the (first) column tested, the row's keys, the second of a pair
            _plain_row({column: record[column] for column in [tested[0], *keys, *tested[1:]]})
            for record in failing[:5]
        )
    elif len(tested) == 1:
        examples = [record[tested[0]] for record in failing[:PARTIAL_UNEXPECTED]]
    else:
        examples = [
            tuple(record[column] for column in tested) for record in failing[:PARTIAL_UNEXPECTED]
        ]
    return f"{batch_name}: {kind} {shown}: {len(failing)} unexpected; e.g. {examples}"


DESCRIBED_ARGUMENTS = ("column", "column_list", "column_A", "column_B", "min_value", "max_value")
PARTIAL_UNEXPECTED = 20
"""GX's partial list of unexpected values (result format SUMMARY) holds the first 20."""


def _batches(
    warehouse: Path, seeds_dir: Path, data_dir: Path
) -> dict[str, tuple[Profile, Expectations]]:
    """Every batch of the suite, profiled over one read-only connection to `warehouse`: opening
    the file reads its catalog (265 tables), 0.05-0.3 s each time here."""
    connection = connect(warehouse)
    try:
        return _profiled_batches(connection, seeds_dir, data_dir)
    finally:
        connection.close()


def _profiled_batches(
    connection: duckdb.DuckDBPyConnection, seeds_dir: Path, data_dir: Path
) -> dict[str, tuple[Profile, Expectations]]:
    fund_codes = [*_seed_values(seeds_dir / "funds.csv", "fund_code"), "total"]
    phase_codes = _seed_values(seeds_dir / "phases.csv", "phase_code")
    line_codes = _seed_values(seeds_dir / "lines.csv", "line_code")
    rule_ids = _seed_values(seeds_dir / "rules.csv", "rule_id")
    scopes = _seed_values(seeds_dir / "scopes.csv", "scope_code")

    def column_types(e: Any) -> list[Any]:
        return [
            e.ExpectTableRowCountToBeBetween(min_value=1),
            e.ExpectColumnValuesToBeInSet(column="data_type", value_set=[AMOUNT_TYPE]),
        ]

    def fund_lines_values(e: Any) -> list[Any]:
        return [
            e.ExpectTableRowCountToBeBetween(min_value=1),
            e.ExpectColumnValuesToBeInSet(column="fund_code", value_set=fund_codes),
            e.ExpectColumnValuesToBeInSet(column="phase_code", value_set=phase_codes),
            e.ExpectColumnValuesToBeInSet(column="line_code", value_set=line_codes),
            e.ExpectColumnValuesToBeInSet(column="scope", value_set=scopes),
        ]

    def fund_lines(e: Any) -> list[Any]:
        return [
            e.ExpectColumnPairValuesToBeEqual(column_A="figures", column_B="grain_keys"),
            e.ExpectColumnValuesToBeBetween(column="documents", min_value=1, max_value=1),
            *[
                e.ExpectColumnValuesToBeBetween(column=name, min_value=0, max_value=0)
                for name in ("figures_without_source_line", "figures_without_document")
            ],
        ]

    def fund_years_values(e: Any) -> list[Any]:
        return [
            e.ExpectColumnValuesToBeInSet(column="fund_code", value_set=fund_codes),
            e.ExpectColumnValuesToBeInSet(column="phase_code", value_set=phase_codes),
        ]

    def fund_years(e: Any) -> list[Any]:
        def between(name: str, low: float | None, high: float | None) -> list[Any]:
            return [
                e.ExpectColumnValuesToBeBetween(
                    column=f"{name}_{end}", min_value=low, max_value=high
                )
                for end in ("min", "max")
            ]

        return [
            e.ExpectColumnPairValuesToBeEqual(column_A="funds", column_B="grain_keys"),
            *between("subsidy_dependence", 0, 1),
            *between("benefit_share", 0, 1),
            *between("contribution_coverage", 0, None),
            *between("months_of_payment", -MONTHS_OF_PAYMENT_LIMIT, MONTHS_OF_PAYMENT_LIMIT),
        ]

    def surplus(e: Any) -> list[Any]:
        return [
            e.ExpectColumnPairValuesToBeEqual(column_A="funds", column_B="grain_keys"),
            e.ExpectColumnValuesToBeBetween(
                column="funds_without_computed_surplus", min_value=0, max_value=0
            ),
        ]

    def surplus_values(e: Any) -> list[Any]:
        return [e.ExpectColumnValuesToBeInSet(column="fund_code", value_set=fund_codes)]

    def findings(e: Any) -> list[Any]:
        return [
            e.ExpectColumnPairValuesToBeEqual(column_A="findings", column_B="finding_ids"),
        ]

    def findings_values(e: Any) -> list[Any]:
        return [
            e.ExpectColumnValuesToBeInSet(column="rule_id", value_set=rule_ids),
            e.ExpectColumnValuesToBeInSet(
                column="status", value_set=["passed", "within_tolerance", "failed"]
            ),
            e.ExpectColumnValuesToBeInSet(
                column="severity", value_set=["none", "info", "warning", "error"]
            ),
            e.ExpectColumnValuesToBeBetween(column="smallest_tolerance_wan_yuan", min_value=0),
        ]

    def row_counts(e: Any) -> list[Any]:
        return [
            e.ExpectColumnValuesToNotBeNull(column="mart_figures"),
            e.ExpectColumnPairValuesToBeEqual(column_A="mart_figures", column_B="printed_figures"),
        ]

    def frame(sql: str) -> Profile:
        return _profile(connection, sql)

    def per_disclosure(relation: str, measures: str) -> Profile:
        return frame(f"select {DISCLOSURE}, {measures} from {relation} group by all")

    return {
        "column types": (
            frame(
                "select table_name, column_name, data_type from information_schema.columns "
                "where table_schema = 'marts' and column_name like '%wan_yuan' "
                "order by all"
            ),
            column_types,
        ),
        "fct_fund_lines values": (
            frame(
                "select distinct fund_code, phase_code, line_code, scope from marts.fct_fund_lines"
            ),
            fund_lines_values,
        ),
        "fct_fund_lines per disclosure": (
            per_disclosure(
                "marts.fct_fund_lines",
                "count(*) as figures, count(distinct (fund_code, line_code)) as grain_keys, "
                "count(distinct document_id) as documents, "
                "count(*) filter (where source_line is null) as figures_without_source_line, "
                "count(*) filter (where document_id is null) as figures_without_document",
            ),
            fund_lines,
        ),
        "fct_fund_years values": (
            frame("select distinct fund_code, phase_code from marts.fct_fund_years"),
            fund_years_values,
        ),
        "fct_fund_years per disclosure": (
            per_disclosure(
                "marts.fct_fund_years",
                "count(*) as funds, count(distinct fund_code) as grain_keys, "
                + ", ".join(
                    f"{end}({name}) as {name}_{end}"
                    for name in (
                        "subsidy_dependence",
                        "benefit_share",
                        "contribution_coverage",
                        "months_of_payment",
                    )
                    for end in ("min", "max")
                ),
            ),
            fund_years,
        ),
        "fund_surplus values": (
            frame("select distinct fund_code from marts.fund_surplus"),
            surplus_values,
        ),
        "fund_surplus per disclosure": (
            per_disclosure(
                "marts.fund_surplus",
                "count(*) as funds, count(distinct fund_code) as grain_keys, "
                "count(*) filter (where surplus_computed_wan_yuan is null) "
                "as funds_without_computed_surplus",
            ),
            surplus,
        ),
        "fct_quality_findings": (
            frame(
                "select count(*) as findings, count(distinct finding_id) as finding_ids "
                "from marts.fct_quality_findings"
            ),
            findings,
        ),
        "fct_quality_findings values": (
            frame(
                "select rule_id, status, severity, "
                "min(tolerance_wan_yuan) as smallest_tolerance_wan_yuan "
                "from marts.fct_quality_findings group by all"
            ),
            findings_values,
        ),
        "document_row_counts": (_row_counts(connection, data_dir), row_counts),
    }


def _profile(connection: duckdb.DuckDBPyConnection, sql: str) -> Profile:
    """The rows of `sql`, with DECIMAL values kept as Decimal (pandas' own reader makes floats)."""
    result = connection.cursor().execute(sql)
    columns = [description[0] for description in result.description or []]
    return Profile(columns, result.fetchall())


def _row_counts(connection: duckdb.DuckDBPyConnection, data_dir: Path) -> Profile:
    """Per document: figures of its tables in fct_fund_lines against the rows of its
    table_cells.csv."""
    in_marts = {
        row["document_id"]: row["figures"]
        for row in query(
            connection,
            "select document_id, count(*) as figures from marts.fct_fund_lines"
            " where statement_source = 'table' group by all",
        )
    }
    printed = {
        folder.name: count_data_rows(folder / "table_cells.csv")
        for folder in sorted(data_dir.iterdir())
        if (folder / "table_cells.csv").is_file()
    }
    return Profile(
        ["document_id", "printed_figures", "mart_figures"],
        [(document_id, count, in_marts.get(document_id)) for document_id, count in printed.items()],
    )


def _index_columns(columns: list[str]) -> list[str]:
    """The columns that name a failing row: its disclosure, or its document."""
    return [name for name in (*DISCLOSURE.split(", "), "document_id") if name in columns]


def _result_format(columns: list[str]) -> dict[str, Any]:
    """Failures name the rows that fail by their disclosure (or document), where a frame has it."""
    keys = _index_columns(columns)
    if not keys:
        return {"result_format": "SUMMARY"}
    return {"result_format": "SUMMARY", "unexpected_index_column_names": keys}


def _seed_values(path: Path, column: str) -> list[str]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [row[column] for row in csv.DictReader(handle)]


def _describe(batch_name: str, outcome: Any) -> str:
    configuration = outcome.expectation_config
    keywords = {
        key: value for key, value in configuration.kwargs.items() if key in DESCRIBED_ARGUMENTS
    }
    details = outcome.result or {}
    rows = details.get("partial_unexpected_index_list")
    if rows and all(isinstance(row, dict) for row in rows):
        examples: Any = "; ".join(_plain_row(row) for row in rows[:5])
    elif details.get("partial_unexpected_list"):
        examples = [_plain(value) for value in details["partial_unexpected_list"]]
    else:
        examples = details.get("observed_value")
    return (
        f"{batch_name}: {configuration.type} {keywords}: "
        f"{details.get('unexpected_count', '?')} unexpected; e.g. {examples}"
    )


def _plain_row(row: dict[str, Any]) -> str:
    """`region_code=652800 scope=benji … months_of_payment_max=99999.00`, numpy types unwrapped."""
    return " ".join(f"{name}={_plain(value)}" for name, value in row.items())


def _plain(value: Any) -> Any:
    """A value of pandas' or numpy's as Python's own (`np.int64(322)` as 322), in a pair too."""
    if isinstance(value, tuple | list):
        return type(value)(_plain(item) for item in value)
    return value.item() if hasattr(value, "item") else value
