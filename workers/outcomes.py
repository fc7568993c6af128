"""How a send ended, written down: a failure's row state, its count, what it causes; a pause.

A delivery job (workers/delivery.py) calls these in the transaction that records its sends.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass, field
from datetime import timedelta

from handlers.undelivered import text_failed
from store.db import db
from store.delivery_state import fail, note, retry_or_fail
from store.models import Outbox, utcnow
from store.outbox import SMS
from workers import runtime
from workers.channels import PermanentError, TransientError
from workers.channels.base import UnknownOutcome
from workers.counters import Outcome
from workers.enqueue import enqueue_retry
from workers.pacing import HELD_NOTE

log = logging.getLogger(__name__)


@dataclass
class Failure:
    """What one failed send leaves to do: retry the job, count it, queue what it caused."""

    retry: bool = False
    counted: list[Outcome] = field(default_factory=list)
    instead: list[int] = field(default_factory=list)  # a mail for the text, owners' notices


def record_failure(row: Outbox, error: BaseException) -> Failure:
    """Write how `row`'s send failed (caller's transaction); return what is left to do."""
    if isinstance(error, TransientError):
        ended = retry_or_fail(row, str(error), runtime.current().settings.retry_seconds)
        return Failure(retry=True, counted=[(row.channel, "failed" if ended else "retried", None)],
                       instead=text_failed(row, None, sender_line(row)) if ended else [])
    if isinstance(error, PermanentError):
        ended = fail(row, error.code, str(error))
        return Failure(counted=[(row.channel, "failed", error.code)],
                       instead=text_failed(row, error.code, sender_line(row)) if ended else [])
    if isinstance(error, UnknownOutcome):
        # Left "sending": its status callback, or the sweeper's lookup, settles it.
        note(row, f"no answer from the provider: {error}")
    else:  # a bug, not the provider: the request may have gone out, so settle it the same way
        log.error("send of row %s raised", row.id, exc_info=error)
        note(row, f"the send raised {error!r}")
    return Failure()


def hold(rows: list[Outbox], seconds: float) -> None:
    """Give back texts whose sender is paused, to be sent when the pause ends.

    A pause is no failed attempt: the claim's attempt is given back too.
    """
    if not rows:
        return
    wait = math.ceil(seconds)
    ids = [row.id for row in rows]
    with db.atomic():
        (Outbox.update(status="queued", attempts=Outbox.attempts - 1, error=HELD_NOTE,
                       next_attempt_at=utcnow() + timedelta(seconds=wait))
         .where(Outbox.id.in_(ids), Outbox.claim == rows[0].claim, Outbox.status == "claimed")
         .execute())
    log.info("%d texts held for %d s: their sender is paused", len(ids), wait)
    serving = runtime.current()
    enqueue_retry(serving.redis(), ids, wait, serving.settings.retry_seconds)


def sender_line(row: Outbox) -> str | None:
    """Name what `row` was sent from, as its failure keeps it: the number, else the service."""
    settings = runtime.current().settings
    if row.channel != SMS:
        return None
    return settings.TWILIO_FROM or settings.TWILIO_MESSAGING_SERVICE_SID or None


def sends_text(row: Outbox) -> bool:
    """Tell whether `row` goes out on a texting line (and so waits while it is paused)."""
    return row.channel == SMS and row.segments > 0
