"""How much does importing the course's modules cost on top of `import pandas`?

Goal (course foundation): `import crm_lessons` at most 0.2 s more than `import pandas` alone.

Run:  .venv/bin/python benchmarks/import_time.py [--repeat 7]

Each measurement is a fresh interpreter run with `python -X importtime -c "import X"`; the
figure is the sum of the cumulative times of the top-level imports Python reports (so it
includes pandas where the module imports it). Prints medians over the repeats and the extra
cost over pandas alone.
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys

MODULES = ["crm_lessons", "crm_lessons.data", "crm_lessons.identify", "crm_lessons.clv",
           "crm_lessons.exercises"]
LINE = re.compile(r"import time:\s+\d+ \|\s+(\d+) \|( *)(\S+)\s*$")


def import_seconds(module: str) -> float:
    proc = subprocess.run([sys.executable, "-X", "importtime", "-c", f"import {module}"],
                          capture_output=True, text=True, check=True)
    total_us = 0
    for line in proc.stderr.splitlines():
        m = LINE.match(line)
        if m and len(m.group(2)) == 1:  # top level: one space between '|' and the name
            total_us += int(m.group(1))
    return total_us / 1e6


def main() -> None:
    ap = argparse.ArgumentParser(description="import cost of the course's modules")
    ap.add_argument("--repeat", type=int, default=7)
    args = ap.parse_args()
    base = statistics.median(import_seconds("pandas") for _ in range(args.repeat))
    print(f"python -X importtime, median of {args.repeat} fresh interpreters")
    print(f"{'import':24s} {'median s':>9s} {'extra over pandas s':>20s}")
    print(f"{'pandas':24s} {base:9.3f} {0.0:20.3f}")
    for module in MODULES:
        try:
            med = statistics.median(import_seconds(module) for _ in range(args.repeat))
        except subprocess.CalledProcessError as exc:
            print(f"{module:24s} cannot be imported yet: {exc.stderr.strip().splitlines()[-1]}")
            continue
        print(f"{module:24s} {med:9.3f} {med - base:20.3f}")
    print("\nGoal: `import crm_lessons` at most 0.200 s more than `import pandas`.")


if __name__ == "__main__":
    main()
