"""Releases: write-audit-publish for the served warehouse.

A build that passed its gate becomes a release: a folder `warehouse/releases/<build_id>/` with the
DuckDB file, a Parquet export of every mart and a manifest (build id, time, source documents and
their SHA-256, row counts, checksums). It is published by swapping two symbolic links with one
rename each: `warehouse/sibudget.duckdb` (the served path) and `warehouse/current` (the release
folder). A reader that opened the previous file keeps reading it whole; a reader that opens the
path afterwards reads the new one; nobody ever sees a file being written. The last `keep`
releases stay on disk for `sibudget publish --rollback`.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

from sibudget.project import WAREHOUSE_FILE_NAME, Project
from sibudget.warehouse import connect, query

KEEP_RELEASES = 5
STORAGE_VERSION = "v1.0.0"
"""The storage version of the served DuckDB file: the oldest that holds what the marts use and
that every DuckDB 1.x client reads (BI tools bundle 1.x clients; DuckDB 2.0's default storage
is unreadable to them). README: Reading the warehouse from BI tools."""


class ReleaseError(Exception):
    """A release that could not be written whole: nothing was published."""


def sql_text(text: str) -> str:
    """`text` as a SQL string literal (DuckDB's ATTACH takes no parameters)."""
    return "'" + text.replace("'", "''") + "'"


def write_served_file(built: Path, target: Path) -> dict[str, int]:
    """Copy the gated warehouse `built` (with its write-ahead log, if any) into `target` in the
    storage version DuckDB 1.x clients read, checkpointed, and verify the copy: every mart of the
    build is in it with the same row count. Returns the row counts; raises ReleaseError."""
    connection = connect(Path(":memory:"), read_only=False)  # the project's memory limit
    try:
        connection.execute(f"attach {sql_text(str(built))} as built (read_only)")
        connection.execute(
            f"attach {sql_text(str(target))} as served (storage_version '{STORAGE_VERSION}')"
        )
        connection.execute("copy from database built to served")
        connection.execute("checkpoint served")
        connection.execute("detach served")
        expected = _mart_counts(connection, "built")
        connection.execute(f"attach {sql_text(str(target))} as served (read_only)")
        written = _mart_counts(connection, "served")
    finally:
        connection.close()
    if not expected or written != expected:
        raise ReleaseError(
            f"{target}: the release does not hold the build's marts "
            f"(built {expected}, written {written}): nothing published"
        )
    return written


def _mart_counts(connection: duckdb.DuckDBPyConnection, database: str) -> dict[str, int]:
    names = connection.execute(
        "select table_name from information_schema.tables "
        "where table_catalog = ? and table_schema = 'marts' order by table_name",
        [database],
    ).fetchall()
    return {
        name: int(
            connection.execute(f'select count(*) from {database}.marts."{name}"').fetchall()[0][0]
        )
        for (name,) in names
    }


@dataclass(frozen=True)
class Release:
    build_id: str
    folder: Path

    @property
    def warehouse(self) -> Path:
        return self.folder / WAREHOUSE_FILE_NAME

    @property
    def manifest(self) -> dict[str, Any]:
        loaded: dict[str, Any] = json.loads((self.folder / "manifest.json").read_text("utf-8"))
        return loaded


def new_build_id() -> str:
    """Sortable and unique enough for one machine: UTC time to the microsecond."""
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")


def releases_dir(served: Path) -> Path:
    return served.parent / "releases"


def publish(
    built: Path,
    served: Path,
    build_id: str,
    keep: int = KEEP_RELEASES,
    *,
    fingerprint: str = "",
    refreshed_from: str = "",
) -> Release:
    """Copy the gated warehouse file `built` into a new release (in the storage version DuckDB 1.x
    clients read, checkpointed and verified: write_served_file), remove the build's file, export
    the marts as Parquet, describe the release, and make it the served one; then remove all but
    the newest `keep` releases. `fingerprint` is the project's (project_fingerprint) that built
    it; `refreshed_from` the release an incremental refresh started from."""
    clear_debris(served)
    release = Release(build_id, releases_dir(served) / build_id)
    release.folder.mkdir(parents=True)
    try:
        _write_release(built, release, fingerprint=fingerprint, refreshed_from=refreshed_from)
    except BaseException:
        # a full disk, a read-only target, an interrupt: nothing half-written stays behind
        shutil.rmtree(release.folder, ignore_errors=True)
        raise
    _point(served, release)
    _prune(served, keep)
    return release


def _write_release(built: Path, release: Release, *, fingerprint: str, refreshed_from: str) -> None:
    """The release's files: the served DuckDB file, the Parquet export, the manifest last (a
    folder without its manifest is not a release: clear_debris removes it)."""
    row_counts = write_served_file(built, release.warehouse)
    for written in (built, built.with_name(built.name + ".wal")):
        written.unlink(missing_ok=True)
    parquet = release.folder / "parquet"
    parquet.mkdir()
    connection = connect(release.warehouse)
    try:
        cursor = connection.cursor()
        for name in row_counts:
            target = parquet / f"{name}.parquet"
            cursor.execute(
                f"copy (select * from marts.{name}) to {sql_text(str(target))} (format parquet)"
            )
            cursor.fetchall()
    finally:
        connection.close()
    documents = query(
        release.warehouse,
        "select document_id, source_file_name, source_sha256 from marts.dim_documents "
        "order by document_id",
    )
    files = [release.warehouse, *sorted(parquet.iterdir())]
    manifest = {
        "build_id": release.build_id,
        "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "project_fingerprint": fingerprint,
        "refreshed_from": refreshed_from,
        "documents": documents,
        "row_counts": row_counts,
        "checksums": {str(path.relative_to(release.folder)): _sha256(path) for path in files},
    }
    written = release.folder / ".manifest.json.writing"
    written.write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", "utf-8")
    written.replace(release.folder / "manifest.json")


def ensure_writable(served: Path) -> None:
    """Raise the operating system's own error (read-only file system, permission denied) at once
    when the folder of the served path, or the nearest folder above it that exists, cannot be
    written: before a build spends minutes on a release it could not publish."""
    folder = served.parent
    while not folder.is_dir() and folder != folder.parent:
        folder = folder.parent
    probe = folder / f".sibudget-write-probe.{os.getpid()}"
    probe.touch()
    probe.unlink()


def clear_debris(served: Path) -> None:
    """Remove what a killed publish leaves: release folders without a manifest (never served:
    the manifest is written last, the links swapped after it) and links that were being swapped.
    Called under the project's lock, so no other publish of this project is under way."""
    serving = current(served)
    folder = releases_dir(served)
    for path in sorted(folder.iterdir()) if folder.is_dir() else []:
        if (path / "manifest.json").is_file():
            continue
        if serving is not None and path.name == serving.build_id:
            continue
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()
    if served.parent.is_dir():
        for link in served.parent.glob(".*.new"):
            if link.is_symlink():
                link.unlink()


FINGERPRINT_EXCLUDES = ("seeds/regions.csv", "seeds/known_publisher_errors.csv")
"""Seeds a refresh compares row by row instead (sibudget.refresh): a new region or a newly
acknowledged error touches only the disclosures it names."""


def project_fingerprint(project: Project) -> str:
    """SHA-256 over the files that decide what the warehouse holds for given disclosures: models,
    macros, seeds, dbt's tests and configuration. A refresh may reuse a release only if its
    fingerprint is this one."""
    digest = hashlib.sha256()
    entries = [project.root / name for name in ("dbt_project.yml", "profiles.yml")]
    for folder in ("models", "macros", "seeds", "tests/dbt"):
        entries.extend(
            sorted(path for path in (project.root / folder).rglob("*") if path.is_file())
        )
    for path in entries:
        relative = path.relative_to(project.root).as_posix()
        if relative in FINGERPRINT_EXCLUDES or not path.is_file():
            continue
        digest.update(relative.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def current(served: Path) -> Release | None:
    """The release the served path points to (None before the first release)."""
    if not served.is_symlink():
        return None
    folder = served.resolve().parent
    return Release(folder.name, folder)


def all_releases(served: Path) -> list[Release]:
    """Every release on disk, oldest first."""
    folder = releases_dir(served)
    if not folder.is_dir():
        return []
    return [
        Release(path.name, path)
        for path in sorted(folder.iterdir())
        if (path / "manifest.json").is_file()
    ]


def rollback(served: Path) -> Release:
    """Serve the release before the current one again."""
    releases = all_releases(served)
    now = current(served)
    older = [release for release in releases if now is None or release.build_id < now.build_id]
    if not older:
        raise LookupError(f"no release before {now.build_id if now else 'none'} to roll back to")
    _point(served, older[-1])
    return older[-1]


def _point(served: Path, release: Release) -> None:
    """Swap the served path and `current` to `release`, each by one atomic rename."""
    served.parent.mkdir(parents=True, exist_ok=True)
    for link, target in (
        (served, release.warehouse),
        (served.parent / "current", release.folder),
    ):
        temporary = link.with_name(f".{link.name}.{os.getpid()}.new")
        if temporary.is_symlink() or temporary.exists():
            temporary.unlink()
        temporary.symlink_to(os.path.relpath(target, link.parent))
        temporary.replace(link)


def _prune(served: Path, keep: int) -> None:
    now = current(served)
    releases = all_releases(served)
    for release in releases[: max(len(releases) - keep, 0)]:
        if now is None or release.build_id != now.build_id:
            shutil.rmtree(release.folder)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
