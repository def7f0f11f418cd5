"""Speed and memory of the store's generator and loader.

Goals (data issue): generate the default store (5,000 customers) in under 2 s; generate
1,000,000 customers in under 60 s with under 4 GiB peak memory; load the shipped store in
under 0.5 s.

Run:  .venv/bin/python benchmarks/bench_data.py [--repeat 5] [--big 1000000] [--big-repeat 3]

- generate: `generate_store(seed)` in memory (no files), median of --repeat runs after one
  warm-up run;
- load: `load_store()` of the shipped CSV files with the cache cleared before each run,
  median of --repeat runs after one warm-up run (the files are then in the OS cache, as in
  a lesson);
- big: `generate_store(seed, customers=--big)`, each run in a fresh interpreter that reports
  its own wall time, CPU time and peak resident memory (`resource.getrusage(RUSAGE_SELF)`);
  median of --big-repeat runs. `--big 0` skips it.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

CHILD = """
import json, resource, sys, time
t0 = time.perf_counter()
from crm_lessons.data import generate_store
tables = generate_store(int(sys.argv[1]), customers=int(sys.argv[2]))
elapsed = time.perf_counter() - t0
usage = resource.getrusage(resource.RUSAGE_SELF)
rss_kib = usage.ru_maxrss
cpu = usage.ru_utime + usage.ru_stime
if sys.platform == "darwin":
    rss_kib /= 1024
print(json.dumps({"seconds": elapsed, "cpu_seconds": cpu, "peak_gib": rss_kib / 1024**2,
                  "orders": len(tables["orders"]), "order_lines": len(tables["order_lines"])}))
"""


def _median_time(fn, repeat: int) -> tuple[float, list[float]]:
    fn()                                            # warm-up
    runs = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t0)
    return statistics.median(runs), runs


def main() -> None:
    ap = argparse.ArgumentParser(description="speed and memory of the store generator and loader")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--big", type=int, default=1_000_000, help="customers of the big run (0 = skip)")
    ap.add_argument("--big-repeat", type=int, default=3)
    ap.add_argument("--seed", type=int, default=None)
    args = ap.parse_args()

    from crm_lessons import data
    from crm_lessons.data.store import cached_store

    seed = data.DEFAULT_SEED if args.seed is None else args.seed
    print(f"command: {sys.executable} benchmarks/bench_data.py --repeat {args.repeat} "
          f"--big {args.big} --big-repeat {args.big_repeat}")
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at start\n")

    gen, gen_runs = _median_time(lambda: data.generate_store(seed), args.repeat)
    print(f"generate default store ({data.DEFAULT_CUSTOMERS:,} customers): median {gen:.3f} s "
          f"(runs {', '.join(f'{r:.3f}' for r in gen_runs)}); goal < 2 s -> "
          f"{gen / 2:.0%} of budget")

    def load():
        cached_store.cache_clear()
        data.load_store()

    ld, ld_runs = _median_time(load, args.repeat)
    print(f"load shipped store:                   median {ld:.3f} s "
          f"(runs {', '.join(f'{r:.3f}' for r in ld_runs)}); goal < 0.5 s -> "
          f"{ld / 0.5:.0%} of budget")
    cached_store.cache_clear()

    if args.big > 0:
        results = []
        for _ in range(args.big_repeat):
            out = subprocess.run([sys.executable, "-c", CHILD, str(seed), str(args.big)],
                                 capture_output=True, text=True, check=True)
            results.append(json.loads(out.stdout.strip().splitlines()[-1]))
        secs = statistics.median(r["seconds"] for r in results)
        cpu = statistics.median(r["cpu_seconds"] for r in results)
        peak = statistics.median(r["peak_gib"] for r in results)
        print(f"generate {args.big:,} customers:          median {secs:.1f} s, peak memory "
              f"{peak:.2f} GiB (runs: "
              + "; ".join(f"{r['seconds']:.1f} s / {r['peak_gib']:.2f} GiB" for r in results)
              + f"); {results[0]['orders']:,} orders, {results[0]['order_lines']:,} order lines; "
              f"goal < 60 s and < 4 GiB -> {secs / 60:.0%} and {peak / 4:.0%} of budget")
        print(f"  CPU time (user + system) median {cpu:.1f} s: on a busy shared machine the wall "
              f"time is longer than the CPU time the generator needs")
        print(f"scaling: {secs / gen:.0f} x the default store's time for "
              f"{args.big / data.DEFAULT_CUSTOMERS:.0f} x the customers")


if __name__ == "__main__":
    main()
