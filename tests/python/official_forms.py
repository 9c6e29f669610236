"""Fixtures in the official forms, written from the real figures of the 2020 巴州本级 budget: the
社预01 summary (the funds as columns, a 合计 column, printed as a pipe table) and 社预02–08 (one
fund per table, its name in the title, numbered rows 一、 > (一) > 1., a prior-year column and a
percentage), in 元 with two decimals, with the transfer lines (上级补助收入 …) and the opening
balance that the official forms print. The residual items (其他收入, 其他支出) complete each
subtotal, as the official forms' items do. Written without sibudget's code."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

# The real document's table figures in 万元 (None: a blank cell), per fund: income, premium,
# interest, subsidy, expenditure, benefit, surplus, year-end balance.
REAL_FIGURES: dict[str, tuple[int | None, ...]] = {
    "total": (630490, 529123, 10658, 85093, 603611, 568309, 26878, 648386),
    "pension_enterprise": (280645, 270711, 5071, None, 277382, 254852, 3263, 304254),
    "pension_public_sector": (48990, 21945, 48, 26679, 48990, 48969, None, 4743),
    "pension_resident": (None, None, None, None, None, None, None, None),
    "medical_employee": (193339, 188854, 4088, None, 169405, 168352, 23934, 246030),
    "medical_resident": (85717, 26514, 788, 58414, 85445, 80060, 271, 37015),
    "work_injury": (7117, 7002, 102, None, 11938, 11673, -4821, 11614),
    "unemployment": (14682, 14097, 561, None, 10451, 4403, 4231, 44730),
}
# 社预01 column order, then 社预02–08 (one fund each), with the names the forms print.
FUNDS: tuple[tuple[str, str, str], ...] = (
    ("total", "合计", ""),
    ("pension_enterprise", "企业职工基本养老保险基金", "社预02表"),
    ("pension_resident", "城乡居民基本养老保险基金", "社预03表"),
    ("pension_public_sector", "机关事业单位基本养老保险基金", "社预04表"),
    ("medical_employee", "职工基本医疗保险基金", "社预05表"),
    ("medical_resident", "城乡居民基本医疗保险基金", "社预06表"),
    ("work_injury", "工伤保险基金", "社预07表"),
    ("unemployment", "失业保险基金", "社预08表"),
)
BENEFIT_LABELS = {
    "total": "社会保险待遇支出",
    "pension_enterprise": "基本养老金支出",
    "pension_resident": "基本养老金支出",
    "pension_public_sector": "基本养老金支出",
    "medical_employee": "基本医疗保险待遇支出",
    "medical_resident": "基本医疗保险待遇支出",
    "work_injury": "工伤保险待遇支出",
    "unemployment": "失业保险金支出",
}
# (label as printed, line code); the lines the forms print and the real document does not are
# computed from those it does (see `statement_figures`).
ROWS: tuple[tuple[str, str], ...] = (
    ("一、期初余额", "opening_balance"),
    ("二、收入合计", "income_total"),
    ("（一）收入小计", "income_subtotal"),
    ("1.保险费收入", "income_premium"),
    ("2.利息收入", "income_interest"),
    ("3.财政补贴收入", "income_subsidy"),
    ("4.其他收入", "income_other"),
    ("（二）上级补助收入", "income_from_higher_level"),
    ("（三）下级上解收入", "income_from_lower_level"),
    ("三、支出合计", "expenditure_total"),
    ("（一）支出小计", "expenditure_subtotal"),
    ("1.{benefit}", "expenditure_benefit"),
    ("{other_number}.其他支出", "expenditure_other"),
    ("（二）补助下级支出", "expenditure_to_lower_level"),
    ("（三）上解上级支出", "expenditure_to_higher_level"),
    ("四、本年收支结余", "surplus"),
    ("五、年末滚存结余", "closing_balance"),
)


UNLISTED_ITEMS: tuple[tuple[str, str, str, int], ...] = (
    # (label as printed, its key, the line it is printed under, 万元 of 企业职工基本养老保险基金)
    ("（1）离退休人员基本养老金", "item:retirees", "expenditure_benefit", 254852),
    ("2.医疗补助金", "item:medical_allowance", "expenditure_subtotal", 1200),
    ("3.丧葬补助金和抚恤金", "item:funeral_allowance", "expenditure_subtotal", 800),
)
"""Items the official forms print that the line catalogue does not list (seeds/lines.csv): the
pension fund's own items under 支出小计 and a detail of its 基本养老金支出, numbered under them;
`official_forms(unlisted_items=True)` prints them, with 其他支出 the less."""


def printed_rows(unlisted_items: bool) -> list[tuple[str, str]]:
    """(label as printed, line code or item key) of each row, in order."""
    if not unlisted_items:
        return [(label.replace("{other_number}", "2"), key) for label, key in ROWS]
    rows: list[tuple[str, str]] = []
    for label, key in ROWS:
        if key == "expenditure_other":
            rows += [(item, item_key) for item, item_key, parent, _ in UNLISTED_ITEMS[1:]]
            label = label.replace("{other_number}", str(len(UNLISTED_ITEMS) + 1))
        rows.append((label, key))
        if key == "expenditure_benefit":
            rows.append((UNLISTED_ITEMS[0][0], UNLISTED_ITEMS[0][1]))
    return rows


def with_unlisted_items(fund_code: str, figures: dict[str, Decimal | None]) -> None:
    """The unlisted items added to `figures` (the pension fund's and the total's; blank for the
    other funds), 其他支出 reduced by those under 支出小计."""
    for _, key, parent, amount in UNLISTED_ITEMS:
        if fund_code not in ("pension_enterprise", "total"):
            figures[key] = None
            continue
        figures[key] = Decimal(amount)
        other = figures["expenditure_other"]
        if parent == "expenditure_subtotal" and other is not None:
            figures["expenditure_other"] = other - amount


def statement_figures(fund_code: str) -> dict[str, Decimal | None]:
    """Every line of the forms for one fund, in 万元: the real figures, the transfers 0, the
    residual items, the subtotal equal to the total, and the opening balance that the year-end
    balance less the surplus implies."""
    income, premium, interest, subsidy, spent, benefit, surplus, closing = (
        None if value is None else Decimal(value) for value in REAL_FIGURES[fund_code]
    )
    if income is None:
        return {line: None for _, line in ROWS}

    def known(value: Decimal | None) -> Decimal:
        return value if value is not None else Decimal(0)

    return {
        "opening_balance": known(closing) - known(surplus),
        "income_total": income,
        "income_subtotal": income,
        "income_premium": premium,
        "income_interest": interest,
        "income_subsidy": subsidy,
        "income_other": income - known(premium) - known(interest) - known(subsidy),
        "income_from_higher_level": Decimal(0),
        "income_from_lower_level": Decimal(0),
        "expenditure_total": spent,
        "expenditure_subtotal": spent,
        "expenditure_benefit": benefit,
        "expenditure_other": known(spent) - known(benefit),
        "expenditure_to_lower_level": Decimal(0),
        "expenditure_to_higher_level": Decimal(0),
        "surplus": surplus,
        "closing_balance": closing,
    }


def prior_year_figures(fund_code: str) -> dict[str, Decimal | None]:
    """Last year's column: the same flows, with the balances one year back, so that last year's
    year-end balance is this year's opening balance."""
    now = statement_figures(fund_code)
    if now["income_total"] is None:
        return now
    surplus = now["surplus"] if now["surplus"] is not None else Decimal(0)
    opening = now["opening_balance"]
    assert opening is not None
    return {**now, "closing_balance": opening, "opening_balance": opening - surplus}


def yuan(amount: Decimal | None) -> str:
    """万元 printed in 元 with two decimals (12,345.00万元 -> 123,450,000.00)."""
    return "" if amount is None else f"{amount * 10000:,.2f}"


def growth(now: Decimal | None, before: Decimal | None) -> str:
    """比上年增长%: this year over last year less 1, to one decimal; blank without a basis."""
    if now is None or not before:
        return ""
    return f"{(now / before - 1) * 100:.1f}"


def completion(now: Decimal | None, budget: Decimal | None) -> str:
    """完成预算%: the final account over the budget, to one decimal; blank without a basis."""
    if now is None or not budget:
        return ""
    return f"{now / budget * 100:.1f}"


BUDGET_COLUMNS = ("上年执行数", "本年预算数", "比上年增长%")
"""社预02–08: last year's outturn, this year's budget, the growth."""
FINAL_ACCOUNT_COLUMNS = ("预算数", "决算数", "完成预算%")
"""社决: the year's budget (here: figures with last year's balances), the final account, the
completion of the budget."""


@dataclass(frozen=True)
class Forms:
    """The text of the fixture and where each figure is printed (fund, line) -> text line."""

    text: str
    summary_lines: dict[str, int]
    fund_lines: dict[tuple[str, str], int]


Changes = Mapping[tuple[str, str], Decimal]
"""(fund code, line code) -> the figure printed instead, in 万元: a corrupted copy."""


def official_forms(
    *,
    year: int = 2020,
    region: str = "巴州本级",
    phase_word: str = "预算",
    changes: Changes | None = None,
    summary_changes: Changes | None = None,
    columns: tuple[str, str, str] = BUDGET_COLUMNS,
    unlisted_items: bool = False,
) -> Forms:
    """社预01 (a pipe table) and 社预02–08 (tab-separated) as one text document. `changes` alter
    this year's figures wherever printed; `summary_changes` in the summary alone."""
    lines: list[str] = [f"{region}{year}年社会保险基金{phase_word}", ""]
    summary_lines: dict[str, int] = {}
    fund_lines: dict[tuple[str, str], int] = {}
    lines += [
        "附件1：",
        "社预01表",
        f"{year}年{region}社会保险基金{phase_word}总表",
        "单位：元",
        "| 项目 | " + " | ".join(name for _, name, _ in FUNDS) + " |",
        "|---" * (len(FUNDS) + 1) + "|",
    ]
    rows = printed_rows(unlisted_items)
    figures = {fund: statement_figures(fund) for fund, _, _ in FUNDS}
    befores = {fund: prior_year_figures(fund) for fund, _, _ in FUNDS}
    if unlisted_items:
        for fund, _, _ in FUNDS:
            with_unlisted_items(fund, figures[fund])
            with_unlisted_items(fund, befores[fund])
    for (fund, line_code), amount in (changes or {}).items():
        figures[fund][line_code] = amount
    summary = {fund: dict(lines) for fund, lines in figures.items()}
    for (fund, line_code), amount in (summary_changes or {}).items():
        summary[fund][line_code] = amount
    for label, line_code in rows:
        printed = label.format(benefit=BENEFIT_LABELS["total"])
        cells = [yuan(summary[fund][line_code]) for fund, _, _ in FUNDS]
        lines.append(f"| {printed} | " + " | ".join(cells) + " |")
        summary_lines[line_code] = len(lines)
    lines.append("")
    for number, (fund, name, form) in enumerate(FUNDS[1:], start=2):
        now, before = figures[fund], befores[fund]
        lines += [
            f"附件{number}：",
            form,
            f"{year}年{region}{name}{phase_word}表",
            "单位：元",
            "项目\t" + "\t".join(columns),
        ]
        for label, line_code in rows:
            printed = label.format(benefit=BENEFIT_LABELS[fund])
            cells = [
                yuan(before[line_code]),
                yuan(now[line_code]),
                (growth if columns == BUDGET_COLUMNS else completion)(
                    now[line_code], before[line_code]
                ),
            ]
            lines.append(printed + "\t" + "\t".join(cells))
            fund_lines[(fund, line_code)] = len(lines)
        lines.append("")
    return Forms("\n".join(lines) + "\n", summary_lines, fund_lines)
