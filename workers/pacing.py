"""Pacing sends in segments per second per sender number and per Messaging Service, shared by
every worker through Redis; and holding a paused sender's sends."""

from __future__ import annotations

import math
import time
from collections.abc import Sequence

from redis import Redis

# Slots are 5% longer than the line's rate: a request reaches the provider some milliseconds
# earlier or later than its slot, and without slack one second could then see one text too many.
# 2% (20 ms at 10/s) was not enough on a loaded 2-core machine: the bench saw 11 in a second.
SLACK = 1.05
# The line is kept in microseconds: at an account's 2,000 segments/s a slot is 510 us, and
# milliseconds would round it up to 1 ms, halving the line.
MICROS = 1_000_000

# A group of sends reserves the next free stretch of every line it goes out on (its number, its
# Messaging Service), as long as all their slots end to end: it starts when the busiest line is
# free, and holds each line to its end. One script, so two workers can never take the same slot;
# Redis's clock is the one clock. Returns the stretch's start and how far off it is, in
# microseconds; or -1 and how long a paused line stays paused, in milliseconds, taking nothing.
# KEYS: the lines' pace keys, then their pause keys. ARGV: the stretch's length, the line count.
RESERVE = """
local lines = tonumber(ARGV[2])
local paused = 0
for i = 1, lines do
  paused = math.max(paused, redis.call('PTTL', KEYS[lines + i]))
end
if paused > 0 then
  return {-1, paused}
end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local start = now
for i = 1, lines do
  start = math.max(start, tonumber(redis.call('GET', KEYS[i]) or '0'))
end
local after = start + tonumber(ARGV[1])
for i = 1, lines do
  redis.call('SET', KEYS[i], string.format('%d', after), 'PX',
             math.ceil((after - now) / 1000) + 1000)
end
return {start, start - now}
"""

# A Messaging Service's US A2P 10DLC campaign is granted segments per second by its brand's
# tier (Twilio's "Message throughput (MPS) and Trust Scores for A2P 10DLC"). Each figure is the
# rate toward ONE major carrier (AT&T, T-Mobile, Verizon each get it): the total is three
# times as much, but every member may be on the same carrier, so one carrier's rate is the pace.
TIERS_10DLC = {
    "sole_proprietor": 0.25,  # AT&T's 15 a minute; 1 in total
    "low_volume": 1.25,  # Low Volume Standard brand: AT&T's 75 a minute
    "standard_low": 4.0,  # Standard brand, Trust Score 1-49 (12 in total)
    "standard_mid": 40.0,  # Trust Score 50-74 (120 in total)
    "standard_high": 75.0,  # Trust Score 75-100 (225 in total)
}


def service_rate(tier: str) -> float:
    """Return the segments per second TWILIO_10DLC_TIER grants: a tier's, or a number given."""
    if tier in TIERS_10DLC:
        return TIERS_10DLC[tier]
    try:
        rate = float(tier)
    except ValueError:
        raise ValueError(f"TWILIO_10DLC_TIER={tier!r} is neither a number nor one of "
                         f"{', '.join(TIERS_10DLC)}") from None
    if rate <= 0:
        raise ValueError(f"TWILIO_10DLC_TIER={tier!r}: segments per second must be above 0")
    return rate


HELD_NOTE = "waiting: its sender is paused"  # the error of a row held by a pause


def pace_key(line: str) -> str:
    return f"commons:pace-us:{line}"  # not the old key: that one held milliseconds


def pause_key(line: str) -> str:
    return f"commons:pause:{line}"


class Paused(Exception):
    """A line the send goes out on is paused (carrier filtering): try again in `seconds`."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"the sender is paused for {seconds:.0f} s more")
        self.seconds = seconds


def pause(redis: Redis, line: str, seconds: float) -> None:
    """Hold every send on `line` for `seconds` (the pause's end, as the database keeps it)."""
    if seconds > 0:
        redis.set(pause_key(line), 1, px=max(1, int(seconds * 1000)))


class Pacer:
    """Hands out send slots so no line exceeds its segments per second.

    A send holds its sender number's line (`sender` at `per_second`) and, through a Messaging
    Service, the service's line too (in `also`): both are paced, each at its own rate.
    """

    def __init__(self, redis: Redis, sender: str, per_second: float,
                 also: Sequence[tuple[str, float]] = ()) -> None:
        self.lines = [(sender, per_second), *also]
        self.keys = ([pace_key(line) for line, _ in self.lines]
                     + [pause_key(line) for line, _ in self.lines])
        self.per_second = min(rate for _, rate in self.lines)
        self.reserve = redis.register_script(RESERVE)

    def length(self, segments: int) -> int:
        """Return how long, in microseconds, `segments` hold the line (the slowest one)."""
        return math.ceil(MICROS * SLACK * segments / self.per_second)

    def slot(self, segments: int) -> tuple[int, int]:
        """Reserve a slot for `segments`; return its start (Redis clock, us) and the wait in us."""
        return self.slots([segments])

    def slots(self, segments: list[int]) -> tuple[int, int]:
        """Reserve back-to-back slots for several sends; return the first's start and wait (us).

        Raise Paused, reserving nothing, while a line is paused.
        """
        start, delay = self.reserve(keys=self.keys, args=[
            sum(self.length(n) for n in segments), len(self.lines)])
        if int(start) < 0:
            raise Paused(int(delay) / 1000)
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
