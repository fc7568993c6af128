"""Spans of time from now or from another moment: in 2 hours, 3 days after christmas."""

from __future__ import annotations

import re
from datetime import datetime

from parsers.times.lexicon import FINER, UNITS, add, truncate
from parsers.times.piece import AMOUNT, UNIT, Piece

_ONE = re.compile(rf"(?P<amount>{AMOUNT}) (?:more )?(?P<and_half>and an? half )?(?P<unit>{UNIT})\b"
                  rf"(?P<half_after> and an? half)?")
_ONE_SPAN = rf"(?:{AMOUNT}) (?:more )?(?:and an? half )?(?:{UNIT})(?: and an? half)?"
_SPAN = rf"(?P<span>{_ONE_SPAN}(?:,? (?:and )?{_ONE_SPAN})*)"


def _steps(m: re.Match, sign: int = 1) -> list[tuple[float, str]] | None:
    """Return a span's (amount, unit) steps, largest unit first ("1 hour 5 minutes")."""
    steps = []
    for one in _ONE.finditer(m.group("span")):
        amount, unit = _amount(one.group("amount")), UNITS[one.group("unit")]
        if amount is None or amount > 10_000:
            return None
        if one.group("and_half") or one.group("half_after"):
            amount += 0.5
        steps.append((amount, unit))
    order = ("second", "minute", "hour", "day", "week", "month", "quarter", "year")
    if any(order.index(b[1]) >= order.index(a[1]) for a, b in zip(steps, steps[1:])):
        return None  # "5 minutes 2 hours": not how a span is said
    if len(steps) == 1 and steps[0][0] != int(steps[0][0]):
        amount, unit = steps[0]
        if unit not in _SMALLER:
            return None
        steps = [(amount * _SMALLER[unit][1], _SMALLER[unit][0])]
    return [(sign * amount, unit) for amount, unit in steps]


def _span(m: re.Match, sign: int = 1) -> Piece | None:
    steps = _steps(m, sign)
    if steps is None:
        return None
    smallest = steps[-1][1]
    day_grain = "today" in m.group(0).split() and smallest not in ("second", "minute", "hour")
    grain = "day" if day_grain else FINER[smallest]

    def value(now: datetime) -> tuple[datetime, str]:
        return truncate(_step(now, steps), grain), grain

    if smallest in ("day", "week") and all(a == int(a) for a, _ in steps):
        setattr(value, "day", lambda now: _step(now, steps).date())  # "in 3 days at 5pm"
    return Piece("moment", value)


def _step(moment: datetime, steps: list[tuple[float, str]]) -> datetime:
    for amount, unit in steps:
        moment = add(moment, amount, unit)
    return moment


def _offset(m: re.Match) -> Piece | None:
    """Read a span from or to another moment: "3 days after christmas", "+10 days"."""
    word = m.group("dir")
    steps = _steps(m, -1 if word in ("before", "-", "prior to") else 1)
    return None if steps is None else Piece("offset", (steps, word in ("+", "-")))


_SMALLER = {"hour": ("minute", 60), "minute": ("second", 60), "day": ("hour", 24),
            "week": ("day", 7)}


def _amount(raw: str) -> float | None:
    if raw in ("a", "an"):
        return 1
    if "/" in raw:
        top, bottom = raw.split("/")
        return int(top) / int(bottom) if int(bottom) else None
    return float(raw)


def _part_span(m: re.Match) -> Piece | None:
    unit = UNITS[m.group("unit")]
    part = {"half": 0.5, "quarter": 0.25, "3 quarters": 0.75}[m.group("part")]
    if unit not in _SMALLER:
        return None
    unit, amount = _SMALLER[unit][0], part * _SMALLER[unit][1]
    if m.groupdict().get("dir") in ("ago", "back", "before now", "earlier"):
        amount = -amount
    return Piece("moment", lambda now: (truncate(add(now, amount, unit), FINER[unit]),
                                        FINER[unit]))


def _now(m: re.Match) -> Piece:
    return Piece("moment", lambda now: (truncate(now, "second"), "second"))
