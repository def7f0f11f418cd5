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

- ``order_margins(orders, order_lines, products) -> Series`` gross margin of each order (EUR).
- ``first_year_margin(customers, orders, margins) -> Series`` margin of each customer's first year.
- ``payback_by_channel(cost_by_channel, customers, year_margin) -> DataFrame``
  cost per customer, first-year margin and payback period in months by channel.
- ``referred_vs_other(customers, value) -> DataFrame`` referred customers against the others.
- ``advocate_value(customers, value, depth=3) -> DataFrame`` what each advocate's referral
  chain is worth.
- ``uplift_interval(table, level=0.95) -> DataFrame`` an uplift's 95% interval and p-value.
- ``campaign_returns(table, cost, margin_per_response) -> DataFrame`` cost per incremental
  response and return on investment.
- ``prospect_split``, ``fit_targeting_model``, ``score_prospects``, ``gains_table``: scoring
  prospects on engagement signals and the gains of contacting the best-scored first.
- ``benchmark_gaps(benchmark, company) -> DataFrame`` where the shop leads or trails.
- ``campaign_profit(...) -> Series`` and ``campaign_inputs(...) -> dict``: the campaign
  calculator and its settings read from a real campaign.

Every function is pure: tables in, a table or a number out. One file per idea:
acquisition.py (cost of a new customer), repeat.py (who stays, by channel), funnel.py (the
loyalty ladder), campaigns.py (lift of randomised campaigns), payback.py (margin and payback),
referral.py (referral value), uplift.py (confidence and returns), targeting.py (scoring
prospects), benchmark.py (competitors), calculator.py (the campaign calculator).
"""

from crm_lessons.attract.acquisition import (
    acquisition_cost_by_channel,
    acquisition_cost_per_customer,
)
from crm_lessons.attract.benchmark import benchmark_gaps
from crm_lessons.attract.calculator import campaign_inputs, campaign_profit
from crm_lessons.attract.campaigns import campaign_lift, lift_by_tenure, winback_reactivation
from crm_lessons.attract.funnel import funnel_by_source
from crm_lessons.attract.payback import first_year_margin, order_margins, payback_by_channel
from crm_lessons.attract.referral import advocate_value, referred_vs_other
from crm_lessons.attract.repeat import repeat_rate_by_channel
from crm_lessons.attract.targeting import (
    fit_targeting_model,
    gains_table,
    prospect_split,
    score_prospects,
)
from crm_lessons.attract.uplift import campaign_returns, uplift_interval

__all__ = [
    "acquisition_cost_per_customer", "acquisition_cost_by_channel", "repeat_rate_by_channel",
    "funnel_by_source", "campaign_lift", "lift_by_tenure", "winback_reactivation",
    "order_margins", "first_year_margin", "payback_by_channel", "referred_vs_other",
    "advocate_value", "uplift_interval", "campaign_returns", "prospect_split",
    "fit_targeting_model", "score_prospects", "gains_table", "benchmark_gaps",
    "campaign_profit", "campaign_inputs",
]
