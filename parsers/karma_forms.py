"""Argument forms for thanks: `thanks @m [for why]` and its aliases."""

from __future__ import annotations

import re

from parsers.command import Command
from parsers.handles import lead_handle

_FOR = re.compile(r"(?i:for)(?:\s+|$)")


def thanks(rest: str, skip_you: bool = False) -> Command | None:
    """Parse `thanks @m [for] [<reason>]`; with `skip_you`, a leading "you" is dropped."""
    if skip_you:
        words = rest.split(None, 1)
        if words and words[0].lower() == "you":
            rest = words[1] if len(words) == 2 else ""
    found = lead_handle(rest)
    if found is None:
        return None
    reason = found[1]
    if m := _FOR.match(reason):
        reason = reason[m.end() :]
    return Command("thanks", member=found[0], text=reason)


def thank_you(rest: str) -> Command | None:
    """Parse `thank you @m [for] [<reason>]`."""
    return thanks(rest, skip_you=True)
