"""``crm-lessons grade SUBMISSIONS --out gradebook.csv``: the command around ``grade_folder``."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from crm_lessons.grading.discover import RosterError
from crm_lessons.grading.grade import NO_NETWORK_NOTE, GradingError, grade_folder
from crm_lessons.grading.outputs import FORMATS
from crm_lessons.grading.sandbox import MemoryArgumentError
from crm_lessons.writing import WriteError


def add_grade_arguments(p) -> None:
    p.add_argument("submissions", help="folder of handed-in notebooks (a subfolder per student, "
                                       "or files named after the student)")
    p.add_argument("--out", required=True, metavar="GRADEBOOK.csv",
                   help="the gradebook to write (details, skipped files and reflections beside it)")
    p.add_argument("--roster", default=None, metavar="ROSTER.csv",
                   help="CSV with columns file (or pattern) and student; optional name, email, "
                        "sis_id, lms_id, section")
    p.add_argument("--format", dest="fmt", choices=FORMATS, default="native",
                   help="layout of GRADEBOOK.csv: native (default), canvas or moodle")
    p.add_argument("--course", default=None, help="course id of the students' data variants "
                                                  "(default: CRM_LESSONS_COURSE or crm-lessons)")
    p.add_argument("--timeout", type=float, default=300, metavar="SECONDS",
                   help="time limit per notebook (default 300)")
    p.add_argument("--memory", default="2G", help="memory limit per notebook, e.g. 2G, or none")
    p.add_argument("--jobs", type=int, default=None, help="notebooks run at once (default: cores)")
    p.add_argument("--force", action="store_true", help="replace an existing gradebook")


def cli_grade(args) -> int:
    if args.jobs is not None and args.jobs < 1:
        print("grade: --jobs should be 1 or more. Fix: e.g. --jobs 2.", file=sys.stderr)
        return 2
    if args.roster is not None and not Path(args.roster).is_file():
        print(f"grade: the roster {args.roster} is not a file. Fix: give a CSV with the columns "
              "file (or pattern) and student.", file=sys.stderr)
        return 2
    start = time.monotonic()
    try:
        book = grade_folder(args.submissions, args.out, roster=args.roster, course=args.course,
                            timeout=args.timeout, memory=args.memory, jobs=args.jobs,
                            fmt=args.fmt, force=args.force)
    except (GradingError, MemoryArgumentError, RosterError, WriteError) as exc:
        print(f"grade: {exc}", file=sys.stderr)
        return 2
    seconds = time.monotonic() - start
    print(f"Graded {len(book.rows)} student(s) in {seconds:.0f} s; skipped "
          f"{len(book.skipped)} file(s). Wrote {book.paths['gradebook']} and "
          f"{', '.join(p.name for k, p in book.paths.items() if k != 'gradebook')}.")
    if NO_NETWORK_NOTE in book.notes:
        print("Note: the notebooks ran WITH network access: `unshare -n` is not available "
              "here. Grade in a container without network for isolation.", file=sys.stderr)
    return 0
