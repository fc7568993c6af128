"""Delivering outbox rows: claim, send, record; failures retried by RQ, then given up.

A row moves queued -> claimed (this job took it) -> sending (its request is going out now) ->
sent, or back to queued for a retry, or failed. "sending" is written just before each request,
so the sweeper can tell rows whose send never started (claimed) from rows caught mid-send.
"""

from __future__ import annotations

import logging
import uuid
from datetime import timedelta
from functools import lru_cache

from gateway.channels import Channel, PermanentError, TransientError, channel_for
from gateway.channels.base import UnknownOutcome
from gateway.config import Settings
from store.db import db
from store.delivery_state import apply_permanent_error
from store.models import Member, Outbox, utcnow
from workers.pacing import Pacer
from workers.queues import redis_for

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 6  # then the row ends failed with its reason: nothing is retried forever
# RQ's own Retry re-runs a batch job after these waits; the attempts count on each row bounds it.
RETRY_INTERVALS = [2, 10, 30, 120, 600]


class RetryLater(Exception):
    """Some rows of the batch failed for now; RQ retries the job, which re-claims only those."""


@lru_cache(maxsize=1)
def channel_and_pacer() -> tuple[Channel, Pacer | None]:
    """Return the channel and, for a single Twilio number, the pacer its line needs.

    A Messaging Service queues and paces at Twilio, so it is sent to at the API's speed.
    """
    settings = Settings.from_env()
    channel = channel_for(settings)
    if channel.name != "twilio" or settings.TWILIO_MESSAGING_SERVICE_SID:
        return channel, None
    return channel, Pacer(redis_for(settings.REDIS_URL), settings.TWILIO_FROM, settings.TWILIO_MPS)


def claim(ids: list[int], token: str) -> list[Outbox]:
    """Take the queued rows among `ids` for this job alone; another job gets none of them.

    A member who opted out or whose number can't take texts since the row was written is sent
    nothing: their rows end failed instead.
    """
    now = utcnow()
    unreachable = Member.select(Member.id).where(Member.opted_out | Member.phone_invalid)
    with db.atomic():
        (Outbox.update(status="failed", error="the member can no longer receive texts",
                       updated_at=now)
         .where(Outbox.id.in_(ids), Outbox.status == "queued", Outbox.member.in_(unreachable))
         .execute())
        (Outbox.update(status="claimed", claim=token, attempts=Outbox.attempts + 1, updated_at=now)
         .where(Outbox.id.in_(ids), Outbox.status == "queued", Outbox.next_attempt_at <= now)
         .execute())
    return list(Outbox.select().where(Outbox.claim == token).order_by(Outbox.id))


def deliver(ids: list[int]) -> int:
    """Send the queued rows among `ids`; return how many were sent."""
    token = uuid.uuid4().hex
    with db.connection_context():
        try:
            return _send_claimed(claim(ids, token))
        finally:  # a crash mid-batch hands the rows it never started straight back
            (Outbox.update(status="queued")
             .where(Outbox.claim == token, Outbox.status == "claimed").execute())


def _send_claimed(rows: list[Outbox]) -> int:
    """Send claimed rows one by one, each marked "sending" just before its request."""
    channel, pacer = channel_and_pacer()
    sent = 0
    retry = []
    for row in rows:
        if pacer:
            pacer.wait(row.segments)
        if not _start(row):
            continue
        try:
            sid = channel.send(row.to, row.body, row.id)
        except TransientError as error:
            retry.append(row.id)
            _retry_or_fail(row, str(error))
            continue
        except PermanentError as error:
            _fail(row, error.code, str(error))
            continue
        except UnknownOutcome as error:
            # Left "sending": its status callback, or the sweeper's lookup, settles it.
            _note(row, f"no answer from the provider: {error}")
            continue
        mark_sent(row.id, sid)
        sent += 1
    if retry:
        raise RetryLater(f"{len(retry)} of {len(rows)} rows will be retried")
    return sent


def _start(row: Outbox) -> bool:
    """Mark the row's send as started now; False if it is no longer this job's to send."""
    return bool(Outbox.update(status="sending", updated_at=utcnow())
                .where(Outbox.id == row.id, Outbox.status == "claimed", Outbox.claim == row.claim)
                .execute())


def mark_sent(row_id: int, sid: str) -> None:
    """Record the provider's id; a status callback that came first keeps its later status."""
    now = utcnow()
    with db.atomic():
        (Outbox.update(status="sent", provider_sid=sid, sent_at=now, updated_at=now, error=None)
         .where(Outbox.id == row_id, Outbox.status == "sending").execute())
        (Outbox.update(provider_sid=sid).where(Outbox.id == row_id, Outbox.provider_sid.is_null())
         .execute())


def _note(row: Outbox, reason: str) -> None:
    Outbox.update(error=reason[:500]).where(Outbox.id == row.id).execute()


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
         .where(Outbox.id == row.id, Outbox.status.in_(["sending", "claimed"])).execute())
        apply_permanent_error(row.member_id, code)
