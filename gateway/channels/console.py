"""The console channel: texts are logged and kept in the outbox, nothing leaves the machine."""

from __future__ import annotations

import logging

log = logging.getLogger("commons.console")


class ConsoleChannel:
    name = "console"

    def send(self, to: str, body: str, row_id: int) -> str:
        """Log the text; its outbox row is the record."""
        log.info("SMS to %s: %s", to, body)
        return f"CONSOLE{row_id:026d}"
