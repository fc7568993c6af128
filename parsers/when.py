"""Time words in a longer text: split `task ... due <when>` into a text and a time, and tell
whether the words left once a time is out still name another moment."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from parsers import times
from parsers.repeat_words import bad_clock
from parsers.times.spanish import plain, vocabulary

_DAYS = (
    "monday tuesday wednesday thursday friday saturday sunday "
    "mon tue tues wed thu thur thurs fri sat sun"
)
_MONTHS = (
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec"
)
_RELATIVE = (
    "today tonight tomorrow tmrw tmr tomorow yesterday now morning afternoon evening night noon "
    "midnight am pm a.m. p.m. hour hours hr hrs min mins minute minutes day days week weeks "
    "month months sec secs second seconds"
)
# Words that only join time words; a time never ends on one ("tomorrow in the park").
_CONNECTORS = frozenset({"at", "on", "in", "next", "this", "a", "an", "by"})
_TIME_WORDS = frozenset((_DAYS + " " + _MONTHS + " " + _RELATIVE).split()) | _CONNECTORS
# Spanish words that only join time words: a time never ends on one ("para el viernes a").
_JOINING = frozenset("a al las la el de del en y por que para".split())
_SPANISH = vocabulary() - _JOINING
_TIME_NUMBER = re.compile(
    r"[0-9]{1,4}(?:[:.][0-9]{2})?(?:am|pm|a|p|h|hr|hrs|m|min|mins|d|w|st|nd|rd|th)?"
    r"|[0-9]{1,4}[/-][0-9]{1,2}(?:[/-][0-9]{1,4})?"
)
_SEPARATORS = ",;:-.!?"
_PROBE = datetime(2024, 1, 10, 12, 0, tzinfo=UTC)  # the handler reads it again at its moment
_DUE_GRAINS = frozenset({"second", "minute", "hour", "day"})
# "due" and Spanish "para": "tarea comprar pan para el viernes" ("para la fiesta" is no time).
_DUE = re.compile(r"(.*\S)\s+(?i:due|para)\s+(\S.*)", re.S)


def _is_time_word(token: str) -> bool:
    word = token.rstrip(_SEPARATORS).lower()
    return word in _TIME_WORDS or plain(word) in _SPANISH or \
        _TIME_NUMBER.fullmatch(word) is not None


def split_due(text: str) -> tuple[str, str | None]:
    """Split `text due <when>` at its last ` due ` that a time follows; return (text, when).

    The time is the longest run of words after "due" that the time reader reads as a day or a
    moment ("due friday at 5pm for the party": "friday at 5pm"; the rest stays in the task).
    "read the due diligence report" has no due date: the words after "due" are not a time.
    """
    m = _DUE.fullmatch(text)
    if m is None:
        return text, None
    words = m.group(2).split()
    if words[0].lower() in ("the", "el") and len(words) > 1:  # "due the 5th"
        words = words[1:]
    if not _is_time_word(words[0]):
        return text, None
    typed = m.group(2).split()
    for count in range(min(len(typed), times.spans.MAX_WORDS), 0, -1):
        if typed[count - 1].lower().strip(_SEPARATORS) in _CONNECTORS | _JOINING | {"the",
                                                                                   "for", "to"}:
            continue  # "due friday for the party": the time never ends on a joining word
        found = times.read(" ".join(typed[:count]), _PROBE)
        if found is not None and found.grain in _DUE_GRAINS:
            if bad_clock(" ".join(typed[count:count + 2])):  # "due fri 25pm": fri, at what?
                break
            body = " ".join([m.group(1).strip(), *typed[count:]])
            return body, " ".join(typed[:count]).rstrip(_SEPARATORS)
    return m.group(1).strip(), m.group(2).strip()  # a time word the handler can't read: it says so


# A day named in words that are left once the time is out ("meet at 5 in room 204 tomorrow"),
# and an hour range ("from 9 to 11", "de 9 a 11"): which moment is meant can't be told.
_DAY_LEFT = re.compile(r"\b(?:today|tonight|tomorrow|tmrw|tomorow|monday|tuesday|wednesday"
                       r"|thursday|friday|saturday|sunday|hoy|lunes|martes|mi[eé]rcoles|jueves"
                       r"|viernes|s[aá]bado|domingo)\b", re.IGNORECASE)
_RANGE = re.compile(r"\b(?:from|between|de|desde|entre)\s+\d{1,2}(?:[:.]\d\d)?\s*(?:am|pm)?"
                    r"\s*(?:to|till|until|and|-|a|y|hasta)\s*\d", re.IGNORECASE)


def hour_range(text: str) -> bool:
    """Tell whether `text` gives a range of hours ("from 9 to 11"), not one moment."""
    return _RANGE.search(text) is not None


def another_time(left: str, now: datetime) -> bool:
    """Tell whether the words `left` once a time is out name a day or a clock time of their own."""
    return _DAY_LEFT.search(left) is not None or \
        times.find(left, now, lambda reading: reading.has_time) is not None
