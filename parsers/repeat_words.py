"""Words that ask for a repeat, and clocks no day has, so that neither is misread as one moment.

A repeat reminders can't keep ("every other monday", "every month", "cada dos semanas") or a
day misspelt after "every" ("every tuesdy") would otherwise leave its day or time to be read as
one moment, and the repeat dropped into the words to send: a one-off, set for the wrong time.
An event is one moment, so any repeat in it is asked about. A clock no day has ("25pm", "9:75")
would leave the time to a default hour the same way.
"""

from __future__ import annotations

import difflib
import re

from parsers.times.spanish import plain

_PERIOD = (r"(?:day|week|month|year|fortnight|hour|minute|quarter|weekend|weekday|morning"
           r"|evening|night|mon|tue|wed|thu|fri|sat|sun)[a-z]*")
_EVERY = r"\b(?:every|each)\s+"
_CADA = r"\b(?:cada|tod[oa]s\s+l[oa]s)\s+"
_ODD = re.compile(
    # every other monday, every 2 weeks, every third day, every 15th, every couple of days
    rf"{_EVERY}(?:(?:other|second|third|fourth|alternate|few|couple(?:\s+of)?|two|three|four"
    rf"|\d+(?:st|nd|rd|th)?)\s+{_PERIOD}|\d+(?:st|nd|rd|th)\b)"
    # every month, every year, every hour; "every week on mondays" reads as every monday
    r"|\b(?:every|each)\s+(?:week(?!\s+on\b)|month|year|fortnight|hour|minute|quarter)s?\b"
    rf"|{_CADA}(?:otr[oa]s?|dos|tres|cuatro|\d+)\s+\w+"
    rf"|{_CADA}(?:mes|meses|semana|semanas|a[nñ]o|a[nñ]os|hora|horas|quincena|minuto)\b",
    re.IGNORECASE)
_NEXT_WORD = re.compile(rf"(?:{_EVERY}|\bcada\s+)(?P<word>[^\W\d_]+)", re.IGNORECASE)
_DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
              "lunes", "martes", "miercoles", "jueves", "viernes", "sabado", "domingo")
_KNOWN = frozenset({*_DAY_NAMES, "day", "days", "weekday", "weekdays", "weekend", "weekends",
                    "dia", "dias", "semana", "fin", "fines", "manana", "mananas", "tarde",
                    "tardes", "noche", "noches"})
# Repeats a reminder keeps: "every monday", "on fridays", "every morning", "cada lunes", "todos
# los días", "los sábados". ("weekly meeting" names an event, and is no repeat.)
_REPEAT = re.compile(
    rf"{_EVERY}(?:day|weekday|weekend|morning|afternoon|evening|night|(?:mon|tues|wednes|thurs"
    r"|fri|satur|sun)day|mon|tue|tues|wed|weds|thu|thur|thurs|fri|sat|sun)s?\b|\bon\s+(?:mon|tues|wednes|thurs|fri|satur|sun)days\b"
    r"|\b(?:cada|tod[oa]s\s+l[oa]s)\s+(?:d[ií]as?|lunes|martes|mi[eé]rcoles|jueves|viernes"
    r"|s[aá]bados?|domingos?|ma[nñ]anas?|tardes?|noches?)\b"
    r"|\blos\s+(?:lunes|martes|mi[eé]rcoles|jueves|viernes|s[aá]bados|domingos)\b",
    re.IGNORECASE)
# A clock no day has: an hour past 12 with am/pm, or minutes past 59.
_BAD_CLOCK = re.compile(
    r"\b(?:1[3-9]|[2-9]\d)\s*(?:am|pm|a\.m\.|p\.m\.)(?!\w)"
    r"|\b\d{1,2}:[6-9]\d\b",
    re.IGNORECASE)
SHOWN = 20  # letters of the phrase a reply quotes


def odd_repeat(text: str) -> str | None:
    """Return the words of a repeat no reminder can keep, if `text` asks for one."""
    found = _ODD.search(text)
    if found is not None:
        return _shown(found.group(0))
    for match in _NEXT_WORD.finditer(text):
        word = plain(match.group("word").lower())
        if word in _KNOWN or word.rstrip("s") in _KNOWN or _short_day(word.rstrip("s")):
            continue
        if word.endswith(("day", "dy")) or difflib.get_close_matches(word, _DAY_NAMES, 1, 0.75):
            return _shown(match.group(0).strip())
    return None


def repeat_words(text: str) -> str | None:
    """Return the words of any repeat `text` asks for: one reminders keep, or one they don't."""
    found = _REPEAT.search(text)
    return _shown(found.group(0)) if found is not None else odd_repeat(text)


def bad_clock(text: str) -> bool:
    """Tell whether `text` holds a clock time no day has ("25pm", "9:75")."""
    return _BAD_CLOCK.search(text) is not None


def _short_day(word: str) -> bool:
    """Tell whether `word` is a day cut short: "thurs", "weds" (as "wed"), "mier"."""
    return len(word) >= 3 and any(name.startswith(word) for name in _DAY_NAMES)


def _shown(words: str) -> str:
    words = " ".join(words.split())
    return words if len(words) <= SHOWN else words[:SHOWN - 3].rstrip() + "..."
