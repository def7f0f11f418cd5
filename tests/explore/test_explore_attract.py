"""The campaign calculator of lesson 03: its sentence, and a widget whose first control is the
treated response rate and whose result changes when it moves."""

import re

import pytest

from crm_lessons import explore
from crm_lessons.errors import CRMDataError


def plain(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html)


def test_summary_states_profit_and_break_even():
    text = explore.campaign_summary(1000, 0.5, 0.05, 0.08, 25.0)
    assert "incremental profit of €250" in text and "Break-even uplift: 2.0 points" in text
    with pytest.raises(CRMDataError, match="control_rate"):
        explore.campaign_summary(1000, 0.5, 5, 0.08, 25.0)


def test_moving_the_first_slider_changes_the_static_result():
    box = explore.campaign_calculator(1000, 0.5, 0.05, 0.08, 25.0)
    first = box.children[0]
    assert first.description == "treated response rate"
    before = plain(box._repr_mimebundle_()["text/html"])
    assert "incremental profit of €250" in before
    first.value = 0.05
    after = plain(box._repr_mimebundle_()["text/html"])
    assert "incremental loss of €500" in after and after != before
