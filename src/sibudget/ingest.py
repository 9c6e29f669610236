"""Reading a published disclosure (text: attachment headings 附件N, table titles, a unit line,
tab-separated rows, the narrative 说明 and the performance-target table 绩效目标表) into the rows
of its folder of CSV files. Year, phase and unit come from the document itself; rows are kept
exactly as printed. Every error names the file, the line and what was expected."""

from __future__ import annotations

import csv
import hashlib
import io
import re
import tempfile
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from sibudget.disclosure_files import (
    DOCUMENT_COLUMNS,
    NARRATIVE_FIGURE_COLUMNS,
    PERFORMANCE_TARGET_COLUMNS,
    TABLE_CELLS_COLUMNS,
)
from sibudget.targets import parse_target

PRINTED_NUMBER = re.compile(r"[-－−(（]?[0-9０-９][0-9０-９,，.．]*[)）]?[%％]?")
ATTACHMENT = re.compile(r"^\s*附件\s*([0-9０-９]+)\s*[:：]?\s*$")
YEAR = re.compile(r"([0-9]{4})\s*年")
WHITE_SPACE = re.compile(r"\s+")
Row = dict[str, str]


class IngestError(Exception):
    """A disclosure that cannot be read as it is: names the file, the line and what was expected."""

    def __init__(self, path: Path, line: int | None, message: str) -> None:
        self.path = path
        self.line = line
        where = f"{path}:{line}" if line is not None else str(path)
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True)
class ValueColumn:
    """How a value column's header is read (seed value_columns)."""

    pattern: re.Pattern[str]
    value_kind: str
    phase_code: str
    fiscal_year_offset: int


def _read_seed(seeds_dir: Path, name: str) -> list[Row]:
    with (seeds_dir / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _alternatives(words: list[str]) -> str:
    """A regular-expression alternation of `words`, longest first (so that 万元 wins over 元)."""
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


def compact(text: str) -> str:
    """The text without white space (ASCII and full-width), as labels are compared."""
    return WHITE_SPACE.sub("", text)


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
    """(title word, phase code), the longest word first: 调整预算 before 预算."""
    units: list[str]
    """Printed units, the longest first."""
    label_prefix: re.Pattern[str]
    """The prefixes of seed label_prefixes at the start of a compacted label, repeated."""
    ordinal: re.Pattern[str]
    """An ordinal of a numbering level (一、 （一） 1.) at the start of a compacted line."""
    scopes: list[str]
    """The scope codes (seed scopes), in their display order: the first is the default."""

    def names_a_fund(self, header: str) -> bool:
        return any(name in compact(header) for name in self.fund_names)

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
    def narrative_section(self) -> re.Pattern[str]:
        """A heading of the narrative: an ordinal, the subject, a phase word (一、…基金预算)."""
        phases = _alternatives([word for word, _ in self.phase_words])
        return re.compile(f"^(?:{self.ordinal.pattern.removeprefix('^')})(.+?)(?:{phases})$")

    @cached_property
    def narrative_figure(self) -> re.Pattern[str]:
        return re.compile(
            r"(?P<label>[^，。：；,:;、\s0-9０-９（）()]+?)\s*"
            r"(?P<amount>[-－−]?[0-9０-９][0-9０-９,，]*(?:[.．][0-9０-９]+)?)\s*"
            f"(?P<unit>{_alternatives(self.units)})"
        )

    @classmethod
    def from_seeds(cls, seeds_dir: Path) -> Reference:
        value_columns = [
            ValueColumn(
                re.compile(row["header_pattern"]),
                row["value_kind"],
                row["phase_code"],
                int(row["fiscal_year_offset"]),
            )
            for row in _read_seed(seeds_dir, "value_columns")
        ]
        part_patterns: dict[str, list[re.Pattern[str]]] = {}
        for row in _read_seed(seeds_dir, "lines"):
            if row["line_role"] == "part":
                part_patterns.setdefault(row["table_code"], []).append(
                    re.compile(row["label_pattern"])
                )
        fund_names: list[str] = []
        for row in _read_seed(seeds_dir, "funds"):
            fund_names.append(row["fund_name_zh"])
            fund_names.extend(name for name in row["fund_aliases_zh"].split("|") if name)
        fund_names.extend(row["label_zh"] for row in _read_seed(seeds_dir, "total_labels"))
        prefixes = _read_seed(seeds_dir, "label_prefixes")
        ordinals = "|".join(f"(?:{row['pattern']})" for row in prefixes if row["numbering_level"])
        return cls(
            value_columns,
            part_patterns,
            fund_names,
            table_words={
                row["title_word_zh"]: row["table_code"] for row in _read_seed(seeds_dir, "tables")
            },
            phase_words=sorted(
                (
                    (row["title_word_zh"], row["phase_code"])
                    for row in _read_seed(seeds_dir, "phases")
                ),
                key=lambda word: len(word[0]),
                reverse=True,
            ),
            units=sorted(
                (row["unit_text"] for row in _read_seed(seeds_dir, "units")), key=len, reverse=True
            ),
            label_prefix=re.compile(
                "^(?:" + "|".join(f"(?:{row['pattern']})" for row in prefixes) + ")*"
            ),
            ordinal=re.compile(f"^(?:{ordinals})"),
            scopes=[
                row["scope_code"]
                for row in sorted(
                    _read_seed(seeds_dir, "scopes"), key=lambda row: int(row["display_order"])
                )
            ],
        )


@dataclass
class Disclosure:
    """What ingest writes for one document: one list of rows per CSV file."""

    document_id: str
    region_code: str
    scope: str
    fiscal_year: int
    phase_code: str
    source_sha256: str
    files: dict[str, tuple[tuple[str, ...], list[Row]]] = field(default_factory=dict)


def read_source_text(path: Path) -> str:
    """The document's text: UTF-8 (with or without BOM), else GB18030 (which covers GBK);
    line ends made LF and the text NFC-normalised. This text is what the SHA-256 is taken of."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = raw.decode("gb18030")
        except UnicodeDecodeError as error:
            line = raw[: error.start].count(b"\n") + 1
            raise IngestError(path, line, "the text is neither UTF-8 nor GB18030") from error
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))


def normalised_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def parse_disclosure(
    path: Path,
    *,
    region_code: str,
    scope: str | None = None,
    reference: Reference,
    source_url: str = "",
    published_on: str = "",
) -> Disclosure:
    """Read the document at `path` into the rows of its CSV files. `scope` is a scope code of
    seeds/scopes.csv; by default the first (本级)."""
    scope = scope or reference.scopes[0]
    if scope not in reference.scopes:
        raise IngestError(
            path,
            None,
            f"unknown scope {scope!r}: expected one of {', '.join(reference.scopes)} "
            "(seeds/scopes.csv)",
        )
    text = read_source_text(path)
    lines = text.split("\n")
    tables = _find_tables(path, lines, reference)
    if not tables:
        raise IngestError(
            path, None, "no income (收入表), expenditure (支出表) or balance (结余表) table"
        )
    found = {table.table_code for table in tables}
    missing = [f"{word}表" for word, code in reference.table_words.items() if code not in found]
    if missing:
        raise IngestError(path, None, f"missing attachment: no table titled …{'、…'.join(missing)}")
    first = tables[0]
    year_match = YEAR.search(first.title)
    if year_match is None:
        raise IngestError(path, first.title_line, f"no year in the table title {first.title!r}")
    fiscal_year = int(year_match.group(1))
    phase_code = next((code for word, code in reference.phase_words if word in first.title), "")
    if not phase_code:
        words = "/".join(word for word, _ in reference.phase_words)
        raise IngestError(path, first.title_line, f"no {words} in {first.title!r}")
    document_id = f"{region_code}-{scope}-{fiscal_year}-{phase_code}"
    disclosure = Disclosure(
        document_id, region_code, scope, fiscal_year, phase_code, normalised_sha256(text)
    )

    cells: list[Row] = []
    for table in tables:
        cells.extend(_table_rows(path, table, disclosure, reference))
    narrative, targets = _narrative_and_targets(path, lines, disclosure, reference)
    title = reference.table_title.sub(r"\2", first.title)
    document: Row = {
        "document_id": document_id,
        "region_code": region_code,
        "scope": scope,
        "fiscal_year": str(fiscal_year),
        "document_kind": phase_code,
        "title": title,
        "publisher": _publisher(lines),
        "source_url": source_url,
        "published_on": published_on,
        "source_file_name": path.name,
        "source_sha256": disclosure.source_sha256,
    }
    disclosure.files = {
        "document.csv": (DOCUMENT_COLUMNS, [document]),
        "table_cells.csv": (TABLE_CELLS_COLUMNS, cells),
        "narrative_figures.csv": (NARRATIVE_FIGURE_COLUMNS, narrative),
        "performance_targets.csv": (PERFORMANCE_TARGET_COLUMNS, targets),
    }
    return disclosure


@dataclass
class _Table:
    attachment_label: str
    table_code: str
    title: str
    title_line: int
    unit_text: str = ""
    header_line: int = 0
    headers: list[str] = field(default_factory=list)
    rows: list[tuple[int, list[str]]] = field(default_factory=list)


def _find_tables(path: Path, lines: list[str], reference: Reference) -> list[_Table]:
    tables: list[_Table] = []
    attachment = ""
    current: _Table | None = None
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        heading = ATTACHMENT.match(line)
        if heading:
            attachment = "附件" + unicodedata.normalize("NFKC", heading.group(1))
            current = None
            continue
        title = reference.table_title.search(stripped)
        if title and "\t" not in line:
            current = _Table(attachment, reference.table_words[title.group(1)], stripped, number)
            tables.append(current)
            continue
        if current is None or not stripped:
            continue
        if "绩效目标表" in stripped or (stripped.startswith("关于") and "说明" in stripped):
            current = None
            continue
        unit = reference.unit_line.match(line)
        if unit and not current.headers:
            current.unit_text = unit.group(1)
            continue
        if stripped.startswith("单位") and not current.headers:
            raise IngestError(
                path, number, f"unknown unit {stripped!r}: expected {', '.join(reference.units)}"
            )
        cells = line.split("\t")
        if not current.headers:
            if "\t" not in line or cells[0].replace(" ", "").replace("\u3000", "") != "项目":
                raise IngestError(
                    path, number, f"expected the header row of {current.title} (项目<TAB>…)"
                )
            if not current.unit_text:
                raise IngestError(path, number, f"no unit line (单位：万元) above {current.title}")
            current.headers = [cell.strip() for cell in cells[1:]]
            while current.headers and not current.headers[-1]:
                current.headers.pop()
            current.header_line = number
            continue
        if not current.rows and _continues_header(cells):
            current.headers = _merge_header_rows(current.headers, cells[1:])
            continue
        if "\t" not in line:
            raise IngestError(
                path, number, "expected a tab-separated row (label<TAB>amount) in " + current.title
            )
        current.rows.append((number, cells))
    for table in tables:
        if not table.headers:
            raise IngestError(path, table.title_line, f"{table.title} has no header row")
    return tables


def _continues_header(cells: list[str]) -> bool:
    """A second header row: no label in the first cell, and no cell that is a number."""
    return (
        len(cells) > 1
        and not cells[0].strip()
        and any(cell.strip() for cell in cells[1:])
        and not any(PRINTED_NUMBER.fullmatch(cell.strip()) for cell in cells[1:])
    )


def _merge_header_rows(top: list[str], bottom: list[str]) -> list[str]:
    """Column headers of a two-row header: each top cell (a merged cell carries to the right)
    followed by the cell below it ("2020年" over "预算数" gives "2020年预算数")."""
    merged: list[str] = []
    carried = ""
    for index in range(max(len(top), len(bottom))):
        above = top[index].strip() if index < len(top) else ""
        below = bottom[index].strip() if index < len(bottom) else ""
        carried = above or carried
        merged.append(carried + below)
    return merged


@dataclass(frozen=True)
class _Column:
    """How a value column is read: kind (amount or a printed check), phase, year, and the fund
    its header names where the funds are the columns."""

    value_kind: str
    phase_code: str
    fiscal_year: int
    fund_column_label: str = ""


def _value_column(
    path: Path, line: int, header: str, disclosure: Disclosure, reference: Reference
) -> _Column:
    compact = header.replace(" ", "").replace("\u3000", "")
    for column in reference.value_columns:
        match = column.pattern.fullmatch(compact)
        if match:
            if column.value_kind != "amount":
                return _Column(column.value_kind, "", disclosure.fiscal_year)
            year = match.groupdict().get("year")
            printed_year = int(year) if year else disclosure.fiscal_year
            return _Column("amount", column.phase_code, printed_year + column.fiscal_year_offset)
    if reference.names_a_fund(compact):
        return _Column("amount", disclosure.phase_code, disclosure.fiscal_year, header)
    raise IngestError(
        path,
        line,
        f"unknown value column {header!r}: neither a phase (seeds/value_columns.csv) nor a fund",
    )


def _table_rows(
    path: Path, table: _Table, disclosure: Disclosure, reference: Reference
) -> list[Row]:
    columns = [
        _value_column(path, table.header_line, header, disclosure, reference)
        for header in table.headers
    ]
    rows: list[Row] = []
    fund_header = ("", "")
    patterns = reference.part_patterns.get(table.table_code, [])
    for number, cells in table.rows:
        label = cells[0].strip()
        values = [cell.strip() for cell in cells[1:]]
        if len(values) > len(table.headers) and any(values[len(table.headers) :]):
            raise IngestError(
                path,
                number,
                f"{len(values)} values for {len(table.headers)} value columns "
                f"({', '.join(table.headers)})",
            )
        if not label:
            raise IngestError(path, number, "a row without a label")
        values += [""] * (len(table.headers) - len(values))
        core = reference.label_core(label)
        is_part = bool(fund_header[0]) and any(pattern.fullmatch(core) for pattern in patterns)
        if not is_part:
            fund_header = (label, str(number))
        for header, column, value in zip(table.headers, columns, values, strict=False):
            rows.append(
                {
                    "document_id": disclosure.document_id,
                    "attachment_label": table.attachment_label,
                    "table_code": table.table_code,
                    "table_title": table.title,
                    "unit_text": table.unit_text,
                    "source_line": str(number),
                    "row_label": label,
                    "fund_header_label": fund_header[0] if is_part else "",
                    "fund_header_line": fund_header[1] if is_part else "",
                    "fund_column_label": column.fund_column_label,
                    "value_header": header,
                    "value_kind": column.value_kind,
                    "fiscal_year": str(column.fiscal_year),
                    "phase": column.phase_code,
                    "amount_text": value,
                }
            )
    return rows


def _publisher(lines: list[str]) -> str:
    for line in lines:
        stripped = line.strip()
        if "关于" in stripped and ("局" in stripped or "厅" in stripped or "部" in stripped):
            candidate = stripped[: stripped.index("关于")]
            if candidate:
                return candidate
    return ""


def _narrative_and_targets(
    path: Path, lines: list[str], disclosure: Disclosure, reference: Reference
) -> tuple[list[Row], list[Row]]:
    narrative_start = next(
        (
            number
            for number, line in enumerate(lines, start=1)
            if line.strip().startswith("关于") and "说明" in line
        ),
        None,
    )
    targets_start = next(
        (number for number, line in enumerate(lines, start=1) if "绩效目标表" in line), None
    )
    narrative: list[Row] = []
    if narrative_start is not None:
        end = targets_start if targets_start and targets_start > narrative_start else len(lines) + 1
        narrative = _narrative_figures(lines, narrative_start, end, disclosure, reference)
    targets: list[Row] = []
    if targets_start is not None:
        project_figures, targets = _performance_table(
            path, lines, targets_start, disclosure, reference
        )
        narrative.extend(project_figures)
    return narrative, targets


def _narrative_figures(
    lines: list[str], start: int, end: int, disclosure: Disclosure, reference: Reference
) -> list[Row]:
    """Every amount with a unit in the narrative, with the label just before it and the fund
    section it is in; a figure split across a line break is found whole."""
    figures: list[Row] = []
    section_label = ""
    section_text: list[tuple[int, str]] = []

    def flush() -> None:
        if not section_text:
            return
        text = ""
        offsets: list[tuple[int, int]] = []
        for number, line in section_text:
            offsets.append((len(text), number))
            text += line + "\n"
        matches = list(reference.narrative_figure.finditer(text))
        # The summary paragraph has no heading: its subject is the first figure's label as
        # printed ("…本级社会保险基金预算总收入"), which names the fund of all its figures.
        label = section_label or (matches[0].group("label") if matches else "")
        for match in matches:
            position = match.start("amount")
            line_number = max(number for offset, number in offsets if offset <= position)
            figures.append(
                {
                    "document_id": disclosure.document_id,
                    "statement_source": "narrative",
                    "source_line": str(line_number),
                    "section_label": label,
                    "figure_label": match.group("label"),
                    "amount_text": match.group("amount"),
                    "unit_text": match.group("unit"),
                    "fiscal_year": str(disclosure.fiscal_year),
                    "phase": disclosure.phase_code,
                }
            )
        section_text.clear()

    for number in range(start + 1, end):
        line = lines[number - 1]
        heading = reference.narrative_section.match(compact(line))
        if heading:
            flush()
            section_label = line.strip()
            continue
        section_text.append((number, line))
    flush()
    return figures


def _performance_table(
    path: Path, lines: list[str], start: int, disclosure: Disclosure, reference: Reference
) -> tuple[list[Row], list[Row]]:
    figures: list[Row] = []
    targets: list[Row] = []
    project_name = ""
    unit_text = "万元"
    levels = ["", ""]
    for number in range(start + 1, len(lines) + 1):
        line = lines[number - 1]
        unit = reference.unit_line.match(line)
        if unit:
            unit_text = unit.group(1)
            continue
        if "\t" not in line:
            continue
        cells = [cell.strip() for cell in line.split("\t")]
        first = cells[0].replace(" ", "")
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
                            "document_id": disclosure.document_id,
                            "statement_source": "performance_table",
                            "source_line": str(number),
                            "section_label": project_name,
                            "figure_label": label.removeprefix("其中：").removeprefix("其中:"),
                            "amount_text": cells[index + 1],
                            "unit_text": printed_unit,
                            "fiscal_year": str(disclosure.fiscal_year),
                            "phase": disclosure.phase_code,
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
            raise IngestError(
                path, number, "expected an indicator row: level 1, level 2, level 3, target value"
            )
        target = parse_target(printed[-1])
        targets.append(
            {
                "document_id": disclosure.document_id,
                "source_line": str(number),
                "level_1_indicator": levels[0],
                "level_2_indicator": levels[1],
                "level_3_indicator": indicator,
                "target_text": printed[-1],
                "target_operator": target.operator,
                "target_low": target.low,
                "target_high": target.high,
                "target_unit": target.unit,
                "fiscal_year": str(disclosure.fiscal_year),
            }
        )
    return figures, targets


@dataclass
class IngestResult:
    """What `write_disclosure` did: `unchanged`, `written`, `replaced` or `dry_run`."""

    action: str
    folder: Path
    archived_to: Path | None = None
    lines: list[str] = field(default_factory=list)


def render_files(disclosure: Disclosure) -> dict[str, str]:
    """The text of each CSV file, exactly as it is written (UTF-8, LF, header first, quoted
    only where a value holds a comma, a quote or a line break)."""
    rendered: dict[str, str] = {}
    for name, (columns, rows) in disclosure.files.items():
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([row[column] for column in columns] for row in rows)
        rendered[name] = buffer.getvalue()
    return rendered


def write_disclosure(
    disclosure: Disclosure, data_dir: Path, *, replace: bool = False, dry_run: bool = False
) -> IngestResult:
    """Write the document's folder under `data_dir`, whole or not at all.

    The same document again (same SHA-256 of its normalised text) changes nothing. A different
    text for the same document id (region, scope, year, phase) is refused unless `replace`, which
    moves the folder it replaces to `<data_dir>/../archive/<document_id>/<sha256 prefix>/`."""
    folder = data_dir / disclosure.document_id
    rendered = render_files(disclosure)
    existing_sha = _existing_sha256(folder)
    counts = ", ".join(f"{name} ({len(rows)} rows)" for name, (_, rows) in disclosure.files.items())
    if existing_sha == disclosure.source_sha256:
        return IngestResult(
            "unchanged", folder, lines=[f"{folder}: already ingested (same SHA-256); unchanged"]
        )
    if existing_sha is not None and not replace:
        raise IngestError(
            folder,
            None,
            f"a different document is already ingested for {disclosure.document_id} "
            f"(SHA-256 {existing_sha[:12]}…, new {disclosure.source_sha256[:12]}…): "
            "use --replace to archive it and write the new one",
        )
    if dry_run:
        verb = "replace" if existing_sha else "write"
        lines = [f"would {verb} {folder}: {counts}"]
        for name, text in rendered.items():
            lines.append(f"--- {name}")
            lines.extend(text.rstrip("\n").split("\n"))
        return IngestResult("dry_run", folder, lines=lines)

    data_dir.mkdir(parents=True, exist_ok=True)
    # A scratch folder of its own beside the data folder (same file system, so the folder moves
    # into place by one rename; outside data_dir, so dbt never reads it half-written).
    scratch = Path(
        tempfile.mkdtemp(prefix=f".ingest-{disclosure.document_id}-", dir=data_dir.parent)
    )
    try:
        for name, text in rendered.items():
            (scratch / name).write_text(text, encoding="utf-8", newline="")
        archived_to = None
        if existing_sha is not None:
            archived_to = data_dir.parent / "archive" / disclosure.document_id / existing_sha[:12]
            archived_to.parent.mkdir(parents=True, exist_ok=True)
            if archived_to.exists():
                _remove_tree(archived_to)
            folder.rename(archived_to)
        scratch.rename(folder)
    finally:
        if scratch.exists():
            _remove_tree(scratch)
    action = "replaced" if archived_to else "written"
    lines = [f"{action} {folder}: {counts}"]
    if archived_to:
        lines.append(f"archived the replaced document to {archived_to}")
    return IngestResult(action, folder, archived_to, lines)


def _existing_sha256(folder: Path) -> str | None:
    document = folder / "document.csv"
    if not document.is_file():
        return None
    with document.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return rows[0]["source_sha256"] if rows else None


def _remove_tree(path: Path) -> None:
    for child in sorted(path.rglob("*"), reverse=True):
        if child.is_dir():
            child.rmdir()
        else:
            child.unlink()
    path.rmdir()
