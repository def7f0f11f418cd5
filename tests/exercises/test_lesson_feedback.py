"""Feedback per slip in every lesson: each option of a choice question has its own text, each
named slip of a lesson gets its own message, and no number exercise falls back on the
catch-all about rows and columns.

The rules run on every exercise of every lesson (``all_exercises()``), so a later lesson
must meet them too; a made-up exercise shows that each rule can fail.
"""

import json
import re
from pathlib import Path

import pytest

from crm_lessons.exercises import all_exercises
from crm_lessons.exercises.by_kind import ChoiceExercise, NumberExercise
from crm_lessons.exercises.kinds import ChoiceKind, NumberKind

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
CATCH_ALL = "Check which rows you kept and which column you used."
# groupby(...)["col"].sum(), groupby(...)[["a", "b"]].sum() or .sum(numeric_only=True)
SELECTED_SUM = r"groupby\([^)]*\)\[\[?[\"'][^\]]+\]\]?\.sum\(\)|numeric_only=True"


@pytest.fixture(autouse=True)
def _not_strict(monkeypatch):
    """These tests give wrong answers on purpose: a wrong answer must not raise."""
    monkeypatch.delenv("CRM_LESSONS_STRICT", raising=False)


def choice_gaps(ex) -> list[str]:
    """What is missing from a choice exercise's feedback: every option that can be wrong needs
    its own text (all options when the right one follows the data), and no two options may
    share one."""
    rule = ex.rule
    if callable(ex._expected_fn):
        can_be_wrong = list(rule.options)
    else:
        can_be_wrong = [k for k in rule.options if k != rule.normalise(ex._expected_fn, ex.id)]
    gaps = [f"{ex.id}: option {k} has no feedback of its own" for k in can_be_wrong
            if not rule.feedback.get(k, "").strip()]
    texts = [rule.feedback[k] for k in can_be_wrong if rule.feedback.get(k)]
    if len(set(texts)) < len(texts):
        gaps.append(f"{ex.id}: several options share the same feedback")
    return gaps


def _choices():
    return [ex for ex in all_exercises() if isinstance(ex.rule, ChoiceKind)]


def test_every_option_of_every_choice_question_has_its_own_feedback():
    gaps = [g for ex in _choices() for g in choice_gaps(ex)]
    assert not gaps, "\n".join(gaps)


def test_the_feedback_rule_fails_on_a_made_up_question():
    same = ChoiceExercise(lesson="99", name="same", question="q", solution="",
                          options={"A": "a", "B": "b", "C": "c"}, expected=lambda s: "A",
                          feedback={k: "Reread the question." for k in "ABC"})
    assert "share the same feedback" in " ".join(choice_gaps(same))
    missing = ChoiceExercise(lesson="99", name="missing", question="q", solution="",
                             options={"A": "a", "B": "b", "C": "c"}, expected="A",
                             feedback={"B": "not b"})
    assert choice_gaps(missing) == ["99.missing: option C has no feedback of its own"]


def test_every_wrong_option_shows_its_own_text():
    for ex in _choices():
        right = ex.expected()
        for letter in ex.rule.options:
            if letter == right:
                assert ex.check(letter), ex.id
                continue
            message = ex.check(letter).message
            assert "Reread the question and the other options" not in message, (ex.id, letter)


def _slipped(ex, store):
    """(value, message) of each named slip of `ex` whose value is not the right answer, with
    the message of the first slip that value matches (slips are tried in order)."""
    reference = ex._reference()
    values = []
    for i, (wrong, message) in enumerate(ex.slips):
        try:
            values.append((ex.rule.normalise(wrong(store), ex.id), message))
        except Exception as exc:  # pragma: no cover - shown in the assertion below
            pytest.fail(f"{ex.id}: slip {i} cannot be computed: {exc}")
    out = []
    for value, _ in values:
        if ex.rule.same(value, reference):
            continue
        first = next(m for v, m in values if ex.rule.same(value, v)
                     and not ex.rule.same(v, reference))
        out.append((value, first))
    return out


@pytest.fixture(scope="module")
def store(shipped_store):
    return shipped_store


@pytest.mark.parametrize("lesson", ["01", "02", "03", "04", "05", "06"])
def test_each_named_slip_of_a_lesson_gets_its_message(store, lesson):
    from crm_lessons.exercises import SqlExercise

    # an SQL exercise takes a query, not a number: its slips are tested in test_sql_exercise.py
    exercises = [ex for ex in all_exercises() if ex.lesson == lesson and ex.slips
                 and isinstance(ex.rule, (NumberKind, ChoiceKind))
                 and not isinstance(ex, SqlExercise)]
    assert exercises
    for ex in exercises:
        assert ex.check(ex.expected()), ex.id
        for value, message in _slipped(ex, store):
            result = ex.check(value)
            assert not result and message in result.message, (ex.id, value, result.message)


def test_no_number_exercise_falls_back_on_the_catch_all():
    """A wrong number far from every slip gets a last resort that fits the exercise."""
    bare = [ex.id for ex in all_exercises() if isinstance(ex.rule, NumberKind)
            and CATCH_ALL in ex.rule.last_resort(ex.expected())]
    assert not bare, f"give these a last-resort advice= fitting what they ask: {bare}"


def test_the_catch_all_rule_fails_on_a_made_up_exercise():
    ex = NumberExercise(lesson="99", name="ratio", question="q", solution="",
                        expected=lambda s: 4.2, rel_tolerance=0.01)
    assert CATCH_ALL in ex.rule.last_resort(4.2)


# ---- what the notebooks tell a student before a choice or a groupby ----------------------

def _cells(name):
    nb = json.loads((NOTEBOOKS / name).read_text(encoding="utf-8"))
    return ["".join(c["source"]) for c in nb["cells"]]


def quote_gaps(cells: list[str], choice_names: set[str]) -> list[str]:
    """The choice exercises whose code cell does not show the letter in quotes."""
    gaps = []
    for src in cells:
        for name in re.findall(r"ex\.(\w+)\.check\(", src):
            if name in choice_names and not re.search(r"answer = \"[A-Z]\"", src):
                gaps.append(name)
    return gaps


@pytest.mark.parametrize("notebook, lesson", [("01_crm_goals.ipynb", "01"),
                                              ("02_customer_identification.ipynb", "02"),
                                              ("03_customer_attraction.ipynb", "03"),
                                              ("06_capstone.ipynb", "06"),
                                              ("05_customer_development.ipynb", "05"),
                                              ("04_customer_retention.ipynb", "04")])
def test_every_choice_cell_shows_the_letter_in_quotes(notebook, lesson):
    names = {ex.name for ex in _choices() if ex.lesson == lesson}
    assert names
    assert not quote_gaps(_cells(notebook), names)
    assert quote_gaps(["answer = ____\nex.quiz.check(answer)"], {"quiz"}) == ["quiz"]


@pytest.mark.parametrize("notebook, check", [
    ("01_crm_goals.ipynb", "ex.region_summary.check("),
    ("02_customer_identification.ipynb", "ex.lost_by_reason.check("),
])
def test_a_groupby_sum_is_shown_with_its_columns_before_the_exercise(notebook, check):
    """A bare .sum() over a table with text columns raises in the student's own code, where no
    check can explain it: the lesson shows the column selection (or numeric_only) first."""
    cells = _cells(notebook)
    before = "\n".join(cells[:next(i for i, c in enumerate(cells) if check in c)])
    assert re.search(SELECTED_SUM, before)
    assert not re.search(SELECTED_SUM, 'view.groupby("region").sum()')  # a bare sum fails


# ---- the slips a student met in lessons 01 and 02 ------------------------------------------

def test_a_share_written_as_percent_text_is_read_as_the_fraction(store):
    from crm_lessons.exercises import lesson01

    right = lesson01.ticket_advocate_share.expected()
    result = lesson01.ticket_advocate_share.check(f"{right * 100:.2f}%")
    assert result and "without quotes or % sign" in result.message
    result = lesson01.ticket_advocate_share.check(f"{right * 100:.2f}")
    assert not result and "divide by 100" in result.message


def test_a_count_with_a_thousands_comma_is_told_to_drop_it(store):
    from crm_lessons.exercises import lesson02

    n = int(lesson02.high_value_high_need.expected())
    assert lesson02.high_value_high_need.check(n)
    result = lesson02.high_value_high_need.check((n // 1000, n % 1000) if n >= 1000 else (1, n))
    assert not result and "thousands comma" in result.message


@pytest.mark.parametrize("answer", ["B) Share of wallet", "b", "B)",
                                    "share of wallet, watched together with unsubscribes and "
                                    "complaints", "B) Share of wallet, watched together with "
                                    "unsubscribes and complaints."])
def test_an_option_written_with_its_letter_or_text_is_recognised(store, answer):
    from crm_lessons.exercises import lesson01

    assert lesson01.cross_sell_measure.check(answer)


def test_counts_for_a_revenue_column_are_not_told_to_rename(store):
    from crm_lessons import identify
    from crm_lessons.exercises import lesson02

    revenue = identify.customer_revenue(store.orders)
    tiers = identify.value_tiers(revenue)
    assert lesson02.tier_revenue.check(revenue.groupby(tiers).sum())
    for counts in (tiers.value_counts(), revenue.groupby(tiers).count()):
        result = lesson02.tier_revenue.check(counts)
        assert not result and ".rename(" not in result.message and "counts" in result.message


@pytest.mark.parametrize("name, words", [
    ("cost_ratio", "acq on top, ret below"),
    ("uplift_three_points", "call of goals.five_year_profit"),
    ("tenure_profit_rise", "last / first - 1"),
])
def test_a_ratio_or_an_argument_gets_its_own_last_resort(store, name, words):
    from crm_lessons.exercises import lesson01

    ex = getattr(lesson01, name)
    assert ex.check(ex.expected())
    result = ex.check(ex.expected() * 1.37 + 0.011)
    assert not result and words in result.message and CATCH_ALL not in result.message


def test_k_gets_its_own_last_resort(store):
    from crm_lessons.exercises import lesson02

    result = lesson02.best_k.check(40)
    assert not result and "silhouette column of `k_table`" in result.message


def test_an_id_or_a_k_is_never_told_too_high_or_too_low():
    from crm_lessons.exercises import lesson00b, lesson02

    for ex in (lesson00b.top_order_customer, lesson02.best_k):
        wrong = ex.check(ex.expected() + 1)
        assert not wrong and "too high" not in wrong.message and "too low" not in wrong.message
