"""Clock times, parts of the day and time zones."""

from __future__ import annotations

import re

from parsers.times.piece import Piece

_ZONES = {"gmt": 0, "utc": 0, "z": 0, "bst": 1, "cet": 1, "cest": 2, "ist": 5.5, "est": -5,
          "edt": -4, "cst": -6, "cdt": -5, "mst": -7, "mdt": -6, "pst": -8, "pdt": -7}


def _clock24(m: re.Match, minute: int | None = None) -> Piece | None:
    piece = _clock(m, minute)
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
    half: str | None
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


def _zone(m: re.Match) -> Piece:
    return Piece("zone", _ZONES[m.group("zone")])


def _bare(m: re.Match) -> Piece | None:
    hour = int(m.group("hour"))
    return Piece("bare", hour) if 0 <= hour <= 31 else None  # 24-31: a day, beside a weekday
