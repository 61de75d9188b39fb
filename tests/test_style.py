"""The code and the models keep one style: ruff for Python, the house style for sql/ (tokens and
syntax tree), and engine modules that import only the modules before them."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT
from sql_style import style_problems

import warehouse_engine

MODELS = sorted((ROOT / "sql").glob("*.sql"))


@pytest.mark.parametrize("path", MODELS, ids=[p.stem for p in MODELS])
def test_every_model_follows_the_house_style(path):
    assert style_problems(path.read_text(encoding="utf-8")) == []
    assert path.stem.split("_")[0] in warehouse_engine.LAYERS


GOOD = """WITH events AS (
    SELECT * FROM stg_events
),

final AS (
    SELECT events.alias AS name, events.status FROM events INNER JOIN stg_levels AS levels ON levels.level = events.level
)

SELECT * FROM final"""


def test_the_house_style_accepts_a_well_written_model_with_a_column_named_alias():
    assert style_problems(GOOD) == []


@pytest.mark.parametrize(
    "change,problem",
    [
        (("INNER JOIN", "join"), "say which kind of JOIN"),
        (("ON levels", "on levels"), "write the keyword 'on' in upper case"),
        (("SELECT events.alias", "select events.alias"), "write the keyword 'select' in upper case"),
        (("AS name", "name"), "write AS before the alias name"),
        (("stg_levels AS levels", "stg_levels levels"), "write AS before the alias levels"),
        (("SELECT * FROM final", "SELECT name FROM final"), "end with SELECT * FROM final"),
        (("final AS (", "result AS ("), "the last CTE is named final"),
        (("SELECT * FROM stg_events", "SELECT event_id FROM stg_events"), "start with an import CTE"),
        (("),\n\nfinal", "),\n\nlogic AS (SELECT 1 AS x),\n\nlate AS (\n    SELECT * FROM stg_topics\n),\n\nfinal"), "import CTEs come first"),
        (("FROM events INNER JOIN", "FROM events INNER JOIN events AS again ON again.level = events.level INNER JOIN"), "events is read 2 times"),
    ],
)
def test_the_house_style_catches_each_rule(change, problem):
    bad = GOOD.replace(*change)
    assert bad != GOOD
    assert any(problem in p for p in style_problems(bad)), style_problems(bad)


def ruff() -> str:
    binary = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")
    assert binary, "ruff is a test dependency"
    return binary


def test_ruff_check_passes():
    result = subprocess.run([ruff(), "check", str(ROOT)], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout


def test_ruff_format_leaves_the_code_as_it_is():
    result = subprocess.run([ruff(), "format", "--check", str(ROOT)], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout


def engine_modules() -> list[str]:
    """The modules in the order the package's docstring declares them."""
    declared = warehouse_engine.__doc__.split("dependency order")[1].split(".\n")[0]
    return re.findall(r"[a-z_]+", declared.split(":", 1)[1])


def test_engine_modules_import_only_the_modules_before_them():
    order = engine_modules()
    files = sorted(p.stem for p in (ROOT / "warehouse_engine").glob("*.py") if p.stem != "__init__")
    assert sorted(order) == files, "the package docstring lists every module once"
    for position, name in enumerate(order):
        tree = ast.parse((ROOT / "warehouse_engine" / f"{name}.py").read_text(encoding="utf-8"))
        imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.level == 1}
        later = imported - set(order[:position])
        assert not later, f"{name} imports {sorted(later)}, which come after it"


def test_reading_the_published_file_does_not_load_the_sql_parser():
    """`warehouse query` and `warehouse report` start without sqlglot (a tenth of a second to import):
    only building, checking and --dialect need it. A new process, so that nothing is loaded yet."""
    code = "import sys, warehouse_engine.query, warehouse_engine.reports; print(sorted(m for m in sys.modules if m.startswith('sqlglot')))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True).stdout
    assert loaded.strip() == "[]"


def test_the_public_api_names_what_it_exports():
    for name in warehouse_engine.__all__:
        assert getattr(warehouse_engine, name) is not None
    module_names = {p.stem for p in (ROOT / "warehouse_engine").glob("*.py")}
    assert not module_names & set(warehouse_engine.__all__), "an export named like a module would be shadowed by it"


def test_engine_modules_stay_small():
    for path in (ROOT / "warehouse_engine").glob("*.py"):
        assert len(path.read_text(encoding="utf-8").splitlines()) <= 450, path.name
    assert len((ROOT / "warehouse.py").read_text(encoding="utf-8").splitlines()) <= 400
