"""Findings and failures in words: what `sibudget build` prints."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb

from sibudget.dbt import NodeFailure
from sibudget.spark import SparkError
from sibudget.warehouse import query

FINDING_COLUMNS = """
    findings.rule_id, findings.status, findings.severity, findings.is_acknowledged,
    findings.acknowledgement_reason, findings.blocks_publication, findings.document_id,
    findings.region_code, findings.scope, findings.fiscal_year, findings.phase_code,
    findings.table_code, findings.fund_code, findings.line_code, findings.compared_document_id,
    findings.compared_fiscal_year, findings.compared_phase_code, findings.expected_wan_yuan,
    findings.actual_wan_yuan, findings.difference_wan_yuan, findings.tolerance_wan_yuan,
    findings.has_blank_terms, findings.source_lines, findings.compared_source_lines,
    findings.source_places, findings.compared_source_places,
    rules.words_if_failed, rules.words_if_passed
"""


def findings(
    warehouse: Path | duckdb.DuckDBPyConnection,
    where: str = "true",
    parameters: list[Any] | None = None,
    limit: int | None = None,
) -> list[dict[str, Any]]:
    """Rows of marts.fct_quality_findings matching `where` (over its columns, with `parameters`
    bound to its placeholders) in a stable order, with the words of their rule; the first
    `limit`."""
    return query(
        warehouse,
        f"select {FINDING_COLUMNS} "
        f"from (select * from marts.fct_quality_findings where {where}) as findings "
        "inner join reference.rules as rules on findings.rule_id = rules.rule_id "
        "order by findings.document_id, findings.rule_id, findings.fiscal_year, "
        "findings.phase_code, findings.table_code, findings.fund_code, findings.line_code"
        + ("" if limit is None else f" limit {int(limit)}"),
        parameters,
    )


def amount(value: Decimal | None) -> str:
    """An amount in 万元 as a person reads it: thousands separators, no trailing zeros."""
    if value is None:
        return "-"
    normalised = value.normalize()
    if normalised == normalised.to_integral():
        return f"{normalised:,.0f}"
    return f"{normalised:,f}"


def describe_finding(row: dict[str, Any]) -> str:
    """One finding as a sentence: rule, place, year, phase, fund, what the rule found (its
    rule's words, seed rules: words_if_passed or words_if_failed, with the result's amounts),
    lines. `row` has the columns of FINDING_COLUMNS."""
    place = f"{row['region_code']} {row['scope']} {row['fiscal_year']}"
    if row["phase_code"]:
        place += f" {row['phase_code']}"
    subject = f"fund {row['fund_code']}"
    if row["line_code"]:
        subject += f", line {row['line_code']}"
    elif row["table_code"]:
        subject += f", {row['table_code']} table"
    flag = ""
    if row["is_acknowledged"]:
        flag = f" [acknowledged: {row['acknowledgement_reason']}]"
    words = row["words_if_passed"] if row["status"] == "passed" else row["words_if_failed"]
    figures = words.format(
        expected=amount(row["expected_wan_yuan"]),
        actual=amount(row["actual_wan_yuan"]),
        difference=amount(row["difference_wan_yuan"]),
        tolerance=amount(row["tolerance_wan_yuan"]),
        table=row["table_code"],
    )
    compared = ""
    compared_places = row.get("compared_source_places")
    if row["compared_document_id"] == row["document_id"]:
        compared = (
            f"; table at {compared_places}"
            if compared_places
            else f"; table line {row['compared_source_lines']}"
        )
    elif row["compared_document_id"]:
        compared = (
            f"; against {row['compared_fiscal_year']} {row['compared_phase_code']} "
            f"({row['compared_document_id']} "
            f"{_at(row['compared_source_lines'], compared_places)})"
        )
    blank = "; blank counted as 0" if row["has_blank_terms"] else ""
    source_at = _at(row["source_lines"], row.get("source_places"))
    return (
        f"{row['rule_id']} ({row['severity']}, {row['status']}): {place}, {subject}: {figures}"
        f"{blank}; {row['document_id']} {source_at}{compared}{flag}"
    )


def _at(lines: str | None, places: str | None) -> str:
    """Where the figures of a result were printed: their places in a container that has them
    ("at 附件1!B7, 附件2!B5"), else the lines of the text ("lines 14, 52")."""
    return f"at {places}" if places else f"lines {lines or '-'}"


PROVENANCE_COLUMNS = (
    "unknown_value",
    "source_file",
    "document_id",
    "source_line",
    "row_label",
    "amount_text",
    "unit_text",
    "mapping_status",
    "placement_status",
    "printed_at",
    "rows_sharing_the_key",
)


def describe_test_failure(
    warehouse: Path,
    failure: NodeFailure,
    limit: int = 20,
    source_file: str | None = None,
    read_rows: Callable[[str, int], list[dict[str, Any]]] | None = None,
) -> list[str]:
    """A failed dbt test in words: its name and message, then each stored failing row with the
    rule it breaks and where it comes from (file, document line, label, printed text);
    `source_file` names the file in place of the one the rows were read from (check reads a
    scratch copy of the document). The rows are read from `warehouse`, or by `read_rows`
    (relation, limit) where the test stored them elsewhere (a Spark build)."""
    message = failure.message
    if failure.resource_type == "test" and failure.status == "fail" and failure.failures:
        message = f"{failure.failures} failing row(s)"  # as the compiled SQL says it
    lines = [f"{failure.resource_type} {failure.name}: {failure.status}: {message}"]
    if failure.resource_type != "test" or not failure.relation_name:
        return lines
    try:
        if read_rows is not None:
            rows = read_rows(failure.relation_name, limit)
        else:
            rows = query(warehouse, f"select * from {_local_relation(failure.relation_name)}")
    except (duckdb.Error, SparkError) as error:
        lines.append(f"  (failing rows could not be read: {error})")
        return lines
    return lines + describe_failing_rows(failure.name, rows, limit, source_file=source_file)


def describe_failing_rows(
    test_name: str,
    rows: list[dict[str, Any]],
    limit: int = 20,
    total: int | None = None,
    source_file: str | None = None,
) -> list[str]:
    """The failing rows of a data test, the first `limit` of `rows` (of `total` when only the
    first were fetched): each with the rule it breaks and where it comes from (file, document
    line, label, printed text), the file named `source_file` where given, else the file the
    row names with its links resolved."""
    lines = []
    for row in sorted(rows, key=_in_document_order)[:limit]:
        if source_file is not None and row.get("source_file") is not None:
            row = {**row, "source_file": source_file}
        elif row.get("source_file") is not None and Path(str(row["source_file"])).exists():
            # a refresh reads its documents through links: the file they link to is named
            row = {**row, "source_file": str(Path(str(row["source_file"])).resolve())}
        rule = row.get("rule_id", test_name)
        details = ", ".join(
            f"{name}={row[name]!r}" for name in PROVENANCE_COLUMNS if row.get(name) is not None
        )
        if not details:
            details = ", ".join(f"{name}={value!r}" for name, value in row.items())
        lines.append(f"  [{rule}] {details}")
    shown = min(len(rows), limit)
    if (total if total is not None else len(rows)) > shown:
        lines.append(f"  … and {(total if total is not None else len(rows)) - shown} more")
    return lines


def _in_document_order(row: dict[str, Any]) -> tuple[str, int, str]:
    """A failing row's place: its document, then its line (rows without one first)."""
    line = str(row.get("source_line") or "")
    return (str(row.get("document_id") or ""), int(line) if line.isdigit() else 0, repr(row))


def _local_relation(relation_name: str) -> str:
    """schema.table of a dbt relation name "catalog"."schema"."table" (the catalog is the file)."""
    parts = relation_name.split(".")
    return ".".join(parts[-2:])
