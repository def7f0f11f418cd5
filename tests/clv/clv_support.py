"""Shared by the lifetime-value tests: a tiny transactions table, customers simulated from each
model, and the comparisons of fitted with true or published parameters."""

import numpy as np
import pandas as pd


def tiny_tx():
    return pd.DataFrame({
        "customer_id": [1, 1, 1, 1, 2, 3],
        "date": pd.to_datetime(["2024-01-01", "2024-01-15", "2024-01-15", "2024-01-29",
                                "2024-01-08", "2024-02-05"]),
        "amount": [10.0, 4.0, 6.0, 20.0, 8.0, 5.0],
    })


def in_weeks(summary):
    """`summary` marked as counted in weeks (as purchase_summary(..., freq="W") marks it)."""
    summary.attrs["freq"] = "W"
    return summary


def simulate_bgnbd(n, r, alpha, a, b, seed):
    rng = np.random.default_rng(seed)
    T = rng.uniform(26, 52, n)
    lam = rng.gamma(r, 1 / alpha, n)
    p = rng.beta(a, b, n)
    purchases = rng.poisson(lam * T)              # events of the buying process in (0, T]
    drop_after = rng.geometric(p)                 # repeat purchase after which the customer leaves
    x = np.minimum(purchases, drop_after)
    # the x-th of `purchases` uniform event times is Beta(x, purchases - x + 1) x T
    tx = np.where(x > 0, T * rng.beta(np.maximum(x, 1), purchases - x + 1), 0.0)
    return in_weeks(pd.DataFrame({"frequency": x.astype(float), "recency": tx, "T": T}))


def simulate_pareto_nbd(n, r, alpha, s, beta, seed):
    rng = np.random.default_rng(seed)
    T = rng.uniform(26, 52, n)
    lam = rng.gamma(r, 1 / alpha, n)
    mu = rng.gamma(s, 1 / beta, n)
    active = np.minimum(rng.exponential(1 / mu), T)
    x = rng.poisson(lam * active)
    tx = np.where(x > 0, active * rng.beta(np.maximum(x, 1), 1), 0.0)   # last of x uniform times
    return in_weeks(pd.DataFrame({"frequency": x.astype(float), "recency": tx, "T": T}))


def simulate_gamma_gamma(n, p, q, gamma, seed):
    rng = np.random.default_rng(seed)
    x = rng.geometric(0.25, n)                    # 1 to about 20 repeat purchases
    nu = rng.gamma(q, 1 / gamma, n)
    mean_spend = rng.gamma(p * x, 1 / nu) / x     # mean of x Gamma(p, nu) amounts
    return pd.DataFrame({"frequency": x.astype(float), "monetary_value": mean_spend})


def close(fitted, true, rel):
    return {k: round(fitted[k] / v - 1, 3) for k, v in true.items() if abs(fitted[k] / v - 1) > rel}


def sig3(v):
    return float(f"{v:.3g}")

