"""crm_lessons.clv.value: lifetime value per customer."""

import pytest

from crm_lessons import clv
from crm_lessons.errors import CRMDataError


def test_lifetime_value_is_discounted_spend_times_purchases(cdnow_summary, bg, pn, gg):
    s = cdnow_summary
    value = clv.lifetime_value(bg, gg, s, months=12, discount_rate=0.0)
    # a month is units.MONTH_DAYS = 30.4375 days = 4.348 weeks (lifetimes uses 4.345)
    undiscounted = gg.expected_spend(s) * bg.expected_purchases(s, 12 * 30.4375 / 7)
    assert value.to_numpy() == pytest.approx(undiscounted.to_numpy(), rel=1e-9)
    discounted = clv.lifetime_value(bg, gg, s, months=12, discount_rate=0.01)
    assert (discounted < value + 1e-12).all() and (discounted > 0).all()
    value_pn = clv.lifetime_value(pn, gg, s)
    assert value_pn.index.equals(s.index) and value_pn.name == "clv"
    # the spend model pulls a customer's mean towards the population mean p*gamma/(q-1)
    p = gg.params
    assert gg.expected_spend(s)[s["frequency"] == 0].iloc[0] == pytest.approx(
        p["p"] * p["gamma"] / (p["q"] - 1))


def test_lifetime_value_rejects_wrong_models(cdnow_summary, bg, gg):
    with pytest.raises(CRMDataError, match="purchase_model"):
        clv.lifetime_value(gg, gg, cdnow_summary)
    with pytest.raises(CRMDataError, match="months"):
        clv.lifetime_value(bg, gg, cdnow_summary, months=0)
    with pytest.raises(CRMDataError, match="discount_rate"):
        clv.lifetime_value(bg, gg, cdnow_summary, discount_rate=-0.01)
    with pytest.raises(CRMDataError, match="freq"):
        clv.lifetime_value(bg, gg, cdnow_summary, freq="fortnight")

