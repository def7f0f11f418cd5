"""Step 6 of the store simulation: the campaigns (retention every quarter, win-back every four
months, two cross-sells, acquisition per channel and quarter), who was contacted, which orders
the contacts caused, and (after all orders exist) which contacts responded."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from crm_lessons.data.simulate.arrays import first_index
from crm_lessons.data.simulate.customers import Traits
from crm_lessons.data.simulate.defections import Defections
from crm_lessons.data.simulate.lifetimes import Lifetimes
from crm_lessons.data.simulate.orders import Induced, NaturalOrders, Orders
from crm_lessons.data.simulate.params import (
    CHANNEL_PARAMS,
    N_DAYS,
    OFFER_DISCOUNT,
    OFFER_PULL,
    RESPONSE_WINDOW_DAYS,
    RETENTION_COST_PER_CONTACT,
    START_DATE,
    WINBACK_LAPSE_DAYS,
    WINBACK_PULL,
)

N_QUARTERS = N_DAYS // 91
OFFERS_CYCLE = ["discount", "free sample", "discount", "none"]


@dataclass
class Campaigns:
    """What the campaign steps build up: one row per campaign (name, type, offer, channel,
    start day, end day, cost), the contact lists and the induced orders."""

    opt_in: np.ndarray
    rows: list[tuple] = field(default_factory=list)
    contacts: list[tuple] = field(default_factory=list)   # (campaign, customers, day, treated, window)
    induced: list[tuple] = field(default_factory=list)    # (customers, days, campaign, discount)


@dataclass(frozen=True)
class Contacts:
    """Every contact (campaign index, customer index, day, treated?) and the order it led to
    within the campaign's window (-1 for none)."""

    camp: np.ndarray
    cust: np.ndarray
    day: np.ndarray
    treat: np.ndarray
    order: np.ndarray


def draw_campaigns(rng: np.random.Generator, c: Traits, lt: Lifetimes, nat: NaturalOrders,
                   defs: Defections) -> Campaigns:
    """Draw the marketing opt-in, then every campaign in turn (the draw order is fixed)."""
    camps = Campaigns(opt_in=rng.random(c.n) < np.where(c.chan == 2, 0.95, 0.78))
    alive_day = c.signup + lt.life * 365
    for q in range(1, N_QUARTERS):
        _retention(rng, camps, c, q, alive_day, defs.day_or_inf)
    for k, day in enumerate([470, 600, 730, 860, 990, 1120]):
        _winback(rng, camps, c.n, k, day, nat)
    for k, day in enumerate([480, 1000]):
        _cross_sell(rng, camps, c, k, day, alive_day, defs.day_or_inf)
    _acquisition(rng, camps, c)
    return camps


def _retention(rng, camps: Campaigns, c: Traits, q: int, alive_day, def_day_or_inf) -> None:
    day = q * 91 + 14
    offer = OFFERS_CYCLE[(q - 1) % 4]
    window = RESPONSE_WINDOW_DAYS["retention"]
    elig = np.flatnonzero(camps.opt_in & (c.signup < day - 7) & (def_day_or_inf > day))
    treat = rng.random(elig.size) >= 0.5
    tenure = day - c.signup[elig]
    pull = np.where(tenure < 180, OFFER_PULL[offer][0], OFFER_PULL[offer][1])
    go = treat & (alive_day[elig] > day) & (rng.random(elig.size) < pull)
    idx = len(camps.rows)
    cost = round(treat.sum() * RETENTION_COST_PER_CONTACT * (1.6 if offer == "free sample" else 1.0)
                 + 250.0, 2)
    qdate = START_DATE + pd.Timedelta(days=day)
    camps.rows.append((f"Keep brewing {qdate.year} Q{qdate.quarter}: {offer}", "retention",
                       offer, "email", day, day + window - 1, cost))
    camps.contacts.append((idx, elig, day, treat, window))
    camps.induced.append((elig[go], day + rng.integers(0, window, go.sum()), idx,
                          OFFER_DISCOUNT[offer]))


def _winback(rng, camps: Campaigns, n: int, k: int, day: int, nat: NaturalOrders) -> None:
    window = RESPONSE_WINDOW_DAYS["win-back"]
    pos = first_index(nat.key, np.arange(n) * 10_000 + day) - 1
    last = np.where(nat.cust[np.maximum(pos, 0)] == np.arange(n), nat.day[np.maximum(pos, 0)], -1)
    elig = np.flatnonzero((last >= 0) & (last < day - WINBACK_LAPSE_DAYS) & (last >= day - 720))
    treat = rng.random(elig.size) >= 0.5
    go = treat & (rng.random(elig.size) < WINBACK_PULL)
    idx = len(camps.rows)
    camps.rows.append((f"We miss you {k + 1}", "win-back", "discount", "direct mail", day,
                       day + window - 1, round(treat.sum() * 2.10 + 400.0, 2)))
    camps.contacts.append((idx, elig, day, treat, window))
    camps.induced.append((elig[go], day + rng.integers(0, window, go.sum()), idx, 0.20))


def _cross_sell(rng, camps: Campaigns, c: Traits, k: int, day: int, alive_day,
                def_day_or_inf) -> None:
    window = RESPONSE_WINDOW_DAYS["cross-sell"]
    elig = np.flatnonzero(camps.opt_in & (c.signup < day - 30) & (def_day_or_inf > day))
    elig = elig[rng.random(elig.size) < 0.5]
    treat = rng.random(elig.size) >= 0.2
    go = treat & (alive_day[elig] > day) & (rng.random(elig.size) < 0.03)
    idx = len(camps.rows)
    camps.rows.append((f"Brew better bundle {k + 1}", "cross-sell", "bundle", "email", day,
                       day + window - 1, round(treat.sum() * 0.6 + 300.0, 2)))
    camps.contacts.append((idx, elig, day, treat, window))
    camps.induced.append((elig[go], day + rng.integers(0, window, go.sum()), idx, 0.10))


def _acquisition(rng, camps: Campaigns, c: Traits) -> None:
    """Acquisition spend per channel and quarter, driven by cost per acquired customer."""
    chan_names = list(CHANNEL_PARAMS)
    quarter = np.minimum(c.signup // 91, N_QUARTERS - 1)
    counts = np.zeros((len(chan_names), N_QUARTERS))
    np.add.at(counts, (c.chan, quarter), 1)
    noise = rng.lognormal(0, 0.08, counts.shape)
    for ch, cname in enumerate(chan_names):
        offer = {"referral": "discount", "email": "discount", "partner": "free sample"}.get(cname, "none")
        for q in range(N_QUARTERS):
            start = q * 91
            stop = N_DAYS - 1 if q == N_QUARTERS - 1 else start + 90
            qdate = START_DATE + pd.Timedelta(days=start)
            camps.rows.append((f"Acquire {cname.replace('_', ' ')} {qdate.year} Q{qdate.quarter}",
                               "acquisition", offer, cname, start, stop,
                               round(counts[ch, q] * c.params[ch, 5] * noise[ch, q], 2)))


def induced_orders(camps: Campaigns) -> Induced:
    """The orders the campaigns caused, dropping those past the end of the data."""
    induced = camps.induced
    ind_cust = np.concatenate([i[0] for i in induced]).astype(np.int64)
    ind_day = np.concatenate([i[1] for i in induced]).astype(np.int64)
    ind_camp = np.concatenate([np.full(i[0].size, i[2]) for i in induced]).astype(np.int64)
    ind_disc = np.concatenate([np.full(i[0].size, i[3]) for i in induced])
    ok = ind_day <= N_DAYS - 1
    return Induced(cust=ind_cust[ok], day=ind_day[ok], camp=ind_camp[ok], disc=ind_disc[ok])


def responses(camps: Campaigns, orders: Orders) -> Contacts:
    """Every contact and its first order within the campaign's response window, if any."""
    contacts = camps.contacts
    c_camp = np.concatenate([np.full(x[1].size, x[0]) for x in contacts])
    c_cust = np.concatenate([x[1] for x in contacts]).astype(np.int64)
    c_day = np.concatenate([np.full(x[1].size, x[2]) for x in contacts]).astype(np.int64)
    c_treat = np.concatenate([x[3] for x in contacts])
    c_window = np.concatenate([np.full(x[1].size, x[4]) for x in contacts]).astype(np.int64)
    n_orders = orders.cust.size
    ord_key = orders.cust * 10_000 + orders.day
    ord_srt = np.argsort(ord_key, kind="stable")            # by customer, then date
    ord_key = ord_key[ord_srt]
    pos = first_index(ord_key, c_cust * 10_000 + c_day)
    posc = np.minimum(pos, n_orders - 1)
    hit = (pos < n_orders) & (ord_key[posc] // 10_000 == c_cust) & \
        (ord_key[posc] % 10_000 < c_day + c_window)
    return Contacts(camp=c_camp, cust=c_cust, day=c_day, treat=c_treat,
                    order=np.where(hit, ord_srt[posc], -1))
