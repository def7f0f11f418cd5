"""Tests of crm_lessons.goals.customer_view: the single customer view in pandas and SQL."""

import sqlite3

import numpy as np
import pandas as pd
import pytest

from crm_lessons import goals
from crm_lessons.errors import CRMDataError


def test_single_customer_view_has_one_row_per_customer_with_every_department(tiny_tables):
    view = goals.single_customer_view(*tiny_tables)
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


def test_the_sql_view_agrees_with_the_pandas_view(tiny_tables):
    tables = tiny_tables
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


def test_single_customer_view_errors_name_table_and_column(tiny_tables):
    customers, orders, tickets, surveys, contacts = tiny_tables
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


def test_single_customer_view_rejects_text_ids(tiny_tables):
    customers, orders, tickets, surveys, contacts = tiny_tables
    spoiled = orders.assign(customer_id=["a", "b", "c"])
    with pytest.raises(CRMDataError, match="orders.customer_id should hold numbers"):
        goals.single_customer_view(customers, spoiled, tickets, surveys, contacts)


def test_the_sql_view_refuses_an_absurd_customer_id(tiny_tables):
    customers, *rest = tiny_tables
    customers = customers.assign(customer_id=[1.0, float("inf"), 3.0])
    with pytest.raises(CRMDataError, match=r"customers\.customer_id should hold whole-number ids"):
        goals.single_customer_view_sql(to_sqlite([customers, *rest]))
