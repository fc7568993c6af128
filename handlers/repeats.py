"""Reminder times: reading `fri 5pm` or `every mon 9am` in the member's zone, and what comes next.

A repeating time is kept as a rule in the member's own clock ("mon 09:00"), so a reminder set
for 9am stays at 9am across a change to or from summer time.
"""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from handlers import dates
from store.models import Member

DEFAULT_HOUR = 9  # a day named without a time ("remind me fri ...") means that morning
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
# "tmrw 9": a bare hour after a day; dateparser would read the 9 as September.
_BARE_HOUR = re.compile(r"^(.*\S)\s+([0-9]{1,2})$")
UTC = ZoneInfo("UTC")


def read_once(text: str, member: Member, now: datetime) -> datetime | None:
    """Read a one-off reminder time; return it as naive UTC, or None when it is not a time."""
    found = dates.read_when(_with_hour(text), member, now)
    if found is None:
        return None
    moment, has_time = found
    if has_time:
        return moment
    local = to_local(moment, member)  # a day alone: that day's morning
    return to_utc(datetime.combine(local.date(), time(DEFAULT_HOUR)), member)


def read_every(day: str, clock: str, member: Member, now: datetime) -> str | None:
    """Turn `every <day> <clock>` into a rule ("mon 09:00"); None when the time is unreadable."""
    at = time(DEFAULT_HOUR)
    if clock:
        found = dates.read_when(f"today {_with_hour(clock)}", member, now)
        if found is None or not found[1]:
            return None
        at = to_local(found[0], member).time()
    return f"{day} {at:%H:%M}"


def next_time(rule: str, member: Member, after: datetime) -> datetime:
    """Return the first moment of `rule` strictly after `after` (both naive UTC)."""
    day, clock = rule.split()
    hour, minute = (int(part) for part in clock.split(":"))
    local = to_local(after, member)
    for ahead in range(8):
        date = local.date() + timedelta(days=ahead)
        if day != "day" and WEEKDAYS[date.weekday()] != day:
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
    """Show a rule as typed: "every mon 9am", "every day 8:30am"."""
    day, clock = rule.split()
    hour, minute = (int(part) for part in clock.split(":"))
    shown = f"{hour % 12 or 12}{f':{minute:02d}' if minute else ''}{'am' if hour < 12 else 'pm'}"
    return f"every {day} {shown}"


def _with_hour(text: str) -> str:
    m = _BARE_HOUR.match(text.strip())
    if m and int(m.group(2)) <= 23 and not m.group(1).lower().endswith(("in", "at")):
        return f"{m.group(1)} {m.group(2)}:00"
    return text
