"""`sibudget ingest` and `sibudget check` on the real document and on variants of its text made
by these fixtures: other units, a prior-year column, reordered fund blocks, full-width digits,
GB18030, a missing attachment, a garbled row."""

from __future__ import annotations

import csv
import io
import json
import shutil
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import BuiltWarehouse
from sibudget.build import ExitCode
from sibudget.check import check_document
from sibudget.cli import main
from sibudget.disclosure_files import DISCLOSURE_FILES
from sibudget.ingest import IngestError, Reference, parse_disclosure, write_disclosure
from sibudget.project import Project
from sibudget.warehouse import query
from support import (
    DOCUMENT_ID,
    LOCK_WAIT,
    REPO,
    SHARED_SOURCE_TEXT,
    SOURCE_TEXT,
    build_quietly,
    moved_down,
)

ProjectCopy = Callable[[], Project]
REFERENCE = Reference.from_seeds(REPO / "seeds")
COMMITTED = REPO / "data" / "disclosures" / DOCUMENT_ID
TABLE_ROWS = [*range(10, 42), *range(50, 66), *range(74, 90)]  # attachments 1 to 3
UNIT_LINES = (7, 47, 71)
HEADER_LINES = (9, 49, 73)
FULL_WIDTH = str.maketrans("0123456789,-", "０１２３４５６７８９，－")


def real_lines() -> list[str]:
    return SOURCE_TEXT.read_text(encoding="utf-8").split("\n")


def write_text(tmp_path: Path, lines: list[str], name: str = f"{DOCUMENT_ID}.txt") -> Path:
    path = tmp_path / "sources" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def amount(text: str) -> Decimal | None:
    return Decimal(text.replace(",", "")) if text.strip() else None


def with_amounts(lines: list[str], unit: str, render: Callable[[Decimal], str]) -> list[str]:
    """The text with every table amount re-printed by `render` and the unit lines set to `unit`."""
    changed = list(lines)
    for number in UNIT_LINES:
        changed[number - 1] = f"单位: {unit}"
    for number in TABLE_ROWS:
        label, text = changed[number - 1].split("\t")
        value = amount(text)
        changed[number - 1] = f"{label}\t{'' if value is None else render(value)}"
    return changed


def ingest(path: Path, data_dir: Path, **options: bool) -> None:
    disclosure = parse_disclosure(path, region_code="652800", scope="benji", reference=REFERENCE)
    write_disclosure(disclosure, data_dir, **options)


def build_from(project: Project, source: Path) -> Path:
    shutil.rmtree(project.data_dir)
    ingest(source, project.data_dir)
    outcome = build_quietly(project)
    assert outcome.exit_code in (ExitCode.PUBLISHED, ExitCode.GATE_FAILED), outcome.lines
    return project.staging_warehouse if outcome.published_to is None else project.served_warehouse


FUND_YEARS = (
    "select fund_code, income_wan_yuan, income_premium_wan_yuan, income_interest_wan_yuan, "
    "income_subsidy_wan_yuan, expenditure_wan_yuan, expenditure_benefit_wan_yuan, "
    "surplus_printed_wan_yuan, closing_balance_wan_yuan, months_of_payment "
    "from marts.fct_fund_years where fiscal_year = 2020 and phase_code = 'budget' "
    "order by fund_code"
)
STATUSES = (
    "select rule_id, fund_code, line_code, table_code, status, severity, difference_wan_yuan, "
    "tolerance_wan_yuan from marts.fct_quality_findings order by all"
)


def test_ingest_reproduces_the_committed_files(tmp_path: Path) -> None:
    sources = [SOURCE_TEXT] + ([SHARED_SOURCE_TEXT] if SHARED_SOURCE_TEXT.is_file() else [])
    for number, source in enumerate(sources):
        data_dir = tmp_path / str(number)
        ingest(source, data_dir)
        for name in DISCLOSURE_FILES:
            written = (data_dir / DOCUMENT_ID / name).read_bytes()
            assert written == (COMMITTED / name).read_bytes(), name


def test_ingest_twice_changes_nothing_and_a_different_text_needs_replace(tmp_path: Path) -> None:
    data_dir = tmp_path / "disclosures"
    ingest(SOURCE_TEXT, data_dir)
    before = {name: (data_dir / DOCUMENT_ID / name).read_bytes() for name in DISCLOSURE_FILES}
    disclosure = parse_disclosure(
        SOURCE_TEXT, region_code="652800", scope="benji", reference=REFERENCE
    )
    assert write_disclosure(disclosure, data_dir).action == "unchanged"

    corrected = real_lines()
    corrected[118] = corrected[118].replace("85,717 元", "85,717 万元")  # line 119
    corrected_path = write_text(tmp_path, corrected)
    with pytest.raises(IngestError, match="use --replace"):
        ingest(corrected_path, data_dir)
    assert {n: (data_dir / DOCUMENT_ID / n).read_bytes() for n in DISCLOSURE_FILES} == before

    dry = write_disclosure(
        parse_disclosure(corrected_path, region_code="652800", scope="benji", reference=REFERENCE),
        data_dir,
        replace=True,
        dry_run=True,
    )
    assert dry.action == "dry_run"
    assert dry.lines[0].startswith(f"would replace {data_dir / DOCUMENT_ID}")
    assert "--- narrative_figures.csv" in dry.lines
    assert {n: (data_dir / DOCUMENT_ID / n).read_bytes() for n in DISCLOSURE_FILES} == before

    ingest(corrected_path, data_dir, replace=True)
    archived = list((tmp_path / "archive" / DOCUMENT_ID).iterdir())
    assert len(archived) == 1
    assert {n: (archived[0] / n).read_bytes() for n in DISCLOSURE_FILES} == before
    narrative = (data_dir / DOCUMENT_ID / "narrative_figures.csv").read_text(encoding="utf-8")
    assert "本年收入,85,717" not in narrative and '"85,717",万元' in narrative
    assert sorted(p.name for p in tmp_path.iterdir()) == ["archive", "disclosures", "sources"]


def test_gb18030_text_gives_the_same_files(tmp_path: Path) -> None:
    path = tmp_path / "gbk" / f"{DOCUMENT_ID}.txt"
    path.parent.mkdir()
    path.write_bytes(SOURCE_TEXT.read_text(encoding="utf-8").encode("gb18030"))
    ingest(path, tmp_path / "disclosures")
    for name in DISCLOSURE_FILES:
        assert (tmp_path / "disclosures" / DOCUMENT_ID / name).read_bytes() == (
            COMMITTED / name
        ).read_bytes()


@pytest.mark.parametrize(
    ("changed_line", "damage", "error_line", "message"),
    [
        (14, lambda line: line.replace("\t", "  "), 14, "expected a tab-separated row"),
        (14, lambda line: line + "\t12", 14, "2 values for 1 value columns"),
        (9, lambda line: line.replace("2020年预算数", "2020年计划数"), 9, "unknown value column"),
        (7, lambda line: line.replace("万元", "千元"), 7, "unknown unit '千元' in '单位: 千元'"),
        (7, lambda line: "", 9, "no unit line (单位：万元) above"),
        # implausible years: before the first fund of seeds/fund_names.csv, or beyond next year
        (5, lambda line: line.replace("2020年", "1899年"), 5, "implausible fiscal year 1899"),
        (5, lambda line: line.replace("2020年", "2999年"), 5, "implausible fiscal year 2999"),
        # a table of another year or phase than the document's (its first table)
        (45, lambda line: line.replace("2020年", "2019年"), 45, "the table '2019年巴州本级"),
        (
            69,
            lambda line: line.replace("预算", "决算"),
            69,
            "the table '2020年巴州本级社会保险基金决算结余表' is a final_account, the document",
        ),
    ],
)
def test_a_garbled_document_is_refused_naming_the_line(
    tmp_path: Path,
    changed_line: int,
    damage: Callable[[str], str],
    error_line: int,
    message: str,
) -> None:
    lines = real_lines()
    lines[changed_line - 1] = damage(lines[changed_line - 1])
    path = write_text(tmp_path, lines)
    with pytest.raises(IngestError) as raised:
        ingest(path, tmp_path / "disclosures")
    assert str(raised.value).startswith(f"{path}:{error_line}: {message}")
    assert not (tmp_path / "disclosures").exists()


def test_a_missing_attachment_is_refused(tmp_path: Path) -> None:
    lines = real_lines()
    path = write_text(tmp_path, lines[:42] + lines[66:])  # without 附件2, the expenditure table
    with pytest.raises(IngestError, match="missing attachment: no table titled …支出表"):
        ingest(path, tmp_path / "disclosures")


def test_the_ingest_command_reports_errors_with_file_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = real_lines()
    lines[13] = lines[13].replace("\t", " ")
    path = write_text(tmp_path, lines)
    data_dir = tmp_path / "disclosures"
    arguments = ["ingest", str(path), "--region", "652800", "--data-dir", str(data_dir), *LOCK_WAIT]
    assert main(arguments) == 2
    assert f"{path}:14: expected a tab-separated row" in capsys.readouterr().err
    assert (
        main(
            [
                "ingest",
                str(SOURCE_TEXT),
                "--region",
                "652800",
                "--data-dir",
                str(data_dir),
                *LOCK_WAIT,
            ]
        )
        == 0
    )
    assert "written" in capsys.readouterr().out
    assert (
        main(
            [
                "ingest",
                str(SOURCE_TEXT),
                "--region",
                "652800",
                "--data-dir",
                str(data_dir),
                *LOCK_WAIT,
            ]
        )
        == 0
    )
    assert "unchanged" in capsys.readouterr().out


# The narrative's "85,717 元" (line 119), whose reading depends on the tables' unit, and every
# other rule result.
NARRATIVE_119 = (
    "rule_id like 'narrative%' and fund_code = 'medical_resident' and line_code = 'income_total'"
)
STATUSES_BUT_NARRATIVE_119 = STATUSES.replace(
    "order by all", f"where not ({NARRATIVE_119}) order by all"
)


def test_amounts_in_yi_yuan_with_decimals_give_the_same_marts(
    built: BuiltWarehouse, project_copy: ProjectCopy, tmp_path: Path
) -> None:
    lines = with_amounts(real_lines(), "亿元", lambda value: f"{value / 10000:,.4f}")
    assert lines[13] == "一、企业职工基本养老保险基金收入\t28.0645"
    warehouse = build_from(project_copy(), write_text(tmp_path, lines))
    assert query(warehouse, FUND_YEARS) == query(built.path, FUND_YEARS)
    # With the tables in 亿元, the narrative's "85,717 元" (line 119) reads right in no unit:
    # no longer a wrong unit (warning) but a figure that differs (error). All else is the same.
    assert query(warehouse, STATUSES_BUT_NARRATIVE_119) == query(
        built.path, STATUSES_BUT_NARRATIVE_119
    )
    assert query(
        warehouse,
        f"select rule_id, status, severity from marts.fct_quality_findings where {NARRATIVE_119} "
        "order by all",
    ) == [
        {"rule_id": "narrative_figure_on_a_line", "status": "passed", "severity": "none"},
        {"rule_id": "narrative_matches_table", "status": "failed", "severity": "error"},
    ]


def test_amounts_in_whole_yuan_give_the_same_findings(
    built: BuiltWarehouse, project_copy: ProjectCopy, tmp_path: Path
) -> None:
    # Printed in 元, every figure whole 万元: the tables are rounded to 万元 (the finest precision
    # their figures show), so every finding, tolerance included, is the 万元 original's.
    lines = with_amounts(real_lines(), "元", lambda value: f"{value * 10000:,.0f}")
    assert lines[13] == "一、企业职工基本养老保险基金收入\t2,806,450,000"
    warehouse = build_from(project_copy(), write_text(tmp_path, lines))
    assert query(warehouse, FUND_YEARS) == query(built.path, FUND_YEARS)
    # as in 亿元, the narrative's "85,717 元" (line 119) is no longer a slip of the table's unit
    assert query(warehouse, STATUSES_BUT_NARRATIVE_119) == query(
        built.path, STATUSES_BUT_NARRATIVE_119
    )
    tolerance = query(
        warehouse,
        "select tolerance_wan_yuan from marts.fct_quality_findings "
        "where rule_id = 'surplus_identity' and fund_code = 'total'",
    )
    assert tolerance == [{"tolerance_wan_yuan": Decimal(1)}]  # 0.0001 万元 before issue 10


def test_an_unknown_label_is_reported_and_keeps_the_rows_after_it_in_their_block(
    project_copy: ProjectCopy, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = real_lines()
    lines.insert(15, "长期护理费收入\t1,000")  # new line 16, inside the 企业职工 income block
    path = write_text(tmp_path, lines)
    cells = parse_disclosure(path, region_code="652800", reference=REFERENCE).files[
        "table_cells.csv"
    ][1]
    headers = {int(row["source_line"]): row["fund_header_label"] for row in cells}
    assert headers[16] == headers[17] == headers[18] == "一、企业职工基本养老保险基金收入"
    assert headers[19] == ""  # 二、机关事业单位…收入 opens the next block
    project = project_copy()
    exit_code = main(["--project-dir", str(project.root), "check", str(path)])
    error = capsys.readouterr().err
    assert exit_code == 2
    mapped = [line for line in error.splitlines() if "[label_mapped]" in line]
    assert len(mapped) == 1, error
    assert "source_line=16" in mapped[0] and "长期护理费收入" in mapped[0]
    assert "no line pattern matches the label" in mapped[0]


def test_amounts_in_yuan_with_cents_are_exact(
    built: BuiltWarehouse, project_copy: ProjectCopy, tmp_path: Path
) -> None:
    lines = with_amounts(real_lines(), "元", lambda value: f"{value * 10000:,.2f}")
    lines[15] = "利息收入\t50,710,000.01"  # 企业职工 interest, one cent more
    warehouse = build_from(project_copy(), write_text(tmp_path, lines))
    interest = query(
        warehouse,
        "select amount_wan_yuan, amount_text, unit_text from marts.fct_fund_lines "
        "where source_line = 16",
    )
    assert interest == [
        {
            "amount_wan_yuan": Decimal("5071.000001"),
            "amount_text": "50,710,000.01",
            "unit_text": "元",
        }
    ]
    years = query(warehouse, FUND_YEARS)
    real_years = query(built.path, FUND_YEARS)
    assert [row["closing_balance_wan_yuan"] for row in years] == [
        row["closing_balance_wan_yuan"] for row in real_years
    ]
    # Printed to the cent, the tables claim a precision of 0.01 元: the rounding differences of
    # the 万元 original (1 万元 = 10,000 元) are now beyond tolerance, and the extra cent is
    # within the cent-level tolerance of the sum of the interest line.
    statuses = {
        (row["rule_id"], row["fund_code"], row["line_code"]): row["status"]
        for row in query(warehouse, STATUSES)
    }
    assert statuses[("surplus_identity", "total", "surplus")] == "failed"
    assert statuses[("funds_sum_to_total", "total", "income_interest")] == "within_tolerance"


def test_a_prior_year_column_adds_the_estimated_outturn_of_the_year_before(
    project_copy: ProjectCopy, tmp_path: Path
) -> None:
    lines = real_lines()
    for number in HEADER_LINES:
        lines[number - 1] += "\t上年执行数"
    for number in TABLE_ROWS:
        label, text = lines[number - 1].split("\t")
        prior = text
        if 82 <= number <= 89 and text:  # year-end balance: last year's = this year's - surplus
            surplus = amount(lines[number - 9].split("\t")[1]) or Decimal(0)
            prior = f"{(amount(text) or Decimal(0)) - surplus:,}"
        lines[number - 1] = f"{label}\t{text}\t{prior}"
    warehouse = build_from(project_copy(), write_text(tmp_path, lines))
    phases = query(
        warehouse,
        "select fiscal_year, phase_code, value_header, count(*) as figures "
        "from marts.fct_fund_lines where statement_source = 'table' group by all order by all",
    )
    assert phases == [
        {
            "fiscal_year": 2019,
            "phase_code": "estimated_outturn",
            "value_header": "上年执行数",
            "figures": 64,
        },
        {
            "fiscal_year": 2020,
            "phase_code": "budget",
            "value_header": "2020年预算数",
            "figures": 64,
        },
    ]
    rolled = query(
        warehouse,
        "select status, severity, count(*) as results from marts.fct_quality_findings "
        "where rule_id = 'roll_forward' group by all",
    )
    assert rolled == [{"status": "passed", "severity": "none", "results": 8}]


def test_reordered_fund_blocks_full_width_digits_and_a_triangle_minus_give_the_same_marts(
    built: BuiltWarehouse, project_copy: ProjectCopy, tmp_path: Path
) -> None:
    """Fund blocks in another order, every table amount in full-width digits, and the negative
    surplus printed with △ (the minus sign of Chinese financial statements: △4,821 for
    -4,821, which was malformed): the same marts and findings."""
    lines = real_lines()
    [negative] = [index for index, line in enumerate(lines) if line.endswith("\t-4,821")]
    lines[negative] = lines[negative].replace("\t-4,821", "\t△4,821")
    swaps = [((14, 18), (38, 42)), ((52, 54), (64, 66)), ((75, 76), (81, 82)), ((83, 84), (89, 90))]
    for (a_start, a_end), (b_start, b_end) in swaps:
        first, second = lines[a_start - 1 : a_end - 1], lines[b_start - 1 : b_end - 1]
        lines[a_start - 1 : a_end - 1], lines[b_start - 1 : b_end - 1] = second, first
    assert lines[13] == "七、失业保险基金收入\t14,682"  # ordinals now out of order
    for number in TABLE_ROWS:
        label, text = lines[number - 1].split("\t")
        lines[number - 1] = f"{label}\t{text.translate(FULL_WIDTH)}"
    warehouse = build_from(project_copy(), write_text(tmp_path, lines))
    assert query(warehouse, FUND_YEARS) == query(built.path, FUND_YEARS)
    assert query(warehouse, STATUSES) == query(built.path, STATUSES)
    assert query(
        warehouse, "select amount_text from marts.fct_fund_lines where source_line = 14"
    ) == [{"amount_text": "１４，６８２"}]
    assert query(
        warehouse,
        "select amount_text, amount_wan_yuan from marts.fct_fund_lines "
        "where fund_code = 'work_injury' and line_code = 'surplus' and phase_code = 'budget'",
    ) == [{"amount_text": "△４，８２１", "amount_wan_yuan": Decimal(-4821)}]


def test_check_reports_the_real_document_by_line(project_copy: ProjectCopy) -> None:
    project = project_copy()
    text = check_document(project, SOURCE_TEXT, region_code="652800", scope="benji")
    assert text.exit_code == ExitCode.PUBLISHED
    assert "line 119: narrative_unit_matches_table (warning, failed)" in text.output
    assert "line 10: surplus_identity (info, within_tolerance)" in text.output
    assert text.output.rstrip().endswith("No rule of severity error failed.")
    # one run, rendered in the other two formats as `--format json|csv` renders it
    as_json = json.loads(text.render("json"))
    assert len(as_json) == 12  # 2 within tolerance, 9 zeros for blanks, 1 wrong unit
    assert {row["rule_id"] for row in as_json} == {
        "surplus_identity",
        "narrative_zero_for_blank",
        "narrative_unit_matches_table",
    }
    as_csv = list(csv.DictReader(io.StringIO(text.render("csv"))))
    assert [row["rule_id"] for row in as_csv] == [row["rule_id"] for row in as_json]
    assert not project.served_warehouse.exists()
    assert not (project.data_dir / "652800-benji-2020-budget-check").exists()


def test_check_names_the_lines_of_a_corrupted_copy(
    project_copy: ProjectCopy, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = project_copy()
    lines = real_lines()
    lines[13] = "一、企业职工基本养老保险基金收入\t280,745"
    path = write_text(tmp_path, lines)
    exit_code = main(["--project-dir", str(project.root), "check", str(path), "--region", "652800"])
    printed = capsys.readouterr().out
    assert exit_code == 1
    assert "line 10: funds_sum_to_total (error, failed)" in printed
    assert "line 14: surplus_identity (error, failed)" in printed
    assert (
        "line 101: narrative_matches_table (error, failed): 652800 benji 2020 budget, fund "
        "pension_enterprise, line income_total: expected 280,745 万元, actual 280,645 万元"
    ) in printed
    assert printed.rstrip().endswith("3 rule result(s) of severity error failed.")


def test_check_honours_acknowledged_publisher_errors_as_build_does(
    project_copy: ProjectCopy, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = project_copy()
    (project.seeds_dir / "known_publisher_errors.csv").write_text(
        "document_id,rule_id,fund_code,reason\n"
        "652800-benji-2020-budget,funds_sum_to_total,,misprint\n"
        "652800-benji-2020-budget,surplus_identity,pension_enterprise,misprint\n"
        "652800-benji-2020-budget,narrative_matches_table,pension_enterprise,misprint\n",
        encoding="utf-8",
    )
    lines = real_lines()
    lines[13] = "一、企业职工基本养老保险基金收入\t280,745"
    path = write_text(tmp_path, lines)
    exit_code = main(["--project-dir", str(project.root), "check", str(path), "--region", "652800"])
    printed = capsys.readouterr().out
    assert exit_code == 0
    assert "line 10: funds_sum_to_total (error, failed)" in printed
    assert "[acknowledged: misprint]" in printed
    assert printed.rstrip().endswith(
        "3 rule result(s) of severity error failed, all acknowledged in "
        "seeds/known_publisher_errors.csv: publication is not blocked."
    )


COUNTIES = sorted(
    region.code for region in REFERENCE.regions.by_code.values() if region.level == "county"
)


def ingest_copies(numbers: list[int], sources_dir: str, data_dir: str) -> int:
    for number in numbers:
        source = Path(sources_dir) / f"{COUNTIES[number]}.txt"
        disclosure = parse_disclosure(
            source, region_code=source.stem, scope="benji", reference=REFERENCE
        )
        write_disclosure(disclosure, Path(data_dir))
    return len(numbers)


def test_concurrent_ingests_into_one_data_folder(tmp_path: Path) -> None:
    """Two processes ingesting different documents into one data folder (a stress test: it
    failed 4 runs out of 4 while the scratch folders shared a parent that each removed)."""
    text = SOURCE_TEXT.read_text(encoding="utf-8")
    sources_dir = tmp_path / "sources"
    sources_dir.mkdir()
    for number in range(1000):
        source = sources_dir / f"{COUNTIES[number]}.txt"
        source.write_text(f"{text}\n{number}\n", encoding="utf-8")
    data_dir = tmp_path / "data" / "disclosures"
    with ProcessPoolExecutor(2) as pool:
        halves = [list(range(0, 1000, 2)), list(range(1, 1000, 2))]
        done = pool.map(ingest_copies, halves, [str(sources_dir)] * 2, [str(data_dir)] * 2)
        assert sum(done) == 1000
    assert len(list(data_dir.iterdir())) == 1000
    assert sorted(path.name for path in (tmp_path / "data").iterdir()) == ["disclosures"]


def test_an_ingest_error_crosses_a_process_boundary_whole() -> None:
    """Raised in a worker process (a pool of ingests), it reaches the parent with its file, line
    and message, not as a broken pool."""
    error = IngestError(Path("a.txt"), 12, "no income table", "附件1!B4")
    with ProcessPoolExecutor(1) as pool:
        future = pool.submit(raise_error, error)
        with pytest.raises(IngestError) as raised:
            future.result()
    assert str(raised.value) == str(error) == "a.txt (附件1!B4): no income table"
    assert (raised.value.path, raised.value.line) == (Path("a.txt"), 12)


def raise_error(error: IngestError) -> None:
    raise error


@pytest.mark.parametrize(
    ("label", "core"),
    [
        ("其中：一、保险费收入", "保险费收入"),
        ("一、其中: 利息收入", "利息收入"),
        ("（一）企业职工基本养老保险基金收入", "企业职工基本养老保险基金收入"),
        ("(二) 城乡居民基本医疗保险基金", "城乡居民基本医疗保险基金"),
        ("1. 保险费收入", "保险费收入"),
        ("２．财政补贴收入", "财政补贴收入"),
        ("巴州本级社会保险基金收入合计", "巴州本级社会保险基金收入合计"),
        ("2020年预算数", "2020年预算数"),
    ],
)
def test_label_prefixes_of_every_numbering_level_come_from_the_seed(label: str, core: str) -> None:
    assert REFERENCE.label_core(label) == core


DEPARTMENT_FINAL_ACCOUNT = """某县社会保险局2018年度部门决算

目录
（一）收入支出决算总表
（二）收入决算表
（三）支出决算表

收入决算表
单位：万元
项目\t本年收入合计\t财政拨款收入\t其他收入
合计\t1,234.56\t1,200.00\t34.56
"""
"""A social insurance agency's own final account (部门决算: its staff and running costs), as
agencies publish them beside the funds' disclosures: made-up figures in the published shape."""


@pytest.mark.parametrize(
    "title", ["某县社会保险局2018年度部门决算", "某县社会保险中心2021年单位预算"]
)
def test_a_department_s_own_budget_is_refused_as_not_a_fund_disclosure(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], title: str
) -> None:
    """Not a social insurance fund's disclosure: refused in one line naming the title's line and
    why (it was refused for a header row the table of contents does not have), nothing written."""
    path = tmp_path / "department.txt"
    path.write_text(
        DEPARTMENT_FINAL_ACCOUNT.replace("某县社会保险局2018年度部门决算", title), "utf-8"
    )
    data_dir = tmp_path / "data"
    exit_code = main(
        ["ingest", str(path), "--region", "652800", "--scope", "benji",
         "--data-dir", str(data_dir), *LOCK_WAIT]
    )  # fmt: skip
    assert exit_code == 2
    error = capsys.readouterr().err.strip()
    assert error == (
        f"sibudget ingest: {path}:1: {title!r} is a department's own budget or final account, "
        "not a social insurance fund's disclosure (seeds/layout_words.csv: department_budget)"
    )
    assert not data_dir.exists()


OTHER_BUDGETS = """2020年巴州本级一般公共预算收入表

单位: 万元

项 目\t2020年预算数
税收收入\t1,000
非税收入\t500
合计\t1,500

2020年巴州本级政府性基金预算收支表

单位: 万元

项 目\t2020年预算数
国有土地使用权出让收入\t2,000

"""
"""Tables of the other budgets (一般公共预算, 政府性基金预算), as a people's congress's reference
materials (参阅资料) print them before the social insurance funds' tables: made-up figures."""


def test_tables_of_the_other_budgets_are_read_past(tmp_path: Path) -> None:
    """A general budget's income table was read as the funds' income table, and the government
    funds' table refused (政府性基金 holds the word 基金): both are another budget's, read past
    (seed layout_words: other_budget); the funds' tables are read as in the document alone."""
    path = tmp_path / "mixed.txt"
    path.write_text(OTHER_BUDGETS + SOURCE_TEXT.read_text(encoding="utf-8"), encoding="utf-8")
    mixed = parse_disclosure(path, region_code="652800", scope="benji", reference=REFERENCE)
    alone = parse_disclosure(SOURCE_TEXT, region_code="652800", scope="benji", reference=REFERENCE)
    shift = OTHER_BUDGETS.count("\n")
    for name in ("table_cells.csv", "narrative_figures.csv", "performance_targets.csv"):
        assert mixed.files[name][1] == moved_down(alone.files[name][1], shift), name


def test_an_unknown_scope_is_refused_naming_the_seed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir = tmp_path / "data"
    exit_code = main(
        ["ingest", str(SOURCE_TEXT), "--region", "652800", "--scope", "county",
         "--data-dir", str(data_dir), *LOCK_WAIT]
    )  # fmt: skip
    assert exit_code == 2
    assert "unknown scope 'county': expected one of benji, area (seeds/scopes.csv)" in (
        capsys.readouterr().err
    )
    assert not data_dir.exists()


@pytest.mark.parametrize("name", ["no-such-disclosure.txt", "."])
def test_check_of_a_path_that_is_not_a_readable_file_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    """Bad input, exit 2, one line naming the path (it was a traceback with exit 1)."""
    path = tmp_path / name
    assert main(["--project-dir", str(REPO), "check", str(path)]) == 2
    error = capsys.readouterr().err.strip()
    assert "\n" not in error and error.startswith(f"sibudget check: {path}"), error
    assert "cannot be read" in error
