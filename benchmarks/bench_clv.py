"""Lifetime-value models: crm_lessons.clv side by side with the `lifetimes` package (0.11.3).

Times, on the same data in one process, the per-customer summary and the BG/NBD, Pareto/NBD
and Gamma-Gamma fits (medians over repeated runs, wall clock and CPU time of the process, the
latter steadier on a shared machine; the two libraries' runs alternate, so that a change in
the machine's load falls on both), prints the time ratios (lifetimes / ours) against the goal
of 10x, whether the estimates agree to three significant figures, the largest relative
difference between the two sets of predictions (goal 1e-3), and the time of each of our
predictions for every customer (goal 50 ms).

`lifetimes` is unmaintained and does not run on the course's pandas 3 / numpy 2, so it lives
only in the benchmark's own environment (see benchmarks/README.md):

    make bench-clv
    # or by hand:
    python3 -m venv benchmarks/.venv-bench
    benchmarks/.venv-bench/bin/pip install "lifetimes==0.11.3" "autograd==1.7.0" \
        "pandas==2.2.3" "numpy==1.26.4" "scipy==1.13.1"      # the `bench` extra's pins
    benchmarks/.venv-bench/bin/pip install --no-deps -e .
    benchmarks/.venv-bench/bin/python benchmarks/bench_clv.py --repeat 7
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import warnings

import numpy as np

CALIBRATION_END = "1997-09-30"


class Timing(float):
    """Median wall-clock seconds, carrying the median CPU seconds of this process as `.cpu`."""

    cpu: float


def _timing(walls: list[float], cpus: list[float]) -> Timing:
    timing = Timing(statistics.median(walls))
    timing.cpu = statistics.median(cpus)
    return timing


def median_time(fn, repeat: int) -> tuple[Timing, object]:
    walls, cpus, out = [], [], None
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        out = fn()
        walls.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
    return _timing(walls, cpus), out


def paired_times(ours, theirs, repeat: int) -> tuple[Timing, object, Timing, object]:
    """Median times of `ours` and `theirs`, run alternately `repeat` times each (a burst of
    load on a shared machine then slows both rather than one)."""
    runs: dict[int, tuple[list[float], list[float]]] = {0: ([], []), 1: ([], [])}
    outs: list[object] = [None, None]
    for _ in range(repeat):
        for i, fn in enumerate((ours, theirs)):
            t0, c0 = time.perf_counter(), time.process_time()
            outs[i] = fn()
            runs[i][0].append(time.perf_counter() - t0)
            runs[i][1].append(time.process_time() - c0)
    return _timing(*runs[0]), outs[0], _timing(*runs[1]), outs[1]


def same_3_sig(a, b) -> bool:
    """Whether every pair of estimates rounds to the same three significant figures."""
    return all(f"{x:.3g}" == f"{y:.3g}" for x, y in zip(a, b, strict=True))


def max_rel(a, b) -> float:
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return float(np.max(np.abs(a - b) / np.maximum(np.abs(b), 1e-12)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7,
                        help="runs per measurement (median; at least 7 for fits of milliseconds)")
    parser.add_argument("--sample", action="store_true",
                        help="use the 2,357-customer sample instead of the full file")
    args = parser.parse_args(argv)

    try:
        import lifetimes
        from lifetimes import BetaGeoFitter, GammaGammaFitter, ParetoNBDFitter
        from lifetimes.utils import summary_data_from_transaction_data
    except ImportError:
        print("lifetimes is not installed here: run `make bench-clv` (it builds "
              "benchmarks/.venv-bench), see benchmarks/README.md.", file=sys.stderr)
        return 2
    import pandas as pd
    import scipy

    from crm_lessons import clv
    from crm_lessons.data import load_cdnow

    warnings.simplefilter("ignore")   # lifetimes' own deprecation noise
    tx = load_cdnow(sample=args.sample)
    ours_s = clv.purchase_summary(tx, calibration_end=CALIBRATION_END, freq="W")
    n = len(ours_s)
    print(f"CDNOW {'sample' if args.sample else 'full file'}: {len(tx):,} transactions, "
          f"{n:,} customers; calibration to {CALIBRATION_END}, weeks; median of {args.repeat} runs")
    print(f"python {sys.version.split()[0]}, pandas {pd.__version__}, numpy {np.__version__}, "
          f"scipy {scipy.__version__}, lifetimes {lifetimes.__version__}\n")

    rows = []

    # --- summary -------------------------------------------------------------------------------
    t_ours, ours_s = median_time(lambda: clv.purchase_summary(
        tx, calibration_end=CALIBRATION_END, freq="W"), args.repeat)
    try:
        t_lt, lt_s = median_time(lambda: summary_data_from_transaction_data(
            tx, "customer_id", "date", monetary_value_col="amount",
            observation_period_end=CALIBRATION_END, freq="D", freq_multiplier=7), args.repeat)
        lt_s = lt_s.reindex(ours_s.index)
        diff = max(float(np.max(np.abs(ours_s[c].to_numpy() - lt_s[c].to_numpy())))
                   for c in ("frequency", "recency", "T", "monetary_value"))
        rows.append(("summary", t_ours, t_lt, f"max abs diff {diff:.2g}"))
    except Exception as exc:  # noqa: BLE001 - report whatever lifetimes breaks on
        rows.append(("summary", t_ours, float("nan"), f"lifetimes failed: {exc!r}"))
        lt_s = ours_s

    f, r, T = ours_s["frequency"], ours_s["recency"], ours_s["T"]
    rep = ours_s[(ours_s["frequency"] > 0) & (ours_s["monetary_value"] > 0)]

    # --- fits ----------------------------------------------------------------------------------
    def lt_bg():
        return BetaGeoFitter().fit(f, r, T)

    def lt_pn():
        return ParetoNBDFitter().fit(f, r, T)

    def lt_gg():
        return GammaGammaFitter().fit(rep["frequency"], rep["monetary_value"])

    fits = [
        ("BG/NBD fit", lambda: clv.fit_bgnbd(ours_s), lt_bg, ["r", "alpha", "a", "b"]),
        ("Pareto/NBD fit", lambda: clv.fit_pareto_nbd(ours_s), lt_pn, ["r", "alpha", "s", "beta"]),
        ("Gamma-Gamma fit", lambda: clv.fit_gamma_gamma(rep), lt_gg, ["p", "q", "v"]),
    ]
    models = {}
    for name, ours_fn, lt_fn, lt_names in fits:
        t_ours, ours_m, t_lt, lt_m = paired_times(ours_fn, lt_fn, args.repeat)
        ours_p = list(ours_m.params.values())
        lt_p = [float(lt_m.params_[k]) for k in lt_names]
        rel = max_rel(ours_p, lt_p)
        rows.append((name, t_ours, t_lt, f"estimates: max rel diff {rel:.1e}, same to 3 "
                                         f"significant figures: {same_3_sig(ours_p, lt_p)}"))
        models[name] = (ours_m, lt_m)
        print(f"{name:16s} ours      {ours_m!r}")
        print(f"{'':16s} lifetimes {', '.join(f'{k}={v:.4g}' for k, v in zip(lt_names, lt_p, strict=True))}")

    # --- predictions (same parameters not required: each library with its own fit) -----------
    bg, lt_bgf = models["BG/NBD fit"]
    pn, lt_pnf = models["Pareto/NBD fit"]
    gg, lt_ggf = models["Gamma-Gamma fit"]
    checks = [
        ("BG/NBD E[purchases in 39 wk]", bg.expected_purchases(ours_s, 39),
         lt_bgf.conditional_expected_number_of_purchases_up_to_time(39, f, r, T)),
        ("BG/NBD P(alive)", bg.probability_alive(ours_s),
         lt_bgf.conditional_probability_alive(f, r, T)),
        ("Pareto/NBD E[purchases in 39 wk]", pn.expected_purchases(ours_s, 39),
         lt_pnf.conditional_expected_number_of_purchases_up_to_time(39, f, r, T)),
        ("Pareto/NBD P(alive)", pn.probability_alive(ours_s),
         lt_pnf.conditional_probability_alive(f, r, T)),
    ]
    try:
        checks.append(("CLV 12 months, BG/NBD x Gamma-Gamma",
                       clv.lifetime_value(bg, gg, ours_s, months=12, discount_rate=0.01),
                       lt_ggf.customer_lifetime_value(lt_bgf, f, r, T, ours_s["monetary_value"],
                                                      time=12, discount_rate=0.01, freq="W")))
    except Exception as exc:  # noqa: BLE001
        print(f"lifetimes customer_lifetime_value failed: {exc!r}")

    timed = [
        ("BG/NBD expected_purchases(39)", lambda: bg.expected_purchases(ours_s, 39)),
        ("BG/NBD probability_alive", lambda: bg.probability_alive(ours_s)),
        ("Pareto/NBD expected_purchases(39)", lambda: pn.expected_purchases(ours_s, 39)),
        ("Pareto/NBD probability_alive", lambda: pn.probability_alive(ours_s)),
        ("Gamma-Gamma expected_spend", lambda: gg.expected_spend(ours_s)),
        ("lifetime_value 12 months, BG/NBD", lambda: clv.lifetime_value(bg, gg, ours_s)),
        ("lifetime_value 12 months, Pareto/NBD", lambda: clv.lifetime_value(pn, gg, ours_s)),
    ]
    pred_times = [(name, median_time(fn, max(args.repeat, 15))[0]) for name, fn in timed]

    print(f"\n{'step':16s} {'ours wall/cpu (s)':>18s} {'lifetimes wall/cpu (s)':>23s} "
          f"{'ratio wall/cpu':>15s}  agreement")
    for name, t_ours, t_lt, note in rows:
        lt_cpu = getattr(t_lt, "cpu", float("nan"))
        print(f"{name:16s} {t_ours:8.3f} /{t_ours.cpu:7.3f}  {t_lt:11.3f} /{lt_cpu:8.3f}  "
              f"{t_lt / t_ours:6.1f}x /{lt_cpu / t_ours.cpu:5.1f}x  {note}")
    fit_ratios = [t_lt / t_ours for name, t_ours, t_lt, _ in rows if name.endswith("fit")]
    print(f"goal: every fit at least 10x faster (wall): "
          f"{'met' if min(fit_ratios) >= 10 else 'NOT met'} (lowest {min(fit_ratios):.1f}x)")
    print("\npredictions (each library with its own estimates), largest relative difference "
          "(goal 1e-3):")
    for name, ours_v, lt_v in checks:
        print(f"  {name:38s} {max_rel(np.asarray(ours_v), np.asarray(lt_v)):.1e}")
    print(f"\nour predictions for all {n:,} customers, median wall / CPU (goal 50 ms):")
    for name, t in pred_times:
        print(f"  {name:38s} {t * 1000:6.1f} / {t.cpu * 1000:6.1f} ms")
    print(f"\nreproduce: benchmarks/.venv-bench/bin/python benchmarks/bench_clv.py "
          f"--repeat {args.repeat}{' --sample' if args.sample else ''}   (or: make bench-clv)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
