"""Inline actions and tags: what a message body asks for besides being posted."""

from __future__ import annotations

import re

from parsers.command import Command
from parsers.handles import HANDLE, TAG, tag_name

# A preceding letter, digit or "+" means the phrase is part of another word ("undone task 3").
_INLINE = re.compile(
    r"(?<![A-Za-z0-9_+])(?:"
    r"(?i:done)\s+(?:(?i:task)\s+#?|#)([0-9]{1,9})"
    r"|(?i:claim)\s+#([0-9]{1,9})"
    rf"|(?i:thanks|\+1)\s+@({HANDLE})"
    r")(?![A-Za-z0-9_])"
)
# A task action counts only where a clause starts: "fixed it, done #3" and "done #3 and claim #4"
# are actions; "I haven't done task 1 yet" and "we could claim #1 spot" are sentences.
_CLAUSE_WORDS = frozenset(
    {"and", "then", "also", "so", "ok", "okay", "plus", "&", "now", "finally", "just", "all", "yes"}
)
_NEGATIONS = frozenset({"not", "no", "never", "nor", "cannot"})
_LAST_WORD = re.compile(r"([A-Za-z&']+)\s*$")
# Not inside a word, an HTML entity ("&#39;") or a link ("x.com/#anchor"); "#café" is no tag.
_TAG = re.compile(rf"(?<![\w&#/])#({TAG})(?![\w])")


def tags_in(text: str) -> tuple[str, ...]:
    """Find the #tags written in a message body, lower-case, in order, once each."""
    return tuple(dict.fromkeys(tag_name(m.group(1)) for m in _TAG.finditer(text)))


def inline_actions(text: str) -> tuple[Command, ...]:
    """Find the task and thanks actions written inside a message body, in order, once each."""
    found: dict[Command, None] = {}
    for m in _INLINE.finditer(text):
        done, claim, thanked = m.groups()
        before = text[: m.start()].rstrip(" \t")
        word = _LAST_WORD.search(before)
        last = word.group(1).lower() if word else ""
        if last in _NEGATIONS or last.endswith("n't"):
            continue
        # After punctuation, a new line or an emoji, or after "and"/"then"/...: a new clause.
        starts_clause = not before or not before[-1].isalnum() and before[-1] != "'" \
            or last in _CLAUSE_WORDS
        if done is not None and starts_clause:
            found[Command("task_done", number=int(done))] = None
        elif claim is not None and starts_clause:
            found[Command("task_claim", number=int(claim))] = None
        elif thanked is not None:
            found[Command("thanks", member=thanked.lower())] = None
    return tuple(found)
