"""Findings and failures in words: what `sibudget build` prints."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb

from sibudget.dbt import NodeFailure
from sibudget.warehouse import query

FINDING_COLUMNS = """
    rule_id, status, severity, is_acknowledged, acknowledgement_reason, blocks_publication,
    document_id,
    region_code, scope, fiscal_year, phase_code, table_code, fund_code, line_code,
    compared_document_id, compared_fiscal_year, compared_phase_code, expected_wan_yuan,
    actual_wan_yuan, difference_wan_yuan, tolerance_wan_yuan, has_blank_terms, source_lines,
    compared_source_lines
"""


def findings(
    warehouse: Path, where: str = "true", limit: int | None = None
) -> list[dict[str, Any]]:
    """Rows of marts.fct_quality_findings matching `where` in a stable order; the first `limit`."""
    return query(
        warehouse,
        f"select {FINDING_COLUMNS} from marts.fct_quality_findings where {where} "
        "order by document_id, rule_id, fiscal_year, phase_code, table_code, fund_code, line_code"
        + ("" if limit is None else f" limit {int(limit)}"),
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
    """One finding as a sentence: rule, place, year, phase, fund, expected, actual, lines."""
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
    if row["rule_id"] == "narrative_zero_for_blank":
        figures = "states 0 where the table prints a blank cell"
    elif row["expected_wan_yuan"] is None:
        figures = "expected but not printed" if row["rule_id"] == "expected_fund_present" else ""
        figures = figures or "printed but not expected"
    else:
        figures = (
            f"expected {amount(row['expected_wan_yuan'])} 万元, "
            f"actual {amount(row['actual_wan_yuan'])} 万元, "
            f"difference {amount(row['difference_wan_yuan'])}, "
            f"tolerance {amount(row['tolerance_wan_yuan'])}"
        )
    compared = ""
    if row["compared_document_id"] == row["document_id"]:
        compared = f"; table line {row['compared_source_lines']}"
    elif row["compared_document_id"]:
        compared = (
            f"; against {row['compared_fiscal_year']} {row['compared_phase_code']}"
            f" ({row['compared_document_id']} lines {row['compared_source_lines']})"
        )
    blank = "; blank counted as 0" if row["has_blank_terms"] else ""
    return (
        f"{row['rule_id']} ({row['severity']}, {row['status']}): {place}, {subject}: {figures}"
        f"{blank}; {row['document_id']} lines {row['source_lines'] or '-'}{compared}{flag}"
    )


PROVENANCE_COLUMNS = (
    "source_file",
    "document_id",
    "source_line",
    "row_label",
    "amount_text",
    "unit_text",
    "mapping_status",
    "printed_at",
    "rows_sharing_the_key",
)


def describe_test_failure(warehouse: Path, failure: NodeFailure, limit: int = 20) -> list[str]:
    """A failed dbt test in words: its name and message, then each stored failing row with the
    rule it breaks and where it comes from (file, document line, label, printed text)."""
    lines = [f"{failure.resource_type} {failure.name}: {failure.status}: {failure.message}"]
    if failure.resource_type != "test" or not failure.relation_name:
        return lines
    try:
        rows = query(warehouse, f"select * from {_local_relation(failure.relation_name)}")
    except duckdb.Error as error:
        lines.append(f"  (failing rows could not be read: {error})")
        return lines
    for row in rows[:limit]:
        rule = row.get("rule_id", failure.name)
        details = ", ".join(
            f"{name}={row[name]!r}" for name in PROVENANCE_COLUMNS if row.get(name) is not None
        )
        if not details:
            details = ", ".join(f"{name}={value!r}" for name, value in row.items())
        lines.append(f"  [{rule}] {details}")
    if len(rows) > limit:
        lines.append(f"  … and {len(rows) - limit} more")
    return lines


def _local_relation(relation_name: str) -> str:
    """schema.table of a dbt relation name "catalog"."schema"."table" (the catalog is the file)."""
    parts = relation_name.split(".")
    return ".".join(parts[-2:])
