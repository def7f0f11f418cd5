"""Numbers a student wrote in a form Python does not read as one number: as text ("14.7%",
"0.147", "5,000") or with a thousands comma (``answer = 5,000`` is the tuple ``(5, 0)``).

The number kind reads text as the number it spells (with a note to give a number next time)
and tells a tuple of comma groups to drop the comma.
"""

from __future__ import annotations

import numbers
import re
from dataclasses import dataclass
from typing import Any

import numpy as np

__all__ = ["SpelledNumber", "read_spelled", "comma_groups"]

_NUMBER = r"[+-]?(\d{1,3}(,\d{3})+|\d+)?(\.\d+)?"  # "5,000", "14.7", "-.5"
_CURRENCY = ("€", "$", "£", "eur", "euros", "euro", "usd")


@dataclass(frozen=True)
class SpelledNumber:
    """A number read from text: its value, and whether the text ended with a % sign."""

    value: float
    percent: bool
    text: str


def read_spelled(text: str) -> SpelledNumber | None:
    """The number a piece of text spells, or None.

    Accepts a thousands comma ("5,000"), a currency sign ("€1,200") and a % sign ("14.7%");
    the % sign is kept apart (``percent``), the value is the number as written.

    >>> read_spelled(" 14.7% "), read_spelled("5,000").value, read_spelled("sixty")
    (SpelledNumber(value=14.7, percent=True, text=' 14.7% '), 5000.0, None)
    """
    body = text.strip().lower()
    percent = body.endswith("%")
    body = body.rstrip("%").strip()
    for sign in _CURRENCY:
        if body.startswith(sign):
            body = body[len(sign):].strip()
        elif body.endswith(sign):
            body = body[:-len(sign)].strip()
    body = body.replace(" ", "")
    if not body or not re.fullmatch(_NUMBER, body) or not re.search(r"\d", body):
        return None
    return SpelledNumber(float(body.replace(",", "")), percent, text)


def _whole(x: Any) -> bool:
    return isinstance(x, (numbers.Integral, np.integer)) and not isinstance(x, (bool, np.bool_))


def comma_groups(answer: Any) -> str | None:
    """What to say when `answer` is a tuple that a comma inside a number made, else None.

    ``answer = 5,000`` gives ``(5, 0)``; ``answer = 0,147`` (a decimal comma) gives ``(0, 147)``.

    >>> comma_groups((5, 0))[:44]
    'Your answer is the tuple (5, 0): Python read'
    >>> comma_groups((5.5, 2)) is None
    True
    """
    if not isinstance(answer, tuple) or len(answer) < 2:
        return None
    head, rest = answer[0], answer[1:]
    if not (_whole(head) and all(_whole(g) and 0 <= g < 1000 for g in rest[:-1])):
        return None
    last = rest[-1]
    if not (_whole(last) or isinstance(last, (float, np.floating))) or not 0 <= last < 1000:
        return None
    shown = ", ".join(str(g) for g in answer)
    start = (f"Your answer is the tuple ({shown}): Python read the comma inside your number as "
             "a separator between numbers.")
    if int(head) == 0 and len(answer) == 2 and _whole(last):
        return (f"{start} Python writes decimals with a point: 0.{int(last)}, not "
                f"0,{int(last)}. Then run the check again.")
    if not all(_whole(g) for g in answer):
        return f"{start} Give one number, without commas: 5000, not 5,000."
    thousands = "".join([str(int(head))] + [f"{int(g):03d}" for g in rest])
    said = f"{int(head):,}" + "".join(f",{int(g):03d}" for g in rest)
    decimal = (f" If you meant a decimal, write it with a point ({int(head)}.{int(last)}, "
               f"not {int(head)},{int(last)})." if len(answer) == 2 else "")
    return (f"{start} If you meant {said}, write it without the thousands comma: "
            f"{thousands}.{decimal} Then run the check again.")
