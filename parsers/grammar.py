"""The grammar: one text in, one Command out; anything that is not clearly a command is chat."""

from __future__ import annotations

import re

from parsers.command import Command
from parsers.commands import FORMS, HELP_WHEN_ALONE, KEYWORDS
from parsers.handles import lead_handle
from parsers.words import CARRIER, near_keywords

# Carriers ignore trailing punctuation on their keywords ("STOP!", "Help?").
_TRAILING = re.compile(r"[\s.!?,;:]+$")
_LONGEST_CARRIER_TEXT = 24
_HELP_TOPIC = re.compile(r"[a-z][a-z0-9_-]{0,19}")
# "help me" and "help please" ask for help in general, not about a command called "me".
_GENERAL_HELP = frozenset({"me", "please", "pls", "plz", "us"})
_ARGUMENT_START = frozenset("@#+(0123456789")
# After a keyword, a rest starting with one of these is arguments, never a sentence (SPEC 3).
_MISFIT_START = frozenset("@#0123456789")
_ARGUMENT_WORDS = frozenset({"me", "mine", "task", "sms", "email", "you"})
# Phones and mail clients pad texts with zero-width characters; they are trimmed like spaces.
_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
_TRIM = "".join(chr(c) for c in range(0x3001) if chr(c).isspace()) + _ZERO_WIDTH


def parse(text: str) -> Command:
    """Turn one inbound text into a Command; never raises."""
    stripped = text.strip(_TRIM)
    if not stripped:
        return Command("chat")
    if len(stripped) <= _LONGEST_CARRIER_TEXT:
        carrier = CARRIER.get(_TRAILING.sub("", stripped).lower())
        if carrier is not None:
            return Command(carrier)
    if not stripped.strip("?"):
        return Command("help")
    if stripped[0] == "@":
        found = lead_handle(stripped)
        if found is None:
            return Command("chat", text=stripped)
        return Command("post", target=found[0], text=found[1])
    parts = stripped.split(None, 1)
    rest = parts[1] if len(parts) == 2 else ""
    word = parts[0].lower()
    if not rest:
        word = word.rstrip(".!?,")
    if word in KEYWORDS:
        command = _command(word, rest)
        if command is not None:
            return command
        if not rest and word in HELP_WHEN_ALONE:
            return Command("help", topic=KEYWORDS[word])
        if _misfit(word, rest):  # arguments that don't fit: posting them would misfire
            return Command("usage", topic=KEYWORDS[word])
        return Command("chat", text=stripped)
    if rest and _argument_like(rest):
        for keyword in near_keywords(word):
            command = _command(keyword, rest)
            # "Thinks @bob is right" is a sentence; "thansk @bob for the ride" is a typo.
            sentence = command is not None and command.action == "thanks" and command.text \
                and not _THANKS_FOR.match(rest)
            if command is not None and not sentence:
                return Command("near_miss", suggestion=f"{keyword} {rest}")
    return Command("chat", text=stripped)


_THANKS_FOR = re.compile(r"\S+\s+for\s", re.IGNORECASE)


def _command(word: str, rest: str) -> Command | None:
    if word == "help" or word == "?":
        return _help(rest)
    return FORMS[word](rest)


def _help(rest: str) -> Command | None:
    words = rest.split()
    if not words:
        return Command("help")
    if len(words) > 1:
        return None
    raw = words[0].lower()
    topic = raw if raw in KEYWORDS else raw.rstrip(".!?,")
    if topic in KEYWORDS:
        return Command("help", topic=KEYWORDS[topic])
    if topic in _GENERAL_HELP:
        return Command("help")
    return Command("help", topic=topic) if _HELP_TOPIC.fullmatch(topic) else None


def _misfit(word: str, rest: str) -> bool:
    """Tell whether `rest` after the keyword `word` is shaped like arguments, not a sentence."""
    if word == "thank":  # "thank you @b" is `thanks @b` with a "you"
        words = rest.split(None, 1)
        if words and words[0].lower() == "you":
            rest = words[1] if len(words) == 2 else ""
    # A number typed "+1 415..." or "(415) ..." is arguments as surely as one typed "415...".
    return rest[:1] in _MISFIT_START or (rest[:1] in ("+", "(") and rest[1:2] in _MISFIT_START)


def _argument_like(rest: str) -> bool:
    # Near misses are only worth computing when what follows looks like a command's arguments.
    if rest[0] in _ARGUMENT_START:
        return True
    first = rest.split(None, 1)[0].lower()
    return first in _ARGUMENT_WORDS or first in KEYWORDS or "@" in first
