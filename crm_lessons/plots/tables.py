"""How the lessons show tables: every text in full and left-aligned, numbers right-aligned.

Long texts (a segment's recommended action, an offer, a table's description) are the point
of many of the lessons' tables, so they are never cut short with "...", and they read from the
left like prose. Call :func:`full_text_tables` once, in a lesson's set-up cell.
"""

from __future__ import annotations

import re

import pandas as pd

from crm_lessons.errors import require_frame

__all__ = ["full_text_tables", "table_html"]

LEFT = '<td style="text-align: left;">'
LEFT_HEAD = '<th style="text-align: left;">'
_ROW = re.compile(r"<tr[^>]*>.*?</tr>", flags=re.S)


def _text_columns(df: pd.DataFrame) -> set[int]:
    """Positions of the columns that hold text (words, not numbers, dates or True/False)."""
    return {i for i, (_, col) in enumerate(df.items())
            if isinstance(col.dtype, pd.CategoricalDtype)
            or pd.api.types.is_string_dtype(col.dtype)
            or pd.api.types.is_object_dtype(col.dtype)}


def table_html(df: pd.DataFrame) -> str:
    """`df` as the HTML a notebook shows, with no text cut short and text columns aligned left.

    Examples
    --------
    >>> html = table_html(pd.DataFrame({"segment": ["lost"], "customers": [3]}))
    >>> html.count('<td style="text-align: left;">lost</td>')
    1
    """
    df = require_frame(df, "df")
    max_rows = pd.get_option("display.max_rows")
    if max_rows and len(df) > max_rows:  # a long table shows its first and last rows, as usual
        max_rows = pd.get_option("display.min_rows") or max_rows
    html = df.to_html(max_rows=max_rows, max_cols=pd.get_option("display.max_columns"),
                      show_dimensions=pd.get_option("display.show_dimensions"),
                      notebook=True)
    max_cols = pd.get_option("display.max_columns")
    left = _text_columns(df)
    text_index = df.index.nlevels == 1 and bool(_text_columns(df.index.to_frame()))
    if max_cols and df.shape[1] > max_cols:  # columns left out: the positions shift
        left = set()
    if not left and not text_index:
        return html

    skip = df.index.nlevels  # the index's header cells come first in a header row

    def align(row: re.Match) -> str:
        cells = row.group(0).split("<td>")
        return cells[0] + "".join((LEFT if i in left else "<td>") + cell
                                  for i, cell in enumerate(cells[1:]))

    def align_header(row: re.Match) -> str:
        cells = row.group(0).split("<th>")
        return cells[0] + "".join((LEFT_HEAD if i - skip in left else "<th>") + cell
                                  for i, cell in enumerate(cells[1:]))

    head, sep, body = html.partition("</thead>")
    if sep and df.columns.nlevels == 1:
        head = _ROW.sub(align_header, head)
    body = _ROW.sub(align, body)
    if text_index:  # row labels that are words read from the left too
        body = body.replace("<tr>\n      <th>", "<tr>\n      " + LEFT_HEAD)
    return head + sep + body


def full_text_tables() -> None:
    """Show every table of the lesson with its texts in full and left-aligned: sets pandas'
    ``display.max_colwidth`` to None and, in a notebook, shows each DataFrame through
    :func:`table_html`. Outside a notebook it only sets the option.

    Examples
    --------
    >>> full_text_tables()
    >>> pd.get_option("display.max_colwidth") is None
    True
    """
    pd.set_option("display.max_colwidth", None)
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython comes with Jupyter
        return
    shell = get_ipython()
    if shell is not None:
        shell.display_formatter.formatters["text/html"].for_type(pd.DataFrame, table_html)
