"""The newer lifetime-value models side by side with the `lifetimes` package (0.11.3): the
modified BG/NBD on CDNOW and the BG/BB on the donations summary.

For each, in one process on the same data: the fit's median time (wall clock and CPU time of
the process) for both libraries and their ratio; the estimates to three significant figures
(and their largest relative difference); and the predictions (conditional expected purchases,
probability alive, expected purchases of a new customer) with their largest relative
difference, which should stay under 1e-3. The sBG model has no counterpart in lifetimes; the
test suite checks it against the published estimates.

It runs in the benchmark's own environment, like bench_clv.py (see benchmarks/README.md):

    make bench-clv     # builds benchmarks/.venv-bench, then runs bench_clv.py
    benchmarks/.venv-bench/bin/python benchmarks/bench_clv_models.py --repeat 7
"""

from __future__ import annotations

import argparse
import sys
import warnings

import numpy as np
from bench_clv import CALIBRATION_END, max_rel, median_time

TOLERANCE = 1e-3


def three_figures(values) -> list[str]:
    return [f"{float(v):.3g}" for v in values]


def compare(name, ours, theirs, names, t_ours, t_lt) -> bool:
    """Print one model's estimates from both libraries and their timing; True if they agree
    to three significant figures."""
    ours_p = [ours.params[k] for k in names]
    lt_p = [float(theirs.params_[k]) for k in names]
    same = three_figures(ours_p) == three_figures(lt_p)
    print(f"{name}\n  ours      {ours!r}\n  lifetimes "
          + ", ".join(f"{k}={v:.4g}" for k, v in zip(names, lt_p, strict=True)))
    print(f"  estimates to 3 s.f. {'agree' if same else 'DIFFER'} "
          f"(largest relative difference {max_rel(ours_p, lt_p):.1e})")
    print(f"  fit: ours {t_ours * 1e3:.1f} ms (cpu {t_ours.cpu * 1e3:.1f}), lifetimes "
          f"{t_lt * 1e3:.1f} ms (cpu {t_lt.cpu * 1e3:.1f}): {t_lt / t_ours:.1f}x faster")
    return same


def predictions(checks) -> bool:
    ok = True
    for what, a, b in checks:
        rel = max_rel(np.asarray(a, dtype=float), np.asarray(b, dtype=float))
        ok &= rel < TOLERANCE
        print(f"  {what:44s} largest relative difference {rel:.1e}"
              f"{'' if rel < TOLERANCE else '  (above 1e-3)'}")
    return ok


def mbgnbd(repeat: int, sample: bool) -> bool:
    from lifetimes import ModifiedBetaGeoFitter

    from crm_lessons import clv
    from crm_lessons.data import load_cdnow

    s = clv.purchase_summary(load_cdnow(sample=sample), calibration_end=CALIBRATION_END,
                             freq="W")
    f, r, T = s["frequency"], s["recency"], s["T"]
    t_ours, ours = median_time(lambda: clv.fit_mbgnbd(s), repeat)
    t_lt, lt = median_time(lambda: ModifiedBetaGeoFitter().fit(f, r, T), repeat)
    same = compare(f"MBG/NBD on CDNOW ({'sample' if sample else 'full file'}, {len(s):,} "
                   "customers, weeks)", ours, lt, ["r", "alpha", "a", "b"], t_ours, t_lt)
    t = np.array([13.0, 39.0, 78.0])
    return same & predictions([
        ("E[purchases in the next 39 weeks]", ours.expected_purchases(s, 39),
         lt.conditional_expected_number_of_purchases_up_to_time(39, f, r, T)),
        ("P(alive)", ours.probability_alive(s), lt.conditional_probability_alive(f, r, T)),
        ("E[purchases of a new customer, 13/39/78 weeks]", ours.expected_purchases_new(t),
         lt.expected_number_of_purchases_up_to_time(t)),
    ])


def bgbb(repeat: int) -> bool:
    from lifetimes import BetaGeoBetaBinomFitter

    from crm_lessons import clv
    from crm_lessons.data import load_donations

    d = load_donations()
    x, tx, n, w = d["frequency"], d["recency"], d["periods"], d["weights"]
    t_ours, ours = median_time(lambda: clv.fit_bgbb(d), repeat)
    t_lt, lt = median_time(lambda: BetaGeoBetaBinomFitter().fit(x, tx, n, weights=w), repeat)
    same = compare(f"BG/BB on the donations ({int(w.sum()):,} donors, 6 yearly opportunities)",
                   ours, lt, ["alpha", "beta", "gamma", "delta"], t_ours, t_lt)
    return same & predictions([
        ("E[transactions in the next 5 opportunities]", ours.expected_transactions(d, 5),
         lt.conditional_expected_number_of_purchases_up_to_time(5, x, tx, n)),
        ("P(alive at the next opportunity)", ours.probability_alive(d),
         lt.conditional_probability_alive(1, x, tx, n)),
    ])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7, help="runs per fit (median)")
    parser.add_argument("--sample", action="store_true",
                        help="CDNOW's 2,357-customer sample instead of the full file")
    args = parser.parse_args(argv)
    try:
        import lifetimes
    except ImportError:
        print("lifetimes is not installed here: run `make bench-clv` (it builds "
              "benchmarks/.venv-bench), see benchmarks/README.md.", file=sys.stderr)
        return 2
    import pandas as pd

    warnings.simplefilter("ignore")   # lifetimes' own deprecation noise
    print(f"lifetimes {lifetimes.__version__}, pandas {pd.__version__}, numpy {np.__version__}; "
          f"median of {args.repeat} runs\n")
    ok = mbgnbd(args.repeat, args.sample)
    print()
    ok &= bgbb(args.repeat)
    print(f"\n{'all agree' if ok else 'SOME DIFFER'} (estimates to 3 s.f., predictions to 1e-3)")
    print(f"reproduce: benchmarks/.venv-bench/bin/python benchmarks/bench_clv_models.py "
          f"--repeat {args.repeat}{' --sample' if args.sample else ''}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
