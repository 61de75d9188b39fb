"""The jinja2 environment the report pages and the catalog render with."""

from __future__ import annotations

import contextlib
import csv
import importlib.metadata
import inspect
import io
import os
import urllib.parse
from typing import Optional

import jinja2
import jinja2.compiler

from .cache import hash_text
from .project import Project

TEMPLATE_SETTINGS = {"autoescape": True, "trim_blocks": True, "lstrip_blocks": True}  # they change the compiled code: see compiled_templates


def replace_entities(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&#39;").replace('"', "&#34;")


try:  # markupsafe.escape's own loop over the text, in C, without the Markup it wraps the result in
    from markupsafe import _escape_inner as escape_text
except ImportError:  # a markupsafe that no longer has it (the name is not public)
    escape_text = replace_entities


def escape_html(value) -> str:
    """markupsafe.escape's characters and entities, as a plain string (an object with __html__ is
    already safe, as in markupsafe)."""
    kind = type(value)
    if kind is str:
        return escape_text(value)
    if kind is int:  # counts: digits need no escaping
        return str(value)
    if hasattr(value, "__html__"):
        return value.__html__()
    return escape_text(str(value))


class ReportCodeGenerator(jinja2.compiler.CodeGenerator):
    """Compiles `{{ value }}` to escape_html(value) where jinja2 writes markupsafe.escape(value): the
    same text, without a Markup object built for each of the million values of a site at scale (a
    third of rendering a period page). Output is joined into plain text anyway, and macros and blocks
    still return Markup, so nothing is escaped twice. The method overridden is jinja2's own, not
    public: pyproject.toml keeps jinja2 below 4, and a unit test compares with stock jinja2."""

    def _output_child_pre(self, node, frame, finalize) -> None:
        if frame.eval_ctx.volatile or not frame.eval_ctx.autoescape:
            return super()._output_child_pre(node, frame, finalize)
        self.write("environment.escape_html(")  # every compiled function has the environment at hand
        if finalize.src is not None:
            self.write(finalize.src)


class ReportEnvironment(jinja2.Environment):
    """Report rows are dictionaries: `row.title` reads the key at once, where jinja2 first tries an
    attribute (and fails, at a cost paid for every value of every page). A dictionary's own attributes
    (`.get`, `.items`, …) still come first, as in jinja2."""

    code_generator_class = ReportCodeGenerator
    escape_html = staticmethod(escape_html)

    def getattr(self, obj, attribute):
        if type(obj) is dict and attribute not in DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                pass
        return super().getattr(obj, attribute)


DICT_ATTRIBUTES = frozenset(dir(dict))


def report_environment(project: Project) -> jinja2.Environment:
    env = ReportEnvironment(
        loader=jinja2.FileSystemLoader(project.reports_dir),
        undefined=jinja2.StrictUndefined,
        bytecode_cache=compiled_templates(project),
        **TEMPLATE_SETTINGS,
    )
    env.filters["csv_uri"] = csv_data_uri
    return env


def compiled_templates(project: Project) -> Optional[jinja2.BytecodeCache]:
    """The templates as an earlier run compiled them (under .cache/): compiling the period page costs
    more than rendering it. jinja2 compiles a template again when its source changed; the folder is
    named after what else the code depends on (the settings, jinja2's version, our code generator),
    which the source does not show. None where the folder cannot be written or that source is missing."""
    try:
        generator = inspect.getsource(ReportCodeGenerator)
    except OSError:  # installed without its .py files: compile every run rather than trust a stale folder
        return None
    depends_on = repr((sorted(TEMPLATE_SETTINGS.items()), importlib.metadata.version("jinja2"), generator))
    folder = project.root / ".cache" / f"templates-{hash_text(depends_on)[:12]}"
    with contextlib.suppress(OSError):
        folder.mkdir(parents=True, exist_ok=True)
    return jinja2.FileSystemBytecodeCache(str(folder)) if os.access(folder, os.W_OK) else None


def csv_data_uri(rows: list[dict], columns: list[str]) -> str:
    """A chart's data as a CSV file inside a link, so that it downloads with no server."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([row[column] for column in columns] for row in rows)
    return "data:text/csv;charset=utf-8," + urllib.parse.quote(buffer.getvalue())
