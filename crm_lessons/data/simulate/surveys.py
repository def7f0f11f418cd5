"""Step 9 of the store simulation: about 45% of customers answer one survey, whose grade
follows perceived minus expected."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from crm_lessons.data.simulate.customers import Traits
from crm_lessons.data.simulate.lifetimes import Lifetimes
from crm_lessons.data.simulate.loyalty import Loyalty
from crm_lessons.data.simulate.orders import Lines, Orders
from crm_lessons.data.simulate.params import N_DAYS


@dataclass(frozen=True)
class Surveys:
    """One survey per answering customer; `order` sorts them by day, then customer."""

    cust: np.ndarray
    day: np.ndarray
    grade: np.ndarray           # index into SATISFACTION_GRADES
    recommend: np.ndarray
    category_spend: np.ndarray  # EUR per month on the category, at every shop
    order: np.ndarray


def draw_surveys(rng: np.random.Generator, c: Traits, lt: Lifetimes, loy: Loyalty,
                 orders: Orders, lines: Lines) -> Surveys:
    """Draw who answers, when, their grade, recommendation and monthly category spend
    (their spend here divided by a share of wallet, higher for loyalty members)."""
    active_years = lt.active_years
    answers = rng.random(c.n) < 0.45
    s_cust = np.flatnonzero(answers)
    s_day = c.signup[s_cust] + np.floor(rng.random(s_cust.size) * active_years[s_cust] * 365).astype(np.int64)
    s_day = np.minimum(s_day, N_DAYS - 1)
    score = c.gap[s_cust] + rng.normal(0, 0.6, s_cust.size)
    grade = np.digitize(score, [-2.5, -0.7, 0.7, 2.4])
    recommend = np.clip(np.rint(7.2 + 1.3 * c.gap[s_cust] + rng.normal(0, 1.2, s_cust.size)), 0, 10)
    own_monthly = np.bincount(orders.cust, weights=lines.gross, minlength=c.n)
    own_monthly = own_monthly[s_cust] / np.maximum(active_years[s_cust] * 12, 1)
    wallet = rng.beta(2.0, 3.0, s_cust.size) * np.where(loy.joins[s_cust], 1.5, 1.0)
    category_spend = np.round(np.maximum(own_monthly / np.clip(wallet, 0.05, 0.95), 5.0), 0)
    return Surveys(cust=s_cust, day=s_day, grade=grade, recommend=recommend,
                   category_spend=category_spend, order=np.lexsort((s_cust, s_day)))
