"""`sibudget check` on the last build's compiled SQL (sibudget.compiled, issue 14): the same
results as through dbt, and dbt again when the project's files changed since that build."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from conftest import BuiltWarehouse
from sibudget.build import ExitCode
from sibudget.check import check_document
from sibudget.compiled import CompiledProject
from sibudget.project import Project
from support import SOURCE_TEXT


def test_check_on_the_compiled_sql_gives_what_dbt_gives(
    built: BuiltWarehouse, project_copy: Callable[[], Project]
) -> None:
    target = built.project.build_dir / "target"
    assert CompiledProject.load(built.project, target) is not None
    compiled = check_document(built.project, SOURCE_TEXT, region_code="652800")
    through_dbt = check_document(project_copy(), SOURCE_TEXT, region_code="652800")
    assert compiled.exit_code == through_dbt.exit_code == ExitCode.PUBLISHED
    assert json.loads(compiled.render("json")) == json.loads(through_dbt.render("json"))
    assert compiled.output == through_dbt.output
    assert len(compiled.all_results) == len(through_dbt.all_results) == 320


def test_a_changed_model_makes_the_compiled_sql_stale(
    built: BuiltWarehouse, project_copy: Callable[[], Project]
) -> None:
    project = project_copy()
    target = project.build_dir / "target"
    target.mkdir(parents=True)
    for name in ("manifest.json", "sibudget-compiled.json"):
        (target / name).write_bytes((built.project.build_dir / "target" / name).read_bytes())
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
