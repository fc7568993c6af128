"""Dates people type ("fri", "tomorrow 5pm", "dec 3"), read in the member's own time zone."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import dateparser
import phonenumbers
from phonenumbers import timezone as number_zones

from store.models import Member

DEFAULT_ZONE = "UTC"
# Spellings texters use that dateparser does not know.
_SPELLINGS = {"tmrw": "tomorrow", "tmr": "tomorrow", "tomorow": "tomorrow", "2moro": "tomorrow",
              "tonite": "tonight", "thur": "thursday", "thurs": "thursday", "tues": "tuesday"}
_TONIGHT = re.compile(r"\btonight\b")
# Without one of these the text names a day, not a moment: "due fri" is due by the end of Friday.
_HAS_TIME = re.compile(
    r"[0-9](?::[0-9]{2})?\s*(?:am|pm|a\.m\.|p\.m\.)|[0-9]{1,2}:[0-9]{2}|\b(?:noon|midnight|"
    r"tonight|hours?|hrs?|minutes?|mins?|seconds?|secs?)\b"
)
# Words that count from now; without one, "dec 3" or "thursday" may mean today.
_RELATIVE = re.compile(
    r"\b(?:now|today|tomorrow|yesterday|next|this|in|ago|days?|weeks?|months?)\b")
_ORDINAL = re.compile(r"(?:the\s+)?([0-9]{1,2})(?:st|nd|rd|th)?")  # "the 5th", "due 5"
# dateparser reads a bare "9" as September: far-off answers need a month or a year typed.
_MONTH_OR_YEAR = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b|[0-9]{4}|[0-9]{1,2}[/-][0-9]")
FAR_OFF = timedelta(days=62)
_SETTINGS = {"PREFER_DATES_FROM": "future", "RETURN_AS_TIMEZONE_AWARE": True}


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


def read_when(text: str, member: Member, now: datetime) -> tuple[datetime, bool] | None:
    """Read `text` as a moment in the member's zone; return (UTC, whether a time was given).

    `now` is naive UTC, like every stored time. None when the text is not a date.
    """
    zone = zone_of(member)
    words = " ".join(_SPELLINGS.get(w, w) for w in text.lower().replace(",", " ").split())
    words = _TONIGHT.sub("today 8pm", words)
    has_time = _HAS_TIME.search(words) is not None
    base = now.replace(tzinfo=ZoneInfo("UTC")).astimezone(zone).replace(tzinfo=None)
    if not has_time and not _RELATIVE.search(words):
        # dateparser's "future" skips today: "due dec 3" on December 3 would mean next year.
        base -= timedelta(days=1)
    settings = {**_SETTINGS, "TIMEZONE": zone.key, "TO_TIMEZONE": "UTC", "RELATIVE_BASE": base}
    if ordinal := _ORDINAL.fullmatch(words):
        found = _day_of_month(int(ordinal.group(1)), base + timedelta(days=1), zone)
    else:
        try:
            found = dateparser.parse(words, languages=["en"], settings=settings)
        except (ValueError, OverflowError):
            return None
    if found is None:
        return None
    if found - now.replace(tzinfo=ZoneInfo("UTC")) > FAR_OFF and not _MONTH_OR_YEAR.search(words):
        return None
    if not has_time:  # a day alone means by the end of that day, where the member lives
        local_day = found.astimezone(zone).replace(hour=23, minute=59, second=0, microsecond=0)
        found = local_day
    return found.astimezone(ZoneInfo("UTC")).replace(tzinfo=None), has_time


def _day_of_month(day: int, today: datetime, zone: ZoneInfo) -> datetime | None:
    """Return the next `day` of a month, today included ("the 5th"); None if never valid."""
    year, month = today.year, today.month
    for _ in range(13):
        if day >= today.day or (year, month) != (today.year, today.month):
            try:
                return datetime(year, month, day, tzinfo=zone)
            except ValueError:
                pass
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return None


def has_passed(moment: datetime, now: datetime) -> bool:
    """Tell whether a due moment is already over (a minute's grace for "in 1 min")."""
    return moment < now - timedelta(minutes=1)


def show_when(moment: datetime, has_time: bool, member: Member) -> str:
    """Show a stored UTC moment as the member reads it: "Fri Nov 27" or "Fri Nov 27 5:30pm"."""
    local = moment.replace(tzinfo=ZoneInfo("UTC")).astimezone(zone_of(member))
    day = f"{local:%a %b} {local.day}"
    if not has_time:
        return day
    hour = local.hour % 12 or 12
    minutes = f":{local.minute:02d}" if local.minute else ""
    return f"{day} {hour}{minutes}{'am' if local.hour < 12 else 'pm'}"
