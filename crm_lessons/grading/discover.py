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
``email``, ``lms_id``, ``sis_id`` and ``section`` go into the Canvas and Moodle layouts. It may
be separated by commas, semicolons or tabs. A download unzipped into a folder of its own
(``SUBMISSIONS/export/alice/...``, ``SUBMISSIONS/export/bob/...``) is read as if ``export``
were SUBMISSIONS.

The lesson comes from the notebook's metadata (``crm_lessons.lesson``), else from the lesson
exercise module it imports (``crm_lessons.exercises.lesson03``), else from its file name.
A file that is not a notebook (a .zip, a pipe or a device among them), is empty, is not valid
JSON, is malformed (:func:`notebook_problem`: grade.py only ever sees well-formed notebooks), is
in an old notebook format, is a notebook of another course (it uses no lesson's exercises), or
whose name gives no usable student id, is skipped with the reason; discovery goes on.
"""

from __future__ import annotations

import csv
import fnmatch
import io
import json
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

from crm_lessons.errors import CRMDataError
from crm_lessons.grading.arguments import GradingError
from crm_lessons.identity import clean_id

# A lesson's own file name, as in the course's notebooks/ (crm_lessons.course.LESSON_FILE).
LESSON_FILE = re.compile(r"^(?P<lesson>\d\d[a-z]?)_(?P<name>.+)\.ipynb$")

__all__ = ["Submission", "Skipped", "RosterError", "RosterEntry", "read_roster", "discover",
           "notebook_lesson", "notebook_problem", "unused_roster_rows"]

_EXERCISE_IMPORT = re.compile(
    r"crm_lessons\.exercises(?:\.lesson(?P<a>\d\d[a-z]?)\b|\s+import\s+[^\n]*\blesson(?P<b>\d\d[a-z]?)\b)")
_LESSON_IN_NAME = re.compile(r"(?:^|_)(?P<lesson>\d\d[a-z]?)_[A-Za-z]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
IGNORED = {".DS_Store", "Thumbs.db", "desktop.ini"}
ROSTER_EXTRA = ("name", "email", "lms_id", "sis_id", "section")
ARCHIVES = {".tar", ".gz", ".tgz", ".bz2", ".xz", ".7z", ".rar"}
CELL_TYPES = ("code", "markdown", "raw")
OLD_FORMAT = ("an old notebook format ({}): open it in Jupyter and save it, or run `jupyter "
              "nbconvert --to notebook --nbformat 4`")


class RosterError(GradingError):
    """A roster CSV that cannot be read; the message names the problem and the fix."""


@dataclass
class Submission:
    student: str
    path: Path           # the file in SUBMISSIONS (never modified)
    relative: str        # its path inside SUBMISSIONS, as the gradebook shows it
    lesson: str
    notebook: dict       # the parsed JSON, checked by notebook_problem


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
    line: int = 0        # its line in the roster file


# --- the roster -----------------------------------------------------------------------------

def read_roster(path: Path | None) -> list[RosterEntry]:
    """The roster's rows (an empty list without a roster); RosterError when it is not usable."""
    if path is None:
        return []
    path = Path(path)
    if not path.is_file():
        raise RosterError(f"The roster {path} is not a file. Fix: give a CSV file with the "
                          "columns file (or pattern) and student.")
    header, rows = _roster_rows(path)
    entries, seen = [], {}
    for line, cells in rows:
        row = {name: (cells[i] if i < len(cells) else "").strip() for i, name in enumerate(header)}
        entry = _roster_entry(path, line, row)
        if entry.key in seen:
            raise RosterError(f"The roster {path} lists {entry.key!r} twice, on lines "
                              f"{seen[entry.key]} and {line}. Fix: keep one of the two lines.")
        seen[entry.key] = line
        entries.append(entry)
    return entries


def _roster_rows(path: Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header (lower-cased) and each non-blank row with the line it starts on."""
    try:
        text = path.read_text(encoding="utf-8-sig")
        first = text.splitlines()[0] if text.strip() else ""
        delimiter = next((d for d in ",;\t" if d in first), ",")  # a comma wins over the others
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        header = [h.strip().lower() for h in next(reader, [])]
        rows, start = [], reader.line_num + 1
        for cells in reader:
            if any(c.strip() for c in cells):
                rows.append((start, cells))
            start = reader.line_num + 1
    except (UnicodeDecodeError, csv.Error, OSError) as exc:
        raise RosterError(f"The roster {path} cannot be read as CSV ({exc}). Fix: save it as "
                          "CSV (UTF-8) with the columns file (or pattern) and student.") from None
    fix = "Fix: give one line per student under the header, e.g. smithjane_*,s1234567"
    if not any(header):
        raise RosterError(f"The roster {path} has no rows. {fix}, below the header "
                          "pattern,student.")
    missing = [c for c, ok in (("student", "student" in header),
                               ("file (or pattern)", {"file", "pattern"} & set(header))) if not ok]
    if missing:
        raise RosterError(
            f"The roster {path} needs a student and a file (or pattern) column; it has no "
            f"{' and no '.join(missing)} column (its columns: "
            f"{', '.join(repr(h) for h in header if h) or 'none'}). Fix: name the columns on its "
            "first line, e.g. pattern,student,email.")
    if not rows:
        raise RosterError(f"The roster {path} has no rows, only its header. {fix}.")
    return header, rows


def _roster_entry(path: Path, line: int, row: dict) -> RosterEntry:
    key = row.get("file") or row.get("pattern")
    if not row.get("student") or not key:
        raise RosterError(f"The roster {path}, line {line}, needs a student and a file (or "
                          f"pattern); it has {sorted(k for k, v in row.items() if v)}. Fix: "
                          "fill both columns on every line.")
    student, problem = usable_id(row["student"])
    if problem:
        raise RosterError(f"The roster {path}, line {line}: the student id "
                          f"{row['student'][:40]!r} is not usable: {problem}. Fix: give a short "
                          "id of at most 100 printable characters, on one line.")
    extra = {k: row[k] for k in ROSTER_EXTRA if row.get(k)}
    return RosterEntry(student, key, not row.get("file"), extra, line)


def usable_id(text: str) -> tuple[str | None, str | None]:
    """(the student id, None), or (None, why it cannot be one): identity.clean_id's rules."""
    try:
        return clean_id(text, "student id", "CRM_LESSONS_STUDENT"), None
    except CRMDataError:
        value = text.strip()
        if not value:
            return None, "it is empty"
        if _CONTROL.search(value):
            return None, "it holds a control character (a line break, a tab or the like)"
        return None, f"it is {len(value)} characters long, more than the 100 an id may have"


def _roster_matches(relative: str, roster: list[RosterEntry]) -> list[RosterEntry]:
    """The roster rows that match a file: by its name, or its path (or the end of its path)."""
    parts = Path(relative).parts
    names = {"/".join(parts[i:]) for i in range(len(parts))}
    return [e for e in roster
            if (any(fnmatch.fnmatch(n, e.key) for n in names) if e.is_pattern
                else e.key in names)]


def unused_roster_rows(entries: list[RosterEntry], subs: list[Submission],
                       skipped: list[Skipped] = ()) -> list[str]:
    """One line for each roster row that matches no file in SUBMISSIONS (graded or skipped),
    e.g. "line 4: pattern 'smithjane_*' (student s1234567) matches no file"."""
    files = [s.relative for s in subs] + [s.file for s in skipped]
    used = {id(e) for f in files for e in _roster_matches(f, entries)}
    return [f"line {e.line}: {'pattern' if e.is_pattern else 'file'} {e.key!r} (student "
            f"{e.student}) matches no file" for e in entries if id(e) not in used]


# --- whose, and which lesson ----------------------------------------------------------------

def student_from_name(relative: str) -> str | None:
    """The student a file belongs to by its place or name (None when it cannot be told)."""
    parts = Path(relative).parts
    if len(parts) > 1:
        return parts[0]
    stem = Path(relative).stem
    if LESSON_FILE.match(Path(relative).name):
        return None                      # "03_customer_attraction.ipynb": whose is it?
    return stem.split("_", 1)[0].strip() or None


def _whose(relative: str, roster: list[RosterEntry]) -> tuple[str | None, str | None]:
    """(student, None) or (None, the reason the file is skipped). `relative` is the path that
    names the student (inside a wrapper folder when there is one)."""
    matches = _roster_matches(relative, roster)
    if len({e.student.casefold() for e in matches}) > 1:
        rows = ", ".join(f"line {e.line}: {e.student}" for e in matches)
        return None, (f"several roster rows name different students for it ({rows}): make "
                      "only one of them match it")
    if matches:
        return matches[0].student, None
    if roster and len(Path(relative).parts) == 1:
        return None, "not in the roster: add a line for it (file or pattern) to grade it"
    student = student_from_name(relative)
    if not student:
        return None, ("whose it is cannot be told: put it in a folder named after the "
                      "student, or list it in --roster")
    clean, problem = usable_id(student)
    if problem:
        return None, (f"the student id taken from its name, {student[:40]!r}, is not usable: "
                      f"{problem}. Fix: rename the file or list it in a --roster")
    return clean, None


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


# --- is it a notebook -----------------------------------------------------------------------

def _kind(value) -> str:
    names = {bool: "true/false", int: "a number", float: "a number", str: "text",
             list: "a list", dict: "a mapping", type(None): "null"}
    return f"{names.get(type(value), type(value).__name__)} ({json.dumps(value)[:30]})"


def notebook_problem(nb) -> str | None:
    """Why parsed JSON is not a notebook the grader can run ("corrupted: ..."), or None."""
    if isinstance(nb, dict) and ("worksheets" in nb or (type(nb.get("nbformat")) is int
                                                        and nb["nbformat"] < 4)):
        return OLD_FORMAT.format(nb.get("nbformat", 3))
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
        return "corrupted: valid JSON but not a notebook (no list of cells)"
    if "nbformat" not in nb:
        return 'corrupted: it has no nbformat version (a Jupyter notebook has "nbformat": 4)'
    if nb["nbformat"] != 4 or type(nb["nbformat"]) is not int:
        return f"corrupted: its nbformat is {_kind(nb['nbformat'])}, not 4"
    if not isinstance(nb.get("nbformat_minor", 0), int):
        return f"corrupted: its nbformat_minor is {_kind(nb['nbformat_minor'])}, not a number"
    if not isinstance(nb.get("metadata"), dict):
        return ("corrupted: it has no metadata" if "metadata" not in nb else
                f"corrupted: its metadata is {_kind(nb['metadata'])}, not a mapping")
    for i, cell in enumerate(nb["cells"], start=1):
        problem = _cell_problem(cell)
        if problem:
            return f"corrupted: cell {i} {problem}"
    return None


def _cell_problem(cell) -> str | None:
    if not isinstance(cell, dict):
        return f"is {_kind(cell)}, not a cell"
    for key in ("cell_type", "source", "metadata"):
        if key not in cell:
            return f"has no {key}"
    if cell["cell_type"] not in CELL_TYPES:
        return f"has the cell_type {_kind(cell['cell_type'])}, not code, markdown or raw"
    src = cell["source"]
    if not (isinstance(src, str) or isinstance(src, list) and all(isinstance(s, str) for s in src)):
        return f"has a source that is {_kind(src)}, not text"
    if not isinstance(cell["metadata"], dict):
        return f"has metadata that is {_kind(cell['metadata'])}, not a mapping"
    outputs = cell.get("outputs", []) if cell["cell_type"] == "code" else []
    if not isinstance(outputs, list):
        return f"has outputs that are {_kind(outputs)}, not a list"
    for j, out in enumerate(outputs, start=1):
        if not isinstance(out, dict):
            return f"has output {j} that is {_kind(out)}, not an output"
        if not isinstance(out.get("metadata", {}), dict):
            return f"has output {j} whose metadata is {_kind(out['metadata'])}, not a mapping"
    return None


def _special(mode: int) -> str | None:
    """What a file that is not a regular file is (None for a regular file)."""
    if stat.S_ISREG(mode):
        return None
    return ("a named pipe (FIFO)" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode)
            else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "a special file")


def _read_notebook(path: Path) -> tuple[dict | None, str | None]:
    """(notebook, None) or (None, the reason it is skipped)."""
    try:
        special = _special(os.lstat(path).st_mode)
    except OSError as exc:
        return None, f"cannot be read ({exc.strerror or exc})"
    if special:
        return None, f"not a regular file ({special}): not read"
    suffix = path.suffix.lower()
    if suffix == ".zip":
        return None, "a .zip file: unzip it into SUBMISSIONS first"
    if suffix in ARCHIVES:
        return None, f"an archive (a {suffix} file): unpack it into SUBMISSIONS first"
    if suffix != ".ipynb":
        if path.name.lower().endswith(".json") and "progress" in path.name.lower():
            return None, ("a progress file: not used, grades come from running the notebooks "
                          "again")
        return None, f"not a notebook (a {path.suffix or 'file without extension'} file)"
    try:
        data = path.read_bytes()
    except OSError as exc:
        return None, f"cannot be read ({exc.strerror or exc})"
    if not data.strip():
        return None, "an empty file"
    try:
        nb = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        return None, f"corrupted: not valid notebook JSON ({exc})"
    except RecursionError:
        return None, "corrupted: not valid notebook JSON (nested too deeply)"
    problem = notebook_problem(nb)
    return (None, problem) if problem else (nb, None)


# --- the folder -----------------------------------------------------------------------------

def _walk(folder: Path) -> tuple[list[str], list[Skipped]]:
    """Every file's path inside `folder` (symbolic links to folders too, not followed; hidden
    and system files left out), and a Skipped for each folder that cannot be read."""
    files, skipped = [], []

    def rel(path) -> str:
        return Path(path).relative_to(folder).as_posix()

    def unreadable(exc: OSError) -> None:
        skipped.append(Skipped(rel(exc.filename), f"a folder that cannot be read "
                                                  f"({exc.strerror or exc})"))

    for dirpath, dirnames, filenames in os.walk(folder, onerror=unreadable):
        base = Path(dirpath)
        links = [d for d in dirnames if (base / d).is_symlink()]
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d not in links)
        files += [rel(base / f) for f in filenames + links
                  if not f.startswith(".") and f not in IGNORED]
    return sorted(files), skipped


def wrapper_folder(files: list[str]) -> str | None:
    """The one top-level folder that only wraps the students' folders, or None.

    ``SUBMISSIONS/export/alice/...`` and ``SUBMISSIONS/export/bob/...`` (a download unzipped
    into a folder of its own): every notebook is inside ``export``, none directly in it, and
    at least two of its subfolders hold notebooks; then the subfolders are the students.
    """
    notebooks = [Path(f).parts for f in files if f.lower().endswith(".ipynb")]
    tops = {p[0] for p in notebooks}
    if len(tops) != 1 or any(len(p) < 3 for p in notebooks):
        return None
    return tops.pop() if len({p[1] for p in notebooks}) >= 2 else None


def discover(folder: Path, roster: list[RosterEntry] | None = None,
             known_lessons: set[str] | None = None) -> tuple[list[Submission], list[Skipped]]:
    """Every submission in `folder` and every skipped file with its reason, in name order."""
    folder = Path(folder)
    roster = roster or []
    files, skipped = _walk(folder)
    wrapper = wrapper_folder(files)
    found = []
    for relative in files:
        path = folder / relative
        if path.is_symlink():
            skipped.append(Skipped(relative, "a symbolic link: not followed"))
            continue
        nb, reason = _read_notebook(path)
        lesson = None if reason else notebook_lesson(nb, path.name)
        if not reason and (lesson is None or (known_lessons is not None
                                              and lesson not in known_lessons)):
            reason = "a notebook of another course: it uses no lesson's exercises from crm_lessons"
        if not reason:
            named = relative.split("/", 1)[1] if wrapper else relative
            student, reason = _whose(named, roster)
        if reason:
            skipped.append(Skipped(relative, reason))
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
