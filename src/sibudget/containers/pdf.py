"""PDF with a text layer (pdfplumber): per page, the tables its rules draw (pdfplumber's line
strategy) as rows, and the other text lines in reading order, a line whose words stand apart by
wide gaps split into cells (an unruled table); a table continued on the next page is joined, its
repeated header row dropped; running headers and footers (the same text in the top or bottom
margin of several pages, page numbers) dropped. A PDF without text (a scan) is refused: no OCR."""

from __future__ import annotations

import io
import logging
import math
import re
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

from sibudget.containers.model import ContainerError, Document, LineBuilder

MARGIN = 0.07
"""The top and bottom share of a page where running headers, footers and page numbers sit."""
PAGE_NUMBER = re.compile(
    r"^(?:[-–—\s]*\d+[-–—\s]*|第\s*\d+\s*页(?:\s*[/,，]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+|page\s*\d+.*)$",
    re.I,
)
DIGITS = re.compile(r"\d+")
WORD = re.compile(r"[^\W\d_]")
FIGURE = re.compile(r"[-－−(（]?[0-9０-９][0-9０-９,，.．]*[)）]?[%％]?")
GAP = 1.2
"""A gap between two words wider than this many times the font size splits them into cells."""


@dataclass
class _Item:
    """A text line or a table row of a page, at its vertical position (and, for a text line,
    its horizontal extent and font size, to join the lines of a wrapped paragraph)."""

    top: float
    bottom: float
    cells: list[str]
    is_table_row: bool
    table: int = 0
    x0: float = 0.0
    x1: float = 0.0
    size: float = 10.0
    spans: list[tuple[float, float]] = field(default_factory=list)
    """A text line's cells' horizontal extents (x0, x1), one per cell."""


def read_pdf(path: Path, raw: bytes) -> Document:
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect
    from pdfplumber.utils.exceptions import PdfminerException

    for name in ("pdfminer", "pdfplumber"):
        logging.getLogger(name).setLevel(logging.ERROR)
    try:
        pdf = pdfplumber.open(io.BytesIO(raw))
    except (PdfminerException, PDFPasswordIncorrect) as error:
        cause = error.args[0] if error.args else error
        if isinstance(cause, PDFPasswordIncorrect) or "password" in str(error).lower():
            raise ContainerError(
                path, "pdf", "the PDF is encrypted: save a copy without the password and ingest it"
            ) from error
        raise ContainerError(path, "pdf", f"the PDF cannot be read (damaged?): {error}") from error
    try:
        pages = [_page_items(page) for page in pdf.pages]
    except (PdfminerException, PDFPasswordIncorrect) as error:
        raise ContainerError(path, "pdf", f"the PDF cannot be read (damaged?): {error}") from error
    finally:
        pdf.close()
    if not any(items for items, _ in pages):
        raise ContainerError(
            path,
            "pdf",
            "the PDF has no text layer (a scan?): sibudget reads the text a PDF holds and does "
            "no OCR; ask the publisher for the text, Excel or Word version",
        )
    return _document(pages)


def _page_items(page: Any) -> tuple[list[_Item], float]:
    tables = page.find_tables()
    items: list[_Item] = []
    for number, table in enumerate(tables, start=1):
        for row, cells in zip(table.rows, table.extract(), strict=False):
            texts = [_cell_text(cell) for cell in cells]
            top, bottom = row.bbox[1], row.bbox[3]
            items.append(_Item(top, bottom, texts, True, number))
    boxes = [table.bbox for table in tables]
    outside = [
        char
        for char in page.chars
        if not any(
            x0 <= (char["x0"] + char["x1"]) / 2 <= x1
            and top <= (char["top"] + char["bottom"]) / 2 <= bottom
            for x0, top, x1, bottom in boxes
        )
    ]
    for chars in _text_lines(outside):
        size = max(float(char.get("size") or 10) for char in chars)
        cells, spans = _split_at_gaps(chars)
        items.append(
            _Item(
                min(char["top"] for char in chars), max(char["bottom"] for char in chars),
                cells, False,
                x0=min(char["x0"] for char in chars), x1=max(char["x1"] for char in chars),
                size=size, spans=spans,
            )
        )  # fmt: skip
    items.sort(key=lambda item: (item.top, item.is_table_row is False))
    return items, float(page.height)


def _text_lines(chars: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Characters grouped into lines by their vertical centre (within 0.4 of the font size: the
    digits of a heading sit lower than its Chinese characters), each line left to right."""

    def centre(char: dict[str, Any]) -> float:
        return (float(char["top"]) + float(char["bottom"])) / 2

    lines: list[list[dict[str, Any]]] = []
    centres: list[float] = []
    for char in sorted(chars, key=centre):
        size = float(char.get("size") or 10)
        if lines and abs(centre(char) - centres[-1]) <= 0.4 * size:
            lines[-1].append(char)
            centres[-1] = sum(centre(c) for c in lines[-1]) / len(lines[-1])
        else:
            lines.append([char])
            centres.append(centre(char))
    return [sorted(line, key=lambda char: char["x0"]) for line in lines]


def _cell_text(cell: str | None) -> str:
    """A table cell's text: its wrapped lines joined without a break (a header or a label that
    wraps inside its cell reads as printed on one line), spaces kept single."""
    if cell is None:
        return ""
    return "".join(" ".join(part.split()) for part in cell.split("\n"))


def _split_at_gaps(chars: list[dict[str, Any]]) -> tuple[list[str], list[tuple[float, float]]]:
    """A text line's characters as cells, and each cell's horizontal extent: split where the gap
    between two characters is wider than GAP times the font size; a single space stays a space."""
    cells: list[str] = []
    spans: list[tuple[float, float]] = []
    current = ""
    start = float(chars[0]["x0"]) if chars else 0.0
    previous: dict[str, Any] | None = None
    for char in chars:
        if previous is not None:
            gap = char["x0"] - previous["x1"]
            size = max(float(previous.get("size") or 10), 1.0)
            if gap > GAP * size:
                cells.append(current.strip())
                spans.append((start, float(previous["x1"])))
                current, start = "", float(char["x0"])
            elif gap > 0.2 * size and not current.endswith(" "):
                current += " "
        if char["text"] != " " or not current.endswith(" "):
            current += char["text"]
        previous = char
    cells.append(current.strip())
    spans.append((start, float(previous["x1"]) if previous is not None else start))
    return [" ".join(cell.split()) for cell in cells], spans


def place_under_header(
    header: list[tuple[float, float]], cells: list[str], spans: list[tuple[float, float]]
) -> list[str] | None:
    """The cells of a row of an unruled table, one per column of its header, blank where the
    row prints nothing (a blank cell leaves no trace on an unruled page: the figures after it
    would read as shifted left). Each column reaches halfway to its neighbours' header text (the
    last as far again as its header is wide); a cell belongs to the column it overlaps most, the
    first to the label column when it starts there. None when a cell stands under no column or
    two under one: the row cannot be placed by position."""
    bounds = [
        -math.inf,
        *((left[1] + right[0]) / 2 for left, right in pairwise(header)),
        header[-1][1] + (header[-1][1] - header[-1][0]),
    ]
    regions = list(pairwise(bounds))
    placed = [""] * len(header)
    column = -1
    for index, (text, (x0, x1)) in enumerate(zip(cells, spans, strict=True)):
        if index == 0 and x0 < regions[0][1]:
            best = 0
        else:
            overlaps = [max(0.0, min(x1, high) - max(x0, low)) for low, high in regions]
            best = max(range(len(regions)), key=lambda number: overlaps[number])
            if overlaps[best] <= 0:
                return None
        if best <= column:
            return None
        placed[best], column = text, best
    return placed


@dataclass
class _Paragraph:
    """A paragraph being read: the lines of one paragraph that wraps, joined."""

    text: str
    first_place: str
    last_place: str
    x1: float
    size: float
    right: float

    @property
    def place(self) -> str:
        if self.first_place == self.last_place:
            return self.first_place
        first_page, first_line = self.first_place.split(", ")
        last_page, last_line = self.last_place.split(", ")
        if first_page == last_page:
            first, last = first_line.removeprefix("line "), last_line.removeprefix("line ")
            return f"{first_page}, lines {first}–{last}"
        return f"{self.first_place} – {self.last_place}"

    def continues_into(self, item: _Item, left: float) -> bool:
        """Whether `item` continues this paragraph: this one filled its line to the right margin
        and did not end a sentence, and `item` starts at the left margin (a new paragraph is
        indented, or centred as a heading)."""
        return (
            self.x1 >= self.right - 1.5 * self.size
            and not self.text.endswith(("。", "！", "？", "：", ":", "；"))
            and item.x0 <= left + 0.5 * item.size
        )


def _join(left: str, right: str) -> str:
    """Two parts of a wrapped line: a space between Latin words, none in Chinese."""
    if (
        left
        and right
        and left[-1].isascii()
        and left[-1].isalnum()
        and right[0].isascii()
        and right[0].isalnum()
    ):
        return f"{left} {right}"
    return left + right


def _document(pages: list[tuple[list[_Item], float]]) -> Document:
    margin_texts: dict[str, int] = {}
    for items, height in pages:
        seen = set()
        for item in items:
            if not item.is_table_row and _in_margin(item, height):
                seen.add(DIGITS.sub("#", " ".join(item.cells)))
        for text in seen:
            margin_texts[text] = margin_texts.get(text, 0) + 1
    lines = LineBuilder()
    notes: list[str] = []
    last_header: list[str] | None = None
    last_was_row = False
    paragraph: _Paragraph | None = None
    unruled: _Item | None = None
    """The header row of the unruled table being read (text lines split at gaps)."""
    rows_x0: float | None = None
    """Where the first row of figures under `unruled` starts: the left of its label column."""

    def flush() -> None:
        nonlocal paragraph
        if paragraph is not None:
            lines.paragraph(paragraph.text, paragraph.place)
            paragraph = None

    body = [
        item
        for items, height in pages
        for item in items
        if not item.is_table_row and not _in_margin(item, height)
    ]
    right = max((item.x1 for item in body), default=0.0)
    left = min((item.x0 for item in body), default=0.0)
    for page_number, (items, height) in enumerate(pages, start=1):
        row_in_table: dict[int, int] = {}
        text_lines = 0
        first_content = True
        for item in items:
            text = " ".join(cell for cell in item.cells if cell)
            if not text:
                continue
            if not item.is_table_row and _in_margin(item, height):
                repeated = margin_texts.get(DIGITS.sub("#", " ".join(item.cells)), 0) > 1
                if repeated or PAGE_NUMBER.match(text.strip()):
                    notes.append(f"page {page_number}: running header or footer {text!r} dropped")
                    continue
            if item.is_table_row:
                flush()
                unruled = None
                row_in_table[item.table] = row_in_table.get(item.table, 0) + 1
                row = row_in_table[item.table]
                if row == 1:
                    if first_content and last_was_row and item.cells == last_header:
                        notes.append(f"page {page_number}: repeated table header dropped")
                        first_content = False
                        continue
                    last_header = item.cells
                lines.row(item.cells, f"page {page_number}, table {item.table}, row {row}")
                last_was_row = True
            else:
                text_lines += 1
                place = f"page {page_number}, line {text_lines}"
                if len(item.cells) > 1 or _label_alone(item, unruled, rows_x0):
                    flush()
                    if len(item.cells) > 1 and (
                        unruled is None or not last_was_row or _is_header(item.cells)
                    ):
                        if first_content and unruled is not None and item.cells == unruled.cells:
                            notes.append(f"page {page_number}: repeated table header dropped")
                            first_content = False
                            continue
                        unruled, rows_x0 = item, None  # the first row of an unruled table
                        lines.row(item.cells, place)
                    elif unruled is not None and 1 < len(item.cells) < len(unruled.cells):
                        # blank cells leave no trace: each figure goes under its header
                        rows_x0 = item.x0 if rows_x0 is None else rows_x0
                        placed = place_under_header(unruled.spans, item.cells, item.spans)
                        lines.row(placed or item.cells, place, unplaced=placed is None)
                    else:
                        if unruled is not None and rows_x0 is None:
                            rows_x0 = item.x0
                        lines.row(item.cells, place)
                    last_was_row = True
                elif paragraph is not None and paragraph.continues_into(item, left):
                    paragraph.text = _join(paragraph.text, item.cells[0])
                    paragraph.last_place, paragraph.x1, paragraph.right = place, item.x1, right
                else:
                    flush()
                    paragraph = _Paragraph(item.cells[0], place, place, item.x1, item.size, right)
                    last_was_row = False
                    unruled = None
            first_content = False
    flush()
    return Document("pdf", lines.lines, lines.text(), notes=notes)


def _label_alone(item: _Item, unruled: _Item | None, rows_x0: float | None) -> bool:
    """A label alone in an unruled table (its figures blank): it starts where the table's rows
    start (or its header, when that is not centred); before the first row, it starts no further
    right than the header's label and ends before the header of the first column of figures."""
    if unruled is None or len(item.cells) != 1:
        return False
    starts = [start for start in (unruled.x0, rows_x0) if start is not None]
    if any(abs(item.x0 - start) < 0.5 * item.size for start in starts):
        return True
    if rows_x0 is not None or len(unruled.spans) < 2:
        return False
    label, first = unruled.spans[0], unruled.spans[1]
    return item.x0 <= label[0] and item.x1 < first[0]


def _is_header(cells: list[str]) -> bool:
    """A row that opens a new unruled table: words over its columns and no figure among them
    (项目 | 上年执行数 | 本年预算数)."""
    rest = cells[1:]
    return any(WORD.search(cell) for cell in rest) and not any(
        FIGURE.fullmatch(cell) for cell in rest
    )


def _in_margin(item: _Item, height: float) -> bool:
    return item.bottom < height * MARGIN or item.top > height * (1 - MARGIN)
