"""The feedback of lesson 03's exercises that is too long to sit beside each question: a text
for every option of its choice questions.
"""

from __future__ import annotations

from crm_lessons.schema import CHANNELS

__all__ = ["CHANNEL_OPTIONS", "wasted_feedback", "TENURE_OPTIONS", "TENURE_FEEDBACK",
           "EXPLORER_OPTIONS", "EXPLORER_FEEDBACK"]

CHANNEL_OPTIONS = dict(zip("ABCDEF", CHANNELS, strict=True))

_WASTE = {
    "search": "Search leads come from people who looked for coffee themselves.",
    "paid_social": "Paid-social leads come from adverts in people's feeds.",
    "email": "E-mail leads signed up to the newsletter first.",
    "referral": "Referral leads were sent by a customer, and a low rate is not the question.",
    "partner": "Partner leads come through other shops and cafés.",
    "marketplace": "Marketplace leads found the shop on a large online marketplace.",
}


def wasted_feedback(options: dict[str, str]) -> dict[str, str]:
    """For each channel option of "which source wastes the most leads": what to look at."""
    return {letter: f"{_WASTE[ch]} Count, for every source, the leads that never bought "
                    "(prospects minus customers in `ladder`) and compare the numbers, not the "
                    "rates." for letter, ch in options.items()}


TENURE_OPTIONS = {"A": "0-179 days", "B": "180-364 days", "C": "365+ days"}
TENURE_FEEDBACK = {
    "A": "Read the lift column of `sample_tenure` for the youngest band and compare it with "
         "the other two.",
    "B": "The middle band gains something, but compare its lift with the other bands'.",
    "C": "Look at the lift of the oldest band: the control group tells you what these "
         "customers would have bought anyway.",
}

EXPLORER_OPTIONS = {"A": "it still makes a profit", "B": "it loses money",
                    "C": "it breaks even exactly"}
EXPLORER_FEEDBACK = {
    "A": "Halving the margin halves what every extra response earns, while the cost stays the "
         "same. Read the incremental profit in the sentence after you move the slider.",
    "B": "Compare the uplift with the break-even uplift the sentence shows: when the margin "
         "halves, the break-even uplift doubles.",
    "C": "Exactly zero profit would need the uplift to equal the break-even uplift to the "
         "decimal: read the sentence after you move the slider.",
}
