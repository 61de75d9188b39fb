"""Benchmark harness: the engine against plain DuckDB running the same SQL, as whole processes.

    python bench/run.py --events 100000 1000000 [--runs 3] [--steps cold noop …]

For each scale it generates seeds (bench/data/<N>/, reused when present), then measures each step as a
separate process, one warm-up and then --runs timed runs, and reports the median wall time and the
peak resident memory of the process:

  floor      a plain DuckDB script: the same read_csv calls with declared types and the same
             CREATE TABLE … AS statements, into a new file (no versions, tests, comments or copy)
  check      `warehouse check`: read and check every seed against the contract, bind every model
  cold       `warehouse build` on a new project (load + models + data tests + comments + publish)
  noop       `warehouse build` when nothing changed
  leaf       `warehouse build` after changing one leaf rpt_ model (rpt_source_coverage)
  leaf_sql   that leaf model's own CREATE TABLE … AS in plain DuckDB (what `leaf` should cost on top)
  daily      `warehouse build` after the day's news: one new article with two claims (one about a new
             event, with its participants and topic; one about an existing event)
  report     `warehouse report` (every period, every person and agreement page)
  pages      every period page alone (its queries and its template; no person, agreement or index page)
  page       one period page alone (2024-Q4)
  report_one `warehouse report --period 2024-Q4`: that page, the person and agreement pages it links to, the index
  query      `warehouse query` of one report table, as CSV
  query_bare the same query by `python -c` with duckdb: attach the file, fetch, write CSV
  help       `warehouse --help`
  spark      `warehouse build --engine spark` on a new project (a local Spark; needs the spark extra and Java)

Results are printed as a Markdown table; bench/RESULTS.md records one run.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
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

import warehouse_engine as engine  # noqa: E402
from warehouse_engine.project import DEFAULT_STORAGE_VERSION  # noqa: E402

LEAF = "rpt_source_coverage"
WANTED: set[str] = set()  # the steps to measure, from --steps
METER = """
import resource, subprocess, sys, time
started = time.perf_counter()
done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
elapsed = time.perf_counter() - started
print(elapsed, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, done.returncode)
print(done.stderr[-3000:] if done.returncode else "", file=sys.stderr)
"""


def measure(command: list[str], env: dict | None = None) -> tuple[float, float]:
    """Seconds and peak RSS (MiB) of one whole process."""
    done = subprocess.run([sys.executable, "-c", METER, *command], capture_output=True, text=True, env=env, check=True)
    seconds, peak_kib, code = done.stdout.split()
    if code != "0":
        raise SystemExit(f"failed ({code}): {' '.join(command)}\n{done.stderr}")
    return float(seconds), int(peak_kib) / 1024


def floor_sql(project: engine.Project, db: Path) -> str:
    """The same CSV reads and CREATE TABLE … AS statements the engine runs, as one plain script."""
    graph = engine.load_graph(project)
    lines = []
    for node in graph.nodes.values():
        if node.seed:
            source = engine.read_csv_sql(project.seeds_dir / node.seed.csv_name, node.seed, f"rejects_{node.seed.seed}")
            lines.append(f"CREATE TABLE {node.name} AS SELECT * FROM {source}")
        else:
            lines.append(f"CREATE TABLE {node.name} AS {node.model.text}")
    return STATEMENT_END.join(lines)


STATEMENT_END = ";\n-- next statement\n"
# One statement per execute() (as the engine runs them), into the public file's storage format, so that
# the floor differs from a build only by what the engine adds.
PLAIN = f"""
import duckdb, sys
con = duckdb.connect(sys.argv[1], config={{"storage_compatibility_version": {DEFAULT_STORAGE_VERSION!r}}})
for statement in open(sys.argv[2]).read().split({STATEMENT_END!r}):
    con.execute(statement)
con.close()
"""


def run_plain(sql_file: Path, db: Path) -> list[str]:
    return [sys.executable, "-c", PLAIN, str(db), str(sql_file)]


def prepare(events: int) -> Path:
    data = HERE / "data" / str(events)
    if not (data / "seeds" / "events.csv").exists():
        print(f"generating {events:,} events …", file=sys.stderr)
        generate(data / "seeds", events)
    work = HERE / "work" / str(events)
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    shutil.copytree(data / "seeds", work / "seeds")  # a copy: the daily step appends to it
    shutil.copytree(ROOT / "sql", work / "sql")
    (work / "reports").symlink_to(ROOT / "reports")
    return work


STEPS = ("floor", "check", "cold", "noop", "leaf", "leaf_sql", "daily", "report", "pages", "page", "report_one", "query", "query_bare", "help", "spark")
QUERY = "SELECT * FROM rpt_agreement_register"
BARE_QUERY = """
import csv, sys, duckdb
con = duckdb.connect()
con.execute(f"ATTACH '{sys.argv[1]}' AS warehouse (READ_ONLY)")
con.execute("USE warehouse")
cursor = con.execute(sys.argv[2])
writer = csv.writer(sys.stdout, lineterminator="\\n")
writer.writerow([d[0] for d in cursor.description])
while rows := cursor.fetchmany(2048):
    writer.writerows(rows)
"""


PAGES = """
import sys
sys.path.insert(0, sys.argv.pop(1))  # the repository, for warehouse_engine
import warehouse_engine as engine
project = engine.Project.at(sys.argv[1])
periods = [engine.parse_period(label) for label in sys.argv[3:]] or None
engine.render_reports(project, periods, sys.argv[2], only_periods=True)
"""


def changed_leaf(original: str, index: int) -> str:
    """The leaf model's SQL with a new literal for each run, so that no kept version can be reused."""
    return original.replace("array_to_string(articles, ', ')", f"array_to_string(articles, ', {index} ')")


def add_days_news(seeds: Path, index: int) -> None:
    """Append one article and its claims to the seeds: a new event (with two participants and a
    topic) and a report that an existing event was held."""
    article = f"999_{index:016x}"
    day = "2025-01-02"
    lines = {
        "articles.csv": f"{article},Outlet 1,Outlet 1,,,en,{day},day,generated,Tokyo,Daily headline {index},,",
        "events.csv": f"e-daily-{index},Daily event {index},meeting,ministerial,false,",
        "event_mentions.csv": "\n".join(
            [
                f"m9{index:07d}0,e-daily-{index},{article},held,false,,,{day},{day},day,Tokyo,in_person,,Daily quote about the new event {index}",
                f"m9{index:07d}1,e0,{article},held,false,,,2015-01-10,2015-01-10,day,Brussels,in_person,,Daily quote about event zero {index}",
            ]
        ),
        "event_participants.csv": f"e-daily-{index},p0,m9{index:07d}0,party,,,curated\ne-daily-{index},p1,m9{index:07d}0,party,,,curated",
        "event_topics.csv": f"e-daily-{index},maritime-security,m9{index:07d}0,curated",
    }
    for name, text in lines.items():
        with open(seeds / name, "a", encoding="utf-8") as handle:
            handle.write(text + "\n")


def median_of(label: str, runs: int, setup, command_for, results: dict) -> None:
    if label not in WANTED:
        return
    samples = []
    for index in range(runs + 1):  # the first run is the warm-up
        setup(index)
        samples.append(measure(command_for(index)))
    timed = samples[1:]
    results[label] = {
        "median_s": statistics.median(s for s, _ in timed),
        "peak_mib": max(m for _, m in timed),
        "runs_s": [round(s, 3) for s, _ in timed],
    }
    print(f"  {label:9} median {results[label]['median_s']:.3f}s  peak {results[label]['peak_mib']:.0f} MiB", file=sys.stderr)


def bench_scale(events: int, runs: int) -> dict:
    work = prepare(events)
    project = engine.Project.at(work)
    db = work / "warehouse.duckdb"
    cli = [sys.executable, str(ROOT / "warehouse.py")]
    at = ["--project", str(work)]
    results: dict = {}
    print(f"{events:,} events:", file=sys.stderr)

    floor_db = work / "floor.duckdb"
    floor_file = work / "floor.sql"
    floor_file.write_text(floor_sql(project, floor_db))
    median_of("floor", runs, lambda i: floor_db.unlink(missing_ok=True), lambda i: run_plain(floor_file, floor_db), results)

    def fresh(index: int) -> None:  # no published file and no version store: nothing to reuse
        db.unlink(missing_ok=True)
        project.store_path.unlink(missing_ok=True)

    median_of("check", runs, lambda i: None, lambda i: [*cli, "check", *at], results)
    median_of("cold", runs, fresh, lambda i: [*cli, "build", *at], results)
    median_of("noop", runs, lambda i: None, lambda i: [*cli, "build", *at], results)

    leaf_path = work / "sql" / f"{LEAF}.sql"
    original = leaf_path.read_text()

    def change_leaf(index: int) -> None:
        leaf_path.write_text(changed_leaf(original, index))

    median_of("leaf", runs, change_leaf, lambda i: [*cli, "build", "--keep", "2", *at], results)
    if "leaf_sql" in WANTED:
        leaf_file = work / "leaf.sql"
        leaf_copy = work / "leaf.duckdb"
        leaf_file.write_text(f"CREATE OR REPLACE TABLE leaf_copy AS {leaf_path.read_text()};")
        shutil.copyfile(db, leaf_copy)
        median_of("leaf_sql", runs, lambda i: None, lambda i: run_plain(leaf_file, leaf_copy), results)
        leaf_copy.unlink()
    median_of("daily", runs, lambda i: add_days_news(work / "seeds", i), lambda i: [*cli, "build", "--keep", "2", *at], results)
    median_of("report", runs, lambda i: None, lambda i: [*cli, "report", "--out", str(work / "site"), *at], results)
    pages = [sys.executable, "-c", PAGES, str(ROOT), str(work), str(work / "pages")]
    median_of("pages", runs, lambda i: None, lambda i: pages, results)
    median_of("page", runs, lambda i: None, lambda i: [*pages, "2024-Q4"], results)
    one_period = [*cli, "report", "--period", "2024-Q4", "--out", str(work / "site_one"), *at]
    median_of("report_one", runs, lambda i: None, lambda i: one_period, results)
    median_of("query", runs, lambda i: None, lambda i: [*cli, "query", QUERY, "--format", "csv", *at], results)
    median_of("query_bare", runs, lambda i: None, lambda i: [sys.executable, "-c", BARE_QUERY, str(db), QUERY], results)
    median_of("help", runs, lambda i: None, lambda i: [*cli, "--help"], results)
    median_of("spark", runs, fresh, lambda i: [*cli, "build", "--engine", "spark", *at], results)
    results["file_mib"] = db.stat().st_size / 2**20 if db.exists() else None
    results["seed_mib"] = sum(p.stat().st_size for p in (work / "seeds").glob("*.csv")) / 2**20
    return results


def markdown(all_results: dict) -> str:
    rows = ["| events | step | median (s) | ratio | peak memory (MiB) | runs (s) |", "| ---: | --- | ---: | --- | ---: | --- |"]
    for events, results in all_results.items():
        for step in STEPS:
            if step not in results:
                continue
            r = results[step]
            ratios = []
            if step in ("cold", "spark") and "floor" in results:
                ratios.append(f"{r['median_s'] / results['floor']['median_s']:.2f}× floor")
            if step in ("cold", "daily") and "check" in results:
                ratios.append(f"{r['median_s'] / results['check']['median_s']:.2f}× check")
            if step == "daily" and "cold" in results:
                ratios.append(f"{r['median_s'] / results['cold']['median_s']:.2f}× cold")
            if step == "query" and "query_bare" in results:
                ratios.append(f"{r['median_s'] / results['query_bare']['median_s']:.2f}× query_bare")
            if step == "leaf" and "leaf_sql" in results:
                ratios.append(f"{r['median_s'] - results['leaf_sql']['median_s']:+.2f}s over leaf_sql")
            ratio = ", ".join(ratios)
            rows.append(f"| {int(events):,} | {step} | {r['median_s']:.3f} | {ratio} | {r['peak_mib']:.0f} | {', '.join(map(str, r['runs_s']))} |")
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--steps", nargs="+", default=list(STEPS), choices=STEPS, help="steps to measure (default: all)")
    args = parser.parse_args()
    WANTED.update(args.steps)
    all_results = {events: bench_scale(events, args.runs) for events in args.events}
    (HERE / "work" / f"results-{'-'.join(map(str, args.events))}.json").write_text(json.dumps(all_results, indent=1))
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"duckdb {__import__('duckdb').__version__}, sqlglot {__import__('sqlglot').__version__}"
    )
    print(markdown(all_results))


if __name__ == "__main__":
    main()
