"""The plan explorer of lesson 06: its pure function, and a widget whose first control is the
discount rate and whose static result follows the sliders."""

import re

import matplotlib

matplotlib.use("Agg")

import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from crm_lessons import explore  # noqa: E402
from crm_lessons.capstone import level_assumptions  # noqa: E402
from crm_lessons.errors import CRMDataError  # noqa: E402

BASE = pd.DataFrame({"segment": ["big", "small"], "customers": [10, 100],
                     "retention": [0.8, 0.5], "margin": [100.0, 10.0]})


def shown(box) -> str:
    return re.sub(r"<[^>]+>", "", box._repr_mimebundle_()["text/html"])


def test_plan_for_scales_costs_and_gains_and_says_the_total():
    values, best, text = explore.plan_for(BASE, level_assumptions(), 0.10, 0)
    assert best["level"].tolist()[1] == "basic"
    assert text.startswith("Costs x1.0, gains x1.0, discount rate 10%, acquisition €0")
    assert "the customer base is worth €" in text.lower()
    assert "The plan: " in text and "big" in text and "small" in text   # segments named
    # free levels make the richest one pay everywhere
    _, free, _ = explore.plan_for(BASE, level_assumptions(), 0.10, 0, cost_scale=0)
    assert set(free["level"]) == {"full partnership"}
    with pytest.raises(CRMDataError, match="cost_scale"):
        explore.plan_for(BASE, level_assumptions(), 0.10, 0, cost_scale=-1)


def test_moving_the_first_slider_changes_what_the_explorer_shows():
    box = explore.plan_explorer(BASE, level_assumptions(), 0.10, 20)
    first = box.children[0]
    assert "discount rate" in first.description
    before = shown(box)
    first.value = 0.25
    after = shown(box)
    assert before != after and "discount rate 25%" in after
    acq = box.children[1]
    assert acq.value == 20 and 10 in [acq.min + k * acq.step for k in range(6)]  # halving: 5 steps


def test_moving_a_slider_keeps_one_figure_open():
    import matplotlib.pyplot as plt

    plt.close("all")
    box = explore.plan_explorer(BASE, level_assumptions(), 0.10, 20)
    for value in (0.12, 0.14, 0.16):
        box.children[0].value = value
    assert len(plt.get_fignums()) == 0
