"""Snapshots of the marts: every row of every mart (build id aside) as text, sorted, one CSV file
per mart. A snapshot is committed when the marts are known to be right; a test then compares a
new build with it, so that a change meant to leave users' figures alone (a refactoring, a
speed-up) is shown to do so, row for row.

    python tests/python/snapshots.py write WAREHOUSE FOLDER    (take a snapshot, deliberately)
    python tests/python/snapshots.py compare WAREHOUSE FOLDER  (exit 1 and the differences)
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import sys
from pathlib import Path

import duckdb

NULL = "\\N"
SUFFIX = ".csv.gz"
"""Gzipped CSV: the small benchmark's findings are thousands of rows; gzip keeps the file small
and its output byte-stable (no timestamp in the header, see _write)."""


def mart_tables(warehouse: Path) -> dict[str, list[list[str]]]:
    """Every mart (tables and views of schema marts) as rows of text: the header, then the rows
    sorted; NULL is written \\N (as PostgreSQL's COPY writes it), apart from ''."""
    connection = duckdb.connect(str(warehouse), read_only=True)
    try:
        names = [
            row[0]
            for row in connection.execute(
                "select table_name from information_schema.tables "
                "where table_schema = 'marts' order by table_name"
            ).fetchall()
        ]
        tables: dict[str, list[list[str]]] = {}
        for name in names:
            columns = [
                row[0]
                for row in connection.execute(
                    "select column_name from information_schema.columns "
                    "where table_schema = 'marts' and table_name = ? and column_name <> 'build_id' "
                    "order by ordinal_position",
                    [name],
                ).fetchall()
            ]
            projection = ", ".join(f'cast("{column}" as varchar)' for column in columns)
            rows = connection.execute(
                f"select {projection} from marts.{name} order by all"
            ).fetchall()
            tables[name] = [columns, *[list(row) for row in rows]]
        return tables
    finally:
        connection.close()


def _sort_key(row: list[str]) -> list[tuple[bool, str]]:
    """The order DuckDB's `order by all` gives text rows: nulls last."""
    return [(value is None, value or "") for value in row]


def _render(rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    for row in rows:
        writer.writerow([NULL if value is None else value for value in row])
    return buffer.getvalue()


def _write(path: Path, text: str) -> None:
    with path.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as handle:
        handle.write(text.encode("utf-8"))


def write_snapshot(warehouse: Path, folder: Path) -> list[Path]:
    """Write one file per mart of `warehouse` into `folder` (files of marts no longer there are
    removed)."""
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob(f"*{SUFFIX}"):
        stale.unlink()
    written = []
    for name, rows in mart_tables(warehouse).items():
        path = folder / f"{name}{SUFFIX}"
        _write(path, _render(rows))
        written.append(path)
    return written


def read_snapshot(folder: Path) -> dict[str, str]:
    return {
        path.name.removesuffix(SUFFIX): gzip.decompress(path.read_bytes()).decode("utf-8")
        for path in sorted(folder.glob(f"*{SUFFIX}"))
    }


def compare_snapshot(
    warehouse: Path, folder: Path, *, shown: int = 5, snapshot_columns: bool = False
) -> list[str]:
    """The differences between the marts of `warehouse` and the snapshot in `folder`, in words:
    marts missing or added, a changed header, rows only in one of them (the first `shown`).
    With `snapshot_columns`, a mart's columns that the snapshot lacks are left out: what a
    change that adds columns did to the columns there were (to review such a change)."""
    expected = read_snapshot(folder)
    if not expected:
        return [f"no snapshot in {folder}"]
    tables = mart_tables(warehouse)
    if snapshot_columns:
        for name, rows in tables.items():
            if name in expected:
                kept = next(csv.reader([expected[name].split("\n")[0]]))
                if set(kept) <= set(rows[0]):
                    index = [rows[0].index(column) for column in kept]
                    tables[name] = [[row[i] for i in index] for row in rows]
                    tables[name][1:] = sorted(tables[name][1:], key=_sort_key)
    actual = {name: _render(rows) for name, rows in tables.items()}
    differences = [f"mart {name} is not in the warehouse" for name in expected.keys() - actual]
    differences += [f"mart {name} is not in the snapshot" for name in actual.keys() - expected]
    for name in sorted(expected.keys() & actual.keys()):
        if expected[name] == actual[name]:
            continue
        old, new = expected[name].split("\n"), actual[name].split("\n")
        if old[0] != new[0]:
            differences.append(f"{name}: columns {old[0]!r} became {new[0]!r}")
            continue
        gone = sorted(set(old[1:]) - set(new[1:]))
        added = sorted(set(new[1:]) - set(old[1:]))
        differences.append(
            f"{name}: {len(gone)} row(s) only in the snapshot, {len(added)} only in the warehouse"
            f" ({len(old) - 2} rows before, {len(new) - 2} now)"
        )
        differences += [f"  - {row}" for row in gone[:shown]]
        differences += [f"  + {row}" for row in added[:shown]]
    return differences


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=["write", "compare"])
    parser.add_argument(
        "--snapshot-columns",
        action="store_true",
        help="compare only the columns the snapshot has (to review a change that adds columns)",
    )
    parser.add_argument("warehouse", type=Path)
    parser.add_argument("folder", type=Path)
    arguments = parser.parse_args(argv)
    if arguments.command == "write":
        for path in write_snapshot(arguments.warehouse, arguments.folder):
            print(path)
        return 0
    differences = compare_snapshot(
        arguments.warehouse, arguments.folder, snapshot_columns=arguments.snapshot_columns
    )
    print("\n".join(differences) if differences else "same marts as the snapshot")
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())
