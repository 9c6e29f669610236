"""How a narrative (说明) words the same figures: 收入预算为…, 本年收入为…, 基金收入共计…,
年末滚存结余达到…, 收支结余… without 本年. The real document's paragraph on
企业职工基本养老保险基金 reworded each way, each copy built beside the others: every figure it
states is read on the same line of the catalogue as the paragraph as printed, and agrees with
the table (rule narrative_matches_table). Before seed narrative_connectives, the words between a
line's name and its amount (为, 预算为, 共计, 达到) left the figure on no line: stated and never
checked."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sibudget.build import ExitCode
from sibudget.check import check_document
from sibudget.ingest import Reference, parse_disclosure
from sibudget.project import Project
from sibudget.warehouse import query
from support import REPO, SOURCE_TEXT, build_side_by_side

REFERENCE = Reference.from_seeds(REPO / "seeds")
PARAGRAPH = (
    "本年收入 280,645 万元，其中：基本养老保险费收入 270,711 万元，财政补贴收入 0 万元。"
    "本年支出 277,382 万元，其中，基本养老金支出 254,852 万元。本年收支结余 3,263 万元。"
    "年末滚存结余 304,254 万元，其中：个人账户滚存结余 107650 万元。"
)
WORDINGS: dict[str, str] = {
    "as printed": PARAGRAPH,
    "预算为": (
        "收入预算为280,645万元，其中：基本养老保险费收入预算为270,711万元，财政补贴收入0万元。"
        "支出预算为277,382万元，其中：基本养老金支出254,852万元。本年收支结余3,263万元，"
        "年末滚存结余304,254万元，其中：个人账户滚存结余107650万元。"
    ),
    "为": (
        "本年收入为280,645万元，其中：基本养老保险费收入为270,711万元，财政补贴收入为0万元。"
        "本年支出为277,382万元，其中：基本养老金支出为254,852万元。本年收支结余为3,263万元，"
        "年末滚存结余为304,254万元，其中：个人账户滚存结余为107650万元。"
    ),
    "共计, 达到": (
        "基金收入共计280,645万元，其中：基本养老保险费收入270,711万元，财政补贴收入0万元。"
        "基金支出共计277,382万元，其中：基本养老金支出254,852万元。收支结余3,263万元，"
        "年末滚存结余达到304,254万元，其中：个人账户滚存结余107650万元。"
    ),
}
COUNTIES = ("652801", "652822", "652823", "652824")
"""Real county codes of seeds/regions.csv, one per wording."""


def test_each_wording_states_the_same_figures_on_the_same_lines(
    project_copy: Callable[[], Project], tmp_path: Path
) -> None:
    project = project_copy()
    text = SOURCE_TEXT.read_text(encoding="utf-8")
    assert PARAGRAPH in text
    wordings = dict(zip(COUNTIES, WORDINGS, strict=True))
    outcome = build_side_by_side(
        project,
        {
            county: text.replace(PARAGRAPH, WORDINGS[wording])
            for county, wording in wordings.items()
        },
        tmp_path,
    )
    assert outcome.exit_code == ExitCode.PUBLISHED, "\n".join(outcome.lines)
    stated: dict[str, list[tuple[object, ...]]] = {}
    for row in query(
        project.served_warehouse,
        "select figures.region_code, figures.line_code, figures.amount_wan_yuan, "
        "findings.status from marts.fct_narrative_figures as figures "
        "left join marts.fct_quality_findings as findings "
        "on findings.rule_id = 'narrative_matches_table' "
        "and findings.document_id = figures.document_id "
        "and findings.fund_code = figures.fund_code "
        "and findings.line_code = figures.line_code "
        "and findings.source_lines = cast(figures.source_line as varchar) "
        "where figures.fund_code = 'pension_enterprise' and figures.figure_kind = 'amount' "
        "order by all",
    ):
        stated.setdefault(wordings[str(row.pop("region_code"))], []).append(tuple(row.values()))
    as_printed = stated["as printed"]
    assert [line for line, _, _ in as_printed] == [
        "closing_balance",
        "expenditure_benefit",
        "expenditure_total",
        "income_premium",
        "income_subsidy",
        "income_total",
        "individual_account_balance",
        "surplus",
    ]
    # every figure with a table line agrees with it (the individual account has none)
    assert {status for line, _, status in as_printed if line != "individual_account_balance"} == {
        "passed"
    }
    assert stated == {wording: as_printed for wording in WORDINGS}


CENTRAL = REPO / "tests" / "fixtures" / "central" / "central-2018-final-account.txt"


def test_a_phase_s_words_before_a_connective_still_name_the_phase(tmp_path: Path) -> None:
    """In a final account, 收入预算数为676.34亿元 is the budget (not the final account), as
    收入预算数676.34亿元 is: the connective does not hide the phase's words."""

    def stated(text: str) -> list[tuple[str, str, str, str]]:
        source = tmp_path / CENTRAL.name
        source.write_text(text, encoding="utf-8")
        _, rows = parse_disclosure(
            source, region_code="000000", scope="benji", reference=REFERENCE
        ).files["narrative_figures.csv"]
        return [
            (row["figure_label"], row["fiscal_year"], row["phase"], row["amount_text"])
            for row in rows
        ]

    printed = CENTRAL.read_text(encoding="utf-8")
    reworded = printed.replace("预算数", "预算数为").replace("决算数", "决算数为")
    assert reworded.count("预算数为") >= 3
    as_printed = stated(printed)
    assert ("中央社会保险基金收入", "2018", "budget", "676.34") in as_printed
    assert ("中央社会保险基金收入", "2018", "final_account", "589.67") in as_printed
    assert stated(reworded) == as_printed


def test_a_figure_on_no_line_is_reported_with_its_line(
    project_copy: Callable[[], Project], tmp_path: Path
) -> None:
    source = tmp_path / SOURCE_TEXT.name
    text = SOURCE_TEXT.read_text(encoding="utf-8")
    source.write_text(
        text.replace(PARAGRAPH, PARAGRAPH.replace("本年收入 280,645", "本年筹集 280,645")),
        encoding="utf-8",
    )
    checked = check_document(project_copy(), source, region_code="652800")
    assert checked.exit_code == ExitCode.PUBLISHED  # information: publication is not blocked
    assert (
        "line 101: narrative_figure_on_a_line (info, failed): 652800 benji 2020 budget, fund "
        "pension_enterprise, narrative table: 280,645 万元 stated in prose on no line of the "
        "catalogue (or of no fund): not compared with the tables"
    ) in checked.output
    passed = [
        row
        for row in checked.all_results
        if row["rule_id"] == "narrative_figure_on_a_line" and row["status"] == "passed"
    ]
    assert len(passed) == 51  # the real narrative's 52 amounts, all on their lines, but this
