"""Run one lesson for the site: on the shipped data or a student's variant, with a private
progress file, every chart labelled with its title, and (for the instructor) each exercise's
solution in a folded section after its check.

A hidden first cell (tagged ``site-setup``) chooses the data and makes every matplotlib figure
carry its title as alt text in the output's metadata; it is removed before the page is written.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

SETUP_TAG = "site-setup"
SOLUTION_TAG = "site-solution"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
# Variables that choose the data variant or the progress file: the build sets them itself, so
# the instructor's own shell settings never leak into the pages.
_CHOSEN = ("CRM_LESSONS_SEED", "CRM_LESSONS_STUDENT", "JUPYTERHUB_USER")

_ALT_HOOK = '''
get_ipython().run_line_magic("matplotlib", "inline")
from matplotlib.figure import Figure as _SiteFigure

def _site_alt(fig):
    titles = [fig.get_suptitle()] if hasattr(fig, "get_suptitle") else []
    for ax in fig.axes:
        titles += [ax.get_title(loc) for loc in ("left", "center", "right") if ax.get_title(loc)]
    if not titles:
        titles = [", ".join(t for ax in fig.axes for t in (ax.get_ylabel(), ax.get_xlabel()) if t)]
    return " / ".join(t for t in titles if t) or "A chart without a title"

_site_png = get_ipython().display_formatter.formatters["image/png"]
_site_draw = _site_png.lookup_by_type(_SiteFigure)

def _site_png_with_alt(fig, _draw=_site_draw):
    data = _draw(fig)
    return (data, {"alt": _site_alt(fig)}) if data is not None else None

_site_png.for_type(_SiteFigure, _site_png_with_alt)
'''


def setup_source(environment: dict[str, str]) -> str:
    """The hidden first cell: `environment` set before anything loads data, the alt-text hook."""
    lines = ["import os", ""]
    lines += [f"os.environ.pop({name!r}, None)" for name in _CHOSEN]
    lines += [f"os.environ[{k!r}] = {v!r}" for k, v in sorted(environment.items())]
    return "\n".join(lines) + "\n" + _ALT_HOOK


def solution_html(exercise) -> str:
    """The folded section holding one exercise's solution, for the instructor's version."""
    from pygments import highlight
    from pygments.formatters import HtmlFormatter
    from pygments.lexers import PythonLexer

    code = highlight(exercise.solution_code, PythonLexer(), HtmlFormatter(cssclass="highlight"))
    return (f'<details class="crm-solution"><summary>Solution of <code>{html.escape(exercise.name)}'
            f"</code> (instructor's version)</summary>\n{code}</details>\n")


def prepared_notebook(path: Path, environment: dict[str, str], *, with_solutions: bool):
    """The lesson at `path`, ready to run: the setup cell first and, with solutions, a raw HTML
    cell after each exercise cell (the exercise cells themselves keep their blanks)."""
    import nbformat

    nb = nbformat.read(path, as_version=4)
    if with_solutions:
        from crm_lessons.exercises.answer_key import notebook_exercises

        for ec, exercise in reversed(notebook_exercises(nb, path)):
            raw = nbformat.v4.new_raw_cell(solution_html(exercise),
                                           metadata={"format": "text/html",
                                                     "tags": [SOLUTION_TAG]})
            nb.cells.insert(ec.index + 1, raw)
    setup = nbformat.v4.new_code_cell(setup_source(environment), metadata={"tags": [SETUP_TAG]})
    nb.cells.insert(0, setup)
    for cell in nb.cells:
        cell.pop("id", None)      # ids are not needed on a page; inserted cells would lack them
    nb.nbformat_minor = min(nb.get("nbformat_minor", 4), 4)
    return nb


def static_outputs(nb) -> None:
    """Drop what needs a kernel: the setup cell, widget views (an explorer keeps the static
    result it carries as HTML) and the notebook's widget state."""
    nb.cells = [c for c in nb.cells if SETUP_TAG not in (c.get("metadata", {}).get("tags") or [])]
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        kept = []
        for out in cell.get("outputs", []):
            data = out.get("data")
            if data is not None and WIDGET_VIEW in data:
                data.pop(WIDGET_VIEW)
                if "text/html" not in data:
                    continue      # a widget with no static result has nothing to show here
            kept.append(out)
        if "outputs" in cell:
            cell["outputs"] = kept


class LessonFailed(RuntimeError):
    """A lesson raised while it was run for the site; the message names the lesson and cell."""


def run_lesson(path: Path, environment: dict[str, str], *, with_solutions: bool,
               timeout: int = 300):
    """The executed, static version of the lesson at `path` (an nbformat NotebookNode)."""
    from nbclient.exceptions import CellExecutionError
    from nbconvert.preprocessors import ExecutePreprocessor

    nb = prepared_notebook(path, environment, with_solutions=with_solutions)
    runner = ExecutePreprocessor(timeout=timeout, kernel_name="python3")
    try:
        runner.preprocess(nb, {"metadata": {"path": str(path.parent)}})
    except CellExecutionError as exc:
        first = re.sub(r"\x1b\[[0-9;]*m", "", str(exc)).strip().splitlines()[-1:] or [""]
        raise LessonFailed(f"{path.name} raised an error while it ran ({first[0]}). Fix: run "
                           f"the lesson in JupyterLab and correct it; no site was written.") from exc
    static_outputs(nb)
    return nb

