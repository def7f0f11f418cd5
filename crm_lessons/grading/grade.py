"""Grade a folder of submissions: copy it, run each notebook again, read the verdicts back.

``grade_folder(submissions, out_csv)`` never modifies SUBMISSIONS: it copies the folder into a
temporary one first, and runs each notebook there with its outputs cleared (so saved outputs
and a student's progress file count for nothing). The points of a lesson are its graded
exercises whose last check in the run was correct, on the student's own data variant.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from crm_lessons.grading.arguments import GradingError
from crm_lessons.grading.discover import Skipped, Submission, discover, read_roster
from crm_lessons.grading.sandbox import network_isolation, parse_memory
from crm_lessons.identity import course_id, course_version, student_seed
from crm_lessons.writing import write_file

__all__ = ["grade_folder", "Gradebook", "GradingError", "lesson_exercises"]

NO_NETWORK_NOTE = "network not isolated (unshare -n unavailable)"


@dataclass
class Gradebook:
    lessons: list[str]
    possible: dict[str, int]
    rows: list[dict]
    details: list[dict]
    skipped: list[Skipped]
    reflections: dict[str, list[dict]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    paths: dict[str, Path] = field(default_factory=dict)


def lesson_exercises() -> dict[str, list]:
    """Each lesson's exercises, in order, from the package's catalogue."""
    from crm_lessons.exercises.catalogue import all_exercises

    out: dict[str, list] = {}
    for ex in all_exercises():
        out.setdefault(ex.lesson, []).append(ex)
    return out


def stored_identities(nb: dict) -> list[dict]:
    """The identities a notebook carries: its metadata and its saved check outputs'."""
    found = []
    meta = nb.get("metadata", {}).get("crm_lessons")
    if isinstance(meta, dict):
        found.append(meta)
    for cell in nb.get("cells", []):
        for out in cell.get("outputs", []) if isinstance(cell, dict) else []:
            ident = (out.get("metadata") or {}).get("crm_lessons") if isinstance(out, dict) else None
            if isinstance(ident, dict):
                found.append(ident)
    return found


def mismatch_flags(student: str, seed: int, identities: list[dict]) -> list[str]:
    """"id-mismatch: ..." for each other student (or another student's variant) named."""
    flags = []
    for ident in identities:
        other = ident.get("student")
        if isinstance(other, str) and other.strip().casefold() != student.casefold():
            flags.append(f"id-mismatch: notebook says {other.strip()}")
        elif other is None and isinstance(ident.get("seed"), int) and ident["seed"] != seed \
                and ident.get("source") not in (None, "shipped"):
            flags.append(f"id-mismatch: notebook's data is variant {ident['seed']}, not "
                         f"{student}'s")
    return list(dict.fromkeys(flags))


def _prepare(sub: Submission, work: Path) -> Path:
    import nbformat

    nb = nbformat.from_dict(sub.notebook)
    for cell in nb.cells:
        if cell.get("cell_type") == "code":
            cell["outputs"], cell["execution_count"] = [], None
    folder = work / "notebook"
    folder.mkdir(parents=True)
    path = folder / sub.path.name
    write_file(path, nbformat.writes(nb))
    return path


def _run(sub: Submission, work: Path, settings: dict) -> dict:
    """Run one submission in its own process; the worker's result, or why it has none."""
    work.mkdir(parents=True)
    job = {"notebook": str(_prepare(sub, work)), "workdir": str(work), "student": sub.student,
           "course": settings["course"], "seed": student_seed(sub.student, settings["course"]),
           "log": str(work / "grade.jsonl"), "timeout": settings["timeout"],
           "memory": settings["memory"], "network": settings["network"]}
    write_file(work / "job.json", json.dumps(job))
    result_path = work / "result.json"
    # the worker and the kernel import this very package, wherever the grader found it
    here = str(Path(__file__).resolve().parents[2])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        p for p in [here, os.environ.get("PYTHONPATH", "")] if p)}
    worker = subprocess.Popen([sys.executable, "-m", "crm_lessons.grading.run",
                               str(work / "job.json"), str(result_path)], cwd=work, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              start_new_session=True)
    try:
        worker.wait(timeout=settings["timeout"] + 180)
        result = json.loads(result_path.read_text(encoding="utf-8"))
    except subprocess.TimeoutExpired:
        result = {"status": "timeout", "errors": []}
    except (OSError, ValueError):
        result = {"status": "could not run: the grading process ended without a result",
                  "errors": []}
    finally:
        _stop(worker)
    log = work / "grade.jsonl"
    result["log"] = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()
                     if line.strip()] if log.exists() else []
    result["seed"] = job["seed"]
    return result


def _stop(worker: subprocess.Popen) -> None:
    """End the worker and every process it left (its kernel), by its process group."""
    try:
        os.killpg(worker.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError, AttributeError):
        pass
    worker.wait()


def _score(sub: Submission, result: dict, exercises: list) -> tuple[int, list[dict], list[str]]:
    """Points, detail rows and flags of one run."""
    last: dict[str, dict] = {}
    flags: list[str] = []
    for line in result["log"]:
        ident = line.get("identity") or {}
        if line.get("lesson") != sub.lesson:
            continue
        if ident.get("seed") != result["seed"]:
            flags.append(f"wrong-data: {line.get('id')} was checked on variant "
                         f"{ident.get('seed')}, not counted")
            continue
        last[line.get("id")] = line
    flags += mismatch_flags(sub.student, result["seed"],
                            [line.get("identity") or {} for line in last.values()])
    points, details = 0, []
    for ex in exercises:
        line = last.get(ex.id, {})
        correct = line.get("correct") if line else None
        if ex.graded and correct is True:
            points += 1
        details.append({"student": sub.student, "file": sub.relative, "lesson": sub.lesson,
                        "exercise": ex.id, "status": line.get("status", "not checked"),
                        "correct": "" if correct is None else str(bool(correct)).lower(),
                        "category": line.get("category") or "",
                        "message": line.get("message", ""), "answer": line.get("answer")})
    return points, details, flags


def _settings(course, timeout, memory, network) -> dict:
    if not isinstance(timeout, (int, float)) or isinstance(timeout, bool) or \
            not math.isfinite(timeout) or timeout <= 0:
        raise GradingError(f"--timeout should be a number of seconds above 0, not {timeout!r}. "
                           "Fix: e.g. --timeout 300.")
    memory = memory if isinstance(memory, int) or memory is None else parse_memory(memory)
    return {"course": course or course_id(), "timeout": float(timeout), "memory": memory,
            "network": bool(network)}


def grade_folder(submissions, out_csv, *, roster=None, course: str | None = None,
                 timeout: float = 300, memory: str | int | None = "2G", jobs: int | None = None,
                 fmt: str = "native", force: bool = False, network: bool = False) -> Gradebook:
    """Grade every notebook in `submissions`; write the gradebook `out_csv` and its companions.

    Returns the :class:`Gradebook`. Raises GradingError (or a WriteError) before running
    anything when an argument or a target is not usable.
    """
    from crm_lessons.grading.outputs import check_outputs, write_outputs

    submissions = Path(submissions).expanduser()
    if not submissions.is_dir():
        raise GradingError(f"{submissions} is not a folder. Fix: give the folder of handed-in "
                           "notebooks (one subfolder per student, or files named after them).")
    settings = _settings(course, timeout, memory, network)
    if not str(out_csv).strip() or Path(out_csv).name in ("", ".", ".."):
        raise GradingError(f"--out {str(out_csv)!r} names no file. Fix: give the gradebook's "
                           "file name, e.g. --out gradebook.csv.")
    check_outputs(Path(out_csv), fmt, force=force)
    entries = read_roster(roster)
    by_lesson = lesson_exercises()
    with tempfile.TemporaryDirectory(prefix="crm-grade-") as tmp:
        copy = Path(tmp) / "submissions"
        shutil.copytree(submissions, copy, symlinks=True)
        subs, skipped = discover(copy, entries, set(by_lesson))
        with ThreadPoolExecutor(max_workers=max(1, jobs or os.cpu_count() or 1)) as pool:
            results = list(pool.map(lambda a: _run(a[1], Path(tmp) / f"run{a[0]}", settings),
                                    enumerate(subs)))
    book = _collect(subs, results, skipped, by_lesson, entries)
    if not settings["network"] and network_isolation() is None:
        book.notes.append(NO_NETWORK_NOTE)
        for row in book.rows:
            row["flags"] = "; ".join(f for f in [row["flags"], NO_NETWORK_NOTE] if f)
    book.paths = write_outputs(book, Path(out_csv), fmt, force=force)
    return book


def _collect(subs, results, skipped, by_lesson, roster) -> Gradebook:
    lessons = sorted({s.lesson for s in subs}, key=lambda n: (len(n) > 2, n))
    possible = {n: sum(1 for ex in by_lesson[n] if ex.graded) for n in lessons}
    students: dict[str, dict] = {}
    details, reflections = [], {}
    for sub, result in zip(subs, results, strict=True):
        row = students.setdefault(sub.student.casefold(), {
            "student": sub.student, **{f"lesson_{n}": "" for n in lessons}, "flags": [],
            "status": [], "course_version": set(), "extra": _extra(sub.student, roster)})
        points, rows, flags = _score(sub, result, by_lesson[sub.lesson])
        row[f"lesson_{sub.lesson}"] = points
        row["flags"] += mismatch_flags(sub.student, result["seed"],
                                       stored_identities(sub.notebook)) + flags
        if result["status"] != "ok":
            row["status"].append(f"lesson {sub.lesson}: {result['status']}")
        versions = [i.get("version") for i in stored_identities(sub.notebook) if i.get("version")]
        row["course_version"].update(versions or [course_version()])
        for d in rows:
            answer = d.pop("answer")
            details.append(d)
            if answer and d["status"] == "done":
                reflections.setdefault(d["exercise"], []).append(
                    {"student": sub.student, "answer": answer})
    rows = []
    for row in sorted(students.values(), key=lambda r: r["student"].casefold()):
        row["total"] = sum(v for k, v in row.items() if k.startswith("lesson_") and v != "")
        row["possible"] = sum(possible.values())
        row["course_version"] = ";".join(sorted(row["course_version"]))
        row["flags"] = "; ".join(dict.fromkeys(row["flags"]))
        row["status"] = "; ".join(row["status"]) or "ok"
        rows.append(row)
    return Gradebook(lessons, possible, rows, details, skipped, reflections)


def _extra(student: str, roster) -> dict:
    for entry in roster:
        if entry.student.casefold() == student.casefold():
            return entry.extra
    return {}
