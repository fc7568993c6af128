"""Pacing sends in segments per second per sender number, shared by every worker through Redis."""

from __future__ import annotations

import math
import time

from redis import Redis

# Slots are 2% longer than the line's rate: a request reaches the provider a few milliseconds
# earlier or later than its slot, and without slack one second could then see one text too many.
SLACK = 1.02

# Each send reserves the next free slot on the sender's line, long enough for its segments.
# One script, so two workers can never take the same slot; Redis's clock is the one clock.
RESERVE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local free = tonumber(redis.call('GET', KEYS[1]) or '0')
local start = math.max(now, free)
local after = start + tonumber(ARGV[1])
redis.call('SET', KEYS[1], after, 'PX', after - now + 1000)
return {start, start - now}
"""


class Pacer:
    """Hands out send slots so a sender never exceeds `per_second` segments per second."""

    def __init__(self, redis: Redis, sender: str, per_second: float) -> None:
        self.key = f"commons:pace:{sender}"
        self.per_second = per_second
        self.reserve = redis.register_script(RESERVE)

    def length(self, segments: int) -> int:
        """Return how long, in ms, `segments` hold the line."""
        return math.ceil(1000 * SLACK * segments / self.per_second)

    def slot(self, segments: int) -> tuple[int, int]:
        """Reserve a slot for `segments`; return its start (Redis clock, ms) and the wait in ms."""
        start, delay = self.reserve(keys=[self.key], args=[self.length(segments)])
        return int(start), int(delay)

    def wait(self, segments: int) -> None:
        """Block until this sender may send `segments` more."""
        _, delay = self.slot(segments)
        if delay > 0:
            time.sleep(delay / 1000)
