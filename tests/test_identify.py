"""Tests of crm_lessons.identify on tiny hand-made tables whose answers can be checked by eye."""

import numpy as np
import pandas as pd
import pytest

from crm_lessons import identify
from crm_lessons.errors import CRMDataError


def five_customers():
    """Customer 1 spends 60 EUR over two orders; customers 2-5 spend 10 EUR each."""
    return pd.DataFrame({
        "order_id": [1, 2, 3, 4, 5, 6],
        "customer_id": [1, 1, 2, 3, 4, 5],
        "revenue": [40.0, 20.0, 10.0, 10.0, 10.0, 10.0],
    })


# ---- revenue concentration -----------------------------------------------------------------

def test_customer_revenue_sums_orders_per_customer_largest_first():
    rev = identify.customer_revenue(five_customers())
    assert rev.index.tolist() == [1, 2, 3, 4, 5]
    assert rev.tolist() == [60.0, 10.0, 10.0, 10.0, 10.0]


def test_revenue_concentration_is_the_share_of_the_best_fifth():
    # 5 customers: the top 20% is customer 1, who brings 60 of 100 EUR
    assert identify.revenue_concentration(five_customers(), top=0.2) == pytest.approx(0.6)
    # the top 40% is customers 1 and one 10-EUR customer: 70 of 100
    assert identify.revenue_concentration(five_customers(), top=0.4) == pytest.approx(0.7)
    assert identify.revenue_concentration(five_customers(), top=1.0) == pytest.approx(1.0)


def test_revenue_concentration_of_equal_customers_equals_their_headcount_share():
    orders = pd.DataFrame({"customer_id": np.arange(10), "revenue": np.full(10, 5.0)})
    assert identify.revenue_concentration(orders, top=0.2) == pytest.approx(0.2)
    assert identify.revenue_concentration(orders, top=0.5) == pytest.approx(0.5)


def test_revenue_concentration_takes_at_least_one_customer():
    orders = pd.DataFrame({"customer_id": [1, 2], "revenue": [3.0, 1.0]})
    assert identify.revenue_concentration(orders, top=0.01) == pytest.approx(0.75)


@pytest.mark.parametrize("top", [0, -0.1, 1.5, 20, "20%", None, True, float("nan")])
def test_revenue_concentration_rejects_a_bad_fraction(top):
    with pytest.raises(CRMDataError, match="top"):
        identify.revenue_concentration(five_customers(), top=top)


def test_revenue_concentration_names_a_missing_column():
    with pytest.raises(CRMDataError, match="orders has no column 'revenue'"):
        identify.revenue_concentration(five_customers().drop(columns="revenue"))


def test_revenue_concentration_rejects_empty_text_and_missing_values():
    with pytest.raises(CRMDataError, match="orders is empty"):
        identify.revenue_concentration(five_customers().iloc[:0])
    text = five_customers().assign(revenue=["a", "1", "2", "3", "4", "5"])
    with pytest.raises(CRMDataError, match="orders.revenue should hold numbers"):
        identify.revenue_concentration(text)
    nan = five_customers().assign(revenue=[np.nan, 1, 2, 3, 4, 5])
    with pytest.raises(CRMDataError, match="missing values"):
        identify.revenue_concentration(nan)
    with pytest.raises(CRMDataError, match="DataFrame"):
        identify.revenue_concentration([1, 2, 3])
    zero = five_customers().assign(revenue=0.0)
    with pytest.raises(CRMDataError, match="zero"):
        identify.revenue_concentration(zero)


def test_top_share_and_concentration_curve_agree():
    values = pd.Series([60.0, 10.0, 30.0], index=[7, 8, 9])
    curve = identify.concentration_curve(values)
    assert curve["customer_share"].tolist() == pytest.approx([0, 1 / 3, 2 / 3, 1])
    assert curve["value_share"].tolist() == pytest.approx([0, 0.6, 0.9, 1.0])
    assert identify.top_share(values, top=1 / 3) == pytest.approx(0.6)
    with pytest.raises(CRMDataError, match="Series"):
        identify.concentration_curve([1.0, 2.0])
    with pytest.raises(CRMDataError, match="empty"):
        identify.concentration_curve(pd.Series([], dtype=float))
    with pytest.raises(CRMDataError, match="missing values"):
        identify.top_share(pd.Series([1.0, np.nan]))


def test_crm_elements_puts_identification_first():
    table = identify.crm_elements()
    assert table["element"].tolist() == ["identification", "attraction", "retention",
                                         "development"]
    assert table.loc[0, "lesson"] == "02"


# ---- RFM -----------------------------------------------------------------------------------

def dated_orders():
    """Customer 1: two orders, last on 1 March; customer 2: one order on 1 February;
    customer 3: one order after the as-of date (left out)."""
    return pd.DataFrame({
        "order_id": [1, 2, 3, 4],
        "customer_id": [1, 1, 2, 3],
        "order_date": pd.to_datetime(["2024-01-01", "2024-03-01", "2024-02-01", "2024-05-01"]),
        "revenue": [20.0, 30.0, 5.0, 99.0],
    })


def test_rfm_table_counts_days_orders_and_money_up_to_the_as_of_date():
    rfm = identify.rfm_table(dated_orders(), as_of="2024-03-31")
    assert rfm["customer_id"].tolist() == [1, 2]          # customer 3 ordered later
    assert rfm["recency_days"].tolist() == [30.0, 59.0]
    assert rfm["frequency"].tolist() == [2, 1]
    assert rfm["monetary"].tolist() == [50.0, 5.0]
    # without as_of, "today" is the last order date in the table
    assert identify.rfm_table(dated_orders())["recency_days"].tolist() == [61.0, 90.0, 0.0]


def test_rfm_table_errors_are_clear():
    with pytest.raises(CRMDataError, match="orders has no column 'order_date'"):
        identify.rfm_table(dated_orders().drop(columns="order_date"))
    with pytest.raises(CRMDataError, match="no order on or before"):
        identify.rfm_table(dated_orders(), as_of="2020-01-01")
    with pytest.raises(CRMDataError, match="as_of"):
        identify.rfm_table(dated_orders(), as_of="not a date")
    with pytest.raises(CRMDataError, match="should hold dates"):
        identify.rfm_table(dated_orders().assign(order_date="soon"))
    with pytest.raises(CRMDataError, match="orders is empty"):
        identify.rfm_table(dated_orders().iloc[:0])


def ten_customers():
    """Customer i (1-10): recency 10*i days, i orders, 100*i EUR: higher ids buy more but
    longer ago."""
    i = np.arange(1, 11)
    return pd.DataFrame({"customer_id": i, "recency_days": 10.0 * i, "frequency": i,
                         "monetary": 100.0 * i})


def test_rfm_scores_are_quintiles_with_recent_customers_scoring_high():
    scores = identify.rfm_scores(ten_customers())
    assert scores["r_score"].tolist() == [5, 5, 4, 4, 3, 3, 2, 2, 1, 1]
    assert scores["f_score"].tolist() == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]
    assert scores["m_score"].tolist() == scores["f_score"].tolist()
    # each quintile holds the same number of customers
    assert scores["r_score"].value_counts().tolist() == [2] * 5


def test_rfm_scores_break_ties_by_customer_id_whatever_the_row_order():
    rfm = pd.DataFrame({"customer_id": [4, 3, 2, 1, 5], "recency_days": [9.0] * 5,
                        "frequency": [1] * 5, "monetary": [10.0] * 5})
    scores = identify.rfm_scores(rfm).set_index("customer_id")
    assert scores["f_score"].sort_index().tolist() == [1, 2, 3, 4, 5]
    shuffled = identify.rfm_scores(rfm.iloc[::-1]).set_index("customer_id")
    assert shuffled["f_score"].sort_index().tolist() == [1, 2, 3, 4, 5]


def test_rfm_scores_with_fixed_recency_edges():
    scores = identify.rfm_scores(ten_customers(), recency_edges=[15, 30, 45, 60])
    # 10 days -> 5; 20, 30 -> 4; 40 -> 3; 50, 60 -> 2; over 60 -> 1
    assert scores["r_score"].tolist() == [5, 4, 4, 3, 2, 2, 1, 1, 1, 1]
    three = identify.rfm_scores(ten_customers(), bins=3)
    assert sorted(three["m_score"].unique()) == [1, 2, 3]


def test_rfm_scores_errors_are_clear():
    with pytest.raises(CRMDataError, match="bins"):
        identify.rfm_scores(ten_customers(), bins=1)
    with pytest.raises(CRMDataError, match="recency_edges"):
        identify.rfm_scores(ten_customers(), recency_edges=[30, 10])
    with pytest.raises(CRMDataError, match="rfm has no column 'monetary'"):
        identify.rfm_scores(ten_customers().drop(columns="monetary"))
    with pytest.raises(CRMDataError, match="rfm.frequency has 1 missing"):
        identify.rfm_scores(ten_customers().assign(frequency=[np.nan] + [1.0] * 9))
    with pytest.raises(CRMDataError, match="below 0"):
        identify.rfm_scores(ten_customers().assign(monetary=-1.0))


def test_segment_rules_cover_every_cell_once_in_order():
    rules = identify.segment_rules()
    assert rules["segment"].tolist()[:3] == ["champions", "potential loyalists", "new"]
    assert {"at risk", "can't lose them", "hibernating", "lost", "loyal"} <= set(rules["segment"])
    r, fm = np.meshgrid(np.arange(1, 6), np.arange(1, 6))
    cells = pd.DataFrame({"r_score": r.ravel(), "f_score": fm.ravel(), "m_score": fm.ravel()})
    segs = identify.rfm_segments(cells)
    assert segs.notna().all()
    named = dict(zip(zip(cells["r_score"], cells["f_score"], strict=True), segs, strict=True))
    assert named[(5, 5)] == "champions" and named[(1, 1)] == "lost"
    assert named[(1, 5)] == "can't lose them" and named[(2, 4)] == "at risk"
    assert named[(5, 1)] == "new" and named[(3, 4)] == "loyal" and named[(2, 1)] == "hibernating"


def test_monetary_weight_moves_a_big_one_off_spender():
    # recent, one order, top spend: FM is 3 with equal weights, 5 on money alone
    scores = pd.DataFrame({"r_score": [5], "f_score": [1], "m_score": [5]})
    assert identify.rfm_segments(scores).tolist() == ["potential loyalists"]
    assert identify.rfm_segments(scores, monetary_weight=1.0).tolist() == ["champions"]
    assert identify.rfm_segments(scores, monetary_weight=0.0).tolist() == ["new"]
    with pytest.raises(CRMDataError, match="monetary_weight"):
        identify.rfm_segments(scores, monetary_weight=2)
    with pytest.raises(CRMDataError, match="whole scores from 1 to 5"):
        identify.rfm_segments(scores.assign(r_score=7))


def test_segment_summary_shares_add_up():
    table = pd.DataFrame({"segment": ["a", "a", "b", "c"], "monetary": [10.0, 30.0, 50.0, 10.0]})
    summary = identify.segment_summary(table)
    assert summary["segment"].tolist() == ["a", "b", "c"]
    assert summary["customers"].tolist() == [2, 1, 1]
    assert summary["revenue_share"].tolist() == pytest.approx([0.4, 0.5, 0.1])
    assert summary["revenue_per_customer"].tolist() == pytest.approx([20.0, 50.0, 10.0])
    profit = identify.segment_summary(table.rename(columns={"monetary": "profit"}),
                                      value="profit", label="profit")
    assert profit["profit_per_customer"].tolist() == pytest.approx([20.0, 50.0, 10.0])
    with pytest.raises(CRMDataError, match="table has no column 'segment'"):
        identify.segment_summary(table.drop(columns="segment"))


def test_segment_grid_counts_customers_per_cell():
    scores = identify.rfm_scores(ten_customers())
    grid = identify.segment_grid(scores)
    assert len(grid) == 25 and grid["customers"].sum() == 10
    cell = grid[(grid["r_score"] == 5) & (grid["fm_score"] == 1)]
    assert cell["customers"].iloc[0] == 2 and cell["segment"].iloc[0] == "new"


def test_segment_survey_profile_uses_each_customers_latest_answer():
    segs = pd.Series(["champions", "lost"], index=[1, 2])
    surveys = pd.DataFrame({
        "customer_id": [1, 1, 2], "survey_date": pd.to_datetime(["2024-01-01", "2024-06-01",
                                                                 "2024-03-01"]),
        "recommend": [3, 10, 5], "perceived": [4, 7, 3], "expectation": [5, 5, 5],
        "monthly_category_spend": [20.0, 40.0, 10.0]})
    prof = identify.segment_survey_profile(segs, surveys)
    assert prof.loc["champions", "mean_recommend"] == 10
    assert prof.loc["champions", "mean_gap"] == 2 and prof.loc["lost", "mean_gap"] == -2
    assert prof["responses"].tolist() == [1, 1]
    with pytest.raises(CRMDataError, match="surveys has no column 'recommend'"):
        identify.segment_survey_profile(segs, surveys.drop(columns="recommend"))


# ---- value tiers and the value x service grid ----------------------------------------------

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


def tickets_and_orders():
    """Customers 1 and 2 spend most; 1 and 4 need service (20 EUR and 15 EUR of tickets)."""
    orders = pd.DataFrame({"customer_id": [1, 2, 3, 4, 5],
                           "revenue": [100.0, 90.0, 10.0, 5.0, 8.0]})
    tickets = pd.DataFrame({"customer_id": [1, 4], "handling_cost": [20.0, 15.0]})
    return orders, tickets


def test_service_need_is_per_order_with_zeros_for_quiet_customers():
    need = identify.service_need(*tickets_and_orders())
    assert need["tickets"].tolist() == [1, 0, 0, 1, 0]
    assert need["service_cost_per_order"].tolist() == [20.0, 0.0, 0.0, 15.0, 0.0]
    orders, tickets = tickets_and_orders()
    with pytest.raises(CRMDataError, match="tickets has no column 'handling_cost'"):
        identify.service_need(orders, tickets.drop(columns="handling_cost"))


def test_value_service_quadrants_name_the_four_cases():
    quad = identify.value_service_quadrants(*tickets_and_orders(), top=0.4)
    # average service cost per order = 35 / 5 = 7 EUR
    assert quad["quadrant"].tolist() == ["high value, high need", "high value, low need",
                                         "low value, low need", "low value, high need",
                                         "low value, low need"]
    offers = identify.quadrant_offers()
    assert offers["quadrant"].tolist() == identify.QUADRANTS
    strict = identify.value_service_quadrants(*tickets_and_orders(), top=0.4, need_threshold=16)
    assert strict["high_need"].tolist() == [True, False, False, False, False]
    with pytest.raises(CRMDataError, match="need_threshold"):
        identify.value_service_quadrants(*tickets_and_orders(), need_threshold=-1)


# ---- profiles of profitable groups ---------------------------------------------------------

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


# ---- k-means ---------------------------------------------------------------------------------

def two_groups():
    """Three recent big frequent buyers and three old one-off small buyers."""
    return pd.DataFrame({"customer_id": range(6), "recency_days": [1, 2, 3, 300, 301, 302],
                         "frequency": [9, 8, 9, 1, 1, 2],
                         "monetary": [900.0, 800.0, 850.0, 10.0, 12.0, 11.0]})


def test_kmeans_finds_the_two_obvious_groups_and_numbers_the_bigger_spenders_first():
    labels = identify.kmeans_segments(two_groups(), k=2)
    assert labels.tolist() == [0, 0, 0, 1, 1, 1]
    # the same answer from the same random_state
    assert identify.kmeans_segments(two_groups(), k=2).tolist() == labels.tolist()


def test_choose_k_prefers_two_clusters_for_two_groups():
    table = identify.choose_k(two_groups(), ks=[2, 3, 4])
    assert table["k"].tolist() == [2, 3, 4]
    assert table.loc[table["silhouette"].idxmax(), "k"] == 2
    assert table["inertia"].is_monotonic_decreasing
    with pytest.raises(CRMDataError, match="more clusters than the customers"):
        identify.choose_k(two_groups(), ks=[2, 7])
    with pytest.raises(CRMDataError, match="k should hold"):
        identify.kmeans_segments(two_groups(), k=1)


def test_describe_clusters_speaks_marketing():
    rfm = two_groups()
    labels = identify.kmeans_segments(rfm, k=2)
    segments = identify.rfm_segments(identify.rfm_scores(rfm))
    desc = identify.describe_clusters(rfm, labels, segments)
    assert desc.loc[0, "description"] == "bought recently, frequent, big spenders"
    assert desc.loc[1, "description"] == "long gone, one-off, small spenders"
    assert desc["customers"].tolist() == [3, 3]
    assert desc.loc[0, "revenue_share"] > 0.9
    assert desc.loc[0, "main_segment"] == "champions"
    with pytest.raises(CRMDataError, match="one cluster number per row"):
        identify.describe_clusters(rfm, pd.Series([0, 1]))


def test_cluster_vs_segment_is_a_crosstab():
    tab = identify.cluster_vs_segment(pd.Series([0, 0, 1]), pd.Series(["a", "b", "b"]))
    assert tab.loc[0].tolist() == [1, 1] and tab.loc[1].tolist() == [0, 1]
    shares = identify.cluster_vs_segment(pd.Series([0, 0, 1]), pd.Series(["a", "b", "b"]),
                                         normalize=True)
    assert shares.sum(axis=1).tolist() == [1.0, 1.0]
    with pytest.raises(CRMDataError, match="same customers"):
        identify.cluster_vs_segment(pd.Series([0]), pd.Series(["a", "b"]))


# ---- lost customers ------------------------------------------------------------------------

def lost_tables():
    defections = pd.DataFrame({
        "customer_id": [1, 2, 3],
        "defection_date": pd.to_datetime(["2024-05-01", "2024-06-01", "2024-07-01"]),
        "reason": pd.Categorical(["service failure", "moved away", "lower price elsewhere"])})
    customers = pd.DataFrame({"customer_id": [1, 2, 3, 4], "channel": ["a", "b", "a", "b"],
                              "region": ["N", "S", "N", "S"],
                              "age_band": ["25-34", "35-44", "65+", "18-24"]})
    # revenues: 1 -> 90, 2 -> 80, 3 -> 5, 4 -> 40; median 60
    orders = pd.DataFrame({"customer_id": [1, 1, 2, 3, 4], "revenue": [50.0, 40.0, 80.0, 5.0,
                                                                        40.0]})
    return defections, customers, orders


def test_lost_customers_are_worth_winning_back_when_valuable_and_fixable():
    lost = identify.lost_customers(*lost_tables())
    assert lost["customer_id"].tolist() == [1, 2, 3]            # by past revenue
    assert lost["revenue"].tolist() == [90.0, 80.0, 5.0]
    assert lost["orders"].tolist() == [2, 1, 1]
    assert lost["fixable"].tolist() == [True, False, True]
    # 2 was valuable but moved away; 3 left on price but spent little
    assert lost["worth_winning_back"].tolist() == [True, False, False]
    cheap = identify.lost_customers(*lost_tables(), min_value=0)
    assert cheap["worth_winning_back"].tolist() == [True, False, True]
    assert set(identify.FIXABLE_REASONS) == set(
        identify.defection_reasons().query("fixable")["reason"])
    d, c, o = lost_tables()
    with pytest.raises(CRMDataError, match="defections has no column 'reason'"):
        identify.lost_customers(d.drop(columns="reason"), c, o)
    with pytest.raises(CRMDataError, match="min_value"):
        identify.lost_customers(d, c, o, min_value="high")


# ---- the explorer's pure function ----------------------------------------------------------

def test_segment_mix_changes_with_the_recency_step():
    rfm = ten_customers()
    quintiles = identify.segment_mix(rfm)
    assert quintiles["customers"].sum() == 10
    assert quintiles["revenue_share"].sum() == pytest.approx(1.0)
    assert len(quintiles) == len(identify.SEGMENTS)
    # with 100-day bands everyone (10-100 days) counts as recent: nobody is lost or at risk
    wide = identify.segment_mix(rfm, recency_step=100).set_index("segment")
    assert wide.loc[["lost", "at risk", "can't lose them"], "customers"].sum() == 0
    assert not wide["customers"].equals(quintiles.set_index("segment")["customers"])
    with pytest.raises(CRMDataError, match="recency_step"):
        identify.segment_mix(rfm, recency_step=0)


# ---- clear errors, helper by helper ----------------------------------------------------------

@pytest.mark.parametrize("call, message", [
    (lambda: identify.service_need(pd.DataFrame({"customer_id": [1], "revenue": [np.nan]}),
                                   pd.DataFrame({"customer_id": [1], "handling_cost": [1.0]})),
     "orders.revenue has 1 missing"),
    (lambda: identify.service_need(tickets_and_orders()[0].iloc[:0], tickets_and_orders()[1]),
     "orders is empty"),
    (lambda: identify.lost_customers(lost_tables()[0].iloc[:0], *lost_tables()[1:]),
     "defections is empty"),
    (lambda: identify.group_profile(pd.DataFrame(columns=["customer_id", "channel"]),
                                    pd.Series([True], index=[1]), ["channel"]),
     "customers is empty"),
    (lambda: identify.value_tiers(pd.Series([1.0, np.nan])), "missing values"),
    (lambda: identify.kmeans_segments(two_groups().assign(monetary="a lot"), k=2),
     "rfm.monetary should hold numbers"),
    (lambda: identify.describe_clusters("rfm", pd.Series([0])), "DataFrame"),
    (lambda: identify.segment_mix(ten_customers().iloc[:0]), "rfm is empty"),
    (lambda: identify.segment_grid(pd.DataFrame({"r_score": [5]})), "scores has no column"),
])
def test_every_helper_names_the_problem(call, message):
    with pytest.raises(CRMDataError, match=message):
        call()
