"""Apache Superset against the published file, through its REST API, across a build.

Installs Superset into a throwaway environment (unless --venv names one that has it), builds a copy of
the project, starts Superset on 127.0.0.1, registers the file with the README's engine parameters, runs
a SQL Lab query, a refused read_csv and a chart query, publishes a new build, runs them again, and
stops Superset. Not part of the test suite: it installs a few hundred MB and takes minutes.

    python bench/superset.py [--venv /tmp/superset-venv] [--port 8099]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Superset 6.1.0 from PyPI does not declare rich and cachetools, which it imports, and breaks with Flask-Caching 2.5.
PACKAGES = ["apache-superset==6.1.0", "duckdb-engine==0.17.0", "duckdb==1.5.6", "rich", "cachetools", "flask-caching<2.3.1"]


def readme_engine_parameters() -> dict:
    section = (ROOT / "README.md").read_text(encoding="utf-8").split("### SQLAlchemy, and Superset through it")[1]
    return json.loads(re.search(r"```json\n(.*?)```", section, re.S).group(1))


def superset_environment(where: Path) -> Path:
    superset = where / "bin" / "superset"
    if not superset.exists():
        print(f"installing {' '.join(PACKAGES)} into {where}", flush=True)
        venv.create(where, with_pip=True)
        subprocess.run([str(where / "bin" / "python"), "-m", "pip", "install", "-q", *PACKAGES], check=True)
    return superset


def project_copy(scratch: Path) -> Path:
    project = scratch / "project"
    for part in ("seeds", "sql", "reports"):
        shutil.copytree(ROOT / part, project / part)
    sources = ROOT / "sources" if (ROOT / "sources").is_dir() else ROOT.parent / "shared" / "sources"
    if sources.is_dir():
        shutil.copytree(sources, project / "sources")
    warehouse(project, "build")
    return project


def warehouse(project: Path, *args: str) -> None:
    subprocess.run([sys.executable, str(ROOT / "warehouse.py"), *args, "--project", str(project)], check=True, capture_output=True, text=True)


class Api:
    def __init__(self, base: str):
        self.base, self.token = base, ""

    def call(self, method: str, path: str, body: dict | None = None) -> dict:
        request = urllib.request.Request(self.base + path, method=method, data=json.dumps(body).encode() if body is not None else None)
        request.add_header("Content-Type", "application/json")
        if self.token:
            request.add_header("Authorization", f"Bearer {self.token}")
        try:
            with urllib.request.urlopen(request, timeout=120) as response:
                return json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as error:
            return {"http_error": error.code, "body": error.read().decode(errors="replace")[:400]}


def start_superset(superset: Path, scratch: Path, port: int) -> tuple[subprocess.Popen, dict]:
    config = scratch / "superset_config.py"
    config.write_text(
        f"SECRET_KEY = 'bench-only-secret-key-{os.getpid()}-0123456789abcdef'\n"
        f"SQLALCHEMY_DATABASE_URI = 'sqlite:///{scratch / 'superset.db'}'\n"
        "WTF_CSRF_ENABLED = False\n",
        encoding="utf-8",
    )
    env = {**os.environ, "SUPERSET_CONFIG_PATH": str(config), "FLASK_APP": "superset"}
    for step in (
        ["db", "upgrade"],
        ["fab", "create-admin", "--username", "admin", "--firstname", "a", "--lastname", "b", "--email", "a@b.c", "--password", "admin"],
        ["init"],
    ):
        subprocess.run([str(superset), *step], env=env, check=True, capture_output=True)
    server = subprocess.Popen([str(superset), "run", "-h", "127.0.0.1", "-p", str(port)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(120):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2)
            break
        except OSError:
            time.sleep(1)
    return server, env


def round_trip(api: Api, database: int, dataset: int) -> dict:
    query = api.call(
        "POST",
        "/api/v1/sqllab/execute/",
        {"database_id": database, "sql": "SELECT warehouse_build() AS build, count(*) AS events FROM fct_events", "runAsync": False, "schema": "main"},
    )
    refused = api.call(
        "POST", "/api/v1/sqllab/execute/", {"database_id": database, "sql": "SELECT * FROM read_csv('/etc/passwd')", "runAsync": False, "schema": "main"}
    )
    chart = api.call(
        "POST",
        "/api/v1/chart/data",
        {
            "datasource": {"id": dataset, "type": "table"},
            "queries": [
                {"columns": ["period"], "metrics": [{"expressionType": "SQL", "sqlExpression": "SUM(happened)", "label": "happened"}], "row_limit": 100}
            ],
            "result_format": "json",
            "result_type": "full",
        },
    )
    return {
        "sql_lab": query.get("data") or query,
        "read_csv": "refused: " + str(refused)[:160] if "data" not in refused else f"ALLOWED: {refused['data'][:2]}",
        "chart_rows": len(chart["result"][0]["data"]) if "result" in chart else chart,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--venv", type=Path, default=Path(tempfile.gettempdir()) / "superset-venv")
    parser.add_argument("--port", type=int, default=8099)
    options = parser.parse_args()
    superset = superset_environment(options.venv)
    with tempfile.TemporaryDirectory() as scratch_name:
        scratch = Path(scratch_name)
        project = project_copy(scratch)
        server, _env = start_superset(superset, scratch, options.port)
        try:
            api = Api(f"http://127.0.0.1:{options.port}")
            api.token = api.call("POST", "/api/v1/security/login", {"username": "admin", "password": "admin", "provider": "db", "refresh": True})[
                "access_token"
            ]
            uri = f"duckdb:///{project / 'warehouse.duckdb'}"
            database = api.call(
                "POST",
                "/api/v1/database/",
                {
                    "database_name": "warehouse",
                    "sqlalchemy_uri": uri,
                    "expose_in_sqllab": True,
                    "extra": json.dumps({"engine_params": readme_engine_parameters()}),
                },
            )
            if "id" not in database:
                raise SystemExit(f"Superset did not register the database: {database}")
            dataset = api.call("POST", "/api/v1/dataset/", {"database": database["id"], "schema": "main", "table_name": "rpt_period_summary"})
            before = round_trip(api, database["id"], dataset["id"])
            model = project / "sql" / "rpt_period_summary.sql"
            model.write_text(model.read_text(encoding="utf-8").replace("-- description: ", "-- description: (rebuilt) ", 1), encoding="utf-8")
            warehouse(project, "build")
            after = round_trip(api, database["id"], dataset["id"])
            print(json.dumps({"superset": "6.1.0", "before_build": before, "after_build": after}, indent=2, default=str))
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
