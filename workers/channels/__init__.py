"""Outbound channels: each sends one text and answers with the provider's id."""

from __future__ import annotations

from store.settings import Settings
from workers.channels.base import Channel, PermanentError, TransientError


def channel_for(settings: Settings) -> Channel:
    """Return the SMS channel the settings call for: Twilio with an account, else the console."""
    if settings.channel == "twilio":
        from workers.channels.twilio import TwilioChannel

        return TwilioChannel(settings)
    from workers.channels.console import ConsoleChannel

    return ConsoleChannel()


__all__ = ["Channel", "PermanentError", "TransientError", "channel_for"]
