"""The `sibudget` command."""

from __future__ import annotations

import argparse
import sys
import traceback
from pathlib import Path

import duckdb

from sibudget import __version__
from sibudget.build import ExitCode, build
from sibudget.check import FORMATS, check_document
from sibudget.docs import generate_docs_site
from sibudget.ingest import (
    ContainerError,
    IngestError,
    Reference,
    clear_ingest_scratch,
    parse_disclosure,
    write_disclosure,
)
from sibudget.lock import ProjectLockedError, project_lock
from sibudget.progress import Progress
from sibudget.project import Project
from sibudget.refresh import refresh
from sibudget.regions import RegionError, Regions
from sibudget.release import ReleaseError, all_releases, current, rollback
from sibudget.spark import SparkError
from sibudget.validate import validate_warehouse

SCOPE_HELP = (
    "a scope_code of seeds/scopes.csv (default: the one the title names, 本级 or 全国/全省…; "
    "else the first, 本级)"
)
WAIT_HELP = (
    "wait up to SECONDS for another run's lock on the project (default 0: say who holds it "
    "and exit 3)"
)
ENVIRONMENT_FAILURES = (OSError, duckdb.IOException, ReleaseError, SparkError)
"""Exit 3: what the machine, not the disclosure or our data, stopped (ExitCode)."""
REGION_HELP = (
    "region code (GB/T 2260) or name of seeds/regions.csv (default: the region the document's "
    "title names, when it names exactly one)"
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="sibudget",
        description="A tested warehouse of social insurance fund budget disclosures.",
    )
    parser.add_argument("--version", action="version", version=f"sibudget {__version__}")
    parser.add_argument(
        "--project-dir",
        type=Path,
        help="the sibudget dbt project (default: found from the working directory)",
    )
    commands = parser.add_subparsers(dest="command", required=True)

    build_command = commands.add_parser(
        "build",
        help="build, gate and publish the warehouse",
        description=(
            "Check the disclosure files, build the warehouse into build/staging/, run every "
            "dbt test, the rule gate and the Great Expectations suite, and only then publish "
            "it to warehouse/sibudget.duckdb. Exit 0: published; 1: gate failed (findings of "
            "severity error, or expectations); 2: pipeline failure (our data are wrong); 3: "
            "environment failure (the lock is held, a full disk, a read-only or forbidden "
            "folder): one line, the served release untouched."
        ),
    )
    build_command.add_argument("--wait", type=float, default=0, metavar="SECONDS", help=WAIT_HELP)
    build_command.add_argument("--data-dir", type=Path, help="folder of disclosure folders")
    build_command.add_argument("--warehouse", type=Path, help="where to publish")
    build_command.add_argument(
        "--skip-validation", action="store_true", help="skip the Great Expectations suite"
    )
    build_command.add_argument("--verbose", action="store_true", help="show dbt's own log")
    build_command.add_argument(
        "--target",
        choices=("duckdb", "spark"),
        default="duckdb",
        help="where dbt builds: DuckDB (default) or the Spark cluster of profiles.yml's spark "
        "target (scripts/start-spark); the release is the same either way",
    )

    refresh_command = commands.add_parser(
        "refresh",
        help="add, replace or remove disclosures without rebuilding the others",
        description=(
            "Rebuild only the places (region code + scope) of the named documents: a dbt build "
            "and the gate of those places (every cross-year rule that touches them included), "
            "merged into a copy of the current release and published as a new release. A named "
            "document without a folder is removed. If the models, macros, seeds or tests "
            "changed since the release, nothing changes: run `sibudget build`. Exit codes as "
            "for build."
        ),
    )
    refresh_command.add_argument("document_ids", nargs="+", metavar="DOCUMENT_ID")
    refresh_command.add_argument("--wait", type=float, default=0, metavar="SECONDS", help=WAIT_HELP)
    refresh_command.add_argument("--data-dir", type=Path, help="folder of disclosure folders")
    refresh_command.add_argument("--warehouse", type=Path, help="the served warehouse")
    refresh_command.add_argument(
        "--skip-validation", action="store_true", help="skip the Great Expectations suite"
    )
    refresh_command.add_argument("--verbose", action="store_true", help="show dbt's own log")

    ingest_command = commands.add_parser(
        "ingest",
        help="read a published disclosure into its folder of CSV files",
        description=(
            "Read the text of a disclosure (UTF-8 or GB18030) and write its folder of CSV files "
            "under the data folder: whole or not at all. The same document again changes "
            "nothing; a different one for the same region, scope, year and phase is refused "
            "unless --replace, which archives the one it replaces."
        ),
    )
    ingest_command.add_argument("paths", type=Path, nargs="+", help="the disclosures' texts")
    ingest_command.add_argument(
        "--together",
        action="store_true",
        help="the paths are the files of one disclosure (a page and its attachments), read in "
        "the order given as one document",
    )
    ingest_command.add_argument("--wait", type=float, default=0, metavar="SECONDS", help=WAIT_HELP)
    ingest_command.add_argument("--region", help=REGION_HELP)
    ingest_command.add_argument("--scope", help=SCOPE_HELP)
    ingest_command.add_argument("--data-dir", type=Path, help="default: data/disclosures")
    ingest_command.add_argument("--dry-run", action="store_true", help="print, write nothing")
    ingest_command.add_argument("--replace", action="store_true", help="replace and archive")
    ingest_command.add_argument("--source-url", default="", help="where it was published")
    ingest_command.add_argument("--published-on", default="", help="publication date")

    publish_command = commands.add_parser(
        "publish",
        help="list the releases, or serve the previous one again",
        description=(
            "The served warehouse is a release (warehouse/releases/<build id>/: DuckDB, Parquet, "
            "manifest.json) that warehouse/sibudget.duckdb points to."
        ),
    )
    publish_command.add_argument(
        "--rollback", action="store_true", help="serve the release before the current one"
    )
    publish_command.add_argument("--wait", type=float, default=0, metavar="SECONDS", help=WAIT_HELP)
    publish_command.add_argument("--warehouse", type=Path, help="default: the served warehouse")

    report_command = commands.add_parser(
        "report",
        help="write a static HTML report of the published warehouse",
        description=(
            "Write a self-contained HTML report (one page per region × scope × year, and an "
            "index) from the published warehouse, with the dbt docs site bundled."
        ),
    )
    report_command.add_argument("--region", help="only this region code")
    report_command.add_argument("--year", type=int, help="only this fiscal year")
    report_command.add_argument("--out", type=Path, help="default: build/report")
    report_command.add_argument("--warehouse", type=Path, help="default: the served warehouse")
    report_command.add_argument("--no-docs", action="store_true", help="skip the dbt docs site")

    check_command = commands.add_parser(
        "check",
        help="evaluate every rule on one disclosure before it is published",
        description=(
            "Read a disclosure and evaluate every rule on it alone; print the findings by "
            "source line; write nothing to the warehouse. Exit 1 when a rule of severity error "
            "fails, 2 when the document cannot be read."
        ),
    )
    check_command.add_argument(
        "paths",
        type=Path,
        nargs="+",
        help="the disclosure's file, or its files (a page and its attachments: read in the "
        "order given as one document)",
    )
    check_command.add_argument("--region", help=REGION_HELP)
    check_command.add_argument("--scope", help=SCOPE_HELP)
    check_command.add_argument("--format", choices=FORMATS, default="text")

    validate_command = commands.add_parser(
        "validate",
        help="run the Great Expectations suite on a warehouse",
        description="Validate the marts of a warehouse; exit 1 when an expectation fails.",
    )
    validate_command.add_argument("--warehouse", type=Path, help="default: the served warehouse")
    validate_command.add_argument("--data-dir", type=Path, help="folder of disclosure folders")

    args = parser.parse_args(argv)
    project = Project(args.project_dir.resolve()) if args.project_dir else Project.discover()
    if getattr(args, "region", None) and args.command in ("ingest", "check"):
        # checked before anything runs: an unknown region is one line, with the closest names
        try:
            args.region = Regions.from_seeds(project.seeds_dir).resolve(args.region).code
        except RegionError as error:
            print(f"sibudget {args.command}: {error}", file=sys.stderr)
            return int(ExitCode.PIPELINE_FAILED)

    locked = {"build", "refresh", "ingest"} | (
        {"publish"} if args.command == "publish" and args.rollback else set()
    )
    try:
        if args.command in locked:
            with project_lock(project, f"sibudget {args.command}", wait_seconds=args.wait):
                return _run(project, args)
        return _run(project, args)
    except ProjectLockedError as error:
        print(f"sibudget {args.command}: {error}", file=sys.stderr)
        return int(ExitCode.ENVIRONMENT_FAILED)
    except ENVIRONMENT_FAILURES as error:
        # a full disk, a read-only or forbidden folder, a release that could not be written
        # whole: nothing was published and nothing half-written is left (sibudget.release)
        if getattr(args, "verbose", False):
            traceback.print_exc()
        message = " ".join(str(error).split())
        print(f"sibudget {args.command}: environment failure: {message}", file=sys.stderr)
        return int(ExitCode.ENVIRONMENT_FAILED)


def _run(project: Project, args: argparse.Namespace) -> int:
    if args.command == "build":
        outcome = build(
            project,
            data_dir=args.data_dir,
            served=args.warehouse,
            validate=not args.skip_validation,
            verbose=args.verbose,
            target=args.target,
        )
        return int(outcome.exit_code)

    if args.command == "refresh":
        refreshed = refresh(
            project,
            args.document_ids,
            data_dir=args.data_dir,
            served=args.warehouse,
            validate=not args.skip_validation,
            verbose=args.verbose,
        )
        return int(refreshed.exit_code)
    if args.command == "ingest":
        return _ingest(project, args)
    if args.command == "publish":
        return _publish(project, args)
    if args.command == "report":
        return _report(project, args)
    if args.command == "check":
        checked = check_document(
            project,
            args.paths,
            region_code=args.region,
            scope=args.scope,
            output_format=args.format,
        )
        stream = sys.stdout if checked.exit_code != ExitCode.PIPELINE_FAILED else sys.stderr
        stream.write(checked.output)
        return int(checked.exit_code)

    warehouse = args.warehouse or project.served_warehouse
    if not warehouse.is_file():
        print(f"no warehouse at {warehouse}: run `sibudget build` first", file=sys.stderr)
        return int(ExitCode.PIPELINE_FAILED)
    report = validate_warehouse(
        warehouse,
        seeds_dir=project.seeds_dir,
        data_dir=args.data_dir or project.data_dir,
        docs_dir=project.data_docs_dir,
    )
    for line in report.failed:
        print(line)
    verdict = "passed" if report.success else f"{len(report.failed)} failed"
    print(
        f"Great Expectations: {report.evaluated} checks, {verdict}. Data Docs: {report.docs_index}"
    )
    return 0 if report.success else int(ExitCode.GATE_FAILED)


def _publish(project: Project, args: argparse.Namespace) -> int:
    served = args.warehouse or project.served_warehouse
    if args.rollback:
        try:
            release = rollback(served)
        except LookupError as error:
            print(f"sibudget publish: {error}", file=sys.stderr)
            return int(ExitCode.PIPELINE_FAILED)
        print(f"Serving {release.build_id} again: {served} -> {release.warehouse}")
        return 0
    serving = current(served)
    for release in all_releases(served):
        marker = "*" if serving and release.build_id == serving.build_id else " "
        manifest = release.manifest
        print(f"{marker} {release.build_id}  built {manifest['built_at']}  {release.folder}")
    return 0


def _report(project: Project, args: argparse.Namespace) -> int:
    warehouse = args.warehouse or project.served_warehouse
    if not warehouse.is_file():
        print(f"no warehouse at {warehouse}: run `sibudget build` first", file=sys.stderr)
        return int(ExitCode.PIPELINE_FAILED)
    from sibudget.report import write_report  # jinja2 is imported when a report is written

    docs_site = None if args.no_docs else generate_docs_site(project, warehouse)
    try:
        outcome = write_report(
            warehouse,
            args.out or project.build_dir / "report",
            region_code=args.region,
            fiscal_year=args.year,
            docs_site=docs_site,
        )
    except ValueError as error:
        print(f"sibudget report: {error}", file=sys.stderr)
        return int(ExitCode.PIPELINE_FAILED)
    print(f"Wrote {len(outcome.pages)} page(s); open {outcome.index}")
    return 0


def _ingest(project: Project, args: argparse.Namespace) -> int:
    reference = Reference.from_seeds(project.seeds_dir)
    if not args.dry_run:
        clear_ingest_scratch(args.data_dir or project.data_dir)
    disclosures: list[list[Path]] = [args.paths] if args.together else [[p] for p in args.paths]
    progress = Progress(len(disclosures), "ingest")
    failures = 0
    for paths in disclosures:
        try:
            disclosure = parse_disclosure(
                paths,
                region_code=args.region,
                scope=args.scope,
                reference=reference,
                source_url=args.source_url,
                published_on=args.published_on,
            )
            result = write_disclosure(
                disclosure,
                args.data_dir or project.data_dir,
                replace=args.replace,
                dry_run=args.dry_run,
            )
        except (IngestError, ContainerError, OSError) as error:
            print(f"sibudget ingest: {error}", file=sys.stderr)
            failures += 1
        else:
            for line in result.lines:
                print(line)
        progress.advance(" + ".join(path.name for path in paths))
    progress.done()
    return int(ExitCode.PIPELINE_FAILED) if failures else 0


if __name__ == "__main__":
    sys.exit(main())
