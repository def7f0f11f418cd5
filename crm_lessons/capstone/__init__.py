"""The capstone: how much relationship marketing each segment deserves, and the hospital case.

Public helpers (one line each):

- ``level_assumptions(retention_lift=None) -> DataFrame``
  the editable table of the five levels: cost per customer per year, retention gain, spend
  gain, and where each number comes from.
- ``segment_baseline(orders, order_lines, products, tickets, end_date) -> DataFrame``
  per lesson-02 segment: customers, yearly retention and yearly margin (EUR).
- ``plan_values(baseline, assumptions, discount_rate=0.1, acquisition_cost=0, horizon=None)``
  per segment and level: lifetime value, cost stream, replacement cost and net value (EUR).
- ``best_levels(values) -> DataFrame``, ``plan_total(values) -> float`` and
  ``level_changes(before, after) -> DataFrame``
  the best level of each segment, the value of the whole base under that plan, and how
  two plans differ.
- ``plan_sensitivity(baseline, assumptions, ..., change=0.2) -> DataFrame``
  which assumption, moved by 20%, changes a segment's best level.
- ``did_interval(patients, outcome, ...) -> dict`` and ``area_effects(patients) -> DataFrame``
  the hospital's naive change against difference-in-differences with a 95% interval.

Lifetime values use ``crm_lessons.clv.simple_clv`` and with it the package's one discounting
convention (``crm_lessons.units``). One file per idea: levels.py (the assumptions),
baseline.py (the segments' starting point), plan.py (value minus cost, best level),
sensitivity.py (the 20% test), hospital.py (the case's difference-in-differences).
"""

from crm_lessons.capstone.baseline import segment_baseline
from crm_lessons.capstone.hospital import area_effects, did_interval
from crm_lessons.capstone.levels import RELATIONSHIP_LEVELS, RETENTION_CAP, level_assumptions
from crm_lessons.capstone.plan import best_levels, level_changes, plan_total, plan_values
from crm_lessons.capstone.sensitivity import plan_sensitivity

__all__ = ["RELATIONSHIP_LEVELS", "RETENTION_CAP", "area_effects", "best_levels", "did_interval",
           "level_assumptions", "level_changes", "plan_sensitivity", "plan_total", "plan_values",
           "segment_baseline"]
