"""The reference data ingest reads, every vocabulary from its seed (value columns, lines, funds,
total labels, tables, phases, units, label prefixes, scopes), and the patterns built from it."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from sibudget.regions import Regions

WHITE_SPACE = re.compile(r"\s+")
Row = dict[str, str]


@dataclass(frozen=True)
class ValueColumn:
    """How a value column's header is read (seed value_columns)."""

    pattern: re.Pattern[str]
    value_kind: str
    phase_code: str
    """A phase, or a phase kind whose phases are periods (execution): then `period_basis` says
    which of the report's periods: current (当期) or to_date (累计)."""
    fiscal_year_offset: int
    period_basis: str = ""


@dataclass(frozen=True)
class PeriodWord:
    """Words that name the months a report covers (seed period_words): a quarter, a half, a
    range of months, a month; a month the pattern does not fix is its named group's."""

    pattern: re.Pattern[str]
    start_month: int | None
    end_month: int | None

    def spans(self, text: str) -> list[tuple[int, int]]:
        """(first month, last month) of every place `text` names the months this way."""
        found: list[tuple[int, int]] = []
        for match in self.pattern.finditer(compact(text)):
            groups = match.groupdict()
            end = self.end_month or int(groups["end"])
            start = self.start_month or int(groups.get("start") or end)
            if 1 <= start <= end <= 12:
                found.append((start, end))
        return found


def _read_seed(seeds_dir: Path, name: str) -> list[Row]:
    with (seeds_dir / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _alternatives(words: list[str]) -> str:
    """A regular-expression alternation of `words`, longest first (so that 万元 wins over 元)."""
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


def _common_suffix(names: list[str]) -> str:
    """The longest ending all `names` share (基金 for the funds)."""
    suffix = names[0] if names else ""
    for name in names[1:]:
        while not name.endswith(suffix):
            suffix = suffix[1:]
    return suffix


TITLE_YEAR = re.compile(r"([0-9]{4})\s*年")
"""A year as a title prints it (2020年)."""


def compact(text: str) -> str:
    """The text without white space (ASCII and full-width), as labels are compared."""
    return WHITE_SPACE.sub("", text)


UNIT_SEPARATORS = re.compile(r"[、，,;；/]")
"""What separates the units of a unit line that names two (单位：万元、%)."""


@dataclass
class Reference:
    """The reference data ingest reads, every vocabulary from its seed: value-column headers
    (value_columns), part-line label patterns (lines), the names of the funds and of the total
    (funds, total_labels: to recognise a table with the funds as columns), the words of table
    titles (tables) and phases (phases), the printed units (units) and the label prefixes
    (label_prefixes: 其中 and the ordinals)."""

    value_columns: list[ValueColumn]
    part_patterns: dict[str, list[re.Pattern[str]]]
    fund_names: list[str]
    table_words: dict[str, str]
    """Title word (收入) -> table code (income)."""
    phase_words: list[tuple[str, str]]
    """(title word, phase kind), the longest word first: 调整预算 before 预算. A phase kind is
    its phase (budget …) except where its phases are periods (execution: seed phases)."""
    units: list[str]
    """Printed units of money, the longest first."""
    label_prefix: re.Pattern[str]
    """The prefixes of seed label_prefixes at the start of a compacted label, repeated."""
    ordinal: re.Pattern[str]
    """An ordinal of a numbering level (一、 （一） 1.) at the start of a compacted line."""
    scopes: list[str]
    """The scope codes (seed scopes), in their display order: the first is the default."""
    ratio_units: list[str] = field(default_factory=list)
    """Printed percent signs (seed units, unit_kind ratio): a stated check's unit."""
    scope_words: list[tuple[str, str]] = field(default_factory=list)
    """(title word, scope code), from seed scopes: 本级 -> benji, 全国 -> area."""
    check_words: list[tuple[str, re.Pattern[str]]] = field(default_factory=list)
    """(figure kind, label pattern) of the checks stated beside a figure (seed check_words)."""
    fund_word: str = ""
    """The word every fund's name ends with (基金; seed funds)."""
    regions: Regions = field(default_factory=lambda: Regions([]))
    """The regions of seed regions: --region checked, a title's region inferred."""
    statement_titles: list[re.Pattern[str]] = field(default_factory=list)
    """The titles of a statement, one table holding every line (seed statement_titles)."""
    line_patterns: list[tuple[str, str, re.Pattern[str]]] = field(default_factory=list)
    """(line code, table code, label pattern) of every line, total or part (seed lines)."""
    earliest_fiscal_year: int = 0
    """The first year any fund of seed fund_names is named in: a disclosure's year before it is
    implausible (a misprint, 1899 for 2019)."""
    label_headers: list[str] = field(default_factory=list)
    """Patterns of the label column's header (seed layout_words: 项目, 科目, 收支项目)."""
    unit_prefixes: list[str] = field(default_factory=list)
    """Patterns of the words that may open a unit line before 单位 (金额单位)."""
    compiling_offices: list[str] = field(default_factory=list)
    """Patterns of the words that name the office that compiled a table (编制单位)."""
    position_columns: list[str] = field(default_factory=list)
    """Patterns of the header of a column of row numbers (序号, 行次)."""
    column_numberings: list[str] = field(default_factory=list)
    """Patterns of the label of a row that numbers the columns (栏次)."""
    form_numbers: list[str] = field(default_factory=list)
    """Patterns of an official form's number (社预07表, 社预执行07表), read past."""
    currencies: list[str] = field(default_factory=list)
    """Patterns of the currency a unit statement may name before its unit (人民币)."""
    other_budgets: list[str] = field(default_factory=list)
    """Words of a table's title that make it another budget's table (一般公共预算, 政府性基金预算;
    seed layout_words): read past."""
    department_budgets: list[str] = field(default_factory=list)
    """Words of a title that make it a department's own budget or final account (部门决算; seed
    layout_words): not a social insurance fund's disclosure."""
    exhaustive_parts: dict[str, str] = field(default_factory=dict)
    """Total line -> the line whose printing makes its numbered parts exhaustive (seed
    exhaustive_parts: 收入小计 under 收入合计, 其他收入 under 收入小计)."""
    numbering_levels: list[tuple[re.Pattern[str], int]] = field(default_factory=list)
    """(ordinal pattern, numbering level) of seed label_prefixes: 一、 1, （一） 2, 1. 3."""
    narrative_connectives: list[str] = field(default_factory=list)
    """Patterns of the words a narrative puts between a line's name and its amount (为, 共计;
    seed narrative_connectives)."""
    period_phases: dict[tuple[str, int, int], str] = field(default_factory=dict)
    """(phase kind, first month, last month) -> phase code, for the kinds whose phases are
    periods (execution_01_06: the execution of months 1–6; seed phases)."""
    period_words: list[PeriodWord] = field(default_factory=list)
    """The words that name the months a report covers (seed period_words)."""

    def is_statement_title(self, title: str) -> bool:
        """Whether `title` is a statement's (…企业职工基本养老保险基金预算表), not a table's of
        seed tables (…收入表: checked first) nor a performance table's."""
        words = compact(title)
        return any(pattern.search(words) for pattern in self.statement_titles)

    def line_of(self, label: str) -> str | None:
        """The one line whose pattern the label's core matches whole, or None."""
        codes = {line for line, _ in self._lines_matched(label)}
        return codes.pop() if len(codes) == 1 else None

    def _lines_matched(self, label: str) -> list[tuple[str, str]]:
        """(line code, table code) of every line whose pattern the label's core matches whole."""
        core = self.label_core(label)
        return [
            (line, table) for line, table, pattern in self.line_patterns if pattern.fullmatch(core)
        ]

    def numbering_level(self, label: str) -> int | None:
        """The numbering level of the ordinal the label opens with (一、 1, （一） 2, 1. 3), or
        None for a label without one."""
        words = compact(label)
        return next(
            (level for pattern, level in self.numbering_levels if pattern.match(words)), None
        )

    def is_form_number(self, text: str) -> bool:
        """Whether `text` is an official form's number alone (社预执行07表; seed layout_words)."""
        words = compact(text)
        return any(re.fullmatch(pattern, words) for pattern in self.form_numbers)

    def title_year_and_phase(self, title: str) -> tuple[int | None, str]:
        """(year, phase kind) a title names: the latest year it names with a phase word (seed
        phases: title_word_zh, the longest first) between it and the next year, so that a report
        of last year's execution and this year's draft budget
        (关于2019年…预算执行情况和2020年…预算草案的报告) is this year's budget; words before the
        first year are the first year's. The year alone, or nothing, when no year has a phase
        word; (None, '') with no year."""
        years = list(TITLE_YEAR.finditer(title))
        if not years:
            return None, ""
        named: list[tuple[int, str]] = []
        for index, year in enumerate(years):
            start = 0 if index == 0 else year.start()
            end = years[index + 1].start() if index + 1 < len(years) else len(title)
            kind = next((kind for word, kind in self.phase_words if word in title[start:end]), "")
            if kind:
                named.append((int(year.group(1)), kind))
        if not named:
            return int(years[0].group(1)), ""
        return max(named, key=lambda pair: pair[0])

    def is_other_budget(self, title: str) -> bool:
        """Whether a table's title is of another budget than the social insurance funds' (2020年
        一般公共预算收入表, 政府性基金预算收支表; seed layout_words: other_budget)."""
        words = compact(title)
        return "社会保险" not in words and any(
            re.search(pattern, words) for pattern in self.other_budgets
        )

    def is_department_budget(self, title: str) -> bool:
        """Whether `title` is of a department's own budget or final account (某县社会保险局2018年度
        部门决算) and names no social insurance fund (seed layout_words: department_budget)."""
        words = compact(title)
        return self.fund_word not in words and any(
            re.search(pattern, words) for pattern in self.department_budgets
        )

    def has_periods(self, phase_kind: str) -> bool:
        """Whether the phases of `phase_kind` are periods of the year (execution)."""
        return any(kind == phase_kind for kind, _, _ in self.period_phases)

    def spans_named(self, text: str) -> list[tuple[int, int]]:
        """(first month, last month) of every period `text` names (seed period_words)."""
        return sorted({span for word in self.period_words for span in word.spans(text)})

    def table_of_line(self, label: str) -> str | None:
        """The table (income, expenditure, balance) of the one line whose pattern the label's core
        matches whole (二、收入合计 -> income), or None when no line or lines of several tables
        match."""
        tables = {table for _, table in self._lines_matched(label)}
        return tables.pop() if len(tables) == 1 else None

    def fund_named(self, text: str) -> str:
        """The longest fund name (seed fund_names) the text contains, or ''."""
        words = compact(text)
        named = [name for name in self.fund_names if name in words]
        return max(named, key=len) if named else ""

    def fund_opening(self, text: str) -> str:
        """The longest fund name (seed fund_names) or total label the text opens with, or ''."""
        words = compact(text)
        opening = [name for name in self.fund_names if words.startswith(name)]
        return max(opening, key=len) if opening else ""

    def names_a_fund(self, header: str) -> bool:
        return any(name in compact(header) for name in self.fund_names)

    def heads_a_block(self, label: str) -> bool:
        """Whether a row that is no known part opens a fund's block: it names a fund or the
        total, or a fund the catalogue lacks (八、长期护理保险基金收入: it holds the word every
        fund's name ends with, 基金), which is then reported unmapped with its rows."""
        return self.names_a_fund(label) or bool(self.fund_word and self.fund_word in label)

    def scope_of(self, title: str) -> str | None:
        """The scope a title names (本级, 全国 …; seed scopes), when it names exactly one."""
        named = {code for word, code in self.scope_words if word in compact(title)}
        return named.pop() if len(named) == 1 else None

    def label_core(self, label: str) -> str:
        """The label without white space and without its prefixes (macro strip_label_prefixes
        does the same in SQL)."""
        return self.label_prefix.sub("", compact(label), count=1)

    @cached_property
    def table_title(self) -> re.Pattern[str]:
        """A table's title: its table word, an optional phase word, then 表 (…预算收入表)."""
        return re.compile(
            f"({_alternatives(list(self.table_words))})"
            f"((?:{_alternatives([word for word, _ in self.phase_words])})?)表$"
        )

    @cached_property
    def unit_line(self) -> re.Pattern[str]:
        return re.compile(rf"^\s*单位\s*[:：]\s*({_alternatives(self.units)})\s*$")

    @cached_property
    def label_header(self) -> re.Pattern[str]:
        """The label column's header, matched against a whole cell without white space."""
        return re.compile("|".join(f"(?:{pattern})" for pattern in self.label_headers))

    def is_label_header(self, cell: str) -> bool:
        return self.label_header.fullmatch(compact(cell)) is not None

    @cached_property
    def connectives_at_end(self) -> re.Pattern[str]:
        """Any of the narrative's connectives, repeated, at the end of a figure's words."""
        longest_first = sorted(self.narrative_connectives, key=len, reverse=True)
        return re.compile("(?:" + "|".join(f"(?:{p})" for p in longest_first) + ")+$")

    def without_connectives(self, words: str) -> str:
        """A figure's words without the connectives they end with (本年收入为 -> 本年收入)."""
        if not self.narrative_connectives:
            return words
        return self.connectives_at_end.sub("", words)

    def is_position_column(self, header: str) -> bool:
        """Whether `header` heads a column of row numbers (序号, 行次), not of figures."""
        return any(re.fullmatch(pattern, compact(header)) for pattern in self.position_columns)

    def numbers_columns(self, label: str) -> bool:
        """Whether a row labelled `label` numbers the columns (栏次 | — | 1 | 2)."""
        return any(re.fullmatch(pattern, compact(label)) for pattern in self.column_numberings)

    @cached_property
    def unit_statement(self) -> re.Pattern[str]:
        """A unit stated at the end of a text without white space (单位：万元, 金额单位：元,
        （单位：万元） after a title): the unit in group `unit`, known or not."""
        prefixes = "|".join(f"(?:{pattern})" for pattern in self.unit_prefixes)
        return re.compile(
            rf"[（(]?(?:{prefixes})?单位[:：](?P<unit>[^:：()（）]+)[)）]?$"
            if prefixes
            else r"[（(]?单位[:：](?P<unit>[^:：()（）]+)[)）]?$"
        )

    @cached_property
    def compiling_office(self) -> re.Pattern[str]:
        """The compiling office's statement (编制单位：XX财政局), up to a unit statement that
        follows it on the same line."""
        offices = "|".join(f"(?:{pattern})" for pattern in self.compiling_offices)
        prefixes = "|".join(f"(?:{pattern})" for pattern in self.unit_prefixes)
        return re.compile(rf"(?:{offices})[:：].*?(?=(?:{prefixes})?单位[:：]|$)")

    def stated_unit(self, text: str) -> tuple[str, str] | None:
        """The unit a text states at its end, and the text before the statement: (万元, the
        title proper) for "…预算表（单位：万元）"; None when it states none. A compiling office
        (编制单位：…) is not a unit."""
        words = self.compiling_office.sub("", compact(text)) if self.compiling_offices else text
        match = self.unit_statement.search(compact(words))
        if match is None:
            return None
        # 单位：万元、% (a table with a percentage column): the unit of its amounts; 单位：万元 %
        # is 万元% once compacted; 单位：人民币万元 names the currency first (seed layout_words)
        stated = self.unit_currency.sub("", match.group("unit")) if self.currencies else None
        stated = stated or match.group("unit")
        units = [
            part
            for unit in UNIT_SEPARATORS.split(stated)
            for part in self._ratio_peeled(unit)
            if part
        ]
        money = [unit for unit in units if unit not in self.ratio_units]
        unit = money[0] if len(money) == 1 and len(units) > 1 else stated
        return unit, compact(words)[: match.start()]

    def _ratio_peeled(self, unit: str) -> list[str]:
        """A unit of money and the ratio unit printed after it without a separator (万元%), as
        two units; any other unit as it is."""
        for ratio in self.ratio_units:
            if unit.endswith(ratio) and unit[: -len(ratio)] in self.units:
                return [unit[: -len(ratio)], ratio]
        return [unit]

    @cached_property
    def unit_currency(self) -> re.Pattern[str]:
        """The currency a unit statement may name before its unit (人民币万元; seed layout_words:
        currency)."""
        return re.compile("^(?:" + "|".join(f"(?:{word})" for word in self.currencies) + ")")

    def names_compiling_office(self, text: str) -> bool:
        """Whether `text` opens with the compiling office's statement (编制单位：…)."""
        if not self.compiling_offices:
            return False
        return self.compiling_office.match(compact(text)) is not None

    def header_unit(self, header: str) -> tuple[str, str | None]:
        """A value column's header without the unit printed beside it, and that unit: ("上年执行数",
        "万元") for "上年执行数（万元）"; (header, None) when it prints no unit of money."""
        match = self.header_with_unit.fullmatch(compact(header))
        if match is None:
            return header, None
        return match.group("header"), match.group("unit")

    @cached_property
    def header_with_unit(self) -> re.Pattern[str]:
        return re.compile(rf"(?P<header>.+?)[（(](?P<unit>{_alternatives(self.units)})[)）]")

    @cached_property
    def narrative_amount(self) -> re.Pattern[str]:
        """An amount stated in prose with its unit (seed units) or as a percentage; its words
        are read backwards from it (sibudget.ingest.narrative). It starts only where a number
        starts (not after a digit, nor after a digit and a separator), so that a long run of
        digits without a unit is one failed attempt, not one per digit (quadratic)."""
        return re.compile(
            r"(?<![0-9０-９])(?<![0-9０-９][,，.．])"
            r"(?P<amount>[-－−]?[0-9０-９][0-9０-９,，]*(?:[.．][0-9０-９]+)?)\s*"
            f"(?P<unit>{_alternatives([*self.units, *self.ratio_units])})"
        )

    @classmethod
    def from_seeds(cls, seeds_dir: Path) -> Reference:
        value_columns = [
            ValueColumn(
                re.compile(row["header_pattern"]),
                row["value_kind"],
                row["phase_code"],
                int(row["fiscal_year_offset"]),
                row["period_basis"],
            )
            for row in _read_seed(seeds_dir, "value_columns")
        ]
        part_patterns: dict[str, list[re.Pattern[str]]] = {}
        line_rows = _read_seed(seeds_dir, "lines")
        for row in line_rows:
            if row["line_role"] == "part":
                part_patterns.setdefault(row["table_code"], []).append(
                    re.compile(row["label_pattern"])
                )
        fund_names = [row["name_zh"] for row in _read_seed(seeds_dir, "fund_names")]
        fund_names.extend(row["label_zh"] for row in _read_seed(seeds_dir, "total_labels"))
        prefixes = _read_seed(seeds_dir, "label_prefixes")
        units = _read_seed(seeds_dir, "units")
        layout = _read_seed(seeds_dir, "layout_words")
        scopes = sorted(_read_seed(seeds_dir, "scopes"), key=lambda row: int(row["display_order"]))
        phases = _read_seed(seeds_dir, "phases")
        ordinals = "|".join(f"(?:{row['pattern']})" for row in prefixes if row["numbering_level"])
        return cls(
            value_columns,
            part_patterns,
            fund_names,
            table_words={
                row["title_word_zh"]: row["table_code"] for row in _read_seed(seeds_dir, "tables")
            },
            # the longest word first; among words of one length, the seed's order (a dict keeps
            # it: a set's order would change from one process to the next)
            phase_words=sorted(
                dict.fromkeys((row["title_word_zh"], row["phase_kind"]) for row in phases),
                key=lambda word: len(word[0]),
                reverse=True,
            ),
            units=sorted(
                (row["unit_text"] for row in units if row["unit_kind"] == "money"),
                key=len,
                reverse=True,
            ),
            ratio_units=[row["unit_text"] for row in units if row["unit_kind"] == "ratio"],
            label_prefix=re.compile(
                "^(?:" + "|".join(f"(?:{row['pattern']})" for row in prefixes) + ")*"
            ),
            ordinal=re.compile(f"^(?:{ordinals})"),
            check_words=[
                (row["figure_kind"], re.compile(row["label_pattern"]))
                for row in _read_seed(seeds_dir, "check_words")
            ],
            fund_word=_common_suffix(
                [row["fund_name_zh"] for row in _read_seed(seeds_dir, "funds")]
            ),
            regions=Regions.from_seeds(seeds_dir),
            statement_titles=[
                re.compile(row["title_pattern"])
                for row in _read_seed(seeds_dir, "statement_titles")
            ],
            line_patterns=[
                (row["line_code"], row["table_code"], re.compile(row["label_pattern"]))
                for row in line_rows
            ],
            earliest_fiscal_year=min(
                int(row["first_fiscal_year"]) for row in _read_seed(seeds_dir, "fund_names")
            ),
            label_headers=[row["pattern"] for row in layout if row["word_kind"] == "label_header"],
            unit_prefixes=[row["pattern"] for row in layout if row["word_kind"] == "unit_prefix"],
            compiling_offices=[
                row["pattern"] for row in layout if row["word_kind"] == "compiling_office"
            ],
            position_columns=[
                row["pattern"] for row in layout if row["word_kind"] == "position_column"
            ],
            column_numberings=[
                row["pattern"] for row in layout if row["word_kind"] == "column_numbering"
            ],
            form_numbers=[row["pattern"] for row in layout if row["word_kind"] == "form_number"],
            currencies=[row["pattern"] for row in layout if row["word_kind"] == "currency"],
            other_budgets=[row["pattern"] for row in layout if row["word_kind"] == "other_budget"],
            department_budgets=[
                row["pattern"] for row in layout if row["word_kind"] == "department_budget"
            ],
            exhaustive_parts={
                row["total_line_code"]: row["marker_line_code"]
                for row in _read_seed(seeds_dir, "exhaustive_parts")
            },
            numbering_levels=[
                (re.compile(row["pattern"]), int(row["numbering_level"]))
                for row in prefixes
                if row["numbering_level"]
            ],
            narrative_connectives=[
                row["pattern"] for row in _read_seed(seeds_dir, "narrative_connectives")
            ],
            period_phases={
                (
                    row["phase_kind"],
                    int(row["period_start_month"]),
                    int(row["period_end_month"]),
                ): row["phase_code"]
                for row in phases
                if row["phase_kind"] != row["phase_code"]
            },
            period_words=[
                PeriodWord(
                    re.compile(row["pattern"]),
                    int(row["start_month"]) if row["start_month"] else None,
                    int(row["end_month"]) if row["end_month"] else None,
                )
                for row in _read_seed(seeds_dir, "period_words")
            ],
            scopes=[row["scope_code"] for row in scopes],
            scope_words=[
                (word, row["scope_code"])
                for row in scopes
                for word in row["title_words_zh"].split("|")
                if word
            ],
        )
