"""Argument forms for reminders, digests and quiet hours."""

from __future__ import annotations

import re

from parsers.command import Command
from parsers.handles import arg_tokens, handle_token, number_token
from parsers.when import is_time_text, split_leading_time

# `every <day>`: what a repeating reminder or a weekly digest may name.
DAY_WORDS = {
    "day": "day", "daily": "day",
    "mon": "mon", "monday": "mon", "tue": "tue", "tues": "tue", "tuesday": "tue",
    "wed": "wed", "wednesday": "wed", "thu": "thu", "thur": "thu", "thurs": "thu",
    "thursday": "thu", "fri": "fri", "friday": "fri", "sat": "sat", "saturday": "sat",
    "sun": "sun", "sunday": "sun",
}
# "22-7", "10pm-7am", "22 to 7": whole hours, as the quiet hours are kept.
_HOUR = r"([0-9]{1,2})(?::00)?\s*(am|pm|a|p)?"
_QUIET = re.compile(rf"{_HOUR}\s*(?:-|to)\s*{_HOUR}", re.IGNORECASE)
_USAGE_WORDS = 1  # a `remind` whose rest is this short and has no time asks how it works


def remind(rest: str) -> Command | None:
    """Parse `remind <@g or me> [every <day>] <when> [text]`."""
    words = rest.split(None, 1)
    if not words:
        return None
    target = "me" if words[0].lower() == "me" else handle_token(words[0])
    if target is None:
        return None
    after = words[1] if len(words) == 2 else ""
    parts = after.split(None, 2)
    if parts and parts[0].lower() == "every":
        day = DAY_WORDS.get(parts[1].lower().rstrip(",")) if len(parts) > 1 else None
        if day is None:
            return None
        when, text = split_leading_time(parts[2] if len(parts) == 3 else "")
        return Command("remind", target=target, when=f"every {day} {when}".strip(), text=text)
    when, text = split_leading_time(after)
    if when:
        return Command("remind", target=target, when=when, text=text)
    # "remind me later" asks how; "Remind me to call you" is a sentence to someone.
    return Command("usage", topic="remind") if len(after.split()) <= _USAGE_WORDS else None


def unremind(rest: str) -> Command | None:
    """Parse `unremind <n>`."""
    tokens = arg_tokens(rest)
    number = number_token(tokens[0]) if len(tokens) == 1 else None
    return None if number is None else Command("unremind", number=number)


def digest(rest: str) -> Command | None:
    """Parse `digest daily [time]`, `digest weekly [day] [time]` or `digest off`."""
    tokens = arg_tokens(rest.lower())
    if not tokens:
        return None
    if tokens == ["off"]:
        return Command("digest", text="off")
    how, more = tokens[0], tokens[1:]
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
    if when and not is_time_text(when):
        return None
    return Command("digest", text=day, when=when or None)


def quiet(rest: str) -> Command | None:
    """Parse `quiet 22-7` (hours in the member's zone) or `quiet off`."""
    text = rest.strip().rstrip(".!").strip().lower()
    if text == "off":
        return Command("quiet", text="off")
    m = _QUIET.fullmatch(text)
    if m is None:
        return None
    start, end = _hour(m.group(1), m.group(2)), _hour(m.group(3), m.group(4))
    if start is None or end is None or start == end:
        return None
    return Command("quiet", text=f"{start}-{end}")


def _hour(number: str, half: str | None) -> int | None:
    hour = int(number)
    if half is None:
        return hour % 24 if hour <= 24 else None
    if not 1 <= hour <= 12:
        return None
    return hour % 12 + (12 if half.lower().startswith("p") else 0)
