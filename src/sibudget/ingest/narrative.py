"""The narrative (关于…的说明): every amount it states with a unit, with the words just before it
and the fund section it is in; a figure split across a line break is found whole."""

from __future__ import annotations

from sibudget.containers import Line
from sibudget.ingest.reference import Reference, Row, compact
from sibudget.ingest.tables import DocumentFacts


def narrative_start(lines: list[Line]) -> int | None:
    """The index in `lines` of the narrative's title (关于…说明)."""
    return next(
        (
            index
            for index, line in enumerate(lines)
            if line.text.strip().startswith("关于") and "说明" in line.text
        ),
        None,
    )


def narrative_figures(lines: list[Line], facts: DocumentFacts, reference: Reference) -> list[Row]:
    """The figures stated in `lines` (the narrative after its title)."""
    figures: list[Row] = []
    section_label = ""
    section_text: list[Line] = []

    def flush() -> None:
        if not section_text:
            return
        text = ""
        offsets: list[tuple[int, Line]] = []
        for line in section_text:
            offsets.append((len(text), line))
            text += line.text + "\n"
        matches = list(reference.narrative_figure.finditer(text))
        # The summary paragraph has no heading: its subject is the first figure's label as
        # printed ("…本级社会保险基金预算总收入"), which names the fund of all its figures.
        label = section_label or (matches[0].group("label") if matches else "")
        for match in matches:
            position = match.start("amount")
            line = max((entry for entry in offsets if entry[0] <= position), key=lambda e: e[0])[1]
            figures.append(
                {
                    "document_id": facts.document_id,
                    "statement_source": "narrative",
                    "source_line": str(line.number),
                    "section_label": label,
                    "figure_label": match.group("label"),
                    "amount_text": match.group("amount"),
                    "unit_text": match.group("unit"),
                    "fiscal_year": str(facts.fiscal_year),
                    "phase": facts.phase_code,
                    "source_place": line.place,
                }
            )
        section_text.clear()

    for line in lines:
        if reference.narrative_section.match(compact(line.text)):
            flush()
            section_label = line.text.strip()
            continue
        section_text.append(line)
    flush()
    return figures


def publisher(lines: list[Line]) -> str:
    """Who the narrative says published it: the words before 关于 in its opening sentence (…财政局、
    人力资源和社会保障局…关于…的报告)."""
    for line in lines:
        stripped = line.text.strip()
        if "关于" in stripped and ("局" in stripped or "厅" in stripped or "部" in stripped):
            candidate = stripped[: stripped.index("关于")]
            if candidate:
                return candidate
    return ""
