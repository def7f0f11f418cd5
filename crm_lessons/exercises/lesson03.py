"""Exercises of lesson 03 (customer attraction): the funnel, payback and referrals, campaigns
judged against their control groups, targeting, benchmarking, win-back and the calculator.

The answers come from the attraction helpers run on the active store, so a student with their
own data variant is checked against their own numbers. A choice's reference may be the
option's text: the check turns it into its letter.
"""

from __future__ import annotations

import pandas as pd

from crm_lessons import attract
from crm_lessons.exercises import lesson03_slips as slips
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

CHANNEL_OPTIONS = slips.CHANNEL_OPTIONS
_CACHE = ReferenceCache()  # the margins and the targeting model are fitted once per store


def _cached(name, compute, store):
    return _CACHE.get(name, compute) if store is active_store() else compute(store)


def _ladder(store) -> pd.DataFrame:
    return attract.funnel_by_source(store.prospects, store.customers, store.orders).set_index(
        "source")[["prospects", "customers", "repeat_customers", "advocates"]]


def _year_margin(store) -> pd.Series:
    def compute(s):
        margins = attract.order_margins(s.orders, s.order_lines, s.products)
        return attract.first_year_margin(s.customers, s.orders, margins)
    return _cached("year_margin", compute, store)


def _payback(store) -> pd.DataFrame:
    cost = attract.acquisition_cost_by_channel(store.campaigns, store.customers)
    return attract.payback_by_channel(cost, store.customers, _year_margin(store))


def _uplift(store) -> pd.DataFrame:
    lift = attract.campaign_lift(store.campaigns, store.contacts, by="offer",
                                 campaign_type="retention")
    return attract.uplift_interval(lift)


def _discount_ratio(store, top: str, bottom: str) -> float:
    """One column of the discount row of the uplift table divided by another."""
    row = _uplift(store).set_index("offer").loc["discount"]
    return float(row[top] / row[bottom])


def retention_returns(store) -> pd.DataFrame:
    """The retention offers' uplift table with their cost and returns (the lesson's `returns`)."""
    def compute(s):
        margins = attract.order_margins(s.orders, s.order_lines, s.products)
        camps = s.campaigns[s.campaigns["type"].astype(str) == "retention"]
        cost = camps.groupby(camps["offer"].astype(str))["total_cost"].sum()
        mine = s.contacts[s.contacts["campaign_id"].isin(camps["campaign_id"])
                          & (s.contacts["group"].astype(str) == "treatment")]
        margin = float(mine["order_id"].dropna().map(margins).mean())
        table = _uplift(s)
        return attract.campaign_returns(table, table["offer"].map(cost), margin), margin
    return _cached("returns", compute, store)


def _judged(store) -> pd.DataFrame:
    def compute(s):
        older, later = attract.prospect_split(s.prospects, TARGETING_CUTOFF)
        model = attract.fit_targeting_model(older)
        return later.assign(score=attract.score_prospects(model, later))
    return _cached("judged", compute, store)


def _winback(store) -> tuple[pd.Series, float]:
    camps = store.campaigns[store.campaigns["type"].astype(str) == "win-back"]
    return (attract.winback_reactivation(store.campaigns, store.contacts),
            float(camps["total_cost"].sum()))


TARGETING_CUTOFF = "2025-01-01"  # leads before it train the score, later leads judge it

# ---- 1. The funnel ---------------------------------------------------------------------------

customer_rate = TableExercise(
    question="For each lead source, the share of its leads who became customers: a Series "
             "indexed by source, from `ladder`.",
    expected=lambda store: _ladder(store)["customers"] / _ladder(store)["prospects"],
    solution='answer = ladder["customers"] / ladder["prospects"]',
    hint="Dividing one column of `ladder` by another works row by row, like a formula "
         "=C2/B2 copied down a spreadsheet column.",
    why="The first step of the ladder is where most leads fall off: a source whose leads "
        "rarely buy costs effort for little.",
    check_names=False,
    slips=[(lambda store: _ladder(store)["repeat_customers"] / _ladder(store)["customers"],
            "That is the next step (repeat customers among customers). The question is the "
            "first step: customers among the leads (prospects)."),
           (lambda store: _ladder(store)["prospects"] / _ladder(store)["customers"],
            "The division is upside down: put the customers on top and the prospects below."),
           (lambda store: _ladder(store)["customers"] / _ladder(store)["prospects"].sum(),
            "That divides every source's customers by the leads of all sources together. "
            "Each source's share is taken of its own leads, row by row.")],
)

wasted_leads = ChoiceExercise(
    question="Which lead source produced the largest number of leads who never bought?",
    options=CHANNEL_OPTIONS,
    feedback=slips.wasted_feedback(CHANNEL_OPTIONS),
    expected=lambda store: str(
        (_ladder(store)["prospects"] - _ladder(store)["customers"]).idxmax()),
    solution='answer = (ladder["prospects"] - ladder["customers"]).idxmax()',
    hint="Leads who never bought are the prospects minus the customers of each source; "
         "`.idxmax()` gives the source with the largest value.",
    why="Effort is wasted where many leads are chased and few buy: that is where targeting "
        "pays first.",
)

# ---- 2. Cost against value -------------------------------------------------------------------

payback_months = NumberExercise(
    question="How many months does a paid_social customer's first-year margin take to repay "
             "the cost of winning them? Use the paid_social row of `payback`.",
    expected=lambda store: float(_payback(store).set_index("channel").loc[
        "paid_social", "payback_months"]),
    solution='row = payback.set_index("channel").loc["paid_social"]\n'
             'answer = row["cost_per_customer"] / (row["first_year_margin"] / 12)',
    hint="A year's margin spread over 12 months gives the margin of one month. How many such "
         "months does the cost per customer take?",
    why="A channel whose customers take two years to repay their cost must keep them two "
        "years just to break even.",
    rel_tolerance=0.01,
    slips=[(lambda store: float(_payback(store).set_index("channel").loc[
                "paid_social", "payback_months"]) / 12,
            "That is the payback in years. The question asks for months: divide the yearly "
            "margin by 12 first."),
           (lambda store: 12 / float(_payback(store).set_index("channel").loc[
                "paid_social", "payback_months"]),
            "The division is upside down: the cost per customer goes on top, the monthly "
            "margin below.")],
    advice="Divide the cost per customer by one month of margin (the first-year margin "
           "divided by 12).",
)

advocate_worth = NumberExercise(
    question="On average, how much first-year margin (EUR) does the whole referral chain "
             "below an advocate bring? Use `advocates`.",
    expected=lambda store: float(attract.advocate_value(
        store.customers, _year_margin(store))["chain_value"].mean()),
    solution='answer = advocates["chain_value"].mean()',
    hint="Each row of `advocates` is one advocate; the chain_value column holds what their "
         "whole chain brings. Average it.",
    why="An advocate's worth is not only what they buy: the customers they bring, and the "
        "ones those bring, are worth more than the referral reward costs.",
    rel_tolerance=0.005,
    slips=[(lambda store: float(attract.advocate_value(
                store.customers, _year_margin(store))["direct_value"].mean()),
            "That counts only the customers an advocate referred directly. The question asks "
            "for the whole chain below them: use the chain_value column.")],
    advice="Check which column of `advocates` holds what the whole chain brings, and that "
           "your average counts every advocate once.",
)

# ---- 3. Campaigns with a control group ------------------------------------------------------

offer_rates = TableExercise(
    question="Response rate of each group (treatment, control) for each offer of the "
             "retention e-mails, from `retention`: a Series indexed by offer and group (a "
             "table with the offers as rows and the groups as columns is fine too).",
    expected=lambda store: _uplift(store).set_index("offer")[
        ["treatment_rate", "control_rate"]].rename(
        columns={"treatment_rate": "treatment", "control_rate": "control"}).rename_axis(
        columns="group").stack().rename("responded"),
    solution='answer = retention.groupby(["offer", "group"])["responded"].mean()',
    hint='Group `retention` by two columns at once, `["offer", "group"]`, as the cell above '
         'did with type and group, then take the mean of responded.',
    why="The control group shows who would have bought anyway; only the difference between "
        "the two rates is the campaign's doing.",
    check_names=False,
)

caused_share = NumberExercise(
    question="Of the discount e-mail's treated customers who responded, what share responded "
             "because of the e-mail? Give a fraction (0-1), from `uplift`.",
    expected=lambda store: _discount_ratio(store, "uplift", "treatment_rate"),
    solution='row = uplift.set_index("offer").loc["discount"]\n'
             'answer = row["uplift"] / row["treatment_rate"]',
    hint="The treated group's rate mixes those who would have bought anyway (the control "
         "rate) with those the e-mail moved (the uplift). Which part of the treated rate is "
         "the uplift?",
    why="Judged by its response rate alone, a campaign takes the credit for every buyer who "
        "would have bought anyway.",
    tolerance=0.005, percent=True,
    slips=[(lambda store: _discount_ratio(store, "control_rate", "treatment_rate"),
            "That is the share who would have bought anyway (the control rate over the "
            "treated rate). The question asks for the other part."),
           (lambda store: float(_uplift(store).set_index("offer").loc["discount", "uplift"]),
            "That is the uplift itself, a gap between two rates. The question asks for a "
            "share of the treated customers who responded: compare the uplift with the rate "
            "it is a part of."),
           (lambda store: _discount_ratio(store, "uplift", "control_rate"),
            "That compares the uplift with the control group's rate. The share asked for is "
            "taken of the treated customers who responded: which rate describes them?")],
    advice="The treated group's rate has two parts: those who would have bought anyway and "
           "those the e-mail moved. What share of it is the second part?",
)

discount_roi = NumberExercise(
    question="What is the return on investment of the discount e-mails: the incremental "
             "margin minus the cost, divided by the cost? Use `returns` and `margin_per_response`.",
    expected=lambda store: float(retention_returns(store)[0].set_index("offer").loc[
        "discount", "roi"]),
    solution='row = returns.set_index("offer").loc["discount"]\n'
             'answer = (row["incremental"] * margin_per_response - row["cost"]) / row["cost"]',
    hint="The incremental margin is the incremental responses times the margin of one "
         "response. Take the cost away, then divide by the cost.",
    why="An uplift can be real and still not pay: return on investment puts the extra margin "
        "against what the campaign cost.",
    rel_tolerance=0.02, tolerance=0.005,
    slips=[(lambda store: 1 + float(retention_returns(store)[0].set_index("offer").loc[
                "discount", "roi"]),
            "That is the incremental margin divided by the cost. Take the cost away from the "
            "margin before you divide."),
           (lambda store: (lambda r: r["treatment_rate"] * r["treated"] * retention_returns(
                store)[1] / r["cost"] - 1)(retention_returns(store)[0].set_index("offer").loc[
                "discount"]),
            "That counts every treated customer who responded. Only the incremental "
            "responses (those above the control group) were earned by the e-mail."),
           (lambda store: (lambda r, m: (r["incremental"] * m - r["cost"])
                           / (r["incremental"] * m))(
                *(lambda t: (t[0].set_index("offer").loc["discount"], t[1]))(
                    retention_returns(store))),
            "That divides by the incremental margin. A return on investment is measured "
            "against what was invested: check what goes below the line.")],
    advice="Check the three parts: the margin counts only the responses the e-mail added, "
           "the cost is taken away from it, and the result is measured against what was "
           "invested.",
)


def _sample_tenure(store) -> pd.DataFrame:
    return attract.lift_by_tenure(store.campaigns, store.contacts, store.customers,
                                  offer="free sample", bins=(0, 180, 365, None)).set_index("tenure")


sample_for_whom = ChoiceExercise(
    question="To which customers, by days since sign-up, should the shop send its free "
             "samples, judged by the uplift (the lift column) in `sample_tenure`?",
    options=slips.TENURE_OPTIONS,
    feedback=slips.TENURE_FEEDBACK,
    expected=lambda store: str(_sample_tenure(store)["lift"].idxmax()),
    solution='answer = sample_tenure["lift"].idxmax()',
    hint="Compare the uplift (the lift column) across the three tenure bands (customers' days since "
         "sign-up when the e-mail came): where does the sample change what customers do? "
         "`.idxmax()` names the band with the largest lift.",
    why="A free sample lets someone try what they do not know yet: it persuades newcomers "
        "and tells established customers little they did not know.",
)

# ---- 4. Targeting ----------------------------------------------------------------------------

top_fifth_capture = NumberExercise(
    question="If the shop had contacted only the best-scored fifth of the later leads in "
             "`judged`, what share of all their conversions would it have reached? Give a "
             "fraction (0-1).",
    expected=lambda store: float(attract.gains_table(
        _judged(store)["score"], _judged(store)["converted"], bins=5)[
        "share_of_conversions"].iloc[0]),
    solution='best = judged.sort_values("score", ascending=False).head(round(0.2 * len(judged)))\n'
             'answer = best["converted"].sum() / judged["converted"].sum()',
    hint="Sort `judged` by score from the highest down, keep the first fifth of its rows "
         "with `.head(...)`, and count their conversions (the converted column holds "
         "True/False, so `.sum()` counts the True values). Divide by all conversions in `judged`.",
    why="A good score lets a small, cheap campaign reach most of the people who will buy.",
    tolerance=0.005, percent=True,
    slips=[(lambda store: float(_judged(store).sort_values("score", ascending=False).head(
                round(0.2 * len(_judged(store))))["converted"].mean()),
            "That is the conversion rate inside the best fifth. The question asks what share "
            "of ALL conversions the fifth holds: divide by the total conversions of `judged`."),
           (lambda store: float(_judged(store).sort_values("score").head(
                round(0.2 * len(_judged(store))))["converted"].sum()
                / _judged(store)["converted"].sum()),
            "That takes the lowest-scored fifth: sort with ascending=False so the best "
            "scores come first.")],
    also=[(lambda store, i=i: _fifth_ties(store)[i],
           "Many leads share a score, so which of the leads tied at the cut-off land in the "
           "fifth depends on how the tie is broken; your share lies within what the ties "
           "allow.") for i in range(4)],
    advice="Check both parts: the best fifth means the fifth of the rows with the highest "
           "scores, and its conversions are compared with all the conversions in `judged`.",
)

def _fifth_ties(store) -> tuple[float, float, float, float]:
    """The share of conversions in the best-scored fifth with the leads tied at the cut-off
    broken the least and the most favourable way, their midpoint, and the share of the leads
    scored at or above the 80th percentile (`score >= quantile(0.8)`, which keeps every tie)."""
    j = _judged(store)
    n, total = round(0.2 * len(j)), j["converted"].sum()
    cut = j["score"].sort_values(ascending=False).iloc[n - 1]
    above, tied = j[j["score"] > cut], j[j["score"] == cut]
    room, tied_buyers = n - len(above), int(tied["converted"].sum())
    low = (above["converted"].sum() + max(0, room - (len(tied) - tied_buyers))) / total
    high = (above["converted"].sum() + min(room, tied_buyers)) / total
    at_least = j.loc[j["score"] >= j["score"].quantile(0.8), "converted"].sum() / total
    return float(low), float(high), float((low + high) / 2), float(at_least)


# ---- 5. Benchmarking -------------------------------------------------------------------------

trailing_attributes = SetExercise(
    question="On which attributes does the best competitor beat the shop (a negative gap in "
             "`gaps`)? Give a list of attribute names.",
    expected=lambda store: attract.benchmark_gaps(store.benchmark).loc[
        lambda g: g["gap"] < 0, "attribute"].tolist(),
    solution='answer = gaps.loc[gaps["gap"] < 0, "attribute"].tolist()',
    hint='Keep the rows of `gaps` whose gap is below 0 and take their attribute column as a '
         'list.',
    why="Where the shop trails it must decide: close the gap, or lead so clearly elsewhere "
        "that customers accept it.",
    unnamed=Unnamed(noun="attribute",
                    advice="Look at the sign of each gap: `gap` is the shop's advantage, so "
                           "the shop trails where it is negative. Spell each attribute as "
                           "the attribute column does."),
)

# ---- 6. Winning customers back ---------------------------------------------------------------

winback_cost = NumberExercise(
    question="What does the win-back mailing pay per customer it reactivated (EUR): its total "
             "cost divided by the reactivations above the control group? Use `winback` and "
             "`winback_spend`.",
    expected=lambda store: (lambda w, c: c / (w["lift"] * w["treated"]))(*_winback(store)),
    solution='answer = winback_spend / (winback["lift"] * winback["treated"])',
    hint="The reactivations the mailing caused are its lift times the number of treated "
         "customers. Divide the spend by them.",
    why="Winning a former customer back is worth it when it costs less than winning a "
        "stranger, who has never bought from you.",
    rel_tolerance=0.01,
    slips=[(lambda store: (lambda w, c: c / (w["treatment_rate"] * w["treated"]))(
                *_winback(store)),
            "That divides by everyone who bought again, including those the control group "
            "says would have come back anyway. Use the lift, not the treatment rate."),
           (lambda store: (lambda w, c: c / w["treated"])(*_winback(store)),
            "That is the cost per customer mailed. Divide by the customers the mailing "
            "brought back: lift times treated.")],
    advice="Charge the spend only to the customers the mailing itself brought back, beyond "
           "what the control group shows: check what you divided by.",
)

# ---- 7. The explorer -------------------------------------------------------------------------


def calculator_seed(store) -> dict[str, float]:
    """The settings of the lesson's campaign calculator: the latest discount retention
    e-mail of the data."""
    c = store.campaigns
    latest = int(c.loc[(c["type"].astype(str) == "retention")
                       & (c["offer"].astype(str) == "discount"), "campaign_id"].max())
    margins = attract.order_margins(store.orders, store.order_lines, store.products)
    return attract.campaign_inputs(c, store.contacts, margins, latest)


def _half_margin(store) -> str:
    seed = calculator_seed(store)
    profit = attract.campaign_profit(**{**seed, "margin_per_response":
                                        seed["margin_per_response"] / 2})["incremental_profit"]
    return "A" if profit > 0.5 else ("B" if profit < -0.5 else "C")


explorer_half_margin = ChoiceExercise(
    question="In the calculator, halve the margin per response and leave the rest as seeded. "
             "What happens to the campaign?",
    options=slips.EXPLORER_OPTIONS,
    feedback=slips.EXPLORER_FEEDBACK,
    expected=_half_margin,
    solution='half = attract.campaign_profit(**{**seed, "margin_per_response":\n'
             '                                      seed["margin_per_response"] / 2})\n'
             'answer = "A" if half["incremental_profit"] > 0 else "B"',
    hint="Move the margin slider to half its starting value and read the incremental profit.",
    why="The break-even uplift is the cost per contact over the margin per response: a "
        "thinner margin needs a bigger uplift to pay.",
)

campaign_plan = ReflectionExercise(
    question="You have next quarter's attraction budget. Which source or offer would you cut, "
             "which would you grow, and which number of this lesson decided it?",
    solution='answer = ("I would cut paid social ads: their customers take about two years to '
             'repay their cost and few of their leads buy. I would grow referral rewards and '
             'send free samples to new customers only, where the lift is largest, and I would '
             'keep control groups so the next review measures uplift, not response.")',
    hint="Weigh what a source's customers cost, what they bring, and what a campaign adds "
         "over its control group.",
    why="Attraction is a budget decision: the numbers of this lesson say where a euro brings "
        "the most customers who stay.",
    min_words=25,
)

# ---- Check your understanding ----------------------------------------------------------------

quiz_control_group = ChoiceExercise(
    question="A coupon e-mail went to 10,000 customers and 9% of them bought within a week. "
             "Why is that not enough to say the e-mail worked?",
    options={"A": "9% is too low a response rate to mean anything",
             "B": "some of them would have bought that week anyway; only a control group "
                  "shows how many",
             "C": "a week is too short for customers to answer",
             "D": "10,000 customers are too few to measure a response"},
    feedback={"A": "A low rate can still be a big effect, and a high one no effect at all: "
                   "the rate alone does not say what the e-mail caused.",
              "C": "A longer window would catch more buyers, with or without the e-mail: "
                   "the problem stays the same.",
              "D": "With 10,000 customers a response rate is measured quite precisely; what "
                   "it lacks is a comparison."},
    expected="B",
    solution='answer = "B"',
    hint="What would those 10,000 customers have done that week without the e-mail?",
    why="Uplift, not response, is what a campaign earns: the control group is the only "
        "honest measure of 'anyway'.",
)

quiz_referral = ChoiceExercise(
    question="Why does a referred customer usually cost less to win, and stay longer, than "
             "one won by an advert?",
    options={"A": "referred customers always buy the cheapest products",
             "B": "referral rewards are paid by the referred customer",
             "C": "the friend who recommends has already explained the shop and vouched "
                  "for it, and people like them tend to stay",
             "D": "adverts reach only people who never buy"},
    feedback={"A": "What they buy is not the point: the referral does part of the selling "
                   "and the trust-building for the company.",
              "B": "The shop pays the referral reward; it is still cheaper than the adverts "
                   "needed to win the same customer.",
              "D": "Adverts do bring buyers, only at a higher cost each and with more of them "
                   "leaving early."},
    expected="C",
    solution='answer = "C"',
    hint="Think of who does the persuading when a friend recommends the shop.",
    why="Advocates sell for you: that is why the loyalty ladder ends with them.",
)

quiz_gains = ChoiceExercise(
    question="On a gains chart, the curve of a score reaches 60% of the conversions at 10% "
             "of the prospects. What does that mean?",
    options={"A": "contacting the best-scored tenth reaches 60% of all the buyers",
             "B": "60% of the best-scored tenth convert",
             "C": "the score is right 60% of the time",
             "D": "10% of the buyers are among the best-scored 60%"},
    feedback={"B": "That would be the conversion rate within the tenth; the curve shows a "
                   "share of all conversions.",
              "C": "A gains chart does not count right and wrong guesses; it shows how many "
                   "buyers the first prospects contacted hold.",
              "D": "The axes are the other way round: prospects along the bottom, "
                   "conversions up the side."},
    expected="A",
    solution='answer = "A"',
    hint="The bottom axis is the share of prospects contacted, best first; the side axis the "
         "share of all conversions they hold.",
    why="A gains chart turns a score into a budget decision: how far down the list is it "
        "worth going?",
)

bind_exercises(globals(), lesson="03")
