"""Each student's own data: two student ids give different expected answers, one id always
the same, and the instructor can rebuild a student's data from the id alone."""

import pandas as pd
import pytest

from crm_lessons.cli import main
from crm_lessons.data import load_store
from crm_lessons.exercises.by_kind import NumberExercise
from crm_lessons.exercises.catalogue import all_exercises
from crm_lessons.identity import student_seed


def _expected_numbers(monkeypatch, student):
    monkeypatch.setenv("CRM_LESSONS_STUDENT", student)
    return {ex.id: float(ex.expected()) for ex in all_exercises()
            if isinstance(ex, NumberExercise) and ex.lesson in ("01", "02", "03", "04")}


@pytest.mark.slow
def test_two_students_get_different_answers_and_one_student_always_the_same(monkeypatch):
    alice = _expected_numbers(monkeypatch, "alice")
    bob = _expected_numbers(monkeypatch, "bob")
    alice_again = _expected_numbers(monkeypatch, " Alice")
    assert alice == alice_again
    differ = [k for k in alice if alice[k] != bob[k]]
    assert len(differ) >= len(alice) // 2, f"only {differ} differ between alice and bob"


def test_make_data_for_a_student_is_that_students_data(tmp_path, capsys):
    assert main(["make-data", "--student", "alice", str(tmp_path / "alice")]) == 0
    assert f"seed {student_seed('alice')}" in capsys.readouterr().out
    written = pd.read_csv(tmp_path / "alice" / "customers.csv")
    mine = load_store(seed=student_seed("alice")).customers
    assert len(written) == len(mine)
    assert written["customer_id"].tolist() == mine["customer_id"].tolist()


def test_seed_and_student_together_are_refused(tmp_path, capsys):
    assert main(["make-data", "--student", "alice", "--seed", "3", str(tmp_path / "x")]) == 2
    assert "not both" in capsys.readouterr().err
    assert main(["answer-key", "--student", "", str(tmp_path / "k")]) == 2
    assert "empty" in capsys.readouterr().err
    assert not (tmp_path / "x").exists() and not (tmp_path / "k").exists()
