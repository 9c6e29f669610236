"""The real warehouse is built once per test session, in a copy of the project; failing cases are
derived from further copies of the project's files."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from sibudget.build import BuildOutcome, ExitCode, build
from sibudget.compiled import STAMP_FILE
from sibudget.project import Project
from support import copy_project


class BuiltWarehouse:
    """The project copy built from the real disclosure, and what the build printed."""

    def __init__(self, project: Project, outcome: BuildOutcome) -> None:
        self.project = project
        self.outcome = outcome
        assert outcome.published_to is not None
        self.path: Path = outcome.published_to


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuiltWarehouse:
    project = copy_project(tmp_path_factory.mktemp("real") / "project")
    outcome = build(project, report=lambda line: None)
    assert outcome.exit_code == ExitCode.PUBLISHED, "\n".join(outcome.lines)
    return BuiltWarehouse(project, outcome)


def copy_compiled_sql(built: BuiltWarehouse, project: Project) -> Project:
    """`project` given the session build's compiled SQL (its manifest and the stamp beside it),
    as a user's project holds it after a build."""
    target = project.build_dir / "target"
    target.mkdir(parents=True, exist_ok=True)
    for name in ("manifest.json", STAMP_FILE):
        (target / name).write_bytes((built.project.build_dir / "target" / name).read_bytes())
    return project


@pytest.fixture
def project_copy(tmp_path: Path, built: BuiltWarehouse) -> Callable[[], Project]:
    """Returns a fresh copy of the project under this test's temporary folder, holding the
    session build's compiled SQL: `sibudget check` and `sibudget refresh` run it without dbt
    (sibudget.compiled) as they do after a user's build, and so does support.build_quietly while
    the copy's models, macros and seed configurations are unchanged. test_compiled_check and
    test_refresh hold that way equal to dbt's."""

    def make() -> Project:
        return copy_compiled_sql(built, copy_project(tmp_path / "project"))

    return make


@pytest.fixture
def dbt_project_copy(tmp_path: Path) -> Callable[[], Project]:
    """Returns a fresh copy of the project without compiled SQL: it builds, checks and refreshes
    through dbt."""

    def make() -> Project:
        return copy_project(tmp_path / "project")

    return make
