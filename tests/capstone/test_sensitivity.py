"""The 20% test: each assumption moved down and up, one at a time, against the base plan."""

import pandas as pd
import pytest

from crm_lessons.capstone import plan_sensitivity
from crm_lessons.errors import CRMDataError

BASE = pd.DataFrame({"segment": ["edge", "safe"], "customers": [1, 1],
                     "retention": [0.5, 0.5], "margin": [100.0, 1.0]})
# for "edge" the proactive level gains 6.67 a year (100 * 0.1 / (1.1 - 0.5) * ...); it is set so
# that a 20% dearer level no longer pays, while "safe" never pays for it
LEVELS = pd.DataFrame({"level": ["basic", "proactive"], "cost_per_customer": [0.0, 9.0],
                       "retention_gain": [0.0, 0.0], "spend_gain": [0.0, 0.1]})


def test_a_dearer_level_flips_the_marginal_segment_only():
    sens = plan_sensitivity(BASE, LEVELS, 0.10)
    assert set(sens["assumption"]) == {"cost_per_customer", "retention_gain", "spend_gain",
                                       "discount_rate", "acquisition_cost"}
    assert len(sens) == 5 * 2 * 2
    flips = sens[sens["changed"]]
    assert set(flips["segment"]) == {"edge"}
    row = flips.set_index(["assumption", "direction"]).loc[("cost_per_customer", "up")]
    assert (row["base_level"], row["new_level"]) == ("proactive", "basic")


def test_a_change_outside_0_to_1_is_refused():
    with pytest.raises(CRMDataError, match="change"):
        plan_sensitivity(BASE, LEVELS, change=20)
