"""What a check returns and shows (crm_lessons/exercises/result.py), hints and solutions."""

import pytest
import tiny_exercises as tiny

pytestmark = pytest.mark.usefixtures("tiny_store")


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

