"""Tests of crm_lessons.identify.service: service need per order."""

import numpy as np
import pandas as pd
import pytest

from crm_lessons import identify
from crm_lessons.errors import CRMDataError


def test_service_need_is_per_order_with_zeros_for_quiet_customers(tickets_and_orders):
    need = identify.service_need(*tickets_and_orders)
    assert need["tickets"].tolist() == [1, 0, 0, 1, 0]
    assert need["service_cost_per_order"].tolist() == [20.0, 0.0, 0.0, 15.0, 0.0]
    orders, tickets = tickets_and_orders
    with pytest.raises(CRMDataError, match="tickets has no column 'handling_cost'"):
        identify.service_need(orders, tickets.drop(columns="handling_cost"))


def test_service_need_names_missing_revenue_and_empty_orders(tickets_and_orders):
    with pytest.raises(CRMDataError, match="orders.revenue has 1 missing"):
        identify.service_need(pd.DataFrame({"customer_id": [1], "revenue": [np.nan]}),
                              pd.DataFrame({"customer_id": [1], "handling_cost": [1.0]}))
    orders, tickets = tickets_and_orders
    with pytest.raises(CRMDataError, match="orders is empty"):
        identify.service_need(orders.iloc[:0], tickets)


def test_service_need_refuses_text_customer_ids():
    orders = pd.DataFrame({"customer_id": ["twelve"], "revenue": [10.0]})
    tickets = pd.DataFrame({"customer_id": [1], "handling_cost": [6.0]})
    with pytest.raises(CRMDataError, match=r"orders\.customer_id should hold numbers, but has "
                                           r"values such as 'twelve'"):
        identify.service_need(orders, tickets)
