"""Word documents (.docx, python-docx): the body's paragraphs and tables in document order, a
table's merged cells resolved (a cell that continues a merge to the right or downwards is left
empty), line breaks inside a paragraph as separate lines, the core properties' title."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Any

from sibudget.containers.model import ContainerError, Document, LineBuilder

SPACE = re.compile(r"[ \t\u00a0\u3000]+")


def _clean(text: str) -> str:
    return SPACE.sub(" ", text).strip()


def read_docx(path: Path, raw: bytes) -> Document:
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(raw))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as error:
        raise ContainerError(
            path, "docx", f"the document cannot be read (damaged?): {error}"
        ) from error
    lines = LineBuilder()
    paragraphs = tables = 0
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            for part in block.text.split("\n"):
                text = _clean(part)
                if text:
                    paragraphs += 1
                    lines.paragraph(text, f"paragraph {paragraphs}")
        elif isinstance(block, Table):
            tables += 1
            for number, cells in enumerate(_rows(block), start=1):
                if any(cells):
                    lines.row(cells, f"table {tables}, row {number}")
    result = Document("docx", lines.lines, lines.text())
    result.title = _clean(document.core_properties.title or "")
    return result


def _rows(table: Any) -> list[list[str]]:
    """The table's rows with merges resolved: python-docx gives a merged cell at every grid
    position it covers; only its first position keeps the text, and positions that end a row
    only because a merge covers them are dropped."""
    rows: list[list[str]] = []
    above: list[Any] = []
    for row in table.rows:
        cells = list(row.cells)
        texts: list[tuple[str, bool]] = []
        for index, cell in enumerate(cells):
            copy = (index > 0 and cell._tc is cells[index - 1]._tc) or (
                index < len(above) and cell._tc is above[index]._tc
            )
            texts.append(("" if copy else "".join(_clean(p.text) for p in cell.paragraphs), copy))
        end = len(texts)
        while end > 1 and texts[end - 1][1]:
            end -= 1
        rows.append([text for text, _ in texts[:end]])
        above = cells
    return rows
