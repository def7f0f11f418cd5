"""The store's generator: one module per table family, run in a fixed order on one random
generator, so that a seed always gives the same data byte for byte.

The steps draw from the one `rng` in this order: customers and traits, lifetimes and tickets,
referrals and loyalty, natural orders, defections, campaigns (with the orders they induce),
all orders' discounts and channel, order lines, surveys, ticket details, prospects, and last
the customers' region and age band in the assembly. Changing that order changes the data.
The follow-up survey wave draws from a stream of its own (`surveys.own_stream`), so adding it
changed the surveys table only; contact fatigue (who unsubscribes or complains at a contact,
`fatigue.draw_fatigue`) draws from another (`fatigue.FATIGUE_STREAM`), so adding it changed
two new columns of the contacts table only.
The coffee club (`subscriptions`) draws from a stream of its own too
(`subscriptions.SUBSCRIPTION_STREAM`), so adding it changed no other table.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from crm_lessons.data.simulate.assemble import World, assemble_tables
from crm_lessons.data.simulate.campaigns import draw_campaigns, induced_orders, responses
from crm_lessons.data.simulate.customers import draw_traits
from crm_lessons.data.simulate.defections import draw_defections
from crm_lessons.data.simulate.fatigue import FATIGUE_STREAM, draw_fatigue
from crm_lessons.data.simulate.lifetimes import draw_lifetimes, draw_ticket_details
from crm_lessons.data.simulate.loyalty import draw_loyalty
from crm_lessons.data.simulate.orders import draw_lines, draw_natural_orders, draw_orders
from crm_lessons.data.simulate.prospects import draw_prospects
from crm_lessons.data.simulate.subscriptions import SUBSCRIPTION_STREAM, subscriptions_table
from crm_lessons.data.simulate.surveys import (
    FOLLOW_UP_STREAM,
    add_follow_up,
    draw_surveys,
    own_stream,
)
from crm_lessons.errors import require_whole_number

__all__ = ["simulate"]


def simulate(seed: int, n_customers: int) -> dict[str, pd.DataFrame]:
    """Simulate the whole store; return the typed tables (see crm_lessons.schema).

    >>> sorted(simulate(7, 60))[:3]
    ['benchmark', 'campaigns', 'contacts']
    """
    n = require_whole_number(n_customers, "customers", minimum=50,
                             fix="Fix: pass --customers 50 or more.")
    rng = np.random.default_rng(seed)
    c = draw_traits(rng, n)
    lt = draw_lifetimes(rng, c)
    loy = draw_loyalty(rng, c, lt)
    nat = draw_natural_orders(rng, c, lt, loy)
    defs = draw_defections(rng, c, lt, nat)
    camps = draw_campaigns(rng, c, lt, nat, defs)
    orders = draw_orders(rng, c, nat, induced_orders(camps))
    lines = draw_lines(rng, c, orders)
    surveys = add_follow_up(own_stream(seed, FOLLOW_UP_STREAM), c, lt,
                            draw_surveys(rng, c, lt, loy, orders, lines))
    tickets = draw_ticket_details(rng, c, lt)
    prospects = draw_prospects(rng, c)
    contacts = responses(camps, orders)
    world = World(traits=c, lifetimes=lt, loyalty=loy, defections=defs, campaigns=camps,
                  orders=orders, lines=lines, surveys=surveys, tickets=tickets,
                  prospects=prospects, contacts=contacts,
                  fatigue=draw_fatigue(own_stream(seed, FATIGUE_STREAM), contacts.cust,
                                       contacts.day, contacts.treat))
    tables = assemble_tables(rng, world)
    tables["subscriptions"] = subscriptions_table(own_stream(seed, SUBSCRIPTION_STREAM), c)
    return tables
