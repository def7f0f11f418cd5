"""The last step of the store simulation: the simulated arrays as typed tables
(see crm_lessons.schema). The customers' region and age band are drawn here, last."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from crm_lessons.data.simulate.arrays import as_dates, nullable_ids
from crm_lessons.data.simulate.campaigns import Campaigns, Contacts
from crm_lessons.data.simulate.customers import Traits
from crm_lessons.data.simulate.defections import Defections
from crm_lessons.data.simulate.lifetimes import Lifetimes, TicketDetails
from crm_lessons.data.simulate.loyalty import Loyalty
from crm_lessons.data.simulate.orders import Lines, Orders
from crm_lessons.data.simulate.params import (
    CAMPAIGN_CHANNELS,
    COMPETITORS,
    ORDER_CHANNELS,
    PRODUCTS,
    TICKET_CHANNELS,
    TICKET_TOPICS,
)
from crm_lessons.data.simulate.prospects import Prospects
from crm_lessons.data.simulate.surveys import Surveys
from crm_lessons.schema import (
    AGE_BANDS,
    CAMPAIGN_TYPES,
    CHANNELS,
    DEFECTION_REASONS,
    OFFERS,
    REGIONS,
    SATISFACTION_GRADES,
)


@dataclass(frozen=True)
class World:
    """Everything the simulation steps drew, handed to the assembly in one piece."""

    traits: Traits
    lifetimes: Lifetimes
    loyalty: Loyalty
    defections: Defections
    campaigns: Campaigns
    orders: Orders
    lines: Lines
    surveys: Surveys
    tickets: TicketDetails
    prospects: Prospects
    contacts: Contacts
    fatigue: tuple[np.ndarray, np.ndarray]   # unsubscribed, complained, in contacts' order


def assemble_tables(rng: np.random.Generator, w: World) -> dict[str, pd.DataFrame]:
    """The store's eleven typed tables, in schema order."""
    return {
        "customers": customers_table(rng, w),
        "prospects": prospects_table(w.prospects),
        "products": products_table(),
        "orders": orders_table(w.orders, w.lines),
        "order_lines": order_lines_table(w.lines),
        "campaigns": campaigns_table(w.campaigns.rows),
        "contacts": contacts_table(w.contacts, w.fatigue),
        "tickets": tickets_table(w.lifetimes, w.tickets),
        "surveys": surveys_table(w.traits, w.surveys),
        "defections": defections_table(w.defections),
        "benchmark": benchmark_table(),
    }


def customers_table(rng: np.random.Generator, w: World) -> pd.DataFrame:
    """The customers, drawing their region and then their age band."""
    n, loy = w.traits.n, w.loyalty
    joins = loy.joins
    return pd.DataFrame(copy=False, data={
        "customer_id": np.arange(1, n + 1, dtype=np.int64),
        "signup_date": as_dates(w.traits.signup),
        "channel": pd.Categorical.from_codes(w.traits.chan, CHANNELS),
        "referred_by": nullable_ids(loy.referred_by, loy.referred_by >= 0),
        "region": pd.Categorical.from_codes(rng.choice(5, n, p=[0.22, 0.18, 0.17, 0.2, 0.23]), REGIONS),
        "age_band": pd.Categorical.from_codes(
            rng.choice(6, n, p=[0.09, 0.26, 0.25, 0.19, 0.13, 0.08]), AGE_BANDS),
        "marketing_opt_in": w.campaigns.opt_in,
        "loyalty_member": joins,
        "loyalty_join_date": pd.to_datetime(as_dates(np.nan_to_num(loy.join_day).astype(np.int64))).where(joins),
    })


def prospects_table(p: Prospects) -> pd.DataFrame:
    """The leads, sorted by the day they were captured."""
    s = p.order
    return pd.DataFrame(copy=False, data={
        "prospect_id": np.arange(1, p.cust.size + 1, dtype=np.int64),
        "created_date": as_dates(p.day[s]),
        "source": pd.Categorical.from_codes(p.src[s], CHANNELS),
        "email_opens": p.opens[s].astype(np.int64),
        "site_visits": p.visits[s].astype(np.int64),
        "sample_requested": p.sample_req[s],
        "customer_id": nullable_ids(p.cust[s], p.cust[s] >= 0),
    })


def products_table() -> pd.DataFrame:
    """The product range (fixed, not drawn)."""
    cats = [p[1] for p in PRODUCTS]
    return pd.DataFrame(copy=False, data={
        "product_id": np.arange(1, len(PRODUCTS) + 1, dtype=np.int64),
        "name": pd.array([p[0] for p in PRODUCTS], dtype="str"),
        "category": pd.Categorical(cats, categories=list(dict.fromkeys(cats))),
        "price": np.array([p[2] for p in PRODUCTS]),
        "unit_cost": np.array([p[3] for p in PRODUCTS]),
    })


def orders_table(o: Orders, lines: Lines) -> pd.DataFrame:
    """The orders, by date, then customer."""
    return pd.DataFrame(copy=False, data={
        "order_id": np.arange(1, o.cust.size + 1, dtype=np.int64),
        "customer_id": o.cust + 1,
        "order_date": as_dates(o.day),
        "channel": pd.Categorical.from_codes(o.channel, ORDER_CHANNELS),
        "discount": lines.discount,
        "campaign_id": nullable_ids(o.camp, o.camp >= 0),
        "revenue": lines.revenue,
    })


def order_lines_table(lines: Lines) -> pd.DataFrame:
    """One line per order and product."""
    price = np.array([p[2] for p in PRODUCTS])
    return pd.DataFrame(copy=False, data={
        "order_id": lines.order.astype(np.int64) + 1,
        "product_id": lines.prod.astype(np.int64) + 1,
        "quantity": lines.qty.astype(np.int64),
        "unit_price": price[lines.prod],
        "returned_quantity": lines.ret_qty.astype(np.int64),
    })


def campaigns_table(rows: list[tuple]) -> pd.DataFrame:
    """The campaigns, in the order they were built."""
    cr = list(zip(*rows, strict=True))
    return pd.DataFrame(copy=False, data={
        "campaign_id": np.arange(1, len(rows) + 1, dtype=np.int64),
        "name": pd.array(cr[0], dtype="str"),
        "type": pd.Categorical(cr[1], categories=CAMPAIGN_TYPES),
        "offer": pd.Categorical(cr[2], categories=OFFERS),
        "channel": pd.Categorical(cr[3], categories=CAMPAIGN_CHANNELS),
        "start_date": as_dates(np.array(cr[4], dtype=np.int64)),
        "end_date": as_dates(np.array(cr[5], dtype=np.int64)),
        "total_cost": np.array(cr[6], dtype=float),
    })


def contacts_table(c: Contacts, fatigue: tuple[np.ndarray, np.ndarray]) -> pd.DataFrame:
    """The contacts, by campaign, then customer; a customer unsubscribes at most once (their
    first unsubscribe counts)."""
    s = np.lexsort((c.cust, c.camp))
    n = c.cust.size
    unsub, complained = fatigue
    by_day = np.lexsort((c.day, c.cust))
    first = np.zeros(n, bool)
    hit = by_day[unsub[by_day]]
    _, keep = np.unique(c.cust[hit], return_index=True)
    first[hit[keep]] = True
    return pd.DataFrame(copy=False, data={
        "contact_id": np.arange(1, n + 1, dtype=np.int64),
        "campaign_id": c.camp[s].astype(np.int64) + 1,
        "customer_id": nullable_ids(c.cust[s], np.ones(n, bool)),
        "prospect_id": nullable_ids(np.zeros(n, np.int64), np.zeros(n, bool)),
        "contact_date": as_dates(c.day[s]),
        "group": pd.Categorical.from_codes(np.where(c.treat[s], 0, 1), ["treatment", "control"]),
        "responded": c.order[s] >= 0,
        "order_id": nullable_ids(c.order[s], c.order[s] >= 0),
        "unsubscribed": first[s],
        "complained": complained[s],
    })


def tickets_table(lt: Lifetimes, tk: TicketDetails) -> pd.DataFrame:
    """The service tickets, by day, then customer."""
    s = tk.order
    return pd.DataFrame(copy=False, data={
        "ticket_id": np.arange(1, lt.t_cust.size + 1, dtype=np.int64),
        "customer_id": lt.t_cust[s].astype(np.int64) + 1,
        "opened_date": as_dates(tk.day[s]),
        "channel": pd.Categorical.from_codes(tk.chan[s], TICKET_CHANNELS),
        "topic": pd.Categorical.from_codes(tk.topic[s], TICKET_TOPICS),
        "resolved": lt.t_resolved[s],
        "hours_to_resolve": tk.hours[s],
        "handling_cost": tk.cost[s],
    })


def surveys_table(c: Traits, sv: Surveys) -> pd.DataFrame:
    """The survey answers, by day, then customer."""
    s = sv.order
    return pd.DataFrame(copy=False, data={
        "survey_id": np.arange(1, sv.cust.size + 1, dtype=np.int64),
        "customer_id": sv.cust[s].astype(np.int64) + 1,
        "survey_date": as_dates(sv.day[s]),
        "expectation": c.expectation[sv.cust][s],
        "perceived": c.perceived[sv.cust][s],
        "satisfaction": pd.Categorical.from_codes(sv.grade[s], SATISFACTION_GRADES, ordered=True),
        "recommend": sv.recommend[s].astype(np.int64),
        "monthly_category_spend": sv.category_spend[s],
    })


def defections_table(d: Defections) -> pd.DataFrame:
    """The stated defections, by day, then customer."""
    d_cust = np.flatnonzero(d.states)
    s = np.lexsort((d_cust, d.day[d_cust]))
    return pd.DataFrame(copy=False, data={
        "customer_id": d_cust[s].astype(np.int64) + 1,
        "defection_date": as_dates(d.day[d_cust][s]),
        "reason": pd.Categorical.from_codes(d.reason[d_cust][s], DEFECTION_REASONS),
    })


def benchmark_table() -> pd.DataFrame:
    """The shop and its competitors, as rated in a market study (fixed, not drawn)."""
    comp = list(zip(*COMPETITORS, strict=True))
    return pd.DataFrame(copy=False, data={
        "company": pd.array(comp[0], dtype="str"),
        "price_index": np.array(comp[1]), "delivery_days": np.array(comp[2]),
        "product_quality": np.array(comp[3]), "service_rating": np.array(comp[4]),
    })
