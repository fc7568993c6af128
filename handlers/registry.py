"""Which handler answers which action, checked against the actions parsers.commands declares."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Mapping

from handlers.context import Context
from parsers import Command
from parsers.commands import ACTIONS
from parsers.languages import translate

Handler = Callable[[Context, Command], None]

HANDLERS: dict[str, Handler] = {}
TEMPLATES: dict[str, str] = {}  # every reply template, for the segment-budget test
MAIL_TEMPLATES: dict[str, str] = {}  # answers sent by mail only: no SMS budget applies


class UndeclaredAction(LookupError):
    """A handler registers an action that no declaration in parsers.commands names."""


class UnhandledAction(LookupError):
    """An action that parsers.commands declares has no handler."""


def handles(*actions: str, into: dict[str, Handler] = HANDLERS,
            declared: Collection[str] = ACTIONS) -> Callable[[Handler], Handler]:
    """Register the decorated function as the handler of `actions`, each of them declared."""
    unknown = [action for action in actions if action not in declared]
    if unknown:
        raise UndeclaredAction(f"no declaration in parsers.commands names {unknown}")

    def register(handler: Handler) -> Handler:
        for action in actions:
            into[action] = handler
        return handler

    return register


def require_handlers(handlers: Mapping[str, Handler] = HANDLERS,
                     declared: Collection[str] = ACTIONS) -> None:
    """Raise unless every declared action has a handler."""
    missing = sorted(set(declared) - set(handlers))
    if missing:
        raise UnhandledAction(f"declared in parsers.commands but handled nowhere: {missing}")


class Said(Mapping[str, str]):
    """A module's reply templates, each read in the language being spoken (parsers/languages)."""

    def __init__(self, prefix: str, templates: dict[str, str]) -> None:
        self.prefix = prefix
        self.english = templates

    def __getitem__(self, key: str) -> str:
        return translate(f"{self.prefix}.{key}", self.english[key])

    def __iter__(self) -> Iterator[str]:
        return iter(self.english)

    def __len__(self) -> int:
        return len(self.english)


def says(prefix: str, templates: dict[str, str], by_mail: bool = False) -> Said:
    """Register a module's reply templates (`by_mail`: answered by mail only), return them,
    read in the language being spoken. TEMPLATES keeps the English, keyed `prefix.key`."""
    into = MAIL_TEMPLATES if by_mail else TEMPLATES
    into.update({f"{prefix}.{key}": text for key, text in templates.items()})
    return Said(prefix, templates)
