"""A disclosure published as several files: the page holds the 说明, each attachment a table, as
most publishers put them online (or one page per fund, as 无锡 publishes its execution reports).
`sibudget ingest --together` reads the files, in the order given, as one document: the same
rows as the disclosure in one file, each figure placed in its own file."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path

import pytest

from sibudget.cli import main
from sibudget.ingest import Reference, parse_disclosure
from sibudget.project import Project
from support import DOCUMENT_ID, LOCK_WAIT, REPO, SOURCE_TEXT

REFERENCE = Reference.from_seeds(REPO / "seeds")
KEPT = {
    "table_cells.csv": (
        "table_code",
        "row_label",
        "fund_header_label",
        "value_header",
        "amount_text",
    ),
    "narrative_figures.csv": ("section_label", "figure_label", "amount_text", "phase"),
    "performance_targets.csv": ("level_3_indicator", "target_text"),
}


def published_apart(folder: Path) -> list[Path]:
    """The real 2020 budget as published in four files: the page (附件4: the 说明 and the
    performance targets) and its three tables (附件1–3), the page given first."""
    lines = SOURCE_TEXT.read_text(encoding="utf-8").split("\n")
    starts = [index for index, line in enumerate(lines) if line.replace(" ", "").startswith("附件")]
    assert len(starts) == 4
    bounds = [*starts, len(lines)]
    files = []
    for number, (start, stop) in enumerate(itertools.pairwise(bounds), start=1):
        path = folder / f"附件{number}.txt"
        path.write_text("\n".join(lines[start:stop]) + "\n", encoding="utf-8")
        files.append(path)
    return [files[3], *files[:3]]


def kept(rows: list[dict[str, str]], columns: tuple[str, ...]) -> list[tuple[str, ...]]:
    """The rows' `columns`, an amount as its digits (a workbook stores 304254, a page prints
    304,254)."""
    return sorted(
        tuple(row[c].replace(",", "") if c == "amount_text" else row[c] for c in columns)
        for row in rows
    )


def test_the_files_of_one_disclosure_read_together_give_its_rows(tmp_path: Path) -> None:
    whole = parse_disclosure(SOURCE_TEXT, region_code="652800", scope="benji", reference=REFERENCE)
    files = published_apart(tmp_path)
    together = parse_disclosure(files, region_code="652800", scope="benji", reference=REFERENCE)
    assert together.document_id == whole.document_id == DOCUMENT_ID
    for name, columns in KEPT.items():
        assert kept(together.files[name][1], columns) == kept(whole.files[name][1], columns), name
    # each figure is placed in its own file: 附件1.txt's line 5 is its first table row
    cells = together.files["table_cells.csv"][1]
    first = next(row for row in cells if row["table_code"] == "income")
    assert first["source_place"].startswith("附件1.txt: line "), first
    [document] = together.files["document.csv"][1]
    assert document["source_file_name"] == "附件4.txt + 附件1.txt + 附件2.txt + 附件3.txt"


def test_a_bad_row_in_an_attachment_is_named_by_its_file_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = published_apart(tmp_path)
    expenditure = files[2]
    text = expenditure.read_text(encoding="utf-8").split("\n")
    header = next(i for i, line in enumerate(text) if line.replace(" ", "").startswith("项目"))
    text[header] = "\t".join(cell for cell in text[header].split("\t")[:1])  # the header lost
    expenditure.write_text("\n".join(text), encoding="utf-8")
    data_dir = tmp_path / "data"
    arguments = ["ingest", "--together", *map(str, files), "--region", "652800"]
    assert main([*arguments, "--scope", "benji", "--data-dir", str(data_dir), *LOCK_WAIT]) == 2
    error = capsys.readouterr().err.strip()
    assert error.startswith(f"sibudget ingest: {expenditure}:{header + 1}: expected the header"), (
        error
    )
    assert not data_dir.exists()


def test_without_together_each_file_is_a_disclosure_of_its_own(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The files given apart: the attachment of one table is refused for its missing tables,
    named, and nothing is written for it."""
    files = published_apart(tmp_path)
    data_dir = tmp_path / "data"
    arguments = ["ingest", str(files[1]), "--region", "652800", "--scope", "benji"]
    assert main([*arguments, "--data-dir", str(data_dir), *LOCK_WAIT]) == 2
    assert "missing attachment" in capsys.readouterr().err


def test_a_page_and_its_workbook_read_together_give_the_disclosure_s_rows(tmp_path: Path) -> None:
    """The 说明 and the performance targets as a page of text, and the tables in one workbook
    (renderings.render_xlsx: a cover sheet, a sheet per table): the rows of the disclosure in one
    file, the tables' figures placed at their cells in the workbook."""
    from renderings import render_xlsx

    whole = parse_disclosure(SOURCE_TEXT, region_code="652800", scope="benji", reference=REFERENCE)
    page = published_apart(tmp_path)[0]
    workbook = render_xlsx(tmp_path / "附件.xlsx")
    together = parse_disclosure(
        [page, workbook], region_code="652800", scope="benji", reference=REFERENCE
    )
    for name, columns in KEPT.items():
        assert kept(together.files[name][1], columns) == kept(whole.files[name][1], columns), name
    places = {row["source_place"] for row in together.files["table_cells.csv"][1]}
    assert "附件.xlsx: 附件1!B4" in places, sorted(places)[:5]


def test_check_of_the_files_together_names_each_finding_s_file_and_line(
    project_copy: Callable[[], Project], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`sibudget check` of the four files: the findings of the document in one file (the real
    document's: test_ingest), each at its own file's line (line 10 of the whole is 附件1.txt's
    line 8; line 119, in the 说明, 附件4.txt's line 29)."""
    project = project_copy()
    files = published_apart(tmp_path)
    arguments = ["--project-dir", str(project.root), "check", *map(str, files)]
    assert main([*arguments, "--region", "652800", "--scope", "benji"]) == 0
    printed = capsys.readouterr().out
    assert printed.startswith(f"{' + '.join(map(str, files))} ({DOCUMENT_ID}): "), printed
    assert "附件1.txt: line 8: surplus_identity (info, within_tolerance)" in printed
    assert "附件4.txt: line 29: narrative_unit_matches_table (warning, failed)" in printed
    assert printed.rstrip().endswith("No rule of severity error failed.")
