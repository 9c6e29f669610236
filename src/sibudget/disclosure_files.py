"""The disclosure files: one folder of CSVs per document, and the checks they must pass before
dbt reads them (rule `file_format`). Every problem names the file, the line and what was
expected."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

DOCUMENT_COLUMNS: tuple[str, ...] = (
    "document_id",
    "region_code",
    "scope",
    "fiscal_year",
    "document_kind",
    "title",
    "publisher",
    "source_url",
    "published_on",
    "source_file_name",
    "source_sha256",
)

TABLE_CELLS_COLUMNS: tuple[str, ...] = (
    "document_id",
    "attachment_label",
    "table_code",
    "table_title",
    "unit_text",
    "source_line",
    "row_label",
    "fund_header_label",
    "fund_header_line",
    "fund_column_label",
    "value_header",
    "value_kind",
    "fiscal_year",
    "phase",
    "amount_text",
    "source_place",
)

NARRATIVE_FIGURE_COLUMNS: tuple[str, ...] = (
    "document_id",
    "statement_source",
    "source_line",
    "section_label",
    "figure_label",
    "amount_text",
    "unit_text",
    "fiscal_year",
    "phase",
    "figure_kind",
    "checked_label",
    "source_place",
)

PERFORMANCE_TARGET_COLUMNS: tuple[str, ...] = (
    "document_id",
    "source_line",
    "level_1_indicator",
    "level_2_indicator",
    "level_3_indicator",
    "target_text",
    "target_operator",
    "target_low",
    "target_high",
    "target_unit",
    "fiscal_year",
    "source_place",
)

DISCLOSURE_FILES: dict[str, tuple[str, ...]] = {
    "document.csv": DOCUMENT_COLUMNS,
    "table_cells.csv": TABLE_CELLS_COLUMNS,
    "narrative_figures.csv": NARRATIVE_FIGURE_COLUMNS,
    "performance_targets.csv": PERFORMANCE_TARGET_COLUMNS,
}


@dataclass(frozen=True)
class FileProblem:
    """One thing wrong with a disclosure file."""

    path: Path
    line: int | None
    rule: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else str(self.path)
        return f"{where}: [{self.rule}] {self.message}"


class DisclosureFileError(Exception):
    """Raised when disclosure files cannot be read as they are; lists every problem."""

    def __init__(self, problems: list[FileProblem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))


def check_data_dir(data_dir: Path) -> list[FileProblem]:
    """Every problem in every document folder under `data_dir` (empty when all is well)."""
    if not data_dir.is_dir():
        return [FileProblem(data_dir, None, "file_format", "the data folder does not exist")]
    folders = sorted(path for path in data_dir.iterdir() if path.is_dir())
    if not folders:
        return [FileProblem(data_dir, None, "file_format", "no document folder in the data folder")]
    problems: list[FileProblem] = []
    for folder in folders:
        problems.extend(check_document_folder(folder))
    return problems


def check_seeds(seeds_dir: Path) -> list[FileProblem]:
    """Every problem in the seeds (the vocabularies dbt loads and Python reads): UTF-8 without
    BOM, a header, as many fields on every row as in the header. Named by file and line before
    dbt, whose own message would name neither."""
    problems: list[FileProblem] = []
    for path in sorted(seeds_dir.glob("*.csv")):
        rows = _read_rows(path, problems)
        if rows is None:
            continue
        if not rows or not any(rows[0][1]):
            problems.append(FileProblem(path, 1, "file_format", "no header"))
            continue
        width = len(rows[0][1])
        problems.extend(
            FileProblem(path, line, "file_format", f"expected {width} fields, found {len(fields)}")
            for line, fields in rows[1:]
            if len(fields) != width
        )
    return problems


def check_document_folder(folder: Path) -> list[FileProblem]:
    """The problems of one document folder: the four files present, UTF-8 without BOM, exact
    headers, one field per column on every row, the folder's name as document_id, one document
    row."""
    problems: list[FileProblem] = []
    for file_name, columns in DISCLOSURE_FILES.items():
        path = folder / file_name
        if not path.is_file():
            problems.append(FileProblem(path, None, "file_format", "file is missing"))
            continue
        rows = _read_rows(path, problems)
        if rows is None:
            continue
        if not rows or tuple(rows[0][1]) != columns:
            found = ",".join(rows[0][1]) if rows else "(empty file)"
            problems.append(
                FileProblem(
                    path,
                    1,
                    "file_format",
                    f"header must be {','.join(columns)}; found {found}",
                )
            )
            continue
        for line, fields in rows[1:]:
            if len(fields) != len(columns):
                problems.append(
                    FileProblem(
                        path,
                        line,
                        "file_format",
                        f"expected {len(columns)} fields, found {len(fields)}",
                    )
                )
            elif fields[0] != folder.name:
                problems.append(
                    FileProblem(
                        path,
                        line,
                        "file_format",
                        f"document_id {fields[0]!r} differs from the folder name {folder.name!r}",
                    )
                )
        if file_name == "document.csv" and len(rows) != 2:
            problems.append(
                FileProblem(
                    path, None, "file_format", f"expected one document row, found {len(rows) - 1}"
                )
            )
        elif file_name == "document.csv" and len(rows[1][1]) == len(columns):
            problems.extend(
                _identity_problems(path, rows[1][0], dict(zip(columns, rows[1][1], strict=True)))
            )
    return problems


def _identity_problems(path: Path, line: int, row: dict[str, str]) -> list[FileProblem]:
    """The document row's own columns must spell its id (region-scope-year-phase): a fiscal
    year or kind that disagrees with the folder is a wrong row, not a second document."""
    spelled = "-".join(
        row.get(column, "") for column in ("region_code", "scope", "fiscal_year", "document_kind")
    )
    if spelled == row["document_id"]:
        return []
    return [
        FileProblem(
            path,
            line,
            "file_format",
            f"region_code, scope, fiscal_year and document_kind spell {spelled!r}, "
            f"not the document_id {row['document_id']!r}",
        )
    ]


def count_data_rows(path: Path) -> int:
    """Rows of a checked CSV file, header excluded."""
    with path.open(encoding="utf-8", newline="") as handle:
        return sum(1 for _ in csv.reader(handle)) - 1


def _read_rows(path: Path, problems: list[FileProblem]) -> list[tuple[int, list[str]]] | None:
    raw = path.read_bytes()
    if raw.startswith(b"\xef\xbb\xbf"):
        problems.append(FileProblem(path, 1, "file_format", "UTF-8 byte order mark (BOM) found"))
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        problems.append(FileProblem(path, line, "file_format", f"not UTF-8: {error.reason}"))
        return None
    reader = csv.reader(text.splitlines(keepends=True))
    rows: list[tuple[int, list[str]]] = []
    try:
        for fields in reader:
            rows.append((reader.line_num, fields))
    except csv.Error as error:
        problems.append(FileProblem(path, reader.line_num, "file_format", f"bad CSV: {error}"))
        return None
    return rows
