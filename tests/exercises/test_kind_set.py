"""The set kind (crm_lessons/exercises/kinds/set.py)."""

import re

import numpy as np
import pandas as pd
import pytest
import tiny_exercises as tiny

pytestmark = pytest.mark.usefixtures("tiny_store")


def _names(message, item):
    """Whether the feedback (before its pointer to the hint) names `item`, the count aside."""
    text = message.split("Stuck?")[0].replace("leaves out 1 item", "")
    return re.search(rf"\b{re.escape(str(item))}\b", text) is not None


def _short(value):
    """A short test id (an integer of 400 digits would make a very long one)."""
    return repr(value)[:24]


# ---- sets and lists --------------------------------------------------------------------------

def test_set_ignores_order_and_accepts_pandas_and_numpy():
    ref = tiny.big_spenders.expected()
    assert tiny.big_spenders.check(ref[::-1])
    assert tiny.big_spenders.check(set(ref))
    assert tiny.big_spenders.check(pd.Index(ref))
    assert tiny.big_spenders.check(np.array(ref, dtype="float64"))


def test_set_counts_missing_items_by_default_and_names_the_students_extras():
    ref = tiny.big_spenders.expected()
    result = tiny.big_spenders.check(ref[1:] + [99])
    assert not result and "leaves out 1 item." in result.message
    assert "should not include 99." in result.message      # the student's own extra is named
    assert not _names(result.message, ref[0])              # the missing item is not given away
    only_missing = tiny.big_spenders.check(ref[1:])
    assert not only_missing and "leaves out 1 item." in only_missing.message
    assert not _names(only_missing.message, ref[0])


def test_the_default_message_ends_with_advice_and_an_exercise_can_give_its_own():
    from crm_lessons.exercises.kinds import SetKind, Unnamed
    from crm_lessons.exercises.kinds.set import DEFAULT_ADVICE

    assert SetKind().compare(["a"], ["a", "b"]).message.endswith(DEFAULT_ADVICE)
    own = SetKind(unnamed=Unnamed(noun="channel", advice="Check the index."))
    message = own.compare(["a"], ["a", "b", "c"]).message
    assert message == "Your list leaves out 2 channels. Check the index."


def test_missing_items_are_named_only_when_an_exercise_asks_for_it():
    from crm_lessons.exercises.kinds import SetKind

    result = SetKind(name_missing=True).compare(["a", "z"], ["a", "b"])
    assert not result.correct
    assert "missing 1 item: 'b'" in result.message and "'z'" in result.message
    assert SetKind(name_missing=True).compare(["b", "a"], ["a", "b"]).correct


def test_the_count_is_right_for_a_wrong_list_of_any_size():
    from crm_lessons.exercises.kinds import SetKind

    kind = SetKind()
    assert not kind.compare([], ["a", "b"]).correct
    assert "leaves out 2 items." in kind.compare(["c"], ["a", "b"]).message
    assert "leaves out" not in kind.compare(["a", "b", "c"], ["a", "b"]).message
    assert "should not include 'c'." in kind.compare(["a", "b", "c"], ["a", "b"]).message


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


# ---- an answer read once; an endless iterator; missing values and huge numbers -------------

def test_an_iterator_is_read_once_so_slips_still_apply():
    from crm_lessons.exercises.by_kind import SetExercise

    ex = SetExercise(lesson="99", name="slipset", question="q?", expected=lambda s: [1, 2],
                     solution="answer = [1, 2]", hint="h",
                     slips=[(lambda s: [1, 3], "You took 3 for 2.")])
    result = ex.check(iter([1, 3]))
    assert not result and "You took 3 for 2." in result.message
    assert ex.check(map(int, ["1", "2"]))
    assert ex.check(x for x in (2, 1))


def test_proactive_tasks_accepts_a_map_and_does_not_name_the_answer(tiny_store):
    from crm_lessons.exercises import lesson01

    right = lesson01.proactive_tasks.expected()
    assert lesson01.proactive_tasks.check(map(int, [str(t) for t in right]))
    missing = lesson01.proactive_tasks.check(map(int, [str(t) for t in right[1:]]))
    assert not missing and "leaves out 1 proactive task" in missing.message
    assert str(right[0]) not in missing.message.split("Stuck?")[0]


def test_an_endless_iterator_is_capped_with_a_message():
    import itertools

    from crm_lessons.exercises.kinds import SetKind
    from crm_lessons.exercises.kinds.reading import MAX_ITEMS

    for exercise in (tiny.big_spenders, tiny.n_customers, tiny.channel_summary):
        result = exercise.check(itertools.count())
        assert result.status == "incorrect" and f"{MAX_ITEMS:,}" in result.message
    assert f"first {MAX_ITEMS:,}" in SetKind().compare(itertools.count(), [1]).message
    assert "raised ZeroDivisionError" in tiny.big_spenders.check(1 // x for x in (1, 0)).message


@pytest.mark.parametrize("answer, words", [
    ([1, pd.NA], "missing value"), ([1, float("nan"), 3], "missing value"),
    (float("inf"), "single value"), (10 ** 400, "single value"), ([10 ** 400], "1.000000e+400"),
], ids=_short)
def test_set_gives_real_messages_for_odd_values(answer, words):
    result = tiny.big_spenders.check(answer)
    assert result.status == "incorrect" and words in result.message, result.message


def test_lesson01_set_with_pd_na_and_inf_gets_real_messages(tiny_store):
    from crm_lessons.exercises import lesson01

    for answer in ([5, 6, pd.NA], float("inf"), 10 ** 400):
        result = lesson01.proactive_tasks.check(answer)
        assert result.status == "incorrect" and "checker hit" not in result.message, answer


def test_a_list_of_ids_where_names_are_wanted_is_told_so():
    from crm_lessons.exercises.kinds.set import SetKind

    kind = SetKind()
    verdict = kind.compare([24, 23], ["Cold brew jar", "Digital coffee scale"])
    assert not verdict.correct and "wants names" in verdict.message
    assert kind.compare(["cold brew jar", "Digital coffee scale"],
                        ["Cold brew jar", "Digital coffee scale"]).correct
    assert "wants names" not in kind.compare([1, 2], [1, 3]).message
