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
    with pytest.raises(CRMDataError, match="unit"):
        clv.lifetime_value(bg, gg, cdnow_summary, unit="fortnight")



# ---- the time unit travels with the model: no silent wrong number ---------------------------

@pytest.fixture(scope="module")
def daily(cdnow_summary):
    """The CDNOW sample summarised in days, its models, and the same summary read back from a
    CSV file (which keeps the numbers but loses summary.attrs["freq"])."""
    from crm_lessons.data import load_cdnow

    s = clv.purchase_summary(load_cdnow(sample=True), calibration_end="1997-09-30", freq="D")
    return s, clv.fit_bgnbd(s), clv.fit_gamma_gamma(s)


def test_a_daily_summary_read_back_from_csv_is_refused_not_valued_in_weeks(daily, tmp_path):
    import pandas as pd

    s, bg_days, gg_days = daily
    s.to_csv(tmp_path / "summary.csv")
    back = pd.read_csv(tmp_path / "summary.csv", index_col="customer_id")
    assert "freq" not in back.attrs
    # before: the unit fell back to weeks, and this gave values 5.6 times too low, silently
    with pytest.raises(CRMDataError, match=r"does not say its time unit.*unit='D' \(days\)"):
        clv.lifetime_value(bg_days, gg_days, back)
    for predict in (lambda: bg_days.expected_purchases(back, 30),
                    lambda: bg_days.probability_alive(back),
                    lambda: bg_days.cumulative_purchases(back, [30, 60]),
                    lambda: clv.fit_bgnbd(back), lambda: clv.fit_pareto_nbd(back)):
        with pytest.raises(CRMDataError, match="does not say its time unit"):
            predict()
    # stated explicitly, it is the value of the summary that never left memory
    before = clv.lifetime_value(bg_days, gg_days, s)
    after = clv.lifetime_value(bg_days, gg_days, back, unit="D")
    assert after.to_numpy() == pytest.approx(before.to_numpy(), rel=1e-12)
    refit = clv.fit_bgnbd(back, unit="D")
    assert refit.unit == refit.freq == "D"
    assert refit.params == pytest.approx(bg_days.params, rel=1e-9)


def test_a_summary_in_another_unit_than_the_model_is_refused(daily, cdnow_summary, bg, gg):
    s, bg_days, gg_days = daily
    assert bg.unit == "W" and bg_days.unit == "D" and gg_days.unit == "D"
    with pytest.raises(CRMDataError, match=r"summary is in weeks \('W'\) but the model was "
                                           r"fitted in days \('D'\)"):
        clv.lifetime_value(bg_days, gg, cdnow_summary)
    with pytest.raises(CRMDataError, match="summary is in days"):
        bg.expected_purchases(s, 39)
    # a unit= that contradicts the summary's own is refused too, naming both
    with pytest.raises(CRMDataError, match=r"unit='W' \(weeks\) disagrees .* says 'D' \(days\)"):
        clv.lifetime_value(bg_days, gg_days, s, unit="W")
    # the same customers valued in days and in weeks are worth the same (one month length)
    weeks = clv.lifetime_value(bg, gg, cdnow_summary)
    days = clv.lifetime_value(bg_days, gg_days, s)
    assert days.sum() == pytest.approx(weeks.sum(), rel=0.01)


def test_a_model_cannot_be_made_without_a_unit():
    with pytest.raises(CRMDataError, match="freq"):
        clv.BGNBD({"r": 0.2, "alpha": 4.0, "a": 0.8, "b": 2.0}, -1.0, 2)
