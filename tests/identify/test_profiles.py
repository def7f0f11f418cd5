"""Tests of crm_lessons.identify.profiles: a group of customers against all."""

import pandas as pd
import pytest

from crm_lessons import identify
from crm_lessons.errors import CRMDataError


def test_group_profile_indexes_each_level_against_all_customers():
    cust = pd.DataFrame({"customer_id": [1, 2, 3, 4],
                         "channel": ["email", "email", "search", "search"],
                         "region": ["N", "S", "N", "N"]})
    top = pd.Series([True, False, False, False], index=[1, 2, 3, 4])
    prof = identify.group_profile(cust, top, ["channel", "region"]).set_index(["attribute",
                                                                                 "level"])
    # the only top customer came by e-mail: 100% in the group against 50% overall -> 200
    assert prof.loc[("channel", "email"), "index"] == 200.0
    assert prof.loc[("channel", "search"), "index"] == 0.0
    assert prof.loc[("region", "N"), "group_share"] == 1.0
    assert prof.loc[("region", "N"), "all_share"] == 0.75
    with pytest.raises(CRMDataError, match="none of the customers"):
        identify.group_profile(cust, pd.Series([True], index=[99]), ["channel"])
    with pytest.raises(CRMDataError, match="customers has no column 'age_band'"):
        identify.group_profile(cust, top)
    with pytest.raises(CRMDataError, match="True/False"):
        identify.group_profile(cust, [True, False], ["channel"])


def test_group_profile_names_an_empty_customers_table():
    with pytest.raises(CRMDataError, match="customers is empty"):
        identify.group_profile(pd.DataFrame(columns=["customer_id", "channel"]),
                               pd.Series([True], index=[1]), ["channel"])
