"""Run dbt-project-evaluator (dbt Labs' best-practice rules) on a scratch copy of the project,
with the reasoned exceptions and settings of evaluation/, and print every finding left.

    scripts/evaluate-project                 (installs the package from the dbt hub: dbt deps)
    scripts/evaluate-project --packages DIR  (DIR holds dbt_project_evaluator/ and dbt_utils/)

The project itself does not depend on the package: a build never needs the hub. Exit 0 when the
evaluator reports nothing beyond evaluation/dbt_project_evaluator_exceptions.csv, 1 otherwise.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml
from dbt.cli.main import dbtRunner

from sibudget.dbt import run_dbt
from sibudget.project import DBT_PROJECT_ENTRIES, WAREHOUSE_FILE_NAME, Project
from sibudget.warehouse import query

ROOT = Path(__file__).resolve().parents[1]
EVALUATION = ROOT / "evaluation"
HUB_PACKAGES = [
    {"package": "dbt-labs/dbt_project_evaluator", "version": [">=1.0.0", "<2.0.0"]},
    {"package": "dbt-labs/dbt_utils", "version": [">=1.0.0", "<2.0.0"]},
]


def merge(base: dict[str, object], extra: dict[str, object]) -> dict[str, object]:
    merged = dict(base)
    for key, value in extra.items():
        current = merged.get(key)
        if isinstance(current, dict) and isinstance(value, dict):
            merged[key] = merge(current, value)
        else:
            merged[key] = value
    return merged


def prepare(scratch: Path, packages: Path | None) -> Project:
    for entry in (*DBT_PROJECT_ENTRIES, "data"):
        source, target = ROOT / entry, scratch / entry
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target)
        else:
            shutil.copy2(source, target)
    shutil.copy2(EVALUATION / "dbt_project_evaluator_exceptions.csv", scratch / "seeds")
    project_file = scratch / "dbt_project.yml"
    config = yaml.safe_load(project_file.read_text(encoding="utf-8"))
    extra = yaml.safe_load((EVALUATION / "evaluator_config.yml").read_text(encoding="utf-8"))
    project_file.write_text(yaml.safe_dump(merge(config, extra), sort_keys=False), "utf-8")
    if packages is None:
        (scratch / "packages.yml").write_text(yaml.safe_dump({"packages": HUB_PACKAGES}), "utf-8")
    else:
        # installed as dbt deps would install them (dbt deps would also resolve the
        # evaluator's own dependency on the hub)
        for name in ("dbt_utils", "dbt_project_evaluator"):
            shutil.copytree(packages / name, scratch / "dbt_packages" / name)
    return Project(scratch)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--packages", type=Path, help="local copies of the two packages")
    arguments = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="sibudget-evaluate-") as folder:
        scratch = Path(folder)
        project = prepare(scratch / "project", arguments.packages)
        warehouse = scratch / "warehouse" / WAREHOUSE_FILE_NAME
        warehouse.parent.mkdir()
        target = scratch / "target"
        if arguments.packages is None:
            deps = dbtRunner().invoke(["deps", "--project-dir", str(project.root), "--quiet"])
            if not deps.success:
                print(f"dbt deps failed: {deps.exception}", file=sys.stderr)
                return 2
        run = run_dbt(
            ["--quiet", "build", "--select", "package:dbt_project_evaluator",
             "dbt_project_evaluator_exceptions"],
            project=project, warehouse=warehouse, target_dir=target,
        )  # fmt: skip
        if run.exception is not None or run.pipeline_failures:
            print(f"dbt build failed: {run.exception or run.pipeline_failures}", file=sys.stderr)
            return 2
        manifest = json.loads((target / "manifest.json").read_text(encoding="utf-8"))
        findings = 0
        for node in sorted(manifest["nodes"].values(), key=lambda node: node["name"]):
            if node["package_name"] != "dbt_project_evaluator" or node["resource_type"] != "model":
                continue
            if not node["name"].startswith("fct_"):
                continue
            rows = query(warehouse, f"select * from {node['relation_name']}")
            if node["name"] == "fct_test_coverage":
                # a finding per model with no data test, unless a reasoned exception says where
                # its key is tested instead (fct_missing_primary_key_tests: the rule views)
                [row] = rows
                measures = {key: value for key, value in row.items() if key.endswith("_pct")}
                untested = untested_models(manifest, warehouse)
                excused = [name for name in untested if is_excepted(name, KEY_TESTED_ELSEWHERE)]
                left = [name for name in untested if name not in excused]
                findings += len(left)
                print(
                    f"{node['name']}: {measures}; {len(excused)} untested model(s) excused "
                    f"({KEY_TESTED_ELSEWHERE})" + (f"; untested: {left}" if left else "")
                )
                continue
            if node["name"].endswith("_coverage"):
                # one row of measures: a finding when below 100%
                [row] = rows
                measures = {key: value for key, value in row.items() if key.endswith("_pct")}
                short = [
                    key for key, value in measures.items() if value is not None and value < 100
                ]
                findings += len(short)
                print(f"{node['name']}: {measures}" + (f" below 100%: {short}" if short else ""))
                continue
            for row in rows:
                findings += 1
                print(f"{node['name']}: {row}")
        print(f"dbt-project-evaluator: {findings} finding(s) beyond evaluation/ exceptions")
        return 1 if findings else 0


KEY_TESTED_ELSEWHERE = "fct_missing_primary_key_tests"


def untested_models(manifest: dict[str, Any], warehouse: Path) -> list[str]:
    """The project's models with no data test, as the evaluator counts them."""
    [summary] = [
        node
        for node in manifest["nodes"].values()
        if node["package_name"] == "dbt_project_evaluator"
        and node["name"] == "int_model_test_summary"
    ]
    rows = query(
        warehouse,
        f"select resource_name from {summary['relation_name']} "
        "where resource_type = 'model' and coalesce(number_of_tests_on_model, 0) = 0 "
        "order by resource_name",
    )
    return [str(row["resource_name"]) for row in rows]


def is_excepted(name: str, fct_name: str) -> bool:
    """True when evaluation/dbt_project_evaluator_exceptions.csv excepts `name` from `fct_name`
    (its id_to_exclude is a LIKE pattern)."""
    with (EVALUATION / "dbt_project_evaluator_exceptions.csv").open(encoding="utf-8") as handle:
        exceptions = list(csv.DictReader(handle))
    return any(
        re.fullmatch(re.escape(row["id_to_exclude"]).replace("%", ".*"), name)
        for row in exceptions
        if row["fct_name"] == fct_name
    )


if __name__ == "__main__":
    sys.exit(main())
