"""The set kind (crm_lessons/exercises/kinds/set.py)."""

import numpy as np
import pandas as pd
import pytest
import tiny_exercises as tiny

pytestmark = pytest.mark.usefixtures("tiny_store")


# ---- sets and lists --------------------------------------------------------------------------

def test_set_ignores_order_and_accepts_pandas_and_numpy():
    ref = tiny.big_spenders.expected()
    assert tiny.big_spenders.check(ref[::-1])
    assert tiny.big_spenders.check(set(ref))
    assert tiny.big_spenders.check(pd.Index(ref))
    assert tiny.big_spenders.check(np.array(ref, dtype="float64"))


def test_set_names_missing_and_extra_items():
    ref = tiny.big_spenders.expected()
    result = tiny.big_spenders.check(ref[1:] + [99])
    assert not result and f"missing 1 item: {ref[0]}" in result.message
    assert "99" in result.message and "should not be there" in result.message


def test_set_flags_duplicates():
    ref = tiny.big_spenders.expected()
    assert "more than once" in tiny.big_spenders.check(ref + ref[:1]).message


def test_ordered_list_checks_the_order_and_ignores_case():
    assert tiny.channel_rank.check(["Search", " email", "REFERRAL"])
    result = tiny.channel_rank.check(["email", "search", "referral"])
    assert not result and "not in the right order" in result.message
    assert "no order" in tiny.channel_rank.check({"search", "email", "referral"}).message


@pytest.mark.parametrize("answer, words", [
    ("1, 3, 6", "in a list"), (None, "None"), (5, "single value"),
    (pd.DataFrame({"a": [1]}), "tolist()"), ({1: 2}, "dict"), ([[1, 2]], "flat list"),
])
def test_set_explains_wrong_types(answer, words):
    result = tiny.big_spenders.check(answer)
    assert not result and words in result.message



def test_missing_items_can_be_counted_without_being_named():
    from crm_lessons.exercises.kinds import SetKind, Unnamed

    kind = SetKind(unnamed=Unnamed(noun="proactive task", asked=[1, 2, 3, 4],
                                   asked_note="Only tasks 1 to 4.", numbers_note="No quotes.",
                                   advice="Who moves first?"))
    missing = kind.compare([1], [1, 3])
    assert not missing.correct and "leaves out 1 proactive task." in missing.message
    assert "3" not in missing.message and missing.message.endswith("Who moves first?")
    assert "should not include 9. Only tasks 1 to 4." in kind.compare([1, 3, 9], [1, 3]).message
    assert "'3'. No quotes." in kind.compare([1, "3"], [1, 3]).message
    assert kind.compare([3, 1], [1, 3]).correct
