"""The baseline of bench/run: one plain DuckDB SQL script that builds the same marts and the same
findings from the same files, with no dbt, no tests, no Great Expectations and no release.

The script holds the project's own SQL: `write` compiles the models once (dbt compile) and
writes them, in dependency order, as `create table … as` statements after the seeds' loads, so
that the benchmark ratio measures what the framework costs (dbt's runner, its ~100 data and
unit tests, the gate, Great Expectations, the release with its Parquet export), not a second
implementation of the rules that could drift from the first. Contracted marts get their declared
column types, as dbt gives them. The data folder, seeds folder and build id are placeholders
(@DATA_DIR@, @SEEDS_DIR@, @BUILD_ID@) that `run` fills in.

    python bench/baseline.py write --project-dir DIR --out baseline.sql
    python bench/baseline.py run --script baseline.sql --data-dir D --seeds-dir S --database F
    python bench/baseline.py compare FIRST.duckdb SECOND.duckdb   (same marts, row for row)
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import duckdb

from sibudget.dbt import run_dbt
from sibudget.project import WAREHOUSE_FILE_NAME, Project

PLACEHOLDER_BUILD_ID = "@BUILD_ID@"


def write_script(project: Project, out: Path) -> int:
    """Compile the project and write the script; the number of statements."""
    with tempfile.TemporaryDirectory(prefix="sibudget-baseline-") as scratch:
        target = Path(scratch) / "target"
        # the seeds first: a model that reads a seed's rows when it is compiled (the label
        # prefixes, written into its SQL as a literal) compiles as a build compiles it
        for command in ("seed", "compile"):
            run = run_dbt(
                ["--quiet", command],
                project=project,
                warehouse=Path(scratch) / WAREHOUSE_FILE_NAME,
                target_dir=target,
                build_id=PLACEHOLDER_BUILD_ID,
            )
            if not run.success:
                raise SystemExit(f"dbt {command} failed: {run.exception or run.failures}")
        manifest = json.loads((target / "manifest.json").read_text(encoding="utf-8"))
    data_dir = str(project.data_dir.resolve())
    statements = [
        "-- The sibudget baseline: the project's models as one plain DuckDB script, written by",
        "-- bench/baseline.py from the compiled project. Placeholders: @DATA_DIR@, @SEEDS_DIR@,",
        "-- @BUILD_ID@.",
    ]
    nodes = manifest["nodes"]
    schemas = sorted({node["schema"] for node in nodes.values() if node["resource_type"] != "test"})
    statements += [f"create schema if not exists {schema};" for schema in schemas]
    for unique_id in _in_dependency_order(manifest):
        node = nodes[unique_id]
        if node["resource_type"] == "seed":
            statements.append(_seed_statement(node))
        elif node["resource_type"] == "model":
            statements.append(_model_statement(node).replace(data_dir, "@DATA_DIR@"))
    out.write_text("\n".join(statements) + "\n", encoding="utf-8")
    return len(statements)


def _in_dependency_order(manifest: dict[str, Any]) -> list[str]:
    nodes = manifest["nodes"]
    wanted = [key for key, node in nodes.items() if node["resource_type"] in ("seed", "model")]
    ordered: list[str] = []
    done: set[str] = set()

    def visit(unique_id: str) -> None:
        if unique_id in done or unique_id not in nodes:
            return
        done.add(unique_id)
        for parent in nodes[unique_id].get("depends_on", {}).get("nodes", []):
            visit(parent)
        ordered.append(unique_id)

    for unique_id in sorted(wanted):
        visit(unique_id)
    return [key for key in ordered if key in wanted]


def _seed_statement(node: dict[str, Any]) -> str:
    types = node["config"].get("column_types") or {}
    path = Path(node["original_file_path"]).name
    header = (Path(node["root_path"]) / node["original_file_path"]).read_text(encoding="utf-8")
    columns = header.split("\n", 1)[0].strip().split(",")
    missing = [column for column in columns if column not in types]
    if missing:
        raise SystemExit(f"seed {node['name']}: no column_types for {', '.join(missing)}")
    spec = ", ".join(f"'{column}': '{types[column]}'" for column in columns)
    return (
        f"create or replace table {node['relation_name']} as select * from read_csv("
        f"'@SEEDS_DIR@/{path}', header = true, columns = {{{spec}}}, strict_mode = true);"
    )


def _model_statement(node: dict[str, Any]) -> str:
    relation = node["relation_name"]
    sql = node["compiled_code"].strip().rstrip(";")
    materialized = node["config"]["materialized"]
    if materialized == "view":
        return f"create or replace view {relation} as (\n{sql}\n);"
    if materialized != "table":
        raise SystemExit(f"model {node['name']}: materialization {materialized} not supported")
    if not node["config"].get("contract", {}).get("enforced"):
        return f"create or replace table {relation} as (\n{sql}\n);"
    columns = node["columns"]
    declared = ", ".join(f"{name} {column['data_type']}" for name, column in columns.items())
    names = ", ".join(columns)
    return (
        f"create or replace table {relation} ({declared});\n"
        f"insert into {relation} ({names}) select {names} from (\n{sql}\n) as model_subquery;"
    )


def run_script(
    script: Path, *, data_dir: Path, seeds_dir: Path, database: Path, build_id: str
) -> float:
    """Run the script into a new database file; seconds taken."""
    text = (
        script.read_text(encoding="utf-8")
        .replace("@DATA_DIR@", str(data_dir.resolve()))
        .replace("@SEEDS_DIR@", str(seeds_dir.resolve()))
        .replace(PLACEHOLDER_BUILD_ID, build_id)
    )
    database.unlink(missing_ok=True)
    database.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    connection = duckdb.connect(str(database))
    try:
        # the memory limit the project's dbt profile sets, so that both paths spill alike
        limit = os.environ.get("SIBUDGET_DUCKDB_MEMORY_LIMIT", "2GB")
        connection.execute(f"set memory_limit = '{limit}'")
        connection.execute("set preserve_insertion_order = false")  # as the profile sets it
        connection.execute(text)
        connection.execute("checkpoint")
    finally:
        connection.close()
    return time.perf_counter() - started


def mart_fingerprints(database: Path) -> dict[str, tuple[int, int]]:
    """Per mart: rows, and the sum of the rows' hashes without the build id."""
    connection = duckdb.connect(str(database), read_only=True)
    try:
        cursor = connection.cursor()
        marts = [
            row[0]
            for row in cursor.execute(
                "select table_name from information_schema.tables "
                "where table_schema = 'marts' order by all"
            ).fetchall()
        ]
        prints = {}
        for mart in marts:
            row = cursor.execute(
                "select count(*), coalesce(sum(hash(t)::hugeint), 0)::varchar from "
                f"(select * exclude (build_id) from marts.{mart}) as t"
            ).fetchall()[0]
            prints[mart] = (int(row[0]), int(row[1]))
        return prints
    finally:
        connection.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    write = commands.add_parser("write")
    write.add_argument("--project-dir", type=Path, required=True)
    write.add_argument("--out", type=Path, required=True)
    run = commands.add_parser("run")
    run.add_argument("--script", type=Path, required=True)
    run.add_argument("--data-dir", type=Path, required=True)
    run.add_argument("--seeds-dir", type=Path, required=True)
    run.add_argument("--database", type=Path, required=True)
    run.add_argument("--build-id", default="baseline")
    compare = commands.add_parser("compare")
    compare.add_argument("first", type=Path)
    compare.add_argument("second", type=Path)
    arguments = parser.parse_args(argv)
    if arguments.command == "write":
        count = write_script(Project(arguments.project_dir.resolve()), arguments.out)
        print(f"{arguments.out}: {count} statements")
        return 0
    if arguments.command == "run":
        seconds = run_script(
            arguments.script,
            data_dir=arguments.data_dir,
            seeds_dir=arguments.seeds_dir,
            database=arguments.database,
            build_id=arguments.build_id,
        )
        print(f"{arguments.database}: built in {seconds:.1f} s")
        return 0
    first, second = mart_fingerprints(arguments.first), mart_fingerprints(arguments.second)
    differing = sorted(
        name for name in first.keys() | second.keys() if first.get(name) != second.get(name)
    )
    for name in differing:
        print(f"marts.{name}: {first.get(name)} against {second.get(name)}")
    print("same marts" if not differing else f"{len(differing)} mart(s) differ")
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
