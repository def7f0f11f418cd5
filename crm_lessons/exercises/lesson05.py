"""Exercises of lesson 05 (customer development).

Every reference answer is computed from the active store (or the real CDNOW data) with the
package's own helpers (:mod:`crm_lessons.exercises.lesson05_refs`), so it follows the data.
"""

from __future__ import annotations

from crm_lessons import clv, develop
from crm_lessons.exercises import lesson05_refs as refs
from crm_lessons.exercises.binding import bind_exercises
from crm_lessons.exercises.by_kind import (
    ChoiceExercise,
    NumberExercise,
    ReflectionExercise,
    SetExercise,
)
from crm_lessons.exercises.kinds import Unnamed

TIER_OPTIONS = {"A": "gold", "B": "silver", "C": "bronze"}

# ---- 2. Share of wallet ----------------------------------------------------------------------

wallet_median = NumberExercise(
    question="What is the median share of wallet of the surveyed customers? Give a fraction "
             "(0-1), from `wallet`.",
    expected=lambda store: float(refs.wallet(store)["share_of_wallet"].median()),
    solution='answer = wallet["share_of_wallet"].median()',
    hint="The share_of_wallet column of `wallet` holds one share per surveyed customer; the "
         "median is the middle value (`.median()`, MEDIAN in a spreadsheet).",
    why="Half the surveyed customers spend less than this share of their coffee and tea money "
        "with us: the rest goes to other shops, and that is what development can win.",
    tolerance=0.005, percent=True,
    slips=[(lambda store: float(refs.wallet(store)["share_of_wallet"].mean()),
            "That is the mean. A few customers who buy almost everything here pull the mean "
            "up; the question asks for the middle customer (the median)."),
           (lambda store: 100 * float(refs.wallet(store)["share_of_wallet"].mean()),
            "That is the mean, written as a percent. The question asks for the median "
            "(`.median()`), as a fraction between 0 and 1."),
           (lambda store: float(refs.wallet(store)["room_to_grow"].median()),
            "That is the median room to grow, in EUR a month; the share of wallet is the "
            "share_of_wallet column, a fraction.")],
)


def _room_tier(store) -> str:
    by = develop.wallet_by_segment(refs.wallet(store), refs.tiers(store))
    top = str(by.sort_values("room_to_grow", ascending=False, kind="stable")["segment"].iloc[0])
    return next(k for k, v in TIER_OPTIONS.items() if v == top)


room_tier = ChoiceExercise(
    question="Which value tier holds the most room to grow in total (EUR a month)?",
    options=TIER_OPTIONS,
    feedback={"A": "Gold customers already give us the largest share of their wallet, and "
                   "there are few of them: add up room_to_grow per tier and compare.",
              "B": "Silver is in the middle on both counts; check the room_to_grow column of "
                   "the tier table.",
              "C": "Bronze customers give us little of their wallet, and there are many of "
                   "them: compare the room_to_grow totals to see whether that wins."},
    expected=_room_tier,
    solution='by_tier = develop.wallet_by_segment(wallet, tiers)\n'
             'answer = by_tier.loc[by_tier["room_to_grow"].idxmax(), "segment"]',
    hint="Call `develop.wallet_by_segment(wallet, tiers)` as the cell above does for regions, "
         "and look for the largest room_to_grow.",
    why="The most money left on the table is not always with the best customers: many small "
        "wallets add up.",
)

# ---- 3. Cross-selling, bundles ---------------------------------------------------------------

strong_pairs = NumberExercise(
    question="How many product pairs in `pairs` are bought together at least three times as "
             "often as chance would give (lift of 3 or more)?",
    expected=lambda store: int((refs.pairs(store)["lift"] >= 3).sum()),
    solution='answer = (pairs["lift"] >= 3).sum()',
    hint='A comparison such as `pairs["lift"] >= 3` gives True or False for each pair; '
         '`.sum()` counts the True ones (COUNTIF in a spreadsheet).',
    why="Only a handful of pairs are strong: those are the cross-sells worth building a "
        "suggestion or a bundle on.",
    direction=False,
    slips=[(lambda store: int((refs.pairs(store)["lift"] > 3).sum()),
            "Check the boundary: 'at least three' includes a lift of exactly 3 (>=)."),
           (lambda store: int((refs.pairs(store)["lift"] >= 1).sum()),
            "That counts pairs above chance (lift 1); the question asks for lift 3 or more."),
           (lambda store: len(refs.pairs(store)),
            "That is every pair in the table; keep only those with a lift of 3 or more.")],
)

suggestions = SetExercise(
    question=f"A customer puts the {refs.SUGGEST_FOR} in the basket. Which products (names) "
             f"does `develop.also_bought` suggest? It keeps only products bought with it more "
             f"often than chance (lift above 1), so there may be fewer than `top`.",
    expected=lambda store: develop.also_bought(
        store.order_lines, refs.product_id(store, refs.SUGGEST_FOR), top=3,
        products=store.products)["name"].tolist(),
    solution=f'grind = store.products.loc[store.products["name"] == "{refs.SUGGEST_FOR}", '
             f'"product_id"].iloc[0]\n'
             'answer = develop.also_bought(store.order_lines, grind, top=3,\n'
             '                             products=store.products)["name"].tolist()',
    hint="Find the product_id of the coarse grind in `store.products` (a filter on the name "
         "column), then call `develop.also_bought` as above with that id, and take the name "
         "column as a list.",
    why="A suggestion works when it completes what the customer is doing. Confidence ranks "
        "the list, but read the lift too: a product with a lift just above 1 is bought with "
        "this one about as often as chance gives, so it makes a weak suggestion.",
    unnamed=Unnamed(noun="product",
                    advice="Use the coarse grind's own product_id (not the example's product a), "
                           "and copy the names as the name column spells them."),
    slips=[(lambda store: develop.also_bought(
                store.order_lines, refs.product_id(store, refs.SUGGEST_FOR), top=3,
                products=store.products)["product_id"].tolist(),
            "Those are the right products, given by their product_id; the question asks for "
            "their names: take the name column instead.")],
)

bundle_break_even = NumberExercise(
    question=f"Price the same bundle at a {refs.EXERCISE_DISCOUNT:.0%} discount instead. What "
             f"is its break-even take-up rate? Give a fraction (0-1).",
    expected=lambda store: float(refs.bundle(store, refs.EXERCISE_DISCOUNT)["break_even_take_up"]),
    solution='answer = develop.bundle_economics(store.products, a, b, discount=0.05,\n'
             '                                  already_both=confidence)["break_even_take_up"]',
    hint="Run the bundle cell again with `discount=0.05` and read break_even_take_up.",
    why="A smaller discount gives less away to those who would have bought both anyway, so "
        "fewer extra takers are needed to pay for it, though the offer tempts fewer people.",
    tolerance=0.005, percent=True,
    slips=[(lambda store: float(refs.bundle(store, refs.BUNDLE_DISCOUNT)["break_even_take_up"]),
            "That is the break-even at the 10% discount of the example; change the discount "
            "to 0.05."),
           (lambda store: float(refs.bundle(store, refs.EXERCISE_DISCOUNT)["given_away"]),
            "That is what the bundle gives away per customer (EUR), not the take-up rate."),
           (lambda store: float(refs.bundle(store, refs.BUNDLE_DISCOUNT)["break_even_take_up"]) / 2,
            "That halves the 10% break-even. Halving the discount does not halve the "
            "break-even: it changes both what is given away and the margin each extra taker "
            "brings. Run the bundle cell with discount=0.05 and read break_even_take_up.")],
)

# ---- 4. Cross-selling without annoying -------------------------------------------------------


def _ratio(store) -> float:
    f = refs.fatigue(store).set_index("contacts_in_year")["unsubscribe_rate"]
    return float(f.loc[6] / f.loc[1])


fatigue_ratio = NumberExercise(
    question="How many times likelier is an unsubscribe at a customer's sixth contact of the "
             "year than at their first? Use `fatigue`.",
    expected=_ratio,
    solution='rates = fatigue.set_index("contacts_in_year")["unsubscribe_rate"]\n'
             'answer = rates.loc[6] / rates.loc[1]',
    hint="Take the unsubscribe_rate of the row with contacts_in_year 6, and divide it by "
         "that of the row with 1.",
    why="The harm is not spread evenly: the first messages cost almost nothing, the later "
        "ones cost customers.",
    rel_tolerance=0.02,
    advice="Read two numbers from the unsubscribe_rate column of `fatigue` (the rows "
           "with contacts_in_year 6 and 1) and divide the first by the second.",
    slips=[(lambda store: 1 / _ratio(store),
            "You divided the other way round: the sixth contact's rate goes on top."),
           (lambda store: float(refs.fatigue(store).set_index("contacts_in_year")
                                ["unsubscribe_rate"].pipe(lambda r: r.loc[6] - r.loc[1])),
            "That is the difference between the two rates; the question asks how many times "
            "larger, a ratio.")],
)


def _breaches(store) -> int:
    return develop.opt_in_breaches(store.contacts, store.customers)


opt_in_letters = NumberExercise(
    question="How many messages were sent to customers who did not agree to marketing "
             "(marketing_opt_in False)? A control-group row was held out of its campaign and "
             "sent nothing.",
    expected=_breaches,
    solution='messages = store.contacts[store.contacts["group"] == "treatment"]\n'
             'messages = messages.merge(store.customers[["customer_id", "marketing_opt_in"]],\n'
             '                          on="customer_id")\n'
             'answer = (~messages["marketing_opt_in"]).sum()',
    hint="Keep the contacts of the treatment group (the messages sent), merge the customers' "
         "marketing_opt_in onto them as the cell above does with the campaign type, then count "
         "the rows where it is False (`~` turns True into False, and `.sum()` counts).",
    why="A message to someone who said no is not only annoying: it tells them we ignore what "
        "they asked, and in many countries it is against the law.",
    direction=False,
    slips=[(lambda store: len(develop.sent_contacts(store.contacts)) - _breaches(store),
            "That counts the messages to customers who did agree; count those who did not."),
           (lambda store: int((~store.contacts.merge(store.customers, on="customer_id")
                               ["marketing_opt_in"]).sum()),
            "That counts the control-group rows too. A control customer was held out of the "
            "campaign and received no message: keep the rows whose group is treatment."),
           (lambda store: int((~store.customers["marketing_opt_in"]).sum()),
            "That counts customers without an opt-in, contacted or not; count contacts sent "
            "to them.")],
)


def _best_cap(store) -> int:
    t = refs.cap_table(store, complaint_cost=20.0)
    return int(t.loc[t["net_value"].idxmax(), "cap"])


best_cap = NumberExercise(
    question="Suppose each complaint costs €20 to handle, not €5. Which yearly contact cap "
             "now earns the most per customer?",
    expected=_best_cap,
    solution='caps = develop.contact_cap_value(fatigue, response_value, unsubscribe_value,\n'
             '                                 cost_per_complaint=20)\n'
             'answer = caps.loc[caps["net_value"].idxmax(), "cap"]',
    hint="Call `develop.contact_cap_value` as above with `cost_per_complaint=20`, then find "
         "the row with the largest net_value and read its cap.",
    why="The dearer fatigue is, the earlier the next message stops paying: the cap is set by "
        "what an annoyed customer costs.",
    direction=False,
    slips=[(lambda store: int(refs.cap_table(store).pipe(
                lambda t: t.loc[t["net_value"].idxmax(), "cap"])),
            "That is the best cap with complaints at €5; set cost_per_complaint=20."),
           (lambda store: int(refs.cap_table(store, 20.0)["net_value"].idxmax()),
            "`idxmax()` gives the row label, which starts at 0; read the cap column of that "
            "row."),
           (lambda store: float(refs.cap_table(store, 20.0)["net_value"].max()),
            "That is the best net value (EUR per customer a year); the question asks for the "
            "cap that earns it, from the cap column of that row."),
           (lambda store: int(refs.cap_table(store, 20.0)["cap"].max()),
            "That is the largest cap in the table, not the one that earns the most: find the "
            "row with the largest net_value.")],
)

# ---- 5. Lifetime value -----------------------------------------------------------------------

simple_value = NumberExercise(
    question="A customer brings €40 of margin a year; 60% of customers stay each year; money "
             "is discounted 10% a year. What is a new customer's lifetime value (EUR, no end)?",
    expected=lambda store: clv.simple_clv(40, 0.6, 0.10),
    solution="answer = clv.simple_clv(40, 0.6, 0.10)",
    hint="The cell above computes `clv.simple_clv(40, 0.75, 0.10)` for 75% of customers "
         "kept; change the retention. By hand it is the margin divided by (1 + discount rate "
         "- retention).",
    why="Retention weighs more than margin: from 60% to 70% kept adds as much as a fifth "
        "more margin.",
    tolerance=0.5,
    advice="Give the three numbers of the question to `clv.simple_clv` in the order "
           "margin, retention, discount rate, as fractions (0.6, not 60).",
    slips=[(lambda store: 40 / (1 - 0.6),
            "You left out the discount rate: money later is worth less today, so the value is "
            "margin / (1 + d - r)."),
           (lambda store: 40 * 1.1 / (1.1 - 0.6),
            "That counts the first margin at once, undiscounted; the course's convention pays "
            "each year's margin at its end."),
           (lambda store: 40 * 0.6 / (1.1 - 0.6),
            "That starts with a customer already kept once; a new customer is there for the "
            "first year for sure."),
           (lambda store: clv.simple_clv(40, 0.75, 0.10),
            "That is the example's value, with 75% of customers kept; the question keeps 60% "
            "(0.6)."),
           (lambda store: clv.simple_clv(40, 0.6, 0.10, horizon=5),
            "That stops after five years (horizon=5); the question has no end, so leave "
            "horizon out.")],
)


def _recency_pair(store):
    summary, _, _, value, _ = refs.cdnow_fits()
    two = summary[summary["frequency"] == 2]
    recent, old = two["recency"].idxmax(), two["recency"].idxmin()
    return int(recent), int(old), float(value.loc[recent]), float(value.loc[old])


def _worth_more(store) -> str:
    _, _, v_recent, v_old = _recency_pair(store)
    return "A" if v_recent > v_old else "B"


same_frequency = ChoiceExercise(
    question="Two CDNOW customers each made two repeat purchases. One made the last of them "
             "recently, the other soon after their first purchase. Which is worth more over "
             "the next 12 months, by `value`?",
    options={"A": "the one who bought recently", "B": "the one whose last purchase is old",
             "C": "the same: they bought as often"},
    feedback={"A": "Look at `value` for the two customer ids: the recent buyer's silence is "
                   "short, so the model still thinks they are active.",
              "B": "Compare `value.loc[old]` with `value.loc[recent]` again: which is the "
                   "larger number?",
              "C": "Frequency is the same, but the table above shows the two customers differ "
                   "in another column, and the model reads it: compare their `value`."},
    expected=_worth_more,
    solution='answer = "A" if value.loc[recent] > value.loc[old] else "B"',
    hint="The cell above picked the two customers (`recent` and `old`): compare "
         "`value.loc[recent]` with `value.loc[old]`.",
    why="Counting purchases is not enough: when they happened says whether the customer is "
        "still there to buy again.",
)


def _at_stake(store, threshold: float = 0.5, min_value: float = 20, divided: bool = False) -> float:
    _, _, _, value, alive = refs.cdnow_fits()
    quiet = develop.gone_quiet(alive, value / alive if divided else value, threshold=threshold,
                               min_value=min_value)
    return float(quiet["value_at_stake"].sum())


winback_value = NumberExercise(
    question="Take the customers whose probability alive is below 0.5 and who have at least "
             "$20 at stake. How much value is at stake in total (USD)?",
    expected=_at_stake,
    solution='quiet = develop.gone_quiet(alive, value, threshold=0.5, min_value=20)\n'
             'answer = quiet["value_at_stake"].sum()',
    hint="Call `develop.gone_quiet` as above with `threshold=0.5` and `min_value=20`, then "
         "add up its value_at_stake column.",
    why="Win-back money should go where a lot is at stake and the customer may still come "
        "back: value if active times the chance that they are there to hear you. A customer "
        "almost surely gone has little at stake, however much they once bought.",
    rel_tolerance=0.01,
    advice="Start from the gone_quiet cell above, change its threshold and add "
           "min_value, then add up value_at_stake.",
    slips=[(lambda store: _at_stake(store, threshold=0.3),
            "That uses the example's threshold of 0.3; the question asks for 0.5."),
           (lambda store: _at_stake(store, min_value=0),
            "Keep only the customers with at least $20 at stake (min_value=20)."),
           (lambda store: _at_stake(store, divided=True),
            "That counts each customer at their value if still active (value / alive), "
            "whatever the chance they are still there: pass `value` itself, which already "
            "weighs it by the probability alive.")],
)

# ---- 6. Low-profit customers -----------------------------------------------------------------


def _losses(store) -> float:
    p = refs.profit(store)["profit"]
    return float(-p[p < 0].sum())


stop_subsidising = NumberExercise(
    question="If the shop stopped serving every customer whose profit is below zero (so their "
             "profit became 0), by how much would total profit rise (EUR)?",
    expected=_losses,
    solution='answer = -profit.loc[profit["profit"] < 0, "profit"].sum()',
    hint='Keep the rows of `profit` whose profit is below 0 and add up their profit column. '
         'What they cost is that total with its sign turned round.',
    why="Losses hide inside the average: a small share of customers can cost a visible part "
        "of the profit. Before dropping them, try to make them profitable.",
    rel_tolerance=0.005,
    advice="Only the customers with a profit below 0 count, and each adds what they "
           "lose (their profit without its minus sign).",
    slips=[(lambda store: -_losses(store),
            "The sign is the wrong way round: dropping a loss-making customer raises profit, "
            "so the answer is positive."),
           (lambda store: float((refs.profit(store)["profit"] < 0).sum()),
            "That counts the loss-making customers; the question asks for what they cost, in "
            "EUR.")],
)

# ---- 7. Thanking repeat customers ------------------------------------------------------------


def _tenth(store) -> int:
    m = develop.milestones_this_month(store.customers, store.orders, refs.month(store))
    return int((m["milestone"] == "10th order").sum())


tenth_orders = NumberExercise(
    question="In `milestones`, how many customers placed their tenth order this month?",
    expected=_tenth,
    solution='answer = (milestones["milestone"] == "10th order").sum()',
    hint='Compare the milestone column with "10th order" and count the True values '
         '(`.sum()`), as you counted the strong pairs.',
    why="A thank-you at the tenth order costs little and shows the customer that someone "
        "noticed: the high-touch gesture that data makes possible at scale.",
    direction=False,
    slips=[(lambda store: len(develop.milestones_this_month(store.customers, store.orders,
                                                            refs.month(store))),
            "That counts every milestone of the month, anniversaries too; keep the tenth "
            "orders only.")],
)

# ---- Reflection ------------------------------------------------------------------------------

develop_plan = ReflectionExercise(
    question="You may run one development action next quarter: a cross-sell, a bundle, a "
             "win-back, a thank-you program or a change for low-profit customers. Which do you "
             "choose, for whom, and which number from this lesson supports it? What could "
             "annoy the customer, and how do you avoid it?",
    solution='answer = ("I would offer the matcha bundle at 5% off to customers who bought the '
             'powder without the whisk: the pair has the highest lift, and at 5% off far fewer '
             'of them need to take it than at 10% off (compare the two break-even rates). '
             'I would send it once, only to customers who agreed to marketing and have had few '
             'messages this year.")',
    hint="Weigh the money at stake, how many customers it reaches, and the cost of annoying "
         "them (the contact cap, the opt-in).",
    why="Development is a choice of where to grow each relationship, and what to leave "
        "alone.",
    min_words=30,
)

# ---- Check your understanding ----------------------------------------------------------------

quiz_lift = ChoiceExercise(
    question="Milk is in 60% of a grocer's baskets and bread in 50%; 30% hold both. What is the "
             "lift of milk and bread, and what does it mean?",
    options={"A": "0.3: they are rarely bought together",
             "B": "1.0: they are bought together as often as chance gives",
             "C": "0.6: half of the milk buyers take bread",
             "D": "2.0: they are bought together twice as often as chance"},
    feedback={"A": "0.3 is the support (the share of baskets with both); lift divides it by "
                   "what chance gives, 0.6 x 0.5.",
              "C": "0.3 / 0.5 = 0.6 is the confidence from bread to milk, not the lift.",
              "D": "Chance alone puts both in 0.6 x 0.5 = 30% of baskets; the support is the "
                   "same 30%."},
    expected="B",
    solution='answer = "B"',
    hint="Lift = support / (share with milk x share with bread).",
    why="A pair of popular products is often bought together by chance: lift, not support, "
        "says whether one leads to the other.",
)

quiz_alive = ChoiceExercise(
    question="In the BG/NBD model, why can a customer with many purchases have a lower "
             "probability of being alive than one with a single purchase?",
    options={"A": "because the model penalises frequent buyers",
             "B": "because a frequent buyer's long silence is more surprising",
             "C": "because one purchase gives the model too little data",
             "D": "it cannot happen"},
    feedback={"A": "The model has no penalty: frequent buyers are worth more as long as they "
                   "keep buying.",
              "C": "Little data makes the model careful, not confident: a one-time buyer "
                   "keeps a high probability alive.",
              "D": "It happens: look at the heat map's top-left corner, many purchases and an "
                   "old last one."},
    expected="B",
    solution='answer = "B"',
    hint="If someone bought every month and then nothing for a year, what would you think?",
    why="Silence means more from a regular: that is why recency is part of the value.",
)

quiz_privacy = ChoiceExercise(
    question="Which cross-sell is the least likely to feel like an invasion of privacy?",
    options={"A": "a message naming the medicine a customer bought last week",
             "B": "a suggestion of filters on the page where the customer buys a dripper",
             "C": "an email to a customer who declined marketing, with a 'personal' offer",
             "D": "a letter showing the customer's exact yearly spend with us and at "
                  "competitors"},
    feedback={"A": "Naming a sensitive purchase tells the customer we watch what they buy; "
                   "keep such data out of marketing.",
              "C": "They said no: any message, however personal, breaks their choice.",
              "D": "The survey estimate is for our planning; showing it back makes the "
                   "customer feel observed."},
    expected="B",
    solution='answer = "B"',
    hint="Which suggestion helps with what the customer is doing right now, with data they "
         "expect us to use?",
    why="A suggestion feels like service when it uses what the customer shows us in the "
        "moment, and like surveillance when it shows how much we know.",
)

bind_exercises(globals(), lesson="05")
