"""Tests of crm_lessons.goals.relationships: the levels of relationship marketing."""

import pandas as pd
import pytest

from crm_lessons import goals
from crm_lessons.errors import CRMDataError


def test_relationship_levels_in_order_of_investment():
    assert goals.relationship_levels()["level"].tolist() == goals.RELATIONSHIP_LEVELS
    assert len(goals.relationship_benefits()) == 3


def test_suggest_relationship_level_one_or_many():
    assert goals.suggest_relationship_level("few", "high") == "full partnership"
    out = goals.suggest_relationship_level(["many", "Medium "], ["low", "medium"])
    assert out.tolist() == ["basic", "accountable"]
    with pytest.raises(CRMDataError, match="'lots'"):
        goals.suggest_relationship_level("lots", "high")


def test_affordable_relationship_level_weighs_value_against_cost():
    costs = {"basic": 0, "reactive": 5, "accountable": 20, "proactive": 60,
             "full partnership": 300}
    clv = pd.Series([10.0, 50.0, 130.0, 1000.0], index=["w", "x", "y", "z"])
    out = goals.affordable_relationship_level(clv, costs)
    assert out.to_dict() == {"w": "reactive", "x": "accountable", "y": "proactive",
                             "z": "full partnership"}
    with pytest.raises(CRMDataError, match="'gold'"):
        goals.affordable_relationship_level(clv, {"gold": 1})
    with pytest.raises(CRMDataError, match="max_cost_share should be a fraction from 0 to 1"):
        goals.affordable_relationship_level(clv, costs, max_cost_share=50)


def test_suggest_relationship_level_rejects_a_number():
    with pytest.raises(CRMDataError, match="number_of_customers should be a word"):
        goals.suggest_relationship_level(3.0, "high")
