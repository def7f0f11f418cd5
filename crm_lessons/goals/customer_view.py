"""The single customer view: one row per customer gathering what every department knows,
in pandas and in SQL, and a check that two versions of it agree.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from crm_lessons.errors import (
    CRMDataError,
    require_columns,
    require_dates,
    require_ids,
    require_numeric,
)

VIEW_COLUMNS = [
    "customer_id", "channel", "region", "n_orders", "revenue", "last_order_date",
    "n_tickets", "service_cost", "n_surveys", "mean_recommend", "n_contacts", "n_responses",
]

SINGLE_CUSTOMER_VIEW_SQL = """\
-- One row per customer: what every department knows about them, side by side.
SELECT c.customer_id,
       c.channel,
       c.region,
       COALESCE(o.n_orders, 0)      AS n_orders,
       COALESCE(o.revenue, 0.0)     AS revenue,
       o.last_order_date,
       COALESCE(t.n_tickets, 0)     AS n_tickets,
       COALESCE(t.service_cost, 0.0) AS service_cost,
       COALESCE(s.n_surveys, 0)     AS n_surveys,
       s.mean_recommend,
       COALESCE(k.n_contacts, 0)    AS n_contacts,
       COALESCE(k.n_responses, 0)   AS n_responses
FROM customers AS c
LEFT JOIN (SELECT customer_id, COUNT(*) AS n_orders, SUM(revenue) AS revenue,
                  MAX(order_date) AS last_order_date
           FROM orders GROUP BY customer_id) AS o ON o.customer_id = c.customer_id
LEFT JOIN (SELECT customer_id, COUNT(*) AS n_tickets, SUM(handling_cost) AS service_cost
           FROM tickets GROUP BY customer_id) AS t ON t.customer_id = c.customer_id
LEFT JOIN (SELECT customer_id, COUNT(*) AS n_surveys, AVG(recommend) AS mean_recommend
           FROM surveys GROUP BY customer_id) AS s ON s.customer_id = c.customer_id
LEFT JOIN (SELECT customer_id, COUNT(*) AS n_contacts, SUM(responded) AS n_responses
           FROM contacts WHERE customer_id IS NOT NULL GROUP BY customer_id) AS k
       ON k.customer_id = c.customer_id
ORDER BY c.customer_id
"""


def _ids(df: pd.DataFrame, table: str, column: str = "customer_id",
         allow_missing: bool = False) -> pd.Series:
    """`df[column]` as whole-number ids (Int64 where missing values are allowed)."""
    return require_ids(df, table, column, allow_missing=allow_missing)


def single_customer_view(customers: pd.DataFrame, orders: pd.DataFrame, tickets: pd.DataFrame,
                         surveys: pd.DataFrame, contacts: pd.DataFrame) -> pd.DataFrame:
    """One row per customer gathering what sales, service, research and marketing know.

    Parameters
    ----------
    customers, orders, tickets, surveys, contacts : DataFrame
        The store's tables (``store.customers`` and so on).

    Returns
    -------
    DataFrame sorted by customer_id with columns customer_id, channel, region, n_orders,
    revenue (EUR), last_order_date, n_tickets, service_cost (EUR, ticket handling),
    n_surveys (survey answers: two for a customer who answered the follow-up survey),
    mean_recommend (0-10, the mean of their answers, missing if never surveyed; for one answer
    per customer see :func:`crm_lessons.goals.latest_surveys`), n_contacts (campaign contacts),
    n_responses. Customers with no orders, tickets... get 0 (and missing dates).

    Examples
    --------
    >>> cust = pd.DataFrame({"customer_id": [1, 2], "channel": ["email", "search"],
    ...                      "region": ["North", "South"]})
    >>> orders = pd.DataFrame({"customer_id": [1, 1], "order_date": pd.to_datetime(
    ...     ["2024-01-05", "2024-03-01"]), "revenue": [20.0, 30.0]})
    >>> tickets = pd.DataFrame({"customer_id": [2], "handling_cost": [8.0]})
    >>> surveys = pd.DataFrame({"customer_id": [1], "recommend": [9]})
    >>> contacts = pd.DataFrame({"customer_id": pd.array([1, None], dtype="Int64"),
    ...                          "responded": [True, False]})
    >>> single_customer_view(cust, orders, tickets, surveys, contacts)["revenue"].tolist()
    [50.0, 0.0]
    """
    cust = require_columns(customers, "customers", ["customer_id", "channel", "region"])
    ords = require_columns(orders, "orders", ["customer_id", "order_date", "revenue"])
    tick = require_columns(tickets, "tickets", ["customer_id", "handling_cost"])
    surv = require_columns(surveys, "surveys", ["customer_id", "recommend"])
    cont = require_columns(contacts, "contacts", ["customer_id", "responded"])
    cust = cust.assign(customer_id=_ids(cust, "customers"))
    ords = ords.assign(customer_id=_ids(ords, "orders"))
    tick = tick.assign(customer_id=_ids(tick, "tickets"))
    surv = surv.assign(customer_id=_ids(surv, "surveys"))
    cont = cont.assign(customer_id=_ids(cont, "contacts", allow_missing=True))
    if cust["customer_id"].duplicated().any():
        raise CRMDataError("customers has repeated values in column 'customer_id'; each customer "
                           "must appear once. Drop the duplicates with "
                           ".drop_duplicates('customer_id').")
    ords = ords.assign(order_date=require_dates(ords, "orders", "order_date"),
                       revenue=require_numeric(ords, "orders", "revenue"))
    tick = tick.assign(handling_cost=require_numeric(tick, "tickets", "handling_cost"))
    surv = surv.assign(recommend=require_numeric(surv, "surveys", "recommend"))
    cont = cont[cont["customer_id"].notna()]
    if not pd.api.types.is_bool_dtype(cont["responded"]):
        flags = pd.to_numeric(cont["responded"], errors="coerce")
        if flags.isna().any() or not flags.isin([0, 1]).all():
            raise CRMDataError("contacts.responded should hold True/False (or 1/0), but has "
                               "other values. Pass the contacts table from load_store().")
        cont = cont.assign(responded=flags.astype(bool))
    cont = cont.assign(customer_id=cont["customer_id"].astype("int64"),
                       responded=cont["responded"].astype(bool))

    o = ords.groupby("customer_id").agg(n_orders=("revenue", "size"),
                                        revenue=("revenue", "sum"),
                                        last_order_date=("order_date", "max"))
    t = tick.groupby("customer_id").agg(n_tickets=("handling_cost", "size"),
                                        service_cost=("handling_cost", "sum"))
    s = surv.groupby("customer_id").agg(n_surveys=("recommend", "size"),
                                        mean_recommend=("recommend", "mean"))
    k = cont.groupby("customer_id").agg(n_contacts=("responded", "size"),
                                        n_responses=("responded", "sum"))
    view = (cust[["customer_id", "channel", "region"]]
            .join(o, on="customer_id").join(t, on="customer_id")
            .join(s, on="customer_id").join(k, on="customer_id"))
    for col in ["n_orders", "n_tickets", "n_surveys", "n_contacts", "n_responses"]:
        view[col] = view[col].fillna(0).astype("int64")
    for col in ["revenue", "service_cost"]:
        view[col] = view[col].fillna(0.0).astype(float)
    view["mean_recommend"] = view["mean_recommend"].astype(float)
    view["last_order_date"] = pd.to_datetime(view["last_order_date"])
    return view.sort_values("customer_id").reset_index(drop=True)[VIEW_COLUMNS]


def single_customer_view_sql(con) -> pd.DataFrame:
    """The same single customer view, computed by the database with SINGLE_CUSTOMER_VIEW_SQL.

    Parameters
    ----------
    con : sqlite3.Connection
        A connection holding the store's tables, e.g. ``store.connect()``.

    Returns
    -------
    DataFrame with the same columns and types as :func:`single_customer_view`
    (channel and region as text).

    Examples
    --------
    >>> view = single_customer_view_sql(store.connect())      # doctest: +SKIP
    """
    import sqlite3

    if not isinstance(con, sqlite3.Connection):
        raise CRMDataError(f"single_customer_view_sql needs a database connection, but got "
                           f"{type(con).__name__}. Pass store.connect().")
    try:
        view = pd.read_sql_query(SINGLE_CUSTOMER_VIEW_SQL, con)
    except (sqlite3.Error, pd.errors.DatabaseError) as exc:
        raise CRMDataError(f"The database cannot build the single customer view ({exc}). It "
                           "needs the tables customers, orders, tickets, surveys and contacts "
                           "with the store's columns: pass store.connect().") from exc
    view["customer_id"] = require_ids(view, "customers", "customer_id")
    for col in ["n_orders", "n_tickets", "n_surveys", "n_contacts", "n_responses"]:
        view[col] = view[col].astype("int64")
    for col in ["revenue", "service_cost", "mean_recommend"]:
        view[col] = view[col].astype(float)
    view["last_order_date"] = pd.to_datetime(view["last_order_date"], format="mixed")
    return view


def view_differences(left: pd.DataFrame, right: pd.DataFrame,
                     key: str = "customer_id") -> pd.Series:
    """How many cells differ, column by column, between two versions of the same table.

    Rows are matched on `key`; numbers count as equal when they agree to 1e-9 (relative),
    missing values are equal to missing values, categories are compared as text.

    Returns
    -------
    Series indexed by column name: the number of rows whose value differs (0 = they agree).

    Examples
    --------
    >>> a = pd.DataFrame({"customer_id": [1, 2], "revenue": [10.0, 5.0]})
    >>> b = pd.DataFrame({"customer_id": [2, 1], "revenue": [5.0, 10.5]})
    >>> view_differences(a, b).to_dict()
    {'revenue': 1}
    """
    left = require_columns(left, "left", [key])
    right = require_columns(right, "right", [key])
    if set(left.columns) != set(right.columns):
        only = sorted(set(map(str, left.columns)) ^ set(map(str, right.columns)))
        raise CRMDataError(f"The two tables do not have the same columns (they differ on: "
                           f"{', '.join(only)}). Select the same columns in both first.")
    a = left.set_index(key).sort_index()
    b = right.set_index(key).sort_index()
    if len(a) != len(b) or not a.index.equals(b.index):
        raise CRMDataError(f"The two tables do not hold the same {key} values "
                           f"({len(a)} rows against {len(b)}). Build both from the same "
                           "customers table.")
    b = b[a.columns]
    counts = {}
    for col in a.columns:
        x, y = a[col], b[col]
        both_missing = x.isna().to_numpy() & y.isna().to_numpy()
        if (pd.api.types.is_numeric_dtype(x) and pd.api.types.is_numeric_dtype(y)
                and not pd.api.types.is_bool_dtype(x)):
            xf = x.astype(float).to_numpy()
            yf = y.astype(float).to_numpy()
            same = np.isclose(xf, yf, rtol=1e-9, atol=1e-9) | both_missing
        elif pd.api.types.is_datetime64_any_dtype(x) or pd.api.types.is_datetime64_any_dtype(y):
            same = (pd.to_datetime(x).to_numpy() == pd.to_datetime(y).to_numpy()) | both_missing
        else:
            same = (x.astype(str).to_numpy() == y.astype(str).to_numpy()) | both_missing
        counts[col] = int((~same).sum())
    return pd.Series(counts, name="cells that differ", dtype="int64")
