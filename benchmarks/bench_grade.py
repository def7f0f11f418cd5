"""How long does grading a class take?

Goal (issue 21): a class of 30 students for one lesson graded in under 5 minutes on a 2-core
machine.

Run:  .venv/bin/python benchmarks/bench_grade.py [--students 30] [--lesson 00] [--repeat 3]
      [--jobs N]

Builds a class of `--students` students, each handing in the answer key of their own data
variant for `--lesson` (one subfolder per student), then times, `--repeat` times each:

- `crm-lessons grade SUBMISSIONS --out gradebook.csv --jobs N` (fresh kernel per notebook,
  each on its student's data, in the sandbox), and
- what an instructor would otherwise run: `jupyter nbconvert --to notebook --execute` on each
  notebook, one after another (with CRM_LESSONS_STUDENT set to the student, so it is the same
  work; no gradebook comes out of it).

Prints the median of each, their ratio and the goal.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOAL_SECONDS = 300


def build_class(folder: Path, students: int, lesson: str) -> list[tuple[str, Path]]:
    import nbformat

    from crm_lessons.exercises.answer_key import answer_key_notebook, lesson_notebooks
    from crm_lessons.identity import student_seed

    path = next(p for p in lesson_notebooks() if p.name.startswith(f"{lesson}_"))
    made = []
    for i in range(students):
        student = f"student{i:02d}"
        (folder / student).mkdir(parents=True)
        target = folder / student / path.name
        nbformat.write(answer_key_notebook(path, seed=student_seed(student)), target)
        made.append((student, target))
    return made


def time_grade(subs: Path, out: Path, jobs: int) -> float:
    cmd = [sys.executable, "-m", "crm_lessons.cli", "grade", str(subs), "--out", str(out),
           "--jobs", str(jobs), "--force"]
    start = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    return time.perf_counter() - start


def time_nbconvert(made: list[tuple[str, Path]], out: Path) -> float:
    jupyter = Path(sys.executable).with_name("jupyter")
    start = time.perf_counter()
    for student, path in made:
        env = {**os.environ, "CRM_LESSONS_STUDENT": student, "PYTHONPATH": str(ROOT),
               "CRM_LESSONS_PROGRESS": str(out / f"{student}.json")}
        subprocess.run([str(jupyter), "nbconvert", "--to", "notebook", "--execute",
                        "--output-dir", str(out), "--output", student, str(path)],
                       check=True, capture_output=True, env=env)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=30)
    parser.add_argument("--lesson", default="00")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        made = build_class(tmp / "subs", args.students, args.lesson)
        grade, plain = [], []
        for _ in range(args.repeat):
            grade.append(time_grade(tmp / "subs", tmp / "out" / "gradebook.csv", args.jobs))
            plain.append(time_nbconvert(made, tmp / "plain"))
    g, p = statistics.median(grade), statistics.median(plain)
    print(f"command: {' '.join([Path(sys.executable).name, *sys.argv])}")
    print(f"class: {args.students} students, lesson {args.lesson}, {os.cpu_count()} cores, "
          f"--jobs {args.jobs}, {args.repeat} run(s) each")
    print(f"crm-lessons grade:                median {g:6.1f} s  (runs: "
          f"{', '.join(f'{x:.1f}' for x in grade)})")
    print(f"nbconvert --execute, one by one:  median {p:6.1f} s  (runs: "
          f"{', '.join(f'{x:.1f}' for x in plain)})")
    print(f"grade / nbconvert: {g / p:.2f}; goal: under {GOAL_SECONDS} s -> "
          f"{'met' if g < GOAL_SECONDS else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
