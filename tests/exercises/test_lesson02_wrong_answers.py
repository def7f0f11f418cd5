"""Lesson 02: wrong answers are rejected without giving the answer away, and the likely
slips are named."""


from crm_lessons.exercises import lesson02 as ex

# ---- gold_channels: a missing channel is counted, never named -------------------------------

def test_gold_channels_counts_a_missing_channel_without_naming_it(shipped_store):
    right = list(ex.gold_channels.expected())
    for missing in right:
        result = ex.gold_channels.check([c for c in right if c != missing])
        assert not result and "leaves out 1 channel." in result.message
        assert missing not in result.message, result.message


def test_gold_channels_names_a_channel_the_student_added(shipped_store):
    right = list(ex.gold_channels.expected())
    other = next(c for c in ex.CHANNEL_OPTIONS.values() if c not in right)
    result = ex.gold_channels.check([*right[1:], other])
    assert not result and f"should not include '{other}'" in result.message
    assert "leaves out 1 channel." in result.message and right[0] not in result.message
    assert ex.gold_channels.check(right[::-1])


# ---- survey_share: customers, not answers ---------------------------------------------------

def test_survey_share_counting_answers_is_rejected_and_named(shipped_store):
    assert shipped_store.surveys["customer_id"].duplicated().any()   # the data make the slip visible
    result = ex.survey_share.check(len(shipped_store.surveys) / len(shipped_store.customers))
    assert not result and "counts survey answers, not customers" in result.message


def test_survey_share_accepts_distinct_customers_and_names_the_wrong_denominator(shipped_store):
    answered = shipped_store.surveys["customer_id"].nunique()
    assert ex.survey_share.check(answered / len(shipped_store.customers))
    assert ex.survey_share.check(round(answered / len(shipped_store.customers), 3))
    wrong = ex.survey_share.check(answered / len(shipped_store.surveys))
    assert not wrong and "number of survey answers" in wrong.message
    percent = ex.survey_share.check(100 * answered / len(shipped_store.customers))
    assert not percent and "divide by 100" in percent.message


# ---- tier_revenue, lost_by_reason, winback_count: the slips a new student made ---------------

def _revenue_and_lost(store):
    from crm_lessons import identify

    revenue = identify.customer_revenue(store.orders)
    lost = identify.lost_customers(store.defections, store.customers, store.orders)
    return revenue, lost.drop(columns="worth_winning_back")


def test_tier_revenue_names_averages_and_counts(shipped_store):
    from crm_lessons import identify

    revenue, _ = _revenue_and_lost(shipped_store)
    tiers = identify.value_tiers(revenue)
    assert ex.tier_revenue.check(revenue.groupby(tiers).sum())
    mean = ex.tier_revenue.check(revenue.groupby(tiers).mean())
    assert not mean and mean.message.startswith("Those are averages")
    for counts in (revenue.groupby(tiers).count(), tiers.value_counts()):
        result = ex.tier_revenue.check(counts)
        assert not result and result.message.startswith("Those are counts")


def test_lost_by_reason_names_orders_summed_instead_of_revenue(shipped_store):
    _, lost = _revenue_and_lost(shipped_store)
    result = ex.lost_by_reason.check(lost.groupby("reason", observed=True)["orders"].sum())
    assert not result and "adds up orders, not revenue" in result.message


def test_winback_count_names_a_share_and_the_missing_brackets(shipped_store):
    revenue, lost = _revenue_and_lost(shipped_store)
    both = lost["fixable"] & (lost["revenue"] >= revenue.median())
    assert ex.winback_count.check(both.sum())
    share = ex.winback_count.check(both.mean())
    assert not share and "not .mean()" in share.message
    unbracketed = (lost["fixable"] & lost["revenue"] >= revenue.median()).sum()
    result = ex.winback_count.check(unbracketed)
    assert not result and "in its own brackets" in result.message


def test_explorer_option_c_does_not_call_the_change_small(shipped_store):
    result = ex.explorer_lost.check("C")
    if ex.explorer_lost.expected() != "C":
        assert not result and "few points" not in result.message
        assert "not the same at 30 and at 180 days" in result.message
