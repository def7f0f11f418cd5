"""How long does a student wait for `ex.NAME.check(answer)`?

Goal (issue 4): a check answers in under 100 ms on the shipped data.

Run:  .venv/bin/python benchmarks/bench_checks.py [--repeat 25] [--tiny]

For every exercise of every lesson (`all_exercises()`), the reference answer is computed once
(the first `expected()` of a seed is reported separately: it is paid once per kernel), then
`check()` is timed `--repeat` times on the right answer and on a wrong one (a table with a
scaled column, a number off by 5%, another option, a list missing an item). Each timing
includes recording the result in a progress file (a temporary one, so yours is untouched)
that holds `--history` earlier checks (default 300, a busy student's term) before each
exercise. Prints the median per exercise, the overall median and the slowest median, their
ratio to the 100 ms budget, and the cost of one progress write alone.
`--tiny` adds the test fixture exercises on their tiny store.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUDGET_MS = 100.0


def wrong_answer(ex, ref):
    import pandas as pd

    from crm_lessons.exercises.by_kind import (
        ChoiceExercise,
        NumberExercise,
        SetExercise,
        TableExercise,
    )

    if isinstance(ex, NumberExercise):
        return ref * 1.05 if ref else 1.0
    if isinstance(ex, TableExercise):
        if isinstance(ref, pd.Series):
            return ref * 1.1 if pd.api.types.is_numeric_dtype(ref) else ref.iloc[1:]
        out = ref.copy()
        nums = [c for c in ref.columns if pd.api.types.is_float_dtype(ref[c])]
        if nums:
            out[nums[0]] = ref[nums[0]] * 1.1
            return out
        return ref.iloc[1:]
    if isinstance(ex, ChoiceExercise):
        return next(k for k in ex.rule.options if k != ref)
    if isinstance(ex, SetExercise):
        return list(ref)[1:]
    return "a short answer"


def median_ms(ex, answer, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        ex.check(answer)
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description="latency of the exercise checks")
    ap.add_argument("--repeat", type=int, default=25)
    ap.add_argument("--tiny", action="store_true", help="also time the tiny test exercises")
    ap.add_argument("--history", type=int, default=300,
                    help="earlier checks in the progress file (default 300)")
    args = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="bench-checks-")
    progress_file = Path(tmp) / "progress.json"
    os.environ["CRM_LESSONS_PROGRESS"] = str(progress_file)
    os.environ.pop("CRM_LESSONS_STRICT", None)

    from crm_lessons.exercises import records as records_module

    history = {"version": 1, "records": [
        {"lesson": "00", "exercise": f"earlier_{i % 40}", "kind": "number", "graded": True,
         "correct": i % 3 == 0, "done": i % 3 == 0, "timestamp": "2026-01-01T00:00:00.000Z",
         "attempts": i // 40 + 1} for i in range(args.history)]}

    def reset_history() -> None:
        progress_file.write_text(records_module.dumps(history), encoding="utf-8")

    reset_history()
    writes = []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        records_module.record("00", "bench", correct=True, done=True)
        writes.append((time.perf_counter() - t0) * 1000)

    from crm_lessons.exercises import all_exercises, exercises_of, use_store

    jobs = [(e, None) for e in all_exercises()]
    if args.tiny:
        sys.path.insert(0, str(ROOT / "tests" / "fixtures"))
        import tiny_exercises

        store = tiny_exercises.make_store(0)
        jobs += [(e, store) for e in exercises_of(tiny_exercises)]

    print(f"check() latency, median of {args.repeat} runs, progress recorded to a temp file")
    print(f"{'exercise':34s} {'kind':10s} {'first expected ms':>18s} {'right ms':>9s} "
          f"{'wrong ms':>9s}")
    medians = []
    for ex, store in jobs:
        ctx = use_store(store) if store is not None else None
        try:
            t0 = time.perf_counter()
            try:
                ref = ex.expected()
            except Exception as exc:
                print(f"{ex.id:34s} {ex.kind:10s} reference cannot be computed: {exc}")
                continue
            first = (time.perf_counter() - t0) * 1000
            reset_history()
            if not ex.graded:
                right = wrong = "I think customers come back when they feel known."
            else:
                right, wrong = ref, wrong_answer(ex, ref)
            m_right = median_ms(ex, right, args.repeat)
            m_wrong = median_ms(ex, wrong, args.repeat)
        finally:
            if ctx is not None:
                ctx.__exit__()
        medians += [m_right, m_wrong]
        print(f"{ex.id:34s} {ex.kind:10s} {first:18.1f} {m_right:9.2f} {m_wrong:9.2f}")
    if not medians:
        print("No exercise could be timed.")
        return
    overall, slowest = statistics.median(medians), max(medians)
    print(f"\none progress write with {args.history} earlier checks: median "
          f"{statistics.median(writes):.2f} ms (included in every figure above)")
    print(f"median check {overall:.2f} ms ({overall / BUDGET_MS:.2f} of the {BUDGET_MS:.0f} ms "
          f"budget); slowest exercise median {slowest:.2f} ms ({slowest / BUDGET_MS:.2f})")
    print("Command: .venv/bin/python benchmarks/bench_checks.py"
          f" --repeat {args.repeat} --history {args.history}{' --tiny' if args.tiny else ''}")


if __name__ == "__main__":
    main()
