"""The exercise engine on a tiny hand-made store (tests/fixtures/tiny_exercises.py).

Each test checks one behaviour a student or an instructor relies on: the blank, the result
object, the feedback for each kind and for wrong types, strict mode, the per-seed cache, and
that a check neither evaluates strings nor changes the student's objects.
"""

import copy
import logging
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

FIXTURES = Path(__file__).resolve().parent / "fixtures"
sys.path.insert(0, str(FIXTURES))

import tiny_exercises as tiny  # noqa: E402

from crm_lessons.exercises import ____, all_exercises, engine, exercises_of  # noqa: E402
from crm_lessons.exercises.engine import (  # noqa: E402
    ChoiceExercise,
    ExerciseFailed,
    NumberExercise,
    SetExercise,
    TableExercise,
    use_store,
)


@pytest.fixture(autouse=True)
def tiny_store():
    store = tiny.make_store(0)
    with use_store(store):
        yield store


def number(**kw):
    base = dict(lesson="99", name="x", question="q?", expected=lambda s: 0.64, solution="answer = 1",
                hint="h", why="because")
    base.update(kw)
    return NumberExercise(**base)


# ---- the blank -----------------------------------------------------------------------------

def test_blank_survives_arithmetic_attributes_calls_and_indexing():
    assert ____ + 1 is ____ and 1 + ____ is ____ and ____ * 2 / 3 - 1 is ____
    assert ____.sum() is ____ and ____["col"] is ____ and ____(1, x=2) is ____
    assert np.float64(2.0) * ____ is ____ and -____ is ____
    assert pd.Series([1, 2]) * ____ is ____


def test_blank_is_a_singleton_with_a_plain_repr():
    assert engine.Blank() is ____
    assert "blank" in repr(____)
    assert not ____


def test_blank_refuses_to_become_a_number_with_a_clear_message():
    with pytest.raises(TypeError, match="replace ____"):
        float(____)


@pytest.mark.parametrize("ex", exercises_of(tiny), ids=lambda e: e.name)
def test_check_of_the_blank_says_what_to_fill_in(ex):
    result = ex.check(____)
    assert not result and result.status == "blank"
    assert "____" in result.message and ex.wanted in result.message
    assert ex.question in result.message


def test_check_without_argument_is_the_blank():
    assert tiny.n_customers.check().status == "blank"


def test_blank_inside_a_list_is_named():
    assert "still ____" in tiny.big_spenders.check([1, ____]).message


def test_blank_checks_are_not_recorded(tmp_path):
    from crm_lessons.exercises.progress import load_records

    tiny.n_customers.check(____)
    assert len(load_records()) == 0


# ---- the result object ---------------------------------------------------------------------

def test_result_is_truthy_when_correct_and_carries_why():
    result = tiny.n_customers.check(8)
    assert result and result.correct is True and result.done
    assert tiny.n_customers.why in result.message


def test_result_is_falsy_when_wrong_with_a_message():
    result = tiny.n_customers.check(9)
    assert not result and result.correct is False and result.message


def test_result_has_html_markdown_and_plain_text_displays():
    result = tiny.n_customers.check(9)
    assert "<div" in result._repr_html_() and "Not yet" in result._repr_html_()
    assert "Not yet" in result._repr_markdown_()
    assert "Not yet" in repr(result) and "<" not in repr(result)


def test_result_html_escapes_the_student_text():
    result = tiny.concept.check("<script>")
    assert "<script>" not in result._repr_html_()


def test_check_returns_without_printing(capsys):
    tiny.n_customers.check(3)
    assert capsys.readouterr().out == ""


def test_hint_and_solution_show_as_text():
    assert str(tiny.n_customers.hint()) == "len() counts rows."
    sol = tiny.n_customers.solution()
    assert str(sol) == "answer = len(store.customers)"
    assert "```python" in sol._repr_markdown_()


# ---- numbers ---------------------------------------------------------------------------------

def test_number_accepts_within_tolerance_and_numpy_scalars():
    ex = number(tolerance=0.01)
    assert ex.check(0.645) and ex.check(np.float32(0.64)) and ex.check(np.float64(0.6401))
    assert not ex.check(0.66)


def test_number_rel_tolerance():
    ex = number(rel_tolerance=0.02, expected=lambda s: 1000.0)
    assert ex.check(1019) and not ex.check(1021)


def test_number_default_tolerance_is_a_tenth_of_a_percent():
    ex = number(expected=lambda s: 1000.0)
    assert ex.check(1000.9) and not ex.check(1001.1)


def test_number_nudges_a_coarsely_rounded_answer():
    ex = number(expected=lambda s: 0.6437, tolerance=0.0005)
    result = ex.check(0.64)
    assert not result and "rounded to 2 decimals" in result.message


@pytest.mark.parametrize("given, words", [(64.0, "percentage"), (0.0064, "100 times too small")])
def test_number_percent_nudge(given, words):
    ex = number(expected=lambda s: 0.64, tolerance=0.001, percent=True)
    result = ex.check(given)
    assert not result and words in result.message


def test_number_percent_nudge_the_other_way():
    ex = number(expected=lambda s: 64.0, tolerance=0.1, percent=True)
    result = ex.check(0.64)
    assert not result and "multiply by 100" in result.message


def test_number_wrong_sign():
    result = number(expected=lambda s: -120.5, tolerance=0.1).check(120.5)
    assert not result and "wrong sign" in result.message


@pytest.mark.parametrize("factor", [10, 100, 1000])
def test_number_off_by_a_power_of_ten(factor):
    result = number(expected=lambda s: 2500.0, tolerance=1).check(2500.0 * factor)
    assert not result and f"{factor:,} times too large" in result.message


def test_number_says_too_high_or_too_low():
    ex = number(expected=lambda s: 100.0, tolerance=0.5)
    assert "too high" in ex.check(130).message and "too low" in ex.check(70).message


@pytest.mark.parametrize("answer, words", [
    (None, "None"),
    ([1, 2], "one number"),
    ("0.64", "remove the quotes"),
    ("sixty", "not text"),
    (pd.DataFrame({"a": [1, 2]}), "one number"),
    (pd.Series([1.0, 2.0]), ".sum()"),
    (float("nan"), "NaN"),
    (float("inf"), "infinite"),
    (True, "yes/no"),
    (pd.DataFrame({"a": [0.64]}), ".iloc[0, 0]"),
    (pd.Series([0.64]), ".iloc[0]"),
    (np.array([0.64]), ".item()"),
    ([0.64], "[0]"),
    (pd.NA, "missing"),
    (pd.Timestamp("2024-01-01"), "date"),
    (complex(1, 2), "not a real number"),
    (object(), "object"),
])
def test_number_explains_wrong_types(answer, words):
    result = number(tolerance=0.001).check(answer)
    assert not result and result.status == "incorrect"
    assert words in result.message


def test_number_one_value_container_says_whether_the_value_inside_is_right():
    ex = number(tolerance=0.001)
    assert "inside is right" in ex.check(pd.DataFrame({"a": [0.64]})).message
    assert "not right yet" in ex.check(pd.DataFrame({"a": [0.1]})).message


# ---- tables ----------------------------------------------------------------------------------

def test_table_reference_passes_and_copies_are_independent(tiny_store):
    ref = tiny.revenue_by_customer.expected()
    ref.iloc[0] = -1  # changing the copy does not change the cached reference
    assert tiny.revenue_by_customer.check(tiny._revenue(tiny_store))


def test_table_ignores_row_order_unless_ordered(tiny_store):
    rev = tiny._revenue(tiny_store)
    assert tiny.revenue_by_customer.check(rev.sample(frac=1, random_state=3))
    top = rev.sort_values(ascending=False).head(3)
    assert tiny.top3.check(top)
    result = tiny.top3.check(top.iloc[::-1])
    assert not result and "different order" in result.message


def test_table_accepts_the_index_as_a_column_and_back(tiny_store):
    """A student who used as_index=False (or reset_index) reads the same numbers: accepted."""
    rev = tiny._revenue(tiny_store)
    assert tiny.revenue_by_customer.check(rev.reset_index())
    summary = tiny.channel_summary.expected()
    assert tiny.channel_summary.check(summary.set_index("channel"))


def test_table_accepts_a_one_column_frame_for_a_series(tiny_store):
    result = tiny.revenue_by_customer.check(tiny._revenue(tiny_store).to_frame())
    assert result and "one-column table" in result.message


def test_table_ignores_unnamed_row_numbers(tiny_store):
    summary = tiny.channel_summary.expected()
    assert tiny.channel_summary.check(summary.set_axis([10, 20, 30], axis=0))


def test_table_tolerates_dtype_differences(tiny_store):
    summary = tiny.channel_summary.expected()
    loose = summary.assign(channel=summary["channel"].astype(str),
                           customers=summary["customers"].astype("float64"))
    assert tiny.channel_summary.check(loose)


def test_table_values_within_rtol():
    summary = tiny.channel_summary.expected()
    assert tiny.channel_summary.check(summary.assign(revenue=summary["revenue"] * (1 + 1e-6)))


def test_table_names_missing_and_extra_columns():
    summary = tiny.channel_summary.expected()
    result = tiny.channel_summary.check(summary.rename(columns={"revenue": "sales"}))
    assert not result and "missing the column 'revenue'" in result.message
    assert "extra column 'sales'" in result.message
    result = tiny.channel_summary.check(summary.rename(columns={"revenue": "Revenue"}))
    assert "rename 'Revenue' to 'revenue'" in result.message


def test_table_unnamed_index_gets_a_rename_axis_tip(tiny_store):
    rev = tiny._revenue(tiny_store).rename_axis(None)
    result = tiny.revenue_by_customer.check(rev)
    assert not result and "rename_axis('customer_id')" in result.message


def test_table_differing_row_count_names_the_missing_row(tiny_store):
    rev = tiny._revenue(tiny_store)
    result = tiny.revenue_by_customer.check(rev.drop(index=4))
    assert not result and "7 rows" in result.message and "8" in result.message
    assert "customer_id = 4" in result.message


def test_table_shows_at_most_three_differing_rows(tiny_store):
    rev = tiny._revenue(tiny_store)
    result = tiny.revenue_by_customer.check(rev * 1.1)
    assert not result and "8 rows differ" in result.message
    assert len(result.details.splitlines()) == 3
    assert "1.1 times" in result.message


def test_table_reports_a_single_wrong_value(tiny_store):
    rev = tiny._revenue(tiny_store).copy()
    rev.loc[5] += 1
    result = tiny.revenue_by_customer.check(rev)
    assert not result and "1 row differs" in result.message and "customer_id=5" in result.details


def test_table_series_name_matters(tiny_store):
    result = tiny.revenue_by_customer.check(tiny._revenue(tiny_store).rename("amount"))
    assert not result and "'revenue'" in result.message


def test_table_right_values_under_another_series_name_say_so(tiny_store):
    result = tiny.revenue_by_customer.check(tiny._revenue(tiny_store).rename("amount"))
    assert not result and "values are right" in result.message and ".rename('revenue')" in result.message
    result = tiny.revenue_by_customer.check(tiny._revenue(tiny_store).rename("amount") * 2)
    assert not result and "differ" in result.message and ".rename('revenue')" in result.message


def test_table_nullable_and_duplicate_keys_compare_by_value():
    ref = pd.DataFrame({"k": [1, 1, 2], "flag": pd.array([True, None, False], dtype="boolean"),
                        "n": pd.array([1, None, 3], dtype="Int64")})
    ex = TableExercise(lesson="99", name="t", question="q", solution="", expected=lambda s: ref)
    shuffled = ref.iloc[[2, 1, 0]].astype({"n": "float64"})
    assert ex.check(shuffled)
    assert not ex.check(ref.assign(n=pd.array([1, 2, 3], dtype="Int64")))


def test_table_an_unnamed_series_is_accepted_with_a_naming_tip(tiny_store):
    result = tiny.revenue_by_customer.check(tiny._revenue(tiny_store).rename(None))
    assert result and ".rename('revenue')" in result.message


def test_table_unnamed_reference_series_ignores_the_answer_name(tiny_store):
    ex = TableExercise(lesson="99", name="t", question="q", solution="",
                       expected=lambda s: tiny._revenue(s).rename(None))
    assert ex.check(tiny._revenue(tiny_store).rename("amount"))


def test_table_dates_compare_exactly_whatever_their_unit():
    ref = pd.DataFrame({"customer_id": [1, 2, 3],
                        "last_order": pd.to_datetime(["2024-01-05", None, "2024-03-01"])})
    ex = TableExercise(lesson="99", name="t", question="q", solution="", expected=lambda s: ref)
    assert ex.check(ref.assign(last_order=ref["last_order"].astype("datetime64[s]")))
    result = ex.check(ref.assign(last_order=ref["last_order"] + pd.Timedelta(hours=1)))
    assert not result and "2 rows differ" in result.message
    assert "expected 2024-01-05" in result.details
    assert "dates" in ex.check(ref.assign(last_order=ref["last_order"].astype(str))).message


def test_table_check_names_false_ignores_the_series_name(tiny_store):
    ex = TableExercise(lesson="99", name="t", question="q", solution="", check_names=False,
                       expected=tiny._revenue)
    assert ex.check(tiny._revenue(tiny_store).rename("amount"))


def test_table_column_of_another_kind_is_explained():
    summary = tiny.channel_summary.expected()
    result = tiny.channel_summary.check(summary.assign(revenue=summary["revenue"].astype(str)))
    assert not result and "text/labels" in result.message


@pytest.mark.parametrize("answer, words", [
    (None, "None"), (42.0, "one number"), ("revenue", "not its name"), ([1, 2], "a list"),
    (pd.DataFrame({"a": [1], "b": [2]}), "single column"),
])
def test_table_explains_wrong_types(answer, words):
    result = tiny.revenue_by_customer.check(answer)
    assert not result and words in result.message


# ---- choices ---------------------------------------------------------------------------------

@pytest.mark.parametrize("answer", ["b", "B", " B ", "B)", "(b)", "b.", "Option B", "keeping one",
                                    "Keeping  One"])
def test_choice_accepts_any_spelling_of_the_letter(answer):
    assert tiny.concept.check(answer)


def test_choice_wrong_option_explains_why_when_feedback_is_given():
    result = tiny.biggest_channel.check("B")
    assert not result and "Referral brought two customers" in result.message
    assert "Option B (referral)" in result.message


@pytest.mark.parametrize("answer, words", [
    ("E", "not one of the options"), ("A, B", "more than one"), (1, "letters"),
    (None, "None"), (["B"], "without the brackets"), (["A", "B"], "exactly one"),
])
def test_choice_explains_wrong_answers(answer, words):
    result = tiny.concept.check(answer)
    assert not result and words in result.message


def test_choice_expected_is_computed_from_the_data():
    store = tiny.make_store(0)
    store.customers["channel"] = pd.Categorical(["email"] * 6 + ["search"] * 2)
    with use_store(store):
        assert tiny.biggest_channel.expected() == "C"
    assert tiny.biggest_channel.expected() == "A"


def test_choice_rejects_an_expected_letter_that_is_no_option():
    ex = ChoiceExercise(lesson="99", name="c", question="q", options={"A": "a", "B": "b"},
                        expected=lambda s: "Z", solution="")
    result = ex.check("A")
    assert not result and result.status == "error"


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


# ---- reflection ------------------------------------------------------------------------------

def test_reflection_is_ungraded_and_recorded_as_done():
    from crm_lessons.exercises.progress import load_records

    assert tiny.thoughts.graded is False and tiny.thoughts.expected() is None
    result = tiny.thoughts.check("They know my name and what I like to order there.")
    assert result and result.correct is None and result.status == "done"
    rec = load_records().iloc[-1]
    assert rec["exercise"] == "thoughts" and bool(rec["done"]) and rec["correct"] is None


@pytest.mark.parametrize("answer, words", [("too short", "at least 5"), (None, "None"),
                                           (42, "own words")])
def test_reflection_needs_enough_words(answer, words):
    result = tiny.thoughts.check(answer)
    assert not result and words in result.message


# ---- strict mode and internal errors ---------------------------------------------------------

def test_strict_mode_raises_exercise_failed_naming_the_exercise(monkeypatch):
    monkeypatch.setenv("CRM_LESSONS_STRICT", "1")
    with pytest.raises(ExerciseFailed, match=r"99\.n_customers.*too high") as info:
        tiny.n_customers.check(9)
    assert isinstance(info.value, AssertionError)
    assert tiny.n_customers.check(8)
    with pytest.raises(ExerciseFailed, match="blank"):
        tiny.n_customers.check(____)


def test_internal_error_is_reported_kindly_and_logged(monkeypatch, caplog):
    def broken(self, answer, reference):
        raise RuntimeError("boom")

    monkeypatch.setattr(NumberExercise, "_compare", broken)
    with caplog.at_level(logging.ERROR, logger="crm_lessons.exercises"):
        result = tiny.n_customers.check(8)
    assert not result and result.status == "error" and "Sorry" in result.message
    assert "boom" in caplog.text
    from crm_lessons.exercises.progress import progress_path

    log_file = progress_path().with_name("errors.log")
    assert str(log_file) in result.message and "RuntimeError: boom" in log_file.read_text()
    monkeypatch.setenv("CRM_LESSONS_STRICT", "1")
    with pytest.raises(RuntimeError, match="boom"):
        tiny.n_customers.check(8)


def test_an_internal_error_prints_no_traceback(monkeypatch, tmp_path):
    import subprocess

    code = ("import sys; sys.path.insert(0, %r)\n"
            "import tiny_exercises as t\n"
            "from crm_lessons.exercises import use_store\n"
            "from crm_lessons.exercises.engine import NumberExercise\n"
            "NumberExercise._compare = lambda *a: 1 / 0\n"
            "use_store(t.make_store(0))\n"
            "print(t.n_customers.check(8).status)\n") % str(FIXTURES)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "error" and "Traceback" not in out.stderr


def test_reference_that_cannot_be_computed_points_to_doctor():
    ex = number(expected=lambda s: s.no_such_table)
    result = ex.check(1)
    assert result.status == "error" and "crm-lessons doctor" in result.message


def test_a_failed_progress_write_warns_but_does_not_break_the_check(monkeypatch):
    from crm_lessons.exercises import progress as progress_module

    def fail(*a, **k):
        raise OSError("disk full")

    monkeypatch.setattr(progress_module, "record", fail)
    with pytest.warns(UserWarning, match="disk full"):
        assert tiny.n_customers.check(8)


# ---- reference answers: computed from the active store, cached per seed ---------------------

def test_expected_is_cached_per_seed_and_recomputed_when_the_seed_changes(monkeypatch):
    from crm_lessons import data

    calls = []
    loads = []

    def fake_load_store():
        loads.append(1)
        return tiny.make_store()

    monkeypatch.setattr(data, "load_store", fake_load_store, raising=False)
    ex = number(expected=lambda s: calls.append(s.seed) or s.orders["amount"].sum())
    monkeypatch.setattr(engine, "_OVERRIDE", [])  # no store set by hand: load_store() is used
    monkeypatch.setattr(engine, "_STORES", {})
    if True:
        monkeypatch.setenv("CRM_LESSONS_SEED", "7")
        first = ex.expected()
        assert ex.expected() == first and calls == [7]
        monkeypatch.setenv("CRM_LESSONS_SEED", "2024")
        assert ex.expected() != first and calls == [7, 2024]
        assert len(loads) == 2


def test_checks_follow_the_seed_of_the_notebooks_store(monkeypatch):
    """A student who wrote `store = load_store(seed=7)` is checked against that variant,
    reloaded fresh, so changing the tables of their own `store` changes no reference."""
    from types import SimpleNamespace

    from crm_lessons import data

    loads = []

    def fake_load_store(seed=None):
        loads.append(seed)
        return tiny.make_store(0 if seed is None else seed)

    monkeypatch.setattr(data, "load_store", fake_load_store, raising=False)
    monkeypatch.setattr(engine, "_OVERRIDE", [])
    monkeypatch.setattr(engine, "_STORES", {})
    shell = SimpleNamespace(user_ns={"store": tiny.make_store(7)})
    monkeypatch.setitem(sys.modules, "IPython", SimpleNamespace(get_ipython=lambda: shell))
    seven = tiny.make_store(7).orders["amount"].sum()
    shell.user_ns["store"].orders["amount"] = 0.0
    assert tiny.total_revenue.expected() == pytest.approx(seven)
    assert loads == [None, 7]
    shell.user_ns["store"] = tiny.make_store(0)
    assert tiny.total_revenue.expected() == pytest.approx(tiny.make_store(0).orders["amount"].sum())
    shell.user_ns["store"] = "not a store"
    assert tiny.total_revenue.expected() == pytest.approx(tiny.make_store(0).orders["amount"].sum())


def test_use_store_applies_for_the_session_or_a_block():
    other = tiny.make_store(5)
    before = tiny.total_revenue.expected()
    with use_store(other):
        assert tiny.total_revenue.expected() == pytest.approx(other.orders["amount"].sum())
    assert tiny.total_revenue.expected() == before
    handle = use_store(other)
    try:
        assert tiny.total_revenue.expected() != before
        assert "seed 5" in repr(handle)
    finally:
        handle.__exit__()


# ---- safety ----------------------------------------------------------------------------------

@pytest.mark.parametrize("ex", exercises_of(tiny), ids=lambda e: e.name)
def test_a_check_never_evaluates_a_string(ex, tmp_path):
    marker = tmp_path / "evaluated"
    payload = f"__import__('pathlib').Path({str(marker)!r}).touch() or 8"
    ex.check(payload)
    assert not marker.exists()


def test_the_engine_has_no_eval_or_exec():
    import re

    source = Path(engine.__file__).read_text(encoding="utf-8")
    assert not re.search(r"\b(eval|exec|compile)\(", source)


@pytest.mark.parametrize("ex", exercises_of(tiny), ids=lambda e: e.name)
def test_a_check_never_changes_the_students_objects(ex, tiny_store):
    frames = [tiny_store.orders, tiny._revenue(tiny_store).sample(frac=1, random_state=1),
              tiny.channel_summary.expected().rename(columns={"revenue": "Revenue"}),
              tiny.channel_summary.expected().set_index("channel")]
    items = [3, 1, 8]
    for answer in frames + [items]:
        before = copy.deepcopy(answer)
        ex.check(answer)
        if isinstance(answer, pd.DataFrame):
            pd.testing.assert_frame_equal(answer, before)
        elif isinstance(answer, pd.Series):
            pd.testing.assert_series_equal(answer, before)
        else:
            assert answer == before


# ---- discovery -------------------------------------------------------------------------------

def test_all_exercises_lists_the_lesson_modules_in_order():
    exercises = all_exercises()
    lessons = [e.lesson for e in exercises]
    assert lessons == sorted(lessons)
    assert all(isinstance(e, engine.Exercise) for e in exercises)


def test_exercise_needs_an_identifier_name_and_an_expected_function():
    with pytest.raises(ValueError, match="identifier"):
        number(name="not ok")
    with pytest.raises(ValueError, match="expected="):
        SetExercise(lesson="99", name="s", question="q", solution="")


# ---- any answer at all -----------------------------------------------------------------------

def test_no_answer_of_any_type_breaks_a_check(monkeypatch):
    """Whatever a student passes, every check answers with a message, never an error."""
    from crm_lessons.exercises import progress as progress_module

    monkeypatch.setattr(progress_module, "record", lambda *a, **k: None)  # speed only
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from crm_lessons.exercises.engine import strict_mode

    assert not strict_mode()
    scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=30),
                        st.complex_numbers(), st.dates(), st.binary(max_size=5))
    answers = st.one_of(scalars, st.lists(scalars, max_size=4), st.tuples(scalars, scalars),
                        st.dictionaries(st.text(max_size=3), scalars, max_size=3),
                        st.lists(st.floats(), max_size=5).map(pd.Series),
                        st.lists(st.integers(-5, 5), max_size=5).map(
                            lambda v: pd.DataFrame({"customer_id": v, "revenue": v})))
    exercises = exercises_of(tiny)

    @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
    @given(answers)
    def run(answer):
        for ex in exercises:
            result = ex.check(answer)
            assert result.status in {"correct", "done", "incorrect"}, (ex.id, answer, result)
            assert result.message

    with use_store(tiny.make_store(0)):
        run()
