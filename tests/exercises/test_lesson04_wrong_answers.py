"""Lesson 04: the likely slips of each exercise are named, and wrong answers are rejected
without giving the answer away. Each slip is computed the way a student would write it from
the lesson's tables."""

import pandas as pd
import pytest

from crm_lessons import retain
from crm_lessons.exercises import lesson04 as ex


def _rejected(exercise, answer, words):
    result = exercise.check(answer)
    assert not result, (exercise.id, answer)
    assert words in result.message, (exercise.id, result.message)
    return result.message


def test_silent_year_names_the_wrong_threshold_and_the_other_side(shipped_store):
    s = shipped_store
    right = retain.silent_defection_rate(s.orders, s.end_date, days=365)
    assert ex.silent_year.check(right) and ex.silent_year.check(round(right, 3))
    _rejected(ex.silent_year, retain.silent_defection_rate(s.orders, s.end_date, 180), "180 days")
    _rejected(ex.silent_year, 1 - right, "the other side")
    _rejected(ex.silent_year, 100 * right, "100")


def test_cohort_month3_names_period_0_the_off_by_one_and_the_wrong_cohort(shipped_store):
    matrix = retain.retention_matrix(shipped_store.orders, shipped_store.end_date)
    assert ex.cohort_month3.check(matrix.loc["2023-07", 3])
    _rejected(ex.cohort_month3, matrix.loc["2023-07", 0], "period 0")
    _rejected(ex.cohort_month3, matrix.loc["2023-07", 2], "column 2, one month too early")
    _rejected(ex.cohort_month3, matrix.loc["2023-07", 4], "one month too late")
    _rejected(ex.cohort_month3, matrix.loc["2023-10", 3], "October 2023")


@pytest.mark.parametrize("seed", [7, 1234])
def test_cohort_month3_neighbouring_periods_differ_on_other_seeds(seed):
    from crm_lessons.data import load_store

    s = load_store(seed=seed)
    row = retain.retention_matrix(s.orders, s.end_date).loc["2023-07"]
    assert min(abs(row[3] - row[2]), abs(row[3] - row[4])) > 0.005


def test_best_channel_every_wrong_channel_gets_advice_without_the_answer(shipped_store):
    right = ex.best_channel.expected()
    for letter in ex.slips.CHANNEL_OPTIONS:
        if letter != right:
            message = _rejected(ex.best_channel, letter, "column 12")
            assert ex.slips.CHANNEL_OPTIONS[right] not in message


def test_recommend_by_grade_names_the_wrong_column_and_the_median(shipped_store):
    graded = shipped_store.surveys.assign(
        satisfaction=shipped_store.surveys["satisfaction"].astype(str))
    by = graded.groupby("satisfaction")
    assert ex.recommend_by_grade.check(by["recommend"].mean())
    _rejected(ex.recommend_by_grade, by["perceived"].mean(), "recommend column")
    _rejected(ex.recommend_by_grade, by["recommend"].median(), "median")
    _rejected(ex.recommend_by_grade, by["expectation"].mean(), "expectation column")
    _rejected(ex.recommend_by_grade, by["recommend"].sum(), "adds up the scores")
    _rejected(ex.recommend_by_grade, by["recommend"].mean().round(2), "rounded to 2 decimals")
    assert "by gap" not in " ".join(ex.recommend_by_grade.hints)


_FORMULAS = {"kept_revenue": "rate unresolved -", "programme_effect": "member after -",
             "naive_rate": "** (1 /", "fixable_value": "Add up", "reached_value": "Add up",
             "prospects_climbed": "Add the", "top_tenth_churn": "average churned"}


@pytest.mark.parametrize("name", sorted(_FORMULAS))
def test_fallback_advice_names_the_idea_not_the_computation(shipped_store, name):
    message = _rejected(getattr(ex, name), -12345.0, "not right yet")
    assert _FORMULAS[name] not in message


def test_kept_revenue_names_customers_for_euros_and_the_missing_baseline(shipped_store):
    c = retain.complaint_value(shipped_store.customers, shipped_store.defections,
                               shipped_store.tickets, shipped_store.orders,
                               shipped_store.end_date)
    gap = c["defection_unresolved"] - c["defection_resolved"]
    assert ex.kept_revenue.check(gap * c["unresolved_customers"] * c["revenue_per_year"])
    _rejected(ex.kept_revenue, gap * c["unresolved_customers"], "number of customers kept")
    _rejected(ex.kept_revenue, c["defection_unresolved"] * c["unresolved_customers"]
              * c["revenue_per_year"], "Subtract the resolved")


def test_pareto_reasons_counts_a_missing_reason_without_naming_it(shipped_store):
    right = list(ex.pareto_reasons.expected())
    assert ex.pareto_reasons.check(right[::-1])
    for missing in right:
        message = _rejected(ex.pareto_reasons, [r for r in right if r != missing],
                            "leaves out 1 reason")
        assert missing not in message


def test_fixable_value_names_the_share_the_count_and_the_unfixable_side(shipped_store):
    pareto = retain.reason_pareto(shipped_store.defections, shipped_store.orders,
                                  shipped_store.end_date)
    fixable = pareto[pareto["fixable"]]
    assert ex.fixable_value.check(fixable["lost_value"].sum())
    _rejected(ex.fixable_value, fixable["value_share"].sum(), "lost_value column")
    _rejected(ex.fixable_value, fixable["defectors"].sum(), "counts the defectors")
    _rejected(ex.fixable_value, pareto.loc[~pareto["fixable"], "lost_value"].sum(),
              "cannot win back")
    _rejected(ex.fixable_value, pareto["lost_value"].sum(), "all the lost value")
    # no longer on screen: the running value share that pareto_reasons builds
    assert not ex.fixable_value.check(pareto["value_share"].cumsum().iloc[2])


def test_threshold_explorer_reaches_the_days_the_exercises_name():
    from crm_lessons.explore.retain import THRESHOLDS

    assert {90, 180, 365}.issubset(THRESHOLDS)
    assert all((d - 30) % 5 == 0 for d in (90, 180, 365))


def test_programme_effect_names_the_members_change_alone_and_the_after_gap(shipped_store):
    means = ex.matched_means(shipped_store)
    member = means["member", "after"] - means["member", "before"]
    twins = means["matched", "after"] - means["matched", "before"]
    assert ex.programme_effect.check(member - twins)
    _rejected(ex.programme_effect, member, "members' change alone")
    _rejected(ex.programme_effect, means["member", "after"] - means["matched", "after"],
              "after joining only")
    _rejected(ex.programme_effect, twins - member, "sign the other way round")


def test_top_tenth_churn_names_all_customers_and_the_wrong_end(shipped_store):
    scored = ex.scored_customers(shipped_store)
    n = round(len(scored) / 10)
    top = scored.sort_values("risk", ascending=False).head(n)
    assert ex.top_tenth_churn.check(top["churned"].mean())
    _rejected(ex.top_tenth_churn, scored["churned"].mean(), "all the test customers")
    _rejected(ex.top_tenth_churn, scored.sort_values("risk").head(n)["churned"].mean(),
              "ascending=False")
    _rejected(ex.top_tenth_churn, top["risk"].mean(), "what the model predicted")


def test_reached_value_names_every_customer_and_revenue_without_risk(shipped_store):
    risk_list = ex.at_risk(shipped_store)
    reached = risk_list[risk_list["reached"]]
    assert ex.reached_value.check(reached["value_at_stake"].sum())
    _rejected(ex.reached_value, risk_list["value_at_stake"].sum(), "every test customer")
    _rejected(ex.reached_value, reached["yearly_revenue"].sum(), "Weigh each by the risk")


def test_the_at_risk_list_values_customers_on_orders_before_the_cutoff_only(shipped_store):
    later = shipped_store.orders["order_date"] > pd.Timestamp(ex.CHURN_CUTOFF)
    assert later.any()
    value = ex.at_risk(shipped_store)["yearly_revenue"]
    before = shipped_store.orders[~later]
    again = retain.yearly_revenue(before, ex.CHURN_CUTOFF).reindex(value.index).fillna(0.0)
    pd.testing.assert_series_equal(value, again, check_names=False)


def test_prospects_climbed_names_one_time_customers_and_every_row(shipped_store):
    moves = retain.ladder_moves(shipped_store.customers, shipped_store.orders,
                                shipped_store.end_date)
    assert ex.prospects_climbed.check(moves.loc["prospect", ["repeat customer",
                                                             "advocate"]].sum())
    _rejected(ex.prospects_climbed, moves.loc["prospect", ["customer", "repeat customer",
                                                           "advocate"]].sum(),
              "one-time customers")
    _rejected(ex.prospects_climbed, moves[["repeat customer", "advocate"]].sum().sum(),
              "prospect row only")


def test_naive_rate_names_the_mean_rate_the_whole_run_and_the_period_count(shipped_store):
    cohort = retain.renewal_survivors(shipped_store.subscriptions, shipped_store.end_date)
    s = cohort["active"]
    assert ex.naive_rate.check((s.iloc[-1] / s.iloc[0]) ** (1 / (len(s) - 1)))
    _rejected(ex.naive_rate, cohort["retention_rate"].mean(), "averages the month-by-month")
    _rejected(ex.naive_rate, s.iloc[-1] / s.iloc[0], "not per month")
    _rejected(ex.naive_rate, (s.iloc[-1] / s.iloc[0]) ** (1 / len(s)), "one fewer")


@pytest.mark.parametrize("name", ["quiz_retention", "quiz_leakage", "quiz_sbg",
                                  "threshold_moves"])
def test_every_wrong_option_of_a_choice_has_its_own_feedback(name):
    exercise = getattr(ex, name)
    right = exercise.expected()
    messages = [exercise.check(letter).message for letter in exercise.rule.options
                if letter != right]
    assert len(set(messages)) == len(messages)


def test_pareto_reasons_does_not_ask_for_an_order_it_does_not_check():
    assert "largest first" not in ex.pareto_reasons.question


def test_keep_plan_rejects_one_word_repeated():
    assert not ex.keep_plan.check("blah " * 30)


def test_quiz_sbg_option_c_feedback_agrees_with_the_lesson():
    message = _rejected(ex.quiz_sbg, "C", "Members differ")
    assert "single rate would do" not in message
