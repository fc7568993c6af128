"""Words around the commands: carrier words, reserved names, and near misses of keywords.

The command words themselves are declared in parsers.commands; KEYWORDS, USAGE and
HELP_WHEN_ALONE are re-exported here for the code that reads them from here.
"""

from __future__ import annotations

import re

from parsers.commands import HELP_WHEN_ALONE, KEYWORDS, USAGE
from parsers.handles import HANDLE

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

RESERVED: frozenset[str] = frozenset(
    {w for w in KEYWORDS if w.isalpha()}
    | set(CARRIER)
    | {"all", "admin", "commons", "me", "everyone", "dm", "mine"}
    # Mail addresses of the bridge itself: commands@ runs commands, bounces+ROW@ takes bounces.
    | {"commands", "bounces", "postmaster", "abuse", "noreply"}
)
_HANDLE_NAME = re.compile(HANDLE)

__all__ = ["CARRIER", "HELP_WHEN_ALONE", "KEYWORDS", "RESERVED", "USAGE", "is_valid_handle",
           "near_keywords"]


def is_valid_handle(name: str) -> bool:
    """Tell whether `name` (without @) has a handle's shape and is not reserved."""
    return _HANDLE_NAME.fullmatch(name) is not None and name.lower() not in RESERVED


# Short keywords ("on", "top", "d") are one edit away from too many ordinary words.
_NEAR_MISS_TARGETS: tuple[str, ...] = tuple(w for w in KEYWORDS if len(w) >= 4 and w.isalpha())


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


def near_keywords(word: str) -> list[str]:
    """List the keywords (4+ letters) one edit away from a lower-case non-keyword `word`."""
    if word in KEYWORDS or not 3 <= len(word) <= 10:
        return []
    return [k for k in _NEAR_MISS_TARGETS if abs(len(k) - len(word)) <= 1 and _one_edit(word, k)]
