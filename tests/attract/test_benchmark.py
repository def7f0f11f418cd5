"""crm_lessons.attract.benchmark: where the company leads or trails the best competitor."""

import pandas as pd
import pytest

from crm_lessons import attract
from crm_lessons.errors import CRMDataError


def table():
    return pd.DataFrame({"company": ["Us", "Cheap", "Good"], "price_index": [104.0, 90.0, 100.0],
                         "delivery_days": [2.0, 3.0, 2.5], "product_quality": [8.0, 6.0, 8.0],
                         "service_rating": [7.0, 5.0, 7.5]})


def test_gaps_know_which_way_is_better():
    out = attract.benchmark_gaps(table(), "Us").set_index("attribute")
    assert out.loc["price_index", "gap"] == -14.0 and out.loc["price_index", "best_name"] == "Cheap"
    assert out.loc["delivery_days", "gap"] == 0.5 and out.loc["delivery_days", "position"] == "leads"
    assert out.loc["product_quality", "position"] == "level"
    assert out.loc["service_rating", "position"] == "trails"
    assert out.loc["service_rating", "competitor_mean"] == 6.25


def test_unknown_company_or_no_competitor_is_refused():
    with pytest.raises(CRMDataError, match="should hold 'Them' once"):
        attract.benchmark_gaps(table(), "Them")
    with pytest.raises(CRMDataError, match="no competitor"):
        attract.benchmark_gaps(table().iloc[:1], "Us")
    with pytest.raises(CRMDataError, match="service_rating"):
        attract.benchmark_gaps(table().drop(columns="service_rating"), "Us")
