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
    "newtoken": "newtoken",
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

# Each command's usage in one segment, keyed by the canonical name on the right of KEYWORDS.
# A keyword followed by something shaped like arguments (@, # or a digit) that does not fit is
# answered with this line and posted nowhere (SPEC section 3). Kept beside KEYWORDS so that
# keyword, form, help and usage can later fold into one declaration per command.
USAGE: dict[str, str] = {
    "help": "help [command], e.g. help join",
    "name": "name <handle>, e.g. name alice",
    "bio": "bio <text>, e.g. bio I fix bikes",
    "whois": "whois @name, e.g. whois @team",
    "off": "off [@group] [hours]h, e.g. off @team 2h",
    "on": "on [@group], e.g. on @team",
    "email": "email <address>, e.g. email you@example.com",
    "verify": "verify <code>: the 6 digits mailed to you, e.g. verify 123456",
    "via": "via sms or via email",
    "tz": "tz <city or zone>, e.g. tz paris, tz EST or tz America/Chicago; tz alone shows yours",
    "login": "login, alone: a link to the web dashboard",
    "create": "create @name [description], e.g. create @team Launch crew",
    "join": "join @group, e.g. join @team",
    "leave": "leave @group, e.g. leave @team",
    "invite": "invite @group <number or @name> ..., e.g. invite @team +15551234567 @bob",
    "who": "who @group, e.g. who @team",
    "groups": "groups, alone: the groups you are in",
    "private": "private @group, e.g. private @team",
    "public": "public @group, e.g. public @team",
    "admin": "admin @group @name, e.g. admin @team @bob",
    "kick": "kick @group @name, e.g. kick @team @bob",
    "dm": "d @name message, e.g. d @bob see you at 5",
    "more": "more, alone: the next page of a long reply",
    "task": "task [@group] what [@name] [due when], e.g. task @team buy paper @bob due fri",
    "tasks": "tasks [@group] [mine], e.g. tasks @team mine",
    "claim": "claim [@group] <n>, e.g. claim 12 or claim @team 12",
    "done": "done [@group] <n>, e.g. done 12 or done @team 12",
    "drop": "drop [@group] <n>, e.g. drop 12 or drop @team 12",
    "reopen": "reopen [@group] <n>, e.g. reopen 12 or reopen @team 12",
    "assign": "assign [@group] <n> @name, e.g. assign 12 @bob",
    "thanks": "thanks @name [for why], e.g. thanks @bob for the ride",
    "karma": "karma [@name or @group], e.g. karma @bob",
    "top": "top [@group], e.g. top @team",
    "follow": "follow @name or follow #tag ..., e.g. follow #garden",
    "unfollow": "unfollow @name or unfollow #tag ..., e.g. unfollow #garden",
    "following": "following, alone: who and what you follow",
    "need": "need #tag what, e.g. need #ride to the airport fri",
    "offer": "offer #tag what, e.g. offer #tools drill to lend",
    "needs": "needs [#tag ...], e.g. needs #ride",
    "offers": "offers [#tag ...], e.g. offers #tools",
    "find": "find <words>, e.g. find pizza",
    "last": "last [@name or @group], e.g. last @team",
    "recap": "recap, alone: what you missed",
    "remind": "remind <me or @group> <when> [text], e.g. remind me fri 5pm call mom, "
              "or every mon 9am",
    "reminders": "reminders, alone: your reminders, numbered",
    "unremind": "unremind <n>, e.g. unremind 2",
    "digest": "digest daily [time], digest weekly [day] [time] or digest off, "
              "e.g. digest daily 8am",
    "quiet": "quiet <from>-<to> or quiet off, e.g. quiet 22-7",
    "newtoken": "newtoken, alone: new secret mail addresses, the old ones stop working",
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
# Words after `task` that make a sentence ("task force meeting at 5", "task for tomorrow"),
# not a task for the current group ("task buy paper").
TASK_SENTENCE_WORDS: frozenset[str] = frozenset(
    "a an the for force forces list lists is was are were at of on in to and or but so "
    "it its this that these those my your our their his her i we you they manager master "
    "done finished complete completed".split()
)

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
