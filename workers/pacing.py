"""Pacing sends in segments per second per sender number, shared by every worker through Redis."""

from __future__ import annotations

import math
import time

from redis import Redis

# Slots are 5% longer than the line's rate: a request reaches the provider some milliseconds
# earlier or later than its slot, and without slack one second could then see one text too many.
# 2% (20 ms at 10/s) was not enough on a loaded 2-core machine: the bench saw 11 in a second.
SLACK = 1.05
# The line is kept in microseconds: at an account's 2,000 segments/s a slot is 510 us, and
# milliseconds would round it up to 1 ms, halving the line.
MICROS = 1_000_000

# A group of sends reserves the next free stretch of the sender's line, as long as all their
# slots end to end. One script, so two workers can never take the same slot; Redis's clock is
# the one clock. Returns the stretch's start and how far off it is, in microseconds.
RESERVE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local free = tonumber(redis.call('GET', KEYS[1]) or '0')
local start = math.max(now, free)
local after = start + tonumber(ARGV[1])
redis.call('SET', KEYS[1], string.format('%d', after), 'PX', math.ceil((after - now) / 1000) + 1000)
return {start, start - now}
"""


class Pacer:
    """Hands out send slots so a sender never exceeds `per_second` segments per second."""

    def __init__(self, redis: Redis, sender: str, per_second: float) -> None:
        self.key = f"commons:pace-us:{sender}"  # not the old key: that one held milliseconds
        self.per_second = per_second
        self.reserve = redis.register_script(RESERVE)

    def length(self, segments: int) -> int:
        """Return how long, in microseconds, `segments` hold the line."""
        return math.ceil(MICROS * SLACK * segments / self.per_second)

    def slot(self, segments: int) -> tuple[int, int]:
        """Reserve a slot for `segments`; return its start (Redis clock, us) and the wait in us."""
        return self.slots([segments])

    def slots(self, segments: list[int]) -> tuple[int, int]:
        """Reserve back-to-back slots for several sends; return the first's start and wait (us)."""
        start, delay = self.reserve(keys=[self.key],
                                    args=[sum(self.length(n) for n in segments)])
        return int(start), int(delay)

    def schedule(self, segments: list[int]) -> list[float]:
        """Reserve slots for sends of `segments` each, in order; return when each may go.

        The times are time.monotonic() values: each send keeps its own slot, so a group is paced
        exactly as the same sends one by one would be.
        """
        _, delay = self.slots(segments)
        due = time.monotonic() + delay / MICROS
        times = []
        for n in segments:
            times.append(due)
            due += self.length(n) / MICROS
        return times
