"""Errors of ingest: a disclosure that cannot be read as it is, named by file and place."""

from __future__ import annotations

from pathlib import Path

from sibudget.containers import Line


class IngestError(Exception):
    """A disclosure that cannot be read as it is: names the file, where in it (the line of a text
    file; the sheet and cell, page and row, or table and row of another container) and what was
    expected."""

    def __init__(self, path: Path, line: int | None, message: str, place: str = "") -> None:
        self.path = path
        self.line = line
        self.message = message
        self.place = place
        if place and place != f"line {line}":
            where = f"{path} ({place})"
        elif line is not None:
            where = f"{path}:{line}"
        else:
            where = str(path)
        super().__init__(f"{where}: {message}")

    def __reduce__(self) -> tuple[type[IngestError], tuple[Path, int | None, str, str]]:
        """Pickled by its arguments, so that it crosses from a worker process whole."""
        return (type(self), (self.path, self.line, self.message, self.place))


def error_at(path: Path, line: Line | None, message: str) -> IngestError:
    """The error at `line` of `path` (its number and place), or of the file as a whole; a line of
    a document read from several files, at its own file's line."""
    if line is None:
        return IngestError(path, None, message)
    if line.origin is not None:
        return IngestError(line.origin.path, line.origin.number, message, line.origin.place)
    return IngestError(path, line.number, message, line.place)
