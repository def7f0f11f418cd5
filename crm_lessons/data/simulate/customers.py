"""Step 1 of the store simulation: the customers, their sign-up day, channel and hidden traits."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from crm_lessons.data.simulate.params import CHANNEL_PARAMS, N_DAYS


@dataclass(frozen=True)
class Traits:
    """Every customer's sign-up day, channel and latent traits (one array entry per customer)."""

    n: int
    params: np.ndarray          # CHANNEL_PARAMS as a (channel, parameter) array
    signup: np.ndarray          # day number of the first order
    chan: np.ndarray            # channel code (index into CHANNELS)
    rate: np.ndarray            # orders per year, heavy tailed
    expectation: np.ndarray     # 1-7
    perceived: np.ndarray       # 1-7
    gap: np.ndarray             # perceived minus expected
    price_sens: np.ndarray      # 0-1
    return_p: np.ndarray        # probability of sending an item back
    horizon: np.ndarray         # years observable after sign-up


def draw_traits(rng: np.random.Generator, n: int) -> Traits:
    """Draw the customers of the store and their hidden traits.

    >>> draw_traits(np.random.default_rng(1), 60).signup.size
    60
    """
    params = np.array(list(CHANNEL_PARAMS.values()))
    # sign-ups grow over time: the density rises by half from the first day to the last
    u = rng.random(n)
    signup = np.floor((-1 + np.sqrt(1 + 1.25 * u)) / 0.5 * (N_DAYS - 30))
    signup = np.sort(np.clip(signup, 0, N_DAYS - 31).astype(np.int64))
    chan = rng.choice(len(params), size=n, p=params[:, 0] / params[:, 0].sum())
    chan[0] = 0  # the very first customer cannot have been referred
    rate = rng.gamma(1.1, params[chan, 1] / 1.1)            # orders per year, heavy tailed
    expectation = np.clip(np.rint(rng.normal(4.9 + params[chan, 4], 1.0, n)), 1, 7).astype(np.int64)
    perceived = np.clip(np.rint(rng.normal(5.1, 1.25, n)), 1, 7).astype(np.int64)
    price_sens = np.clip(rng.beta(2, 5, n) + params[chan, 3], 0, 1)
    returner = rng.random(n) < 0.09                          # a few serial returners
    return Traits(n=n, params=params, signup=signup, chan=chan, rate=rate,
                  expectation=expectation, perceived=perceived, gap=perceived - expectation,
                  price_sens=price_sens, return_p=np.where(returner, 0.55, 0.025),
                  horizon=(N_DAYS - 1 - signup) / 365.0)
