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
    assert "incremental profit of €250" in text and "Break-even uplift: 0.020 (2.0 points)" in text
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


def test_calculator_agrees_with_campaign_profit_and_holds_out_of_range_seeds():
    from crm_lessons.attract import campaign_profit
    seed = dict(contacts=89, cost_per_contact=6.59, control_rate=0.05, treated_rate=0.0999,
                margin_per_response=14.85)
    box = explore.campaign_calculator(**seed)
    values = [c.value for c in box.children[:5]]
    assert values == [0.0999, 0.05, 6.59, 14.85, 89]  # nothing capped nor rounded
    r = campaign_profit(**seed)
    assert f"against a cost of €{r['cost']:,.0f}" in plain(box._repr_mimebundle_()["text/html"])
    assert f"({r['break_even_uplift'] * 100:.1f} points)" in plain(
        box._repr_mimebundle_()["text/html"])


def test_a_negative_uplift_reads_as_fewer_responses():
    text = explore.campaign_summary(1000, 0.5, 0.08, 0.05, 25.0)
    assert "30 fewer responses lose €750 of margin" in text and "€-" not in text
