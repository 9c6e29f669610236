"""One lock per project: build, refresh, publish and ingest wait for it or say who holds it,
in one line with exit 3 (an environment failure), and nothing is built or written meanwhile."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable

import pytest

from sibudget.cli import main
from sibudget.lock import project_lock
from sibudget.project import Project
from support import SOURCE_TEXT

ProjectCopy = Callable[[], Project]
HOLD = (
    "import sys, time; from pathlib import Path; from sibudget.lock import project_lock; "
    "from sibudget.project import Project\n"
    "with project_lock(Project(Path(sys.argv[1])), 'sibudget build'):\n"
    "    print('held', flush=True); time.sleep(float(sys.argv[2]))"
)


def holder(project: Project, seconds: float) -> subprocess.Popen[str]:
    process = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(project.root), str(seconds)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None and process.stdout.readline().strip() == "held"
    return process


@pytest.mark.parametrize(
    "command",
    [
        ["build"],
        ["refresh", "652800-benji-2020-budget"],
        ["publish", "--rollback"],
        ["ingest", str(SOURCE_TEXT), "--region", "652800", "--replace"],
    ],
)
def test_a_second_run_says_who_holds_the_lock(
    project_copy: ProjectCopy, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    project = project_copy()
    process = holder(project, 30)
    try:
        started = time.monotonic()
        code = main(["--project-dir", str(project.root), *command])
        assert time.monotonic() - started < 5
    finally:
        process.kill()
        process.wait()
    assert code == 3
    error = capsys.readouterr().err.strip().split("\n")
    assert len(error) == 1
    assert f"pid {process.pid} (sibudget build since" in error[0]
    assert str(project.build_dir / "sibudget.lock") in error[0]
    assert not project.staging_warehouse.exists()


def test_a_run_waits_for_the_lock_when_asked(project_copy: ProjectCopy) -> None:
    project = project_copy()
    process = holder(project, 1.5)
    started = time.monotonic()
    with project_lock(project, "sibudget publish", wait_seconds=20):
        waited = time.monotonic() - started
    process.wait()
    assert 0.5 < waited < 20


def test_the_lock_is_released_when_its_holder_is_killed(project_copy: ProjectCopy) -> None:
    project = project_copy()
    process = holder(project, 60)
    process.kill()
    process.wait()
    with project_lock(project, "sibudget build"):
        assert (project.build_dir / "sibudget.lock").read_text().startswith("pid ")
