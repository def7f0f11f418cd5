"""Practice exercises of the start page: how a blank, a check, a hint and a solution work."""

from crm_lessons.exercises.binding import bind_exercises
from crm_lessons.exercises.by_kind import NumberExercise, ReflectionExercise

customer_count = NumberExercise(
    question="How many customers does the shop have? (one row of store.customers is one customer)",
    expected=lambda store: len(store.customers),
    solution="answer = len(store.customers)",
    hint="`len(...)` counts the rows of the table in the brackets. Try `len(store.customers)`.",
    why="Counting customers is the first step of knowing them: every later measure is per customer.",
    tolerance=0,
)

referral_share = NumberExercise(
    question="What share of customers came through a referral by another customer? "
             "Give a fraction between 0 and 1.",
    expected=lambda store: float((store.customers["channel"] == "referral").mean()),
    solution='answer = (store.customers["channel"] == "referral").mean()',
    hint="Compare the channel column with \"referral\": that gives True/False per customer, "
         "and the mean of True/False is the share of True.",
    why="Referred customers arrive through a friend's word: a sign of advocates, "
        "which later lessons show are the cheapest customers to win.",
    tolerance=0.001,
    percent=True,
)

first_reflection = ReflectionExercise(
    question="Think of a shop or service you return to again and again. In one or two sentences: "
             "what makes you come back?",
    solution='answer = "The baker knows my usual order and puts a loaf aside on Saturdays, so '
             'going elsewhere would feel like losing a small service."',
    hint="There is no wrong answer: write what you really think, in a sentence or two.",
    why="Everything in CRM starts from what makes a customer come back.",
    min_words=8,
)

bind_exercises(globals(), lesson="00")
