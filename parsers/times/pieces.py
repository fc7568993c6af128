"""The pieces a time text is made of, each read by one pattern: a day, a clock time, a span.

Patterns run over normalised text (parsers.times.normal): number words are digits, "the" is
gone, am/pm stand apart. A piece that needs "now" to mean anything carries a function of it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from parsers.times.lexicon import (
    FINER,
    HOLIDAY_NAMES,
    MONTHS,
    UNITS,
    WEEKDAYS,
    add,
    alternation,
    nth_weekday,
    truncate,
)


@dataclass(frozen=True)
class Piece:
    """One part of a time text.

    kind: "day" (value: now -> date), "dow" ((weekday, how)), "clock" ((hour, minute, half)),
    "bare" (an hour alone: a clock only beside a day), "pod" (part of day), "moment" and
    "coarse" (now -> (datetime, grain): complete alone), "zone" (hours from UTC).
    """

    kind: str
    value: object


M = rf"(?P<month>{alternation(MONTHS)})"
D = rf"(?P<dow>{alternation(WEEKDAYS)})"
ORD = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
ORDX = r"(?P<day>\d{1,2})(?:st|nd|rd|th)"
YEAR = r"(?P<year>\d{4}|'\d{2})"
UNIT = rf"(?:{alternation(UNITS)})"
AMOUNT = r"\d+(?:\.\d+)?|\d+/\d+|an?"
HALF = r"(?P<half>am|pm|a|p)"
_ZONES = {"gmt": 0, "utc": 0, "z": 0, "bst": 1, "cet": 1, "cest": 2, "ist": 5.5, "est": -5,
          "edt": -4, "cst": -6, "cdt": -5, "mst": -7, "mdt": -6, "pst": -8, "pdt": -7}
_THIS = {"this": 0, "current": 0, "next": 1, "coming": 1, "upcoming": 1, "following": 1,
         "last": -1, "previous": -1, "past": -1}


def _year(m: re.Match, now: datetime) -> int | None:
    raw = m.group("year") if "year" in m.re.groupindex else None
    if not raw:
        return None
    return 2000 + int(raw[1:]) if raw.startswith("'") else int(raw)


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

    value.dated = True  # a date with its month named: a number after it may be a year

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

    value.with_weekday = with_weekday
    return Piece("day", value)


def _numeric(m: re.Match, day_first: bool | None = None) -> Piece | None:
    """Read 2/15 or 15.2.2018: slashes month first where the zone is American, dots day first."""
    a, b = int(m.group("a")), int(m.group("b"))
    raw = m.group("y")
    year = None if raw is None else (int(raw) + (1900 if int(raw) > 50 else 2000)
                                     if len(raw) == 2 else int(raw))
    if not (1 <= a <= 31 and 1 <= b <= 31) or (a > 12 and b > 12):
        return None

    def value(now: datetime) -> date | None:
        first = day_first if day_first is not None else not _month_first(now)
        month, day = (b, a) if (first and b <= 12) or a > 12 else (a, b)
        return _next_date(month, day, year, now)

    return Piece("day", value)


def _month_first(now: datetime) -> bool:
    """Tell whether dates are written month first where `now`'s zone is (the US, Canada...)."""
    key = getattr(now.tzinfo, "key", "") or ""
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

    return Piece("coarse", value)


def _relative_day(m: re.Match) -> Piece:
    word = m.group(0)
    shift = {"today": 0, "tomorrow": 1, "yesterday": -1}.get(word)
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
            first = truncate(add(now, _THIS[rel.split()[-1]], "month"), "month").date()
            try:
                return first.replace(day=day)
            except ValueError:
                return None
        year, month = now.year, now.month
        for _ in range(13):
            try:
                found = date(year, month, day)
                if found >= now.date():
                    return found
            except ValueError:
                pass
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return None

    def with_weekday(now: datetime, weekday: int) -> date | None:
        """"Thu 15th": the first month from this one whose 15th is a Thursday."""
        if rel:
            return None
        year, month = now.year, now.month
        for _ in range(28):
            try:
                found = date(year, month, day)
                if found >= now.date() and found.weekday() == weekday:
                    return found
            except ValueError:
                pass
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return None

    value.with_weekday = with_weekday
    return Piece("day", value)


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
            shifted = add(now, _THIS[m.group("rel") or "this"], "month")
            month, year = shifted.month, shifted.year
        return nth_weekday(year, month, weekday, n)

    return Piece("day", value)


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
        value.day = lambda now: _step(now, steps).date()  # "in 3 days at 5pm"
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
    return Piece("moment", lambda now: (truncate(add(now, amount, unit), FINER[unit]),
                                        FINER[unit]))


def _weekdays_away(m: re.Match) -> Piece:
    count, weekday = int(m.group("amount")), WEEKDAYS[m.group("dow")]
    sign = -1 if m.group("dir") in ("ago", "back") else 1

    def value(now: datetime) -> date:
        step = (weekday - now.weekday()) % 7 if sign > 0 else (now.weekday() - weekday) % 7
        step = step or 7
        return now.date() + timedelta(days=sign * (step + 7 * (count - 1)))

    return Piece("day", value)


def _coarse(m: re.Match) -> Piece:
    grain, rel = m.group("grain"), _THIS[m.group("rel")]
    grain = UNITS.get(grain, grain)
    return Piece("coarse", lambda now: (truncate(add(now, rel, grain), grain), grain))


def _upcoming(m: re.Match) -> Piece | None:
    count, grain = int(m.group("amount")), UNITS[m.group("unit")]
    if grain not in ("day", "week", "month", "quarter", "year"):
        return None
    return Piece("coarse", lambda now: (truncate(add(now, count, grain), grain), grain))


def _quarter(m: re.Match) -> Piece | None:
    q = int(m.group("q"))
    if not 1 <= q <= 4:
        return None

    def value(now: datetime) -> tuple[datetime, str]:
        year = _year(m, now) or now.year
        return truncate(now.replace(year=year, month=3 * q - 2, day=1), "quarter"), "quarter"

    return Piece("coarse", value)


def _year_alone(m: re.Match) -> Piece | None:
    year = int(m.group("year"))
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
            return rule(now.year + _THIS[m.group("yrel")])
        this = rule(now.year)
        if rel in ("last", "previous", "past"):
            return this if this < now.date() else rule(now.year - 1)
        upcoming = this if this >= now.date() else rule(now.year + 1)
        if rel == "next" and this == now.date():
            upcoming = rule(now.year + 1)
        return upcoming

    return Piece("day", value)


def _now(m: re.Match) -> Piece:
    return Piece("moment", lambda now: (truncate(now, "second"), "second"))


def _clock24(m: re.Match) -> Piece | None:
    piece = _clock(m)
    return None if piece is None else Piece("clock", (*piece.value[:2], "24", *piece.value[3:]))


def _clock(m: re.Match, minute: int | None = None) -> Piece | None:
    found = m.groupdict()
    hour = int(found["hour"])
    minute = int(found["minute"]) if found.get("minute") else minute
    second = int(found["second"]) if found.get("second") else None
    half = (found.get("half") or "")[:1] or None
    padded = found["hour"].startswith("0") and len(found["hour"]) == 2
    if half and not 0 <= hour <= 12 or hour > 24 or (minute is not None and minute > 59):
        return None
    if half is None and (hour == 0 or hour > 12 or padded):
        half = "24"
    if hour == 24:
        hour, half = 0, "24"
    return Piece("clock", (hour, minute, half) + ((second,) if second is not None else ()))


def _words_clock(m: re.Match) -> Piece | None:
    before = m.group("rel") in ("to", "till", "til", "before", "of")
    minutes = {"quarter": 15, "half": 30}.get(m.group("count") or "", None)
    if minutes is None:
        minutes = int(m.group("count"))
    if not 0 < minutes < 60 or (before and m.group("count") == "half"):
        return None
    target = m.group("target")
    if target in ("noon", "midnight"):
        hour, half = (12, "p") if target == "noon" else (0, "24")
    else:
        hour, half = int(m.group("hour")), (m.group("half") or "")[:1] or None
        if hour > 23 or (half and hour > 12):
            return None
        if half is None and (hour == 0 or hour > 12):
            half = "24"
    if not before:
        return Piece("clock", (hour, minutes, half))
    if half == "24":
        return Piece("clock", ((hour - 1) % 24, 60 - minutes, "24"))
    if half is None:
        return Piece("clock", ((hour - 2) % 12 + 1, 60 - minutes, None))
    # "quarter to 12pm" is 11:45am: step back across noon with the hour on the 24-hour clock.
    full = (hour % 12 + (12 if half == "p" else 0) - 1) % 24
    return Piece("clock", (full, 60 - minutes, "24"))


def _named_clock(m: re.Match) -> Piece:
    return Piece("clock", (12, None, "p") if m.group("name") == "noon" else (0, None, "24"))


def _pod(m: re.Match) -> Piece:
    return Piece("pod", m.group("pod"))


def _zone(m: re.Match) -> Piece:
    return Piece("zone", _ZONES[m.group("zone")])


def _bare(m: re.Match) -> Piece | None:
    hour = int(m.group("hour"))
    return Piece("bare", hour) if 0 <= hour <= 23 else None


_REL = r"(?P<rel>this|current|next|coming|upcoming|following|last|previous|past)"
_ONE = re.compile(rf"(?P<amount>{AMOUNT}) (?:more )?(?P<and_half>and an? half )?(?P<unit>{UNIT})\b"
                  rf"(?P<half_after> and an? half)?")
_ONE_SPAN = rf"(?:{AMOUNT}) (?:more )?(?:and an? half )?(?:{UNIT})(?: and an? half)?"
_SPAN = rf"(?P<span>{_ONE_SPAN}(?:,? (?:and )?{_ONE_SPAN})*)"
_HOUR = r"(?P<hour>\d{1,2})"
_MIN = r"(?P<minute>\d{2})"
_HOLIDAY = rf"(?P<name>{alternation(HOLIDAY_NAMES)})( day)?"
_AFTER = (r"(?P<after>after next|next week|this week|of next week|of this week|last week"
          r"|of last week|from last week|week after next)")

PATTERNS: tuple[tuple[str, Callable[[re.Match], Piece | None]], ...] = (
    # days
    (rf"(?:this )?{M} {ORD}(?: of)?(?: {YEAR})?", _month_day),
    (rf"(?:this )?{ORD} (?:day )?(?:of )?{M}(?: {YEAR})?", _month_day),
    (rf"{ORD} ?/ ?{M}", _month_day),
    (rf"{M} ?/ ?{ORD}", _month_day),
    (r"(?P<a>\d{1,2}) ?[/-] ?(?P<b>\d{1,2})(?: ?[/-] ?(?P<y>\d{4}|\d{2}))?", _numeric),
    (r"(?P<a>\d{1,2})\.(?P<b>\d{1,2})(?:\.(?P<y>\d{4}|\d{2})|\.)?",
     lambda m: _numeric(m, day_first=True)),
    (r"(?P<end>eom|eoy|end of (?:this |current )?(?P<what>month|year))", lambda m: _end_of(m)),
    (r"(?P<y>\d{4})[-/.](?P<a>\d{1,2})[-/.](?P<b>\d{1,2})", _iso),
    (rf"(?P<b>\d{{1,2}})[-/ ](?P<m>{M})[-/ ](?P<y>\d{{4}}|\d{{2}})",
     lambda m: _numeric_month(m)),
    (r"today|tomorrow|yesterday|day after tomorrow|day before yesterday", _relative_day),
    (rf"(?:(?P<how>this past|this coming|this upcoming|this|next|last|coming|upcoming|previous"
     rf"|past|following) )?{D}(?: {_AFTER})?",
     _weekday),
    (rf"{ORD} (?:day )?of {_REL} month", _day_of_month),
    (rf"{ORD} (?:day )?of (?:(?P<the>the) )?(?P<rel2>next|following) month",
     lambda m: _day_of_month_next(m)),
    (ORDX, _day_of_month),
    (rf"on {ORD}", _day_of_month),
    (rf"(?P<n>\d(?:st|nd|rd|th)|last|second) {D} (?:of|in) (?:{M}(?: {YEAR})?|(?:{_REL} )?month)",
     _nth_weekday),
    (rf"(?P<amount>\d+) {D} (?P<dir>from now|hence|ago|back)", _weekdays_away),
    (rf"(?:(?P<rel>this|next|last|previous|past|coming|upcoming) )?{_HOLIDAY}"
     rf"(?: (?:{YEAR}|of (?P<yrel>this|next|last) year))?", _holiday),
    # spans from now
    (rf"(?:in|within|after)(?: about| around| another)? {_SPAN}", _span),
    (rf"{_SPAN} (?:from now|from right now|from today|later|hence|from this moment|after now)",
     _span),
    (rf"{_SPAN} (?:ago|back|before now|earlier)", lambda m: _span(m, -1)),
    (rf"{_SPAN} (?P<dir>after|from|before|prior to)", _offset),
    (rf"(?P<dir>[+-]) ?{_SPAN}", _offset),
    (r"day (?P<dir>after|before)", lambda m: Piece("offset", ([(1 if m["dir"] == "after" else -1,
                                                                "day")], False))),
    (r"in (?:about |around )?(?:an? )?(?P<part>half|quarter|3 quarters) (?:of )?(?:an? )?"
     r"(?P<unit>hour|minute|day)", _part_span),
    (r"(?:right |just )?now|atm|at moment|immediately|right away", _now),
    # weeks, months, quarters, years
    (rf"{_REL} (?P<grain>week|month|quarter|year)", _coarse),
    (rf"(?:upcoming|next) (?P<amount>\d+) (?P<unit>{UNIT})", _upcoming),
    (rf"(?P<amount>\d+) (?:upcoming|next) (?P<unit>{UNIT})", _upcoming),
    (rf"(?:in |during |for )?(?:{_REL} )?{M}(?: (?:of )?{YEAR})?", _month_year),
    (rf"(?P<mnum>\d{{1,2}})/{YEAR}", _month_year),
    (rf"{YEAR}[/-](?P<mnum>\d{{1,2}})", _month_year),
    (rf"(?:q(?P<q>\d)|(?P<q2>\d)(?:st|nd|rd|th) quarter)(?: (?:of )?{YEAR})?",
     lambda m: _quarter_any(m)),
    (rf"{YEAR} ?q(?P<q>\d)", _quarter),
    (r"(?:in |during )?(?P<year>19\d\d|20\d\d)(?: ad)?", _year_alone),
    # clock times
    (rf"{_HOUR}(?:[:.]?{_MIN}(?::(?P<second>\d{{2}}))?)? ?{HALF}", _clock),
    (rf"{_HOUR}:{_MIN}(?::(?P<second>\d{{2}}))?", _clock),
    (rf"(?:at|around|about|by) {_HOUR}\.{_MIN}", _clock),
    (rf"half {_HOUR}", lambda m: _clock(m, 30)),
    (rf"{_HOUR}h{_MIN}?", _clock24),
    (rf"at {_HOUR} h", _clock24),
    (rf"{_HOUR} oclock(?: ?{HALF})?", _clock),
    (r"(?:at|around|about|by) (?P<hour>[01]?\d|2[0-3])(?P<minute>[0-5]\d)", _clock),
    (r"(?P<hour>[01]\d|2[0-3])(?P<minute>[0-5]\d)", _clock),
    (rf"{_HOUR} {_MIN} ?{HALF}", _clock),
    (rf"at {_HOUR} {_MIN}", _clock),
    (rf"(?:an? )?(?P<count>quarter|half|\d{{1,2}})(?: minutes?)? "
     rf"(?P<rel>past|after|to|till|til|before|of) "
     rf"(?:(?P<target>noon|midnight)|{_HOUR}(?: ?{HALF})?(?: oclock)?)", _words_clock),
    (r"(?:12 )?(?P<name>noon|midnight)", _named_clock),
    (rf"(?:at|around|about|by|till|until) {_HOUR}(?: oclock)?", _clock),
    (_HOUR, _bare),
    # parts of the day, and zones
    (r"(?:in |this |early |late |at |during )(?P<pod>morning|afternoon|evening|night)s?"
     r"|(?P<pod2>tonight)", lambda m: Piece("pod", m.group("pod") or "tonight")),
    (r"(?P<pod>morning|afternoon|evening|night)s?", lambda m: Piece("pod", "bare " + m["pod"])),
    (rf"(?P<zone>{alternation(_ZONES)})", _zone),
)


def _end_of(m: re.Match) -> Piece:
    year_end = m.group("end") == "eoy" or m.group("what") == "year"

    def value(now: datetime) -> date:
        if year_end:
            return date(now.year, 12, 31)
        return (truncate(add(now, 1, "month"), "month") - timedelta(days=1)).date()

    return Piece("day", value)


def _numeric_month(m: re.Match) -> Piece | None:
    raw = m.group("y")
    year = int(raw) + (1900 if int(raw) > 50 else 2000) if len(raw) == 2 else int(raw)
    month, day = MONTHS[m.group("month")], int(m.group("b"))
    return Piece("day", lambda now: _next_date(month, day, year, now)) if day <= 31 else None


def _day_of_month_next(m: re.Match) -> Piece | None:
    day = int(m.group("day"))

    def value(now: datetime) -> date | None:
        first = truncate(add(now, 1, "month"), "month").date()
        try:
            return first.replace(day=day)
        except ValueError:
            return None

    return Piece("day", value) if 1 <= day <= 31 else None


def _quarter_any(m: re.Match) -> Piece | None:
    q = int(m.group("q") or m.group("q2"))
    if not 1 <= q <= 4:
        return None

    def value(now: datetime) -> tuple[datetime, str]:
        year = _year(m, now) or now.year
        return truncate(now.replace(year=year, month=3 * q - 2, day=1), "quarter"), "quarter"

    return Piece("coarse", value)


COMPILED = tuple((re.compile(rf"(?:{pattern})(?= |$)"), build) for pattern, build in PATTERNS)
# Words that only join pieces ("at 5pm on friday"); a text of nothing else is not a time.
CONNECTORS = frozenset("at on in of for by around about approximately approx exactly sharp "
                       "ish and".split())


def scan(text: str) -> list[Piece] | None:
    """Read normalised `text` as pieces and connectors, fewest pieces; None if it is not one."""
    best: dict[int, list[Piece] | None] = {len(text): []}

    def from_(pos: int) -> list[Piece] | None:
        while pos < len(text) and text[pos] == " ":
            pos += 1
        if pos in best:
            return best[pos]
        best[pos] = None  # nothing reads from here until something is found
        options: list[list[Piece]] = []
        for pattern, build in COMPILED:
            m = pattern.match(text, pos)
            if m and (piece := build(m)) is not None and (rest := from_(m.end())) is not None:
                options.append([piece, *rest])
        end = text.find(" ", pos)
        end = len(text) if end < 0 else end
        if text[pos:end] in CONNECTORS and (rest := from_(end)) is not None:
            options.append(rest)
        if options:
            best[pos] = min(options, key=len)
        return best[pos]

    found = from_(0)
    return found or None
