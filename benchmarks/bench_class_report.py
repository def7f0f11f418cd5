"""How long does `crm-lessons class-report` take on a whole class, and how large is the page?

Run:  .venv/bin/python benchmarks/bench_class_report.py [--students 30] [--repeat 3]

A made-up grading run (seeded) of N students over every exercise of every lesson of the
course, in the gradebook file formats (gradebook.csv, .details.csv, .skipped.csv,
.reflections/), with a progress export per student, is written to a temporary folder; the
command is run on it `--repeat` times in this process. Prints the median time and the size of
the page.
"""

from __future__ import annotations

import argparse
import csv
import random
import statistics
import tempfile
import time
from pathlib import Path

from crm_lessons.cli import main
from crm_lessons.exercises.catalogue import all_exercises
from crm_lessons.exercises.progress import REPORT_COLUMNS

CATEGORIES = ["percent-fraction", "rounding", "too-high", "too-low", "wrong-rows",
              "missing-items", "named-slip", "other"]


def _write(path: Path, rows: list[dict], columns: list[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)


def _student(rng: random.Random, who: str, exercises, folder: Path):
    """One student's details rows, reflections and progress export; returns the gradebook
    row, the details rows and the reflections (exercise id -> answer)."""
    skill = rng.random()
    details, answers, export, points = [], {}, [], {}
    for ex in exercises:
        roll = rng.random()
        status = ("blank" if roll > 0.3 + 0.65 * skill else
                  "done" if not ex.graded else "correct" if roll < 0.8 * skill else "incorrect")
        category = rng.choice(CATEGORIES) if status == "incorrect" else ""
        details.append({"student": who, "file": f"{who}/{ex.lesson}.ipynb", "lesson": ex.lesson,
                        "exercise": ex.id, "status": status,
                        "correct": "" if not ex.graded else str(status == "correct"),
                        "category": category, "message": f"feedback {category or status}"})
        points[ex.lesson] = points.get(ex.lesson, 0) + (status == "correct")
        if status == "done":
            answers[ex.id] = f"{who} would act on the {rng.choice(['first', 'largest'])} group."
        export.append({"lesson": ex.lesson, "exercise": ex.name, "status": status,
                       "student": who, "hints_seen": rng.randint(0, 2),
                       "solution_seen": rng.random() < 0.1, "help": ""})
    _write(folder / "exports" / f"{who}.csv", export, REPORT_COLUMNS)
    row = {"student": who, **{f"lesson_{n}": p for n, p in points.items()},
           "total": sum(points.values()),
           "possible": sum(e.graded for e in exercises), "course_version": "bench",
           "flags": "", "status": "ok"}
    return row, details, answers


def make_class(folder: Path, students: int, seed: int = 1) -> Path:
    rng = random.Random(seed)
    exercises = all_exercises()
    rows, details, reflections = [], [], {}
    for i in range(students):
        row, mine, answers = _student(rng, f"student{i:03d}", exercises, folder)
        rows.append(row)
        details += mine
        for ex_id, text in answers.items():
            reflections.setdefault(ex_id, []).append({"student": row["student"],
                                                      "answer": text})
    _write(folder / "gradebook.csv", rows, list(rows[0]))
    _write(folder / "gradebook.details.csv", details, list(details[0]))
    _write(folder / "gradebook.skipped.csv", [{"file": "x.txt", "reason": "not a notebook"}],
           ["file", "reason"])
    for ex_id, answers in reflections.items():
        _write(folder / "gradebook.reflections" / f"{ex_id}.csv", answers,
               ["student", "answer"])
    return folder / "gradebook.csv"


def main_bench() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=30)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        gradebook = make_class(folder, args.students)
        out = folder / "report.html"
        times = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            code = main(["class-report", str(gradebook), "--out", str(out), "--force",
                         "--progress", str(folder / "exports")])
            times.append(time.perf_counter() - started)
            assert code == 0
        lessons = len({e.lesson for e in all_exercises()})
        print(f"{args.students} students, {lessons} lessons, {len(all_exercises())} exercises: "
              f"class-report median {statistics.median(times):.2f} s over {args.repeat} runs "
              f"(first {times[0]:.2f} s); page {out.stat().st_size / 1024:.0f} KiB")


if __name__ == "__main__":
    main_bench()
