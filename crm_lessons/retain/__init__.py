"""Customer retention: what keeping a customer costs, how many leave, who leaves and why,
how satisfaction drives it, and what loyalty programs and service programs change.

Public helpers (one line each):

- ``retention_cost_per_customer(campaigns, contacts) -> float``
  cost of retention campaigns per kept customer (treated customers who bought again), EUR.
- ``defection_rate(customers, defections, end_date=None, by=None, window_days=365) -> float | DataFrame``
  share of customers on the books at the start of the window who defected within it.
- ``satisfaction_score(grades) -> Series``
  grade (very disappointed ... very satisfied) as a number 1-5.
- ``latest_satisfaction(surveys) -> Series``
  each customer's most recent satisfaction grade, indexed by customer_id.
- ``satisfaction_by_gap(surveys) -> DataFrame``
  per gap (perceived - expectation): surveys, mean satisfaction score, share very satisfied.
- ``ticket_resolution(tickets) -> Series``
  per customer with tickets: "unresolved" if any ticket stayed open, else "all resolved".
- ``reason_profile(defections, customers, orders, tickets) -> DataFrame``
  per stated reason: defectors, share, tickets, share with an unresolved ticket, discount share.
- ``loyalty_frequency(customers, orders, end_date=None) -> DataFrame``
  repeat orders per year: non-members, members before joining, members after joining.
- ``diff_in_diff(data, outcome, group, period, treated, after) -> dict``
  difference-in-differences estimate of a program's effect (with the four cell means).

- ``renewal_survivors(subscriptions, end_date, plan="monthly", joined_in=None) -> DataFrame``
  members of one renewal cohort still paying at the start of each period (for clv.fit_sbg).
- ``constant_rate(survivors) -> float``
  the one average retention rate per period a naive projection uses.
- ``project_members(model, subscriptions, end_date, rate, plan="monthly", periods=36) -> DataFrame``
  today's members projected ahead with the sBG model and with one constant rate.
- ``defection_by_threshold(orders, end_date, thresholds) -> DataFrame`` and
  ``silent_defection_rate(orders, end_date, days=365) -> float``
  the share of customers silent for more than N days, for one N or several.
- ``retention_matrix(orders, end_date=None, period="M", by=None) -> DataFrame``
  cohort retention: share of each first-order cohort (or group) ordering k periods later.
- ``yearly_revenue(orders, end_date) -> Series`` and ``complaint_value(...) -> dict``
  revenue per year with us; what resolving every ticket would have kept.
- ``reason_pareto(defections, orders, end_date) -> DataFrame``
  stated reasons by lost value, with the Pareto curve and whether each is fixable.
- ``matched_before_after(customers, orders, days=180, end_date=None) -> DataFrame``
  members before and after joining against matched non-members (difference in differences).
- ``churn_table``, ``fit_churn_model``, ``lift_table``, ``at_risk_list``
  the churn-risk model: features up to a cut-off, outcome after it, AUC, lift, whom to call.
- ``rung_at(customers, orders, as_of) -> Series`` and ``ladder_moves(...) -> DataFrame``
  each customer's rung on the loyalty ladder, and the moves up a rung in a year.

Every function is pure: tables in, a table or a number out. One file per idea: cost.py
(retention cost), defection.py (defection rates), satisfaction.py (grades and the
expectation gap), reasons.py (tickets and stated reasons), loyalty.py (loyalty program),
experiments.py (difference in differences), subscriptions.py (contractual retention),
silence.py, cohorts.py, complaints.py, pareto.py, matched.py, churn.py, ladder.py.
"""

from crm_lessons.retain.churn import at_risk_list, churn_table, fit_churn_model, lift_table
from crm_lessons.retain.cohorts import retention_matrix
from crm_lessons.retain.complaints import complaint_value, yearly_revenue
from crm_lessons.retain.cost import retention_cost_per_customer
from crm_lessons.retain.defection import defection_rate
from crm_lessons.retain.experiments import diff_in_diff
from crm_lessons.retain.ladder import RUNGS, ladder_moves, rung_at
from crm_lessons.retain.loyalty import loyalty_frequency
from crm_lessons.retain.matched import matched_before_after
from crm_lessons.retain.pareto import reason_pareto
from crm_lessons.retain.reasons import reason_profile, ticket_resolution
from crm_lessons.retain.satisfaction import (
    latest_satisfaction,
    satisfaction_by_gap,
    satisfaction_score,
)
from crm_lessons.retain.silence import defection_by_threshold, silent_defection_rate
from crm_lessons.retain.subscriptions import (
    constant_rate,
    project_members,
    renewal_survivors,
)

__all__ = [
    "retention_cost_per_customer", "defection_rate", "satisfaction_score",
    "latest_satisfaction", "satisfaction_by_gap", "ticket_resolution", "reason_profile",
    "loyalty_frequency", "diff_in_diff", "renewal_survivors", "constant_rate",
    "project_members", "defection_by_threshold", "silent_defection_rate", "retention_matrix",
    "yearly_revenue", "complaint_value", "reason_pareto", "matched_before_after",
    "churn_table", "fit_churn_model", "lift_table", "at_risk_list", "RUNGS", "rung_at",
    "ladder_moves",
]
