"""Exercises of lesson 01 (what CRM is for).

Every reference answer is computed from the active store with the package's own helpers, so
it follows the data (the shipped set or a seed variant).
"""

from __future__ import annotations

from functools import lru_cache

from crm_lessons import goals
from crm_lessons.exercises.binding import bind_exercises
from crm_lessons.exercises.by_kind import (
    ChoiceExercise,
    NumberExercise,
    ReflectionExercise,
    SetExercise,
    TableExercise,
)
from crm_lessons.exercises.exercise import Exercise
from crm_lessons.exercises.kinds import Labels, Unnamed
from crm_lessons.exercises.lesson01_parts import RATE_SLIPS, LabelTable
from crm_lessons.exercises.sql_exercise import SqlExercise

# Tasks the student classifies (their labels live in goals.crm_tasks()).
QUIZ_TASKS = [5, 6, 7, 8, 9, 10]
_CRM_TYPES = ("operational", "collaborative", "analytical")


def _view(store):
    return goals.single_customer_view(store.customers, store.orders, store.tickets,
                                      store.surveys, store.contacts)


def _region_summary(store, how="sum"):
    return _view(store).groupby("region", observed=True)[["revenue", "service_cost"]].agg(how)


def _customers_with_tickets(store):
    return int(store.tickets["customer_id"].nunique())


def _quiz_tasks():
    tasks = goals.crm_tasks()
    return tasks[tasks["task_id"].isin(QUIZ_TASKS)].sort_values("task_id")


# ---- 1. One face to the customer ----------------------------------------------------------

region_summary = TableExercise(
    question="From the single customer view `view`, make a table with one row per region and "
             "the total revenue and total service cost of its customers.",
    expected=_region_summary,
    solution='answer = view.groupby("region")[["revenue", "service_cost"]].sum()',
    hint="Group the view by its region column, pick the two columns revenue and service_cost, "
         "and add them up with `.sum()`.",
    why="Once every department's facts sit in one row per customer, a question that used to "
        "need three reports (sales, service, marketing) is one line.",
    slips=[(lambda store: _region_summary(store, "mean"),
            "Those are averages per customer (.mean()); the question asks for totals: .sum()."),
           (lambda store: _region_summary(store, "count"),
            "Those are counts of customers (.count()); the question asks for totals of the "
            "amounts: .sum().")],
)

customers_with_tickets_sql = SqlExercise(
    question="Write an SQL query on the database `con` that counts the customers who opened at "
             "least one support ticket. Give the query's text: the check runs it.",
    expected=_customers_with_tickets,
    solution='answer = """SELECT COUNT(DISTINCT customer_id) FROM tickets"""',
    hint=["Each ticket has a customer_id, and a customer with several tickets must count "
          "once: in SQL, `COUNT(DISTINCT column)` counts the different values of a column.",
          "Write the whole query between triple quotes, `answer = \"\"\"SELECT ... FROM "
          "tickets\"\"\"`, and try a query first with "
          "`pd.read_sql_query(\"SELECT COUNT(*) AS n FROM tickets\", con)` (that one counts "
          "tickets, not customers): one row with one number is what the check wants."],
    why="The service desk's own table answers who needed help; joined to the rest, it shows "
        "whether those customers stay or leave.",
    tables=["tickets"],
    tolerance=0,
    slips=[(lambda store: len(store.tickets),
            "That is the number of tickets: a customer with three tickets counts three times. "
            "Count each customer_id once."),
           (lambda store: len(store.customers),
            "That is every customer; count only those who appear in the tickets table.")],
)

# ---- 2. Kinds of CRM work -----------------------------------------------------------------

def _quiz_types(store):
    quiz = _quiz_tasks()
    return quiz[["task_id", "task"]].assign(crm_type=quiz["crm_type"].astype(str))


task_types = Exercise(
    LabelTable(ordered=False,  # task_id identifies each row
                # a wrong label is reported by task number only: the label would give it away
                labels=Labels(column="crm_type", allowed=_CRM_TYPES, row_id="task_id",
                              row_word="task", advice="Reread those tasks and ask what they "
                              "are for: serving a customer now, sharing what one team knows, "
                              "or studying data to decide.")),
    question="Add a column crm_type to the table `quiz` (tasks 5 to 10) holding the kind of "
             "CRM of each task: 'operational', 'collaborative' or 'analytical'.",
    expected=_quiz_types,
    solution='answer = quiz.assign(crm_type=["analytical", "analytical", "operational",\n'
             '                                "collaborative", "analytical", "collaborative"])',
    hint="Write `quiz.assign(crm_type=[...])` with six labels in lower case, in the order of the "
         "rows. For each task ask: does it serve a customer right now (operational), share what "
         "one part of the company or a partner knows with the others (collaborative), or study "
         "the data to decide what to do (analytical)?",
    why="Most companies start with operational CRM; the payoff grows when the analytical side "
        "tells the operational side whom to call, and collaboration keeps everyone informed.",
)

proactive_tasks = SetExercise(
    question="Which of tasks 5 to 10 are proactive (the company moves before the customer "
             "asks)? Give their task numbers as a list of numbers, e.g. [1, 2].",
    expected=lambda store: _quiz_tasks().loc[lambda t: t["stance"] == "proactive",
                                              "task_id"].tolist(),
    solution="answer = [5, 6, 8]",
    hint="Ask what starts the task. If it starts because a customer did something or an "
         "event happened (a call, a complaint, an order, a wave of complaints, results coming "
         "in), it is reactive, even when the work that follows is analysis. If the company "
         "starts it on its own initiative, before anyone or anything asks for it, it is "
         "proactive, even when it is analysis that only prepares later contacts.",
    why="Reactive work keeps today's customers from leaving angry; proactive work finds "
        "problems and chances before the customer has to ask.",
    # a missing task is counted, not named (naming it would give the answer away)
    unnamed=Unnamed(noun="proactive task", asked=QUIZ_TASKS,
                    asked_note="Only tasks 5 to 10 are asked about.",
                    numbers_note="Give the task numbers as numbers, without quotes: 7, not '7'.",
                    advice="For each task ask who moves first: the company, or a customer or "
                           "an event it responds to."),
)

proactive_tasks.rule.wanted = "a list of task numbers, e.g. [1, 2]"

# ---- 3. The economics of keeping customers --------------------------------------------------


def _acquisition_cost(store):
    from crm_lessons import attract

    return float(attract.acquisition_cost_per_customer(store.campaigns, store.contacts,
                                                       store.customers))


def _retention_cost(store):
    from crm_lessons import retain

    return float(retain.retention_cost_per_customer(store.campaigns, store.contacts))


cost_ratio = NumberExercise(
    question="How many times as much does winning a new customer cost as keeping one? Divide "
             "the acquisition cost per new customer `acq` by the retention cost per kept "
             "customer `ret`.",
    expected=lambda store: goals.cost_ratio(_acquisition_cost(store), _retention_cost(store)),
    solution="answer = acq / ret",
    hint="Both costs are already in the variables acq and ret; the ratio is one division "
         "(or `goals.cost_ratio(acq, ret)`).",
    why="Every customer who leaves has to be replaced at the higher price just to stand still, "
        "which is why CRM gives retention as much weight as acquisition.",
    rel_tolerance=0.01,
    advice="The ratio is one division of the two costs already computed: acq on top, ret "
           "below, as they are (not rounded, not a percentage).",
    slips=[(lambda store: _retention_cost(store) / _acquisition_cost(store),
            "You divided the other way round: put the cost of winning (acq) on top and the "
            "cost of keeping (ret) below."),
           (lambda store: _acquisition_cost(store) - _retention_cost(store),
            "That is the difference in euros; the question asks how many times as much, "
            "which is a division.")],
)


def _profit_by_year(store):
    from crm_lessons import develop

    return develop.profit_by_relationship_year(store.orders, store.order_lines, store.products,
                                               store.customers, store.tickets)


def _tenure_profits(store):
    return _profit_by_year(store)["profit_per_customer"].to_numpy(float)


tenure_profit_rise = NumberExercise(
    question="By what fraction is profit per customer in the last row of by_year higher than "
             "in its first row (year 1)? Compare those two numbers only, as last / first - 1 "
             "(for 25% higher, the answer is 0.25).",
    expected=lambda store: _tenure_profits(store)[-1] / _tenure_profits(store)[0] - 1,
    solution='per_customer = by_year["profit_per_customer"]\n'
             'answer = per_customer.iloc[-1] / per_customer.iloc[0] - 1',
    hint="Take the column `by_year[\"profit_per_customer\"]`; `.iloc[0]` is its first row "
         "(year 1) and `.iloc[-1]` its last. A rise as a fraction is new / old - 1.",
    why="If customers grow more profitable with time, every year a customer stays is worth "
        "more than the last, and losing an old customer costs more than losing a new one.",
    rel_tolerance=0.02,  # read from the rounded bar labels, the answer is still accepted
    percent=True,
    advice="Use the profit_per_customer column of by_year: its last row against its first, "
           "as last / first - 1.",
    slips=[(lambda store: _tenure_profits(store)[0] / _tenure_profits(store)[-1] - 1,
            "You divided the other way round: put the last year on top and year 1 below."),
           (lambda store: _tenure_profits(store)[-1] / _tenure_profits(store)[0],
            "That says how many times as much; subtract 1 to get how much higher."),
           (lambda store: _tenure_profits(store)[1:].mean() / _tenure_profits(store)[0] - 1,
            "That compares the average of all later years with year 1, as the chart title "
            "does; the question asks about the last year in the table only."),
           (lambda store: _tenure_profits(store)[1] / _tenure_profits(store)[0] - 1,
            "That compares year 2 with year 1; the question asks about the last year in the "
            "table (.iloc[-1])."),
           (lambda store: _tenure_profits(store)[-1] - _tenure_profits(store)[0],
            "That is the difference in euros; divide by the year-1 profit to get a fraction.")],
)


def _keep(store):
    # today's retention, measured on orders: the course's one definition (goals.retention)
    return goals.yearly_retention(store.orders, store.end_date)


@lru_cache(maxsize=1)  # the many slips below reuse one store's inputs
def _economics(store):
    margins = goals.margins_from_profit_by_year(_profit_by_year(store), years=5)
    return _keep(store), margins, _acquisition_cost(store)


def _uplift(store, extra, discount_rate=0.08):
    keep, margins, acq = _economics(store)
    return goals.profit_uplift(keep, extra, margins, acquisition_cost=acq,
                               discount_rate=discount_rate)


def _profit(store, extra, discount_rate=0.08):
    keep, margins, acq = _economics(store)
    return goals.five_year_profit(keep + extra, margins, acquisition_cost=acq,
                                  discount_rate=discount_rate)


def _rise(store, extra=0.03, discount_rate=0.08):
    return _profit(store, extra, discount_rate) - _profit(store, 0.0, discount_rate)


def _rise_from(store, rate):  # the rise with `rate` in place of keep + 0.03, from the true now
    _, margins, acq = _economics(store)
    return goals.five_year_profit(rate, margins, acquisition_cost=acq,
                                  discount_rate=0.08) - _profit(store, 0.0)


_ROUNDED = "You typed keep rounded, so `now` and your call start apart: use `keep` itself."


uplift_three_points = NumberExercise(
    question="By how many euros does five-year profit per new customer rise if retention goes "
             "up by three points (0.03) from today's rate `keep`, at the discount rate of 8%?",
    expected=_rise,
    solution="higher = goals.five_year_profit(keep + 0.03, margins, acquisition_cost=acq,\n"
             "                                discount_rate=0.08)\n"
             "answer = higher - now",
    hint="`goals.five_year_profit(rate, margins, acquisition_cost=..., discount_rate=...)` "
         "gives the five-year profit in euros, as it did for `now`: call it at `keep + 0.03` "
         "(three points are 0.03, not 3) and subtract `now`.",
    why="Retention works like compound interest: a few points more each year add up to a much "
        "larger group of old, profitable customers after five years.",
    rel_tolerance=0.01,  # a wrong discount rate moves the answer by 3% or more
    advice="Check the call of goals.five_year_profit: keep + 0.03 as the rate, margins, acq as "
           "the acquisition cost and discount_rate=0.08; then subtract now.",
    slips=[(lambda store: _rise(store, 0.05),
            "That is the rise for five more points, the worked example; this question asks "
            "for three (0.03)."),
           (lambda store: _uplift(store, 0.03),
            "That is the rise as a fraction (what goals.profit_uplift gives); the question "
            "asks for euros: the five-year profit at keep + 0.03 minus `now`."),
           (lambda store: _profit(store, 0.03),
            "That is the five-year profit at the higher rate; the question asks how much it "
            "rises: subtract `now`."),
           (lambda store: _rise_from(store, _economics(store)[0] * 1.03),
            "Three points means keep + 0.03, not 3% more (keep * 1.03)."),
           (lambda store: _rise_from(store, round(_economics(store)[0], 2) + 0.03), _ROUNDED),
           (lambda store: _rise_from(store, round(_economics(store)[0], 1) + 0.03), _ROUNDED),
           # the discount-rate slips come last: the first slip that matches is named
           *[(lambda store, d=d: _rise(store, 0.03, d), message)
             for d, message in RATE_SLIPS.items()]],
)

# ---- 4. Goals and objectives -----------------------------------------------------------------

def _advocate_flags(store):
    return goals.advocates(store.customers, store.surveys).reindex(_view(store)["customer_id"])


def _ticket_advocate_share(store):
    view = _view(store)
    return float(_advocate_flags(store)[(view["n_tickets"] > 0).to_numpy()].mean())


ticket_advocate_share = NumberExercise(
    question="Among the customers who opened at least one support ticket, what share are "
             "advocates? Give a fraction between 0 and 1.",
    expected=_ticket_advocate_share,
    solution='answer = is_advocate[(view["n_tickets"] > 0).to_numpy()].mean()',
    hint=["Do as in section 3, where `repeat = (view[\"n_orders\"] >= 2).to_numpy()` marks "
          "the repeat customers and `is_advocate[repeat].mean()` is their share of advocates: "
          "make the same kind of True/False mask from the n_tickets column of `view`.",
          "The mask is `(view[\"n_tickets\"] > 0).to_numpy()`. The `.to_numpy()` makes it a "
          "plain row of True/False, so pandas does not try to match its row labels with those "
          "of `is_advocate`. Select `is_advocate` with it and take `.mean()`."],
    why="Comparing a group with the whole shop shows where advocates come from; customers who "
        "needed help are the ones whose opinion the service desk can still change.",
    rel_tolerance=0.005,
    percent=True,
    advice="Check the selection: only the customers of `view` with n_tickets above 0, and "
           "the mean of is_advocate over them.",
    slips=[(lambda store: goals.advocate_share(store.customers, store.surveys),
            "That is the share among all customers (it is in the scorecard); keep only the "
            "customers with at least one ticket."),
           (lambda store: _advocate_flags(store)[(_view(store)["n_tickets"] == 0)
                                                 .to_numpy()].mean(),
            "That is the share among customers without a ticket: check the direction of your "
            "comparison (> 0 means at least one ticket)."),
           (lambda store: _advocate_flags(store)[(_view(store)["n_tickets"] > 0)
                                                 .to_numpy()].sum(),
            "That is a count of advocates; the question wants a share, so take .mean() "
            "instead of .sum().")],
)

cross_sell_measure = ChoiceExercise(
    question="The objective is to grow each relationship by cross-selling tea to coffee buyers, "
             "without annoying them. Which measure shows whether it works?",
    options={
        "A": "The defection rate alone.",
        "B": "Share of wallet, watched together with unsubscribes and complaints.",
        "C": "The number of new customers won each month.",
        "D": "Service cost per customer.",
    },
    feedback={
        "A": "Defection tells you whether customers leave, not whether they buy more of what "
             "they need from you.",
        "C": "Cross-selling is about existing customers, not new ones.",
        "D": "Service cost matters, but it does not tell you whether customers buy more.",
    },
    expected="B",
    solution='answer = "B"',
    hint="Cross-selling means the same customer spends more of their budget with you. Which "
         "measure is about the customer's budget? And what would tell you they are annoyed?",
    why="Share of wallet is the measure of growth within a relationship; watching annoyance at "
        "the same time keeps the growth from costing customers.",
)

# ---- 5. Total quality marketing --------------------------------------------------------------


def _quality_letter(store):
    q = goals.relative_quality(store.benchmark)
    us = q[q["is_us"]].iloc[0]
    if us["quality_score"] >= q["quality_score"].max():
        return "A"
    return "B" if us["relative_quality_index"] >= 100 else "C"


quality_position = ChoiceExercise(
    question="Where does the shop stand against its competitors on perceived quality, "
             "measured by quality_score (the mean of product and service quality)?",
    options={
        "A": "Customers rate the shop best of all the companies in the benchmark.",
        "B": "Above the competitors' average, but at least one competitor is rated higher.",
        "C": "Below the competitors' average.",
    },
    feedback={
        "A": "Compare quality_score in the table, to two decimals, with every competitor's: "
             "is the shop's really the highest?",
        "B": "Is any competitor's quality_score higher than the shop's? A competitor can beat "
             "the shop on one of the two ratings and still have a lower quality_score.",
        "C": "Read the shop's relative_quality_index in the table: 100 is the competitors' "
             "average. Is it above or below?",
    },
    expected=_quality_letter,
    solution='answer = "A"',
    hint="Find the shop's row in the table (is_us): is its quality_score the highest? Then "
         "read its relative quality index: above or below 100?",
    why="Total quality marketing asks for quality that is higher relative to competitors, as "
        "customers perceive it; the benchmark tells you whether you have it.",
)

# ---- 6. Levels of relationship ---------------------------------------------------------------

_LEVEL_LETTERS = {"basic": "A", "reactive": "B", "accountable": "C", "proactive": "D",
                  "full partnership": "E"}

office_level = ChoiceExercise(
    question="The shop has thousands of home customers, each worth a few dozen euros a year, "
             "and a handful of café chains, each worth thousands. It also supplies a few "
             "hundred small offices on subscription, each worth a few hundred euros a year. "
             "Which level of relationship marketing suits the offices?",
    options={
        "A": "basic",
        "B": "reactive",
        "C": "accountable",
        "D": "proactive",
        "E": "full partnership",
    },
    feedback={
        "A": "Basic fits many customers with low margins; the offices are fewer and each earns "
             "more.",
        "B": "Reactive fits many customers with a medium margin, or a medium number with a low "
             "one. Check both the row and the column for the offices.",
        "C": "Accountable fits a medium number of customers with a medium margin each; check "
             "in goals.relationship_level_grid() that the offices are that row and column.",
        "D": "Proactive fits a few customers with a medium margin, or a medium number with a "
             "high one: one step more than the offices pay for.",
        "E": "Full partnership is for a few customers with high margins, like the café chains.",
    },
    expected=lambda store: _LEVEL_LETTERS[goals.suggest_relationship_level("medium", "medium")],
    solution='answer = "C"',
    hint="Place the offices in `goals.relationship_level_grid()`: next to the home customers "
         "and the café chains, are they many, a medium number or few (the row), and is the "
         "margin on each low, medium or high (the column)?",
    why="Matching the level to the number of customers and the margin on each keeps what the "
        "relationship costs below what it brings in.",
)

reflection = ReflectionExercise(
    question="The café owner knows every regular by name; the online shop has thousands of "
             "customers. Pick one goal of CRM from this lesson: which measure would you watch, "
             "and what would you do if it went the wrong way? Write at least 20 words.",
    solution='answer = "I would watch the defection rate for service failures. If it rose, I '
             'would read the tickets of customers who left, fix the most common cause and '
             'call the customers who had that problem recently, before they leave too."',
    hint="Name the goal, the number you would watch (from the scorecard), and one action.",
    why="A goal only becomes management when it has a measure and an action attached.",
    min_words=20,
)

# ---- Check your understanding ----------------------------------------------------------------

quiz_gartner = ChoiceExercise(
    question="Which sentence matches the definition of CRM credited to Gartner?",
    options={
        "A": "Software that stores the phone numbers and addresses of customers.",
        "B": "Using IT to grow each customer's share of wallet where serving every account "
             "personally would cost too much.",
        "C": "A discount programme that rewards the customers who buy most.",
        "D": "Winning as many new customers as possible at the lowest cost per customer.",
    },
    feedback={
        "A": "A contact database is a tool CRM uses, not what it is for.",
        "C": "A loyalty discount is one tactic; the definition is about share of wallet.",
        "D": "That is acquisition alone, which CRM balances with retention.",
    },
    expected="B",
    solution='answer = "B"',
    hint="The definition is about a share of something, and about markets where a personal "
         "adviser for everyone is too expensive.",
    why="The definition explains why technology matters: it lets a company treat many customers "
        "individually at a cost it can afford.",
)

quiz_dashboard = ChoiceExercise(
    question="A monthly dashboard that ranks regions by defection rate and shows why customers "
             "left is an example of which kind of CRM?",
    options={"A": "operational", "B": "collaborative", "C": "analytical"},
    feedback={
        "A": "It does not serve a customer directly; it studies many of them.",
        "B": "It could be shared, but its purpose is to study data to decide.",
    },
    expected="C",
    solution='answer = "C"',
    hint="Does it serve a customer, share knowledge between teams, or study data to decide?",
    why="Analytical CRM turns the records of operational CRM into decisions.",
)

quiz_phases = ChoiceExercise(
    question="Customers rate a shop's products and service well above its competitors', yet "
             "many of them leave after their first order. Following the phases of CRM, which "
             "link of the chain should the manager look at first?",
    options={
        "A": "Customer orientation: does every department see the same customer?",
        "B": "Satisfaction: do customers get at least what they expected?",
        "C": "Value and success: does profit per customer rise with the length of the "
             "relationship?",
        "D": "Acquisition: how much does it cost to win each new customer?",
    },
    feedback={
        "A": "Customer orientation comes before quality, and quality is already good here. "
             "Look at the link between good quality and customers who stay.",
        "C": "Value comes after retention in the chain: it suffers because customers leave, "
             "it does not explain why they leave.",
        "D": "Acquisition cost is not a phase of the chain, and it does not explain why "
             "customers who were won do not stay.",
    },
    expected="B",
    solution='answer = "B"',
    hint="The example tells you that one phase is fine (quality) and a later one is not "
         "(retention). Which phase sits between them?",
    why="Each phase rests on the one before: quality that customers rate highly still loses "
        "them if it falls short of what they expected, so satisfaction is the link to check.",
)

bind_exercises(globals(), lesson="01")
