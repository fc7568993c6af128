"""Abuse: too many texts from one number, and loops with another automated number.

Both are judged from the stored inbound texts themselves, so they hold when Redis is down.
Texts judged abusive are kept like any other; they are just not acted on.
"""

from __future__ import annotations

from datetime import timedelta

from peewee import Case, fn

from store.models import Inbound
from store.statements import Statement, slot

RATE_WINDOW = timedelta(minutes=1)
RATE_LIMIT = 20  # texts a minute from one number: far above a person typing, below a script
LOOP_WINDOW = timedelta(minutes=10)
LOOP_REPEATS = 3  # the same text this often in the window is an auto-responder answering us
# "ok" three times is a person; an auto-reply ("I'm driving, I'll text you back") is longer.
LOOP_MIN_LENGTH = 20

# One look back over the longer window, counting both at once.
LOOK_BACK = Statement(lambda: Inbound.select(
    fn.SUM(Case(None, [(Inbound.received_at > slot("minute_ago"), 1)], 0)),
    fn.SUM(Case(None, [(Inbound.body == slot("body"), 1)], 0)),
).where(Inbound.sender == slot("sender"), Inbound.id < slot("id"),
        Inbound.received_at > slot("since")))


def verdict(inbound: Inbound) -> str | None:
    """Return "limited" or "loop" when this text must not be acted on, else None."""
    looping = len(inbound.body.strip()) >= LOOP_MIN_LENGTH
    minute_ago = inbound.received_at - RATE_WINDOW
    recent, same = LOOK_BACK.row(  # type: ignore[misc]  # counts: always one row
        minute_ago=minute_ago, body=inbound.body, sender=inbound.sender, id=inbound.id,
        since=inbound.received_at - LOOP_WINDOW if looping else minute_ago)
    if (recent or 0) >= RATE_LIMIT:
        return "limited"
    return "loop" if looping and (same or 0) + 1 >= LOOP_REPEATS else None


def first_over_limit(inbound: Inbound) -> bool:
    """Tell whether this is the first limited text of its minute: only that one gets a reply."""
    return _first(inbound, "limited", RATE_WINDOW)


def first_repeat(inbound: Inbound) -> bool:
    """Tell whether this is the first repeat dropped in its window: only that one gets a reply.

    A person who sent the same text again hears why it went nowhere; an auto-responder that
    answers that reply with its same text again is dropped without a word, so the loop ends.
    """
    return _first(inbound, "loop", LOOP_WINDOW)


def _first(inbound: Inbound, status: str, window: timedelta) -> bool:
    earlier = Inbound.select().where(
        Inbound.sender == inbound.sender, Inbound.id < inbound.id, Inbound.status == status,
        Inbound.received_at > inbound.received_at - window)
    return not earlier.exists()
