"""Quarterly execution reports in the official form (社预执行01 for all funds, 社预执行02–08 one
fund per table, its name in the title, the rows of 社预02–08), written from the real 2020
figures of 巴州本级 in 元 with cents: the columns 预算数 | 调整后预算数 | 当期执行数 | 累计执行数 |
上年同期累计执行数 | 预算执行进度(%) | 比上年同期增长(%). The adjusted budget is the budget's
flows × 1.02; the year to date through quarter q is the adjusted budget's flows × a share, the
current quarter the difference of two shares, last year's same period its own figures × the
share × 0.95, closing in December at this year's opening balance; every balance follows from
the opening balance, so that each column's identities hold exactly and the balances roll from
last year into this one. Written without sibudget's code."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from official_forms import (
    BENEFIT_LABELS,
    FUNDS,
    printed_rows,
    prior_year_figures,
    statement_figures,
    yuan,
)

Figures = dict[str, Decimal | None]
QUARTER_WORDS = ("一", "二", "三", "四")
YEAR_TO_DATE_SHARES = (Decimal("0.23"), Decimal("0.48"), Decimal("0.74"), Decimal("0.99"))
"""The share of the adjusted budget's flows executed by the end of each quarter."""
ADJUSTMENT = Decimal("1.02")
LAST_YEAR = Decimal("0.95")
COLUMNS = (
    "2020年预算数",
    "2020年调整后预算数",
    "当期执行数",
    "累计执行数",
    "上年同期累计执行数",
    "预算执行进度(%)",
    "比上年同期增长(%)",
)
AMOUNT_COLUMNS = ("budget", "adjusted", "current", "to_date", "last_year")
"""The columns of amounts, in the order printed: the keys of a change."""
BALANCES = ("opening_balance", "closing_balance")

Changes = Mapping[tuple[str, str, str], Decimal | str]
"""(fund code, column key, line code) -> what is printed instead: an amount in 万元 or a text;
column keys are those of AMOUNT_COLUMNS and `progress`, `growth` for the two percentages."""


def _flows_scaled(figures: Figures, factor: Decimal, opening: Decimal | None) -> Figures:
    """The flows × `factor`, from `opening`, closing at the opening plus the scaled surplus."""
    scaled: Figures = {
        line: None if amount is None else amount * factor for line, amount in figures.items()
    }
    if figures["income_total"] is None:
        return scaled
    surplus = scaled["surplus"]
    scaled["opening_balance"] = opening
    scaled["closing_balance"] = (opening or Decimal(0)) + (surplus or Decimal(0))
    return scaled


def exact_surplus(figures: Figures) -> Figures:
    """The figures with the surplus income − expenditure and the year-end balance moved with it:
    the real document rounds to whole 万元 (城乡居民医保 prints 271 for 85,717 − 85,445, the
    total 26,878 for 26,879), which the identities of a report in 元 with cents do not allow."""
    surplus, income, spent = (
        figures["surplus"],
        figures["income_total"],
        figures["expenditure_total"],
    )
    if surplus is None or income is None or spent is None:
        return figures
    exact = income - spent
    closing = figures["closing_balance"] or Decimal(0)
    return {**figures, "surplus": exact, "closing_balance": closing + exact - surplus}


def quarter_figures(fund_code: str, quarter: int) -> dict[str, Figures]:
    """Every amount column of one fund's table in the report of `quarter` (1–4), in 万元."""
    budget = exact_surplus(statement_figures(fund_code))
    opening = budget["opening_balance"]
    share = YEAR_TO_DATE_SHARES[quarter - 1]
    before = YEAR_TO_DATE_SHARES[quarter - 2] if quarter > 1 else Decimal(0)
    adjusted = _flows_scaled(budget, ADJUSTMENT, opening)
    to_date = _flows_scaled(budget, ADJUSTMENT * share, opening)
    previous = _flows_scaled(budget, ADJUSTMENT * before, opening)
    current = _flows_scaled(budget, ADJUSTMENT * (share - before), previous["closing_balance"])
    if budget["income_total"] is None:
        current = previous = to_date
    # last year's figures through December close at this year's opening balance
    last = exact_surplus(prior_year_figures(fund_code))
    last_surplus = last["surplus"] or Decimal(0)
    last_opening = (opening or Decimal(0)) - last_surplus * LAST_YEAR * YEAR_TO_DATE_SHARES[-1]
    last_year = _flows_scaled(last, LAST_YEAR * share, last_opening)
    return {
        "budget": budget,
        "adjusted": adjusted,
        "current": current,
        "to_date": to_date,
        "last_year": last_year,
    }


def percentage(now: Decimal | None, basis: Decimal | None, less: int = 0) -> str:
    """now / basis (less 1 for a growth) in percent, to two decimals; blank without a basis."""
    if now is None or not basis:
        return ""
    return f"{(now / basis - less) * 100:.2f}"


def execution_report(
    quarter: int,
    *,
    region: str = "巴州本级",
    changes: Changes | None = None,
    funds: tuple[str, ...] | None = None,
) -> tuple[str, dict[tuple[str, str], int]]:
    """The report of `quarter` of 2020 as text, and the text line of each (fund, line)."""
    word = QUARTER_WORDS[quarter - 1]
    lines = [f"{region}2020年第{word}季度社会保险基金预算执行情况", ""]
    places: dict[tuple[str, str], int] = {}
    rows = printed_rows(unlisted_items=False)
    every = (("total", "社会保险基金", "社预01表"), *FUNDS[1:])
    chosen = [fund for fund in every if funds is None or fund[0] in funds]
    for number, (fund, name, form) in enumerate(chosen, start=1):
        columns = quarter_figures(fund, quarter)
        for (changed_fund, column, line), amount in (changes or {}).items():
            if changed_fund == fund and column in columns and isinstance(amount, Decimal):
                columns[column][line] = amount
        lines += [
            f"附件{number}：",
            form.replace("社预", "社预执行"),
            f"2020年第{word}季度{region}{name}预算执行情况表",
            "单位：元",
            "项目\t" + "\t".join(COLUMNS),
        ]
        for label, line in rows:
            printed = label.format(benefit=BENEFIT_LABELS[fund])
            cells = [yuan(columns[column][line]) for column in AMOUNT_COLUMNS]
            cells.append(percentage(columns["to_date"][line], columns["adjusted"][line]))
            cells.append(percentage(columns["to_date"][line], columns["last_year"][line], 1))
            for index, column in ((5, "progress"), (6, "growth")):
                override = (changes or {}).get((fund, column, line))
                if isinstance(override, str):
                    cells[index] = override
            lines.append(printed + "\t" + "\t".join(cells))
            places[(fund, line)] = len(lines)
        lines.append("")
    return "\n".join(lines) + "\n", places
