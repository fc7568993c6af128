"""Days, weeks, months and years: the pieces that name a day or a longer stretch."""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, timedelta
from functools import cache
from importlib import resources
from pathlib import Path

from parsers.times.holidays import HOLIDAY_NAMES
from parsers.times.lexicon import MONTHS, UNITS, WEEKDAYS, add, at, nth_weekday, truncate
from parsers.times.piece import THIS, Piece


def _year(m: re.Match, now: datetime | None) -> int | None:
    found = m.groupdict()
    raw = found.get("year") or found.get("year2")
    if not raw and not found.get("yy"):
        return None
    if raw and not raw.startswith("'"):
        return int(raw)
    short = int(found.get("yy") or (raw or "")[1:])
    return short + (1900 if short > 50 else 2000)  # '87 is 1987, '27 is 2027


def _next_date(month: int, day: int, year: int | None, now: datetime) -> date | None:
    """Return month/day in `year`, else its next coming (today included); None if never."""
    if year is not None:
        try:
            return date(year, month, day)
        except ValueError:
            return None
    for ahead in range(9):  # a 29th of February comes within eight years
        try:
            found = date(now.year + ahead, month, day)
        except ValueError:
            continue
        if found >= now.date():
            return found
    return None


def _month_day(m: re.Match) -> Piece | None:
    month, day = MONTHS[m.group("month")], int(m.group("day"))
    if not 1 <= day <= 31:
        return None

    def value(now: datetime) -> date | None:
        return _next_date(month, day, _year(m, now), now)

    setattr(value, "dated", True)  # a date with its month named: a number after it may be a year

    def with_weekday(now: datetime, weekday: int) -> date | None:
        """"Fri, Jul 18": the first coming July 18 (this year's or next) that is a Friday."""
        if _year(m, now) is not None:
            return None
        for year in range(now.year, now.year + 2):  # further off, it is a slip: refuse
            try:
                found = date(year, month, day)
            except ValueError:
                continue
            if found >= now.date() and found.weekday() == weekday:
                return found
        return None

    setattr(value, "with_weekday", with_weekday)
    return Piece("day", value)


def _numeric(m: re.Match, day_first: bool | None = None) -> Piece | None:
    """Read 2/15 or 15.2.2018: slashes month first where the zone is American, dots day first."""
    a, b = int(m.group("a")), int(m.group("b"))
    raw = m.group("y")
    year = None if raw is None else (int(raw) + (1900 if int(raw) > 50 else 2000)
                                     if len(raw) == 2 else int(raw))
    if not (1 <= a <= 31 and 1 <= b <= 31) or (a > 12 and b > 12):
        return None
    if year is None and m.groupdict().get("sep") == "-":
        return None  # "1-2" is a range, a score or a count more often than a date
    if year is None and day_first and not m.groupdict().get("dot") and a <= 12:
        return None  # "5.12": the 5th of December, May 12th, or a price? "5.12." says which

    def value(now: datetime) -> date | None:
        first = day_first if day_first is not None else not _month_first(now)
        month, day = (b, a) if (first and b <= 12) or a > 12 else (a, b)
        return _next_date(month, day, year, now)

    return Piece("day", value)


# Where dates are written month first: the US and its territories, Canada, the Philippines and
# the Pacific states that follow the US. Mexico and the rest of the Americas write the day first.
_MONTH_FIRST_COUNTRIES = frozenset({"US", "CA", "PR", "VI", "GU", "AS", "MP", "UM", "PH", "FM",
                                    "MH", "PW"})


@cache
def _countries() -> dict[str, str]:
    """Map each zone to its country, from the tz database's zone.tab (empty if none is found)."""
    try:
        table = resources.files("tzdata").joinpath("zoneinfo", "zone.tab").read_text()
    except (ModuleNotFoundError, FileNotFoundError):
        path = Path("/usr/share/zoneinfo/zone.tab")
        table = path.read_text() if path.exists() else ""
    rows = (line.split("\t") for line in table.splitlines() if line and line[0] != "#")
    return {row[2]: row[0] for row in rows if len(row) >= 3}


def _month_first(now: datetime) -> bool:
    """Tell whether dates are written month first where `now`'s zone is (the US, Canada...)."""
    key = getattr(now.tzinfo, "key", "") or ""
    country = _countries().get(key)
    if country is not None:
        return country in _MONTH_FIRST_COUNTRIES
    return not key or key.startswith(("America/", "US/", "Canada/", "Etc/", "Pacific/Honolulu",
                                      "UTC", "GMT"))


def _iso(m: re.Match) -> Piece | None:
    y, mo, d = (int(m.group(k)) for k in ("y", "a", "b"))
    try:
        found = date(y, mo, d)
    except ValueError:
        return None
    return Piece("day", lambda now: found)


def _month_year(m: re.Match) -> Piece | None:
    found = m.groupdict()
    month = MONTHS[found["month"]] if found.get("month") else int(found["mnum"])
    if not 1 <= month <= 12:
        return None

    def value(now: datetime) -> tuple[datetime, str]:
        year = _year(m, now)
        if year is None:
            year = now.year + (1 if month < now.month else 0)
            if found.get("rel") in ("this", "current"):  # "this september": this year's
                year = now.year
            elif found.get("rel") in ("next", "following", "coming", "upcoming"):
                year = now.year + (1 if month <= now.month else 0)
            elif found.get("rel") in ("last", "previous", "past"):
                year = now.year - (1 if month >= now.month else 0)
        return truncate(now.replace(year=year, month=month, day=1), "month"), "month"

    if not (found.get("rel") or _year(m, None)):
        setattr(value, "in_year", lambda year: date(year, month, 1))  # "march in a year"
    return Piece("coarse", value)


def _relative_day(m: re.Match) -> Piece:
    word = m.group(0)
    shift = {"today": 0, "tomorrow": 1, "next day": 1, "yesterday": -1}.get(word)
    if shift is None:
        shift = 2 if "after" in word else -2
    return Piece("day", lambda now: now.date() + timedelta(days=shift))


def _weekday(m: re.Match) -> Piece:
    how = m.group("how") or m.group("after") or ""
    return Piece("dow", (WEEKDAYS[m.group("dow")], how.replace("of ", "").replace("from ", "")))


def _day_of_month(m: re.Match) -> Piece | None:
    day = int(m.group("day"))
    if not 1 <= day <= 31:
        return None
    rel = m.groupdict().get("rel")

    def value(now: datetime) -> date | None:
        if rel:
            first = truncate(add(now, THIS[rel.split()[-1]], "month"), "month").date()
            try:
                return first.replace(day=day)
            except ValueError:
                return None
        return day_of_month(day, now)

    def with_weekday(now: datetime, weekday: int) -> date | None:
        return None if rel else day_of_month(day, now, weekday)

    setattr(value, "with_weekday", with_weekday)
    return Piece("day", value)


def day_of_month(day: int, now: datetime, weekday: int | None = None) -> date | None:
    """Return the coming `day` of a month, today included ("Thu 15th": the coming 15th that is
    a Thursday, within 28 months); None when there is none."""
    year, month = now.year, now.month
    for _ in range(28 if weekday is not None else 13):
        try:
            found = date(year, month, day)
            if found >= now.date() and weekday in (None, found.weekday()):
                return found
        except ValueError:
            pass
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return None


def _nth_weekday(m: re.Match) -> Piece | None:
    word = m.group("n")
    n = -1 if word == "last" else 2 if word == "second" else int(re.sub(r"\D", "", word))
    if not 1 <= abs(n) <= 5:
        return None
    weekday = WEEKDAYS[m.group("dow")]

    def value(now: datetime) -> date | None:
        if m.group("month"):
            month, year = MONTHS[m.group("month")], _year(m, now)
            if year is None:
                year = now.year + (1 if month < now.month else 0)
        else:
            shifted = add(now, THIS[m.group("rel") or "this"], "month")
            month, year = shifted.month, shifted.year
        return nth_weekday(year, month, weekday, n)

    return Piece("day", value)


def _weekdays_away(m: re.Match) -> Piece:
    count, weekday = int(m.group("amount")), WEEKDAYS[m.group("dow")]
    sign = -1 if m.group("dir") in ("ago", "back") else 1

    def value(now: datetime) -> date:
        step = (weekday - now.weekday()) % 7 if sign > 0 else (now.weekday() - weekday) % 7
        step = step or 7
        return now.date() + timedelta(days=sign * (step + 7 * (count - 1)))

    return Piece("day", value)


def _end_of(m: re.Match) -> Piece:
    """Read "the end of the month" (its last day), "eoy", "end of next week" (its Friday)."""
    found = m.groupdict()
    what = found["what"] or found["what2"] or {"eom": "month", "eoy": "year", "eow": "week"}[
        found["end"]]
    ahead = 1 if found.get("next") else 0

    def value(now: datetime) -> date:
        today = now.date()
        if what == "week":  # a working week's: its Friday; on a weekend, its Sunday
            monday = today - timedelta(days=today.weekday())
            return monday + timedelta(days=7 * ahead + (4 if today.weekday() < 5 or ahead else 6))
        if what == "year":
            return date(now.year + ahead, 12, 31)
        return (truncate(add(now, 1 + ahead, "month"), "month") - timedelta(days=1)).date()

    return Piece("day", value)


def _month_end(m: re.Match) -> Piece:
    """Read "the last day of october" (2015): the coming one, or that year's."""
    month = MONTHS[m.group("month")]

    def value(now: datetime) -> date:
        year = _year(m, now) or now.year + (1 if month < now.month else 0)
        return date(year, month, calendar.monthrange(year, month)[1])

    return Piece("day", value)


def _weekend(m: re.Match) -> Piece:
    """Read "this weekend" as its Saturday (today, on a Sunday); "next weekend" is next week's."""
    rel = m.group("rel")

    def value(now: datetime) -> date:
        today = now.date()
        monday = today - timedelta(days=today.weekday())
        if rel == "next":
            return monday + timedelta(days=12)
        if rel == "last":
            return monday - timedelta(days=2)
        if today.weekday() == 6 and rel not in ("coming", "upcoming"):
            return today
        return today + timedelta(days=(5 - today.weekday()) % 7 or 7 * (today.weekday() != 5))

    return Piece("day", value)


def _numeric_month(m: re.Match) -> Piece | None:
    raw = m.group("y")
    year = int(raw) + (1900 if int(raw) > 50 else 2000) if len(raw) == 2 else int(raw)
    month, day = MONTHS[m.group("month")], int(m.group("b"))
    return Piece("day", lambda now: _next_date(month, day, year, now)) if day <= 31 else None


def _iso_week(m: re.Match) -> Piece | None:
    """Read "week 10" (of this year, or one named) and "the 1st/last week of 2027": ISO weeks."""
    found = m.groupdict()
    n = found.get("week") or found["n"]  # every pattern of _iso_week has one of them
    from_end = " last week" in m.group(0)  # "the 3rd last week of 2018"

    def value(now: datetime) -> tuple[datetime, str] | None:
        year = _year(m, now) or now.year + THIS.get(found.get("rel") or "this", 0)
        last = date(year, 12, 28).isocalendar().week  # the 28th of December is in the last week
        week = last if n == "last" else int(re.sub(r"\D", "", n))
        week = last + 1 - week if from_end else week
        if not 1 <= week <= last:
            return None
        monday = date.fromisocalendar(year, week, 1)
        return truncate(now.replace(year=monday.year, month=monday.month, day=monday.day),
                        "week"), "week"

    return Piece("coarse", value)


def _month_week(m: re.Match) -> Piece | None:
    """Read "the first week of october", "the 2nd last week of october 2018": of the weeks
    (Monday to Sunday) wholly in that month."""
    month, n = MONTHS[m.group("month")], m.group("n")
    count = int(re.sub(r"\D", "", n)) if n else 1
    if not n and not m.group("last"):
        return None  # "week of october": which one?

    def value(now: datetime) -> tuple[datetime, str] | None:
        year = _year(m, now) or now.year + (1 if month < now.month else 0)
        first = date(year, month, 1)
        monday = first + timedelta(days=-first.weekday() % 7)
        mondays = []
        while monday + timedelta(days=6) <= date(year, month, calendar.monthrange(year, month)[1]):
            mondays.append(monday)
            monday += timedelta(days=7)
        index = -count if m.group("last") else count - 1
        if not -len(mondays) <= index < len(mondays):
            return None
        found = mondays[index]
        return at(found, 0, 0, now), "week"

    return Piece("coarse", value)


def _coarse(m: re.Match) -> Piece:
    # 2: "week after next"
    grain, rel = m.group("grain"), THIS.get(m.groupdict().get("rel") or "", 2)
    grain = UNITS.get(grain, grain)
    return Piece("coarse", lambda now: (truncate(add(now, rel, grain), grain), grain))


def _upcoming(m: re.Match) -> Piece | None:
    count, grain = int(m.group("amount")), UNITS[m.group("unit")]
    if grain not in ("day", "week", "month", "quarter", "year"):
        return None
    return Piece("coarse", lambda now: (truncate(add(now, count, grain), grain), grain))


def _quarter(m: re.Match) -> Piece | None:
    """Q2, 2027 q2, the second quarter (of 2027): its first day."""
    q = int(m.groupdict().get("q") or m.group("q2"))
    if not 1 <= q <= 4:
        return None

    def value(now: datetime) -> tuple[datetime, str]:
        year = _year(m, now) or now.year
        return truncate(now.replace(year=year, month=3 * q - 2, day=1), "quarter"), "quarter"

    return Piece("coarse", value)


def _year_alone(m: re.Match) -> Piece | None:
    year = int(m.group("year") or m.group("year2"))
    if not 1000 <= year <= 2999:
        return None
    return Piece("coarse", lambda now: (truncate(now.replace(year=year, month=1, day=1),
                                                 "year"), "year"))


def _holiday(m: re.Match) -> Piece:
    rule, rel = HOLIDAY_NAMES[m.group("name")], m.group("rel")

    def value(now: datetime) -> date | None:
        year = _year(m, now)
        if year is not None:
            return rule(year)
        if m.group("yrel"):
            return rule(now.year + THIS[m.group("yrel")])
        this = rule(now.year)
        if rel in ("last", "previous", "past"):
            return this if this < now.date() else rule(now.year - 1)
        upcoming = this if this >= now.date() else rule(now.year + 1)
        if rel == "next" and this == now.date():
            upcoming = rule(now.year + 1)
        return upcoming

    if not (rel or m.group("yrel") or _year(m, None)):
        setattr(value, "in_year", rule)  # "thanksgiving in 9 months": the one of that year
    return Piece("day", value)
