"""Words around the commands: carrier words, reserved names, and near misses of keywords.

The command words themselves are declared in parsers.commands; KEYWORDS, USAGE and
HELP_WHEN_ALONE are re-exported here for the code that reads them from here.
"""

from __future__ import annotations

import re

from parsers.commands import COMMANDS, HELP_WHEN_ALONE, KEYWORDS, USAGE
from parsers.handles import HANDLE
from parsers.languages import current
from parsers.lookalikes import undecorated
from parsers.times.spanish import plain

# Carrier keywords act only as the whole message; carriers handle them before we do.
CARRIER: dict[str, str] = {
    "stop": "opt_out",
    "stopall": "opt_out",
    "unsubscribe": "opt_out",
    "cancel": "opt_out",
    "end": "opt_out",
    "quit": "opt_out",
    "revoke": "opt_out",
    "optout": "opt_out",
    "start": "opt_in",
    "yes": "opt_in",
    "unstop": "opt_in",
    "help": "help",
    "info": "help",
}
# Spanish, as a Messaging Service's Advanced Opt-Out is given them (Twilio then says so with
# OptOutType, handlers.carrier_keywords). Without it they are read only from a member who speaks
# Spanish: from anyone else, "alto" or "baja" alone may be a word to the group.
CARRIER_ES: dict[str, str] = {
    "parar": "opt_out",
    "detener": "opt_out",
    "cancelar": "opt_out",
    "alto": "opt_out",
    "baja": "opt_out",
    "comenzar": "opt_in",
    "iniciar": "opt_in",
    "reanudar": "opt_in",
    "ayuda": "help",
}

# Carriers ignore trailing punctuation on their keywords ("STOP!", "Help?").
_TRAILING = re.compile(r"[\s.!?,;:]+$")
# `yes` is an answer far more often than a START: only the plain word counts as one.
_PLAIN_ONLY = frozenset({"yes"})


def carrier_action(text: str) -> str | None:
    """Return the action of a carrier word that is the whole of `text`, decorations aside.

    `Stop...`, `STOP❗`, `"STOP"`, `Stop。`, `ＳＴＯＰ`, small capitals and `STOP 🛑` are all STOP.
    """
    words = CARRIER | CARRIER_ES if current() == "es" else CARRIER
    plain = _TRAILING.sub("", text).lower().lstrip("¡¿")
    if plain in words:
        return words[plain]
    word = undecorated(text).lower()
    return None if word in _PLAIN_ONLY else words.get(word)


RESERVED: frozenset[str] = frozenset(
    {w for w in KEYWORDS if w.isalpha()}
    | set(CARRIER) | set(CARRIER_ES)
    | {"all", "admin", "commons", "me", "everyone", "dm", "mine"}
    # Mail addresses of the bridge itself: commands@ runs commands, bounces+ROW@ takes bounces.
    | {"commands", "bounces", "postmaster", "abuse", "noreply"}
)
_HANDLE_NAME = re.compile(HANDLE)

__all__ = ["CARRIER", "CARRIER_ES", "HELP_WHEN_ALONE", "KEYWORDS", "PHRASES", "RESERVED", "SPOKEN",
           "USAGE", "carrier_action", "is_valid_handle", "near_keywords", "slip"]


def is_valid_handle(name: str) -> bool:
    """Tell whether `name` (without @) has a handle's shape and is not reserved."""
    return _HANDLE_NAME.fullmatch(name) is not None and name.lower() not in RESERVED


# Short keywords ("on", "top", "d") are one edit away from too many ordinary words; Spanish ones
# from English words ("area 51" is no slip of `tarea`).
_SPANISH = frozenset(w for d in COMMANDS for w in d.spanish)
_NEAR_MISS_TARGETS: tuple[str, ...] = tuple(
    w for w in KEYWORDS if len(w) >= 4 and w.isalpha() and w not in _SPANISH)


def _one_edit(word: str, key: str) -> bool:
    """Tell whether `word` is one insert, delete, substitution or adjacent swap from `key`."""
    lw, lk = len(word), len(key)
    if lw == lk:
        diffs = [i for i in range(lw) if word[i] != key[i]]
        if len(diffs) == 1:
            return True
        return (
            len(diffs) == 2
            and diffs[1] == diffs[0] + 1
            and word[diffs[0]] == key[diffs[1]]
            and word[diffs[1]] == key[diffs[0]]
        )
    if abs(lw - lk) != 1:
        return False
    short, long_ = (word, key) if lw < lk else (key, word)
    i = 0
    while i < len(short) and short[i] == long_[i]:
        i += 1
    return short[i:] == long_[i + 1 :]


def slip(word: str, key: str) -> bool:
    """Tell whether `word` is `key` with two neighbours swapped or one vowel left out.

    Such slips ("taks", "tsk") are rarely words of their own, unlike a letter changed or added
    ("talk", "tank", "asks"), so they may be read as the keyword even before a sentence.
    """
    if len(word) == len(key):
        diffs = [i for i in range(len(word)) if word[i] != key[i]]
        return len(diffs) == 2 and diffs[1] == diffs[0] + 1 \
            and word[diffs[0]] == key[diffs[1]] and word[diffs[1]] == key[diffs[0]]
    return len(word) == len(key) - 1 and any(
        key[i] in "aeiou" and key[:i] + key[i + 1:] == word for i in range(len(key)))


def near_keywords(word: str) -> list[str]:
    """List the keywords (4+ letters) one edit away from a lower-case non-keyword `word`."""
    if word in KEYWORDS or not 3 <= len(word) <= 10:
        return []
    return [k for k in _NEAR_MISS_TARGETS if abs(len(k) - len(word)) <= 1 and _one_edit(word, k)]


# Words people use for a command that are not its keyword, each with the keyword it means. With
# arguments that fit that keyword ("exit @team"), the text is answered "Did you mean: leave
# @team ?" and posted nowhere; with a sentence ("Stop the story"), it stays chat.
SPOKEN: dict[str, str] = {
    "exit": "leave", "quit": "leave", "stop": "leave", "unsubscribe": "leave", "cancel": "leave",
    "end": "leave", "subscribe": "join",
    "silence": "off", "snooze": "off", "pause": "off", "hush": "off",
    "unsilence": "on", "unsnooze": "on", "unpause": "on", "resume": "on",
    "members": "who", "search": "find", "todo": "task", "ty": "thanks", "tysm": "thanks",
}

# Whole texts that ask in words to be sent nothing more: not STOP (carriers take only the word
# alone), and never a post to the group; the sender is told how (`stop_how`). Accents aside.
STOP_PHRASES: frozenset[str] = frozenset({
    "stop texting me", "stop texting", "stop messaging me", "stop sending me texts",
    "stop sending me messages", "stop texts", "stop the texts", "stop all", "stop all texts",
    "stop please", "please stop", "pls stop", "stop pls", "stop now", "stop stop",
    "no more texts", "no more messages", "opt out", "opt me out", "unsubscribe me",
    "unsubscribe please", "please unsubscribe me", "unsub", "remove me", "remove me please",
    "please remove me", "take me off", "take me off this list", "remove me from this list",
    "remove me from this group", "cancel my subscription", "i want to unsubscribe",
    "how do i unsubscribe", "how do i stop", "how do i stop this", "how do i stop these texts",
    "how do i leave", "exit", "i want to leave", "how do i exit", "no me manden mensajes",
    "no me manden mas mensajes", "no quiero mensajes",
    "ya no quiero mensajes", "no quiero mas mensajes", "dame de baja", "darme de baja",
    "quiero darme de baja", "no me escriban mas",
})


def asks_to_stop(text: str) -> bool:
    """Tell whether `text` asks in words to be sent nothing more ("stop texting me")."""
    said = " ".join(_TRAILING.sub("", text).lower().lstrip("¡¿").split())
    return plain(said) in STOP_PHRASES


# Whole texts that mean a command as surely as its keyword does: each is the text it stands for.
PHRASES: dict[str, str] = {
    "my tasks": "tasks mine", "task list": "tasks", "list tasks": "tasks", "show tasks": "tasks",
    "open tasks": "tasks", "todo": "tasks", "to do": "tasks", "todo list": "tasks",
    "my points": "karma", "my karma": "karma", "my score": "karma",
    "my groups": "groups", "list groups": "groups", "what did i miss": "recap",
    "mis tareas": "tasks mine", "mis puntos": "karma", "mis grupos": "groups",
    "qué me perdí": "recap", "que me perdi": "recap", "¿qué me perdí": "recap",
}
