"""Reading the progress file defensively: every good record kept, the bad ones set aside.

A progress file is read as bytes (at most ``MAX_BYTES``), decoded (UTF-8, or UTF-16/32 with
or without a byte-order mark, as Notepad saves it) and parsed; nesting too deep for the parser
is caught. Then each record's fields are checked against what ``records.record`` writes:

- ``lesson``, ``exercise``: non-empty text; ``kind``: text;
- ``graded``, ``done``: true or false (not the text "false", not 0 or 1);
- ``correct``: true, false or null, and ``done`` agrees with it (a graded check is done
  exactly when it is correct; ``null`` is a reflection: done, not graded);
- ``timestamp``: an ISO 8601 time with its time zone; ``attempts``: a whole number >= 1;
- ``answer`` (a reflection's text, optional): text of at most ``MAX_ANSWER`` characters, on a
  reflection's record only;
- any other field: a plain value (text, number, true/false, null).

A record with ``"type": "view"`` says a hint or a solution was looked at: ``lesson``,
``exercise`` as above, ``viewed`` "hint" or "solution", ``hint`` (a hint's number, 1 to 999,
with "hint" only) and ``timestamp``. A record with any other ``type`` cannot be counted. Records
without ``type`` are checks (every record written before views were recorded).

What happens to a file that is not all good:

- some records are bad: they are written to a side file beside the progress file,
  ``<file>.invalid-records-<UTC time>.json`` (never over an earlier one), with the reason for
  each, and a warning says how many and where; every good record stays in the progress file.
- the file as a whole cannot be read (bad encoding, not JSON, too deep, too big, no list of
  records, no good record at all): it is moved aside whole to ``<file>.corrupt-<UTC time>``
  with a warning naming both paths, and a fresh progress file is started.
- the path is not a regular file (a folder, a device, a FIFO): nothing is moved and
  ``ProgressFileError`` says what to do.
"""

from __future__ import annotations

import json
import os
import stat
import warnings
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, NamedTuple

from crm_lessons.errors import CRMDataError

MAX_BYTES = 32 * 1024 * 1024  # about 150,000 checks; a course needs a few thousand
MAX_TEXT = 200  # characters of a lesson, exercise or kind name
MAX_ANSWER = 4000  # characters of a reflection's text kept in the file (a long page)
FIELDS = ("lesson", "exercise", "kind", "graded", "correct", "done", "timestamp", "attempts")
VIEW = "view"  # the type of a record saying a hint or a solution was looked at
VIEW_FIELDS = ("lesson", "exercise", "viewed", "timestamp")
SCALARS = (str, int, float, bool, type(None))


class ProgressFileError(CRMDataError):
    """The progress file's path cannot hold a progress file (a folder, a device...)."""


class Reading(NamedTuple):
    """What a progress file holds: the good data, the bad records, or why it is unreadable."""

    data: dict | None  # {"version": ..., "records": [good ones], other plain fields}
    invalid: list  # [(position, record, problem), ...]
    other: dict  # top-level fields that are not plain values (set aside with the bad records)
    problem: str  # why the whole file cannot be read ("" when it can)


def _describe(value: Any) -> str:
    if isinstance(value, str):
        return f"the text {value[:40]!r}"
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    if isinstance(value, (int, float)):
        return f"the number {value!r}"[:60]
    return "a list" if isinstance(value, list) else "an object" if isinstance(value, dict) \
        else type(value).__name__


def parse_timestamp(value: Any) -> datetime | None:
    """The time of an ISO 8601 text with a time zone, else None (naive or unreadable)."""
    if not isinstance(value, str) or len(value) > 64:
        return None
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        return None
    if when.tzinfo is None or not 1678 <= when.astimezone(timezone.utc).year <= 2261:
        return None  # pandas cannot hold it
    return when


def is_view(rec: Any) -> bool:
    """True for a record saying a hint or a solution was looked at (not a check)."""
    return isinstance(rec, dict) and rec.get("type") == VIEW


def _text_problem(rec: dict, names: tuple[str, ...]) -> str:
    for name in names:
        value = rec[name]
        if not isinstance(value, str) or len(value) > MAX_TEXT or (not value and name != "kind"):
            return f"{name!r} is {_describe(value)}, not a short non-empty text"
    return ""


def _time_problem(value: Any) -> str:
    if parse_timestamp(value) is None:
        return f"'timestamp' is {_describe(value)}, not a time like 2026-01-31T12:00:00.000Z"
    return ""


def _plain_problem(rec: dict) -> str:
    odd = [k for k, v in rec.items() if not isinstance(v, SCALARS)]
    return f"{odd[0]!r} is {_describe(rec[odd[0]])}, not a plain value" if odd else ""


def view_problem(rec: dict) -> str:
    """Why the view record `rec` (a hint or solution looked at) cannot be counted, or ""."""
    missing = [f for f in VIEW_FIELDS if f not in rec]
    if missing:
        return f"it is a view of a hint or solution with no {', '.join(map(repr, missing))}"
    viewed, number = rec["viewed"], rec.get("hint")
    if viewed not in ("hint", "solution"):
        return f"'viewed' is {_describe(viewed)}, not \"hint\" or \"solution\""
    if viewed == "hint" and (isinstance(number, bool) or not isinstance(number, int)
                             or not 1 <= number < 1000):
        return f"'hint' is {_describe(number)}, not a hint's number from 1"
    if viewed == "solution" and "hint" in rec:
        return "it is a view of the solution with a hint's number"
    return (_text_problem(rec, ("lesson", "exercise")) or _time_problem(rec["timestamp"])
            or _plain_problem(rec))


def record_problem(rec: Any) -> str:
    """Why `rec` cannot be counted as a check result or a view ("" when it is a good record)."""
    if not isinstance(rec, dict):
        return f"it is {_describe(rec)}, not a record"
    if "type" in rec:
        return view_problem(rec) if is_view(rec) else \
            f"'type' is {_describe(rec['type'])}, a kind of record this course does not write"
    missing = [f for f in FIELDS if f not in rec]
    if missing:
        return f"it has no {', '.join(map(repr, missing))}"
    problem = _text_problem(rec, ("lesson", "exercise", "kind"))
    if problem:
        return problem
    for name in ("graded", "done"):
        if not isinstance(rec[name], bool):
            return f"{name!r} is {_describe(rec[name])}, not true or false"
    correct, done = rec["correct"], rec["done"]
    if correct is not None and not isinstance(correct, bool):
        return f"'correct' is {_describe(correct)}, not true, false or null"
    if (correct is None and (not done or rec["graded"])) or (correct is not None
                                                              and done != correct):
        return (f"'done' is {json.dumps(done)} with 'correct' {json.dumps(correct)} and "
                f"'graded' {json.dumps(rec['graded'])}, which a check never writes")
    problem = _time_problem(rec["timestamp"])
    if problem:
        return problem
    attempts = rec["attempts"]
    if isinstance(attempts, bool) or not isinstance(attempts, int) or not 1 <= attempts < 10**9:
        return f"'attempts' is {_describe(attempts)}, not a whole number from 1"
    if "answer" in rec and (not isinstance(rec["answer"], str) or len(rec["answer"]) > MAX_ANSWER
                            or correct is not None):
        return (f"'answer' is {_describe(rec['answer'])} on a record with 'correct' "
                f"{json.dumps(correct)}; a reflection's text (at most {MAX_ANSWER} characters) "
                "is the only answer recorded")
    return _plain_problem(rec)


def _whole_number(text: str) -> int | str:
    try:
        return int(text)
    except ValueError:  # more digits than Python converts: kept as text, the record is bad
        return text


def _read_bytes(path: Path) -> bytes | None:
    """The file's bytes (None when absent); raises ProgressFileError on a non-regular file."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        fd = None
    try:
        mode = os.fstat(fd).st_mode if fd is not None else stat.S_IFDIR
        if not stat.S_ISREG(mode):
            what = "a folder" if stat.S_ISDIR(mode) else "not a regular file (a device or FIFO)"
            raise ProgressFileError(
                f"The progress file {path} is {what}, so no progress can be kept there. Set "
                "CRM_LESSONS_PROGRESS to a file name (for example ~/progress.json), or unset it.")
        with open(fd, "rb", closefd=False) as fh:
            return fh.read(MAX_BYTES + 1)
    finally:
        if fd is not None:
            os.close(fd)


def _decode(raw: bytes) -> tuple[Any, str]:
    """(parsed JSON, "") or (None, why it cannot be read)."""
    if len(raw) > MAX_BYTES:
        return None, (f"it is larger than {MAX_BYTES // 2**20} MB, far more than a course's "
                      "checks make, so it is not a progress file")
    encoding = json.detect_encoding(raw)
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as exc:
        return None, (f"it is not UTF-8 text (byte 0x{raw[exc.start]:02x} at position "
                      f"{exc.start}); perhaps an editor saved it in another encoding")
    if not text.strip():
        return {"version": 1, "records": []}, ""
    try:
        return json.loads(text, parse_int=_whole_number), ""
    except json.JSONDecodeError as exc:
        return None, f"it is not valid JSON ({exc.msg} at line {exc.lineno})"
    except RecursionError:
        return None, "it is nested too deeply to be a progress file"
    except (ValueError, MemoryError) as exc:
        return None, f"it is not valid JSON ({exc})"


def read_file(path: Path) -> Reading:
    """Read and check the progress file at `path` (absent: an empty log)."""
    raw = _read_bytes(path)
    if raw is None:
        return Reading({"version": 1, "records": []}, [], {}, "")
    data, problem = _decode(raw)
    if problem:
        return Reading(None, [], {}, problem)
    if not isinstance(data, dict) or not isinstance(data.get("records"), list):
        return Reading(None, [], {}, "it does not hold a list of records")
    good, invalid = [], []
    for i, rec in enumerate(data["records"]):
        why = record_problem(rec)
        if why:
            invalid.append((i, rec, why))
        else:
            good.append(rec)
    if invalid and not good:
        return Reading(None, [], {}, f"none of its {len(invalid)} records is a check result "
                       f"(record 1: {invalid[0][2]})")
    kept = {k: v for k, v in data.items() if k != "records" and isinstance(v, SCALARS)}
    other = {k: v for k, v in data.items() if k != "records" and k not in kept}
    return Reading({**kept, "records": good}, invalid, other, "")


def _stamp() -> str:
    return datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")


def _free_name(path: Path, tag: str, suffix: str = "") -> Path:
    """A name beside `path` saying what it holds and when, not taken by an earlier one."""
    base = f"{path.name}.{tag}-{_stamp()}"
    candidate, n = path.with_name(base + suffix), 1
    while os.path.lexists(candidate):
        n += 1
        candidate = path.with_name(f"{base}-{n}{suffix}")
    return candidate


def move_aside(path: Path) -> Path:
    """Move the whole file to ``<file>.corrupt-<time>`` (never over an earlier one)."""
    while True:
        aside = _free_name(path, "corrupt")
        try:
            os.link(path, aside)  # fails rather than replace a file that appeared meanwhile
        except FileExistsError:
            continue
        except OSError:  # no hard links here (some USB sticks, network drives)
            os.rename(path, aside)
            return aside
        os.remove(path)
        return aside


def _side_text(path: Path, reading: Reading, raw_copy: Callable[[], bytes]) -> bytes:
    body = {"note": f"Records set aside from {path} because they could not be counted. Fix "
                    "one and add it back to that file's records list to count it.",
            "set_aside_at": _stamp(), "progress_file": str(path),
            "problems": [f"record {i + 1}: {why}" for i, _, why in reading.invalid],
            "records": [rec for _, rec, _ in reading.invalid]}
    if reading.other:
        body["other_fields"] = reading.other
    try:
        return (json.dumps(body, indent=1) + "\n").encode("utf-8")
    except (RecursionError, ValueError):  # too deep to write again: keep the whole file
        return raw_copy()


def write_side_file(path: Path, reading: Reading) -> Path:
    """Write the bad records (and odd top-level fields) beside `path`; returns the side file."""
    text = _side_text(path, reading, lambda: path.read_bytes())
    while True:
        side = _free_name(path, "invalid-records", ".json")
        try:
            fd = os.open(side, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0),
                         0o644)
        except FileExistsError:
            continue
        break
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
    except BaseException:
        os.remove(side)
        raise
    return side


def read_progress(path: Path, *, repair: bool, rewrite: Callable[[Path, dict], None],
                  stacklevel: int = 4) -> dict:
    """The good records of the file at `path`; with `repair`, set the rest aside and warn.

    `rewrite(path, data)` writes the progress file (the caller's atomic, locked writer); it is
    called once the bad records are safely in their side file, so they are never set aside
    twice.
    """
    reading = read_file(path)
    if reading.problem:
        if not repair:
            warnings.warn(f"The progress file {path} cannot be read: {reading.problem}.",
                          stacklevel=stacklevel)
            return {"version": 1, "records": []}
        aside = move_aside(path)
        warnings.warn(
            f"The progress file {path} could not be read ({reading.problem}). It was kept as "
            f"{aside} and a new progress file was started at {path}. Your earlier results "
            f"are in {aside}.", stacklevel=stacklevel)
        return {"version": 1, "records": []}
    if not (reading.invalid or reading.other):
        return reading.data
    n, first = len(reading.invalid), (reading.invalid or [(0, None, "")])[0]
    what = (f"{n} record{'s' if n != 1 else ''} of the progress file {path} could not be "
            f"counted (record {first[0] + 1}: {first[2]})" if n else
            f"the progress file {path} holds fields that are not progress")
    if not repair:
        warnings.warn(f"{what[0].upper()}{what[1:]}; they are left out.", stacklevel=stacklevel)
        return reading.data
    side = write_side_file(path, reading)
    rewrite(path, reading.data)
    warnings.warn(
        f"{what[0].upper()}{what[1:]}. They were set aside in {side}, with the reason for "
        f"each; the other {len(reading.data['records'])} records are kept in {path}.",
        stacklevel=stacklevel)
    return reading.data
