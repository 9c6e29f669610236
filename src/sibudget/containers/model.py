"""The one form every container is read into: a document of lines in reading order. A line is a
paragraph (one cell) or a table row (its cells, spans resolved), with its place in the
container, so that every figure read from it can name where it was printed."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


class ContainerError(Exception):
    """A file that cannot be read as a disclosure: names the file, the container detected and
    what to do. Nothing is written."""

    def __init__(self, path: Path, container: str, message: str) -> None:
        self.path = path
        self.container = container
        super().__init__(f"{path} ({container}): {message}")


@dataclass(frozen=True)
class LineOrigin:
    """A line's file, number and place there, for a document read from several files."""

    path: Path
    number: int
    place: str


@dataclass(frozen=True)
class Line:
    """One line of a document, 1-based `number` in reading order: the provenance key that every
    figure keeps (source_line). A table row has several cells; a paragraph, a heading or a table
    row with one filled cell (a title spanning the table) has one. `place` says where the line is
    in its container ("line 14", "附件1 收入!A7", "page 2, row 5", "table 3, row 7");
    `cell_places`, where the container addresses cells (a spreadsheet), where each cell is."""

    number: int
    cells: tuple[str, ...]
    place: str
    cell_places: tuple[str, ...] = ()
    in_table: bool = False
    """A row of a table (a text line with a tab), even when it has one cell left: a title merged
    across the table, or a label whose amounts are blank."""
    unplaced: bool = False
    """A row of an unruled table (a PDF's text split at wide gaps) with fewer cells than its
    header whose figures no position places under the header's columns: which of its columns
    are blank is unknown."""
    names_sheet: bool = False
    """The line a workbook's sheet opens with: the sheet's name (a table does not continue past
    it; a name 附件1 收入表 is an attachment's)."""
    origin: LineOrigin | None = None
    """Where the line is in its own file, when the document was read from several files (a page
    and its attachments): its `place` then names that file too (附件2.xls: 附件2!B8)."""

    @property
    def text(self) -> str:
        """The line as text: its cells joined by tabs (for a text file, the line as printed)."""
        return "\t".join(self.cells)

    @property
    def is_row(self) -> bool:
        """A table row (a paragraph is not)."""
        return self.in_table or len(self.cells) > 1

    def cell_place(self, index: int) -> str:
        """Where cell `index` is: its own address where the container has one, else the line's."""
        if index < len(self.cell_places) and self.cell_places[index]:
            return self.cell_places[index]
        return self.place


@dataclass
class Document:
    """A disclosure read from its container: the lines in reading order, the text they render to
    (whose SHA-256 is the document's identity), and what the container states about itself
    (title, publisher, publication date) where it does."""

    container: str
    lines: list[Line]
    text: str
    title: str = ""
    publisher: str = ""
    published_on: str = ""
    notes: list[str] = field(default_factory=list)
    """What the reader skipped and why (a cover sheet, an empty sheet, running headers)."""


class LineBuilder:
    """Numbers lines in reading order as a reader adds them."""

    def __init__(self) -> None:
        self.lines: list[Line] = []

    def paragraph(self, text: str, place: str, *, names_sheet: bool = False) -> None:
        self.lines.append(Line(len(self.lines) + 1, (text,), place, names_sheet=names_sheet))

    def row(
        self,
        cells: list[str],
        place: str,
        cell_places: list[str] | None = None,
        *,
        unplaced: bool = False,
    ) -> None:
        """A table row; trailing cells that repeat a spanned cell were already dropped."""
        self.lines.append(
            Line(len(self.lines) + 1, tuple(cells), place, tuple(cell_places or ()), True, unplaced)
        )

    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)
