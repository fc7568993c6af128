"""Argument forms for follows: `follow @m` or `follow #tag [#tag...]`, and unfollow."""

from __future__ import annotations

from parsers.command import Command, Form
from parsers.handles import all_tags, arg_list, handle_token


def follow(action: str) -> Form:
    """Build the form `@m` or `#tag [#tag...]` shared by follow and unfollow."""

    def form(rest: str) -> Command | None:
        tokens = arg_list(rest)
        if len(tokens) == 1 and (name := handle_token(tokens[0])) is not None:
            return Command(action, target=name)
        tags = all_tags(tokens)
        return Command(action, tags=tags) if tags else None

    return form
