"""Reading a published disclosure into the rows of its folder of CSV files, whatever its
container (sibudget.containers reads text, HTML, Excel, Word and PDF into lines): attachment
headings 附件N, table titles, a unit line, header rows and the table rows; the narrative 说明; the
performance-target table 绩效目标表. Year, phase and unit come from the document itself; rows are
kept exactly as printed, with the place they were printed in. Every error names the file, the
place and what was expected."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sibudget.containers import ContainerError, Document, Line, read_document, read_documents
from sibudget.disclosure_files import (
    DOCUMENT_COLUMNS,
    NARRATIVE_FIGURE_COLUMNS,
    PERFORMANCE_TARGET_COLUMNS,
    TABLE_CELLS_COLUMNS,
)
from sibudget.ingest.errors import IngestError, error_at
from sibudget.ingest.files import (
    Disclosure,
    IngestResult,
    clear_ingest_scratch,
    render_files,
    write_disclosure,
)
from sibudget.ingest.narrative import (
    NarrativeTitle,
    narrative_figures,
    narrative_title,
    publisher,
    stated_date,
)
from sibudget.ingest.performance import performance_table, targets_start
from sibudget.ingest.reference import Reference, Row, compact
from sibudget.ingest.tables import (
    STATEMENT,
    DocumentFacts,
    Table,
    find_tables,
    table_rows,
)
from sibudget.regions import RegionError

__all__ = [
    "ContainerError",
    "Disclosure",
    "IngestError",
    "IngestResult",
    "Reference",
    "clear_ingest_scratch",
    "compact",
    "parse_disclosure",
    "read_document",
    "render_files",
    "write_disclosure",
]


def normalised_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def parse_disclosure(
    path: Path | Sequence[Path],
    *,
    region_code: str | None = None,
    scope: str | None = None,
    reference: Reference,
    source_url: str = "",
    published_on: str = "",
) -> Disclosure:
    """Read the document at `path` into the rows of its CSV files; several paths are the files
    of one disclosure (a page and its attachments), read in the order given as one document (an
    error at a line names that line's file; one of the whole document, the first file).
    `region_code` is a code of
    seeds/regions.csv; by default the region the document's title names. `scope` is a scope code
    of seeds/scopes.csv; by default the one the title names (本级, 全国 …), else the first (本级).
    Raises ContainerError when the file is not a container sibudget reads, IngestError when its
    content is not a disclosure it can read."""
    paths = [path] if isinstance(path, Path) else list(path)
    if not paths:
        raise ValueError("no file to read")
    path = paths[0]
    if scope is not None and scope not in reference.scopes:
        raise IngestError(
            path,
            None,
            f"unknown scope {scope!r}: expected one of {', '.join(reference.scopes)} "
            "(seeds/scopes.csv)",
        )
    if region_code is not None:
        try:
            region_code = reference.regions.resolve(region_code).code
        except RegionError as error:
            raise IngestError(path, None, str(error)) from None
    document = read_documents(paths)
    return disclose(
        path,
        document,
        file_names=[each.name for each in paths],
        region_code=region_code,
        scope=scope,
        reference=reference,
        source_url=source_url,
        published_on=published_on,
    )


@dataclass(frozen=True)
class _Identity:
    """What names a disclosure: its title as stated, year and phase, and the line stating them."""

    title: str
    fiscal_year: int
    phase_code: str
    """The document's own phase: a report of periods' (execution), its year to date."""
    current_phase: str = ""
    """A report of periods: the phase of the period it reports (当期: its quarter or month)."""
    phase_kind: str = ""
    """The kind of phase its title names (seed phases: budget …, execution)."""


def disclose(
    path: Path,
    document: Document,
    *,
    region_code: str | None,
    scope: str | None,
    reference: Reference,
    source_url: str = "",
    published_on: str = "",
    file_names: Sequence[str] = (),
) -> Disclosure:
    """The rows of the disclosure that `document` (read from `path`, or from the files
    `file_names` in that order) is: tables with or without a narrative, or a narrative alone
    (the national 说明)."""
    lines = document.lines
    _check_a_fund_disclosure(path, document, reference)
    tables = find_tables(path, lines, reference)
    heading = narrative_title(lines)
    end = targets_start(lines)
    if tables:
        found = {table.table_code for table in tables}
        missing = [f"{word}表" for word, code in reference.table_words.items() if code not in found]
        if missing and STATEMENT not in found:
            raise IngestError(
                path, None, f"missing attachment: no table titled …{'、…'.join(missing)}"
            )
        identity = _table_identity(path, tables[0], reference)
        title = document.title or reference.table_title.sub(r"\2", tables[0].title)
    else:
        identity = _prose_identity(path, lines, heading, document, reference)
        title = document.title or identity.title
    titles = " ".join(
        text
        for text in (document.title, identity.title, heading.text if heading is not None else "")
        if text
    )
    _check_year(path, identity, tables[0].title_line if tables else None, reference)
    for table in tables:
        _check_table_title(path, table, identity, reference)
    region_code = region_code or _inferred_region(path, titles, reference)
    scope = scope or reference.scope_of(titles) or reference.scopes[0]
    fiscal_year, phase_code = identity.fiscal_year, identity.phase_code
    document_id = f"{region_code}-{scope}-{fiscal_year}-{phase_code}"
    facts = DocumentFacts(
        document_id,
        fiscal_year,
        phase_code,
        current_phase=identity.current_phase,
        to_date_phase=phase_code if identity.current_phase else "",
    )
    disclosure = Disclosure(
        document_id, region_code, scope, fiscal_year, phase_code, normalised_sha256(document.text)
    )

    cells: list[Row] = []
    for table in tables:
        cells.extend(table_rows(path, table, facts, reference))
    narrative: list[Row] = []
    # prose alone without a 关于…说明 title: the whole text is its narrative
    start = heading.last if heading is not None else None if tables else -1
    if start is not None:
        stop = end if end is not None and end > start else len(lines)
        narrative = narrative_figures(lines[start + 1 : stop], facts, reference)
    if not tables and not any(row["figure_kind"] == "amount" for row in narrative):
        raise IngestError(
            path,
            None,
            "no income (收入表), expenditure (支出表) or balance (结余表) table, and no amount "
            "stated in prose (收入…亿元): not a disclosure sibudget reads",
        )
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
        "title": title,
        "publisher": document.publisher or publisher(lines),
        "source_url": source_url,
        "published_on": published_on or document.published_on or stated_date(lines),
        "source_file_name": " + ".join(file_names) or path.name,
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


def _check_year(path: Path, identity: _Identity, line: Line | None, reference: Reference) -> None:
    """A fiscal year before the first year of any fund (seed fund_names) or after next year (a
    budget is published the year before) is a misprint, not a disclosure."""
    latest = date.today().year + 1
    if reference.earliest_fiscal_year <= identity.fiscal_year <= latest:
        return
    message = (
        f"implausible fiscal year {identity.fiscal_year} in {identity.title!r}: expected "
        f"{reference.earliest_fiscal_year} (the first fund of seeds/fund_names.csv) to {latest}"
    )
    raise error_at(path, line, message)


def _check_a_fund_disclosure(path: Path, document: Document, reference: Reference) -> None:
    """A department's own budget or final account (部门决算) is refused by its title (the
    document's, or its first line), before its tables are looked for."""
    first = next((line for line in document.lines if line.text.strip()), None)
    for title, line in ((document.title, None), (first.text.strip() if first else "", first)):
        if title and reference.is_department_budget(title):
            message = (
                f"{title!r} is a department's own budget or final account, not a social "
                "insurance fund's disclosure (seeds/layout_words.csv: department_budget)"
            )
            raise error_at(path, line, message)


def _check_table_title(path: Path, table: Table, identity: _Identity, reference: Reference) -> None:
    """A table whose title names another year, another phase or another period than the
    document's is another document's table (or a misprint): never read as this one's."""
    title, line = table.title, table.title_line
    year, phase_kind = reference.title_year_and_phase(title)
    if year is not None and year != identity.fiscal_year:
        raise error_at(
            path,
            line,
            f"the table {title!r} is of {year}, the document "
            f"({identity.title!r}) of {identity.fiscal_year}",
        )
    if phase_kind and phase_kind != identity.phase_kind:
        raise error_at(
            path,
            line,
            f"the table {title!r} is a {phase_kind}, the document ({identity.title!r}) a "
            f"{identity.phase_kind}",
        )
    if reference.has_periods(phase_kind) and reference.spans_named(" ".join(table.frame)):
        phases = _periods(path, line, phase_kind, table.frame, reference)
        if phases != (identity.phase_code, identity.current_phase):
            raise error_at(
                path,
                line,
                f"the table {title!r} reports {phases[1]}, the document ({identity.title!r}) "
                f"{identity.current_phase}",
            )


def _periods(
    path: Path, line: Line | None, phase_kind: str, texts: list[str], reference: Reference
) -> tuple[str, str]:
    """(year-to-date phase, current phase) of a report of periods, from the months its title
    and the lines above its header name (seed period_words): the current period the shortest
    (2季度 rather than 上半年), the year to date from January to its last month."""
    spans = reference.spans_named(" ".join(texts))
    title = texts[0] if texts else ""
    if not spans:
        message = (
            f"no period in {title!r}: a report of {phase_kind} names the months it covers "
            "(2季度, 1-6月, 上半年: seeds/period_words.csv)"
        )
        raise error_at(path, line, message)
    ends = sorted({end for _, end in spans})
    if len(ends) > 1:
        named = ", ".join(f"months {start}–{end}" for start, end in spans)
        message = f"{title!r} names periods that end in different months ({named})"
        raise error_at(path, line, message)
    current = min(spans, key=lambda span: (span[1] - span[0], span))
    phases = []
    for start, end in ((1, ends[0]), current):
        phase = reference.period_phases.get((phase_kind, start, end))
        if phase is None:
            message = (
                f"{title!r}: no phase of seeds/phases.csv is the {phase_kind} of months "
                f"{start}–{end}"
            )
            raise error_at(path, line, message)
        phases.append(phase)
    return phases[0], phases[1]


def _identity(
    path: Path,
    title: str,
    line: Line | None,
    fiscal_year: int,
    phase_kind: str,
    texts: list[str],
    reference: Reference,
) -> _Identity:
    """The identity a title names: its year and phase kind, and for a kind of periods
    (execution) the phases of its year to date and current period (`_periods`)."""
    if not reference.has_periods(phase_kind):
        return _Identity(title, fiscal_year, phase_kind, phase_kind=phase_kind)
    to_date, current = _periods(path, line, phase_kind, texts, reference)
    return _Identity(title, fiscal_year, to_date, current, phase_kind)


def _table_identity(path: Path, table: Table, reference: Reference) -> _Identity:
    """Year and phase from the first table's title (2020年…社会保险基金预算收入表); a report of
    periods' months from its title and the lines above its header (2020年2季度)."""
    title, line = table.title, table.title_line
    year, phase_kind = reference.title_year_and_phase(title)
    if year is None:
        raise error_at(path, line, f"no year in the table title {title!r}")
    if not phase_kind:
        words = "/".join(word for word, _ in reference.phase_words)
        raise error_at(path, line, f"no {words} in {title!r}")
    return _identity(path, title, line, year, phase_kind, table.frame, reference)


def _prose_identity(
    path: Path,
    lines: list[Line],
    heading: NarrativeTitle | None,
    document: Document,
    reference: Reference,
) -> _Identity:
    """Year and phase of a document of prose alone, from the first title that states both: the
    narrative's (关于2016年全国社会保险基金决算的说明), the document's, or its first line."""
    candidates: list[tuple[str, Line | None]] = []
    if heading is not None:
        candidates.append((heading.text, lines[heading.first]))
    if document.title:
        candidates.append((document.title, None))
    first = next((line for line in lines if line.text.strip()), None)
    if first is not None:
        candidates.append((first.text.strip(), first))
    for title, line in candidates:
        year, phase_kind = reference.title_year_and_phase(title)
        if year is not None and phase_kind:
            return _identity(path, title, line, year, phase_kind, [title], reference)
    words = "/".join(word for word, _ in reference.phase_words)
    if not candidates:
        raise IngestError(path, None, "the document is empty")
    title, line = candidates[0]
    message = (
        "no income (收入表), expenditure (支出表) or balance (结余表) table, and no title with a "
        f"year and {words} (关于2016年全国社会保险基金决算的说明): found {title!r}"
    )
    raise error_at(path, line, message)


def _inferred_region(path: Path, titles: str, reference: Reference) -> str:
    """The region the titles name, when exactly one region (or one chain of regions) is named."""
    region = reference.regions.infer(titles)
    if region is None:
        raise IngestError(
            path,
            None,
            f"no --region given and the title ({titles!r}) does not name one region of "
            "seeds/regions.csv unambiguously: give --region",
        )
    return region.code
