"""The course's one definition of a fixable defection reason: why customers say they leave,
and which of those reasons the company can act on.

A reason is **fixable** when the company can change what made the customer leave: its prices
(a cheaper rival), its service (a failure it can repair) or its offer (a competitor's product
suited them better, and the range can improve). Moving away and no longer needing the
category are beyond its control. Lesson 01 counts the share of defections it could act on;
lesson 02 decides from the same rule whom to win back.
"""

from __future__ import annotations

import pandas as pd

from crm_lessons.errors import CRMDataError, require_columns, require_not_empty

_REASONS = [
    ("lower price elsewhere", True, "a competitor was cheaper",
     "a personal price match or loyalty discount, for valuable customers only"),
    ("service failure", True, "we let them down (late delivery, unanswered complaint)",
     "apologise, fix the problem, show what changed, a goodwill gesture"),
    ("found something better", True, "a competitor's product suits them better",
     "show what is new or improved in the range, with a sample of it"),
    ("moved away", False, "they now live where we do not deliver well",
     "nothing to fix; keep them on the newsletter if they agree"),
    ("no longer needed", False, "they stopped buying the category",
     "nothing to fix; let them go politely"),
]
#: The stated reasons the company can act on (price, service, its offer).
FIXABLE_REASONS = [r[0] for r in _REASONS if r[1]]


def defection_reasons() -> pd.DataFrame:
    """Each stated defection reason, whether the company can fix it, what it means and what a
    win-back attempt would offer.

    Examples
    --------
    >>> defection_reasons().query("fixable")["reason"].tolist()
    ['lower price elsewhere', 'service failure', 'found something better']
    """
    return pd.DataFrame(_REASONS, columns=["reason", "fixable", "meaning", "win_back_offer"])


def is_fixable(reasons: pd.Series) -> pd.Series:
    """True where a stated reason is one the company can fix (:data:`FIXABLE_REASONS`).

    Examples
    --------
    >>> is_fixable(pd.Series(["moved away", "found something better"])).tolist()
    [False, True]
    """
    if not isinstance(reasons, pd.Series):
        raise CRMDataError(f"is_fixable needs the column of reasons (a Series, e.g. "
                           f"defections['reason']), not {type(reasons).__name__}.")
    return reasons.astype(str).isin(FIXABLE_REASONS).rename("fixable")


def fixable_share(defections: pd.DataFrame) -> float:
    """Share of stated defections (0-1) whose reason the company can fix.

    Examples
    --------
    >>> d = pd.DataFrame({"reason": ["service failure", "moved away", "lower price elsewhere",
    ...                              "no longer needed"]})
    >>> fixable_share(d)
    0.5
    """
    require_not_empty(require_columns(defections, "defections", ["reason"]), "defections")
    return float(is_fixable(defections["reason"]).mean())
