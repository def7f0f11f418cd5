"""Lesson 06: wrong answers are rejected without giving the answer away, and the likely
slips of each exercise are named."""

import pandas as pd

from crm_lessons import capstone, clv, load_hospital
from crm_lessons.exercises import lesson06 as ex


def _champion(store):
    baseline = capstone.segment_baseline(store.orders, store.order_lines, store.products,
                                         store.tickets, store.end_date)
    return baseline.set_index("segment").loc["champions"]


# ---- champion_value: the discount rate as a fraction, discounted, no horizon -----------------

def test_champion_value_slips_are_named(shipped_store):
    c = _champion(shipped_store)
    assert ex.champion_value.check(clv.simple_clv(c["margin"], c["retention"], 0.10))
    percent = ex.champion_value.check(clv.simple_clv(c["margin"], c["retention"], 10))
    assert not percent and "10% is 0.10" in percent.message
    undiscounted = ex.champion_value.check(c["margin"] / (1 - c["retention"]))
    assert not undiscounted and "without discounting" in undiscounted.message
    five = ex.champion_value.check(clv.simple_clv(c["margin"], c["retention"], 0.10, 5))
    assert not five and "five years only" in five.message


# ---- full_partnership: a missing segment is counted, never named -----------------------------

def test_full_partnership_counts_a_missing_segment_without_naming_it(shipped_store):
    right = list(ex.full_partnership.expected())
    assert right and ex.full_partnership.check(right[::-1])
    result = ex.full_partnership.check(right[1:])
    assert not result and right[0] not in result.message


# ---- cheaper_acquisition: a rise, not a total; discount_rise: lower moves only ---------------

def test_the_new_total_and_a_reversed_sign_are_named(shipped_store):
    rise = ex.cheaper_acquisition.expected()
    assert rise > 0 and ex.cheaper_acquisition.check(rise)
    assert "sign is reversed" in ex.cheaper_acquisition.check(-rise).message


def test_counting_every_move_or_the_wrong_direction_is_named(shipped_store):
    assert ex.discount_rise.check(ex.discount_rise.expected())
    # the slips that coincide with the answer on the shipped data are skipped by the engine;
    # each message that can show is one of the named ones
    for exercise in (ex.cheaper_acquisition, ex.discount_rise):
        for wrong, message in exercise.slips:
            value = wrong(shipped_store)
            if value != exercise.expected():
                result = exercise.check(value)
                assert not result and message in result.message


# ---- robust_segments: segments, not rows ----------------------------------------------------

def test_robust_segments_names_the_fragile_count_and_the_row_count(shipped_store):
    n = ex.robust_segments.expected()
    assert ex.robust_segments.check(n)
    if 8 - n != n:   # on the shipped data the fragile and the robust count may coincide
        fragile = ex.robust_segments.check(8 - n)
        assert not fragile and "DO change" in fragile.message
    wrong, message = ex.robust_segments.slips[1]    # rows of sens, not segments
    rows = ex.robust_segments.check(wrong(shipped_store))
    assert not rows and message in rows.message


# ---- naive_returns and did_returns: the program hospital, the sign, the comparison ----------

def test_naive_and_did_returns_name_the_likely_slips():
    patients = load_hospital()
    prog = patients[patients["program_hospital"]]
    shares = prog.groupby("period", observed=True)["came_back"].mean()
    naive = shares["after"] - shares["before"]
    assert ex.naive_returns.check(naive)
    assert "sign is reversed" in ex.naive_returns.check(-naive).message
    other = patients[~patients["program_hospital"]].groupby("period", observed=True)[
        "came_back"].mean()
    wrong = ex.naive_returns.check(other["after"] - other["before"])
    assert "comparison hospital's change" in wrong.message
    did = ex.did_returns.expected()
    assert "also counts" not in ex.did_returns.check(did).message
    assert "naive before-and-after" in ex.did_returns.check(naive).message
    assert "sign is reversed" in ex.did_returns.check(-did).message
    assert "already takes away" in ex.naive_returns.check(did).message


# ---- choices: every option has its own feedback, and the answer is never named -------------

def test_top_area_feedback_never_names_the_answer_as_right():
    right = ex.top_area.expected()
    assert ex.top_area.check(right)
    assert ex.top_area.check(ex.AREA_OPTIONS[right])   # the area's name is accepted too
    for letter in ex.AREA_OPTIONS:
        if letter != right:
            msg = ex.top_area.check(letter).message
            assert "largest effect, not the largest naive change" in msg


def test_who_manages_and_quiz_options_each_have_their_own_feedback():
    for exercise in (ex.who_manages, ex.quiz_comparison, ex.quiz_elements):
        right = exercise.expected()
        messages = {exercise.check(letter).message for letter in exercise.rule.options
                    if letter != right}
        assert len(messages) == len(exercise.rule.options) - 1


def test_reflections_are_not_graded_but_want_enough_words():
    assert not ex.plan_rationale.graded and not ex.project_plan.graded
    assert not ex.plan_rationale.check("champions")
    assert isinstance(ex.plan_rationale.solution_code, str)
    assert pd.notna(ex.plan_rationale.question)
