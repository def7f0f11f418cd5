"""What students say of themselves: the progress exports they hand in
(``crm-lessons progress --export report.csv``, columns in
``crm_lessons.exercises.progress.REPORT_COLUMNS``).

A student can edit that file, so nothing read here is a grade: the report shows it beside the
graded points, marked "self-reported". One CSV per student, found by its folder or file name
(as an LMS names a download), else by the export's own ``student`` column.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from crm_lessons.class_report.reading import (
    PROGRESS_COLUMNS,
    ReportInputError,
    parse_correct,
    read_table,
)

EXPORT_FIX = ("leave only the students' `crm-lessons progress --export` files in the "
              "folder")
SELF_COLUMNS = ["student", "file", "says_student", "exercises_correct", "exercises_done", "hints_seen",
                "solutions_seen", "solved_after_solution"]


def progress_files(folder: str | Path) -> list[Path]:
    """The CSV files in `folder` and its subfolders; a clear error for a missing or empty one."""
    folder = Path(folder).expanduser()
    if not folder.exists():
        raise ReportInputError(f"--progress {folder}: no such folder. Fix: give the folder "
                               "holding the students' `crm-lessons progress --export` files.")
    if not folder.is_dir():
        raise ReportInputError(f"--progress {folder} is a file, not a folder. Fix: put the "
                               "students' progress exports in a folder and give its name.")
    files = sorted(p for p in folder.rglob("*.csv") if p.is_file())
    if not files:
        raise ReportInputError(f"--progress {folder} holds no .csv file. Fix: give the folder "
                               "of the students' progress exports (report.csv files).")
    return files


def whose(table: pd.DataFrame, name: Path, known: set[str]) -> tuple[str, str]:
    """Whose export this is, and the student its own ``student`` column names when that is
    someone else ("" otherwise).

    The file's place is trusted first (a folder or a file named after a student of the
    gradebook, as an LMS download gives them), since a student can edit the file's content.

    >>> t = pd.DataFrame({"student": ["alice", "alice"]})
    >>> whose(t, Path("carol/report.csv"), {"alice", "carol"})
    ('carol', 'alice')
    >>> whose(t, Path("report.csv"), {"alice", "carol"})
    ('alice', '')
    """
    named = table["student"].str.strip() if "student" in table else pd.Series(dtype=str)
    named = named[named != ""]
    claimed = str(named.mode().iloc[0]) if len(named) else ""
    by_place = next((part for part in [*name.parts[:-1], name.stem] if part in known), "")
    who = by_place or claimed or name.stem
    return who, claimed if claimed and claimed != who else ""


def summarise_export(table: pd.DataFrame) -> dict:
    """One student's export in figures: exercises correct and done, hints and solutions seen.

    >>> t = pd.DataFrame({"status": ["correct", "tried"], "hints_seen": ["2", "0"],
    ...                   "solution_seen": ["True", "False"],
    ...                   "help": ["solved after the solution", ""]})
    >>> summarise_export(t)["solutions_seen"], summarise_export(t)["hints_seen"]
    (1, 2)
    """
    status = table["status"].str.strip()
    hints = pd.to_numeric(table["hints_seen"], errors="coerce").fillna(0).clip(lower=0)
    solutions = parse_correct(table["solution_seen"]).eq(True)
    helped = table["help"].str.contains("after the solution|after the model answer",
                                        regex=True) if "help" in table else solutions & False
    return {"exercises_correct": int(status.eq("correct").sum()),
            "exercises_done": int(status.isin(["correct", "done"]).sum()),
            "hints_seen": int(hints.sum()), "solutions_seen": int(solutions.sum()),
            "solved_after_solution": int(helped.sum())}


def export_problem(table: pd.DataFrame) -> str | None:
    """Why an export's hint counts cannot be true (not a whole number from 0 to 1000), or None.

    >>> export_problem(pd.DataFrame({"hints_seen": ["2", "inf"]}))
    "its hints_seen column holds 'inf' in row 3, not a count of hints"
    """
    text = table["hints_seen"].astype(str).str.strip()
    values = pd.to_numeric(text.where(text != "", "0"), errors="coerce")
    bad = ~values.between(0, 1000) | (values.fillna(0) % 1 != 0)
    if bad.any():
        row = int(bad.to_numpy().argmax())
        return f"its hints_seen column holds {text.iloc[row]!r} in row {row + 2}, not a count of hints"
    return None


def read_progress_exports(folder: str | Path, students: list[str],
                          lessons: list[str] | None = None
                          ) -> tuple[pd.DataFrame, pd.DataFrame, list[tuple[str, str]]]:
    """Read every export in `folder`: (one row per student, SELF_COLUMNS), (one row per
    exercise: hints and solutions seen, by how many students), and the files that could not
    be read, each with the reason. With `lessons`, only those lessons' exercises count (the
    ones that were graded), so the figures compare with the graded points."""
    known = set(students)
    rows, per_exercise, unread = [], [], []
    folder = Path(folder).expanduser()
    for path in progress_files(folder):
        name = str(path.relative_to(folder))
        try:
            table = read_table(path, "a progress export", PROGRESS_COLUMNS, EXPORT_FIX)
        except ReportInputError as exc:
            unread.append((name, str(exc).removeprefix(f"{path} ")))
            continue
        problem = export_problem(table)
        if problem:
            unread.append((name, problem))
            continue
        if lessons is not None:
            table = table[table["lesson"].str.strip().isin(lessons)]
        who, says = whose(table, Path(name), known)
        rows.append({"student": who, "file": name, "says_student": says,
                     **summarise_export(table)})
        per_exercise.append(pd.DataFrame({
            "exercise": table["lesson"].str.strip() + "." + table["exercise"].str.strip(),
            "hint": pd.to_numeric(table["hints_seen"], errors="coerce").fillna(0) > 0,
            "solution": parse_correct(table["solution_seen"]).eq(True)}))
    per_student = pd.DataFrame(rows, columns=SELF_COLUMNS)
    if per_exercise:
        views = pd.concat(per_exercise).groupby("exercise", sort=False)[["hint", "solution"]]
        by_exercise = views.sum().astype(int).rename(columns={
            "hint": "students_saw_hint", "solution": "students_saw_solution"})
        by_exercise = by_exercise[by_exercise.sum(axis=1) > 0].sort_values(
            ["students_saw_solution", "students_saw_hint"], ascending=False).reset_index()
    else:
        by_exercise = pd.DataFrame(columns=["exercise", "students_saw_hint",
                                            "students_saw_solution"])
    return per_student, by_exercise, unread
