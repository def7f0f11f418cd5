"""Customers simulated from the newer lifetime-value models (MBG/NBD, BG/BB, sBG), for the
tests that recover known parameters."""

import numpy as np
import pandas as pd


def simulate_mbgnbd(n, r, alpha, a, b, seed):
    """A customer may leave at the first purchase and after each repeat purchase (chance p)."""
    rng = np.random.default_rng(seed)
    T = rng.uniform(26, 52, n)
    lam = rng.gamma(r, 1 / alpha, n)
    p = rng.beta(a, b, n)
    purchases = rng.poisson(lam * T)
    allowed = rng.geometric(p) - 1               # repeat purchases made before leaving
    x = np.minimum(purchases, allowed)
    tx = np.where(x > 0, T * rng.beta(np.maximum(x, 1), purchases - x + 1), 0.0)
    out = pd.DataFrame({"frequency": x.astype(float), "recency": tx, "T": T})
    out.attrs["freq"] = "W"
    return out


def simulate_bgbb(n, alpha, beta, gamma, delta, periods, seed):
    """Active in opportunity t with (1 - theta) ** t; while active, takes it with chance p."""
    rng = np.random.default_rng(seed)
    p = rng.beta(alpha, beta, n)
    theta = rng.beta(gamma, delta, n)
    survived = rng.geometric(theta) - 1          # opportunities the customer is active for
    t = np.arange(1, periods + 1)
    took = (t[None, :] <= survived[:, None]) & (rng.random((n, periods)) < p[:, None])
    x = took.sum(axis=1)
    tx = np.where(x > 0, periods - np.argmax(took[:, ::-1], axis=1), 0)
    rows = pd.DataFrame({"frequency": x, "recency": tx, "periods": periods})
    return rows.value_counts().rename("weights").reset_index()


def simulate_sbg(n, alpha, beta, periods, seed):
    """Customers of one cohort active at the start of periods 0 .. periods."""
    rng = np.random.default_rng(seed)
    lifetime = rng.geometric(rng.beta(alpha, beta, n))     # period in which each one leaves
    return [int((lifetime > t).sum()) for t in range(periods + 1)]
