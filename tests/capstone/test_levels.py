"""The assumptions table: five levels in order, gains that follow the measured lift, sources."""

import pandas as pd
import pytest

from crm_lessons.capstone import RELATIONSHIP_LEVELS, level_assumptions
from crm_lessons.capstone.levels import DEFAULT_LIFT, require_assumptions
from crm_lessons.errors import CRMDataError


def test_five_levels_from_basic_to_full_partnership_with_rising_costs():
    table = level_assumptions(0.04)
    assert table["level"].tolist() == RELATIONSHIP_LEVELS
    assert table["cost_per_customer"].is_monotonic_increasing
    # retention gains are multiples of the lift: 0, 0.5, 1, 2 and 3 campaigns' worth
    assert table["retention_gain"].tolist() == pytest.approx([0, 0.02, 0.04, 0.08, 0.12])
    assert table["source"].str.contains("the data's retention-campaign lift").all()


def test_without_a_measured_lift_the_source_says_it_is_assumed():
    table = level_assumptions()
    assert table.loc[2, "retention_gain"] == pytest.approx(DEFAULT_LIFT)
    assert table["source"].str.contains("an assumed retention-campaign lift").all()


def test_bad_lift_and_bad_tables_are_refused_clearly():
    with pytest.raises(CRMDataError, match="retention_lift"):
        level_assumptions(-0.1)
    with pytest.raises(CRMDataError, match="retention_lift"):
        level_assumptions("a lot")
    bad = level_assumptions().assign(cost_per_customer=[0, 1, -4, 10, 22])
    with pytest.raises(CRMDataError, match="assumptions.cost_per_customer.*'accountable'"):
        require_assumptions(bad)
    with pytest.raises(CRMDataError, match="twice"):
        require_assumptions(pd.concat([level_assumptions()] * 2, ignore_index=True))
    with pytest.raises(CRMDataError, match="spend_gain"):
        require_assumptions(level_assumptions().drop(columns="spend_gain"))
