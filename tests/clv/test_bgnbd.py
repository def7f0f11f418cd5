"""crm_lessons.clv.bgnbd: the published CDNOW estimates and parameter recovery."""

import pytest
from clv_support import close, sig3, simulate_bgnbd

from crm_lessons import clv


def test_bgnbd_reproduces_fader_hardie_lee_on_cdnow(bg):
    m = bg
    p = m.params
    assert [sig3(p[k]) for k in ("r", "alpha", "a", "b")] == [0.243, 4.41, 0.793, 2.43]
    assert p["alpha"] == pytest.approx(4.414, abs=5e-4)
    assert p["b"] == pytest.approx(2.426, abs=5e-4)
    assert m.log_likelihood == pytest.approx(-9582.4, abs=0.05)
    assert m.n == 2357 and m.converged
    assert repr(m) == ("BGNBD(r=0.243 [0.219, 0.268], alpha=4.41 [3.73, 5.22], a=0.793 [0.501, "
                       "1.25], b=2.43 [1.37, 4.29]; LL=-9582.4, n=2357)")


def test_bgnbd_standard_errors_are_those_lifetimes_prints(bg):
    # lifetimes 0.11.3, BetaGeoFitter().fit(...).summary on this summary: se(coef)
    published = {"r": 0.012557, "alpha": 0.378224, "a": 0.185734, "b": 0.705414}
    assert bg.std_errors == pytest.approx(published, rel=2e-4)
    table = bg.summary_table()
    assert list(table.columns) == ["estimate", "std_error", "lower_95", "upper_95"]
    assert (table.lower_95 < table.estimate).all() and (table.estimate < table.upper_95).all()


def test_bgnbd_interval_is_wider_on_a_smaller_sample(bg, cdnow_summary):
    small = clv.fit_bgnbd(cdnow_summary.iloc[:600])
    wide, narrow = small.summary_table(), bg.summary_table()
    assert ((wide.upper_95 / wide.lower_95) > (narrow.upper_95 / narrow.lower_95)).all()


def test_bgnbd_recovers_simulated_parameters():
    true = {"r": 0.8, "alpha": 6.0, "a": 0.9, "b": 3.0}
    fitted = clv.fit_bgnbd(simulate_bgnbd(6000, *true.values(), seed=1)).params
    assert close(fitted, true, 0.25) == {}



# ---- expectations at extreme frequency, age and horizon, and at a = 1 ------------------------

def _reference(r, alpha, a, b, x, tx, T, t):
    """Fader, Hardie and Lee's conditional expectation, as published (no transformation), in
    50-digit arithmetic; at a = 1 (0 / 0) it is taken 1e-25 away, far below double precision."""
    mpmath = pytest.importorskip("mpmath", reason="mpmath is in the dev extra")
    mp = mpmath.mp
    mp.dps = 50
    r, alpha, b, x, tx, T, t = (mp.mpf(v) for v in (r, alpha, b, x, tx, T, t))
    a = mp.mpf(a) + (mp.mpf("1e-25") if a == 1 else 0)
    z = t / (alpha + T + t)
    hyp = mpmath.hyp2f1(r + x, b + x, a + b + x - 1, z)
    head = (a + b + x - 1) / (a - 1) * (1 - ((alpha + T) / (alpha + T + t)) ** (r + x) * hyp)
    odds = a / (b + x - 1) * ((alpha + T) / (alpha + tx)) ** (r + x) if x > 0 else 0
    return float(head / (1 + odds))


CDNOW = (0.243, 4.41, 0.793, 2.43)
EXTREMES = [  # (x, tx, T, t): the first three gave NaN before (the x=200, t=5200 and
    (200, 38.0, 38.0, 5200.0), (600, 38.0, 38.0, 520.0),  # x=600, t=520), then more of the kind
    (200, 5100.0, 5200.0, 5200.0), (600, 500.0, 520.0, 520.0), (200, 38.0, 38.5, 5200.0),
    (1000, 77.0, 78.0, 52.0), (0, 0.0, 5200.0, 52000.0), (3, 20.0, 38.0, 39.0),
    (50, 1e4, 1e4, 1e5), (0, 0.0, 0.0, 1e-3),
]


@pytest.mark.parametrize("x, tx, T, t", EXTREMES)
@pytest.mark.parametrize("params", [CDNOW, (2.5, 0.5, 3.0, 0.6), (0.243, 4.41, 1.0, 2.43)],
                         ids=["cdnow", "other", "a=1"])
def test_expected_purchases_are_finite_and_exact_at_extremes(params, x, tx, T, t):
    import numpy as np

    m = clv.BGNBD(dict(zip(("r", "alpha", "a", "b"), params, strict=True)), -1.0, 1, freq="W")
    got = m._expected(np.array([float(x)]), np.array([tx]), np.array([T]), t)[0]
    assert np.isfinite(got)
    assert got == pytest.approx(_reference(*params, x, tx, T, t), rel=1e-7, abs=1e-300)


@pytest.mark.parametrize("a", [1.0, 1.0 + 5e-5, 1.0 - 1e-9, 1.0 + 2e-4, 0.5, 3.0])
def test_expected_purchases_of_a_new_customer_near_and_at_a_equal_1(a):
    import numpy as np

    # a = 1 divided by zero (ZeroDivisionError, then a non-finite value) before
    m = clv.BGNBD({"r": 0.243, "alpha": 4.41, "a": a, "b": 2.43}, -1.0, 1, freq="W")
    t = np.array([0.5, 39.0, 5200.0])
    got = m.expected_purchases_new(t)
    want = [_reference(0.243, 4.41, a, 2.43, 0, 0.0, 0.0, v) for v in t]
    assert got == pytest.approx(want, rel=1e-7)
    assert m.expected_purchases_new(39.0) == pytest.approx(want[1], rel=1e-7)


def test_bgnbd_gradient_is_the_derivative_of_the_log_likelihood(cdnow_summary):
    import numpy as np

    from crm_lessons.clv import bgnbd, fitting

    ux, utx, uT, w, _, _ = fitting.compressed_summary(cdnow_summary, "fit_bgnbd")
    data = bgnbd.bgnbd_data(ux, utx, uT, w)
    lp, h = np.log([0.3, 5.0, 0.8, 2.5]), 1e-6
    _, grad = bgnbd.bgnbd_log_likelihood(lp, data)
    ll = bgnbd.bgnbd_log_likelihood
    numeric = [(ll(lp + h * e, data, False) - ll(lp - h * e, data, False)) / (2 * h)
               for e in np.eye(4)]
    assert grad == pytest.approx(numeric, rel=1e-5)
