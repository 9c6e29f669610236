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
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path
from typing import Any

import duckdb

from sibudget.project import WAREHOUSE_FILE_NAME, Project
from sibudget.warehouse import connect, query, sql_text

KEEP_RELEASES = 5
STORAGE_VERSION = "v1.0.0"
"""The storage version of the served DuckDB file: the oldest that holds what the marts use and
that every DuckDB 1.x client reads (BI tools bundle 1.x clients; DuckDB 2.0's default storage
is unreadable to them). README: Reading the warehouse from BI tools."""


SERVED_SCHEMAS = ("marts", "reference", "test_failures")
"""The schemas whose rows a release's DuckDB file holds: the marts (what BI reads), the reference
data (the seeds' vocabularies) and the failing rows of every dbt test. The build's working tables
(`staging`, `intermediate`: dbt's building blocks, not for end users) are there as definitions
without rows, so that the file describes every model (dbt docs reads its catalog); their rows
stay in the build's own file. A release's file is about a third of the build's (178 MB against
396 MB at 10×), and a refresh copies, merges and hashes it."""


def tables(
    connection: duckdb.DuckDBPyConnection, database: str, *, served: bool
) -> list[tuple[str, str]]:
    """The tables of `database` (schema, name), in order: those of SERVED_SCHEMAS, or the others
    (staging, intermediate)."""
    kept = ", ".join(sql_text(name) for name in SERVED_SCHEMAS)
    rows = connection.execute(
        "select schema_name, table_name from duckdb_tables() where database_name = ? "
        f"and schema_name {'in' if served else 'not in'} ({kept}) order by all",
        [database],
    ).fetchall()
    return [(str(schema), str(table)) for schema, table in rows]


class ReleaseError(Exception):
    """A release that could not be written whole: nothing was published."""


def write_served_file(built: Path, target: Path) -> dict[str, int]:
    """Copy the gated warehouse `built` (with its write-ahead log, if any) into `target` in the
    storage version DuckDB 1.x clients read, checkpointed: every definition, and the rows of the
    SERVED_SCHEMAS. Verify the copy: every mart of the build is in it with the same row count.
    Returns the row counts; raises ReleaseError."""
    connection = connect(Path(":memory:"), read_only=False)  # the project's memory limit
    try:
        connection.execute(f"attach {sql_text(str(built))} as built (read_only)")
        connection.execute(
            f"attach {sql_text(str(target))} as served (storage_version '{STORAGE_VERSION}')"
        )
        # every definition as the build made it (columns, types, constraints, views), then the
        # rows of the served schemas' tables
        connection.execute("copy from database built to served (schema)")
        for schema, table in tables(connection, "served", served=True):
            connection.execute(
                f'insert into served."{schema}"."{table}" select * from built."{schema}"."{table}"'
            )
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

    @cached_property
    def manifest(self) -> dict[str, Any]:
        """Read once: a refresh asks it three times (the 100× manifest took 0.05 s a parse)."""
        loaded: dict[str, Any] = json.loads((self.folder / "manifest.json").read_text("utf-8"))
        return loaded


def new_build_id() -> str:
    """Sortable and unique enough for one machine: UTC time to the microsecond."""
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")


def releases_dir(served: Path) -> Path:
    return served.parent / "releases"


Place = tuple[str, str]  # region code, scope
PLACE_COLUMNS = ("region_code", "scope")
"""A mart with both columns is exported in one Parquet file per group of regions (REGION_DIGITS),
so that a refresh rewrites only the groups of the places it rebuilt and links the others."""
REGION_DIGITS = 4
"""The regions whose codes share their first four digits (province and prefecture in GB/T 2260:
a prefecture with its counties) are one group, in `parquet/<mart>/<digits>xx.parquet`:
`6528xx.parquet` holds 652800 and 652801. A few hundred files a mart at national scale, where one
a place made 22,400 files in 44,800 folders a release at 100×, and a refresh spent 3 s making,
linking and listing them."""
REGION_GROUP_SQL = f"left(region_code, {REGION_DIGITS}) || 'xx'"
"""The group of regions whose Parquet file holds a row, from its region_code: 652801 → 6528xx."""


def publish(
    built: Path,
    served: Path,
    build_id: str,
    keep: int = KEEP_RELEASES,
    *,
    fingerprint: str = "",
    refreshed_from: Release | None = None,
    places: frozenset[Place] = frozenset(),
    parquet_written: Path | None = None,
) -> Release:
    """Make the gated warehouse file `built` a new release and serve it; then remove all but the
    newest `keep` releases. `fingerprint` is the project's (project_fingerprint) that built it.

    After a full build, `built` is copied in the storage version DuckDB 1.x clients read,
    checkpointed and verified (write_served_file), and every mart is exported as Parquet. After
    a refresh of `places` from the release `refreshed_from`, `built` is a copy of that release's
    file with those places merged in (already in that storage version): it is moved into the
    release, and only the Parquet files of those places' groups of regions and of the marts
    without places are written; the other groups' files are hard links to the previous
    release's, with their checksums and the build id that wrote them. After a build on Spark,
    `parquet_written` holds the marts as Spark wrote them (a folder per mart): they are moved
    into the release as they are, and `built` holds the same marts read from them."""
    clear_debris(served)
    release = Release(build_id, releases_dir(served) / build_id)
    release.folder.mkdir(parents=True)
    try:
        _write_release(
            built,
            release,
            fingerprint=fingerprint,
            refreshed_from=refreshed_from,
            places=places,
            parquet_written=parquet_written,
        )
    except BaseException:
        # a full disk, a read-only target, an interrupt: nothing half-written stays behind
        shutil.rmtree(release.folder, ignore_errors=True)
        raise
    _point(served, release)
    _prune(served, keep)
    return release


def _write_release(
    built: Path,
    release: Release,
    *,
    fingerprint: str,
    refreshed_from: Release | None,
    places: frozenset[Place],
    parquet_written: Path | None = None,
) -> None:
    """The release's files: the served DuckDB file, the Parquet export, the manifest last (a
    folder without its manifest is not a release: clear_debris removes it)."""
    previous_folder, carried = _carried_files(refreshed_from)
    row_counts: dict[str, int] = {}
    if refreshed_from is None:
        row_counts = write_served_file(built, release.warehouse)
    else:
        _move(built, release.warehouse)
    for written in (built, built.with_name(built.name + ".wal")):
        written.unlink(missing_ok=True)
    with ThreadPoolExecutor(max_workers=1) as hashing:
        # the DuckDB file is final: it is hashed while the Parquet files are written (hashlib
        # and the reads release the GIL; the hash took 0.8 s of a refresh at 100×)
        warehouse_sha256 = hashing.submit(_sha256, release.warehouse)
        connection = connect(release.warehouse)  # once: opening it reads its whole catalog
        try:
            if parquet_written is not None:
                files = _take_parquet(parquet_written, release, row_counts)
            else:
                (release.folder / "parquet").mkdir()
                if refreshed_from is not None:
                    (database,) = connection.execute("select current_database()").fetchall()[0]
                    row_counts = _mart_counts(connection, str(database))
                files = _export_parquet(
                    connection.cursor(),
                    release,
                    row_counts,
                    previous_folder=previous_folder,
                    carried=carried,
                    places=places,
                )
            documents = query(
                connection,
                "select document_id, source_file_name, source_sha256 from marts.dim_documents "
                "order by document_id",
            )
        finally:
            connection.close()
        # after a refresh it holds rows of several builds, as marts.*.build_id says
        files[WAREHOUSE_FILE_NAME] = {"sha256": warehouse_sha256.result()}
    manifest = {
        "build_id": release.build_id,
        "engine": "spark" if parquet_written is not None else "duckdb",
        "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "project_fingerprint": fingerprint,
        "refreshed_from": refreshed_from.build_id if refreshed_from else "",
        "places_refreshed": sorted(f"{region} {scope}" for region, scope in places),
        "documents": documents,
        "row_counts": row_counts,
        "files": dict(sorted(files.items())),
    }
    written = release.folder / ".manifest.json.writing"
    # without indent: Python's C encoder (0.014 s against 0.06 s for the 10× manifest)
    written.write_text(json.dumps(manifest, ensure_ascii=False) + "\n", "utf-8")
    written.replace(release.folder / "manifest.json")


FileEntry = dict[str, Any]
"""A release file in the manifest: its SHA-256; for Parquet, the build id that wrote the file and
its rows; for a mart with places, the group of regions it holds (`regions`: 6528xx)."""


def _carried_files(previous: Release | None) -> tuple[Path, dict[str, FileEntry]]:
    """The previous release's folder and its Parquet files by group of regions, by path in that
    folder (none from a release written before them, in one file a mart or a folder a place: then
    every file is written anew); ReleaseError when one of them is gone (a refresh would publish a
    release without it)."""
    if previous is None:
        return Path(), {}
    files: dict[str, FileEntry] = previous.manifest.get("files", {})
    carried = {path: entry for path, entry in files.items() if "regions" in entry}
    for path in carried:
        if not (previous.folder / path).is_file():
            raise ReleaseError(
                f"release {previous.build_id} lacks a file its manifest lists: {path}; "
                "run `sibudget build`"
            )
    return previous.folder, carried


def _export_parquet(
    cursor: duckdb.DuckDBPyConnection,
    release: Release,
    row_counts: dict[str, int],
    *,
    previous_folder: Path,
    carried: dict[str, FileEntry],
    places: frozenset[Place],
) -> dict[str, FileEntry]:
    """Every mart as Parquet under `parquet/<mart>/`: a mart with places in one file per group of
    regions (`6528xx.parquet`, REGION_DIGITS), the others in `data_0.parquet`; a mart without
    rows is one file without rows. Each file holds the mart's columns, no others. With `carried`
    (a refresh), the files of the groups that hold none of `places` are linked from the previous
    release and only the others are written."""
    files: dict[str, FileEntry] = {}
    partitioned = _partitioned_marts(cursor)
    refreshed = _groups(
        cursor, "select unnest(?::varchar[]) as region_code", [sorted({r for r, _ in places})]
    )
    for name, count in row_counts.items():
        folder = release.folder / "parquet" / name
        if name in partitioned and count:
            folder.mkdir(parents=True)
            groups = refreshed if carried else _groups(cursor, f"from marts.{name}")
            if carried:
                written = {group for _, group in refreshed}
                for path, entry in carried.items():
                    if path.startswith(f"parquet/{name}/") and entry["regions"] not in written:
                        _link(previous_folder / path, release.folder / path)
                        files[path] = entry
            for prefix, group in groups:
                # one statement a group: DuckDB's partitioned COPY took 57 s for the 32 groups
                # of 19 million rule results at 100×, these 18 s
                target = folder / f"{group}.parquet"
                rows = _copy_rows(
                    cursor, f"select * from marts.{name} where {_in_group(prefix, group)}", target
                )
                if rows:
                    files[_relative(release, target)] = _entry(
                        target, rows, release.build_id, group
                    )
                else:
                    target.unlink()
        else:
            target = folder / "data_0.parquet"
            rows = _copy_rows(cursor, f"select * from marts.{name}", target)
            files[_relative(release, target)] = _entry(target, rows, release.build_id)
    return files


def _groups(
    cursor: duckdb.DuckDBPyConnection, codes: str, parameters: list[Any] | None = None
) -> list[tuple[str, str]]:
    """The groups of regions of the region codes `codes` selects: each one's leading digits and
    its name (6528, 6528xx), in order."""
    return [
        (str(prefix), str(group))
        for prefix, group in cursor.execute(
            f"select distinct left(region_code, {REGION_DIGITS}), {REGION_GROUP_SQL} "
            f"from ({codes}) order by all",
            parameters or [],
        ).fetchall()
    ]


def _in_group(prefix: str, group: str) -> str:
    """SQL: the rows of the group of regions `group`, whose codes begin with `prefix`. The range
    of codes first lets DuckDB skip the row groups outside it by their minimum and maximum (the
    6528xx rows of 19 million rule results at 100×: 0.6 s against 1.2 s); REGION_GROUP_SQL
    decides."""
    exact = f"{REGION_GROUP_SQL} = {sql_text(group)}"
    if not prefix or ord(prefix[-1]) >= 0x10FFFF:
        return exact
    above = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    return f"region_code >= {sql_text(prefix)} and region_code < {sql_text(above)} and {exact}"


def _take_parquet(
    written: Path, release: Release, row_counts: dict[str, int]
) -> dict[str, FileEntry]:
    """The marts Spark wrote (`written/<mart>/part-….parquet`) moved into the release's
    `parquet/` as they are, without Spark's bookkeeping files (_SUCCESS, .crc); each file with
    its SHA-256, its rows and this build's id. ReleaseError when a mart's rows there are not the
    rows of the DuckDB file read from them."""
    folder = release.folder / "parquet"
    _move(written, folder)
    for bookkeeping in [*folder.rglob("_SUCCESS"), *folder.rglob(".*.crc")]:
        bookkeeping.unlink()
    files: dict[str, FileEntry] = {}
    connection = duckdb.connect()
    try:
        for name, count in row_counts.items():
            rows = 0
            for path in sorted((folder / name).glob("*.parquet")):
                (in_file,) = connection.execute(
                    f"select count(*) from read_parquet({sql_text(str(path))})"
                ).fetchone() or (0,)
                files[_relative(release, path)] = _entry(path, int(in_file), release.build_id)
                rows += int(in_file)
            if rows != count:
                raise ReleaseError(
                    f"mart {name}: Spark wrote {rows} rows to Parquet, the release's file has "
                    f"{count}"
                )
    finally:
        connection.close()
    return files


def _partitioned_marts(cursor: duckdb.DuckDBPyConnection) -> set[str]:
    """The marts that have both place columns."""
    rows = cursor.execute(
        "select table_name from information_schema.columns where table_schema = 'marts' "
        "and column_name in (select unnest(?::varchar[])) group by table_name "
        "having count(*) = ?",
        [list(PLACE_COLUMNS), len(PLACE_COLUMNS)],
    ).fetchall()
    return {name for (name,) in rows}


def _copy_rows(cursor: duckdb.DuckDBPyConnection, sql: str, target: Path) -> int:
    """The rows of `sql` written to the Parquet file `target`; their count."""
    target.parent.mkdir(parents=True, exist_ok=True)
    written = cursor.execute(
        f"copy ({sql}) to {sql_text(str(target))} (format parquet, return_stats true)"
    ).fetchall()
    return int(sum(row[1] for row in written))


def _entry(path: Path, rows: int, build_id: str, regions: str | None = None) -> FileEntry:
    entry: FileEntry = {"sha256": _sha256(path), "build_id": build_id, "rows": int(rows)}
    if regions is not None:
        entry["regions"] = regions
    return entry


def _relative(release: Release, path: Path) -> str:
    return path.relative_to(release.folder).as_posix()


def _link(source: Path, target: Path) -> None:
    """`target` (in a folder that exists) as a hard link to `source` (the same bytes, no copy);
    a copy where the file system has no hard links."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _move(source: Path, target: Path) -> None:
    """`source` (a file or a folder) renamed to `target`; copied, then removed, across file
    systems."""
    try:
        source.replace(target)
    except OSError:
        shutil.move(source, target)


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
