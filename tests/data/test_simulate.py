"""crm_lessons.data.simulate: the generated tables agree with each other, a seed always gives
the same data and the default seed gives the shipped files."""

import pandas as pd

from crm_lessons.data import (
    DEFAULT_SEED,
    generate_store,
)
from crm_lessons.schema import COMPANY, STORE_TABLES


def test_tables_agree_with_each_other(shipped):
    s = shipped
    first = s.orders.groupby("customer_id")["order_date"].min()
    assert (first == s.customers.set_index("customer_id")["signup_date"]).all()
    lines = s.order_lines
    assert (lines["returned_quantity"] <= lines["quantity"]).all()
    gross = (lines["quantity"] * lines["unit_price"]).groupby(lines["order_id"]).sum()
    orders = s.orders.set_index("order_id")
    assert ((orders["revenue"] + orders["discount"]) - gross).abs().max() < 0.011
    members = s.customers[s.customers["loyalty_member"]]
    assert members["loyalty_join_date"].notna().all()
    assert s.customers.loc[~s.customers["loyalty_member"], "loyalty_join_date"].isna().all()
    assert s.defections["customer_id"].is_unique
    responded = s.contacts[s.contacts["responded"]]
    assert responded["order_id"].notna().all()
    assert s.contacts.loc[~s.contacts["responded"], "order_id"].isna().all()
    assert set(s.benchmark["company"]) >= {COMPANY}


def test_seeds_give_different_variants_and_the_same_seed_the_same_data(shipped, variant):
    assert not variant.orders["revenue"].equals(shipped.orders["revenue"])
    assert variant.seed == 11
    again = generate_store(11)
    pd.testing.assert_frame_equal(again["orders"], variant.orders)


def test_the_shipped_csv_matches_the_generator_exactly(shipped):
    generated = generate_store(DEFAULT_SEED)
    for table in STORE_TABLES:
        pd.testing.assert_frame_equal(getattr(shipped, table), generated[table], check_exact=True)


def test_some_customers_answer_a_follow_up_survey_while_still_customers(shipped):
    surveys = shipped.surveys.sort_values(["customer_id", "survey_date"])
    answers = surveys["customer_id"].value_counts()
    assert answers.max() == 2 and 0.05 < (answers == 2).mean() < 0.3
    twice = surveys[surveys["customer_id"].duplicated(keep=False)]
    dates = twice.groupby("customer_id")["survey_date"].agg(["min", "max"])
    gap = (dates["max"] - dates["min"]).dt.days
    assert gap.between(120, 485).all()                   # 4 to 16 months after the first
    left = shipped.defections.set_index("customer_id")["defection_date"]
    stated = dates.join(left, how="inner")
    assert (stated["max"] <= stated["defection_date"]).all()   # asked while still a customer
    assert surveys["survey_id"].is_unique


def test_the_follow_up_wave_leaves_every_other_table_unchanged(shipped, monkeypatch):
    from crm_lessons.data.simulate import surveys as wave

    monkeypatch.setattr(wave, "FOLLOW_UP_SHARE", 0.0)
    first_only = generate_store(DEFAULT_SEED)
    assert first_only["surveys"]["customer_id"].is_unique
    for table in STORE_TABLES:
        if table != "surveys":
            pd.testing.assert_frame_equal(first_only[table], getattr(shipped, table),
                                          check_exact=True)
    key = ["customer_id", "survey_date", "recommend"]
    first = first_only["surveys"][key].merge(shipped.surveys[key], how="left", indicator=True)
    assert (first["_merge"] == "both").all()             # the first answers are all still there
    assert len(shipped.surveys) > len(first_only["surveys"])


def test_the_coffee_club_is_consistent_and_leaves_the_other_tables_alone(shipped):
    subs = shipped.subscriptions
    assert subs["customer_id"].isin(shipped.customers["customer_id"]).all()
    assert subs["start_date"].min() >= pd.Timestamp("2023-01-01")
    ended = subs.dropna(subset=["end_date"])
    assert (ended["end_date"] > ended["start_date"]).all()
    assert 0.3 < subs["end_date"].isna().mean() < 0.8
    assert set(subs["plan"].astype(str)) == {"monthly", "yearly"}
