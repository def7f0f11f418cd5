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


def test_crm_task_grid_rejects_an_unknown_label():
    bad = pd.DataFrame({"crm_type": ["operational", "strategic"], "stance": ["reactive"] * 2})
    with pytest.raises(CRMDataError, match="'strategic'"):
        goals.crm_task_grid(bad)
