"""Helpers for the tests: copies of the project, an independent reading of the source text, and
edits of the disclosure CSV files."""

from __future__ import annotations

import csv
import shutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from sibudget.build import BuildOutcome, build
from sibudget.compiled import CompiledProject
from sibudget.ingest import Reference, parse_disclosure, write_disclosure
from sibudget.project import DBT_PROJECT_ENTRIES, Project

REPO = Path(__file__).resolve().parents[2]

LOCK_WAIT = ("--wait", "60")
"""For `sibudget ingest` run in a test on the repository's own project: the two test workers
share its lock (build/sibudget.lock), and an ingest that finds it held fails at once (exit 3)
unless it waits."""
DOCUMENT_ID = "652800-benji-2020-budget"
SOURCE_TEXT = REPO / "data" / "sources" / f"{DOCUMENT_ID}.txt"
SHARED_SOURCE_TEXT = REPO.parent / "shared" / "disclosures" / f"{DOCUMENT_ID}.txt"
PROJECT_ENTRIES = (*DBT_PROJECT_ENTRIES, "data")


def copy_project(destination: Path) -> Project:
    """A copy of the project's dbt files and data at `destination` (cheap: small text files)."""
    for entry in PROJECT_ENTRIES:
        source = REPO / entry
        target = destination / entry
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target)
        else:
            shutil.copy2(source, target)
    return Project(destination)


@dataclass(frozen=True)
class PrintedFigure:
    """A figure as printed in the income, expenditure or balance table of the source text."""

    line: int
    label: str
    text: str

    @property
    def amount(self) -> Decimal | None:
        return Decimal(self.text.replace(",", "")) if self.text else None


def printed_table_figures(source: Path = SOURCE_TEXT) -> list[PrintedFigure]:
    """Every tab-separated row of attachments 1 to 3, read from the text without sibudget's code."""
    figures: list[PrintedFigure] = []
    attachment = ""
    for number, line in enumerate(source.read_text(encoding="utf-8").split("\n"), start=1):
        if line.startswith("附件"):
            attachment = line.replace(" ", "").rstrip(":：")
            continue
        if attachment in ("附件1", "附件2", "附件3") and "\t" in line:
            label, text = line.split("\t")
            if label.replace(" ", "") != "项目":
                figures.append(PrintedFigure(number, label, text.strip()))
    return figures


Row = dict[str, str]


def edit_cells(project: Project, change: Callable[[list[Row]], list[Row]]) -> None:
    """Rewrite the real document's table_cells.csv in `project` through `change`."""
    path = project.data_dir / DOCUMENT_ID / "table_cells.csv"
    rows, columns = read_csv(path)
    write_csv(path, change(rows), columns)


def read_csv(path: Path) -> tuple[list[Row], list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader), list(reader.fieldnames or [])


def write_csv(path: Path, rows: list[Row], columns: list[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def set_amount(rows: list[Row], line: int, text: str) -> list[Row]:
    """The rows with the amount printed on source line `line` replaced by `text`."""
    found = [row for row in rows if row["source_line"] == str(line)]
    assert found, f"no cell on source line {line}"
    for row in found:
        row["amount_text"] = text
    return rows


def build_quietly(
    project: Project,
    *,
    validate: bool = False,
    served: Path | None = None,
    through_dbt: bool = False,
) -> BuildOutcome:
    """Build `project`, collecting what `sibudget build` prints instead of printing it. A copy
    that holds the compiled SQL of its own files (conftest's project_copy) is built by that SQL
    without dbt, unless `through_dbt`: the same models and tests in 1-2 s, where dbt's start-up,
    parse and build take 40-55 s. A copy whose models, macros or seed configurations a test
    changed is built through dbt, as its compiled SQL is not its own."""
    compiled = None if through_dbt else CompiledProject.load(project, project.target_dir)
    return build(
        project, served=served, validate=validate, report=lambda line: None, compiled=compiled
    )


def build_side_by_side(project: Project, texts: Mapping[str, str], folder: Path) -> BuildOutcome:
    """Build `project` from `texts` alone (region code -> a document's text, each written to
    `folder` and ingested as that region's 本级 document), in place of its own disclosures: the
    wordings of one document compared in one build."""
    shutil.rmtree(project.data_dir)
    reference = Reference.from_seeds(project.seeds_dir)
    for region_code, text in texts.items():
        source = folder / f"{region_code}.txt"
        source.write_text(text.replace("巴州本级", "本级"), encoding="utf-8")
        write_disclosure(
            parse_disclosure(source, region_code=region_code, scope="benji", reference=reference),
            project.data_dir,
        )
    return build_quietly(project)


LINE_COLUMNS = ("source_line", "fund_header_line")
"""The columns of a disclosure's rows that hold a line number of the document."""


def moved_down(rows: list[Row], lines: int) -> list[Row]:
    """The rows as they read with `lines` more lines printed above them."""
    return [
        {key: str(int(value) + lines) if key in LINE_COLUMNS and value else value
         for key, value in row.items()}
        for row in rows
    ]  # fmt: skip
