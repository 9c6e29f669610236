"""The tables of a disclosure (收入表, 支出表, 结余表; or the statements of the official forms,
社预01–08 and 社决, each holding every line): found by their titles under their attachment
headings, each with its unit line, its header row (or two), and its rows; every printed cell
becomes a row of table_cells.csv, kept exactly as printed with the place it was printed in."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from sibudget.containers import Line
from sibudget.ingest.errors import error_at
from sibudget.ingest.placement import PrintedRow, column_roles, place_shifted_rows
from sibudget.ingest.reference import Reference, Row, ValueColumn, compact

PRINTED_NUMBER = re.compile(r"[-－−△(（]?[0-9０-９][0-9０-９,，.．]*[)）]?[%％]?")
"""A printed number: a minus (△ too, as Chinese financial statements print it) or parentheses,
digits, separators, a percent sign (macro normalise_printed_amount reads it in SQL)."""
ATTACHMENT = re.compile(r"^\s*附件\s*([0-9０-９]+)\s*(?:[:：]\s*(.*?))?\s*$")
ATTACHMENT_SHEET = re.compile(r"^\s*附件\s*([0-9０-９]+)(?:\s+\S.*)?$")


STATEMENT = ""
"""The table code of a statement: each of its rows takes the table of the line it names."""
POSITION = "position"
"""The kind of a column of row numbers (行次): read past, no cell of table_cells.csv."""


@dataclass
class Table:
    attachment_label: str
    table_code: str
    """income, expenditure or balance (seed tables); STATEMENT for a statement."""
    title: str
    title_line: Line
    unit_text: str = ""
    header_line: Line | None = None
    headers: list[str] = field(default_factory=list)
    rows: list[Line] = field(default_factory=list)
    label_column: int = 0
    """The cell of each row that holds its label: 1 behind a column of row numbers (序号)."""
    frame: list[str] = field(default_factory=list)
    """Its title and the lines between it and its header (the unit line, the compiling office):
    where a report names its period (2021年2季度)."""

    def __post_init__(self) -> None:
        self.frame.append(self.title)


@dataclass(frozen=True)
class Heading:
    """What a disclosure's identity needs from its first table: its title and where it is."""

    title: str
    line: Line


def words(line: Line) -> str | None:
    """The line's words when it is one piece of text: a paragraph, or a row whose only filled
    cell is its first (a title merged across a table, a heading in a spreadsheet's first column);
    None for a row of several filled cells."""
    if not line.is_row:
        return line.text
    filled = [cell for cell in line.cells if cell.strip()]
    return line.cells[0] if len(filled) == 1 and line.cells[0].strip() else None


def _title_across_cells(line: Line, reference: Reference) -> str | None:
    """A title printed across the cells of a row (2021年2季度 | 工伤保险基金预算执行情况表): the
    filled cells joined, when there are two or three and the last is a table's or a statement's
    title; None otherwise."""
    filled = [cell.strip() for cell in line.cells if cell.strip()]
    if not line.is_row or not 1 < len(filled) <= 3:
        return None
    last = filled[-1]
    if reference.table_title.search(last) or reference.is_statement_title(last):
        return "".join(filled)
    return None


def find_tables(path: Path, lines: list[Line], reference: Reference) -> list[Table]:
    tables: list[Table] = []
    attachment = ""
    current: Table | None = None
    for line in lines:
        if line.names_sheet or (line.origin is not None and line.origin.number == 1):
            current = None  # a table ends with its sheet, and with its file
        single = words(line)
        if single is None:
            single = _title_across_cells(line, reference)
        stripped = (line.text if single is None else single).strip()
        heading = ATTACHMENT.match(single) if single is not None else None
        if heading is None and single is not None and line.names_sheet:
            heading = ATTACHMENT_SHEET.match(single)
        if heading:
            attachment = "附件" + unicodedata.normalize("NFKC", heading.group(1))
            current = None
            rest = heading.group(2) if heading.re is ATTACHMENT else ""
            if not rest:
                continue
            stripped = rest.strip()
        titled_unit = reference.stated_unit(stripped) if single is not None or heading else None
        if titled_unit is not None and titled_unit[1]:
            # a title that states its unit: …预算表（单位：万元）
            stripped = titled_unit[1]
        if (single is not None or heading) and reference.is_other_budget(stripped):
            current = None  # another budget's table (一般公共预算收入表): read past
            continue
        title = reference.table_title.search(stripped)
        if title and (single is not None or heading):
            current = Table(attachment, reference.table_words[title.group(1)], stripped, line)
            tables.append(current)
            if titled_unit is not None and titled_unit[1]:
                current.unit_text = _known_unit(path, line, titled_unit[0], reference)
            continue
        if (single is not None or heading) and reference.is_statement_title(stripped):
            current = Table(attachment, STATEMENT, stripped, line)
            tables.append(current)
            if titled_unit is not None and titled_unit[1]:
                current.unit_text = _known_unit(path, line, titled_unit[0], reference)
            continue
        if current is None or not stripped:
            continue
        if "绩效目标表" in stripped or (stripped.startswith("关于") and "说明" in stripped):
            current = None
            continue
        if (
            current.headers
            and single is not None
            and (reference.is_form_number(single) or compact(single).endswith("表"))
        ):
            # the next form's number (社预附01表) or the title of a table of no known kind (基本
            # 养老保险基础资料表: insured persons, not money): this table has ended, read past
            current = None
            continue
        cells = list(line.cells)
        if not current.headers:
            # above the header row: the unit line (单位：万元, 金额单位：元, beside the compiling
            # office), the compiling office alone
            unit = reference.stated_unit(line.text)
            if unit is not None:
                current.unit_text = _known_unit(path, line, unit[0], reference, stripped)
                current.frame.append(line.text)
                continue
            if reference.names_compiling_office(line.text):
                current.frame.append(line.text)
                continue
            if single is not None and reference.is_form_number(single):
                continue  # 社预执行07表 under the title
            if stripped.startswith("单位"):
                raise error_at(
                    path, line, f"unknown unit {stripped!r}: expected {', '.join(reference.units)}"
                )
            if (
                line.is_row
                and len(cells) > 1
                and reference.is_position_column(cells[0])
                and reference.is_label_header(cells[1])
            ):
                current.label_column = 1  # 序号 | 项目 | …: the row numbers come first
            if not line.is_row or not reference.is_label_header(cells[current.label_column]):
                raise error_at(
                    path, line, f"expected the header row of {current.title} (项目<TAB>…)"
                )
            current.headers = [cell.strip() for cell in cells[current.label_column + 1 :]]
            while current.headers and not current.headers[-1]:
                current.headers.pop()
            beside = {reference.header_unit(header)[1] for header in current.headers} - {None}
            if not current.unit_text and not beside:
                raise error_at(path, line, f"no unit line (单位：万元) above {current.title}")
            current.header_line = line
            continue
        labelled = cells[current.label_column :]
        if not current.rows and _continues_header(labelled):
            current.headers = _merge_header_rows(current.headers, labelled[1:])
            continue
        if not current.rows and line.is_row and reference.numbers_columns(labelled[0]):
            continue  # 栏次 | — | 1 | 2: the columns' numbers, not a line
        if not line.is_row:
            raise error_at(
                path, line, "expected a tab-separated row (label<TAB>amount) in " + current.title
            )
        current.rows.append(line)
    for table in tables:
        if not table.headers:
            raise error_at(path, table.title_line, f"{table.title} has no header row")
    return tables


def _known_unit(path: Path, line: Line, unit: str, reference: Reference, printed: str = "") -> str:
    """`unit` when seed units knows it; else an error naming the line."""
    if unit not in reference.units:
        where = f" in {printed!r}" if printed else ""
        raise error_at(
            path, line, f"unknown unit {unit!r}{where}: expected {', '.join(reference.units)}"
        )
    return unit


def _continues_header(cells: list[str]) -> bool:
    """A second header row: no label in the first cell, and no cell that is a number."""
    return (
        len(cells) > 1
        and not cells[0].strip()
        and any(cell.strip() for cell in cells[1:])
        and not any(PRINTED_NUMBER.fullmatch(cell.strip()) for cell in cells[1:])
    )


def _merge_header_rows(top: list[str], bottom: list[str]) -> list[str]:
    """Column headers of a two-row header: each top cell (a merged cell carries to the right)
    followed by the cell below it ("2020年" over "预算数" gives "2020年预算数")."""
    merged: list[str] = []
    carried = ""
    for index in range(max(len(top), len(bottom))):
        above = top[index].strip() if index < len(top) else ""
        below = bottom[index].strip() if index < len(bottom) else ""
        carried = above or carried
        merged.append(carried + below)
    return merged


@dataclass(frozen=True)
class Column:
    """How a value column is read: kind (amount or a printed check), phase, year, and the fund
    its header names where the funds are the columns."""

    value_kind: str
    phase_code: str
    fiscal_year: int
    fund_column_label: str = ""


@dataclass(frozen=True)
class DocumentFacts:
    """What every row of a disclosure carries: its id, year and phase; a report of periods
    (execution) its current period's phase and its year to date's."""

    document_id: str
    fiscal_year: int
    phase_code: str
    current_phase: str = ""
    to_date_phase: str = ""

    def phase_of(self, column: ValueColumn, reference: Reference) -> str:
        """The phase of a value column: its own, or of a kind whose phases are periods, the
        report's current period (当期) or year to date (累计); '' in a document of no period."""
        if not reference.has_periods(column.phase_code):
            return column.phase_code
        return self.current_phase if column.period_basis == "current" else self.to_date_phase


def value_column(
    path: Path, line: Line, header: str, facts: DocumentFacts, reference: Reference
) -> Column:
    if reference.is_position_column(header):
        return Column(POSITION, "", facts.fiscal_year)
    header_words = compact(reference.header_unit(header)[0])
    for column in reference.value_columns:
        match = column.pattern.fullmatch(header_words)
        if match:
            if column.value_kind != "amount":
                return Column(column.value_kind, "", facts.fiscal_year)
            year = match.groupdict().get("year")
            printed_year = int(year) if year else facts.fiscal_year
            phase = facts.phase_of(column, reference)
            if not phase:
                raise error_at(
                    path,
                    line,
                    f"{header!r} is a column of a report of periods ({column.phase_code}: "
                    f"{column.period_basis or 'a'} period), but the document names no period "
                    "(its title: 2季度, 1-6月, 上半年; seeds/period_words.csv)",
                )
            return Column("amount", phase, printed_year + column.fiscal_year_offset)
    if reference.names_a_fund(header_words):
        return Column(
            "amount", facts.phase_code, facts.fiscal_year, reference.header_unit(header)[0]
        )
    raise error_at(
        path,
        line,
        f"unknown value column {header!r}: neither a phase (seeds/value_columns.csv) nor a fund",
    )


def _table_unit(path: Path, table: Table, columns: list[Column], reference: Reference) -> str:
    """The unit of a table: its unit line's, which a unit printed beside a header must not
    contradict; without a unit line, the one printed beside the header of every value column
    of amounts (上年执行数（万元）); a check's column (比上年增长%) needs none."""
    assert table.header_line is not None
    units = {
        header: reference.header_unit(header)[1]
        for header, column in zip(table.headers, columns, strict=True)
        if column.value_kind == "amount"
    }
    if table.unit_text:
        contradicting = [
            f"{header}: {unit}"
            for header, unit in units.items()
            if unit is not None and unit != table.unit_text
        ]
        if contradicting:
            raise error_at(
                path,
                table.header_line,
                f"the unit line above {table.title} says {table.unit_text}, the headers say "
                "otherwise: " + ", ".join(contradicting),
            )
        return table.unit_text
    if len(set(units.values())) != 1 or None in units.values():
        raise error_at(
            path,
            table.header_line,
            f"no unit line above {table.title}, and the units beside the headers disagree or are "
            "missing: " + ", ".join(f"{header}: {unit or '-'}" for header, unit in units.items()),
        )
    return next(iter(units.values())) or ""


def _placed_by_identities(
    path: Path,
    table: Table,
    columns: list[Column],
    titled_fund: str,
    facts: DocumentFacts,
    reference: Reference,
) -> dict[int, list[str]]:
    """The rows of a one-fund statement whose figures were printed first and their blanks after
    them, placed by the identity that binds them (sibudget.ingest.placement): position in the
    table's rows -> the values, one per column."""
    if not titled_fund or any(column.value_kind == POSITION for column in columns):
        return {}
    printed: list[PrintedRow] = []
    for line in table.rows:
        cells = list(line.cells)[table.label_column :]
        values = [cell.strip() for cell in cells[1:]][: len(table.headers)]
        values += [""] * (len(table.headers) - len(values))
        printed.append(PrintedRow(line, cells[0].strip() if cells else "", values))
    before = [list(row.values) for row in printed]
    roles = column_roles(
        table.headers,
        [column.value_kind for column in columns],
        [column.phase_code for column in columns],
        [column.fiscal_year for column in columns],
        facts.fiscal_year,
    )
    place_shifted_rows(path, printed, roles, reference)
    return {
        position: row.values
        for position, row in enumerate(printed)
        if row.values != before[position]
    }


def table_rows(path: Path, table: Table, facts: DocumentFacts, reference: Reference) -> list[Row]:
    assert table.header_line is not None
    columns = [
        value_column(path, table.header_line, header, facts, reference) for header in table.headers
    ]
    unit_text = _table_unit(path, table, columns, reference)
    titled_fund = ""
    if table.table_code == STATEMENT and not any(column.fund_column_label for column in columns):
        # one fund per statement (社预02–08): the fund its title names
        titled_fund = reference.fund_named(table.title)
        if not titled_fund:
            raise error_at(
                path,
                table.title_line,
                f"{table.title!r} names no fund (seeds/fund_names.csv) and no value column "
                f"({', '.join(table.headers)}) names one: whose figures are they?",
            )
        columns = [
            Column(column.value_kind, column.phase_code, column.fiscal_year, titled_fund)
            for column in columns
        ]
    placed = _placed_by_identities(path, table, columns, titled_fund, facts, reference)
    rows: list[Row] = []
    fund_header = ("", "")
    funds_as_columns = any(column.fund_column_label for column in columns)
    table_code = table.table_code
    for position, line in enumerate(table.rows):
        cells = list(line.cells)[table.label_column :]
        label = cells[0].strip() if cells else ""
        if table.table_code == STATEMENT:
            # a statement's row belongs to the table of the line it names; a row that names no
            # line (or lines of several tables) stays in the table of the row above it
            named = reference.table_of_line(label)
            if named is not None and named != table_code:
                table_code, fund_header = named, ("", "")
            if not table_code:
                raise error_at(
                    path,
                    line,
                    f"{label!r} opens {table.title} but names no line of seeds/lines.csv "
                    "(期初余额, 收入合计 …)",
                )
        patterns = reference.part_patterns.get(table_code, [])
        values = [cell.strip() for cell in cells[1:]]
        if len(values) > len(table.headers) and any(values[len(table.headers) :]):
            raise error_at(
                path,
                line,
                f"{len(values)} values for {len(table.headers)} value columns "
                f"({', '.join(table.headers)})",
            )
        if not label:
            raise error_at(path, line, "a row without a label")
        if position in placed:
            values = placed[position]
        if line.unplaced and position not in placed and len(values) < len(table.headers):
            raise error_at(
                path,
                line,
                f"{label!r}: its {len(values)} figure(s) ({', '.join(values)}) cannot be placed "
                f"under the columns ({', '.join(table.headers)}): the table is unruled, its blank "
                "cells leave no trace and no header stands over each figure; read as printed, "
                "the figures would shift left. Ask the publisher for the table with its lines, "
                "or for the Excel or Word version",
            )
        values += [""] * (len(table.headers) - len(values))
        core = reference.label_core(label)
        is_part = bool(fund_header[0]) and any(pattern.fullmatch(core) for pattern in patterns)
        if not is_part and (funds_as_columns or reference.heads_a_block(label)):
            fund_header = (label, str(line.number))
        elif not is_part and fund_header[0]:
            # a label that is neither a known part nor a fund's header stays in its fund's block,
            # where it is reported unmapped (rule label_mapped) without taking the rows after it
            is_part = True
        for index, (header, column, value) in enumerate(
            zip(table.headers, columns, values, strict=False), start=1
        ):
            if column.value_kind == POSITION:
                continue
            rows.append(
                {
                    "document_id": facts.document_id,
                    "attachment_label": table.attachment_label,
                    "table_code": table_code,
                    "table_title": table.title,
                    "unit_text": unit_text,
                    "source_line": str(line.number),
                    "row_label": label,
                    "fund_header_label": fund_header[0] if is_part else "",
                    "fund_header_line": fund_header[1] if is_part else "",
                    "fund_column_label": column.fund_column_label,
                    "value_header": header,
                    "value_kind": column.value_kind,
                    "fiscal_year": str(column.fiscal_year),
                    "phase": column.phase_code,
                    "amount_text": value,
                    "source_place": line.cell_place(index + table.label_column),
                }
            )
    return rows
