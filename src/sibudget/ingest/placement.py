"""Placing the figures of a statement's row whose blank cells left no trace: a rendering that
printed the row's figures first and its blanks after them (4.其他收入 | 122,418.14 | 189,965.82 |
1,094,445.48 | -82.64% | | | |). Read as printed, the figures would stand one or more columns to
the left. Such a row is placed by the identity that binds it: its parent's figure (收入小计) is the
sum of its numbered parts where they are exhaustive (seed exhaustive_parts), so each of its
amount columns must hold its parent's figure less its siblings'. Its figures are placed, in
their printed order, under the columns where that residual is what they say and blank where the
residual is 0; a percentage under a check column whose basis the row prints (比上年同期增长 over
last year's column, 预算执行进度 over the budget's). A row that its printed reading fits is left as
printed, and so is one that no placement fits (the parts rules report the broken identity); a
row that several placements fit is refused, named: it cannot be read."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from itertools import combinations
from pathlib import Path

from sibudget.containers import Line
from sibudget.ingest.errors import error_at
from sibudget.ingest.reference import Reference, compact

PERCENT = re.compile(r"[%％]\s*$")
GROWTH_HEADER = re.compile(r"增长|增减|比上年|同比|同期")
COMPLETION_HEADER = re.compile(r"进度|完成")


@dataclass
class PrintedRow:
    """One row of a statement as printed: its line, label and value cells (one per column)."""

    line: Line
    label: str
    values: list[str]


@dataclass(frozen=True)
class ColumnRole:
    """What a value column holds, for placing: an amount, or a check and the column of its
    basis (None where no basis can be told)."""

    is_amount: bool
    basis: int | None = None


def _number(text: str) -> Decimal | None:
    """A printed amount's value (blank, a dash: None); raises ValueError for no number."""
    words = unicodedata.normalize("NFKC", text)
    words = re.sub(r"[,，\s]", "", PERCENT.sub("", words)).replace("△", "-")
    if not words or re.fullmatch(r"[-—–~]+", words):
        return None
    negative = words.startswith("(") and words.endswith(")")
    try:
        value = Decimal(words.strip("()"))
    except InvalidOperation:
        raise ValueError(text) from None
    return -value if negative else value


def _decimals(text: str) -> int:
    match = re.search(r"[.．]([0-9０-９]+)", text)
    return len(match.group(1)) if match else 0


def _is_short(values: Sequence[str]) -> bool:
    """Fewer filled cells than columns, all of them first: blanks that may have moved."""
    filled = [index for index, value in enumerate(values) if value.strip()]
    return bool(filled) and len(filled) < len(values) and filled[-1] + 1 == len(filled)


def _parent(index: int, levels: list[int | None]) -> int | None:
    level = levels[index]
    if level is None:
        return None
    for before in range(index - 1, -1, -1):
        other = levels[before]
        if other is not None and other < level:
            return before
    return None


def place_shifted_rows(
    path: Path, rows: list[PrintedRow], roles: list[ColumnRole], reference: Reference
) -> None:
    """Re-place, in `rows`, the cells of each short row that its printed reading does not fit
    and one placement does (see the module); raise IngestError naming the row when several
    fit. Rows without an exhaustive parent, or whose parent or siblings are short too,
    stay as printed: nothing binds them."""
    levels = [reference.numbering_level(row.label) for row in rows]
    codes = [reference.line_of(row.label) for row in rows]
    parents = [_parent(index, levels) for index in range(len(rows))]
    amounts = [index for index, role in enumerate(roles) if role.is_amount]
    for index, row in enumerate(rows):
        parent = parents[index]
        if parent is None or not _is_short(row.values):
            continue
        siblings = [other for other in range(len(rows)) if parents[other] == parent]
        marker = reference.exhaustive_parts.get(codes[parent] or "")
        if marker is None or marker not in {codes[other] for other in siblings}:
            continue
        if any(_is_short(rows[other].values) for other in (parent, *siblings) if other != index):
            continue
        try:
            residuals, unit = _residuals(rows, parent, siblings, index, amounts)
            if all(
                abs((_number(row.values[column]) or 0) - residuals[column]) <= unit
                for column in amounts
            ):
                continue  # as printed, it fits
            placed = _placements(row.values, roles, residuals, unit)
        except ValueError:
            continue  # a figure that is no number: the pipeline names it (amount_parses)
        if not placed:
            continue  # no placement fits either: as printed, and the parts rules report it
        if len(placed) > 1:
            printed = [value for value in row.values if value.strip()]
            raise error_at(
                path,
                row.line,
                f"{row.label!r}: its {len(printed)} figure(s) ({', '.join(printed)}) are printed "
                "first and its blank cells after them, and read as printed they break "
                f"{rows[parent].label!r} = the sum of its parts; {len(placed)} placements "
                "under the columns fit it, so none can be chosen. Ask the publisher for the "
                "table with its blank cells, or for the Excel or Word version",
            )
        row.values = placed[0]


def _residuals(
    rows: list[PrintedRow], parent: int, siblings: list[int], index: int, amounts: list[int]
) -> tuple[dict[int, Decimal], Decimal]:
    """Per amount column, the parent's figure less the siblings' (blank: 0), and the tolerance:
    half the printed unit of each of the figures."""
    residuals: dict[int, Decimal] = {}
    decimals = 0
    for column in amounts:
        total = _number(rows[parent].values[column]) or Decimal(0)
        decimals = max(decimals, _decimals(rows[parent].values[column]))
        for other in siblings:
            if other != index:
                total -= _number(rows[other].values[column]) or Decimal(0)
                decimals = max(decimals, _decimals(rows[other].values[column]))
        residuals[column] = total
    unit = Decimal(1).scaleb(-decimals) * Decimal("0.5") * (len(siblings) + 1)
    return residuals, unit


def _placements(
    values: list[str], roles: list[ColumnRole], residuals: dict[int, Decimal], unit: Decimal
) -> list[list[str]]:
    """Every placement of the row's figures, in their printed order, that the residuals fit."""
    figures = [value for value in values if value.strip()]
    fitting: list[list[str]] = []
    for columns in combinations(range(len(roles)), len(figures)):
        placed = [""] * len(roles)
        for column, figure in zip(columns, figures, strict=True):
            placed[column] = figure
        if _fits(placed, roles, residuals, unit):
            fitting.append(placed)
    return fitting


def _fits(
    placed: list[str], roles: list[ColumnRole], residuals: dict[int, Decimal], unit: Decimal
) -> bool:
    for column, (value, role) in enumerate(zip(placed, roles, strict=True)):
        is_percentage = bool(PERCENT.search(value))
        if role.is_amount:
            if is_percentage or abs((_number(value) or 0) - residuals[column]) > unit:
                return False
        elif value.strip():
            if not is_percentage:
                return False
            if role.basis is not None and not _number(placed[role.basis]):
                return False  # a check whose basis the row leaves blank
    return True


def column_roles(
    headers: Sequence[str],
    kinds: Sequence[str],
    phases: Sequence[str],
    years: Sequence[int],
    fiscal_year: int,
) -> list[ColumnRole]:
    """Each column's role: an amount, or a check with the column of its basis: last year's
    column for a growth (比上年同期增长), the adjusted budget's, else the budget's, for a
    completion (预算执行进度, 完成预算)."""
    roles: list[ColumnRole] = []
    for header, kind in zip(headers, kinds, strict=True):
        if kind == "amount":
            roles.append(ColumnRole(True))
            continue
        words = compact(header)
        basis: int | None = None
        if COMPLETION_HEADER.search(words):
            for phase in ("adjusted_budget", "budget"):
                basis = next((index for index, code in enumerate(phases) if code == phase), None)
                if basis is not None:
                    break
        elif GROWTH_HEADER.search(words):
            basis = next(
                (
                    index
                    for index, (kind_of, year) in enumerate(zip(kinds, years, strict=True))
                    if kind_of == "amount" and year < fiscal_year
                ),
                None,
            )
        roles.append(ColumnRole(False, basis))
    return roles
