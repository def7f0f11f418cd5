"""Customer development: products bought together (cross-selling and bundles), customers who
quietly stopped buying (lost without a word, worth a win-back), and what each customer really
earns the company (profit per customer, and by year of the relationship).

Public helpers (one line each):

- ``pair_lift(order_lines, min_orders=20, products=None) -> DataFrame``
  per product pair: orders together, support, confidence both ways, lift; highest lift first.
- ``silent_lapsers(customers, orders, defections, end_date=None, days=365) -> DataFrame``
  customers with no order in the last `days` days who never told us they left.
- ``customer_profit(orders, order_lines, products, tickets=None) -> DataFrame``
  one row per customer: revenue, discounts, returns, cost of goods, service cost, profit (EUR).
- ``unprofitable_share(profit) -> float``
  share of customers whose profit is below zero (the table above, or a Series of profit).
- ``profit_by_relationship_year(orders, order_lines, products, customers, tickets=None, end_date=None) -> DataFrame``
  per fully seen year of relationship (1, 2, ...): active customers, total profit, profit per customer.

Every function is pure: tables in, a table or a number out. One file per idea: basket.py
(product pairs), lapsers.py (silent lapsers), profitability.py (profit per customer).
"""

from crm_lessons.develop.basket import pair_lift
from crm_lessons.develop.lapsers import silent_lapsers
from crm_lessons.develop.profitability import (
    PROFIT_COLUMNS,
    customer_profit,
    profit_by_relationship_year,
    unprofitable_share,
)

__all__ = ["pair_lift", "silent_lapsers", "customer_profit", "unprofitable_share",
           "profit_by_relationship_year", "PROFIT_COLUMNS"]
