"""Sends in flight: a bounded pool of threads, so a slow provider does not make a slow worker.

Real Twilio answers in 100-300 ms, so a worker sending one text at a time manages a few per
second; throughput comes from many requests in flight. Each thread keeps its own client and
connection (the channel holds one per thread), and the pools (one for texts, a smaller one for
mail) live as long as the worker process, so connections are reused from one job to the next.
The threads only send: every database write stays with the job's own thread, which starts each
send and records each outcome.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from typing import Any

# Sends in flight per worker process. At 150 ms a request that is up to ~400 texts/s per
# process; in groups of 16 rows not all are out at every moment. With 32, two workers made
# 250-265 texts/s at 150 ms in bench/fanout.py; with 64, 400-465.
SEND_CONCURRENCY = 64
# An SMTP server caps the connections one client holds (Postfix allows 50), and each send thread
# keeps one of its own: mail goes out on a smaller pool of its own, so it never holds more.
CHANNEL_CONCURRENCY = {"email": 16}

_pools: dict[str, tuple[int, ThreadPoolExecutor]] = {}


def pool(channel: str = "sms") -> ThreadPoolExecutor:
    """Return this process's send pool for `channel` (a forked child builds its own)."""
    size = CHANNEL_CONCURRENCY.get(channel, SEND_CONCURRENCY)
    name = channel if channel in CHANNEL_CONCURRENCY else "send"
    kept = _pools.get(name)
    if kept is None or kept[0] != os.getpid():
        kept = _pools[name] = (os.getpid(), ThreadPoolExecutor(size, thread_name_prefix=name))
    return kept[1]


class InFlight:
    """The sends one job has out at once, at most `limit` of them."""

    def __init__(self, limit: int = SEND_CONCURRENCY) -> None:
        self.limit = min(limit, SEND_CONCURRENCY)
        self.futures: dict[Future, Any] = {}

    def __len__(self) -> int:
        return len(self.futures)

    def submit(self, send: Callable[..., str], row: Any, *args: Any) -> None:
        """Start `send(*args)` for `row` on the pool."""
        self.futures[pool(row.channel).submit(send, *args)] = row

    def finished(self) -> list[tuple[Any, Future]]:
        """Return (row, future) for the sends that have ended, without waiting."""
        return self._take([f for f in self.futures if f.done()])

    def room(self, rows: list) -> list[tuple[Any, Future]]:
        """Wait until sends of all `rows` may start; return the sends that ended meanwhile."""
        ended: list[tuple[Any, Future]] = []
        while self.futures and not self.fits(rows):
            done, _ = wait(self.futures, return_when=FIRST_COMPLETED)
            ended += self._take(done)
        return ended

    def fits(self, rows: list) -> bool:
        """Tell whether `rows` may start now, within the limit and each channel's own."""
        if len(self.futures) + len(rows) > self.limit:
            return False
        for channel, limit in CHANNEL_CONCURRENCY.items():
            adding = sum(1 for row in rows if row.channel == channel)
            out = sum(1 for row in self.futures.values() if row.channel == channel)
            if adding and adding + out > limit:
                return False
        return True

    def settle(self, to: str) -> list[tuple[Any, Future]]:
        """Wait for the sends still out to `to`, so one person's messages arrive in order."""
        same = [future for future, row in self.futures.items() if row.to == to]
        if same:
            wait(same)
        return self._take(same)

    def drain(self) -> list[tuple[Any, Future]]:
        """Wait for every send still out (each is bounded by the client's timeout)."""
        wait(self.futures)
        return self._take(list(self.futures))

    def _take(self, done) -> list[tuple[Any, Future]]:
        return [(self.futures.pop(future), future) for future in done]
