"""A student's progress: reports on the recorded checks (``crm_lessons.exercises.records``).

``crm_lessons.exercises.progress()`` shows a table and a chart of done and correct per lesson;
``crm-lessons progress --export FILE.csv`` writes a report to hand in. The records live in
``~/.crm_lessons/progress.json`` unless ``CRM_LESSONS_PROGRESS`` names another file.
"""

from __future__ import annotations

import sys
import types
import warnings
from pathlib import Path

import pandas as pd

from crm_lessons.errors import CRMDataError
from crm_lessons.exercises.records import load_records, progress_path
from crm_lessons.writing import WriteError, check_target, kind_of, write_file

# --------------------------------------------------------------------------------------------
# Summaries, chart, report
# --------------------------------------------------------------------------------------------

def _catalogue() -> pd.DataFrame:
    from crm_lessons.exercises.catalogue import all_exercises

    rows = [{"lesson": e.lesson, "exercise": e.name, "kind": e.kind, "graded": e.graded,
             "question": e.question} for e in all_exercises(strict=False)]
    return pd.DataFrame(rows, columns=["lesson", "exercise", "kind", "graded", "question"])


def exercise_report(records: pd.DataFrame | None = None,
                    catalogue: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per exercise: status, attempts, first time correct, last attempt.

    Status is "correct", "done" (a reflection answered), "tried" (checked, not yet correct)
    or "not started".
    """
    records = load_records() if records is None else records
    catalogue = _catalogue() if catalogue is None else catalogue
    keys = ["lesson", "exercise"]
    if len(records):
        grouped = records.groupby(keys, sort=False)
        stats = pd.DataFrame({
            "attempts": grouped.size(),
            "ever_done": grouped["done"].any(),
            "last_attempt": grouped["timestamp"].max(),
        })
        first_ok = records[records["done"].astype(bool)].groupby(keys)["timestamp"].min()
        stats["first_done"] = first_ok
        stats = stats.reset_index()
        extra = records.drop_duplicates(keys)[keys + ["kind", "graded"]]
        stats = stats.merge(extra, on=keys, how="left")
    else:
        stats = pd.DataFrame(columns=keys + ["attempts", "ever_done", "last_attempt",
                                             "first_done", "kind", "graded"])
    if len(catalogue):
        catalogue = catalogue.assign(_order=range(len(catalogue)))
        report = catalogue.merge(stats.drop(columns=["kind", "graded"]), on=keys, how="outer")
        unknown = report["kind"].isna()
        if unknown.any():  # recorded for an exercise no longer in the course
            fill = stats.set_index(keys)[["kind", "graded"]]
            idx = pd.MultiIndex.from_frame(report.loc[unknown, keys])
            report.loc[unknown, "kind"] = fill.reindex(idx)["kind"].to_numpy()
            report.loc[unknown, "graded"] = fill.reindex(idx)["graded"].to_numpy()
    else:
        report = stats.assign(question="", _order=float("nan"))
    report["question"] = report["question"].fillna("")
    report["attempts"] = report["attempts"].fillna(0).astype("int64")
    done = report["ever_done"].astype("boolean").fillna(False).astype(bool)
    graded = report["graded"].astype("boolean").fillna(True).astype(bool)
    tried = report["attempts"] > 0
    status = pd.Series("not started", index=report.index, dtype=object)
    status[tried] = "tried"
    status[done & graded] = "correct"
    status[done & ~graded] = "done"
    report["status"] = status
    report["graded"] = graded
    # course order (the order of the lesson modules), exercises no longer in the course last
    report = report.sort_values(["lesson", "_order", "exercise"], kind="stable",
                                na_position="last").reset_index(drop=True)
    return report[["lesson", "exercise", "kind", "graded", "status", "attempts", "first_done",
                   "last_attempt", "question"]]


def progress_summary(report: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per lesson: exercises, done (correct or reflection answered), correct, graded, attempts.

    >>> r = pd.DataFrame({"lesson": ["01", "01"], "exercise": ["a", "b"], "kind": ["number"] * 2,
    ...                   "graded": [True, True], "status": ["correct", "tried"],
    ...                   "attempts": [1, 3]})
    >>> progress_summary(r).loc["01", "correct"]
    1
    """
    report = exercise_report() if report is None else report
    g = report.assign(
        is_done=report["status"].isin(["correct", "done"]),
        is_correct=report["status"].eq("correct"),
    ).groupby("lesson")
    out = pd.DataFrame({
        "exercises": g.size(),
        "graded": g["graded"].sum(),
        "done": g["is_done"].sum(),
        "correct": g["is_correct"].sum(),
        "attempts": g["attempts"].sum(),
    }).astype("int64")
    return out


def plot_progress(summary: pd.DataFrame, ax=None):
    """Bar chart of done and correct exercises per lesson, out of the lesson's exercises."""
    from crm_lessons.plots.style import PALETTE, finish, new_axes

    ax = new_axes(ax, figsize=(7, 3.5))
    lessons = list(summary.index)
    x = range(len(lessons))
    ax.bar(x, summary["exercises"], color="#dddddd", width=0.8, label="exercises")
    ax.bar([i - 0.2 for i in x], summary["done"], color=PALETTE[0], width=0.35, label="done")
    ax.bar([i + 0.2 for i in x], summary["correct"], color=PALETTE[1], width=0.35,
           label="correct (graded)")
    ax.set_xticks(list(x), [f"Lesson {lesson}" for lesson in lessons])
    ax.legend(frameon=False, loc="upper right")
    done, total = int(summary["done"].sum()), int(summary["exercises"].sum())
    finish(ax, f"You have done {done} of {total} exercises", "lesson", "exercises (count)")
    return ax


def show_progress() -> pd.DataFrame:
    """Show the per-lesson table and chart of your progress (returns the table)."""
    summary = progress_summary()
    if len(summary):
        plot_progress(summary)
    return summary


def export_csv(target: Path, force: bool = False) -> Path:
    """Write the per-exercise report to `target` (refuses to overwrite unless `force`, and
    refuses a folder, a device or a link in its place: ``crm_lessons.writing``)."""
    if not str(target).strip():
        raise WriteError("--export was given an empty file name. Fix: name the report, e.g. "
                         "--export progress.csv.")
    target = Path(target).expanduser()
    check_target(target, force=force)        # before reading anything
    report = exercise_report()

    def stamp(col: pd.Series) -> pd.Series:
        return pd.to_datetime(col, utc=True).dt.strftime("%Y-%m-%d %H:%M:%S UTC").fillna("")

    report = report.assign(first_done=stamp(report["first_done"]),
                           last_attempt=stamp(report["last_attempt"]))
    return write_file(target, report.to_csv(index=False), force=force)


def progress_file_problem(path: Path) -> str | None:
    """Why the progress file `path` cannot be used (a folder, a device, ...), or None."""
    kind = kind_of(path) if path.name else "a folder"
    if kind in (None, "a regular file"):
        return None
    if kind == "a symbolic link" and path.is_file():
        return None
    return (f"The progress file {path} is {kind}, not a file. Fix: set CRM_LESSONS_PROGRESS to "
            "a file name (e.g. ~/.crm_lessons/progress.json), or unset it.")


def cli_progress(args) -> int:
    """`crm-lessons progress [--export FILE.csv] [--force]`: never a traceback.

    Warnings about the progress file (records set aside, a file moved aside) are printed as
    plain lines on stderr.
    """
    problem = progress_file_problem(progress_path())
    if problem:
        print(problem, file=sys.stderr)
        return 1
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        code, summary = _run_progress(args)
    for w in caught:
        print(f"Warning: {w.message}", file=sys.stderr)
    if summary is None:
        return code
    print(f"Progress file: {progress_path()}")
    if summary.empty:
        print("No exercises found yet.")
        return 0
    print(summary.to_string())
    print(f"Done {int(summary['done'].sum())} of {int(summary['exercises'].sum())} exercises; "
          f"{int(summary['correct'].sum())} of {int(summary['graded'].sum())} graded ones correct.")
    return 0


def _run_progress(args) -> tuple[int, pd.DataFrame | None]:
    export = getattr(args, "export", None)
    try:
        if export is not None:
            try:
                target = export_csv(export, force=bool(getattr(args, "force", False)))
            except OSError as exc:
                print(f"Not written: {exc}", file=sys.stderr)
                return 1, None
            print(f"Wrote your progress report to {target}.")
            return 0, None
        return 0, progress_summary()
    except CRMDataError as exc:  # the progress file's path is a folder, a device...
        print(str(exc), file=sys.stderr)
    except (OSError, ValueError) as exc:
        print(f"The progress file {progress_path()} cannot be read: {exc}", file=sys.stderr)
    return 1, None


class _CallableModule(types.ModuleType):
    """`crm_lessons.exercises.progress()` works whether the name is this module or the function."""

    def __call__(self) -> pd.DataFrame:
        return show_progress()


sys.modules[__name__].__class__ = _CallableModule
