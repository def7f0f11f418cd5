"""Step 11 of the store simulation: the leads. About half of the customers were a lead first;
most leads never buy."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from crm_lessons.data.simulate.customers import Traits
from crm_lessons.data.simulate.params import N_DAYS


@dataclass(frozen=True)
class Prospects:
    """One entry per lead (customer index, -1 for a lead who never bought); `order` sorts
    them by day, then customer."""

    src: np.ndarray
    cust: np.ndarray
    day: np.ndarray
    opens: np.ndarray
    visits: np.ndarray
    sample_req: np.ndarray
    order: np.ndarray


def draw_prospects(rng: np.random.Generator, c: Traits) -> Prospects:
    """Draw the leads: customers recorded before buying, and the leads lost in each source
    (as many as the source's conversion rate implies)."""
    conv = c.params[:, 6]
    was_lead = np.flatnonzero(rng.random(c.n) < 0.55)       # the others bought without a lead record
    n_lost = rng.poisson(np.bincount(c.chan[was_lead], minlength=len(conv)) * (1 - conv) / conv)
    lost_src = np.repeat(np.arange(len(conv)), n_lost)
    p_src = np.concatenate([c.chan[was_lead], lost_src])
    p_cust = np.concatenate([was_lead, np.full(lost_src.size, -1)])
    p_day = np.concatenate([np.maximum(c.signup[was_lead] - rng.integers(0, 46, was_lead.size), 0),
                            rng.integers(0, N_DAYS - 1, lost_src.size)])
    conv_mask = p_cust >= 0
    opens = rng.poisson(np.where(conv_mask, 3.5, 1.2))
    visits = rng.poisson(np.where(conv_mask, 4.5, 1.5)) + 1
    sample_req = rng.random(p_cust.size) < np.where(conv_mask, 0.3, 0.08)
    return Prospects(src=p_src, cust=p_cust, day=p_day, opens=opens, visits=visits,
                     sample_req=sample_req, order=np.lexsort((p_cust, p_day)))
