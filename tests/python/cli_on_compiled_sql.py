"""`sibudget` as its command line runs, except that `build` runs the project's compiled SQL
without dbt, as support.build_quietly does (sibudget.compiled: the same models and tests in
seconds, where dbt's start-up, parse and build take 40-55 s). For the tests of what a build does
after its SQL (the gate, the release, a full disk, a kill while it publishes), run in a process
of their own; the project must hold the compiled SQL of its own files (conftest's project_copy).

    python tests/python/cli_on_compiled_sql.py --project-dir DIR build [options]"""

from __future__ import annotations

import sys
from typing import Any
from unittest import mock

from sibudget.build import BuildOutcome, build
from sibudget.cli import main
from sibudget.compiled import CompiledProject
from sibudget.project import Project


def build_on_compiled_sql(project: Project, **options: Any) -> BuildOutcome:
    compiled = CompiledProject.load(project, project.target_dir)
    if compiled is None:
        raise SystemExit(f"{project.root} holds no compiled SQL of its own files")
    return build(project, compiled=compiled, **options)


if __name__ == "__main__":
    with mock.patch("sibudget.cli.build", build_on_compiled_sql):
        sys.exit(main(sys.argv[1:]))
