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
exercise so far, this one included. Reflections are recorded with ``correct: null`` and
``done: true``.

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
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd

from crm_lessons.exercises.records_repair import parse_timestamp, read_progress
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


def record(lesson: str, exercise: str, *, correct: bool | None, done: bool,
           graded: bool = True, kind: str = "", path: Path | None = None,
           identity: dict | None = None) -> dict:
    """Append one check result to the progress file and return the record written.

    `identity` (student, course, seed, version: ``session.check_identity()``) is stored with it."""
    path = Path(path) if path is not None else progress_path()
    with locked(path):
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
        for key in IDENTITY_FIELDS:
            if identity and key in identity:
                rec[key] = identity[key]
        data["records"].append(rec)
        data["version"] = VERSION
        _write_unlocked(path, data)
    return rec


def load_records(path: Path | None = None) -> pd.DataFrame:
    """Every recorded check as a table (one row per check), oldest first."""
    path = Path(path) if path is not None else progress_path()
    with locked(path):
        data = _read_unlocked(path, repair=True)
    cols = ["lesson", "exercise", "kind", "graded", "correct", "done", "timestamp", "attempts"]
    df = pd.DataFrame(data["records"], columns=cols)
    df["timestamp"] = pd.to_datetime(df["timestamp"].map(parse_timestamp), utc=True)
    return df
