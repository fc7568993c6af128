"""Argument forms for thanks: `thanks @a [and @b ...] [for why]` and its aliases."""

from __future__ import annotations

import re

from parsers.command import Command
from parsers.handles import HANDLE, lead_handle

# English and Spanish alike: "thanks @a and @b for ...", "gracias @a y @b por ...".
_FOR = re.compile(r"(?i:for|por)(?:\s+|$)")
_AND = re.compile(r"^(?:(?i:and|y|e)|&)\s+")
# One more person after the first: "@b", ", @b", "& @b", "and @b" ("thanks @a, @b and @c!").
_NEXT_HANDLE = re.compile(rf"(?:[,&+]\s*|(?i:and|y|e)\s+)?@({HANDLE})[:,;.!?]*(?:\s+|$)")
# "gracias a @ana": Spanish thanks someone with an "a" before them.
_TO = re.compile(r"(?i:a)\s+(?=@)")

_GLUED = re.compile(rf"@{HANDLE}(?:,@{HANDLE})+")  # "@bob,@carol"


def thanks(rest: str, skip_you: bool = False) -> Command | None:
    """Parse `thanks @a [and @b ...] [for] [<reason>]`; `skip_you` drops a leading "you"."""
    if skip_you:
        words = rest.split(None, 1)
        if words and words[0].lower() == "you":
            rest = words[1] if len(words) == 2 else ""
    if glued := _GLUED.match(rest):
        rest = glued.group().replace(",", ", ") + rest[glued.end():]
    found = lead_handle(rest)
    if found is None:
        return None
    first, reason = found
    names = [first]
    while m := _NEXT_HANDLE.match(reason):
        names.append(m.group(1).lower())
        reason = reason[m.end():]
    reason = _AND.sub("", reason)  # "thanks @bob and good luck": the reason is "good luck"
    if m := _FOR.match(reason):
        reason = reason[m.end() :]
    others = tuple(name for name in dict.fromkeys(names) if name != first)
    return Command("thanks", member=first, also=others, text=reason)


def thank_you(rest: str) -> Command | None:
    """Parse `thank you @m [for] [<reason>]`."""
    return thanks(rest, skip_you=True)


def gracias(rest: str) -> Command | None:
    """Parse `gracias [a] @m [y @n ...] [por] [<reason>]`: "gracias a todos" stays chat."""
    return thanks(_TO.sub("", rest, count=1) if _TO.match(rest) else rest)
