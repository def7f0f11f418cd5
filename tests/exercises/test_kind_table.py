"""The table kind (crm_lessons/exercises/kinds/table.py and its helpers)."""

import pandas as pd
import pytest
import tiny_exercises as tiny

from crm_lessons.exercises.by_kind import (
    TableExercise,
)

pytestmark = pytest.mark.usefixtures("tiny_store")


def _short(value):
    """A short test id (an integer of 400 digits would make a very long one)."""
    return repr(value)[:24]


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
    assert "off by the same factor" in result.message and "1.1" not in result.message


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
    # wrong values under another name: a rename would not fix them, so none is suggested
    result = tiny.revenue_by_customer.check(tiny._revenue(tiny_store).rename("amount") * 2)
    assert not result and "differ" in result.message and ".rename(" not in result.message
    assert "renaming it would not fix it" in result.message


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
    assert "later than the right date" in result.details
    assert "2024-01-05" not in result.details.replace("2024-01-05 01:00:00", "")
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



def test_the_kind_alone_compares_without_a_store_or_a_file():
    from crm_lessons.exercises.kinds import TableKind

    ref = pd.Series([3.0, 5.0], index=pd.Index([1, 2], name="customer_id"), name="revenue")
    assert TableKind().compare(ref.reset_index(), ref).correct
    wrong = TableKind().compare(ref * 2, ref)
    assert not wrong.correct and "2 times too high (added in twice?)" in wrong.message
    odd = TableKind().compare(ref * 3.27, ref)
    assert "off by the same factor" in odd.message and "3.27" not in odd.message


def test_a_wrong_table_never_shows_the_right_values():
    ref = pd.DataFrame({"channel": ["a", "b", "c"], "cost": [8348.70, 512.25, 77.5]})
    ans = ref.assign(cost=[23.65, 8348.70, 80.0])
    from crm_lessons.exercises.kinds import TableKind

    verdict = TableKind().compare(ans, ref)
    text = verdict.message + str(getattr(verdict, "details", ""))
    assert not verdict.correct
    assert "8,348.70" in text  # the student's own value, in row b, may be shown
    assert "512.25" not in text and "77.5" not in text
    assert "much too low" in text and "much too high" in text and "a little too high" in text


def test_labels_are_reported_by_row_without_the_right_label():
    from crm_lessons.exercises.kinds import Labels, TableKind

    ref = pd.DataFrame({"task_id": [1, 2, 3], "kind": ["a", "b", "a"]})
    kind = TableKind(labels=Labels(column="kind", allowed=("a", "b"), row_id="task_id",
                                   row_word="task", advice="Think again."))
    wrong = kind.compare(ref.assign(kind=["a", "a", "a"]), ref)
    assert not wrong.correct and "1 of the 3 labels is not right yet: task 2." in wrong.message
    assert "'b'" not in wrong.message and "Think again." in wrong.message
    odd = kind.compare(ref.assign(kind=["A", "b", "a"]), ref)
    assert "Use only the labels 'a' and 'b', in lower case; you also wrote 'A'." in odd.message


# ---- ids and counts are compared exactly; an index that is also a column ------------------

@pytest.mark.parametrize("as_float", [False, True])
def test_id_columns_are_exact_at_ten_thousand_and_more(as_float):
    from crm_lessons.exercises.kinds import TableKind

    ref = pd.DataFrame({"customer_id": [10_000, 250_000], "revenue": [10.0, 20.0]})
    wrong = ref.assign(customer_id=[10_001, 250_000])
    if as_float:  # an id column that became float (e.g. after a merge) is still an id
        wrong = wrong.astype({"customer_id": "float64"})
    verdict = TableKind().compare(wrong, ref)
    assert not verdict.correct and "customer_id" in verdict.message
    assert TableKind().compare(ref.astype({"customer_id": "float64"}), ref).correct


def test_id_index_and_integer_counts_are_exact():
    from crm_lessons.exercises.kinds import TableKind

    ref = pd.Series([1.0, 2.0], index=pd.Index([50_000, 60_000], name="customer_id"),
                    name="revenue")
    assert not TableKind().compare(ref.set_axis(pd.Index([50_001, 60_000],
                                                         name="customer_id")), ref).correct
    counts = pd.DataFrame({"channel": ["a", "b"], "customers": [100_000, 7]})
    assert not TableKind().compare(counts.assign(customers=[100_001.0, 7.0]), counts).correct
    # amounts keep their relative tolerance
    amounts = pd.DataFrame({"channel": ["a"], "revenue": [100_000.0]})
    assert TableKind().compare(amounts.assign(revenue=[100_000.5]), amounts).correct


def test_an_index_that_is_also_a_column_gets_a_message(tiny_store):
    ref = tiny.channel_summary.expected()
    both = ref.set_index("channel", drop=False)
    result = tiny.channel_summary.check(both)
    assert result.status == "correct"
    clash = both.assign(channel=both["channel"].str.upper())
    result = tiny.channel_summary.check(clash)
    assert result.status == "incorrect" and "both as its index and as a column" in result.message
    rev = tiny.revenue_by_customer.expected()
    assert tiny.revenue_by_customer.check(rev.reset_index().set_index("customer_id",
                                                                      drop=False))


@pytest.mark.parametrize("answer", [float("inf"), -float("inf"), 10 ** 400, pd.NA,
                                    [1, pd.NA]], ids=_short)
def test_odd_values_get_a_real_message_not_a_checker_problem(tiny_store, answer):
    for exercise in (tiny.revenue_by_customer, tiny.channel_summary):
        result = exercise.check(answer)
        assert result.status == "incorrect", result.message
        assert "checker hit a problem" not in result.message


def test_an_infinite_cell_is_shown_not_a_checker_problem(tiny_store):
    rev = tiny.revenue_by_customer.expected()
    rev.iloc[0] = float("inf")
    result = tiny.revenue_by_customer.check(rev)
    assert result.status == "incorrect" and "infinity" in result.details


# ---- rename advice only where a rename is the fix ---------------------------------------------

def test_table_counts_under_another_name_are_not_told_to_rename(tiny_store):
    counts = tiny_store.orders.groupby("customer_id")["amount"].count()
    assert tiny.revenue_by_customer.check(tiny._revenue(tiny_store))
    result = tiny.revenue_by_customer.check(counts)
    assert not result and ".rename(" not in result.message
    assert "whole numbers, like counts" in result.message and ".sum()" in result.message


def test_table_unnamed_counts_are_named_as_counts(tiny_store):
    counts = tiny_store.orders.groupby("customer_id").size()
    result = tiny.revenue_by_customer.check(counts)
    assert not result and "like counts" in result.message and ".rename(" not in result.message


def test_table_columns_are_renamed_only_when_their_values_match(tiny_store):
    summary = tiny.channel_summary.expected()
    assert tiny.channel_summary.check(summary)
    value_col = [c for c in summary.columns if c not in ("channel",)][-1]
    right = tiny.channel_summary.check(summary.rename(columns={value_col: "total"}))
    assert not right and f"'total': {value_col!r}" in right.message
    wrong = summary.assign(**{value_col: summary[value_col] * 3}).rename(
        columns={value_col: "total"})
    result = tiny.channel_summary.check(wrong)
    assert not result and ".rename(columns" not in result.message
    assert "None of the columns you added" in result.message


# ---- slips a new student made (issue 12) -----------------------------------------------------

_TICKETS = pd.DataFrame({"topic": list("aabbcc"), "channel": list("xyxyxy"),
                         "handling_cost": [1.0, 2.0, 3.0, 4.0, 5.0, 7.0]})


def _table(ref, **kw):
    """A made-up table exercise whose reference is `ref`."""
    return TableExercise(lesson="99", name="t", question="q?", expected=lambda s: ref.copy(),
                         solution="answer = 1", hint="h", why="because", **kw)


def test_table_a_series_for_a_table_of_several_columns_is_told_how_to_build_it():
    grouped = _TICKETS.groupby("topic")
    ref = grouped.agg(cost=("handling_cost", "mean"), n=("handling_cost", "size")).reset_index()
    ex = _table(ref)
    assert ex.check(ref)
    text = ex.check(grouped["handling_cost"].mean()).message
    assert "rename(columns" not in text
    assert "one column (Series) named 'handling_cost'" in text and "'cost', 'n'" in text
    assert ".agg(cost=('column', 'function'), n=('column', 'function'))" in text


def test_table_a_series_for_a_one_column_table_is_told_to_use_to_frame():
    grouped = _TICKETS.groupby("topic")
    ref = grouped.agg(cost=("handling_cost", "mean"))
    ex = _table(ref)
    assert ex.check(ref) and ex.check(grouped["handling_cost"].mean().to_frame("cost"))
    text = ex.check(grouped["handling_cost"].mean()).message
    assert "rename(columns" not in text and "`.to_frame('cost')`" in text
    assert "values are right" in text
    assert "values are right" not in ex.check(grouped["handling_cost"].sum()).message


@pytest.mark.parametrize("as_index", [True, False])
@pytest.mark.parametrize("ref_as_index", [True, False])
def test_table_grouped_by_the_wrong_column_is_told_to_group_by_the_key(as_index, ref_as_index):
    def per(column, frame_as_index):
        return (_TICKETS.groupby(column, as_index=frame_as_index)
                .agg(cost=("handling_cost", "mean"), n=("handling_cost", "size")))

    ex = _table(per("topic", ref_as_index))
    assert ex.check(per("topic", as_index))
    text = ex.check(per("channel", as_index)).message
    assert "The rows should be one per 'topic'" in text and "`groupby('topic')`" in text
    assert "instead of 'channel'" in text and "None of the columns" not in text
    assert "rename_axis" not in text


def test_table_a_series_grouped_by_the_wrong_column_is_told_both():
    ref = _TICKETS.groupby("topic").agg(cost=("handling_cost", "mean"))
    text = _table(ref).check(_TICKETS.groupby("channel")["handling_cost"].mean()).message
    assert "one per 'topic'" in text and "to_frame('cost')" in text and "'topic'," not in text


def test_table_a_renamed_key_is_still_told_to_rename():
    ref = _TICKETS.groupby("topic", as_index=False).agg(cost=("handling_cost", "mean"))
    text = _table(ref).check(ref.rename(columns={"topic": "subject"})).message
    assert "rename(columns={'subject': 'topic'})" in text and "one per" not in text


@pytest.mark.parametrize("ordered", [True, False])
def test_table_a_differing_row_is_named_by_its_label(ordered):
    ref = pd.DataFrame({"a": [1.0, 2.0, 3.0]})
    ex = _table(ref, ordered=ordered)
    assert ex.check(ref)
    first_wrong = ex.check(pd.DataFrame({"a": [0.5, 2.0, 3.0]}))
    assert "row 0:" in first_wrong.details and "row 1:" not in first_wrong.details
    relabelled = ex.check(pd.DataFrame({"a": [1.0, 2.0, 4.0]}, index=[5, 6, 7]))
    assert "row 7:" in relabelled.details


# ---- a two-level Series answered in another shape (issue 17 review) -----------------------------

_RATES = pd.Series([0.1, 0.05, 0.2, 0.04],
                   index=pd.MultiIndex.from_product([["a", "b"], ["treatment", "control"]],
                                                    names=["offer", "group"]),
                   name="responded")


def _kind(**kw):
    from crm_lessons.exercises.kinds.table import TableKind
    return TableKind(**kw)


@pytest.mark.parametrize("check_names", [True, False])
def test_a_two_level_series_may_come_wide_long_or_with_its_levels_swapped(check_names):
    kind = _kind(check_names=check_names)
    for answer in (_RATES.unstack(), _RATES.reset_index(),
                   _RATES.reorder_levels(["group", "offer"])):
        assert kind.compare(answer, _RATES).correct, answer
    wrong = _RATES.unstack().assign(control=[0.5, 0.5])  # a wide table with a wrong column
    assert not kind.compare(wrong, _RATES).correct
    bare = _RATES.unstack().rename_axis(columns=None)  # no level names: cannot be read back
    assert not kind.compare(bare.rename_axis(index=None), _RATES).correct


def test_rounded_table_values_are_told_not_to_round():
    result = _kind().compare(_RATES.round(1), _RATES)
    assert not result.correct and "rounded to 1 decimal:" in result.message
    result = _kind().compare(_RATES * 1.3, _RATES)
    assert not result.correct and "rounded" not in result.message


def test_an_unnamed_series_is_not_said_to_have_a_value_column():
    ref = pd.Series([0.2, 0.4], index=pd.Index(["x", "y"], name="source"))
    result = _kind(check_names=False).compare(ref * 2, ref)
    assert not result.correct and "column 'value'" not in result.message
    assert "in their values" in result.message and "the value is" in result.details
    named = _kind().compare(ref.rename("value") * 2, ref.rename("value"))
    assert "column 'value'" in named.message  # a real column of that name keeps its name
