"""The anchor of bench/run (issue 14): the core of the warehouse written by hand as one plain
DuckDB script (bench/anchor.sql), independent of the project's models, the reference for speed.

It reads the disclosure files, maps each distinct label to a fund and a line by the seeds, builds
the fund facts and the fund-years with their surplus, and keeps every result of the core rules
(sums, surplus, parts, roll-forward, expected funds). It is not a second product: it covers
well-formed tables, not narratives, targets or the pipeline checks. `compare` checks it against a
project warehouse: the same fund facts (marts.fct_fund_lines), the same surplus view
(marts.fund_surplus) and the same result of every core rule (marts.fct_quality_findings), row for
row; the first differing rows are printed.

    python bench/anchor.py run --data-dir D --seeds-dir S --database F
    python bench/anchor.py compare PROJECT.duckdb ANCHOR.duckdb
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import duckdb

SCRIPT = Path(__file__).resolve().with_name("anchor.sql")

CORE_RULES = (
    "funds_sum_to_total",
    "surplus_identity",
    "part_within_total",
    "parts_sum_within_total",
    "parts_sum_to_total",
    "roll_forward",
    "expected_fund_present",
)
"""The rules the anchor evaluates; bench/anchor.sql writes each once."""

_RULE_LIST = ", ".join(f"'{rule}'" for rule in CORE_RULES)

COMPARED = {
    "fund lines (marts.fct_fund_lines)": (
        "core.fund_lines",
        "marts.fct_fund_lines",
        "region_code, scope, fiscal_year, phase_code, fund_code, line_code, table_code, "
        "amount_wan_yuan, is_blank, amount_text, unit_text, document_id, source_line, row_label, "
        "value_header",
        "true",
    ),
    "fund-years and surplus (marts.fund_surplus)": (
        "core.fund_years",
        "marts.fund_surplus",
        "region_code, scope, fiscal_year, phase_code, fund_code, income_wan_yuan, "
        "expenditure_wan_yuan, surplus_printed_wan_yuan, surplus_computed_wan_yuan, "
        "surplus_difference_wan_yuan, closing_balance_wan_yuan, document_id",
        "true",
    ),
    "core rule results (marts.fct_quality_findings)": (
        "core.rule_results",
        "marts.fct_quality_findings",
        "rule_id, severity, status, document_id, fiscal_year, phase_code, table_code, fund_code, "
        "line_code, compared_document_id, expected_wan_yuan, actual_wan_yuan, "
        "difference_wan_yuan, tolerance_wan_yuan",
        f"rule_id in ({_RULE_LIST})",
    ),
}
"""What `compare` holds equal: a name, the anchor's table, the project's mart, the columns, and
the project's rows that the anchor covers."""

FAILED_ERRORS = (
    "select document_id, rule_id, fund_code, "
    "coalesce(case when rule_id = 'expected_fund_present' then table_code else line_code end, '') "
    "from core.rule_results where status = 'failed' and severity = 'error'"
)


def run_anchor(*, data_dir: Path, seeds_dir: Path, database: Path) -> float:
    """Run the script into a new database file; seconds taken."""
    text = (
        SCRIPT.read_text(encoding="utf-8")
        .replace("@DATA_DIR@", str(data_dir.resolve()))
        .replace("@SEEDS_DIR@", str(seeds_dir.resolve()))
    )
    database.unlink(missing_ok=True)
    database.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    connection = duckdb.connect(str(database))
    try:
        # the memory limit the project's dbt profile sets, so that every path spills alike
        limit = os.environ.get("SIBUDGET_DUCKDB_MEMORY_LIMIT", "2GB")
        connection.execute(f"set memory_limit = '{limit}'")
        connection.execute("set preserve_insertion_order = false")
        connection.execute(text)
        connection.execute("checkpoint")
    finally:
        connection.close()
    return time.perf_counter() - started


def failed_errors(database: Path) -> set[tuple[str, str, str, str]]:
    """The anchor's failed error results: (document, rule, fund, line or table)."""
    connection = duckdb.connect(str(database), read_only=True)
    try:
        return {
            (str(document), str(rule), str(fund), str(place))
            for document, rule, fund, place in connection.execute(FAILED_ERRORS).fetchall()
        }
    finally:
        connection.close()


def compare(project: Path, anchor: Path, shown: int = 5) -> list[str]:
    """Where the anchor and the project's marts differ: per compared table, its name, the rows
    only one side has (counted with multiplicity) and the first few of them; [] when equal."""
    connection = duckdb.connect()
    differences: list[str] = []
    try:
        connection.execute(f"attach '{project}' as project (read_only)")
        connection.execute(f"attach '{anchor}' as anchored (read_only)")
        for name, (mine, theirs, columns, covered) in COMPARED.items():
            anchor_rows = f"select {columns} from anchored.{mine}"
            project_rows = f"select {columns} from project.{theirs} where {covered}"
            for side, first, second in (
                ("only the anchor", anchor_rows, project_rows),
                ("only the project", project_rows, anchor_rows),
            ):
                rows = connection.execute(
                    f"select * from ({first} except all {second}) order by all"
                ).fetchall()
                if rows:
                    differences.append(f"{name}: {len(rows)} row(s) {side} has")
                    differences += [f"  {row}" for row in rows[:shown]]
    finally:
        connection.close()
    return differences


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run")
    run.add_argument("--data-dir", type=Path, required=True)
    run.add_argument("--seeds-dir", type=Path, required=True)
    run.add_argument("--database", type=Path, required=True)
    compared = commands.add_parser("compare")
    compared.add_argument("project", type=Path)
    compared.add_argument("anchor", type=Path)
    arguments = parser.parse_args(argv)
    if arguments.command == "run":
        seconds = run_anchor(
            data_dir=arguments.data_dir,
            seeds_dir=arguments.seeds_dir,
            database=arguments.database,
        )
        print(f"{arguments.database}: built in {seconds:.1f} s")
        return 0
    differences = compare(arguments.project, arguments.anchor)
    for line in differences:
        print(line)
    print("same core" if not differences else "the anchor and the project differ")
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())
