"""`sibudget refresh DOCUMENT_ID…`: add, replace or remove disclosures in the served warehouse
without rebuilding the others, still write-audit-publish.

Every rule compares figures within one place (region code + scope): a document's own tables and
narrative, the phases of one year, and the years that roll into each other. A place is therefore
the unit of refresh:
1. the places of the named documents (their folders under the data folder; a named document
   without a folder is removed), and of documents whose acknowledged errors changed in
   seeds/known_publisher_errors.csv, are built alone (data tests and gate included; dbt's unit
   tests, which test the SQL rather than the data, ran in the full build of the release) and
   validated by the Great Expectations suite, evaluated without GX (sibudget.validate's
   check_expectations: the same checks, no Data Docs): what changed, with every cross-year rule
   that touches it.
   They are built by the last build's compiled SQL, run without dbt (sibudget.compiled), when it
   is this project's; otherwise by `dbt build`;
2. the current release's DuckDB file is copied to build/refresh/release/ (while step 1 runs),
   and in one transaction every table it holds (sibudget.release.SERVED_SCHEMAS: marts,
   reference data, the data tests' failing rows) loses the rows of those places (by document,
   or by place) and takes the rows of the partial build; tables from the reference data are
   replaced whole; every row keeps the build id that wrote it (the refreshed places' rows carry
   the refresh's);
3. the copy is moved into a new release and published (sibudget.release): only the Parquet files
   of the refreshed places' groups of regions (6528xx) and of the marts without places are
   written, the other groups' files are linked from the previous release with their checksums;
   manifest, link swap.
A refresh reuses a release only if the project that built it is the same (same models, macros,
seeds other than new regions and acknowledged errors, tests): otherwise it says so and changes
nothing, and `sibudget build` is the way.
"""

from __future__ import annotations

import csv
import shutil
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import duckdb

from sibudget.build import BuildOutcome, ExitCode, Report, Steps, build_and_gate, summarise
from sibudget.compiled import CompiledProject
from sibudget.disclosure_files import check_document_folder, check_seeds
from sibudget.progress import step
from sibudget.project import WAREHOUSE_FILE_NAME, Project
from sibudget.release import (
    SERVED_SCHEMAS,
    Place,
    current,
    ensure_writable,
    new_build_id,
    project_fingerprint,
    publish,
    tables,
)
from sibudget.warehouse import connect, query, sql_text


def _is_document_id(name: str) -> bool:
    """A document folder's name: one path component, not '.' or '..', nothing hidden."""
    return (
        bool(name)
        and name == Path(name).name
        and name not in (".", "..")
        and not (name.startswith(".") or "\\" in name)
    )


def refresh(
    project: Project,
    document_ids: Iterable[str],
    *,
    data_dir: Path | None = None,
    served: Path | None = None,
    validate: bool = True,
    verbose: bool = False,
    report: Report = print,
) -> BuildOutcome:
    """Refresh the places of `document_ids` in the served warehouse; see the module."""
    data_dir = data_dir or project.data_dir
    served = served or project.served_warehouse
    work = project.build_dir / "refresh"
    copied = work / "release" / WAREHOUSE_FILE_NAME  # the release's file, the places merged in
    named = sorted(set(document_ids))
    outcome = BuildOutcome(ExitCode.PIPELINE_FAILED, copied)
    steps = Steps(outcome, report)
    ensure_writable(served)

    not_ids = [name for name in named if not _is_document_id(name)]
    if not_ids:
        steps.say(f"Bad input: {len(not_ids)} name(s) refused; nothing built.")
        for name in not_ids:
            steps.say(
                f"  {name!r} is not a document id: name a folder directly under {data_dir} "
                "(region-scope-year-phase, e.g. 652800-benji-2020-budget), not a path"
            )
        return outcome
    release = current(served)
    if release is None:
        steps.say(f"No release at {served} to refresh: run `sibudget build` first.")
        return outcome
    if release.manifest.get("engine", "duckdb") != "duckdb":
        steps.say(
            f"Release {release.build_id} was built on {release.manifest['engine']}: its DuckDB "
            "file holds the marts alone, without the reference data and the data tests' failing "
            "rows a refresh merges into, and its Parquet files are not grouped by region. "
            f"Run `sibudget build`; {served} is unchanged."
        )
        return outcome
    if release.manifest.get("project_fingerprint") != project_fingerprint(project):
        steps.say(
            f"The models, macros, seeds or tests changed since release {release.build_id}: "
            f"a refresh cannot reuse it. Run `sibudget build`; {served} is unchanged."
        )
        return outcome
    seed_problems = check_seeds(project.seeds_dir)
    if seed_problems:
        steps.say(f"Pipeline failure: {len(seed_problems)} problem(s) in the seeds; nothing built.")
        for seed_problem in seed_problems:
            steps.say(f"  {seed_problem}")
        return outcome
    # the release's file opened once: opening it reads its whole catalog (265 tables)
    connection = connect(release.warehouse)
    try:
        changed_regions, _ = _changed_rows(connection, project.seeds_dir / "regions.csv", "regions")
        withdrawn, acknowledged = _changed_rows(
            connection, project.seeds_dir / "known_publisher_errors.csv", "known_publisher_errors"
        )
        known = {
            row["document_id"]: (row["region_code"], row["scope"])
            for row in query(
                connection, "select document_id, region_code, scope from marts.dim_documents"
            )
        }
    finally:
        connection.close()
    if changed_regions:
        steps.say(
            f"seeds/regions.csv changes or removes {len(changed_regions)} region(s) of release "
            f"{release.build_id} (new regions are fine): run `sibudget build`; {served} is "
            "unchanged."
        )
        return outcome

    problems: list[str] = []
    for document_id in named:
        if (data_dir / document_id).is_dir():
            problems.extend(
                str(problem) for problem in check_document_folder(data_dir / document_id)
            )
    places: set[Place] = set()
    for document_id in named:
        folder = data_dir / document_id
        if folder.is_dir():
            places.add(_place_of(folder))
        elif document_id in known:
            places.add(known[document_id])
        else:
            problems.append(f"{folder}: no such document folder, and {document_id} is not in "
                            f"release {release.build_id}")  # fmt: skip
    places |= {
        known[document_id] for document_id in withdrawn | acknowledged if document_id in known
    }
    removed = {document_id for document_id in named if not (data_dir / document_id).is_dir()}
    members = sorted(
        {document_id for document_id, place in known.items() if place in places} - removed
        | (set(named) - removed)
    )
    for document_id in members:
        if not (data_dir / document_id).is_dir():
            problems.append(
                f"{data_dir / document_id}: missing, but {document_id} is in the release and "
                "not named: name it to remove it"
            )
    steps.lap("files")
    if problems:
        steps.say(f"Pipeline failure: {len(problems)} problem(s); nothing built.")
        for problem in problems:
            steps.say(f"  {problem}")
        return outcome
    if not members:
        steps.say("Nothing left to build in the places refreshed: use `sibudget build`.")
        return outcome

    partial_data = work / "data"
    partial = work / "partial" / WAREHOUSE_FILE_NAME
    for folder in (partial_data, partial.parent, copied.parent):
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
    for document_id in members:
        (partial_data / document_id).symlink_to((data_dir / document_id).resolve())
    outcome.build_id = new_build_id()
    step(f"refreshing {len(places)} place(s), {len(members)} document(s) as {outcome.build_id}")
    # the last build's compiled SQL when it is this project's: no dbt start-up and parse
    compiled = CompiledProject.load(project, project.target_dir)
    with ThreadPoolExecutor(max_workers=1) as copying:
        # the release's file copied while the places are built (the kernel copies; 0.6-1.7 s
        # at 100×): the step below is the wait that is left
        copy = copying.submit(shutil.copyfile, release.warehouse, copied)
        built = build_and_gate(
            project,
            steps,
            warehouse=partial,
            data_dir=partial_data,
            served=served,
            validate=validate,
            verbose=verbose,
            target_dir=work / "target",
            dbt_options=("--exclude", "resource_type:unit_test"),
            compiled=compiled,
            with_gx=False,  # the suite evaluated without GX: its import alone took 5-10 s
        )
        copy.result()
    if not built:
        copied.unlink()
        return outcome
    steps.lap("copy of the release")
    documents = {document_id for document_id, place in known.items() if place in places}
    try:
        merge(copied, partial, places, documents | set(named))
    except duckdb.Error as error:
        steps.say(
            f"Pipeline failure: merging the refreshed places into a copy of release "
            f"{release.build_id} failed: {error}; {served} is unchanged."
        )
        copied.unlink(missing_ok=True)
        copied.with_name(copied.name + ".wal").unlink(missing_ok=True)
        return outcome
    steps.lap("merge")
    new_release = publish(
        copied,
        served,
        outcome.build_id,
        fingerprint=project_fingerprint(project),
        refreshed_from=release,
        places=frozenset(places),
    )
    steps.lap("release")
    outcome.exit_code = ExitCode.PUBLISHED
    outcome.published_to = served
    steps.say(
        f"Refreshed {len(named)} named document(s) ({len(removed)} removed): rebuilt "
        f"{len(members)} document(s) of {len(places)} place(s) "
        f"({', '.join(f'{region} {scope}' for region, scope in sorted(places))}), "
        f"from release {release.build_id}."
    )
    steps.say(f"Release {outcome.build_id}: {new_release.folder} (DuckDB, Parquet, manifest.json)")
    summarise(partial, steps.say, published=served, scope="in the places refreshed")
    steps.took()
    return outcome


def merge(target: Path, partial: Path, places: set[Place], documents: set[str]) -> None:
    """In one transaction: each table of `target` in SERVED_SCHEMAS loses the rows of
    `documents` (tables with a document_id) and of `places` (tables with region_code and scope)
    and takes those of `partial`; tables with neither are reference data and are replaced whole.
    Every row keeps the build id that wrote it: the rows taken carry the refresh's. The tables of
    other schemas (staging, intermediate) are emptied: releases from before SERVED_SCHEMAS held
    their rows, which would keep the places' old rows."""
    connection = connect(target, read_only=False)
    try:
        cursor = connection.cursor()
        cursor.execute(f"attach {sql_text(str(partial))} as partial_build (read_only)")
        catalog = cursor.execute("select current_database()").fetchall()[0][0]
        columns: dict[tuple[str, str, str], set[str]] = {}
        for database, schema, table, column in cursor.execute(
            "select table_catalog, table_schema, table_name, column_name "
            "from information_schema.columns join information_schema.tables "
            "using (table_catalog, table_schema, table_name) "
            "where table_type = 'BASE TABLE' and table_schema in "
            f"({', '.join(sql_text(name) for name in SERVED_SCHEMAS)})"
        ).fetchall():
            columns.setdefault((database, schema, table), set()).add(column)
        # literal lists, not a join with bound arrays: DuckDB filters each table's scan by them
        # (the deletes of the refresh of one place at 10×: 0.35-0.5 s, against 0.7-1.4 s)
        of_documents = f"document_id in ({_literals(sorted(documents)) or 'null'})"
        # every row of those documents and places is in their regions (a document id spells its
        # region): a filter DuckDB checks against each row group's minimum and maximum first
        # (the deletes of one place at 100×: 0.1 s against 0.5 s)
        in_regions = (
            f"region_code in ({_literals(sorted({region for region, _ in places})) or 'null'})"
        )
        of_places = (
            "(region_code, scope) in ("
            + (", ".join(f"({_literals(place)})" for place in sorted(places)) or "(null, null)")
            + ")"
        )
        cursor.execute("begin transaction")
        for schema, table in tables(cursor, catalog, served=False):
            cursor.execute(f'delete from "{catalog}"."{schema}"."{table}"')
        for (database, schema, table), names in sorted(columns.items()):
            if database != "partial_build":
                continue
            relation = f'"{catalog}"."{schema}"."{table}"'
            source = f'partial_build."{schema}"."{table}"'
            if (catalog, schema, table) not in columns:
                cursor.execute(f"create table {relation} as select * from {source}")
                continue
            if schema != "reference" and {"document_id", "region_code", "scope"} <= names:
                # a place's rows that no document holds (fct_coverage: a missing final account)
                # go with the place
                cursor.execute(
                    f"delete from {relation} where {in_regions} and ({of_documents} or {of_places})"
                )
            elif schema != "reference" and "document_id" in names:
                cursor.execute(f"delete from {relation} where {of_documents}")
            elif schema != "reference" and {"region_code", "scope"} <= names:
                cursor.execute(f"delete from {relation} where {in_regions} and {of_places}")
            else:
                cursor.execute(f"delete from {relation}")
            cursor.execute(f"insert into {relation} by name select * from {source}")
        cursor.execute("commit")
        cursor.execute("detach partial_build")
        cursor.execute("checkpoint")
    finally:
        connection.close()


def _literals(texts: Iterable[str]) -> str:
    """`texts` as a comma-separated list of SQL string literals."""
    return ", ".join(sql_text(text) for text in texts)


def _place_of(folder: Path) -> Place:
    with (folder / "document.csv").open(encoding="utf-8", newline="") as handle:
        row = next(csv.DictReader(handle))
    return row["region_code"], row["scope"]


def _changed_rows(
    release: duckdb.DuckDBPyConnection, seed: Path, table: str
) -> tuple[set[str], set[str]]:
    """Rows of reference.`table` in the release that the seed file no longer has, and rows of
    the seed file that the release lacks, each by its first column: region codes, or the
    document ids of acknowledged errors."""
    in_release = f"select columns(*)::varchar from reference.{table}"
    in_seed = f"select * from read_csv({sql_text(str(seed))}, header = true, all_varchar = true)"
    cursor = release.cursor()
    gone = cursor.execute(f"{in_release} except all {in_seed}").fetchall()
    added = cursor.execute(f"{in_seed} except all {in_release}").fetchall()
    return {str(row[0]) for row in gone}, {str(row[0]) for row in added}
