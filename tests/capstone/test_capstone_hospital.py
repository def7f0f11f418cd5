"""The hospital case: naive change, difference-in-differences and its 95% interval."""

import numpy as np
import pandas as pd
import pytest

from crm_lessons import load_hospital
from crm_lessons.capstone import area_effects, did_interval
from crm_lessons.errors import CRMDataError

TINY = pd.DataFrame({"g": [1, 1, 1, 1, 0, 0, 0, 0], "p": ["b", "b", "a", "a"] * 2,
                     "y": [1.0, 2.0, 3.0, 4.0, 1.0, 2.0, 2.0, 3.0]})


def test_interval_by_hand():
    r = did_interval(TINY, "y", "g", "p", treated=1, after="a")
    assert r["naive_change"] == 2.0 and r["effect"] == 1.0
    # each cell: variance 0.5 over 2 rows, four cells: sqrt(4 * 0.25)
    assert r["std_error"] == pytest.approx(1.0)
    assert (r["low"], r["high"]) == pytest.approx((1 - 1.959964, 1 + 1.959964))


def test_the_shipped_case_recovers_the_planted_effects():
    effects = area_effects(load_hospital())
    assert effects.index[0] == "nursing"
    assert (effects["naive_change"] > effects["effect"]).all()   # the drift is removed
    assert (effects["low"] > 0).all()
    returns = did_interval(load_hospital(), "came_back")
    assert returns["low"] < returns["effect"] < returns["high"]


def test_one_row_in_a_cell_or_a_missing_area_is_refused():
    with pytest.raises(CRMDataError, match="at least two rows"):
        did_interval(TINY.iloc[1:], "y", "g", "p", treated=1, after="a")
    with pytest.raises(CRMDataError, match="kindness"):
        area_effects(load_hospital(), areas=["kindness"])
    with pytest.raises(CRMDataError, match="numbers"):
        did_interval(TINY.assign(y=["x"] * 8), "y", "g", "p", treated=1, after="a")
    assert np.isfinite(did_interval(TINY, "y", "g", "p", 1, "a")["std_error"])
