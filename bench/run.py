"""bench/run: the project's full build + gate against the plain DuckDB baseline, at several scales.

At each scale: generate synthetic disclosures (bench/generate.py) with injected faults, then
- the baseline: one plain DuckDB SQL script (bench/baseline.py), over every disclosure, into its
  own file;
- the anchor: the core written by hand as one plain DuckDB script (bench/anchor.py), over every
  disclosure, into its own file: the reference for speed (issue 14);
- the project: `sibudget build` (dbt build with every test, the findings gate, Great
  Expectations, the release with its Parquet export) in a copy of the project, over every
  disclosure but one held out (a budget in the middle of the last region's years);
- the incremental refresh: the held-out disclosure added (`sibudget refresh DOCUMENT_ID`);
- `sibudget check` of one document (the real 2020 budget's text, data/sources/) in the built
  project, best of CHECK_RUNS (issue 14's target: CHECK_TARGET_SECONDS, start-up included);
each in its own process, timed by the wall clock, its peak memory the process's maximum resident
set size (getrusage). Then the checks, on the refreshed warehouse: each path's failed error
findings are exactly the injected faults (expected_findings.csv), and the two give the same
marts row for row (build id aside): the full build plus the refresh equals the baseline. The
anchor's failed errors are exactly the injected faults too, and its fund facts, surplus view and
core rule results equal the project's marts row for row. Last, issue 14's targets, each with its
figure: check ≤ CHECK_TARGET_SECONDS, refresh ≤ REFRESH_TARGET_SECONDS, the build ≤
BUILD_TARGET_RATIO × the anchor, peak memory ≤ PEAK_TARGET_MB.

Scale 1× is 32 regions × 12 years × 3 phases × 8 funds (1,152 disclosures); 100× is national
scale, 3,200 regions (115,200 disclosures, about 7.4 million printed figures).

    bench/run [--scales 1,10,100] [--faults 3] [--work DIR] [--write BENCHMARKS.md]
    bench/run --regions 3 --years 3 --faults 1        (one small scale: the correctness check)
    bench/run --engine spark --scales 1               (the Spark target beside DuckDB)
    bench/run --scales 1,10,100 --no-report           (issue 14's targets without the report,
                                                       which takes hours at 100×)

With --engine spark, each scale is built twice, by `sibudget build` and by `sibudget build
--target spark` (scripts/start-spark's cluster, started first), and the two are compared: both
find exactly the injected faults and give the same marts row for row (build id aside). It prints
each build's wall time, the peak memory of the sibudget process, and the cluster's: the sum of
the high-water marks of its JVMs (master, workers, executors, Thrift server) since they started.

Exits 1 when a check fails.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from anchor import failed_errors as anchor_failed_errors

from sibudget.project import DBT_PROJECT_ENTRIES
from sibudget.spark import cluster_dir
from sibudget.warehouse import query

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
REGIONS_AT_1X = 32
CHECKED_DOCUMENT = ROOT / "data" / "sources" / "652800-benji-2020-budget.txt"
CHECK_RUNS = 3
CHECK_TARGET_SECONDS = 2.0
REFRESH_TARGET_SECONDS = 5.0
BUILD_TARGET_RATIO = 1.5
PEAK_TARGET_MB = 3072

ERROR_FINDINGS = (
    "select document_id, rule_id, fund_code, "
    "case when rule_id = 'expected_fund_present' then table_code else line_code end as place "
    "from marts.fct_quality_findings where status = 'failed' and severity = 'error'"
)


@dataclass
class Measured:
    seconds: float
    peak_mb: float
    exit_code: int


@dataclass
class ScaleResult:
    label: str
    regions: int
    documents: int
    figures: int
    injected_findings: int
    generate_seconds: float
    project: Measured
    baseline: Measured
    anchor: Measured
    refresh: Measured
    refreshed_document: str
    check: Measured
    """The best of CHECK_RUNS runs of `sibudget check` of CHECKED_DOCUMENT."""
    report: Measured | None
    """`sibudget report --no-docs` of the refreshed project; None with --no-report."""
    report_pages: int
    report_mb: float
    index_kb: float
    project_findings_exact: bool
    baseline_findings_exact: bool
    anchor_findings_exact: bool
    same_marts: bool
    same_core: bool
    """The anchor's fund facts, surplus view and core rule results equal the project's."""

    @property
    def ratio_seconds(self) -> float:
        return self.project.seconds / self.baseline.seconds

    @property
    def ratio_memory(self) -> float:
        return self.project.peak_mb / self.baseline.peak_mb

    @property
    def ratio_to_anchor(self) -> float:
        return self.project.seconds / self.anchor.seconds

    @property
    def baseline_to_anchor(self) -> float:
        return self.baseline.seconds / self.anchor.seconds

    @property
    def correct(self) -> bool:
        return (
            self.project_findings_exact
            and self.baseline_findings_exact
            and self.anchor_findings_exact
            and self.same_marts
            and self.same_core
        )

    def targets(self) -> list[tuple[str, str, bool]]:
        """Issue 14's targets: what, the figure measured, met."""
        peak = max(self.project.peak_mb, self.refresh.peak_mb)
        return [
            (
                f"check of one document ≤ {CHECK_TARGET_SECONDS:.0f} s",
                f"{self.check.seconds:.2f} s",
                self.check.seconds <= CHECK_TARGET_SECONDS,
            ),
            (
                f"refresh of one document ≤ {REFRESH_TARGET_SECONDS:.0f} s",
                f"{self.refresh.seconds:.1f} s",
                self.refresh.seconds <= REFRESH_TARGET_SECONDS,
            ),
            (
                f"full build ≤ {BUILD_TARGET_RATIO}× the anchor",
                f"{self.project.seconds:.1f} s against {self.anchor.seconds:.1f} s: "
                f"{self.ratio_to_anchor:.2f}×",
                self.ratio_to_anchor <= BUILD_TARGET_RATIO,
            ),
            (
                f"peak memory ≤ {PEAK_TARGET_MB:,} MB",
                f"{peak:,.0f} MB",
                peak <= PEAK_TARGET_MB,
            ),
        ]


def measure(command: list[str], log: Path, env: dict[str, str] | None = None) -> Measured:
    """Run `command` with its output to `log`: wall seconds, peak RSS (MB), exit code."""
    started = time.perf_counter()
    with log.open("w", encoding="utf-8") as handle:
        process = subprocess.Popen(
            command, stdout=handle, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})}
        )
        _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    return Measured(seconds, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status))


def found_errors(warehouse: Path) -> set[tuple[str, str, str, str]]:
    return {
        (row["document_id"], row["rule_id"], row["fund_code"], row["place"] or "")
        for row in query(warehouse, ERROR_FINDINGS)
    }


def expected_errors(generated: Path) -> set[tuple[str, str, str, str]]:
    with (generated / "expected_findings.csv").open(encoding="utf-8", newline="") as handle:
        return {
            (row["document_id"], row["rule_id"], row["fund_code"], row["line_or_table"])
            for row in csv.DictReader(handle)
        }


def prepare_project(generated: Path, project: Path) -> None:
    shutil.rmtree(project, ignore_errors=True)
    for entry in DBT_PROJECT_ENTRIES:
        source, target = ROOT / entry, project / entry
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target)
        else:
            shutil.copy2(source, target)
    (project / "data").mkdir()
    (generated / "disclosures").rename(project / "data" / "disclosures")
    for seed in (generated / "seeds").iterdir():
        shutil.copy2(seed, project / "seeds" / seed.name)


def generate(
    label: str, generated: Path, regions: int, first_year: int, years: int, faults: int
) -> None:
    """Synthetic disclosures with injected faults into `generated` (bench/generate.py)."""
    say(f"[{label}] generating {regions} regions × {years} years × 3 phases")
    subprocess.run(
        [sys.executable, str(ROOT / "bench" / "generate.py"), "--out", str(generated),
         "--regions", str(regions), "--first-year", str(first_year), "--years", str(years),
         "--faults", str(faults)],
        check=True, stdout=subprocess.DEVNULL,
    )  # fmt: skip


def run_scale(
    label: str,
    regions: int,
    first_year: int,
    years: int,
    faults: int,
    work: Path,
    with_report: bool = True,
) -> ScaleResult:
    folder = work / label.replace("×", "x").replace(" ", "-")
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    generated, project = folder / "generated", folder / "project"
    started = time.perf_counter()
    generate(label, generated, regions, first_year, years, faults)
    generate_seconds = time.perf_counter() - started
    expected = expected_errors(generated)
    prepare_project(generated, project)
    data_dir = project / "data" / "disclosures"
    documents = sum(1 for _ in data_dir.iterdir())
    figures = sum(
        sum(1 for _ in (document / "table_cells.csv").open("rb")) - 1
        for document in data_dir.iterdir()
    )

    script = folder / "baseline.sql"
    subprocess.run(
        [sys.executable, str(ROOT / "bench" / "baseline.py"), "write",
         "--project-dir", str(project), "--out", str(script)],
        check=True, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    baseline_db = folder / "baseline" / "sibudget.duckdb"
    say(f"[{label}] baseline: {documents} disclosures, {figures} figures")
    baseline = measure(
        [sys.executable, str(ROOT / "bench" / "baseline.py"), "run", "--script", str(script),
         "--data-dir", str(data_dir), "--seeds-dir", str(project / "seeds"),
         "--database", str(baseline_db)],
        folder / "baseline.log",
    )  # fmt: skip
    say(f"[{label}] baseline: {baseline.seconds:.1f} s, {baseline.peak_mb:.0f} MB")
    anchor_db = folder / "anchor" / "anchor.duckdb"
    anchor = measure(
        [sys.executable, str(ROOT / "bench" / "anchor.py"), "run", "--data-dir", str(data_dir),
         "--seeds-dir", str(project / "seeds"), "--database", str(anchor_db)],
        folder / "anchor.log",
    )  # fmt: skip
    say(f"[{label}] anchor: {anchor.seconds:.1f} s, {anchor.peak_mb:.0f} MB")
    held_out = held_out_document(data_dir)
    (data_dir / held_out).rename(folder / held_out)
    say(f"[{label}] project: sibudget build (without {held_out})")
    built = measure(
        [str(BIN / "sibudget"), "--project-dir", str(project), "build"],
        folder / "project.log",
    )
    say(f"[{label}] project: {built.seconds:.1f} s, {built.peak_mb:.0f} MB, exit {built.exit_code}")
    (folder / held_out).rename(data_dir / held_out)
    refreshed = measure(
        [str(BIN / "sibudget"), "--project-dir", str(project), "refresh", held_out],
        folder / "refresh.log",
    )
    say(
        f"[{label}] refresh, {held_out} added: {refreshed.seconds:.1f} s, "
        f"{refreshed.peak_mb:.0f} MB, exit {refreshed.exit_code}"
    )
    check = [str(BIN / "sibudget"), "--project-dir", str(project), "check"]
    check += [str(CHECKED_DOCUMENT), "--region", "652800"]
    checks = [measure(check, folder / f"check-{run}.log") for run in range(1, CHECK_RUNS + 1)]
    checked = min(checks, key=lambda measured: measured.seconds)
    say(
        f"[{label}] check of {CHECKED_DOCUMENT.name}: best {checked.seconds:.2f} s of "
        f"{', '.join(f'{measured.seconds:.2f}' for measured in checks)}, "
        f"{checked.peak_mb:.0f} MB, exit {checked.exit_code}; target {CHECK_TARGET_SECONDS:.0f} s "
        + ("met" if checked.seconds <= CHECK_TARGET_SECONDS else "NOT MET")
    )
    reported: Measured | None = None
    pages: list[Path] = []
    report_mb = index_kb = 0.0
    if with_report:
        report_dir = folder / "report"
        reported = measure(
            [str(BIN / "sibudget"), "--project-dir", str(project), "report", "--no-docs",
             "--out", str(report_dir)],
            folder / "report.log",
        )  # fmt: skip
        pages = sorted(report_dir.glob("*.html")) if reported.exit_code == 0 else []
        report_mb = sum(page.stat().st_size for page in pages) / 1e6
        index_kb = (report_dir / "index.html").stat().st_size / 1e3 if pages else 0.0
        say(
            f"[{label}] report (no dbt docs): {reported.seconds:.1f} s, "
            f"{reported.peak_mb:.0f} MB, {len(pages)} pages, {report_mb:.1f} MB, "
            f"front page {index_kb:.0f} kB, exit {reported.exit_code}"
        )
    served = project / "warehouse" / "sibudget.duckdb"
    built_ok = (
        built.exit_code == 0
        and refreshed.exit_code == 0
        and (reported is None or reported.exit_code == 0)
        and all(measured.exit_code == 0 for measured in checks)
    )
    project_ok = built_ok and found_errors(served) == expected
    baseline_ok = baseline.exit_code == 0 and found_errors(baseline_db) == expected
    same = (
        built_ok
        and baseline.exit_code == 0
        and subprocess.run(
            [sys.executable, str(ROOT / "bench" / "baseline.py"), "compare",
             str(served), str(baseline_db)],
            stdout=subprocess.DEVNULL,
        ).returncode == 0
    )  # fmt: skip
    anchor_ok = anchor.exit_code == 0 and anchor_failed_errors(anchor_db) == expected
    core = (
        subprocess.run(
            [sys.executable, str(ROOT / "bench" / "anchor.py"), "compare", str(served),
             str(anchor_db)],
            stdout=(folder / "anchor-compare.log").open("w", encoding="utf-8"),
        ).returncode == 0
        if built_ok and anchor.exit_code == 0
        else False
    )  # fmt: skip
    return ScaleResult(
        label=label,
        regions=regions,
        documents=documents,
        figures=figures,
        injected_findings=len(expected),
        generate_seconds=generate_seconds,
        project=built,
        baseline=baseline,
        anchor=anchor,
        refresh=refreshed,
        refreshed_document=held_out,
        check=checked,
        report=reported,
        report_pages=len(pages),
        report_mb=report_mb,
        index_kb=index_kb,
        project_findings_exact=project_ok,
        baseline_findings_exact=baseline_ok,
        anchor_findings_exact=anchor_ok,
        same_marts=same,
        same_core=core,
    )


@dataclass
class EngineResult:
    label: str
    documents: int
    injected_findings: int
    duckdb: Measured
    spark: Measured
    cluster_peak_mb: float
    duckdb_findings_exact: bool
    spark_findings_exact: bool
    same_marts: bool

    @property
    def correct(self) -> bool:
        return self.duckdb_findings_exact and self.spark_findings_exact and self.same_marts


def cluster_peak_mb() -> float:
    """The sum of the high-water marks (VmHWM) of the Spark cluster's JVMs: the processes
    scripts/start-spark recorded and their children (the executors)."""
    run = cluster_dir() / "run"
    pending = [int(path.read_text()) for path in run.glob("*.pid")]
    total_kb, seen = 0, set()
    while pending:
        pid = pending.pop()
        if pid in seen:
            continue
        seen.add(pid)
        try:
            status = Path(f"/proc/{pid}/status").read_text()
            children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        except OSError:
            continue
        total_kb += next(
            (int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM:")), 0
        )
        pending.extend(int(child) for child in children)
    return total_kb / 1024


def run_engines(
    label: str, regions: int, first_year: int, years: int, faults: int, work: Path
) -> EngineResult:
    """One scale built on DuckDB and on Spark, timed and compared."""
    folder = work / ("spark-" + label.replace("×", "x").replace(" ", "-"))
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    generated = folder / "generated"
    generate(label, generated, regions, first_year, years, faults)
    expected = expected_errors(generated)
    duckdb_project, spark_project = folder / "duckdb", folder / "spark"
    prepare_project(generated, duckdb_project)
    shutil.copytree(duckdb_project, spark_project)
    documents = sum(1 for _ in (duckdb_project / "data" / "disclosures").iterdir())
    started = subprocess.run([str(ROOT / "scripts" / "start-spark")], check=False)
    if started.returncode != 0:
        raise SystemExit("scripts/start-spark failed: no cluster to measure")
    say(f"[{label}] DuckDB: sibudget build of {documents} disclosures")
    on_duckdb = measure(
        [str(BIN / "sibudget"), "--project-dir", str(duckdb_project), "build"],
        folder / "duckdb.log",
    )
    say(f"[{label}] DuckDB: {on_duckdb.seconds:.1f} s, {on_duckdb.peak_mb:.0f} MB")
    say(f"[{label}] Spark: sibudget build --target spark")
    on_spark = measure(
        [str(BIN / "sibudget"), "--project-dir", str(spark_project), "build", "--target", "spark"],
        folder / "spark.log",
        env={"SIBUDGET_SPARK_SCHEMA_PREFIX": f"bench{os.getpid()}_"},
    )
    cluster = cluster_peak_mb()
    say(
        f"[{label}] Spark: {on_spark.seconds:.1f} s, sibudget {on_spark.peak_mb:.0f} MB, "
        f"cluster JVMs {cluster:,.0f} MB, exit {on_spark.exit_code}"
    )
    duckdb_served = duckdb_project / "warehouse" / "sibudget.duckdb"
    spark_served = spark_project / "warehouse" / "sibudget.duckdb"
    both = on_duckdb.exit_code == 0 and on_spark.exit_code == 0
    same = both and (
        subprocess.run(
            [sys.executable, str(ROOT / "bench" / "baseline.py"), "compare",
             str(spark_served), str(duckdb_served)],
            stdout=(folder / "compare.log").open("w", encoding="utf-8"),
        ).returncode == 0
    )  # fmt: skip
    return EngineResult(
        label=label,
        documents=documents,
        injected_findings=len(expected),
        duckdb=on_duckdb,
        spark=on_spark,
        cluster_peak_mb=cluster,
        duckdb_findings_exact=on_duckdb.exit_code == 0 and found_errors(duckdb_served) == expected,
        spark_findings_exact=on_spark.exit_code == 0 and found_errors(spark_served) == expected,
        same_marts=same,
    )


def engine_table(results: list[EngineResult]) -> list[str]:
    lines = [
        "| scale | disclosures | injected errors | DuckDB build | peak | Spark build | sibudget "
        "peak | cluster JVMs (high-water) | Spark / DuckDB | faults exact (DuckDB, Spark) | "
        "same marts |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for result in results:
        lines.append(
            f"| {result.label} | {result.documents:,} | {result.injected_findings} | "
            f"{result.duckdb.seconds:.1f} s | {result.duckdb.peak_mb:,.0f} MB | "
            f"{result.spark.seconds:.1f} s | {result.spark.peak_mb:,.0f} MB | "
            f"{result.cluster_peak_mb:,.0f} MB | "
            f"{result.spark.seconds / result.duckdb.seconds:.1f}× | "
            f"{yes(result.duckdb_findings_exact)}, {yes(result.spark_findings_exact)} | "
            f"{yes(result.same_marts)} |"
        )
    return lines


def held_out_document(data_dir: Path) -> str:
    """The budget in the middle of the last region's years: it has years on both sides, so
    its refresh exercises roll-forward into it and out of it."""
    names = sorted(path.name for path in data_dir.iterdir())
    region = names[-1].split("-", 1)[0]
    budgets = [name for name in names if name.startswith(f"{region}-") and name.endswith("-budget")]
    return budgets[len(budgets) // 2]


def say(line: str) -> None:
    print(line, flush=True)


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.is_file():
        kilobytes = int(meminfo.read_text().split("\n", 1)[0].split()[1])
        memory = f", {kilobytes / 1024 / 1024:.0f} GB RAM"
    return f"{cpu}, {os.cpu_count()} cores{memory}; {platform.system()} {platform.release()}"


def table(results: list[ScaleResult]) -> list[str]:
    lines = [
        "| scale | disclosures | figures | project s | baseline s | anchor s | project / baseline "
        "| project / anchor | baseline / anchor | project peak MB | baseline peak MB "
        "| anchor peak MB | refresh s | refresh peak MB | check s | report s | report pages "
        "| report MB | front page kB | faults found exactly (project / baseline / anchor) "
        "| same marts | same core (anchor) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:"
        "|---:|---:|---|---|---|",
    ]
    for result in results:
        lines.append(
            f"| {result.label} | {result.documents:,} | {result.figures:,} "
            f"| {result.project.seconds:.1f} | {result.baseline.seconds:.1f} "
            f"| {result.anchor.seconds:.1f} | {result.ratio_seconds:.2f} "
            f"| {result.ratio_to_anchor:.2f} | {result.baseline_to_anchor:.2f} "
            f"| {result.project.peak_mb:,.0f} | {result.baseline.peak_mb:,.0f} "
            f"| {result.anchor.peak_mb:,.0f} "
            f"| {result.refresh.seconds:.1f} | {result.refresh.peak_mb:,.0f} "
            f"| {result.check.seconds:.2f} | {report_columns(result)} "
            f"| {yes(result.project_findings_exact)} / {yes(result.baseline_findings_exact)} "
            f"/ {yes(result.anchor_findings_exact)} ({result.injected_findings}) "
            f"| {yes(result.same_marts)} | {yes(result.same_core)} |"
        )
    return lines


def report_columns(result: ScaleResult) -> str:
    """The report's seconds, pages, MB and front page kB, or "not run" in each."""
    if result.report is None:
        return " | ".join(["not run"] * 4)
    return (
        f"{result.report.seconds:.1f} | {result.report_pages:,} | {result.report_mb:,.1f} "
        f"| {result.index_kb:,.0f}"
    )


def targets(results: list[ScaleResult]) -> list[str]:
    """Issue 14's targets at each scale, each with its figure and met or NOT MET."""
    lines = ["| scale | target | measured | |", "|---|---|---|---|"]
    for result in results:
        for target, measured, met in result.targets():
            lines.append(
                f"| {result.label} | {target} | {measured} | {'met' if met else 'NOT MET'} |"
            )
    return lines


BEGIN, END = "<!-- bench/run results -->", "<!-- /bench/run results -->"


def write_results(path: Path, results: list[ScaleResult]) -> None:
    """The results between the markers of `path` (the rest of the file is prose kept as it is),
    or a new file."""
    today = datetime.date.today().isoformat()
    block = "\n".join(
        [
            BEGIN,
            f"`bench/run` on {today}; machine: {machine()}; Python {platform.python_version()}.",
            "",
            *table(results),
            "",
            *targets(results),
            "",
            "Peak memory is each process's maximum resident set size. The project's time is",
            "`sibudget build` over every disclosure but the held-out one; the refresh adds it.",
            "The baseline and the anchor build every disclosure; the anchor is the core written",
            "by hand (bench/anchor.py), the reference for speed.",
            f"`check s` is the best of {CHECK_RUNS} runs of `sibudget check` of the real 2020",
            f"document in the built project (target: {CHECK_TARGET_SECONDS:.0f} s).",
            END,
        ]
    )
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    if BEGIN in text and END in text:
        text = text[: text.index(BEGIN)] + block + text[text.index(END) + len(END) :]
    else:
        text = f"# Benchmarks\n\n{block}\n"
    path.write_text(text, encoding="utf-8")


def yes(flag: bool) -> str:
    return "yes" if flag else "NO"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scales", default="1,10,100", help="multiples of 32 regions")
    parser.add_argument("--regions", type=int, help="one scale of this many regions instead")
    parser.add_argument("--first-year", type=int, default=2020)
    parser.add_argument("--years", type=int, default=12)
    parser.add_argument("--faults", type=int, default=3, help="faults of each kind")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "bench")
    parser.add_argument("--write", type=Path, help="write the results to this Markdown file")
    parser.add_argument("--json", type=Path, help="write the results as JSON")
    parser.add_argument(
        "--engine", choices=("duckdb", "spark"), default="duckdb",
        help="spark: each scale built on DuckDB and on the Spark cluster, and compared",
    )  # fmt: skip
    parser.add_argument(
        "--no-report", action="store_true",
        help="leave out `sibudget report` (it takes hours at 100×; not one of issue 14's targets)",
    )  # fmt: skip
    arguments = parser.parse_args(argv)
    if arguments.regions:
        plan = [(f"{arguments.regions} regions", arguments.regions)]
    else:
        plan = [
            (f"{scale}×", round(float(scale) * REGIONS_AT_1X))
            for scale in arguments.scales.split(",")
        ]
    if arguments.engine == "spark":
        compared = [
            run_engines(label, regions, arguments.first_year, arguments.years, arguments.faults,
                        arguments.work)
            for label, regions in plan
        ]  # fmt: skip
        say("")
        for line in engine_table(compared):
            say(line)
        wrong = [result.label for result in compared if not result.correct]
        if wrong:
            say(f"Check failed at {', '.join(wrong)}: see the logs under {arguments.work}")
            return 1
        say("DuckDB and Spark found exactly the injected faults and gave the same marts.")
        return 0
    results = [
        run_scale(
            label,
            regions,
            arguments.first_year,
            arguments.years,
            arguments.faults,
            arguments.work,
            with_report=not arguments.no_report,
        )
        for label, regions in plan
    ]
    say("")
    for line in table(results):
        say(line)
    say("")
    for line in targets(results):
        say(line)
    if arguments.json:
        arguments.json.write_text(
            json.dumps([asdict(result) for result in results], indent=2), encoding="utf-8"
        )
    if arguments.write:
        write_results(arguments.write, results)
    failed = [result.label for result in results if not result.correct]
    if failed:
        say(f"Check failed at {', '.join(failed)}: see the logs under {arguments.work}")
        return 1
    say(
        "The project, the baseline and the anchor found exactly the injected faults, the "
        "project and the baseline gave the same marts and the anchor the same core, at every "
        "scale."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
