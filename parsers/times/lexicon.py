"""Calendar words and arithmetic: months, weekdays, units, holidays, stepping by a unit."""

from __future__ import annotations

import calendar
from datetime import UTC as _UTC
from datetime import date, datetime, timedelta

MONTHS = {name: n for n, names in enumerate((
    (), ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
    ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
    ("october", "oct"), ("november", "nov"), ("december", "dec"))) for name in names}
WEEKDAYS = {name: n for n, names in enumerate((
    ("monday", "mon", "mondays"), ("tuesday", "tue", "tues", "tuesdays"),
    ("wednesday", "wed", "weds", "wednesdays"), ("thursday", "thu", "thur", "thurs", "thursdays"),
    ("friday", "fri", "fridays"), ("saturday", "sat", "saturdays"),
    ("sunday", "sun", "sundays"))) for name in names}
UNITS = {
    "s": "second", "second": "second", "seconds": "second",
    "m": "minute", "minute": "minute", "minutes": "minute",
    "h": "hour", "hour": "hour", "hours": "hour",
    "d": "day", "day": "day", "days": "day",
    "w": "week", "week": "week", "weeks": "week",
    "month": "month", "months": "month",
    "quarter": "quarter", "quarters": "quarter",
    "y": "year", "year": "year", "years": "year",
}
GRAINS = ("second", "minute", "hour", "day", "week", "month", "quarter", "year")
# Adding a span reads to one grain finer than the span ("in 2 hours" to the minute), as
# Duckling's corpus does; weeks and longer to the day ("in 2 years" is that date).
FINER = {"second": "second", "minute": "second", "hour": "minute", "day": "hour",
         "week": "day", "month": "day", "quarter": "day", "year": "day"}


def alternation(names) -> str:
    """Return a regex alternation of `names`, longest first so none shadows a longer one."""
    return "|".join(sorted(names, key=len, reverse=True))


def add(moment: datetime, amount: float, unit: str) -> datetime:
    """Step `moment` by `amount` units: seconds to hours on the clock, days and up by calendar."""
    if unit in ("second", "minute", "hour"):
        seconds = amount * {"second": 1, "minute": 60, "hour": 3600}[unit]
        return (moment.astimezone(_UTC) + timedelta(seconds=seconds)).astimezone(moment.tzinfo)
    if unit in ("day", "week"):
        days = amount * (7 if unit == "week" else 1)
        whole = int(days)
        stepped = _wall(moment.replace(tzinfo=None) + timedelta(days=whole), moment)
        return add(stepped, (days - whole) * 24, "hour") if days != whole else stepped
    months = int(amount * {"month": 1, "quarter": 3, "year": 12}[unit])
    year, month = divmod(moment.month - 1 + months, 12)
    year += moment.year
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return _wall(moment.replace(tzinfo=None, year=year, month=month + 1, day=day), moment)


def truncate(moment: datetime, grain: str) -> datetime:
    """Cut `moment` down to the start of its `grain` (a week starts on Monday)."""
    local = moment.replace(tzinfo=None)
    if grain == "second":
        local = local.replace(microsecond=0)
    elif grain == "minute":
        local = local.replace(second=0, microsecond=0)
    elif grain == "hour":
        local = local.replace(minute=0, second=0, microsecond=0)
    else:
        local = datetime.combine(local.date(), datetime.min.time())
        if grain == "week":
            local -= timedelta(days=local.weekday())
        elif grain == "month":
            local = local.replace(day=1)
        elif grain == "quarter":
            local = local.replace(day=1, month=(local.month - 1) // 3 * 3 + 1)
        elif grain == "year":
            local = local.replace(day=1, month=1)
    return _wall(local, moment)


def at(day: date, hour: int, minute: int, like: datetime) -> datetime:
    """Return `day` at `hour:minute` on the clock of `like`'s zone."""
    return _wall(datetime(day.year, day.month, day.day, hour, minute), like)


def _wall(local: datetime, like: datetime) -> datetime:
    """Attach `like`'s zone to a wall-clock time; a time skipped by summer time moves past it."""
    placed = local.replace(tzinfo=like.tzinfo)
    return placed.astimezone(_UTC).astimezone(like.tzinfo)


def nth_weekday(year: int, month: int, weekday: int, n: int) -> date | None:
    """Return the `n`th `weekday` of a month (n=-1: the last); None when there is none."""
    days = [d for d in range(1, calendar.monthrange(year, month)[1] + 1)
            if date(year, month, d).weekday() == weekday]
    try:
        return date(year, month, days[n - 1 if n > 0 else n])
    except IndexError:
        return None


def easter(year: int) -> date:
    """Return Western Easter Sunday (the anonymous Gregorian computus)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month, day = divmod(h + l_ - 7 * m + 114, 31)
    return date(year, month, day + 1)


def _fixed(month: int, day: int):
    return lambda year: date(year, month, day)


def _nth(month: int, weekday: int, n: int):
    return lambda year: nth_weekday(year, month, weekday, n)


def _from_easter(days: int):
    return lambda year: easter(year) + timedelta(days=days)


# Holidays a reminder might name, by the words people use; each gives its date in a year.
HOLIDAYS = {
    "christmas|christmas day": _fixed(12, 25),
    "christmas eve": _fixed(12, 24),
    "new year eve|new years eve": _fixed(12, 31),
    "new year|new years|new year day|new years day": _fixed(1, 1),
    "valentine|valentines|valentine day|valentines day": _fixed(2, 14),
    "halloween": _fixed(10, 31),
    "independence day|4th of july|july 4th|fourth of july": _fixed(7, 4),
    "st patrick day|saint patrick day|st patricks day|saint patricks day|st paddy day"
    "|st paddys day|saint paddy day|saint paddys day|st pattys day|st patty day": _fixed(3, 17),
    "boxing day": _fixed(12, 26),
    "thanksgiving|thanksgiving day": _nth(11, 3, 4),
    "black friday": lambda year: nth_weekday(year, 11, 3, 4) + timedelta(days=1),
    "mlk day|mlk|martin luther king day|martin luther kings day|martin luther king jr day"
    "|civil rights day": _nth(1, 0, 3),
    "presidents day|president day|washington birthday": _nth(2, 0, 3),
    "memorial day": _nth(5, 0, -1),
    "labor day|labour day": _nth(9, 0, 1),
    "columbus day": _nth(10, 0, 2),
    "veterans day|veteran day": _fixed(11, 11),
    "mother day|mothers day": _nth(5, 6, 2),
    "father day|fathers day": _nth(6, 6, 3),
    "easter|easter sunday": _from_easter(0),
    "easter monday|easter mon": _from_easter(1),
    "good friday": _from_easter(-2),
    "maundy thursday": _from_easter(-3),
    "palm sunday": _from_easter(-7),
    "ash wednesday": _from_easter(-46),
    "pentecost|whit sunday|whitsunday": _from_easter(49),
    "whit monday": _from_easter(50),
    "trinity sunday": _from_easter(56),
    "shrove tuesday|mardi gras|pancake day": _from_easter(-47),
    "boss day|bosses day": lambda year: _nearest_weekday(date(year, 10, 16)),
    "earth day": _fixed(4, 22),
}
HOLIDAY_NAMES = {name: rule for names, rule in HOLIDAYS.items() for name in names.split("|")}


def _nearest_weekday(day: date) -> date:
    """Move a Saturday back to Friday and a Sunday on to Monday."""
    return day - timedelta(days=1) if day.weekday() == 5 else \
        day + timedelta(days=1) if day.weekday() == 6 else day

