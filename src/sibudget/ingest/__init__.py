"""Reading a published disclosure into the rows of its folder of CSV files, whatever its
container (sibudget.containers reads text, HTML, Excel, Word and PDF into lines): attachment
headings 附件N, table titles, a unit line, header rows and the table rows; the narrative 说明; the
performance-target table 绩效目标表. Year, phase and unit come from the document itself; rows are
kept exactly as printed, with the place they were printed in. Every error names the file, the
place and what was expected."""

from __future__ import annotations

import hashlib
from pathlib import Path

from sibudget.containers import ContainerError, Document, read_document
from sibudget.disclosure_files import (
    DOCUMENT_COLUMNS,
    NARRATIVE_FIGURE_COLUMNS,
    PERFORMANCE_TARGET_COLUMNS,
    TABLE_CELLS_COLUMNS,
)
from sibudget.ingest.errors import IngestError, error_at
from sibudget.ingest.files import Disclosure, IngestResult, render_files, write_disclosure
from sibudget.ingest.narrative import narrative_figures, narrative_start, publisher
from sibudget.ingest.performance import performance_table, targets_start
from sibudget.ingest.reference import Reference, Row, compact
from sibudget.ingest.tables import YEAR, DocumentFacts, find_tables, table_rows

__all__ = [
    "ContainerError",
    "Disclosure",
    "IngestError",
    "IngestResult",
    "Reference",
    "compact",
    "parse_disclosure",
    "read_document",
    "render_files",
    "write_disclosure",
]


def normalised_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def parse_disclosure(
    path: Path,
    *,
    region_code: str,
    scope: str | None = None,
    reference: Reference,
    source_url: str = "",
    published_on: str = "",
) -> Disclosure:
    """Read the document at `path` into the rows of its CSV files. `scope` is a scope code of
    seeds/scopes.csv; by default the first (本级). Raises ContainerError when the file is not a
    container sibudget reads, IngestError when its content is not a disclosure it can read."""
    scope = scope or reference.scopes[0]
    if scope not in reference.scopes:
        raise IngestError(
            path,
            None,
            f"unknown scope {scope!r}: expected one of {', '.join(reference.scopes)} "
            "(seeds/scopes.csv)",
        )
    document = read_document(path)
    return disclose(
        path,
        document,
        region_code=region_code,
        scope=scope,
        reference=reference,
        source_url=source_url,
        published_on=published_on,
    )


def disclose(
    path: Path,
    document: Document,
    *,
    region_code: str,
    scope: str,
    reference: Reference,
    source_url: str = "",
    published_on: str = "",
) -> Disclosure:
    """The rows of the disclosure that `document` (read from `path`) is."""
    lines = document.lines
    tables = find_tables(path, lines, reference)
    if not tables:
        raise IngestError(
            path, None, "no income (收入表), expenditure (支出表) or balance (结余表) table"
        )
    found = {table.table_code for table in tables}
    missing = [f"{word}表" for word, code in reference.table_words.items() if code not in found]
    if missing:
        raise IngestError(path, None, f"missing attachment: no table titled …{'、…'.join(missing)}")
    first = tables[0]
    year_match = YEAR.search(first.title)
    if year_match is None:
        raise error_at(path, first.title_line, f"no year in the table title {first.title!r}")
    fiscal_year = int(year_match.group(1))
    phase_code = next((code for word, code in reference.phase_words if word in first.title), "")
    if not phase_code:
        words = "/".join(word for word, _ in reference.phase_words)
        raise error_at(path, first.title_line, f"no {words} in {first.title!r}")
    document_id = f"{region_code}-{scope}-{fiscal_year}-{phase_code}"
    facts = DocumentFacts(document_id, fiscal_year, phase_code)
    disclosure = Disclosure(
        document_id, region_code, scope, fiscal_year, phase_code, normalised_sha256(document.text)
    )

    cells: list[Row] = []
    for table in tables:
        cells.extend(table_rows(path, table, facts, reference))
    narrative: list[Row] = []
    start = narrative_start(lines)
    end = targets_start(lines)
    if start is not None:
        stop = end if end is not None and end > start else len(lines)
        narrative = narrative_figures(lines[start + 1 : stop], facts, reference)
    targets: list[Row] = []
    if end is not None:
        stated, targets = performance_table(path, lines[end + 1 :], facts, reference)
        narrative.extend(stated)
    document_row: Row = {
        "document_id": document_id,
        "region_code": region_code,
        "scope": scope,
        "fiscal_year": str(fiscal_year),
        "document_kind": phase_code,
        "title": document.title or reference.table_title.sub(r"\2", first.title),
        "publisher": document.publisher or publisher(lines),
        "source_url": source_url,
        "published_on": published_on or document.published_on,
        "source_file_name": path.name,
        "source_sha256": disclosure.source_sha256,
    }
    if document.container == "text":
        # a text file's place is its line, which source_line is: the place column stays empty
        for row in (*cells, *narrative, *targets):
            row["source_place"] = ""
    disclosure.files = {
        "document.csv": (DOCUMENT_COLUMNS, [document_row]),
        "table_cells.csv": (TABLE_CELLS_COLUMNS, cells),
        "narrative_figures.csv": (NARRATIVE_FIGURE_COLUMNS, narrative),
        "performance_targets.csv": (PERFORMANCE_TARGET_COLUMNS, targets),
    }
    return disclosure
