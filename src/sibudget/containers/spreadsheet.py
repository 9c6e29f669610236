"""Excel workbooks: .xlsx (openpyxl) and .xls (xlrd). Every sheet that holds a table, its rows
with merged cells resolved; a number keeps its value, exactly as stored, never its display (a
whole number of 元 stays whole; a percentage-formatted cell reads as its percentage); empty
sheets and cover sheets (no number and no header row) are skipped and noted. A formula whose
value the workbook does not store is refused: it would need Excel to compute it."""

from __future__ import annotations

import datetime
import io
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from sibudget.containers.model import ContainerError, Document, LineBuilder
from sibudget.containers.spans import GridCell, resolve_spans, row_cells

HEADER_WORDS = ("项目", "项 目", "科目", "指标")
TARGETS_TITLE = "绩效目标表"
"""The title word of a table of performance targets (sibudget.ingest.performance)."""


@dataclass
class _Sheet:
    name: str
    values: list[list[Any]]
    """Cell values by row and column (None when empty), the top-left cell of a merge holding it."""
    percent: set[tuple[int, int]]
    """(row, column) of the cells whose number format shows a percentage."""
    merges: list[tuple[int, int, int, int]]
    """(first row, last row, first column, last column), 0-based, inclusive."""


def number_text(value: float | int | Decimal, *, percent: bool = False) -> str:
    """A stored number as the exact decimal it was typed as (the shortest text that gives the
    same float), without exponent or trailing zeros: 280645.0 → "280645", 1234.56 → "1234.56";
    a percentage-formatted 0.052 → "5.2%"."""
    if isinstance(value, bool):
        return str(value)
    exact = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if percent:
        exact *= 100
    text = format(exact.normalize(), "f") if exact != exact.to_integral() else str(int(exact))
    return text + ("%" if percent else "")


def cell_text(value: Any, *, percent: bool = False) -> str:
    if value is None:
        return ""
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return number_text(value, percent=percent)
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return " ".join(str(value).split())


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def read_workbook(path: Path, raw: bytes, container: str) -> Document:
    sheets = list(_xlsx_sheets(path, raw) if container == "xlsx" else _xls_sheets(path, raw))
    lines = LineBuilder()
    notes: list[str] = []
    for sheet in sheets:
        if not any(value not in (None, "") for row in sheet.values for value in row):
            notes.append(f"sheet {sheet.name!r}: empty, skipped")
            continue
        if not _holds_a_table(sheet):
            notes.append(f"sheet {sheet.name!r}: no number and no header row (a cover), skipped")
            continue
        lines.paragraph(sheet.name, f"sheet {sheet.name}", names_sheet=True)
        grid = _grid(sheet)
        for row_index, cells in enumerate(resolve_spans(grid)):
            texts = row_cells(cells)
            if not any(texts):
                continue
            places = [
                f"{sheet.name}!{column_letter(column)}{row_index + 1}"
                for column in range(len(texts))
            ]
            lines.row(texts, places[0], places)
    if not lines.lines:
        raise ContainerError(path, container, "no sheet holds a table: " + "; ".join(notes))
    return Document(container, lines.lines, lines.text(), notes=notes)


def _holds_a_table(sheet: _Sheet) -> bool:
    """A number, a header row's first word, or a title of performance targets (绩效目标表, whose
    figures a workbook may store as text): not a cover."""
    for row in sheet.values:
        for value in row:
            if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
                return True
            if isinstance(value, str) and value.replace("\u3000", " ").strip() in HEADER_WORDS:
                return True
            if isinstance(value, str) and TARGETS_TITLE in value:
                return True
    return False


def _grid(sheet: _Sheet) -> list[list[GridCell]]:
    """The sheet's rows as grid cells: a merge is one cell with its spans, the cells it covers
    left out."""
    covered: dict[tuple[int, int], tuple[int, int] | None] = {}
    for first_row, last_row, first_column, last_column in sheet.merges:
        for covered_row in range(first_row, last_row + 1):
            for column in range(first_column, last_column + 1):
                covered[(covered_row, column)] = None
        covered[(first_row, first_column)] = (
            last_row - first_row + 1,
            last_column - first_column + 1,
        )
    grid: list[list[GridCell]] = []
    for row_index, row in enumerate(sheet.values):
        cells: list[GridCell] = []
        for column_index, value in enumerate(row):
            spans = covered.get((row_index, column_index), (1, 1))
            if spans is None:
                continue
            text = cell_text(value, percent=(row_index, column_index) in sheet.percent)
            cells.append(GridCell(text, spans[0], spans[1]))
        grid.append(cells)
    return grid


def _xlsx_sheets(path: Path, raw: bytes) -> Iterator[_Sheet]:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    logging.getLogger("openpyxl").setLevel(logging.ERROR)
    try:
        values_book = openpyxl.load_workbook(io.BytesIO(raw), data_only=True)
        formulas_book = openpyxl.load_workbook(io.BytesIO(raw), data_only=False)
    except (InvalidFileException, KeyError, OSError, ValueError) as error:
        raise ContainerError(
            path, "xlsx", f"the workbook cannot be read (damaged?): {error}"
        ) from error
    for sheet in values_book.worksheets:
        formulas = formulas_book[sheet.title]
        values: list[list[Any]] = []
        percent: set[tuple[int, int]] = set()
        for row_index, row in enumerate(sheet.iter_rows()):
            row_values: list[Any] = []
            for column_index, cell in enumerate(row):
                value = cell.value
                formula = formulas.cell(row=cell.row, column=cell.column).value
                if value is None and isinstance(formula, str) and formula.startswith("="):
                    raise ContainerError(
                        path,
                        "xlsx",
                        f"{sheet.title}!{cell.coordinate} holds a formula ({formula}) whose value "
                        "the workbook does not store: open it in Excel or LibreOffice and save it "
                        "again, so that the values are stored",
                    )
                if "%" in (cell.number_format or ""):
                    percent.add((row_index, column_index))
                row_values.append(value)
            values.append(row_values)
        merges = [
            (rng.min_row - 1, rng.max_row - 1, rng.min_col - 1, rng.max_col - 1)
            for rng in sheet.merged_cells.ranges
        ]
        yield _Sheet(sheet.title, values, percent, merges)


def _xls_sheets(path: Path, raw: bytes) -> Iterator[_Sheet]:
    import xlrd

    try:
        book = xlrd.open_workbook(file_contents=raw, formatting_info=True)
    except xlrd.XLRDError as error:
        raise ContainerError(
            path, "xls", f"the workbook cannot be read (damaged?): {error}"
        ) from error
    for sheet in book.sheets():
        values: list[list[Any]] = []
        percent: set[tuple[int, int]] = set()
        for row_index in range(sheet.nrows):
            row_values: list[Any] = []
            for column_index in range(sheet.ncols):
                cell = sheet.cell(row_index, column_index)
                if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
                    row_values.append(None)
                    continue
                if cell.ctype == xlrd.XL_CELL_NUMBER:
                    format_key = book.xf_list[cell.xf_index].format_key
                    if "%" in book.format_map[format_key].format_str:
                        percent.add((row_index, column_index))
                if cell.ctype == xlrd.XL_CELL_DATE:
                    row_values.append(xlrd.xldate.xldate_as_datetime(cell.value, book.datemode))
                elif cell.ctype == xlrd.XL_CELL_ERROR:
                    row_values.append(xlrd.error_text_from_code.get(cell.value, "#ERROR"))
                else:
                    row_values.append(cell.value)
            values.append(row_values)
        yield _Sheet(sheet.name, values, percent, _xls_merges(sheet))


def _xls_merges(sheet: Any) -> list[tuple[int, int, int, int]]:
    """xlrd's merged ranges (first row, last row + 1, first column, last column + 1) inclusive."""
    return [(low_row, high_row - 1, low_column, high_column - 1)
            for low_row, high_row, low_column, high_column in sheet.merged_cells]  # fmt: skip
