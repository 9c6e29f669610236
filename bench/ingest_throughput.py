"""Ingest throughput: how many disclosures `sibudget ingest` reads and writes per minute, per
container.

Renders the real 2020 巴州本级 document into each container (plain text, HTML, .xlsx, .xls,
.docx, PDF: the renderings the tests use, tests/python/renderings.py; PDF printed by Chromium,
which `make test` installs), copies each under distinct region codes (of seeds/regions.csv), then
ingests the copies into a scratch data folder (read the container, parse, write the folder of
CSVs, whole or not at all), in one process and in one process per core. Prints documents per
minute and rows per second per container; the target is at least 10,000 text disclosures a
minute on a 2-core machine.

    .venv/bin/python bench/ingest_throughput.py [--documents 2000] [--containers text,html,...]

Other containers than text get fewer copies (a tenth; a hundredth for PDF), since they are slower
to read; the rates are comparable.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from sibudget.ingest import Reference, parse_disclosure, write_disclosure

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "data" / "sources" / "652800-benji-2020-budget.txt"
TARGET_PER_MINUTE = 10_000
CONTAINERS = ("text", "html", "xlsx", "xls", "docx", "pdf")
SHARE = {"text": 1, "html": 10, "xlsx": 10, "xls": 10, "docx": 10, "pdf": 100}
"""One copy per this many text copies: the slower containers are measured on fewer documents."""


def ingest_all(sources: list[Path], data_dir: str) -> int:
    """Ingest every source; the number of CSV rows written."""
    reference = Reference.from_seeds(ROOT / "seeds")
    rows = 0
    for source in sources:
        region = source.stem
        disclosure = parse_disclosure(source, region_code=region, reference=reference)
        write_disclosure(disclosure, Path(data_dir))
        rows += sum(len(file_rows) for _, file_rows in disclosure.files.values())
    return rows


def rendering(container: str, folder: Path) -> Path:
    """The real document in `container`, written into `folder`."""
    sys.path.insert(0, str(ROOT / "tests" / "python"))
    import renderings

    makers: dict[str, Callable[[Path], Path]] = {
        "html": renderings.render_html,
        "xlsx": renderings.render_xlsx,
        "xls": renderings.render_xls,
        "docx": renderings.render_docx,
    }
    if container == "text":
        return Path(shutil.copy2(SOURCE, folder / "document.txt"))
    if container == "pdf":
        return renderings.render_pdf(
            renderings.render_html(folder / "page.html"), folder / "document.pdf"
        )
    return makers[container](folder / f"document.{container}")


def measure(container: str, documents: int, scratch: Path) -> None:
    folder = scratch / container
    folder.mkdir()
    original = rendering(container, folder)
    sources_dir = folder / "sources"
    sources_dir.mkdir()
    # one real region code per copy (ingest refuses a code seeds/regions.csv does not hold)
    codes = sorted(Reference.from_seeds(ROOT / "seeds").regions.by_code)[:documents]
    if len(codes) < documents:
        raise SystemExit(f"at most {len(codes)} documents: one region code each")
    sources = [
        Path(shutil.copy2(original, sources_dir / f"{code}{original.suffix}")) for code in codes
    ]
    cores = os.cpu_count() or 1
    for workers in sorted({1, cores}):
        data_dir = folder / f"data-{workers}" / "disclosures"
        chunks = [sources[index::workers] for index in range(workers)]
        started = time.perf_counter()
        if workers == 1:
            rows = ingest_all(sources, str(data_dir))
        else:
            with ProcessPoolExecutor(workers) as pool:
                rows = sum(pool.map(ingest_all, chunks, [str(data_dir)] * workers))
        seconds = time.perf_counter() - started
        per_minute = documents / seconds * 60
        verdict = ""
        if container == "text":
            verdict = " (meets" if per_minute >= TARGET_PER_MINUTE else " (MISSES"
            verdict += f" the {TARGET_PER_MINUTE:,}/min target)"
        print(
            f"{container:5} {documents:5} documents, {workers} process(es): {seconds:7.2f} s, "
            f"{per_minute:9,.0f} documents/min{verdict}, {rows / seconds:9,.0f} rows/s"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=2000, help="text copies")
    parser.add_argument("--containers", default=",".join(CONTAINERS))
    args = parser.parse_args()
    print(f"{os.cpu_count()} cores; the real document rendered into each container")
    with tempfile.TemporaryDirectory(prefix="sibudget-bench-") as scratch:
        for container in args.containers.split(","):
            measure(container, max(args.documents // SHARE[container], 2), Path(scratch))


if __name__ == "__main__":
    main()
