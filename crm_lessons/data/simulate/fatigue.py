"""Contact fatigue, drawn after everything else from a random stream of its own: a customer
contacted often in a year is more likely to unsubscribe from marketing, or to complain, at the
next contact.

The planted cause: at each contact, ``k`` is the number of contacts the customer received in
the 365 days up to and including it (messages actually sent: control-group rows were held out,
received nothing and cause nothing). The chance of unsubscribing is
``UNSUBSCRIBE_BASE * UNSUBSCRIBE_GROWTH ** (k - 1)`` and of complaining
``COMPLAINT_BASE * COMPLAINT_GROWTH ** (k - 1)``; nothing else about the customer matters.
Because the draws come from :data:`FATIGUE_STREAM`, every other column and table is exactly
what it was before contact fatigue was added.
"""

from __future__ import annotations

import numpy as np

#: The key of contact fatigue's own random stream (see surveys.own_stream).
FATIGUE_STREAM = 10
#: Chance of unsubscribing at the first contact of a year, and its growth per extra contact.
UNSUBSCRIBE_BASE, UNSUBSCRIBE_GROWTH = 0.004, 1.7
#: Chance of a complaint at the first contact of a year, and its growth per extra contact.
COMPLAINT_BASE, COMPLAINT_GROWTH = 0.002, 1.6
#: The window over which contacts are counted, in days.
FATIGUE_WINDOW = 365


def contacts_in_window(cust: np.ndarray, day: np.ndarray, window: int = FATIGUE_WINDOW) -> np.ndarray:
    """For each contact, how many contacts its customer received in the `window` days up to
    and including its day (itself included), in the input order.

    >>> contacts_in_window(np.array([0, 0, 0, 1]), np.array([10, 20, 400, 5])).tolist()
    [1, 2, 1, 1]
    """
    order = np.lexsort((day, cust))
    c, d = cust[order], day[order]
    key = c.astype(np.int64) * 10_000_000 + d
    start = np.searchsorted(key, key - window + 1, side="left")
    rank = np.arange(c.size) - start + 1
    # contacts on the same day count each other
    last_same = np.searchsorted(key, key, side="right") - 1
    rank = rank + (last_same - np.arange(c.size))
    out = np.empty_like(rank)
    out[order] = rank
    return out


def draw_fatigue(rng: np.random.Generator, cust: np.ndarray, day: np.ndarray,
                 sent: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Whether each contact led to an unsubscribe and to a complaint (two bool arrays).

    Only a message that was sent (`sent`, the treatment group; default: every contact) counts
    towards fatigue or can cause an unsubscribe or a complaint: a control-group customer was
    held out of the campaign and received nothing.
    """
    sent = np.ones(cust.size, bool) if sent is None else np.asarray(sent, bool)
    k = np.ones(cust.size, np.int64)
    k[sent] = contacts_in_window(cust[sent], day[sent])
    p_unsub = np.minimum(UNSUBSCRIBE_BASE * UNSUBSCRIBE_GROWTH ** (k - 1), 0.9)
    p_complain = np.minimum(COMPLAINT_BASE * COMPLAINT_GROWTH ** (k - 1), 0.9)
    u = rng.random((2, cust.size))
    return (u[0] < p_unsub) & sent, (u[1] < p_complain) & sent
