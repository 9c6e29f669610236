"""Rows of an unruled table whose blank cells leave no trace (issue 11): a PDF prints a table
without lines, and a row blank in one column prints its other figures with nothing between
them. Each figure is placed under the column its position on the page puts it in; a row whose
figures cannot be placed so is refused, naming the file, the row and its figures, never read as
if its cells had shifted left. Fixture: the official forms 社预02–08 (tests/python/
official_forms.py, three value columns) printed unruled by Chromium, with rows blank in the
first column."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from official_forms import official_forms
from renderings import render_pdf
from sibudget.containers.pdf import place_under_header
from sibudget.ingest import IngestError, Reference, parse_disclosure
from support import REPO

REFERENCE = Reference.from_seeds(REPO / "seeds")
CellKey = tuple[str, str, str, str]


def unruled_page(text: str, out: Path) -> Path:
    """The forms' text as a page: each tab-separated line a row of a table without lines (the
    label left, the figures right-aligned as publishers print them), every other line a
    paragraph. The summary 社预01 (nine columns, too wide for a page) is left out."""
    lines = text.splitlines()
    first_fund_table = lines.index("附件2：")
    body: list[str] = []
    table: list[str] = []
    for line in [*lines[:2], *lines[first_fund_table:], ""]:
        if "\t" in line:
            cells = line.split("\t")
            tag = "th" if not table else "td"
            table.append(
                "<tr>"
                + "".join(
                    f"<{tag}{' class=n' if index else ''}>{html.escape(cell)}</{tag}>"
                    for index, cell in enumerate(cells)
                )
                + "</tr>"
            )
            continue
        if table:
            body.append('<table cellspacing="0">' + "".join(table) + "</table>")
            table = []
        if line:
            body.append(f"<p>{html.escape(line)}</p>")
    out.write_text(
        "<!DOCTYPE html><html><head><meta charset='utf-8'><style>"
        "td,th{padding:2px 18px;white-space:nowrap} td.n{text-align:right}"
        "</style></head><body>" + "\n".join(body) + "</body></html>\n",
        encoding="utf-8",
    )
    return out


def with_blank_prior_year(text: str, labels: tuple[str, ...]) -> str:
    """The forms with last year's figure (the first value column) blank on the rows of
    `labels`, in every fund table: lines new this year."""
    edited = []
    for line in text.splitlines():
        cells = line.split("\t")
        if len(cells) == 4 and cells[0] in labels:
            cells[1] = ""
            cells[3] = ""
        edited.append("\t".join(cells))
    return "\n".join(edited) + "\n"


def cells(path: Path) -> dict[CellKey, str]:
    """The printed amounts of a document's fund tables: (table, row label, column) -> text."""
    disclosure = parse_disclosure(path, region_code="652800", reference=REFERENCE)
    _, rows = disclosure.files["table_cells.csv"]
    return {
        (row["table_title"], row["row_label"], row["fund_column_label"], row["value_header"]): row[
            "amount_text"
        ]
        for row in rows
        if not row["table_title"].endswith("总表")
    }


BLANK_LAST_YEAR = ("（二）上级补助收入", "（三）下级上解收入", "（二）补助下级支出")


def test_an_unruled_pdf_places_each_figure_under_its_column(tmp_path: Path) -> None:
    forms = with_blank_prior_year(official_forms().text, BLANK_LAST_YEAR)
    text = tmp_path / "forms.txt"
    text.write_text(forms, encoding="utf-8")
    pdf = render_pdf(unruled_page(forms, tmp_path / "forms.html"), tmp_path / "forms.pdf")
    from_text, from_pdf = cells(text), cells(pdf)
    assert len(from_text) == 7 * 17 * 3
    assert from_pdf == from_text
    # the rows blank last year: this year's figure under 本年预算数, not under 上年执行数
    title = "2020年巴州本级企业职工基本养老保险基金预算表"
    assert from_pdf[(title, "（二）上级补助收入", "企业职工基本养老保险基金", "上年执行数")] == ""
    assert from_pdf[(title, "（二）上级补助收入", "企业职工基本养老保险基金", "本年预算数")] == (
        "0.00"
    )


HEADER = [(50.0, 70.0), (150.0, 200.0), (260.0, 310.0), (370.0, 420.0)]
"""项目 | 上年执行数 | 本年预算数 | 比上年增长%: the header cells' horizontal extents (points)."""


@pytest.mark.parametrize(
    ("spans", "placed"),
    [
        # right-aligned figures under centred headers: each under the header it overlaps
        ([(50, 120), (160, 205), (265, 315)], ["label", "a", "b", ""]),
        ([(50, 120), (265, 315)], ["label", "", "a", ""]),
        ([(50, 120), (265, 315), (390, 410)], ["label", "", "a", "b"]),
        ([(50, 120), (385, 415)], ["label", "", "", "a"]),
    ],
)
def test_figures_are_placed_by_the_header_they_stand_under(
    spans: list[tuple[float, float]], placed: list[str]
) -> None:
    texts = ["label", "a", "b"][: len(spans)]
    assert place_under_header(HEADER, texts, spans) == placed


@pytest.mark.parametrize(
    "spans",
    [
        [(50, 120), (160, 205), (180, 230)],  # two figures under one header
        [(50, 120), (600, 650)],  # beyond the last column
    ],
)
def test_figures_no_header_stands_over_are_not_placed(spans: list[tuple[float, float]]) -> None:
    texts = ["label", "a", "b"][: len(spans)]
    assert place_under_header(HEADER, texts, spans) is None


def test_a_row_whose_figures_cannot_be_placed_is_refused(tmp_path: Path) -> None:
    forms = with_blank_prior_year(official_forms().text, BLANK_LAST_YEAR)
    page = unruled_page(forms, tmp_path / "forms.html").read_text(encoding="utf-8")
    # one row's figure pushed far right of every column (a figure the page misprints)
    page = page.replace(
        "<td class=n></td><td class=n>0.00</td><td class=n></td></tr>",
        "<td class=n></td><td class=n></td><td class=n></td>"
        '<td class=n style="padding-left:400px">0.00</td></tr>',
        1,
    )
    (tmp_path / "shifted.html").write_text(page, encoding="utf-8")
    pdf = render_pdf(tmp_path / "shifted.html", tmp_path / "forms.pdf")
    with pytest.raises(IngestError) as refused:
        parse_disclosure(pdf, region_code="652800", reference=REFERENCE)
    message = str(refused.value)
    assert str(pdf) in message
    assert re.search(r"page \d+, line \d+", message)
    assert "（二）上级补助收入" in message
    assert "cannot be placed under the columns" in message
