"""Ingest throughput: how many disclosures `sibudget ingest` reads and writes per second.

Makes N copies of the real 2020 巴州本级 text under distinct region codes, then ingests them into
a scratch data folder (parse, then write the folder of CSVs, whole or not at all), in one process
and in one process per core. Prints documents and rows per second; the target is at least 10,000
disclosures a minute (167 a second) on a 2-core machine.

    .venv/bin/python bench/ingest_throughput.py [--documents 2000]
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from sibudget.ingest import Reference, parse_disclosure, write_disclosure

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "data" / "sources" / "652800-benji-2020-budget.txt"
TARGET_PER_MINUTE = 10_000


def ingest_all(sources: list[Path], data_dir: str) -> int:
    """Ingest every source; the number of CSV rows written."""
    reference = Reference.from_seeds(ROOT / "seeds")
    rows = 0
    for source in sources:
        region = source.stem
        disclosure = parse_disclosure(
            source, region_code=region, scope="benji", reference=reference
        )
        write_disclosure(disclosure, Path(data_dir))
        rows += sum(len(file_rows) for _, file_rows in disclosure.files.values())
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--documents", type=int, default=2000)
    args = parser.parse_args()
    text = SOURCE.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory(prefix="sibudget-bench-") as scratch:
        sources_dir = Path(scratch) / "sources"
        sources_dir.mkdir()
        sources = []
        for number in range(args.documents):
            path = sources_dir / f"{100000 + number}.txt"
            path.write_text(text + f"\n（副本 {number}）\n", encoding="utf-8")
            sources.append(path)
        cores = os.cpu_count() or 1
        print(f"{args.documents} documents of {len(text.splitlines())} lines, {cores} cores")
        for workers in sorted({1, cores}):
            data_dir = Path(scratch) / f"data-{workers}" / "disclosures"
            chunks = [sources[index::workers] for index in range(workers)]
            started = time.perf_counter()
            if workers == 1:
                rows = ingest_all(sources, str(data_dir))
            else:
                with ProcessPoolExecutor(workers) as pool:
                    rows = sum(pool.map(ingest_all, chunks, [str(data_dir)] * workers))
            seconds = time.perf_counter() - started
            per_minute = args.documents / seconds * 60
            verdict = "meets" if per_minute >= TARGET_PER_MINUTE else "MISSES"
            print(
                f"{workers} process(es): {seconds:.2f} s, "
                f"{args.documents / seconds:,.0f} documents/s "
                f"({per_minute:,.0f}/min: {verdict} the {TARGET_PER_MINUTE:,}/min target), "
                f"{rows / seconds:,.0f} rows/s"
            )


if __name__ == "__main__":
    main()
