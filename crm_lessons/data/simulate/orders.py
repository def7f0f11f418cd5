"""Steps 4, 7 and 8 of the store simulation: the natural orders, all orders with the ones
campaigns induced, their discounts and channel, and the order lines."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from crm_lessons.data.simulate.customers import Traits
from crm_lessons.data.simulate.lifetimes import Lifetimes
from crm_lessons.data.simulate.loyalty import Loyalty
from crm_lessons.data.simulate.params import AFFINITY, N_DAYS, PRODUCTS


@dataclass(frozen=True)
class NaturalOrders:
    """The orders customers place by themselves, sorted by customer, then day."""

    cust: np.ndarray
    day: np.ndarray
    first: np.ndarray           # the order on the sign-up day
    key: np.ndarray             # cust * 10_000 + day, sorted


@dataclass(frozen=True)
class Induced:
    """The orders that campaigns caused: customer, day, campaign index and discount fraction."""

    cust: np.ndarray
    day: np.ndarray
    camp: np.ndarray
    disc: np.ndarray


@dataclass(frozen=True)
class Orders:
    """Every order, sorted by day, then customer, with its discount fraction and channel code."""

    cust: np.ndarray
    day: np.ndarray
    camp: np.ndarray            # campaign index, -1 for none
    disc_frac: np.ndarray
    channel: np.ndarray


@dataclass(frozen=True)
class Lines:
    """The order lines (order index, product index), with quantities and each order's money."""

    order: np.ndarray
    prod: np.ndarray
    qty: np.ndarray
    ret_qty: np.ndarray
    gross: np.ndarray           # per order, before discount
    discount: np.ndarray        # per order
    revenue: np.ndarray         # per order


def draw_natural_orders(rng: np.random.Generator, c: Traits, lt: Lifetimes,
                        loy: Loyalty) -> NaturalOrders:
    """First order at sign-up, then a rate that grows with tenure; members buy about 60% more
    often after joining."""
    n, rate, signup, active_years = c.n, c.rate, c.signup, lt.active_years
    join_day = loy.join_day
    growth = 0.35                                           # +35% purchase rate per year of tenure
    cum_rate = active_years + growth * active_years ** 2 / 2
    n_extra = rng.poisson(rate * cum_rate)
    o_cust = np.repeat(np.arange(n), n_extra)
    target = rng.random(o_cust.size) * cum_rate[o_cust]
    o_year = (-1 + np.sqrt(1 + 2 * growth * target)) / growth
    o_day = signup[o_cust] + np.floor(o_year * 365).astype(np.int64)
    mem_idx = np.flatnonzero(loy.joins)
    mem_span = np.maximum(signup[mem_idx] + active_years[mem_idx] * 365 - join_day[mem_idx], 0)
    n_mem = rng.poisson(0.60 * rate[mem_idx] * (1 + growth * active_years[mem_idx]) * mem_span / 365)
    m_cust = np.repeat(mem_idx, n_mem)
    m_day = join_day[m_cust] + np.floor(rng.random(m_cust.size) * np.repeat(mem_span, n_mem))
    nat_cust = np.concatenate([np.arange(n), o_cust, m_cust])
    nat_day = np.concatenate([signup, o_day, m_day.astype(np.int64)])
    nat_day = np.minimum(nat_day, N_DAYS - 1)
    nat_first = np.concatenate([np.ones(n, bool), np.zeros(o_cust.size + m_cust.size, bool)])
    srt = np.lexsort((nat_day, nat_cust))
    nat_cust, nat_day, nat_first = nat_cust[srt], nat_day[srt], nat_first[srt]
    return NaturalOrders(cust=nat_cust, day=nat_day, first=nat_first,
                         key=nat_cust * 10_000 + nat_day)


def draw_orders(rng: np.random.Generator, c: Traits, nat: NaturalOrders, ind: Induced) -> Orders:
    """Merge the natural and induced orders and draw their discounts and channel:
    price-sensitive customers chase promotions; some first orders get a welcome discount."""
    all_cust = np.concatenate([nat.cust, ind.cust])
    all_day = np.concatenate([nat.day, ind.day])
    all_camp = np.concatenate([np.full(nat.cust.size, -1), ind.camp])
    all_first = np.concatenate([nat.first, np.zeros(ind.cust.size, bool)])
    all_offer = np.concatenate([np.full(nat.cust.size, -1.0), ind.disc])
    srt = np.argsort(all_day * np.int64(c.n) + all_cust, kind="stable")    # by date, then customer
    all_cust, all_day, all_camp, all_first, all_offer = (a[srt] for a in
                                                         (all_cust, all_day, all_camp, all_first, all_offer))
    n_orders = all_cust.size
    promo = rng.random(n_orders) < 0.02 + 0.75 * c.price_sens[all_cust]
    disc_frac = np.where(promo, rng.choice([0.10, 0.15, 0.20], n_orders), 0.0)
    welcome = all_first & np.isin(c.chan[all_cust], [2, 3])
    disc_frac = np.where(welcome, np.maximum(disc_frac, 0.10), disc_frac)
    disc_frac = np.where(all_offer >= 0, all_offer, disc_frac)
    o_channel = rng.choice(3, n_orders, p=[0.62, 0.28, 0.10])
    return Orders(cust=all_cust, day=all_day, camp=all_camp, disc_frac=disc_frac, channel=o_channel)


def draw_lines(rng: np.random.Generator, c: Traits, orders: Orders) -> Lines:
    """Draw the order lines, with a few strong product affinities, quantities and returns."""
    n_orders = orders.cust.size
    names = [p[0] for p in PRODUCTS]
    pop = np.array([p[4] for p in PRODUCTS])
    price = np.array([p[2] for p in PRODUCTS])
    n_lines = 1 + rng.poisson(0.7, n_orders)
    l_order = np.repeat(np.arange(n_orders), n_lines)
    l_prod = rng.choice(len(names), l_order.size, p=pop / pop.sum())
    extra_o, extra_p = [], []
    for a, b, p in AFFINITY:
        ia, ib = names.index(a), names.index(b)
        sel = (l_prod == ia) & (rng.random(l_prod.size) < p)
        extra_o.append(l_order[sel])
        extra_p.append(np.full(sel.sum(), ib))
    key = np.concatenate([l_order, *extra_o]) * 1000 + np.concatenate([l_prod, *extra_p])
    key.sort()                                              # one line per product and order
    key = key[np.concatenate([[True], key[1:] != key[:-1]])]
    l_order, l_prod = key // 1000, key % 1000
    qty = 1 + rng.poisson(np.where(price[l_prod] < 15, 0.5, 0.08))
    ret_qty = rng.binomial(qty, c.return_p[orders.cust[l_order]])
    gross = np.bincount(l_order, weights=qty * price[l_prod], minlength=n_orders)
    discount = np.round(gross * orders.disc_frac, 2)
    return Lines(order=l_order, prod=l_prod, qty=qty, ret_qty=ret_qty, gross=gross,
                 discount=discount, revenue=np.round(gross - discount, 2))
