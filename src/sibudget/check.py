"""`sibudget check`: every rule on one document alone, before it is published. The document is
read into a scratch folder and built into a scratch warehouse; the project's data and warehouse
are not touched. Findings are printed by source line."""

from __future__ import annotations

import csv
import io
import json
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from sibudget.build import ExitCode
from sibudget.compiled import FAILING_ROWS_SHOWN, CompiledProject
from sibudget.dbt import run_dbt
from sibudget.disclosure_files import check_seeds
from sibudget.findings import (
    describe_failing_rows,
    describe_finding,
    describe_test_failure,
    findings,
)
from sibudget.ingest import (
    ContainerError,
    IngestError,
    Reference,
    parse_disclosure,
    write_disclosure,
)
from sibudget.project import WAREHOUSE_FILE_NAME, Project
from sibudget.warehouse import connect

FORMATS = ("text", "json", "csv")


@dataclass
class CheckOutcome:
    """What `check` found: the exit code, the output in the format asked for, the results that
    did not pass and, once the rules ran, every result, so the same run can be rendered in the
    other formats (`render`)."""

    exit_code: ExitCode
    output: str
    results: list[dict[str, Any]] = field(default_factory=list)
    all_results: list[dict[str, Any]] = field(default_factory=list)
    source: str | None = None
    """The checked file, or files (a page + its attachments); None when the rules did not run."""
    document_id: str = ""

    def render(self, output_format: str) -> str:
        """This run's findings as text, JSON or CSV; a run that stopped before the rules
        ran has only its message."""
        if self.source is None:
            return self.output
        if output_format == "json":
            return (
                json.dumps([_plain(row) for row in self.results], ensure_ascii=False, indent=2)
                + "\n"
            )
        if output_format == "csv":
            buffer = io.StringIO()
            if self.results:
                writer = csv.DictWriter(
                    buffer, fieldnames=list(self.results[0]), lineterminator="\n"
                )
                writer.writeheader()
                writer.writerows(_plain(row) for row in self.results)
            return buffer.getvalue()
        return _text(self.source, self.document_id, self.all_results, self.results)


def check_document(
    project: Project,
    path: Path | Sequence[Path],
    *,
    region_code: str | None = None,
    scope: str | None = None,
    output_format: str = "text",
) -> CheckOutcome:
    """Evaluate every rule on the document at `path` (or in the files of one disclosure, a page
    and its attachments, read in the order given as one document); exit code 1 when a result blocks
    publication (marts.fct_quality_findings.blocks_publication, as `sibudget build` decides:
    failed, severity error, not acknowledged in seeds/known_publisher_errors.csv); 2 when the
    document cannot be read or our pipeline fails on it."""
    seed_problems = check_seeds(project.seeds_dir)
    if seed_problems:
        return _stopped(
            f"{len(seed_problems)} problem(s) in the seeds; nothing checked.", seed_problems
        )
    paths = [path] if isinstance(path, Path) else list(path)
    source = " + ".join(str(each) for each in paths)
    try:
        disclosure = parse_disclosure(
            paths,
            region_code=region_code,
            scope=scope,
            reference=Reference.from_seeds(project.seeds_dir),
        )
    except (IngestError, ContainerError) as error:
        return CheckOutcome(ExitCode.PIPELINE_FAILED, f"sibudget check: {error}\n")
    with tempfile.TemporaryDirectory(prefix="sibudget-check-") as scratch:
        data_dir = Path(scratch) / "disclosures"
        write_disclosure(disclosure, data_dir)
        compiled = CompiledProject.load(project, project.target_dir)
        if compiled is not None:
            # the last build's compiled SQL, without dbt (sibudget.compiled), over a scratch
            # warehouse in memory
            connection = connect(None, read_only=False)
            try:
                failed = compiled.run(project, connection, data_dir, "check")
                if failed:
                    return _stopped(
                        f"{source}: the pipeline failed on this document:",
                        [
                            line
                            for test in failed
                            for line in [
                                f"test {test.name}: fail: {test.failing_rows} failing row(s)",
                                *describe_failing_rows(
                                    test.name,
                                    test.rows,
                                    FAILING_ROWS_SHOWN,
                                    test.failing_rows,
                                    source_file=source,
                                ),
                            ]
                        ],
                    )
                results = findings(connection, "document_id = ?", [disclosure.document_id])
            finally:
                connection.close()
        else:
            warehouse = Path(scratch) / "warehouse" / WAREHOUSE_FILE_NAME
            warehouse.parent.mkdir()
            run = run_dbt(
                ["--quiet", "build", "--exclude", "tag:gate"],
                project=project,
                warehouse=warehouse,
                data_dir=data_dir,
                target_dir=Path(scratch) / "target",
                build_id="check",
            )
            if run.exception is not None or run.failures:
                details = [
                    line
                    for failure in run.failures
                    for line in describe_test_failure(warehouse, failure, source_file=source)
                ]
                if run.exception is not None:
                    details.append(str(run.exception))
                return _stopped(f"{source}: the pipeline failed on this document:", details)
            results = findings(warehouse, "document_id = ?", [disclosure.document_id])
    not_passed = sorted(
        (row for row in results if row["status"] != "passed"),
        key=lambda row: (
            _first_source_line(row),
            str(row["compared_source_lines"]),
            row["rule_id"],
        ),
    )
    blocking = [row for row in not_passed if row["blocks_publication"]]
    exit_code = ExitCode.GATE_FAILED if blocking else ExitCode.PUBLISHED
    outcome = CheckOutcome(
        exit_code, "", not_passed, results, source=source, document_id=disclosure.document_id
    )
    outcome.output = outcome.render(output_format)
    return outcome


def _stopped(headline: str, details: Sequence[object]) -> CheckOutcome:
    """A check that stopped before its rules ran (exit 2): the headline, then each detail."""
    lines = [f"sibudget check: {headline}", *(f"  {detail}" for detail in details)]
    return CheckOutcome(ExitCode.PIPELINE_FAILED, "\n".join(lines) + "\n")


def _text(
    source: str,
    document_id: str,
    results: list[dict[str, Any]],
    not_passed: list[dict[str, Any]],
) -> str:
    counts: dict[str, int] = {}
    for row in results:
        key = row["status"] if row["status"] != "failed" else f"failed ({row['severity']})"
        counts[key] = counts.get(key, 0) + 1
    summary = ", ".join(f"{count} {status}" for status, count in sorted(counts.items()))
    lines = [f"{source} ({document_id}): {len(results)} rule results: {summary}."]
    for row in not_passed:
        lines.append(f"{_where(row)}: {describe_finding(row)}")
    failed_errors = [
        row for row in not_passed if row["status"] == "failed" and row["severity"] == "error"
    ]
    blocking = [row for row in failed_errors if row["blocks_publication"]]
    if blocking:
        verdict = f"{len(blocking)} rule result(s) of severity error failed."
    elif failed_errors:
        verdict = (
            f"{len(failed_errors)} rule result(s) of severity error failed, all acknowledged in "
            "seeds/known_publisher_errors.csv: publication is not blocked."
        )
    else:
        verdict = "No rule of severity error failed."
    lines.append(verdict)
    return "\n".join(lines) + "\n"


def _where(row: dict[str, Any]) -> str:
    """Where a result is printed first: its first place in a container that has places
    (附件1!B4), else its first line ("line 14"); "document" for a result about the whole
    document."""
    if row.get("source_places"):
        return str(row["source_places"]).split(", ")[0]
    if _first_source_line(row):
        return f"line {_first_source_line(row)}"
    return "document"


def _first_source_line(row: dict[str, Any]) -> int:
    lines = str(row.get("source_lines") or "").split(",")
    return int(lines[0]) if lines[0].strip().isdigit() else 0


def _plain(row: dict[str, Any]) -> dict[str, Any]:
    return {
        key: (str(value) if isinstance(value, Decimal) else value) for key, value in row.items()
    }
