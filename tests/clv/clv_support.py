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



def errors_by_hessian(log_likelihood, params, rel_step=1e-4):
    """Standard errors from the inverse of the Hessian of -log_likelihood(params dict), taken by
    central differences on the parameters' own scale: a check, independent of the package's
    (which differences on the log scale, or differences a gradient)."""
    names = list(params)
    theta = np.array([params[k] for k in names], dtype=float)
    h = rel_step * theta
    k = len(theta)

    def f(v):
        return -log_likelihood(dict(zip(names, v, strict=True)))

    hess = np.empty((k, k))
    for i in range(k):
        for j in range(i + 1):
            ei, ej = np.eye(k)[i] * h[i], np.eye(k)[j] * h[j]
            hess[i, j] = hess[j, i] = (f(theta + ei + ej) - f(theta + ei - ej)
                                       - f(theta - ei + ej) + f(theta - ei - ej)) / (4 * h[i] * h[j])
    return dict(zip(names, np.sqrt(np.diag(np.linalg.inv(hess))), strict=True))


def pareto_nbd_log_likelihood(summary, p):
    """Pareto/NBD log-likelihood with its integral over the moment of leaving done by 64-point
    Gauss-Legendre quadrature (no hypergeometric function)."""
    from scipy.special import gammaln

    r, alpha, s, beta = p["r"], p["alpha"], p["s"], p["beta"]
    x, tx, T = (summary[c].to_numpy(float) for c in ("frequency", "recency", "T"))
    nodes, weights = np.polynomial.legendre.leggauss(64)
    half = (T - tx)[:, None] / 2
    u = tx[:, None] + half * (nodes + 1)
    integrand = (alpha + u) ** -(r + x[:, None]) * (beta + u) ** -(s + 1)
    between = s * (half * integrand) @ weights
    alive = (alpha + T) ** -(r + x) * (beta + T) ** -s
    return float(np.sum(gammaln(r + x) - gammaln(r) + r * np.log(alpha) + s * np.log(beta)
                        + np.log(alive + between)))


def gamma_gamma_log_likelihood(summary, p):
    """Gamma-Gamma log-likelihood of the repeat buyers' mean spend, as Fader, Hardie and Lee's
    note writes it."""
    from scipy.special import gammaln

    rep = summary[summary["frequency"] > 0]
    x, m = rep["frequency"].to_numpy(float), rep["monetary_value"].to_numpy(float)
    px, q, g = p["p"] * x, p["q"], p["gamma"]
    return float(np.sum(gammaln(px + q) - gammaln(px) - gammaln(q) + q * np.log(g)
                        + (px - 1) * np.log(m) + px * np.log(x) - (px + q) * np.log(g + m * x)))
