"""Times people type ("fri", "tonight at 11", "dec 3"), read and shown in the member's own zone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import phonenumbers
from phonenumbers import timezone as number_zones

from parsers import times
from parsers.languages import current
from store.models import Member

DEFAULT_ZONE = "UTC"
DUE_GRAINS = frozenset({"second", "minute", "hour", "day"})  # a due date is a day or a moment


def zone_of(member: Member) -> ZoneInfo:
    """Return the member's time zone: the one they set, else the one their number suggests."""
    for name in (member.tz, guess_zone(member.phone)):
        try:
            return ZoneInfo(name or "")
        except (ZoneInfoNotFoundError, ValueError):
            continue
    return ZoneInfo(DEFAULT_ZONE)


def guess_zone(phone: str | None) -> str | None:
    """Guess a time zone from a phone number with phonenumbers' data; None when it can't tell."""
    try:
        zones = number_zones.time_zones_for_number(phonenumbers.parse(phone or ""))
    except phonenumbers.NumberParseException:
        return None
    known = [z for z in zones if z != number_zones.UNKNOWN_TIMEZONE]
    # A UK mobile could be in London, Jersey or the Isle of Man: the same clock, so any will do.
    # A US number with no area code could be anywhere from New York to Hawaii: no guess.
    now = datetime.now(ZoneInfo("UTC"))
    if len({now.astimezone(ZoneInfo(z)).utcoffset() for z in known}) != 1:
        return None
    return known[0]


def local_now(member: Member, now: datetime) -> datetime:
    """Return the stored naive-UTC `now` as an aware time on the member's clock."""
    return now.replace(tzinfo=UTC).astimezone(zone_of(member))


def read(text: str, member: Member, now: datetime) -> times.Reading | None:
    """Read `text` as a moment in the member's zone with the one time reader (parsers.times)."""
    return times.read(text, local_now(member, now))


def read_when(text: str, member: Member, now: datetime) -> tuple[datetime, bool] | None:
    """Read a due date in the member's zone; return (naive UTC, whether a time was given).

    A day alone means by the end of that day where the member lives. A week, month or year is
    not a due date. `now` is naive UTC, like every stored time; None when the text is not one.
    """
    found = read(text, member, now)
    if found is None or found.grain not in DUE_GRAINS:
        return None
    moment = found.moment
    if not found.has_time:
        moment = moment.replace(hour=23, minute=59)
    return to_stored(moment), found.has_time


def to_stored(moment: datetime) -> datetime:
    """Return an aware moment as stored: naive UTC."""
    return moment.astimezone(UTC).replace(tzinfo=None)


def has_passed(moment: datetime, now: datetime) -> bool:
    """Tell whether a due moment is already over (a minute's grace for "in 1 min")."""
    return moment < now - timedelta(minutes=1)


# Short names as Spanish writes them, in GSM-7 (no á: "sab"), so a reply stays in 160 letters.
SPANISH_WEEKDAYS = ("lun", "mar", "mié", "jue", "vie", "sab", "dom")
SPANISH_MONTHS = ("ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov",
                  "dic")


def weekday_name(moment: datetime) -> str:
    """Return the short weekday name in the language being spoken: "Mon", "lun"."""
    return SPANISH_WEEKDAYS[moment.weekday()] if current() == "es" else f"{moment:%a}"


def month_day(moment: datetime) -> str:
    """Return the month and day in the language being spoken: "Dec 7", "7 dic"."""
    if current() == "es":
        return f"{moment.day} {SPANISH_MONTHS[moment.month - 1]}"
    return f"{moment:%b} {moment.day}"


def show_when(moment: datetime, has_time: bool, member: Member,
              now: datetime | None = None) -> str:
    """Show a stored UTC moment as every reply does: "Mon Dec 7, 5:00pm" or "Mon Dec 7";
    in Spanish "lun 7 dic, 17:00".

    The one formatter for times in replies, in the reader's zone; the year shows when `now`
    (naive UTC) is given and the moment falls in another year.
    """
    local = moment.replace(tzinfo=UTC).astimezone(zone_of(member))
    day = f"{weekday_name(local)} {month_day(local)}"
    if now is not None and local.year != local_now(member, now).year:
        day = f"{day} {local.year}"
    if not has_time:
        return day
    return f"{day}, {show_clock(local.hour, local.minute)}"


def show_hour(hour: int) -> str:
    """Show a whole hour as replies do: "10pm", "12am"; in Spanish "22:00", "0:00"."""
    if current() == "es":
        return show_clock(hour, 0)
    return f"{hour % 12 or 12}{'am' if hour < 12 else 'pm'}"


def show_clock(hour: int, minute: int) -> str:
    """Show a time of day as replies do: "5:00pm", "12:30am"; in Spanish "17:00", "0:30"."""
    if current() == "es":
        return f"{hour}:{minute:02d}"
    return f"{hour % 12 or 12}:{minute:02d}{'am' if hour < 12 else 'pm'}"
