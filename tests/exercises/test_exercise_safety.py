"""A check never evaluates a string, never changes the student's objects, and answers any
answer of any type with a message (crm_lessons/exercises/exercise.py)."""

import copy
from pathlib import Path

import pandas as pd
import pytest
import tiny_exercises as tiny

from crm_lessons.exercises import (
    exercises_of,
    session,
)
from crm_lessons.exercises.session import use_store

pytestmark = pytest.mark.usefixtures("tiny_store")


# ---- safety ----------------------------------------------------------------------------------

@pytest.mark.parametrize("ex", exercises_of(tiny), ids=lambda e: e.name)
def test_a_check_never_evaluates_a_string(ex, tmp_path):
    marker = tmp_path / "evaluated"
    payload = f"__import__('pathlib').Path({str(marker)!r}).touch() or 8"
    ex.check(payload)
    assert not marker.exists()


def test_the_checks_have_no_eval_or_exec():
    import re

    package = Path(session.__file__).parent
    for path in sorted(package.rglob("*.py")):
        if path.name == "answer_key.py":  # builds notebooks; it never sees an answer
            continue
        source = path.read_text(encoding="utf-8")
        assert not re.search(r"\b(eval|exec|compile)\(", source), path


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

# ---- any answer at all -----------------------------------------------------------------------

def test_no_answer_of_any_type_breaks_a_check(monkeypatch):
    """Whatever a student passes, every check answers with a message, never an error."""
    from crm_lessons.exercises import records as records_module

    monkeypatch.setattr(records_module, "record", lambda *a, **k: None)  # speed only
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from crm_lessons.exercises.session import strict_mode

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
