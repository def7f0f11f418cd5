"""``crm-lessons class-report GRADEBOOK_OR_SUBMISSIONS --out report.html [--progress FOLDER]
[--force]``: the class report from a gradebook (with the files beside it), or from a folder of
submissions, graded first into a temporary folder that is removed afterwards."""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from crm_lessons.class_report.build import write_report
from crm_lessons.class_report.reading import (
    ClassResults,
    ReportInputError,
    companion_paths,
    read_gradebook,
)
from crm_lessons.class_report.self_reported import read_progress_exports
from crm_lessons.errors import CRMDataError
from crm_lessons.grading.arguments import (
    add_run_options,
    options_given,
    options_problem,
    run_options,
)
from crm_lessons.writing import WriteError, check_target


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("source", metavar="GRADEBOOK_OR_SUBMISSIONS",
                   help="a gradebook.csv written by `crm-lessons grade` (its files beside it), "
                        "or a folder of submitted notebooks to grade first")
    p.add_argument("--out", required=True, metavar="REPORT.html",
                   help="the page to write (one HTML file that opens offline)")
    p.add_argument("--progress", default=None, metavar="FOLDER",
                   help="a folder of the students' `crm-lessons progress --export` files: adds "
                        "what they say of themselves (hints and solutions seen)")
    p.add_argument("--force", action="store_true", help="replace REPORT.html if it exists")
    grading = p.add_argument_group("when grading a folder of submissions (as `crm-lessons grade`)")
    add_run_options(grading)


def _inside(path: Path, folder: Path) -> bool:
    path, folder = path.resolve(), folder.resolve()
    return path == folder or folder in path.parents


def argument_problem(args) -> str | None:
    """What is wrong with the arguments before anything is read, or None."""
    if not str(args.source).strip():
        return ("GRADEBOOK_OR_SUBMISSIONS is empty. Fix: give a gradebook.csv or a folder of "
                "submissions.")
    if not str(args.out).strip():
        return "--out was given an empty file name. Fix: name the page, e.g. --out report.html."
    source, out = Path(args.source).expanduser(), Path(args.out).expanduser()
    if not source.exists():
        return (f"{source}: no such file or folder. Fix: give the gradebook.csv that "
                "`crm-lessons grade` wrote, or the folder of submitted notebooks.")
    if source.is_dir() and _inside(out, source):
        return (f"--out {out} is inside the submissions folder {source}, which is never "
                "changed. Fix: write the report somewhere else, e.g. --out report.html.")
    if source.is_file() and out.resolve() in {source.resolve(), *(
            p.resolve() for p in companion_paths(source).values())}:
        return (f"--out {out} is the gradebook or one of the files beside it. Fix: name "
                "another file, e.g. --out report.html.")
    if args.progress is not None and not str(args.progress).strip():
        return "--progress was given an empty folder name. Fix: name the folder of exports."
    given = options_given(args)
    if source.is_file() and given:
        verb = "applies" if len(given) == 1 else "apply"
        return (f"{' and '.join(given)} only {verb} when grading a folder of submissions, and "
                f"{source} is a gradebook, already graded. Fix: drop {' '.join(given)}, or give "
                "the submissions folder instead.")
    return options_problem(args)


def grader():
    """The grading module's ``grade_folder`` and its error type; a clear error when this copy
    of the course has no (working) grading module."""
    try:
        from crm_lessons import grading
        from crm_lessons.grading import grade_folder
    except ImportError as exc:
        name = getattr(exc, "name", None) or ""
        if name and not name.startswith("crm_lessons.grading") and name != "crm_lessons":
            raise                      # a library the grader needs: not ours to hide
        raise ReportInputError(
            "this copy of the course has no grading module (crm_lessons.grading), so a "
            "folder of submissions cannot be graded here. Fix: give the gradebook.csv that "
            "`crm-lessons grade` wrote, or update the course.") from None
    return grade_folder, getattr(grading, "GradingError", CRMDataError)


def graded_submissions(submissions: Path, into: Path, options: dict | None = None
                       ) -> ClassResults:
    """Grade the folder `submissions` into the folder `into` (with `options`, the grader's
    keyword arguments), and read the result back."""
    grade_folder, grading_error = grader()
    gradebook = into / "gradebook.csv"
    try:
        grade_folder(submissions, gradebook, **(options or {}))
    except grading_error as exc:
        raise ReportInputError(f"grading {submissions} stopped: {exc}") from None
    results = read_gradebook(gradebook)
    results.source = submissions           # what the page says it was made from
    return results


def count(n: int, noun: str) -> str:
    """'1 student', '3 students'."""
    return f"{n} {noun}{'' if n == 1 else 's'}"


def run_class_report(args) -> Path:
    """Read (or grade), then write the page; return its path. Raises the clear errors."""
    source, out = Path(args.source).expanduser(), Path(args.out).expanduser()
    check_target(out, force=args.force)          # before any work
    with tempfile.TemporaryDirectory(prefix="crm-class-report-") as tmp:
        results = (graded_submissions(source, Path(tmp), run_options(args)) if source.is_dir()
                   else read_gradebook(source))
    progress = None
    if args.progress is not None:
        progress = read_progress_exports(args.progress, list(results.gradebook["student"]),
                                         results.lessons)
    written = write_report(results, out, force=args.force, progress=progress)
    print(f"Wrote {written}: {count(len(results.gradebook), 'student')}, "
          f"{count(len(results.lessons), 'lesson')}"
          + (f", {count(len(progress[0]), 'progress export')}" if progress else "") + ".")
    return written


def cli_class_report(args) -> int:
    """The command: 0 when the page is written; 2 for bad arguments, 1 for a file that cannot
    be read or written, each with one message on stderr and nothing replaced."""
    problem = argument_problem(args)
    if problem:
        print(f"class-report: {problem}", file=sys.stderr)
        return 2
    try:
        run_class_report(args)
    except (CRMDataError, WriteError) as exc:
        print(f"class-report: {exc} Nothing was written.", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"class-report: {exc.filename or ''} could not be read "
              f"({exc.strerror or exc}). Fix: check the path and its permissions; nothing was "
              "written.", file=sys.stderr)
        return 1
    return 0
