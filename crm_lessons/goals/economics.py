"""The economics of keeping customers: what one new customer earns year by year at a
retention rate, its profit over a horizon, and what a few more points of retention add.

Discounting follows the course's one convention (:func:`crm_lessons.units.discount_factors`):
the margin of year t (t = 1, 2, ...) arrives at the end of that year and is worth
``margin / (1 + discount_rate) ** t`` today; the acquisition cost is paid at the start,
undiscounted. A customer won today is there in year 1, and a share ``retention_rate ** (t - 1)``
is still there in year t. The retention rate is the course's one definition, measured on
orders (:mod:`crm_lessons.goals.retention`): lesson 01 passes ``goals.yearly_retention(...)``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from crm_lessons.errors import (
    CRMDataError,
    require_fraction,
    require_not_empty,
    require_number,
    require_whole_number,
)
from crm_lessons.units import discount_factors


def _margins(margin_by_year: float | Sequence[float] | pd.Series, years: int,
             name: str = "margin_by_year") -> np.ndarray:
    years = require_whole_number(years, "years", minimum=1,
                                 fix="Give the length of the projection in years, e.g. 5.")
    if np.isscalar(margin_by_year):
        values = np.array([margin_by_year])
    elif isinstance(margin_by_year, (pd.Series, np.ndarray, list, tuple)):
        values = np.asarray(margin_by_year.to_numpy() if isinstance(margin_by_year, pd.Series)
                            else list(margin_by_year))
    else:
        raise CRMDataError(f"{name} should be a number or a list of numbers (EUR of margin per "
                           f"customer in year 1, 2, ...), not {type(margin_by_year).__name__}. "
                           "Pass for example 40.0 or [40.0, 45.0, 50.0].")
    try:
        values = values.astype(float)
    except (TypeError, ValueError):
        raise CRMDataError(f"{name} should hold numbers (EUR of margin per customer in "
                           "year 1, 2, ...), but some values are not numbers.") from None
    if values.size == 0 or not np.isfinite(values).all():
        raise CRMDataError(f"{name} should hold at least one finite number (EUR of margin "
                           "per customer in year 1, 2, ...); drop missing values first.")
    if values.size < years:  # the last known margin carries on
        values = np.concatenate([values, np.repeat(values[-1], years - values.size)])
    return values[:years]


def _horizon_inputs(margin_by_year: float | Sequence[float], acquisition_cost: float,
                    discount_rate: float, years: int) -> tuple[np.ndarray, float, np.ndarray]:
    """The checked margins of years 1 .. `years`, the acquisition cost and the discount
    factors 1 / (1 + discount_rate) ** t of those years."""
    acq = require_number(acquisition_cost, "acquisition_cost", minimum=0,
                         fix="Give what winning one customer cost, in EUR.")
    d = require_fraction(discount_rate, "discount_rate")
    m = _margins(margin_by_year, years)
    return m, acq, discount_factors(d, len(m))


def retention_projection(retention_rate: float, margin_by_year: float | Sequence[float],
                         acquisition_cost: float = 0.0, discount_rate: float = 0.0,
                         years: int = 5) -> pd.DataFrame:
    """Year by year, what one newly won customer is expected to earn the company.

    Every customer is there in year 1; each later year a share `retention_rate` of those
    still there stays. A customer who stays earns `margin_by_year[t-1]` in year t (the margin
    grows with tenure as loyal customers buy more and cost less). The margin of year t comes
    at the end of the year and is discounted by ``(1 + discount_rate) ** t``, t = 1, 2, ...
    (the course's one convention, :func:`crm_lessons.units.discount_factors`). The
    acquisition cost is paid once, at the start, undiscounted.

    Parameters
    ----------
    retention_rate : float
        Share of customers kept from one year to the next, 0-1: the retention rate measured
        on orders (:func:`crm_lessons.goals.yearly_retention`, the course's one definition).
    margin_by_year : number or sequence
        Margin (EUR) per customer who is still there in year 1, 2, ...; a shorter sequence
        carries its last value on.
    acquisition_cost : float
        What winning the customer cost (EUR).
    discount_rate : float
        Yearly discount rate, 0-1: year t's margin is divided by (1 + discount_rate) ** t.
    years : int
        Length of the projection.

    Returns
    -------
    DataFrame with columns year, still_customer (share), margin (EUR per remaining customer),
    expected_profit (EUR per customer won), discounted_profit, cumulative_profit (after the
    acquisition cost).

    Examples
    --------
    >>> p = retention_projection(0.5, [100, 100], acquisition_cost=50, years=2)
    >>> p["cumulative_profit"].tolist()
    [50.0, 100.0]
    """
    r = require_fraction(retention_rate, "retention_rate")
    m, acq, factors = _horizon_inputs(margin_by_year, acquisition_cost, discount_rate, years)
    year = np.arange(1, len(m) + 1)
    alive = r ** (year - 1)
    expected = alive * m
    discounted = expected * factors
    return pd.DataFrame({
        "year": year.astype("int64"),
        "still_customer": alive,
        "margin": m,
        "expected_profit": expected,
        "discounted_profit": discounted,
        "cumulative_profit": discounted.cumsum() - acq,
    })


def five_year_profit(retention_rate: float, margin_by_year: float | Sequence[float],
                     acquisition_cost: float = 0.0, discount_rate: float = 0.0,
                     years: int = 5) -> float:
    """Profit (EUR, discounted, after acquisition cost) one new customer brings over `years`.

    The sum of the margins still expected in years t = 1 .. `years`, each discounted by
    ``(1 + discount_rate) ** t`` (cash at the end of the year), minus the acquisition cost.
    See :func:`retention_projection` for the parameters.

    Examples
    --------
    >>> five_year_profit(0.5, 100, acquisition_cost=50, years=2)
    100.0
    >>> round(five_year_profit(0.8, 100, discount_rate=0.1), 2)
    265.51
    """
    table = retention_projection(retention_rate, margin_by_year, acquisition_cost,
                                 discount_rate, years)
    return float(table["cumulative_profit"].iloc[-1])


def profit_uplift(retention_rate: float, extra_points: float,
                  margin_by_year: float | Sequence[float], acquisition_cost: float = 0.0,
                  discount_rate: float = 0.0, years: int = 5) -> float:
    """Relative change of the profit over `years` (see :func:`five_year_profit`) when
    retention rises by `extra_points` (0.05 = 5 points): (profit at the higher rate - profit
    now) / |profit now|.

    Examples
    --------
    >>> round(profit_uplift(0.5, 0.5, 100, years=2), 2)
    0.33
    """
    extra = require_number(extra_points, "extra_points",
                           fix="Give the extra retention as a fraction, e.g. 0.05 for five points.")
    base = five_year_profit(retention_rate, margin_by_year, acquisition_cost, discount_rate, years)
    higher = float(retention_rate) + extra
    if higher > 1:
        raise CRMDataError(f"retention_rate + extra_points is {higher:.2f}, above 1 (100%). "
                           "Use fewer extra points.")
    new = five_year_profit(higher, margin_by_year, acquisition_cost, discount_rate, years)
    if base == 0:
        raise CRMDataError(f"The {years}-year profit at the current retention_rate is exactly 0 "
                           "(margin_by_year and acquisition_cost cancel out), so a relative "
                           "change is undefined; compare the two profits of five_year_profit "
                           "directly.")
    return (new - base) / abs(base)


def retention_profit_curve(margin_by_year: float | Sequence[float],
                           acquisition_cost: float = 0.0, discount_rate: float = 0.0,
                           years: int = 5,
                           rates: Sequence[float] | None = None) -> pd.DataFrame:
    """Profit over `years` per new customer (as :func:`five_year_profit`, year t discounted
    by ``(1 + discount_rate) ** t``) for a range of retention rates.

    Parameters
    ----------
    rates : sequence of fractions, optional
        Retention rates to evaluate; default 0.50, 0.51, ... 0.99.
    Others as in :func:`retention_projection`.

    Returns
    -------
    DataFrame with columns retention_rate, profit (EUR per customer won) and years (the
    horizon the profit is summed over, the same on every row, so a chart can say it).

    Examples
    --------
    >>> retention_profit_curve(100, rates=[0.0, 1.0], years=2)["profit"].tolist()
    [100.0, 200.0]
    """
    grid = np.round(np.arange(0.5, 0.995, 0.01), 2) if rates is None else np.asarray(rates, float)
    m, acq, factors = _horizon_inputs(margin_by_year, acquisition_cost, discount_rate, years)
    if grid.size == 0 or not np.isfinite(grid).all() or (grid < 0).any() or (grid > 1).any():
        raise CRMDataError("rates should be retention rates between 0 and 1, e.g. [0.6, 0.7].")
    year = np.arange(1, len(m) + 1)
    alive = grid[:, None] ** (year[None, :] - 1)
    profit = (alive * m * factors).sum(axis=1) - acq
    return pd.DataFrame({"retention_rate": grid, "profit": profit,
                         "years": np.full(len(grid), len(m), dtype="int64")})


def profit_by_year_series(profit: pd.Series | pd.DataFrame) -> pd.Series:
    """Profit per customer by year of the relationship as a Series indexed by year (sorted).

    Parameters
    ----------
    profit : Series indexed by year of relationship, or a DataFrame whose first column is the
        year and whose last column is the profit per customer (EUR), such as
        ``develop.profit_by_relationship_year(...)``.

    Examples
    --------
    >>> frame = pd.DataFrame({"year": [2, 1], "profit_per_customer": [20.0, 10.0]})
    >>> profit_by_year_series(frame).to_dict()
    {1: 10.0, 2: 20.0}
    """
    if isinstance(profit, pd.DataFrame):
        require_not_empty(profit, "profit")
        if profit.shape[1] < 2:
            raise CRMDataError("profit should have a year column and a profit column, such as "
                               "the table of develop.profit_by_relationship_year(...).")
        profit = pd.Series(profit.iloc[:, -1].to_numpy(), index=profit.iloc[:, 0].to_numpy())
    if not isinstance(profit, pd.Series):
        raise CRMDataError(f"profit should be a Series or DataFrame of profit per customer by "
                           f"year of relationship, not {type(profit).__name__}.")
    return profit.sort_index()


def margins_from_profit_by_year(profit: pd.Series | pd.DataFrame, years: int = 5) -> list[float]:
    """Profit per customer in year 1, 2, ... `years` of the relationship, as a plain list for
    the projections (a shorter history carries its last year on).

    Parameters
    ----------
    profit : Series indexed by year of relationship, or a DataFrame whose first column is the
        year and whose last column is the profit per customer (EUR).

    Examples
    --------
    >>> margins_from_profit_by_year(pd.Series([10.0, 20.0], index=[1, 2]), years=3)
    [10.0, 20.0, 20.0]
    """
    ordered = profit_by_year_series(profit)
    return [float(x) for x in _margins(ordered.to_numpy(), years, name="profit")]


def retention_scenario(retention_rate: float, base_rate: float,
                       margin_by_year: float | Sequence[float], acquisition_cost: float = 0.0,
                       discount_rate: float = 0.0, years: int = 5) -> pd.DataFrame:
    """Cumulative profit per new customer, year by year, at today's retention (`base_rate`)
    and at another rate: the table behind the lesson's retention explorer.

    Returns
    -------
    DataFrame with columns year, today (EUR, cumulative at `base_rate`) and scenario (EUR,
    cumulative at `retention_rate`), both after the acquisition cost.

    Examples
    --------
    >>> retention_scenario(1.0, 0.5, 100, years=2)["scenario"].tolist()
    [100.0, 200.0]
    """
    today = retention_projection(base_rate, margin_by_year, acquisition_cost, discount_rate,
                                 years)
    other = retention_projection(retention_rate, margin_by_year, acquisition_cost,
                                 discount_rate, years)
    return pd.DataFrame({"year": today["year"], "today": today["cumulative_profit"],
                         "scenario": other["cumulative_profit"]})


def cost_ratio(acquisition_cost: float, retention_cost: float) -> float:
    """How many times more it costs to win a customer than to keep one.

    Examples
    --------
    >>> cost_ratio(60.0, 10.0)
    6.0
    """
    fix = "Pass the campaign cost per new customer and per kept customer, in EUR."
    a = require_number(acquisition_cost, "acquisition_cost", minimum=0, fix=fix)
    r = require_number(retention_cost, "retention_cost", fix=fix)
    if r <= 0:
        raise CRMDataError(f"cost_ratio needs an acquisition cost of at least 0 and a retention "
                           f"cost above 0, but got {a!r} and {r!r}. Check the campaign "
                           "costs you passed.")
    return a / r
