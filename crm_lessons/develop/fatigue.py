"""Cross-selling without annoying: how unsubscribes and complaints rise with the number of
contacts a customer gets in a year, whether contacts honour the marketing opt-in, and the yearly
contact cap that earns the most once customers lost to fatigue are counted."""

from __future__ import annotations

import pandas as pd

from crm_lessons.data.simulate.fatigue import contacts_in_window
from crm_lessons.errors import (
    CRMDataError,
    require_columns,
    require_dates,
    require_not_empty,
    require_number,
)


def sent_contacts(contacts: pd.DataFrame) -> pd.DataFrame:
    """The contacts whose message was actually sent: without the control-group rows (a
    control customer was held out of the campaign and received nothing), when the table has
    a ``group`` column.

    >>> c = pd.DataFrame({"customer_id": [1, 2], "group": ["treatment", "control"]})
    >>> sent_contacts(c)["customer_id"].tolist()
    [1]
    """
    if "group" not in contacts.columns:
        return contacts
    return contacts[contacts["group"].astype(str) != "control"]


def fatigue_by_frequency(contacts: pd.DataFrame, window_days: int = 365) -> pd.DataFrame:
    """Response, unsubscribe and complaint rates by how many contacts the customer had received
    in the `window_days` days up to and including this one (1 = the first of the year).
    Control-group rows (messages never sent) are left out (`sent_contacts`).

    Returns
    -------
    DataFrame with contacts_in_year, contacts, response_rate, unsubscribe_rate,
    complaint_rate (fractions 0-1), one row per count.

    Examples
    --------
    >>> c = pd.DataFrame({"customer_id": [1, 1, 2], "responded": [True, False, False],
    ...     "unsubscribed": [False, True, False], "complained": [False, False, False],
    ...     "contact_date": pd.to_datetime(["2024-01-01", "2024-02-01", "2024-01-01"])})
    >>> fatigue_by_frequency(c)["unsubscribe_rate"].tolist()
    [0.0, 1.0]
    """
    require_columns(contacts, "contacts", ["customer_id", "contact_date", "responded",
                                           "unsubscribed", "complained"])
    require_not_empty(contacts, "contacts")
    contacts = sent_contacts(contacts)
    require_not_empty(contacts, "contacts")
    if contacts["customer_id"].isna().any():
        raise CRMDataError("contacts has rows without a customer_id (prospects). Keep the "
                           "customers' contacts first: contacts.dropna(subset=['customer_id']).")
    days = (require_dates(contacts, "contacts", "contact_date")
            - pd.Timestamp("1970-01-01")).dt.days.to_numpy()
    k = contacts_in_window(contacts["customer_id"].to_numpy().astype("int64"), days,
                           int(require_number(window_days, "window_days", minimum=1,
                                              fix="Give a number of days such as 365.")))
    table = pd.DataFrame({"contacts_in_year": k,
                          "responded": contacts["responded"].astype(float).to_numpy(),
                          "unsubscribed": contacts["unsubscribed"].astype(float).to_numpy(),
                          "complained": contacts["complained"].astype(float).to_numpy()})
    return table.groupby("contacts_in_year").agg(
        contacts=("responded", "size"), response_rate=("responded", "mean"),
        unsubscribe_rate=("unsubscribed", "mean"),
        complaint_rate=("complained", "mean")).reset_index()


def contact_cap_value(fatigue: pd.DataFrame, value_per_response: float,
                      value_per_unsubscribe: float, cost_per_complaint: float = 0.0) -> pd.DataFrame:
    """Net value per customer of each yearly contact cap: for a cap of C contacts a year, the
    sum over the first C contacts of response rate times `value_per_response`, minus
    unsubscribe rate times `value_per_unsubscribe` (what a customer lost to marketing is
    worth), minus complaint rate times `cost_per_complaint`. The best cap has the largest
    net_value.

    Returns
    -------
    DataFrame with cap, response_value, fatigue_cost, net_value (EUR per customer a year).

    Examples
    --------
    >>> f = pd.DataFrame({"contacts_in_year": [1, 2, 3], "response_rate": [0.1, 0.1, 0.1],
    ...     "unsubscribe_rate": [0.0, 0.01, 0.1], "complaint_rate": [0.0, 0.0, 0.0]})
    >>> contact_cap_value(f, 10.0, 50.0)["net_value"].round(2).tolist()
    [1.0, 1.5, -2.5]
    """
    require_columns(fatigue, "fatigue", ["contacts_in_year", "response_rate",
                                         "unsubscribe_rate", "complaint_rate"])
    values = [require_number(v, name, minimum=0, fix="Give a value in EUR, 0 or more.")
              for v, name in ((value_per_response, "value_per_response"),
                              (value_per_unsubscribe, "value_per_unsubscribe"),
                              (cost_per_complaint, "cost_per_complaint"))]
    f = fatigue.sort_values("contacts_in_year", kind="stable")
    gain = (f["response_rate"] * values[0]).cumsum()
    cost = (f["unsubscribe_rate"] * values[1] + f["complaint_rate"] * values[2]).cumsum()
    return pd.DataFrame({"cap": f["contacts_in_year"].to_numpy(),
                         "response_value": gain.to_numpy(), "fatigue_cost": cost.to_numpy(),
                         "net_value": (gain - cost).to_numpy()})


def opt_in_breaches(contacts: pd.DataFrame, customers: pd.DataFrame) -> int:
    """Number of messages sent to customers who did not agree to marketing (should be 0).
    Control-group rows are not counted: no message went to them (`sent_contacts`).

    Examples
    --------
    >>> c = pd.DataFrame({"customer_id": [1, 2, 2]})
    >>> opt_in_breaches(c, pd.DataFrame({"customer_id": [1, 2], "marketing_opt_in": [True, False]}))
    2
    """
    require_columns(contacts, "contacts", ["customer_id"])
    require_columns(customers, "customers", ["customer_id", "marketing_opt_in"])
    opted = customers.set_index("customer_id")["marketing_opt_in"]
    sent = sent_contacts(contacts)["customer_id"].dropna()
    return int((~sent.map(opted).fillna(False).astype(bool)).sum())


def response_margin(profit: pd.DataFrame, orders: pd.DataFrame, contacts: pd.DataFrame) -> float:
    """Margin of an average order that answered a campaign (EUR): its mean revenue times the
    shop's margin share (total profit over total revenue of `profit`, from customer_profit).

    Examples
    --------
    >>> profit = pd.DataFrame({"profit": [30.0], "revenue": [100.0]})
    >>> orders = pd.DataFrame({"order_id": [1, 2], "revenue": [40.0, 60.0]})
    >>> response_margin(profit, orders, pd.DataFrame({"order_id": [2, None]}))
    18.0
    """
    require_columns(profit, "profit", ["profit", "revenue"])
    require_columns(orders, "orders", ["order_id", "revenue"])
    require_columns(contacts, "contacts", ["order_id"])
    answered = contacts["order_id"].dropna()
    if answered.empty:
        raise CRMDataError("contacts.order_id is empty: no contact led to an order, so a "
                           "response has no value to measure. Pass the store's contacts.")
    share = float(profit["profit"].sum() / profit["revenue"].sum())
    revenue = orders.set_index("order_id")["revenue"]
    return float(revenue.reindex(answered.to_numpy()).mean() * share)


def marketing_value_lost(contacts: pd.DataFrame, margin_per_response: float, retention: float,
                         discount_rate: float = 0.10) -> float:
    """What a customer lost to marketing is worth (EUR): the simple lifetime value
    (crm_lessons.clv.simple_clv) of the responses they would have given, that is responses per
    contacted customer a year times `margin_per_response`, kept at `retention`, discounted.

    Examples
    --------
    >>> c = pd.DataFrame({"customer_id": [1, 2], "responded": [True, False],
    ...     "contact_date": pd.to_datetime(["2024-01-01", "2025-01-01"])})
    >>> round(marketing_value_lost(c, 10.0, 0.8, 0.1), 2)   # 0.5 a year x 10 / (1.1 - 0.8)
    16.63
    """
    from crm_lessons.clv import simple_clv

    require_columns(contacts, "contacts", ["customer_id", "contact_date", "responded"])
    sent = sent_contacts(contacts).dropna(subset=["customer_id"])
    require_not_empty(sent, "contacts")
    dates = require_dates(sent, "contacts", "contact_date")
    years = max((dates.max() - dates.min()).days / 365.25, 1.0)
    per_year = float(sent["responded"].sum()) / sent["customer_id"].nunique() / years
    return simple_clv(per_year * require_number(margin_per_response, "margin_per_response",
                                                minimum=0, fix="Give a value in EUR."),
                      retention, discount_rate)
