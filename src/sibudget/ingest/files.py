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
    """What `write_disclosure` did: `unchanged`, `written`, `reread` (the same document read
    anew: its files differ, as after an upgrade of sibudget), `replaced` or `dry_run`."""

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


SCRATCH_PREFIX = ".ingest-"


def clear_ingest_scratch(data_dir: Path) -> list[Path]:
    """Remove the scratch folders a killed ingest left beside `data_dir` (write_disclosure
    writes each document there first, then renames it into place). Called under the project's
    lock, so no ingest of this project is writing one. Returns what it removed."""
    parent = data_dir.parent
    left = sorted(
        path
        for path in (parent.glob(f"{SCRATCH_PREFIX}*") if parent.is_dir() else [])
        if path.is_dir() and not path.is_symlink()
    )
    for path in left:
        _remove_tree(path)
    return left


def write_disclosure(
    disclosure: Disclosure, data_dir: Path, *, replace: bool = False, dry_run: bool = False
) -> IngestResult:
    """Write the document's folder under `data_dir`, whole or not at all.

    The same document again (same SHA-256 of its normalised text) changes nothing when its files
    come out the same, and rewrites them when they do not (a newer sibudget reads more of it),
    keeping the source URL and date given before unless new ones are given. A different
    text for the same document id (region, scope, year, phase) is refused unless `replace`, which
    moves the folder it replaces to `<data_dir>/../archive/<document_id>/<sha256 prefix>/`."""
    folder = data_dir / disclosure.document_id
    existing = _existing_document(folder)
    existing_sha = existing["source_sha256"] if existing else None
    reread = existing_sha == disclosure.source_sha256
    if reread and existing:
        # the same document read again: what was said of it and not said now is kept
        document_row = disclosure.files["document.csv"][1][0]
        for column in ("source_url", "published_on"):
            document_row[column] = document_row[column] or existing.get(column, "")
    rendered = render_files(disclosure)
    counts = ", ".join(f"{name} ({len(rows)} rows)" for name, (_, rows) in disclosure.files.items())
    if reread and _folder_holds(folder, rendered):
        return IngestResult(
            "unchanged", folder, lines=[f"{folder}: already ingested (same SHA-256); unchanged"]
        )
    if existing_sha is not None and not reread and not replace:
        raise IngestError(
            folder,
            None,
            f"a different document is already ingested for {disclosure.document_id} "
            f"(SHA-256 {existing_sha[:12]}…, new {disclosure.source_sha256[:12]}…): "
            "use --replace to archive it and write the new one",
        )
    if dry_run:
        verb = "reread" if reread else "replace" if existing_sha else "write"
        lines = [f"would {verb} {folder}: {counts}"]
        for name, text in rendered.items():
            lines.append(f"--- {name}")
            lines.extend(text.rstrip("\n").split("\n"))
        return IngestResult("dry_run", folder, lines=lines)

    data_dir.mkdir(parents=True, exist_ok=True)
    # A scratch folder of its own beside the data folder (same file system, so the folder moves
    # into place by one rename; outside data_dir, so dbt never reads it half-written).
    scratch = Path(
        tempfile.mkdtemp(prefix=f"{SCRATCH_PREFIX}{disclosure.document_id}-", dir=data_dir.parent)
    )
    try:
        for name, text in rendered.items():
            (scratch / name).write_text(text, encoding="utf-8", newline="")
        archived_to = None
        if reread:
            _remove_tree(folder)  # the same document, read anew by this version of sibudget
        elif existing_sha is not None:
            archived_to = data_dir.parent / "archive" / disclosure.document_id / existing_sha[:12]
            archived_to.parent.mkdir(parents=True, exist_ok=True)
            if archived_to.exists():
                _remove_tree(archived_to)
            folder.rename(archived_to)
        scratch.rename(folder)
    finally:
        if scratch.exists():
            _remove_tree(scratch)
    action = "replaced" if archived_to else "reread" if reread else "written"
    lines = [f"{action} {folder}: {counts}"]
    if archived_to:
        lines.append(f"archived the replaced document to {archived_to}")
    return IngestResult(action, folder, archived_to, lines)


def _existing_document(folder: Path) -> Row | None:
    """The row of the document.csv already in `folder`, if any."""
    document = folder / "document.csv"
    if not document.is_file():
        return None
    with document.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return rows[0] if rows else None


def _folder_holds(folder: Path, rendered: dict[str, str]) -> bool:
    """True when `folder` holds exactly the files `rendered`, byte for byte."""
    present = {path.name for path in folder.iterdir() if path.is_file()}
    return present == set(rendered) and all(
        (folder / name).read_bytes() == text.encode("utf-8") for name, text in rendered.items()
    )


def _remove_tree(path: Path) -> None:
    for child in sorted(path.rglob("*"), reverse=True):
        if child.is_dir():
            child.rmdir()
        else:
            child.unlink()
    path.rmdir()
