"""The feedback of lesson 02's exercises that is too long to sit beside each question: a text
for every option of its choice questions, and the likely slips of its number questions.

A slip is ``(wrong(store), message)``: when the answer equals what `wrong` computes, the check
says `message` instead of the generic feedback. The functions take the lesson's own helpers
(``scored(store)``, ``revenue(store)``, ...) so that a slip is computed exactly as the
reference is.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd

from crm_lessons import identify

__all__ = ["SEGMENT_PLACES", "second_segment_feedback", "wallet_feedback", "channel_feedback",
           "EXPLORER_FEEDBACK", "second_segment_slips", "wallet_slips", "channel_slips",
           "top20_slips", "tier_slips", "champions_slips", "quadrant_slips", "best_k_slips", "winback_slips"]

Store = Any
Slip = tuple[Callable[[Store], Any], str]

# Where each segment sits on the segment map (recency score up the side, FM score along the
# bottom), as the rule table places it.
SEGMENT_PLACES = {
    "champions": "Champions fill the top-right corner of the map: recent, frequent, big "
                 "spenders.",
    "potential loyalists": "Potential loyalists sit near the top, left of the champions: they "
                           "bought recently, but not yet often or much.",
    "new": "New customers sit in the top-left cells only: recent, but one small order so far.",
    "loyal": "Loyal customers fill the right part of the middle row: they buy often and a lot, "
             "a little less recently than the champions.",
    "can't lose them": "Can't lose them sit in the bottom-right cells only: former best "
                       "customers who have gone silent.",
    "at risk": "At risk covers a block of cells in the lower middle and right of the map.",
    "hibernating": "Hibernating covers a block of cells on the left, below the middle.",
    "lost": "Lost fills the bottom-left corner of the map.",
}


def _cells() -> pd.Series:
    """How many cells of the 5 x 5 map each segment covers (from the rule table)."""
    one = pd.DataFrame({"r_score": [1], "f_score": [1], "m_score": [1]})
    return identify.segment_grid(one)["segment"].astype(str).value_counts()


def second_segment_feedback(options: dict[str, str]) -> dict[str, str]:
    """For each option of "which segment is second in size": where it sits, how many cells it
    covers, and how to compare totals."""
    cells = _cells()
    out = {}
    for letter, seg in options.items():
        n = int(cells.get(seg, 0))
        out[letter] = (f"{SEGMENT_PLACES[seg]} It covers {n} cell{'s' if n != 1 else ''} of the "
                       "map: add up the counts in all of them, do the same for the other "
                       "segments, and compare the totals (or sort the customers column of "
                       "`summary` from the largest down).")
    return out


_WALLET = {
    "champions": "Champions spend the most with the shop, but the question is what they say "
                 "they spend on coffee and tea anywhere.",
    "potential loyalists": "Potential loyalists have bought little from the shop so far; what "
                           "they spend in the whole category can be another matter.",
    "new": "New customers have placed one small order with the shop; their budget for the "
           "category is in the survey, not in the orders.",
    "loyal": "Loyal customers buy often from the shop; the question is about their whole "
             "budget for coffee and tea.",
    "can't lose them": "Can't lose them have gone silent with the shop, which says nothing "
                       "yet about what they spend elsewhere.",
    "at risk": "At risk customers buy less from the shop than they did; what do they say they "
               "spend in total?",
    "hibernating": "Hibernating customers buy little from the shop; their budget for the "
                   "category could still be large, or small.",
    "lost": "Lost customers buy nothing from the shop now; the survey still tells you what "
            "they spend anywhere.",
}


def _per_option(options: dict[str, str], texts: dict[str, str], then: str) -> dict[str, str]:
    """{letter: the text of its option's value, then `then`}."""
    return {letter: f"{texts[value]} {then}" for letter, value in options.items()}


def wallet_feedback(options: dict[str, str]) -> dict[str, str]:
    """For each option of "which segment says it spends the most in the category"."""
    return _per_option(options, _WALLET, "Compare its mean_category_spend with that of every "
                       "other row of `voices` with at least 20 responses.")


_CHANNEL = {
    "search": "Search brings many customers, but are they each worth the most?",
    "paid_social": "Paid social ads reach many people at a low cost per click; what is each "
                   "customer they brought worth?",
    "email": "E-mail reaches people who already know the shop; is each of them worth more "
             "than the customers of the other channels?",
    "referral": "Referred customers come through a friend; is each of them worth more than "
                "the customers of the other channels?",
    "partner": "Partners bring customers through another company's site or shop; what is "
               "each of them worth?",
    "marketplace": "Marketplace buyers found the shop on a marketplace site; what is each of "
                   "them worth?",
}


def channel_feedback(options: dict[str, str]) -> dict[str, str]:
    """For each option of "which channel is the most attractive by profit per customer"."""
    return _per_option(options, _CHANNEL, "Compare its profit_per_customer in `by_channel` "
                       "with every other channel's.")


EXPLORER_FEEDBACK = {
    "A": "Is the share at 180 days really smaller? Set the slider to 30, note the 'lost' share "
         "of customers in the sentence above the chart, then set it to 180 and compare.",
    "B": "Is the share at 180 days really larger? A wider band means a customer needs a "
         "longer silence to get the lowest recency score. Set the slider to 30, then to 180, "
         "and compare the 'lost' share of customers.",
    "C": "Look again: the 'lost' share is not the same at 30 and at 180 days. Changing the "
         "band width moves many customers into or out of the lowest recency score. Set the "
         "slider to 30, note the 'lost' share in the sentence above the chart, then set it to "
         "180 and compare the two numbers.",
}


def _letter_of(options: dict[str, str], value: Any) -> str:
    return next(k for k, v in options.items() if v == str(value))


def second_segment_slips(scored: Callable[[Store], pd.DataFrame],
                         options: dict[str, str]) -> list[Slip]:
    """The largest segment, the one with the biggest single cell, the third, and the second
    by revenue."""
    def by(store: Store, column: str) -> pd.Series:
        summary = identify.segment_summary(scored(store))
        return summary.sort_values(column, ascending=False, kind="stable")["segment"]

    def biggest_cell(store: Store) -> str:
        grid = identify.segment_grid(scored(store))
        return _letter_of(options, grid.loc[grid["customers"].idxmax(), "segment"])

    return [
        (lambda store: _letter_of(options, by(store, "customers").iloc[0]),
         "That is the largest segment, the one the chart's title names; the question asks "
         "for the one that comes after it."),
        (biggest_cell,
         "That segment has the biggest single bubble, but a segment can cover several cells: "
         "add up every cell of each colour before comparing."),
        (lambda store: _letter_of(options, by(store, "customers").iloc[2]),
         "Close: that segment comes third. One more segment has more customers; sort the "
         "customers column of `summary` from the largest down."),
        (lambda store: _letter_of(options, by(store, "revenue_share").iloc[1]),
         "That segment is second by revenue; the question counts customers."),
    ]


def wallet_slips(scored: Callable[[Store], pd.DataFrame],
                 options: dict[str, str]) -> list[Slip]:
    """The biggest spender ignoring the 20-answer rule, the biggest spender with the shop, the
    keenest recommender and the smallest wallet."""
    def profile(store: Store) -> pd.DataFrame:
        seg = scored(store).set_index("customer_id")["segment"]
        return identify.segment_survey_profile(seg, store.surveys)

    def kept(store: Store) -> pd.DataFrame:
        prof = profile(store)
        return prof[prof["responses"] >= 20]

    def with_shop(store: Store) -> str:
        summary = identify.segment_summary(scored(store)).set_index("segment")
        return _letter_of(options, summary["revenue_per_customer"].idxmax())

    return [
        (lambda store: _letter_of(options, profile(store)["mean_category_spend"].idxmax()),
         "That segment has fewer than 20 survey answers: too few to trust. Keep only the rows "
         "with at least 20 responses."),
        (with_shop,
         "That segment spends the most with the shop (revenue per customer); the question is "
         "what customers say they spend on coffee and tea anywhere: mean_category_spend."),
        (lambda store: _letter_of(options, kept(store)["mean_recommend"].idxmax()),
         "That segment is the keenest to recommend the shop; the question is about spend: "
         "mean_category_spend."),
        (lambda store: _letter_of(options, kept(store)["mean_category_spend"].idxmin()),
         "That is the smallest mean_category_spend: look for the largest (.idxmax())."),
    ]


def channel_slips(by_channel: Callable[[Store], pd.DataFrame],
                  options: dict[str, str]) -> list[Slip]:
    """The channel with the most customers, the most profit in total, the least profit per
    customer."""
    def best(store: Store, column: str, low: bool = False) -> str:
        table = by_channel(store)
        row = table[column].idxmin() if low else table[column].idxmax()
        return _letter_of(options, table.loc[row, "channel"])

    return [
        (lambda store: best(store, "customers"),
         "That channel brought the most customers, but many customers can each be worth "
         "little: judge by profit_per_customer."),
        (lambda store: best(store, "profit_share"),
         "That channel brings the most profit in total, partly because it brings many "
         "customers; the question is profit per customer."),
        (lambda store: best(store, "profit_per_customer", low=True),
         "That channel has the lowest profit per customer: look for the highest."),
    ]


def top20_slips(revenue: Callable[[Store], pd.Series]) -> list[Slip]:
    """The top 20 customers, the other 80%, the bottom fifth, the top fifth in euros."""
    def fifth(store: Store) -> int:
        return round(0.2 * len(revenue(store)))

    return [
        (lambda store: revenue(store).head(20).sum() / revenue(store).sum(),
         "That is the share of the top 20 customers; the question asks for the top 20% of "
         "them: round(0.2 * len(revenue)) customers."),
        (lambda store: revenue(store).iloc[fifth(store):].sum() / revenue(store).sum(),
         "That is the share of the other 80% of customers: take the first fifth of `revenue` "
         "with .head(n)."),
        (lambda store: revenue(store).tail(fifth(store)).sum() / revenue(store).sum(),
         "That is the share of the bottom fifth: `revenue` is sorted from the best customer "
         "down, so the top fifth is .head(n), not .tail(n)."),
        (lambda store: revenue(store).head(fifth(store)).sum(),
         "That is the revenue of the top fifth in euros; divide it by the total revenue to get "
         "a share."),
    ]


def tier_slips(revenue: Callable[[Store], pd.Series]) -> list[Slip]:
    """Averages or counts per tier instead of totals."""
    def by_tier(store: Store):
        rev = revenue(store)
        return rev.groupby(identify.value_tiers(rev), observed=True)

    return [
        (lambda store: by_tier(store).mean(),
         "Those are averages: the revenue of a typical customer in each tier. The question "
         "asks for each tier's total: add up the group with .sum()."),
        (lambda store: by_tier(store).count(),
         "Those are counts of customers per tier; the question asks for their revenue: group "
         "`revenue` by `tiers` and add it up with .sum()."),
        (lambda store: identify.value_tiers(revenue(store)).value_counts(),
         "Those are counts of customers per tier (what tiers.value_counts() shows); the "
         "question asks for their revenue: group `revenue` by `tiers` and add it up with "
         ".sum()."),
    ]


def champions_slips(scored: Callable[[Store], pd.DataFrame]) -> list[Slip]:
    """The champions' share of customers, their revenue in euros, everyone else's share."""
    def theirs(store: Store) -> pd.Series:
        return scored(store)["segment"] == "champions"

    def share(store: Store) -> float:
        s = scored(store)
        return s.loc[theirs(store), "monetary"].sum() / s["monetary"].sum()

    return [
        (lambda store: theirs(store).mean(),
         "That is the champions' share of customers; the question asks for their share of "
         "revenue: add up the monetary column."),
        (lambda store: scored(store).loc[theirs(store), "monetary"].sum(),
         "That is the champions' revenue in euros; divide it by the monetary total of all "
         "customers."),
        (lambda store: 1 - share(store),
         "That is the share of every customer except the champions: keep the rows whose "
         "segment is \"champions\"."),
    ]


def quadrant_slips(quadrant: Callable[[Store], pd.Series]) -> list[Slip]:
    """A share for a count, every high-value customer, every high-need customer, everyone."""
    return [
        (lambda store: (quadrant(store) == "high value, high need").mean(),
         "That is a share of the customers; the question asks how many: add up the True "
         "values with .sum(), not .mean()."),
        (lambda store: quadrant(store).str.startswith("high value").sum(),
         "That counts every high-value customer; keep only those who also need a lot of "
         "service."),
        (lambda store: quadrant(store).str.endswith("high need").sum(),
         "That counts every customer with a high service need; keep only the high-value "
         "ones."),
        (lambda store: len(quadrant(store)),
         "That is every customer; compare the quadrant column with \"high value, high need\" "
         "first."),
    ]


def best_k_slips(k_table: Callable[[Store], pd.DataFrame]) -> list[Slip]:
    """The row label of the peak, the lowest inertia, the lowest silhouette."""
    return [
        (lambda store: k_table(store)["silhouette"].idxmax(),
         "That is the row label of the peak (.idxmax() gives the index), not k: read the k "
         "column in that row."),
        (lambda store: k_table(store).loc[k_table(store)["inertia"].idxmin(), "k"],
         "That k has the lowest inertia, but inertia always falls as k grows. The question "
         "asks about the silhouette."),
        (lambda store: k_table(store).loc[k_table(store)["silhouette"].idxmin(), "k"],
         "That k has the lowest silhouette: look for the highest."),
    ]


def winback_slips(lost: Callable[[Store], pd.DataFrame],
                  revenue: Callable[[Store], pd.Series]) -> list[Slip]:
    """The median of the lost customers, one test alone, either test, every lost customer."""
    def rich(store: Store) -> pd.Series:
        return lost(store)["revenue"] >= revenue(store).median()

    return [
        (lambda store: (lost(store)["fixable"] & (lost(store)["revenue"]
                                                  >= lost(store)["revenue"].median())).sum(),
         "That compares with the median of the lost customers; the rule uses the median of "
         "all customers, revenue.median()."),
        (lambda store: lost(store)["fixable"].sum(),
         "That counts every lost customer with a fixable reason; keep only those whose "
         "revenue is also at least the median (join the two tests with &)."),
        (lambda store: rich(store).sum(),
         "That counts the lost customers with revenue at or above the median, whatever their "
         "reason: add the test on fixable, joined with &."),
        (lambda store: (lost(store)["fixable"] | rich(store)).sum(),
         "That counts customers who pass either test; the rule needs both: join them with &, "
         "not |."),
        (lambda store: (lost(store)["fixable"] & (lost(store)["revenue"]
                                                  > revenue(store).median())).sum(),
         "Nearly: the rule says at least the median, so use >= rather than >."),
        (lambda store: len(lost(store)),
         "That is every lost customer; count only those who pass both tests."),
        (lambda store: (lost(store)["fixable"] & rich(store)).mean(),
         "That is a share of the lost customers; the question asks how many: add up the True "
         "values with .sum(), not .mean()."),
        (lambda store: ((lost(store)["fixable"] & lost(store)["revenue"])
                        >= revenue(store).median()).sum(),
         "Put each test in its own brackets: Python does & before >=, so without brackets it "
         "joins fixable with the revenue numbers first and compares that with the median. "
         'Write lost["fixable"] & (lost["revenue"] >= ...).'),
    ]
