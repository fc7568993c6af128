"""Delivering outbox rows: claim, send, record; failures retried by RQ, then given up.

A row moves queued -> claimed (this job took it) -> sending (its request is going out now) ->
sent, or back to queued for a retry, or failed. "sending" is written just before the requests,
so the sweeper can tell rows whose send never started (claimed) from rows caught mid-send.
Sends go out concurrently (workers/sending.py); this job's own thread paces them, marks them
"sending" before handing them to the pool, and records every outcome.

Rows go in small groups (GROUP_ROWS, or GROUP_PACING of the line): one pacer call reserves the
group's slots, one UPDATE marks it "sending" once the pool has room for all of it, and one
UPDATE records the group's sent rows. A row's request still starts within a fraction of a
second of its "sending", as the sweeper's rule needs, and still waits for its own slot.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from concurrent.futures import Future
from contextlib import nullcontext

from rq import get_current_job

from store.db import db
from store.delivery_state import (
    claim,
    hand_back,
    mark_sending,
    mark_sent_many,
)
from store.models import Outbox
from workers import outcomes, runtime
from workers.claims import new_token
from workers.counters import Outcome, count_sends
from workers.enqueue import enqueue_bulk, enqueue_deliveries, enqueue_retry, take_waiting
from workers.mail_compose import mail_send
from workers.pacing import Pacer, Paused
from workers.queues import POSTS, REPLIES
from workers.sending import SEND_CONCURRENCY, InFlight

log = logging.getLogger(__name__)

# A job sends for at most this long, then hands the rest to a new job at the front of its queue:
# a slow line (1 segment/s) never nears the job timeout, and a worker looks at its queues again.
SLICE_SECONDS = 10
REPLY_CHECK_SECONDS = 0.05  # how often a bulk job looks for a reply waiting behind it
# A group of sends is marked "sending" at once: at most this many rows, and at most this much of
# the line's time, so no request in it starts long after its row was marked.
# 48: a group's hand-off to the send loop, its pacer call and its transaction are paid per group.
GROUP_ROWS = 48
GROUP_PACING = 0.050  # seconds
# The group's write (the last outcomes, its "sending") starts this long before its first slot:
# written after the slot, it made the request late, and a late text crowds the next ones.
WRITE_LEAD = 0.020  # seconds


class RetryLater(Exception):
    """Some rows of the batch failed for now; RQ retries the job, which re-claims only those."""


def sending(row: Outbox) -> tuple[Callable[..., str], tuple, Pacer | None]:
    """Return how `row` goes out: its channel's send, the arguments, and the pacer to wait on."""
    if row.channel == "email":
        return *mail_send(row), None  # no SMS line to share: mail is never paced
    channel, pacer = runtime.current().sms
    if hasattr(channel, "send_async"):  # on the process's event loop, not a thread per send
        return channel.send_async, (row.to, row.body, row.id, SEND_CONCURRENCY), pacer
    return channel.send, (row.to, row.body, row.id), pacer


def deliver(ids: list[int]) -> int:
    """Send the queued rows among `ids`; return how many were sent."""
    token = new_token()
    beat = runtime.current().heartbeat
    with db.connection_context(), beat.holding(token) if beat else nullcontext():
        try:
            return Batch(claim(ids, token)).run()
        finally:  # a crash mid-batch hands the rows it never started straight back
            with db.atomic():  # a transaction: on SQLite, it queues as every write does
                hand_back(token)


def deliver_waiting() -> int:
    """Send the reply rows waiting in Redis, up to a batch of them; return how many were sent.

    Rows that failed for now go to a plain delivery job, which RQ retries: a retry of this job
    would take other rows. (Rows not yet due then wait for the sweeper.)
    """
    redis, waits = runtime.current().redis(), runtime.current().settings.retry_seconds
    ids = take_waiting(redis)
    try:
        return deliver(ids) if ids else 0
    except RetryLater as later:
        log.info("%s; queued for retry", later)
        enqueue_retry(redis, ids, waits[0], waits)
        return 0


class Batch:
    """One job's claimed rows, sent with many in flight, each outcome recorded as it ends."""

    def __init__(self, rows: list[Outbox]) -> None:
        self.rows = rows
        self.sent = 0
        self.retry: list[int] = []
        self.outcomes: list[Outcome] = []  # for /metrics, counted once written
        self.instead: list[int] = []  # mails of texts that failed, and notices: queued once written
        self.ended: list[tuple[Outbox, Future]] = []  # sends over, their outcomes not yet written
        job = get_current_job()
        self.queue_name = job.origin if job else REPLIES
        self.started = self.checked = time.monotonic()

    def run(self) -> int:
        """Send every row, or as many as this slice allows; return how many were sent."""
        _, pacer = runtime.current().sms  # the SMS line's, which mail rows do not take
        flight = InFlight()
        at = 0
        try:
            while at < len(self.rows):
                self.ended += flight.finished()
                if self.should_yield():
                    break
                group = self.rows[at : at + self.group_size(at, pacer)]
                at += len(group)
                self.ended += flight.room(group)
                for row in group:  # a second message to someone waits for their first
                    self.ended += flight.settle(row.to)
                sends = {row.id: sending(row) for row in group}
                try:
                    due = self.pace([row for row in group if sends[row.id][2]], pacer)
                except Paused as paused:  # texts wait for the pause's end; mail goes on
                    at -= len(group)
                    texts = [row for row in self.rows[at:] if outcomes.sends_text(row)]
                    outcomes.hold(texts, paused.seconds)
                    held = {row.id for row in texts}
                    self.rows = self.rows[:at] + [r for r in self.rows[at:] if r.id not in held]
                    continue
                if due:  # written just ahead of the first slot, so the request leaves on time
                    _sleep_until(min(due.values()) - WRITE_LEAD)
                with db.atomic():  # one write per group: the last outcomes, then the next sends
                    self.record()
                    started = mark_sending(group)
                self.recorded()
                flight.start([(row, *sends[row.id][:2], due.get(row.id, 0.0))
                              for row in group if row.id in started])
        finally:  # whatever stopped the loop, every send that went out has its outcome written
            self.ended += flight.drain()
            if self.ended:
                with db.atomic():
                    self.record()
                self.recorded()
        if at < len(self.rows):
            self.hand_on(self.rows[at:])
        if self.retry:
            raise RetryLater(f"{len(self.retry)} of {len(self.rows)} rows will be retried")
        return self.sent

    def group_size(self, at: int, pacer: Pacer | None) -> int:
        """Return how many rows from `at` go out as one group.

        At most GROUP_ROWS, or GROUP_PACING of the line, and each to a different address: two
        messages to one person go out one after the other, so they arrive in the order written.
        """
        budget = GROUP_PACING * 1_000_000
        size, seen = 0, set()
        for row in self.rows[at : at + GROUP_ROWS]:
            if pacer is not None and row.segments:
                budget -= pacer.length(row.segments)
            if size and (budget < 0 or row.to in seen):
                break
            seen.add(row.to)
            size += 1
        return size

    @staticmethod
    def pace(texts: list[Outbox], pacer: Pacer | None) -> dict[int, float]:
        """Reserve the line for a group's texts; return when each may go (monotonic time)."""
        texts = [row for row in texts if row.segments > 0]
        if pacer is None or not texts:
            return {}
        times = pacer.schedule([row.segments for row in texts])
        return {row.id: when for row, when in zip(texts, times, strict=True)}

    def should_yield(self) -> bool:
        """Tell whether to stop here: the slice is over, or a reply waits behind bulk sends."""
        now = time.monotonic()
        if now - self.started >= SLICE_SECONDS:
            return True
        if self.queue_name != POSTS or now - self.checked < REPLY_CHECK_SECONDS:
            return False
        self.checked = now
        return runtime.current().queue(REPLIES).count > 0

    def hand_on(self, rows: list[Outbox]) -> None:
        """Give rows this job will not send back, and queue them at the front of its queue."""
        ids = [row.id for row in rows]
        with db.atomic():
            (Outbox.update(status="queued")
             .where(Outbox.id.in_(ids), Outbox.claim == rows[0].claim, Outbox.status == "claimed")
             .execute())
        serving = runtime.current()
        if self.queue_name == POSTS:
            enqueue_bulk(serving.redis(), ids, serving.settings.retry_seconds, at_front=True)
        else:
            enqueue_deliveries(serving.redis(), ids, at_front=True)

    def record(self) -> None:
        """Write the outcome of each ended send, in the caller's transaction."""
        sent = [(row.id, future.result()) for row, future in self.ended
                if future.exception() is None]
        mark_sent_many(sent)
        self.outcomes += [(row.channel, "sent", None) for row, future in self.ended
                          if future.exception() is None]
        for row, future in self.ended:
            if (error := future.exception()) is not None:
                self.record_failure(row, error)

    def recorded(self) -> None:
        """Note the outcomes as written, once their transaction has committed."""
        self.sent += sum(1 for _, future in self.ended if future.exception() is None)
        self.ended = []
        redis = runtime.current().redis()
        count_sends(redis, self.outcomes)
        enqueue_deliveries(redis, self.instead)
        self.outcomes, self.instead = [], []

    def record_failure(self, row: Outbox, error: BaseException) -> None:
        failure = outcomes.record_failure(row, error)
        if failure.retry:
            self.retry.append(row.id)
        self.outcomes += failure.counted
        self.instead += failure.instead


def _sleep_until(when: float) -> None:
    delay = when - time.monotonic()
    if delay > 0:
        time.sleep(delay)
