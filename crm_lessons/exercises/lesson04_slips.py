"""The feedback of lesson 04's choice questions that is too long to sit beside each question:
a text for every option.
"""

from __future__ import annotations

from crm_lessons.schema import CHANNELS

__all__ = ["CHANNEL_OPTIONS", "channel_feedback", "THRESHOLD_OPTIONS", "THRESHOLD_FEEDBACK"]

CHANNEL_OPTIONS = dict(zip("ABCDEF", CHANNELS, strict=True))

_HOW = {
    "search": "Search customers looked for coffee themselves.",
    "paid_social": "Paid-social customers came from adverts in their feeds.",
    "email": "E-mail customers signed up to the newsletter first.",
    "referral": "Referral customers were brought by a friend.",
    "partner": "Partner customers came through other shops and cafés.",
    "marketplace": "Marketplace customers found the shop on a large online marketplace.",
}


def channel_feedback(options: dict[str, str]) -> dict[str, str]:
    """For each channel option of "whose customers are still buying a year on": what to read."""
    return {letter: f"{_HOW[ch]} Read column 12 of `by_channel` (twelve months after the "
                    "first order) for every channel and compare the rows, not the first "
                    "months." for letter, ch in options.items()}


THRESHOLD_OPTIONS = {"A": "it falls", "B": "it rises", "C": "it stays the same"}
THRESHOLD_FEEDBACK = {
    "A": "Move the slider from 90 to 365 days and read the rate in the sentence each time: "
         "which customers stop counting as defectors when you wait longer?",
    "B": "A longer silence is a stricter test: fewer customers pass it. Move the slider and "
         "read the sentence at 90 and at 365 days.",
    "C": "Move the slider from 90 to 365 days: the curve and the sentence both change.",
}
