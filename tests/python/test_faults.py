"""The fault battery: runs killed at each stage, a full disk, a read-only target and a warehouse
on another filesystem. Whatever happens, the served release stays whole and served, an
environment failure is one line with exit 3 (no traceback), the next run is clean, and no debris
is left: no half-written release, no staging file, no ingest scratch folder.

The disk is a small tmpfs mounted for the test (the machine must allow `mount`; the test is
skipped, saying why, where it does not)."""

from __future__ import annotations

import hashlib
import math
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from conftest import BuiltWarehouse
from sibudget.cli import main
from sibudget.compiled import CompiledProject
from sibudget.project import Project
from sibudget.release import all_releases, current, publish
from sibudget.warehouse import query
from support import DOCUMENT_ID, SOURCE_TEXT

ProjectCopy = Callable[[], Project]
ROOM_FOR_ONE_RELEASE = 1.5
"""The small disk holds this many releases of the real document (and the write-ahead log while
one is copied): the first fits, a second does not. Measured from the session's own release
(20 MB on 2026-11-26, 13 MB before: every data test stores its failures in a table of its own),
so that a warehouse that grows does not fill the disk before the test means it to."""
ROOM_FOR_MANY = "200m"


def _mount(point: Path, size: str, *options: str) -> None:
    option = ",".join((f"size={size}", *options))
    subprocess.run(["mount", "-t", "tmpfs", "-o", option, "tmpfs", str(point)], check=True)


def _remount(point: Path, *options: str) -> None:
    subprocess.run(["mount", "-o", ",".join(("remount", *options)), str(point)], check=True)


@pytest.fixture
def small_disk(tmp_path: Path, built: BuiltWarehouse) -> Iterator[Path]:
    """A tmpfs with room for ROOM_FOR_ONE_RELEASE releases like the session's, another
    filesystem than the project's."""
    release = built.path.resolve().parent
    release_bytes = sum(path.stat().st_size for path in release.rglob("*") if path.is_file())
    point = tmp_path / "small-disk"
    point.mkdir()
    try:
        _mount(point, f"{math.ceil(release_bytes * ROOM_FOR_ONE_RELEASE / 2**20)}m")
    except (OSError, subprocess.CalledProcessError) as error:
        pytest.skip(f"this machine does not let the tests mount a tmpfs: {error}")
    try:
        yield point
    finally:
        subprocess.run(["umount", "-l", str(point)], check=False)


ON_COMPILED_SQL = str(Path(__file__).with_name("cli_on_compiled_sql.py"))


def _sibudget(project: Project, *args: str, dbt: bool = False) -> subprocess.Popen[str]:
    """`sibudget` in a process of its own; its build runs the compiled SQL the copy holds
    (cli_on_compiled_sql: what is tested here comes after the SQL), or through dbt with `dbt`."""
    launcher = ["-m", "sibudget.cli"] if dbt else [ON_COMPILED_SQL]
    return subprocess.Popen(
        [sys.executable, *launcher, "--project-dir", str(project.root), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def _kill_when(process: subprocess.Popen[str], reached: Callable[[], bool], stage: str) -> None:
    """SIGKILL the run (and dbt with it) as soon as `reached()` says it is in `stage`."""
    deadline = time.monotonic() + 300
    while not reached():
        assert process.poll() is None, f"the run ended before {stage}: {process.communicate()}"
        assert time.monotonic() < deadline, f"the run never reached {stage}"
        time.sleep(0.005)
    os.killpg(process.pid, signal.SIGKILL)
    process.communicate()


def _served_intact(served: Path, build_id: str) -> None:
    release = current(served)
    assert release is not None and release.build_id == build_id
    assert query(served, "select distinct build_id from marts.fct_fund_years") == [
        {"build_id": build_id}
    ]
    for relative, entry in release.manifest["files"].items():
        digest = hashlib.sha256((release.folder / relative).read_bytes()).hexdigest()
        assert digest == entry["sha256"], relative


def _debris(served: Path, project: Project, *, published: bool = True) -> list[str]:
    """What a run may leave behind: a release folder without its manifest, a link being swapped;
    and once published, the build's staging file or its log (a build that was not published
    keeps it for its findings, until the next run)."""
    releases = served.parent / "releases"
    left = [
        path.name
        for path in (releases.iterdir() if releases.is_dir() else [])
        if not (path / "manifest.json").is_file()
    ]
    left += [path.name for path in served.parent.glob(".*.new")]
    staging = project.staging_warehouse
    if published:
        left += [
            path.name
            for path in (staging, staging.with_name(staging.name + ".wal"))
            if path.exists()
        ]
    return left


def test_killed_runs_a_full_disk_and_another_filesystem(
    built: BuiltWarehouse, project_copy: ProjectCopy, small_disk: Path, tmp_path: Path
) -> None:
    project = project_copy()
    served = small_disk / "warehouse" / "sibudget.duckdb"
    first = tmp_path / "first.duckdb"
    shutil.copy(built.path.resolve(), first)
    first_release = built.outcome.build_id
    publish(first, served, first_release)
    build = ("build", "--warehouse", str(served), "--skip-validation")

    # killed while dbt builds: nothing served changes
    run = _sibudget(project, *build, dbt=True)
    _kill_when(run, project.staging_warehouse.exists, "dbt build")
    _served_intact(served, first_release)
    # and the last build's compiled SQL is still there for check and refresh (dbt writes its
    # manifest after the parse, before it has compiled anything)
    assert CompiledProject.load(project, project.target_dir) is not None

    # the disk fills while the release is written: exit 3, one line, nothing half-written
    run = _sibudget(project, *build)
    out, err = run.communicate(timeout=600)
    assert run.returncode == 3, out + err
    assert "Traceback" not in err
    assert err.strip().count("\n") == 0, err
    assert err.startswith("sibudget build: environment failure:") and "No space left" in err
    _served_intact(served, first_release)
    assert [release.build_id for release in all_releases(served)] == [first_release]
    assert _debris(served, project, published=False) == []

    # room again, and the run is killed while it writes the release
    _remount(small_disk, f"size={ROOM_FOR_MANY}")
    releases = served.parent / "releases"
    run = _sibudget(project, *build)
    _kill_when(run, lambda: len(list(releases.iterdir())) > 1, "the release")
    _served_intact(served, first_release)
    half_written = [path.name for path in releases.iterdir() if path.name != first_release]
    assert len(half_written) == 1 and not (releases / half_written[0] / "manifest.json").exists()

    # the next run is clean: published on the other filesystem, the half-written release pruned
    run = _sibudget(project, *build)
    out, err = run.communicate(timeout=600)
    assert run.returncode == 0, out + err
    now = current(served)
    assert now is not None and now.build_id not in (first_release, half_written[0])
    _served_intact(served, now.build_id)
    assert [release.build_id for release in all_releases(served)] == [first_release, now.build_id]
    assert _debris(served, project) == []


def test_a_read_only_target_is_refused_before_anything_is_built(
    built: BuiltWarehouse,
    project_copy: ProjectCopy,
    small_disk: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    project = project_copy()
    served = small_disk / "warehouse" / "sibudget.duckdb"
    first = tmp_path / "first.duckdb"
    shutil.copy(built.path.resolve(), first)
    _remount(small_disk, f"size={ROOM_FOR_MANY}")
    publish(first, served, "20300101T000000000000Z")
    shutil.copy(built.path.resolve(), first)
    publish(first, served, "20300102T000000000000Z")
    _remount(small_disk, "ro")
    for command in (
        ["build", "--warehouse", str(served)],
        ["refresh", DOCUMENT_ID, "--warehouse", str(served)],
        ["publish", "--rollback", "--warehouse", str(served)],
    ):
        started = time.monotonic()
        code = main(["--project-dir", str(project.root), *command])
        error = capsys.readouterr().err.strip()
        assert code == 3, (command, error)
        assert time.monotonic() - started < 10, command
        assert "\n" not in error and "Read-only file system" in error, error
        assert error.startswith(f"sibudget {command[0]}: environment failure:"), error
        assert not project.staging_warehouse.exists()
    # the traceback, for who asks for it
    code = main(["--project-dir", str(project.root), "build", "--warehouse", str(served),
                 "--verbose"])  # fmt: skip
    error = capsys.readouterr().err
    assert code == 3 and "Traceback" in error and "Read-only file system" in error
    release = current(served)
    assert release is not None and release.build_id == "20300102T000000000000Z"
    assert query(served, "select count(*) as n from marts.fct_fund_lines") == [{"n": 66}]


def test_a_report_into_a_read_only_folder_is_an_environment_failure(
    built: BuiltWarehouse, small_disk: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _remount(small_disk, "ro")
    code = main(
        ["report", "--warehouse", str(built.path), "--out", str(small_disk / "r"), "--no-docs"]
    )
    error = capsys.readouterr().err.strip()
    assert code == 3 and "\n" not in error and "Read-only file system" in error, error


def test_a_killed_ingest_leaves_no_scratch_folder(
    project_copy: ProjectCopy, capsys: pytest.CaptureFixture[str]
) -> None:
    project = project_copy()
    # what a kill leaves: the scratch folder beside the data folder, half-written
    scratch = project.data_dir.parent / f".ingest-{DOCUMENT_ID}-k1ll3d"
    scratch.mkdir()
    (scratch / "cells.csv").write_text("document_id,line\n652800-benji", encoding="utf-8")
    code = main(["--project-dir", str(project.root), "ingest", str(SOURCE_TEXT)])
    assert code == 0, capsys.readouterr().err
    assert not scratch.exists()
    assert [path.name for path in project.data_dir.parent.glob(".ingest-*")] == []
