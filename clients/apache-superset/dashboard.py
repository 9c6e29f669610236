"""Superset set up with the committed dashboard (clients/apache-superset/dashboard/), then
finished once its server runs; run by scripts/start-superset with Superset's own Python (its
environment), SUPERSET_CONFIG_PATH and SIBUDGET_SUPERSET_HOME set:

    python clients/apache-superset/dashboard.py setup WAREHOUSE
        Superset's own commands (`db upgrade`, `fab create-admin` when there is no admin yet,
        `init`, `import-dashboards`) in one process, which saves each its start-up (32 s instead
        of 70 s here); the dashboard folder is packed as the zip `import-dashboards` reads, its
        database pointing at WAREHOUSE, read-only;
    python clients/apache-superset/dashboard.py finish URL
        through the running server's REST API: each dataset's columns read from the warehouse,
        each chart's saved query pointed at its dataset as imported (an import keeps the ids of
        the server that exported it), then every chart's data fetched once; exit 1 naming the
        chart whose query fails.
"""

from __future__ import annotations

import json
import os
import sys
import zipfile
from pathlib import Path
from typing import Any

import requests

DEFINITION = Path(__file__).resolve().parent / "dashboard"
DATABASE_NAME = "sibudget"
DASHBOARD_SLUG = "sibudget"


def pack(out: Path, warehouse: Path) -> None:
    with zipfile.ZipFile(out, "w") as archive:
        for path in sorted(DEFINITION.rglob("*.yaml")):
            text = path.read_text(encoding="utf-8")
            if path.parent.name == "databases":
                text = text.replace("duckdb:///WAREHOUSE", _uri(warehouse))
            archive.writestr(f"sibudget_dashboard/{path.relative_to(DEFINITION)}", text)


def setup(warehouse: Path) -> int:
    from click.testing import CliRunner
    from flask.cli import ScriptInfo
    from superset.app import create_app
    from superset.cli.main import superset

    home = Path(os.environ["SIBUDGET_SUPERSET_HOME"])
    archive = home / "dashboard.zip"
    pack(archive, warehouse)
    password = (home / "admin-password").read_text(encoding="utf-8").strip()
    app = create_app()
    commands: list[tuple[list[str], str | None]] = [(["db", "upgrade"], None)]
    with app.app_context():
        from superset import security_manager

        has_admin = security_manager.find_user(username="admin") is not None
    if not has_admin:
        # the password typed at the prompt, twice, not given on a command line
        commands.append(
            (
                [
                    *("fab", "create-admin", "--username", "admin", "--firstname", "sibudget"),
                    *("--lastname", "admin", "--email", "admin@localhost"),
                ],
                f"{password}\n{password}\n",
            )
        )
    commands.append((["init"], None))
    commands.append((["import-dashboards", "--path", str(archive), "--username", "admin"], None))
    runner = CliRunner()
    for arguments, typed in commands:
        result = runner.invoke(
            superset, arguments, obj=ScriptInfo(create_app=lambda: app), input=typed
        )
        print(f"$ superset {' '.join(arguments)}\n{result.output}")
        if result.exit_code != 0 or result.exception is not None:
            print(f"superset {arguments[0]}: failed: {result.exception!r}", file=sys.stderr)
            return 1
    return 0


def _uri(warehouse: Path) -> str:
    # the link warehouse/sibudget.duckdb itself, not its target: each query opens the release
    # served at that moment
    return f"duckdb:///{warehouse.absolute()}"


class Api:
    def __init__(self, url: str, password: str) -> None:
        self.url = url.rstrip("/")
        self.session = requests.Session()
        token = self._json(
            "POST",
            "/api/v1/security/login",
            json={"username": "admin", "password": password, "provider": "db"},
        )["access_token"]
        self.session.headers["Authorization"] = f"Bearer {token}"
        self.session.headers["Referer"] = self.url
        csrf = self._json("GET", "/api/v1/security/csrf_token/")["result"]
        self.session.headers["X-CSRFToken"] = csrf

    def _json(self, method: str, path: str, **kwargs: Any) -> Any:
        response = self.session.request(method, self.url + path, timeout=300, **kwargs)
        if response.status_code >= 400:
            raise SystemExit(
                f"superset: {method} {path}: HTTP {response.status_code}: {response.text[:2000]}"
            )
        return response.json()

    def get(self, path: str) -> Any:
        return self._json("GET", path)

    def put(self, path: str, body: dict[str, Any]) -> Any:
        return self._json("PUT", path, json=body)


def _q(filters: list[tuple[str, str, str]]) -> str:
    """A rison `q` argument with equality filters and no paging limit that matters here."""
    parts = ",".join(f"(col:{col},opr:{opr},value:'{value}')" for col, opr, value in filters)
    return f"?q=(filters:!({parts}),page_size:100)"


def finish(url: str) -> int:
    password_file = Path(os.environ["SIBUDGET_SUPERSET_HOME"]) / "admin-password"
    api = Api(url, password_file.read_text(encoding="utf-8").strip())
    databases = api.get("/api/v1/database/" + _q([("database_name", "eq", DATABASE_NAME)]))
    (database,) = databases["result"]
    datasets = api.get("/api/v1/dataset/" + _q([("database", "rel_o_m", str(database["id"]))]))
    for dataset in datasets["result"]:
        api.put(f"/api/v1/dataset/{dataset['id']}/refresh", {})
    dashboard = api.get(f"/api/v1/dashboard/{DASHBOARD_SLUG}/charts")
    failed = 0
    for listed in dashboard["result"]:
        chart = api.get(f"/api/v1/chart/{listed['id']}")["result"]
        query_context = json.loads(chart["query_context"])
        query_context["datasource"] = {"id": chart["datasource_id"], "type": "table"}
        api.put(f"/api/v1/chart/{listed['id']}", {"query_context": json.dumps(query_context)})
        data = api.get(f"/api/v1/chart/{listed['id']}/data/")
        for result in data["result"]:
            if result.get("error"):
                print(f"superset: chart {chart['slice_name']!r}: {result['error']}")
                failed += 1
        rows = sum(result.get("rowcount") or 0 for result in data["result"])
        print(f"  chart {chart['slice_name']!r}: {rows} row(s)")
    return 1 if failed else 0


def main(argv: list[str]) -> int:
    if len(argv) == 2 and argv[0] == "setup":
        return setup(Path(argv[1]))
    if len(argv) == 2 and argv[0] == "finish":
        return finish(argv[1])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
