"""Tests of crm_lessons.goals on tiny hand-made tables whose answers can be checked by eye."""

import sqlite3

import numpy as np
import pandas as pd
import pytest

from crm_lessons import goals
from crm_lessons.errors import CRMDataError


def tiny_tables():
    """Three customers: 1 buys twice and answers a survey, 2 only raises a ticket, 3 nothing."""
    customers = pd.DataFrame({
        "customer_id": [1, 2, 3],
        "channel": pd.Categorical(["email", "search", "referral"]),
        "region": pd.Categorical(["North", "South", "North"]),
        "referred_by": pd.array([None, None, 1], dtype="Int64"),
        "loyalty_member": [True, False, False],
    })
    orders = pd.DataFrame({
        "order_id": [10, 11, 12],
        "customer_id": [1, 1, 2],
        "order_date": pd.to_datetime(["2024-01-05", "2024-03-01", "2023-01-01"]),
        "revenue": [20.0, 30.0, 12.5],
    })
    tickets = pd.DataFrame({"ticket_id": [1, 2], "customer_id": [2, 2],
                            "handling_cost": [8.0, 4.0]})
    surveys = pd.DataFrame({
        "survey_id": [1, 2, 3], "customer_id": [1, 1, 2],
        "survey_date": pd.to_datetime(["2023-06-01", "2024-03-31", "2024-03-31"]),
        "recommend": [6, 10, 7],
        "expectation": [5, 6, 4], "perceived": [6, 6, 3],
        "monthly_category_spend": [50.0, 25.0, 30.0],
    })
    contacts = pd.DataFrame({
        "contact_id": [1, 2, 3], "customer_id": pd.array([1, None, 1], dtype="Int64"),
        "responded": [True, False, False],
    })
    return customers, orders, tickets, surveys, contacts


# ---- single customer view ------------------------------------------------------------------

def test_single_customer_view_has_one_row_per_customer_with_every_department():
    view = goals.single_customer_view(*tiny_tables())
    assert view["customer_id"].tolist() == [1, 2, 3]
    first = view.iloc[0]
    assert (first["n_orders"], first["revenue"]) == (2, 50.0)
    assert first["last_order_date"] == pd.Timestamp("2024-03-01")
    assert (first["n_surveys"], first["mean_recommend"]) == (2, 8.0)
    assert (first["n_contacts"], first["n_responses"]) == (2, 1)
    assert view.loc[1, "service_cost"] == 12.0 and view.loc[1, "n_tickets"] == 2
    # a customer nobody has dealt with yet still has a row, with zeros
    assert view.loc[2, ["n_orders", "revenue", "n_tickets"]].tolist() == [0, 0.0, 0]
    assert pd.isna(view.loc[2, "mean_recommend"]) and pd.isna(view.loc[2, "last_order_date"])


def to_sqlite(tables) -> sqlite3.Connection:
    con = sqlite3.connect(":memory:")
    for name, df in zip(["customers", "orders", "tickets", "surveys", "contacts"], tables,
                        strict=True):
        out = df.copy()
        for col in out.columns:
            if pd.api.types.is_datetime64_any_dtype(out[col]):
                out[col] = out[col].dt.strftime("%Y-%m-%d")
            elif isinstance(out[col].dtype, pd.CategoricalDtype):
                out[col] = out[col].astype(str)
        out.to_sql(name, con, index=False)
    return con


def test_the_sql_view_agrees_with_the_pandas_view():
    tables = tiny_tables()
    py = goals.single_customer_view(*tables)
    sql = goals.single_customer_view_sql(to_sqlite(tables))
    assert list(sql.columns) == list(py.columns)
    diff = goals.view_differences(py, sql)
    assert diff.sum() == 0, diff[diff > 0]


def test_view_differences_counts_cells_that_differ():
    a = pd.DataFrame({"customer_id": [1, 2], "revenue": [10.0, np.nan], "region": ["N", "S"]})
    b = pd.DataFrame({"customer_id": [2, 1], "revenue": [np.nan, 11.0], "region": ["S", "N"]})
    assert goals.view_differences(a, b).to_dict() == {"revenue": 1, "region": 0}


def test_view_differences_refuses_different_customers_or_columns():
    a = pd.DataFrame({"customer_id": [1, 2], "revenue": [1.0, 2.0]})
    with pytest.raises(CRMDataError, match="same customer_id"):
        goals.view_differences(a, a.iloc[:1])
    with pytest.raises(CRMDataError, match="same columns"):
        goals.view_differences(a, a.rename(columns={"revenue": "sales"}))


def test_single_customer_view_errors_name_table_and_column():
    customers, orders, tickets, surveys, contacts = tiny_tables()
    with pytest.raises(CRMDataError, match="orders has no column 'revenue'"):
        goals.single_customer_view(customers, orders.drop(columns="revenue"), tickets, surveys,
                                   contacts)
    with pytest.raises(CRMDataError, match="repeated"):
        goals.single_customer_view(pd.concat([customers, customers]), orders, tickets, surveys,
                                   contacts)
    with pytest.raises(CRMDataError, match="store.connect"):
        goals.single_customer_view_sql("not a connection")
    with pytest.raises(CRMDataError, match="cannot build"):
        goals.single_customer_view_sql(sqlite3.connect(":memory:"))


# ---- kinds of CRM work ---------------------------------------------------------------------

def test_crm_tasks_cover_every_type_and_stance():
    tasks = goals.crm_tasks()
    assert tasks["task_id"].tolist() == list(range(1, len(tasks) + 1))
    grid = goals.crm_task_grid(tasks)
    assert (grid > 0).all().all(), "each type should have proactive and reactive examples"
    assert grid.to_numpy().sum() == len(tasks)


def test_crm_task_grid_rejects_an_unknown_label():
    bad = pd.DataFrame({"crm_type": ["operational", "strategic"], "stance": ["reactive"] * 2})
    with pytest.raises(CRMDataError, match="'strategic'"):
        goals.crm_task_grid(bad)


# ---- economics -----------------------------------------------------------------------------

def test_retention_projection_by_hand():
    # half the customers stay each year; margin 100 then 200; acquisition 50; no discounting
    p = goals.retention_projection(0.5, [100, 200], acquisition_cost=50, years=3)
    assert p["still_customer"].tolist() == [1.0, 0.5, 0.25]
    assert p["margin"].tolist() == [100.0, 200.0, 200.0]  # the last margin carries on
    assert p["expected_profit"].tolist() == [100.0, 100.0, 50.0]
    assert p["cumulative_profit"].tolist() == [50.0, 150.0, 200.0]


def test_discounting_divides_each_year_by_one_plus_rate_to_the_year():
    p = goals.retention_projection(1.0, 110, discount_rate=0.1, years=1)
    assert p["discounted_profit"].iloc[0] == pytest.approx(100.0)


def test_five_year_profit_rises_with_retention_and_uplift_is_relative():
    low = goals.five_year_profit(0.7, [50, 60, 70], acquisition_cost=80, discount_rate=0.08)
    high = goals.five_year_profit(0.75, [50, 60, 70], acquisition_cost=80, discount_rate=0.08)
    assert high > low
    up = goals.profit_uplift(0.7, 0.05, [50, 60, 70], acquisition_cost=80, discount_rate=0.08)
    assert up == pytest.approx((high - low) / abs(low))


def test_retention_profit_curve_matches_five_year_profit():
    curve = goals.retention_profit_curve([40, 50], acquisition_cost=30, rates=[0.6, 0.8])
    assert curve["profit"].tolist() == pytest.approx(
        [goals.five_year_profit(r, [40, 50], acquisition_cost=30) for r in (0.6, 0.8)])


@pytest.mark.parametrize("kwargs, message", [
    ({"retention_rate": 80}, "fraction between 0 and 1"),
    ({"retention_rate": "high"}, "number between 0 and 1"),
    ({"margin_by_year": []}, "at least one finite number"),
    ({"margin_by_year": ["a"]}, "should hold numbers"),
    ({"acquisition_cost": -5}, "at least 0"),
    ({"years": 0}, "whole number"),
])
def test_projection_errors_are_clear(kwargs, message):
    args = {"retention_rate": 0.8, "margin_by_year": [10.0], "acquisition_cost": 5.0,
            "years": 5} | kwargs
    with pytest.raises(CRMDataError, match=message):
        goals.retention_projection(**args)


def test_profit_uplift_refuses_retention_above_one():
    with pytest.raises(CRMDataError, match="above 1"):
        goals.profit_uplift(0.98, 0.05, 10.0)


def test_cost_ratio():
    assert goals.cost_ratio(60, 10) == 6.0
    with pytest.raises(CRMDataError, match="retention cost above 0"):
        goals.cost_ratio(60, 0)


# ---- goals measured in the data ------------------------------------------------------------

def test_share_of_wallet_uses_the_latest_survey_and_the_year_before_it():
    _, orders, _, surveys, _ = tiny_tables()
    sow = goals.share_of_wallet(orders, surveys)
    # customer 1: 50 EUR in the 12 months to 2024-03-31 -> 50/12 per month against 25
    assert sow[1] == pytest.approx(50 / 12 / 25)
    # customer 2: the only order is more than a year before the survey
    assert sow[2] == 0.0
    assert sow.index.tolist() == [1, 2]


def test_share_of_wallet_is_capped_at_one():
    orders = pd.DataFrame({"customer_id": [1], "order_date": pd.to_datetime(["2024-01-01"]),
                           "revenue": [1200.0]})
    surveys = pd.DataFrame({"customer_id": [1], "survey_date": pd.to_datetime(["2024-02-01"]),
                            "monthly_category_spend": [10.0]})
    assert goals.share_of_wallet(orders, surveys).tolist() == [1.0]


def test_share_of_wallet_errors():
    _, orders, _, surveys, _ = tiny_tables()
    with pytest.raises(CRMDataError, match="surveys has no column 'monthly_category_spend'"):
        goals.share_of_wallet(orders, surveys.drop(columns="monthly_category_spend"))
    with pytest.raises(CRMDataError, match="months"):
        goals.share_of_wallet(orders, surveys, months=0)


def test_advocates_are_promoters_or_referrers():
    customers, _, _, surveys, _ = tiny_tables()
    # 1: latest recommend 10 (and referred 3); 2: recommend 7; 3: never surveyed, no referral
    assert goals.advocates(customers, surveys).tolist() == [True, False, False]
    assert goals.advocate_share(customers, surveys) == pytest.approx(1 / 3)


def test_service_cost_per_customer_counts_customers_without_tickets():
    customers, _, tickets, _, _ = tiny_tables()
    assert goals.service_cost_per_customer(tickets, customers) == pytest.approx(12 / 3)
    with pytest.raises(CRMDataError, match="customers is empty"):
        goals.service_cost_per_customer(tickets, customers.iloc[:0])


def test_loyalty_ladder_counts_each_rung():
    customers, orders, _, surveys, _ = tiny_tables()
    prospects = pd.DataFrame({"prospect_id": [1, 2],
                              "customer_id": pd.array([1, None], dtype="Int64")})
    ladder = goals.loyalty_ladder(prospects, customers, orders, surveys)
    # prospects: 2 leads + customers 2 and 3 who came without one = 4
    assert ladder["people"].tolist() == [4, 2, 1, 1, 1]
    assert ladder["share_of_previous"].iloc[1] == 0.5


# ---- total quality marketing ---------------------------------------------------------------

def test_relative_quality_compares_with_the_average_of_the_others():
    bench = pd.DataFrame({"company": ["us", "a", "b"], "product_quality": [8.0, 6.0, 5.0],
                          "service_rating": [8.0, 6.0, 7.0], "price_index": [100.0] * 3})
    rq = goals.relative_quality(bench, "us").set_index("company")
    assert rq.loc["us", "relative_quality_index"] == pytest.approx(8 / 6 * 100)
    assert rq.loc["a", "relative_quality_index"] == pytest.approx(6 / 7 * 100)
    assert rq["is_us"].sum() == 1
    with pytest.raises(CRMDataError, match="no row 'we'"):
        goals.relative_quality(bench, "we")


def test_quality_gap():
    _, _, _, surveys, _ = tiny_tables()
    gap = goals.quality_gap(surveys).iloc[0]
    assert gap["mean_gap"] == pytest.approx(0.0)
    assert gap["share_met"] == pytest.approx(2 / 3)
    with pytest.raises(CRMDataError, match="perceived"):
        goals.quality_gap(surveys.drop(columns="perceived"))


# ---- teaching tables -----------------------------------------------------------------------

def test_relationship_levels_in_order_of_investment():
    assert goals.relationship_levels()["level"].tolist() == goals.RELATIONSHIP_LEVELS
    assert len(goals.relationship_benefits()) == 3
    assert goals.crm_phases()["phase"].tolist()[-1] == "value and success"


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


def test_goal_scorecard_ties_each_goal_to_a_measure():
    customers, orders, tickets, surveys, _ = tiny_tables()
    card = goals.goal_scorecard(customers, orders, tickets, surveys, defection_rate=0.2)
    assert card["value"].tolist() == pytest.approx([0.2, 50 / 12 / 25 / 2, 1 / 3, 4.0])
    assert set(card["better"]) == {"lower", "higher"}
    with pytest.raises(CRMDataError, match="defection_rate"):
        goals.goal_scorecard(customers, orders, tickets, surveys, defection_rate=20)


def test_single_customer_view_rejects_text_ids():
    customers, orders, tickets, surveys, contacts = tiny_tables()
    spoiled = orders.assign(customer_id=["a", "b", "c"])
    with pytest.raises(CRMDataError, match="orders.customer_id should hold numbers"):
        goals.single_customer_view(customers, spoiled, tickets, surveys, contacts)


def test_suggest_relationship_level_rejects_a_number():
    with pytest.raises(CRMDataError, match="number_of_customers should be a word"):
        goals.suggest_relationship_level(3.0, "high")
