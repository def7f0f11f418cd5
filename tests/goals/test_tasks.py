"""Tests of crm_lessons.goals.tasks: the kinds of CRM work."""

import pandas as pd
import pytest

from crm_lessons import goals
from crm_lessons.errors import CRMDataError


def test_crm_tasks_cover_every_type_and_stance():
    tasks = goals.crm_tasks()
    assert tasks["task_id"].tolist() == list(range(1, len(tasks) + 1))
    grid = goals.crm_task_grid(tasks)
    assert (grid > 0).all().all(), "each type should have proactive and reactive examples"
    assert grid.to_numpy().sum() == len(tasks)


def test_hidden_tasks_keep_their_text_but_lose_their_labels():
    tasks, sheet = goals.crm_tasks(), goals.crm_tasks(hide=[5, 7])
    assert sheet["task"].tolist() == tasks["task"].tolist()
    hidden = sheet["task_id"].isin([5, 7])
    assert sheet.loc[hidden, ["crm_type", "stance"]].isna().all().all()
    assert sheet.loc[~hidden, "crm_type"].equals(tasks.loc[~hidden, "crm_type"])
    assert (goals.crm_task_grid(sheet[~hidden]).to_numpy().sum()) == len(tasks) - 2


def test_crm_task_grid_rejects_an_unknown_label():
    bad = pd.DataFrame({"crm_type": ["operational", "strategic"], "stance": ["reactive"] * 2})
    with pytest.raises(CRMDataError, match="'strategic'"):
        goals.crm_task_grid(bad)
