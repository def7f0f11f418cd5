"""crm_lessons.attract.referral: referred customers against the others, and advocates' chains."""

import pandas as pd
import pytest

from crm_lessons import attract
from crm_lessons.errors import CRMDataError


@pytest.fixture
def chain():
    # 1 referred 2 and 4; 2 referred 3; 3 referred 5
    customers = pd.DataFrame({"customer_id": [1, 2, 3, 4, 5],
                              "referred_by": pd.array([None, 1, 2, 1, 3], dtype="Int64")})
    value = pd.Series([5.0, 10.0, 20.0, 40.0, 80.0], index=[1, 2, 3, 4, 5])
    return customers, value


def test_referred_customers_are_compared_with_the_others(chain):
    customers, value = chain
    out = attract.referred_vs_other(customers, value).set_index("group")
    assert out.loc["referred", "customers"] == 4 and out.loc["referred", "mean_value"] == 37.5
    assert out.loc["not referred", "mean_value"] == 5.0


def test_advocate_value_follows_the_chain_down_to_depth(chain):
    customers, value = chain
    out = attract.advocate_value(customers, value).set_index("advocate")
    assert out.loc[1, "referred"] == 2 and out.loc[1, "direct_value"] == 50.0
    assert out.loc[1, "chain_value"] == 10 + 40 + 20 + 80       # three steps down
    assert attract.advocate_value(customers, value, depth=2).set_index("advocate").loc[
        1, "chain_value"] == 70.0
    assert out.index[0] == 1                                     # richest chain first


def test_no_advocate_or_a_bad_depth_is_refused(chain):
    customers, value = chain
    with pytest.raises(CRMDataError, match="no advocate"):
        attract.advocate_value(customers.assign(referred_by=pd.array([None] * 5, dtype="Int64")), value)
    with pytest.raises(CRMDataError, match="depth"):
        attract.advocate_value(customers, value, depth=0)
    with pytest.raises(CRMDataError, match="referred_by"):
        attract.referred_vs_other(customers.drop(columns="referred_by"), value)
