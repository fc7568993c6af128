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
