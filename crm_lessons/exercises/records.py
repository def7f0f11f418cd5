"""The progress file: every check is recorded in a small JSON file (read and written here).

Where the file lives
--------------------
``~/.crm_lessons/progress.json`` by default; the environment variable
``CRM_LESSONS_PROGRESS`` names another file (the tests use a temporary one).

What it holds
-------------
``{"version": 1, "records": [{"lesson": "02", "exercise": "top20_share", "kind": "number",
"graded": true, "correct": false, "done": false, "timestamp": "2026-...Z", "attempts": 1}, ...]}``

One record per check (a blank check is not recorded). ``attempts`` counts the checks of that
exercise so far, this one included. Reflections are recorded with ``correct: null``,
``done: true`` and the text the student wrote in ``answer`` (at most ``MAX_ANSWER``
characters; a longer one is cut and ends with "[...]").

Looking at a hint or a solution adds a record of another type, which changes no score:
``{"type": "view", "lesson": "02", "exercise": "top20_share", "viewed": "hint", "hint": 2,
"timestamp": "2026-...Z"}`` (``"viewed": "solution"`` has no ``hint``). Records without a
``type`` are checks, so progress files written before views were recorded still load.

Safety
------
Every write happens under an inter-process lock (``fcntl.flock`` on POSIX, ``msvcrt`` on
Windows, an exclusive lock file elsewhere) on ``<file>.lock``, rereads the file, appends, and
replaces the file atomically (a temporary file in the same folder, then ``os.replace``), so
two notebooks checking at the same time lose nothing.

Reading (``crm_lessons.exercises.records_repair``) checks every field of every record: a record
that cannot be counted is set aside in ``<file>.invalid-records-<timestamp>.json`` and every good
one kept; a file that cannot be read at all (bad encoding, not JSON, too deep or too big) is
moved aside to ``<file>.corrupt-<timestamp>``; each with a warning saying how many and where.

The reports on these records (``crm_lessons.exercises.progress()``, ``crm-lessons progress``)
are in ``crm_lessons.exercises.progress``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd

from crm_lessons.exercises.records_repair import (
    MAX_ANSWER,
    VIEW,
    is_view,
    parse_timestamp,
    read_progress,
)
from crm_lessons.writing import locked, write_file

VERSION = 1
DEFAULT_PATH = Path("~/.crm_lessons/progress.json")


def progress_path() -> Path:
    """The progress file: ``CRM_LESSONS_PROGRESS`` or ``~/.crm_lessons/progress.json``."""
    override = os.environ.get("CRM_LESSONS_PROGRESS", "").strip()
    return Path(override).expanduser() if override else DEFAULT_PATH.expanduser()


# --------------------------------------------------------------------------------------------
# Locking
# --------------------------------------------------------------------------------------------

# --------------------------------------------------------------------------------------------
# Reading and writing
# --------------------------------------------------------------------------------------------

def _empty() -> dict:
    return {"version": VERSION, "records": []}


def _read_unlocked(path: Path, repair: bool) -> dict:
    """The good records; bad ones are set aside and an unreadable file moved aside (`repair`).

    See ``crm_lessons.exercises.records_repair`` for what is checked and where things go.
    """
    return read_progress(path, repair=repair, rewrite=_write_unlocked)


def dumps(data: dict) -> str:
    """The JSON text: one record per line, so the file stays readable and diffs well."""
    head = json.dumps({k: v for k, v in data.items() if k != "records"})[:-1]
    lines = ",\n".join(map(json.dumps, data["records"]))  # the default encoder is the fast one
    sep = ", " if len(head) > 1 else ""
    return f'{head}{sep}"records": [\n{lines}\n]}}\n'


def _write_unlocked(path: Path, data: dict) -> None:
    # a temporary file beside it, flushed, then an atomic replace (crm_lessons.writing)
    write_file(path, dumps(data), force=True)


# Who checked and on which data (see crm_lessons.identity); optional in older files.
IDENTITY_FIELDS = ("student", "course", "seed", "version")


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def capped(text: str, limit: int = MAX_ANSWER) -> str:
    """`text` as recorded: whole when it fits in `limit` characters, else cut, ending "[...]".

    >>> capped("a" * 10, limit=8)
    'aaa[...]'
    """
    return text if len(text) <= limit else text[:limit - 5] + "[...]"


def _append(path: Path | None, make: Callable[[list], dict]) -> dict:
    """Under the lock: read the file, append ``make(records so far)``, replace the file."""
    path = Path(path) if path is not None else progress_path()
    with locked(path):
        data = _read_unlocked(path, repair=True)
        rec = make(data["records"])
        data["records"].append(rec)
        data["version"] = VERSION
        _write_unlocked(path, data)
    return rec


def record(lesson: str, exercise: str, *, correct: bool | None, done: bool,
           graded: bool = True, kind: str = "", answer: str | None = None,
           path: Path | None = None, identity: dict | None = None) -> dict:
    """Append one check result to the progress file and return the record written.

    `answer` is the text of a reflection (kept, cut to ``MAX_ANSWER`` characters); `identity`
    (student, course, seed, version: ``session.check_identity()``) is stored with it.
    """
    def make(records: list) -> dict:
        previous = sum(1 for r in records if not is_view(r)
                       and r.get("lesson") == lesson and r.get("exercise") == exercise)
        rec = {
            "lesson": str(lesson), "exercise": str(exercise), "kind": kind,
            "graded": bool(graded), "correct": None if correct is None else bool(correct),
            "done": bool(done), "timestamp": _now(), "attempts": previous + 1,
        }
        if isinstance(answer, str):  # text that cannot be saved as UTF-8 (a lone surrogate): "?"
            rec["answer"] = capped(str(answer).encode("utf-8", "replace").decode("utf-8"))
        for key in IDENTITY_FIELDS:
            if identity and key in identity:
                rec[key] = identity[key]
        return rec

    return _append(path, make)


def record_view(lesson: str, exercise: str, viewed: str, hint: int | None = None,
                path: Path | None = None) -> dict:
    """Append that a student looked at a hint (its number) or the solution; no score changes."""
    if viewed not in ("hint", "solution"):
        raise ValueError(f"viewed is {viewed!r}; it must be 'hint' or 'solution'.")
    rec = {"type": VIEW, "lesson": str(lesson), "exercise": str(exercise), "viewed": viewed}
    if viewed == "hint":
        rec["hint"] = int(hint or 1)
    return _append(path, lambda records: {**rec, "timestamp": _now()})


CHECK_COLUMNS = ["lesson", "exercise", "kind", "graded", "correct", "done", "timestamp",
                 "attempts", "answer", *IDENTITY_FIELDS, "position"]
VIEW_COLUMNS = ["lesson", "exercise", "viewed", "hint", "timestamp", "position"]


def load_log(path: Path | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The checks and the views (hints, solutions) as two tables, oldest first.

    ``position`` is the record's place in the file, so a view and a check can be ordered even
    when they share a millisecond.
    """
    path = Path(path) if path is not None else progress_path()
    with locked(path):
        data = _read_unlocked(path, repair=True)
    rows = [{**r, "position": i} for i, r in enumerate(data["records"])]
    checks = pd.DataFrame([r for r in rows if not is_view(r)], columns=CHECK_COLUMNS)
    views = pd.DataFrame([r for r in rows if is_view(r)], columns=VIEW_COLUMNS)
    for df in (checks, views):
        df["timestamp"] = pd.to_datetime(df["timestamp"].map(parse_timestamp), utc=True)
    return checks, views


def load_records(path: Path | None = None) -> pd.DataFrame:
    """Every recorded check as a table (one row per check), oldest first."""
    return load_log(path)[0]
