"""Reading a grading run's files back for the class report, and the students' progress exports.

A grading run (``crm-lessons grade SUBMISSIONS --out gradebook.csv``) leaves, beside each
other:

- ``gradebook.csv``: one row per student: ``student``, one ``lesson_NN`` column per lesson
  (points), ``total``, ``possible``, ``course_version``, ``flags`` (";"-separated), ``status``;
- ``gradebook.details.csv``: one row per student and exercise: ``student``, ``file``,
  ``lesson``, ``exercise`` (the id, "03.funnel_rate"), ``status``, ``correct``, ``category``,
  ``message``;
- ``gradebook.skipped.csv``: ``file``, ``reason``;
- ``gradebook.reflections/``: one CSV per reflection question, ``03.reflect_x.csv``, with
  ``student`` and ``answer``.

The names follow the gradebook's: ``grades.csv`` has ``grades.details.csv`` beside it, and so
on. Every problem with these files is a :class:`ReportInputError` naming the file and the fix.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from crm_lessons.course import lesson_order
from crm_lessons.errors import CRMDataError

GRADEBOOK_COLUMNS = ["student", "total", "possible", "status"]
OPTIONAL_GRADEBOOK_COLUMNS = {"course_version": "", "flags": ""}
DETAILS_COLUMNS = ["student", "lesson", "exercise", "status", "correct", "category", "message"]
SKIPPED_COLUMNS = ["file", "reason"]
REFLECTION_COLUMNS = ["student", "answer"]
PROGRESS_COLUMNS = ["lesson", "exercise", "status", "hints_seen", "solution_seen"]
LESSON_COLUMN = re.compile(r"^lesson_(\d\d[a-z]?)$")
TRUE_WORDS = {"true", "1", "yes"}
FALSE_WORDS = {"false", "0", "no"}


class ReportInputError(CRMDataError):
    """A file given to the class report cannot be read as what it should be."""


@dataclass
class ClassResults:
    """What one grading run found, read back from its files."""

    gradebook: pd.DataFrame
    details: pd.DataFrame
    skipped: pd.DataFrame
    reflections: dict[str, pd.DataFrame]
    lessons: list[str]
    source: Path
    notes: list[str] = field(default_factory=list)   # files that were not there


def companion_paths(gradebook: Path) -> dict[str, Path]:
    """The files a grading run writes beside `gradebook` (``details``, ``skipped``,
    ``reflections``, and ``grades``: the table in the course's own layout when the gradebook
    was written for Canvas or Moodle). ``X.grades.csv`` is that table of ``X.csv``, so its
    files are ``X.details.csv`` and so on.

    >>> sorted(p.name for p in companion_paths(Path("g/grades.csv")).values())
    ['grades.details.csv', 'grades.grades.csv', 'grades.reflections', 'grades.skipped.csv']
    >>> companion_paths(Path("g/gradebook.grades.csv"))["details"].name
    'gradebook.details.csv'
    """
    gradebook = Path(gradebook)
    stem = gradebook.name[:-4] if gradebook.name.lower().endswith(".csv") else gradebook.name
    if stem.endswith(".grades") and not gradebook.with_name(f"{stem}.details.csv").exists():
        stem = stem[: -len(".grades")]
    return {name: gradebook.with_name(stem + suffix) for name, suffix in [
        ("details", ".details.csv"), ("skipped", ".skipped.csv"),
        ("reflections", ".reflections"), ("grades", ".grades.csv")]}


GRADER_FIX = "give the files `crm-lessons grade` wrote, unchanged"
GRADEBOOK_FIX = ("give the gradebook.csv `crm-lessons grade` wrote (for a Canvas or Moodle "
                 "gradebook, keep the gradebook.grades.csv written beside it)")


def read_table(path: Path, what: str, columns: list[str], fix: str = GRADER_FIX
               ) -> pd.DataFrame:
    """Read the CSV `path` as text cells; a clear error when it is missing, not a CSV, or lacks
    one of `columns` (all of them named). `fix` ends the message on a CSV of the wrong kind."""
    path = Path(path)
    if not path.exists():
        raise ReportInputError(f"{path} was not found ({what} is needed). Fix: give the "
                               "gradebook.csv that `crm-lessons grade` wrote, with its files "
                               "beside it.")
    if not path.is_file():
        raise ReportInputError(f"{path} is not a file, so it cannot be read as {what}. Fix: "
                               "give the path of the CSV file.")
    try:
        table = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except pd.errors.EmptyDataError:
        raise ReportInputError(f"{path} is empty, so it is not {what}. Fix: {fix}.") from None
    except (UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise ReportInputError(f"{path} is not a readable CSV file ({type(exc).__name__}), so "
                               f"it is not {what}. Fix: {fix}.") from None
    table.columns = [str(c).strip() for c in table.columns]
    missing = [c for c in columns if c not in table.columns]
    if missing:
        has = ", ".join(map(repr, table.columns[:12])) or "none"
        raise ReportInputError(
            f"{path} is not {what}: it has no column{'s' if len(missing) > 1 else ''} "
            f"{', '.join(map(repr, missing))} (it has "
            f"{has}). Fix: {fix}.")
    return table


def _numbers(table: pd.DataFrame, path: Path, columns: list[str]) -> pd.DataFrame:
    """The point columns as numbers: an empty cell is 0, anything else must be a number."""
    out = table.copy()
    for col in columns:
        text = out[col].str.strip()
        values = pd.to_numeric(text.where(text != "", "0"), errors="coerce")
        bad = values.isna()
        if bad.any():
            row = int(bad.to_numpy().argmax())
            raise ReportInputError(
                f"{path}: column {col!r} should hold points, but row {row + 2} holds "
                f"{out[col].iloc[row]!r}. Fix: give the gradebook as `crm-lessons grade` "
                "wrote it.")
        out[col] = values
    return out


def parse_correct(values: pd.Series) -> pd.Series:
    """"True"/"False"/"" cells as True, False or None (an ungraded or unchecked exercise).

    >>> parse_correct(pd.Series(["True", "false", ""])).tolist()
    [True, False, None]
    """
    low = values.astype(str).str.strip().str.lower()
    return pd.Series([True if v in TRUE_WORDS else False if v in FALSE_WORDS else None
                      for v in low], index=values.index, dtype=object)


def lesson_columns(gradebook: pd.DataFrame) -> list[str]:
    """The lesson ids of the ``lesson_NN`` columns, in course order."""
    found = [m.group(1) for m in map(LESSON_COLUMN.match, gradebook.columns) if m]
    return sorted(found, key=lesson_order)


def _has_columns(path: Path, columns: list[str]) -> bool:
    """Whether the CSV `path` exists and its first line names every one of `columns`."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            header = next(csv.reader(fh), [])
    except (OSError, UnicodeDecodeError, csv.Error):
        return False
    return set(columns) <= {h.strip() for h in header}


def read_gradebook(path: str | Path) -> ClassResults:
    """Read a gradebook and the files beside it (see the module's docstring)."""
    path = Path(path).expanduser()
    near = companion_paths(path)
    if near["grades"].is_file() and near["grades"] != path and not _has_columns(
            path, GRADEBOOK_COLUMNS):
        path = near["grades"]       # an LMS layout: its table in the course's layout, beside it
    gradebook = read_table(path, "a gradebook", GRADEBOOK_COLUMNS, GRADEBOOK_FIX)
    for col, default in OPTIONAL_GRADEBOOK_COLUMNS.items():
        if col not in gradebook:
            gradebook[col] = default
    lessons = lesson_columns(gradebook)
    gradebook = _numbers(gradebook, path, [f"lesson_{n}" for n in lessons] + ["total",
                                                                               "possible"])
    gradebook["status"] = gradebook["status"].str.strip().replace("", "ok")
    details = read_table(near["details"], "the gradebook's details", DETAILS_COLUMNS)
    if "file" not in details:
        details["file"] = ""
    details["correct"] = parse_correct(details["correct"])
    details["category"] = details["category"].str.strip()
    details["status"] = details["status"].str.strip().str.lower()
    notes = []
    if near["skipped"].exists():
        skipped = read_table(near["skipped"], "the list of skipped files", SKIPPED_COLUMNS)
    else:
        skipped = pd.DataFrame(columns=SKIPPED_COLUMNS)
        notes.append(f"{near['skipped'].name} was not found beside the gradebook, so no "
                     "skipped files are listed.")
    reflections = read_reflections(near["reflections"], notes)
    details = _same_class(gradebook, details, near["details"], notes)
    notes += point_notes(gradebook, lessons, path)
    extra = sorted(set(details["lesson"]) - set(lessons), key=lesson_order)
    return ClassResults(gradebook, details, skipped, reflections,
                        sorted(set(lessons) | set(extra), key=lesson_order), path, notes)


def _same_class(gradebook: pd.DataFrame, details: pd.DataFrame, path: Path,
                notes: list[str]) -> pd.DataFrame:
    """The details of the gradebook's students: refused when they share none (the file of
    another grading run), the others left out with a note."""
    students = {str(s).strip().casefold() for s in gradebook["student"]}
    theirs = details["student"].str.strip().str.casefold().isin(students)
    if len(details) and len(gradebook) and not theirs.any():
        raise ReportInputError(f"{path} names none of the gradebook's students, so it belongs "
                               "to another grading run. Fix: give the gradebook.csv and the "
                               "details file that `crm-lessons grade` wrote together.")
    if not theirs.all():
        others = sorted(set(details.loc[~theirs, "student"]))
        notes.append(f"{path.name} also holds {len(others)} student(s) the gradebook does not "
                     f"list ({', '.join(others[:5])}{', …' if len(others) > 5 else ''}); "
                     "their rows are left out.")
    return details[theirs].reset_index(drop=True)


def point_notes(gradebook: pd.DataFrame, lessons: list[str], path: Path) -> list[str]:
    """Points a gradebook cannot hold: a negative value is refused; a total that is not the sum
    of its lessons, or above what was possible, is noted (a hand edit, say)."""
    columns = [f"lesson_{n}" for n in lessons]
    points = gradebook[columns + ["total"]]
    if (points < 0).any().any():
        row = int((points < 0).any(axis=1).to_numpy().argmax())
        raise ReportInputError(f"{path}: row {row + 2} ({gradebook['student'].iloc[row]}) has "
                               "negative points. Fix: give the gradebook as `crm-lessons grade` "
                               "wrote it, or correct that cell.")
    notes = []
    if not len(gradebook):
        notes.append(f"{path.name} lists no students: the page has nothing to show yet.")
    if columns:
        odd = gradebook.loc[(gradebook[columns].sum(axis=1) - gradebook["total"]).abs() > 1e-9,
                            "student"].tolist()
        if odd:
            notes.append(f"The total of {', '.join(odd[:5])}{' and others' if len(odd) > 5 else ''}"
                         " is not the sum of the lesson points (edited by hand?); the page "
                         "shows the numbers as the gradebook has them.")
    over = gradebook.loc[gradebook["total"] > gradebook["possible"], "student"].tolist()
    if over:
        notes.append(f"{', '.join(over[:5])} scored more than the points possible (bonus "
                     "points?); the page shows the numbers as the gradebook has them.")
    return notes


def read_reflections(folder: Path, notes: list[str]) -> dict[str, pd.DataFrame]:
    """One table (student, answer) per reflection question, by exercise id, in course order."""
    if not folder.exists():
        notes.append(f"{folder.name}/ was not found beside the gradebook, so no reflections "
                     "are shown.")
        return {}
    if not folder.is_dir():
        raise ReportInputError(f"{folder} should be the folder of reflections, but it is not a "
                               "folder. Fix: grade the class again, or move that file away.")
    found = {}
    for csv_path in sorted(folder.glob("*.csv")):
        found[csv_path.stem] = read_table(csv_path, "a reflection file", REFLECTION_COLUMNS)
    return dict(sorted(found.items(), key=lambda kv: (lesson_order(kv[0].split(".")[0]),
                                                      kv[0])))
