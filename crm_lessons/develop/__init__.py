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

- ``gone_quiet(p_alive, value, threshold=0.3, min_value=0) -> DataFrame``
  win-back candidates whose probability alive has dropped, with the value at stake.
- ``share_of_wallet(orders, surveys) -> DataFrame`` and ``wallet_by_segment(wallet, segment)``
  each surveyed customer's share of their category spend, and room to grow by segment.
- ``also_bought(order_lines, product_id, top=3) -> DataFrame``
  "customers who bought this also bought": a clerk's suggestions for one product.
- ``bundle_economics(products, a, b, discount, already_both) -> Series``
  a bundle's price and margin, and its break-even take-up rate.
- ``fatigue_by_frequency(contacts)``, ``contact_cap_value(fatigue, ...)``,
  ``opt_in_breaches(contacts, customers)``: contact fatigue and the best yearly contact cap;
  ``response_margin(...)`` and ``marketing_value_lost(...)`` value a response and a lost customer.
- ``milestones_this_month(customers, orders, month) -> DataFrame``
  customers reaching their tenth order or another year with the shop this month.

Every function is pure: tables in, a table or a number out. One file per idea: basket.py
(product pairs), lapsers.py (silent lapsers), profitability.py (profit per customer).
"""

from crm_lessons.develop.basket import pair_lift
from crm_lessons.develop.bundle import bundle_economics
from crm_lessons.develop.fatigue import (
    contact_cap_value,
    fatigue_by_frequency,
    marketing_value_lost,
    opt_in_breaches,
    response_margin,
    sent_contacts,
)
from crm_lessons.develop.lapsers import gone_quiet, silent_lapsers
from crm_lessons.develop.milestones import milestones_this_month
from crm_lessons.develop.profitability import (
    PROFIT_COLUMNS,
    customer_profit,
    profit_by_relationship_year,
    unprofitable_share,
)
from crm_lessons.develop.suggest import also_bought
from crm_lessons.develop.wallet import WALLET_COLUMNS, share_of_wallet, wallet_by_segment

__all__ = ["pair_lift", "silent_lapsers", "customer_profit", "unprofitable_share",
           "profit_by_relationship_year", "PROFIT_COLUMNS", "gone_quiet", "share_of_wallet",
           "wallet_by_segment", "WALLET_COLUMNS", "also_bought", "bundle_economics",
           "fatigue_by_frequency", "contact_cap_value", "opt_in_breaches", "response_margin",
           "sent_contacts",
           "marketing_value_lost",
           "milestones_this_month"]
