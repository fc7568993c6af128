"""Put a text's pieces together into one moment, or say it is none."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta, timezone
from typing import Any

from parsers.times.days import day_of_month
from parsers.times.lexicon import GRAINS, add, at
from parsers.times.piece import Piece

CLOCK_UNITS = ("second", "minute", "hour")
# A part of the day named without a clock time means this hour of it.
POD_HOURS = {"morning": 9, "afternoon": 15, "evening": 18, "night": 20, "tonight": 20}
# A bare hour on another day ("tomorrow at 5") is read as people keep appointments: 7 to 11 in
# the morning, 12 to 6 in the afternoon or evening.
_MORNING_HOURS = range(7, 12)


def resolve(pieces: list[Piece], now: datetime) -> tuple[datetime, str] | None:
    """Return (moment, grain) for `pieces` read at `now`, or None when they don't make one."""
    kinds = Counter(piece.kind for piece in pieces)
    if not pieces or any(count > 1 for count in kinds.values()):
        return None
    by = {piece.kind: piece.value for piece in pieces}
    if "offset" in by:
        return _offset(by["offset"], [p for p in pieces if p.kind != "offset"], now)
    zone = now.tzinfo
    if "zone" in by:
        if len(pieces) == 1:
            return None
        now = now.astimezone(timezone(timedelta(hours=by.pop("zone"))))
        pieces = [p for p in pieces if p.kind != "zone"]
    found = _moment(by, pieces, now)
    if found is None:
        return None
    grain = "minute" if zone is not now.tzinfo and found[1] == "hour" else found[1]
    return found[0].astimezone(zone), grain


def _offset(offset: tuple, rest: list[Piece], now: datetime) -> tuple[datetime, str] | None:
    """Step from the moment the other pieces name ("3 days after christmas", "+10 days")."""
    steps, alone = offset
    if rest:
        found = resolve(rest, now)
        if found is None or found[1] not in GRAINS[:4]:
            return None  # from a week or a month: which day of it?
        base, grain = found
        if grain == "day" and steps[-1][1] in CLOCK_UNITS:
            return None  # "2 hours after tomorrow": from which hour?
        if steps[0][1] == "year":
            return None  # "a year from christmas": from the last one, or the coming one?
    elif alone:  # "+15 minutes": from now
        base, grain = now, "second"
    else:
        return None
    moment = base
    for amount, unit in steps:
        moment = add(moment, amount, unit)
    finest = min(GRAINS.index(grain), GRAINS.index(steps[-1][1]))
    return moment, GRAINS[finest]


def _moment(by: dict, pieces: list[Piece], now: datetime) -> tuple[datetime, str] | None:
    if "moment" in by and len(pieces) == 2:
        other = next(piece for piece in pieces if piece.kind != "moment")
        in_year = getattr(other.value, "in_year", None)
        if in_year is not None:  # "thanksgiving in 9 months": the thanksgiving of that year
            found = in_year(by["moment"](now)[0].year)
            grain = "day" if other.kind == "day" else "month"
            return (at(found, 0, 0, now), grain) if found is not None else None
    if "moment" in by and len(pieces) > 1 and hasattr(by["moment"], "day") \
            and not set(by) - {"moment", "clock", "bare", "pod", "dow"}:
        by = {**by, "day": by["moment"].day}  # "in 3 days at 5pm": that day, at 5pm
        del by["moment"]
    if "moment" in by or "coarse" in by:
        return (by.get("moment") or by["coarse"])(now) if len(pieces) == 1 else None
    day = by["day"](now) if "day" in by else None
    if "day" in by and day is None:
        return None
    if "dow" in by and day is not None and day.weekday() != by["dow"][0]:
        # "Fri, Jul 18" is the next Jul 18 on a Friday; "Mon, February 19" with a year named
        # two different days: refuse rather than guess.
        with_weekday = getattr(by["day"], "with_weekday", None)
        day = with_weekday(now, by["dow"][0]) if with_weekday and by["dow"][1] == "" else None
        if day is None:
            return None
    pod = by.get("pod")
    if pod and pod.startswith("bare "):  # "morning" alone is no moment; "friday morning" is
        if "day" not in by and "dow" not in by and "clock" not in by and "bare" not in by:
            return None
        pod = pod[5:]
    if pod == "tonight" and "day" not in by and "dow" not in by:
        day = now.date()
    if "bare" in by and by["bare"] >= 10 and getattr(by.get("day"), "dated", False):
        return None  # "14th April 15": 3pm, or 2015? Refuse rather than guess.
    if "bare" in by and "dow" in by and "day" not in by and by["bare"] >= 13:
        # "friday 15" is Friday the 15th: on the 24-hour clock it would be "friday 15:00".
        day = day_of_month(by["bare"], now, by["dow"][0])
        if day is None:
            return None
        by = {kind: value for kind, value in by.items() if kind != "bare"}
    if by.get("bare", 0) > 23:
        return None
    clock: Any = by.get("clock")  # (hour, minute, half) and maybe a second
    if "bare" in by:
        if clock is not None or ("day" not in by and "dow" not in by and pod is None):
            return None
        clock = (by["bare"], None, "24" if by["bare"] == 0 or by["bare"] > 12 else None)
    if "dow" in by and day is None and not _weekday_days(by["dow"], now):
        return None
    if clock is None and pod is None:
        if "dow" in by and day is None:
            day = _weekday_days(by["dow"], now)[0]
        return (at(day, 0, 0, now), "day") if day is not None else None
    if clock is None and pod is not None:
        hour = POD_HOURS[pod]
        clock = (hour, None, "24")
    hours = _hours(clock, pod)
    if hours is None:
        return None
    minute = clock[1] or 0
    grain = "second" if len(clock) > 3 else "minute" if clock[1] is not None else "hour"
    if day is None and "dow" not in by:
        seconds = timedelta(seconds=clock[3] if len(clock) > 3 else 0)
        return _next_clock(hours, minute, now - seconds) + seconds, grain
    if day is None:  # so "dow" in by: "tuesday at 5" is 5pm on a Tuesday to come
        moments = [at(d, h % 24, minute, now) + timedelta(days=h // 24) for d in
                   _weekday_days(by["dow"], now) for h in _kept(hours, d, minute, now)]
        future = [m for m in moments if m > now] or moments
        return min(future), grain
    hour = _kept(hours, day, minute, now)[0]
    seconds = timedelta(days=hour // 24, seconds=clock[3] if len(clock) > 3 else 0)
    return at(day, hour % 24, minute, now) + seconds, grain


def _hours(clock: tuple, pod: str | None) -> list[int] | None:
    """Return the hours a clock time may mean (two when am/pm is left open), on a 0-24+ scale."""
    hour, _, half = clock[:3]
    if half == "24":
        if pod in ("afternoon", "evening", "night", "tonight") and 1 <= hour < 12:
            return [hour + 12]
        return [hour]
    if half in ("a", "p"):
        return [hour % 12 + (12 if half == "p" else 0)]
    if pod == "morning":
        return [hour % 12]
    if pod in ("afternoon", "evening", "night", "tonight"):
        if hour == 12:
            return [24] if pod != "afternoon" else [12]
        if pod in ("tonight", "evening") and hour < 5:
            return None  # "tonight at 2": 2am, or a slip for 2pm? Refuse rather than guess.
        return [hour + 12] if hour >= 5 or pod != "night" else [hour + 24]
    return [hour % 12, hour % 12 + 12] if hour != 12 else [12, 24]


def _kept(hours: list[int], day: date, minute: int, now: datetime) -> list[int]:
    """Return the hour a clock time means on `day`, when am/pm is left open: on another day, as
    people keep appointments (7 to 11 in the morning, 12 to 6 in the afternoon); today, the
    first still ahead."""
    if len(hours) == 1:
        return hours
    if day != now.date():
        return [hours[0] if hours[0] in _MORNING_HOURS or hours[0] == 12 else hours[1]]
    return [h for h in hours
            if at(day, h % 24, minute, now) + timedelta(days=h // 24) > now][:1] or [hours[0]]


def _next_clock(hours: list[int], minute: int, now: datetime) -> datetime:
    """Return the first of the clock times after `now`: today if still ahead, else tomorrow."""
    candidates = [at(now.date(), h % 24, minute, now) + timedelta(days=h // 24 + extra)
                  for extra in (0, 1) for h in hours]
    return min(c for c in candidates if c > now)


def _weekday_days(how: tuple[int, str], now: datetime) -> list[date]:
    """Return the days a weekday names, in order of preference (the first is for a day alone)."""
    weekday, word = how
    today = now.date()
    monday = today - timedelta(days=today.weekday())
    ahead = (weekday - today.weekday()) % 7
    if word == "upcoming":  # the nearest one still to come, never today ("el próximo viernes")
        return [today + timedelta(days=ahead or 7)]
    if word in ("", "this", "coming", "this coming", "this upcoming"):
        # Today's own name alone means a week from today; with a clock time still ahead, today.
        return [today + timedelta(days=ahead)] if ahead else [today + timedelta(days=7), today]
    if word in ("next", "next week", "of next week", "following", "following week"):
        return [monday + timedelta(days=7 + weekday)]
    if word == "after next":
        return [today + timedelta(days=(ahead or 7) + 7)]
    if word in ("this week",):
        return [monday + timedelta(days=weekday)]
    if word in ("last week",):
        return [monday + timedelta(days=weekday - 7)]
    if word == "week after next":
        return [monday + timedelta(days=14 + weekday)]
    back = (today.weekday() - weekday) % 7 or 7
    if word in ("last", "previous") and today - timedelta(days=back) >= monday:
        # On a Wednesday, "last monday" is two days ago to some and nine to others.
        return []
    return [today - timedelta(days=back)]  # "this past", and "last" when both readings agree
