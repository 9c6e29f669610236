"""The narrative (关于…的说明, or a document of prose alone): every amount it states with a unit,
with the words just before it and the fund section it is in, and the checks printed beside it
(比上年增长Y%, 比上年增加Z亿元, 完成预算的N%). A section is headed by an ordinal and a fund's name
("一、企业职工基本养老保险基金预算", "（一）企业职工基本养老保险基金。" with its text on the same
line); a figure split across a line break is found whole; each figure has its own unit (a text
can mix 亿元 and 万元). The text is read once, left to right: no pattern backtracks over a line."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from sibudget.containers import Line
from sibudget.ingest.reference import TITLE_YEAR, Reference, Row, compact
from sibudget.ingest.tables import DocumentFacts

LABEL_STOPS = set("，。：；,:;、（）()") | set("0123456789０１２３４５６７８９")
"""What ends a figure's words, read backwards from its amount (a figure's label holds none)."""
SENTENCE_ENDS = set("。；;")
HEADING_ENDS = re.compile(r"[。．.:：]")
NAME_ENDS = "。．.:：，,；;"
"""What may follow a fund's name on a line of its own that heads its section."""


@dataclass(frozen=True)
class NarrativeTitle:
    """The narrative's title (关于…的说明, 关于…的报告): its text, whole where a page or a PDF
    wrapped it over lines, and the indexes in the lines of its first and last line."""

    text: str
    first: int
    last: int


TITLE_ENDS = ("说明", "报告")
TITLE_LINES = 3
"""The most lines a wrapped title takes (blank lines between them aside)."""


def narrative_title(lines: list[Line]) -> NarrativeTitle | None:
    """The narrative's title: a line opening with 关于 that holds 说明 or 报告, or goes on over
    at most TITLE_LINES lines to one that does (关于2016年…预算 / 执行情况与2017年…社会 /
    保险基金预算的说明), no line of it a sentence (no 。，；)."""
    for first, line in enumerate(lines):
        text = line.text.strip()
        if not text.startswith("关于"):
            continue
        taken = 0
        for last in range(first, len(lines)):
            part = lines[last].text.strip()
            if not part:
                continue
            if taken == TITLE_LINES or any(char in "。，；,;" for char in part):
                break
            taken += 1
            text = text if last == first else text + part
            if any(word in part for word in TITLE_ENDS):
                return NarrativeTitle(text, first, last)
    return None


@dataclass
class _Section:
    label: str
    lines: list[tuple[Line, str]]
    """(line, the part of its text in this section)."""


def _sections(lines: list[Line], reference: Reference) -> list[_Section]:
    """The narrative's lines grouped under their fund headings; lines before the first heading
    form a section without one (the summary paragraph). In a text without headings, a paragraph
    that opens with a fund's name and states an amount (企业职工基本养老保险基金收入21489亿元…),
    or a fund's name on a line of its own (企业职工基本养老保险基金：), opens that fund's
    section."""
    sections = [_Section("", [])]
    headed = False
    for line in lines:
        text = line.text
        opening = reference.fund_opening(text)
        if not headed and opening:
            rest = compact(text)[len(opening) :]
            if any(char.isdigit() for char in rest):
                sections.append(_Section(_printed_prefix(text, len(opening)), [(line, text)]))
                continue
            if not rest.strip(NAME_ENDS):
                # the fund's name on a line of its own (企业职工基本养老保险基金：)
                sections.append(_Section(_printed_prefix(text, len(opening)), []))
                continue
        heading = reference.ordinal.match(compact(text))
        if heading:
            rest = compact(text)[heading.end() :]
            end = HEADING_ENDS.search(rest)
            subject = rest[: end.start()] if end else rest
            if (
                subject
                and reference.names_a_fund(subject)
                and not any(c.isdigit() for c in subject)
            ):
                after = rest[end.end() :] if end else ""
                label = (
                    text.strip()
                    if not after
                    else _printed_prefix(text, heading.end() + len(subject))
                )
                sections.append(_Section(label, []))
                headed = True
                if after:
                    sections[-1].lines.append((line, after))
                continue
        sections[-1].lines.append((line, text))
    return sections


def _printed_prefix(text: str, compact_length: int) -> str:
    """The start of `text` as printed that holds its first `compact_length` non-space
    characters."""
    seen = 0
    for index, char in enumerate(text):
        if not char.isspace():
            seen += 1
        if seen == compact_length:
            return text[: index + 1].strip()
    return text.strip()


def _label_before(text: str, end: int) -> str:
    """The words right before position `end`: back over white space, then back to the first
    character that ends a label."""
    index = end
    while index > 0 and text[index - 1].isspace():
        index -= 1
    start = index
    while start > 0 and text[start - 1] not in LABEL_STOPS and not text[start - 1].isspace():
        start -= 1
    if text.startswith("年", start) and start >= 4 and text[start - 4 : start].isdigit():
        start -= 4  # the year a label opens with (2016年全国社会保险基金收入)
    return text[start:index]


def narrative_figures(lines: list[Line], facts: DocumentFacts, reference: Reference) -> list[Row]:
    """The figures stated in `lines` (the narrative after its title), with the checks printed
    beside them."""
    figures: list[Row] = []
    parts = _parts(lines, facts, reference)
    for section in _sections(lines, reference):
        if not section.lines:
            continue
        text = ""
        offsets: list[tuple[int, Line]] = []
        for line, part in section.lines:
            offsets.append((len(text), line))
            text += part + "\n"
        matches = list(reference.narrative_amount.finditer(text))
        stated = [(match, _label_before(text, match.start("amount"))) for match in matches]
        stated = [(match, label) for match, label in stated if label]
        # The summary paragraph has no heading: its subject is the first figure's label as
        # printed ("…本级社会保险基金预算总收入"), which names the fund of all its figures.
        section_label = section.label or (stated[0][1] if stated else "")
        checked = ""
        checked_phase = (facts.fiscal_year, facts.phase_code)
        sentence_start = 0
        for match, label in stated:
            position = match.start("amount")
            if any(char in SENTENCE_ENDS for char in text[sentence_start:position]):
                checked = ""  # a check checks a figure of its own sentence
            sentence_start = position
            line = max((entry for entry in offsets if entry[0] <= position), key=lambda e: e[0])[1]
            kind = _kind(label, match.group("unit"), checked, reference)
            year, phase = parts[line.number]
            if kind == "amount":
                paired = _phase_stated(label, year, facts, reference)
                if paired is not None:
                    # 收入预算数676.34亿元，决算数589.67亿元: the phase the label names, and a
                    # bare 决算数 states the line of the figure before it in its sentence
                    stem, year, phase = paired
                    label = stem or checked or label
            elif kind != "percentage":
                year, phase = checked_phase
            figures.append(
                {
                    "document_id": facts.document_id,
                    "statement_source": "narrative",
                    "source_line": str(line.number),
                    "section_label": section_label,
                    "figure_label": label,
                    "amount_text": match.group("amount"),
                    "unit_text": match.group("unit"),
                    "fiscal_year": str(year),
                    "phase": phase,
                    "figure_kind": kind,
                    "checked_label": checked if kind not in ("amount", "percentage") else "",
                    "source_place": line.place,
                }
            )
            if kind == "amount":
                checked, checked_phase = label, (year, phase)
    return figures


def _parts(
    lines: list[Line], facts: DocumentFacts, reference: Reference
) -> dict[int, tuple[int, str]]:
    """(fiscal year, phase) of the figures of each line (by number): the document's, except
    under a heading that names another year's phase (一、2019年社会保险基金预算执行情况, in a
    report of last year's execution and this year's budget), to the next heading naming a year.
    A heading is a paragraph (never a table's row) that opens with an ordinal, or a short one
    that states no figure."""
    own = (facts.fiscal_year, facts.phase_code)
    part = own
    parts: dict[int, tuple[int, str]] = {}
    for line in lines:
        words = compact(line.text)
        heading = reference.ordinal.match(words) if not line.is_row else None
        if heading or (not line.is_row and _is_unnumbered_heading(words)):
            start = heading.end() if heading else 0
            end = HEADING_ENDS.search(words, start)
            subject = words[start : end.start() if end else len(words)]
            year, kind = reference.title_year_and_phase(subject)
            if year is not None:
                part = _part_phase(subject, year, kind, facts, reference) or own
        parts[line.number] = part
    return parts


HEADING_LENGTH = 40
"""The most characters of a heading on a line of its own, without an ordinal."""


def _is_unnumbered_heading(words: str) -> bool:
    """A short line that is no sentence (no 。，；) and states no figure (no digit but its
    years'): 2019年社会保险基金预算执行情况."""
    return (
        0 < len(words) <= HEADING_LENGTH
        and not any(char in "。，；,;" for char in words)
        and not any(char.isdigit() for char in TITLE_YEAR.sub("", words))
    )


def _part_phase(
    subject: str, year: int, kind: str, facts: DocumentFacts, reference: Reference
) -> tuple[int, str] | None:
    """(year, phase) a heading names, or None when it names no phase of its own: a kind of
    periods (execution) takes its year to date through the last month named; a past year's
    execution without a period is what a header 2019年执行数 is (seed value_columns: the year's
    estimated outturn, in a report written before its final account)."""
    if not kind:
        return None
    if not reference.has_periods(kind):
        return year, kind
    ends = [end for _, end in reference.spans_named(subject)]
    if not ends:
        if year >= facts.fiscal_year:
            return None
        stated = _phase_stated(f"{year}年执行数", year, facts, reference)
        return (year, stated[2]) if stated else None
    phase = reference.period_phases.get((kind, 1, max(ends)))
    return (year, phase) if phase else None


def _phase_stated(
    label: str, year: int, facts: DocumentFacts, reference: Reference
) -> tuple[str, int, str] | None:
    """(the words before it, fiscal year, phase) when `label` ends with the words of a value
    column (seed value_columns: 预算数, 决算数, 上年执行数, 2019年决算数 …), the longest such
    ending (the connectives after it read past: 收入预算数为); None when it names no phase.
    A year the label does not print is `year` (the document's, or its part's)."""
    words = reference.without_connectives(compact(label))
    for start in range(len(words)):
        for column in reference.value_columns:
            if column.value_kind != "amount":
                continue
            match = column.pattern.fullmatch(words[start:])
            phase = facts.phase_of(column, reference) if match else ""
            if match and phase:
                printed = match.groupdict().get("year")
                stated_year = int(printed) if printed else year
                return words[:start], stated_year + column.fiscal_year_offset, phase
    return None


def _kind(label: str, unit: str, checked: str, reference: Reference) -> str:
    """amount, or the check a figure is when it follows an amount of its sentence (seed
    check_words: a percentage of its budget, a growth rate, or a growth amount in money), or
    percentage: a percentage that checks nothing (占总支出的12%)."""
    percent = unit in reference.ratio_units
    if checked:
        for kind, words in reference.check_words:
            if words.search(label) and (kind == "growth_amount") != percent:
                return kind
    return "percentage" if percent else "amount"


def publisher(lines: list[Line]) -> str:
    """Who the document says published it: the organisations named before 关于 in its opening
    sentence (…财政局、人力资源和社会保障局…关于…的报告), or signing it on the line above its
    date (库尔勒市财政局 / 2019年1月20日), when the words there are names of organisations; else
    nothing (never a fragment of a sentence)."""
    for line in lines:
        stripped = line.text.strip()
        if "关于" not in stripped:
            continue
        candidate = stripped[: stripped.index("关于")].strip()
        if _names_organisations(candidate):
            return candidate
    signed = [line.text.strip() for line in lines if line.text.strip()]
    for before, text in itertools.pairwise(signed):
        if DATE_LINE.match(text) and _names_organisations(before):
            return before
    return ""


def _names_organisations(candidate: str) -> bool:
    names = [name for name in re.split(r"[、,，\s]+", candidate) if name]
    return bool(names) and all(ORGANISATION.search(name) for name in names)


ORGANISATION = re.compile(r"(?:局|厅|部|委员会|委|办公室|中心|人民政府|政府|管理处|服务中心)$")


DATE_LINE = re.compile(
    r"^\s*(?P<year>(?:19|20)[0-9]{2})\s*年\s*(?P<month>[0-9]{1,2})\s*月\s*(?P<day>[0-9]{1,2})\s*日\s*$"
)


def stated_date(lines: list[Line]) -> str:
    """The date the document states on a line of its own (2020年1月15日, as under a signature),
    as YYYY-MM-DD; empty when it states none."""
    for line in lines:
        match = DATE_LINE.match(line.text)
        if match:
            year, month, day = (int(match.group(name)) for name in ("year", "month", "day"))
            if 1 <= month <= 12 and 1 <= day <= 31:
                return f"{year:04d}-{month:02d}-{day:02d}"
    return ""
