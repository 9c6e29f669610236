"""`sibudget build`: check the disclosure files, build the warehouse into a build file, gate it
(pipeline tests, rule findings, Great Expectations) and only then publish it as a release (see
release.py). A failure at any step leaves the served warehouse exactly as it was."""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import IntEnum
from pathlib import Path
from typing import Protocol, TypeVar

import duckdb

from sibudget import spark
from sibudget.compiled import (
    FAILING_ROWS_SHOWN,
    CompiledNodeError,
    CompiledProject,
    write_stamp,
)
from sibudget.dbt import run_dbt
from sibudget.disclosure_files import check_data_dir, check_seeds
from sibudget.findings import (
    describe_failing_rows,
    describe_finding,
    describe_test_failure,
    findings,
)
from sibudget.progress import step
from sibudget.project import Project
from sibudget.release import ensure_writable, new_build_id, project_fingerprint, publish
from sibudget.validate import check_expectations, validate_warehouse
from sibudget.warehouse import connect, query

Report = Callable[[str], None]


class ExitCode(IntEnum):
    PUBLISHED = 0
    GATE_FAILED = 1
    """The disclosure breaks a rule beyond tolerance (unacknowledged), or the marts fail the
    Great Expectations suite: a finding about the data, nothing published."""
    PIPELINE_FAILED = 2
    """Our data are wrong (a file that cannot be read, a label that maps to nothing, a duplicate
    key, a malformed amount) or dbt failed: nothing published."""
    ENVIRONMENT_FAILED = 3
    """The environment stopped the run: another run holds the project's lock, a full disk, a
    read-only or forbidden folder, or an internal failure. One line, nothing published, nothing
    half-written left behind (sibudget.cli)."""


@dataclass
class BuildOutcome:
    exit_code: ExitCode
    built_warehouse: Path
    published_to: Path | None = None
    build_id: str = ""
    lines: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    """Wall time of each step that ran: files, dbt build, gate, Great Expectations, release."""


class Steps:
    """What a build says and how long each of its steps took, kept in its outcome."""

    def __init__(self, outcome: BuildOutcome, report: Report) -> None:
        self.outcome = outcome
        self.report = report
        self.clock = time.perf_counter()

    def say(self, line: str) -> None:
        self.outcome.lines.append(line)
        self.report(line)

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.outcome.seconds[name] = now - self.clock
        self.clock = now

    def took(self) -> None:
        self.say(
            "Took "
            + ", ".join(f"{name} {seconds:.1f} s" for name, seconds in self.outcome.seconds.items())
            + "."
        )


def build(
    project: Project,
    *,
    data_dir: Path | None = None,
    served: Path | None = None,
    validate: bool = True,
    verbose: bool = False,
    report: Report = print,
    compiled: CompiledProject | None = None,
    target: str = "duckdb",
) -> BuildOutcome:
    """Build, gate and publish; every message goes to `report` as well as into the outcome.
    `dbt build` builds, unless `compiled` is given: then the last build's compiled SQL runs
    without dbt (sibudget.compiled), as `sibudget refresh` runs it. `target` "spark" builds on
    the Spark cluster (sibudget.spark) and publishes the marts as Spark wrote them."""
    data_dir = data_dir or project.data_dir
    served = served or project.served_warehouse
    staging = project.staging_warehouse
    outcome = BuildOutcome(ExitCode.PIPELINE_FAILED, staging)
    steps = Steps(outcome, report)
    ensure_writable(served)

    problems = check_seeds(project.seeds_dir) + check_data_dir(data_dir)
    steps.lap("files")
    if problems:
        steps.say(
            f"Pipeline failure: {len(problems)} problem(s) in the seeds or the disclosure files; "
            "nothing built."
        )
        for problem in problems:
            steps.say(f"  {problem}")
        return outcome

    outcome.build_id = new_build_id()
    way = "dbt build" if compiled is None else "compiled SQL"
    into = " on Spark, then" if target == "spark" else ""
    step(f"building {outcome.build_id} ({way}){into} into {staging}")
    shutil.rmtree(staging.parent, ignore_errors=True)
    staging.parent.mkdir(parents=True)
    passed = build_and_gate(
        project,
        steps,
        warehouse=staging,
        data_dir=data_dir,
        served=served,
        validate=validate,
        verbose=verbose,
        compiled=compiled,
        target=target,
    )
    if not passed:
        return outcome
    release = publish(
        staging,
        served,
        outcome.build_id,
        fingerprint=project_fingerprint(project),
        parquet_written=staging.parent / SPARK_PARQUET if target == "spark" else None,
    )
    steps.lap("release")
    outcome.exit_code = ExitCode.PUBLISHED
    outcome.published_to = served
    steps.say(f"Release {outcome.build_id}: {release.folder} (DuckDB, Parquet, manifest.json)")
    summarise(served, steps.say)
    steps.took()
    return outcome


def build_and_gate(
    project: Project,
    steps: Steps,
    *,
    warehouse: Path,
    data_dir: Path,
    served: Path,
    validate: bool,
    verbose: bool,
    target_dir: Path | None = None,
    dbt_options: tuple[str, ...] = (),
    compiled: CompiledProject | None = None,
    with_gx: bool = True,
    target: str = "duckdb",
) -> bool:
    """dbt build of the disclosures in `data_dir` into `warehouse` (or, given `compiled`, the
    last build's compiled SQL run without dbt: sibudget.compiled), then the gate: pipeline
    failures, blocking findings, Great Expectations. True when it may be published; otherwise
    the outcome's exit code and lines say why."""
    outcome = steps.outcome
    if compiled is not None:
        if not _compiled_build(project, steps, compiled, warehouse, data_dir, served):
            return False
        return _gate(project, steps, warehouse=warehouse, data_dir=data_dir, served=served,
                     validate=validate, gate_failed=False, with_gx=with_gx)  # fmt: skip
    if target == "spark":
        spark.register_disclosures(data_dir)
        target_dir = target_dir or project.build_dir / "spark-target"
    final_target = target_dir or project.target_dir
    if target_dir is None:
        # dbt writes its manifest after the parse, before it has compiled anything: a build
        # killed in between would leave `check` and `refresh` no compiled SQL. It runs in a
        # folder of its own, which replaces the last build's once dbt has finished.
        target_dir = _dbt_folder(final_target)
    dbt_args = ["build", *dbt_options] if verbose else ["--quiet", "build", *dbt_options]
    run = run_dbt(
        dbt_args,
        project=project,
        warehouse=warehouse,
        data_dir=data_dir,
        target_dir=target_dir,
        build_id=outcome.build_id,
        target=target,
    )
    steps.lap("dbt build")
    if run.exception is not None:
        steps.say(f"Pipeline failure: dbt could not run: {run.exception}")
        return False
    if target_dir != final_target:
        _replace_folder(final_target, target_dir)
    if target == "duckdb":
        # what the SQL was compiled with, so that `check` can run it without dbt (compiled.py)
        write_stamp(project, final_target, data_dir, outcome.build_id)
    read_rows = spark.failing_rows if target == "spark" else None
    if run.pipeline_failures:
        steps.say(
            f"Pipeline failure: {len(run.pipeline_failures)} dbt node(s) failed; "
            f"{served} is unchanged."
        )
        _say_failures(
            steps,
            run.pipeline_failures,
            lambda failure: describe_test_failure(warehouse, failure, read_rows=read_rows),
        )
        return False
    if target == "spark":
        # the gate, the expectations and the release read the marts (and the seeds) Spark
        # wrote, in DuckDB
        spark.load_tables(
            {
                "marts": spark.export_tables("marts", warehouse.parent / SPARK_PARQUET),
                "reference": spark.export_tables("reference", warehouse.parent / "reference"),
            },
            warehouse,
        )
        steps.lap("Parquet from Spark")

    return _gate(project, steps, warehouse=warehouse, data_dir=data_dir, served=served,
                 validate=validate, gate_failed=bool(run.gate_failures),
                 with_gx=with_gx)  # fmt: skip


PARTIAL_PARSE = "partial_parse.msgpack"


def _dbt_folder(final: Path) -> Path:
    """A fresh folder beside `final` for dbt's target, holding the last build's partial parse
    (dbt then parses only what changed)."""
    folder = final.with_name(final.name + ".building")
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    if (final / PARTIAL_PARSE).is_file():
        shutil.copy2(final / PARTIAL_PARSE, folder / PARTIAL_PARSE)
    return folder


def _replace_folder(final: Path, new: Path) -> None:
    """`new` where `final` was, the old one removed."""
    old = final.with_name(final.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if final.exists():
        final.rename(old)
    new.rename(final)
    shutil.rmtree(old, ignore_errors=True)


def _compiled_build(
    project: Project,
    steps: Steps,
    compiled: CompiledProject,
    warehouse: Path,
    data_dir: Path,
    served: Path,
) -> bool:
    """The compiled SQL run into `warehouse`; False, with the failing tests and their rows said,
    when a data test of severity error returns rows."""
    connection = connect(warehouse, read_only=False)
    try:
        failed = compiled.run(project, connection, data_dir, steps.outcome.build_id)
        connection.execute("checkpoint")
    except CompiledNodeError as error:
        steps.say(f"Pipeline failure: the compiled SQL failed at {error}; {served} is unchanged.")
        return False
    finally:
        connection.close()
    steps.lap("compiled SQL")
    if not failed:
        return True
    steps.say(f"Pipeline failure: {len(failed)} data test(s) failed; {served} is unchanged.")
    _say_failures(
        steps,
        failed,
        lambda test: [
            f"test {test.name}: fail: {test.failing_rows} failing row(s)",
            *describe_failing_rows(test.name, test.rows, FAILING_ROWS_SHOWN, test.failing_rows),
        ],
    )
    return False


class _Named(Protocol):
    @property
    def name(self) -> str: ...


Failure = TypeVar("Failure", bound=_Named)


def _say_failures(
    steps: Steps, failures: Sequence[Failure], describe: Callable[[Failure], list[str]]
) -> None:
    """The failed tests, through dbt or as compiled SQL: those that name a disclosure file or a
    seed (pipeline__…) are the causes, described first, row by row; the tests downstream that
    fail because of them are counted."""
    causes = [failure for failure in failures if failure.name.startswith(CAUSE_TEST_PREFIX)]
    following = [failure for failure in failures if failure not in causes]
    for failure in causes or following:
        for line in describe(failure):
            steps.say(f"  {line}")
    if causes and following:
        steps.say(
            f"  and {len(following)} test(s) that fail because of it: "
            + ", ".join(sorted(failure.name for failure in following))
        )


def _gate(
    project: Project,
    steps: Steps,
    *,
    warehouse: Path,
    data_dir: Path,
    served: Path,
    validate: bool,
    gate_failed: bool,
    with_gx: bool,
) -> bool:
    """The gate on a built `warehouse`: blocking findings, then the Great Expectations suite,
    run by GX with its Data Docs (`with_gx`) or evaluated without it (a refresh)."""
    outcome = steps.outcome
    blocking = findings(warehouse, "blocks_publication")
    steps.lap("gate")
    if gate_failed or blocking:
        outcome.exit_code = ExitCode.GATE_FAILED
        steps.say(
            f"Gate failed: {len(blocking)} finding(s) of severity error, not acknowledged in "
            f"seeds/known_publisher_errors.csv; {served} is unchanged."
        )
        for row in blocking:
            steps.say(f"  {describe_finding(row)}")
        return False

    if not validate:
        return True
    if with_gx:
        step("validating the marts (Great Expectations)")
        validation = validate_warehouse(
            warehouse,
            seeds_dir=project.seeds_dir,
            data_dir=data_dir,
            docs_dir=project.data_docs_dir,
        )
        steps.lap("Great Expectations")
        suite, docs = "Great Expectations checks", f" Data Docs: {validation.docs_index}"
        passed = f"Great Expectations: {validation.evaluated} checks passed.{docs}"
    else:
        validation = check_expectations(warehouse, seeds_dir=project.seeds_dir, data_dir=data_dir)
        steps.lap("expectations")
        suite, docs = "checks of the Great Expectations suite (evaluated without GX)", ""
        passed = f"Expectations: {validation.evaluated} {suite} passed."
    if not validation.success:
        outcome.exit_code = ExitCode.GATE_FAILED
        steps.say(
            f"Gate failed: {len(validation.failed)} of {validation.evaluated} {suite} failed; "
            f"{served} is unchanged.{docs}"
        )
        for line in validation.failed:
            steps.say(f"  {line}")
        return False
    steps.say(passed)
    return True


SPARK_PARQUET = "parquet"
"""Where a Spark build's marts are written, beside its DuckDB file; publish moves them."""

CAUSE_TEST_PREFIX = "pipeline__"
"""dbt tests named so check our data where they enter (a disclosure file, a seed) and name the
file and line: when one fails, tests further down fail because of it."""

SUMMARY_LIMIT = 20
"""Findings listed after a publication, errors first: the rest are in marts.fct_quality_findings
(and the report). At national scale there are millions of rule results."""


def summarise(
    warehouse: Path, say: Report, *, published: Path | None = None, scope: str = ""
) -> None:
    """The rule results of `warehouse` by status, and the first SUMMARY_LIMIT not passed;
    `published` names the served path when `warehouse` is a partial build (`scope` says which
    part)."""
    connection = connect(warehouse)  # once: opening the file reads its whole catalog
    try:
        _summarise(connection, say, f"{published or warehouse}", scope)
    finally:
        connection.close()


def _summarise(
    connection: duckdb.DuckDBPyConnection, say: Report, published: str, scope: str
) -> None:
    by_status = {
        row["status"]: row["results"]
        for row in query(
            connection,
            "select status, count(*) as results from marts.fct_quality_findings group by all",
        )
    }
    say(
        f"Published {published}: "
        + (f"{scope}, " if scope else "")
        + f"{sum(by_status.values())} rule results "
        + ", ".join(f"{count} {status}" for status, count in sorted(by_status.items()))
        + "."
    )
    listed = 0
    for severity in ("error", "warning", "info", "none"):
        for row in findings(
            connection,
            "status <> 'passed' and severity = ?",
            [severity],
            limit=SUMMARY_LIMIT - listed,
        ):
            say(f"  {describe_finding(row)}")
            listed += 1
    unlisted = sum(by_status.values()) - by_status.get("passed", 0) - listed
    if unlisted:
        say(f"  … and {unlisted} more not passed: see marts.fct_quality_findings or the report.")
