"""`crm-lessons clv` on a large simulated customer base, against the same pipeline written with
the package's pandas functions and with `lifetimes` (0.11.3, in its own venv), in one run.

    .venv/bin/python benchmarks/bench_clv_command.py --customers 1000000 --repeat 3
    .venv/bin/python benchmarks/bench_clv_command.py --customers 10000000 --format parquet \
        --repeat 1 --skip-pandas                                   # by hand: about 100M rows

The transactions are simulated from known BG/NBD and Gamma-Gamma parameters (TRUE below): each
customer makes a first purchase in the first 12 weeks, then buys at a Poisson rate drawn from a
gamma distribution and, after each repeat purchase, leaves with a probability drawn from a beta
distribution; each amount is gamma-distributed around the customer's own mean. The times are
continuous; each purchase is written on its day, on distinct days for one customer (see
on_distinct_days), and the run prints each estimate's 95% interval against the true value. The file is
written once (not timed) to --dir. Each pipeline runs in a fresh Python process; the figures
are the median wall time of --repeat runs and the process's peak resident memory (maxrss).
`lifetimes` runs when benchmarks/.venv-bench exists (make bench-clv builds it).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
BENCH_PY = ROOT / "benchmarks" / ".venv-bench" / "bin" / "python"
TRUE = {"r": 0.75, "alpha": 2.5, "a": 0.6, "b": 4.0, "p": 6.0, "q": 4.0, "gamma": 15.0}
# about 10 transactions per customer over the 78 weeks, as in a typical retail base
START = pd.Timestamp("2024-01-01")
WEEKS = 78  # observation period


def simulate(customers: int, seed: int = 1) -> pd.DataFrame:
    """Transactions of `customers` customers drawn from the TRUE parameters (weeks)."""
    rng = np.random.default_rng(seed)
    lam = rng.gamma(TRUE["r"], 1 / TRUE["alpha"], customers)
    drop = rng.beta(TRUE["a"], TRUE["b"], customers)
    nu = rng.gamma(TRUE["q"], 1 / TRUE["gamma"], customers)
    t = rng.uniform(0, 12, customers)
    ids, times = [np.arange(customers)], [t.copy()]
    alive = np.arange(customers)
    first = True
    while alive.size:
        # BG/NBD: a customer can leave only after a repeat purchase, never right after the first
        stays = np.ones(alive.size, bool) if first else rng.random(alive.size) >= drop[alive]
        first = False
        alive, t_alive = alive[stays], t[alive][stays]
        t_next = t_alive + rng.exponential(1 / lam[alive])
        inside = t_next < WEEKS
        alive, t_next = alive[inside], t_next[inside]
        t[alive] = t_next
        ids.append(alive)
        times.append(t_next)
    cust = np.concatenate(ids)
    when = np.concatenate(times)
    amount = rng.gamma(TRUE["p"], 1 / nu[cust])
    cust, days, amount = on_distinct_days(cust, when, amount)
    return pd.DataFrame({"customer_id": cust + 1, "date": START + pd.to_timedelta(days, "D"),
                         "amount": np.round(amount, 2)})


def on_distinct_days(cust: np.ndarray, weeks: np.ndarray, amount: np.ndarray):
    """Each purchase on the day its continuous time falls in, a customer's later purchase of an
    already taken day moved to the next free day, and those pushed past the period dropped.

    The summary counts one purchase per day (as lifetimes' freq="D"), so two purchases of a
    customer on one day would become one: about 4% of the purchases here, which biases r and
    alpha by 3-10%, far outside their intervals on a million customers. Moved instead, the
    counts stay those of the continuous process and the times move by about a day.
    """
    order = np.lexsort((weeks, cust))
    cust, weeks, amount = cust[order], weeks[order], amount[order]
    day = np.floor(weeks * 7).astype("int64")
    start = np.r_[0, np.flatnonzero(np.diff(cust)) + 1]
    k = np.arange(len(cust)) - np.repeat(start, np.diff(np.r_[start, len(cust)]))
    # the k-th purchase of a customer on day k + the running max of (day - k): strictly later
    day = pd.Series(day - k).groupby(cust).cummax().to_numpy() + k
    inside = day < WEEKS * 7
    return cust[inside], day[inside], amount[inside]


OURS = """
import resource, sys, time
from crm_lessons.cli import main
t0 = time.perf_counter()
rc = main(["clv", {path!r}, "--customer-col", "customer_id", "--date-col", "date",
           "--amount-col", "amount", "--out", {out!r}, "--force", "--calibration-end", {cal!r},
           "--memory-limit", {memory!r}])
print("RESULT", rc, time.perf_counter() - t0, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""

PANDAS = """
import resource, time
import pandas as pd
from crm_lessons.clv import fit_bgnbd, fit_gamma_gamma, lifetime_value, purchase_summary
t0 = time.perf_counter()
tx = pd.read_parquet({path!r}) if {path!r}.endswith(".parquet") else pd.read_csv(
    {path!r}, parse_dates=["date"])
s = purchase_summary(tx, calibration_end={cal!r})
bg, gg = fit_bgnbd(s), fit_gamma_gamma(s)
clv = lifetime_value(bg, gg, s, months=12, discount_rate=0.01)
alive = bg.probability_alive(s)
print("RESULT", 0, time.perf_counter() - t0, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""

LIFETIMES = """
import resource, time, warnings
warnings.simplefilter("ignore")
import pandas as pd
from lifetimes import BetaGeoFitter, GammaGammaFitter
from lifetimes.utils import summary_data_from_transaction_data
t0 = time.perf_counter()
tx = pd.read_parquet({path!r}) if ".parquet" in {path!r} else pd.read_csv(
    {path!r}, parse_dates=["date"])
s = summary_data_from_transaction_data(tx, "customer_id", "date", "amount", freq="D",
                                       freq_multiplier=7, observation_period_end={cal!r})
s["frequency"] = s["frequency"].astype(float)
bg = BetaGeoFitter().fit(s["frequency"], s["recency"], s["T"])  # weeks: freq_multiplier=7
rep = s[s["frequency"] > 0]
gg = GammaGammaFitter().fit(rep["frequency"], rep["monetary_value"])
clv = gg.customer_lifetime_value(bg, s["frequency"], s["recency"], s["T"],
                                 s["monetary_value"], time=12, discount_rate=0.01, freq="W")
clv.to_csv({out!r})
print("RESULT", 0, time.perf_counter() - t0, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def run(python: Path | str, code: str, repeat: int, cap_gib: float | None = None,
        timeout: float | None = None) -> dict | None:
    """Median wall time and peak memory of `repeat` fresh processes running `code`; with
    `cap_gib` the process's address space is capped (prlimit --as), with `timeout` it is
    stopped after that many seconds. None when a run fails (what happened is printed)."""
    import resource

    def cap() -> None:
        if cap_gib:
            limit = int(cap_gib * 1024**3)
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    walls, peaks, loads = [], [], [_load()]
    for _ in range(repeat):
        t0 = time.perf_counter()
        try:
            done = subprocess.run([str(python), "-c", code], capture_output=True, text=True,
                                  cwd=ROOT, preexec_fn=cap, timeout=timeout)
        except subprocess.TimeoutExpired:
            peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024**2
            print(f"stopped after the timeout of {timeout:.0f} s (largest peak of any run so "
                  f"far {peak:.2f} GiB)", file=sys.stderr)
            return None
        line = [x for x in done.stdout.splitlines() if x.startswith("RESULT")]
        if done.returncode or not line or line[-1].split()[1] != "0":
            peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024**2
            print(done.stdout[-2000:], done.stderr[-2000:], file=sys.stderr)
            print(f"failed after {time.perf_counter() - t0:.0f} s (exit {done.returncode}; "
                  f"largest peak of any run so far {peak:.2f} GiB)", file=sys.stderr)
            return None
        _, _, wall, peak = line[-1].split()
        walls.append(float(wall))
        peaks.append(int(peak) / 1024**2)  # KiB to GiB
        loads.append(_load())
    return {"wall": statistics.median(walls), "peak_gib": max(peaks), "runs": walls,
            "last_stdout": done.stdout, "loads": loads}


def _load() -> float:
    """The machine's load average over the last minute (other work slows every figure)."""
    import os

    return os.getloadavg()[0]


def recovery(scores: Path) -> str:
    """Each true parameter against its estimate and 95% interval, at full precision (the
    command's report rounds them to three figures): the two models refitted, untimed, on the
    summary columns of the command's scores file."""
    from crm_lessons.clv import fit_bgnbd, fit_gamma_gamma

    summary = pd.read_csv(scores, usecols=["frequency", "recency", "T", "monetary_value"])
    summary.attrs["freq"] = "W"
    rows = []
    for model in (fit_bgnbd(summary), fit_gamma_gamma(summary)):
        table = model.summary_table()
        for k, est in table["estimate"].items():
            lo, hi, true = table.at[k, "lower_95"], table.at[k, "upper_95"], TRUE[k]
            rows.append(f"  {k:6s} true {true:<6g} estimate {est:.4f} [{lo:.4f}, {hi:.4f}]  "
                        f"{'inside' if lo <= true <= hi else 'OUTSIDE'}")
    return "recovery of the true parameters (estimates and 95% intervals):\n" + "\n".join(rows)


BLOCK = 1_000_000  # customers simulated at a time (a few GB at most, whatever the size)


def write_transactions(path: Path, customers: int, kind: str) -> None:
    """Simulate and write the transactions (not timed): one file, or for more than BLOCK
    customers blocks of BLOCK (seeds 1, 2, ...; ids go on counting) as one CSV file or a folder
    of Parquet files, which the command reads as one table."""
    import duckdb

    t0, rows, blocks = time.perf_counter(), 0, -(-customers // BLOCK)
    if kind == "parquet" and blocks > 1:
        path.mkdir()
    for i in range(blocks):
        tx = simulate(min(BLOCK, customers - i * BLOCK), seed=1 + i)
        tx["customer_id"] += i * BLOCK
        rows += len(tx)
        if kind == "csv":
            tx.to_csv(path, index=False, date_format="%Y-%m-%d", mode="a", header=i == 0)
            continue
        con = duckdb.connect()
        con.register("tx", tx)
        target = path / f"part-{i:03d}.parquet" if blocks > 1 else path
        con.execute(f"COPY tx TO '{target}' (FORMAT PARQUET)")
        con.close()
    size = sum(p.stat().st_size for p in path.iterdir()) if path.is_dir() else path.stat().st_size
    print(f"simulated {rows:,} transactions of {customers:,} customers ({size / 1e6:,.0f} MB) in "
          f"{time.perf_counter() - t0:.0f} s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=1_000_000)
    parser.add_argument("--format", choices=["csv", "parquet"], default="csv")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--dir", default="/tmp/crm-bench-clv")
    parser.add_argument("--skip-pandas", action="store_true")
    parser.add_argument("--skip-ours", action="store_true")
    parser.add_argument("--memory-limit", default="1GB",
                        help="the command's --memory-limit (default 1GB; 3GB for 100M rows)")
    parser.add_argument("--skip-lifetimes", action="store_true")
    parser.add_argument("--lifetimes", action="store_true",
                        help="run lifetimes on Parquet too (by default only on CSV)")
    parser.add_argument("--lifetimes-cap-gib", type=float, default=10.0,
                        help="address-space cap of the lifetimes process (default 10 GiB)")
    parser.add_argument("--lifetimes-timeout", type=float, default=1200.0)
    parser.add_argument("--lifetimes-repeat", type=int, default=None,
                        help="runs of lifetimes (default --repeat; each takes ~4x ours)")
    args = parser.parse_args(argv)
    folder = Path(args.dir)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"tx-{args.customers}.{args.format}"
    if not path.exists():
        write_transactions(path, args.customers, args.format)
    cal = (START + pd.Timedelta(weeks=WEEKS * 2 // 3)).date().isoformat()
    fmt = {"path": str(path), "cal": cal}
    results = {"ours (crm-lessons clv, DuckDB)": None if args.skip_ours else run(
        sys.executable, OURS.format(out=str(folder / "ours.csv"), memory=args.memory_limit, **fmt), args.repeat)}
    if not args.skip_pandas:
        results["package functions on pandas"] = run(sys.executable, PANDAS.format(**fmt),
                                                     args.repeat)
    if BENCH_PY.exists() and not args.skip_lifetimes and (args.format == "csv"
                                                          or args.lifetimes):
        results["lifetimes 0.11.3"] = run(BENCH_PY, LIFETIMES.format(
            out=str(folder / "lifetimes.csv"), **fmt), args.lifetimes_repeat or args.repeat,
            cap_gib=args.lifetimes_cap_gib, timeout=args.lifetimes_timeout)
    print(f"\n{args.customers:,} customers, {args.format}, median of {args.repeat} runs "
          f"(fresh process each; lifetimes {args.lifetimes_repeat or args.repeat}); load "
          f"average (1 min) before and after each run in brackets:")
    base = results["ours (crm-lessons clv, DuckDB)"]
    for name, res in results.items():
        if res is None:
            print(f"  {name:34s} " + ("skipped" if name.startswith("ours") and args.skip_ours
                                      else "failed (see above)"))
            continue
        ratio = ("" if res is base else f"{res['wall'] / base['wall']:.1f}x ours; " if base
                 else "ours not run; ")
        print(f"  {name:34s} median {res['wall']:7.1f} s  peak {res['peak_gib']:.2f} GiB  "
              f"({ratio}runs {', '.join(f'{w:.1f}' for w in res['runs'])}; load "
              f"{', '.join(f'{x:.1f}' for x in res['loads'])})")
    theirs = results.get("lifetimes 0.11.3")
    if base and theirs:
        print(f"  lifetimes / ours: {theirs['wall'] / base['wall']:.1f}x the time, "
              f"{theirs['peak_gib'] / base['peak_gib']:.1f}x the peak memory")
    if base:
        print("\nours, per step (last run):")
        print("  " + "\n  ".join(x for x in base["last_stdout"].splitlines()
                                 if not x.startswith("RESULT")))
    if base and results.get("lifetimes 0.11.3"):
        ours = pd.read_csv(folder / "ours.csv").set_index("customer_id")["clv"]
        theirs = pd.read_csv(folder / "lifetimes.csv").set_index("customer_id").iloc[:, 0]
        both = ours.align(theirs, join="inner")
        rel = np.abs(both[0] - both[1]) / np.maximum(np.abs(both[1]), 1e-9)
        print(f"\nscores against lifetimes: {len(both[0]):,} customers, largest relative "
              f"difference {rel.max():.2e}, median {rel.median():.2e}")
    print("\ntrue parameters:", json.dumps(TRUE))
    if base:
        print(recovery(folder / "ours.csv"))
    print("reproduce: .venv/bin/python benchmarks/bench_clv_command.py "
          + " ".join(sys.argv[1:] if argv is None else argv))
    return 0


if __name__ == "__main__":
    sys.exit(main())
