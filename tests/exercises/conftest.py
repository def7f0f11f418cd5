"""Shared by the exercise tests: the tiny fixture exercises on the path, and the tiny store."""

import sys
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
sys.path.insert(0, str(FIXTURES))

import tiny_exercises as tiny  # noqa: E402

from crm_lessons.exercises.session import use_store  # noqa: E402


@pytest.fixture
def tiny_store():
    """Checks compare against the tiny store (seed 0) during the test."""
    store = tiny.make_store(0)
    with use_store(store):
        yield store


@pytest.fixture(scope="module")
def shipped_store():
    """The store the lesson checks compare against (the shipped data, unless a seed is set)."""
    from crm_lessons.exercises.session import active_store

    try:
        return active_store()
    except Exception as exc:
        pytest.skip(f"the store data cannot be loaded yet: {exc}")
