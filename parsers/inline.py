"""Inline actions and tags: what a message body asks for besides being posted."""

from __future__ import annotations

import re

from parsers.command import Command
from parsers.handles import HANDLE, TAG, tag_name

_THANKS = r"(?i:thanks|thank\s+you|thank|thx|thnx|thanx|muchas\s+gracias|gracias)"
_AND = r"(?:\s*[,&]\s*|\s+(?i:and|y)\s+)"
# A preceding letter, digit or "+" means the phrase is part of another word ("undone task 3").
_INLINE = re.compile(
    r"(?<![A-Za-z0-9_+])(?:"
    # "done #3 and #4": each number after the first with its "#", as "and 4 people" is no task.
    r"(?i:done|finished|completed)\s+(?:(?i:with)\s+)?(?:(?i:task)\s+#?|#)"
    rf"([0-9]{{1,9}}(?:{_AND}#[0-9]{{1,9}})*)"
    r"|(?i:claim)\s+#([0-9]{1,9})"
    rf"|(?:{_THANKS}|\+1)\s+(@{HANDLE}(?:(?:{_AND}|\s+)@{HANDLE})*)"
    # A name without its @ ("thanks bob!") is a thanks only if it names a member of the group.
    rf"|{_THANKS}\s+(?!@)({HANDLE}(?:{_AND}{HANDLE})*)"
    r")(?![A-Za-z0-9_])"
)
_HANDLES = re.compile(rf"@({HANDLE})")
# Words after "thanks" that are no one's name, whoever took them as a handle.
_NOT_NAMES = frozenset(
    "a all again and anyway everybody everyone folks for from guys much so lot lots man mate "
    "to you yall team though very heaps tons loads again por todos todas chicos equipo gente "
    "mil de".split()
)
# A task action counts only where a clause starts: "fixed it, done #3" and "done #3 and claim #4"
# are actions; "I haven't done task 1 yet" and "we could claim #1 spot" are sentences.
_CLAUSE_WORDS = frozenset(
    {"and", "then", "also", "so", "ok", "okay", "plus", "&", "now", "finally", "just", "all", "yes"}
)
# "I finished task 3" and "we're done with task 3" are actions too, unless they ask ("have we
# finished task 3?").
_SUBJECTS = frozenset({"i", "we", "i've", "ive", "we've", "i'm", "im", "we're"})
_NEGATIONS = frozenset({"not", "no", "never", "nor", "cannot"})
_LAST_WORD = re.compile(r"([A-Za-z&']+)\s*$")
# Words right after `done` that make it a plan, not a thing done: "done task 3 tomorrow", "done
# #4 by friday"; after `claim`, an offer to others: "claim #2 if you want" ("claim #2 tonight"
# takes it, to be done tonight).
_NOT_YET = re.compile(
    r"\s+(?i:tomorrow|tmrw|tonight|later|soon|by|if|when|once|after|before"
    r"|next\s+(?:week|month|time)|(?:next|on)\s+(?:mon|tue|wed|thu|fri|sat|sun)\w*"
    r"|(?:this|in\s+the)\s+(?:morning|afternoon|evening|weekend|week)"
    r"|in\s+(?:an?|\d+|a\s+few|a\s+couple\s+of)\s+(?:min|hour|hr|day|week|bit)\w*"
    r"|(?:mon|tues|wednes|thurs|fri|satur|sun)day)(?![A-Za-z])")
_OFFER = re.compile(r"\s+(?i:if|when|once)(?![A-Za-z])")
# The end of the sentence an action sits in.
_SENTENCE_END = re.compile(r"[.!?\n]")
# Not inside a word, an HTML entity ("&#39;") or a link ("x.com/#anchor"); "#café" is no tag.
_TAG = re.compile(rf"(?<![\w&#/])#({TAG})(?![\w])")


def tags_in(text: str) -> tuple[str, ...]:
    """Find the #tags written in a message body, lower-case, in order, once each."""
    return tuple(dict.fromkeys(tag_name(m.group(1)) for m in _TAG.finditer(text)))


def inline_actions(text: str) -> tuple[Command, ...]:
    """Find the task and thanks actions written inside a message body, in order, once each.

    A thanks to a name written without its @ is `thanks_name`: it counts only where that name is
    a member of the post's group (the handler knows; the text does not).
    """
    found: dict[Command, None] = {}
    thanked: set[str] = set()
    for m in _INLINE.finditer(text):
        done, claim, handles, names = m.groups()
        before = text[: m.start()].rstrip(" \t")
        word = _LAST_WORD.search(before)
        last = word.group(1).lower() if word else ""
        if last in _NEGATIONS or last.endswith("n't"):
            continue
        if done is not None or claim is not None:
            # After punctuation, a new line or an emoji, or after "and"/"then"/...: a new clause.
            starts_clause = not before or not before[-1].isalnum() and before[-1] != "'" \
                or last in _CLAUSE_WORDS
            if last in _SUBJECTS:
                end = _SENTENCE_END.search(text, m.end())
                starts_clause = end is None or end.group() != "?"
            later = _NOT_YET if done is not None else _OFFER
            if starts_clause and not later.match(text, m.end()):
                action = "task_done" if done is not None else "task_claim"
                for number in re.findall(r"[0-9]+", done or claim):
                    found[Command(action, number=int(number))] = None
            continue
        action = "thanks" if handles is not None else "thanks_name"
        listed = _HANDLES.findall(handles) if handles else re.split(_AND, names)
        for name in (n.lower() for n in listed):
            if handles is None and name in _NOT_NAMES:
                break  # "thanks all, see you": the list ended where the words stopped being names
            if name not in thanked:
                thanked.add(name)
                found[Command(action, member=name)] = None
    return tuple(found)
