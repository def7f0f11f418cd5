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


def test_discount_rise_asks_for_segments_not_shown_before_it(shipped_store):
    b, a, acq = ex._inputs(shipped_store)
    base = capstone.best_levels(capstone.plan_values(b, a, 0.10, acq))
    moves = capstone.level_changes(base, capstone.best_levels(
        capstone.plan_values(b, a, 0.20, acq)))
    lower = list(moves.index[moves["move"] == "lower"])
    assert lower and ex.discount_rise.check(lower[::-1])
    same = ex.discount_rise.check(list(moves.index[moves["move"] == "same"]))
    assert not same and "keep their level" in same.message
    # the worked example just above (levels 20% cheaper) shows other segments, moving up
    cheap = capstone.best_levels(capstone.plan_values(
        b, a.assign(cost_per_customer=a["cost_per_customer"] * 0.8), 0.10, acq))
    shown = capstone.level_changes(base, cheap)
    assert set(shown.index[shown["move"] == "higher"]) != set(lower)
    assert not ex.discount_rise.check(list(shown.index[shown["move"] == "higher"]))


def test_every_named_slip_of_the_plan_shows_its_message(shipped_store):
    # the slips that coincide with the answer on the shipped data are skipped by the engine;
    # each message that can show is one of the named ones
    for exercise in (ex.cheaper_acquisition, ex.discount_rise, ex.robust_segments):
        for wrong, message in exercise.slips:
            value = wrong(shipped_store)
            if not exercise.rule.same(value, exercise.expected()):
                result = exercise.check(value)
                assert not result and message in result.message


def test_a_rounded_rise_is_told_the_tolerance_in_words(shipped_store):
    rise = ex.cheaper_acquisition.expected()
    result = ex.cheaper_acquisition.check(round(rise, -3))
    assert not result and "of the exact value, 0.1% of its size" in result.message


# ---- robust_segments: the robust list, told apart from the fragile one ---------------------

def test_robust_segments_tells_the_fragile_list_and_the_unchanged_rows_apart(shipped_store):
    b, a, acq = ex._inputs(shipped_store)
    sens = capstone.plan_sensitivity(b, a, 0.10, acq)
    fragile = sorted(set(sens.loc[sens["changed"], "segment"]))
    robust = [s for s in sens["segment"].unique() if s not in fragile]
    assert robust and fragile and ex.robust_segments.check(robust[::-1])
    wrong = ex.robust_segments.check(fragile)
    assert not wrong and "DO change" in wrong.message
    rows = ex.robust_segments.check(sorted(set(sens.loc[~sens["changed"], "segment"])))
    assert not rows and "at least one unchanged row" in rows.message
    assert "> or >=" not in rows.message


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
    pooled = patients.groupby("period", observed=True)["came_back"].mean()
    both = ex.naive_returns.check(pooled["after"] - pooled["before"])
    assert not both and "both hospitals" in both.message
    did = ex.did_returns.expected()
    whole = ex.did_returns.check(capstone.did_interval(patients, "came_back"))
    assert not whole and 'result["name"]' in whole.message
    assert any("square brackets" in h for h in ex.did_returns.hints)
    assert "also counts" not in ex.did_returns.check(did).message
    assert "naive before-and-after" in ex.did_returns.check(naive).message
    assert "sign is reversed" in ex.did_returns.check(-did).message
    assert "already takes away" in ex.naive_returns.check(did).message


# ---- choices: every option has its own feedback, and the answer is never named -------------

def test_top_area_tells_the_naive_ranking_from_the_effect_ranking():
    effects = capstone.area_effects(load_hospital())
    places = effects[["naive_change", "effect"]].rank(ascending=False)
    right = ex.top_area.expected()
    assert ex.top_area.check(right)
    assert ex.top_area.check((places["effect"] - places["naive_change"]).idxmax())  # its name
    # the largest naive change is not the answer on this data, and is named as a slip
    top_naive = effects["naive_change"].idxmax()
    assert ex.AREA_OPTIONS[right] != top_naive
    naive = ex.top_area.check(top_naive)
    assert not naive and "largest naive change" in naive.message
    for letter in ex.AREA_OPTIONS:
        if letter != right:
            assert ex.AREA_OPTIONS[right] not in ex.top_area.check(letter).message


def test_the_model_answer_of_the_project_plan_names_no_level_the_data_never_picks(shipped_store):
    best = ex._best(shipped_store)
    for level in ("proactive", "accountable"):
        if level not in set(best["level"]):
            assert level not in ex.project_plan.solution_code


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


# ---- an edited assumptions table is named under a wrong answer --------------------------------

def test_an_edited_assumptions_table_is_named_under_a_wrong_answer(shipped_store, monkeypatch):
    """A student who changed `assumptions` in place gets answers the checks call wrong; the
    feedback says their table is not the lesson's. An untouched table adds no note, and a
    right answer never gets one."""
    import sys
    from types import SimpleNamespace

    from crm_lessons import attract

    lift = attract.campaign_lift(shipped_store.campaigns, shipped_store.contacts, by=None,
                                 campaign_type="retention")["lift"].iloc[0]
    built = capstone.level_assumptions(lift)
    shell = SimpleNamespace(user_ns={"assumptions": built.copy()})
    monkeypatch.setitem(sys.modules, "IPython", SimpleNamespace(get_ipython=lambda: shell))
    right = list(ex.full_partnership.expected())
    wrong = right[1:]
    untouched = ex.full_partnership.check(wrong)
    assert not untouched and "not what the lesson built" not in untouched.message
    shell.user_ns["assumptions"] = built.assign(cost_per_customer=built["cost_per_customer"] * 3)
    edited = ex.full_partnership.check(wrong)
    assert not edited and "`assumptions` is not what the lesson built" in edited.message
    assert "copy" in edited.note
    assert "not what the lesson built" not in ex.full_partnership.check(right).message
    shell.user_ns["acq_cost"] = "a lot"                       # not a number at all
    both = ex.cheaper_acquisition.check(1.0)
    assert "`assumptions` and `acq_cost` are not" in both.message
