"""Which handler answers which action, and each command's help line."""

from __future__ import annotations

from collections.abc import Callable

from handlers.context import Context
from parsers import Command

Handler = Callable[[Context, Command], None]

HANDLERS: dict[str, Handler] = {}
HELP: dict[str, str] = {}  # canonical keyword -> one-segment help
TEMPLATES: dict[str, str] = {}  # every reply template, for the segment-budget test


def handles(*actions: str) -> Callable[[Handler], Handler]:
    """Register the decorated function as the handler of `actions`."""

    def register(handler: Handler) -> Handler:
        for action in actions:
            HANDLERS[action] = handler
        return handler

    return register


def helps(lines: dict[str, str]) -> None:
    """Add a module's help lines, keyed by canonical keyword."""
    HELP.update(lines)


def says(prefix: str, templates: dict[str, str]) -> dict[str, str]:
    """Register a module's reply templates and return them for use there."""
    TEMPLATES.update({f"{prefix}.{key}": text for key, text in templates.items()})
    return templates
