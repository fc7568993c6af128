"""One part of a time text, and the words the patterns that find parts are made of."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from parsers.times.lexicon import MONTHS, UNITS, WEEKDAYS, alternation


@dataclass(frozen=True)
class Piece:
    """One part of a time text.

    kind: "day" (value: now -> date), "dow" ((weekday, how)), "clock" ((hour, minute, half)),
    "bare" (an hour alone: a clock only beside a day), "pod" (part of day), "moment" and
    "coarse" (now -> (datetime, grain): complete alone), "offset" (a span from the moment the
    other pieces name), "zone" (hours from UTC).
    """

    kind: str
    value: Any  # its type depends on `kind`, as above


M = rf"(?P<month>{alternation(MONTHS)})"
D = rf"(?P<dow>{alternation(WEEKDAYS)})"
ORD = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
ORDX = r"(?P<day>\d{1,2})(?:st|nd|rd|th)"
YEAR = r"(?P<year>\d{4}|'\d{2})"
UNIT = rf"(?:{alternation(UNITS)})"
AMOUNT = r"\d+(?:\.\d+)?|\d+/\d+|an?"
HALF = r"(?P<half>am|pm|a|p)"
# How far "this", "next" or "last" moves a week, month or year.
THIS = {"this": 0, "current": 0, "next": 1, "coming": 1, "upcoming": 1, "following": 1,
        "last": -1, "previous": -1, "past": -1}
