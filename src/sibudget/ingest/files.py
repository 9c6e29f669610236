"""Writing a disclosure's folder of CSV files: whole or not at all, idempotent by the SHA-256 of
the document's text, a different text for the same document refused unless replaced (the old
folder archived)."""

from __future__ import annotations

import csv
import io
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from sibudget.ingest.errors import IngestError
from sibudget.ingest.reference import Row


@dataclass
class Disclosure:
    """What ingest writes for one document: one list of rows per CSV file."""

    document_id: str
    region_code: str
    scope: str
    fiscal_year: int
    phase_code: str
    source_sha256: str
    files: dict[str, tuple[tuple[str, ...], list[Row]]] = field(default_factory=dict)


@dataclass
class IngestResult:
    """What `write_disclosure` did: `unchanged`, `written`, `replaced` or `dry_run`."""

    action: str
    folder: Path
    archived_to: Path | None = None
    lines: list[str] = field(default_factory=list)


def render_files(disclosure: Disclosure) -> dict[str, str]:
    """The text of each CSV file, exactly as it is written (UTF-8, LF, header first, quoted
    only where a value holds a comma, a quote or a line break)."""
    rendered: dict[str, str] = {}
    for name, (columns, rows) in disclosure.files.items():
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([row[column] for column in columns] for row in rows)
        rendered[name] = buffer.getvalue()
    return rendered


def write_disclosure(
    disclosure: Disclosure, data_dir: Path, *, replace: bool = False, dry_run: bool = False
) -> IngestResult:
    """Write the document's folder under `data_dir`, whole or not at all.

    The same document again (same SHA-256 of its normalised text) changes nothing. A different
    text for the same document id (region, scope, year, phase) is refused unless `replace`, which
    moves the folder it replaces to `<data_dir>/../archive/<document_id>/<sha256 prefix>/`."""
    folder = data_dir / disclosure.document_id
    rendered = render_files(disclosure)
    existing_sha = _existing_sha256(folder)
    counts = ", ".join(f"{name} ({len(rows)} rows)" for name, (_, rows) in disclosure.files.items())
    if existing_sha == disclosure.source_sha256:
        return IngestResult(
            "unchanged", folder, lines=[f"{folder}: already ingested (same SHA-256); unchanged"]
        )
    if existing_sha is not None and not replace:
        raise IngestError(
            folder,
            None,
            f"a different document is already ingested for {disclosure.document_id} "
            f"(SHA-256 {existing_sha[:12]}…, new {disclosure.source_sha256[:12]}…): "
            "use --replace to archive it and write the new one",
        )
    if dry_run:
        verb = "replace" if existing_sha else "write"
        lines = [f"would {verb} {folder}: {counts}"]
        for name, text in rendered.items():
            lines.append(f"--- {name}")
            lines.extend(text.rstrip("\n").split("\n"))
        return IngestResult("dry_run", folder, lines=lines)

    data_dir.mkdir(parents=True, exist_ok=True)
    # A scratch folder of its own beside the data folder (same file system, so the folder moves
    # into place by one rename; outside data_dir, so dbt never reads it half-written).
    scratch = Path(
        tempfile.mkdtemp(prefix=f".ingest-{disclosure.document_id}-", dir=data_dir.parent)
    )
    try:
        for name, text in rendered.items():
            (scratch / name).write_text(text, encoding="utf-8", newline="")
        archived_to = None
        if existing_sha is not None:
            archived_to = data_dir.parent / "archive" / disclosure.document_id / existing_sha[:12]
            archived_to.parent.mkdir(parents=True, exist_ok=True)
            if archived_to.exists():
                _remove_tree(archived_to)
            folder.rename(archived_to)
        scratch.rename(folder)
    finally:
        if scratch.exists():
            _remove_tree(scratch)
    action = "replaced" if archived_to else "written"
    lines = [f"{action} {folder}: {counts}"]
    if archived_to:
        lines.append(f"archived the replaced document to {archived_to}")
    return IngestResult(action, folder, archived_to, lines)


def _existing_sha256(folder: Path) -> str | None:
    document = folder / "document.csv"
    if not document.is_file():
        return None
    with document.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return rows[0]["source_sha256"] if rows else None


def _remove_tree(path: Path) -> None:
    for child in sorted(path.rglob("*"), reverse=True):
        if child.is_dir():
            child.rmdir()
        else:
            child.unlink()
    path.rmdir()
