"""Sends in flight, so a slow provider does not make a slow worker.

Real Twilio answers in 100-300 ms, so a worker sending one text at a time manages a few per
second; throughput comes from many requests in flight. A channel with an asynchronous send
(Twilio's, on the `twilio` package's aiohttp client) sends on one event loop per worker process,
which holds hundreds of requests on one connection pool for little more than the requests
themselves; a send waits on the loop for its pacing slot, so the job's thread never sleeps per
text. Other sends (mail, the console) go out on bounded pools of threads, each thread with a
connection of its own. The loop and the pools live as long as the worker process, so
connections are reused from one job to the next. Only the job's own thread writes to the
database: it starts each send and records each outcome.
"""

from __future__ import annotations

import asyncio
import inspect
import os
import threading
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from typing import Any

# Sends in flight per worker process. At 150 ms a request that is up to ~2,600 texts/s per
# process; a job waits for room for a whole group, and for its last answers before it ends, so
# fewer are out on average: with 200, two workers made 790-830 texts/s at 150 ms, with 400,
# 1,430. On threads (64, one connection each) they made 400-465: a thread per send costs more
# CPU than the request, so the event loop holds them instead (bench/RESULTS.md).
SEND_CONCURRENCY = 400
# An SMTP server caps the connections one client holds (Postfix allows 50), and each send thread
# keeps one of its own: mail goes out on a smaller pool of its own, so it never holds more.
CHANNEL_CONCURRENCY = {"email": 16}

_pools: dict[str, tuple[int, ThreadPoolExecutor]] = {}
_loops: dict[int, asyncio.AbstractEventLoop] = {}
_loop_lock = threading.Lock()


def pool(channel: str = "sms") -> ThreadPoolExecutor:
    """Return this process's send pool for `channel` (a forked child builds its own)."""
    size = CHANNEL_CONCURRENCY.get(channel, SEND_CONCURRENCY)
    name = channel if channel in CHANNEL_CONCURRENCY else "send"
    kept = _pools.get(name)
    if kept is None or kept[0] != os.getpid():
        kept = _pools[name] = (os.getpid(), ThreadPoolExecutor(size, thread_name_prefix=name))
    return kept[1]


def send_loop() -> asyncio.AbstractEventLoop:
    """Return this process's event loop for asynchronous sends, started on first use."""
    loop = _loops.get(os.getpid())
    if loop is None:
        with _loop_lock:
            loop = _loops.get(os.getpid())
            if loop is None:
                loop = asyncio.new_event_loop()
                threading.Thread(target=loop.run_forever, name="send-loop", daemon=True).start()
                _loops[os.getpid()] = loop
    return loop


async def _send_when_due(future: Future, due: float, send: Callable[..., Any],
                         args: tuple) -> None:
    """Wait for the slot `due` (time.monotonic(), the loop's clock), send, settle `future`."""
    delay = due - time.monotonic()
    if delay > 0:
        await asyncio.sleep(delay)
    try:
        result = await send(*args)
    except BaseException as error:
        future.set_exception(error)
    else:
        future.set_result(result)


def _start_on_loop(loop: asyncio.AbstractEventLoop, sends: list[tuple]) -> None:
    for future, due, send, args in sends:
        task = loop.create_task(_send_when_due(future, due, send, args))
        _tasks.add(task)  # the loop keeps only a weak reference to a task
        task.add_done_callback(_tasks.discard)


_tasks: set[asyncio.Task] = set()


class InFlight:
    """The sends one job has out at once, at most `limit` of them."""

    def __init__(self, limit: int = SEND_CONCURRENCY) -> None:
        self.limit = min(limit, SEND_CONCURRENCY)
        self.futures: dict[Future, Any] = {}
        self.to: Counter[str] = Counter()  # sends out per address

    def __len__(self) -> int:
        return len(self.futures)

    def submit(self, send: Callable[..., str], row: Any, *args: Any) -> None:
        """Start `send(*args)` for `row` on the pool."""
        self.futures[pool(row.channel).submit(send, *args)] = row
        self.to[row.to] += 1

    def start(self, sends: list[tuple[Any, Callable[..., Any], tuple, float]]) -> None:
        """Start each (row, send, args, due) at its time `due` (time.monotonic(); 0: now).

        Asynchronous sends are handed to the loop at once, in one call, and wait there for their
        slots; the others are started on their pool when due, this thread sleeping until then.
        """
        later = []
        for row, send, args, due in sends:
            if inspect.iscoroutinefunction(send):
                future: Future = Future()
                self.futures[future] = row
                self.to[row.to] += 1
                later.append((future, due, send, args))
        if later:
            loop = send_loop()
            loop.call_soon_threadsafe(_start_on_loop, loop, later)
        for row, send, args, due in sends:
            if not inspect.iscoroutinefunction(send):
                delay = due - time.monotonic()
                if delay > 0:
                    time.sleep(delay)
                self.submit(send, row, *args)

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
        if not self.to[to]:
            return []
        same = [future for future, row in self.futures.items() if row.to == to]
        wait(same)
        return self._take(same)

    def drain(self) -> list[tuple[Any, Future]]:
        """Wait for every send still out (each is bounded by the client's timeout)."""
        wait(self.futures)
        return self._take(list(self.futures))

    def _take(self, done) -> list[tuple[Any, Future]]:
        taken = [(self.futures.pop(future), future) for future in done]
        for row, _ in taken:
            self.to[row.to] -= 1
            if not self.to[row.to]:
                del self.to[row.to]
        return taken
