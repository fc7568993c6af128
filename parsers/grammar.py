"""The grammar: one text in, one Command out; anything that is not clearly a command is chat."""

from __future__ import annotations

import re
import unicodedata

from parsers.command import Command
from parsers.commands import FORMS, HELP_WHEN_ALONE, KEYWORDS, LABELLED_FORMS
from parsers.handles import lead_handle
from parsers.languages import speaking
from parsers.question_forms import answer
from parsers.search_forms import find_is_chat
from parsers.words import PHRASES, SPOKEN, asks_to_stop, carrier_action, near_keywords, slip

# Decorated carrier words ("STOP 🛑", "«stop»") are still short.
_LONGEST_CARRIER_TEXT = 40
_LONGEST_ANSWER = 20  # "yes 12", "3 #1234", "Maybe!!"
_HELP_TOPIC = re.compile(r"[a-z][a-z0-9_-]{0,19}")
# "help me" and "help please" ask for help in general, not about a command called "me".
_GENERAL_HELP = frozenset({"me", "please", "pls", "plz", "us", "xfa", "porfa", "plis", "pf"})
_ARGUMENT_START = frozenset("@#+(0123456789\"\u201c")
# After a keyword, a rest starting with one of these is arguments, never a sentence (SPEC 3).
_MISFIT_START = frozenset("@#0123456789")
_ARGUMENT_WORDS = frozenset({"me", "mine", "task", "sms", "email", "you"})
# A colon or a dash after a keyword sets it off as a label: "task: call the city", "Task - ...".
_LABEL_MARKS = ":-\u2013\u2014"
_GLUED_LABEL = re.compile(r"([A-Za-z]{3,}):(\S.*)", re.S)
# A task step's keyword with its number glued on ("done2", "claim12") is that step: only these
# keywords, and only digits after them.
_GLUED_NUMBER_COMMANDS = frozenset({"claim", "done", "drop", "reopen"})
_GLUED_NUMBER = re.compile(r"([^\W\d_]+)(\d+)")
# Keywords whose forms take free words, where a slip of the keyword ("tsk buy milk", "fnd
# keys") is worth a "did you mean" even before a sentence.
_SLIP_KEYWORDS = frozenset({"task", "find"})
# Phones and mail clients pad texts with zero-width characters; they are trimmed like spaces.
_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
_TRIM = "".join(chr(c) for c in range(0x3001) if chr(c).isspace()) + _ZERO_WIDTH


def parse(text: str, language: str | None = None) -> Command:
    """Turn one inbound text into a Command; never raises.

    `language`: the sender's, when known; words that mean something else in English (a Spanish
    carrier word, "a las once") are read in it. By default, the language being spoken.
    """
    if language is not None:
        with speaking(language):
            return parse(text)
    stripped = text.strip(_TRIM)
    if not stripped:
        return Command("chat")
    if len(stripped) <= _LONGEST_ANSWER and (reply := answer(stripped)) is not None:
        return reply  # before the carrier words: YES is START only after a STOP
    if len(stripped) <= _LONGEST_CARRIER_TEXT:
        carrier = carrier_action(stripped)
        if carrier is not None:
            return Command(carrier)
    if not stripped.strip("?"):
        return Command("help")
    if len(stripped) <= _LONGEST_CARRIER_TEXT and asks_to_stop(stripped):
        return Command("stop_how")  # "stop texting me": not STOP, and never a post
    if stripped[0] == "@":
        found = lead_handle(stripped)
        if found is None:
            return Command("chat", text=stripped)
        return Command("post", target=found[0], text=found[1])
    phrase = PHRASES.get(" ".join(stripped.rstrip(".!?").lower().split()))
    if phrase is not None:
        return parse(phrase)
    word, rest, labelled = _split(stripped)
    if word in KEYWORDS:
        command = _command(word, rest, labelled)
        if command is not None:
            return command
        if not rest and word in HELP_WHEN_ALONE:
            return Command("help", topic=KEYWORDS[word])
        if _misfit(word, rest):  # arguments that don't fit: posting them would misfire
            return Command("usage", topic=KEYWORDS[word])
        return Command("chat", text=stripped)
    if rest:
        suggestion = _suggestion(word, rest)
        if suggestion is not None:
            return Command("near_miss", suggestion=suggestion)
    return Command("chat", text=stripped)


def _split(text: str) -> tuple[str, str, bool]:
    """Split the first word off, lower-case; tell whether a colon or dash set a keyword off."""
    if (glued := _GLUED_LABEL.match(text)) and glued.group(1).lower() in KEYWORDS:
        return glued.group(1).lower(), glued.group(2), True  # "task:buy milk"
    parts = text.split(None, 1)
    rest = parts[1] if len(parts) == 2 else ""
    # Fullwidth and other compatibility forms of a keyword are that keyword: "Ｄｏｎｅ 3"; Spanish
    # opens a question or a cry with its mark ("¿ayuda?", "¡gracias @ana!").
    word = unicodedata.normalize("NFKC", parts[0]).lower().lstrip("¿¡")
    if len(word) > 1 and word[-1] in _LABEL_MARKS and word[:-1] in KEYWORDS:
        return word[:-1], rest, True
    if word in KEYWORDS and rest[:1] in _LABEL_MARKS and rest[1:2].isspace():
        return word, rest[1:].lstrip(), True
    if not rest:
        word = word.rstrip(".!?,")
    glued = _GLUED_NUMBER.fullmatch(word)
    if glued and KEYWORDS.get(glued.group(1)) in _GLUED_NUMBER_COMMANDS:
        return glued.group(1), f"{glued.group(2)} {rest}".rstrip(), False  # "done2"
    keyword, at, handle = word.partition("@")
    if at and handle and keyword in KEYWORDS:  # "join@team": the keyword and its @group
        return keyword, f"@{parts[0][len(keyword) + 1:]} {rest}".rstrip(), False
    return word, rest, False


def _suggestion(word: str, rest: str) -> str | None:
    """Return the command a non-keyword first word was probably meant to start, if any."""
    if _argument_like(rest):
        meant = SPOKEN.get(word)
        if meant is not None and _command(meant, rest) is not None:
            return f"{meant} {rest}"
        for keyword in near_keywords(word):
            command = _command(keyword, rest)
            # "Thinks @bob is right" is a sentence; "thansk @bob for the ride" is a typo.
            sentence = command is not None and command.action == "thanks" and command.text \
                and not _THANKS_FOR.match(rest)
            if command is not None and not sentence:
                return f"{keyword} {rest}"
        return None
    # Before a sentence only a slip that is no word of its own counts: "tsk buy milk", not
    # "talk soon"; "tsk tsk" is a sound.
    if rest.split(None, 1)[0].lower().strip(".,!?") == word:
        return None
    for keyword in near_keywords(word):
        if keyword in _SLIP_KEYWORDS and slip(word, keyword) and _command(keyword, rest):
            return f"{keyword} {rest}"
    return None


_THANKS_FOR = re.compile(r"\S+\s+for\s", re.IGNORECASE)


def _command(word: str, rest: str, labelled: bool = False) -> Command | None:
    if KEYWORDS[word] == "help":
        return _help(rest)
    form = LABELLED_FORMS.get(word, FORMS[word]) if labelled else FORMS[word]
    found = form(rest)
    if found is None and (bare := _BEFORE_HANDLE.sub("", rest, count=1)) != rest:
        found = form(bare)
    return found


# A little word before the @name a command takes, as Spanish says it: "unirme a @cocina", "salir
# de @huerta", "preguntar a @huerta ...", "tareas de @huerta".
_BEFORE_HANDLE = re.compile(r"^(?:a|al|de|del|en)\s+(?=@)", re.IGNORECASE)


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
    if KEYWORDS[word] == "find":  # `find` takes words: any rest but a sentence is a search
        return bool(rest) and not find_is_chat(rest)
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
