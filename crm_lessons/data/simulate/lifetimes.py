"""Step 2 of the store simulation: service tickets on each potential lifetime, then dropout;
and, later in the draw order, each ticket's date, channel, topic and cost."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from crm_lessons.data.simulate.customers import Traits
from crm_lessons.data.simulate.params import N_DAYS


@dataclass(frozen=True)
class Lifetimes:
    """How long each customer stays, and the tickets they open while active."""

    life: np.ndarray            # years until dropout
    t_cust: np.ndarray          # ticket -> customer index (sorted by customer, then time)
    t_time: np.ndarray          # ticket -> years after sign-up
    t_resolved: np.ndarray      # ticket -> resolved?
    had_unresolved: np.ndarray  # customer had an unresolved ticket
    n_tickets: np.ndarray       # tickets per customer
    dropped: np.ndarray         # dropped out before the end of the data
    active_years: np.ndarray    # years active within the data


@dataclass(frozen=True)
class TicketDetails:
    """Each ticket's day, channel and topic codes, hours to resolve and cost; `order` sorts
    the tickets by day, then customer."""

    day: np.ndarray
    chan: np.ndarray
    topic: np.ndarray
    hours: np.ndarray
    cost: np.ndarray
    order: np.ndarray


def draw_lifetimes(rng: np.random.Generator, c: Traits) -> Lifetimes:
    """Draw each customer's lifetime, with a jump in the hazard after an unresolved ticket.

    >>> from crm_lessons.data.simulate.customers import draw_traits
    >>> rng = np.random.default_rng(1)
    >>> draw_lifetimes(rng, draw_traits(rng, 60)).life.size
    60
    """
    n = c.n
    hazard = 0.16 * np.exp(-0.5 * c.gap + 1.6 * (c.price_sens - 0.3) + c.params[c.chan, 2])
    life0 = rng.exponential(1 / hazard)
    t_rate = 0.10 + 0.10 * c.rate * rng.gamma(2.0, 0.5, n)
    n_t = rng.poisson(t_rate * c.horizon)
    t_cust = np.repeat(np.arange(n), n_t)
    t_time = rng.random(t_cust.size) * c.horizon[t_cust]
    t_order = np.lexsort((t_time, t_cust))
    t_cust, t_time = t_cust[t_order], t_time[t_order]
    t_resolved = rng.random(t_cust.size) < 0.8
    first_unres = np.full(n, np.inf)
    np.minimum.at(first_unres, t_cust[~t_resolved], t_time[~t_resolved])
    hit = first_unres < life0
    life = life0.copy()
    life[hit] = first_unres[hit] + rng.exponential(1 / (hazard[hit] * 6.0))
    keep_t = t_time <= life[t_cust]
    t_cust, t_time, t_resolved = t_cust[keep_t], t_time[keep_t], t_resolved[keep_t]
    had_unresolved = np.zeros(n, bool)
    had_unresolved[t_cust[~t_resolved]] = True
    return Lifetimes(life=life, t_cust=t_cust, t_time=t_time, t_resolved=t_resolved,
                     had_unresolved=had_unresolved, n_tickets=np.bincount(t_cust, minlength=n),
                     dropped=life < c.horizon, active_years=np.minimum(life, c.horizon))


def draw_ticket_details(rng: np.random.Generator, c: Traits, lt: Lifetimes) -> TicketDetails:
    """Draw each ticket's channel, topic, hours to resolve and handling cost.

    >>> from crm_lessons.data.simulate.customers import draw_traits
    >>> rng = np.random.default_rng(1)
    >>> c = draw_traits(rng, 60)
    >>> lt = draw_lifetimes(rng, c)
    >>> draw_ticket_details(rng, c, lt).day.size == lt.t_cust.size
    True
    """
    t_cust, t_resolved = lt.t_cust, lt.t_resolved
    tk_day = np.minimum(c.signup[t_cust] + np.floor(lt.t_time * 365).astype(np.int64), N_DAYS - 1)
    tk_chan = rng.choice(3, t_cust.size, p=[0.45, 0.3, 0.25])
    tk_topic = rng.choice(5, t_cust.size, p=[0.38, 0.22, 0.14, 0.12, 0.14])
    tk_hours = np.where(t_resolved, np.round(rng.gamma(1.5, 14.0, t_cust.size), 1), np.nan)
    tk_cost = np.round(np.array([9.0, 19.0, 6.0])[tk_chan]
                       + np.where(t_resolved, 0.4 * np.nan_to_num(tk_hours), 30.0)
                       * rng.uniform(0.8, 1.2, t_cust.size), 2)
    return TicketDetails(day=tk_day, chan=tk_chan, topic=tk_topic, hours=tk_hours, cost=tk_cost,
                         order=np.lexsort((t_cust, tk_day)))
