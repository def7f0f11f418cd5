"""Exercises of lesson 02 (customer identification).

Every reference answer is computed from the active store with the package's own helpers, so
it follows the data (the shipped set or a seed variant).
"""

from __future__ import annotations

import pandas as pd

from crm_lessons import identify
from crm_lessons.exercises import lesson02_slips as slips
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

SEGMENT_OPTIONS = {letter: seg for letter, seg in zip("ABCDEFGH", identify.SEGMENTS,
                                                      strict=True)}
CHANNEL_OPTIONS = {letter: ch for letter, ch in zip(
    "ABCDEF", ["search", "paid_social", "email", "referral", "partner", "marketplace"],
    strict=True)}


def _letter(options: dict[str, str], text: str) -> str:
    return next(k for k, v in options.items() if v == text)


def _revenue(store) -> pd.Series:
    return identify.customer_revenue(store.orders)


def _rfm(store) -> pd.DataFrame:
    return identify.rfm_table(store.orders, as_of=store.end_date)


def _scored(store) -> pd.DataFrame:
    scored = identify.rfm_scores(_rfm(store))
    scored["segment"] = identify.rfm_segments(scored)
    return scored


def _profit(store) -> pd.Series:
    from crm_lessons import develop

    return develop.customer_profit(store.orders, store.order_lines, store.products,
                                   store.tickets).set_index("customer_id")["profit"]


# ---- 1. Target groups and the data about them -----------------------------------------------

survey_share = NumberExercise(
    question="What share of customers answered at least one survey? Give a fraction (0-1).",
    expected=lambda store: store.surveys["customer_id"].nunique() / len(store.customers),
    solution='answer = store.surveys["customer_id"].nunique() / len(store.customers)',
    hint="Count the distinct customer_id values in `store.surveys` (`.nunique()`) and divide "
         "by the number of rows of `store.customers`.",
    why="Orders describe every customer; surveys only those who answer. Qualitative data "
        "explains the numbers, but for a part of the customers only.",
    tolerance=0.005, percent=True,
    slips=[(lambda store: len(store.surveys) / len(store.customers),
            "That counts survey answers, not customers: a customer who also answered the "
            "follow-up survey has two rows. Count each customer_id once (.nunique())."),
           (lambda store: store.surveys["customer_id"].nunique() / len(store.surveys),
            "You divided by the number of survey answers; the share is of all customers: "
            "divide by the number of rows of store.customers.")],
)

# ---- 2. All customers are not equal ----------------------------------------------------------

top20_share = NumberExercise(
    question="What share of revenue comes from the top 20% of customers? Give a fraction "
             "(0-1), using `revenue` (sorted from the best customer down).",
    expected=lambda store: identify.revenue_concentration(store.orders, top=0.2),
    solution="answer = revenue.head(round(0.2 * len(revenue))).sum() / revenue.sum()",
    hint="`revenue` is already sorted from the largest down. Say how many customers make "
         "a fifth, then take them:\n```python\nn = round(0.2 * len(revenue))\n"
         "top = revenue.head(n)\n```\nAdd them up with `.sum()` and divide by "
         "`revenue.sum()`.",
    why="A few customers carry the business, so losing one of them costs far more than "
        "losing an average customer.",
    tolerance=0.01, percent=True,
    slips=slips.top20_slips(_revenue),
    advice="The share is the revenue of the first fifth of `revenue` (round(0.2 * "
           "len(revenue)) customers) divided by the total of `revenue`.",
)

tier_revenue = TableExercise(
    question="Total revenue of each value tier: a Series indexed by tier (gold, silver, "
             "bronze), from `revenue` and `tiers`.",
    expected=lambda store: _revenue(store).groupby(identify.value_tiers(_revenue(store)),
                                                   observed=True).sum(),
    solution="answer = revenue.groupby(tiers).sum()",
    hint="`tiers` has the same index as `revenue`, so you can group `revenue` by `tiers` "
         "directly (groupby accepts a Series as well as a column name), then add up each "
         "group.",
    why="Tiers turn a ranking into something a company can act on: a service level, a "
        "loyalty status, a budget per customer.",
    slips=slips.tier_slips(_revenue),
)

# ---- 3. RFM ----------------------------------------------------------------------------------

rfm_by_hand = TableExercise(
    question="From store.orders, build a table indexed by customer_id with two columns: "
             "frequency (number of orders) and monetary (total revenue, EUR).",
    expected=lambda store: _rfm(store).set_index("customer_id")[["frequency", "monetary"]],
    solution='answer = store.orders.groupby("customer_id").agg(\n'
             '    frequency=("order_id", "count"), monetary=("revenue", "sum"))',
    hint="Group `store.orders` by customer_id. Frequency counts each customer's orders "
         "(count the order_id column); monetary adds up the revenue column. `.agg` can name "
         'both results at once: `.agg(frequency=("order_id", "count"), monetary=...)`.',

    why="Frequency and monetary value are two of the three RFM measures; with recency they "
        "summarise a customer's whole history in three numbers.",
)

second_largest_segment = ChoiceExercise(
    question="The segment map's title names the largest segment. Which segment comes second "
             "in number of customers?",
    options=SEGMENT_OPTIONS,
    feedback=slips.second_segment_feedback(SEGMENT_OPTIONS),
    slips=slips.second_segment_slips(_scored, SEGMENT_OPTIONS),
    expected=lambda store: _letter(SEGMENT_OPTIONS, str(
        identify.segment_summary(_scored(store)).sort_values(
            "customers", ascending=False, kind="stable")["segment"].iloc[1])),
    solution='answer = summary.sort_values("customers", ascending=False)["segment"].iloc[1]',
    hint="Add up the counts in the cells of each colour, or sort `summary` by its customers "
         "column from the largest down and read the second row.",
    why="The biggest segment is not always the most valuable: compare its share of customers "
        "with its share of revenue before deciding where the budget goes.",
)

champions_share = NumberExercise(
    question="What share of revenue do the champions bring? Give a fraction (0-1), "
             "computed from `scored`.",
    expected=lambda store: float(identify.segment_summary(_scored(store)).set_index(
        "segment").loc["champions", "revenue_share"]),
    solution='answer = (scored.loc[scored["segment"] == "champions", "monetary"].sum()\n'
             '          / scored["monetary"].sum())',
    hint='Select the rows of `scored` whose segment is "champions", add up their monetary '
         'column, and divide by the monetary total of all customers.',
    why="When a small share of the customers brings most of the revenue, recognising and "
        "keeping them is the first job of CRM.",
    tolerance=0.005, percent=True,
    slips=slips.champions_slips(_scored),
    advice="Add up the monetary column over the champions' rows of `scored`, and divide by "
           "the monetary total of all its rows.",
)


def _biggest_wallet(store):
    seg = _scored(store).set_index("customer_id")["segment"]
    prof = identify.segment_survey_profile(seg, store.surveys)
    prof = prof[prof["responses"] >= 20]
    return _letter(SEGMENT_OPTIONS, str(prof["mean_category_spend"].idxmax()))


biggest_wallet = ChoiceExercise(
    question="In the survey table (segments with at least 20 answers), which segment says it "
             "spends the most per month on coffee and tea, wherever it buys them?",
    options=SEGMENT_OPTIONS,
    feedback=slips.wallet_feedback(SEGMENT_OPTIONS),
    slips=slips.wallet_slips(_scored, SEGMENT_OPTIONS),
    expected=_biggest_wallet,
    solution='answer = voices[voices["responses"] >= 20]["mean_category_spend"].idxmax()',
    hint="Keep the rows of `voices` with at least 20 responses and find the largest "
         "mean_category_spend (`.idxmax()` returns its segment).",
    why="What a customer spends in the whole category, not only with us, shows how much more "
        "we could win: a big wallet that we hardly touch is an opportunity.",
)

# ---- 4. Value against service need -----------------------------------------------------------

adviser_quadrant = ChoiceExercise(
    question="A bank can pay personal advisers for one group of its customers only. In the "
             "2 x 2 of value and service need, which group should get them?",
    options={"A": "high value, high need", "B": "high value, low need",
             "C": "low value, high need", "D": "low value, low need"},
    feedback={"B": "They bring a lot, but they ask for little: an adviser would be a cost "
                   "they do not value. Keep their service reliable and thank them.",
              "C": "They would love an adviser, but their business does not pay for one: "
                   "offer good self-service instead.",
              "D": "They are cheap to serve and may grow, but an adviser is too expensive a "
                   "way to grow them."},
    expected="A",
    solution='answer = "A"',
    hint="An adviser is expensive: who both needs the service and brings enough value to "
         "pay for it?",
    why="Service is a cost: spend it where value and need meet, and use cheaper channels "
        "elsewhere.",
)

high_value_high_need = NumberExercise(
    question="How many customers are in the quadrant 'high value, high need'?",
    expected=lambda store: int((identify.value_service_quadrants(
        store.orders, store.tickets)["quadrant"] == "high value, high need").sum()),
    solution='answer = (quadrants["quadrant"] == "high value, high need").sum()',
    hint='Compare the quadrant column of `quadrants` with "high value, high need" and add up '
         'the True values with `.sum()`.',
    why="This is the group a premium service is built for: count it before pricing the "
        "service.",
    tolerance=0,
    slips=slips.quadrant_slips(lambda store: identify.value_service_quadrants(
        store.orders, store.tickets)["quadrant"]),
    advice='Compare the quadrant column of `quadrants` with the exact text "high value, '
           'high need" and count the True values.',
)

# ---- 5. Profiles of profitable groups --------------------------------------------------------


def _profile(store) -> pd.DataFrame:
    profit = _profit(store)
    return identify.group_profile(store.customers, identify.value_tiers(profit) == "gold")


gold_channels = SetExercise(
    question="Which acquisition channels are over-represented among the most profitable "
             "customers (index above 100 in `profile`)? Give a list of channel names.",
    expected=lambda store: _profile(store).loc[
        lambda p: (p["attribute"] == "channel") & (p["index"] > 100), "level"].tolist(),
    solution='answer = profile.loc[(profile["attribute"] == "channel") & (profile["index"] > 100),\n'
             '                     "level"].tolist()',
    hint='Keep the rows of `profile` whose attribute is "channel" and whose index is above '
         '100, then take the level column as a list.',
    why="Channels that bring profitable customers deserve more of the acquisition budget: "
        "that is where attracting customers like your best ones starts.",
    # a missing channel is counted, not named (naming it would give the answer away)
    unnamed=Unnamed(noun="channel",
                    advice='Check both conditions on `profile`: the attribute is "channel" and '
                           'the index is above 100, and spell each channel as its level '
                           'column does.'),
)


def _by_channel(store):
    profit = _profit(store).rename("profit").reset_index()
    table = store.customers[["customer_id", "channel"]].merge(profit, on="customer_id")
    return identify.segment_summary(table, by="channel", value="profit", label="profit")


def _attractive_channel(store):
    summary = _by_channel(store)
    best = summary.loc[summary["profit_per_customer"].idxmax(), "channel"]
    return _letter(CHANNEL_OPTIONS, str(best))


attractive_channel = ChoiceExercise(
    question="You may spend next year's acquisition budget on one channel. Judged by profit "
             "per customer in `by_channel`, which is the most attractive?",
    options=CHANNEL_OPTIONS,
    feedback=slips.channel_feedback(CHANNEL_OPTIONS),
    slips=slips.channel_slips(_by_channel, CHANNEL_OPTIONS),
    expected=_attractive_channel,
    solution='answer = by_channel.loc[by_channel["profit_per_customer"].idxmax(), "channel"]',
    hint="Find the row of `by_channel` with the largest profit_per_customer.",
    why="The most attractive target group is the one whose customers are worth the most, "
        "not the one that brings the most sign-ups.",
)

# ---- 6. k-means -----------------------------------------------------------------------------

_K_TABLES = ReferenceCache()  # k-means is slow: the reference and its slips share one table


def _k_table(store) -> pd.DataFrame:
    def compute(s):
        return identify.choose_k(_rfm(s), ks=range(2, 8))

    return _K_TABLES.get("k_table", compute) if store is active_store() else compute(store)


best_k = NumberExercise(
    direction=False,  # k is read off a table: "too high" would invite guessing
    question="In `k_table`, which number of clusters k has the highest silhouette?",
    expected=lambda store: int(_k_table(store).set_index("k")["silhouette"].idxmax()),
    solution='answer = k_table.loc[k_table["silhouette"].idxmax(), "k"]',
    hint="Run `k_table` in a cell and look down its silhouette column: where is it largest? "
         "In code, `k_table['silhouette'].idxmax()` gives the row label of the peak, not k "
         "itself: read the k column of that row.",
    why="The silhouette says which k separates customers best; whether those groups are "
        "useful to marketing is a second question that only you can answer.",
    tolerance=0,
    slips=slips.best_k_slips(_k_table),
    advice="Find the largest value of the silhouette column of `k_table` and read the k in "
           "the same row.",
)

# ---- 7. Customers lost to competitors --------------------------------------------------------

winback_count = NumberExercise(
    question="How many lost customers left for a reason we can fix AND had past revenue of at "
             "least the median revenue of all customers (`revenue.median()`)?",
    expected=lambda store: int(identify.lost_customers(
        store.defections, store.customers, store.orders)["worth_winning_back"].sum()),
    solution='answer = (lost["fixable"] & (lost["revenue"] >= revenue.median())).sum()',
    hint="Build two True/False tests on the rows of `lost`, one for the fixable reason and "
         "one comparing its revenue column with `revenue.median()` (the median of ALL "
         "customers, not of the lost ones); join them with `&` and count the True values with "
         "`.sum()`.",
    why="Winning back costs money: aim at customers who were worth a lot and left for a "
        "reason you can remove.",
    tolerance=0,
    slips=slips.winback_slips(lambda store: identify.lost_customers(
        store.defections, store.customers, store.orders), _revenue),
    advice="Both tests must hold for a customer to count: a fixable reason, and past revenue "
           "at or above the median of all customers.",
)

lost_by_reason = TableExercise(
    question="Past revenue of the lost customers, summed by the reason they gave: a Series "
             "indexed by reason.",
    expected=lambda store: identify.lost_customers(store.defections, store.customers,
                                                   store.orders).groupby(
        "reason", observed=True)["revenue"].sum(),
    solution='answer = lost.groupby("reason")["revenue"].sum()',
    hint='Group `lost` by its reason column and add up revenue.',
    why="Reasons weighted by value, not by headcount, show where a fix pays most.",
    slips=[(lambda store: identify.lost_customers(
                store.defections, store.customers, store.orders).groupby(
                "reason", observed=True)["orders"].sum(),
            "That adds up orders, not revenue: pick the revenue column right after grouping, "
            "before .sum().")],
)

# ---- 8. The explorer -------------------------------------------------------------------------


def _explorer_lost(store):
    rfm = _rfm(store)
    narrow = identify.segment_mix(rfm, recency_step=30).set_index("segment")
    wide = identify.segment_mix(rfm, recency_step=180).set_index("segment")
    a, b = narrow.loc["lost", "customer_share"], wide.loc["lost", "customer_share"]
    return "A" if b < a else ("B" if b > a else "C")


explorer_lost = ChoiceExercise(
    question="In the explorer, move the recency band from 30 to 180 days. What happens to "
             "the share of customers in the 'lost' segment?",
    options={"A": "it shrinks", "B": "it grows", "C": "it does not change"},
    feedback=slips.EXPLORER_FEEDBACK,
    expected=_explorer_lost,
    solution='narrow = identify.segment_mix(rfm, recency_step=30).set_index("segment")\n'
             'wide = identify.segment_mix(rfm, recency_step=180).set_index("segment")\n'
             'before = narrow.loc["lost", "customer_share"]\n'
             'after = wide.loc["lost", "customer_share"]\n'
             'answer = "A" if after < before else ("B" if after > before else "C")',
    hint="Wider bands mean a customer needs a much longer silence before landing in the "
         "lowest recency score. Try it with the slider and read the sentence above the chart.",
    why="Bins are a choice, not a fact: the same customers look more or less 'lost' depending "
        "on how long you think a normal gap between orders is.",
)

target_choice = ReflectionExercise(
    question="You have budget for one campaign next month. Which segment or group do you "
             "target, with what offer, and which number from this lesson convinced you?",
    solution='answer = ("I would target the at-risk customers: they were good customers and '
             'bring a large share of revenue, yet have not ordered for months. A personal '
             'reminder with an offer on their usual products costs little compared with what '
             'we lose if they go, and the survey says they still buy coffee elsewhere.")',
    hint="Weigh size, value and how likely the offer is to change what they do.",
    why="Identification ends with a choice: the most attractive group is where value, "
        "reachability and your offer meet.",
    min_words=25,
)

# ---- Check your understanding ----------------------------------------------------------------

quiz_elements = ChoiceExercise(
    question="The shop mails a free sample to people who have never bought from it but "
             "look like its champions (same age band, region and channel). Which element of "
             "CRM is this, and which element must come before it?",
    options={"A": "retention, after identification",
             "B": "attraction, after identification",
             "C": "identification, after attraction",
             "D": "development, after retention"},
    feedback={"A": "Retention is about keeping people who already buy; these people have "
                   "never bought.",
              "C": "Identification is knowing who your customers are and which matter; "
                   "mailing samples to newcomers is the step that follows it.",
              "D": "Development grows existing relationships (more categories, bigger "
                   "baskets); these people are not customers yet."},
    expected="B",
    solution='answer = "B"',
    hint="Are these people customers yet? And how did the shop know what its champions "
         "look like?",
    why="Each element builds on the one before: identification tells attraction whom to aim "
        "at, attraction brings the customers that retention keeps.",
)

quiz_standardise = ChoiceExercise(
    question="Why are recency, frequency and monetary value standardised before k-means?",
    options={"A": "so the clusters have the same number of customers",
             "B": "so that k-means runs faster",
             "C": "so that days, orders and euros weigh the same in the distances",
             "D": "so that the clusters match the RFM segments"},
    feedback={"A": "k-means does not try to make clusters of equal size, scaled or not.",
              "B": "Speed is not the point: the same k-means on raw columns gives different "
                   "groups, not just slower ones.",
              "D": "k-means knows nothing about the RFM rules; any agreement comes from the "
                   "data."},
    expected="C",
    solution='answer = "C"',
    hint="k-means measures distances: what happens when one column counts in hundreds of "
         "days and another in a handful of orders?",
    why="Without standardising, the column with the largest numbers decides the clusters on "
        "its own.",
)

quiz_recency = ChoiceExercise(
    question="A customer has r_score 1, f_score 5 and m_score 5. Which segment are they in, "
             "and what should the company do?",
    options={"A": "champions: reward them",
             "B": "new: welcome them",
             "C": "can't lose them: contact them personally to find out what went wrong",
             "D": "lost: let them go"},
    feedback={"A": "Champions need a recent order (recency score 4 or 5); a score of 1 means "
                   "this customer has been silent for a long time.",
              "B": "New customers ordered recently and only once or twice; this one ordered "
                   "often and a lot, but long ago.",
              "D": "Lost customers had few, small orders; with F and M at 5 this one was among "
                   "the best, which makes the silence worth a personal call."},
    expected="C",
    solution='answer = "C"',
    hint="A recency score of 1 means the last order was long ago; 5 and 5 mean they used to "
         "buy often and a lot.",
    why="A former best customer going quiet is the most expensive silence there is.",
)

bind_exercises(globals(), lesson="02")
