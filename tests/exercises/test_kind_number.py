"""The number kind (crm_lessons/exercises/kinds/number.py): tolerances and nudges."""

import numpy as np
import pandas as pd
import pytest
from tiny_exercises import number

pytestmark = pytest.mark.usefixtures("tiny_store")


def _short(value):
    """A short test id (an integer of 400 digits would make a very long one)."""
    return repr(value)[:24]


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
    ("0.1", "without quotes"),
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



def test_the_kind_alone_compares_without_a_store_or_a_file():
    from crm_lessons.exercises.kinds import NumberKind

    kind = NumberKind(tolerance=0.01, percent=True)
    assert kind.compare(0.645, 0.64).correct
    wrong = kind.compare(64, 0.64)
    assert not wrong.correct and "divide by 100" in wrong.message
    assert kind.same(np.float64(2.0), 2.0) and not kind.same("two", 2.0)
    assert kind.same("2", 2.0)  # a number written as text is read as that number


# ---- numbers too large to be a float, and iterators ---------------------------------------

@pytest.mark.parametrize("answer, words", [
    (10 ** 400, "too large"), (-(10 ** 400), "too large"), ([10 ** 400], "not right yet"),
    (float("inf"), "infinite"),
], ids=_short)
def test_huge_integers_and_inf_get_a_real_message(answer, words):
    result = number().check(answer)
    assert result.status == "incorrect" and words in result.message, result.message


def test_a_generator_of_one_number_is_read_as_a_list():
    result = number().check(x for x in [0.64])
    assert result.status == "incorrect" and "[0]" in result.message


# ---- numbers written as text or with a thousands comma -------------------------------------

@pytest.mark.parametrize("text", ["0.64", " 0.64 ", "64%", "64.0 %"])
def test_a_number_written_as_text_is_read_with_a_note(text):
    result = number(tolerance=0.001, percent=True).check(text)
    assert result and "without quotes" in result.message, result.message
    assert ("% sign" in result.message) == text.strip().endswith("%")


def test_percent_text_against_a_percentage_reference_keeps_its_value():
    ex = number(expected=lambda s: 64.0, tolerance=0.1, percent=True)
    assert ex.check("64%") and ex.check(64.0)


def test_wrong_text_is_read_and_then_nudged():
    result = number(tolerance=0.001, percent=True).check("64")
    assert not result and "without quotes" in result.message and "divide by 100" in result.message
    result = number(tolerance=0.001).check("sixty")
    assert not result and "not text" in result.message


@pytest.mark.parametrize("answer, words", [
    ((5, 0), "without the thousands comma: 5000"),
    ((1, 250, 0), "1,250,000"),
    ((0, 64), "0.64, not 0,64"),
])
def test_a_thousands_or_decimal_comma_is_named(answer, words):
    ex = number(expected=lambda s: 5000.0, tolerance=0)
    assert ex.check(5000)
    result = ex.check(answer)
    assert not result and "comma" in result.message and words in result.message, result.message


def test_a_tuple_that_is_not_a_comma_number_is_still_a_collection():
    result = number(tolerance=0.001).check((0.5, 0.7))
    assert not result and "one number" in result.message


def test_the_last_resort_fits_the_exercise():
    share = number(tolerance=0.001, percent=True)  # the reference is 0.64
    assert "both parts of the share" in share.check(0.3).message
    count = number(expected=lambda s: 40, tolerance=0)
    assert "which rows you counted" in count.check(31).message
    told = number(tolerance=0.001, advice="Divide acq by ret.")
    assert told.check(0.64) and "low. Divide acq by ret." in told.check(0.3).message
    plain = number(expected=lambda s: 12.5, tolerance=0.01)
    assert "which rows you kept" in plain.check(3.0).message


# ---- slips a new student made (issue 12) -----------------------------------------------------

def test_number_direction_false_drops_too_high_and_the_filter_advice():
    ex = number(expected=lambda s: 4.0, tolerance=0, direction=False)
    assert ex.check(4)
    for wrong in (5, 3, 40, 0.4, -4):
        text = ex.check(wrong).message
        assert "too high" not in text and "too low" not in text and "times too" not in text
        assert ">=" not in text and "not right yet" in text
    with_direction = number(expected=lambda s: 4.0, tolerance=0).check(5).message
    assert "too high" in with_direction and ">=" in with_direction


@pytest.mark.parametrize("container", [pd.DataFrame({"a": range(7)}), pd.Series(range(7)),
                                       pd.array(range(7)), np.arange(7), list(range(7))])
def test_number_a_container_as_long_as_the_count_does_not_show_its_length(container):
    ex = number(expected=lambda s: 7.0, tolerance=0)
    assert ex.check(7)
    text = ex.check(container).message
    assert "7" not in text and "len(...)" in text and "is what the question asks for" in text
    other = number(expected=lambda s: 8.0, tolerance=0).check(container).message
    assert "7" in other  # a length that is not the answer is still described


def test_number_zero_says_nothing_matched():
    ex = number(expected=lambda s: 12.0, tolerance=0)
    assert ex.check(12)
    text = ex.check(0).message
    assert text.startswith("Your answer is 0: it looks as if nothing matched")
    assert ".value_counts()" in text and "brackets" in text and "`&`" in text
    assert "nothing matched" not in ex.check(11).message
    assert "nothing matched" not in number(expected=lambda s: 0.0, tolerance=0).check(3).message


@pytest.mark.parametrize("ref, given, how", [
    (0.0272, 0.03, "2 decimals"), (0.0272, 0.027, "3 decimals"), (32.46, 32, "0 decimals"),
    (0.001234, 0.0012, "4 decimals"), (0.0001234, 0.00012, "2 significant figures"),
    (0.0001234, 0.0001, "4 decimals"), (123456.7, 123000, "3 significant figures"),
])
def test_number_rounding_is_recognised_for_small_and_large_values(ref, given, how):
    ex = number(expected=lambda s: ref, tolerance=abs(ref) * 1e-6)
    assert ex.check(ref)
    text = ex.check(given).message
    assert f"the right value rounded to {how}" in text and "Don't round" in text
    assert "rounded" not in ex.check(given * 1.5).message


def test_number_rounding_of_a_whole_count_to_significant_figures_is_not_called_rounding():
    text = number(expected=lambda s: 15.0, tolerance=0).check(20).message
    assert "rounded" not in text


def test_number_text_percent_is_shown_without_float_noise():
    ex = number(expected=lambda s: 0.2, tolerance=0.001)
    text = ex.check("4.1%").message
    assert "0.041" in text and "0.0409999" not in text
    assert ex.check("20%")


def test_number_arrays_are_described_in_plain_words():
    ex = number(expected=lambda s: 9.0, tolerance=0)
    text = ex.check(pd.array([1, 2, 3])).message
    assert "an array of 3 values" in text and "IntegerArray" not in text and "len(...)" in text
    assert "an array of 3 values" in ex.check(pd.Index(["a", "b", "c"])).message


def test_number_series_with_text_labels_suggests_picking_one_by_its_label():
    ex = number(expected=lambda s: 9.0, tolerance=0)
    counts = pd.Series([5, 3], index=pd.Index(["email", "search"], name="channel"))
    assert ex.check(counts["email"] + 4)
    assert "s['label']" in ex.check(counts).message
    assert "s['label']" not in ex.check(pd.Series([5, 3])).message


# ---- a dict of results, and the tolerance a rounded answer misses ---------------------------

def test_a_dict_answer_is_told_how_to_read_one_entry_without_singling_one_out():
    ex = number(expected=lambda s: 0.15)
    message = ex.check({"effect": 0.15, "low": 0.09, "high": 0.21}).message
    assert "a dict of 3 entries" in message and 'result["name"]' in message
    assert "'effect', 'low', 'high'" in message    # all names listed, none chosen
    assert "0.15" not in message
    # a list is not a dict: the dict's advice can fail to show
    assert 'result["name"]' not in ex.check([0.15, 0.2]).message


def test_a_rounded_answer_is_told_the_tolerance_as_a_share_of_the_exact_value():
    ex = number(rel_tolerance=0.001, expected=lambda s: 61302.7)
    message = ex.check(61000).message
    assert "within 61.3 of the exact value, 0.1% of its size" in message
    absolute = number(tolerance=0.0005, expected=lambda s: 0.1537).check(0.15).message
    assert "within 0.0005 of the exact value." in absolute
def test_a_slip_matches_when_rounded_as_printed_but_not_when_rounded_away():
    from crm_lessons.exercises.kinds.number import NumberKind

    kind = NumberKind(tolerance=0.005)
    assert kind.same(19, 19.175) and kind.same(19.18, 19.175)
    assert not kind.same(20, 19.175)          # not a rounding of the slip
    assert not kind.same(0, 0.2)               # rounded to nothing
    assert not kind.same(0.2, 0.15)           # a rounding more than 5% away
