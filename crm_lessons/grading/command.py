"""``crm-lessons grade SUBMISSIONS --out gradebook.csv``: the command around ``grade_folder``."""

from __future__ import annotations

import sys
import time

from crm_lessons.grading.arguments import options_problem, run_options
from crm_lessons.grading.grade import NO_NETWORK_NOTE, GradingError, grade_folder
from crm_lessons.writing import WriteError

__all__ = ["cli_grade"]


def cli_grade(args) -> int:
    problem = options_problem(args)
    if problem:
        print(f"grade: {problem}", file=sys.stderr)
        return 2
    start = time.monotonic()
    try:
        book = grade_folder(args.submissions, args.out, fmt=args.fmt, force=args.force,
                            **run_options(args))
    except (GradingError, WriteError) as exc:     # the roster's and --memory's errors too
        print(f"grade: {exc}", file=sys.stderr)
        return 2
    seconds = time.monotonic() - start
    print(f"Graded {len(book.rows)} student(s) in {seconds:.0f} s; skipped "
          f"{len(book.skipped)} file(s). Wrote {book.paths['gradebook']} and "
          f"{', '.join(p.name for k, p in book.paths.items() if k != 'gradebook')}.")
    for note in book.notes:
        if note != NO_NETWORK_NOTE:
            print(f"Note: {note}.", file=sys.stderr)
    if NO_NETWORK_NOTE in book.notes:
        print("Note: the notebooks ran WITH network access: `unshare -n` is not available "
              "here. Grade in a container without network for isolation.", file=sys.stderr)
    return 0
