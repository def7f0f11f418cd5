"""Run a lesson notebook's code cells in one plain namespace, as a student would see them.

No kernel: each code cell is executed in a dict, in order, on the shipped data, with the
working directory set to the notebook's folder. What the cell shows is kept as text: what it
prints, the value of its last line (its HTML or Markdown rendering when it has one, and its
plain text), and the titles and texts of every chart it draws. Before each exercise cell, a
snapshot of the namespace is taken (pandas objects copied), so a fragment can be run "at that
point" of the lesson. Exercise cells themselves are not run: the lesson cells after an
exercise never depend on what the student wrote (DESIGN.md, the exercise contract).

Used by test_hint_code_runs.py and test_no_giveaway.py; each lesson is run once per process.
"""

from __future__ import annotations

import ast
import contextlib
import html
import io
import os
import re
import tempfile
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import nbformat

from crm_lessons.exercises.answer_key import exercise_aliases, exercise_cells, lesson_notebooks
from crm_lessons.exercises.exercise import Exercise
from crm_lessons.paths import NOTEBOOKS_DIR

TAG = re.compile(r"<[^>]+>")


@dataclass
class ExerciseStop:
    """An exercise cell: where it is, the exercise, and the namespace just before it."""

    index: int
    exercise: Exercise
    namespace: dict[str, Any]


@dataclass
class LessonRun:
    path: Path
    outputs: dict[int, str] = field(default_factory=dict)  # cell index -> what it showed
    cell_ids: dict[int, str] = field(default_factory=dict)  # cell index -> the cell's id
    stops: list[ExerciseStop] = field(default_factory=list)

    def shown_before(self, index: int) -> list[tuple[int, str]]:
        """(cell index, text shown) of every code cell before `index`."""
        return [(i, text) for i, text in sorted(self.outputs.items()) if i < index]


def lesson_paths(folder: Path = NOTEBOOKS_DIR) -> list[Path]:
    """Every lesson notebook that has at least one exercise (later lessons included)."""
    return [p for p in lesson_notebooks(folder)
            if exercise_cells(nbformat.read(p, as_version=4))]


def snapshot(namespace: dict[str, Any]) -> dict[str, Any]:
    """A copy of the namespace whose tables a fragment can change without harm."""
    import pandas as pd

    return {k: (v.copy() if isinstance(v, (pd.DataFrame, pd.Series)) else v)
            for k, v in namespace.items()}


def rendered(value: Any) -> str:
    """The text a notebook shows for a cell's value: its HTML (tags removed) or Markdown,
    and its plain text."""
    parts = []
    for method in ("_repr_html_", "_repr_markdown_"):
        fn = getattr(value, method, None)
        if callable(fn):
            with contextlib.suppress(Exception):
                text = fn()
                if isinstance(text, tuple):
                    text = text[0]
                if text:
                    parts.append(html.unescape(TAG.sub(" ", str(text))))
    static = getattr(value, "static_html", "")
    if isinstance(static, str) and static:
        parts.append(html.unescape(TAG.sub(" ", static)))
    parts.append(repr(value))
    return "\n".join(parts)


def chart_texts() -> str:
    """Titles, labels, legends and annotations of every open figure; the figures are closed."""
    import matplotlib.pyplot as plt

    lines = []
    for num in plt.get_fignums():
        fig = plt.figure(num)
        if fig._suptitle is not None:
            lines.append(fig._suptitle.get_text())
        for ax in fig.axes:
            lines += [ax.get_title(loc) for loc in ("left", "center", "right")]
            lines += [ax.get_xlabel(), ax.get_ylabel()]
            lines += [t.get_text() for t in ax.texts]
            lines += [t.get_text() for t in ax.get_xticklabels() + ax.get_yticklabels()]
            legend = ax.get_legend()
            if legend is not None:
                lines += [t.get_text() for t in legend.get_texts()]
    plt.close("all")
    return "\n".join(t for t in lines if t)


def run_source(source: str, namespace: dict[str, Any], name: str = "<cell>") -> str:
    """Execute one cell's code in `namespace`; return what it printed and showed."""
    code = "\n".join("" if line.lstrip().startswith(("%", "!")) else line
                     for line in source.splitlines())
    tree = ast.parse(code, filename=name)
    last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(tree, name, "exec"), namespace)
        value = None
        if last is not None:
            value = eval(compile(ast.Expression(last.value), name, "eval"), namespace)
    shown = [out.getvalue()]
    if value is not None:
        shown.append(rendered(value))
    shown.append(chart_texts())
    return "\n".join(s for s in shown if s)


@cache
def run_lesson(path: Path) -> LessonRun:
    """Run every code cell of the lesson at `path` except its exercise cells (once per process)."""
    import importlib

    import matplotlib

    matplotlib.use("Agg")
    nb = nbformat.read(path, as_version=4)
    cells = {ec.index: ec for ec in exercise_cells(nb)}
    aliases = exercise_aliases(nb)
    run = LessonRun(path)
    namespace: dict[str, Any] = {"__name__": "__main__"}
    kept = {k: os.environ.get(k) for k in ("CRM_LESSONS_PROGRESS", "CRM_LESSONS_SEED")}
    with tempfile.TemporaryDirectory() as tmp, contextlib.chdir(path.parent):
        os.environ["CRM_LESSONS_PROGRESS"] = str(Path(tmp) / "progress.json")
        os.environ.pop("CRM_LESSONS_SEED", None)  # the shipped data
        try:
            for i, cell in enumerate(nb.cells):
                if cell.cell_type != "code":
                    continue
                run.cell_ids[i] = str(cell.get("id", i))
                if i in cells:
                    module = importlib.import_module(aliases[cells[i].alias])
                    run.stops.append(ExerciseStop(i, getattr(module, cells[i].name),
                                                  snapshot(namespace)))
                    continue
                run.outputs[i] = run_source(cell.source, namespace, f"{path.name}[{i}]")
        finally:
            for k, v in kept.items():
                if v is None:
                    os.environ.pop(k, None)
                else:
                    os.environ[k] = v
    return run
