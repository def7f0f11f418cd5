"""The phases of CRM as a chain, from customer orientation to customer value and company
success (used again in the capstone).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

_PHASES = [
    ("customer orientation", "Does every department see and serve the same customer?",
     "single customer view (one row per customer from every table)"),
    ("quality", "Do customers rate our products and service above the competitors'?",
     "relative quality index from the benchmark; perceived against expected in surveys"),
    ("satisfaction", "Do customers get at least what they expected?",
     "share of surveys graded satisfied or very satisfied"),
    ("retention", "Do customers stay?", "defection rate (1 - retention)"),
    ("value and success", "Do customers grow more profitable the longer they stay?",
     "profit per customer by year of relationship"),
]


def crm_phases() -> pd.DataFrame:
    """The phases of CRM as a chain (after Raab et al., 2008): each phase builds on the one
    before, ending in customer value and company success.

    Returns
    -------
    DataFrame with columns phase_no (1-5), phase, question, measure_in_the_data.

    Examples
    --------
    >>> crm_phases()["phase"].iloc[0]
    'customer orientation'
    """
    df = pd.DataFrame(_PHASES, columns=["phase", "question", "measure_in_the_data"])
    df.insert(0, "phase_no", np.arange(1, 6, dtype="int64"))
    return df
