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


def test_a_control_row_was_never_sent_so_it_tires_no_one():
    rng = np.random.default_rng(3)
    cust = np.zeros(40, np.int64)
    day = np.arange(40)
    sent = np.arange(40) % 2 == 0
    unsub, complained = draw_fatigue(rng, cust, day, sent)
    assert not unsub[~sent].any() and not complained[~sent].any()
    assert unsub[sent].any() or complained[sent].any()   # 20 messages in a year do tire
