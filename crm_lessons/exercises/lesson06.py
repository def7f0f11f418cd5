"""Exercises of lesson 06 (the capstone): the relationship investment plan and the hospital case.

Every reference answer is computed from the active store (the plan) or the hospital data (the
case) with the package's own helpers, so it follows the data (the shipped set or a seed
variant). The plan's inputs are computed once per store (``_PLAN``).
"""

from __future__ import annotations

import pandas as pd

from crm_lessons import attract, capstone, clv
from crm_lessons.data import load_hospital
from crm_lessons.data.hospital_schema import CONTACT_AREAS
from crm_lessons.exercises.binding import bind_exercises
from crm_lessons.exercises.by_kind import (
    ChoiceExercise,
    NumberExercise,
    ReflectionExercise,
    SetExercise,
)
from crm_lessons.exercises.kinds import Unnamed
from crm_lessons.exercises.session import ReferenceCache, notebook_variable

_PLAN = ReferenceCache()
DISCOUNT = 0.10   # the plan's base discount rate, as the lesson sets it
AREA_OPTIONS = {letter: area for letter, area in zip("ABCDE", CONTACT_AREAS, strict=True)}


def _inputs(store) -> tuple[pd.DataFrame, pd.DataFrame, float]:
    """(baseline, assumptions, acquisition cost) of the plan, as the lesson builds them."""
    def compute(s):
        lift = attract.campaign_lift(s.campaigns, s.contacts, by=None,
                                     campaign_type="retention")["lift"].iloc[0]
        baseline = capstone.segment_baseline(s.orders, s.order_lines, s.products, s.tickets,
                                             s.end_date)
        acq = attract.acquisition_cost_per_customer(s.campaigns, s.contacts, s.customers)
        return baseline, capstone.level_assumptions(lift), float(acq)
    return _PLAN.get("inputs", compute)


def _best(store, discount_rate: float = DISCOUNT, acq_share: float = 1.0) -> pd.DataFrame:
    baseline, assumptions, acq = _inputs(store)
    return capstone.best_levels(capstone.plan_values(baseline, assumptions, discount_rate,
                                                     acq * acq_share))


def _champion(store) -> pd.Series:
    baseline = _inputs(store)[0]
    return baseline.set_index("segment").loc["champions"]


def _pooled_change() -> float:
    """The naive change with both hospitals' patients pooled (a likely slip)."""
    shares = load_hospital().groupby("period", observed=True)["came_back"].mean()
    return float(shares["after"] - shares["before"])


def _hospital(store) -> dict:
    return capstone.did_interval(load_hospital(), "came_back")


def _same(value, reference) -> bool:
    if isinstance(reference, pd.DataFrame):
        if not isinstance(value, pd.DataFrame):
            return False
        try:
            pd.testing.assert_frame_equal(value.reset_index(drop=True),
                                          reference.reset_index(drop=True),
                                          check_dtype=False, rtol=1e-9)
        except (AssertionError, TypeError, ValueError):
            return False
        return True
    try:
        return abs(float(value) - float(reference)) <= 1e-9 * max(1.0, abs(float(reference)))
    except (TypeError, ValueError):
        return False


def _changed_inputs(store) -> str | None:
    """A line under a wrong answer when the notebook's `baseline`, `assumptions` or `acq_cost`
    is not what the lesson built (the checks always use the lesson's), else None."""
    changed = [f"`{name}`" for name, ref in zip(("baseline", "assumptions", "acq_cost"),
                                                _inputs(store), strict=True)
               if (value := notebook_variable(name)) is not None and not _same(value, ref)]
    if not changed:
        return None
    return (f"Note: your notebook's {' and '.join(changed)} "
            f"{'is' if len(changed) == 1 else 'are'} not what the lesson built, and the "
            "checks use the lesson's. Run again the cells that build them, and try your own "
            "numbers on a copy (`my_levels = assumptions.copy()`).")


# ---- 1. A segment's value and the cost of serving it ----------------------------------------

champion_value = NumberExercise(
    question="What is a champion worth at the basic level: the lifetime value (EUR) of one "
             "customer with the champions' margin and retention in `baseline`, at a 10% "
             "discount rate and no end date?",
    expected=lambda store: float(clv.simple_clv(_champion(store)["margin"],
                                                _champion(store)["retention"], DISCOUNT)),
    solution='champ = baseline.set_index("segment").loc["champions"]\n'
             'answer = clv.simple_clv(champ["margin"], champ["retention"], 0.10)',
    hint=['Pick the champions\' row: `baseline.set_index("segment").loc["champions"]`.',
          "Pass its margin and retention to `clv.simple_clv`, with 0.10 as the discount rate "
          "(a fraction, as in the example above)."],
    why="Lifetime value is the ceiling of what a relationship may cost: spend more per "
        "customer than they bring over the years and the relationship destroys value.",
    rel_tolerance=0.001,
    slips=[(lambda store: float(clv.simple_clv(_champion(store)["margin"],
                                               _champion(store)["retention"], 10)),
            "The discount rate goes in as a fraction: 10% is 0.10, not 10."),
           (lambda store: float(_champion(store)["margin"] / (1 - _champion(store)["retention"])),
            "That is the value without discounting: give `clv.simple_clv` the discount rate "
            "0.10, so that a euro in ten years counts for less than a euro now."),
           (lambda store: float(clv.simple_clv(_champion(store)["margin"],
                                               _champion(store)["retention"], DISCOUNT, 5)),
            "That counts five years only; the question asks for no end date (leave out the "
            "horizon).")],
    advice="Use the champions' row of `baseline`: margin and retention as they are, 0.10 as "
           "the discount rate, no horizon.",
    inputs_note=_changed_inputs,
)

# ---- 2. The plan ------------------------------------------------------------------------------

full_partnership = SetExercise(
    question="Under the base assumptions, which segments get full partnership as their best "
             "level? A list of segment names, from `best`.",
    expected=lambda store: [s for s, lvl in _best(store)["level"].items()
                            if lvl == "full partnership"],
    solution='answer = list(best.index[best["level"] == "full partnership"])',
    hint=['`best` is indexed by segment; its level column holds each best level. Keep the '
          'rows where it equals "full partnership": `best[best["level"] == "full partnership"]`.',
          "Their names are the index of those rows (`.index`); `list(...)` turns it into a "
          "list."],
    why="Full partnership costs the most per customer; it pays only where a customer brings "
        "a lot each year and stays long enough to earn the cost back.",
    name_missing=False,
    inputs_note=_changed_inputs,
)

def _total(store, acq_share: float = 1.0) -> float:
    baseline, assumptions, acq = _inputs(store)
    return capstone.plan_total(capstone.plan_values(baseline, assumptions, DISCOUNT,
                                                   acq * acq_share))


cheaper_acquisition = NumberExercise(
    question="Halve the acquisition cost (keep the 10% discount rate). By how many euros does "
             "the value of the whole customer base under its best plan rise?",
    expected=lambda store: _total(store, 0.5) - _total(store),
    solution="cheap = capstone.plan_values(baseline, assumptions, 0.10, acq_cost / 2)\n"
             "answer = capstone.plan_total(cheap) - capstone.plan_total(values)",
    hint=["Build the plan's values again with `acq_cost / 2` in place of `acq_cost`.",
          "`capstone.plan_total` gives the value of the base under each plan's best levels; "
          "subtract the base plan's total (`capstone.plan_total(values)`) from the new one."],
    why="A customer who leaves must be replaced; when that costs less, every segment is worth "
        "more, and the money that went into keeping customers can go into winning them.",
    rel_tolerance=0.001,
    slips=[(lambda store: _total(store, 0.5),
            "That is the new total itself; the question asks how much it rose: subtract the "
            "base plan's total."),
           (lambda store: _total(store) - _total(store, 0.5),
            "The sign is reversed: subtract the base plan's total from the new plan's."),
           (lambda store: _total(store, 2.0) - _total(store),
            "That doubles the acquisition cost: divide `acq_cost` by 2.")],
    advice="Compare two totals of `capstone.plan_total`: the plan with `acq_cost / 2` and the "
           "base plan in `values`.",
    inputs_note=_changed_inputs,
)

def _moved(store, moves: tuple[str, ...], **kw) -> list[str]:
    """The segments whose move, from the base plan to the plan under `kw`, is in `moves`."""
    table = capstone.level_changes(_best(store), _best(store, **kw))
    return list(table.index[table["move"].isin(moves)])


def _lower_list(store, **kw) -> list[str]:
    return _moved(store, ("lower",), **kw)


discount_rise = SetExercise(
    question="The discount rate rises from 10% to 20% (acquisition cost as in `best`). Which "
             "segments move to a LOWER level? A list of segment names.",
    expected=lambda store: _lower_list(store, discount_rate=0.20),
    solution="dear = capstone.best_levels(capstone.plan_values(baseline, assumptions, 0.20, "
             "acq_cost))\n"
             "moves = capstone.level_changes(best, dear)\n"
             'answer = list(moves.index[moves["move"] == "lower"])',
    hint=["Build the plan again with 0.20 as the discount rate, then its best levels.",
          "Set it beside `best` with `capstone.level_changes`, as the cell on cheaper levels "
          "did, and keep the segments whose move is \"lower\"."],
    why="A higher discount rate makes the later years of a relationship worth less, and an "
        "investment paid every year is repaid by exactly those later years.",
    unnamed=Unnamed(noun="segment", advice="Compare the plan at a 20% discount rate with "
                    "`best` (`capstone.level_changes`) and keep the rows whose move is "
                    "\"lower\"."),
    slips=[(lambda store: _lower_list(store, discount_rate=20.0),
            "A discount rate of 20% is 0.20: with 20 nothing in the future counts at all."),
           (lambda store: _moved(store, ("same",), discount_rate=0.20),
            "Those are the segments that keep their level; the question asks for those that "
            "move to a lower one."),
           (lambda store: _moved(store, ("lower", "higher"), discount_rate=0.20),
            "That lists every segment that moved, up or down; the question asks for the "
            "lower moves only.")],
    inputs_note=_changed_inputs,
)


def _sens(store) -> pd.DataFrame:
    baseline, assumptions, acq = _inputs(store)
    return _PLAN.get("sens", lambda s: capstone.plan_sensitivity(baseline, assumptions,
                                                                 DISCOUNT, acq))


def _robust(store) -> list[str]:
    sens = _sens(store)
    fragile = set(sens.loc[sens["changed"], "segment"])
    return [s for s in _inputs(store)[0]["segment"] if s not in fragile]


robust_segments = SetExercise(
    question="From `sens`: which segments keep their best level under EVERY 20% move of an "
             "assumption? A list of segment names.",
    expected=_robust,
    solution='changes = sens.groupby("segment")["changed"].sum()\n'
             'answer = list(changes.index[changes == 0])',
    hint=['Count the changed rows of each segment (True counts as 1): '
          '`sens.groupby("segment")["changed"].sum()`.',
          "The robust segments are those with no change at all: keep the index of the "
          "segments whose count is 0, as the cell on segments losing money did."],
    why="A plan is only as good as its assumptions: where a 20% error flips the decision, "
        "test before you spend.",
    unnamed=Unnamed(noun="segment", advice="A segment is robust when none of its rows in "
                    "`sens` has changed True: find the segments with a changed row, and keep "
                    "the others."),
    slips=[(lambda store: sorted(set(_sens(store).loc[_sens(store)["changed"], "segment"])),
            "Those are the segments that DO change under some move (the fragile ones); the "
            "question asks for those that never change."),
           (lambda store: sorted(set(_sens(store).loc[~_sens(store)["changed"], "segment"])),
            "That lists every segment with at least one unchanged row, and every segment has "
            "some; a robust segment has no changed row at all.")],
    inputs_note=_changed_inputs,
)

plan_rationale = ReflectionExercise(
    question="Write the rationale of your plan for a manager: which segment gets the most "
             "investment and why, which decision you are least sure of (use the sensitivity "
             "table), and what you would test before spending.",
    solution='answer = ("Champions get full partnership: they bring the highest margin and '
             'stay longest, so even 22 euros a year per customer pays back. I am least sure '
             'about the potential loyalists: a 20% smaller retention gain moves them down, so '
             'I would first run a randomised test of the partnership offer on a part of them '
             'and measure the lift against a control group.")',
    hint="Name a segment, a number from the plan, and the assumption you trust least.",
    why="A plan that states its assumptions can be checked, argued with and improved.",
    min_words=30,
)

# ---- 3. Patients are customers, too ----------------------------------------------------------

naive_returns = NumberExercise(
    question="At the program hospital, by how much did the share of patients who came back "
             "change from before to during the program? A difference of fractions (0.05 for "
             "5 points).",
    expected=lambda store: _hospital(store)["naive_change"],
    solution='prog = patients[patients["program_hospital"]]\n'
             'shares = prog.groupby("period", observed=True)["came_back"].mean()\n'
             'answer = shares["after"] - shares["before"]',
    hint=['`prog` (the cell above) holds the program hospital\'s patients. The share who came '
          "back in each period is the mean of came_back per period: "
          '`prog.groupby("period", observed=True)["came_back"].mean()`.',
          "Subtract the share before from the share after, picking each share by its "
          "label (\"after\", \"before\") in square brackets."],
    why="The naive change is what the hospital's own report would show: it mixes the program "
        "with everything else that changed in those months.",
    tolerance=0.0005, percent=True,
    slips=[(lambda store: -_hospital(store)["naive_change"],
            "The sign is reversed: subtract the share before from the share after."),
           (lambda store: _hospital(store)["comparison_after"]
            - _hospital(store)["comparison_before"],
            "That is the comparison hospital's change: keep the rows where program_hospital "
            "is True."),
           (lambda store: _hospital(store)["effect"],
            "That already takes away the comparison hospital's change; the naive figure "
            "looks at the program hospital alone."),
           (lambda store: _pooled_change(),
            "You used the patients of both hospitals: start from `prog`, the program "
            "hospital's patients only.")],
)

did_returns = NumberExercise(
    question="The program's effect on returns by difference-in-differences: a difference of "
             "fractions, with `retain.diff_in_diff`.",
    expected=lambda store: _hospital(store)["effect"],
    solution='answer = retain.diff_in_diff(patients, "came_back", "program_hospital", "period",\n'
             '                             treated=True, after="after")["effect"]',
    hint=["Call `retain.diff_in_diff` as in the satisfaction example above, with came_back as "
          "the outcome.",
          'It returns a dict of results; read one entry by its name in square brackets, as '
          'the cell above read `overall["effect"]`.'],
    why="The comparison hospital shows what would have happened without the program; the "
        "difference-in-differences keeps only what the program added.",
    tolerance=0.0005, percent=True,
    slips=[(lambda store: _hospital(store)["naive_change"],
            "That is the naive before-and-after change at the program hospital; subtract the "
            "comparison hospital's change as well (diff_in_diff does it)."),
           (lambda store: -_hospital(store)["effect"],
            "The sign is reversed: treated is the program hospital (True), after is the "
            "period 'after'.")],
)


def _places(store) -> pd.DataFrame:
    """Each area's place (1 = largest) by the naive change and by the effect."""
    effects = capstone.area_effects(load_hospital())
    return effects[["naive_change", "effect"]].rank(ascending=False)


def _letter(area: str) -> str:
    return next(k for k, v in AREA_OPTIONS.items() if v == area)


def _top_area(store) -> str:
    places = _places(store)
    return _letter((places["effect"] - places["naive_change"]).idxmax())


top_area = ChoiceExercise(
    question="Which contact area does the hospital's own before-and-after report place "
             "higher among the five (largest change first) than difference-in-differences "
             "does?",
    options=AREA_OPTIONS,
    feedback={k: f"Find {v}'s place in two rankings of the five areas, largest first: by "
                 f"naive_change and by effect. The area you want stands higher on the naive "
                 f"ranking than on the effect." for k, v in AREA_OPTIONS.items()},
    expected=_top_area,
    solution='places = capstone.area_effects(patients)[["naive_change", "effect"]].rank('
             'ascending=False)\n'
             'answer = (places["effect"] - places["naive_change"]).idxmax()   # the area\'s '
             'name is accepted, as is its letter',
    hint=["`capstone.area_effects(patients)` gives one row per area; rank its naive_change "
          "and effect columns with `.rank(ascending=False)` as the cell on two areas did.",
          "Subtract the naive place from the effect place; `.idxmax()` names the area the "
          "naive ranking lifts most."],
    why="The program reached every contact area, some far more than others; a report that "
        "leaves out the comparison hospital ranks them wrongly, and the budget follows the "
        "ranking.",
    slips=[(lambda store: _letter(_places(store)["naive_change"].idxmin()),
            "That area has the largest naive change; the question asks for the area whose "
            "place on the naive ranking is higher than its place on the effect ranking: "
            "compare the two places of each area."),
           (lambda store: _letter((_places(store)["naive_change"]
                                   - _places(store)["effect"]).idxmax()),
            "That area moves the other way: difference-in-differences places it higher than "
            "the naive change does.")],
)

who_manages = ChoiceExercise(
    question="What does the hospital case say about who manages customer relationships?",
    options={"A": "the doctors and nurses, because they decide the care",
             "B": "the marketing department, because it runs the program",
             "C": "everyone a patient meets, from the security desk to the cafeteria",
             "D": "nobody: satisfaction depends on the illness, not on the staff"},
    feedback={"A": "Doctors and nurses matter, but security, facilities and food moved too, "
                   "and patients rate the whole stay.",
              "B": "A program can be organised by one department, yet the ratings that rose "
                   "belong to staff outside it.",
              "D": "The comparison hospital treated the same kinds of patients, and the "
                   "program hospital's ratings rose far more: the staff made the difference."},
    expected="C",
    solution='answer = "C"',
    hint="Look at the list of contact areas in the chart: who works in each of them?",
    why="Every contact is a moment of the relationship, so every employee who meets a "
        "customer manages it, whatever their job title.",
)

# ---- Check your understanding ---------------------------------------------------------------

quiz_comparison = ChoiceExercise(
    question="Why does the hospital case need the comparison hospital at all?",
    options={"A": "to have more patients, so the interval is narrower",
             "B": "to show what would have changed without the program",
             "C": "because the program hospital did not record its patients before",
             "D": "to check that the comparison hospital's staff were friendly"},
    feedback={"A": "More patients would narrow the interval, but the comparison hospital's "
                   "role is another one: it did not run the program.",
              "C": "The program hospital has its before period; it is the drift over time it "
                   "cannot separate on its own.",
              "D": "Its staff are not being judged: it stands in for the program hospital "
                   "without the program."},
    expected="B",
    solution='answer = "B"',
    hint="Ratings rose in both hospitals. Which part of the rise belongs to the program?",
    why="Without a comparison group a before-and-after figure counts the general drift as "
        "part of the program's success.",
)

quiz_elements = ChoiceExercise(
    question="A segment's retention rises after a campaign. Which element of CRM is that, and "
             "which measure of the course tells whether it paid?",
    options={"A": "identification: the RFM score",
             "B": "attraction: the acquisition cost per customer",
             "C": "retention: the campaign's lift against a control group, in lifetime value",
             "D": "development: the lift of a product pair"},
    feedback={"A": "RFM says who the customers are (identification); it does not measure "
                   "what a campaign changed.",
              "B": "Acquisition cost is about winning new customers; these customers were "
                   "already there.",
              "D": "Pair lift measures which products sell together (development), not whether "
                   "customers stayed."},
    expected="C",
    solution='answer = "C"',
    hint="Keeping customers who would have left: which of the four elements is that?",
    why="Each element has its measure; the lifetime value turns all of them into one currency.",
)

project_plan = ReflectionExercise(
    question="For your final project: which business and data will you use, which segment "
             "do you expect to deserve the most investment, and which measure from lessons "
             "01 to 05 will you use to check it?",
    solution='answer = ("I will use the shop\'s data with my own seed. I expect the loyal '
             'customers to deserve more than basic service, because they buy often and their '
             'margin is high; I will check it with the retention rate by segment and the '
             'lifetime value from lesson 05, and test the plan with a 20% sensitivity table.")',
    hint="Name the data, one segment, one level and one measure.",
    why="Saying what you expect before you look keeps the analysis honest.",
    min_words=25,
)


bind_exercises(globals(), lesson="06")
