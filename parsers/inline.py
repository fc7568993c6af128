"""Inline actions: task and thanks commands carried out from inside a message body."""

from __future__ import annotations

import re

from parsers.command import Command
from parsers.handles import HANDLE

# A preceding letter, digit or "+" means the phrase is part of another word ("undone task 3").
_INLINE = re.compile(
    r"(?<![A-Za-z0-9_+])(?:"
    r"(?i:done)\s+(?:(?i:task)\s+#?|#)([0-9]{1,9})"
    r"|(?i:claim)\s+#([0-9]{1,9})"
    rf"|(?i:thanks|\+1)\s+@({HANDLE})"
    r")(?![A-Za-z0-9_])"
)


# A tag starts with a letter, so "#12" stays a task number; "a#b" and "C#" are not tags.
_TAG = re.compile(r"(?<![A-Za-z0-9_&#])#([A-Za-z][A-Za-z0-9_-]{0,39})(?![A-Za-z0-9_])")


def tags_in(text: str) -> tuple[str, ...]:
    """Find the #tags written in a message body, lower-case, in order, once each."""
    return tuple(dict.fromkeys(m.group(1).lower().rstrip("-_") for m in _TAG.finditer(text)))


def inline_actions(text: str) -> tuple[Command, ...]:
    """Find the task and thanks actions written inside a message body, in order, once each."""
    found: dict[Command, None] = {}
    for m in _INLINE.finditer(text):
        done, claim, thanked = m.groups()
        if done is not None:
            found[Command("task_done", number=int(done))] = None
        elif claim is not None:
            found[Command("task_claim", number=int(claim))] = None
        else:
            found[Command("thanks", member=thanked.lower())] = None
    return tuple(found)
