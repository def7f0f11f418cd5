"""A student's progress: reports on the recorded checks (``crm_lessons.exercises.records``).

``crm_lessons.exercises.progress()`` lists, lesson by lesson, each exercise done, tried or not
started, with a link to it (``crm_lessons.exercises.progress_view``); ``crm-lessons progress``
prints the same list; ``crm-lessons progress --export FILE.csv`` writes a report to hand in,
with the text of each reflection and "solved after the solution" (or "after a hint") where
the student looked before solving. The records live in ``~/.crm_lessons/progress.json``
unless ``CRM_LESSONS_PROGRESS`` names another file.
"""

from __future__ import annotations

import csv
import sys
import types
import warnings
from pathlib import Path

import pandas as pd

from crm_lessons.errors import CRMDataError
from crm_lessons.exercises.progress_view import ProgressView
from crm_lessons.exercises.records import load_log, progress_path
from crm_lessons.writing import WriteError, check_target, kind_of, write_file

# --------------------------------------------------------------------------------------------
# Summaries, chart, report
# --------------------------------------------------------------------------------------------

def _catalogue() -> pd.DataFrame:
    from crm_lessons.exercises.catalogue import all_exercises

    rows = [{"lesson": e.lesson, "exercise": e.name, "kind": e.kind, "graded": e.graded,
             "question": e.question} for e in all_exercises(strict=False)]
    return pd.DataFrame(rows, columns=["lesson", "exercise", "kind", "graded", "question"])


KEYS = ["lesson", "exercise"]
REPORT_COLUMNS = ["lesson", "exercise", "kind", "graded", "status", "attempts", "first_done",
                  "last_attempt", "student", "seed", "hints_seen", "solution_seen", "help",
                  "answer", "question"]


def _check_stats(records: pd.DataFrame) -> pd.DataFrame:
    """Per exercise checked: attempts, ever done, first and last time, the last reflection."""
    if not len(records):
        return pd.DataFrame(columns=KEYS + ["attempts", "ever_done", "last_attempt", "first_done",
                                            "done_at", "answer", "kind", "graded"])
    if "position" not in records:
        records = records.assign(position=range(len(records)))
    grouped = records.groupby(KEYS, sort=False)
    stats = pd.DataFrame({
        "attempts": grouped.size(),
        "ever_done": grouped["done"].any(),
        "last_attempt": grouped["timestamp"].max(),
    })
    done = records[records["done"].astype(bool)].groupby(KEYS)
    stats["first_done"] = done["timestamp"].min()
    stats["done_at"] = done["position"].min()  # where in the file it was first done
    if "answer" in records:
        texts = records.dropna(subset=["answer"]).groupby(KEYS)["answer"].last()
        stats["answer"] = texts
    for field in ("student", "seed"):  # whose data the last check of each exercise was on
        if field in records:
            stats[field] = grouped[field].last()
    stats = stats.reset_index()
    extra = records.drop_duplicates(KEYS)[KEYS + ["kind", "graded"]]
    return stats.merge(extra, on=KEYS, how="left")


def _view_stats(views: pd.DataFrame | None) -> pd.DataFrame:
    """Per exercise: the highest hint number seen, and where the first hint and solution were."""
    cols = KEYS + ["hints_seen", "first_hint_at", "first_solution_at"]
    if views is None or not len(views):
        return pd.DataFrame(columns=cols)
    hints = views[views["viewed"].eq("hint")].groupby(KEYS)
    solutions = views[views["viewed"].eq("solution")].groupby(KEYS)
    out = pd.DataFrame({"hints_seen": hints["hint"].max(), "first_hint_at": hints["position"].min()})
    out = out.join(solutions["position"].min().rename("first_solution_at"), how="outer")
    return out.reset_index()[cols]


def _help(report: pd.DataFrame) -> pd.Series:
    """What a student saw before solving: "solved after the solution", "... after a hint"."""
    done_at = pd.to_numeric(report["done_at"], errors="coerce")
    hint_at = pd.to_numeric(report["first_hint_at"], errors="coerce")
    solution_at = pd.to_numeric(report["first_solution_at"], errors="coerce")
    done = report["status"].isin(["correct", "done"])
    verb = report["graded"].map({True: "solved", False: "written"})
    model = report["graded"].map({True: "the solution", False: "the model answer"})
    after_solution = done & (solution_at < done_at)
    after_hint = done & ~after_solution & (hint_at < done_at)
    help_ = pd.Series("", index=report.index, dtype=object)
    help_[~done & hint_at.notna()] = "saw a hint"
    help_[~done & solution_at.notna()] = "saw " + model
    help_[after_hint] = verb + " after a hint"
    help_[after_solution] = verb + " after " + model
    return help_


def exercise_report(records: pd.DataFrame | None = None,
                    catalogue: pd.DataFrame | None = None,
                    views: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per exercise: status, attempts, first time correct, last attempt, help seen.

    Status is "correct", "done" (a reflection answered), "tried" (checked, not yet correct)
    or "not started". ``help`` says "solved after the solution" (or "after a hint") when the
    student looked at one before first solving it; ``answer`` is a reflection's last text.
    Looking changes no status and no count. Without `records`, both the checks and the views
    are read from the progress file.
    """
    if records is None:
        records, views = load_log()
    catalogue = _catalogue() if catalogue is None else catalogue
    stats = _check_stats(records)
    if len(catalogue):
        catalogue = catalogue.assign(_order=range(len(catalogue)))
        report = catalogue.merge(stats.drop(columns=["kind", "graded"]), on=KEYS, how="outer")
        unknown = report["kind"].isna()
        if unknown.any():  # recorded for an exercise no longer in the course
            fill = stats.set_index(KEYS)[["kind", "graded"]]
            idx = pd.MultiIndex.from_frame(report.loc[unknown, KEYS])
            report.loc[unknown, "kind"] = fill.reindex(idx)["kind"].to_numpy()
            report.loc[unknown, "graded"] = fill.reindex(idx)["graded"].to_numpy()
    else:
        report = stats.assign(question="", _order=float("nan"))
    report = report.merge(_view_stats(views), on=KEYS, how="left")
    report["question"] = report["question"].fillna("")
    report["answer"] = report["answer"].astype(object).fillna("") if "answer" in report else ""
    for field in ("student", "seed"):  # whose data; a seed as a whole number, not 1.6e8
        values = report[field] if field in report else pd.Series(index=report.index,
                                                                  dtype=object)
        report[field] = [("" if pd.isna(v) else int(v) if field == "seed" else v)
                         for v in values]
    report["attempts"] = report["attempts"].fillna(0).astype("int64")
    done = report["ever_done"].astype("boolean").fillna(False).astype(bool)
    graded = report["graded"].astype("boolean").fillna(True).astype(bool)
    status = pd.Series("not started", index=report.index, dtype=object)
    status[report["attempts"] > 0] = "tried"
    status[done & graded] = "correct"
    status[done & ~graded] = "done"
    report["status"] = status
    report["graded"] = graded
    report["hints_seen"] = pd.to_numeric(report["hints_seen"]).fillna(0).astype("int64")
    report["solution_seen"] = report["first_solution_at"].notna()
    report["help"] = _help(report)
    # course order: lessons by id ("00" < "00b" < "01"), exercises as their module lists them,
    # exercises no longer in the course last
    report = report.sort_values(["lesson", "_order", "exercise"], kind="stable",
                                na_position="last").reset_index(drop=True)
    return report[REPORT_COLUMNS]


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


def show_progress() -> ProgressView:
    """Your progress, lesson by lesson: each exercise done, tried or not started, with a link.

    It shows as a table with links in JupyterLab and as plain text elsewhere; its ``summary``
    is the per-lesson table (``progress_summary``) and its ``report`` the per-exercise one.
    """
    report = exercise_report()
    return ProgressView(report, progress_summary(report), progress_path())


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
                           last_attempt=stamp(report["last_attempt"]),
                           answer=report["answer"].map(spreadsheet_safe))
    # a cell holding a comma, a quote or a line break is quoted (csv.QUOTE_MINIMAL), so a
    # reflection stays in its own cell
    return write_file(target, report.to_csv(index=False, quoting=csv.QUOTE_MINIMAL),
                      force=force)


def spreadsheet_safe(text: str) -> str:
    """`text` with a leading apostrophe when a spreadsheet would run it as a formula.

    A reflection that starts with =, +, -, @ (or a tab or carriage return) would be read by
    Excel as a formula when the instructor opens the report; the apostrophe keeps it text.

    >>> spreadsheet_safe("=1+1"), spreadsheet_safe("I would call them.")
    ("'=1+1", 'I would call them.')
    """
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


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
        code, view = _run_progress(args)
    for w in caught:
        print(f"Warning: {w.message}", file=sys.stderr)
    if view is None:
        return code
    summary = view.summary
    _say(repr(view))
    if not summary.empty:
        _say(f"\nDone {int(summary['done'].sum())} of {int(summary['exercises'].sum())} "
             f"exercises; {int(summary['correct'].sum())} of {int(summary['graded'].sum())} "
             "graded ones correct.")
    return 0


def _say(text: str) -> None:
    """Print `text`; a character the terminal cannot show (✔ on an old Windows one) becomes ?."""
    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
    print(text.encode(encoding, "replace").decode(encoding, "replace"))


def _run_progress(args) -> tuple[int, ProgressView | None]:
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
        return 0, show_progress()
    except CRMDataError as exc:  # the progress file's path is a folder, a device...
        print(str(exc), file=sys.stderr)
    except (OSError, ValueError) as exc:
        print(f"The progress file {progress_path()} cannot be read: {exc}", file=sys.stderr)
    return 1, None


class _CallableModule(types.ModuleType):
    """`crm_lessons.exercises.progress()` works whether the name is this module or the function."""

    def __call__(self) -> ProgressView:
        return show_progress()


sys.modules[__name__].__class__ = _CallableModule
