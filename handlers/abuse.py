"""Abuse: too many texts from one number, and loops with another automated number.

Both are judged from the stored inbound texts themselves, so they hold when Redis is down.
Texts judged abusive are kept like any other; they are just not acted on.
"""

from __future__ import annotations

from datetime import timedelta

from store.models import Inbound

RATE_WINDOW = timedelta(minutes=1)
RATE_LIMIT = 20  # texts a minute from one number: far above a person typing, below a script
LOOP_WINDOW = timedelta(minutes=10)
LOOP_REPEATS = 3  # the same text this often in the window is an auto-responder answering us
# "ok" three times is a person; an auto-reply ("I'm driving, I'll text you back") is longer.
LOOP_MIN_LENGTH = 20


def verdict(inbound: Inbound) -> str | None:
    """Return "limited" or "loop" when this text must not be acted on, else None."""
    recent = Inbound.select().where(Inbound.sender == inbound.sender, Inbound.id < inbound.id)
    in_minute = recent.where(Inbound.received_at > inbound.received_at - RATE_WINDOW).count()
    if in_minute >= RATE_LIMIT:
        return "limited"
    if len(inbound.body.strip()) < LOOP_MIN_LENGTH:
        return None
    same = recent.where(Inbound.received_at > inbound.received_at - LOOP_WINDOW,
                        Inbound.body == inbound.body).count()
    return "loop" if same + 1 >= LOOP_REPEATS else None


def first_over_limit(inbound: Inbound) -> bool:
    """Tell whether this is the first limited text of its minute: only that one gets a reply."""
    earlier = Inbound.select().where(
        Inbound.sender == inbound.sender, Inbound.id < inbound.id, Inbound.status == "limited",
        Inbound.received_at > inbound.received_at - RATE_WINDOW)
    return not earlier.exists()
