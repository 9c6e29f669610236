"""The hand-made disclosure files against the source text, and the checks on file format."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from sibudget.cli import main
from sibudget.disclosure_files import (
    DISCLOSURE_FILES,
    DOCUMENT_COLUMNS,
    TABLE_CELLS_COLUMNS,
    check_data_dir,
    check_document_folder,
)
from sibudget.project import Project
from support import DOCUMENT_ID, REPO, SOURCE_TEXT, printed_table_figures, read_csv

FOLDER = REPO / "data" / "disclosures" / DOCUMENT_ID


def test_the_committed_cells_are_the_printed_table_rows() -> None:
    rows, columns = read_csv(FOLDER / "table_cells.csv")
    assert tuple(columns) == TABLE_CELLS_COLUMNS
    printed = {figure.line: figure for figure in printed_table_figures()}
    assert sorted(int(row["source_line"]) for row in rows) == sorted(printed)
    for row in rows:
        figure = printed[int(row["source_line"])]
        assert (row["row_label"], row["amount_text"]) == (figure.label, figure.text)
        assert (row["unit_text"], row["value_header"], row["fiscal_year"], row["phase"]) == (
            "万元",
            "2020年预算数",
            "2020",
            "budget",
        )
        if row["fund_header_label"]:
            header = printed[int(row["fund_header_line"])]
            assert header.label == row["fund_header_label"]
            assert int(row["fund_header_line"]) < figure.line


def test_the_committed_folder_passes_the_checks() -> None:
    assert check_document_folder(FOLDER) == []
    _, columns = read_csv(FOLDER / "document.csv")
    assert tuple(columns) == DOCUMENT_COLUMNS


def copy_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "disclosures" / DOCUMENT_ID
    folder.mkdir(parents=True)
    for name in DISCLOSURE_FILES:
        (folder / name).write_bytes((FOLDER / name).read_bytes())
    return folder


def rewrite(path: Path, old: bytes, new: bytes) -> None:
    path.write_bytes(path.read_bytes().replace(old, new, 1))


@pytest.mark.parametrize(
    ("damage", "expected"),
    [
        (lambda f: (f / "document.csv").unlink(), "document.csv: [file_format] file is missing"),
        (
            lambda f: rewrite(f / "table_cells.csv", b"document_id", b"\xef\xbb\xbfdocument_id"),
            "table_cells.csv:1: [file_format] UTF-8 byte order mark (BOM) found",
        ),
        (
            lambda f: rewrite(f / "table_cells.csv", b"amount_text", b"amount"),
            "table_cells.csv:1: [file_format] header must be document_id,",
        ),
        (
            lambda f: rewrite(f / "table_cells.csv", "万元".encode(), "万元".encode("gb18030")),
            "table_cells.csv:2: [file_format] not UTF-8",
        ),
        (
            lambda f: rewrite(
                f / "table_cells.csv",
                "652800-benji-2020-budget,附件2".encode(),
                "652800-benji-2019-budget,附件2".encode(),
            ),
            "table_cells.csv:34: [file_format] document_id '652800-benji-2019-budget' differs",
        ),
        (
            lambda f: rewrite(f / "document.csv", b",2020,budget,", b",1899,budget,"),
            "document.csv:2: [file_format] region_code, scope, fiscal_year and document_kind "
            "spell '652800-benji-1899-budget', not the document_id '652800-benji-2020-budget'",
        ),
    ],
)
def test_a_damaged_file_is_named_with_its_line_and_rule(
    tmp_path: Path, damage: Callable[[Path], None], expected: str
) -> None:
    folder = copy_folder(tmp_path)
    damage(folder)
    problems = [str(problem) for problem in check_data_dir(folder.parent)]
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"{folder}/{expected}"), problems


def test_an_empty_data_folder_is_refused(tmp_path: Path) -> None:
    assert [str(p) for p in check_data_dir(tmp_path)] == [
        f"{tmp_path}: [file_format] no document folder in the data folder"
    ]


def test_the_unit_test_fixture_is_the_line_catalogue() -> None:
    fixture = REPO / "tests" / "dbt" / "fixtures" / "lines_catalogue.csv"
    assert fixture.read_text(encoding="utf-8") == (REPO / "seeds" / "lines.csv").read_text(
        encoding="utf-8"
    )


@pytest.mark.parametrize(
    ("seed", "damage", "expected"),
    [
        ("funds.csv", lambda raw: b"\xef\xbb\xbf" + raw, ":1: [file_format] UTF-8 byte order mark"),
        ("lines.csv", lambda raw: raw + b"extra_line,only two\n", ": [file_format] expected"),
        (
            "regions.csv",
            lambda raw: raw.replace(b"\n", b"\n\xff", 1),
            ":2: [file_format] not UTF-8",
        ),
    ],
)
def test_a_damaged_seed_stops_the_build_before_dbt_naming_its_line(
    project_copy: Callable[[], Project],
    capsys: pytest.CaptureFixture[str],
    seed: str,
    damage: Callable[[bytes], bytes],
    expected: str,
) -> None:
    project = project_copy()
    path = project.seeds_dir / seed
    path.write_bytes(damage(path.read_bytes()))
    assert main(["--project-dir", str(project.root), "build"]) == 2
    out = capsys.readouterr().out
    assert "Pipeline failure: 1 problem(s) in the seeds or the disclosure files" in out, out
    assert f"  {path}" in out and expected in out, out
    assert not project.staging_warehouse.exists()


def test_a_damaged_seed_stops_check_naming_its_line(
    project_copy: Callable[[], Project], capsys: pytest.CaptureFixture[str]
) -> None:
    project = project_copy()
    path = project.seeds_dir / "funds.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert main(["--project-dir", str(project.root), "check", str(SOURCE_TEXT)]) == 2
    error = capsys.readouterr().err.splitlines()
    assert error[0] == "sibudget check: 1 problem(s) in the seeds; nothing checked.", error
    assert error[1] == f"  {path}:1: [file_format] UTF-8 byte order mark (BOM) found"
