"""Argument forms for contributions: tasks, thanks, follows and the board."""

from __future__ import annotations

import re
from collections.abc import Callable

from parsers.command import Command
from parsers.handles import (
    all_tags,
    arg_list,
    arg_tokens,
    handle_token,
    lead_handle,
    lead_tags,
    number_token,
)
from parsers.when import split_due
from parsers.words import TASK_SENTENCE_WORDS

Form = Callable[[str], Command | None]

_FOR = re.compile(r"(?i:for)(?:\s+|$)")


def task_number(action: str) -> Form:
    """Build the form `[@g] [task] <n>` or `need <n>` shared by claim, done, drop and reopen."""

    def form(rest: str) -> Command | None:
        tokens = arg_tokens(rest)
        target = handle_token(tokens[0]) if tokens else None
        if target is not None:
            tokens = tokens[1:]
        word = tokens[0].lower() if tokens else ""
        if word in ("task", "need"):
            tokens = tokens[1:]
        if len(tokens) != 1 or (number := number_token(tokens[0])) is None:
            return None
        if word == "need":  # needs are numbered on the board, not in a group
            return None if target else Command(action.replace("task_", "need_"), number=number)
        return Command(action, target=target, number=number)

    return form


_numbered = task_number("task_assign")


def assign(rest: str) -> Command | None:
    """Parse `assign [@g] [task] <n> [to] @m`."""
    tokens = arg_tokens(rest)
    if len(tokens) < 2 or (member := handle_token(tokens[-1])) is None:
        return None
    tokens = tokens[:-1]
    if tokens and tokens[-1].lower() == "to":
        tokens = tokens[:-1]
    found = _numbered(" ".join(tokens))
    if found is None or found.action != "task_assign":  # a need is taken, not handed out
        return None
    return Command("task_assign", target=found.target, number=found.number, member=member)


def task_list(rest: str) -> Command | None:
    """Parse `tasks [@g] [mine]`."""
    target, mine = None, False
    for token in arg_tokens(rest):
        if token.lower() == "mine" and not mine:
            mine = True
        elif target is None and (name := handle_token(token)) is not None:
            target = name
        else:
            return None
    return Command("task_list", target=target, mine=mine)


def task_add(rest: str) -> Command | None:
    """Parse `task @g <text> [@assignee] [due <when>]`."""
    found = lead_handle(rest)
    return None if found is None else _task(found[0], found[1])


def task_add_here(rest: str) -> Command | None:
    """Parse `task [@g] <text> ...`: without @g the task is for the current group."""
    if rest[:1] == "@":
        return task_add(rest)
    words = rest.split(None, 1)
    if not words or words[0].lower().strip(",.:;!?") in TASK_SENTENCE_WORDS:
        return None  # "task force meeting at 5" is a sentence
    return _task(None, rest)


def _task(target: str | None, rest: str) -> Command | None:
    body, when = split_due(rest)
    member = None
    words = body.rsplit(None, 1)
    if len(words) == 2 and (member := handle_token(words[1])) is not None:
        body = words[0]
    elif when is not None and len(parts := when.rsplit(None, 1)) == 2:
        # "due friday @bob": the assignee came last.
        if (member := handle_token(parts[1])) is not None:
            when = parts[0]
    if not body or handle_token(body) is not None:
        return None
    return Command("task_add", target=target, text=body, member=member, when=when)


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


def follow(action: str) -> Form:
    """Build the form `@m` or `#tag [#tag...]` shared by follow and unfollow."""

    def form(rest: str) -> Command | None:
        tokens = arg_list(rest)
        if len(tokens) == 1 and (name := handle_token(tokens[0])) is not None:
            return Command(action, target=name)
        tags = all_tags(tokens)
        return Command(action, tags=tags) if tags else None

    return form


def board(action: str) -> Form:
    """Build the form `#tag [#tag...] <text>` shared by need and offer."""

    def form(rest: str) -> Command | None:
        tags, text = lead_tags(rest)
        return Command(action, tags=tags, text=text) if tags and text else None

    return form


def board_list(action: str) -> Form:
    """Build the form `[#tag...]` shared by needs and offers."""

    def form(rest: str) -> Command | None:
        tags = all_tags(arg_list(rest))
        return None if tags is None else Command(action, tags=tags)

    return form

