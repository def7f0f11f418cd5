"""Reading an answer once (crm_lessons/exercises/kinds/reading.py)."""

import itertools

from crm_lessons.exercises.kinds.reading import MAX_ITEMS, Unreadable, read_once


def test_iterators_become_lists_and_other_answers_stay_as_they_are():
    assert read_once(map(int, ["5", "6", "8"])) == [5, 6, 8]
    assert read_once({"a": 1}.keys()) == ["a"]
    assert read_once(range(3)) == [0, 1, 2]
    items = [1, 2]
    assert read_once(items) is items and read_once("abc") == "abc"


def test_endless_and_huge_iterators_are_capped():
    for answer in (itertools.count(), range(10 ** 12), iter(range(MAX_ITEMS + 1))):
        out = read_once(answer)
        assert isinstance(out, Unreadable) and f"first {MAX_ITEMS:,}" in out.message
    assert read_once(iter(range(MAX_ITEMS))) == list(range(MAX_ITEMS))


def test_an_iterator_that_raises_is_explained():
    out = read_once(int(x) for x in ["1", "x"])
    assert isinstance(out, Unreadable) and "raised ValueError" in out.message
