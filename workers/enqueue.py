"""Putting work on the queues: delivery batches and fan-outs, never a job per recipient."""

from __future__ import annotations

import logging
import math
from datetime import UTC, datetime

from redis.exceptions import RedisError

from handlers.context import Context
from workers.queues import FAILURE_TTL, JOB_TTL, POSTS, REPLIES, RESULT_TTL, job_options, queue
from workers.retries import retry

log = logging.getLogger(__name__)

BATCH = 100  # messages per delivery job: RQ's cost per job is paid once for many
# Jobs are named, not imported: the jobs themselves queue more work through this module.
DELIVER = "workers.delivery.deliver"
FAN_OUT = "workers.fanout.fan_out"
FIRE = "workers.reminders.fire_due"


def enqueue_deliveries(redis_url: str, ids: list[int], bulk: bool = False,
                       at_front: bool = False) -> bool:
    """Queue delivery jobs for outbox rows; False if Redis is down (the sweeper will do it)."""
    if not ids:
        return True
    q = queue(redis_url, POSTS if bulk else REPLIES)
    jobs = [
        q.prepare_data(DELIVER, (ids[at : at + BATCH],), retry=retry(), at_front=at_front,
                       **job_options())
        for at in range(0, len(ids), BATCH)
    ]
    return _safely(lambda: q.enqueue_many(jobs))


def enqueue_fan_out(redis_url: str, message_ids: list[int]) -> bool:
    """Queue one fan-out job per post; False if Redis is down (the sweeper will do it)."""
    if not message_ids:
        return True
    q = queue(redis_url, POSTS)
    jobs = [q.prepare_data(FAN_OUT, (mid,), **job_options()) for mid in message_ids]
    return _safely(lambda: q.enqueue_many(jobs))


def queue_effects(redis_url: str, ctx: Context) -> None:
    """Queue the texts and fan-outs a handled text caused; the sweeper covers a Redis outage."""
    enqueue_deliveries(redis_url, ctx.outbox_ids)
    enqueue_fan_out(redis_url, ctx.posts)
    schedule_firing(redis_url, ctx.wake_at)


def schedule_firing(redis_url: str, times: list[datetime]) -> bool:
    """Have RQ's scheduler wake a firing at each time, one job per second however many are due.

    False if Redis is down: the sweeper fires whatever is due and unfired, so nothing is lost.
    """
    if not times:
        return True
    q = queue(redis_url, REPLIES)  # a short job that must not wait behind a big fan-out
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


def enqueue_firing_now(redis_url: str) -> bool:
    """Queue one firing at once, for reminders the scheduler missed (the sweeper's call)."""
    q = queue(redis_url, REPLIES)
    return _safely(lambda: q.enqueue(FIRE, **job_options()))


def _safely(enqueue) -> bool:
    try:
        enqueue()
    except RedisError as error:
        log.warning("Redis unavailable, leaving work to the sweeper: %s", error)
        return False
    return True
