"""The `crm-lessons` command for students and instructors.

Subcommands:
  doctor                     check the install and the data, and say what to fix
  make-data [--seed N] [--customers N] OUTDIR
                             write a store data set (the default seed gives the shipped files)
  progress [--export FILE [--force]]
                             show your exercise progress, or write it to a CSV to hand in
  workspace [DIR] [--no-lab] [--source DIR]
                             bring your own copy of the lessons (my-work/) up to date, open it
  clv TRANSACTIONS --customer-col C --date-col D --amount-col A --out scores.csv
                             lifetime value of a company's own customers, from a file of any size
  answer-key [--force] OUTDIR
                             write every lesson with its blanks replaced by the solutions
  site [--with-solutions] [--student ID] [--force] OUTDIR
                             the course as HTML pages that open in any browser, offline
  grade SUBMISSIONS --out GRADEBOOK.csv [--roster R.csv] [--format native|canvas|moodle]
        [--timeout S] [--memory 2G] [--jobs N] [--force]
                             run every handed-in notebook again on its student's data, and
                             write the gradebook (details, skipped files, reflections beside it)
  class-report GRADEBOOK_OR_SUBMISSIONS --out report.html [--progress FOLDER] [--force]
                             one offline page on a graded class: completion, scores, common
                             mistakes, reflections, flags (and self-reported help, from exports)
"""

from __future__ import annotations

import argparse
import os
import sys


def _cmd_doctor(args: argparse.Namespace) -> int:
    from crm_lessons.doctor import run_doctor

    return run_doctor(out=sys.stdout)


def _cmd_make_data(args: argparse.Namespace) -> int:
    from crm_lessons.make_data import cli_make_data

    return cli_make_data(args)


def _cmd_progress(args: argparse.Namespace) -> int:
    from crm_lessons.exercises.progress import cli_progress

    return cli_progress(args)


def _cmd_answer_key(args: argparse.Namespace) -> int:
    from crm_lessons.exercises.answer_key import cli_answer_key

    return cli_answer_key(args)


def _cmd_workspace(args: argparse.Namespace) -> int:
    from crm_lessons.workspace import cli_workspace

    return cli_workspace(args)


def _cmd_clv(args: argparse.Namespace) -> int:
    from crm_lessons.clv_command import cli_clv

    return cli_clv(args)


def _cmd_site(args: argparse.Namespace) -> int:
    from crm_lessons.site import cli_site

    return cli_site(args)


def _cmd_grade(args: argparse.Namespace) -> int:
    from crm_lessons.grading.command import cli_grade

    return cli_grade(args)


def _cmd_class_report(args: argparse.Namespace) -> int:
    from crm_lessons.class_report import cli_class_report

    return cli_class_report(args)


def _add_instructor_commands(sub) -> None:
    """grade and class-report: each one's arguments come from a light module of its own, and
    its work is imported only when it runs."""
    from crm_lessons.class_report.command import add_arguments as add_report_arguments
    from crm_lessons.grading.arguments import add_grade_arguments

    for name, helptext, add_arguments, func in (
            ("grade", "grade handed-in notebooks by running them again", add_grade_arguments,
             _cmd_grade),
            ("class-report", "one offline HTML page on a graded class", add_report_arguments,
             _cmd_class_report)):
        p = sub.add_parser(name, help=helptext)
        add_arguments(p)
        p.set_defaults(func=func)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="crm-lessons",
        description="Tools for the CRM Lessons course (students and instructors).",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    _add_student_commands(sub)

    p = sub.add_parser("clv", help="lifetime value of your own customers from a transaction file")
    from crm_lessons.clv_command import add_clv_arguments

    add_clv_arguments(p)
    p.set_defaults(func=_cmd_clv)

    p = sub.add_parser("answer-key", help="write the lessons with solutions filled in")
    p.add_argument("outdir", help="folder to write the answer-key notebooks into")
    p.add_argument("--force", action="store_true", help="write even if OUTDIR holds notebooks")
    p.add_argument("--seed", type=int, default=None, help="data seed the answer key should use")
    p.add_argument("--student", default=None, metavar="ID",
                   help="the answers for this student's own data variant")
    p.set_defaults(func=_cmd_answer_key)

    p = sub.add_parser("site", help="write the course as a static site (HTML, works offline)")
    p.add_argument("outdir", help="folder to write the pages into, e.g. site")
    p.add_argument("--with-solutions", action="store_true",
                   help="add each exercise's solution in a folded section (instructor's version)")
    p.add_argument("--student", default=None, metavar="ID",
                   help="run the lessons on this student's own data variant")
    p.add_argument("--seed", type=int, default=None, help="run the lessons on data variant N")
    p.add_argument("--force", action="store_true", help="replace the site already in OUTDIR")
    p.set_defaults(func=_cmd_site)

    _add_instructor_commands(sub)
    return parser


def _add_student_commands(sub) -> None:
    """doctor, make-data, progress and workspace: the commands a student uses."""
    p = sub.add_parser("doctor", help="check the install and the data, and say what to fix")
    p.set_defaults(func=_cmd_doctor)

    p = sub.add_parser("make-data", help="write a store data set to OUTDIR")
    p.add_argument("outdir", help="folder to write the CSV files and store.sqlite into")
    p.add_argument("--seed", type=int, default=None, help="random seed (default: the shipped data's)")
    p.add_argument("--student", default=None, metavar="ID",
                   help="the data variant of this student (see crm_lessons.identity)")
    p.add_argument("--customers", type=int, default=None, help="number of customers (default 5000)")
    p.add_argument("--force", action="store_true", help="overwrite existing data files in OUTDIR")
    p.set_defaults(func=_cmd_make_data)

    p = sub.add_parser("progress", help="show exercise progress, or export it as CSV")
    p.add_argument("--export", metavar="FILE.csv", default=None, help="write a report to hand in")
    p.add_argument("--force", action="store_true", help="replace FILE.csv if it already exists")
    p.set_defaults(func=_cmd_progress)

    p = sub.add_parser("workspace", help="open your own copy of the lessons (made on first use)")
    p.add_argument("folder", nargs="?", default=None, metavar="DIR",
                   help="your working folder (default: my-work/ beside notebooks/)")
    p.add_argument("--no-lab", action="store_true",
                   help="only bring the folder up to date; do not start JupyterLab")
    p.add_argument("--source", default=None, metavar="DIR",
                   help="the course's lessons to copy from (default: the course's notebooks/; "
                        "on a shared server, for example /srv/crm-lessons/notebooks)")
    p.set_defaults(func=_cmd_workspace)


def student_to_seed(args: argparse.Namespace) -> str | None:
    """Turn ``--student ID`` into the student's seed (``args.seed``); an error text or None."""
    student = getattr(args, "student", None)
    if student is None:
        return None
    if args.seed is not None:
        return ("give --seed or --student, not both. Fix: --student alice alone gives alice's "
                "data; --seed N alone gives variant N.")
    from crm_lessons.errors import CRMDataError
    from crm_lessons.identity import course_id, student_seed

    try:
        args.seed = student_seed(student, course_id())
    except CRMDataError as exc:
        return str(exc).replace("CRM_LESSONS_STUDENT", "--student")
    return None


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 0
    problem = student_to_seed(args)
    if problem:
        print(f"{args.command}: {problem}", file=sys.stderr)
        return 2
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        print("crm-lessons: interrupted; nothing half-written was left behind.", file=sys.stderr)
        return 130
    except Exception as exc:  # never a traceback: one paragraph naming the problem
        if os.environ.get("CRM_LESSONS_DEBUG"):
            raise
        print(f"crm-lessons {args.command}: {type(exc).__name__}: {exc}. Nothing was "
              "replaced. This is a problem in the course's package: please report it to your "
              "instructor (run with CRM_LESSONS_DEBUG=1 to see the details).", file=sys.stderr)
        return 3


if __name__ == "__main__":
    sys.exit(main())
