"""The session layer (crm_lessons/exercises/session.py): strict mode, internal errors, the
progress record, and reference answers computed from the active store and cached per seed."""

import logging
import sys
from pathlib import Path

import pytest
import tiny_exercises as tiny
from tiny_exercises import number

from crm_lessons.exercises import (
    ____,
    session,
)
from crm_lessons.exercises.kinds.number import NumberKind
from crm_lessons.exercises.result import ExerciseFailed
from crm_lessons.exercises.session import use_store

pytestmark = pytest.mark.usefixtures("tiny_store")


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

    monkeypatch.setattr(NumberKind, "compare", broken)
    with caplog.at_level(logging.ERROR, logger="crm_lessons.exercises"):
        result = tiny.n_customers.check(8)
    assert not result and result.status == "error" and "Sorry" in result.message
    assert "boom" in caplog.text
    from crm_lessons.exercises.records import progress_path

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
            "from crm_lessons.exercises.kinds.number import NumberKind\n"
            "NumberKind.compare = lambda *a: 1 / 0\n"
            "use_store(t.make_store(0))\n"
            "print(t.n_customers.check(8).status)\n") % str(Path(tiny.__file__).parent)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "error" and "Traceback" not in out.stderr


def test_reference_that_cannot_be_computed_points_to_doctor():
    ex = number(expected=lambda s: s.no_such_table)
    result = ex.check(1)
    assert result.status == "error" and "crm-lessons doctor" in result.message


def test_a_failed_progress_write_warns_but_does_not_break_the_check(monkeypatch):
    from crm_lessons.exercises import records as records_module

    def fail(*a, **k):
        raise OSError("disk full")

    monkeypatch.setattr(records_module, "record", fail)
    with pytest.warns(UserWarning, match="disk full"):
        assert tiny.n_customers.check(8)


# ---- reference answers: computed from the active store, cached per seed ---------------------

def test_expected_is_cached_per_seed_and_recomputed_when_the_seed_changes(monkeypatch):
    import crm_lessons.data as data

    calls = []
    loads = []

    def fake_load_store():
        loads.append(1)
        return tiny.make_store()

    monkeypatch.setattr(data, "load_store", fake_load_store, raising=False)
    ex = number(expected=lambda s: calls.append(s.seed) or s.orders["amount"].sum())
    monkeypatch.setattr(session, "OVERRIDE", [])  # no store set by hand: load_store() is used
    monkeypatch.setattr(session, "STORES", {})
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

    import crm_lessons.data as data

    loads = []

    def fake_load_store(seed=None):
        loads.append(seed)
        return tiny.make_store(0 if seed is None else seed)

    monkeypatch.setattr(data, "load_store", fake_load_store, raising=False)
    monkeypatch.setattr(session, "OVERRIDE", [])
    monkeypatch.setattr(session, "STORES", {})
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

