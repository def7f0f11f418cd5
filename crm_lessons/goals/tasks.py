"""The kinds of CRM work (operational, collaborative, analytical; proactive or reactive): the
lesson's teaching table of real tasks and their grid.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from crm_lessons.errors import (
    CRMDataError,
    require_columns,
)

CRM_TYPES = ["operational", "collaborative", "analytical"]
CRM_STANCES = ["proactive", "reactive"]

_TASKS = [
    # (task, type, stance)
    ("A call-centre adviser sees a caller's last orders on screen before saying hello",
     "operational", "reactive"),
    ("The shop e-mails a reminder to order beans three weeks after the last bag was bought",
     "operational", "proactive"),
    ("A courier's delivery problem is logged so the web shop, the phone line and the "
     "courier all see it", "collaborative", "reactive"),
    ("Marketing and the roastery share a calendar so a promotion never runs when stock is low",
     "collaborative", "proactive"),
    ("Unasked, an analyst scores every customer on recency, frequency and spend to pick "
     "whom to contact next", "analytical", "proactive"),
    ("A model flags customers likely to leave so they get a call before they do",
     "analytical", "proactive"),
    ("A complaint about a broken grinder is answered and a replacement sent",
     "operational", "reactive"),
    ("Sales staff log every visit to a café customer so any colleague can pick up the "
     "account", "collaborative", "proactive"),
    ("After a wave of complaints, the team studies which topics drive defections",
     "analytical", "reactive"),
    ("A wholesale partner's orders flow straight into the shop's system through a shared "
     "portal", "collaborative", "reactive"),
    ("A loyalty member's birthday triggers a free sample in the next parcel", "operational",
     "proactive"),
    ("When a campaign's replies come in, the team compares them with a hold-out group",
     "analytical", "reactive"),
]


def crm_tasks(hide: Sequence[int] = ()) -> pd.DataFrame:
    """Real CRM tasks with their kind of CRM and their stance: the lesson's teaching table.

    **Operational** CRM runs the daily contact with customers (sales, service, marketing
    actions); **collaborative** CRM makes departments and partners share what they know about
    a customer; **analytical** CRM studies the data to decide whom to serve and how. A task is
    **proactive** when the company moves first, **reactive** when it answers the customer or
    an event.

    Parameters
    ----------
    hide : sequence of int, optional
        Task ids whose crm_type and stance are left empty (NaN): a worksheet for tasks the
        student classifies, so the labels are not on screen before they are asked for.

    Returns
    -------
    DataFrame with columns task_id (1, 2, ...), task, crm_type, stance.

    Examples
    --------
    >>> crm_tasks()["crm_type"].value_counts().to_dict()["analytical"]
    4
    >>> crm_tasks(hide=[5, 6]).loc[3:6, "crm_type"].isna().tolist()
    [False, True, True, False]
    """
    df = pd.DataFrame(_TASKS, columns=["task", "crm_type", "stance"])
    df.insert(0, "task_id", np.arange(1, len(df) + 1, dtype="int64"))
    df["crm_type"] = pd.Categorical(df["crm_type"], categories=CRM_TYPES)
    df["stance"] = pd.Categorical(df["stance"], categories=CRM_STANCES)
    hidden = df["task_id"].isin(list(hide))
    df.loc[hidden, ["crm_type", "stance"]] = np.nan
    return df


def crm_task_grid(tasks: pd.DataFrame) -> pd.DataFrame:
    """Count tasks by kind of CRM (rows) and stance (columns).

    Examples
    --------
    >>> int(crm_task_grid(crm_tasks()).loc["operational", "proactive"])
    2
    """
    tasks = require_columns(tasks, "tasks", ["crm_type", "stance"])
    bad = tasks.loc[~tasks["crm_type"].astype(str).isin(CRM_TYPES), "crm_type"]
    if len(bad):
        raise CRMDataError(f"tasks.crm_type has the value {bad.iloc[0]!r}; use one of "
                           f"{', '.join(CRM_TYPES)}.")
    bad = tasks.loc[~tasks["stance"].astype(str).isin(CRM_STANCES), "stance"]
    if len(bad):
        raise CRMDataError(f"tasks.stance has the value {bad.iloc[0]!r}; use one of "
                           f"{', '.join(CRM_STANCES)}.")
    grid = pd.crosstab(pd.Categorical(tasks["crm_type"].astype(str), categories=CRM_TYPES),
                       pd.Categorical(tasks["stance"].astype(str), categories=CRM_STANCES),
                       dropna=False)
    grid.index.name = "crm_type"
    grid.columns.name = "stance"
    return grid.astype("int64")
