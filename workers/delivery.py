"""Delivering outbox rows: claim, send, record; failures retried by RQ, then given up."""

from __future__ import annotations

import logging
import uuid
from datetime import timedelta
from functools import lru_cache

from gateway.channels import Channel, PermanentError, TransientError, channel_for
from gateway.config import Settings
from store.db import db
from store.delivery_state import apply_permanent_error
from store.models import Outbox, utcnow
from workers.pacing import Pacer
from workers.queues import redis_for

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 6  # then the row ends failed with its reason: nothing is retried forever
# RQ's own Retry re-runs a batch job after these waits; the attempts count on each row bounds it.
RETRY_INTERVALS = [2, 10, 30, 120, 600]


class RetryLater(Exception):
    """Some rows of the batch failed for now; RQ retries the job, which re-claims only those."""


@lru_cache(maxsize=1)
def _channel() -> tuple[Channel, Pacer | None]:
    """Return the channel and, for a single Twilio number, the pacer its line needs.

    A Messaging Service queues and paces at Twilio, so it is sent to at the API's speed.
    """
    settings = Settings.from_env()
    channel = channel_for(settings)
    if channel.name != "twilio" or settings.TWILIO_MESSAGING_SERVICE_SID:
        return channel, None
    return channel, Pacer(redis_for(settings.REDIS_URL), settings.TWILIO_FROM, settings.TWILIO_MPS)


def claim(ids: list[int]) -> list[Outbox]:
    """Take the queued rows among `ids` for this job alone; another job gets none of them."""
    token = uuid.uuid4().hex
    now = utcnow()
    with db.atomic():
        (Outbox.update(status="sending", claim=token, attempts=Outbox.attempts + 1, updated_at=now)
         .where(Outbox.id.in_(ids), Outbox.status == "queued", Outbox.next_attempt_at <= now)
         .execute())
    return list(Outbox.select().where(Outbox.claim == token).order_by(Outbox.id))


def deliver(ids: list[int]) -> int:
    """Send the queued rows among `ids`; return how many were sent."""
    channel, pacer = _channel()
    sent = 0
    retry = []
    with db.connection_context():
        for row in claim(ids):
            if pacer:
                pacer.wait(row.segments)
            try:
                sid = channel.send(row.to, row.body, row.id)
            except TransientError as error:
                retry.append(row.id)
                _retry_or_fail(row, str(error))
                continue
            except PermanentError as error:
                _fail(row, error.code, str(error))
                continue
            _mark_sent(row, sid)
            sent += 1
    if retry:
        raise RetryLater(f"{len(retry)} of {len(ids)} rows will be retried")
    return sent


def _mark_sent(row: Outbox, sid: str) -> None:
    """Record the provider's id; a status callback that came first keeps its later status."""
    now = utcnow()
    with db.atomic():
        (Outbox.update(status="sent", provider_sid=sid, sent_at=now, updated_at=now, error=None)
         .where(Outbox.id == row.id, Outbox.status == "sending").execute())
        (Outbox.update(provider_sid=sid).where(Outbox.id == row.id, Outbox.provider_sid.is_null())
         .execute())


def _retry_or_fail(row: Outbox, reason: str) -> None:
    """Put a row back for RQ's next try, or end it failed once it has had its attempts."""
    if row.attempts >= MAX_ATTEMPTS:
        _fail(row, None, f"gave up after {row.attempts} attempts: {reason}")
        return
    wait = RETRY_INTERVALS[min(row.attempts - 1, len(RETRY_INTERVALS) - 1)]
    (Outbox.update(status="queued", error=reason[:500], updated_at=utcnow(),
                   next_attempt_at=utcnow() + timedelta(seconds=wait))
     .where(Outbox.id == row.id, Outbox.status == "sending").execute())


def _fail(row: Outbox, code: int | None, reason: str) -> None:
    """End a row failed with its reason, and apply what the error says about the member."""
    with db.atomic():
        (Outbox.update(status="failed", error_code=code, error=reason[:500], updated_at=utcnow())
         .where(Outbox.id == row.id, Outbox.status == "sending").execute())
        apply_permanent_error(row.member_id, code)
