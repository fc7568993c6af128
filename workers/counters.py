"""Counters every process adds to in Redis, for /metrics: sends by outcome, webhook latency.

Web processes and workers run on several hosts; each adds its counts to the same Redis hashes,
so whichever web process Prometheus scrapes reads the whole deployment's totals (web/metrics.py).
A count is never worth a failed request: with Redis away it is dropped, and a flushed Redis
starts the counters again from 0, which Prometheus reads as a counter reset. Label values come
from small closed sets (channels, statuses, Twilio's error codes, our webhook paths), so the
hashes stay small.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable
from typing import cast

from redis import Redis
from redis.exceptions import RedisError

log = logging.getLogger(__name__)

SENDS = "commons:metrics:sends"  # field "channel|status|code" -> count
WEBHOOKS = "commons:metrics:webhook:"  # + path: field bucket bound, "sum", "count"
# Seconds, up to Twilio's 15 s limit for a webhook's answer.
BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 15.0)
INF = "+Inf"

Outcome = tuple[str, str, int | None]  # channel, status, error code


def count_sends(redis: Redis, outcomes: Iterable[Outcome]) -> None:
    """Add sends' outcomes (sent, failed, retried, delivered...) to the deployment's counts."""
    counts = Counter(f"{channel}|{status}|{code or ''}" for channel, status, code in outcomes)
    if not counts:
        return
    try:
        pipe = redis.pipeline(transaction=False)
        for field, n in counts.items():
            pipe.hincrby(SENDS, field, n)
        pipe.execute()
    except RedisError as error:
        log.debug("send counts dropped: %s", error)


def observe_webhook(redis: Redis, path: str, seconds: float) -> None:
    """Add one webhook answer's time to the deployment's histogram for `path`."""
    bucket = next((str(bound) for bound in BUCKETS if seconds <= bound), INF)
    try:
        pipe = redis.pipeline(transaction=False)
        pipe.hincrby(WEBHOOKS + path, bucket, 1)
        pipe.hincrbyfloat(WEBHOOKS + path, "sum", seconds)
        pipe.hincrby(WEBHOOKS + path, "count", 1)
        pipe.execute()
    except RedisError as error:
        log.debug("webhook time dropped: %s", error)


def sends(redis: Redis) -> dict[Outcome, int]:
    """Return every send outcome's count so far."""
    found = {}
    for field, n in redis.hgetall(SENDS).items():
        channel, status, code = cast(bytes, field).decode().split("|")
        found[(channel, status, int(code) if code else None)] = int(n)
    return found


def webhooks(redis: Redis) -> dict[str, tuple[list[tuple[str, int]], float, int]]:
    """Return each webhook path's histogram: cumulative (bound, count) pairs, sum and count."""
    found = {}
    for key in redis.scan_iter(match=WEBHOOKS + "*", count=100):
        fields = {cast(bytes, k).decode(): v for k, v in redis.hgetall(key).items()}
        running, buckets = 0, []
        for bound in [*map(str, BUCKETS), INF]:
            running += int(fields.get(bound, 0))
            buckets.append((bound, running))
        path = key.decode().removeprefix(WEBHOOKS)
        found[path] = (buckets, float(fields.get("sum", 0)), int(fields.get("count", 0)))
    return found
