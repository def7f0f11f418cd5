"""The plan: net value = lifetime value - cost stream - replacement cost, in the course's one
discounting convention; the best level per segment; the value of the whole base."""

import pandas as pd
import pytest

from crm_lessons import clv
from crm_lessons.capstone import best_levels, level_changes, plan_total, plan_values
from crm_lessons.errors import CRMDataError

BASE = pd.DataFrame({"segment": ["big", "small"], "customers": [10, 100],
                     "retention": [0.8, 0.5], "margin": [100.0, 10.0]})
LEVELS = pd.DataFrame({"level": ["basic", "proactive"], "cost_per_customer": [0.0, 5.0],
                       "retention_gain": [0.0, 0.1], "spend_gain": [0.0, 0.1]})


def test_net_value_by_hand():
    v = plan_values(BASE, LEVELS, 0.10, acquisition_cost=20).set_index(["segment", "level"])
    # big at proactive: r = 0.9, m = 110, per kept year 1 / (1.1 - 0.9) = 5
    row = v.loc[("big", "proactive")]
    assert row["clv"] == pytest.approx(110 * 5)
    assert row["cost_stream"] == pytest.approx(5 * 5)
    assert row["replacement"] == pytest.approx(20 * 0.1 * 5)
    assert row["net_value"] == pytest.approx(550 - 25 - 10)
    # the same convention as lesson 05's simple_clv
    assert v.loc[("small", "basic"), "clv"] == pytest.approx(clv.simple_clv(10, 0.5, 0.1))


def test_best_level_total_and_changes():
    v = plan_values(BASE, LEVELS, 0.10)
    best = best_levels(v)
    assert best["level"].tolist() == ["proactive", "basic"]   # small: 5 a year is too dear
    assert plan_total(v) == pytest.approx(best["segment_value"].sum())
    cheap = best_levels(plan_values(BASE, LEVELS.assign(cost_per_customer=[0.0, 0.1]), 0.10))
    moves = level_changes(best, cheap)
    assert moves["move"].tolist() == ["same", "higher"]


def test_retention_never_passes_the_cap():
    v = plan_values(BASE.assign(retention=[0.93, 0.5]), LEVELS)
    assert v["retention"].max() == pytest.approx(0.95)


def test_a_tie_goes_to_the_cheaper_level():
    same = LEVELS.assign(cost_per_customer=0.0, retention_gain=0.0, spend_gain=0.0)
    assert best_levels(plan_values(BASE, same))["level"].tolist() == ["basic", "basic"]


def test_bad_inputs_are_refused_clearly():
    with pytest.raises(CRMDataError, match="discount_rate"):
        plan_values(BASE, LEVELS, discount_rate=-0.1)
    with pytest.raises(CRMDataError, match="acquisition_cost"):
        plan_values(BASE, LEVELS, acquisition_cost="cheap")
    with pytest.raises(CRMDataError, match="baseline.retention"):
        plan_values(BASE.assign(retention=[80, 50]), LEVELS)
    with pytest.raises(CRMDataError, match="assumptions"):
        plan_values(BASE, LEVELS.drop(columns="retention_gain"))
