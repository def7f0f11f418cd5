"""Which files in a SUBMISSIONS folder are whose notebooks, for which lesson; and why the others
are skipped.

Two layouts are understood, and may be mixed:

- one subfolder per student: ``SUBMISSIONS/alice/03_customer_attraction.ipynb`` (the folder
  name is the student);
- files named after the student, as an LMS download gives them:
  ``alice_12345_03_customer_attraction.ipynb`` (the student is the part before the first
  ``_``) or ``alice.ipynb``.

A roster CSV (``--roster``) with columns ``file`` or ``pattern`` (a shell pattern such as
``*Smith*``) and ``student`` maps files to student ids; its optional columns ``name``,
``email``, ``sis_id`` and ``section`` go into the Canvas and Moodle layouts.

The lesson comes from the notebook's metadata (``crm_lessons.lesson``), else from the lesson
exercise module it imports (``crm_lessons.exercises.lesson03``), else from its file name.
A file that is not a notebook, is empty, is not valid JSON, or is a notebook of another course
(it uses no lesson's exercises) is skipped with the reason.
"""

from __future__ import annotations

import csv
import fnmatch
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from crm_lessons.grading.arguments import GradingError

# A lesson's own file name, as in the course's notebooks/ (crm_lessons.course.LESSON_FILE).
LESSON_FILE = re.compile(r"^(?P<lesson>\d\d[a-z]?)_(?P<name>.+)\.ipynb$")

__all__ = ["Submission", "Skipped", "RosterError", "read_roster", "discover", "notebook_lesson"]

_EXERCISE_IMPORT = re.compile(
    r"crm_lessons\.exercises(?:\.lesson(?P<a>\d\d[a-z]?)\b|\s+import\s+[^\n]*\blesson(?P<b>\d\d[a-z]?)\b)")
_LESSON_IN_NAME = re.compile(r"(?:^|_)(?P<lesson>\d\d[a-z]?)_[A-Za-z]")
IGNORED = {".DS_Store", "Thumbs.db", "desktop.ini"}


class RosterError(GradingError):
    """A roster CSV that cannot be read; the message names the problem and the fix."""


@dataclass
class Submission:
    student: str
    path: Path           # the file in SUBMISSIONS (never modified)
    relative: str        # its path inside SUBMISSIONS, as the gradebook shows it
    lesson: str
    notebook: dict       # the parsed JSON


@dataclass
class Skipped:
    file: str
    reason: str


@dataclass
class RosterEntry:
    student: str
    key: str             # the file name or pattern it matches
    is_pattern: bool
    extra: dict = field(default_factory=dict)


def read_roster(path: Path | None) -> list[RosterEntry]:
    """The roster's rows (an empty list without a roster)."""
    if path is None:
        return []
    path = Path(path)
    if not path.is_file():
        raise RosterError(f"The roster {path} is not a file. Fix: give a CSV file with the "
                          "columns file (or pattern) and student.")
    try:
        with open(path, newline="", encoding="utf-8-sig") as fh:
            rows = list(csv.DictReader(fh))
    except (UnicodeDecodeError, csv.Error) as exc:
        raise RosterError(f"The roster {path} cannot be read as CSV ({exc}). Fix: save it as "
                          "CSV (UTF-8) with the columns file (or pattern) and student.") from None
    entries = []
    for i, row in enumerate(rows, start=2):
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items()}
        key = row.get("file") or row.get("pattern")
        if not row.get("student") or not key:
            raise RosterError(f"The roster {path}, line {i}, needs a student and a file (or "
                              f"pattern); it has {sorted(k for k, v in row.items() if v)}. Fix: "
                              "fill both columns on every line.")
        extra = {k: row[k] for k in ("name", "email", "sis_id", "section") if row.get(k)}
        entries.append(RosterEntry(row["student"], key, not row.get("file"), extra))
    return entries


def _roster_student(relative: str, roster: list[RosterEntry]) -> str | None:
    name = Path(relative).name
    for entry in roster:
        if entry.is_pattern:
            if fnmatch.fnmatch(name, entry.key) or fnmatch.fnmatch(relative, entry.key):
                return entry.student
        elif entry.key in (name, relative):
            return entry.student
    return None


def student_from_name(relative: str) -> str | None:
    """The student a file belongs to by its place or name (None when it cannot be told)."""
    parts = Path(relative).parts
    if len(parts) > 1:
        return parts[0]
    stem = Path(relative).stem
    if LESSON_FILE.match(Path(relative).name):
        return None                      # "03_customer_attraction.ipynb": whose is it?
    return stem.split("_", 1)[0].strip() or None


def notebook_lesson(nb: dict, file_name: str) -> str | None:
    """The lesson of a parsed notebook: metadata, else its exercise import, else its name."""
    meta = nb.get("metadata", {}).get("crm_lessons", {}) if isinstance(nb, dict) else {}
    if isinstance(meta, dict) and isinstance(meta.get("lesson"), str):
        return meta["lesson"]
    for cell in nb.get("cells", []):
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        src = cell.get("source", "")
        m = _EXERCISE_IMPORT.search("".join(src) if isinstance(src, list) else str(src))
        if m:
            return m.group("a") or m.group("b")
    m = _LESSON_IN_NAME.search(Path(file_name).stem + "_x")
    uses_course = any("crm_lessons" in "".join(c.get("source", "")) for c in nb.get("cells", [])
                      if isinstance(c, dict))
    return m.group("lesson") if m and uses_course else None


def _read_notebook(path: Path) -> tuple[dict | None, str | None]:
    """(notebook, None) or (None, the reason it is skipped)."""
    if path.suffix.lower() != ".ipynb":
        if path.name.lower().endswith(".json") and "progress" in path.name.lower():
            return None, ("a progress file: not used, grades come from running the notebooks "
                          "again")
        return None, f"not a notebook (a {path.suffix or 'file without extension'} file)"
    data = path.read_bytes()
    if not data.strip():
        return None, "an empty file"
    try:
        nb = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        return None, f"corrupted: not valid notebook JSON ({exc})"
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
        return None, "corrupted: valid JSON but not a notebook (no list of cells)"
    return nb, None


def discover(folder: Path, roster: list[RosterEntry] | None = None,
             known_lessons: set[str] | None = None) -> tuple[list[Submission], list[Skipped]]:
    """Every submission in `folder` and every skipped file with its reason, in name order."""
    folder = Path(folder)
    roster = roster or []
    found, skipped = [], []
    for path in sorted(p for p in folder.rglob("*") if p.is_file() or p.is_symlink()):
        relative = path.relative_to(folder).as_posix()
        if path.name in IGNORED or any(part.startswith(".") for part in Path(relative).parts):
            continue
        if path.is_symlink():
            skipped.append(Skipped(relative, "a symbolic link: not followed"))
            continue
        nb, reason = _read_notebook(path)
        if reason:
            skipped.append(Skipped(relative, reason))
            continue
        lesson = notebook_lesson(nb, path.name)
        if lesson is None or (known_lessons is not None and lesson not in known_lessons):
            skipped.append(Skipped(relative, "a notebook of another course: it uses no lesson's "
                                             "exercises from crm_lessons"))
            continue
        student = _roster_student(relative, roster) or student_from_name(relative)
        if not student:
            skipped.append(Skipped(relative, "whose it is cannot be told: put it in a folder "
                                             "named after the student, or list it in --roster"))
            continue
        found.append(Submission(student, path, relative, lesson, nb))
    return _one_per_lesson(found, skipped)


def _one_per_lesson(found: list[Submission], skipped: list[Skipped]):
    """Keep one notebook per student and lesson (the last by name); skip the others."""
    kept: dict[tuple[str, str], Submission] = {}
    for sub in found:
        key = (sub.student.casefold(), sub.lesson)
        if key in kept:
            skipped.append(Skipped(kept[key].relative, f"another notebook of {sub.student} for "
                                   f"lesson {sub.lesson} ({sub.relative}) is graded instead"))
        kept[key] = sub
    return list(kept.values()), sorted(skipped, key=lambda s: s.file)
