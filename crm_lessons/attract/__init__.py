"""Customer attraction: what a new customer costs, which channels bring the best ones, how
prospects move through the funnel, and what randomised campaigns really add.

Public helpers (one line each):

- ``acquisition_cost_per_customer(campaigns, contacts, customers) -> float``
  cost of acquisition campaigns divided by the customers they brought in (EUR per customer).
- ``acquisition_cost_by_channel(campaigns, customers) -> DataFrame``
  per channel: spend, new customers, cost per new customer.
- ``repeat_rate_by_channel(customers, orders, end_date, days=365) -> DataFrame``
  per channel: customers old enough, still buying after `days`, and that share.
- ``funnel_by_source(prospects, customers, orders) -> DataFrame``
  per source: prospects, customers, repeat customers, advocates, and the rate of each step.
- ``campaign_lift(campaigns, contacts, by="offer", campaign_type=None) -> DataFrame``
  response rate of treatment and control and the lift (difference, in points of 0-1).
- ``lift_by_tenure(campaigns, contacts, customers, offer=None, bins=(0, 180, 365, None)) -> DataFrame``
  the same lift, split by how long the customer had been with the company at the contact.
- ``winback_reactivation(campaigns, contacts) -> pd.Series``
  share of lapsed customers who bought again: treatment, control and lift.

Every function is pure: tables in, a table or a number out. One file per idea:
acquisition.py (cost of a new customer), repeat.py (who stays, by channel), funnel.py (the
loyalty ladder), campaigns.py (lift of randomised campaigns).
"""

from crm_lessons.attract.acquisition import (
    acquisition_cost_by_channel,
    acquisition_cost_per_customer,
)
from crm_lessons.attract.campaigns import campaign_lift, lift_by_tenure, winback_reactivation
from crm_lessons.attract.funnel import funnel_by_source
from crm_lessons.attract.repeat import repeat_rate_by_channel

__all__ = [
    "acquisition_cost_per_customer", "acquisition_cost_by_channel", "repeat_rate_by_channel",
    "funnel_by_source", "campaign_lift", "lift_by_tenure", "winback_reactivation",
]
