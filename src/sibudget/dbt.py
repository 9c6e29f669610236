"""Running dbt in-process (dbtRunner) against one warehouse file and one folder of disclosures."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sibudget.project import Project

FAILED_STATUSES = {"error", "fail", "runtime error"}


@dataclass(frozen=True)
class NodeFailure:
    """A dbt node (model, seed, test, unit test) that errored or failed."""

    name: str
    resource_type: str
    status: str
    message: str
    tags: tuple[str, ...]
    relation_name: str | None
    failures: int | None

    @property
    def is_gate(self) -> bool:
        return "gate" in self.tags


@dataclass
class DbtRun:
    """What one dbt invocation did."""

    success: bool
    failures: list[NodeFailure] = field(default_factory=list)
    exception: BaseException | None = None
    node_count: int = 0

    @property
    def gate_failures(self) -> list[NodeFailure]:
        return [failure for failure in self.failures if failure.is_gate]

    @property
    def pipeline_failures(self) -> list[NodeFailure]:
        return [failure for failure in self.failures if not failure.is_gate]


def run_dbt(
    args: list[str],
    *,
    project: Project,
    warehouse: Path,
    data_dir: Path | None = None,
    target_dir: Path | None = None,
    build_id: str = "unversioned",
    target: str = "duckdb",
) -> DbtRun:
    """Invoke dbt (e.g. ["build"]) with the warehouse at `warehouse` and disclosures read from
    `data_dir`, then release DuckDB so the file can be read, moved or built again."""
    target_path = target_dir or project.target_dir
    full_args = [
        *args,
        "--project-dir",
        str(project.root),
        "--profiles-dir",
        str(project.root),
        "--target-path",
        str(target_path),
        "--log-path",
        str(target_path / "logs"),
        "--target",
        target,
    ]
    environment = {
        "SIBUDGET_DUCKDB_PATH": str(warehouse.resolve()),
        "SIBUDGET_DATA_DIR": str((data_dir or project.data_dir).resolve()),
        "SIBUDGET_BUILD_ID": build_id,
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    if target == "postgres":
        # the password scripts/start-postgres generated, where the environment gives none
        from sibudget.load_postgres import secret

        environment["SIBUDGET_PG_PASSWORD"] = secret("SIBUDGET_PG_PASSWORD")
    # imported here: importing dbt takes 2 s, which `check` on the compiled SQL does not need
    from dbt.cli.main import dbtRunner

    with _environment(environment):
        try:
            result = dbtRunner().invoke(full_args)
        finally:
            release_duckdb()
    run = DbtRun(success=result.success, exception=result.exception)
    results: Any = getattr(result.result, "results", None) or []
    run.node_count = len(results)
    for node_result in results:
        status = str(node_result.status)
        if status in FAILED_STATUSES:
            node = node_result.node
            run.failures.append(
                NodeFailure(
                    name=node.name,
                    resource_type=str(node.resource_type),
                    status=status,
                    message=str(node_result.message or ""),
                    tags=tuple(node.tags or ()),
                    relation_name=getattr(node, "relation_name", None),
                    failures=node_result.failures,
                )
            )
    return run


def release_duckdb() -> None:
    """Close the DuckDB connection that dbt-duckdb keeps open in-process after an invocation
    (its environment is cached on the connection manager), so that the warehouse file is
    checkpointed and closed. Tied to dbt-duckdb 1.11's internals, which are pinned."""
    from dbt.adapters.duckdb.connections import DuckDBConnectionManager

    environment = DuckDBConnectionManager._ENV
    if environment is not None:
        environment.close()
    DuckDBConnectionManager.close_all_connections()


@contextmanager
def _environment(values: dict[str, str]) -> Iterator[None]:
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
