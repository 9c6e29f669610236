"""How publishers word the same table differently. The frame: the unit line (金额单位：元,
（单位：元）, a row that names the compiling office too, the unit in the title or beside each
column's header),
the header of the label column (项目名称, 科目, 收支项目) and the value columns' headers
(2019年度执行数, 上年实际执行数, 年初预算数, 2020年预算数（草案）, 调整后预算数): each variant
of the official forms (tests/python/official_forms.py) must give exactly the cells of the forms
as the fixture prints them; a unit sibudget does not know, or none at all, is refused naming
the line. The lines and funds (基金收入, 本年收入合计, 本年结余, 期末余额, 上年结余, 总计,
城镇企业职工…): each variant, built beside the others, gives exactly the forms' fund-years."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from official_forms import official_forms
from sibudget.build import ExitCode
from sibudget.ingest import IngestError, Reference, parse_disclosure
from sibudget.project import Project
from sibudget.warehouse import query
from support import REPO, build_side_by_side

REFERENCE = Reference.from_seeds(REPO / "seeds")
FORMS = official_forms().text
CellKey = tuple[str, str, str, str, str, str, str]


def cells(tmp_path: Path, text: str) -> dict[CellKey, str]:
    """Every printed cell: (table, row, fund column, year, phase, kind, unit) -> amount."""
    path = tmp_path / "652800-benji-2020-budget.txt"
    path.write_text(text, encoding="utf-8")
    disclosure = parse_disclosure(path, region_code="652800", reference=REFERENCE)
    _, rows = disclosure.files["table_cells.csv"]
    return {
        (
            row["table_title"],
            row["row_label"],
            row["fund_column_label"],
            row["fiscal_year"],
            row["phase"],
            row["value_kind"],
            row["unit_text"],
        ): row["amount_text"]
        for row in rows
    }


def header_row(text: str, old: str, new: str) -> str:
    """The label column's header `old` printed `new`, in the pipe table and the tab rows."""
    return text.replace(f"{old}\t", f"{new}\t").replace(f"| {old} |", f"| {new} |")


def units_beside_headers(text: str) -> str:
    """No unit line: the unit printed beside each amount column's header instead (上年执行数（元）,
    合计（元）), not beside a percentage's."""
    lines = []
    for line in text.splitlines():
        if line == "单位：元":
            continue
        if line.startswith("| 项目 |"):
            names = [cell.strip() for cell in line.strip("|").split("|")]
            line = "| 项目 | " + " | ".join(f"{name}（元）" for name in names[1:]) + " |"
        line = line.replace("上年执行数\t本年预算数", "上年执行数（元）\t本年预算数（元）")
        lines.append(line)
    return "\n".join(lines) + "\n"


def with_position_columns(text: str, *, leading: bool, numbering_row: bool = False) -> str:
    """The fund tables with a column of row numbers: 序号 before the labels (`leading`), or 行次
    after them, as final-account forms print; `numbering_row`: the row under the header that
    numbers the columns (栏次 | — | 1 | 2 | 3)."""
    lines: list[str] = []
    number = 0
    for line in text.splitlines():
        cells = line.split("\t")
        if len(cells) < 2:
            number = 0
            lines.append(line)
            continue
        if cells[0] == "项目":
            cells = ["序号", *cells] if leading else [cells[0], "行次", *cells[1:]]
            lines.append("\t".join(cells))
            if numbering_row:
                lines.append("\t".join(["栏次", "—", *(str(n) for n in range(1, len(cells) - 1))]))
            continue
        number += 1
        cells = [str(number), *cells] if leading else [cells[0], str(number), *cells[1:]]
        lines.append("\t".join(cells))
    return "\n".join(lines) + "\n"


VARIANTS: dict[str, Callable[[str], str]] = {
    "金额单位": lambda text: text.replace("单位：元", "金额单位：元"),
    "单位：元、%": lambda text: text.replace("单位：元", "单位：元、%"),
    "单位：元，%": lambda text: text.replace("单位：元", "单位：元，％"),
    "单位：元 %": lambda text: text.replace("单位：元", "单位：元  %"),
    "单位：人民币元": lambda text: text.replace("单位：元", "单位：人民币元"),
    "unit in brackets": lambda text: text.replace("单位：元", "（单位：元）"),
    "compiling office beside the unit": lambda text: text.replace(
        "单位：元", "编制单位：巴州财政局\t\t单位：元"
    ),
    "compiling office in one line": lambda text: text.replace(
        "单位：元", "编制单位：巴州财政局    金额单位：元"
    ),
    "unit in the title": lambda text: text.replace("表\n单位：元\n", "表（单位：元）\n"),
    "unit beside each header": lambda text: units_beside_headers(text),
    "项目名称": lambda text: header_row(text, "项目", "项目名称"),
    "序号 before the labels": lambda text: with_position_columns(text, leading=True),
    "行次 after the labels": lambda text: with_position_columns(text, leading=False),
    "行次 and a 栏次 row": lambda text: with_position_columns(
        text, leading=False, numbering_row=True
    ),
    "科目": lambda text: header_row(text, "项目", "科目"),
    "收支项目": lambda text: header_row(text, "项目", "收支项目"),
    "2019年度执行数": lambda text: text.replace("上年执行数", "2019年度执行数").replace(
        "本年预算数", "2020年度预算数"
    ),
    "上年实际执行数": lambda text: text.replace("上年执行数", "上年实际执行数"),
    "上年预计数": lambda text: text.replace("上年执行数", "上年预计数"),
    "上年预算执行数": lambda text: text.replace("上年执行数", "上年预算执行数"),
    "2019年预计完成数": lambda text: text.replace("上年执行数", "2019年预计完成数"),
    "2020年预算安排数": lambda text: text.replace("本年预算数", "2020年预算安排数"),
    "年初预算数": lambda text: text.replace("本年预算数", "年初预算数"),
    "预算数（草案）": lambda text: text.replace("本年预算数", "2020年预算数（草案）"),
}


@pytest.fixture(scope="module")
def as_printed(tmp_path_factory: pytest.TempPathFactory) -> dict[CellKey, str]:
    return cells(tmp_path_factory.mktemp("forms"), FORMS)


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_each_wording_gives_the_same_cells(
    variant: str, as_printed: dict[CellKey, str], tmp_path: Path
) -> None:
    text = VARIANTS[variant](FORMS)
    assert text != FORMS
    assert cells(tmp_path, text) == as_printed


def test_the_variant_of_units_beside_the_headers_prints_no_unit_line() -> None:
    text = VARIANTS["unit beside each header"](FORMS)
    assert "| 合计（元） | 企业职工基本养老保险基金（元） |" in text and "单位：" not in text
    assert "项目\t上年执行数（元）\t本年预算数（元）\t比上年增长%" in text


@pytest.mark.parametrize(
    ("edit", "words"),
    [
        (lambda text: text.replace("单位：元", "金额单位：千元", 1), "unknown unit '千元'"),
        (lambda text: text.replace("单位：元", "（单位：千元）", 1), "unknown unit '千元'"),
        (lambda text: text.replace("单位：元", "单位：元、万元", 1), "unknown unit '元、万元'"),
        (
            lambda text: text.replace("单位：元", "编制单位：巴州财政局", 1),
            "no unit line (单位：万元) above",
        ),
        (
            lambda text: text.replace("\n单位：元\n", "\n", 1).replace(
                " | 合计 |", " | 合计（元） |", 1
            ),
            "units beside the headers disagree or are missing",
        ),
        (
            lambda text: text.replace(
                "上年执行数\t本年预算数", "上年执行数（万元）\t本年预算数（万元）", 1
            ),
            "says 元, the headers say otherwise: 上年执行数（万元）: 万元",
        ),
    ],
)
def test_an_unknown_or_missing_unit_is_refused_naming_the_line(
    edit: Callable[[str], str], words: str, tmp_path: Path
) -> None:
    with pytest.raises(IngestError) as refused:
        cells(tmp_path, edit(FORMS))
    message = str(refused.value)
    assert words in message
    assert "652800-benji-2020-budget.txt:" in message


LINE_WORDINGS: dict[str, Callable[[str], str]] = {
    "as printed": lambda text: text,
    "总计": lambda text: text.replace("| 合计 |", "| 总计 |"),
    "社会保险基金合计": lambda text: text.replace("| 合计 |", "| 社会保险基金合计 |"),
    "城镇企业职工": lambda text: text.replace("企业职工基本养老", "城镇企业职工基本养老"),
    "上年结余": lambda text: text.replace("一、期初余额", "一、上年结余"),
    "年初滚存结余": lambda text: text.replace("一、期初余额", "一、年初滚存结余"),
    "收入, 支出": lambda text: text.replace("二、收入合计", "二、收入").replace(
        "三、支出合计", "三、支出"
    ),
    "基金收入, 基金支出": lambda text: text.replace("二、收入合计", "二、基金收入").replace(
        "三、支出合计", "三、基金支出"
    ),
    "本年收入合计": lambda text: text.replace("二、收入合计", "二、本年收入合计"),
    "基本养老保险费收入": lambda text: text.replace("1.保险费收入", "1.基本养老保险费收入"),
    "本年结余": lambda text: text.replace("四、本年收支结余", "四、本年结余"),
    "年末结余": lambda text: text.replace("五、年末滚存结余", "五、年末结余"),
    "期末余额": lambda text: text.replace("五、年末滚存结余", "五、期末余额"),
    "收支预算表": lambda text: text.replace("基金预算表", "基金收支预算表"),
}
COUNTIES = ("652801", "652822", "652823", "652824", "652825", "652826", "652827", "652828",
            "652829", "652901", "652902", "652922", "652924", "652925")  # fmt: skip
"""Real county codes of seeds/regions.csv, one per wording."""
FUND_YEARS = (
    "select region_code, fund_code, fiscal_year, phase_code, opening_balance_wan_yuan, "
    "income_wan_yuan, income_subtotal_wan_yuan, income_premium_wan_yuan, "
    "income_from_higher_level_wan_yuan, expenditure_wan_yuan, expenditure_benefit_wan_yuan, "
    "surplus_printed_wan_yuan, closing_balance_wan_yuan from marts.fct_fund_years order by all"
)


def test_each_wording_of_the_lines_builds_the_same_fund_years(
    project_copy: Callable[[], Project], tmp_path: Path
) -> None:
    project = project_copy()
    wordings = dict(zip(COUNTIES, LINE_WORDINGS, strict=True))
    texts = {county: LINE_WORDINGS[wording](FORMS) for county, wording in wordings.items()}
    assert all(wording == "as printed" or texts[c] != FORMS for c, wording in wordings.items())
    outcome = build_side_by_side(project, texts, tmp_path)
    assert outcome.exit_code == ExitCode.PUBLISHED, "\n".join(outcome.lines)
    by_wording: dict[str, list[tuple[object, ...]]] = {}
    for row in query(project.served_warehouse, FUND_YEARS):
        by_wording.setdefault(wordings[str(row.pop("region_code"))], []).append(tuple(row.values()))
    as_printed = by_wording["as printed"]
    # 7 funds this year and last (each fund's own table), and this year's total (the summary)
    assert len(as_printed) == 15
    assert {wording: rows == as_printed for wording, rows in by_wording.items()} == {
        wording: True for wording in LINE_WORDINGS
    }
