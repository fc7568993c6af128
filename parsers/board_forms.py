"""Argument forms for the board: needs and offers, put up and listed."""

from __future__ import annotations

from parsers.command import Command, Form
from parsers.handles import all_tags, arg_list, lead_tags


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
