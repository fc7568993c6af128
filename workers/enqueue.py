"""Putting work on the queues: delivery batches and fan-outs, never a job per recipient."""

from __future__ import annotations

import logging

from redis.exceptions import RedisError

from handlers.context import Context
from workers.queues import POSTS, REPLIES, job_options, queue
from workers.retries import retry

log = logging.getLogger(__name__)

BATCH = 100  # messages per delivery job: RQ's cost per job is paid once for many
# A fan-out's jobs are larger: a job waits for its last sends to be answered before it ends, and
# with 200 in flight at 150 ms a request, a job of 100 spent half its time in that wait.
BULK_BATCH = 250
# Jobs are named, not imported: the jobs themselves queue more work through this module.
DELIVER = "workers.delivery.deliver"
FAN_OUT = "workers.fanout.fan_out"


def enqueue_deliveries(redis_url: str, ids: list[int], bulk: bool = False,
                       at_front: bool = False) -> bool:
    """Queue delivery jobs for outbox rows; False if Redis is down (the sweeper will do it)."""
    if not ids:
        return True
    q = queue(redis_url, POSTS if bulk else REPLIES)
    size = BULK_BATCH if bulk else BATCH
    jobs = [
        q.prepare_data(DELIVER, (ids[at : at + size],), retry=retry(), at_front=at_front,
                       **job_options())
        for at in range(0, len(ids), size)
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


def _safely(enqueue) -> bool:
    try:
        enqueue()
    except RedisError as error:
        log.warning("Redis unavailable, leaving work to the sweeper: %s", error)
        return False
    return True
