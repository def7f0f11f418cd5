"""Fixtures of the lifetime-value tests: the CDNOW sample's summary and the three models fitted
to it (once per test run)."""

import pytest

from crm_lessons import clv
from crm_lessons.data import load_cdnow


@pytest.fixture(scope="session")
def cdnow_summary():
    return clv.purchase_summary(load_cdnow(sample=True), calibration_end="1997-09-30",
                                observation_end="1998-06-30", freq="W")


@pytest.fixture(scope="session")
def bg(cdnow_summary):
    return clv.fit_bgnbd(cdnow_summary)


@pytest.fixture(scope="session")
def pn(cdnow_summary):
    return clv.fit_pareto_nbd(cdnow_summary)


@pytest.fixture(scope="session")
def gg(cdnow_summary):
    return clv.fit_gamma_gamma(cdnow_summary)

