"""What every channel promises, and the two ways a send can fail."""

from __future__ import annotations

from typing import Protocol


class TransientError(Exception):
    """The send may work later: rate limits, provider 5xx, timeouts, network errors."""


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
