"""Tests of crm_lessons.goals.defection_reasons: the one definition of a fixable reason."""

import pandas as pd
import pytest

from crm_lessons import goals, identify
from crm_lessons.errors import CRMDataError
from crm_lessons.schema import DEFECTION_REASONS


def test_price_service_and_a_better_offer_are_fixable_moving_and_no_need_are_not():
    table = goals.defection_reasons().set_index("reason")["fixable"]
    assert sorted(table.index) == sorted(DEFECTION_REASONS)   # every reason the data can hold
    assert table.to_dict() == {"lower price elsewhere": True, "service failure": True,
                               "found something better": True, "moved away": False,
                               "no longer needed": False}
    assert goals.FIXABLE_REASONS == table[table].index.tolist()


def test_lesson_02_uses_the_same_definition():
    assert identify.FIXABLE_REASONS is goals.FIXABLE_REASONS
    assert identify.defection_reasons().equals(goals.defection_reasons())


def test_fixable_share_counts_defections_with_a_fixable_reason():
    d = pd.DataFrame({"reason": pd.Categorical(["found something better", "moved away",
                                                "service failure", "no longer needed",
                                                "lower price elsewhere"])})
    assert goals.is_fixable(d["reason"]).tolist() == [True, False, True, False, True]
    assert goals.fixable_share(d) == pytest.approx(0.6)
    with pytest.raises(CRMDataError, match="defections has no column 'reason'"):
        goals.fixable_share(d.rename(columns={"reason": "why"}))
