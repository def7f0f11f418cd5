"""Tests of crm_lessons.goals.measures: the goals of CRM measured in the data."""

import pandas as pd
import pytest

from crm_lessons import goals
from crm_lessons.errors import CRMDataError


def test_share_of_wallet_uses_the_latest_survey_and_the_year_before_it(tiny_tables):
    _, orders, _, surveys, _ = tiny_tables
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


def test_share_of_wallet_errors(tiny_tables):
    _, orders, _, surveys, _ = tiny_tables
    with pytest.raises(CRMDataError, match="surveys has no column 'monthly_category_spend'"):
        goals.share_of_wallet(orders, surveys.drop(columns="monthly_category_spend"))
    with pytest.raises(CRMDataError, match="months should be a whole number of at least 1"):
        goals.share_of_wallet(orders, surveys, months=0)
    with pytest.raises(CRMDataError, match="months should be a whole number"):
        goals.share_of_wallet(orders, surveys, months=True)


def test_advocates_are_promoters_or_referrers(tiny_tables):
    customers, _, _, surveys, _ = tiny_tables
    # 1: latest recommend 10 (and referred 3); 2: recommend 7; 3: never surveyed, no referral
    assert goals.advocates(customers, surveys).tolist() == [True, False, False]
    assert goals.advocate_share(customers, surveys) == pytest.approx(1 / 3)


def test_service_cost_per_customer_counts_customers_without_tickets(tiny_tables):
    customers, _, tickets, _, _ = tiny_tables
    assert goals.service_cost_per_customer(tickets, customers) == pytest.approx(12 / 3)
    with pytest.raises(CRMDataError, match="customers is empty"):
        goals.service_cost_per_customer(tickets, customers.iloc[:0])


def test_loyalty_ladder_counts_each_rung(tiny_tables):
    customers, orders, _, surveys, _ = tiny_tables
    prospects = pd.DataFrame({"prospect_id": [1, 2],
                              "customer_id": pd.array([1, None], dtype="Int64")})
    ladder = goals.loyalty_ladder(prospects, customers, orders, surveys)
    # prospects: 2 leads + customers 2 and 3 who came without one = 4
    assert ladder["people"].tolist() == [4, 2, 1, 1, 1]
    assert ladder["share_of_previous"].iloc[1] == 0.5


def test_goal_scorecard_ties_each_goal_to_a_measure(tiny_tables):
    customers, orders, tickets, surveys, _ = tiny_tables
    card = goals.goal_scorecard(customers, orders, tickets, surveys, defection_rate=0.2)
    assert card["value"].tolist() == pytest.approx([0.2, 50 / 12 / 25 / 2, 1 / 3, 4.0])
    assert set(card["better"]) == {"lower", "higher"}
    with pytest.raises(CRMDataError, match="defection_rate should be a fraction from 0 to 1"):
        goals.goal_scorecard(customers, orders, tickets, surveys, defection_rate=20)


def _one_survey():
    return pd.DataFrame({"customer_id": [1], "recommend": [5],
                         "survey_date": pd.to_datetime(["2024-01-01"])})


def test_advocates_refuse_an_absurd_referrer():
    customers = pd.DataFrame({"customer_id": [1, 2], "referred_by": [1e308, None]})
    for helper in (goals.advocates, goals.advocate_share):
        with pytest.raises(CRMDataError, match=r"customers\.referred_by should hold whole-number "
                                               r"ids, but has values such as 1e\+308"):
            helper(customers, _one_survey())


def test_loyalty_ladder_refuses_text_ids():
    prospects = pd.DataFrame({"prospect_id": [1], "customer_id": ["one"]})
    customers = pd.DataFrame({"customer_id": [1], "loyalty_member": [True],
                              "referred_by": pd.array([None], dtype="Int64")})
    orders = pd.DataFrame({"customer_id": [1]})
    with pytest.raises(CRMDataError, match=r"prospects\.customer_id should hold numbers, but has "
                                           r"values such as 'one'"):
        goals.loyalty_ladder(prospects, customers, orders, _one_survey())


def test_share_of_wallet_refuses_text_survey_ids():
    orders = pd.DataFrame({"customer_id": [1], "revenue": [10.0],
                           "order_date": pd.to_datetime(["2024-01-01"])})
    surveys = pd.DataFrame({"customer_id": ["n/a"], "monthly_category_spend": [40.0],
                            "survey_date": pd.to_datetime(["2024-02-01"])})
    with pytest.raises(CRMDataError, match=r"surveys\.customer_id should hold numbers"):
        goals.share_of_wallet(orders, surveys)


# ---- one answer per customer: the latest ---------------------------------------------------

def _two_answers():
    """Customer 7 answered twice (the later answer first in the file), customer 8 once."""
    return pd.DataFrame({"survey_id": [1, 2, 3], "customer_id": [7, 8, 7],
                         "survey_date": pd.to_datetime(["2024-06-01", "2024-01-01",
                                                        "2023-11-01"]),
                         "recommend": [10, 6, 3], "monthly_category_spend": [40.0, 20.0, 5.0]})


def test_latest_surveys_keeps_each_customers_latest_answer():
    latest = goals.latest_surveys(_two_answers())
    assert latest["customer_id"].tolist() == [7, 8]
    assert latest["survey_id"].tolist() == [1, 2]
    same_day = pd.DataFrame({"customer_id": [5, 5], "recommend": [1, 2],
                             "survey_date": pd.to_datetime(["2024-01-01", "2024-01-01"])})
    assert goals.latest_surveys(same_day)["recommend"].tolist() == [2]   # the later row


def test_latest_surveys_names_a_missing_date_or_column():
    with pytest.raises(CRMDataError, match="surveys has no column 'survey_date'"):
        goals.latest_surveys(_two_answers().drop(columns="survey_date"))
    with pytest.raises(CRMDataError, match="surveys has no column 'satisfaction'"):
        goals.latest_surveys(_two_answers(), "satisfaction")


def test_advocates_and_share_of_wallet_read_the_latest_answer_only():
    customers = pd.DataFrame({"customer_id": [7, 8],
                              "referred_by": pd.array([None, None], dtype="Int64")})
    # 7's latest answer gives 10, its earlier one 3: an advocate, counted once
    assert goals.advocates(customers, _two_answers()).tolist() == [True, False]
    orders = pd.DataFrame({"customer_id": [7], "order_date": pd.to_datetime(["2024-05-01"]),
                           "revenue": [48.0]})
    sow = goals.share_of_wallet(orders, _two_answers())
    assert sow.index.tolist() == [7, 8] and sow[7] == pytest.approx(4.0 / 40.0)


def test_on_the_shipped_data_each_customer_counts_once():
    from crm_lessons import load_store

    shipped_store = load_store()
    surveys = shipped_store.surveys
    assert surveys["customer_id"].duplicated().any()      # some customers answered twice
    n = surveys["customer_id"].nunique()
    assert len(goals.latest_surveys(surveys)) == n
    assert goals.share_of_wallet(shipped_store.orders, surveys).index.is_unique
    flags = goals.advocates(shipped_store.customers, surveys)
    assert flags.index.is_unique and len(flags) == len(shipped_store.customers)
