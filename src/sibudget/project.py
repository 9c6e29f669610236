"""Where things are: the dbt project, the disclosure files, the build area and the served
warehouse."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DBT_PROJECT_ENTRIES = (
    "dbt_project.yml",
    "profiles.yml",
    "models",
    "macros",
    "seeds",
    "tests/dbt",
    "docs",
)
"""What a copy of the dbt project needs, the disclosure files aside (tests, benchmarks)."""

WAREHOUSE_FILE_NAME = "sibudget.duckdb"
"""Every warehouse file has this name: DuckDB names its catalog after the file, and dbt writes
views with fully qualified names, so a build file must keep the name of the served file."""


@dataclass(frozen=True)
class Project:
    """A sibudget dbt project on disk (the repository, or a copy of it)."""

    root: Path

    @classmethod
    def discover(cls, start: Path | None = None) -> Project:
        """The project named by SIBUDGET_PROJECT_DIR, else the nearest folder above `start` (or the
        working directory) with a sibudget dbt_project.yml, else the one this package lives in."""
        named = os.environ.get("SIBUDGET_PROJECT_DIR")
        if named:
            return cls(Path(named).resolve())
        here = (start or Path.cwd()).resolve()
        for folder in (here, *here.parents):
            if _is_sibudget_project(folder):
                return cls(folder)
        packaged = Path(__file__).resolve().parents[2]
        if _is_sibudget_project(packaged):
            return cls(packaged)
        raise FileNotFoundError(
            f"no sibudget dbt project (dbt_project.yml) in {here} or above; "
            "run from the repository or set SIBUDGET_PROJECT_DIR"
        )

    @property
    def data_dir(self) -> Path:
        """One folder of CSV files per disclosure."""
        return self.root / "data" / "disclosures"

    @property
    def seeds_dir(self) -> Path:
        return self.root / "seeds"

    @property
    def build_dir(self) -> Path:
        """Scratch space: the warehouse being built, dbt's target, Data Docs."""
        return self.root / "build"

    @property
    def served_warehouse(self) -> Path:
        """The published warehouse that BI tools read."""
        return self.root / "warehouse" / WAREHOUSE_FILE_NAME

    @property
    def staging_warehouse(self) -> Path:
        """Where a build writes before the gate decides whether it is published."""
        return self.build_dir / "staging" / WAREHOUSE_FILE_NAME

    @property
    def target_dir(self) -> Path:
        """dbt's target folder of `sibudget build`: the manifest with the compiled SQL that
        `check` and `refresh` run without dbt, and its stamp (sibudget.compiled)."""
        return self.build_dir / "target"

    @property
    def data_docs_dir(self) -> Path:
        return self.build_dir / "data_docs"


def _is_sibudget_project(folder: Path) -> bool:
    project_file = folder / "dbt_project.yml"
    if not project_file.is_file():
        return False
    return any(
        line.strip() == "name: sibudget"
        for line in project_file.read_text(encoding="utf-8").splitlines()
    )
