"""Tests of crm_lessons.identify.quadrants: value against service need."""

import pytest

from crm_lessons import identify
from crm_lessons.errors import CRMDataError


def test_value_service_quadrants_name_the_four_cases(tickets_and_orders):
    quad = identify.value_service_quadrants(*tickets_and_orders, top=0.4)
    # average service cost per order = 35 / 5 = 7 EUR
    assert quad["quadrant"].tolist() == ["high value, high need", "high value, low need",
                                         "low value, low need", "low value, high need",
                                         "low value, low need"]
    offers = identify.quadrant_offers()
    assert offers["quadrant"].tolist() == identify.QUADRANTS
    strict = identify.value_service_quadrants(*tickets_and_orders, top=0.4, need_threshold=16)
    assert strict["high_need"].tolist() == [True, False, False, False, False]
    with pytest.raises(CRMDataError, match="need_threshold should be a number of at least 0"):
        identify.value_service_quadrants(*tickets_and_orders, need_threshold=-1)
