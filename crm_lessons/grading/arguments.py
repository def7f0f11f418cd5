"""The grader's command-line options, shared by ``crm-lessons grade`` and by
``crm-lessons class-report SUBMISSIONS`` (which grades the folder first).

Light on purpose: building the command-line parser imports this module only, not the grader.
Defaults are None here; ``grade_folder`` fills in its own (300 s, 2G, one notebook per core),
so ``class-report GRADEBOOK.csv`` can tell a grading option that was given from one that was not.
"""

from __future__ import annotations

import argparse
from pathlib import Path

FORMATS = ("native", "canvas", "moodle")
RUN_OPTIONS = ("roster", "course", "timeout", "memory", "jobs")

__all__ = ["FORMATS", "RUN_OPTIONS", "GradingError", "add_run_options", "add_grade_arguments",
           "run_options", "options_problem", "options_given"]


class GradingError(ValueError):
    """Grading could not start (a bad option, roster or target); the message names the problem
    and the fix. The roster's and --memory's own errors are kinds of it."""


def add_run_options(p: argparse.ArgumentParser) -> None:
    """How each notebook is run: --roster, --course, --timeout, --memory, --jobs."""
    p.add_argument("--roster", default=None, metavar="ROSTER.csv",
                   help="CSV with columns file (or pattern) and student; optional name, email, "
                        "sis_id, lms_id, section")
    p.add_argument("--course", default=None, help="course id of the students' data variants "
                                                  "(default: CRM_LESSONS_COURSE or crm-lessons)")
    p.add_argument("--timeout", type=float, default=None, metavar="SECONDS",
                   help="time limit per notebook (default 300)")
    p.add_argument("--memory", default=None, help="memory limit per notebook, e.g. 2G, or none "
                                                  "(default 2G)")
    p.add_argument("--jobs", type=int, default=None, help="notebooks run at once (default: cores)")


def add_grade_arguments(p: argparse.ArgumentParser) -> None:
    """``grade SUBMISSIONS --out GRADEBOOK.csv`` with the run options, --format and --force."""
    p.add_argument("submissions", help="folder of handed-in notebooks (a subfolder per student, "
                                       "or files named after the student)")
    p.add_argument("--out", required=True, metavar="GRADEBOOK.csv",
                   help="the gradebook to write (details, skipped files and reflections beside it)")
    add_run_options(p)
    p.add_argument("--format", dest="fmt", choices=FORMATS, default="native",
                   help="layout of GRADEBOOK.csv: native (default), canvas or moodle")
    p.add_argument("--force", action="store_true", help="replace an existing gradebook")


def run_options(args: argparse.Namespace) -> dict:
    """The run options that were given, as keyword arguments of ``grade_folder``."""
    return {name: getattr(args, name) for name in RUN_OPTIONS
            if getattr(args, name, None) is not None}


def options_given(args: argparse.Namespace) -> list[str]:
    """The run options given on the command line, spelt as the user typed them."""
    return [f"--{name}" for name in RUN_OPTIONS if getattr(args, name, None) is not None]


def options_problem(args: argparse.Namespace) -> str | None:
    """What is wrong with the run options before anything runs, or None."""
    jobs = getattr(args, "jobs", None)                # --timeout and --memory: grade_folder
    if jobs is not None and jobs < 1:
        return "--jobs should be 1 or more. Fix: e.g. --jobs 2."
    roster = getattr(args, "roster", None)
    if roster is not None and not Path(roster).expanduser().is_file():
        return (f"the roster {roster} is not a file. Fix: give a CSV with the columns "
                "file (or pattern) and student.")
    return None
