"""Exercises of the Python primer (00b): one small task per pandas or SQL tool the course uses.

Every reference answer is computed from the active store, so it follows the data (the shipped
set or a seed variant). The SQL exercises take the query's text and run it read-only; their
reference numbers are computed with pandas, so the check does not lean on the query it is
checking.
"""

from __future__ import annotations

import pandas as pd

from crm_lessons.exercises.binding import bind_exercises
from crm_lessons.exercises.by_kind import NumberExercise, TableExercise
from crm_lessons.exercises.sql_exercise import SqlExercise

_PERCENT = ("That looks like a percentage; the question wants a fraction between 0 and 1, "
            "which is what .mean() of True/False gives. Leave out the * 100.")


def _channel_orders(store, channel: str, column: str) -> pd.Series:
    """One column of the orders placed through `channel`."""
    return store.orders.loc[store.orders["channel"] == channel, column]


def _lines_with_products(store) -> pd.DataFrame:
    return store.order_lines.merge(store.products, on="product_id")


# ---- 1. Columns and quotes -------------------------------------------------------------------

mean_order_value = NumberExercise(
    question="What is the average revenue of an order? Take the revenue column of store.orders "
             "and its .mean().",
    expected=lambda store: float(store.orders["revenue"].mean()),
    solution='answer = store.orders["revenue"].mean()',
    hint=['Select the column with `store.orders["revenue"]` (the name in quotes), then add '
          '`.mean()` at the end, as the cell above did for the discount column.'],
    why="An average per order is the first number a shop watches; later lessons split it by "
        "customer, channel and year.",
    rel_tolerance=0.001,
    slips=[(lambda store: store.orders["revenue"].sum(),
            "That is the total revenue of all orders (.sum()); the question asks for the "
            "average (.mean())."),
           (lambda store: store.orders["revenue"].median(),
            "That is the median, the middle order; the question asks for the mean (.mean()), "
            "which the few very large orders pull up."),
           (lambda store: store.orders["discount"].mean(),
            "That is the average discount: select the revenue column instead.")],
    advice="Check that you took the revenue column of store.orders (not another column or "
           "table) and its .mean(), with nothing filtered out.",
)

# ---- 2. Filters: a True/False mask -----------------------------------------------------------

phone_orders = NumberExercise(
    question='How many orders were placed by phone? Keep the rows of store.orders whose '
             'channel is "phone" and count them with len().',
    expected=lambda store: int((store.orders["channel"] == "phone").sum()),
    solution='orders = store.orders\nanswer = len(orders[orders["channel"] == "phone"])',
    hint=['Copy the filter of the app orders above and change `"app"` to `"phone"` (in '
          'quotes: it is text).', 'Put `len(...)` around the filtered table to count its rows, '
                                  'as `len(app_orders)` did above.'],
    why="A filter is the everyday question of CRM: which customers, orders or tickets match?",
    tolerance=0,
    slips=[(lambda store: len(store.orders),
            "That is every order: the filter was not applied. Put the mask inside the square "
            "brackets: orders[orders[\"channel\"] == \"phone\"]."),
           (lambda store: (store.orders["channel"] == "phone").mean(),
            "That is the share of orders placed by phone; the question asks how many."),
           (lambda store: int((store.orders["channel"] != "phone").sum()),
            "That counts the orders NOT placed by phone: use == (equal), not != (not equal).")],
)

# The threshold is €50, not €100: only 5 of some 30,000 orders are exactly €100, so > and >=
# differ there by less than the tolerance (0.0005) and >= would pass. About 75 orders are
# exactly €50: the two shares differ by some 0.0024, nearly five times the tolerance.
big_order_share = NumberExercise(
    question="What share of orders brought in more than €50 of revenue? Give a fraction "
             "between 0 and 1.",
    expected=lambda store: float((store.orders["revenue"] > 50).mean()),
    solution='answer = (store.orders["revenue"] > 50).mean()',
    hint=['Compare the revenue column with 50 using `>`: that gives True or False per order.',
          'The `.mean()` of True/False is the share of True, as `has_discount.mean()` was for '
          'the discounted orders above.'],
    why="A share of True values is how the course measures most rates: retention, response, "
        "defection.",
    tolerance=0.0005, percent=True,
    slips=[(lambda store: int((store.orders["revenue"] > 50).sum()),
            "That is how many orders (.sum() counts the True values); the question asks for "
            "the share: use .mean()."),
           (lambda store: 100 * float((store.orders["revenue"] > 50).mean()), _PERCENT),
           (lambda store: float((store.orders["revenue"] >= 50).mean()),
            "Close: you kept the orders of exactly €50 too. 'More than' is >; >= means 'at "
            "least'."),
           (lambda store: float((store.orders["revenue"] < 50).mean()),
            "That is the share of orders below €50: turn the comparison round (>).")],
)

# ---- 3. Counting values ----------------------------------------------------------------------

search_customers = NumberExercise(
    question='How many customers came through the channel "search"? Use value_counts() on the '
             'channel column of store.customers and read the count of "search".',
    expected=lambda store: int(store.customers["channel"].value_counts()["search"]),
    solution='answer = store.customers["channel"].value_counts()["search"]',
    hint=['`store.customers["channel"].value_counts()` counts each channel.',
          'Pick one count out of it by its label in square brackets, as `by_channel["chat"]` '
          'did above for the tickets.'],
    why="Counting customers by where they came from is the first step to judging a channel.",
    tolerance=0,
    slips=[(lambda store: float(store.customers["channel"].value_counts(normalize=True)["search"]),
            "That is the share of customers (normalize=True); the question asks how many."),
           (lambda store: int(store.customers["channel"].value_counts().iloc[0]),
            "That is the count of the most common channel, the top row of value_counts; read "
            'the row labelled "search" instead.')],
)

# ---- 4. Sorting and the largest --------------------------------------------------------------

cheapest_products = NumberExercise(
    question="What is the total price of the three cheapest products? Sort store.products by "
             "price, keep the first three rows and add up their price.",
    expected=lambda store: float(store.products.sort_values("price").head(3)["price"].sum()),
    solution='answer = store.products.sort_values("price").head(3)["price"].sum()',
    hint=['`store.products.sort_values("price")` sorts from the cheapest up; `.head(3)` keeps '
          'the first three rows.', 'Then select the price column and `.sum()` it.'],
    why="Sorting and taking the top rows is how the course finds its best customers.",
    rel_tolerance=0.0001,
    slips=[(lambda store: float(store.products.sort_values("price", ascending=False)
                                .head(3)["price"].sum()),
            "Those are the three most expensive products: sort without ascending=False, from "
            "the cheapest up."),
           (lambda store: float(store.products.head(3)["price"].sum()),
            "Those are the first three rows as the table lists them: sort by price first."),
           (lambda store: float(store.products.sort_values("price").head(3)["unit_cost"].sum()),
            "That adds up the unit cost; the question asks about the price column.")],
    advice="Check the order of the sort (cheapest first means ascending), that you kept "
           "three rows with .head(3), and that you added up the price column.",
)


def _biggest_order(store) -> pd.Series:
    return store.orders.loc[store.orders["revenue"].idxmax()]


# no "too high / too low": an id is a name, not an amount, so the direction would only let a
# student home in on it by trial
top_order_customer = NumberExercise(
    direction=False,
    question="Which customer placed the order with the largest revenue? Give their customer_id.",
    expected=lambda store: int(_biggest_order(store)["customer_id"]),
    solution='orders = store.orders\n'
             'answer = orders.loc[orders["revenue"].idxmax(), "customer_id"]',
    hint=['`label = orders["revenue"].idxmax()` gives the row label of the largest order.',
          '`orders.loc[label, "customer_id"]`, with the `label` of the first hint, reads the '
          'customer_id of that row, as the cell above read the name of the dearest product.'],
    why="Going from 'the largest value' to 'whose is it' is a step every lesson takes.",
    tolerance=0,
    slips=[(lambda store: int(store.orders["revenue"].idxmax()),
            "That is the row label .idxmax() returns, not a customer id: read the customer_id "
            "column of that row with .loc[...]."),
           (lambda store: int(_biggest_order(store)["order_id"]),
            "That is the order's id; the question asks for the customer_id of that order."),
           (lambda store: float(store.orders["revenue"].max()),
            "That is the largest revenue itself; the question asks who placed that order.")],
    advice="That is not the customer who placed the largest order. Find the row of the "
           "largest revenue with .idxmax() (it gives a row label, not an id), then read the "
           "customer_id column of that row with .loc[label, \"customer_id\"].",
)

# ---- 5. Pivot tables: groupby ----------------------------------------------------------------


def _topic_summary(store) -> pd.DataFrame:
    return store.tickets.groupby("topic", observed=True).agg(
        tickets=("ticket_id", "count"), cost=("handling_cost", "sum"))


topic_summary = TableExercise(
    question="Make a table with one row per ticket topic and two columns: tickets (how many "
             "tickets) and cost (their total handling_cost).",
    expected=_topic_summary,
    solution='answer = store.tickets.groupby("topic").agg(\n'
             '    tickets=("ticket_id", "count"), cost=("handling_cost", "sum"))',
    hint=['Start with `store.tickets.groupby("topic")`, as the orders were grouped by channel '
          'above.', 'Then `.agg(...)` with two named results, each written '
                    '`name=("column", "function")`: `tickets=("ticket_id", "count")`, and cost '
                    'the `"sum"` of `"handling_cost"`.'],
    why="A pivot table per group is how the course summarises customers, segments and "
        "campaigns.",
    slips=[(lambda store: store.tickets.groupby("topic", observed=True).agg(
                tickets=("ticket_id", "count"), cost=("handling_cost", "mean")),
            "Your cost column holds averages: the question asks for the total handling cost, "
            "\"sum\" rather than \"mean\"."),
           (lambda store: store.tickets.groupby("topic", observed=True).agg(
                tickets=("customer_id", "nunique"), cost=("handling_cost", "sum")),
            "Your tickets column counts different customers; count the tickets themselves "
            "(\"count\" on ticket_id).")],
)

channel_totals = TableExercise(
    question="Make a table with one row per order channel and the total discount and the "
             "total revenue of its orders (columns discount and revenue).",
    expected=lambda store: store.orders.groupby("channel", observed=True)[
        ["discount", "revenue"]].sum(),
    solution='answer = store.orders.groupby("channel")[["discount", "revenue"]].sum()',
    hint=['Group `store.orders` by `"channel"`, then pick the two columns in double square '
          'brackets, as `tickets.groupby("channel")[["hours_to_resolve", "handling_cost"]]` '
          'picked them for the tickets above, and end with `.sum()`.'],
    why="Choosing the columns before adding up is what keeps ids and dates out of a total.",
    slips=[(lambda store: store.orders.groupby("channel", observed=True).sum(numeric_only=True),
            "Your table adds up every number column, ids included: keep only discount and "
            "revenue, with [[\"discount\", \"revenue\"]] before .sum()."),
           (lambda store: store.orders.groupby("channel", observed=True)[
               ["discount", "revenue"]].mean(),
            "Those are averages; the question asks for totals (.sum()).")],
)

# ---- 6. A new column, and looking up another table -------------------------------------------


def _line_values(store) -> pd.DataFrame:
    lines = store.order_lines
    return lines.assign(value=lines["quantity"] * lines["unit_price"])


line_values = TableExercise(
    question="Add a column value to store.order_lines: the quantity times the unit_price of "
             "each line.",
    expected=_line_values,
    solution='lines = store.order_lines\n'
             'answer = lines.assign(value=lines["quantity"] * lines["unit_price"])',
    hint=['Do as `products.assign(margin=...)` did above, on `store.order_lines`, with a new '
          'column called value.',
          'The new column is `store.order_lines["quantity"] * store.order_lines["unit_price"]`.'],
    why="A calculated column is how the course turns raw facts into measures such as margin.",
    ordered=True,
    slips=[(lambda store: store.order_lines.assign(
                value=store.order_lines["returned_quantity"] * store.order_lines["unit_price"]),
            "Your value uses returned_quantity: multiply the quantity column instead."),
           (lambda store: store.order_lines.assign(
                value=store.order_lines["quantity"] + store.order_lines["unit_price"]),
            "Your value adds the two columns (+); a line's value is quantity times unit_price "
            "(*)."),
           (lambda store: _line_values(store).head(),
            "That is only the first rows of the table (.head() shows five): the answer is the "
            "whole of store.order_lines, every line with its value. Leave out .head()."),
           (lambda store: _line_values(store).sum(numeric_only=True),
            "That is one total per column (.sum() adds up all the lines); the question wants a "
            "value on every line: leave out .sum() and keep the table with its new column.")],
)

bean_units = NumberExercise(
    question='How many units of "coffee beans" were sold? Look up each order line\'s product '
             'category with merge, keep the coffee-bean lines and add up their quantity.',
    expected=lambda store: int(_lines_with_products(store).loc[
        lambda t: t["category"] == "coffee beans", "quantity"].sum()),
    solution='lines = store.order_lines.merge(store.products, on="product_id")\n'
             'answer = lines.loc[lines["category"] == "coffee beans", "quantity"].sum()',
    hint=['`lines = store.order_lines.merge(store.products, on="product_id")` gives every '
          'line its product\'s category, as VLOOKUP would.',
          '`lines.loc[lines["category"] == "coffee beans", "quantity"]` then keeps the quantity '
          'of the coffee-bean lines: add them up.'],
    why="Most CRM questions need two tables at once: orders and customers, lines and products.",
    tolerance=0,
    slips=[(lambda store: int(store.order_lines["quantity"].sum()),
            "That counts the units of every product: keep only the coffee-bean lines."),
           (lambda store: int((_lines_with_products(store)["category"] == "coffee beans").sum()),
            "That counts order lines; add up their quantity column instead (a line may hold "
            "several bags).")],
)

# ---- 7. Labels, positions and .to_numpy() ----------------------------------------------------


def _price_by_id(store) -> pd.Series:
    return store.products.set_index("product_id")["price"]


tea_mean_price = NumberExercise(
    question="What is the average price of the tea products? Practise the step above: select "
             'from price_by_id with a mask on store.products["category"], turned into plain '
             "True/False with .to_numpy(). (A filter on store.products itself gives the same "
             "number and passes too.)",
    expected=lambda store: float(_price_by_id(store)[
        (store.products["category"] == "tea").to_numpy()].mean()),
    solution='is_tea = (store.products["category"] == "tea").to_numpy()\n'
             'answer = price_by_id[is_tea].mean()',
    hint=['`is_tea = (store.products["category"] == "tea").to_numpy()` is the mask, built as '
          '`is_beans` was above.',
          'Put that mask in the square brackets of `price_by_id[...]`, as `price_by_id[is_beans]` '
          'kept the coffee-bean prices above: that keeps the tea prices; take their `.mean()`.'],
    why="Masks built on one table and used on another are common in the lessons; .to_numpy() "
        "lines them up by position.",
    rel_tolerance=0.0001,
    slips=[(lambda store: float(store.products["price"].mean()),
            "That is the average price of every product: keep only the tea rows."),
           (lambda store: float(_price_by_id(store)[
               (store.products["category"] == "coffee beans").to_numpy()].mean()),
            'That is the average of the coffee beans: the mask should compare with "tea".')],
    advice="Check the mask: only the rows whose category is tea, with the word in quotes, "
           "then the mean of their price.",
)

# ---- 8. Counting different values ------------------------------------------------------------

contacted_customers = NumberExercise(
    question="How many different customers did the campaigns reach? A customer contacted three "
             "times counts once.",
    expected=lambda store: int(store.contacts["customer_id"].nunique()),
    solution='answer = store.contacts["customer_id"].nunique()',
    hint=['Take the customer_id column of `store.contacts` and count its different values '
          'with `.nunique()`.'],
    why="Counting customers, not rows, is the difference between reach and contacts.",
    tolerance=0,
    slips=[(lambda store: len(store.contacts),
            "That is the number of contacts (rows): a customer reached several times counts "
            "several times. Count different customer ids with .nunique()."),
           (lambda store: len(store.customers),
            "That is every customer of the shop; count those in store.contacts.")],
)

# ---- 9. SQL ----------------------------------------------------------------------------------

sql_phone_revenue = SqlExercise(
    question="Write an SQL query on `con` that gives the total revenue of the orders placed by "
             "phone. Give the query's text: the check runs it.",
    expected=lambda store: float(_channel_orders(store, "phone", "revenue").sum()),
    solution='answer = "SELECT SUM(revenue) AS total FROM orders WHERE channel = \'phone\'"',
    hint=["Start from the app query above: change its `WHERE channel = 'app'` to "
          "`WHERE channel = 'phone'` (text in single quotes inside the query) and ask only for "
          "`SUM(revenue)`.",
          "Try your query first with `pd.read_sql_query(\"SELECT COUNT(*) AS n FROM orders "
          "WHERE channel = 'phone'\", con)` (that one counts the phone orders): one row with "
          "one number is what the check wants. Then give only the query's text, in double "
          "quotes: `answer = \"SELECT ... FROM orders WHERE ...\"`."],
    why="A database answers the same questions as pandas; in most companies the data lives "
        "there.",
    tables=["orders"],
    rel_tolerance=0.0001,
    slips=[(lambda store: float(store.orders["revenue"].sum()),
            "That is the revenue of every order: add WHERE channel = 'phone'."),
           (lambda store: len(_channel_orders(store, "phone", "revenue")),
            "That counts the phone orders (COUNT); add up their revenue with SUM(revenue)."),
           (lambda store: float(_channel_orders(store, "phone", "revenue").mean()),
            "That is the average revenue of a phone order (AVG); add it up with SUM(revenue).")],
)
# SqlExercise takes no advice= yet: its number rule gets the last resort directly.
sql_phone_revenue.rule.advice = (
    "Check the query: SUM of the revenue column, FROM the orders table, WHERE the channel is "
    "the phone one (text in single quotes inside SQL).")

sql_app_customers = NumberExercise(
    question="With SQL on `con`, how many different customers ordered through the app?",
    expected=lambda store: int(_channel_orders(store, "app", "customer_id").nunique()),
    solution='answer = pd.read_sql_query(\n'
             '    "SELECT COUNT(DISTINCT customer_id) FROM orders WHERE channel = \'app\'", con'
             ').iloc[0, 0]',
    hint=["`COUNT(DISTINCT customer_id)` counts each customer once, as `.nunique()` does.",
          "Keep only the app orders with `WHERE channel = 'app'`, and take the number out with "
          "`.iloc[0, 0]`."],
    why="Customers, not orders, are what CRM counts.",
    tolerance=0,
    slips=[(lambda store: int(store.orders["customer_id"].nunique()),
            "That counts the customers of every channel: add WHERE channel = 'app'."),
           (lambda store: len(_channel_orders(store, "app", "customer_id")),
            "That is the number of app orders: a customer with several app orders counts "
            "several times. Use COUNT(DISTINCT customer_id).")],
)

sql_tea_lines = NumberExercise(
    question="With SQL on `con`, join order_lines to products and count the order lines of tea "
             "products (category 'tea').",
    expected=lambda store: int((_lines_with_products(store)["category"] == "tea").sum()),
    solution='answer = pd.read_sql_query(\n'
             '    "SELECT COUNT(*) FROM order_lines "\n'
             '    "JOIN products ON order_lines.product_id = products.product_id "\n'
             '    "WHERE products.category = \'tea\'", con).iloc[0, 0]',
    hint=["Start from the JOIN query above: "
          "`FROM order_lines JOIN products ON order_lines.product_id = products.product_id`.",
          "Instead of `GROUP BY`, keep the tea lines with `WHERE products.category = 'tea'` and "
          "count them with `COUNT(*)`."],
    why="A JOIN is SQL's VLOOKUP: every order line gets its product's facts.",
    tolerance=0,
    slips=[(lambda store: int(_lines_with_products(store).loc[
                lambda t: t["category"] == "tea", "quantity"].sum()),
            "That adds up the quantity (units); the question counts order lines: COUNT(*)."),
           (lambda store: len(store.order_lines),
            "That counts every order line: add WHERE products.category = 'tea'."),
           (lambda store: int(store.order_lines["quantity"].sum()),
            "That adds up the units of every order line: count (COUNT(*)) the lines of tea "
            "products only, with WHERE products.category = 'tea' after the JOIN.")],
)

bind_exercises(globals(), lesson="00b")
