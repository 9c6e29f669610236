"""The last build's dbt project as compiled SQL (issue 14): the models and data tests of
`build/target/manifest.json` run in dependency order in one DuckDB connection, without starting
dbt, as dbt builds them: a contracted table takes its declared column types, and each data test's
failing rows are stored in its own table (the project's store_failures). `sibudget check` and
`sibudget refresh` run it; through dbt, the parse and build of 63 models and 200 tests took 35 s
for the real document, the same SQL run here about a second.

A compiled project is used only while it is the project's: a stamp written beside the manifest
at each build holds a hash of every file dbt compiles from (models, macros, tests, seed
configurations, dbt_project.yml, profiles.yml) and the disclosure folder and build id the SQL was
compiled with, which are replaced by the check's own. Seeds are read from their CSV files with the
column types their configuration gives (every seed column is typed), so an edited seed counts."""

from __future__ import annotations

import hashlib
import json
import os
import queue
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import duckdb

from sibudget.project import Project
from sibudget.warehouse import query, sql_text

STAMP_FILE = "sibudget-compiled.json"
COMPILED_FROM = ("models", "macros", "tests/dbt", "seeds")


def project_hash(project: Project) -> str:
    """A hash of the files dbt compiles the project from (seed data excluded: read as it is)."""
    digest = hashlib.sha256()
    paths = [project.root / "dbt_project.yml", project.root / "profiles.yml"]
    for folder in COMPILED_FROM:
        for path in sorted((project.root / folder).rglob("*")):
            if path.is_file() and not (folder == "seeds" and path.suffix == ".csv"):
                paths.append(path)
    for path in paths:
        digest.update(str(path.relative_to(project.root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def write_stamp(project: Project, target_dir: Path, data_dir: Path, build_id: str) -> None:
    stamp = {
        "project_hash": project_hash(project),
        "data_dir": str(data_dir.resolve()),
        "build_id": build_id,
    }
    (target_dir / STAMP_FILE).write_text(json.dumps(stamp), encoding="utf-8")


def _literal_start(folder: str) -> str:
    """How a SQL string literal of a path in `folder` starts: `folder/` quoted, without the
    closing quote."""
    return sql_text(f"{folder}/")[:-1]


FAILING_ROWS_SHOWN = 20
WORKERS = min(4, os.cpu_count() or 1)
"""Threads that run the compiled SQL: independent statements at once, up to the machine's cores."""


class CompiledNodeError(Exception):
    """A model, seed or test whose compiled SQL DuckDB refused: the node and DuckDB's message."""

    def __init__(self, kind: str, name: str, error: duckdb.Error) -> None:
        super().__init__(f"{kind} {name}: {error}")


@dataclass
class TestFailure:
    """A data test that returned rows: how many, and the first FAILING_ROWS_SHOWN of them."""

    name: str
    failing_rows: int
    rows: list[dict[str, Any]]


@dataclass
class CompiledProject:
    models: list[dict[str, Any]]
    tests: list[dict[str, Any]]
    seeds: list[dict[str, Any]]
    data_dir: str
    build_id: str

    @classmethod
    def load(cls, project: Project, target_dir: Path) -> CompiledProject | None:
        """The compiled project in `target_dir`, or None when there is none or it was compiled
        from other files than the project's."""
        manifest_path = target_dir / "manifest.json"
        stamp_path = target_dir / STAMP_FILE
        if not manifest_path.is_file() or not stamp_path.is_file():
            return None
        stamp = json.loads(stamp_path.read_text(encoding="utf-8"))
        if stamp["project_hash"] != project_hash(project):
            return None
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        nodes: dict[str, dict[str, Any]] = manifest["nodes"]
        models = {key: node for key, node in nodes.items() if node["resource_type"] == "model"}
        if any(not node.get("compiled_code") for node in models.values()):
            return None
        ordered: list[dict[str, Any]] = []
        seen: set[str] = set()

        def visit(key: str) -> None:
            if key in seen or key not in models:
                return
            seen.add(key)
            for parent in models[key]["depends_on"]["nodes"]:
                visit(parent)
            ordered.append(models[key])

        for key in sorted(models):
            visit(key)
        tests = [
            node
            for node in nodes.values()
            if node["resource_type"] == "test"
            and node.get("compiled_code")
            and "gate" not in (node.get("tags") or [])
        ]
        seeds = [node for node in nodes.values() if node["resource_type"] == "seed"]
        return cls(ordered, tests, seeds, stamp["data_dir"], stamp["build_id"])

    @staticmethod
    def _local(text: str) -> str:
        """Relations named without the database the build compiled them in (the profile's
        "sibudget"): here they are in the connection's own file."""
        return text.replace('"sibudget".', "")

    def _sql(self, code: str, data_dir: Path, build_id: str) -> str:
        """`code` reading the disclosures of `data_dir` and stamping `build_id`, where the build
        compiled it with its own: the data folder starts string literals, its apostrophes
        doubled (the sources' external_location)."""
        return (
            self._local(code)
            .replace(_literal_start(self.data_dir), _literal_start(str(data_dir.resolve())))
            .replace(f"'{self.build_id}'", f"'{build_id}'")
        )

    @staticmethod
    def _execute(
        connection: duckdb.DuckDBPyConnection,
        node: dict[str, Any],
        sql: str,
        parameters: list[str] | None = None,
    ) -> None:
        try:
            connection.execute(sql, parameters)
        except duckdb.Error as error:
            raise CompiledNodeError(node["resource_type"], node["name"], error) from error

    def run(
        self,
        project: Project,
        connection: duckdb.DuckDBPyConnection,
        data_dir: Path,
        build_id: str,
    ) -> list[TestFailure]:
        """Build the models over `connection` (a scratch warehouse) from the disclosures in
        `data_dir`, then run the data tests, each storing its failing rows; the tests of
        severity error that return rows. The seeds, each level of models whose parents are all
        built, and the tests run on up to WORKERS threads (see in_parallel)."""
        for schema in sorted({node["schema"] for node in [*self.seeds, *self.models, *self.tests]}):
            connection.execute(f"create schema if not exists {schema}")
        in_parallel(connection, self.seeds, lambda cursor, seed: self._seed(project, cursor, seed))
        for level in self._levels():
            in_parallel(
                connection,
                level,
                lambda cursor, model: self._model(cursor, model, data_dir, build_id),
            )
        results = in_parallel(
            connection,
            self.tests,
            lambda cursor, test: self._test(cursor, test, data_dir, build_id),
        )
        return [failure for failure in results if failure is not None]

    def _levels(self) -> list[list[dict[str, Any]]]:
        """The models in levels: each model one level above the highest of its parents."""
        level: dict[str, int] = {}
        levels: list[list[dict[str, Any]]] = []
        for model in self.models:  # in dependency order
            parents = model["depends_on"]["nodes"]
            depth = level[model["unique_id"]] = 1 + max(
                (level[key] for key in parents if key in level), default=-1
            )
            if depth == len(levels):
                levels.append([])
            levels[depth].append(model)
        return levels

    def _seed(
        self, project: Project, cursor: duckdb.DuckDBPyConnection, seed: dict[str, Any]
    ) -> None:
        types = seed["config"]["column_types"]
        columns = ", ".join(f"'{name}': '{kind}'" for name, kind in types.items())
        path = project.root / seed["original_file_path"]
        relation = self._local(seed["relation_name"])
        self._execute(
            cursor,
            seed,
            f"create table {relation} as "
            f"select * from read_csv(?, header = true, columns = {{{columns}}})",
            [str(path)],
        )

    def _model(
        self,
        cursor: duckdb.DuckDBPyConnection,
        model: dict[str, Any],
        data_dir: Path,
        build_id: str,
    ) -> None:
        relation = self._local(model["relation_name"])
        sql = self._sql(model["compiled_code"], data_dir, build_id)
        if model["config"]["materialized"] == "view":
            self._execute(cursor, model, f"create or replace view {relation} as {sql}")
        elif model["config"].get("contract", {}).get("enforced"):
            # as dbt builds a contracted table: its declared columns, then the rows
            columns = model["columns"]
            declared = ", ".join(
                f"{name} {column['data_type']}" for name, column in columns.items()
            )
            names = ", ".join(columns)
            self._execute(cursor, model, f"create or replace table {relation} ({declared})")
            self._execute(
                cursor,
                model,
                f"insert into {relation} ({names}) select {names} from ({sql}) as model_rows",
            )
        else:
            self._execute(cursor, model, f"create or replace table {relation} as {sql}")

    def _test(
        self,
        cursor: duckdb.DuckDBPyConnection,
        test: dict[str, Any],
        data_dir: Path,
        build_id: str,
    ) -> TestFailure | None:
        sql = self._sql(test["compiled_code"], data_dir, build_id)
        stored = test.get("relation_name")
        if stored:  # store_failures: the failing rows in the test's own table, as dbt does
            relation = self._local(stored)
            self._execute(cursor, test, f"create or replace table {relation} as {sql}")
            sql = f"select * from {relation}"
        if str(test["config"].get("severity", "ERROR")).upper() != "ERROR":
            return None
        (count,) = cursor.execute(f"select count(*) from ({sql})").fetchone() or (0,)
        if not count:
            return None
        rows = query(cursor, f"select * from ({sql}) order by all limit {FAILING_ROWS_SHOWN}")
        return TestFailure(test["name"], int(count), rows)


Node = TypeVar("Node")
Result = TypeVar("Result")


def in_parallel(
    connection: duckdb.DuckDBPyConnection,
    nodes: Sequence[Node],
    work: Callable[[duckdb.DuckDBPyConnection, Node], Result],
) -> list[Result]:
    """`work(cursor, node)` for each node on up to WORKERS threads, each with a cursor of its
    own on `connection`'s database (made here, in the calling thread): DuckDB plans and runs a
    statement without holding Python's GIL, and for one document planning is most of the time
    (the real document's 304 statements: 1.6-2.1 s in one thread, 1.0-1.2 s in two). The
    results in the nodes' order, after every node has run; the first node (in that order) that
    raised raises again."""
    if not nodes:
        return []
    cursors = [connection.cursor() for _ in range(min(WORKERS, len(nodes)))]
    idle: queue.SimpleQueue[duckdb.DuckDBPyConnection] = queue.SimpleQueue()
    for cursor in cursors:
        idle.put(cursor)

    def call(node: Node) -> Result:
        cursor = idle.get()
        try:
            return work(cursor, node)
        finally:
            idle.put(cursor)

    try:
        with ThreadPoolExecutor(len(cursors)) as pool:
            futures = [pool.submit(call, node) for node in nodes]
        return [future.result() for future in futures]
    finally:
        for cursor in cursors:
            cursor.close()
