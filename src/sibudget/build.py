"""`sibudget build`: check the disclosure files, build the warehouse into a build file, gate it
(pipeline tests, rule findings, Great Expectations) and only then publish it as a release (see
release.py). A failure at any step leaves the served warehouse exactly as it was."""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import IntEnum
from pathlib import Path

from sibudget.dbt import run_dbt
from sibudget.disclosure_files import check_data_dir
from sibudget.findings import describe_finding, describe_test_failure, findings
from sibudget.progress import step
from sibudget.project import Project
from sibudget.release import new_build_id, publish
from sibudget.validate import validate_warehouse
from sibudget.warehouse import query

Report = Callable[[str], None]


class ExitCode(IntEnum):
    PUBLISHED = 0
    GATE_FAILED = 1
    """The disclosure breaks a rule beyond tolerance (unacknowledged), or the marts fail the
    Great Expectations suite: a finding about the data, nothing published."""
    PIPELINE_FAILED = 2
    """Our data are wrong (a file that cannot be read, a label that maps to nothing, a duplicate
    key, a malformed amount) or dbt failed: nothing published."""


@dataclass
class BuildOutcome:
    exit_code: ExitCode
    built_warehouse: Path
    published_to: Path | None = None
    build_id: str = ""
    lines: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    """Wall time of each step that ran: files, dbt build, gate, Great Expectations, release."""


def build(
    project: Project,
    *,
    data_dir: Path | None = None,
    served: Path | None = None,
    validate: bool = True,
    verbose: bool = False,
    report: Report = print,
) -> BuildOutcome:
    """Build, gate and publish; every message goes to `report` as well as into the outcome."""
    data_dir = data_dir or project.data_dir
    served = served or project.served_warehouse
    staging = project.staging_warehouse
    outcome = BuildOutcome(ExitCode.PIPELINE_FAILED, staging)

    def say(line: str) -> None:
        outcome.lines.append(line)
        report(line)

    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        outcome.seconds[name] = now - clock
        clock = now

    problems = check_data_dir(data_dir)
    lap("files")
    if problems:
        say(f"Pipeline failure: {len(problems)} problem(s) in the disclosure files; nothing built.")
        for problem in problems:
            say(f"  {problem}")
        return outcome

    build_id = new_build_id()
    outcome.build_id = build_id
    step(f"building {build_id} (dbt build) into {staging}")
    shutil.rmtree(staging.parent, ignore_errors=True)
    staging.parent.mkdir(parents=True)
    dbt_args = ["build"] if verbose else ["--quiet", "build"]
    run = run_dbt(
        dbt_args, project=project, warehouse=staging, data_dir=data_dir, build_id=build_id
    )
    lap("dbt build")
    if run.exception is not None:
        say(f"Pipeline failure: dbt could not run: {run.exception}")
        return outcome
    if run.pipeline_failures:
        say(
            f"Pipeline failure: {len(run.pipeline_failures)} dbt node(s) failed; "
            f"{served} is unchanged."
        )
        for failure in run.pipeline_failures:
            for line in describe_test_failure(staging, failure):
                say(f"  {line}")
        return outcome

    blocking = findings(staging, "blocks_publication")
    lap("gate")
    if run.gate_failures or blocking:
        outcome.exit_code = ExitCode.GATE_FAILED
        say(
            f"Gate failed: {len(blocking)} finding(s) of severity error, not acknowledged in "
            f"seeds/known_publisher_errors.csv; {served} is unchanged."
        )
        for row in blocking:
            say(f"  {describe_finding(row)}")
        return outcome

    if validate:
        step("validating the marts (Great Expectations)")
        validation = validate_warehouse(
            staging,
            seeds_dir=project.seeds_dir,
            data_dir=data_dir,
            docs_dir=project.data_docs_dir,
        )
        lap("Great Expectations")
        if not validation.success:
            outcome.exit_code = ExitCode.GATE_FAILED
            say(
                f"Gate failed: {len(validation.failed)} of {validation.evaluated} Great "
                f"Expectations checks failed; {served} is unchanged. Data Docs: "
                f"{validation.docs_index}"
            )
            for line in validation.failed:
                say(f"  {line}")
            return outcome
        say(
            f"Great Expectations: {validation.evaluated} checks passed. "
            f"Data Docs: {validation.docs_index}"
        )

    release = publish(staging, served, build_id)
    lap("release")
    outcome.exit_code = ExitCode.PUBLISHED
    outcome.published_to = served
    say(f"Release {build_id}: {release.folder} (DuckDB, Parquet, manifest.json)")
    _summarise(served, say)
    say(
        "Took "
        + ", ".join(f"{name} {seconds:.1f} s" for name, seconds in outcome.seconds.items())
        + "."
    )
    return outcome


SUMMARY_LIMIT = 20
"""Findings listed after a publication, errors first: the rest are in marts.fct_quality_findings
(and the report). At national scale there are millions of rule results."""


def _summarise(warehouse: Path, say: Report) -> None:
    by_status = {
        row["status"]: row["results"]
        for row in query(
            warehouse,
            "select status, count(*) as results from marts.fct_quality_findings group by all",
        )
    }
    say(
        f"Published {warehouse}: {sum(by_status.values())} rule results "
        + ", ".join(f"{count} {status}" for status, count in sorted(by_status.items()))
        + "."
    )
    listed = 0
    for severity in ("error", "warning", "info", "none"):
        for row in findings(
            warehouse,
            f"status <> 'passed' and severity = '{severity}'",
            limit=SUMMARY_LIMIT - listed,
        ):
            say(f"  {describe_finding(row)}")
            listed += 1
    unlisted = sum(by_status.values()) - by_status.get("passed", 0) - listed
    if unlisted:
        say(f"  … and {unlisted} more not passed: see marts.fct_quality_findings or the report.")
