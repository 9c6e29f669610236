"""The performance-target table (项目支出绩效目标表): its indicators with their targets as printed
and parsed, and the funds line (项目资金 … 年度资金总额) as stated figures."""

from __future__ import annotations

from pathlib import Path

from sibudget.containers import Line
from sibudget.ingest.errors import error_at
from sibudget.ingest.reference import Reference, Row, compact
from sibudget.ingest.tables import DocumentFacts
from sibudget.targets import parse_target


def targets_start(lines: list[Line]) -> int | None:
    """The index in `lines` of the table's title (…绩效目标表)."""
    return next((index for index, line in enumerate(lines) if "绩效目标表" in line.text), None)


def performance_table(
    path: Path, lines: list[Line], facts: DocumentFacts, reference: Reference
) -> tuple[list[Row], list[Row]]:
    """(stated figures, targets) of the table in `lines` (after its title, up to the first line
    that is not a row once its rows began)."""
    figures: list[Row] = []
    targets: list[Row] = []
    project_name = ""
    unit_text = "万元"
    levels = ["", ""]
    started = False
    for line in lines:
        unit = reference.unit_line.match(line.text)
        if unit:
            unit_text = unit.group(1)
            continue
        if not line.is_row:
            if started and line.text.strip():
                break
            continue
        started = True
        cells = [cell.strip() for cell in line.cells]
        first = compact(cells[0])
        if first == "预算单位":
            named = [cell for cell in cells if cell]
            if "项目名称" in named and named.index("项目名称") + 1 < len(named):
                project_name = named[named.index("项目名称") + 1]
            continue
        if first.startswith("项目资金"):
            printed_unit = next((u for u in reference.units if u in first), unit_text)
            for index in range(1, len(cells) - 1, 2):
                label = cells[index].rstrip(":：")
                if label:
                    figures.append(
                        {
                            "document_id": facts.document_id,
                            "statement_source": "performance_table",
                            "source_line": str(line.number),
                            "section_label": project_name,
                            "figure_label": label.removeprefix("其中：").removeprefix("其中:"),
                            "amount_text": cells[index + 1],
                            "unit_text": printed_unit,
                            "fiscal_year": str(facts.fiscal_year),
                            "phase": facts.phase_code,
                            "figure_kind": "amount",
                            "checked_label": "",
                            "source_place": line.cell_place(index + 1),
                        }
                    )
            continue
        if first in ("项目总体目标", "一级指标"):
            continue
        if cells[0]:
            levels = [cells[0], ""]
        if len(cells) > 1 and cells[1]:
            levels[1] = cells[1]
        indicator = cells[2] if len(cells) > 2 else ""
        printed = [cell for cell in cells[3:] if cell]
        if not indicator or not printed:
            raise error_at(
                path, line, "expected an indicator row: level 1, level 2, level 3, target value"
            )
        target = parse_target(printed[-1])
        targets.append(
            {
                "document_id": facts.document_id,
                "source_line": str(line.number),
                "level_1_indicator": levels[0],
                "level_2_indicator": levels[1],
                "level_3_indicator": indicator,
                "target_text": printed[-1],
                "target_operator": target.operator,
                "target_low": target.low,
                "target_high": target.high,
                "target_unit": target.unit,
                "fiscal_year": str(facts.fiscal_year),
                "source_place": line.place,
            }
        )
    return figures, targets
