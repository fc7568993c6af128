"""Argument forms of account, group and message commands, and the shapes many commands share."""

from __future__ import annotations

import re

from parsers.command import Command, Form
from parsers.handles import (
    all_handles,
    arg_tokens,
    handle_token,
    invitees,
    is_email,
    lead_handle,
)
from parsers.zones import is_city

_PUNCTUATION = ".!?"
_HOURS = re.compile(r"([0-9]{1,4})(?:h|hr|hrs|hour|hours)")
_CODE = re.compile(r"[0-9]{4,8}")
_ZONE = re.compile(r"[A-Za-z][A-Za-z0-9_+\-/:.]*|[+-][0-9]{1,2}(?::?[0-9]{2})?")


def target(action: str, optional: bool = False) -> Form:
    """Build the form `@x` (or nothing, when `optional`) of whois, join, who, karma, ..."""

    def form(rest: str) -> Command | None:
        names = all_handles(arg_tokens(rest))
        if names is None or len(names) > 1 or (not names and not optional):
            return None
        return Command(action, target=names[0] if names else None)

    return form


def pair(action: str) -> Form:
    """Build the form `@group @member` of admin and kick."""

    def form(rest: str) -> Command | None:
        names = all_handles(arg_tokens(rest))
        if names is None or len(names) != 2:
            return None
        return Command(action, target=names[0], member=names[1])

    return form


def bare(action: str) -> Form:
    """Build the form of a keyword that takes no arguments."""

    def form(rest: str) -> Command | None:
        return None if rest.strip(_PUNCTUATION) else Command(action)

    return form


def off(rest: str) -> Command | None:
    """Parse `off [@group] [for] [<hours>h]`."""
    tokens = arg_tokens(rest)
    target = handle_token(tokens[0]) if tokens else None
    if target is not None:
        tokens = tokens[1:]
    if len(tokens) > 1 and tokens[0].lower() == "for":  # "mute for 2 hours"
        tokens = tokens[1:]
    hours = None
    if tokens:
        m = _HOURS.fullmatch("".join(tokens).lower())
        if m is None:
            return None
        hours = int(m.group(1))
    return Command("off", target=target, hours=hours)


def name(rest: str) -> Command | None:
    """Parse `name <handle>`, with or without its @."""
    tokens = rest.split()
    if len(tokens) != 1:
        return None
    name = tokens[0].lstrip("@").rstrip(_PUNCTUATION).lower()
    return Command("name", target=name) if name else None


def _one_token(rest: str) -> str | None:
    tokens = arg_tokens(rest)
    return tokens[0] if len(tokens) == 1 else None


def email(rest: str) -> Command | None:
    """Parse `email <address>`."""
    token = _one_token(rest)
    return Command("email", text=token) if token is not None and is_email(token) else None


def verify(rest: str) -> Command | None:
    """Parse `verify <code>`: 4 to 8 digits, spaces allowed between them."""
    code = "".join(arg_tokens(rest))
    return Command("verify", text=code) if _CODE.fullmatch(code) else None


def via(rest: str) -> Command | None:
    """Parse `via sms`, `via email` or `via` alone."""
    if not rest.strip(_PUNCTUATION):
        return Command("via")  # alone: where do my posts go now?
    token = (_one_token(rest) or "").lower()
    return Command("via", text=token) if token in ("sms", "email") else None


def tz(rest: str) -> Command | None:
    """Parse `tz <zone>`: a zone name, an offset or a city; alone, which zone am I in?"""
    if not rest.strip(_PUNCTUATION):
        return Command("tz")
    token = _one_token(rest)
    if token is not None:
        return Command("tz", text=token) if _ZONE.fullmatch(token) else None
    words = " ".join(arg_tokens(rest))
    return Command("tz", text=words) if is_city(words) else None  # "tz new york"


def text(action: str) -> Form:
    """Build the form of a keyword followed by any text (bio)."""

    def form(rest: str) -> Command | None:
        return Command(action, text=rest) if rest else None

    return form


def addressed(action: str) -> Form:
    """Build the form `@x <text>` of create and d."""

    def form(rest: str) -> Command | None:
        found = lead_handle(rest)
        return None if found is None else Command(action, target=found[0], text=found[1])

    return form


def invite(rest: str) -> Command | None:
    """Parse `invite @group <numbers, @names or addresses>`."""
    found = lead_handle(rest)
    people = invitees(found[1]) if found else None
    return Command("invite", target=found[0], invitees=people) if found and people else None
