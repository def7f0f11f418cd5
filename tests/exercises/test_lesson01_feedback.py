"""Lesson 01's own feedback: classification answers are not given away, and the lesson's
likely slips get a message that names them.

Each test runs against the shipped store (the reference answers follow the data).
"""

import pytest

from crm_lessons import goals
from crm_lessons.exercises import lesson01 as ex


@pytest.fixture(autouse=True)
def _not_strict(monkeypatch):
    """These tests give wrong answers on purpose: a wrong answer must not raise."""
    monkeypatch.delenv("CRM_LESSONS_STRICT", raising=False)


@pytest.fixture(scope="module")
def store(shipped_store):
    return shipped_store


def _quiz_answer():
    tasks = goals.crm_tasks()
    quiz = tasks.loc[tasks["task_id"].isin(ex.QUIZ_TASKS), ["task_id", "task"]]
    right = tasks.loc[tasks["task_id"].isin(ex.QUIZ_TASKS), "crm_type"].astype(str).tolist()
    return quiz, right


def test_task_types_names_the_wrong_task_but_not_its_label(store):
    quiz, right = _quiz_answer()
    wrong = list(right)
    other = next(t for t in ("operational", "collaborative", "analytical") if t != right[2])
    wrong[2] = other
    result = ex.task_types.check(quiz.assign(crm_type=wrong))
    assert not result
    assert "task 7" in result.message
    assert right[2] not in result.message  # the right label stays for the student to find


def test_task_types_accepts_the_rows_in_any_order(store):
    quiz, right = _quiz_answer()
    answer = quiz.assign(crm_type=right).sort_values("task_id", ascending=False)
    assert ex.task_types.check(answer)


def test_task_types_reads_capitalised_labels_and_asks_for_lower_case(store):
    quiz, right = _quiz_answer()
    result = ex.task_types.check(quiz.assign(crm_type=[r.title() for r in right]))
    assert result and "lower case" in result.message
    wrong = [r.title() for r in right]
    wrong[2] = next(t for t in ("Operational", "Collaborative", "Analytical") if t != wrong[2])
    result = ex.task_types.check(quiz.assign(crm_type=wrong))  # a wrong label stays wrong
    assert not result and "task 7" in result.message and "lower case" in result.message


def test_proactive_tasks_counts_a_missing_task_without_naming_it(store):
    right = ex.proactive_tasks.expected()
    result = ex.proactive_tasks.check(list(right)[1:])
    assert not result
    assert "leaves out 1 proactive task" in result.message
    assert str(list(right)[0]) not in result.message


def test_proactive_tasks_names_a_task_that_does_not_belong(store):
    right = list(ex.proactive_tasks.expected())
    reactive = next(t for t in ex.QUIZ_TASKS if t not in right)
    result = ex.proactive_tasks.check(right + [reactive])
    assert not result
    assert f"should not include {reactive}" in result.message


def test_cost_ratio_divided_the_wrong_way_is_named(store):
    ratio = ex.cost_ratio.expected()
    result = ex.cost_ratio.check(1 / ratio)
    assert not result
    assert "other way round" in result.message


def test_ticket_count_instead_of_customer_count_is_named(store):
    result = ex.customers_with_tickets_sql.check("SELECT COUNT(*) FROM tickets")
    assert not result
    assert "number of tickets" in result.message


def test_ticket_advocate_share_is_not_the_overall_share(store):
    overall = goals.advocate_share(store.customers, store.surveys)
    result = ex.ticket_advocate_share.check(overall)
    assert not result
    assert "among all customers" in result.message


def test_uplift_for_five_points_is_named(store):
    five = ex._rise(store, 0.05)
    result = ex.uplift_three_points.check(five)
    assert not result
    assert "five more points" in result.message


def test_tenure_rise_as_a_ratio_is_named(store):
    rise = ex.tenure_profit_rise.expected()
    result = ex.tenure_profit_rise.check(rise + 1)
    assert not result
    assert "subtract 1" in result.message


def test_the_sql_exercise_hints_lead_one_step_at_a_time():
    first, second = ex.customers_with_tickets_sql.hint(), ex.customers_with_tickets_sql.hint(2)
    assert "COUNT(DISTINCT" in str(first) and "hint(2)" in repr(first)
    assert "pd.read_sql_query(" in str(second) and 'answer = """SELECT' in str(second)
    assert "read_sql" not in str(first)
    assert "no more hints" in str(ex.customers_with_tickets_sql.hint(3))
