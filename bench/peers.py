"""The engine against its peers on the same models and seeds: dbt-duckdb and SQLMesh, as whole processes.

    python bench/peers.py --events 100000 [--runs 3] [--tools engine dbt sqlmesh] [--steps cold daily]

In bench/work/peers/<N>/ it writes one project per tool over the same generated seeds (bench/data/<N>/,
copied, since the daily step appends to them) and the real models (sql/):

  engine    a warehouse project: `warehouse build`
  dbt       dbt-core 1.11 + dbt-duckdb 1.11: one model per seed reading its CSV with the contract's
            column types (the same read_csv as the engine's load), one table model per sql/ model with
            its table names replaced by ref(); threads 1 (DuckDB itself uses every core)
  sqlmesh   SQLMesh 0.236: the same, as FULL models named peer.<name>; `sqlmesh plan --auto-apply`

dbt and SQLMesh are installed from the registry into throwaway venvs (bench/work/peers/venv-*), once.
Each tool builds into its own DuckDB file with a 3 GB memory limit. The peers run no data tests and
write no comments, versions or second file, so they do less than the engine.

Steps, each a whole process, run round robin (run 1 of every tool, then run 2, …) after one warm-up:

  cold   a build into a new database
  noop   a build when nothing changed (dbt: `--select state:modified+` against the last run's manifest)
  leaf   a build after changing one leaf model (rpt_source_coverage; dbt: state:modified+)
  daily  a build after one new article with two claims (bench/run.py's add_days_news); dbt and
         SQLMesh cannot see a CSV change, so they are told which seed models to rebuild with their
         downstream models (`--select raw_x+ …`, `--restate-model …`), the least their users can do

After every step every rpt_ table is compared across the tools (EXCEPT ALL both ways): the results
are identical or the run stops, so a tool that skipped work it had to do cannot look fast. Prints a
Markdown table: medians, and each peer's median of its paired ratios to the engine's run of the same
round.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402
from run import LEAF, add_days_news, changed_leaf, measure  # noqa: E402

import warehouse_engine as engine  # noqa: E402

PEERS = {"dbt": ["dbt-core~=1.11.0", "dbt-duckdb~=1.11.0"], "sqlmesh": ["sqlmesh~=0.236.0"]}
CHANGED_SEEDS = ("raw_articles", "raw_events", "raw_event_mentions", "raw_event_participants", "raw_event_topics")  # what add_days_news appends to
MEMORY_LIMIT = "3GB"
STEPS = ("cold", "noop", "leaf", "daily")


def plain_read_csv(project: engine.Project, node: engine.Node) -> str:
    """The engine's read_csv of a seed, without its rejects table (a peer's model cannot keep one)."""
    sql = engine.read_csv_sql(project.seeds_dir / node.seed.csv_name, node.seed, "rejects")
    return re.sub(r", store_rejects = true.*\)$", ")", sql)


def with_references(text: str, names: set[str], reference) -> str:
    """The model's SQL with every table it reads (FROM x, JOIN x) written as reference(x)."""
    return re.sub(r"\b(FROM|JOIN)(\s+)([a-z_][a-z0-9_]*)\b", lambda m: m[1] + m[2] + (reference(m[3]) if m[3] in names else m[3]), text)


def write_dbt(project: engine.Project, graph: engine.Graph, folder: Path) -> None:
    models = folder / "models"
    models.mkdir(parents=True, exist_ok=True)
    (folder / "dbt_project.yml").write_text("name: peer\nversion: '1.0'\nprofile: peer\nmodel-paths: [models]\nmodels:\n  peer:\n    +materialized: table\n")
    (folder / "profiles.yml").write_text(
        f"peer:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: {folder / 'dbt.duckdb'}\n      threads: 1\n"
        f"      settings:\n        memory_limit: '{MEMORY_LIMIT}'\n"
    )
    names = set(graph.nodes)
    for node in graph.nodes.values():
        sql = f"SELECT * FROM {plain_read_csv(project, node)}" if node.seed else with_references(node.model.text, names, lambda n: f"{{{{ ref('{n}') }}}}")
        (models / f"{node.name}.sql").write_text(sql + "\n")


def write_sqlmesh(project: engine.Project, graph: engine.Graph, folder: Path) -> None:
    models = folder / "models"
    models.mkdir(parents=True, exist_ok=True)
    (folder / "config.yaml").write_text(
        "gateways:\n  local:\n    connection:\n      type: duckdb\n"
        f"      database: {folder / 'mesh.duckdb'}\n      connector_config:\n        memory_limit: '{MEMORY_LIMIT}'\n"
        "default_gateway: local\nmodel_defaults:\n  dialect: duckdb\n"
    )
    names = set(graph.nodes)
    for node in graph.nodes.values():
        sql = f"SELECT * FROM {plain_read_csv(project, node)}" if node.seed else with_references(node.model.text, names, lambda n: f"peer.{n}")
        (models / f"{node.name}.sql").write_text(f"MODEL (name peer.{node.name}, kind FULL);\n\n{sql}\n")


def install(work: Path, tool: str) -> Path:
    venv = work / f"venv-{tool}"
    if not (venv / "bin" / tool).exists():
        print(f"installing {tool} into {venv} …", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "pip"), "install", "-q", *PEERS[tool]], check=True)
    return venv / "bin" / tool


class Tool:
    """One tool's project folder and the command and preparation of each step."""

    def __init__(self, name: str, folder: Path, command: list[str]):
        self.name, self.folder, self.command = name, folder, command

    def leaf_file(self) -> Path:
        return self.folder / ("sql" if self.name == "engine" else "models") / f"{LEAF}.sql"

    def prepare(self, step: str) -> None:
        if step == "cold":
            for leftover in (self.database().name, ".warehouse.duckdb.versions", "target", "state", ".cache", "logs"):
                path = self.folder / leftover
                shutil.rmtree(path) if path.is_dir() else path.unlink(missing_ok=True)
        elif self.name == "dbt":  # dbt compares with the manifest of the last run
            (self.folder / "state").mkdir(exist_ok=True)
            shutil.copyfile(self.folder / "target" / "manifest.json", self.folder / "state" / "manifest.json")

    def step(self, step: str) -> list[str]:
        if self.name == "engine":
            return [*self.command, "build", "--keep", "2", "--project", str(self.folder)]
        if self.name == "dbt":
            where = ["--project-dir", str(self.folder), "--profiles-dir", str(self.folder)]
            where += ["--target-path", str(self.folder / "target"), "--log-path", str(self.folder / "logs")]
            if step == "cold":
                select = []
            elif step == "daily":
                select = ["--select", *(f"{seed}+" for seed in CHANGED_SEEDS)]
            else:
                select = ["--select", "state:modified+", "--state", str(self.folder / "state")]
            return [*self.command, "run", *where, *select]
        restate = [arg for seed in CHANGED_SEEDS for arg in ("--restate-model", f"peer.{seed}")] if step == "daily" else []
        where = ["-p", str(self.folder), "--log-file-dir", str(self.folder / "logs")]
        return [*self.command, *where, "plan", "--auto-apply", "--no-prompts", *restate]

    def database(self) -> Path:
        # not sqlmesh.duckdb: a catalog named like SQLMesh's state schema makes its names ambiguous
        return self.folder / {"engine": "warehouse.duckdb", "dbt": "dbt.duckdb", "sqlmesh": "mesh.duckdb"}[self.name]

    def qualified(self, table: str) -> str:  # attached under its file's stem, the catalog SQLMesh's views name
        return f"{self.database().stem}.{'peer' if self.name == 'sqlmesh' else 'main'}.{table}"


def compare(tools: list[Tool], tables: list[str]) -> None:
    """Every rpt_ table is the same in every tool's database, row for row."""
    import duckdb

    con = duckdb.connect()
    for tool in tools:
        con.execute(f"ATTACH '{tool.database()}' AS {tool.database().stem} (READ_ONLY)")
    base = tools[0]
    for name in tables:
        for other in tools[1:]:
            a, b = base.qualified(name), other.qualified(name)
            only_a = con.execute(f"SELECT count(*) FROM (FROM {a} EXCEPT ALL FROM {b})").fetchone()[0]
            only_b = con.execute(f"SELECT count(*) FROM (FROM {b} EXCEPT ALL FROM {a})").fetchone()[0]
            if only_a or only_b:
                raise SystemExit(f"{name}: {base.name} and {other.name} differ ({only_a} and {only_b} rows only in one)")
    print(f"  identical: {len(tables)} rpt_ tables in {', '.join(t.name for t in tools)}", file=sys.stderr)


def bench_peers(events: int, runs: int, names: list[str], steps: list[str]) -> dict:
    data = HERE / "data" / str(events)
    if not (data / "seeds" / "events.csv").exists():
        generate(data / "seeds", events)
    work = HERE / "work" / "peers" / str(events)
    shutil.rmtree(work, ignore_errors=True)
    (work / "engine").mkdir(parents=True)
    shutil.copytree(data / "seeds", work / "engine" / "seeds")
    shutil.copytree(ROOT / "sql", work / "engine" / "sql")
    project = engine.Project.at(work / "engine")
    graph = engine.load_graph(project)
    tools = [Tool("engine", work / "engine", [sys.executable, str(ROOT / "warehouse.py")])]
    if "dbt" in names:
        write_dbt(project, graph, work / "dbt")
        tools.append(Tool("dbt", work / "dbt", [str(install(HERE / "work" / "peers", "dbt"))]))
    if "sqlmesh" in names:
        write_sqlmesh(project, graph, work / "sqlmesh")
        tools.append(Tool("sqlmesh", work / "sqlmesh", [str(install(HERE / "work" / "peers", "sqlmesh"))]))
    originals = {tool.name: tool.leaf_file().read_text() for tool in tools}
    report_tables = [name for name in graph.nodes if name.startswith("rpt_")]
    results: dict = {tool.name: {} for tool in tools}
    print(f"{events:,} events: {', '.join(t.name for t in tools)}", file=sys.stderr)
    for step in STEPS:
        if step not in steps:
            if step == "cold":  # the other steps start from a built project: build it, untimed
                for tool in tools:
                    tool.prepare(step)
                    measure(tool.step(step))
            continue
        for index in range(runs + 1):  # round robin; round 0 is the warm-up
            if step == "daily":
                add_days_news(project.seeds_dir, index)
            for tool in tools:
                tool.prepare(step)
                if step == "leaf":
                    tool.leaf_file().write_text(changed_leaf(originals[tool.name], index))
                seconds, peak = measure(tool.step(step))
                if index:
                    results[tool.name].setdefault(step, []).append((seconds, peak))
        compare(tools, report_tables)  # each tool did the step, not only something
        print(f"  {step}: " + ", ".join(f"{t.name} {statistics.median(s for s, _ in results[t.name][step]):.2f}s" for t in tools), file=sys.stderr)
    return results


def markdown(events: int, results: dict) -> str:
    rows = []
    for step in (step for step in STEPS if step in results["engine"]):
        base = [s for s, _ in results["engine"][step]]
        for tool, steps in results.items():
            seconds = [s for s, _ in steps[step]]
            ratio = "" if tool == "engine" else f"{statistics.median(s / b for s, b in zip(seconds, base)):.2f}×"
            peak = max(m for _, m in steps[step])
            rows.append(
                f"| {events:,} | {step} | {tool} | {statistics.median(seconds):.3f} | {ratio} | {peak:.0f} | {', '.join(f'{s:.2f}' for s in seconds)} |"
            )
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, nargs="+", default=[100_000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--tools", nargs="+", default=["engine", "dbt", "sqlmesh"], choices=["engine", "dbt", "sqlmesh"])
    parser.add_argument("--steps", nargs="+", default=list(STEPS), choices=STEPS, help="steps to measure (default: all; cold is run untimed when left out)")
    args = parser.parse_args()
    print("| events | step | tool | median (s) | paired ratio to engine | peak memory (MiB) | runs (s) |")
    print("| ---: | --- | --- | ---: | ---: | ---: | --- |")
    for events in args.events:
        results = bench_peers(events, args.runs, args.tools, args.steps)
        (HERE / "work" / "peers" / f"results-{events}.json").write_text(json.dumps(results, indent=1))
        print(markdown(events, results), flush=True)


if __name__ == "__main__":
    main()
