"""Tables and columns: compared cell by cell after lining up index, columns and rows."""

from __future__ import annotations

from typing import Any

import pandas as pd

from crm_lessons.exercises.kinds.base import Kind, Verdict, no, ok
from crm_lessons.exercises.kinds.describe import describe, join
from crm_lessons.exercises.kinds.table_frames import (
    IndexClash,
    as_frame,
    comparable,
    diff_mask,
    exact_columns,
    flatten,
    kind_of,
    meaningful_index,
    order_rows,
)
from crm_lessons.exercises.kinds.table_messages import (
    Labels,
    column_message,
    label_message,
    row_count_message,
    series_message,
    type_problem,
    value_category,
    value_message,
)

__all__ = ["TableKind", "Labels"]

_KIND_NAMES = {"num": "numbers", "bool": "True/False values", "date": "dates",
               "text": "text/labels"}


class TableKind(Kind):
    """A table (DataFrame) or a column (Series).

    Parameters
    ----------
    ordered : bool
        False (default) ignores the order of the rows; True requires the same order
        (for "sort by ..." or "top 5" questions).
    rtol : float
        Relative tolerance for numeric values (default 1e-4); ``atol`` absolute (default 1e-9).
    check_names : bool
        True (default): column names (and a Series' name) must match.
    labels : Labels, optional
        The table holds labels the student chose: a wrong label is reported by row only.

    An index that carries information (it has a name, or holds labels) counts as a column:
    a table with ``customer_id`` as a column instead of the index, or the other way round,
    is accepted, because the numbers a student reads are the same. Unnamed row numbers
    (0, 1, 2, ...) are ignored, so a filtered table need not be re-indexed. A one-column
    DataFrame is accepted where a Series is expected (and a Series where a one-column table is
    expected when ``check_names=False``). A Series without a name is accepted where a named one
    is expected (the message says how to name it); a Series with another name is not, and the
    message says whether its values are right.

    >>> ref = pd.Series([3.0, 5.0], index=pd.Index([1, 2], name="customer_id"), name="revenue")
    >>> TableKind().compare(ref.reset_index(), ref).correct
    True
    """

    name = "table"
    wanted = "a table (DataFrame) or a column (Series)"

    def __init__(self, *, ordered: bool = False, rtol: float = 1e-4, atol: float = 1e-9,
                 check_names: bool = True, labels: Labels | None = None) -> None:
        self.ordered = bool(ordered)
        self.rtol = float(rtol)
        self.atol = float(atol)
        self.check_names = bool(check_names)
        self.labels = labels

    def normalise(self, value: Any, owner: str) -> Any:
        if not isinstance(value, (pd.DataFrame, pd.Series)):
            raise TypeError(f"expected() of {owner} must return a DataFrame or Series, "
                            f"not {type(value).__name__}")
        return value

    def compare(self, answer: Any, reference: Any) -> Verdict:
        if not isinstance(answer, (pd.DataFrame, pd.Series)):
            return no(type_problem(answer, reference), category="type")
        aligned = self._align(answer, reference)
        if isinstance(aligned, Verdict):
            return aligned
        ans, notes = aligned
        named = self._name_problem(ans, reference)
        if named is not None:
            return named
        try:
            ans_f, ref_f, ans_keys, ref_keys = self._flatten_pair(ans, reference)
        except IndexClash as clash:
            return no(str(clash), hint=False, category="wrong-columns")
        problem, category = self._shape_problem(ans_f, ref_f, ans_keys, ref_keys)
        if problem.startswith(("Your table is missing", "Your table has an extra",
                               "Your table has extra")):
            problem = self._column_problem(ans_f, ref_f, ans_keys, ref_keys,
                                           ans if isinstance(ans, pd.Series)
                                           and isinstance(reference, pd.DataFrame) else None)
        if problem:
            return no(problem, category=category)
        labels = None if ref_keys or meaningful_index(ans.index) else list(ans.index)
        unnamed = "value" if isinstance(reference, pd.Series) and reference.name is None else None
        return self._compare_values(ans_f[list(ref_f.columns)], ref_f, ref_keys, notes, labels,
                                    unnamed)

    def _align(self, ans: Any, ref: Any) -> Verdict | tuple[Any, list[str]]:
        """A Series where a one-column table is expected (or the other way round), and a
        Series without a name: accepted, with a note."""
        notes = []
        wide = _long_from_wide(ans, ref)
        if wide is not None:
            ans = wide
            notes.append("(Your answer is a wide table of the expected numbers, one level as "
                         "rows and the other as columns; that is fine here.)")
        if isinstance(ref, pd.Series) and isinstance(ans, pd.DataFrame):
            if ans.shape[1] == 1:
                ans = ans.iloc[:, 0]
                notes.append("(Your answer is a one-column table where a Series was expected; "
                             "that is fine here.)")
            elif not (meaningful_index(ref.index) and ref.name is not None
                      and ref.name in ans.columns and ans.shape[1] <= ref.index.nlevels + 1):
                # (an index given as a column is handled by flattening)
                return no(
                    f"Your answer is {describe(ans)}, but the question wants a single column "
                    f"(Series){' named ' + repr(ref.name) if ref.name is not None else ''}. "
                    "Select it with df['column'].", category="wrong-columns")
        if isinstance(ref, pd.DataFrame) and isinstance(ans, pd.Series) and ref.shape[1] == 1 \
                and not self.check_names:
            ans = ans.to_frame(name=ref.columns[0])
        if isinstance(ref, pd.Series) and isinstance(ans, pd.Series):
            if ref.name is None:
                ans = ans.rename(None)  # the reference has no name, so the name cannot matter
            elif ans.name is None:
                # an unnamed Series is not a wrong name: accept it, and say how to name it
                ans = ans.rename(ref.name)
                notes.append(f"(Your Series has no name; `.rename({ref.name!r})` would give it "
                             "the expected one.)")
        return ans, notes

    def _name_problem(self, ans: Any, ref: Any) -> Verdict | None:
        """A Series with another name than the expected one: say whether its values are right."""
        if not (isinstance(ref, pd.Series) and isinstance(ans, pd.Series) and self.check_names
                and ans.name != ref.name and ref.name is not None):
            return None
        rename = f"`.rename({ref.name!r})`"
        same = self.compare(ans.rename(ref.name), ref)
        if same.correct:
            return no(f"The values are right, but your Series is named {ans.name!r}; "
                      f"the question names it {ref.name!r}. Add {rename}.", hint=False,
                      category="wrong-columns")
        # the values are wrong too: a rename would not fix them, so do not suggest one
        return no(f"Your Series is named {ans.name!r}, not {ref.name!r}, and its values "
                  "differ too, so renaming it would not fix it: check which column you took "
                  f"and how you combined it. {same.message}", same.details,
                  category=same.category or "other")

    def _flatten_pair(self, ans: Any, ref: Any) -> tuple[pd.DataFrame, pd.DataFrame, list, list]:
        """Both as tables with string column names and the index levels as key columns."""
        default = ref.name if isinstance(ref, pd.Series) and ref.name is not None else "value"
        ref_f, ref_keys = flatten(as_frame(ref, default))
        ans_f, ans_keys = flatten(as_frame(ans, default if not self.check_names else "value"))
        if isinstance(ref, pd.Series) and not self.check_names \
                and ans_f.shape[1] == ref_f.shape[1] \
                and set(map(str, ans_f.columns)) != set(map(str, ref_f.columns)):
            # names do not matter: line up the answer's columns by position
            ans_f = ans_f.set_axis(ref_f.columns, axis=1)
        ref_f = ref_f.set_axis([str(c) for c in ref_f.columns], axis=1)
        ans_f = ans_f.set_axis([str(c) for c in ans_f.columns], axis=1)
        return ans_f, ref_f, ans_keys, ref_keys

    def _column_problem(self, ans_f: pd.DataFrame, ref_f: pd.DataFrame, ans_keys: list,
                        ref_keys: list, series: pd.Series | None = None) -> str:
        """Missing or extra columns, with a rename suggested only where it is the fix (and
        never to a Series, which is told how to become a table)."""
        missing = [c for c in ref_f.columns if c not in ans_f.columns]
        extra = [c for c in ans_f.columns if c not in ref_f.columns]
        renames = self._renames(ans_f, ref_f, ref_keys, missing, extra)
        regroup = _regroup(ans_f, ref_f, ans_keys, ref_keys, missing, extra)
        if regroup is not None and renames.get(regroup[1]) == regroup[0]:
            regroup = None  # the extra column holds the key's values: a rename is the fix
        if series is not None:
            keys = _row_keys(ref_f, ref_keys)
            wanted = [c for c in ref_f.columns if c not in keys and c not in ans_keys]
            return series_message(series, wanted, renames, regroup)
        return column_message(missing, extra, ref_keys, ans_keys, renames, regroup)

    def _renames(self, ans_f: pd.DataFrame, ref_f: pd.DataFrame, keys: list,
                 missing: list, extra: list) -> dict[str, str]:
        """{extra column: missing column} where the extra one holds the missing one's values."""
        if len(ans_f) != len(ref_f) or not all(k in ans_f.columns for k in keys):
            return {}
        found: dict[str, str] = {}
        for m in missing:
            for e in extra:
                if e in found or kind_of(ans_f[e]) != kind_of(ref_f[m]):
                    continue
                ans_sub = ans_f[keys + [e]].rename(columns={e: m})
                try:
                    same = self._compare_values(ans_sub, ref_f[keys + [m]], keys, []).correct
                except Exception:  # pragma: no cover - columns that cannot be compared
                    same = False
                if same:
                    found[e] = m
                    break
        return found

    @staticmethod
    def _shape_problem(ans_f: pd.DataFrame, ref_f: pd.DataFrame, ans_keys: list,
                       ref_keys: list) -> tuple[str, str]:
        """What is wrong with the columns, the number of rows or a column's type ('' if none),
        and the kind of mistake."""
        ref_cols, ans_cols = list(ref_f.columns), list(ans_f.columns)
        if len(set(ans_cols)) != len(ans_cols):
            dup = sorted({c for c in ans_cols if ans_cols.count(c) > 1})
            return (f"Your table has more than one column named {join(dup)}: "
                    "give each column its own name."), "wrong-columns"
        missing = [c for c in ref_cols if c not in ans_cols]
        extra = [c for c in ans_cols if c not in ref_cols]
        if missing or extra:
            return column_message(missing, extra, ref_keys, ans_keys), "wrong-columns"
        if len(ans_f) != len(ref_f):
            return row_count_message(ans_f, ref_f, ref_keys), "wrong-rows"
        for c in ref_cols:
            rk, ak = kind_of(ref_f[c]), kind_of(ans_f[c])
            if rk != ak and not ({rk, ak} <= {"num", "bool"}):
                return (f"Column {c!r} holds {_KIND_NAMES[ak]} in your table but "
                        f"{_KIND_NAMES[rk]} in the expected one. Check how you built it."
                        ), "wrong-values"
        return "", "other"

    def _compare_values(self, ans_f: pd.DataFrame, ref_f: pd.DataFrame, ref_keys: list,
                        notes: list[str], row_labels: list | None = None,
                        unnamed: str | None = None) -> Verdict:
        """Same columns and rows: compare the cells (in any row order unless `ordered`);
        `row_labels` are the labels of the student's rows, to name a differing row by."""
        ref_cols = list(ref_f.columns)
        ref_c = pd.DataFrame({c: comparable(ref_f[c]) for c in ref_cols})
        ans_c = pd.DataFrame({c: comparable(ans_f[c]) for c in ref_cols})
        order_by = ref_keys + [c for c in ref_cols if c not in ref_keys]
        if not self.ordered:
            ref_o, ans_o = order_rows(ref_c, order_by), order_rows(ans_c, order_by)
            ref_c, ref_f = ref_c.iloc[ref_o].reset_index(drop=True), ref_f.iloc[ref_o]
            ans_c, ans_f = ans_c.iloc[ans_o].reset_index(drop=True), ans_f.iloc[ans_o]
        exact = exact_columns(ref_f, ref_keys)
        mask = diff_mask(ans_c, ref_c, self.rtol, self.atol, exact)
        if not mask.to_numpy().any():
            return ok(" ".join(notes))
        if self.ordered and self._same_rows(ans_c, ref_c, order_by, exact):
            return no("Your table has the right rows, but in a different order. The "
                      "question asks for a specific order: check sort_values(...) and "
                      "ascending=True/False.", category="order")
        shown = (None if row_labels is None or len(row_labels) != len(ans_f)
                 else [row_labels[p] for p in ans_f.index])  # ans_f.index: positions after flatten
        ans_r, ref_r = ans_f.reset_index(drop=True), ref_f.reset_index(drop=True)
        if self.labels is not None:
            return no(*label_message(ans_r, ref_r, mask, self.labels), category="wrong-values")
        return no(*value_message(ans_r, ref_r, mask, ref_keys, shown, unnamed),
                  category=value_category(ans_r, ref_r, mask, ref_keys))

    def _same_rows(self, ans_c: pd.DataFrame, ref_c: pd.DataFrame, order_by: list,
                   exact: set[str]) -> bool:
        ref_s = ref_c.iloc[order_rows(ref_c, order_by)].reset_index(drop=True)
        ans_s = ans_c.iloc[order_rows(ans_c, order_by)].reset_index(drop=True)
        return not diff_mask(ans_s, ref_s, self.rtol, self.atol, exact).to_numpy().any()


def _long_from_wide(ans: Any, ref: Any) -> pd.Series | None:
    """A Series indexed by two named levels given as a wide table (``pivot_table`` or
    ``unstack``: one level as the rows, the other as the columns), back in the long form."""
    if not (isinstance(ref, pd.Series) and isinstance(ans, pd.DataFrame)
            and ref.index.nlevels == 2 and ans.index.nlevels == 1 and ans.columns.nlevels == 1):
        return None
    levels = list(ref.index.names)
    if None in levels or {ans.index.name, ans.columns.name} != set(levels):
        return None
    long = ans.stack(future_stack=True).reorder_levels(levels)
    return long.rename(ref.name)


def _row_keys(ref_f: pd.DataFrame, ref_keys: list) -> list:
    """The columns the expected rows are identified by: its index levels, else its text
    columns that hold a different value on every row."""
    if ref_keys:
        return list(ref_keys)
    return [c for c in ref_f.columns if kind_of(ref_f[c]) == "text" and ref_f[c].is_unique]


def _regroup(ans_f: pd.DataFrame, ref_f: pd.DataFrame, ans_keys: list, ref_keys: list,
             missing: list, extra: list) -> tuple[str, str] | None:
    """(expected key, the column the student grouped by instead) when a key is missing and
    an extra column looks like a grouping (the answer's index, or a text column)."""
    keys = [m for m in missing if m in _row_keys(ref_f, ref_keys)]
    used = [e for e in extra if e != "index"
            and (e in ans_keys or kind_of(ans_f[e]) == "text")]
    return (keys[0], used[0]) if keys and used else None
