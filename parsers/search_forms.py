"""Argument form of `find`: filters (@group or @member, #tags) around words or "a phrase"."""

from __future__ import annotations

import re

from parsers.command import Command
from parsers.handles import handle_token, tag_token
from parsers.search import search_terms

_TOKEN = re.compile(r"\S+")
# "find my keys lol" is a lost-keys text, not a search: searches name things, not pronouns.
_FIND_CHAT_STARTS = frozenset(
    "a an the my me your you our us his him her them their it its this that some any out "
    "what where who how when why i someone somebody something anything time".split()
)

# Quotes, stars, brackets, upper-case operators, a leading - or +: written to a search engine.
_SEARCH_SYNTAX = re.compile(
    r"[\"*()\u201c\u201d\u201e]|\b(?:OR|AND|NOT|NEAR)\b|(?:^|\s)[-+]\w")


def find(rest: str) -> Command | None:
    """Parse `find [@x] [#tag...] <words or "a phrase"> [@x] [#tag...]`.

    Filters come before or after the words; in the middle they are searched for as words.
    """
    tokens = list(_TOKEN.finditer(rest))
    if not tokens or find_is_chat(rest):
        return None
    filters = [_filter(t.group()) for t in tokens]
    first = next((i for i, f in enumerate(filters) if f is None), len(tokens))
    last = next((i for i in range(len(tokens) - 1, first - 1, -1) if filters[i] is None), first)
    kept = [f for f in (filters[:first] + filters[last + 1:] if first < len(tokens) else filters)
            if f is not None]
    handles = [name for kind, name in kept if kind == "@"]
    tags = tuple(dict.fromkeys(name for kind, name in kept if kind == "#"))
    text = rest[tokens[first].start():tokens[last].end()] if first < len(tokens) else ""
    if len(handles) > 1 or not (handles or tags or search_terms(text)):
        return None
    return Command("find", text=text, target=handles[0] if handles else None, tags=tags)


def find_is_chat(rest: str) -> bool:
    """Tell whether the words after `find` are a sentence ("find my keys lol"), not a search.

    A sentence starts with a pronoun or an article and has no search syntax: `find a OR b` and
    `find the "blue door"` are searches.
    """
    words = rest.split(None, 1)
    return bool(words) and words[0].lower() in _FIND_CHAT_STARTS \
        and _SEARCH_SYNTAX.search(rest) is None


def _filter(token: str) -> tuple[str, str] | None:
    if (name := handle_token(token)) is not None:
        return "@", name
    if (tag := tag_token(token)) is not None:
        return "#", tag
    return None
