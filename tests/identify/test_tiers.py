"""Tests of crm_lessons.identify.tiers: gold, silver and bronze customers."""

import numpy as np
import pandas as pd
import pytest

from crm_lessons import identify
from crm_lessons.errors import CRMDataError


def test_value_tiers_split_top_20_next_30_rest():
    values = pd.Series(np.arange(10, 0, -1, dtype=float), index=np.arange(1, 11))
    tiers = identify.value_tiers(values)
    assert tiers.tolist() == ["gold"] * 2 + ["silver"] * 3 + ["bronze"] * 5
    custom = identify.value_tiers(values, gold=0.1, silver=0.4, labels=("A", "B", "C"))
    assert custom.value_counts().sort_index().tolist() == [1, 4, 5]
    with pytest.raises(CRMDataError, match="at most 1"):
        identify.value_tiers(values, gold=0.6, silver=0.6)
    with pytest.raises(CRMDataError, match="gold"):
        identify.value_tiers(values, gold=20)
    with pytest.raises(CRMDataError, match="should hold numbers"):
        identify.value_tiers(pd.Series(["a", "b"]))


def test_value_tiers_name_missing_values():
    with pytest.raises(CRMDataError, match="missing values"):
        identify.value_tiers(pd.Series([1.0, np.nan]))


@pytest.mark.parametrize("gold, silver, message", [
    (0, 0.3, "gold should be a fraction from just above 0 to 1"),
    (True, 0.3, "gold should be a fraction"),
    (0.2, -0.1, "silver should be a fraction from 0 to 1"),
    (0.2, "30%", "silver should be a fraction"),
])
def test_value_tiers_refuse_shares_that_are_not_fractions(gold, silver, message):
    values = pd.Series([3.0, 2.0, 1.0])
    with pytest.raises(CRMDataError, match=message):
        identify.value_tiers(values, gold=gold, silver=silver)
    assert identify.value_tiers(values, gold=0.4, silver=0.0).tolist() == ["gold", "gold",
                                                                             "bronze"]
