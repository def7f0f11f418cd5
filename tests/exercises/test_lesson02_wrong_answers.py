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
