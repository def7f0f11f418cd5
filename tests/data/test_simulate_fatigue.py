"""Contact fatigue in the generator: counted over the past year, and drawn on its own stream."""

import numpy as np

from crm_lessons.data.simulate import simulate
from crm_lessons.data.simulate.fatigue import contacts_in_window, draw_fatigue


def test_contacts_are_counted_over_the_window_per_customer():
    cust = np.array([1, 0, 0, 0, 0])
    day = np.array([5, 10, 20, 20, 400])
    assert contacts_in_window(cust, day).tolist() == [1, 1, 3, 3, 1]


def test_more_contacts_more_unsubscribes():
    rng = np.random.default_rng(0)
    cust = np.repeat(np.arange(20_000), 8)
    day = np.tile(np.arange(8) * 30, 20_000)
    unsub, complained = draw_fatigue(rng, cust, day)
    first, eighth = unsub[day == 0].mean(), unsub[day == 210].mean()
    assert eighth > 10 * first and complained[day == 210].mean() > complained[day == 0].mean()


def test_fatigue_leaves_the_other_columns_alone():
    t = simulate(5, 300)["contacts"]
    assert list(t.columns[-2:]) == ["unsubscribed", "complained"]
    assert t.groupby("customer_id")["unsubscribed"].sum().max() <= 1
