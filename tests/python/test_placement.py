"""A statement's row whose blank cells a rendering moved to its end (无锡's 社预执行07表 as its page
renders it: 4.其他收入 | 122,418.14 | 189,965.82 | 1,094,445.48 | -82.64% | | | |) is placed by
the identity that binds it (收入小计 = the sum of its items), not read shifted left; a row that
several placements fit is refused, named. The figures are 无锡市本级's of 2021's second quarter."""

from __future__ import annotations

from pathlib import Path

import pytest

from sibudget.ingest import IngestError, Reference, parse_disclosure
from support import REPO

REFERENCE = Reference.from_seeds(REPO / "seeds")
HEADER = (
    "项目\t2021年预算数\t2021年调整后预算数\t当期执行数\t累计执行数\t上年同期累计执行数\t"
    "预算执行进度(%)\t比上年同期增长(%)"
)
ROWS = (
    "一、期初余额\t694,417,573.66\t694,417,573.66\t640,657,024.29\t694,417,573.66\t"
    "1,137,004,608.37\t100.00%\t-38.93%",
    "二、收入合计\t733,781,967.72\t733,781,967.72\t206,135,874.33\t378,574,361.33\t"
    "143,987,121.83\t51.59%\t162.92%",
    "(一)收入小计\t733,781,967.72\t733,781,967.72\t206,135,874.33\t378,574,361.33\t"
    "143,987,121.83\t51.59%\t162.92%",
    "1.工伤保险费收入\t709,841,093.00\t709,841,093.00\t201,872,098.53\t365,973,801.79\t"
    "139,512,863.69\t51.56%\t162.32%",
    "2.利息收入\t23,940,874.72\t23,940,874.72\t4,141,357.66\t12,410,593.72\t3,379,812.66\t"
    "51.84%\t267.20%",
    "3.财政补贴收入\t\t\t\t\t\t\t",
    "4.其他收入\t122,418.14\t189,965.82\t1,094,445.48\t-82.64%\t\t\t",
    "(二)上级补助收入\t0.00\t0.00\t0.00\t0.00\t0.00\t\t",
    "(三)下级上解收入\t0.00\t0.00\t0.00\t0.00\t0.00\t\t",
)


def report(header: str = HEADER, rows: tuple[str, ...] = ROWS) -> str:
    return "\n".join(
        (
            "巴州本级2021年2季度社会保险基金预算执行情况",
            "",
            "2021年2季度\t巴州本级工伤保险基金预算执行情况表",
            "社预执行07表",
            "填报单位：巴州本级\t2021年2季度\t单位：元",
            header,
            *rows,
            "",
        )
    )


def cells_of(tmp_path: Path, text: str, label: str) -> dict[str, str]:
    path = tmp_path / "report.txt"
    path.write_text(text, encoding="utf-8")
    _, cells = parse_disclosure(path, reference=REFERENCE).files["table_cells.csv"]
    return {row["value_header"]: row["amount_text"] for row in cells if row["row_label"] == label}


def test_a_row_printed_with_its_blanks_last_is_placed_by_its_parent_s_identity(
    tmp_path: Path,
) -> None:
    assert cells_of(tmp_path, report(), "4.其他收入") == {
        "2021年预算数": "",
        "2021年调整后预算数": "",
        "当期执行数": "122,418.14",
        "累计执行数": "189,965.82",
        "上年同期累计执行数": "1,094,445.48",
        "预算执行进度(%)": "",
        "比上年同期增长(%)": "-82.64%",
    }
    # a row whose trailing blanks are its own (no percentage: no basis) stays as printed
    assert cells_of(tmp_path, report(), "(二)上级补助收入")["上年同期累计执行数"] == "0.00"


def test_a_row_that_several_placements_fit_is_refused_naming_it(tmp_path: Path) -> None:
    # a check column whose basis cannot be told (比率): the percentage could stand under it or
    # under the growth
    text = report(header=HEADER.replace("预算执行进度(%)", "比率(%)"))
    with pytest.raises(IngestError) as raised:
        cells_of(tmp_path, text, "4.其他收入")
    message = str(raised.value)
    assert "report.txt:13" in message
    assert "'4.其他收入'" in message
    assert "2 placements" in message


def test_a_row_that_no_placement_fits_stays_as_printed(tmp_path: Path) -> None:
    # 100 元 more than the items leave: no placement fits; read as printed, and the parts rule
    # reports 收入小计 (a build's finding, not a refusal)
    rows = tuple(
        row.replace("122,418.14", "122,518.14") if row.startswith("4.") else row for row in ROWS
    )
    assert cells_of(tmp_path, report(rows=rows), "4.其他收入")["2021年预算数"] == "122,518.14"
