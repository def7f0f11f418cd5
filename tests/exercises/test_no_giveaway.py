"""Nothing is given away (STYLE.md, "The student's path"): no exercise's answer is printed,
plotted in a chart's text or stored in a table on screen before the exercise asks for it.

Every lesson notebook with exercises is run once without a kernel (lesson_run_support.py),
keeping what each code cell shows: printed text, the value of its last line (HTML or Markdown
and plain text) and the texts of its charts (titles, labels, bar labels, legends). For each
exercise, on the shipped data, with the reference answer from ``exercise.expected()``:

- numbers: a number answer, or a number of a table answer, of three or more significant
  digits, appears in what an earlier cell showed, at the precision shown there (257; 0.147
  shown as 0.147, 14.7% or 14.7); thousands commas, euro signs and percent signs are read;
- labels: the items of a list answer all appear in one printed sentence or chart text, or a
  table answer's label appears on one line with the text that identifies its row;
- stored: the answer is a selection of a table the lesson built before the exercise (a table
  answer equal to some of the columns and rows of a table in the namespace; a count or share
  equal to the sum or mean of a True/False column).

An entry of ALLOWED skips one finding: an exercise, a kind of finding and the id of the cell
that shows it ("" for a stored finding); each says why.
"""

from __future__ import annotations

import re
from functools import cache

import numpy as np
import pandas as pd
import pytest
from lesson_run_support import LessonRun, lesson_paths, run_lesson

# (exercise id, kind of finding, cell id) -> why it is not a give-away
ALLOWED: dict[tuple[str, str, str], str] = {
    ("02.winback_count", "number", "ddf52e04"):
        "the 257.0 in the k-means cluster table is a cluster's mean, not a count of customers, "
        "and equals the answer by chance on the shipped data",
}

Finding = tuple[int | None, str]  # (index of the cell that shows it, or None; what it is)
NUMBER = re.compile(r"(?<![\w.])-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:\s?%)?")


def significant_digits(token: str) -> int:
    """Significant digits of a number as shown: '257' 3, '0.147' 3, '14.7%' 3, '1,000' 1."""
    digits = token.strip("%- ").replace(",", "")
    whole, _, decimals = digits.partition(".")
    if decimals:
        return len((whole + decimals).lstrip("0"))
    return len(whole.strip("0")) if whole.strip("0") else 0


def shown_numbers(text: str) -> list[tuple[str, float, int, bool]]:
    """(token, value, decimals shown, is a percentage) of every number in `text`."""
    found = []
    for m in NUMBER.finditer(text):
        token = m.group(0)
        digits = token.rstrip("% ").replace(",", "")
        decimals = len(digits.partition(".")[2])
        found.append((token, float(digits), decimals, token.endswith("%")))
    return found


@cache
def shown_keys(text: str) -> dict[tuple[int, bool], dict[int, str]]:
    """The numbers of `text` with 3+ significant digits, by (decimals shown, is a percentage):
    each as an integer count of its last shown digit (0.147 -> 147), mapped to its token."""
    keys: dict[tuple[int, bool], dict[int, str]] = {}
    for token, shown, decimals, is_percent in shown_numbers(text):
        if significant_digits(token) >= 3:
            keys.setdefault((decimals, is_percent), {})[round(shown * 10 ** decimals)] = token
    return keys


def number_shown(value: float, text: str, percent: bool = False) -> str | None:
    """The token of `text` that shows `value` at its own precision (3+ significant digits)."""
    if not np.isfinite(value):
        return None
    for (decimals, is_percent), tokens in shown_keys(text).items():
        scales = [100.0] if is_percent else ([1.0, 100.0] if percent else [1.0])
        for scale in scales:
            token = tokens.get(round(abs(value) * scale * 10 ** decimals))
            if token is not None:
                return token
    return None


def answer_numbers(expected) -> list[float]:
    """The numbers of a reference answer: itself, or every number of a table answer."""
    if isinstance(expected, (bool, np.bool_)) or expected is None:
        return []
    if isinstance(expected, (int, float, np.number)):
        return [float(expected)]
    if isinstance(expected, (pd.Series, pd.DataFrame)):
        frame = expected.to_frame() if isinstance(expected, pd.Series) else expected
        numbers = frame.select_dtypes("number")
        return [float(v) for v in numbers.to_numpy().ravel()]
    return []


def number_findings(exercise, expected, shown: list[tuple[int, str]]) -> list[Finding]:
    """Where the answer's numbers are shown; a table answer only when all of them are."""
    values = [v for v in answer_numbers(expected) if significant_digits(f"{abs(v):.6g}") >= 3]
    percent = bool(getattr(exercise.rule, "percent", False))
    found = []
    for v in values:
        hits = [(i, number_shown(v, text, percent)) for i, text in shown]
        hits = [(i, f"{v:g} is shown as {t!r} by cell {i}") for i, t in hits if t]
        if not hits and len(values) > 1:
            return []
        found += hits
    return found


def sentences(text: str) -> list[str]:
    """Lines that are not rows of a table (a table row holds two runs of spaces)."""
    return [line for line in text.splitlines() if not re.search(r"\S\s{2,}\S.*\s{2,}\S", line)]


def label_findings(exercise, expected, shown: list[tuple[int, str]]) -> list[Finding]:
    found = []
    items = expected if isinstance(expected, (list, tuple, set)) else None
    if items and all(isinstance(x, str) for x in items):
        for i, text in shown:
            for line in sentences(text):
                if all(re.search(rf"\b{re.escape(x)}\b", line, re.I) for x in items):
                    found.append((i, f"all of {sorted(items)} are named in cell {i}: "
                                      f"{line.strip()!r}"))
    if isinstance(expected, pd.DataFrame):
        text_cols = [c for c in expected.columns
                     if not pd.api.types.is_numeric_dtype(expected[c])]
        for label in text_cols:
            for row in expected.itertuples(index=False):
                row = row._asdict()
                keys = [str(row[c]) for c in text_cols if c != label]
                for i, text in shown:
                    if keys and any(all(k in line for k in keys) and str(row[label]) in line
                                    for line in text.splitlines()):
                        found.append((i, f"{row[label]!r} is shown beside {keys[0]!r} by "
                                         f"cell {i}"))
    return found


def selections(value, reference):
    """Ways to take `reference`'s columns and rows from one table `value`, without reasoning."""
    if not isinstance(value, pd.DataFrame):
        return
    ref = reference.to_frame() if isinstance(reference, pd.Series) else reference
    table = value
    names = [n for n in ref.index.names if n is not None]
    if names and all(n in table.columns for n in names):
        table = table.set_index(names)
    wanted = [c for c in ref.columns]
    if not set(wanted) <= set(table.columns):
        return
    keys = [c for c in wanted if c in table.columns and ref[c].dtype != float][:1]
    if keys and len(table) != len(ref):
        table = table[table[keys[0]].isin(ref[keys[0]])]
    if len(table) == len(ref):
        picked = table[wanted]
        yield picked[wanted[0]] if isinstance(reference, pd.Series) else picked


def stored_findings(exercise, expected, namespace: dict) -> list[Finding]:
    found = []
    for name, value in namespace.items():
        if name.startswith("_") or not isinstance(value, pd.DataFrame):
            continue
        if isinstance(expected, (pd.DataFrame, pd.Series)):
            for candidate in selections(value, expected):
                if exercise.rule.compare(candidate, expected).correct:
                    found.append((None, f"selecting columns of `{name}` gives the answer"))
        elif exercise.kind == "number":
            for col in value.select_dtypes(bool).columns:
                for how in ("sum", "mean"):
                    if exercise.rule.compare(getattr(value[col], how)(), expected).correct:
                        found.append((None, f"`{name}[{col!r}].{how}()` gives the answer"))
    return found


def giveaways(run: LessonRun, allowed=ALLOWED) -> list[str]:
    """Every finding of every exercise of the lesson run, not allowed."""
    report = []
    for stop in run.stops:
        exercise = stop.exercise
        if not exercise.graded:
            continue
        expected = exercise.expected()
        shown = run.shown_before(stop.index)
        for kind, found in (("number", number_findings(exercise, expected, shown)),
                            ("label", label_findings(exercise, expected, shown)),
                            ("stored", stored_findings(exercise, expected, stop.namespace))):
            found = [msg for i, msg in found
                     if (exercise.id, kind, run.cell_ids.get(i, "")) not in allowed]
            if found:
                report.append(f"{exercise.id} ({kind}, asked in cell {stop.index}): "
                              + "; ".join(found))
    return report


@pytest.mark.parametrize("path", lesson_paths(), ids=lambda p: p.stem)
def test_no_answer_is_shown_or_stored_before_its_exercise_asks_for_it(path):
    report = giveaways(run_lesson(path))
    assert not report, f"{path.name}:\n" + "\n".join(report)


def test_every_allowed_entry_says_why_and_names_a_real_exercise():
    from crm_lessons.exercises import all_exercises

    ids = {e.id for e in all_exercises()}
    for (exercise_id, kind, _cell), why in ALLOWED.items():
        assert exercise_id in ids and kind in ("number", "label", "stored")
        assert len(why.split()) >= 6, f"{exercise_id}: say why in a sentence"


# ---- the test can fail ------------------------------------------------------------------------

SET_UP = ("from crm_lessons import load_store\n"
          "from crm_lessons.exercises import ____, lesson00 as ex\nstore = load_store()")
EARLY = ("referred = store.customers.assign(came_by_referral=store.customers['channel'] == "
         "'referral')\nshare = referred['came_by_referral'].mean()\n"
         "print(f'{share:.2%} of customers came through a referral.')")
EXERCISE = "answer = ____\nex.referral_share.check(answer)"


def made_up_lesson(folder, cells):
    import nbformat

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    path = folder / "97_made_up.ipynb"
    nbformat.write(nb, path)
    return path


def test_a_made_up_lesson_that_prints_and_stores_an_answer_early_fails(tmp_path):
    (tmp_path / "early").mkdir()
    (tmp_path / "late").mkdir()
    early = run_lesson(made_up_lesson(tmp_path / "early", [SET_UP, EARLY, EXERCISE]))
    report = giveaways(early)
    assert [r.split(" (")[0] for r in report] == ["00.referral_share"] * 2
    assert "(number, asked in cell 2)" in report[0] and "by cell 1" in report[0]
    assert "`referred['came_by_referral'].mean()` gives the answer" in report[1]
    allowed = {("00.referral_share", "number", early.cell_ids[1]): "a reason written here",
               ("00.referral_share", "stored", ""): "a reason written here"}
    assert giveaways(early, allowed=allowed) == []
    late = run_lesson(made_up_lesson(tmp_path / "late", [SET_UP, EXERCISE, EARLY]))
    assert giveaways(late) == []


def test_numbers_are_matched_at_the_precision_shown():
    assert number_shown(257, "257 of them are worth winning back") == "257"
    assert number_shown(0.14712, "a share of 14.7% of customers") == "14.7%"
    assert number_shown(0.14712, "a share of 0.147", percent=True) == "0.147"
    assert number_shown(0.14712, "a share of 14.7 per hundred", percent=True) == "14.7"
    assert number_shown(21343.2, "€21,343 (181)") == "21,343"
    assert number_shown(0.14712, "about 15% of them") is None  # two significant digits
    assert number_shown(0.14712, "a share of 0.148") is None
    assert number_shown(257, "customer 1257 and 2,570 orders") is None


def test_labels_named_together_in_a_sentence_or_beside_their_row_are_found():
    from crm_lessons.exercises.by_kind import SetExercise

    made_up = SetExercise(lesson="98", name="made_up_set", question="Which?",
                          expected=lambda s: ["referral", "partner"], solution="answer = []")
    shown = [(4, "Referral and partner customers are over-represented.")]
    assert label_findings(made_up, ["referral", "partner"], shown)
    table = [(4, "channel     index\nreferral    150\npartner     120")]
    assert label_findings(made_up, ["referral", "partner"], table) == []
    tasks = pd.DataFrame({"task_id": [5], "task": ["An analyst scores customers"],
                          "crm_type": ["analytical"]})
    row = [(2, "5  An analyst scores customers  analytical")]
    found = [msg for _, msg in label_findings(made_up, tasks, row)]
    assert "'analytical' is shown beside 'An analyst scores customers' by cell 2" in found
    assert label_findings(made_up, tasks, [(2, "5  An analyst scores customers  ?")]) == []
