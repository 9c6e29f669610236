"""bench/generate at a small scale: the project finds exactly the injected faults (every error
finding expected, none other), and the gate passes because they are acknowledged."""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from sibudget.build import ExitCode
from sibudget.project import Project
from sibudget.warehouse import query
from support import REPO, build_quietly

ProjectCopy = Callable[[], Project]


def test_the_project_finds_exactly_the_injected_faults(
    project_copy: ProjectCopy, tmp_path: Path
) -> None:
    generated = tmp_path / "generated"
    subprocess.run(
        [sys.executable, str(REPO / "bench" / "generate.py"), "--out", str(generated),
         "--regions", "3", "--years", "3", "--faults", "1"],
        check=True,
        capture_output=True,
    )  # fmt: skip
    project = project_copy()
    shutil.rmtree(project.data_dir)
    shutil.copytree(generated / "disclosures", project.data_dir)
    for seed in ("regions.csv", "known_publisher_errors.csv"):
        shutil.copy2(generated / "seeds" / seed, project.seeds_dir / seed)
    outcome = build_quietly(project, validate=True)
    assert outcome.exit_code == ExitCode.PUBLISHED, outcome.lines
    found = {
        (row["document_id"], row["rule_id"], row["fund_code"], row["where"])
        for row in query(
            project.served_warehouse,
            "select document_id, rule_id, fund_code, "
            "case when rule_id = 'expected_fund_present' then table_code else line_code end "
            "as where from marts.fct_quality_findings "
            "where status = 'failed' and severity = 'error'",
        )
    }
    with (generated / "expected_findings.csv").open(encoding="utf-8", newline="") as handle:
        expected = {
            (row["document_id"], row["rule_id"], row["fund_code"], row["line_or_table"])
            for row in csv.DictReader(handle)
        }
    assert len(expected) == 17
    assert found == expected
    acknowledged = query(
        project.served_warehouse,
        "select count(*) as errors, count(*) filter (where is_acknowledged) as acknowledged "
        "from marts.fct_quality_findings where status = 'failed' and severity = 'error'",
    )
    assert acknowledged == [{"errors": 17, "acknowledged": 17}]
    documents = query(project.served_warehouse, "select count(*) as n from marts.dim_documents")
    assert documents == [{"n": 27}]
