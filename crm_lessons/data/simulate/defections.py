"""Step 5 of the store simulation: stated defections and their reasons (the rest lapse silently)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from crm_lessons.data.simulate.customers import Traits
from crm_lessons.data.simulate.lifetimes import Lifetimes
from crm_lessons.data.simulate.orders import NaturalOrders
from crm_lessons.data.simulate.params import N_DAYS


@dataclass(frozen=True)
class Defections:
    """Who told the company they left, when and why (one entry per customer)."""

    states: np.ndarray          # stated a defection within the data
    reason: np.ndarray          # reason code (index into DEFECTION_REASONS)
    day: np.ndarray             # day number of the defection
    day_or_inf: np.ndarray      # that day where stated, a far-away day elsewhere


def draw_defections(rng: np.random.Generator, c: Traits, lt: Lifetimes,
                    nat: NaturalOrders) -> Defections:
    """Draw who states a defection (likelier after an unresolved ticket) and the reason,
    which follows the customer's cause of leaving."""
    n = c.n
    state_p = np.where(lt.had_unresolved, 0.75, 0.55)
    states = lt.dropped & (rng.random(n) < state_p)
    scores = np.column_stack([
        7.0 * c.price_sens - 1.0,                            # lower price elsewhere
        2.6 * lt.had_unresolved + 0.25 * lt.n_tickets,       # service failure
        np.full(n, 0.25),                                    # moved away
        0.55 * np.maximum(-c.gap, 0) + 0.2,                  # found something better
        np.full(n, 0.45),                                    # no longer needed
    ]) + rng.gumbel(0, 0.55, (n, 5))
    reason = scores.argmax(axis=1)
    last_nat = np.zeros(n, np.int64)
    np.maximum.at(last_nat, nat.cust, nat.day)
    def_day = np.maximum(c.signup + np.floor(lt.life * 365), last_nat) + rng.integers(1, 45, n)
    states &= def_day <= N_DAYS - 1
    return Defections(states=states, reason=reason, day=def_day,
                      day_or_inf=np.where(states, def_day, 10**9))
