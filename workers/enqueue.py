"""Putting work on the queues: delivery batches and fan-outs, never a job per recipient.

Nor a job per reply: a text's replies join a list of reply rows waiting in Redis, and one job
on the `replies` queue (queued only when none is) takes up to BATCH of them at a time. So 2,000
people texting at once cost a few dozen jobs, not 2,000 at RQ's cost each, and a reply still
never waits behind a post. The outbox stays the truth: rows lost with Redis are found by the
sweeper, and a row listed twice is claimed, and sent, once.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from redis import Redis
from redis.exceptions import RedisError

from handlers.context import Context
from workers.queues import (
    FAILURE_TTL,
    JOB_TIMEOUT,
    JOB_TTL,
    POSTS,
    REPLIES,
    RESULT_TTL,
    job_options,
    queue,
)
from workers.retries import job_wait, retry

log = logging.getLogger(__name__)

BATCH = 100  # messages per delivery job: RQ's cost per job is paid once for many
# A fan-out's jobs are larger: a job waits for its last sends to be answered before it ends, and
# with 200 in flight at 150 ms a request, a job of 100 spent half its time in that wait.
BULK_BATCH = 500
# Jobs are named, not imported: the jobs themselves queue more work through this module.
DELIVER = "workers.delivery.deliver"
DELIVER_WAITING = "workers.delivery.deliver_waiting"
FAN_OUT = "workers.fanout.fan_out"
FIRE = "workers.reminders.fire_due"
CLEAN = "workers.mail_clean.clean"
WAITING = "commons:replies:waiting"  # reply rows waiting for a job, oldest first
# Set while a job for the waiting replies is queued and not yet started. It expires, so a job
# lost with its queue (a flushed Redis) does not leave replies waiting for ever.
DRAIN_QUEUED = "commons:replies:job"


def enqueue_deliveries(redis: Redis, ids: list[int], at_front: bool = False) -> bool:
    """Queue outbox rows for the reply job; False if Redis is down (the sweeper will do it)."""
    return _safely(lambda: wait_for_delivery(redis, ids, at_front)) if ids else True


def enqueue_bulk(redis: Redis, ids: list[int], waits: Sequence[int],
                 at_front: bool = False) -> bool:
    """Queue a fan-out's rows in batch jobs, retried after `waits` (RETRY_SECONDS); False if
    Redis is down (the sweeper will do it)."""
    if not ids:
        return True
    q = queue(redis, POSTS)
    size = BULK_BATCH
    jobs = [
        q.prepare_data(DELIVER, (ids[at : at + size],), retry=retry(waits), at_front=at_front,
                       **job_options())
        for at in range(0, len(ids), size)
    ]
    return _safely(lambda: q.enqueue_many(jobs))


def wait_for_delivery(redis: Redis, ids: list[int], at_front: bool = False) -> None:
    """Add reply rows to the waiting list; queue a job to take them unless one is queued."""
    pipe = redis.pipeline(transaction=False)
    (pipe.lpush if at_front else pipe.rpush)(WAITING, *ids)
    pipe.set(DRAIN_QUEUED, 1, nx=True, ex=JOB_TIMEOUT)
    _, fresh = pipe.execute()
    if fresh:
        queue_drain(redis)


def requeue_waiting(redis: Redis, ids: list[int]) -> bool:
    """List reply rows left behind again, and queue a job for them whatever DRAIN_QUEUED says.

    The sweeper's call, made only when no reply job is queued: a job lost after a worker took
    it off the queue (killed before it ran) leaves DRAIN_QUEUED set for JOB_TIMEOUT with no job
    behind it, and replies would wait that long. A second job finds the list empty.
    """
    def push() -> None:
        pipe = redis.pipeline(transaction=False)
        pipe.rpush(WAITING, *ids)
        pipe.set(DRAIN_QUEUED, 1, ex=JOB_TIMEOUT)
        pipe.execute()
        queue_drain(redis)

    return _safely(push) if ids else True


def queue_drain(redis: Redis) -> None:
    """Queue a job for the waiting replies, ahead of any other reply job."""
    q = queue(redis, REPLIES)
    q.enqueue_many([q.prepare_data(DELIVER_WAITING, (), at_front=True, **job_options())])


def take_waiting(redis: Redis) -> list[int]:
    """Take up to BATCH waiting reply rows; queue another job if more are waiting."""
    pipe = redis.pipeline(transaction=True)
    pipe.delete(DRAIN_QUEUED)  # first: a reply listed after the pop below queues a new job
    pipe.lpop(WAITING, BATCH)
    pipe.llen(WAITING)
    _, taken, left = pipe.execute()
    if left and redis.set(DRAIN_QUEUED, 1, nx=True, ex=JOB_TIMEOUT):
        queue_drain(redis)  # another worker takes the next ones meanwhile
    return [int(row_id) for row_id in taken or []]


def enqueue_retry(redis: Redis, ids: list[int], seconds: int, waits: Sequence[int]) -> bool:
    """Queue a delivery job for `ids`, due in `seconds`, retried as any delivery job is."""
    q = queue(redis, REPLIES)
    return _safely(lambda: q.enqueue_in(timedelta(seconds=job_wait(seconds)), DELIVER, ids,
                                        retry=retry(waits), **job_options()))


def enqueue_fan_out(redis: Redis, message_ids: list[int]) -> bool:
    """Queue one fan-out job per post; False if Redis is down (the sweeper will do it)."""
    if not message_ids:
        return True
    q = queue(redis, POSTS)
    jobs = [q.prepare_data(FAN_OUT, (mid,), **job_options()) for mid in message_ids]
    return _safely(lambda: q.enqueue_many(jobs))


def queue_effects(redis: Redis, ctx: Context) -> None:
    """Queue the texts and fan-outs a handled text caused; the sweeper covers a Redis outage."""
    enqueue_deliveries(redis, ctx.outbox_ids)
    enqueue_fan_out(redis, ctx.posts)
    schedule_firing(redis, ctx.wake_at)
    enqueue_cleaning(redis, ctx.cleaning)


def enqueue_cleaning(redis: Redis, inbound_ids: list[int]) -> bool:
    """Queue a job to clean each member's mail; False if Redis is down (the sweeper will)."""
    if not inbound_ids:
        return True
    q = queue(redis, REPLIES)  # a person waits on it, as on a reply
    jobs = [q.prepare_data(CLEAN, (inbound_id,), **job_options()) for inbound_id in inbound_ids]
    return _safely(lambda: q.enqueue_many(jobs))


def schedule_firing(redis: Redis, times: list[datetime]) -> bool:
    """Have RQ's scheduler wake a firing at each time, one job per second however many are due.

    False if Redis is down: the sweeper fires whatever is due and unfired, so nothing is lost.
    """
    if not times:
        return True
    q = queue(redis, REPLIES)  # a short job that must not wait behind a big fan-out
    now = datetime.now(UTC).replace(tzinfo=None)

    def schedule() -> None:
        pipe = q.connection.pipeline()
        # Rounded up: a job woken in the second before its reminder's moment would find none due.
        for second in sorted({math.ceil(t.replace(tzinfo=UTC).timestamp()) for t in times}):
            at = datetime.fromtimestamp(second, UTC)
            wait = max(0, int((at.replace(tzinfo=None) - now).total_seconds()))
            # The same second's job is written again, not added: one wakes them all.
            job = q.create_job(FIRE, job_id=f"commons-remind-{second}", result_ttl=RESULT_TTL,
                               failure_ttl=FAILURE_TTL, ttl=wait + JOB_TTL)
            q.schedule_job(job, at, pipeline=pipe)
        pipe.execute()

    return _safely(schedule)


def enqueue_firing_now(redis: Redis) -> bool:
    """Queue one firing at once, for reminders the scheduler missed (the sweeper's call)."""
    q = queue(redis, REPLIES)
    return _safely(lambda: q.enqueue(FIRE, **job_options()))


def _safely(enqueue) -> bool:
    try:
        enqueue()
    except RedisError as error:
        log.warning("Redis unavailable, leaving work to the sweeper: %s", error)
        return False
    return True
