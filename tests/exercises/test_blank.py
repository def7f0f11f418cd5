"""The blank ``____`` (crm_lessons/exercises/blank.py) and how a check treats it."""

import numpy as np
import pandas as pd
import pytest
import tiny_exercises as tiny

from crm_lessons.exercises import (
    ____,
    exercises_of,
)
from crm_lessons.exercises.blank import Blank

pytestmark = pytest.mark.usefixtures("tiny_store")


# ---- the blank -----------------------------------------------------------------------------

def test_blank_survives_arithmetic_attributes_calls_and_indexing():
    assert ____ + 1 is ____ and 1 + ____ is ____ and ____ * 2 / 3 - 1 is ____
    assert ____.sum() is ____ and ____["col"] is ____ and ____(1, x=2) is ____
    assert np.float64(2.0) * ____ is ____ and -____ is ____
    assert pd.Series([1, 2]) * ____ is ____


def test_blank_is_a_singleton_with_a_plain_repr():
    assert Blank() is ____
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
    from crm_lessons.exercises.records import load_records

    tiny.n_customers.check(____)
    assert len(load_records()) == 0

