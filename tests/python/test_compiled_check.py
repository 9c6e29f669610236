"""`sibudget check` on the last build's compiled SQL (sibudget.compiled, issue 14): the same
results as through dbt, and dbt again when the project's files changed since that build."""

from __future__ import annotations

import json
from collections.abc import Callable

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
    assert len(compiled.all_results) == len(through_dbt.all_results) == 268


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
