"""The explorers of lesson 05: their pure sentences, and widgets whose first control changes
the result."""

import re

import matplotlib

matplotlib.use("Agg")

import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from crm_lessons import explore  # noqa: E402
from crm_lessons.errors import CRMDataError  # noqa: E402

FATIGUE = pd.DataFrame({"contacts_in_year": [1, 2, 3], "response_rate": [0.1, 0.1, 0.1],
                        "unsubscribe_rate": [0.0, 0.01, 0.1], "complaint_rate": [0.0, 0.0, 0.0]})


def shown(box) -> str:
    return re.sub(r"<[^>]+>", "", box._repr_mimebundle_()["text/html"])


def test_clv_sentence_uses_the_package_formula():
    assert "worth €333" in explore.clv_summary(100, 0.8, 0.1)       # 100 / (1.1 - 0.8)


def test_clv_explorer_first_slider_moves_the_value():
    box = explore.clv_explorer(margin=100, retention=0.8, discount_rate=0.1)
    before = shown(box)
    box.children[0].value = 0.5
    assert shown(box) != before and "worth €167" in shown(box)       # 100 / (1.1 - 0.5)
    with pytest.raises(CRMDataError, match="retention"):
        explore.clv_explorer(retention=2)


def test_cap_explorer_best_cap_follows_the_value_lost():
    box = explore.cap_explorer(FATIGUE, value_per_response=10, value_per_unsubscribe=50,
                               cost_per_complaint=0)
    assert "best cap is 2 contacts" in shown(box)
    box.children[0].value = 0
    assert "best cap is 3 contacts" in shown(box)
    with pytest.raises(CRMDataError, match="response_rate"):
        explore.cap_explorer(FATIGUE.drop(columns="response_rate"))


def test_cap_summary_sends_nothing_when_no_cap_pays_and_counts_in_words():
    from crm_lessons.explore.develop import cap_summary

    assert cap_summary(pd.DataFrame({"cap": [1, 2], "net_value": [-0.34, -0.9]})).startswith(
        "No cap pays")
    assert "1 contact a year" in cap_summary(pd.DataFrame({"cap": [1, 2],
                                                           "net_value": [0.5, 0.2]}))


def test_cap_summary_names_the_missing_column_and_an_empty_table():
    from crm_lessons.explore.develop import cap_summary

    with pytest.raises(CRMDataError, match="cap_value has no column 'net_value'"):
        cap_summary(pd.DataFrame({"cap": [1, 2]}))
    with pytest.raises(CRMDataError, match="cap_value is empty"):
        cap_summary(pd.DataFrame({"cap": [], "net_value": []}))
