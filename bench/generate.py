"""Synthetic disclosures at a chosen scale, as the per-document folders `sibudget ingest` writes,
with the accounting identities holding and a stated number of injected faults of each kind.

Figures are whole 万元, so identities hold exactly. Per region and fund the balances chain:
final account (Y) rolls from final account (Y-1); estimated outturn (Y) rolls from final account
(Y-1); budget (Y) rolls from estimated outturn (Y-1). Other pairs of phases need not roll
(warnings, not faults). A fund merged into another (seed fund_mergers: maternity into
medical_employee from 2020) hands its balance on: the successor's balance rolls from the sum.

Faults, each recorded with every error finding it must cause (expected_findings.csv) and
acknowledged as a known publisher error (known_publisher_errors.csv), so the gate passes:
- wrong_total: a budget's printed total income +100: funds_sum_to_total (income_total) and
  surplus_identity of the total;
- broken_surplus: an estimated outturn's printed surplus of one fund and of the total +50:
  surplus_identity of both (its balances feed only the next budget, which rolls on balances);
- broken_roll_forward: a budget's year-end balance of one fund and of the total +100:
  roll_forward of both, against the estimated outturn of the year before;
- missing_fund: a budget without one fund's rows: expected_fund_present in the three tables and
  funds_sum_to_total on each of the eight lines.

    python bench/generate.py --out DIR [--regions 3] [--first-year 2020] [--years 3]
        [--phases budget,estimated_outturn,final_account] [--faults 1] [--seed 7]

Writes DIR/disclosures/<document>/, DIR/seeds/regions.csv, DIR/seeds/known_publisher_errors.csv
and DIR/expected_findings.csv, in the layout of sibudget.disclosure_files.
"""

from __future__ import annotations

import argparse
import csv
import random
from dataclasses import dataclass, field
from pathlib import Path

from sibudget.disclosure_files import (
    DOCUMENT_COLUMNS,
    NARRATIVE_FIGURE_COLUMNS,
    PERFORMANCE_TARGET_COLUMNS,
    TABLE_CELLS_COLUMNS,
)

ROOT = Path(__file__).resolve().parents[1]
PHASES = ("budget", "estimated_outturn", "final_account")
PHASE_HEADERS = {"budget": "预算数", "estimated_outturn": "预计执行数", "final_account": "决算数"}
LINES = (
    "income_total",
    "income_premium",
    "income_interest",
    "income_subsidy",
    "expenditure_total",
    "expenditure_benefit",
    "surplus",
    "closing_balance",
)
FAULT_KINDS = ("wrong_total", "broken_surplus", "broken_roll_forward", "missing_fund")
Figures = dict[str, dict[str, int]]  # fund code (or total) -> line -> 万元


@dataclass
class Document:
    region_code: str
    fiscal_year: int
    phase: str
    figures: Figures
    dropped_fund: str = ""

    @property
    def document_id(self) -> str:
        return f"{self.region_code}-benji-{self.fiscal_year}-{self.phase}"


@dataclass
class Generated:
    documents: list[Document] = field(default_factory=list)
    expected: list[dict[str, str]] = field(default_factory=list)


def expected_funds(year: int) -> list[tuple[str, str]]:
    """(fund code, Chinese name) of the funds expected in `year` (seeds expected_funds, funds)."""
    with (ROOT / "seeds" / "funds.csv").open(encoding="utf-8", newline="") as handle:
        names = {row["fund_code"]: row["fund_name_zh"] for row in csv.DictReader(handle)}
        order = list(names)
    with (ROOT / "seeds" / "expected_funds.csv").open(encoding="utf-8", newline="") as handle:
        codes = {
            row["fund_code"]
            for row in csv.DictReader(handle)
            if row["region_code"] == "*"
            and row["requirement"] == "required"
            and int(row["first_fiscal_year"]) <= year <= int(row["last_fiscal_year"])
        }
    return [(code, names[code]) for code in order if code in codes]


def fund_mergers(year: int) -> dict[str, str]:
    """Merged fund -> the fund it merged into, for the mergers effective in `year` (seed
    fund_mergers): e.g. maternity into medical_employee in 2020."""
    with (ROOT / "seeds" / "fund_mergers.csv").open(encoding="utf-8", newline="") as handle:
        return {
            row["merged_fund_code"]: row["into_fund_code"]
            for row in csv.DictReader(handle)
            if int(row["first_fiscal_year"]) == year
        }


def flows(rng: random.Random) -> dict[str, int]:
    """A fund-year's income and expenditure: expenditure within a few percent of income, as in
    real budgets, so that balances stay within a plausible number of months of payment."""
    premium, interest, subsidy = (
        rng.randint(5000, 90000),
        rng.randint(50, 900),
        rng.randint(1, 30000),
    )
    income = premium + interest + subsidy + rng.randint(1, 500)
    expenditure = max(round(income * rng.uniform(0.94, 1.05)), 2)
    benefit = expenditure - rng.randint(1, min(800, expenditure - 1))
    return {
        "income_total": income,
        "income_premium": premium,
        "income_interest": interest,
        "income_subsidy": subsidy,
        "expenditure_total": expenditure,
        "expenditure_benefit": benefit,
        "surplus": income - expenditure,
    }


def generate(regions: int, first_year: int, years: int, phases: list[str], seed: int) -> Generated:
    rng = random.Random(seed)
    generated = Generated()
    for number in range(regions):
        region = f"{910000 + number:06d}"
        final_closing: dict[str, int] = {}
        outturn_closing: dict[str, int] = {}
        for year in range(first_year, first_year + years):
            funds = expected_funds(year)
            for merged, into in fund_mergers(year).items():
                for closing in (final_closing, outturn_closing):
                    if merged in closing:  # its balance rolls into the fund it merged into
                        closing[into] = closing.get(into, 0) + closing.pop(merged)
            for code, _ in funds:
                final_closing.setdefault(code, rng.randint(30000, 150000))  # 6 to 24 months
                outturn_closing.setdefault(code, final_closing[code] + rng.randint(-500, 500))
            chained = {
                "final_account": dict(final_closing),
                "estimated_outturn": dict(final_closing),
                "budget": dict(outturn_closing),
            }
            new_final, new_outturn = dict(final_closing), dict(outturn_closing)
            for phase in PHASES:
                if phase not in phases:
                    continue
                figures: Figures = {}
                for code, _ in funds:
                    values = flows(rng)
                    values["closing_balance"] = chained[phase][code] + values["surplus"]
                    figures[code] = values
                    if phase == "final_account":
                        new_final[code] = values["closing_balance"]
                    if phase == "estimated_outturn":
                        new_outturn[code] = values["closing_balance"]
                figures["total"] = {
                    line: sum(figures[code][line] for code, _ in funds) for line in LINES
                }
                generated.documents.append(Document(region, year, phase, figures))
            final_closing, outturn_closing = new_final, new_outturn
    return generated


def inject(generated: Generated, faults: int, rng: random.Random) -> None:
    """`faults` faults of each kind, in distinct documents; their expected error findings."""
    used: set[str] = set()

    outturns = {
        (document.region_code, document.fiscal_year)
        for document in generated.documents
        if document.phase == "estimated_outturn"
    }

    def pick(phase: str, *, rolls_from_outturn: bool = False) -> Document:
        """An unused document of `phase`; for roll-forward faults, a budget whose region has an
        estimated outturn the year before (the pair whose break is an error)."""
        candidates = [
            document
            for document in generated.documents
            if document.phase == phase
            and document.document_id not in used
            and (
                not rolls_from_outturn
                or (document.region_code, document.fiscal_year - 1) in outturns
            )
        ]
        if not candidates:
            raise SystemExit(f"not enough {phase} documents for {faults} faults of each kind")
        document = rng.choice(candidates)
        used.add(document.document_id)
        return document

    def expect(
        kind: str, number: int, document: Document, rule: str, fund: str, where: str
    ) -> None:
        generated.expected.append(
            {
                "fault_id": f"{kind}-{number}",
                "fault_kind": kind,
                "document_id": document.document_id,
                "rule_id": rule,
                "fund_code": fund,
                "line_or_table": where,
            }
        )

    for number in range(faults):
        document = pick("budget")
        document.figures["total"]["income_total"] += 100
        expect("wrong_total", number, document, "funds_sum_to_total", "total", "income_total")
        expect("wrong_total", number, document, "surplus_identity", "total", "surplus")

        document = pick("estimated_outturn")
        fund = rng.choice([code for code in document.figures if code != "total"])
        for code in (fund, "total"):
            document.figures[code]["surplus"] += 50
            expect("broken_surplus", number, document, "surplus_identity", code, "surplus")

        document = pick("budget", rolls_from_outturn=True)
        fund = rng.choice([code for code in document.figures if code != "total"])
        for code in (fund, "total"):
            document.figures[code]["closing_balance"] += 100
            expect("broken_roll_forward", number, document, "roll_forward", code, "closing_balance")

        document = pick("budget")
        fund = rng.choice(
            [c for c in document.figures if c != "total" and document.figures[c]["surplus"]]
        )
        document.dropped_fund = fund
        for table in ("balance", "expenditure", "income"):
            expect("missing_fund", number, document, "expected_fund_present", fund, table)
        for line in LINES:
            expect("missing_fund", number, document, "funds_sum_to_total", "total", line)


def write_document(document: Document, data_dir: Path) -> None:
    folder = data_dir / document.document_id
    folder.mkdir(parents=True)
    header = f"{document.fiscal_year}年{PHASE_HEADERS[document.phase]}"
    names = dict(expected_funds(document.fiscal_year))
    rows: list[dict[str, str]] = []
    line = 0
    tables = (
        ("附件1", "income", "收入", ("income_premium", "income_interest", "income_subsidy")),
        ("附件2", "expenditure", "支出", ("expenditure_benefit",)),
        ("附件3", "balance", "", ()),
    )
    part_labels = {
        "income_premium": "其中: 保险费收入",
        "income_interest": "利息收入",
        "income_subsidy": "财政补贴收入",
        "expenditure_benefit": "其中: 社会保险待遇支出",
    }
    for attachment, table, suffix, parts in tables:
        kind = "预算" if document.phase == "budget" else "执行"
        title = f"{document.fiscal_year}年合成社会保险基金{kind}"
        title += {"income": "收入表", "expenditure": "支出表", "balance": "结余表"}[table]
        headers: list[tuple[str, str]] = []
        for code in ["total", *names]:
            if code == document.dropped_fund:
                continue
            name = "社会保险基金" if code == "total" else names[code]
            if table == "balance":
                headers += [(code, f"{name}本年收支结余"), (code, f"{name}年末累计结余")]
            else:
                headers.append((code, f"{name}{suffix}" + ("合计" if code == "total" else "")))
        for code, label in headers:
            line += 1
            total_line = {"income": "income_total", "expenditure": "expenditure_total"}.get(table)
            if table == "balance":
                total_line = "surplus" if label.endswith("本年收支结余") else "closing_balance"
            assert total_line is not None
            header_line = line
            rows.append(
                cell(document, attachment, table, title, line, label, "", "", header,
                     document.figures[code][total_line])
            )  # fmt: skip
            for part in parts:
                line += 1
                rows.append(
                    cell(document, attachment, table, title, line, part_labels[part], label,
                         str(header_line), header, document.figures[code][part])
                )  # fmt: skip
    write_csv(folder / "table_cells.csv", TABLE_CELLS_COLUMNS, rows)
    write_csv(
        folder / "document.csv",
        DOCUMENT_COLUMNS,
        [
            {
                "document_id": document.document_id,
                "region_code": document.region_code,
                "scope": "benji",
                "fiscal_year": str(document.fiscal_year),
                "document_kind": document.phase,
                "title": f"合成 {document.document_id}",
                "publisher": "bench/generate",
                "source_url": "",
                "published_on": "",
                "source_file_name": "",
                "source_sha256": "",
            }
        ],
    )
    write_csv(folder / "narrative_figures.csv", NARRATIVE_FIGURE_COLUMNS, [])
    write_csv(folder / "performance_targets.csv", PERFORMANCE_TARGET_COLUMNS, [])


def cell(
    document: Document,
    attachment: str,
    table: str,
    title: str,
    line: int,
    label: str,
    header_label: str,
    header_line: str,
    value_header: str,
    amount: int,
) -> dict[str, str]:
    return {
        "document_id": document.document_id,
        "attachment_label": attachment,
        "table_code": table,
        "table_title": title,
        "unit_text": "万元",
        "source_line": str(line),
        "row_label": label,
        "fund_header_label": header_label,
        "fund_header_line": header_line,
        "fund_column_label": "",
        "value_header": value_header,
        "value_kind": "amount",
        "fiscal_year": str(document.fiscal_year),
        "phase": document.phase,
        "amount_text": f"{amount:,}",
    }


def write_csv(path: Path, columns: tuple[str, ...], rows: list[dict[str, str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--regions", type=int, default=3)
    parser.add_argument("--first-year", type=int, default=2020)
    parser.add_argument("--years", type=int, default=3)
    parser.add_argument("--phases", default=",".join(PHASES))
    parser.add_argument("--faults", type=int, default=1, help="faults of each kind")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    phases = [phase for phase in args.phases.split(",") if phase]
    generated = generate(args.regions, args.first_year, args.years, phases, args.seed)
    inject(generated, args.faults, random.Random(args.seed + 1))
    data_dir = args.out / "disclosures"
    for document in generated.documents:
        write_document(document, data_dir)
    write_csv(
        args.out / "expected_findings.csv",
        ("fault_id", "fault_kind", "document_id", "rule_id", "fund_code", "line_or_table"),
        generated.expected,
    )
    acknowledged = sorted(
        {(row["document_id"], row["rule_id"], row["fund_code"]) for row in generated.expected}
    )
    write_csv(
        args.out / "seeds" / "known_publisher_errors.csv",
        ("document_id", "rule_id", "fund_code", "reason"),
        [
            {"document_id": d, "rule_id": r, "fund_code": f, "reason": "injected by bench/generate"}
            for d, r, f in acknowledged
        ],
    )
    with (ROOT / "seeds" / "regions.csv").open(encoding="utf-8", newline="") as handle:
        regions = list(csv.DictReader(handle))
    for code in sorted({document.region_code for document in generated.documents}):
        regions.append(
            {
                "region_code": code,
                "region_name_zh": f"合成地区{code}",
                "region_short_name_zh": f"合成{code}",
                "region_name_en": f"Synthetic region {code}",
                "region_level": "county",
                "parent_region_code": "",
            }
        )
    write_csv(args.out / "seeds" / "regions.csv", tuple(regions[0]), regions)
    print(
        f"{len(generated.documents)} documents, "
        f"{sum(1 for _ in data_dir.glob('*/table_cells.csv'))} folders, "
        f"{len(generated.expected)} expected findings from "
        f"{len({row['fault_id'] for row in generated.expected})} faults -> {args.out}"
    )


if __name__ == "__main__":
    main()
