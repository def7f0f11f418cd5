"""The four elements of CRM, in the order a relationship goes through them.
"""

from __future__ import annotations

import pandas as pd

FOUR_ELEMENTS = ["identification", "attraction", "retention", "development"]


def crm_elements() -> pd.DataFrame:
    """The four elements of CRM in the order a relationship goes through them, with the
    question each answers, typical tools and the lesson of the course that covers it.

    Examples
    --------
    >>> crm_elements()["element"].tolist()
    ['identification', 'attraction', 'retention', 'development']
    """
    return pd.DataFrame({
        "element": FOUR_ELEMENTS,
        "question": [
            "Who are our customers, and which of them matter most?",
            "How do we win the people who look like our best customers?",
            "How do we keep the customers we have, and keep them satisfied?",
            "How do we make each relationship grow: more categories, more value?",
        ],
        "tools": [
            "segmentation, market research, target-group analysis",
            "targeted campaigns, offers, referral programs",
            "loyalty programs, service recovery, one-to-one contact",
            "cross-selling, up-selling, customer lifetime value",
        ],
        "lesson": ["02", "03", "04", "05"],
    })
