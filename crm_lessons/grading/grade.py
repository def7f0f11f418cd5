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
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from crm_lessons.grading.arguments import GradingError
from crm_lessons.grading.discover import (
    Skipped,
    Submission,
    discover,
    read_roster,
    unused_roster_rows,
)
from crm_lessons.grading.outputs import companion_paths
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
    import warnings

    import nbformat

    with warnings.catch_warnings():    # a student's cells without ids: not the grader's news
        warnings.simplefilter("ignore")
        return _write_cleared(nbformat.from_dict(sub.notebook), sub, work)


def _write_cleared(nb, sub: Submission, work: Path) -> Path:
    import nbformat

    for cell in nb.cells:
        if cell.get("cell_type") == "code":
            cell["outputs"], cell["execution_count"] = [], None
    folder = work / "notebook"
    folder.mkdir(parents=True)
    name = sub.path.name                     # a long name would pass the file system's limit
    path = folder / (name if len(name.encode()) <= 120 else f"{sub.lesson}_submission.ipynb")
    write_file(path, nbformat.writes(nb))
    return path


def _run(sub: Submission, work: Path, settings: dict) -> dict:
    """Run one submission in its own process, in the new folder `work`; the worker's result,
    or why it has none."""
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
        _stop(worker, job["log"])
    if not isinstance(result.get("log"), list):    # no word from the worker: the file as is
        result["log"] = _read_log(work / "grade.jsonl")
        result["unverified"] = True
    result["seed"] = job["seed"]
    return result


def _read_log(path: Path) -> list[dict]:
    lines = []
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    for raw in text.splitlines():
        try:
            line = json.loads(raw)
        except ValueError:
            continue
        if isinstance(line, dict):
            lines.append(line)
    return lines


def _stop(worker: subprocess.Popen, log: str) -> None:
    """End the worker and every process it left: its process group, then any process still
    carrying this run's grade log in its environment (a child that left the group)."""
    try:
        os.killpg(worker.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError, AttributeError):
        pass
    worker.wait()
    kill_leftovers(f"CRM_LESSONS_GRADE_LOG={log}".encode())


def kill_leftovers(marker: bytes) -> int:
    """SIGKILL every process of this user whose environment holds `marker`; how many.

    A killed process can still be listed for a moment while it dies, so each one is
    counted once, and another pass is made only while new ones turn up (a process
    may fork while we look)."""
    killed: set[int] = set()
    me = os.getpid()
    for _ in range(3):
        new = 0
        for entry in Path("/proc").glob("[0-9]*") if Path("/proc").is_dir() else ():
            try:
                pid = int(entry.name)
                if pid != me and marker in (entry / "environ").read_bytes().split(b"\0"):
                    os.kill(pid, signal.SIGKILL)
                    if pid not in killed:
                        killed.add(pid)
                        new += 1
            except (OSError, ValueError):
                continue
        if not new:
            break
    return len(killed)


def _score(sub: Submission, result: dict, exercises: list) -> tuple[int, list[dict], list[str]]:
    """Points, detail rows and flags of one run."""
    last: dict[str, dict] = {}
    flags: list[str] = log_flags(result)
    for line in result["log"]:
        ident = line.get("identity") or {}
        if line.get("lesson") != sub.lesson or forged(line, flags):
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


def log_flags(result: dict) -> list[str]:
    """Flags on the grade log as a whole: none reached it, or it could not be checked."""
    flags = []
    if result.get("unverified"):
        flags.append("grade log not checked against the cells (the run gave no result)")
    if result.get("shown") and not any(line.get("id") for line in result["log"]):
        flags.append(f"grade-log-missing: {result['shown']} check(s) ran but none reached the "
                     "grade log (the notebook changed CRM_LESSONS_GRADE_LOG?)")
    return flags


def forged(line: dict, flags: list[str]) -> bool:
    """True (with a flag) for a grade-log line no check wrote: one that is not JSON, one
    written by a cell that never names the exercise, or one whose verdict differs from the
    check that cell shows. Lines not checked against the cells (``_cell`` absent) pass."""
    if line.get("unreadable"):
        flags.append("forged-log: a line of the grade log is not a check's; not counted")
        return True
    if "_cell" not in line:
        return False
    if not line.get("_named"):
        flags.append(f"forged-log: a verdict for {line.get('id')} was written by cell "
                     f"{line['_cell']}, which does not check it; not counted")
        return True
    shown = line.get("_shown")
    if shown is not None and str(line.get("status")) not in shown:
        flags.append(f"forged-log: the grade log says {line.get('status')} for "
                     f"{line.get('id')}, the check shown in cell {line['_cell']} says "
                     f"{'/'.join(shown)}; not counted")
        return True
    return False


def _settings(course, timeout, memory, network) -> dict:
    if not isinstance(timeout, (int, float)) or isinstance(timeout, bool) or \
            not math.isfinite(timeout) or timeout <= 0:
        raise GradingError(f"--timeout should be a number of seconds above 0, not {timeout!r}. "
                           "Fix: e.g. --timeout 300.")
    memory = memory if isinstance(memory, int) or memory is None else parse_memory(memory)
    return {"course": course or course_id(), "timeout": float(timeout), "memory": memory,
            "network": bool(network)}


def _check_arguments(submissions, out_csv, roster) -> tuple[Path, Path]:
    """SUBMISSIONS and --out as paths, or the GradingError that names what is wrong."""
    if not str(submissions).strip():
        raise GradingError("SUBMISSIONS is empty. Fix: give the folder of handed-in notebooks.")
    submissions = Path(submissions).expanduser()
    if not submissions.is_dir():
        raise GradingError(f"{submissions} is not a folder. Fix: give the folder of handed-in "
                           "notebooks (one subfolder per student, or files named after them).")
    if not str(out_csv).strip() or Path(out_csv).name in ("", ".", ".."):
        raise GradingError(f"--out {str(out_csv)!r} names no file. Fix: give the gradebook's "
                           "file name, e.g. --out gradebook.csv.")
    out = Path(out_csv).expanduser()
    where = out.parent.resolve()
    if where == submissions.resolve() or submissions.resolve() in where.parents:
        raise GradingError(f"--out {out} is inside the submissions folder {submissions}, which "
                           "is never changed. Fix: write the gradebook somewhere else, e.g. "
                           "--out gradebook.csv.")
    if roster is not None and Path(roster).expanduser().resolve() in {
            p.resolve() for p in companion_paths(out, "canvas").values()}:
        raise GradingError(f"--out {out} would write over the roster {roster}. Fix: name the "
                           "gradebook differently, e.g. --out gradebook.csv.")
    return submissions, out


def _writable(folder: Path) -> None:
    """Make sure the gradebook's folder exists and takes a file, before anything runs."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".crm-grade-probe-"):
            pass
    except OSError as exc:
        raise GradingError(f"the gradebook cannot be written in {folder} "
                           f"({exc.strerror or exc}). Fix: choose a folder you can write to, "
                           "e.g. --out ~/gradebook.csv.") from None


def grade_folder(submissions, out_csv, *, roster=None, course: str | None = None,
                 timeout: float = 300, memory: str | int | None = "2G", jobs: int | None = None,
                 fmt: str = "native", force: bool = False, network: bool = False) -> Gradebook:
    """Grade every notebook in `submissions`; write the gradebook `out_csv` and its companions.

    Returns the :class:`Gradebook`. Raises GradingError (or a WriteError) before running
    anything when an argument or a target is not usable.
    """
    from crm_lessons.grading.outputs import check_outputs, write_outputs

    submissions, out = _check_arguments(submissions, out_csv, roster)
    settings = _settings(course, timeout, memory, network)
    check_outputs(out, fmt, force=force)
    _writable(out.parent)
    there = {k: p.exists() or p.is_symlink() for k, p in companion_paths(out, fmt).items()}
    entries = read_roster(roster)
    by_lesson = lesson_exercises()
    with tempfile.TemporaryDirectory(prefix="crm-grade-") as tmp:
        subs, skipped = _discover_copy(submissions, Path(tmp) / "submissions", entries,
                                       set(by_lesson))
        if not subs and not skipped:
            raise GradingError(f"{submissions} holds no notebooks. Fix: give the folder the "
                               "students' .ipynb files were collected into.")
        with ThreadPoolExecutor(max_workers=max(1, jobs or os.cpu_count() or 1)) as pool:
            results = list(pool.map(lambda sub: _run_apart(sub, settings), subs))
    book = _collect(subs, results, skipped, by_lesson, entries)
    book.notes += [f"roster {line}" for line in unused_roster_rows(entries, subs, skipped)]
    if not settings["network"] and network_isolation() is None:
        book.notes.append(NO_NETWORK_NOTE)
        for row in book.rows:
            row["flags"] = "; ".join(f for f in [row["flags"], NO_NETWORK_NOTE] if f)
    book.notes += _set_aside_planted(there, companion_paths(out, fmt))
    book.paths = write_outputs(book, out, fmt, force=force)
    return book


def _discover_copy(submissions: Path, copy: Path, entries, lessons) -> tuple[list, list]:
    """Copy SUBMISSIONS, find the notebooks in the copy, then remove the copy: each run gets
    its own notebook only, and no run can read another's."""
    skipped: list[Skipped] = []
    try:
        shutil.copytree(submissions, copy, symlinks=True, ignore=_special_files(submissions,
                                                                                skipped))
    except shutil.Error as exc:        # the files that could be read are copied all the same
        for src, _dst, why in exc.args[0]:
            skipped.append(Skipped(_relative(src, submissions),
                                   f"could not be read ({why}). Fix: make it readable, or "
                                   "leave it out."))
    subs, found = discover(copy, entries, lessons)
    shutil.rmtree(copy, ignore_errors=True)
    return subs, skipped + found


def _relative(path, root: Path) -> str:
    try:
        return str(Path(path).relative_to(root))
    except ValueError:
        return str(path)


def _special_files(root: Path, skipped: list):
    """A copytree ignore: pipes, sockets and devices are left out and listed as skipped."""
    import stat

    def ignore(folder, names):
        left = set()
        for name in names:
            try:
                mode = os.lstat(os.path.join(folder, name)).st_mode
            except OSError:
                continue
            if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode) or stat.S_ISLNK(mode)):
                left.add(name)
                skipped.append(Skipped(_relative(os.path.join(folder, name), root),
                                       "not a regular file (a pipe, socket or device)"))
        return left
    return ignore


def _run_apart(sub: Submission, settings: dict) -> dict:
    """Run one submission in a private temporary folder of its own, removed afterwards."""
    work = Path(tempfile.mkdtemp(prefix="crm-grade-run-"))
    try:
        return _run(sub, work / "run", settings)
    finally:                    # another notebook's code may still write into it: try twice
        for _ in range(2):
            shutil.rmtree(work, ignore_errors=True)
            if not work.exists():
                break
            time.sleep(0.5)


def _set_aside_planted(there: dict, paths: dict) -> list[str]:
    """Outputs that appeared while the notebooks ran (a submission's code can write files)
    are renamed aside, never trusted nor deleted; a note for each."""
    notes = []
    for key, path in paths.items():
        if there.get(key) or not (path.exists() or path.is_symlink()):
            continue
        aside = path.with_name(f"{path.name}.appeared-while-grading")
        n = 1
        while aside.exists() or aside.is_symlink():
            n += 1
            aside = path.with_name(f"{path.name}.appeared-while-grading-{n}")
        path.rename(aside)
        notes.append(f"{path} appeared while the notebooks ran (a submission's code may have "
                     f"written it); it was moved to {aside.name} and the real one written")
    return notes


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
