"""Keyword tables: command words, their aliases, carrier words and reserved names."""

from __future__ import annotations

# Every word that can start a command, lower-case, mapped to the command it names.
# Help topics and the README check use the canonical names on the right.
KEYWORDS: dict[str, str] = {
    "help": "help",
    "?": "help",
    "name": "name",
    "bio": "bio",
    "whois": "whois",
    "off": "off",
    "on": "on",
    "email": "email",
    "verify": "verify",
    "via": "via",
    "tz": "tz",
    "login": "login",
    "create": "create",
    "join": "join",
    "leave": "leave",
    "invite": "invite",
    "who": "who",
    "groups": "groups",
    "private": "private",
    "public": "public",
    "admin": "admin",
    "kick": "kick",
    "d": "dm",
    "more": "more",
    "task": "task",
    "t": "task",
    "tasks": "tasks",
    "claim": "claim",
    "done": "done",
    "drop": "drop",
    "reopen": "reopen",
    "assign": "assign",
    "thanks": "thanks",
    "thank": "thanks",
    "thx": "thanks",
    "+1": "thanks",
    "karma": "karma",
    "top": "top",
    "follow": "follow",
    "unfollow": "unfollow",
    "following": "following",
    "need": "need",
    "offer": "offer",
    "needs": "needs",
    "offers": "offers",
    "find": "find",
    "last": "last",
    "recap": "recap",
    "remind": "remind",
    "reminders": "reminders",
    "unremind": "unremind",
    "digest": "digest",
    "quiet": "quiet",
}

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

# Keywords that need arguments and are not ordinary chat on their own: alone, they ask for help.
HELP_WHEN_ALONE: frozenset[str] = frozenset(
    {
        "join", "leave", "create", "invite", "whois", "bio", "name", "admin", "kick",
        "private", "public", "claim", "assign", "reopen", "task", "remind", "email",
        "verify", "tz", "follow", "unfollow", "need", "offer", "find",
        "unremind", "digest", "quiet",
    }
)  # fmt: skip

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
