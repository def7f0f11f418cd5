"""Step 3 of the store simulation: who referred whom, and who joined the loyalty program when."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from crm_lessons.data.simulate.customers import Traits
from crm_lessons.data.simulate.lifetimes import Lifetimes
from crm_lessons.data.simulate.params import LOYALTY_LAUNCH_DAY, N_DAYS


@dataclass(frozen=True)
class Loyalty:
    """Referrals and loyalty membership, one entry per customer."""

    referred_by: np.ndarray     # index of the referring customer, -1 if none
    joins: np.ndarray           # joined the loyalty program
    join_day: np.ndarray        # day number of joining (NaN if never)


def draw_loyalty(rng: np.random.Generator, c: Traits, lt: Lifetimes) -> Loyalty:
    """Draw referrals (referral customers name an earlier customer, heavier buyers more often)
    and loyalty membership (heavier buyers are likelier to join).

    >>> from crm_lessons.data.simulate.customers import draw_traits
    >>> from crm_lessons.data.simulate.lifetimes import draw_lifetimes
    >>> rng = np.random.default_rng(1)
    >>> c = draw_traits(rng, 60)
    >>> int(draw_loyalty(rng, c, draw_lifetimes(rng, c)).referred_by[0])
    -1
    """
    n, chan, signup = c.n, c.chan, c.signup
    weight = c.rate * np.exp(0.35 * c.gap) * np.where(chan == 3, 2.0, 1.0)
    cum = np.cumsum(weight)
    referred_by = np.full(n, -1, np.int64)
    is_ref = np.flatnonzero(chan == 3)
    is_ref = is_ref[is_ref > 0]
    pick = np.searchsorted(cum, rng.random(is_ref.size) * cum[is_ref - 1], side="right")
    referred_by[is_ref] = np.minimum(pick, is_ref - 1)

    join_p = 1 / (1 + np.exp(-(-1.4 + 1.1 * np.log(c.rate / 2.5))))
    join_lo = np.maximum(signup + 30, LOYALTY_LAUNCH_DAY)
    join_hi = np.minimum(signup + lt.active_years * 365, N_DAYS - 1)
    can_join = join_hi - join_lo > 30
    joins = can_join & (rng.random(n) < join_p)
    join_day = np.where(joins, join_lo + rng.random(n) * (join_hi - join_lo), np.nan)
    return Loyalty(referred_by=referred_by, joins=joins, join_day=np.floor(join_day))
