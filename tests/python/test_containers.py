"""What publishers put online: the real 2020 document rendered into an HTML page (UTF-8 and
GB2312), an .xlsx and an .xls workbook, a .docx document and a PDF printed by Chromium
(tests/python/renderings.py) gives the same printed figures, the same marts and the same findings
as its text (provenance aside), each figure naming its place in the container; and every file
that is not a container sibudget reads is refused with one message, exit 2, nothing written."""

from __future__ import annotations

import csv
import io
import json
import shutil
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import BuiltWarehouse, copy_compiled_sql
from renderings import (
    render_docx,
    render_html,
    render_pdf,
    render_xls,
    render_xlsx,
)
from sibudget.build import ExitCode
from sibudget.check import check_document
from sibudget.cli import main
from sibudget.ingest import ContainerError, Reference, parse_disclosure, render_files
from sibudget.project import Project
from sibudget.warehouse import query
from support import LOCK_WAIT, REPO, SOURCE_TEXT, build_quietly

REFERENCE = Reference.from_seeds(REPO / "seeds")
RENDERINGS: dict[str, Callable[[Path], Path]] = {
    "html": lambda folder: render_html(folder / "page.html"),
    "html-gb2312": lambda folder: render_html(folder / "page-gb.html", encoding="gb2312"),
    "xlsx": lambda folder: render_xlsx(folder / "book.xlsx"),
    "xls": lambda folder: render_xls(folder / "book.xls"),
    "docx": lambda folder: render_docx(folder / "document.docx"),
    "pdf": lambda folder: render_pdf(render_html(folder / "print.html"), folder / "document.pdf"),
    "pdf-unruled": lambda folder: render_pdf(
        render_html(folder / "unruled.html", ruled=False), folder / "unruled.pdf"
    ),
}
# Real county codes of 巴州 from the regions seed, one per rendering.
REGIONS = {"html": "652822", "html-gb2312": "652823", "xlsx": "652824", "xls": "652825",
           "docx": "652826", "pdf": "652827", "pdf-unruled": "652828"}  # fmt: skip
WORKBOOKS = ("xlsx", "xls")
FIRST_AMOUNT_PLACE = {
    "html": "table 1, row 2",
    "html-gb2312": "table 1, row 2",
    "xlsx": "附件1!B4",
    "xls": "附件1!B4",
    "docx": "table 1, row 2",
    "pdf": "page 1, table 1, row 2",
    "pdf-unruled": "page 1, line 8",
}


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("renderings")
    return {kind: make(folder) for kind, make in RENDERINGS.items()}


def figures(files: dict[str, str], name: str) -> list[tuple[str, ...]]:
    """The rows of one file in order, without their provenance (line, place) and with amounts as
    numbers (a workbook stores 630490 where the text prints 630,490)."""
    rows = list(csv.DictReader(io.StringIO(files[name])))
    out = []
    for row in rows:
        kept = {
            k: v
            for k, v in row.items()
            if k not in ("source_line", "source_place", "fund_header_line")
        }
        if kept.get("amount_text"):
            kept["amount_text"] = str(Decimal(kept["amount_text"].replace(",", "")))
        out.append(tuple(kept.values()))
    return out


@pytest.mark.parametrize("kind", sorted(RENDERINGS))
def test_each_container_gives_the_text_s_figures_with_their_places(
    rendered: dict[str, Path], kind: str
) -> None:
    text = render_files(parse_disclosure(SOURCE_TEXT, region_code="652800", reference=REFERENCE))
    disclosure = parse_disclosure(rendered[kind], region_code="652800", reference=REFERENCE)
    files = render_files(disclosure)
    assert figures(files, "table_cells.csv") == figures(text, "table_cells.csv")
    assert len(figures(files, "table_cells.csv")) == 64
    if kind in WORKBOOKS:  # a workbook holds tables, no narrative: the targets' figures alone
        stated = figures(text, "narrative_figures.csv")
        assert figures(files, "narrative_figures.csv") == [
            row for row in stated if row[1] == "performance_table"
        ]
    else:
        assert figures(files, "narrative_figures.csv") == figures(text, "narrative_figures.csv")
    # the performance targets too: a workbook's sheet of targets is no cover (it was skipped)
    assert figures(files, "performance_targets.csv") == figures(text, "performance_targets.csv")
    cells = list(csv.DictReader(io.StringIO(files["table_cells.csv"])))
    assert cells[0]["row_label"] == "巴州本级社会保险基金收入合计"
    assert cells[0]["source_place"] == FIRST_AMOUNT_PLACE[kind]
    # a text's place is its line: its place column stays empty
    text_cells = csv.DictReader(io.StringIO(text["table_cells.csv"]))
    assert {row["source_place"] for row in text_cells} == {""}


def test_a_page_states_its_title_date_and_publisher(rendered: dict[str, Path]) -> None:
    for kind in ("html", "html-gb2312"):
        files = render_files(
            parse_disclosure(rendered[kind], region_code="652800", reference=REFERENCE)
        )
        [document] = list(csv.DictReader(io.StringIO(files["document.csv"])))
        assert document["title"] == "2020年巴州本级社会保险基金预算公开"
        assert document["published_on"] == "2020-01-23"
        assert document["publisher"] == "巴音郭楞蒙古自治州财政局"
    # a workbook states none of them: the title comes from its tables, the rest stays empty
    files = render_files(
        parse_disclosure(rendered["xlsx"], region_code="652800", reference=REFERENCE)
    )
    [document] = list(csv.DictReader(io.StringIO(files["document.csv"])))
    assert (document["title"], document["publisher"], document["published_on"]) == (
        "2020年巴州本级社会保险基金预算", "", "",
    )  # fmt: skip


@pytest.fixture(scope="module")
def containers_built(
    rendered: dict[str, Path], tmp_path_factory: pytest.TempPathFactory, built: BuiltWarehouse
) -> Path:
    """One warehouse holding the real document as text (652800) and as each rendering (one
    region code each): built (on the session build's compiled SQL), gated and published once."""
    from support import copy_project

    project = copy_compiled_sql(
        built, copy_project(tmp_path_factory.mktemp("containers") / "project")
    )
    for kind, path in rendered.items():
        code = REGIONS[kind]
        assert (
            main(["--project-dir", str(project.root), "ingest", str(path), "--region", code]) == 0
        )
    outcome = build_quietly(project, validate=True)
    assert outcome.exit_code == ExitCode.PUBLISHED, "\n".join(outcome.lines)
    return project.served_warehouse


FUND_YEARS = (
    "select * exclude (region_code, document_id, build_id) from marts.fct_fund_years "
    "where region_code = ? order by all"
)
FINDINGS = (
    "select rule_id, status, severity, fund_code, line_code, table_code, expected_wan_yuan, "
    "actual_wan_yuan, difference_wan_yuan, tolerance_wan_yuan from marts.fct_quality_findings "
    "where region_code = ? and rule_id not like 'narrative%' order by all"
)


@pytest.mark.parametrize("kind", sorted(RENDERINGS))
def test_each_container_builds_the_same_marts_and_findings(
    containers_built: Path, kind: str
) -> None:
    code = REGIONS[kind]
    assert query(containers_built, FUND_YEARS, [code]) == query(
        containers_built, FUND_YEARS, ["652800"]
    )
    findings = query(containers_built, FINDINGS, [code])
    text_findings = query(containers_built, FINDINGS, ["652800"])
    if kind in WORKBOOKS:
        # A workbook has no narrative, so not the individual-account balances only the prose
        # states: their own checks and those of the closing balances they are parts of go.
        missing = [finding for finding in text_findings if finding not in findings]
        assert sorted((f["rule_id"], f["fund_code"]) for f in missing) == sorted(
            (rule, fund)
            for rule in ("balance_non_negative", "part_within_total", "parts_sum_within_total")
            for fund in ("medical_employee", "pension_enterprise")
        )
        assert [finding for finding in findings if finding not in text_findings] == []
    else:
        assert findings == text_findings
    narrative = (
        "select rule_id, status, severity, fund_code, line_code, expected_wan_yuan, "
        "actual_wan_yuan from marts.fct_quality_findings where region_code = ? "
        "and rule_id like 'narrative%' order by all"
    )
    if kind in WORKBOOKS:
        # no prose; the performance targets' sheet states the year's expenditure (年度资金总额,
        # of which 社会保险基金), checked against the table as the text's are
        found = query(containers_built, narrative, [code])
        assert found == [
            {"rule_id": "narrative_matches_table", "status": "passed", "severity": "none",
             "fund_code": "total", "line_code": "expenditure_total",
             "expected_wan_yuan": Decimal("603611"), "actual_wan_yuan": Decimal("603611")},
            {"rule_id": "narrative_present", "status": "failed", "severity": "info",
             "fund_code": "total", "line_code": None, "expected_wan_yuan": None,
             "actual_wan_yuan": None},
            {"rule_id": "narrative_unit_matches_table", "status": "passed", "severity": "none",
             "fund_code": "total", "line_code": "expenditure_total",
             "expected_wan_yuan": Decimal("603611"), "actual_wan_yuan": Decimal("603611")},
        ], found  # fmt: skip
    else:
        assert query(containers_built, narrative, [code]) == query(
            containers_built, narrative, ["652800"]
        )


def test_places_reach_the_facts_and_the_findings(containers_built: Path) -> None:
    [cell] = query(
        containers_built,
        "select source_line, source_place, amount_wan_yuan from marts.fct_fund_lines "
        "where region_code = ? and fund_code = 'pension_enterprise' and line_code = 'income_total'",
        [REGIONS["xlsx"]],
    )
    assert (cell["source_place"], cell["amount_wan_yuan"]) == ("附件1!B8", Decimal("280645"))
    [text_cell] = query(
        containers_built,
        "select source_place from marts.fct_fund_lines where region_code = '652800' "
        "and fund_code = 'pension_enterprise' and line_code = 'income_total'",
    )
    assert text_cell["source_place"] == "line 14"
    [surplus] = query(
        containers_built,
        "select source_lines, source_places from marts.fct_quality_findings "
        "where region_code = ? and rule_id = 'surplus_identity' and fund_code = 'total'",
        [REGIONS["xlsx"]],
    )
    assert surplus["source_places"] == "附件1!B4, 附件2!B4, 附件3!B4"
    [text_surplus] = query(
        containers_built,
        "select source_lines, source_places from marts.fct_quality_findings "
        "where region_code = '652800' and rule_id = 'surplus_identity' and fund_code = 'total'",
    )
    assert text_surplus == {"source_lines": "10, 50, 74", "source_places": None}


def test_check_reads_a_workbook_and_a_pdf_as_it_reads_the_text(
    rendered: dict[str, Path], project_copy: Callable[[], Project]
) -> None:
    project = project_copy()

    def shown(path: Path) -> tuple[list[tuple[str, str, str]], str]:
        checked = check_document(project, path, region_code="652800")
        assert checked.exit_code == ExitCode.PUBLISHED
        results = sorted(
            (row["rule_id"], row["status"], row["fund_code"])
            for row in json.loads(checked.render("json"))
            if not row["rule_id"].startswith("narrative")
        )
        return results, checked.output

    text, _ = shown(SOURCE_TEXT)
    assert text  # the two rounding differences
    pdf, _ = shown(rendered["pdf"])
    assert pdf == text
    workbook, printed = shown(rendered["xlsx"])
    assert workbook == text
    assert "document: narrative_present (info, failed)" in printed
    assert "at 附件1!B4, 附件2!B4, 附件3!B4" in printed


# Bad input: one message naming the file, the container detected and what to do; exit 2;
# nothing written.

MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"xref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000052 00000 n \n"
    b"0000000101 00000 n \ntrailer<</Size 4/Root 1 0 R>>\nstartxref\n170\n%%EOF\n"
)


def _formula_workbook(path: Path) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "附件1"
    sheet["A1"] = "2020年巴州本级社会保险基金预算收入表"
    sheet["B2"] = "单位：万元"
    sheet["A3"], sheet["B3"] = "项目", "2020年预算数"
    sheet["A4"], sheet["B4"] = "巴州本级社会保险基金收入合计", "=SUM(B5:B6)"
    book.save(path)
    return path


def _encrypted_pdf(rendered: dict[str, Path], path: Path) -> Path:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(rendered["pdf"]))
    writer.encrypt("secret", algorithm="AES-128")
    with path.open("wb") as handle:
        writer.write(handle)
    return path


BAD_INPUTS: dict[str, tuple[Callable[[dict[str, Path], Path], Path], str]] = {
    "an image": (
        lambda r, d: _write(d / "scan.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64),
        "(binary): not a disclosure container that sibudget reads",
    ),
    "a Word 97-2003 document": (
        lambda r, d: _write(
            d / "old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "WordDocument".encode("utf-16-le")
        ),
        "(doc): Word 97-2003 (.doc) files are not read: convert it to .docx",
    ),
    "a password-protected workbook": (
        lambda r, d: _write(
            d / "locked.xlsx",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptedPackage".encode("utf-16-le"),
        ),
        "(encrypted): the file is password-protected",
    ),
    "an encrypted PDF": (
        lambda r, d: _encrypted_pdf(r, d / "locked.pdf"),
        "(pdf): the PDF is encrypted",
    ),
    "a damaged workbook": (
        lambda r, d: _write(d / "cut.xlsx", r["xlsx"].read_bytes()[:3000]),
        "(damaged): the file is damaged",
    ),
    "a workbook with formulas but no stored values": (
        lambda r, d: _formula_workbook(d / "formulas.xlsx"),
        "(xlsx): 附件1!B4 holds a formula (=SUM(B5:B6)) whose value the workbook does not store",
    ),
    "a PDF without text": (
        lambda r, d: _write(d / "scan.pdf", MINIMAL_PDF),
        "(pdf): the PDF has no text layer (a scan?)",
    ),
    "a UTF-8 text with a byte that is not UTF-8": (
        lambda r, d: _bad_byte_on_line(d / "damaged.txt", 20),
        "(text): line 20: byte 0xff is not UTF-8, in a text that is UTF-8 before it: "
        "correct that line or save the text as UTF-8 again",
    ),
    "a Big5 text": (
        lambda r, d: _write(d / "big5.txt", BIG5_TEXT.encode("big5")),
        "(text): the text is Big5 (traditional Chinese), not UTF-8 or GB18030: "
        "save it as UTF-8 in simplified Chinese",
    ),
    "a file whose extension lies": (
        lambda r, d: _write(d / "budget.xlsx", r["pdf"].read_bytes()),
        "(pdf): the file is named .xlsx but its content is a PDF document",
    ),
}


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _bad_byte_on_line(path: Path, line: int) -> Path:
    """The real document in UTF-8 with one byte that is not UTF-8 (0xFF) at the start of
    `line`: GB18030 would read the whole text (as nonsense), so the error is UTF-8's, there."""
    lines = SOURCE_TEXT.read_bytes().split(b"\n")
    lines[line - 1] = b"\xff" + lines[line - 1]
    return _write(path, b"\n".join(lines))


BIG5_TEXT = (
    "關於2012年全國社會保險基金決算的說明\n\n"
    "2012年，全國社會保險基金總收入31411億元，比上年增長22%；總支出23931億元，比上年增長27%；"
    "本年收支結餘7480億元，年末滾存結餘37540億元。\n"
)
"""The opening of a national 说明 as a traditional-Chinese (Big5) page might reprint it."""


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_a_file_sibudget_cannot_read_is_refused_and_nothing_written(
    rendered: dict[str, Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    name: str,
) -> None:
    make, message = BAD_INPUTS[name]
    path = make(rendered, tmp_path)
    data_dir = tmp_path / "data" / "disclosures"
    exit_code = main(
        ["ingest", str(path), "--region", "652800", "--data-dir", str(data_dir), *LOCK_WAIT]
    )
    printed = capsys.readouterr().err
    assert exit_code == 2
    assert f"{path} {message}" in printed, printed
    assert printed.count("\n") == 1  # one line, no traceback
    assert not (tmp_path / "data").exists()
    with pytest.raises(ContainerError):
        parse_disclosure(path, region_code="652800", reference=REFERENCE)


def test_a_file_named_txt_that_is_a_page_is_read_as_the_page(
    rendered: dict[str, Path], tmp_path: Path
) -> None:
    """A saved page often keeps a .txt or no extension: its content decides."""
    page = Path(shutil.copy2(rendered["html"], tmp_path / "page.txt"))
    assert parse_disclosure(page, region_code="652800", reference=REFERENCE).files


def test_a_pipe_table_in_text_is_read_as_table_rows(tmp_path: Path) -> None:
    """A text that prints its tables between pipes (Markdown, many renderings) gives the same
    cells as a tab-separated one; the rule under the header is no row; the empty cell stays
    blank; prose with a pipe inside it stays prose."""
    lines = SOURCE_TEXT.read_text(encoding="utf-8").split("\n")
    piped = []
    for line in lines:
        if "\t" in line:
            cells = line.split("\t")
            piped.append("| " + " | ".join(cells) + " |")
            if cells[0].replace(" ", "") == "项目":
                piped.append("|" + "---|" * len(cells))
        else:
            piped.append(line)
    assert sum(line.startswith("| ") for line in piped) > 60
    source = tmp_path / "piped.txt"
    source.write_text("\n".join(piped), encoding="utf-8")
    reference = Reference.from_seeds(REPO / "seeds")
    piped_cells = parse_disclosure(source, reference=reference).files["table_cells.csv"][1]
    tabbed_cells = parse_disclosure(SOURCE_TEXT, reference=reference).files["table_cells.csv"][1]

    def key(row: dict[str, str]) -> tuple[str, ...]:
        return (row["row_label"], row["fund_header_label"], row["value_header"], row["amount_text"])

    assert [key(row) for row in piped_cells] == [key(row) for row in tabbed_cells]
    assert len(piped_cells) == 64
