"""Exercises of lesson 04 (customer retention): what a defection is, cohort retention,
satisfaction and recommendation, complaints, defection reasons, the loyalty programme against a
matched group, the churn-risk model, the loyalty ladder and the coffee club's renewals.

The answers come from the retention helpers run on the active store, so a student with their
own data variant is checked against their own numbers. Slow references (the matched group,
the churn model) are computed once per store.
"""

from __future__ import annotations

import pandas as pd

from crm_lessons import retain
from crm_lessons.exercises import lesson04_slips as slips
from crm_lessons.exercises.binding import bind_exercises
from crm_lessons.exercises.by_kind import (
    ChoiceExercise,
    NumberExercise,
    ReflectionExercise,
    SetExercise,
    TableExercise,
)
from crm_lessons.exercises.kinds import Unnamed
from crm_lessons.exercises.session import ReferenceCache, active_store

CHURN_CUTOFF = "2025-06-30"  # features up to it, churn in the 180 days after it
BUDGET, COST_PER_CALL = 2000, 8  # the retention budget (EUR) and what one call costs
_CACHE = ReferenceCache()


def _cached(name, compute, store):
    return _CACHE.get(name, compute) if store is active_store() else compute(store)


def _matrix(store) -> pd.DataFrame:
    return _cached("matrix", lambda s: retain.retention_matrix(s.orders, s.end_date), store)


def _by_channel(store) -> pd.DataFrame:
    return retain.retention_matrix(store.orders, store.end_date,
                                   by=store.customers.set_index("customer_id")["channel"])


def _graded(store) -> pd.DataFrame:
    return store.surveys.assign(satisfaction=store.surveys["satisfaction"].astype(str))


def _complaints(store) -> dict[str, float]:
    return retain.complaint_value(store.customers, store.defections, store.tickets,
                                  store.orders, store.end_date)


def _pareto(store) -> pd.DataFrame:
    return retain.reason_pareto(store.defections, store.orders, store.end_date)


def matched_means(store) -> pd.Series:
    """Mean orders per person by group and period, members against their matched twins."""
    def compute(s):
        m = retain.matched_before_after(s.customers, s.orders, end_date=s.end_date)
        return m.groupby(["group", "period"])["orders"].mean()
    return _cached("matched", compute, store)


def scored_customers(store) -> pd.DataFrame:
    """The churn model's test customers with their risk (the lesson's `scored`)."""
    def compute(s):
        table = retain.churn_table(s.customers, s.orders, s.tickets, s.surveys, CHURN_CUTOFF)
        return retain.fit_churn_model(table)[1]
    return _cached("scored", compute, store)


def at_risk(store) -> pd.DataFrame:
    """The at-risk list, valued on revenue up to the cut-off only (the lesson's `risk_list`)."""
    before = store.orders[store.orders["order_date"] <= CHURN_CUTOFF]
    return retain.at_risk_list(scored_customers(store),
                               retain.yearly_revenue(before, CHURN_CUTOFF), BUDGET,
                               COST_PER_CALL)


def _moves(store) -> pd.DataFrame:
    return retain.ladder_moves(store.customers, store.orders, store.end_date)


def _survivors(store) -> pd.Series:
    return retain.renewal_survivors(store.subscriptions, store.end_date)["active"]


def _did(means: pd.Series) -> float:
    return float((means["member", "after"] - means["member", "before"])
                 - (means["matched", "after"] - means["matched", "before"]))


# ---- 1. What counts as a defection -----------------------------------------------------------

silent_year = NumberExercise(
    question="What share of the customers whose first order is at least a year old have been "
             "silent for more than 365 days? Give a fraction (0-1).",
    expected=lambda store: retain.silent_defection_rate(store.orders, store.end_date, 365),
    solution="answer = retain.silent_defection_rate(store.orders, store.end_date, days=365)",
    hint="The cell above called the same helper with 180 days. Change the number of days.",
    why="A defection by silence depends on the N you choose: say which N, every time you "
        "quote a defection rate.",
    tolerance=0.002, percent=True,
    slips=[(lambda store: retain.silent_defection_rate(store.orders, store.end_date, 180),
            "That is the rate for a silence of 180 days, the example above. The question "
            "asks for 365 days."),
           (lambda store: 1 - retain.silent_defection_rate(store.orders, store.end_date, 365),
            "That is the share still buying within the year: the other side. Give the share "
            "silent for more than 365 days.")],
    advice="Look at how many days of silence the question asks for.",
)

threshold_moves = ChoiceExercise(
    question="Move the explorer's slider from 90 to 365 days. What happens to the defection "
             "rate?",
    options=slips.THRESHOLD_OPTIONS,
    feedback=slips.THRESHOLD_FEEDBACK,
    expected=lambda store: (lambda t: "A" if t.iloc[1] < t.iloc[0] else (
        "B" if t.iloc[1] > t.iloc[0] else "C"))(retain.defection_by_threshold(
            store.orders, store.end_date, [90, 365])["defection_rate"]),
    solution='rates = retain.defection_by_threshold(store.orders, store.end_date, [90, 365])\n'
             'answer = "A" if rates["defection_rate"].iloc[1] < rates["defection_rate"].iloc[0]'
             ' else "B"',
    hint="Set the slider to 90, read the rate; set it to 365, read it again.",
    why="A short N calls every slow buyer a defector; a long N notices a defection only "
        "months after it happened. The choice of N is a business decision.",
)

# ---- 2. Cohort retention ---------------------------------------------------------------------

cohort_month3 = NumberExercise(
    question="Of the customers whose first order was in July 2023, what share ordered "
             "again three months later (period 3)? Give a fraction (0-1), from `matrix`.",
    expected=lambda store: float(_matrix(store).loc["2023-07", 3]),
    solution='answer = matrix.loc["2023-07", 3]',
    hint='`.loc[row, column]` reads one cell, as a spreadsheet cell reference does: the row '
         'is the cohort "2023-07", the column the number of months since the first order.',
    why="Reading along a row follows one cohort as it ages; reading down a column compares "
        "cohorts at the same age.",
    tolerance=0.001, percent=True,
    slips=[(lambda store: float(_matrix(store).loc["2023-07", 0]),
            "That is period 0, the month of the first order, where every cohort is at 100%. "
            "Count the months from there."),
           (lambda store: float(_matrix(store).loc["2023-07", 2]),
            "That is column 2, one month too early: the columns count months since the "
            "first order, and the month of the first order itself is column 0."),
           (lambda store: float(_matrix(store).loc["2023-07", 4]),
            "That is column 4, one month too late: the month of the first order is period 0."),
           (lambda store: float(_matrix(store).loc["2023-10", 3]),
            "That is the cohort of October 2023. The question is about July 2023's cohort.")],
    advice='Find the row of the July 2023 cohort in `matrix`, then the column of the months '
           'since the first order.',
)

best_channel = ChoiceExercise(
    question="Whose customers are most often still buying twelve months after their first "
             "order? Use column 12 of `by_channel`.",
    options=slips.CHANNEL_OPTIONS,
    feedback=slips.channel_feedback(slips.CHANNEL_OPTIONS),
    expected=lambda store: str(_by_channel(store)[12].idxmax()),
    solution="answer = by_channel[12].idxmax()",
    hint="Take column 12 of `by_channel` and ask which row holds the largest value, with "
         "`.idxmax()`.",
    why="A channel is worth what its customers bring over years, not in their first month.",
)

# ---- 3. Satisfaction -------------------------------------------------------------------------

recommend_by_grade = TableExercise(
    question="The mean likelihood to recommend (0-10) for each satisfaction grade: a Series "
             "indexed by grade, from `graded`.",
    expected=lambda store: _graded(store).groupby("satisfaction")["recommend"].mean(),
    solution='answer = graded.groupby("satisfaction")["recommend"].mean()',
    hint='The cell above grouped `graded` by its satisfaction column and averaged the '
         'expectation column. Which column holds the likelihood to recommend?',
    why="Very satisfied customers do the shop's marketing for it; disappointed ones warn "
        "their friends off.",
    check_names=False,
    slips=[(lambda store: _graded(store).groupby("satisfaction")["perceived"].mean(),
            "That averages the perceived performance. The question asks about the "
            "recommend column."),
           (lambda store: _graded(store).groupby("satisfaction")["recommend"].median(),
            "That is the median. Take the mean."),
           (lambda store: _graded(store).groupby("satisfaction")["expectation"].mean(),
            "That averages the expectation column, as the example above does. The question "
            "asks about the likelihood to recommend."),
           (lambda store: _graded(store).groupby("satisfaction")["recommend"].sum(),
            "That adds up the scores of each grade, so a large grade gets a large number. "
            "The question asks for the typical score per customer.")],
)

# ---- 4. Complaints ---------------------------------------------------------------------------

kept_revenue = NumberExercise(
    question="If the customers with an unresolved ticket had defected at the rate of those "
             "whose tickets were all resolved, how much revenue per year (EUR) would the shop "
             "have kept? Use `complaints`.",
    expected=lambda store: _complaints(store)["kept_revenue"],
    solution='c = complaints\n'
             'answer = ((c["defection_unresolved"] - c["defection_resolved"])\n'
             '          * c["unresolved_customers"] * c["revenue_per_year"])',
    hint="The gap between the two defection rates, times the customers with an unresolved "
         "ticket, is the customers who would have stayed. What is each of them worth a year?",
    why="Handling a complaint well costs an hour of work; a customer who leaves takes years "
        "of revenue with them.",
    rel_tolerance=0.01,
    slips=[(lambda store: _complaints(store)["kept_customers"],
            "That is the number of customers kept. Multiply by what one of them brings a "
            "year (revenue_per_year)."),
           (lambda store: (lambda c: c["defection_unresolved"] * c["unresolved_customers"]
                           * c["revenue_per_year"])(_complaints(store)),
            "That counts every defector with an unresolved ticket, as if none would have "
            "left anyway. Subtract the resolved customers' rate first.")],
    advice="Think of the customers who left only because their ticket stayed open: the gap "
           "between the two defection rates. What are they worth a year?",
)

# ---- 5. Defection reasons --------------------------------------------------------------------

pareto_reasons = SetExercise(
    question="Which reasons must the shop tackle to cover at least 80% of the lost value? "
             "Give a list of reasons from `pareto`.",
    expected=lambda store: (lambda p: p.loc[p["value_share"].cumsum() - p["value_share"]
                                            < 0.8, "reason"].tolist())(_pareto(store)),
    solution='running = pareto["value_share"].cumsum()\n'
             'answer = pareto.loc[running - pareto["value_share"] < 0.8, "reason"].tolist()',
    hint="`pareto` is sorted by lost value, largest first. Add up value_share down the rows "
         "with `.cumsum()`: keep every reason up to and including the one that passes 0.8.",
    why="A few reasons usually hold most of the loss: fixing those first is the Pareto rule.",
    unnamed=Unnamed(noun="reason",
                    advice="Use a running total of the value_share column, and spell the "
                           "reasons as its reason column does."),
)

fixable_value = NumberExercise(
    question="How much lost value (EUR per year) comes from reasons the shop can fix? Use "
             "`pareto`.",
    expected=lambda store: float(_pareto(store).loc[_pareto(store)["fixable"],
                                                    "lost_value"].sum()),
    solution='answer = pareto.loc[pareto["fixable"], "lost_value"].sum()',
    hint="The fixable column holds True or False: use it as a mask to keep the fixable rows, "
         "then add up their lost_value.",
    why="Moving away cannot be fixed; a cheaper rival, poor service and a better product "
        "elsewhere can be answered.",
    rel_tolerance=0.005,
    slips=[(lambda store: float(_pareto(store).loc[_pareto(store)["fixable"],
                                                   "value_share"].sum()),
            "That is a share of the lost value. The question asks for the amount in EUR per "
            "year: use the lost_value column."),
           (lambda store: float(_pareto(store).loc[_pareto(store)["fixable"],
                                                   "defectors"].sum()),
            "That counts the defectors. The question asks for the value they took with them."),
           (lambda store: float(_pareto(store).loc[~_pareto(store)["fixable"],
                                                   "lost_value"].sum()),
            "That is the value the shop cannot win back. Keep the rows where fixable is True."),
           (lambda store: float(_pareto(store)["lost_value"].sum()),
            "That is all the lost value. Keep only the reasons the shop can fix.")],
    advice="Look at the fixable column of `pareto`, and at the column that holds value in EUR.",
)

# ---- 6. Loyalty programme --------------------------------------------------------------------

programme_effect = NumberExercise(
    question="By how many orders per person did joining the loyalty programme change orders in "
             "the 180 days after joining, beyond what the matched non-members did? Use "
             "`means` (difference in differences).",
    expected=lambda store: _did(matched_means(store)),
    solution='members = means["member", "after"] - means["member", "before"]\n'
             'twins = means["matched", "after"] - means["matched", "before"]\n'
             'answer = members - twins',
    hint="Take the members' change (after minus before), then the matched group's change, "
         "and subtract the second from the first.",
    why="The members' change alone mixes the programme with what would have happened anyway; "
        "the matched group measures 'anyway'.",
    rel_tolerance=0.01,
    slips=[(lambda store: float(matched_means(store)["member", "after"]
                                - matched_means(store)["member", "before"]),
            "That is the members' change alone. Take away the matched group's change over "
            "the same days."),
           (lambda store: float(matched_means(store)["member", "after"]
                                - matched_means(store)["matched", "after"]),
            "That compares the two groups after joining only, so it keeps any difference "
            "they had before. Compare the changes."),
           (lambda store: -_did(matched_means(store)),
            "That has the sign the other way round: it takes the members' change from the "
            "matched group's. Start from the members' change.")],
    advice="Compare changes, not levels: the matched group shows what would have happened "
           "anyway.",
)

# ---- 7. The churn-risk model -----------------------------------------------------------------

top_tenth_churn = NumberExercise(
    question="What share of the riskiest tenth of the test customers in `scored` did churn? "
             "Give a fraction (0-1).",
    expected=lambda store: float(retain.lift_table(scored_customers(store))["churn_rate"]
                                 .iloc[0]),
    solution='top = scored.sort_values("risk", ascending=False).head(round(len(scored) / 10))\n'
             'answer = top["churned"].mean()',
    hint="Sort `scored` by risk from the highest down, keep the first tenth of its rows with "
         "`.head(...)`, and take the mean of churned (True counts as 1).",
    why="A useful risk score puts the real leavers at the top of the list, where the budget "
        "reaches them.",
    tolerance=0.01, percent=True,
    slips=[(lambda store: float(scored_customers(store)["churned"].mean()),
            "That is the churn rate of all the test customers. Keep the riskiest tenth first."),
           (lambda store: float(scored_customers(store).sort_values("risk").head(
                round(len(scored_customers(store)) / 10))["churned"].mean()),
            "That takes the least risky tenth: sort with ascending=False."),
           (lambda store: float(scored_customers(store).sort_values("risk", ascending=False)
                                .head(round(len(scored_customers(store)) / 10))["risk"].mean()),
            "That averages the risk column, what the model predicted. The question asks what "
            "really happened to those customers.")],
    advice="Look at the riskiest customers only, and at what really happened to them.",
)

reached_value = NumberExercise(
    question="The budget pays for a call to the customers at the top of `risk_list`. What "
             "value at stake (EUR per year) do the calls cover in all?",
    expected=lambda store: float(at_risk(store).loc[lambda t: t["reached"],
                                                    "value_at_stake"].sum()),
    solution='answer = risk_list.loc[risk_list["reached"], "value_at_stake"].sum()',
    hint="The reached column is True for the customers the budget pays for: use it as a mask "
         "and add up their value at stake.",
    why="A retention budget is spent best where the chance to leave times the value is "
        "largest, not on the riskiest customers alone.",
    rel_tolerance=0.005,
    slips=[(lambda store: float(at_risk(store)["value_at_stake"].sum()),
            "That adds up every test customer. Keep only the reached ones."),
           (lambda store: float(at_risk(store).loc[lambda t: t["reached"],
                                                   "yearly_revenue"].sum()),
            "That is their whole revenue per year. Weigh each by the risk: use "
            "value_at_stake.")],
    advice='Look at the reached column: it marks whom the budget pays for.',
)

# ---- 8. The loyalty ladder -------------------------------------------------------------------

prospects_climbed = NumberExercise(
    question="How many of the people who were prospects a year ago are now repeat customers "
             "or advocates? Use `moves`.",
    expected=lambda store: int(_moves(store).loc["prospect", ["repeat customer",
                                                              "advocate"]].sum()),
    solution='answer = moves.loc["prospect", ["repeat customer", "advocate"]].sum()',
    hint='The row "prospect" of `moves` says where last year\'s prospects stand now; pick its '
         'two top columns with `.loc` and add them.',
    why="Skipping a rung in a year is the sign of a customer who liked the first order.",
    tolerance=0,
    slips=[(lambda store: int(_moves(store).loc["prospect", ["customer", "repeat customer",
                                                             "advocate"]].sum()),
            "That also counts those who became one-time customers. Keep repeat customers and "
            "advocates."),
           (lambda store: int(_moves(store)[["repeat customer", "advocate"]].sum().sum()),
            "That counts everyone now on the two top rungs, wherever they stood a year ago. "
            "Keep the prospect row only.")],
    advice='Look at the row of last year\'s prospects in `moves`.',
)

# ---- 9. Contractual retention ----------------------------------------------------------------

naive_rate = NumberExercise(
    question="The naive projection uses one retention rate per month for everybody: the rate "
             "that takes the cohort from its first to its last count in `survivors`. Compute "
             "it, as a fraction (0-1).",
    expected=lambda store: retain.constant_rate(_survivors(store)),
    solution='periods = len(survivors) - 1\n'
             'answer = (survivors.iloc[-1] / survivors.iloc[0]) ** (1 / periods)',
    hint="Kept share over the whole run: last count / first count. A rate r kept over n "
         "months gives r ** n, so r is that share to the power 1 / n.",
    why="One average rate treats a member of two years like a newcomer; the sBG model does "
        "not.",
    tolerance=0.0005, percent=True,
    slips=[(lambda store: float(retain.renewal_survivors(store.subscriptions, store.end_date)[
                "retention_rate"].mean()),
            "That averages the month-by-month rates. The question asks for the one rate that "
            "links the first count to the last."),
           (lambda store: float(_survivors(store).iloc[-1] / _survivors(store).iloc[0]),
            "That is the share kept over the whole run, not per month: take it to the power "
            "1 / (number of months)."),
           (lambda store: float((_survivors(store).iloc[-1] / _survivors(store).iloc[0])
                                ** (1 / len(_survivors(store)))),
            "Count the months between the first and last counts: one fewer than the rows.")],
    advice="Think of one rate that, kept up every month, takes the first count to the last.",
)

keep_plan = ReflectionExercise(
    question="You have next year's retention budget. Which reason for leaving would you tackle "
             "first, whom would you call, and which number of this lesson decided it?",
    solution='answer = ("I would fix the price gap first with a loyalty discount for valuable '
             'customers, because it holds the largest share of lost value. I would call the '
             'top of the at-risk list, ranked by value at stake, and resolve every open '
             'ticket, since customers with an unresolved complaint defect several times as often.")',
    hint="Weigh the lost value of each reason, what resolving a ticket keeps, and who is at "
         "risk with the most at stake.",
    why="Retention is a budget decision: the numbers of this lesson say where a euro keeps "
        "the most value.",
    min_words=25,
)

# ---- Check your understanding ----------------------------------------------------------------

quiz_retention = ChoiceExercise(
    question="The course measures retention on orders, not on the defections customers "
             "announce. Why?",
    options={"A": "announced defections are always wrong",
             "B": "many customers leave without a word, so only their orders show it",
             "C": "orders are cheaper to store than defections",
             "D": "customers who announce a defection always come back"},
    feedback={"A": "Announced defections are true; they are only a part of all defections.",
              "C": "Storage is not the point: the question is who would be missed.",
              "D": "Some come back, most do not; the problem is those who never say anything."},
    expected="B",
    solution='answer = "B"',
    hint="Compare the lapsed customers who told the shop with those who went silent.",
    why="A defection rate counted from stated defections alone misses most of the leavers.",
)

quiz_leakage = ChoiceExercise(
    question="Why are the churn model's features measured up to a cut-off date and the outcome "
             "after it?",
    options={"A": "so the model runs faster",
             "B": "because scikit-learn cannot read dates",
             "C": "so the model learns only from what was known before the outcome, as it "
                  "will be when used",
             "D": "so the test customers are the same as the training customers"},
    feedback={"A": "Speed has nothing to do with it: the question is what the model may know.",
              "B": "The dates are turned into days (recency, tenure); the split is about time.",
              "D": "The test customers are kept apart on purpose, to judge the model honestly."},
    expected="C",
    solution='answer = "C"',
    hint="Would a recency measured after the outcome tell you anything you did not know?",
    why="A feature that peeks at the outcome makes a model look perfect and useless.",
)

quiz_sbg = ChoiceExercise(
    question="Why does the coffee club's retention rate rise with tenure?",
    options={"A": "members get a discount after a year",
             "B": "members who are likely to cancel leave early, so those left are the loyal "
                  "ones",
             "C": "every member becomes more loyal at the same speed",
             "D": "the fee falls with tenure"},
    feedback={"A": "The club has one fee and no tenure discount; look at who is left instead.",
              "C": "In the model no member's own chance to renew changes with time. Members "
                   "differ, and the ones likely to cancel go first.",
              "D": "The fee stays the same; what changes is who is still a member."},
    expected="B",
    solution='answer = "B"',
    hint="Think of a class of new members, some keen, some unsure: who is left after a year?",
    why="That is why a constant rate understates long-run survival, and the sBG model does not.",
)

bind_exercises(globals(), lesson="04")
