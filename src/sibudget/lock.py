"""One lock per project (build/sibudget.lock): build, refresh, publish and ingest each hold it,
so that two runs never share the staging folder, a release or a document folder. A second run
waits up to its limit (0 by default) and then says who holds the lock. The lock is the kernel's
(flock): it ends with its holder, even a killed one; the file only says who holds it."""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

from sibudget.project import Project

LOCK_FILE_NAME = "sibudget.lock"


class ProjectLockedError(Exception):
    """Another run holds the project's lock: an environment failure (exit 3)."""


@contextmanager
def project_lock(project: Project, command: str, *, wait_seconds: float = 0) -> Iterator[None]:
    """Hold the project's lock while the block runs, waiting up to `wait_seconds` for it;
    raises ProjectLockedError naming the holder when it stays taken."""
    project.build_dir.mkdir(parents=True, exist_ok=True)
    path = project.build_dir / LOCK_FILE_NAME
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + wait_seconds
        while True:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    holder = os.pread(descriptor, 1000, 0).decode("utf-8", "replace").strip()
                    raise ProjectLockedError(
                        f"{path} is held by {holder or 'another run'}: wait for it to finish "
                        "(or pass --wait SECONDS)"
                    ) from None
                time.sleep(0.2)
        started = datetime.now(UTC).isoformat(timespec="seconds")
        os.ftruncate(descriptor, 0)
        os.pwrite(descriptor, f"pid {os.getpid()} ({command} since {started})\n".encode(), 0)
        try:
            yield
        finally:
            os.ftruncate(descriptor, 0)
            fcntl.flock(descriptor, fcntl.LOCK_UN)
    finally:
        os.close(descriptor)
