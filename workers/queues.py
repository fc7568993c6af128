"""Redis and the RQ queues every process shares."""

from __future__ import annotations

from redis import Redis
from rq import Queue

# Replies to a person's own text go ahead of bulk fan-out: workers listen in this order.
REPLIES = "replies"
POSTS = "posts"
QUEUE_NAMES = (REPLIES, POSTS)

# Redis must not grow without bound: finished jobs are dropped at once, failures kept a week for
# the ops page, and a job nobody picked up in a day is stale (the sweeper re-queues from the
# outbox, which is the truth).
RESULT_TTL = 0
FAILURE_TTL = 7 * 24 * 3600
JOB_TTL = 24 * 3600
JOB_TIMEOUT = 600  # a batch paced at 1 segment/s on a long code takes minutes


def connect(url: str, blocking: bool = False) -> Redis:
    """Return a new client for `url`; a down Redis fails fast instead of stalling a webhook.

    A worker's client is `blocking`: it waits on BLPOP for minutes, so it has no read timeout.
    A process keeps its clients on its Runtime (workers/runtime.py), made once.
    """
    return Redis.from_url(url, socket_connect_timeout=1, socket_timeout=None if blocking else 5,
                          health_check_interval=30)


def queue(redis: Redis, name: str) -> Queue:
    """Return the RQ queue `name` on `redis`."""
    return Queue(name, connection=redis, default_timeout=JOB_TIMEOUT)


def job_options() -> dict:
    """Return the TTLs every job is enqueued with."""
    return {"result_ttl": RESULT_TTL, "failure_ttl": FAILURE_TTL, "ttl": JOB_TTL}


def is_empty(redis: Redis, name: str) -> bool:
    """Tell whether the queue `name` has no job waiting."""
    return queue(redis, name).count == 0
