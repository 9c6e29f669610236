"""The dbt docs site, generated as one static file (`dbt docs generate --static`) from a copy of
the published warehouse, so that BI readers of the served file are not disturbed."""

from __future__ import annotations

import shutil
from pathlib import Path

from sibudget.dbt import run_dbt
from sibudget.progress import step
from sibudget.project import WAREHOUSE_FILE_NAME, Project


def generate_docs_site(project: Project, warehouse: Path) -> Path | None:
    """The path of static_index.html, or None when dbt could not generate it."""
    step("generating the dbt docs site")
    work = project.build_dir / "docs"
    shutil.rmtree(work, ignore_errors=True)
    (work / "warehouse").mkdir(parents=True)
    copy = work / "warehouse" / WAREHOUSE_FILE_NAME
    shutil.copy2(warehouse, copy)
    target = work / "target"
    run = run_dbt(
        ["--quiet", "docs", "generate", "--static"],
        project=project,
        warehouse=copy,
        target_dir=target,
    )
    site = target / "static_index.html"
    return site if run.success and site.is_file() else None
