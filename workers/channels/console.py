"""The console channel: texts are logged and kept in the outbox, nothing leaves the machine."""

from __future__ import annotations

import logging
from datetime import datetime

log = logging.getLogger("commons.console")


class ConsoleChannel:
    name = "console"

    def send(self, to: str, body: str, row_id: int) -> str:
        """Log the text; its outbox row is the record."""
        log.info("SMS to %s: %s", to, body)
        return f"CONSOLE{row_id:026d}"

    def find(self, to: str, body: str, since: datetime) -> str | None:
        """Find nothing: a console send never ends without an answer."""
        return None
