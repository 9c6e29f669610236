"""The dbt docs: every model and every column described, each model's description opening with
its grain; and progress shown on a terminal only."""

from __future__ import annotations

import io
import json
from collections.abc import Callable

import pytest

from conftest import CommandReport
from sibudget.progress import Progress
from sibudget.project import Project
from support import build_quietly


@pytest.mark.xdist_group("report")  # the docs site of the report's fixture (conftest)
def test_every_model_and_column_is_described(two_year_report: CommandReport) -> None:
    target = two_year_report.docs_target
    assert (target / "static_index.html").stat().st_size > 100_000
    manifest = json.loads((target / "manifest.json").read_text(encoding="utf-8"))
    catalog = json.loads((target / "catalog.json").read_text(encoding="utf-8"))
    models = {
        unique_id: node
        for unique_id, node in manifest["nodes"].items()
        if node["resource_type"] == "model"
    }
    assert len(models) >= 20
    undescribed: list[str] = []
    for unique_id, node in models.items():
        description = node["description"].strip()
        if not (
            description.startswith("One row per") or description.startswith("View. One row per")
        ):
            undescribed.append(f"{node['name']}: description does not open with its grain")
        for column in catalog["nodes"][unique_id]["columns"]:
            documented = node["columns"].get(column.lower(), {}).get("description", "").strip()
            if not documented:
                undescribed.append(f"{node['name']}.{column.lower()}")
    assert undescribed == [], "\n".join(undescribed)


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_shows_on_a_terminal_only() -> None:
    terminal, pipe = Terminal(), io.StringIO()
    for stream in (terminal, pipe):
        progress = Progress(2, "ingest", stream)
        progress.advance("a.txt")
        progress.advance("b.txt")
        progress.done()
    assert "ingest: 2/2 b.txt" in terminal.getvalue()
    assert pipe.getvalue() == ""


def test_the_build_says_its_step_on_a_terminal_in_one_line(
    project_copy: Callable[[], Project], monkeypatch: pytest.MonkeyPatch
) -> None:
    terminal = Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    project = project_copy()
    outcome = build_quietly(project)
    assert outcome.build_id
    building = [line for line in terminal.getvalue().splitlines() if "building" in line]
    assert building == [
        f"… building {outcome.build_id} (compiled SQL) into {project.staging_warehouse}"
    ]
