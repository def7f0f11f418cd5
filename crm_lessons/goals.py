"""What CRM is for (lesson 01): the single customer view, the kinds of CRM work, the economics
of keeping customers, the goals measured in the data, total quality marketing, and the
teaching tables on relationship levels and the phases of CRM (used again in the capstone).

Every function is pure: tables in, a table or a number out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from crm_lessons.errors import (
    CRMDataError,
    require_columns,
    require_dates,
    require_not_empty,
    require_numeric,
)

__all__ = [
    "SINGLE_CUSTOMER_VIEW_SQL",
    "single_customer_view",
    "single_customer_view_sql",
    "view_differences",
    "crm_tasks",
    "crm_task_grid",
    "retention_projection",
    "five_year_profit",
    "profit_uplift",
    "retention_profit_curve",
    "margins_from_profit_by_year",
    "retention_scenario",
    "cost_ratio",
    "share_of_wallet",
    "advocates",
    "advocate_share",
    "service_cost_per_customer",
    "loyalty_ladder",
    "goal_scorecard",
    "relative_quality",
    "quality_gap",
    "relationship_levels",
    "relationship_level_grid",
    "suggest_relationship_level",
    "affordable_relationship_level",
    "relationship_benefits",
    "crm_phases",
]

# --------------------------------------------------------------------------------------------
# The single customer view
# --------------------------------------------------------------------------------------------

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
    values = require_numeric(df, table, column, allow_nan=allow_missing)
    known = values.dropna()
    if (known != np.round(known)).any():
        raise CRMDataError(f"{table}.{column} should hold whole-number ids, but has values such "
                           f"as {known[known != np.round(known)].iloc[0]!r}. Pass the {table} "
                           "table from load_store().")
    return values.astype("Int64") if allow_missing else values.astype("int64")


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
    n_surveys, mean_recommend (0-10, missing if never surveyed), n_contacts (campaign
    contacts), n_responses. Customers with no orders, tickets... get 0 (and missing dates).

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
    for col in ["customer_id", "n_orders", "n_tickets", "n_surveys", "n_contacts",
                "n_responses"]:
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


# --------------------------------------------------------------------------------------------
# Kinds of CRM work
# --------------------------------------------------------------------------------------------

CRM_TYPES = ["operational", "collaborative", "analytical"]
CRM_STANCES = ["proactive", "reactive"]

_TASKS = [
    # (task, type, stance)
    ("A call-centre adviser sees a caller's last orders on screen before saying hello",
     "operational", "reactive"),
    ("The shop e-mails a reminder to order beans three weeks after the last bag was bought",
     "operational", "proactive"),
    ("A courier's delivery problem is logged so the web shop, the phone line and the "
     "courier all see it", "collaborative", "reactive"),
    ("Marketing and the roastery share a calendar so a promotion never runs when stock is low",
     "collaborative", "proactive"),
    ("An analyst scores every customer on recency, frequency and spend", "analytical",
     "proactive"),
    ("A model flags customers likely to leave so they get a call before they do",
     "analytical", "proactive"),
    ("A complaint about a broken grinder is answered and a replacement sent",
     "operational", "reactive"),
    ("Sales staff log every visit to a café customer so any colleague can pick up the "
     "account", "collaborative", "proactive"),
    ("After a wave of complaints, the team studies which topics drive defections",
     "analytical", "reactive"),
    ("A wholesale partner's orders flow straight into the shop's system through a shared "
     "portal", "collaborative", "reactive"),
    ("A loyalty member's birthday triggers a free sample in the next parcel", "operational",
     "proactive"),
    ("The monthly report compares campaign response against a hold-out group", "analytical",
     "reactive"),
]


def crm_tasks() -> pd.DataFrame:
    """Real CRM tasks with their kind of CRM and their stance: the lesson's teaching table.

    **Operational** CRM runs the daily contact with customers (sales, service, marketing
    actions); **collaborative** CRM makes departments and partners share what they know about
    a customer; **analytical** CRM studies the data to decide whom to serve and how. A task is
    **proactive** when the company moves first, **reactive** when it answers the customer or
    an event.

    Returns
    -------
    DataFrame with columns task_id (1, 2, ...), task, crm_type, stance.

    Examples
    --------
    >>> crm_tasks()["crm_type"].value_counts().to_dict()["analytical"]
    4
    """
    df = pd.DataFrame(_TASKS, columns=["task", "crm_type", "stance"])
    df.insert(0, "task_id", np.arange(1, len(df) + 1, dtype="int64"))
    df["crm_type"] = pd.Categorical(df["crm_type"], categories=CRM_TYPES)
    df["stance"] = pd.Categorical(df["stance"], categories=CRM_STANCES)
    return df


def crm_task_grid(tasks: pd.DataFrame) -> pd.DataFrame:
    """Count tasks by kind of CRM (rows) and stance (columns).

    Examples
    --------
    >>> int(crm_task_grid(crm_tasks()).loc["operational", "proactive"])
    2
    """
    tasks = require_columns(tasks, "tasks", ["crm_type", "stance"])
    bad = tasks.loc[~tasks["crm_type"].astype(str).isin(CRM_TYPES), "crm_type"]
    if len(bad):
        raise CRMDataError(f"tasks.crm_type has the value {bad.iloc[0]!r}; use one of "
                           f"{', '.join(CRM_TYPES)}.")
    bad = tasks.loc[~tasks["stance"].astype(str).isin(CRM_STANCES), "stance"]
    if len(bad):
        raise CRMDataError(f"tasks.stance has the value {bad.iloc[0]!r}; use one of "
                           f"{', '.join(CRM_STANCES)}.")
    grid = pd.crosstab(pd.Categorical(tasks["crm_type"].astype(str), categories=CRM_TYPES),
                       pd.Categorical(tasks["stance"].astype(str), categories=CRM_STANCES),
                       dropna=False)
    grid.index.name = "crm_type"
    grid.columns.name = "stance"
    return grid.astype("int64")


# --------------------------------------------------------------------------------------------
# The economics of keeping customers
# --------------------------------------------------------------------------------------------

def _check_rate(value: float, name: str, upper_open: bool = False) -> float:
    try:
        x = float(value)
    except (TypeError, ValueError):
        raise CRMDataError(f"{name} should be a number between 0 and 1, but got {value!r}. "
                           f"Give it as a fraction, e.g. 0.8 for 80%.") from None
    if not np.isfinite(x) or x < 0 or x > 1 or (upper_open and x == 1):
        raise CRMDataError(f"{name} should be a fraction between 0 and 1, but got {value!r}. "
                           f"Give it as a fraction, e.g. 0.8 for 80%, not 80.")
    return x


def _margins(margin_by_year: float | Sequence[float] | pd.Series, years: int) -> np.ndarray:
    if isinstance(years, bool) or not isinstance(years, (int, np.integer)) or years < 1:
        raise CRMDataError(f"years should be a whole number of at least 1, but got {years!r}.")
    if np.isscalar(margin_by_year):
        values = np.array([margin_by_year])
    else:
        values = np.asarray(list(margin_by_year) if not isinstance(margin_by_year, pd.Series)
                            else margin_by_year.to_numpy())
    try:
        values = values.astype(float)
    except (TypeError, ValueError):
        raise CRMDataError("margin_by_year should hold numbers (EUR of margin per customer in "
                           "year 1, 2, ...), but some values are not numbers.") from None
    if values.size == 0 or not np.isfinite(values).all():
        raise CRMDataError("margin_by_year should hold at least one finite number (EUR of margin "
                           "per customer in year 1, 2, ...); drop missing values first.")
    if values.size < years:  # the last known margin carries on
        values = np.concatenate([values, np.repeat(values[-1], years - values.size)])
    return values[:years]


def retention_projection(retention_rate: float, margin_by_year: float | Sequence[float],
                         acquisition_cost: float = 0.0, discount_rate: float = 0.0,
                         years: int = 5) -> pd.DataFrame:
    """Year by year, what one newly won customer is expected to earn the company.

    Every customer is there in year 1; each later year a share `retention_rate` of those
    still there stays. A customer who stays earns `margin_by_year[t-1]` in year t (the margin
    grows with tenure as loyal customers buy more and cost less); money of year t is divided
    by (1 + discount_rate)**t. The acquisition cost is paid once, at the start.

    Parameters
    ----------
    retention_rate : float
        Share of customers kept from one year to the next, 0-1.
    margin_by_year : number or sequence
        Margin (EUR) per customer who is still there in year 1, 2, ...; a shorter sequence
        carries its last value on.
    acquisition_cost : float
        What winning the customer cost (EUR).
    discount_rate : float
        Yearly discount rate, 0-1.
    years : int
        Length of the projection.

    Returns
    -------
    DataFrame with columns year, still_customer (share), margin (EUR per remaining customer),
    expected_profit (EUR per customer won), discounted_profit, cumulative_profit (after the
    acquisition cost).

    Examples
    --------
    >>> p = retention_projection(0.5, [100, 100], acquisition_cost=50, years=2)
    >>> p["cumulative_profit"].tolist()
    [50.0, 100.0]
    """
    r = _check_rate(retention_rate, "retention_rate")
    d = _check_rate(discount_rate, "discount_rate")
    try:
        acq = float(acquisition_cost)
    except (TypeError, ValueError):
        raise CRMDataError(f"acquisition_cost should be a number of EUR, but got "
                           f"{acquisition_cost!r}.") from None
    if not np.isfinite(acq) or acq < 0:
        raise CRMDataError(f"acquisition_cost should be a number of EUR of at least 0, but got "
                           f"{acquisition_cost!r}.")
    m = _margins(margin_by_year, years)
    year = np.arange(1, years + 1)
    alive = r ** (year - 1)
    expected = alive * m
    discounted = expected / (1 + d) ** year
    return pd.DataFrame({
        "year": year.astype("int64"),
        "still_customer": alive,
        "margin": m,
        "expected_profit": expected,
        "discounted_profit": discounted,
        "cumulative_profit": discounted.cumsum() - acq,
    })


def five_year_profit(retention_rate: float, margin_by_year: float | Sequence[float],
                     acquisition_cost: float = 0.0, discount_rate: float = 0.0,
                     years: int = 5) -> float:
    """Profit (EUR, discounted, after acquisition cost) one new customer brings over `years`.

    See :func:`retention_projection` for the parameters.

    Examples
    --------
    >>> five_year_profit(0.5, 100, acquisition_cost=50, years=2)
    100.0
    """
    table = retention_projection(retention_rate, margin_by_year, acquisition_cost,
                                 discount_rate, years)
    return float(table["cumulative_profit"].iloc[-1])


def profit_uplift(retention_rate: float, extra_points: float,
                  margin_by_year: float | Sequence[float], acquisition_cost: float = 0.0,
                  discount_rate: float = 0.0, years: int = 5) -> float:
    """Relative change of five-year profit when retention rises by `extra_points` (0.05 = 5
    points): (profit at the higher rate - profit now) / |profit now|.

    Examples
    --------
    >>> round(profit_uplift(0.5, 0.5, 100, years=2), 2)
    0.33
    """
    try:
        higher = float(retention_rate) + float(extra_points)
    except (TypeError, ValueError):
        raise CRMDataError(f"extra_points should be a number such as 0.05 (five points), but got "
                           f"{extra_points!r}.") from None
    base = five_year_profit(retention_rate, margin_by_year, acquisition_cost, discount_rate, years)
    if higher > 1:
        raise CRMDataError(f"retention_rate + extra_points is {higher:.2f}, above 1 (100%). "
                           "Use fewer extra points.")
    new = five_year_profit(higher, margin_by_year, acquisition_cost, discount_rate, years)
    if base == 0:
        raise CRMDataError("Five-year profit at the current retention is exactly 0, so a "
                           "relative change is undefined; compare the two profits directly.")
    return (new - base) / abs(base)


def retention_profit_curve(margin_by_year: float | Sequence[float],
                           acquisition_cost: float = 0.0, discount_rate: float = 0.0,
                           years: int = 5,
                           rates: Sequence[float] | None = None) -> pd.DataFrame:
    """Five-year profit per new customer for a range of retention rates.

    Returns
    -------
    DataFrame with columns retention_rate and profit (EUR per customer won).

    Examples
    --------
    >>> retention_profit_curve(100, rates=[0.0, 1.0], years=2)["profit"].tolist()
    [100.0, 200.0]
    """
    grid = np.round(np.arange(0.5, 0.995, 0.01), 2) if rates is None else np.asarray(rates, float)
    m = _margins(margin_by_year, years)
    if grid.size == 0 or not np.isfinite(grid).all() or (grid < 0).any() or (grid > 1).any():
        raise CRMDataError("rates should be retention rates between 0 and 1, e.g. [0.6, 0.7].")
    d = _check_rate(discount_rate, "discount_rate")
    year = np.arange(1, years + 1)
    alive = grid[:, None] ** (year[None, :] - 1)
    profit = (alive * m / (1 + d) ** year).sum(axis=1) - float(acquisition_cost)
    return pd.DataFrame({"retention_rate": grid, "profit": profit})


def margins_from_profit_by_year(profit: pd.Series | pd.DataFrame, years: int = 5) -> list[float]:
    """Profit per customer in year 1, 2, ... `years` of the relationship, as a plain list for
    the projections (a shorter history carries its last year on).

    Parameters
    ----------
    profit : Series indexed by year of relationship, or a DataFrame whose first column is the
        year and whose last column is the profit per customer (EUR).

    Examples
    --------
    >>> margins_from_profit_by_year(pd.Series([10.0, 20.0], index=[1, 2]), years=3)
    [10.0, 20.0, 20.0]
    """
    if isinstance(profit, pd.DataFrame):
        require_not_empty(profit, "profit")
        if profit.shape[1] < 2:
            raise CRMDataError("profit should have a year column and a profit column, such as "
                               "the table of value.profit_by_relationship_year(...).")
        profit = pd.Series(profit.iloc[:, -1].to_numpy(), index=profit.iloc[:, 0].to_numpy())
    if not isinstance(profit, pd.Series):
        raise CRMDataError(f"profit should be a Series or DataFrame of profit per customer by "
                           f"year of relationship, not {type(profit).__name__}.")
    ordered = profit.sort_index()
    return [float(x) for x in _margins(ordered.to_numpy(), years)]


def retention_scenario(retention_rate: float, base_rate: float,
                       margin_by_year: float | Sequence[float], acquisition_cost: float = 0.0,
                       discount_rate: float = 0.0, years: int = 5) -> pd.DataFrame:
    """Cumulative profit per new customer, year by year, at today's retention (`base_rate`)
    and at another rate: the table behind the lesson's retention explorer.

    Returns
    -------
    DataFrame with columns year, today (EUR, cumulative at `base_rate`) and scenario (EUR,
    cumulative at `retention_rate`), both after the acquisition cost.

    Examples
    --------
    >>> retention_scenario(1.0, 0.5, 100, years=2)["scenario"].tolist()
    [100.0, 200.0]
    """
    today = retention_projection(base_rate, margin_by_year, acquisition_cost, discount_rate,
                                 years)
    other = retention_projection(retention_rate, margin_by_year, acquisition_cost,
                                 discount_rate, years)
    return pd.DataFrame({"year": today["year"], "today": today["cumulative_profit"],
                         "scenario": other["cumulative_profit"]})


def cost_ratio(acquisition_cost: float, retention_cost: float) -> float:
    """How many times more it costs to win a customer than to keep one.

    Examples
    --------
    >>> cost_ratio(60.0, 10.0)
    6.0
    """
    try:
        a, r = float(acquisition_cost), float(retention_cost)
    except (TypeError, ValueError):
        raise CRMDataError("cost_ratio needs two numbers of EUR: the acquisition cost per new "
                           "customer and the retention cost per kept customer.") from None
    if not (np.isfinite(a) and np.isfinite(r)) or r <= 0 or a < 0:
        raise CRMDataError(f"cost_ratio needs an acquisition cost of at least 0 and a retention "
                           f"cost above 0, but got {a!r} and {r!r}. Check the campaign "
                           "costs you passed.")
    return a / r


# --------------------------------------------------------------------------------------------
# Goals measured in the data
# --------------------------------------------------------------------------------------------

def _latest_survey(surveys: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    surv = require_columns(surveys, "surveys", ["customer_id", "survey_date", *columns])
    surv = surv.assign(survey_date=require_dates(surv, "surveys", "survey_date"))
    return (surv.sort_values(["customer_id", "survey_date"], kind="stable")
            .drop_duplicates("customer_id", keep="last"))


def share_of_wallet(orders: pd.DataFrame, surveys: pd.DataFrame,
                    months: int = 12) -> pd.Series:
    """Each surveyed customer's share of wallet: what they spent with us per month against
    what they say they spend on coffee and tea anywhere.

    Our monthly spend is the customer's revenue in the `months` months up to (and including)
    the day of their latest survey, divided by `months`; it is compared with the survey's
    monthly_category_spend and capped at 1 (a customer cannot spend more with us than in total).

    Returns
    -------
    Series indexed by customer_id (surveyed customers with a positive category spend), values
    between 0 and 1, named "share_of_wallet".

    Examples
    --------
    >>> orders = pd.DataFrame({"customer_id": [1, 1, 2], "revenue": [60.0, 60.0, 12.0],
    ...     "order_date": pd.to_datetime(["2024-03-01", "2024-06-01", "2022-01-01"])})
    >>> surveys = pd.DataFrame({"customer_id": [1, 2], "monthly_category_spend": [40.0, 10.0],
    ...     "survey_date": pd.to_datetime(["2024-07-01", "2024-07-01"])})
    >>> share_of_wallet(orders, surveys).round(2).tolist()
    [0.25, 0.0]
    """
    if isinstance(months, bool) or not isinstance(months, (int, np.integer)) or months < 1:
        raise CRMDataError(f"months should be a whole number of at least 1, but got {months!r}.")
    last = _latest_survey(surveys, ["monthly_category_spend"])
    spend = require_numeric(last, "surveys", "monthly_category_spend", min_value=0)
    last = last.assign(monthly_category_spend=spend)
    last = last[last["monthly_category_spend"] > 0]
    ords = require_columns(orders, "orders", ["customer_id", "order_date", "revenue"])
    ords = ords.assign(order_date=require_dates(ords, "orders", "order_date"),
                       revenue=require_numeric(ords, "orders", "revenue"))
    merged = ords.merge(last[["customer_id", "survey_date"]], on="customer_id", how="inner")
    start = merged["survey_date"] - pd.DateOffset(months=months)
    window = merged[(merged["order_date"] > start) & (merged["order_date"] <= merged["survey_date"])]
    ours = window.groupby("customer_id")["revenue"].sum() / months
    per = last.set_index("customer_id")["monthly_category_spend"]
    share = (ours.reindex(per.index, fill_value=0.0) / per).clip(upper=1.0)
    return share.sort_index().rename("share_of_wallet")


def advocates(customers: pd.DataFrame, surveys: pd.DataFrame) -> pd.Series:
    """Which customers are advocates: their latest survey gives 9 or 10 on "would you
    recommend us", or they have brought in another customer (someone's referred_by).

    Returns
    -------
    Boolean Series indexed by customer_id (every customer), named "advocate".

    Examples
    --------
    >>> cust = pd.DataFrame({"customer_id": [1, 2, 3],
    ...                      "referred_by": pd.array([None, 1, None], dtype="Int64")})
    >>> surveys = pd.DataFrame({"customer_id": [2, 3], "recommend": [10, 6],
    ...     "survey_date": pd.to_datetime(["2024-01-01", "2024-01-01"])})
    >>> advocates(cust, surveys).tolist()
    [True, True, False]
    """
    cust = require_columns(customers, "customers", ["customer_id", "referred_by"])
    last = _latest_survey(surveys, ["recommend"])
    rec = require_numeric(last, "surveys", "recommend")
    promoters = set(last.loc[rec.to_numpy() >= 9, "customer_id"].tolist())
    referrers = set(cust["referred_by"].dropna().astype("int64").tolist())
    ids = cust["customer_id"]
    flag = ids.isin(promoters) | ids.isin(referrers)
    return pd.Series(flag.to_numpy(), index=pd.Index(ids.to_numpy(), name="customer_id"),
                     name="advocate")


def advocate_share(customers: pd.DataFrame, surveys: pd.DataFrame) -> float:
    """Share of all customers who are advocates (see :func:`advocates`).

    Examples
    --------
    >>> cust = pd.DataFrame({"customer_id": [1, 2], "referred_by": pd.array([None, 1],
    ...                      dtype="Int64")})
    >>> surveys = pd.DataFrame({"customer_id": [2], "recommend": [3],
    ...                         "survey_date": pd.to_datetime(["2024-01-01"])})
    >>> advocate_share(cust, surveys)
    0.5
    """
    require_not_empty(require_columns(customers, "customers", ["customer_id"]), "customers")
    return float(advocates(customers, surveys).mean())


def service_cost_per_customer(tickets: pd.DataFrame, customers: pd.DataFrame) -> float:
    """Ticket handling cost (EUR) per customer over the whole data: total handling_cost
    divided by the number of customers (those without tickets count, at zero cost).

    Examples
    --------
    >>> tickets = pd.DataFrame({"customer_id": [1, 1], "handling_cost": [5.0, 7.0]})
    >>> customers = pd.DataFrame({"customer_id": [1, 2, 3]})
    >>> service_cost_per_customer(tickets, customers)
    4.0
    """
    cust = require_not_empty(require_columns(customers, "customers", ["customer_id"]),
                             "customers")
    tick = require_columns(tickets, "tickets", ["customer_id", "handling_cost"])
    cost = require_numeric(tick, "tickets", "handling_cost", min_value=0)
    return float(cost.sum() / cust["customer_id"].nunique())


def loyalty_ladder(prospects: pd.DataFrame, customers: pd.DataFrame, orders: pd.DataFrame,
                   surveys: pd.DataFrame) -> pd.DataFrame:
    """How many people stand on each rung from prospect to advocate.

    Rungs: prospects (every lead plus customers who came without one), customers (bought at
    least once), repeat customers (two orders or more), loyalty members, advocates
    (see :func:`advocates`).

    Returns
    -------
    DataFrame with columns rung, people, share_of_previous (each rung over the one above).

    Examples
    --------
    >>> prospects = pd.DataFrame({"prospect_id": [1, 2, 3],
    ...                           "customer_id": pd.array([1, None, None], dtype="Int64")})
    >>> customers = pd.DataFrame({"customer_id": [1, 2], "loyalty_member": [True, False],
    ...                           "referred_by": pd.array([None, 1], dtype="Int64")})
    >>> orders = pd.DataFrame({"customer_id": [1, 1, 2]})
    >>> surveys = pd.DataFrame({"customer_id": [1], "recommend": [5],
    ...                         "survey_date": pd.to_datetime(["2024-01-01"])})
    >>> loyalty_ladder(prospects, customers, orders, surveys)["people"].tolist()
    [4, 2, 1, 1, 1]
    """
    pros = require_columns(prospects, "prospects", ["prospect_id", "customer_id"])
    cust = require_columns(customers, "customers", ["customer_id", "loyalty_member",
                                                    "referred_by"])
    ords = require_columns(orders, "orders", ["customer_id"])
    converted = set(pros["customer_id"].dropna().astype("int64").tolist())
    ids = cust["customer_id"]
    n_prospects = len(pros) + int((~ids.isin(converted)).sum())
    counts = ords["customer_id"].value_counts()
    buyers = ids[ids.isin(counts.index)]
    repeat = ids[ids.isin(counts.index[counts >= 2])]
    members = int(cust["loyalty_member"].astype(bool).sum())
    adv = int(advocates(cust, surveys).sum())
    people = np.array([n_prospects, len(buyers), len(repeat), members, adv], dtype="int64")
    prev = np.concatenate([[np.nan], people[:-1]]).astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(prev > 0, people / prev, np.nan)
    return pd.DataFrame({
        "rung": ["prospects", "customers", "repeat customers", "loyalty members", "advocates"],
        "people": people,
        "share_of_previous": share,
    })


def goal_scorecard(customers: pd.DataFrame, orders: pd.DataFrame, tickets: pd.DataFrame,
                   surveys: pd.DataFrame, defection_rate: float) -> pd.DataFrame:
    """Four goals of CRM, each with the measure that shows whether it is met, from the data.

    Parameters
    ----------
    customers, orders, tickets, surveys : DataFrame
        The store's tables.
    defection_rate : float
        Share of customers lost per year (0-1), e.g. from ``crm_lessons.retain``.

    Returns
    -------
    DataFrame with columns goal, measure, value, unit, better (whether a higher or lower
    value is better).

    Examples
    --------
    >>> # goal_scorecard(store.customers, store.orders, store.tickets, store.surveys, 0.2)
    """
    rate = _check_rate(defection_rate, "defection_rate")
    sow = share_of_wallet(orders, surveys)
    return pd.DataFrame({
        "goal": ["keep customers longer (fewer defections)",
                 "grow each relationship (cross-sell, up-sell)",
                 "turn customers into advocates",
                 "serve customers at lower cost"],
        "measure": ["defection rate per year",
                    "median share of wallet of surveyed customers",
                    "share of customers who are advocates",
                    "service (ticket) cost per customer"],
        "value": [rate, float(sow.median()) if len(sow) else float("nan"),
                  advocate_share(customers, surveys),
                  service_cost_per_customer(tickets, customers)],
        "unit": ["share", "share", "share", "EUR"],
        "better": ["lower", "higher", "higher", "lower"],
    })


# --------------------------------------------------------------------------------------------
# Total quality marketing
# --------------------------------------------------------------------------------------------

def relative_quality(benchmark: pd.DataFrame, us: str | None = None) -> pd.DataFrame:
    """Perceived quality of each company against the competitors' average.

    The quality score is the mean of product_quality and service_rating (both 1-10). The
    relative quality index is a company's score divided by the average score of the *other*
    companies, times 100: above 100 means customers see it as better than the rest.

    Parameters
    ----------
    benchmark : DataFrame
        ``store.benchmark``.
    us : str, optional
        The row (company) that is this company; by default the store's own company
        (``crm_lessons.schema.COMPANY``).

    Returns
    -------
    DataFrame with columns company, is_us, product_quality, service_rating, quality_score,
    relative_quality_index, price_index, sorted from best to worst quality score.

    Examples
    --------
    >>> b = pd.DataFrame({"company": ["us", "them"], "product_quality": [8.0, 6.0],
    ...     "service_rating": [8.0, 6.0], "price_index": [105.0, 95.0]})
    >>> round(float(relative_quality(b, "us")["relative_quality_index"].iloc[0]), 1)
    133.3
    """
    bench = require_columns(benchmark, "benchmark", ["company", "product_quality",
                                                     "service_rating", "price_index"])
    require_not_empty(bench, "benchmark")
    names = bench["company"].astype(str)
    if us is None:
        from crm_lessons.schema import COMPANY as us
    if us not in set(names):
        raise CRMDataError(f"benchmark.company has no row {us!r}; it has: "
                           f"{', '.join(names)}. Pass one of those names as us=.")
    if len(bench) < 2:
        raise CRMDataError("benchmark needs at least one competitor besides us to compare with.")
    pq = require_numeric(bench, "benchmark", "product_quality")
    sr = require_numeric(bench, "benchmark", "service_rating")
    out = pd.DataFrame({
        "company": names.to_numpy(),
        "is_us": (names == us).to_numpy(),
        "product_quality": pq.to_numpy(),
        "service_rating": sr.to_numpy(),
        "quality_score": ((pq + sr) / 2).to_numpy(),
        "price_index": require_numeric(bench, "benchmark", "price_index").to_numpy(),
    })
    total, n = out["quality_score"].sum(), len(out)
    others_mean = (total - out["quality_score"]) / (n - 1)
    out.insert(5, "relative_quality_index", out["quality_score"] / others_mean * 100)
    return out.sort_values("quality_score", ascending=False, kind="stable").reset_index(drop=True)


def quality_gap(surveys: pd.DataFrame) -> pd.DataFrame:
    """What customers expected against what they got, from the surveys (both 1-7).

    Returns
    -------
    One-row DataFrame: mean_expectation, mean_perceived, mean_gap (perceived - expected),
    share_met (share of answers where perceived >= expectation).

    Examples
    --------
    >>> s = pd.DataFrame({"expectation": [5, 6], "perceived": [6, 4]})
    >>> quality_gap(s)["share_met"].item()
    0.5
    """
    surv = require_not_empty(require_columns(surveys, "surveys", ["expectation", "perceived"]),
                             "surveys")
    e = require_numeric(surv, "surveys", "expectation")
    p = require_numeric(surv, "surveys", "perceived")
    return pd.DataFrame({"mean_expectation": [e.mean()], "mean_perceived": [p.mean()],
                         "mean_gap": [(p - e).mean()], "share_met": [float((p >= e).mean())]})


# --------------------------------------------------------------------------------------------
# Teaching tables: levels of relationship marketing, benefits, phases of CRM
# --------------------------------------------------------------------------------------------

RELATIONSHIP_LEVELS = ["basic", "reactive", "accountable", "proactive", "full partnership"]

_LEVELS = [
    ("basic", "Sells the product and leaves it there; no follow-up.",
     "A motorway petrol station: you pay and drive on.", "very low"),
    ("reactive", "Sells and invites the customer to get in touch with questions or problems.",
     "A shop that prints its phone number on the receipt and waits for calls.", "low"),
    ("accountable", "Contacts the customer shortly after the sale to ask whether it met "
     "expectations and collects ideas to improve.",
     "A dealer who phones a week after a car is delivered to ask how it drives.", "medium"),
    ("proactive", "Gets in touch from time to time with tips, new products or better ways "
     "to use what was bought.", "A bank adviser who calls before a fixed rate expires.",
     "high"),
    ("full partnership", "Works continuously with the customer to find ways to deliver more "
     "value together.", "A roaster that plans a café chain's blends and training with it.",
     "very high"),
]


def relationship_levels() -> pd.DataFrame:
    """The five levels of relationship marketing, from least to most investment per customer.

    Returns
    -------
    DataFrame with columns rank (1-5), level, what_the_company_does, example, cost_per_customer.

    Examples
    --------
    >>> relationship_levels()["level"].iloc[-1]
    'full partnership'
    """
    df = pd.DataFrame(_LEVELS, columns=["level", "what_the_company_does", "example",
                                        "cost_per_customer"])
    df.insert(0, "rank", np.arange(1, 6, dtype="int64"))
    return df


_GRID = {
    # rows: how many customers; columns: margin per customer
    "many": {"high": "accountable", "medium": "reactive", "low": "basic"},
    "medium": {"high": "proactive", "medium": "accountable", "low": "reactive"},
    "few": {"high": "full partnership", "medium": "proactive", "low": "accountable"},
}
_COUNTS = ["many", "medium", "few"]
_MARGINS = ["high", "medium", "low"]


def relationship_level_grid() -> pd.DataFrame:
    """Which level usually pays, by number of customers (rows) and margin per customer
    (columns): few customers with high margins deserve a partnership, many with thin margins
    only a basic relationship.

    Examples
    --------
    >>> relationship_level_grid().loc["few", "high"]
    'full partnership'
    """
    grid = pd.DataFrame(_GRID).T.loc[_COUNTS, _MARGINS]
    grid.index.name = "number_of_customers"
    grid.columns.name = "margin_per_customer"
    return grid


def suggest_relationship_level(number_of_customers: str | Sequence[str],
                               margin: str | Sequence[str]) -> str | pd.Series:
    """Look up :func:`relationship_level_grid` for one segment or for several at once.

    Parameters
    ----------
    number_of_customers : "many", "medium" or "few" (or a sequence of them)
    margin : "high", "medium" or "low" (or a sequence of the same length)

    Examples
    --------
    >>> suggest_relationship_level("many", "low")
    'basic'
    """
    single = isinstance(number_of_customers, str) and isinstance(margin, str)
    for value, name in [(number_of_customers, "number_of_customers"), (margin, "margin")]:
        if not isinstance(value, str) and (not isinstance(value, (Sequence, pd.Series,
                                                                  np.ndarray))):
            raise CRMDataError(f"{name} should be a word such as 'many' or 'high' (or a list "
                               f"of them), but got {value!r}.")
    if isinstance(number_of_customers, str) != isinstance(margin, str):
        raise CRMDataError("Give number_of_customers and margin both as single words, or both "
                           "as lists of the same length.")
    counts = pd.Series([number_of_customers] if single else list(number_of_customers), dtype=str)
    margins = pd.Series([margin] if single else list(margin), dtype=str)
    if len(counts) != len(margins):
        raise CRMDataError(f"number_of_customers has {len(counts)} values but margin has "
                           f"{len(margins)}; give one of each per segment.")
    counts = counts.str.strip().str.lower()
    margins = margins.str.strip().str.lower()
    for values, allowed, name in [(counts, _COUNTS, "number_of_customers"),
                                  (margins, _MARGINS, "margin")]:
        bad = values[~values.isin(allowed)]
        if len(bad):
            raise CRMDataError(f"{name} has the value {bad.iloc[0]!r}; use one of "
                               f"{', '.join(allowed)}.")
    stacked = relationship_level_grid().stack()
    out = pd.Series(stacked.reindex(pd.MultiIndex.from_arrays([counts, margins])).to_numpy(),
                    name="level")
    return str(out.iloc[0]) if single else out


def affordable_relationship_level(lifetime_value: pd.Series | Sequence[float],
                                  cost_per_level: Mapping[str, float],
                                  max_cost_share: float = 0.5) -> pd.Series:
    """The most intensive level whose cost stream stays within `max_cost_share` of each
    customer's (or segment's) lifetime value; "basic" when none fits.

    Parameters
    ----------
    lifetime_value : Series or sequence of numbers
        Lifetime value (EUR) per customer or segment.
    cost_per_level : mapping
        Cost (EUR over the same horizon) of serving one customer at each level, keyed by the
        names in RELATIONSHIP_LEVELS; missing levels are not considered.
    max_cost_share : float
        Largest share of lifetime value the relationship may cost, 0-1.

    Returns
    -------
    Series of level names, with the index of `lifetime_value`.

    Examples
    --------
    >>> costs = {"basic": 0, "reactive": 5, "accountable": 20, "proactive": 60,
    ...          "full partnership": 300}
    >>> affordable_relationship_level(pd.Series([8, 50, 1000]), costs).tolist()
    ['basic', 'accountable', 'full partnership']
    """
    share = _check_rate(max_cost_share, "max_cost_share")
    clv = lifetime_value if isinstance(lifetime_value, pd.Series) else pd.Series(lifetime_value)
    clv = pd.to_numeric(clv, errors="coerce")
    if clv.isna().any():
        raise CRMDataError("lifetime_value should hold numbers (EUR) with no missing values; "
                           "fill or drop the missing ones first.")
    if not isinstance(cost_per_level, Mapping) or not cost_per_level:
        raise CRMDataError("cost_per_level should be a dict such as {'basic': 0, 'reactive': 5, "
                           "...}, keyed by the relationship levels.")
    unknown = [k for k in cost_per_level if k not in RELATIONSHIP_LEVELS]
    if unknown:
        raise CRMDataError(f"cost_per_level has the level {unknown[0]!r}; use the names "
                           f"{', '.join(RELATIONSHIP_LEVELS)}.")
    levels = [lvl for lvl in RELATIONSHIP_LEVELS if lvl in cost_per_level]
    costs = np.array([float(cost_per_level[lvl]) for lvl in levels])
    fits = costs[None, :] <= clv.to_numpy(float)[:, None] * share
    # the most intensive fitting level: the last True along each row
    idx = np.where(fits.any(axis=1), len(levels) - 1 - np.argmax(fits[:, ::-1], axis=1), -1)
    names = np.array(levels + ["basic"], dtype=object)
    return pd.Series(names[idx], index=clv.index, name="level")


_BENEFITS = [
    ("financial", "Money reasons to stay: points, member prices, free delivery after a "
     "number of orders.", "Easy for competitors to copy, so the tie is loose."),
    ("social", "A personal bond: staff who know the customer, greet regulars, a community "
     "of members.", "Harder to copy; rests on people and on remembering the customer."),
    ("structural", "Ties built into how the customer works: a subscription, a saved profile, "
     "a grinder set up for our beans, a shared ordering system.",
     "Hardest to copy; leaving costs the customer effort."),
]


def relationship_benefits() -> pd.DataFrame:
    """The three kinds of benefit a relationship programme can offer, with how well each
    holds against competitors.

    Examples
    --------
    >>> relationship_benefits()["benefit"].tolist()
    ['financial', 'social', 'structural']
    """
    return pd.DataFrame(_BENEFITS, columns=["benefit", "what_it_is", "how_well_it_holds"])


_PHASES = [
    ("customer orientation", "Does every department see and serve the same customer?",
     "single customer view (one row per customer from every table)"),
    ("quality", "Do customers rate our products and service above the competitors'?",
     "relative quality index from the benchmark; perceived against expected in surveys"),
    ("satisfaction", "Do customers get at least what they expected?",
     "share of surveys graded satisfied or very satisfied"),
    ("retention", "Do customers stay?", "defection rate (1 - retention)"),
    ("value and success", "Do customers grow more profitable the longer they stay?",
     "profit per customer by year of relationship"),
]


def crm_phases() -> pd.DataFrame:
    """The phases of CRM as a chain (after Raab et al., 2008): each phase builds on the one
    before, ending in customer value and company success.

    Returns
    -------
    DataFrame with columns phase_no (1-5), phase, question, measure_in_the_data.

    Examples
    --------
    >>> crm_phases()["phase"].iloc[0]
    'customer orientation'
    """
    df = pd.DataFrame(_PHASES, columns=["phase", "question", "measure_in_the_data"])
    df.insert(0, "phase_no", np.arange(1, 6, dtype="int64"))
    return df
