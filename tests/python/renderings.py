"""The real 2020 document rendered into the containers publishers use, from the same figures:
an HTML page (GB2312 or UTF-8, the performance table's first columns merged with rowspan, a
header that wraps with <br>, non-breaking spaces, a site's navigation around it), an .xlsx
workbook (one sheet per table, numbers as numeric cells with a display format, titles merged
across the table, the unit in a cell above the header, a cover sheet and an empty sheet), an
.xls workbook (the same, written by xlwt), a .docx document (paragraphs and tables in order, the
performance table's merges) and a PDF printed from the HTML by Debian's Chromium (running header
and footer, tables continued over pages)."""

from __future__ import annotations

import html
import subprocess
import tempfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from support import SOURCE_TEXT

TARGETS_TITLE = "绩效目标表"


@dataclass
class Part:
    """A paragraph (one line of the text) or a table (consecutive lines with tabs)."""

    kind: str
    lines: list[str] = field(default_factory=list)

    @property
    def rows(self) -> list[list[str]]:
        return [line.split("\t") for line in self.lines]


def parts(source: Path = SOURCE_TEXT) -> list[Part]:
    found: list[Part] = []
    for line in source.read_text(encoding="utf-8").split("\n"):
        if not line.strip():
            continue
        if "\t" in line:
            if not found or found[-1].kind != "table":
                found.append(Part("table"))
            found[-1].lines.append(line)
        else:
            found.append(Part("paragraph", [line.strip()]))
    return found


def is_targets(index: int, found: list[Part]) -> bool:
    """The performance-target table: the table after the title that names it."""
    return any(
        TARGETS_TITLE in part.lines[0]
        for part in found[max(index - 2, 0) : index]
        if part.kind == "paragraph"
    )


def merged_targets(rows: list[list[str]]) -> list[list[tuple[str, int, int]]]:
    """The performance table's rows as (text, rowspan, colspan) cells, as publishers lay it out:
    the level-1 and level-2 indicators merged down over the rows they head, a cell followed by
    empty cells merged across them."""
    width = max(len(row) for row in rows)
    padded = [row + [""] * (width - len(row)) for row in rows]
    covered: set[tuple[int, int]] = set()
    out: list[list[tuple[str, int, int]]] = []
    for r, row in enumerate(padded):
        cells: list[tuple[str, int, int]] = []
        c = 0
        while c < width:
            if (r, c) in covered:
                c += 1
                continue
            text = row[c]
            rowspan = 1
            if c < 2 and text and r > 2:
                while (
                    r + rowspan < len(padded)
                    and not padded[r + rowspan][c]
                    and padded[r + rowspan][2]
                ):
                    covered.add((r + rowspan, c))
                    rowspan += 1
            colspan = 1
            if text and c >= 2:
                while (
                    c + colspan < width - 1
                    and not row[c + colspan]
                    and (r, c + colspan) not in covered
                ):
                    colspan += 1
            cells.append((text, rowspan, colspan))
            c += colspan
        out.append(cells)
    return out


def render_html(
    out: Path,
    *,
    encoding: str = "utf-8",
    title: str = "2020年巴州本级社会保险基金预算公开",
    ruled: bool = True,
) -> Path:
    """The page; `ruled` False draws no lines around the cells (a PDF of it has unruled tables)."""
    found = parts()
    body: list[str] = [
        '<div class="nav"><a href="/">首页</a> | <a href="/zwgk">政务公开</a></div>',
        f"<h1>{html.escape(title)}</h1>",
        '<div class="info">发布时间：2020-01-23&nbsp;&nbsp;来源：巴州财政局</div>',
    ]
    for index, part in enumerate(found):
        if part.kind == "paragraph":
            body.append(f"<p>{html.escape(part.lines[0])}</p>")
            continue
        rows = part.rows
        targets = is_targets(index, found)
        # unruled: the tables of figures without lines (the performance table keeps its rules:
        # its merged cells cannot be told apart without them)
        border = ' border="1"' if ruled or targets else ""
        lines = [f'<table{border} cellspacing="0"{" class=targets" if targets else ""}>']
        if targets:
            for cells in merged_targets(rows):
                tds = "".join(
                    f"<td{f' rowspan={rs}' if rs > 1 else ''}{f' colspan={cs}' if cs > 1 else ''}>"
                    f"{html.escape(text) or '&nbsp;'}</td>"
                    for text, rs, cs in cells
                )
                lines.append(f"<tr>{tds}</tr>")
        else:
            header, *data = rows
            # the label header with a non-breaking space (项&nbsp;目), the year header wrapping
            # inside its cell (2020年<br>预算数)
            label, *years = (html.escape(cell) for cell in header)
            wrap = "年<br>" if ruled else "年"  # an unruled table's wrapped header is not read
            ths = f"<th>{label.replace(' ', '&nbsp;')}</th>" + "".join(
                f"<th>{year.replace('年', wrap, 1)}</th>" for year in years
            )
            lines.append(f"<thead><tr>{ths}</tr></thead><tbody>")
            for row in data:
                tds = "".join(f"<td>{html.escape(cell) or '&nbsp;'}</td>" for cell in row)
                lines.append(f"<tr>{tds}</tr>")
            lines.append("</tbody>")
        lines.append("</table>")
        body.append("\n".join(lines))
    charset = "gb2312" if encoding == "gb2312" else "utf-8"
    page = (
        "<!DOCTYPE html>\n<html><head>"
        f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">'
        f'<meta name="ArticleTitle" content="{html.escape(title)}">'
        '<meta name="PubDate" content="2020-01-23 10:30">'
        '<meta name="ContentSource" content="巴音郭楞蒙古自治州财政局">'
        f"<title>{html.escape(title)}_巴州财政局</title>"
        "<style>table{border-collapse:collapse} "
        + (
            "td,th{border:1px solid #000;padding:2px 6px}"
            if ruled
            else "td,th{padding:2px 24px} table.targets td{border:1px solid #000}"
        )
        +
        # the performance table's merged cells on one printed page: pdfplumber reads a merged
        # cell that a page break cuts as two pieces of text outside the table
        "table.targets{page-break-inside:avoid;font-size:7pt}"
        "table.targets td{padding:0 2px}</style>"
        "</head><body>\n"
        + "\n".join(body)
        + '\n<div class="footer">版权所有：巴州财政局</div></body></html>\n'
    )
    out.write_bytes(page.encode("gb18030" if encoding == "gb2312" else "utf-8"))
    return out


def _number(text: str) -> float | None:
    """A printed amount as the number a publisher's workbook stores."""
    cleaned = text.replace(",", "")
    try:
        return float(Decimal(cleaned))
    except ArithmeticError:
        return None


def _tables() -> list[tuple[str, str, str, list[list[str]]]]:
    """(attachment, title, unit line, rows) of each table of the real document, and of the
    performance table."""
    found = parts()
    tables = []
    attachment = ""
    for index, part in enumerate(found):
        if part.kind == "paragraph" and part.lines[0].startswith("附件"):
            attachment = part.lines[0].replace(" ", "").rstrip(":：")
        if part.kind != "table":
            continue
        title, unit = found[index - 2].lines[0], found[index - 1].lines[0]
        name = "绩效目标" if is_targets(index, found) else attachment
        tables.append((name, title, unit, part.rows))
    return tables


def render_xlsx(out: Path) -> Path:
    import openpyxl
    from openpyxl.styles import Alignment

    book = openpyxl.Workbook()
    cover = book.active
    cover.title = "封面"
    cover["A1"] = "2020年巴州本级社会保险基金预算"
    cover["A3"] = "巴音郭楞蒙古自治州财政局"
    for name, title, unit, rows in _tables():
        sheet = book.create_sheet(name)
        width = max(len(row) for row in rows)
        sheet.cell(row=1, column=1, value=title)
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
        sheet.cell(row=1, column=1).alignment = Alignment(horizontal="center")
        sheet.cell(row=2, column=width, value=unit)
        for r, row in enumerate(rows, start=3):
            for c, text in enumerate(row, start=1):
                if not text:
                    continue
                number = _number(text) if c > 1 and name != "绩效目标" else None
                cell = sheet.cell(row=r, column=c, value=number if number is not None else text)
                if number is not None:
                    cell.number_format = "#,##0"
    book.create_sheet("Sheet5")
    book.save(out)
    return out


def render_xls(out: Path) -> Path:
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    cover = book.add_sheet("封面")
    cover.write(0, 0, "2020年巴州本级社会保险基金预算")
    style = xlwt.easyxf(num_format_str="#,##0")
    for name, title, unit, rows in _tables():
        sheet = book.add_sheet(name)
        width = max(len(row) for row in rows)
        sheet.write_merge(0, 0, 0, width - 1, title)
        sheet.write(1, width - 1, unit)
        for r, row in enumerate(rows, start=2):
            for c, text in enumerate(row):
                if not text:
                    continue
                number = _number(text) if c > 0 and name != "绩效目标" else None
                if number is not None:
                    sheet.write(r, c, number, style)
                else:
                    sheet.write(r, c, text)
    book.add_sheet("Sheet5")
    book.save(str(out))
    return out


def render_docx(out: Path) -> Path:
    import docx

    document = docx.Document()
    document.core_properties.title = "2020年巴州本级社会保险基金预算公开"
    found = parts()
    for index, part in enumerate(found):
        if part.kind == "paragraph":
            document.add_paragraph(part.lines[0])
            continue
        rows = part.rows
        width = max(len(row) for row in rows)
        table = document.add_table(rows=len(rows), cols=width)
        table.style = "Table Grid"
        if is_targets(index, found):
            for r, cells in enumerate(merged_targets(rows)):
                c = 0
                for text, rowspan, colspan in cells:
                    while table.cell(r, c).text or _is_covered(table, r, c):
                        c += 1
                    cell = table.cell(r, c)
                    if rowspan > 1 or colspan > 1:
                        cell = cell.merge(table.cell(r + rowspan - 1, c + colspan - 1))
                    cell.text = text
                    c += colspan
        else:
            for r, row in enumerate(rows):
                for c, text in enumerate(row):
                    table.cell(r, c).text = text
    document.save(str(out))
    return out


def _is_covered(table: object, row: int, column: int) -> bool:
    """Whether (row, column) lies in a merge that started above or to the left."""
    cell = table.cell(row, column)  # type: ignore[attr-defined]
    above = row > 0 and table.cell(row - 1, column)._tc is cell._tc  # type: ignore[attr-defined]
    left = column > 0 and table.cell(row, column - 1)._tc is cell._tc  # type: ignore[attr-defined]
    return bool(above or left)


def render_pdf(html_page: Path, out: Path) -> Path:
    """The page printed to PDF by Chromium (as a user prints it: running header with date and
    title, footer with the address and page number)."""
    with tempfile.TemporaryDirectory(prefix="sibudget-chromium-") as profile:
        subprocess.run(
            ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={profile}", f"--print-to-pdf={out}", html_page.as_uri()],
            check=True, capture_output=True, timeout=120,
        )  # fmt: skip
    return out
