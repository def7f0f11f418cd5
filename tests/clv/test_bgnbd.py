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
    assert repr(m) == "BGNBD(r=0.243, alpha=4.41, a=0.793, b=2.43; LL=-9582.4, n=2357)"


def test_bgnbd_recovers_simulated_parameters():
    true = {"r": 0.8, "alpha": 6.0, "a": 0.9, "b": 3.0}
    fitted = clv.fit_bgnbd(simulate_bgnbd(6000, *true.values(), seed=1)).params
    assert close(fitted, true, 0.25) == {}

