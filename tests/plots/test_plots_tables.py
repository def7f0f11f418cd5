"""Tests of crm_lessons.plots.tables: tables show their texts whole and left-aligned."""

import pandas as pd

from crm_lessons import plots

LONG = "reward and recognise them; ask for reviews and referrals; early access to new coffees"


def table():
    return pd.DataFrame({"segment": pd.Categorical(["champions", "lost"]), "customers": [12, 30],
                         "what_to_do": [LONG, "let them go"], "share": [0.3, 0.7]})


def test_text_columns_are_whole_and_left_aligned_numbers_stay_right():
    plots.full_text_tables()
    html = plots.table_html(table())
    assert LONG in html                                        # not cut with "..."
    assert html.count('<td style="text-align: left;">') == 4   # two text columns, two rows
    assert '<td style="text-align: left;">12</td>' not in html and "<td>12</td>" in html
    assert '<th style="text-align: left;">what_to_do</th>' in html
    assert '<th style="text-align: left;">customers</th>' not in html


def test_a_table_without_text_is_left_as_pandas_draws_it():
    numbers = pd.DataFrame({"k": [2, 3], "silhouette": [0.41, 0.38]})
    assert plots.table_html(numbers) == numbers.to_html(
        max_rows=pd.get_option("display.max_rows"),
        max_cols=pd.get_option("display.max_columns"),
        show_dimensions=pd.get_option("display.show_dimensions"), notebook=True)


def test_row_labels_that_are_words_are_left_aligned_too():
    by_segment = table().set_index("segment")
    html = plots.table_html(by_segment)
    assert '<th style="text-align: left;">champions</th>' in html
    numbered = plots.table_html(table())
    assert '<th style="text-align: left;">0</th>' not in numbered
