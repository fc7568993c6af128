"""Argument forms for reminders, digests and quiet hours."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from parsers import times
from parsers.command import Command
from parsers.handles import arg_tokens, handle_token, number_token
from parsers.repeat_words import bad_clock, odd_repeat
from parsers.times.spanish import plain

# `every <day>`: what a repeating reminder or a weekly digest may name.
DAY_WORDS = {
    "day": "day", "daily": "day",
    "mon": "mon", "monday": "mon", "tue": "tue", "tues": "tue", "tuesday": "tue",
    "wed": "wed", "wednesday": "wed", "thu": "thu", "thur": "thu", "thurs": "thu",
    "thursday": "thu", "fri": "fri", "friday": "fri", "sat": "sat", "saturday": "sat",
    "sun": "sun", "sunday": "sun",
}
# Days a repeating reminder may name beyond DAY_WORDS, and the hour a part of a day means.
_REPEAT_DAYS = {"weekday": "weekday", "weekdays": "weekday", "weekend": "weekend",
                "weekends": "weekend", "morning": "day", "mornings": "day", "evening": "day",
                "evenings": "day", "night": "day", "nights": "day", "afternoon": "day",
                "afternoons": "day"}
_PART_HOURS = {"morning": "9am", "afternoon": "3pm", "evening": "6pm", "night": "8pm",
               "manana": "9am", "tarde": "3pm", "noche": "8pm"}
# The part of a day in the words the time reader takes before a clock: "night at 10" is 10pm.
_PART_WORDS = {"manana": "morning", "tarde": "afternoon", "noche": "night"}
_PARTS = r"(?:morning|afternoon|evening|night)s?"
_WEEK_PLURALS = r"(?:mon|tues|wednes|thurs|fri|satur|sun)days|weekdays|weekends"
_DAY = "|".join(sorted((*DAY_WORDS, *(w.rstrip("s") for w in _REPEAT_DAYS)), key=len,
                       reverse=True))
_EVERY = re.compile(
    # "mon-fri", "every monday to friday": tried first, before "every mon" alone
    r"(?:\b(?:every|each|on)\s+)?\b(?P<workdays>mon(?:day)?\s*(?:-|to|thru|through)\s*"
    r"fri(?:day)?)\b|"
    rf"\b(?:(?:every|each)(?:\s+week\s+on)?|weekly\s+on|on)\s+"
    rf"(?P<days>(?:{_DAY})s?(?:\s*(?:,|and|&|\+)\s*(?:{_DAY})s?)*)\b"
    rf"(?:\s+{_PARTS}\b)?\.?"  # "every sunday night"
    rf"|^(?P<plural>{_WEEK_PLURALS})\b(?:\s+{_PARTS}\b)?"  # "fridays 5pm", said first
    r"|\b(?P<daily>daily|everyday|nightly)\b", re.IGNORECASE)
# "remind the team", "remind everyone", "remind us": the group the sender is talking in.
CURRENT_GROUP = "*"
_TEAM_WORDS = ("the team", "the group", "the crew", "everyone", "everybody", "us", "all",
               "the gang", "team", "y'all", "yall")
# A fixed moment to tell whether words are a time at all; the handler reads them again at
# the sender's own moment and in their zone.
_PROBE = datetime(2024, 1, 10, 12, 0, tzinfo=UTC)
_CLOCK_OR_DAY = frozenset({"second", "minute", "hour", "day"})
_LEAD = re.compile(r"^(?:to|about|that|re|que|de|:|-|,)\s+|^[:,-]\s*", re.IGNORECASE)
# "22-7", "10pm-7am", "22 to 7": whole hours, as the quiet hours are kept.
_HOUR = r"([0-9]{1,2})(?::00)?\s*(am|pm|a|p)?"
_QUIET = re.compile(rf"{_HOUR}\s*(?:-|to)\s*{_HOUR}", re.IGNORECASE)
_USAGE_WORDS = 1  # a `remind` whose rest is this short and has no time asks how it works


def remind(rest: str) -> Command | None:
    """Parse a reminder as people say it; what can't be read is answered, never posted.

    `remind me|@g|the team [to|about] <what> <when>`, `remind me <when> [to] <what>`, the time
    anywhere, and `every day|weekday|weekend|<day>[s] [and <day>]` for a repeating one.
    """
    if not rest.strip():
        return None  # `remind` alone asks for its help
    target, after = _target(rest.strip())
    if target is None:  # "remind @t ...", "remind #x ...": arguments that don't fit
        misfit = rest.strip()[:1] in ("@", "#") or rest.strip()[:1].isdigit()
        return Command("usage", topic="remind") if misfit else \
            Command("remind_unread", text=rest.strip())
    return _reminder(rest, target, after)


def recuerdame(rest: str) -> Command | None:
    """Parse `recuérdame [a mí] <what> <when>`: a reminder to oneself, the time anywhere.

    "a mí" says again who is reminded; "a mi" without its accent may begin "a mi mamá" (to my
    mother), so it is left in what to say unless a comma follows it.
    """
    after = rest.strip()
    if after.lower().startswith(("a mí ", "a mí,", "a mi,")):
        after = after[4:].lstrip(" ,")
    return _reminder(rest, "me", after) if after else None


def remindme(rest: str) -> Command | None:
    """Parse `remindme <what> <when>`: "remind me" typed as one word."""
    return _reminder(rest, "me", rest.strip()) if rest.strip() else None


def recuerdanos(rest: str) -> Command | None:
    """Parse `recuérdanos <what> <when>`: a reminder to the group the sender talks in."""
    return _reminder(rest, CURRENT_GROUP, rest.strip()) if rest.strip() else None


def recordar(rest: str) -> Command | None:
    """Parse `recordar @g|a todos|al equipo|me <what> <when>`.

    Without whom to remind, or without a time that reads, it is a sentence to the group
    ("recordar que mañana hay reunión", "recordar a todos que traigan comida") and stays chat.
    """
    found = _recordar(rest)
    return None if found is None or found.action == "remind_unread" else found


def _recordar(rest: str) -> Command | None:
    lower = rest.strip().lower()
    for words in _ES_TEAM_WORDS:
        if lower.startswith((words + " ", words + ",")):
            return _reminder(rest, CURRENT_GROUP, rest.strip()[len(words):].lstrip(" ,:"))
    if lower.startswith(("me ", "me, ", "a mí ", "a mí, ", "a mi ", "a mi, ")):
        return _reminder(rest, "me", rest.strip().split(None, 2 if lower[0] == "a" else 1)[-1])
    first = rest.split(None, 1)
    if first and first[0].lower() == "a" and len(first) == 2:  # "recordar a @equipo ..."
        first = first[1].split(None, 1)
    handle = handle_token(first[0].rstrip(",:")) if first else None
    if handle is None:
        return None
    return _reminder(rest, handle, first[1] if len(first) == 2 else "")


# Who `recordar` reminds when it is the group the sender talks in.
_ES_TEAM_WORDS = ("a todo el equipo", "a todo el grupo", "a todos", "a todas", "al equipo",
                  "al grupo", "a la gente")


def _reminder(rest: str, target: str, after: str) -> Command:
    """Read a reminder's time and what to say, once who is reminded is known."""
    odd = odd_repeat(after)
    if odd is not None:  # "every other monday": asked about, not set as one Monday
        return Command("remind_unread", text=rest.strip(), when=odd)
    every = _EVERY.search(after) or _EVERY_ES.search(after)
    if every is not None and (days := _days(every)) is not None:
        text = f"{after[:every.start()]} {after[every.end():]}"
        part = _part_of_day(every.group(0))
        span = times.find(text, _PROBE, _clock_only)
        clock = part or ""
        if span is not None:  # "every night at 10": 10pm, read as "tomorrow night at 10" is
            clock = f"{_part_word(every.group(0))} {span.when}" if part else span.when
        what = _what(span.rest(text) if span else text)
        if bad_clock(what):  # "every monday at 25pm": not left to the default hour
            return Command("remind_unread", text=rest.strip())
        return Command("remind", target=target, when=f"every {days} {clock}".strip(), text=what)
    span = times.find(after, _PROBE, _clock_or_day)
    if span is not None and not bad_clock(span.rest(after)):
        return Command("remind", target=target, when=span.when, text=_what(span.rest(after)))
    if len(after.split()) <= _USAGE_WORDS:  # "remind me later", "remind @team"
        return Command("usage", topic="remind")
    return Command("remind_unread", text=rest.strip())


def _target(rest: str) -> tuple[str | None, str]:
    """Split off who is reminded: "me", a @group, or the current group ("the team")."""
    lower = rest.lower()
    for words in ("me", *_TEAM_WORDS):
        if lower == words or lower.startswith((words + " ", words + ",", words + ":")):
            return ("me" if words == "me" else CURRENT_GROUP), rest[len(words):].lstrip(" ,:")
    first = rest.split(None, 1)
    handle = handle_token(first[0].rstrip(",:")) if first else None
    if handle is None:
        return None, rest
    return handle, first[1] if len(first) == 2 else ""


def _days(every: re.Match) -> str | None:
    """Return the days of an `every` as a rule keeps them: "day", "weekday", "mon,wed"."""
    if every.re is _EVERY_ES:
        return _dias(every)
    if every.group("daily"):
        return "day"
    if every.group("workdays"):  # "mon-fri"
        return "weekday"
    said = every.group("plural") or every.group("days")
    words = re.split(r"\s*(?:,|and|&|\+)\s*|\s+", said.lower())
    days = []
    for word in filter(None, words):
        day = DAY_WORDS.get(word) or DAY_WORDS.get(word.rstrip("s")) or \
            _REPEAT_DAYS.get(word) or _REPEAT_DAYS.get(word + "s")
        if day is None:
            return None
        if day not in days:
            days.append(day)
    if every.group(0).lower().startswith("on ") and not all(d in DAY_WORDS.values() or
                                                            d in ("weekday", "weekend")
                                                            for d in days):
        return None
    if len(days) > 1 and any(d in ("day", "weekday", "weekend") for d in days):
        return None
    if every.group(0).lower().startswith("on ") and not every.group("days").lower().endswith("s"):
        return None  # "on monday" is one Monday; "on mondays" repeats
    return ",".join(days)


def _part_of_day(words: str) -> str | None:
    """Return the hour a repeat's part of the day means alone: "every night" is 8pm."""
    word = _part_word(words)
    return _PART_HOURS[word] if word else None


def _part_word(words: str) -> str | None:
    """Return the part of the day a repeat names, in English: "todas las noches" -> "night"."""
    for part in _PART_HOURS:
        if part in plain(words.lower()):
            return _PART_WORDS.get(part, part)
    return None


# Spanish repeats: "cada lunes", "todos los días", "los martes y jueves", "cada mañana",
# "entre semana", "los fines de semana"; accents optional.
_ES_DAYS = {"lunes": "mon", "martes": "tue", "miercoles": "wed", "jueves": "thu",
            "viernes": "fri", "sabado": "sat", "domingo": "sun", "dia": "day", "manana": "day",
            "tarde": "day", "noche": "day"}
_ES_DAY = r"(?:lunes|martes|mi[eé]rcoles|jueves|viernes|s[aá]bados?|domingos?|d[ií]as?" \
          r"|ma[nñ]anas?|tardes?|noches?)"
_EVERY_ES = re.compile(
    rf"\b(?:cada|tod[oa]s l[oa]s|los|las)\s+(?P<days>{_ES_DAY}(?:\s*(?:,|y|e)\s*(?:los\s+)?"
    rf"{_ES_DAY})*)(?!\w)(?:\s+(?:por|en|de)\s+la\s+(?:ma[nñ]ana|tarde|noche)\b)?"
    r"|\b(?P<weekday>entre semana|de lunes a viernes|d[ií]as laborables)\b"
    r"|\b(?:los|cada) (?P<weekend>fines? de semana)\b"
    r"|(?P<daily>\ba diario\b|\bdiariamente\b|^diario\b)",
    re.IGNORECASE)


def _dias(every: re.Match) -> str | None:
    """Return the days of a Spanish repeat as a rule keeps them."""
    for name in ("weekday", "weekend"):
        if every.group(name):
            return name
    if every.group("daily"):
        return "day"
    days = []
    for word in re.split(r"\s*(?:,|\by\b|\be\b|\blos\b)\s*|\s+", every.group("days").lower()):
        word = plain(word)
        day = _ES_DAYS.get(word) or _ES_DAYS.get(word[:-1]) if word else None
        if not word:
            continue
        if day is None:
            return None
        if day not in days:
            days.append(day)
    if len(days) > 1 and "day" in days:
        return None
    opened = every.group(0).split(None, 1)[0].lower()
    if opened in ("los", "las") and days == ["day"]:
        return None  # "los días" alone is no repeat; "todos los días" is
    return ",".join(days)


def _is_clock(text: str) -> bool:
    """Tell whether `text` is a time of day alone ("8am", "18:30"), as a digest's time is."""
    found = times.read(f"tomorrow {text}", _PROBE)  # a clock time goes with any day
    return found is not None and found.has_time


def _clock_only(reading: times.Reading) -> bool:
    return reading.grain in ("second", "minute", "hour")


def _clock_or_day(reading: times.Reading) -> bool:
    return reading.grain in _CLOCK_OR_DAY


_LOOSE_END = re.compile(r"\s+([!?.]+)$")


def _what(text: str) -> str:
    """Tidy what is left once the time is out: "to lock up" -> "lock up"."""
    text = " ".join(text.split()).strip(" ,;-")
    while (tidied := _LEAD.sub("", text)) != text:
        text = tidied
    # The time came out from before a last "!": "call mom at 5!" -> "call mom!", not "mom !".
    return _LOOSE_END.sub(r"\1", text.rstrip(" ,;-").strip())


def unremind(rest: str) -> Command | None:
    """Parse `unremind [@group] <n>`."""
    tokens = arg_tokens(rest)
    target = handle_token(tokens[0]) if len(tokens) == 2 else None
    if target is not None:
        tokens = tokens[1:]
    number = number_token(tokens[0]) if len(tokens) == 1 else None
    return None if number is None else Command("unremind", target=target, number=number)


def reminders(rest: str) -> Command | None:
    """Parse `reminders [@group]`."""
    tokens = arg_tokens(rest)
    if not tokens:
        return Command("reminders")
    target = handle_token(tokens[0]) if len(tokens) == 1 else None
    return None if target is None else Command("reminders", target=target)


def digest(rest: str) -> Command | None:
    """Parse `digest daily [time]`, `digest weekly [day] [time]` or `digest off`."""
    tokens = arg_tokens(rest.lower())
    if not tokens:
        return None
    if tokens == ["off"]:
        return Command("digest", text="off")
    how, more = tokens[0], tokens[1:]
    day: str | None
    if how in ("daily", "day"):
        day = "day"
    elif how in ("weekly", "week"):
        day = DAY_WORDS.get(more[0]) if more else "mon"
        if more and day is not None:
            more = more[1:]
        if day in (None, "day"):
            return None
    else:
        return None
    when = " ".join(more)
    if when and not _is_clock(when):
        return None
    return Command("digest", text=day, when=when or None)


def quiet(rest: str) -> Command | None:
    """Parse `quiet 22-7` (hours in the member's zone) or `quiet off`.

    A start without am/pm that comes after its end is read on the 12-hour clock as the
    evening: `quiet 10-6` is 10pm to 6am. A window that runs forward (`1-6`, `9am-5pm`,
    `13-17`), says its own half (`10pm-7am`) or is on the 24-hour clock (`22-7`, `10-0`) is
    kept as typed.
    """
    text = rest.strip().rstrip(".!").strip().lower()
    if text == "off":
        return Command("quiet", text="off")
    m = _QUIET.fullmatch(text)
    if m is None:
        return None
    start, end = _hour(m.group(1), m.group(2)), _hour(m.group(3), m.group(4))
    if start is None or end is None:
        return None
    twelve_hour = m.group(2) is None and 1 <= int(m.group(1)) <= 12 and int(m.group(3)) % 24 != 0
    if twelve_hour and start > end:
        start = (start + 12) % 24  # "10-6" is the night, 10pm to 6am; "12-6" from midnight
    if start == end:
        return None
    return Command("quiet", text=f"{start}-{end}")


def _hour(number: str, half: str | None) -> int | None:
    hour = int(number)
    if half is None:
        return hour % 24 if hour <= 24 else None
    if not 1 <= hour <= 12:
        return None
    return hour % 12 + (12 if half.lower().startswith("p") else 0)
