"""Loading the course's data sets: the store (synthetic), CDNOW (real) and the hospital case.

Every loader checks what it reads and fails with one clear message that names the file, the
problem and the fix.

Public helpers (one line each):

- ``load_store(seed=None) -> Store``
  the Steep & Grind store: store.customers, store.orders, ... (crm_lessons.schema),
  store.connect() (sqlite3), store.seed, store.end_date. Shipped data, or a variant per seed
  (also env CRM_LESSONS_SEED); cached per seed, each call gets its own copy.
- ``generate_store(seed=DEFAULT_SEED, customers=5000) -> dict[str, DataFrame]``
  simulate the store in memory.
- ``write_store(tables, outdir) -> list[Path]``  the CSV files and store.sqlite.
- ``measure_findings(store) -> dict[str, float]``  every planted finding, measured.
- ``store_readme(store) -> str``  the data/store/README.md text for that data.
- ``load_cdnow(sample=True) -> DataFrame``  the real CDNOW purchases (customer_id, date, cds, amount).
- ``load_hospital() -> DataFrame``  the capstone's patients (two hospitals, before/after).
- ``generate_hospital(seed=1993, patients_per_cell=1000) -> DataFrame``, ``write_hospital(outdir)``.
- ``check_data_files() -> list[(name, problem, fix)]``  used by `crm-lessons doctor`.
- ``cli_make_data(args) -> int``  `crm-lessons make-data OUTDIR [--seed N] [--customers N] [--force]`.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from crm_lessons.errors import CRMDataError
from crm_lessons.paths import data_dir
from crm_lessons.schema import (
    AGE_BANDS,
    CAMPAIGN_TYPES,
    CHANNELS,
    COMPANY,
    DEFECTION_REASONS,
    OFFERS,
    REGIONS,
    SATISFACTION_GRADES,
    STORE_TABLES,
)

CDNOW_FILES = {True: "CDNOW_sample.txt", False: "CDNOW_master.txt"}
CDNOW_FIX = ("copy the CDNOW files back into data/cdnow/ (they ship with the course; "
             "`git checkout -- data/cdnow` restores them)")


def _cdnow_path(sample: bool) -> Path:
    path = data_dir() / "cdnow" / CDNOW_FILES[bool(sample)]
    if not path.is_file():
        raise CRMDataError(f"The CDNOW file {path} is missing. Fix: {CDNOW_FIX}.")
    return path


def load_cdnow(sample: bool = True) -> pd.DataFrame:
    """The real CDNOW purchase records as tidy transactions.

    Parameters
    ----------
    sample : bool
        True (default) for the 1/10th sample of 2,357 customers, False for all 23,570.

    Returns
    -------
    DataFrame with columns customer_id (int), date (datetime64), cds (int), amount (float,
    US dollars), one row per recorded transaction, sorted by customer and date.

    Examples
    --------
    >>> tx = load_cdnow()                         # doctest: +SKIP
    >>> tx["customer_id"].nunique()               # doctest: +SKIP
    2357
    """
    path = _cdnow_path(sample)
    if sample:
        names = ["customer_id", "sample_id", "date", "cds", "amount"]
        header = None
    else:
        names = ["customer_id", "date", "cds", "amount"]
        header = 0
    try:
        raw = pd.read_csv(path, sep=r"\s+", header=header, names=names, dtype=str, engine="python")
    except (OSError, pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise CRMDataError(f"The CDNOW file {path} cannot be read ({exc}). Fix: {CDNOW_FIX}.") from exc
    if raw.empty:
        raise CRMDataError(f"The CDNOW file {path} holds no transactions. Fix: {CDNOW_FIX}.")
    cust = pd.to_numeric(raw["customer_id"], errors="coerce")
    date = pd.to_datetime(raw["date"], format="%Y%m%d", errors="coerce")
    cds = pd.to_numeric(raw["cds"], errors="coerce")
    amount = pd.to_numeric(raw["amount"], errors="coerce")
    cust, cds, amount = (s.where(np.isfinite(s)) for s in (cust, cds, amount))
    for name, col in [("customer_id", cust), ("date", date), ("number_of_cds", cds), ("dollar_value", amount)]:
        if col.isna().any():
            row = int(np.flatnonzero(col.isna().to_numpy())[0]) + (2 if header == 0 else 1)
            raise CRMDataError(
                f"The CDNOW file {path} has an unreadable {name} on line {row}. Fix: {CDNOW_FIX}."
            )
    out = pd.DataFrame({
        "customer_id": cust.astype("int64"),
        "date": date.astype("datetime64[ns]"),
        "cds": cds.astype("int64"),
        "amount": amount.astype("float64"),
    })
    return out.sort_values(["customer_id", "date"], kind="stable").reset_index(drop=True)



# ============================================================================================
# The store: a synthetic CRM world of "Steep & Grind", an online retailer of specialty coffee
# and tea supplies. Causes are simulated first (purchase rates, expectations, service
# experience, price sensitivity) and outcomes follow from them (orders, surveys, defections).
# ============================================================================================

DEFAULT_SEED = 2024
DEFAULT_CUSTOMERS = 5000
START_DATE = pd.Timestamp("2022-07-01")
END_DATE = pd.Timestamp("2025-12-31")
N_DAYS = int((END_DATE - START_DATE).days) + 1
LOYALTY_LAUNCH_DAY = 184            # the loyalty program opened on 2023-01-01
# days a contact has to respond (the campaign's start to end date), by campaign type
RESPONSE_WINDOW_DAYS = {"retention": 7, "win-back": 16, "cross-sell": 14}

# acquisition channel -> (share of new customers, mean purchase rate per year, churn shift,
# price-sensitivity shift, expectation shift, cost per acquired customer EUR, lead conversion)
_CHANNEL_PARAMS = {
    "search":      (0.24, 2.6, 0.00, 0.00, 0.0, 52.0, 0.15),
    "paid_social": (0.20, 1.9, 0.55, 0.10, 0.6, 88.0, 0.07),
    "email":       (0.12, 2.7, 0.00, 0.05, 0.0, 38.0, 0.22),
    "referral":    (0.15, 3.6, -0.60, -0.05, -0.3, 24.0, 0.38),
    "partner":     (0.11, 2.6, 0.00, 0.00, 0.0, 58.0, 0.18),
    "marketplace": (0.18, 2.2, 0.20, 0.12, 0.0, 46.0, 0.20),
}

# name, category, price EUR, unit cost EUR, popularity weight
_PRODUCTS = [
    ("House Blend beans 250 g", "coffee beans", 9.90, 4.60, 10.0),
    ("Ethiopia Yirgacheffe beans 250 g", "coffee beans", 13.50, 6.40, 6.0),
    ("Colombia Huila beans 250 g", "coffee beans", 12.00, 5.70, 6.0),
    ("Espresso Roast beans 1 kg", "coffee beans", 32.00, 16.50, 5.0),
    ("Decaf Swiss Water beans 250 g", "coffee beans", 12.50, 6.10, 2.5),
    ("Moka grind espresso 250 g", "coffee beans", 8.90, 4.30, 1.2),
    ("Cold Brew coarse grind 500 g", "coffee beans", 15.00, 7.20, 2.0),
    ("English Breakfast tea 100 g", "tea", 7.50, 2.90, 6.0),
    ("Darjeeling First Flush 100 g", "tea", 14.00, 6.00, 3.0),
    ("Sencha green tea 100 g", "tea", 9.50, 3.90, 4.0),
    ("Earl Grey tea 100 g", "tea", 8.00, 3.10, 5.0),
    ("Chamomile herbal tea 50 g", "tea", 6.50, 2.40, 3.0),
    ("Matcha powder 30 g", "tea", 18.00, 8.50, 1.0),
    ("Rooibos vanilla 100 g", "tea", 7.00, 2.80, 2.5),
    ("Chai spice blend 100 g", "tea", 8.50, 3.40, 2.5),
    ("Pour-over dripper", "brewing equipment", 24.00, 11.00, 1.0),
    ("French press 1 l", "brewing equipment", 35.00, 17.00, 1.5),
    ("Moka pot 6 cups", "brewing equipment", 39.00, 19.50, 0.8),
    ("Hand grinder", "brewing equipment", 59.00, 31.00, 1.0),
    ("Electric burr grinder", "brewing equipment", 149.00, 92.00, 0.6),
    ("Gooseneck kettle", "brewing equipment", 69.00, 38.00, 0.8),
    ("Loose-leaf teapot", "brewing equipment", 42.00, 20.00, 0.8),
    ("Cold brew jar", "brewing equipment", 29.00, 14.00, 0.7),
    ("Paper filters (100)", "filters and spares", 5.50, 1.80, 1.2),
    ("Tea strainer", "filters and spares", 9.00, 3.20, 1.0),
    ("Bamboo matcha whisk", "filters and spares", 16.00, 6.50, 0.4),
    ("Descaler 500 ml", "filters and spares", 11.00, 4.10, 1.5),
    ("Milk frother", "accessories", 34.00, 17.00, 1.0),
    ("Digital coffee scale", "accessories", 27.00, 13.00, 0.9),
    ("Double-wall glass mugs (2)", "accessories", 22.00, 9.50, 1.5),
    ("Travel tumbler", "accessories", 19.00, 8.00, 1.5),
    ("Vanilla syrup 250 ml", "syrups and extras", 6.90, 2.60, 2.0),
    ("Caramel syrup 250 ml", "syrups and extras", 6.90, 2.60, 2.0),
    ("Honey sticks (20)", "syrups and extras", 5.90, 2.20, 1.5),
]
# (product bought, product often added to it, probability of adding it)
_AFFINITY = [
    ("Pour-over dripper", "Paper filters (100)", 0.65),
    ("Matcha powder 30 g", "Bamboo matcha whisk", 0.45),
    ("Loose-leaf teapot", "Tea strainer", 0.55),
    ("Moka pot 6 cups", "Moka grind espresso 250 g", 0.55),
    ("Cold brew jar", "Cold Brew coarse grind 500 g", 0.5),
]
_ORDER_CHANNELS = ["web", "app", "phone"]
_TICKET_CHANNELS = ["email", "phone", "chat"]
_TICKET_TOPICS = ["delivery", "product quality", "billing", "website", "other"]
_CAMPAIGN_CHANNELS = ["email", "paid_social", "search", "direct mail", "partner", "referral",
                      "marketplace"]
_COMPETITORS = [
    (COMPANY, 104.0, 2.4, 8.1, 7.6),
    ("BrewBarn", 92.0, 3.6, 6.9, 6.4),
    ("LeafLine", 99.0, 2.9, 7.6, 7.9),
    ("MegaMart Online", 85.0, 1.9, 6.2, 5.8),
]
# retention offer -> probability that a treated, still-active customer places an extra order
# because of the contact, for (new customers of < 180 days, established customers)
_OFFER_PULL = {"discount": (0.041, 0.041), "free sample": (0.11, 0.012), "none": (0.008, 0.008)}
_OFFER_DISCOUNT = {"discount": 0.15, "free sample": 0.0, "none": 0.0, "bundle": 0.10}
_WINBACK_PULL = 0.08
WINBACK_LAPSE_DAYS = 300
_RETENTION_COST_PER_CONTACT = 0.30


def _day(days: np.ndarray) -> np.ndarray:
    return (START_DATE.to_datetime64() + days.astype("timedelta64[D]")).astype("datetime64[ns]")


def _ids(values: np.ndarray, present: np.ndarray) -> pd.arrays.IntegerArray:
    """A nullable Int64 id column: values + 1 where present, missing elsewhere."""
    return pd.arrays.IntegerArray(np.where(present, values + 1, 0).astype(np.int64), ~present)


def _first_index(keys: np.ndarray, query: np.ndarray) -> np.ndarray:
    return np.searchsorted(keys, query, side="left")


def _simulate(seed: int, n_customers: int) -> dict[str, pd.DataFrame]:
    """Simulate the whole store; return the typed tables (see crm_lessons.schema)."""
    if n_customers < 50:
        raise CRMDataError(f"customers should be at least 50 to build a store, not {n_customers}. "
                           "Fix: pass --customers 50 or more.")
    rng = np.random.default_rng(seed)
    n = int(n_customers)
    chan_names = list(_CHANNEL_PARAMS)
    params = np.array([_CHANNEL_PARAMS[c] for c in chan_names])

    # ---- customers and their latent traits ---------------------------------------------------
    # sign-ups grow over time: the density rises by half from the first day to the last
    u = rng.random(n)
    signup = np.floor((-1 + np.sqrt(1 + 1.25 * u)) / 0.5 * (N_DAYS - 30))
    signup = np.sort(np.clip(signup, 0, N_DAYS - 31).astype(np.int64))
    chan = rng.choice(len(chan_names), size=n, p=params[:, 0] / params[:, 0].sum())
    chan[0] = 0  # the very first customer cannot have been referred
    rate = rng.gamma(1.1, params[chan, 1] / 1.1)            # orders per year, heavy tailed
    expectation = np.clip(np.rint(rng.normal(4.9 + params[chan, 4], 1.0, n)), 1, 7).astype(np.int64)
    perceived = np.clip(np.rint(rng.normal(5.1, 1.25, n)), 1, 7).astype(np.int64)
    gap = perceived - expectation
    price_sens = np.clip(rng.beta(2, 5, n) + params[chan, 3], 0, 1)
    returner = rng.random(n) < 0.09                          # a few serial returners
    return_p = np.where(returner, 0.55, 0.025)
    horizon = (N_DAYS - 1 - signup) / 365.0                 # years observable after sign-up

    # ---- service tickets on the potential lifetime, then dropout --------------------------------
    hazard = 0.16 * np.exp(-0.5 * gap + 1.6 * (price_sens - 0.3) + params[chan, 2])
    life0 = rng.exponential(1 / hazard)
    t_rate = 0.10 + 0.10 * rate * rng.gamma(2.0, 0.5, n)
    n_t = rng.poisson(t_rate * horizon)
    t_cust = np.repeat(np.arange(n), n_t)
    t_time = rng.random(t_cust.size) * horizon[t_cust]
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
    n_tickets = np.bincount(t_cust, minlength=n)
    dropped = life < horizon
    active_years = np.minimum(life, horizon)

    # ---- referrals: referral customers name an earlier customer, heavier buyers more often ----
    weight = rate * np.exp(0.35 * gap) * np.where(chan == 3, 2.0, 1.0)
    cum = np.cumsum(weight)
    referred_by = np.full(n, -1, np.int64)
    is_ref = np.flatnonzero(chan == 3)
    is_ref = is_ref[is_ref > 0]
    pick = np.searchsorted(cum, rng.random(is_ref.size) * cum[is_ref - 1], side="right")
    referred_by[is_ref] = np.minimum(pick, is_ref - 1)

    # ---- loyalty program: heavier buyers are likelier to join ----------------------------------
    join_p = 1 / (1 + np.exp(-(-1.4 + 1.1 * np.log(rate / 2.5))))
    join_lo = np.maximum(signup + 30, LOYALTY_LAUNCH_DAY)
    join_hi = np.minimum(signup + active_years * 365, N_DAYS - 1)
    can_join = join_hi - join_lo > 30
    joins = can_join & (rng.random(n) < join_p)
    join_day = np.where(joins, join_lo + rng.random(n) * (join_hi - join_lo), np.nan)
    join_day = np.floor(join_day)

    # ---- natural orders: first order at sign-up, then a rate that grows with tenure -------------
    growth = 0.35                                           # +35% purchase rate per year of tenure
    cum_rate = active_years + growth * active_years ** 2 / 2
    n_extra = rng.poisson(rate * cum_rate)
    o_cust = np.repeat(np.arange(n), n_extra)
    target = rng.random(o_cust.size) * cum_rate[o_cust]
    o_year = (-1 + np.sqrt(1 + 2 * growth * target)) / growth
    o_day = signup[o_cust] + np.floor(o_year * 365).astype(np.int64)
    # members buy about 60% more often after joining
    mem_idx = np.flatnonzero(joins)
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
    nat_key = nat_cust * 10_000 + nat_day

    # ---- stated defections (the rest lapse silently) -------------------------------------------
    state_p = np.where(had_unresolved, 0.75, 0.55)
    states = dropped & (rng.random(n) < state_p)
    scores = np.column_stack([
        7.0 * price_sens - 1.0,                                   # lower price elsewhere
        2.6 * had_unresolved + 0.25 * n_tickets,             # service failure
        np.full(n, 0.25),                                    # moved away
        0.55 * np.maximum(-gap, 0) + 0.2,                    # found something better
        np.full(n, 0.45),                                    # no longer needed
    ]) + rng.gumbel(0, 0.55, (n, 5))
    reason = scores.argmax(axis=1)
    last_nat = np.zeros(n, np.int64)
    np.maximum.at(last_nat, nat_cust, nat_day)
    def_day = np.maximum(signup + np.floor(life * 365), last_nat) + rng.integers(1, 45, n)
    states &= def_day <= N_DAYS - 1
    def_day_or_inf = np.where(states, def_day, 10**9)

    # ---- campaigns: retention (quarterly), win-back (every four months), cross-sell ------------------
    camp_rows = []
    contacts = []          # (campaign index, customer idx array, day, group array)
    induced = []           # (customer idx, day, campaign index, discount fraction)
    offers_cycle = ["discount", "free sample", "discount", "none"]
    opt_in = rng.random(n) < np.where(chan == 2, 0.95, 0.78)
    alive_day = signup + life * 365
    n_quarters = N_DAYS // 91
    for q in range(1, n_quarters):
        day = q * 91 + 14
        offer = offers_cycle[(q - 1) % 4]
        elig = np.flatnonzero(opt_in & (signup < day - 7) & (def_day_or_inf > day))
        treat = rng.random(elig.size) >= 0.5
        tenure = day - signup[elig]
        pull = np.where(tenure < 180, _OFFER_PULL[offer][0], _OFFER_PULL[offer][1])
        go = treat & (alive_day[elig] > day) & (rng.random(elig.size) < pull)
        idx = len(camp_rows)
        cost = round(treat.sum() * _RETENTION_COST_PER_CONTACT * (1.6 if offer == "free sample" else 1.0)
                     + 250.0, 2)
        qdate = START_DATE + pd.Timedelta(days=day)
        camp_rows.append((f"Keep brewing {qdate.year} Q{qdate.quarter}: {offer}", "retention",
                          offer, "email", day, day + RESPONSE_WINDOW_DAYS["retention"] - 1, cost))
        contacts.append((idx, elig, day, treat, RESPONSE_WINDOW_DAYS["retention"]))
        induced.append((elig[go], day + rng.integers(0, RESPONSE_WINDOW_DAYS["retention"], go.sum()), idx,
                        _OFFER_DISCOUNT[offer]))
    for k, day in enumerate([470, 600, 730, 860, 990, 1120]):
        pos = _first_index(nat_key, np.arange(n) * 10_000 + day) - 1
        last = np.where(nat_cust[np.maximum(pos, 0)] == np.arange(n), nat_day[np.maximum(pos, 0)], -1)
        elig = np.flatnonzero((last >= 0) & (last < day - WINBACK_LAPSE_DAYS) & (last >= day - 720))
        treat = rng.random(elig.size) >= 0.5
        go = treat & (rng.random(elig.size) < _WINBACK_PULL)
        idx = len(camp_rows)
        camp_rows.append((f"We miss you {k + 1}", "win-back", "discount", "direct mail", day,
                          day + RESPONSE_WINDOW_DAYS["win-back"] - 1, round(treat.sum() * 2.10 + 400.0, 2)))
        contacts.append((idx, elig, day, treat, RESPONSE_WINDOW_DAYS["win-back"]))
        induced.append((elig[go], day + rng.integers(0, RESPONSE_WINDOW_DAYS["win-back"], go.sum()), idx, 0.20))
    for k, day in enumerate([480, 1000]):
        elig = np.flatnonzero(opt_in & (signup < day - 30) & (def_day_or_inf > day))
        elig = elig[rng.random(elig.size) < 0.5]
        treat = rng.random(elig.size) >= 0.2
        go = treat & (alive_day[elig] > day) & (rng.random(elig.size) < 0.03)
        idx = len(camp_rows)
        camp_rows.append((f"Brew better bundle {k + 1}", "cross-sell", "bundle", "email", day,
                          day + RESPONSE_WINDOW_DAYS["cross-sell"] - 1, round(treat.sum() * 0.6 + 300.0, 2)))
        contacts.append((idx, elig, day, treat, RESPONSE_WINDOW_DAYS["cross-sell"]))
        induced.append((elig[go], day + rng.integers(0, RESPONSE_WINDOW_DAYS["cross-sell"], go.sum()), idx, 0.10))
    # acquisition spend per channel and quarter, driven by cost per acquired customer
    quarter = np.minimum(signup // 91, n_quarters - 1)
    counts = np.zeros((len(chan_names), n_quarters))
    np.add.at(counts, (chan, quarter), 1)
    noise = rng.lognormal(0, 0.08, counts.shape)
    for c, cname in enumerate(chan_names):
        for q in range(n_quarters):
            start = q * 91
            stop = N_DAYS - 1 if q == n_quarters - 1 else start + 90
            qdate = START_DATE + pd.Timedelta(days=start)
            offer = {"referral": "discount", "email": "discount", "partner": "free sample"}.get(cname, "none")
            camp_rows.append((f"Acquire {cname.replace('_', ' ')} {qdate.year} Q{qdate.quarter}",
                              "acquisition", offer, cname, start, stop,
                              round(counts[c, q] * params[c, 5] * noise[c, q], 2)))

    ind_cust = np.concatenate([i[0] for i in induced]).astype(np.int64)
    ind_day = np.concatenate([i[1] for i in induced]).astype(np.int64)
    ind_camp = np.concatenate([np.full(i[0].size, i[2]) for i in induced]).astype(np.int64)
    ind_disc = np.concatenate([np.full(i[0].size, i[3]) for i in induced])
    ok = ind_day <= N_DAYS - 1
    ind_cust, ind_day, ind_camp, ind_disc = ind_cust[ok], ind_day[ok], ind_camp[ok], ind_disc[ok]

    # ---- all orders ----------------------------------------------------------------------------
    all_cust = np.concatenate([nat_cust, ind_cust])
    all_day = np.concatenate([nat_day, ind_day])
    all_camp = np.concatenate([np.full(nat_cust.size, -1), ind_camp])
    all_first = np.concatenate([nat_first, np.zeros(ind_cust.size, bool)])
    all_offer = np.concatenate([np.full(nat_cust.size, -1.0), ind_disc])
    srt = np.argsort(all_day * np.int64(n) + all_cust, kind="stable")    # by date, then customer
    all_cust, all_day, all_camp, all_first, all_offer = (a[srt] for a in
                                                         (all_cust, all_day, all_camp, all_first, all_offer))
    del srt, nat_cust, nat_day, nat_first, nat_key, o_cust, o_day, o_year, target, m_cust, m_day
    del ind_cust, ind_day, ind_camp, ind_disc
    n_orders = all_cust.size
    # discounts: price-sensitive customers chase promotions; welcome discount on some first orders
    promo = rng.random(n_orders) < 0.02 + 0.75 * price_sens[all_cust]
    disc_frac = np.where(promo, rng.choice([0.10, 0.15, 0.20], n_orders), 0.0)
    welcome = all_first & np.isin(chan[all_cust], [2, 3])
    disc_frac = np.where(welcome, np.maximum(disc_frac, 0.10), disc_frac)
    disc_frac = np.where(all_offer >= 0, all_offer, disc_frac)
    o_channel = rng.choice(3, n_orders, p=[0.62, 0.28, 0.10])

    # ---- order lines with a few strong product affinities ----------------------------------------
    names = [p[0] for p in _PRODUCTS]
    pop = np.array([p[4] for p in _PRODUCTS])
    price = np.array([p[2] for p in _PRODUCTS])
    n_lines = 1 + rng.poisson(0.7, n_orders)
    l_order = np.repeat(np.arange(n_orders), n_lines)
    l_prod = rng.choice(len(names), l_order.size, p=pop / pop.sum())
    extra_o, extra_p = [], []
    for a, b, p in _AFFINITY:
        ia, ib = names.index(a), names.index(b)
        sel = (l_prod == ia) & (rng.random(l_prod.size) < p)
        extra_o.append(l_order[sel])
        extra_p.append(np.full(sel.sum(), ib))
    key = np.concatenate([l_order, *extra_o]) * 1000 + np.concatenate([l_prod, *extra_p])
    del l_order, l_prod, extra_o, extra_p, sel
    key.sort()                                              # one line per product and order
    key = key[np.concatenate([[True], key[1:] != key[:-1]])]
    l_order, l_prod = key // 1000, key % 1000
    del key
    qty = 1 + rng.poisson(np.where(price[l_prod] < 15, 0.5, 0.08))
    ret_qty = rng.binomial(qty, return_p[all_cust[l_order]])
    gross = np.bincount(l_order, weights=qty * price[l_prod], minlength=n_orders)
    discount = np.round(gross * disc_frac, 2)
    revenue = np.round(gross - discount, 2)

    # ---- surveys -------------------------------------------------------------------------------
    answers = rng.random(n) < 0.45
    s_cust = np.flatnonzero(answers)
    s_day = signup[s_cust] + np.floor(rng.random(s_cust.size) * active_years[s_cust] * 365).astype(np.int64)
    s_day = np.minimum(s_day, N_DAYS - 1)
    score = gap[s_cust] + rng.normal(0, 0.6, s_cust.size)
    grade = np.digitize(score, [-2.5, -0.7, 0.7, 2.4])
    recommend = np.clip(np.rint(7.2 + 1.3 * gap[s_cust] + rng.normal(0, 1.2, s_cust.size)), 0, 10)
    own_monthly = np.bincount(all_cust, weights=np.bincount(l_order, weights=qty * price[l_prod],
                                                           minlength=n_orders), minlength=n)
    own_monthly = own_monthly[s_cust] / np.maximum(active_years[s_cust] * 12, 1)
    wallet = rng.beta(2.0, 3.0, s_cust.size) * np.where(joins[s_cust], 1.5, 1.0)
    category_spend = np.round(np.maximum(own_monthly / np.clip(wallet, 0.05, 0.95), 5.0), 0)
    s_srt = np.lexsort((s_cust, s_day))

    # ---- tickets: dates, channel, topic, cost ---------------------------------------------------
    tk_day = np.minimum(signup[t_cust] + np.floor(t_time * 365).astype(np.int64), N_DAYS - 1)
    tk_chan = rng.choice(3, t_cust.size, p=[0.45, 0.3, 0.25])
    tk_topic = rng.choice(5, t_cust.size, p=[0.38, 0.22, 0.14, 0.12, 0.14])
    tk_hours = np.where(t_resolved, np.round(rng.gamma(1.5, 14.0, t_cust.size), 1), np.nan)
    tk_cost = np.round(np.array([9.0, 19.0, 6.0])[tk_chan] + np.where(t_resolved, 0.4 * np.nan_to_num(tk_hours), 30.0)
                       * rng.uniform(0.8, 1.2, t_cust.size), 2)
    tk_srt = np.lexsort((t_cust, tk_day))

    # ---- prospects: every customer was a lead first; most leads never buy -----------------------
    conv = params[:, 6]
    was_lead = np.flatnonzero(rng.random(n) < 0.55)         # the others bought without a lead record
    n_lost = rng.poisson(np.bincount(chan[was_lead], minlength=len(chan_names)) * (1 - conv) / conv)
    lost_src = np.repeat(np.arange(len(chan_names)), n_lost)
    p_src = np.concatenate([chan[was_lead], lost_src])
    p_cust = np.concatenate([was_lead, np.full(lost_src.size, -1)])
    p_day = np.concatenate([np.maximum(signup[was_lead] - rng.integers(0, 46, was_lead.size), 0),
                            rng.integers(0, N_DAYS - 1, lost_src.size)])
    conv_mask = p_cust >= 0
    opens = rng.poisson(np.where(conv_mask, 3.5, 1.2))
    visits = rng.poisson(np.where(conv_mask, 4.5, 1.5)) + 1
    sample_req = rng.random(p_cust.size) < np.where(conv_mask, 0.3, 0.08)
    p_srt = np.lexsort((p_cust, p_day))

    # ---- contacts and their responses ------------------------------------------------------------
    c_camp = np.concatenate([np.full(c[1].size, c[0]) for c in contacts])
    c_cust = np.concatenate([c[1] for c in contacts]).astype(np.int64)
    c_day = np.concatenate([np.full(c[1].size, c[2]) for c in contacts]).astype(np.int64)
    c_treat = np.concatenate([c[3] for c in contacts])
    c_window = np.concatenate([np.full(c[1].size, c[4]) for c in contacts]).astype(np.int64)
    ord_key = all_cust * 10_000 + all_day
    ord_srt = np.argsort(ord_key, kind="stable")            # by customer, then date
    ord_key = ord_key[ord_srt]
    pos = _first_index(ord_key, c_cust * 10_000 + c_day)
    posc = np.minimum(pos, n_orders - 1)
    hit = (pos < n_orders) & (ord_key[posc] // 10_000 == c_cust) & \
        (ord_key[posc] % 10_000 < c_day + c_window)
    c_order = np.where(hit, ord_srt[posc], -1)
    del ord_key, ord_srt, pos, posc, hit

    # ---- assemble typed tables -----------------------------------------------------------------
    cid = np.arange(1, n + 1, dtype=np.int64)
    tables = {}
    tables["customers"] = pd.DataFrame(copy=False, data={
        "customer_id": cid,
        "signup_date": _day(signup),
        "channel": pd.Categorical.from_codes(chan, CHANNELS),
        "referred_by": _ids(referred_by, referred_by >= 0),
        "region": pd.Categorical.from_codes(rng.choice(5, n, p=[0.22, 0.18, 0.17, 0.2, 0.23]), REGIONS),
        "age_band": pd.Categorical.from_codes(
            rng.choice(6, n, p=[0.09, 0.26, 0.25, 0.19, 0.13, 0.08]), AGE_BANDS),
        "marketing_opt_in": opt_in,
        "loyalty_member": joins,
        "loyalty_join_date": pd.to_datetime(_day(np.nan_to_num(join_day).astype(np.int64))).where(joins),
    })
    pid = np.arange(1, p_cust.size + 1, dtype=np.int64)
    tables["prospects"] = pd.DataFrame(copy=False, data={
        "prospect_id": pid,
        "created_date": _day(p_day[p_srt]),
        "source": pd.Categorical.from_codes(p_src[p_srt], CHANNELS),
        "email_opens": opens[p_srt].astype(np.int64),
        "site_visits": visits[p_srt].astype(np.int64),
        "sample_requested": sample_req[p_srt],
        "customer_id": _ids(p_cust[p_srt], p_cust[p_srt] >= 0),
    })
    cats = [p[1] for p in _PRODUCTS]
    tables["products"] = pd.DataFrame(copy=False, data={
        "product_id": np.arange(1, len(_PRODUCTS) + 1, dtype=np.int64),
        "name": pd.array(names, dtype="str"),
        "category": pd.Categorical(cats, categories=list(dict.fromkeys(cats))),
        "price": price,
        "unit_cost": np.array([p[3] for p in _PRODUCTS]),
    })
    camp_id = np.arange(1, len(camp_rows) + 1, dtype=np.int64)
    tables["orders"] = pd.DataFrame(copy=False, data={
        "order_id": np.arange(1, n_orders + 1, dtype=np.int64),
        "customer_id": all_cust + 1,
        "order_date": _day(all_day),
        "channel": pd.Categorical.from_codes(o_channel, _ORDER_CHANNELS),
        "discount": discount,
        "campaign_id": _ids(all_camp, all_camp >= 0),
        "revenue": revenue,
    })
    tables["order_lines"] = pd.DataFrame(copy=False, data={
        "order_id": l_order.astype(np.int64) + 1,
        "product_id": l_prod.astype(np.int64) + 1,
        "quantity": qty.astype(np.int64),
        "unit_price": price[l_prod],
        "returned_quantity": ret_qty.astype(np.int64),
    })
    cr = list(zip(*camp_rows, strict=True))
    tables["campaigns"] = pd.DataFrame(copy=False, data={
        "campaign_id": camp_id,
        "name": pd.array(cr[0], dtype="str"),
        "type": pd.Categorical(cr[1], categories=CAMPAIGN_TYPES),
        "offer": pd.Categorical(cr[2], categories=OFFERS),
        "channel": pd.Categorical(cr[3], categories=_CAMPAIGN_CHANNELS),
        "start_date": _day(np.array(cr[4], dtype=np.int64)),
        "end_date": _day(np.array(cr[5], dtype=np.int64)),
        "total_cost": np.array(cr[6], dtype=float),
    })
    c_srt = np.lexsort((c_cust, c_camp))
    tables["contacts"] = pd.DataFrame(copy=False, data={
        "contact_id": np.arange(1, c_cust.size + 1, dtype=np.int64),
        "campaign_id": c_camp[c_srt].astype(np.int64) + 1,
        "customer_id": _ids(c_cust[c_srt], np.ones(c_cust.size, bool)),
        "prospect_id": _ids(np.zeros(c_cust.size, np.int64), np.zeros(c_cust.size, bool)),
        "contact_date": _day(c_day[c_srt]),
        "group": pd.Categorical.from_codes(np.where(c_treat[c_srt], 0, 1), ["treatment", "control"]),
        "responded": c_order[c_srt] >= 0,
        "order_id": _ids(c_order[c_srt], c_order[c_srt] >= 0),
    })
    tables["tickets"] = pd.DataFrame(copy=False, data={
        "ticket_id": np.arange(1, t_cust.size + 1, dtype=np.int64),
        "customer_id": t_cust[tk_srt].astype(np.int64) + 1,
        "opened_date": _day(tk_day[tk_srt]),
        "channel": pd.Categorical.from_codes(tk_chan[tk_srt], _TICKET_CHANNELS),
        "topic": pd.Categorical.from_codes(tk_topic[tk_srt], _TICKET_TOPICS),
        "resolved": t_resolved[tk_srt],
        "hours_to_resolve": tk_hours[tk_srt],
        "handling_cost": tk_cost[tk_srt],
    })
    tables["surveys"] = pd.DataFrame(copy=False, data={
        "survey_id": np.arange(1, s_cust.size + 1, dtype=np.int64),
        "customer_id": s_cust[s_srt].astype(np.int64) + 1,
        "survey_date": _day(s_day[s_srt]),
        "expectation": expectation[s_cust][s_srt],
        "perceived": perceived[s_cust][s_srt],
        "satisfaction": pd.Categorical.from_codes(grade[s_srt], SATISFACTION_GRADES, ordered=True),
        "recommend": recommend[s_srt].astype(np.int64),
        "monthly_category_spend": category_spend[s_srt],
    })
    d_cust = np.flatnonzero(states)
    d_srt = np.lexsort((d_cust, def_day[d_cust]))
    tables["defections"] = pd.DataFrame(copy=False, data={
        "customer_id": d_cust[d_srt].astype(np.int64) + 1,
        "defection_date": _day(def_day[d_cust][d_srt]),
        "reason": pd.Categorical.from_codes(reason[d_cust][d_srt], DEFECTION_REASONS),
    })
    comp = list(zip(*_COMPETITORS, strict=True))
    tables["benchmark"] = pd.DataFrame(copy=False, data={
        "company": pd.array(comp[0], dtype="str"),
        "price_index": np.array(comp[1]), "delivery_days": np.array(comp[2]),
        "product_quality": np.array(comp[3]), "service_rating": np.array(comp[4]),
    })
    return tables


# ============================================================================================
# Writing and reading the store
# ============================================================================================

STORE_FIX = "run `crm-lessons make-data data/store` (or `git checkout -- data/store`) to restore it"
# the levels of every categorical column, so generated and loaded tables are identical
CATEGORY_LEVELS: dict[tuple[str, str], list[str]] = {
    ("customers", "channel"): CHANNELS,
    ("customers", "region"): REGIONS,
    ("customers", "age_band"): AGE_BANDS,
    ("prospects", "source"): CHANNELS,
    ("products", "category"): list(dict.fromkeys(p[1] for p in _PRODUCTS)),
    ("orders", "channel"): _ORDER_CHANNELS,
    ("campaigns", "type"): CAMPAIGN_TYPES,
    ("campaigns", "offer"): OFFERS,
    ("campaigns", "channel"): _CAMPAIGN_CHANNELS,
    ("contacts", "group"): ["treatment", "control"],
    ("tickets", "channel"): _TICKET_CHANNELS,
    ("tickets", "topic"): _TICKET_TOPICS,
    ("surveys", "satisfaction"): SATISFACTION_GRADES,
    ("defections", "reason"): DEFECTION_REASONS,
}
ORDERED_CATEGORIES = {("surveys", "satisfaction")}
PRIMARY_KEYS = {
    "customers": ["customer_id"], "prospects": ["prospect_id"], "products": ["product_id"],
    "orders": ["order_id"], "order_lines": ["order_id", "product_id"],
    "campaigns": ["campaign_id"], "contacts": ["contact_id"], "tickets": ["ticket_id"],
    "surveys": ["survey_id"], "defections": ["customer_id"], "benchmark": ["company"],
}
FOREIGN_KEYS = {
    "customers": [("referred_by", "customers", "customer_id")],
    "prospects": [("customer_id", "customers", "customer_id")],
    "orders": [("customer_id", "customers", "customer_id"),
               ("campaign_id", "campaigns", "campaign_id")],
    "order_lines": [("order_id", "orders", "order_id"), ("product_id", "products", "product_id")],
    "contacts": [("campaign_id", "campaigns", "campaign_id"),
                 ("customer_id", "customers", "customer_id"),
                 ("prospect_id", "prospects", "prospect_id"), ("order_id", "orders", "order_id")],
    "tickets": [("customer_id", "customers", "customer_id")],
    "surveys": [("customer_id", "customers", "customer_id")],
    "defections": [("customer_id", "customers", "customer_id")],
}
# tables in an order where every foreign key points to a table created before it
TABLE_ORDER = ["customers", "products", "campaigns", "prospects", "orders", "order_lines",
               "contacts", "tickets", "surveys", "defections", "benchmark"]
_SQL_TYPES = {"int": "INTEGER", "Int64": "INTEGER", "float": "REAL", "bool": "INTEGER",
              "date": "TEXT", "category": "TEXT", "str": "TEXT"}


@dataclass(frozen=True, eq=False)
class Store:
    """The store data set: one DataFrame per table (see `crm_lessons.schema`), plus
    `seed`, `end_date` (the last day of the data: "today" for recency) and `connect()`.

    Each call of `load_store()` hands out its own Store, so changing a table in one notebook
    never changes what another caller gets.
    """

    customers: pd.DataFrame
    prospects: pd.DataFrame
    products: pd.DataFrame
    orders: pd.DataFrame
    order_lines: pd.DataFrame
    campaigns: pd.DataFrame
    contacts: pd.DataFrame
    tickets: pd.DataFrame
    surveys: pd.DataFrame
    defections: pd.DataFrame
    benchmark: pd.DataFrame
    seed: int
    end_date: pd.Timestamp
    sqlite_path: Path | None = None
    _sqlite_bytes: bytes | None = field(default=None, repr=False)

    def tables(self) -> dict[str, pd.DataFrame]:
        """The tables by name, in schema order."""
        return {name: getattr(self, name) for name in STORE_TABLES}

    def connect(self) -> sqlite3.Connection:
        """A new `sqlite3.Connection` to the same tables (read-only for the shipped file).

        >>> con = load_store().connect()                                   # doctest: +SKIP
        >>> pd.read_sql("SELECT COUNT(*) AS n FROM customers", con)        # doctest: +SKIP
        """
        if self.sqlite_path is not None:
            if not self.sqlite_path.is_file():
                raise CRMDataError(f"The store database {self.sqlite_path} is missing. Fix: {STORE_FIX}.")
            con = sqlite3.connect(f"file:{self.sqlite_path}?mode=ro", uri=True)
        elif self._sqlite_bytes is not None and hasattr(sqlite3.Connection, "deserialize"):
            con = sqlite3.connect(":memory:")
            con.deserialize(self._sqlite_bytes)
        else:
            con = sqlite3.connect(":memory:")
            _fill_sqlite(con, self.tables())
        con.execute("PRAGMA foreign_keys = ON")
        return con

    def _copy(self) -> Store:
        shallow = _copy_on_write()
        frames = {name: df.copy(deep=not shallow) for name, df in self.tables().items()}
        return Store(**frames, seed=self.seed, end_date=self.end_date,
                     sqlite_path=self.sqlite_path, _sqlite_bytes=self._sqlite_bytes)


def _copy_on_write() -> bool:
    if int(pd.__version__.split(".")[0]) >= 3:
        return True
    try:
        return bool(pd.get_option("mode.copy_on_write"))
    except (KeyError, pd.errors.OptionError):  # pragma: no cover
        return False


_NULLABLE = {("customers", "loyalty_join_date"), ("tickets", "hours_to_resolve")}


def _nullable(table: str, column: str) -> bool:
    spec = STORE_TABLES.get(table) or HOSPITAL_TABLES[table]
    return spec[column][0] == "Int64" or (table, column) in _NULLABLE


def _sql_values(df: pd.DataFrame, table: str) -> list[tuple]:
    cols = []
    for col, (kind, _) in STORE_TABLES[table].items():
        s = df[col]
        if kind == "date":
            vals = s.dt.strftime("%Y-%m-%d").astype(object)
            vals = vals.where(s.notna(), None).tolist()
        elif kind == "Int64":
            vals = [None if v is pd.NA else int(v) for v in s.astype(object).tolist()]
        elif kind == "bool":
            vals = s.astype(np.int64).tolist()
        elif kind == "float":
            vals = [None if v != v else v for v in s.astype(float).tolist()]
        elif kind in ("category", "str"):
            vals = s.astype(object).tolist()
        else:
            vals = s.astype(np.int64).tolist()
        cols.append(vals)
    return list(zip(*cols, strict=True))


def _fill_sqlite(con: sqlite3.Connection, tables: dict[str, pd.DataFrame]) -> None:
    for table in TABLE_ORDER:
        spec = STORE_TABLES[table]
        defs = [f'"{c}" {_SQL_TYPES[k]}' + ("" if _nullable(table, c) else " NOT NULL")
                for c, (k, _) in spec.items()]
        defs.append("PRIMARY KEY (" + ", ".join(f'"{c}"' for c in PRIMARY_KEYS[table]) + ")")
        for col, ref, refcol in FOREIGN_KEYS.get(table, []):
            defs.append(f'FOREIGN KEY ("{col}") REFERENCES {ref} ("{refcol}")')
        plain_key = len(PRIMARY_KEYS[table]) == 1 and spec[PRIMARY_KEYS[table][0]][0] == "int"
        con.execute(f"CREATE TABLE {table} (\n  " + ",\n  ".join(defs) + "\n)"
                    + ("" if plain_key else " WITHOUT ROWID"))
        marks = ", ".join("?" * len(spec))
        con.executemany(f"INSERT INTO {table} VALUES ({marks})", _sql_values(tables[table], table))
    con.commit()


def write_store(tables: dict[str, pd.DataFrame], outdir: Path) -> list[Path]:
    """Write the tables as CSV files and one SQLite database into `outdir`; return the paths."""
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    written = []
    for table in STORE_TABLES:
        path = outdir / f"{table}.csv"
        tables[table].to_csv(path, index=False, date_format="%Y-%m-%d", lineterminator="\n")
        written.append(path)
    db = outdir / "store.sqlite"
    tmp = outdir / "store.sqlite.tmp"
    if tmp.exists():
        tmp.unlink()
    con = sqlite3.connect(tmp)
    try:
        con.execute("PRAGMA journal_mode = OFF")
        _fill_sqlite(con, tables)
        con.execute("VACUUM")
    finally:
        con.close()
    tmp.replace(db)
    written.append(db)
    return written


def _bad_line(raw: pd.Series, converted: pd.Series) -> int:
    bad = converted.isna().to_numpy() & raw.notna().to_numpy()
    return int(np.flatnonzero(bad)[0]) + 2      # +1 for the header, +1 for counting from 1


def read_store_table(path: Path, table: str, fix: str = STORE_FIX) -> pd.DataFrame:
    """Read one store CSV with the schema's types, or raise one CRMDataError naming the file,
    the problem and the fix."""
    spec = STORE_TABLES.get(table) or HOSPITAL_TABLES[table]
    if not path.is_file():
        raise CRMDataError(f"The data file {path} is missing. Fix: {fix}.")
    # dates and categories hold few distinct values: reading them as categories parses each
    # distinct text once (much faster than one Python string per cell)
    fast = {"int": "int64", "Int64": "Int64", "float": "float64", "bool": "bool",
            "category": "category", "date": "category"}
    typed = {c: fast.get(k, "str") for c, (k, _) in spec.items()}
    try:
        try:   # fast path: the file is as written; any surprise falls back to a careful read
            raw = pd.read_csv(path, dtype=typed, keep_default_na=False, na_values=[""])
        except (ValueError, TypeError, OverflowError):
            raw = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])
    except (OSError, pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise CRMDataError(f"The data file {path} cannot be read ({exc}). Fix: {fix}.") from exc
    missing = [c for c in spec if c not in raw.columns]
    if missing:
        raise CRMDataError(f"The data file {path} has no column {missing[0]!r} "
                           f"(it has: {', '.join(raw.columns)}). Fix: {fix}.")
    out = {}
    for col, (kind, _) in spec.items():
        s = raw[col]
        if not _nullable(table, col) and s.isna().any():
            line = int(np.flatnonzero(s.isna().to_numpy())[0]) + 2
            raise CRMDataError(f"The data file {path} has an empty {col} on line {line}. Fix: {fix}.")
        if kind in ("int", "Int64", "float") and pd.api.types.is_numeric_dtype(s) \
                and not pd.api.types.is_bool_dtype(s):
            conv = s
        elif kind in ("int", "Int64", "float"):
            conv = pd.to_numeric(s, errors="coerce")
            if kind != "float":
                conv = conv.where(conv.isna() | ((conv == np.round(conv)) & (conv.abs() < 2**63)))
        elif kind == "date" and isinstance(s.dtype, pd.CategoricalDtype):
            days = pd.to_datetime(pd.Series(s.cat.categories, dtype=object), format="%Y-%m-%d",
                                  errors="coerce").to_numpy(dtype="datetime64[ns]")
            codes = s.cat.codes.to_numpy()
            conv = pd.Series(np.where(codes >= 0, days[np.maximum(codes, 0)],
                                      np.datetime64("NaT", "ns")), index=s.index)
        elif kind == "date":
            conv = pd.to_datetime(s, format="%Y-%m-%d", errors="coerce")
        elif kind == "bool" and pd.api.types.is_bool_dtype(s):
            conv = s
        elif kind == "bool":
            conv = s.map({"True": True, "False": False, "1": True, "0": False})
        elif kind == "category":
            levels = CATEGORY_LEVELS[(table, col)]
            ordered = (table, col) in ORDERED_CATEGORIES
            if isinstance(s.dtype, pd.CategoricalDtype):
                conv = s.cat.set_categories(levels, ordered=ordered)
            else:
                conv = pd.Series(pd.Categorical(s, categories=levels, ordered=ordered), index=s.index)
        else:
            conv = s
        if (conv.isna() & s.notna()).any():
            what = "value outside " + "/".join(CATEGORY_LEVELS[(table, col)]) if kind == "category" else "value"
            raise CRMDataError(f"The data file {path} has an unreadable {col} {what} "
                               f"{s[conv.isna() & s.notna()].iloc[0]!r} on line {_bad_line(s, conv)}. Fix: {fix}.")
        if kind == "int":
            conv = conv.astype(np.int64)
        elif kind == "Int64":
            conv = conv.astype("Int64")
        elif kind == "float":
            conv = conv.astype(np.float64)
        elif kind == "bool":
            conv = conv.astype(bool)
        elif kind == "date":
            conv = conv.astype("datetime64[ns]")
        elif kind == "str":
            conv = conv.astype("str")
        out[col] = conv
    return pd.DataFrame(out)


def _store_dir() -> Path:
    return data_dir() / "store"


def _env_seed() -> int:
    text = os.environ.get("CRM_LESSONS_SEED", "").strip()
    if not text:
        return DEFAULT_SEED
    try:
        return int(text)
    except ValueError:
        raise CRMDataError(f"CRM_LESSONS_SEED should be a whole number, not {text!r}. Fix: set it "
                           f"to a number such as 7, or unset it for the shipped data.") from None


def generate_store(seed: int = DEFAULT_SEED, customers: int = DEFAULT_CUSTOMERS) -> dict[str, pd.DataFrame]:
    """Simulate the store data set in memory: a dict of typed tables (no files written).

    >>> tables = generate_store(seed=7, customers=500)
    >>> sorted(tables) == sorted(STORE_TABLES)
    True
    """
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise CRMDataError(f"seed should be a whole number of 0 or more, not {seed!r}.")
    if isinstance(customers, bool) or not isinstance(customers, (int, np.integer)):
        raise CRMDataError(f"customers should be a whole number, not {customers!r}.")
    return _simulate(int(seed), int(customers))


@lru_cache(maxsize=8)
def _cached_store(seed: int, folder: str | None) -> Store:
    if folder is not None:
        path = Path(folder)
        tables = {t: read_store_table(path / f"{t}.csv", t) for t in STORE_TABLES}
        return Store(**tables, seed=seed, end_date=END_DATE, sqlite_path=path / "store.sqlite")
    tables = generate_store(seed)
    blob = None
    if hasattr(sqlite3.Connection, "serialize"):
        con = sqlite3.connect(":memory:")
        _fill_sqlite(con, tables)
        blob = con.serialize()
        con.close()
    return Store(**tables, seed=seed, end_date=END_DATE, _sqlite_bytes=blob)


def load_store(seed: int | None = None) -> Store:
    """The store data set of Steep & Grind, typed and ready to analyse.

    Parameters
    ----------
    seed : int, optional
        None (default) gives the shipped data in data/store (or the seed in the environment
        variable CRM_LESSONS_SEED). Any other seed gives your own variant: the same findings
        at slightly different values, generated in memory in well under two seconds.

    Returns
    -------
    Store with one DataFrame per table (store.customers, store.orders, ...), store.seed,
    store.end_date and store.connect() for SQL. Each call returns its own copy of the tables
    (results are cached per seed), so changing one does not affect other callers.

    Examples
    --------
    >>> store = load_store()                                   # doctest: +SKIP
    >>> store.orders.groupby("customer_id")["revenue"].sum()   # doctest: +SKIP
    """
    if seed is None:
        seed = _env_seed()
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise CRMDataError(f"seed should be a whole number of 0 or more, not {seed!r}. "
                           "Fix: call load_store() or load_store(seed=7).")
    seed = int(seed)
    folder = str(_store_dir()) if seed == DEFAULT_SEED else None
    return _cached_store(seed, folder)._copy()


def cli_make_data(args) -> int:
    """`crm-lessons make-data OUTDIR [--seed N] [--customers N] [--force]`."""
    import sys

    outdir = Path(args.outdir)
    seed = DEFAULT_SEED if args.seed is None else args.seed
    customers = DEFAULT_CUSTOMERS if args.customers is None else args.customers
    targets = [outdir / f"{t}.csv" for t in STORE_TABLES] + [outdir / "store.sqlite"]
    existing = [p for p in targets if p.exists()]
    if existing and not args.force:
        print(f"{outdir} already holds data files ({existing[0].name}, ...). Nothing was "
              f"written. Fix: add --force to overwrite them, or choose another folder.",
              file=sys.stderr)
        return 1
    try:
        tables = generate_store(seed, customers)
    except CRMDataError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    written = write_store(tables, outdir)
    store = Store(**tables, seed=seed, end_date=END_DATE)
    try:
        readme = store_readme(store)
    except (CRMDataError, KeyError, IndexError, ZeroDivisionError) as exc:
        # a very small store may lack a group that a finding needs (no very satisfied
        # defector, no new customer in a campaign): the tables are fine, only the README waits
        readme = None
        print(f"README.md not written: this store is too small to measure every finding "
              f"({type(exc).__name__}: {exc}).", file=sys.stderr)
    if readme is not None:
        (outdir / "README.md").write_text(readme, encoding="utf-8")
        written.append(outdir / "README.md")
    size = sum(p.stat().st_size for p in written) / 1e6
    print(f"Wrote {len(written)} files ({size:.1f} MB) to {outdir}: seed {seed}, "
          f"{customers:,} customers, {len(tables['orders']):,} orders.")
    return 0


def check_data_files() -> list[tuple[str, str, str]]:
    """Check every shipped data file: a list of (name, problem or '', fix) for `doctor`."""
    results = []
    checks = [(f"data/store/{t}.csv", _store_dir() / f"{t}.csv", t, STORE_FIX) for t in STORE_TABLES]
    checks += [(f"data/hospital/{t}.csv", data_dir() / "hospital" / f"{t}.csv", t, HOSPITAL_FIX)
               for t in HOSPITAL_TABLES]
    for name, path, table, fix in checks:
        try:
            read_store_table(path, table, fix)
            results.append((name, "", ""))
        except CRMDataError as exc:
            results.append((name, str(exc).split(" Fix: ")[0], fix.rstrip(".")))
    db = _store_dir() / "store.sqlite"
    problem = ""
    if not db.is_file():
        problem = f"The store database {db} is missing"
    else:
        try:
            with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as con:
                have = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            if set(STORE_TABLES) - have:
                problem = f"The store database {db} has no table {sorted(set(STORE_TABLES) - have)[0]!r}"
        except sqlite3.Error as exc:
            problem = f"The store database {db} cannot be read ({exc})"
    results.append(("data/store/store.sqlite", problem, STORE_FIX if problem else ""))
    for sample in (True, False):
        name = f"data/cdnow/{CDNOW_FILES[sample]}"
        try:
            load_cdnow(sample=sample)
            results.append((name, "", ""))
        except CRMDataError as exc:
            results.append((name, str(exc).split(" Fix: ")[0], CDNOW_FIX))
    return results


# ============================================================================================
# The planted findings, measured with the package's own helpers
# ============================================================================================


def measure_findings(store: Store) -> dict[str, float]:
    """Measure every planted finding of the store (see data/store/README.md) with the course's
    helpers: a flat dict of named figures, used by the tests and by the README's instructor
    section.

    >>> figures = measure_findings(load_store())             # doctest: +SKIP
    >>> 0.55 <= figures["top20_revenue_share"] <= 0.70       # doctest: +SKIP
    True
    """
    from crm_lessons import attract, develop, identify, retain

    s, end = store, store.end_date
    f: dict[str, float] = {}
    f["top20_revenue_share"] = identify.revenue_concentration(s.orders, top=0.2)
    acq = attract.acquisition_cost_per_customer(s.campaigns, s.contacts, s.customers)
    ret = retain.retention_cost_per_customer(s.campaigns, s.contacts)
    f["acquisition_cost"], f["retention_cost"], f["cost_ratio"] = acq, ret, acq / ret
    cpa = attract.acquisition_cost_by_channel(s.campaigns, s.customers).set_index("channel")
    rep = attract.repeat_rate_by_channel(s.customers, s.orders, end).set_index("channel")
    for ch in ("referral", "paid_social"):
        f[f"cpa_{ch}"] = float(cpa.loc[ch, "cost_per_customer"])
        f[f"repeat_{ch}"] = float(rep.loc[ch, "share"])
    f["cpa_cheapest_other"] = float(cpa.drop(index="referral")["cost_per_customer"].min())
    f["cpa_dearest_other"] = float(cpa.drop(index="paid_social")["cost_per_customer"].max())
    f["repeat_best_other"] = float(rep.drop(index="referral")["share"].max())
    f["repeat_worst_other"] = float(rep.drop(index="paid_social")["share"].min())
    sv = s.surveys
    f["gap_satisfaction_corr"] = float(np.corrcoef(sv["perceived"] - sv["expectation"],
                                                   retain.satisfaction_score(sv["satisfaction"]))[0, 1])
    grade = retain.defection_rate(s.customers, s.defections, end, window_days=None,
                                  by=retain.latest_satisfaction(sv)).set_index("satisfaction")
    f["defection_very_disappointed"] = float(grade.loc["very disappointed", "defection_rate"])
    f["defection_very_satisfied"] = float(grade.loc["very satisfied", "defection_rate"])
    tick = retain.defection_rate(s.customers, s.defections, end, window_days=None,
                                 by=retain.ticket_resolution(s.tickets)).set_index("tickets")
    f["defection_unresolved"] = float(tick.loc["unresolved", "defection_rate"])
    f["defection_resolved"] = float(tick.loc["all resolved", "defection_rate"])
    f["defection_rate_last_year"] = float(retain.defection_rate(s.customers, s.defections, end))
    prof = retain.reason_profile(s.defections, s.customers, s.orders, s.tickets).set_index("reason")
    for reason, key in [("lower price elsewhere", "price"), ("service failure", "service"),
                        ("moved away", "moved"), ("found something better", "better"),
                        ("no longer needed", "needless")]:
        f[f"reason_share_{key}"] = float(prof.loc[reason, "share"])
    f["tickets_service_defectors"] = float(prof.loc["service failure", "mean_tickets"])
    f["tickets_other_defectors_max"] = float(prof.drop(index="service failure")["mean_tickets"].max())
    f["discount_share_price_defectors"] = float(prof.loc["lower price elsewhere", "discount_share"])
    f["discount_share_other_defectors_mean"] = float(
        prof.drop(index="lower price elsewhere")["discount_share"].mean())
    lift = attract.campaign_lift(s.campaigns, s.contacts, by="offer",
                                 campaign_type="retention").set_index("offer")
    f["discount_lift"] = float(lift.loc["discount", "lift"])
    ten = attract.lift_by_tenure(s.campaigns, s.contacts, s.customers, offer="free sample",
                                 bins=(0, 180, None))
    f["free_sample_lift_new"] = float(ten["lift"].iloc[0])
    f["free_sample_lift_established"] = float(ten["lift"].iloc[1])
    ten_d = attract.lift_by_tenure(s.campaigns, s.contacts, s.customers, offer="discount",
                                   bins=(0, 180, None))
    f["discount_lift_new"] = float(ten_d["lift"].iloc[0])
    wb = attract.winback_reactivation(s.campaigns, s.contacts)
    f["winback_treatment"], f["winback_control"] = float(wb["treatment_rate"]), float(wb["control_rate"])
    pairs = develop.pair_lift(s.order_lines, min_orders=50)
    f["pairs_lift_3_plus"] = float((pairs["lift"] >= 3).sum())
    f["top_pair_lift"] = float(pairs["lift"].iloc[0])
    by_year = develop.profit_by_relationship_year(s.orders, s.order_lines, s.products, s.customers,
                                                  s.tickets, end_date=end)
    for _, row in by_year.iterrows():
        f[f"profit_year_{int(row['year'])}"] = float(row["profit_per_customer"])
    cp = develop.customer_profit(s.orders, s.order_lines, s.products, s.tickets)
    f["unprofitable_share"] = develop.unprofitable_share(cp)
    loy = retain.loyalty_frequency(s.customers, s.orders, end).set_index("period")["orders_per_year"]
    f["freq_non_members"] = float(loy["non-members"])
    f["freq_members_before"] = float(loy["members before joining"])
    f["freq_members_after"] = float(loy["members after joining"])
    silent = develop.silent_lapsers(s.customers, s.orders, s.defections, end)
    f["silent_lapsers"] = float(len(silent))
    f["silent_share_of_customers"] = len(silent) / len(s.customers)
    f["stated_defections"] = float(len(s.defections))
    fun = attract.funnel_by_source(s.prospects, s.customers, s.orders).set_index("source")
    for src in CHANNELS:
        f[f"conversion_{src}"] = float(fun.loc[src, "customer_rate"])
        f[f"advocate_rate_{src}"] = float(fun.loc[src, "advocate_rate"])
    return f


# ============================================================================================
# The hospital case (capstone): a six-month "Guest Relations" program and a comparison hospital
# ============================================================================================

HOSPITAL_SEED = 1993
PROGRAM_HOSPITAL = "Prairie Community Hospital"
COMPARISON_HOSPITAL = "Millbrook County Hospital"
CONTACT_AREAS = ["security", "nursing", "doctors", "facilities", "food"]
HOSPITAL_FIX = ("`git checkout -- data/hospital` restores it, or run python -c \"from "
                "crm_lessons.datasets import write_hospital; write_hospital('data/hospital')\"")
HOSPITAL_TABLES: dict[str, dict[str, tuple[str, str]]] = {
    "patients": {
        "patient_id": ("int", "unique patient number"),
        "hospital": ("category", f"{PROGRAM_HOSPITAL} (ran the program) or {COMPARISON_HOSPITAL}"),
        "program_hospital": ("bool", "True for the hospital that ran the Guest Relations program"),
        "period": ("category", "'before' (the six months before the program) or 'after' (its six months)"),
        "first_visit_date": ("date", "date of the patient's first visit (first-time patients only)"),
        "department": ("category", "emergency, maternity, surgery or outpatient"),
        "age_band": ("category", "age band of the patient"),
        **{area: ("int", f"satisfaction with {area if area != 'doctors' else 'the doctors'}, "
                         f"1 (very poor) to 5 (excellent)") for area in CONTACT_AREAS},
        "overall": ("int", "overall satisfaction with the stay, 1 to 5"),
        "came_back": ("bool", "came back (patient or family) for their next care need within 12 months"),
    },
}
CATEGORY_LEVELS.update({
    ("patients", "hospital"): [PROGRAM_HOSPITAL, COMPARISON_HOSPITAL],
    ("patients", "period"): ["before", "after"],
    ("patients", "department"): ["emergency", "maternity", "surgery", "outpatient"],
    ("patients", "age_band"): AGE_BANDS,
})
ORDERED_CATEGORIES.add(("patients", "period"))
# the program's planted effect on each contact area's score (1-5 scale), and the common drift
PROGRAM_EFFECT = {"security": 0.45, "nursing": 0.7, "doctors": 0.4, "facilities": 0.35, "food": 0.6}
COMMON_TREND = 0.15


def generate_hospital(seed: int = HOSPITAL_SEED, patients_per_cell: int = 1000) -> pd.DataFrame:
    """Simulate the capstone's patients: two hospitals, six months before and six months
    during the Guest Relations program at Prairie Community Hospital.

    Satisfaction in each contact area drifts up a little in both hospitals (COMMON_TREND)
    and rises further where and when the program runs (PROGRAM_EFFECT); the chance that a
    patient comes back follows overall satisfaction, so the program's effect on returns is
    a consequence, not a planted number.

    >>> generate_hospital(patients_per_cell=10).shape[0]
    40
    """
    rng = np.random.default_rng(seed)
    k = int(patients_per_cell)
    n = 4 * k
    treated = np.repeat([True, True, False, False], k)
    after = np.tile(np.repeat([False, True], k), 2)
    start = np.where(after, 184, 0)                          # 1992-07-01 + 184 days = 1993-01-01
    day = start + rng.integers(0, 181, n)
    dept = rng.choice(4, n, p=[0.35, 0.15, 0.2, 0.3])
    age = rng.choice(6, n, p=[0.1, 0.18, 0.17, 0.17, 0.18, 0.2])
    person = rng.normal(0, 0.5, n)                           # some patients rate everything higher
    base = {"security": 3.6, "nursing": 3.4, "doctors": 3.9, "facilities": 3.3, "food": 2.9}
    scores = {}
    raw_total = np.zeros(n)
    for area in CONTACT_AREAS:
        mu = (base[area] - 0.25 * treated + COMMON_TREND * after
              + PROGRAM_EFFECT[area] * (treated & after) + person
              - 0.2 * (dept == 0))                            # emergency visits rate lower
        raw = mu + rng.normal(0, 0.75, n)
        scores[area] = np.clip(np.rint(raw), 1, 5).astype(np.int64)
        raw_total += raw
    overall_raw = raw_total / len(CONTACT_AREAS) + rng.normal(0, 0.35, n)
    overall = np.clip(np.rint(overall_raw), 1, 5).astype(np.int64)
    p_back = 1 / (1 + np.exp(-(-0.25 + 1.1 * (overall_raw - 3.4))))
    came_back = rng.random(n) < p_back
    order = np.lexsort((np.arange(n), day))
    out = pd.DataFrame({
        "patient_id": np.arange(1, n + 1, dtype=np.int64),
        "hospital": pd.Categorical.from_codes(np.where(treated, 0, 1)[order],
                                              CATEGORY_LEVELS[("patients", "hospital")]),
        "program_hospital": treated[order],
        "period": pd.Categorical.from_codes(after[order].astype(np.int64), ["before", "after"],
                                            ordered=True),
        "first_visit_date": (pd.Timestamp("1992-07-01").to_datetime64()
                             + day[order].astype("timedelta64[D]")).astype("datetime64[ns]"),
        "department": pd.Categorical.from_codes(dept[order],
                                                CATEGORY_LEVELS[("patients", "department")]),
        "age_band": pd.Categorical.from_codes(age[order], AGE_BANDS),
        **{area: scores[area][order] for area in CONTACT_AREAS},
        "overall": overall[order],
        "came_back": came_back[order],
    })
    return out


def write_hospital(outdir: str | Path) -> Path:
    """Write the hospital case (patients.csv) into `outdir`; return the file's path."""
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    path = outdir / "patients.csv"
    patients = generate_hospital()
    patients.to_csv(path, index=False, date_format="%Y-%m-%d", lineterminator="\n")
    (outdir / "README.md").write_text(hospital_readme(patients), encoding="utf-8")
    return path


def load_hospital() -> pd.DataFrame:
    """The capstone case: first-time patients of two hospitals, six months before and six
    months during the Guest Relations program that Prairie Community Hospital ran in every
    contact area (security, nursing, doctors, facilities, food), and whether each came back.

    Returns
    -------
    DataFrame with the columns of HOSPITAL_TABLES["patients"] (see data/hospital/README.md).

    Examples
    --------
    >>> from crm_lessons.retain import diff_in_diff
    >>> patients = load_hospital()                                                # doctest: +SKIP
    >>> diff_in_diff(patients, "came_back", "program_hospital", "period", True, "after")  # doctest: +SKIP
    """
    return read_store_table(data_dir() / "hospital" / "patients.csv", "patients", HOSPITAL_FIX)


# ============================================================================================
# The store's README (data dictionary and, for instructors, the planted findings and sizes)
# ============================================================================================

_HOW_GENERATED = """\
Every customer first gets hidden traits: a purchase rate (orders per year, gamma-distributed
and higher for referred customers), what they expect from the shop and how they perceive
what they get (1-7), how sensitive they are to price, and whether they tend to send goods
back. Outcomes follow from these causes:

- **leaving**: each customer has a hazard of dropping out that rises with disappointment
  (perceived minus expected), price sensitivity and the paid-social channel, falls for
  referred customers, and jumps after a support ticket that is not resolved. Some of those who
  leave tell the company why (the reason follows their cause), the others just stop buying;
- **orders**: the first order on the sign-up date, then orders at the customer's rate, which
  grows with tenure, until they leave; members of the loyalty program (heavier buyers join
  more often) buy more after joining. Baskets hold a few products, and five products pull in
  a companion product (a dripper and its filters, for example);
- **discounts and returns**: price-sensitive customers use promotions more often; a few
  serial returners send much back;
- **campaigns**: quarterly retention e-mails (discount, free sample or no offer),
  win-back mailings every four months to customers silent for 300 days or more, and two cross-sell
  bundles, each with a randomised control group (half the list for retention and win-back,
  a fifth for cross-sell) that is not contacted. An offer makes some treated customers buy
  within the campaign's dates; `responded` says whether a contact bought between the
  campaign's start and end dates, whatever the reason, so the control group shows what
  would have happened anyway. Acquisition spend per channel and quarter follows the cost of
  winning a customer in that channel; acquisition campaigns (ads, marketplace fees, referral
  rewards) are not recorded contact by contact, so `contacts.prospect_id` stays empty and
  new customers are attributed to them by channel and date;
- **tickets, surveys, leads**: tickets arrive while a customer is active; about 45% of
  customers answer one survey, whose grade follows perceived minus expected; about half of
  the customers were recorded as leads before buying, next to many leads who never bought.
"""


def _unit(kind: str, meaning: str, column: str) -> str:
    if "EUR" in meaning:
        return "EUR"
    if kind == "date":
        return "date (YYYY-MM-DD)"
    if "hours" in column:
        return "hours"
    if "days" in column:
        return "days"
    if "1 (low) to 7" in meaning or "1 to 7" in meaning:
        return "scale 1-7"
    if "1 to 10" in meaning:
        return "scale 1-10"
    if "0 to 10" in meaning:
        return "scale 0-10"
    if "100 = market" in meaning:
        return "index"
    return ""


def _tables_markdown(tables: dict[str, pd.DataFrame], spec: dict, kinds_note: bool = True) -> str:
    out = []
    for table, cols in spec.items():
        out.append(f"### `{table}` ({len(tables[table]):,} rows)\n")
        out.append("| column | type | unit | meaning |\n| --- | --- | --- | --- |")
        for col, (kind, meaning) in cols.items():
            levels = CATEGORY_LEVELS.get((table, col))
            extra = f" Values: {', '.join(levels)}." if levels and kind == "category" else ""
            out.append(f"| `{col}` | {kind} | {_unit(kind, meaning, col)} | {meaning}.{extra} |"
                       .replace("..", "."))
        out.append("")
    return "\n".join(out)


def store_readme(store: Store) -> str:
    """The text of data/store/README.md for `store`: data dictionary, how the data were made,
    and the instructors' section with every planted finding measured on this very data.
    `crm-lessons make-data` writes it next to the tables, so its figures always match them."""
    f = measure_findings(store)
    t = store.tables()
    pct = "{:.0%}".format
    years = sorted(int(k.rsplit("_", 1)[1]) for k in f if k.startswith("profit_year_"))
    profit_years = ", ".join(f"year {y}: EUR {f[f'profit_year_{y}']:.2f}" for y in years)
    pairs = __import__("crm_lessons.develop", fromlist=["pair_lift"]).pair_lift(
        store.order_lines, min_orders=50, products=store.products)
    top_pairs = "; ".join(f"{r.product_a_name} + {r.product_b_name} (lift {r.lift:.1f}, "
                          f"{r.orders_together} orders)"
                          for r in pairs[pairs["lift"] >= 3].itertuples())
    conv = {c: f[f"conversion_{c}"] for c in CHANNELS}
    seed_text = (f"seed {store.seed}" + (" (the shipped data)" if store.seed == DEFAULT_SEED else ""))
    text = f"""# {COMPANY}: the store data set

**{COMPANY}** is a fictional online shop for specialty coffee and tea supplies (beans, loose
tea, brewing equipment, filters, accessories). This folder holds its customer data from
{START_DATE.date()} to {END_DATE.date()} (`store.end_date`, "today" for recency): {len(t['customers']):,}
customers, {len(t['orders']):,} orders, their campaigns, service tickets, surveys and
defections. The data are synthetic: no row describes a real person. They were simulated so
that the effects the lessons teach are really in them (see "For instructors" below).

## Files and loading

One CSV file per table (comma-separated, header row, dates as YYYY-MM-DD, empty cell =
missing) and `store.sqlite`, one SQLite database with the same tables, primary keys and
foreign keys.

```python
from crm_lessons import load_store
store = load_store()          # store.customers, store.orders, ..., store.connect() for SQL
```

`load_store(seed=7)` (or the environment variable `CRM_LESSONS_SEED=7`) gives your own
variant of the shop, generated in memory in well under a second: the same findings at
slightly different values, so that no two students share answers.

Money is in euros (EUR). Ids are whole numbers; a missing id (a customer nobody referred, an
order with no campaign) is an empty cell.

## Tables

{_tables_markdown(t, STORE_TABLES)}
## How the data were made

Generated with {seed_text} by

```
crm-lessons make-data data/store          # add --seed N for another variant, --force to overwrite
```

which rewrites these files byte for byte (a test checks it; SQLite stamps its own version in
the database header, so with another SQLite version only those eight bytes differ). The
simulation is in
`crm_lessons/datasets.py` (numpy, fully vectorised).

{_HOW_GENERATED}
## For instructors: the planted findings

Each effect below comes from the causes above, not from editing outcomes. The figures are
measured on this data with the course's own helpers (`crm_lessons.datasets.measure_findings`
computes them all; this section is written by `make-data` from the data, and
`tests/test_findings.py` checks every finding for the shipped data and two other seeds).

1. **Revenue is concentrated**: the top 20% of customers bring {pct(f['top20_revenue_share'])}
   of revenue (`identify.revenue_concentration(store.orders, top=0.2)`).
2. **Winning costs more than keeping**: acquisition costs EUR {f['acquisition_cost']:.2f} per
   new customer against EUR {f['retention_cost']:.2f} per kept customer, {f['cost_ratio']:.1f} times as
   much (`attract.acquisition_cost_per_customer`, `retain.retention_cost_per_customer`).
3. **Referral is the best channel, paid social the worst**: a referred customer costs
   EUR {f['cpa_referral']:.2f} to win and {pct(f['repeat_referral'])} still buy after a year; a paid-social
   customer costs EUR {f['cpa_paid_social']:.2f} and {pct(f['repeat_paid_social'])} still buy
   (`attract.acquisition_cost_by_channel`, `attract.repeat_rate_by_channel`).
4. **Satisfaction follows perceived minus expected**: the correlation between the gap and the
   satisfaction grade is {f['gap_satisfaction_corr']:.2f}; {pct(f['defection_very_disappointed'])} of the very
   disappointed have defected against {pct(f['defection_very_satisfied'])} of the very satisfied,
   {f['defection_very_disappointed'] / f['defection_very_satisfied']:.1f} times as often
   (`retain.satisfaction_by_gap`; `retain.defection_rate(..., by=retain.latest_satisfaction(store.surveys), window_days=None)`).
5. **Unresolved tickets drive customers away**: {pct(f['defection_unresolved'])} of customers with an
   unresolved ticket have defected against {pct(f['defection_resolved'])} of those whose tickets were all
   resolved ({f['defection_unresolved'] / f['defection_resolved']:.1f} times;
   `retain.defection_rate(..., by=retain.ticket_resolution(store.tickets), window_days=None)`).
6. **Each stated reason has a cause in the data**: lower price elsewhere {pct(f['reason_share_price'])},
   service failure {pct(f['reason_share_service'])}, found something better {pct(f['reason_share_better'])},
   no longer needed {pct(f['reason_share_needless'])}, moved away {pct(f['reason_share_moved'])}. Service-failure
   defectors had {f['tickets_service_defectors']:.2f} tickets each (other reasons at most
   {f['tickets_other_defectors_max']:.2f}); price defectors got {pct(f['discount_share_price_defectors'])} of their order
   value as discounts (other reasons {pct(f['discount_share_other_defectors_mean'])} on average) (`retain.reason_profile`).
7. **Randomised campaigns**: the discount e-mail lifts the purchase rate by
   {100 * f['discount_lift']:.1f} points over its control group; the free sample lifts new customers
   (under 180 days) by {100 * f['free_sample_lift_new']:.1f} points but established ones by only
   {100 * f['free_sample_lift_established']:.1f}; the win-back mailing reactivates {100 * f['winback_treatment']:.1f}% of
   lapsed customers against {100 * f['winback_control']:.1f}% in its control group
   (`attract.campaign_lift`, `attract.lift_by_tenure`, `attract.winback_reactivation`).
8. **Product affinities**: {int(f['pairs_lift_3_plus'])} pairs bought together in 50 orders or more have a
   lift of 3 or more: {top_pairs} (`develop.pair_lift`).
9. **Profit per customer grows with the relationship**: profit per active customer by year of
   relationship (years seen in full): {profit_years}
   (`develop.profit_by_relationship_year`).
10. **Unprofitable customers**: {pct(f['unprofitable_share'])} of customers lose the company money once
    discounts, returns and service cost are counted (`develop.customer_profit`,
    `develop.unprofitable_share`).
11. **Loyalty members buy more, partly because heavy buyers join**: non-members place
    {f['freq_non_members']:.1f} repeat orders a year; members placed {f['freq_members_before']:.1f} a year before
    joining and {f['freq_members_after']:.1f} after (`retain.loyalty_frequency`). Comparing members with
    non-members overstates the program's effect.
12. **Silent lapsers**: {int(f['silent_lapsers']):,} customers ({pct(f['silent_share_of_customers'])}) have not bought for a
    year and never said they left, next to {int(f['stated_defections']):,} stated defections
    (`develop.silent_lapsers`).
13. **The funnel differs by source**: the share of leads who become customers ranges from
    {pct(conv['paid_social'])} (paid social) to {pct(conv['referral'])} (referral); referral leads also become
    advocates most often ({pct(f['advocate_rate_referral'])} of their repeat customers referred someone)
    (`attract.funnel_by_source`).

The campaign lifts (finding 7) come from randomised control groups, so students can read them
as causal effects; the loyalty comparison (finding 11) and the channel comparison (finding 3)
cannot: there, who joins or which channel brings whom is not random.
"""
    return text


def hospital_readme(patients: pd.DataFrame) -> str:
    """The text of data/hospital/README.md, with the program's effect measured on `patients`
    (`write_hospital` writes it next to the data, so the figures always match)."""
    from crm_lessons.retain import diff_in_diff

    did = {col: diff_in_diff(patients, col, "program_hospital", "period", True, "after")
           for col in [*CONTACT_AREAS, "overall", "came_back"]}
    rows = "\n".join(f"| {col} | {PROGRAM_EFFECT.get(col, float('nan')):+.2f} | "
                     f"{did[col]['treated_after'] - did[col]['treated_before']:+.2f} | "
                     f"{did[col]['effect']:+.2f} |" for col in CONTACT_AREAS)
    back = did["came_back"]
    dictionary = _tables_markdown({"patients": patients}, HOSPITAL_TABLES)
    return f"""# The hospital case: patients are customers too

The capstone's case (lesson 06). A community hospital in the US Midwest, here called
**{PROGRAM_HOSPITAL}**, ran a six-month "Guest Relations" program for first-time patients
from 1993-01-01 to 1993-06-30: everyone who meets a patient, from the security staff and the
nurses to the doctors, the facilities team and the kitchen and cafeteria, worked on how
patients and their families feel about their stay. The question: do they come back for
their next health-care need? **{COMPARISON_HOSPITAL}**, a similar hospital nearby that did
not run the program, serves as the comparison.

The data are synthetic (no real patient): {len(patients):,} first-time patients, about a
quarter in each hospital and period ("before" = 1992-07-01 to 1992-12-31, "after" = the
program's six months), with their ratings of each contact area and whether they came back.

```python
from crm_lessons import load_hospital
from crm_lessons.retain import diff_in_diff
patients = load_hospital()
diff_in_diff(patients, "came_back", "program_hospital", "period", treated=True, after="after")
```

## Columns

{dictionary}
## How the data were made

`crm_lessons.datasets.generate_hospital` (seed {HOSPITAL_SEED}); rewrite the file with
`python -c "from crm_lessons.datasets import write_hospital; write_hospital('data/hospital')"`.
Each rating is a patient's general mood plus the area's usual level, a small rise in both
hospitals over time (everywhere ratings drifted up by {COMMON_TREND:.2f} points), and, only at
{PROGRAM_HOSPITAL} after the program started, the program's effect on that area. The program
hospital started a little lower (that is why it acted). Coming back depends only on how
satisfied the patient was overall, so the program changes returns through satisfaction.

## For instructors: the planted effect and what a difference-in-differences recovers

| area | planted effect (points, 1-5 scale) | before/after change at the program hospital | difference-in-differences |
| --- | --- | --- | --- |
{rows}

Patients who came back: {PROGRAM_HOSPITAL} {back['treated_before']:.1%} before and
{back['treated_after']:.1%} after; {COMPARISON_HOSPITAL} {back['comparison_before']:.1%} and
{back['comparison_after']:.1%}. The program's estimated effect on returns is
{100 * back['effect']:+.1f} points (difference-in-differences); the naive before/after change at the program
hospital alone, {100 * (back['treated_after'] - back['treated_before']):+.1f} points, also counts the
drift that the comparison hospital shows without any program. Overall satisfaction rose by
{did['overall']['effect']:+.2f} points because of the program.
"""
