"""Customer lifetime value: simple formulas, cohorts, and the models of customer-base analysis.

Lifetime value is what a customer is worth to the firm over the whole relationship: the margin
they will bring in each future period, counted only while they stay, and worth less the further
away it lies (a dollar next year is worth less than a dollar today, hence the discount rate).

Three ways to estimate it, from the simplest to the richest:

* **Simple lifetime value** (:func:`simple_clv`). Assume every customer brings the same margin
  each period and stays from one period to the next with the same probability (the retention
  rate). Add up the discounted margins, forever or over a fixed number of periods.
* **Cohort lifetime value** (:func:`cohort_value`). Group customers by the month they first
  bought, and add up what each group actually spent, per customer, one period after another.
  It needs no model, only history, so it says nothing about the future beyond what has been seen.
* **Probabilistic models** for a business where customers can leave silently (a shop, a web
  store: nobody cancels a subscription). Each model is fitted to a small per-customer summary
  (:func:`purchase_summary`): how many times the customer came back (frequency), when they last
  bought (recency) and how long we have known them (T).

  - **BG/NBD** (:func:`fit_bgnbd`): while active, a customer buys at their own steady pace, and
    the pace differs from one customer to the next (a gamma distribution with parameters r and
    alpha). After each purchase the customer may leave for good, with a probability of their own
    (a beta distribution with parameters a and b).
  - **Pareto/NBD** (:func:`fit_pareto_nbd`): the same buying process, but a customer can leave at
    any moment, not only just after a purchase; how long each stays follows an exponential
    lifetime whose rate differs between customers (a gamma distribution with s and beta).
  - **Gamma-Gamma** (:func:`fit_gamma_gamma`): how much a customer spends per purchase. Each
    customer has their own typical basket; a customer with few purchases is pulled towards the
    average of everyone, one with many purchases is trusted more.

  - **MBG/NBD** (:func:`fit_mbgnbd`): the BG/NBD, except that a customer may also leave right
    after the first purchase, so one who never came back is not taken to be still active.
  - **BG/BB** (:func:`fit_bgbb`): for discrete chances to buy (a yearly donation, a weekly
    class): while active a customer takes each chance with a probability of their own, and
    after each chance may leave, with a probability of their own.

  A purchase model tells how many purchases to expect from a customer in the coming weeks and
  how likely the customer is to be still active; multiplied by the spend model's expected
  basket and discounted, that gives the lifetime value of each customer
  (:func:`lifetime_value`).

* **Contractual models**: where customers renew and their leaving is seen, the
  shifted-beta-geometric model (:func:`fit_sbg`) of a cohort's survivors gives its survival
  curve, its retention rate by period and the discounted expected residual lifetime value.

Each newer fit reports standard errors and 95% intervals (crm_lessons.clv.uncertainty); the
diagnostics (crm_lessons.clv.diagnostics) compare a fitted model with the data it describes.

Money and time follow crm_lessons.units: cash at the end of each period t = 1, 2, ..., worth
``1 / (1 + d) ** t`` today; time units "D", "W" and "M" (a month is 365.25 / 12 days).

One file per idea: summary.py (:func:`purchase_summary` and the checks of a summary),
simple.py, cohort.py, bgnbd.py, pareto.py, gamma_gamma.py, mbgnbd.py, bgbb.py (with
bgbb_data.py, the checks of its summary), sbg.py (one model each), fitting.py (what the models
share: the optimiser, the base class of the purchase models), special.py (numerics of the
newer models), uncertainty.py (standard errors and intervals), diagnostics.py (the tables of the diagnostic charts) and value.py
(:func:`lifetime_value`).

The models follow Fader, Hardie and Lee (2005, "Counting your customers the easy way" and "RFM
and CLV: using iso-value curves"), Schmittlein, Morrison and Colombo (1987) for the Pareto/NBD,
and Fader and Hardie's notes on implementing them. They are fitted by maximum likelihood with
scipy (imported only inside the fitting and prediction functions).

Examples
--------
>>> from crm_lessons.data import load_cdnow          # doctest: +SKIP
>>> tx = load_cdnow()                                    # doctest: +SKIP
>>> s = purchase_summary(tx, calibration_end="1997-09-30")   # doctest: +SKIP
>>> fit_bgnbd(s)                                         # doctest: +SKIP
BGNBD(r=0.243 [0.219, 0.268], alpha=4.41 [3.73, 5.22], a=0.793 [0.501, 1.25], b=2.43 [1.37, 4.29]; LL=-9582.4, n=2357)
"""

from crm_lessons.clv.bgbb import BGBB, fit_bgbb
from crm_lessons.clv.bgnbd import BGNBD, fit_bgnbd
from crm_lessons.clv.cohort import cohort_value
from crm_lessons.clv.diagnostics import (
    alive_matrix,
    expected_matrix,
    holdout_table,
    repeat_count_table,
    survival_table,
    tracking_table,
)
from crm_lessons.clv.gamma_gamma import GammaGamma, fit_gamma_gamma
from crm_lessons.clv.mbgnbd import MBGNBD, fit_mbgnbd
from crm_lessons.clv.pareto import ParetoNBD, fit_pareto_nbd
from crm_lessons.clv.sbg import SBG, fit_sbg
from crm_lessons.clv.simple import simple_clv
from crm_lessons.clv.summary import purchase_summary
from crm_lessons.clv.value import lifetime_value
from crm_lessons.errors import CRMDataWarning, CRMFitWarning
from crm_lessons.units import UNIT_DAYS

__all__ = [
    "BGBB",
    "BGNBD",
    "CRMDataWarning",
    "CRMFitWarning",
    "GammaGamma",
    "MBGNBD",
    "ParetoNBD",
    "SBG",
    "UNIT_DAYS",
    "alive_matrix",
    "cohort_value",
    "expected_matrix",
    "fit_bgbb",
    "fit_bgnbd",
    "fit_gamma_gamma",
    "fit_mbgnbd",
    "fit_pareto_nbd",
    "fit_sbg",
    "holdout_table",
    "lifetime_value",
    "purchase_summary",
    "repeat_count_table",
    "simple_clv",
    "survival_table",
    "tracking_table",
]
