"""Held texts: chat with no conversation waits for one answer, a bare @name, for 30 minutes.

A text cannot be unsent, so a held text is sent only by the very next text from its author, by
any door, when that text is a bare `@name` answering "Who is this for?" in time. Anything else
(a command, more chat, STOP, a mail, a photo alone) or the timeout drops it: the row is kept as
`dropped` and never delivered. A held text never surfaces later.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from parsers import Command
from store.models import HeldText, Member
from store.statements import Statement, slot

HOLD_MINUTES = 30
HOLD = timedelta(minutes=HOLD_MINUTES)
NEXT_TEXT, TIMEOUT = "next text", "timeout"


# Every text runs this look-up, so it is a Statement (store/statements.py), written once.
WAITING = Statement(lambda: HeldText.select()
                    .where(HeldText.member == slot("member"), HeldText.status == "held")
                    .order_by(HeldText.id.desc()).limit(1))


def waiting(member: Member) -> HeldText | None:
    """Return the member's text still waiting for its answer, if any."""
    return WAITING.first(HeldText, member=member.id)


def is_answer(command: Command | None) -> bool:
    """Tell whether `command` can answer "Who is this for?": a bare @name, nothing else."""
    return command is not None and command.action == "post" and not command.text


def take(member: Member, command: Command | None, now: datetime) -> HeldText | None:
    """Return the held text `command` answers; drop the member's held text if it answers none.

    Every door calls this with the member's next text before acting on it (a mail, which is
    never a bare @name answer, with None).
    """
    row = waiting(member)
    if row is None:
        return None
    expired = now - row.held_at > HOLD
    if is_answer(command) and not expired:
        return row
    drop(row, now, TIMEOUT if expired else NEXT_TEXT)
    return None


def drop(row: HeldText, now: datetime, reason: str) -> None:
    """Keep `row` as dropped: it will never be delivered."""
    (HeldText.update(status="dropped", settled_at=now, reason=reason)
     .where(HeldText.id == row.id, HeldText.status == "held").execute())


def drop_expired(now: datetime) -> int:
    """Drop every held text whose 30 minutes are up; return how many (the sweeper's step)."""
    return (HeldText.update(status="dropped", settled_at=now, reason=TIMEOUT)
            .where(HeldText.status == "held", HeldText.held_at < now - HOLD).execute())
