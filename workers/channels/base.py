"""What every channel promises, and the ways a send can end other than sent."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol


class TransientError(Exception):
    """The send did not happen and may work later: rate limits, 5xx, a refused connection."""


class UnknownOutcome(Exception):
    """The request went out but no answer came back: the provider may have taken the text."""


class PermanentError(Exception):
    """The send will never work as it stands; `code` is the provider's error code."""

    def __init__(self, code: int | None, message: str) -> None:
        super().__init__(message)
        self.code = code


class Channel(Protocol):
    name: str

    def send(self, to: str, body: str, row_id: int) -> str:
        """Send `body` to `to`; return the provider's message id."""
        ...

    def find(self, to: str, body: str, since: datetime) -> str | None:
        """Return the id of a text to `to` with `body` the provider took after `since`."""
        ...
