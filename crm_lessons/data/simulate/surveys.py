"""Step 9 of the store simulation: about 45% of customers answer a survey, whose grade
follows perceived minus expected; a share of them answer a follow-up survey months later.

The follow-up wave draws from its own random stream (:data:`FOLLOW_UP_STREAM`, derived from
the seed), so that it leaves every other table exactly as it was without it."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from crm_lessons.data.simulate.customers import Traits
from crm_lessons.data.simulate.lifetimes import Lifetimes
from crm_lessons.data.simulate.loyalty import Loyalty
from crm_lessons.data.simulate.orders import Lines, Orders
from crm_lessons.data.simulate.params import N_DAYS

#: The key of the follow-up wave's own random stream (see :func:`own_stream`).
FOLLOW_UP_STREAM = 9
#: Share of the first-wave respondents invited to the follow-up survey; those who are still
#: customers on its date (and whose date falls within the data) answer it.
FOLLOW_UP_SHARE = 0.4
#: The follow-up comes this many days after the first answer: 120, plus up to a year.
FOLLOW_UP_DAYS = (120, 365)


@dataclass(frozen=True)
class Surveys:
    """The survey answers (first answers, then follow-ups); `order` sorts them by day, then
    customer."""

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


def own_stream(seed: int, key: int) -> np.random.Generator:
    """A random stream of its own, derived from the seed and a key: drawing from it leaves
    the main stream (and so every other table) untouched.

    >>> float(own_stream(1, 9).random()) == float(own_stream(1, 9).random())
    True
    """
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(key,)))


def add_follow_up(rng: np.random.Generator, c: Traits, lt: Lifetimes, first: Surveys) -> Surveys:
    """The first answers plus the follow-up wave: FOLLOW_UP_SHARE of the respondents are asked
    again 120 to 485 days after their first answer, and answer if they are still customers then
    and the date falls within the data. The new grade and recommendation follow the same gap
    with fresh noise; the category spend moves a little from the first answer.

    >>> from crm_lessons.data.simulate import simulate
    >>> t = simulate(3, 400)["surveys"]
    >>> bool(t["customer_id"].duplicated().any())
    True
    """
    n = first.cust.size
    asked = rng.random(n) < FOLLOW_UP_SHARE
    day = first.day + FOLLOW_UP_DAYS[0] + np.floor(rng.random(n) * FOLLOW_UP_DAYS[1]).astype(np.int64)
    last_day = np.minimum(c.signup[first.cust] + np.floor(lt.active_years[first.cust] * 365),
                          N_DAYS - 1)
    again = asked & (day <= last_day)
    cust, day = first.cust[again], day[again]
    score = c.gap[cust] + rng.normal(0, 0.6, cust.size)
    recommend = np.clip(np.rint(7.2 + 1.3 * c.gap[cust] + rng.normal(0, 1.2, cust.size)), 0, 10)
    spend = np.round(np.maximum(first.category_spend[again]
                                * rng.lognormal(0.0, 0.15, cust.size), 5.0), 0)
    all_cust, all_day = np.concatenate([first.cust, cust]), np.concatenate([first.day, day])
    return Surveys(cust=all_cust, day=all_day,
                   grade=np.concatenate([first.grade, np.digitize(score, [-2.5, -0.7, 0.7, 2.4])]),
                   recommend=np.concatenate([first.recommend, recommend]),
                   category_spend=np.concatenate([first.category_spend, spend]),
                   order=np.lexsort((all_cust, all_day)))
