"""The messages of a table check: wrong type, wrong columns, wrong number of rows, wrong values,
and (for a table of labels the student chose) wrong labels reported by row only."""

from __future__ import annotations

import numbers
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from crm_lessons.exercises.kinds.describe import describe, join, none_message, show
from crm_lessons.exercises.kinds.table_frames import kind_of

__all__ = ["Labels", "type_problem", "column_message", "row_count_message", "value_category", "value_message",
           "label_message", "series_message"]


@dataclass(frozen=True)
class Labels:
    """A table whose `column` holds labels the student chose (a classification).

    A wrong label is reported by its row only (the `row_id` column's value, after `row_word`):
    showing the expected label would give the classification away. Labels outside `allowed`
    are named, with the allowed ones; otherwise `advice` says how to rethink.
    """

    column: str
    allowed: Sequence[str]
    row_id: str
    row_word: str = "row"
    advice: str = ""


def type_problem(answer: Any, reference: Any) -> str:
    want = "a column (Series)" if isinstance(reference, pd.Series) else "a table (DataFrame)"
    if answer is None:
        return none_message(want)
    if isinstance(answer, str):
        return (f"Your answer is {describe(answer)}, but the question wants {want}. Give the "
                "table itself, not its name or printed text.")
    if isinstance(answer, (numbers.Number, np.generic)):
        return (f"Your answer is {describe(answer)}, one number, but the question wants "
                f"{want}: keep one row per group instead of reducing everything to one value "
                "(e.g. groupby(...).sum() rather than .sum()).")
    if isinstance(answer, (list, tuple, set, dict, np.ndarray)):
        return (f"Your answer is {describe(answer)}, but the question wants {want}. Build it "
                "with pandas (e.g. a groupby) so that rows keep their labels.")
    return f"Your answer is {describe(answer)}, but the question wants {want}."


def regroup_message(regroup: tuple[str, str]) -> str:
    """The rows are one per another column than the expected key: group by the key.

    >>> regroup_message(("topic", "channel"))
    " The rows should be one per 'topic': group by that column (`groupby('topic')`) instead of 'channel'."
    """
    key, used = regroup
    return (f" The rows should be one per {key!r}: group by that column "
            f"(`groupby({key!r})`) instead of {used!r}.")


def series_message(answer: pd.Series, wanted: list[str], renames: dict[str, str],
                   regroup: tuple[str, str] | None) -> str:
    """A Series where a table is expected: one column, and how to build the table (never
    `.rename(columns=...)`, which a Series does not take)."""
    name = f" named {answer.name!r}" if answer.name is not None else ""
    msg = (f"Your answer is one column (Series){name}, but the question wants a table of the "
           f"column{'s' if len(wanted) > 1 else ''} {join(wanted)}.")
    if regroup is not None:
        msg += regroup_message(regroup)
    if len(wanted) > 1:
        pairs = ", ".join(f"{w}=('column', 'function')" for w in wanted[:3])
        msg += (" Build all of them in one step with named aggregation: "
                f"`.agg({pairs})`, one (column, function) pair per result column.")
    elif wanted:
        right = " Its values are right." if renames else ""
        msg += (f"{right} When this one column is the whole answer, make it a table with "
                f"`.to_frame({wanted[0]!r})`.")
    return msg


def column_message(missing: list[str], extra: list[str], ref_keys: list[str],
                   ans_keys: list[str], renames: dict[str, str] | None = None,
                   regroup: tuple[str, str] | None = None) -> str:
    """Which columns are missing or extra; a rename is suggested only for `renames`, the
    {extra: missing} pairs whose values were found to match; `regroup` (expected key, the
    column grouped by instead) says the rows should be one per the key."""
    parts = []
    if missing:
        parts.append(f"is missing the column{'s' if len(missing) > 1 else ''} {join(missing)}")
    if extra:
        parts.append(f"has {'extra columns' if len(extra) > 1 else 'an extra column'} "
                     f"{join(extra)}")
    msg = "Your table " + " and ".join(parts) + "."
    lower_extra = {e.strip().lower(): e for e in extra}
    near = [(m, lower_extra[m.strip().lower()]) for m in missing
            if m.strip().lower() in lower_extra]
    if near:
        m, e = near[0]
        msg += f" Names must match exactly: rename {e!r} to {m!r}."
    elif regroup is not None:
        msg += regroup_message(regroup)
    elif ("index" in extra or not ans_keys) and missing and set(missing) <= set(ref_keys):
        msg += (f" If your index holds the {missing[0]} values, it has lost its name: name it "
                f"with `.rename_axis({missing[0]!r})`, or group by that column.")
    elif renames:
        pairs = ", ".join(f"{e!r}: {m!r}" for e, m in renames.items())
        held = " and ".join(f"{e!r} holds the values expected in {m!r}"
                            for e, m in renames.items())
        msg += f" Your column {held}: rename with `.rename(columns={{{pairs}}})`."
    elif missing and extra:
        msg += (" None of the columns you added holds the values expected in "
                f"{join(missing)}: check which column you aggregated, and how (.count(), .sum(), .mean()), then "
                "name the result as the question does.")
    elif missing and not extra:
        msg += " Did you select only some columns, or aggregate them away?"
    elif extra and not missing:
        msg += " Keep only the columns the question asks for."
    return msg


def row_count_message(ans: pd.DataFrame, ref: pd.DataFrame, keys: list[str]) -> str:
    n_a, n_r = len(ans), len(ref)
    msg = (f"Your table has {n_a:,} row{'s' if n_a != 1 else ''}, but the expected one has "
           f"{n_r:,}.")
    if keys and all(k in ans.columns for k in keys):
        try:
            def tuples(df: pd.DataFrame) -> dict:
                rows = df[keys].astype(object).to_numpy().tolist()
                return {tuple(str(v) for v in r): ", ".join(show(v) for v in r) for r in rows}

            a_keys, r_keys = tuples(ans), tuples(ref)
            lost = [r_keys[k] for k in r_keys if k not in a_keys]
            more = [a_keys[k] for k in a_keys if k not in r_keys]
            if lost:
                msg += (f" Missing: the row{'s' if len(lost) > 1 else ''} for "
                        f"{', '.join(keys)} = {'; '.join(lost[:3])}"
                        f"{' and more' if len(lost) > 3 else ''}.")
            if more:
                msg += (f" Not expected: the row{'s' if len(more) > 1 else ''} for "
                        f"{', '.join(keys)} = {'; '.join(more[:3])}"
                        f"{' and more' if len(more) > 3 else ''}.")
        except Exception:  # pragma: no cover - keys of mixed types
            pass
    if n_a > n_r:
        msg += " Check for duplicates, or a filter you forgot."
    else:
        msg += " Check your filter: did it drop rows it should keep?"
    return msg


def value_message(ans: pd.DataFrame, ref: pd.DataFrame, mask: pd.DataFrame,
                  keys: list[str], row_labels: Sequence[Any] | None = None,
                  unnamed: str | None = None) -> tuple[str, str]:
    """Which rows and columns differ, and which way; a row without keys is named by its label
    in the student's table (`row_labels`, one per row of `ans`), else by its position from 0.
    `unnamed` is the column that stands for the values of an unnamed Series: it is called
    "the value", not a column."""
    bad_rows = np.flatnonzero(mask.to_numpy().any(axis=1))
    bad_cols = [c for c in mask.columns if mask[c].any()]
    n = len(bad_rows)
    lines = []
    for i in bad_rows[:3]:
        label = (", ".join(f"{k}={show(ref.at[i, k])}" for k in keys) if keys
                 else f"row {show(row_labels[i]) if row_labels is not None else i}")
        for c in [c for c in bad_cols if mask.at[i, c]]:
            lines.append(f"  {label}: {'the value' if c == unnamed else c} is "
                         f"{show(ans.at[i, c])}, "
                         f"{how_far(ans.at[i, c], ref.at[i, c])}")
    where = ("in their values" if bad_cols == [unnamed] else
             f"in column{'s' if len(bad_cols) > 1 else ''} {join(bad_cols)}")
    msg = (f"Your table has the right shape, but {n:,} row{'s' if n != 1 else ''} "
           f"differ{'s' if n == 1 else ''}, {where}.")
    numeric_bad = [c for c in bad_cols if kind_of(ref[c]) == "num"]
    if numeric_bad:
        c = numeric_bad[0]
        a = ans[c].astype("float64").to_numpy()
        r = ref[c].astype("float64").to_numpy()
        ok = np.isfinite(a) & np.isfinite(r) & (r != 0)
        if ok.any():
            ratio = np.median(a[ok] / r[ok])
            if abs(ratio - 1) > 1e-3 and np.allclose(a[ok], r[ok] * ratio, rtol=1e-3):
                msg += factor_message(c, ratio)
        counted = (np.isfinite(a) & np.isfinite(r)).any() and np.all(
            np.mod(a[np.isfinite(a)], 1) == 0) and not np.all(np.mod(r[np.isfinite(r)], 1) == 0)
        rounded = _rounded_to(a, r)
        if rounded is not None and not counted:
            msg += (f" Your values{'' if c == unnamed else ' of ' + repr(c)} look like the right ones rounded to {rounded}: "
                    "don't round the answer (round only when you show a table).")
        if counted:
            msg += (f" Your values{'' if c == unnamed else ' of ' + repr(c)} are all whole numbers, like counts, where the "
                    "expected ones are not: check how you combined each group's rows. "
                    "Counting rows (.count(), .size(), value_counts()) or adding up a "
                    "True/False column gives whole numbers; adding up an amount (.sum()) or "
                    "taking a share or an average (.mean()) does not.")
    shown = "" if n <= 3 else f" (the first 3 of {n:,})"
    return msg + f" Where they differ{shown}:", "\n".join(lines)


def value_category(ans: pd.DataFrame, ref: pd.DataFrame, mask: pd.DataFrame,
                   keys: list[str]) -> str:
    """The kind of mistake :func:`value_message` describes: "wrong-rows" when a row's key
    differs (other rows than the expected ones), "rounding" or "percent-fraction" when the
    first differing numeric column is the right one rounded or 100 times off, else
    "wrong-values"."""
    bad_cols = [c for c in mask.columns if mask[c].any()]
    if any(c in keys for c in bad_cols):
        return "wrong-rows"
    numeric_bad = [c for c in bad_cols if kind_of(ref[c]) == "num"]
    if not numeric_bad:
        return "wrong-values"
    a = ans[numeric_bad[0]].astype("float64").to_numpy()
    r = ref[numeric_bad[0]].astype("float64").to_numpy()
    fine = np.isfinite(a) & np.isfinite(r) & (r != 0)
    if fine.any():
        ratio = np.median(a[fine] / r[fine])
        if (min(abs(ratio / 100 - 1), abs(ratio * 100 - 1)) < 0.01
                and np.allclose(a[fine], r[fine] * ratio, rtol=1e-3)):
            return "percent-fraction"
    counted = (np.isfinite(a) & np.isfinite(r)).any() and np.all(
        np.mod(a[np.isfinite(a)], 1) == 0) and not np.all(np.mod(r[np.isfinite(r)], 1) == 0)
    if _rounded_to(a, r) is not None and not counted:
        return "rounding"
    return "wrong-values"


def _rounded_to(a: np.ndarray, r: np.ndarray) -> str | None:
    """How many decimals the answer's values are the reference's rounded to (None if not)."""
    ok = np.isfinite(a) & np.isfinite(r)
    if not ok.any() or np.allclose(a[ok], r[ok], rtol=1e-9, atol=0):
        return None
    for d in range(5):
        if np.allclose(a[ok], np.round(r[ok], d), rtol=1e-9, atol=1e-12):
            return f"{d} decimal{'s' if d != 1 else ''}"
    return None


# Factors a slip typically makes: naming them teaches; naming any other factor would let the
# student divide their way to the answer.
_TELLING = {100: "percent against a fraction?", 1000: "thousands?", 7: "days against weeks?",
            12: "months against years?", 52: "weeks against years?",
            365: "days against years?", 2: "added in twice?"}


def factor_message(column: str, ratio: float) -> str:
    """Every value off by one factor: name it only when it is a telling one.

    >>> factor_message("share", 100.0)
    " Every value of 'share' is 100 times too high (percent against a fraction?): check the unit or the formula."
    """
    for factor, why in _TELLING.items():
        for f, way in ((factor, "high"), (1 / factor, "low")):
            if abs(ratio / f - 1) < 0.01:
                return (f" Every value of {column!r} is {factor:,} times too {way} ({why}): "
                        "check the unit or the formula.")
    return f" Every value of {column!r} is off by the same factor: check the unit or the formula."


def how_far(a: Any, r: Any) -> str:
    """Which way a wrong value is off, without the right value (that would give it away).

    >>> how_far(10.0, 40.0), how_far(39.0, 40.0), how_far("x", "y")
    ('much too low (under half of the right value)', 'a little too low', 'not the right value')
    """
    if isinstance(a, (pd.Timestamp, np.datetime64)) and isinstance(r, (pd.Timestamp,
                                                                          np.datetime64)):
        if pd.isna(a) or pd.isna(r):
            return "missing" if pd.isna(a) else "should be missing"
        return "later than the right date" if a > r else "earlier than the right date"
    try:
        af, rf = float(a), float(r)
    except (TypeError, ValueError):
        return "not the right value"
    if not (np.isfinite(af) and np.isfinite(rf)) or rf == 0 or af == 0 or (af > 0) != (rf > 0):
        return "not the right value" if np.isfinite(af) else "missing or infinite"
    q = af / rf
    if q < 0.5:
        return "much too low (under half of the right value)"
    if q > 2:
        return "much too high (over twice the right value)"
    if abs(q - 1) < 0.05:
        return "a little too low" if q < 1 else "a little too high"
    return "too low" if q < 1 else "too high"


def _and(items: Sequence[str]) -> str:
    quoted = [repr(i) for i in items]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]


def label_message(ans: pd.DataFrame, ref: pd.DataFrame, mask: pd.DataFrame,
                  labels: Labels) -> tuple[str, str]:
    """How many labels are wrong and in which rows, without the right labels."""
    wrong = mask.to_numpy().any(axis=1)
    n = int(wrong.sum())
    ids = (ref.loc[wrong, labels.row_id].astype(int).astype(str).tolist()
           if labels.row_id in ref.columns else [str(i + 1) for i in wrong.nonzero()[0]])
    where = f"{labels.row_word}{'s' if n != 1 else ''} {', '.join(ids)}"
    msg = f"{n} of the {len(ref)} labels {'are' if n != 1 else 'is'} not right yet: {where}."
    given = set(ans[labels.column].astype(str)) if labels.column in ans.columns else set()
    unknown = sorted(given - set(labels.allowed))
    if unknown:
        msg += (f" Use only the labels {_and(labels.allowed)}, in lower case; you also wrote "
                f"{', '.join(repr(u) for u in unknown)}.")
    elif labels.advice:
        msg += f" {labels.advice}"
    return msg, ""
