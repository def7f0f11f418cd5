"""What ``crm_lessons.exercises.progress()`` shows: per lesson, each exercise done, tried or not
started, with a link to it (HTML in JupyterLab, plain text anywhere else).

Where an exercise sits is read from its lesson's notebook: the first code cell that calls
``.<name>.check(``. The link opens the notebook at the text just above that cell (the task),
as ``01_crm_goals.ipynb#cell-id=<cell id>``, which JupyterLab 4.1 and later scroll to; an
older JupyterLab opens the notebook at its top. The section named beside it is the nearest
``##`` heading above the exercise. The link is relative to the working folder (in Jupyter,
the folder of the notebook that asks), to the student's copy of the lesson if one is there.
"""

from __future__ import annotations

import html
import json
import os
import re
from pathlib import Path
from typing import NamedTuple
from urllib.parse import quote

import pandas as pd

__all__ = ["ProgressView", "exercise_places", "lesson_files"]

# status: (what the student reads, colour); the words carry the meaning without the colour
LABELS = {
    "correct": ("✔ correct", "#0072B2"),
    "done": ("✔ answered", "#0072B2"),
    "tried": ("✘ not yet right", "#D55E00"),
    "not started": ("○ not started", "#666666"),
}


CELL = "text-align:left;vertical-align:top;padding:2px 12px 2px 0;"
NOWRAP = "white-space:nowrap;"


class Place(NamedTuple):
    """Where an exercise sits in its notebook: the cell to open at and the section's heading."""

    cell_id: str
    section: str


def _heading_text(line: str) -> str:
    """A Markdown heading's text as a reader sees it (no #, no `code` marks, no link targets)."""
    text = re.sub(r"^#+\s*", "", line).strip()
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    return re.sub(r"[`*]", "", text).strip()


def exercise_places(notebook: Path, names: set[str]) -> dict[str, Place]:
    """For each exercise in `names` checked in `notebook`, the cell to link to and its section.

    The cell is the last Markdown cell between the previous exercise's check and this one's
    (the task's text), or the check cell itself when there is none. A notebook that cannot be
    read gives no places.
    """
    try:
        cells = json.loads(Path(notebook).read_text(encoding="utf-8")).get("cells", [])
    except (OSError, ValueError, AttributeError):
        return {}
    places: dict[str, Place] = {}
    section, task_cell = "", None
    for cell in cells if isinstance(cells, list) else []:
        source = cell.get("source", "") if isinstance(cell, dict) else ""
        text = "".join(source) if isinstance(source, list) else str(source)
        if cell.get("cell_type") == "markdown":
            task_cell = cell.get("id")
            for line in text.splitlines():
                if re.match(r"^##\s", line):
                    section = _heading_text(line)
            continue
        checked = [n for n in re.findall(r"\.(\w+)\.check\(", text) if n in names]
        for name in checked:
            places.setdefault(name, Place(str(task_cell or cell.get("id") or ""), section))
        if checked:
            task_cell = None
    return places


def lesson_files() -> pd.DataFrame:
    """Every lesson notebook of the course: lesson id, title and path (``crm_lessons.course``).

    A copy of the lesson in the working folder (a student's own copy, beside the notebook that
    asks) is preferred to the course's notebooks folder.
    """
    from crm_lessons.course import lessons
    from crm_lessons.paths import NOTEBOOKS_DIR

    found = lessons()
    here = Path.cwd()
    paths = [here / f if (here / f).is_file() else NOTEBOOKS_DIR / f for f in found["file"]]
    return found.assign(path=paths)[["lesson", "title", "path"]]


def _href(path: Path, cell_id: str = "") -> str:
    """A link to `path` relative to the working folder (a notebook's own folder in Jupyter)."""
    try:
        rel = Path(os.path.relpath(path, os.getcwd())).as_posix()
    except ValueError:  # another drive (Windows): the absolute path
        rel = Path(path).as_posix()
    return quote(rel) + (f"#cell-id={quote(cell_id)}" if cell_id else "")


def _counts(rows: pd.DataFrame) -> str:
    """"3 of 15 done, 1 tried and not yet right, 11 not started"."""
    done = int(rows["status"].isin(["correct", "done"]).sum())
    tried = int(rows["status"].eq("tried").sum())
    untouched = int(rows["status"].eq("not started").sum())
    return f"{done} of {len(rows)} done, {tried} tried and not yet right, {untouched} not started"


class ProgressView:
    """Your progress, lesson by lesson: shown as HTML in JupyterLab and as text elsewhere.

    ``report`` has one row per exercise (``exercise_report``), ``summary`` one per lesson
    (``progress_summary``).
    """

    def __init__(self, report: pd.DataFrame, summary: pd.DataFrame, source: Path,
                 files: pd.DataFrame | None = None) -> None:
        self.report, self.summary, self.source = report, summary, Path(source)
        if files is None:
            try:
                files = lesson_files()
            except (OSError, ValueError):  # a lesson notebook that cannot be read: no links
                files = pd.DataFrame(columns=["lesson", "title", "path"])
        self._files = {r.lesson: (r.title, Path(r.path)) for r in files.itertuples()}
        self._places: dict[str, dict[str, Place]] = {}
        for lesson, rows in report.groupby("lesson", sort=False):
            if lesson in self._files:
                path = self._files[lesson][1]
                self._places[lesson] = exercise_places(path, set(rows["exercise"]))

    def lessons(self):
        """(lesson id, title, notebook path or None, its exercises) in course order."""
        for lesson, rows in self.report.groupby("lesson", sort=True):
            title, path = self._files.get(lesson, ("", None))
            yield lesson, f"Lesson {lesson}" + (f" · {title}" if title else ""), path, rows

    def place(self, lesson: str, exercise: str) -> Place | None:
        return self._places.get(lesson, {}).get(exercise)

    def totals(self) -> str:
        if not len(self.report):
            return "No exercises found yet."
        return f"Across the course: {_counts(self.report)}."

    def __repr__(self) -> str:
        lines = [f"Your progress (recorded in {self.source})", self.totals()]
        for lesson, heading, path, rows in self.lessons():
            where = f" ({_href(path)})" if path else ""
            lines += ["", f"{heading}{where}: {_counts(rows)}"]
            name_width = max(len(e) for e in rows["exercise"])
            help_width = max(len(h) for h in rows["help"])
            for row in rows.itertuples():
                place = self.place(lesson, row.exercise)
                checks = f"{row.attempts} check{'s' if row.attempts != 1 else ''}" \
                    if row.attempts else ""
                section = f"section {place.section}" if place and place.section else ""
                lines.append(f"  {LABELS[row.status][0]:<16} {row.exercise:<{name_width}}  "
                             f"{checks:<10}{row.help:<{help_width}}  {section}".rstrip())
        return "\n".join(lines)

    def _row_html(self, lesson: str, path: Path | None, row) -> str:
        label, colour = LABELS[row.status]
        place = self.place(lesson, row.exercise)
        name = html.escape(row.exercise)
        if path is not None:
            name = (f"<a href='{html.escape(_href(path, place.cell_id if place else ''))}' "
                    f"title='{html.escape(row.question)}'>{name}</a>")
        checks = str(row.attempts) if row.attempts else ""
        section = html.escape(place.section) if place else ""
        cells = [f"<code>{name}</code>", f"<span style='color:{colour};font-weight:bold'>"
                 f"{label}</span>", checks, html.escape(row.help), section]
        # every cell on one line but the section's name, which may wrap
        return "<tr>" + "".join(f"<td style='{CELL}{NOWRAP if i < 4 else ''}'>{c}</td>"
                                for i, c in enumerate(cells)) + "</tr>"

    def _repr_html_(self) -> str:
        head = "".join(f"<th style='{CELL}{NOWRAP}'>{h}</th>" for h in
                       ("Exercise", "Status", "Checks", "Hint or solution seen", "Section"))
        parts = [f"<div class='crm-progress' style='color:#222'><p><strong>Your progress"
                 f"</strong>: {html.escape(self.totals())}</p>"]
        for lesson, heading, path, rows in self.lessons():
            link = (f" · <a href='{html.escape(_href(path))}'>open the lesson</a>"
                    if path is not None else "")
            body = "".join(self._row_html(lesson, path, row) for row in rows.itertuples())
            parts.append(f"<p style='margin:12px 0 4px'><strong>{html.escape(heading)}</strong>"
                         f"{link} · {_counts(rows)}</p><table style='border-collapse:collapse;"
                         f"margin:0'><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
        parts.append(f"<p style='color:#555'><small>Recorded in "
                     f"<code>{html.escape(str(self.source))}</code>. Click an exercise to open "
                     "its lesson at the task (if the lesson opens at its top, click again once "
                     "it has loaded).</small></p></div>")
        return "".join(parts)
