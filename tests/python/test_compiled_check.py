"""`sibudget check` on the last build's compiled SQL (sibudget.compiled, issue 14): the same
results as through dbt, and dbt again when the project's files changed since that build."""

from __future__ import annotations

import json
import shutil
import threading
import time
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest

from conftest import BuiltWarehouse
from sibudget.build import ExitCode
from sibudget.check import check_document
from sibudget.compiled import WORKERS, CompiledProject, in_parallel
from sibudget.project import Project
from sibudget.warehouse import query
from support import SOURCE_TEXT, build_quietly, edit_cells, set_amount


def test_check_on_the_compiled_sql_gives_what_dbt_gives(
    built: BuiltWarehouse, dbt_project_copy: Callable[[], Project]
) -> None:
    target = built.project.target_dir
    assert CompiledProject.load(built.project, target) is not None
    compiled = check_document(built.project, SOURCE_TEXT, region_code="652800")
    through_dbt = check_document(dbt_project_copy(), SOURCE_TEXT, region_code="652800")
    assert compiled.exit_code == through_dbt.exit_code == ExitCode.PUBLISHED
    assert json.loads(compiled.render("json")) == json.loads(through_dbt.render("json"))
    assert compiled.output == through_dbt.output
    assert len(compiled.all_results) == len(through_dbt.all_results) == 320


def test_a_changed_model_makes_the_compiled_sql_stale(
    project_copy: Callable[[], Project],
) -> None:
    project = project_copy()
    target = project.target_dir
    assert CompiledProject.load(project, target) is not None
    model = project.root / "models" / "marts" / "fct_coverage.sql"
    model.write_text(model.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert CompiledProject.load(project, target) is None


def test_a_pipeline_failure_on_the_compiled_sql_names_its_rows(
    built: BuiltWarehouse, tmp_path: Path
) -> None:
    lines = SOURCE_TEXT.read_text(encoding="utf-8").splitlines()
    assert lines[13].startswith("一、企业职工基本养老保险基金收入")
    lines[13] = "一、长期护理保险基金收入\t280,645"
    path = tmp_path / SOURCE_TEXT.name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    outcome = check_document(built.project, path, region_code="652800")
    assert outcome.exit_code == ExitCode.PIPELINE_FAILED
    assert outcome.output.startswith(f"sibudget check: {path}: the pipeline failed")
    assert "  test pipeline__label_mapped: fail: 4 failing row(s)\n" in outcome.output
    assert "[label_mapped]" in outcome.output
    assert "row_label='一、长期护理保险基金收入'" in outcome.output
    assert "source_line=14" in outcome.output
    # the file the user gave, not the scratch copy check reads
    assert f"source_file='{path}'" in outcome.output
    assert "sibudget-check-" not in outcome.output
    assert "no fund or total name in the label" in outcome.output


def changed_amount(project: Project) -> None:
    edit_cells(project, lambda rows: set_amount(rows, 14, "280,745"))


def region_left_out_of_its_seed(project: Project) -> None:
    seed = project.seeds_dir / "regions.csv"
    lines = seed.read_text("utf-8").splitlines(True)
    seed.write_text("".join(line for line in lines if not line.startswith("652800,")), "utf-8")


@pytest.mark.parametrize(
    ("corrupt", "exit_code", "first_line"),
    [
        (changed_amount, ExitCode.GATE_FAILED, "Gate failed: 3 finding(s)"),
        (region_left_out_of_its_seed, ExitCode.PIPELINE_FAILED, "Pipeline failure: "),
    ],
    ids=["a failed gate", "a pipeline failure"],
)
def test_a_build_on_the_compiled_sql_gives_what_dbt_gives(
    project_copy: Callable[[], Project],
    dbt_project_copy: Callable[[], Project],
    corrupt: Callable[[Project], None],
    exit_code: ExitCode,
    first_line: str,
) -> None:
    """support.build_quietly builds the tests' corrupted copies on the session build's compiled
    SQL: a copy whose gate fails, or whose pipeline fails, says there what it says through dbt
    (the first line aside, which names the way), and a failed gate finds the same."""
    outcomes = {}
    for name, make in (("compiled SQL", project_copy), ("dbt build", dbt_project_copy)):
        project = make()
        corrupt(project)
        outcome = build_quietly(project)
        assert name in outcome.seconds  # the way it was built
        assert outcome.exit_code == exit_code
        assert outcome.lines[0].startswith(first_line)
        findings = (
            query(
                project.staging_warehouse,
                "select * exclude (build_id) from marts.fct_quality_findings order by all",
            )
            if exit_code == ExitCode.GATE_FAILED
            else []
        )
        outcomes[name] = (outcome.lines[1:], findings)
        shutil.rmtree(project.root)
    assert outcomes["compiled SQL"] == outcomes["dbt build"]


def test_the_compiled_sql_runs_on_threads_and_fails_at_the_first_node_in_order() -> None:
    """Independent statements run at once, each thread on a cursor of its own; the results come
    back in the nodes' order, and when several fail, the error raised is the first node's in that
    order, whichever thread failed first."""
    connection = duckdb.connect()
    threads: set[int] = set()
    failing: set[int] = set()

    def work(cursor: duckdb.DuckDBPyConnection, node: int) -> int:
        threads.add(threading.get_ident())
        time.sleep(0.5 if node == 1 else 0.05)  # node 2 fails while node 1 still runs
        if node in failing:
            raise ValueError(f"node {node}")
        (value,) = cursor.execute("select ? * 10", [node]).fetchone() or (None,)
        return int(value)

    assert in_parallel(connection, [], work) == []
    assert in_parallel(connection, [0, 1, 2, 3], work) == [0, 10, 20, 30]
    assert len(threads) == min(WORKERS, 4)
    failing.update({1, 2})
    with pytest.raises(ValueError, match="node 1"):
        in_parallel(connection, [0, 1, 2, 3], work)
