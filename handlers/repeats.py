"""Reminder times: reading `fri 5pm` or `every mon 9am` in the member's zone, and what comes next.

A repeating time is kept as a rule in the member's own clock ("mon 09:00"), so a reminder set
for 9am stays at 9am across a change to or from summer time.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from handlers import dates
from parsers.languages import current
from store.models import Member

DEFAULT_HOUR = 9  # a day named without a time ("remind me fri ...") means that morning
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
# What a rule's days may be besides a list of weekdays ("mon,wed").
DAY_SETS = {"day": WEEKDAYS, "weekday": WEEKDAYS[:5], "weekend": WEEKDAYS[5:]}
UTC = ZoneInfo("UTC")


def read_once(text: str, member: Member, now: datetime) -> datetime | None:
    """Read a one-off reminder time; return it as naive UTC, or None when it is not a time.

    A day alone means DEFAULT_HOUR that day; a week, month or year is not a reminder time.
    """
    found = dates.read(text, member, now)
    if found is None or found.grain not in dates.DUE_GRAINS:
        return None
    moment = found.moment
    if not found.has_time:
        moment = moment.replace(hour=DEFAULT_HOUR, minute=0)
    return dates.to_stored(moment)


def read_every(days: str, clock: str, member: Member, now: datetime) -> str | None:
    """Turn `every <days> <clock>` into a rule ("mon,wed 09:00"); None when unreadable.

    The clock is read as on any day but today, so `every mon at 10` is 10am, as an
    appointment would be.
    """
    if not all(day in WEEKDAYS for day in days.split(",")) and days not in DAY_SETS:
        return None
    at = time(DEFAULT_HOUR)
    if clock:
        found = dates.read(f"tomorrow {clock}", member, now)
        if found is None or not found.has_time:
            return None
        at = found.moment.time()
    return f"{days} {at:%H:%M}"


def next_time(rule: str, member: Member, after: datetime) -> datetime:
    """Return the first moment of `rule` strictly after `after` (both naive UTC)."""
    days, clock = rule.split()
    names = DAY_SETS.get(days) or tuple(days.split(","))
    hour, minute = (int(part) for part in clock.split(":"))
    local = to_local(after, member)
    for ahead in range(8):
        date = local.date() + timedelta(days=ahead)
        if WEEKDAYS[date.weekday()] not in names:
            continue
        moment = to_utc(datetime.combine(date, time(hour, minute)), member)
        if moment > after:
            return moment
    raise AssertionError(f"no next time for {rule!r}")


def to_local(moment: datetime, member: Member) -> datetime:
    """Return a naive UTC moment as a naive time on the member's clock."""
    return moment.replace(tzinfo=UTC).astimezone(dates.zone_of(member)).replace(tzinfo=None)


def to_utc(local: datetime, member: Member) -> datetime:
    """Return a naive time on the member's clock as naive UTC."""
    return local.replace(tzinfo=dates.zone_of(member)).astimezone(UTC).replace(tzinfo=None)


def show_rule(rule: str) -> str:
    """Show a rule as replies do: "every weekday 9:00am", "every mon and wed 6:30pm"."""
    days, clock = rule.split()
    hour, minute = (int(part) for part in clock.split(":"))
    if current() == "es":
        return f"{_spanish_days(days)} {dates.show_clock(hour, minute)}"
    return f"every {' and '.join(days.split(','))} {dates.show_clock(hour, minute)}"


_SPANISH_SETS = {"day": "a diario", "weekday": "entre semana", "weekend": "los fines de semana"}


def _spanish_days(days: str) -> str:
    """Say a rule's days in Spanish: "a diario", "cada lun y mié"."""
    if days in _SPANISH_SETS:
        return _SPANISH_SETS[days]
    names = [dates.SPANISH_WEEKDAYS[WEEKDAYS.index(day)] for day in days.split(",")]
    return "cada " + " y ".join(names)
