"""The gradebook's files, written through ``crm_lessons.writing`` and read back.

Beside ``gradebook.csv`` (``--out``):

- ``gradebook.details.csv``: student, file, lesson, exercise, status, correct, category, message;
- ``gradebook.skipped.csv``: file, reason;
- ``gradebook.reflections/03.reflect_xxx.csv``: student, answer (one file per question).

``--format native`` (the default) writes ``gradebook.csv`` as: student, one ``lesson_NN``
column per lesson (points = correct graded exercises), total, possible, course_version, flags,
status. ``--format canvas`` writes ``gradebook.csv`` in the layout Canvas imports
(Grades > Import): ``Student, ID, SIS User ID, SIS Login ID, Section``, then one column per
lesson named ``Lesson NN (crm-lessons)``, with a second row ``Points Possible``; the student's
Canvas ID, SIS id, login and section come from the roster's ``lms_id``, ``sis_id``, ``email``
and ``section`` columns. ``--format moodle`` writes the layout Moodle's CSV grade import takes:
``ID number``, ``Email address``, then one column per grade item ``Lesson NN``; map "ID number"
(or "Email address") to the user field when importing. With either LMS format the native table
is also written, as ``gradebook.grades.csv``, for ``read_gradebook`` and the class report.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from crm_lessons.exercises.progress import spreadsheet_safe
from crm_lessons.grading.arguments import FORMATS
from crm_lessons.writing import check_folder, check_target, write_file, write_folder

__all__ = ["FORMATS", "companion_paths", "check_outputs", "write_outputs", "read_gradebook"]

DETAIL_COLUMNS = ["student", "file", "lesson", "exercise", "status", "correct", "category",
                  "message"]


def companion_paths(out: Path, fmt: str = "native") -> dict[str, Path]:
    stem = out.name[:-4] if out.name.lower().endswith(".csv") else out.name
    paths = {"gradebook": out, "details": out.with_name(f"{stem}.details.csv"),
             "skipped": out.with_name(f"{stem}.skipped.csv"),
             "reflections": out.with_name(f"{stem}.reflections")}
    if fmt != "native":
        paths["grades"] = out.with_name(f"{stem}.grades.csv")
    return paths


def check_outputs(out: Path, fmt: str, *, force: bool) -> None:
    """Refuse before any notebook runs: an unknown format, an existing output without force."""
    if fmt not in FORMATS:
        raise ValueError(f"--format should be one of {', '.join(FORMATS)}, not {fmt!r}.")
    for name, path in companion_paths(out, fmt).items():
        if name == "reflections":
            check_folder(path, [], force=force)
            if path.is_dir() and any(path.glob("*.csv")) and not force:
                check_target(next(path.glob("*.csv")), force=False)
        else:
            check_target(path, force=force)


def _cell(value):
    """A text cell a spreadsheet would run as a formula (a student named "=HYPERLINK(...)" by
    their file name, a reflection starting with "=") gets a leading apostrophe."""
    return spreadsheet_safe(value) if isinstance(value, str) else value


def _csv(columns: list[str], rows: list[dict | list]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        cells = [row.get(c, "") for c in columns] if isinstance(row, dict) else row
        writer.writerow([_cell(v) for v in cells])
    return buf.getvalue()


def native_csv(book) -> str:
    columns = ["student", *[f"lesson_{n}" for n in book.lessons], "total", "possible",
               "course_version", "flags", "status"]
    return _csv(columns, book.rows)


def canvas_csv(book) -> str:
    columns = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section",
               *[f"Lesson {n} (crm-lessons)" for n in book.lessons]]
    rows = [["Points Possible", "", "", "", "", *[book.possible[n] for n in book.lessons]]]
    for r in book.rows:
        x = r.get("extra", {})
        rows.append([x.get("name", r["student"]), x.get("lms_id", ""),
                     x.get("sis_id", r["student"]), x.get("email", ""), x.get("section", ""),
                     *[r[f"lesson_{n}"] for n in book.lessons]])
    return _csv(columns, rows)


def moodle_csv(book) -> str:
    columns = ["ID number", "Email address", *[f"Lesson {n}" for n in book.lessons]]
    rows = [[r.get("extra", {}).get("sis_id", r["student"]), r.get("extra", {}).get("email", ""),
             *[r[f"lesson_{n}"] for n in book.lessons]] for r in book.rows]
    return _csv(columns, rows)


def write_outputs(book, out: Path, fmt: str, *, force: bool) -> dict[str, Path]:
    """Write every file of the gradebook; return their paths."""
    paths = companion_paths(out, fmt)
    main = {"native": native_csv, "canvas": canvas_csv, "moodle": moodle_csv}[fmt](book)
    write_file(paths["gradebook"], main, force=force)
    if fmt != "native":
        write_file(paths["grades"], native_csv(book), force=force)
    write_file(paths["details"], _csv(DETAIL_COLUMNS, book.details), force=force)
    write_file(paths["skipped"], _csv(["file", "reason"],
                                      [{"file": s.file, "reason": s.reason} for s in book.skipped]),
               force=force)
    names = [f"{qid}.csv" for qid in sorted(book.reflections)]

    def build(folder: Path) -> None:
        for qid in sorted(book.reflections):
            write_file(folder / f"{qid}.csv", _csv(["student", "answer"], book.reflections[qid]))

    write_folder(paths["reflections"], build, names, force=force)
    return paths


def _read(path: Path):
    import pandas as pd

    return pd.read_csv(path, dtype=str, keep_default_na=False)


def read_gradebook(path: str | Path) -> dict:
    """The gradebook at `path` and the files beside it, as DataFrames: ``gradebook``,
    ``details``, ``skipped`` and ``reflections`` (a dict: question id -> DataFrame)."""
    import pandas as pd

    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"{path} is not a gradebook file. Fix: give the gradebook.csv "
                                "that crm-lessons grade wrote.")
    paths = companion_paths(path)
    grades = path
    with open(path, encoding="utf-8") as fh:
        first = fh.readline()
    if not first.startswith("student,"):
        grades = companion_paths(path, "canvas")["grades"]
    book = _read(grades)
    for column in book.columns:
        if column.startswith("lesson_") or column in ("total", "possible"):
            book[column] = pd.to_numeric(book[column], errors="coerce")
    folder = paths["reflections"]
    reflections = {p.stem: _read(p) for p in sorted(folder.glob("*.csv"))} if folder.is_dir() else {}
    return {"gradebook": book,
            "details": _read(paths["details"]) if paths["details"].exists() else
            pd.DataFrame(columns=DETAIL_COLUMNS),
            "skipped": _read(paths["skipped"]) if paths["skipped"].exists() else
            pd.DataFrame(columns=["file", "reason"]),
            "reflections": reflections}
