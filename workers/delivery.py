"""Delivering outbox rows: claim, send, record; failures retried by RQ, then given up.

A row moves queued -> claimed (this job took it) -> sending (its request is going out now) ->
sent, or back to queued for a retry, or failed. "sending" is written just before each request,
so the sweeper can tell rows whose send never started (claimed) from rows caught mid-send.
Sends go out concurrently (workers/sending.py); this job's own thread paces them, marks each one
"sending" before handing it to the pool, and records every outcome.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from concurrent.futures import Future
from contextlib import nullcontext
from datetime import timedelta
from functools import lru_cache

from rq import get_current_job

from gateway.channels import Channel, PermanentError, TransientError, channel_for
from gateway.channels.base import UnknownOutcome
from gateway.config import Settings
from store.db import db
from store.delivery_state import apply_permanent_error
from store.models import Member, Outbox, utcnow
from workers.claims import Heartbeat, new_token
from workers.mail_compose import mail_send
from workers.pacing import Pacer
from workers.queues import POSTS, REPLIES, queue, redis_for
from workers.sending import InFlight

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 6  # then the row ends failed with its reason: nothing is retried forever
# RQ's own Retry re-runs a batch job after these waits (each stretched by up to JITTER, so a
# 429 storm's retries spread out); the attempts count on each row bounds it.
RETRY_INTERVALS = [2, 10, 30, 120, 600]
JITTER = 0.25
# A job sends for at most this long, then hands the rest to a new job at the front of its queue:
# a slow line (1 segment/s) never nears the job timeout, and a worker looks at its queues again.
SLICE_SECONDS = 10
REPLY_CHECK_SECONDS = 0.5  # how often a bulk job looks for a reply waiting behind it


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


def sending(row: Outbox) -> tuple[Callable[..., str], tuple, Pacer | None]:
    """Return how `row` goes out: its channel's send, the arguments, and the pacer to wait on."""
    if row.channel == "email":
        return *mail_send(row), None  # no SMS line to share: mail is never paced
    channel, pacer = channel_and_pacer()
    return channel.send, (row.to, row.body, row.id), pacer


@lru_cache(maxsize=1)
def heartbeat() -> Heartbeat | None:
    """Return this process's claim heartbeat (none without Redis: a direct call in a test)."""
    url = Settings.from_env().REDIS_URL
    return Heartbeat(redis_for(url)) if url else None


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
         .where(Outbox.id.in_(ids), Outbox.status == "queued", Outbox.channel == "sms",
                Outbox.member.in_(unreachable))
         .execute())
        (Outbox.update(status="claimed", claim=token, attempts=Outbox.attempts + 1, updated_at=now)
         .where(Outbox.id.in_(ids), Outbox.status == "queued", Outbox.next_attempt_at <= now)
         .execute())
    return list(Outbox.select().where(Outbox.claim == token).order_by(Outbox.id))


def deliver(ids: list[int]) -> int:
    """Send the queued rows among `ids`; return how many were sent."""
    token = new_token()
    beat = heartbeat()
    with db.connection_context(), beat.holding(token) if beat else nullcontext():
        try:
            return Batch(claim(ids, token)).run()
        finally:  # a crash mid-batch hands the rows it never started straight back
            (Outbox.update(status="queued")
             .where(Outbox.claim == token, Outbox.status == "claimed").execute())


class Batch:
    """One job's claimed rows, sent with many in flight, each outcome recorded as it ends."""

    def __init__(self, rows: list[Outbox]) -> None:
        self.rows = rows
        self.sent = 0
        self.retry: list[int] = []
        job = get_current_job()
        self.queue_name = job.origin if job else REPLIES
        self.started = self.checked = time.monotonic()

    def run(self) -> int:
        """Send every row, or as many as this slice allows; return how many were sent."""
        flight = InFlight()
        left: list[Outbox] = []
        try:
            for at, row in enumerate(self.rows):
                self.record(flight.finished())
                if self.should_yield():
                    left = self.rows[at:]
                    break
                self.record(flight.room())
                send, args, pacer = sending(row)
                if pacer:
                    pacer.wait(row.segments)
                if _start(row):
                    flight.submit(send, row, *args)
        finally:
            self.record(flight.drain())
        if left:
            self.hand_on(left)
        if self.retry:
            raise RetryLater(f"{len(self.retry)} of {len(self.rows)} rows will be retried")
        return self.sent

    def should_yield(self) -> bool:
        """Tell whether to stop here: the slice is over, or a reply waits behind bulk sends."""
        now = time.monotonic()
        if now - self.started >= SLICE_SECONDS:
            return True
        if self.queue_name != POSTS or now - self.checked < REPLY_CHECK_SECONDS:
            return False
        self.checked = now
        return queue(Settings.from_env().REDIS_URL, REPLIES).count > 0

    def hand_on(self, rows: list[Outbox]) -> None:
        """Give rows this job will not send back, and queue them at the front of its queue."""
        from workers.enqueue import enqueue_deliveries

        ids = [row.id for row in rows]
        (Outbox.update(status="queued")
         .where(Outbox.id.in_(ids), Outbox.claim == rows[0].claim, Outbox.status == "claimed")
         .execute())
        enqueue_deliveries(Settings.from_env().REDIS_URL, ids, bulk=self.queue_name == POSTS,
                           at_front=True)

    def record(self, ended: list[tuple[Outbox, Future]]) -> None:
        """Write the outcome of each ended send, all in one transaction."""
        if not ended:
            return
        with db.atomic():
            for row, future in ended:
                self.record_one(row, future)

    def record_one(self, row: Outbox, future: Future) -> None:
        error = future.exception()
        if error is None:
            mark_sent(row.id, future.result())
            self.sent += 1
        elif isinstance(error, TransientError):
            self.retry.append(row.id)
            _retry_or_fail(row, str(error))
        elif isinstance(error, PermanentError):
            _fail(row, error.code, str(error))
        elif isinstance(error, UnknownOutcome):
            # Left "sending": its status callback, or the sweeper's lookup, settles it.
            _note(row, f"no answer from the provider: {error}")
        else:  # a bug, not the provider: the request may have gone out, so settle it the same way
            log.error("send of row %s raised", row.id, exc_info=error)
            _note(row, f"the send raised {error!r}")


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
