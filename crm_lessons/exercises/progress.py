"""A student's progress: every check is recorded in a small JSON file.

Where the file lives
--------------------
``~/.crm_lessons/progress.json`` by default; the environment variable
``CRM_LESSONS_PROGRESS`` names another file (the tests use a temporary one).

What it holds
-------------
``{"version": 1, "records": [{"lesson": "02", "exercise": "top20_share", "kind": "number",
"graded": true, "correct": false, "done": false, "timestamp": "2026-...Z", "attempts": 1}, ...]}``

One record per check (a blank check is not recorded). ``attempts`` counts the checks of that
exercise so far, this one included. Reflections are recorded with ``correct: null`` and
``done: true``.

Safety
------
Every write happens under an inter-process lock (``fcntl.flock`` on POSIX, ``msvcrt`` on
Windows, an exclusive lock file elsewhere) on ``<file>.lock``, rereads the file, appends, and
replaces the file atomically (a temporary file in the same folder, then ``os.replace``), so
two notebooks checking at the same time lose nothing. A file that cannot be read is moved aside
to ``<file>.corrupt-<timestamp>`` with a warning naming both paths, and a fresh file is started.

``crm_lessons.exercises.progress()`` shows a table and a chart of done and correct per lesson;
``crm-lessons progress --export FILE.csv`` writes a report to hand in.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
import types
import warnings
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pandas as pd

VERSION = 1
DEFAULT_PATH = Path("~/.crm_lessons/progress.json")


def progress_path() -> Path:
    """The progress file: ``CRM_LESSONS_PROGRESS`` or ``~/.crm_lessons/progress.json``."""
    override = os.environ.get("CRM_LESSONS_PROGRESS", "").strip()
    return Path(override).expanduser() if override else DEFAULT_PATH.expanduser()


# --------------------------------------------------------------------------------------------
# Locking
# --------------------------------------------------------------------------------------------

def _lock_module(name: str):
    try:
        return __import__(name)
    except ImportError:
        return None


@contextmanager
def _locked(path: Path, timeout: float = 30.0):
    """Hold an exclusive inter-process lock tied to `path`.

    POSIX: ``fcntl.flock`` on ``<file>.lock``. Windows: ``msvcrt.locking`` on the same file.
    Elsewhere: an exclusive lock file ``<file>.lockfile`` created with O_EXCL (one left behind
    by a crashed process is taken over after `timeout` seconds).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    lock_path = path.with_name(path.name + ".lock")
    fcntl = _lock_module("fcntl")
    msvcrt = None if fcntl is not None else _lock_module("msvcrt")
    if fcntl is not None:
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)
    elif msvcrt is not None:  # pragma: no cover - Windows
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            deadline = time.monotonic() + timeout
            while True:
                try:
                    os.lseek(fd, 0, 0)
                    msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        raise TimeoutError(f"could not lock {lock_path}") from None
                    time.sleep(0.01)
            try:
                yield
            finally:
                os.lseek(fd, 0, 0)
                msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        finally:
            os.close(fd)
    else:
        excl = path.with_name(path.name + ".lockfile")
        deadline = time.monotonic() + timeout
        while True:
            try:
                os.close(os.open(excl, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
                break
            except FileExistsError:
                if time.monotonic() > deadline:  # left by a crashed process: take it over
                    try:
                        os.remove(excl)
                    except OSError:
                        pass
                    deadline = time.monotonic() + timeout
                time.sleep(0.005)
        try:
            yield
        finally:
            os.remove(excl)


# --------------------------------------------------------------------------------------------
# Reading and writing
# --------------------------------------------------------------------------------------------

def _empty() -> dict:
    return {"version": VERSION, "records": []}


def _valid(data: Any) -> bool:
    return (isinstance(data, dict) and isinstance(data.get("records"), list)
            and all(isinstance(r, dict) and "lesson" in r and "exercise" in r
                    for r in data["records"]))


def _read_unlocked(path: Path, repair: bool) -> dict:
    """Read the file; a broken file is moved aside (when `repair`) and an empty log returned."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return _empty()
    try:
        data = json.loads(text) if text.strip() else _empty()
        if _valid(data):
            return data
        problem = "it does not hold a list of records"
    except json.JSONDecodeError as exc:
        problem = f"it is not valid JSON ({exc.msg} at line {exc.lineno})"
    if not repair:
        warnings.warn(f"The progress file {path} cannot be read: {problem}.", stacklevel=3)
        return _empty()
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
    aside = path.with_name(f"{path.name}.corrupt-{stamp}")
    os.replace(path, aside)
    warnings.warn(
        f"The progress file {path} could not be read ({problem}). It was kept as {aside} and a "
        f"new progress file was started at {path}. Your earlier results are in {aside}.",
        stacklevel=3)
    return _empty()


def _dumps(data: dict) -> str:
    """The JSON text: one record per line, so the file stays readable and diffs well."""
    head = json.dumps({k: v for k, v in data.items() if k != "records"})[:-1]
    lines = ",\n".join(map(json.dumps, data["records"]))  # the default encoder is the fast one
    sep = ", " if len(head) > 1 else ""
    return f'{head}{sep}"records": [\n{lines}\n]}}\n'


def _write_unlocked(path: Path, data: dict) -> None:
    text = _dumps(data)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.remove(tmp)
        except OSError:
            pass
        raise


def record(lesson: str, exercise: str, *, correct: bool | None, done: bool,
           graded: bool = True, kind: str = "", path: Path | None = None) -> dict:
    """Append one check result to the progress file and return the record written."""
    path = Path(path) if path is not None else progress_path()
    with _locked(path):
        data = _read_unlocked(path, repair=True)
        previous = sum(1 for r in data["records"]
                       if r.get("lesson") == lesson and r.get("exercise") == exercise)
        rec = {
            "lesson": str(lesson), "exercise": str(exercise), "kind": kind,
            "graded": bool(graded), "correct": None if correct is None else bool(correct),
            "done": bool(done),
            "timestamp": datetime.now(timezone.utc).isoformat(timespec="milliseconds")
            .replace("+00:00", "Z"),
            "attempts": previous + 1,
        }
        data["records"].append(rec)
        data["version"] = VERSION
        _write_unlocked(path, data)
    return rec


def load_records(path: Path | None = None) -> pd.DataFrame:
    """Every recorded check as a table (one row per check), oldest first."""
    path = Path(path) if path is not None else progress_path()
    with _locked(path):
        data = _read_unlocked(path, repair=True)
    cols = ["lesson", "exercise", "kind", "graded", "correct", "done", "timestamp", "attempts"]
    df = pd.DataFrame(data["records"], columns=cols)
    df["timestamp"] = pd.to_datetime(df["timestamp"], utc=True, errors="coerce")
    return df


# --------------------------------------------------------------------------------------------
# Summaries, chart, report
# --------------------------------------------------------------------------------------------

def _catalogue() -> pd.DataFrame:
    from crm_lessons.exercises import all_exercises

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
    """Write the per-exercise report to `target` (refuses to overwrite unless `force`)."""
    target = Path(target).expanduser()
    if target.exists() and not force:
        raise FileExistsError(
            f"{target} already exists, so it was not overwritten. Choose another file name, "
            "or add --force to replace it.")
    report = exercise_report()
    def stamp(col: pd.Series) -> pd.Series:
        return pd.to_datetime(col, utc=True).dt.strftime("%Y-%m-%d %H:%M:%S UTC").fillna("")

    report = report.assign(first_done=stamp(report["first_done"]),
                           last_attempt=stamp(report["last_attempt"]))
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    try:
        report.to_csv(tmp, index=False)
        if force:
            os.replace(tmp, target)
        else:  # never replace a file that appeared meanwhile
            try:
                os.link(tmp, target)
                os.remove(tmp)
            except FileExistsError:
                raise
            except OSError:  # a file system without hard links
                if target.exists():
                    raise FileExistsError(f"{target} already exists.") from None
                os.replace(tmp, target)
    except BaseException:
        if os.path.exists(tmp):
            os.remove(tmp)
        raise
    return target


def cli_progress(args) -> int:
    """`crm-lessons progress [--export FILE.csv] [--force]`."""
    try:
        if getattr(args, "export", None):
            try:
                target = export_csv(Path(args.export), force=bool(getattr(args, "force", False)))
            except FileExistsError as exc:
                print(f"Not written: {exc}", file=sys.stderr)
                return 1
            print(f"Wrote your progress report to {target}.")
            return 0
        summary = progress_summary()
    except OSError as exc:
        print(f"The progress file {progress_path()} cannot be read: {exc}", file=sys.stderr)
        return 1
    print(f"Progress file: {progress_path()}")
    if summary.empty:
        print("No exercises found yet.")
        return 0
    print(summary.to_string())
    print(f"Done {int(summary['done'].sum())} of {int(summary['exercises'].sum())} exercises; "
          f"{int(summary['correct'].sum())} of {int(summary['graded'].sum())} graded ones correct.")
    return 0


class _CallableModule(types.ModuleType):
    """`crm_lessons.exercises.progress()` works whether the name is this module or the function."""

    def __call__(self) -> pd.DataFrame:
        return show_progress()


sys.modules[__name__].__class__ = _CallableModule
