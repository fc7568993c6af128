"""Helpers for the wire and delivery tests: deadlines, groups made by texting, what was sent."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from redis import Redis

from gateway.app import create_app
from loopback.services import WebServer
from store.db import db
from store.models import Member, Outbox
from store.settings import Settings
from tests.phones import Phones
from workers.queues import QUEUE_NAMES, queue
from workers.sweeper import SWEEPS

ALICE, BOB, CAROL, DAN, ERIN = (f"+1415555{n:04d}" for n in (101, 102, 103, 104, 105))
STRANGER = "+14155550199"
# For tests that wait on the worker's own clock (a reminder's time, a sweep): its sweeper and
# RQ's scheduler look five times a second, where the test deployment's look once a second.
FAST_CLOCK = pytest.mark.settings(SWEEP_SECONDS=0.2, SCHEDULER_SECONDS=0.2)


def wait_until(check: Callable[[], Any], timeout: float = 20, what: str = "it") -> Any:
    """Poll `check` until it answers something truthy; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        with db.connection_context():
            value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.05)


def sweeps(phones: Phones, count: int = 1) -> None:
    """Wait until the worker's sweeper has made `count` whole sweeps from now on, and the jobs
    they queued have run: whatever a sweep finds (a reminder firing late, work left behind) has
    been done, its texts queued. `phones` are those of the deployment whose worker it is."""
    assert phones.redis_url, "the phones fixture names its deployment's Redis"
    redis = Redis.from_url(phones.redis_url)
    start = int(redis.get(SWEEPS) or 0)
    # The sweep under way now, if one is, began before this moment: it does not count.
    wait_until(lambda: int(redis.get(SWEEPS) or 0) > start + count, what=f"{count} sweeps")
    wait_until(lambda: all(queue(redis, name).count == 0
                           and queue(redis, name).started_job_registry.count == 0
                           for name in QUEUE_NAMES), what="the worker's queues to empty")
    redis.close()


def make_group(phones: Phones, owner: str = ALICE, members: tuple[str, ...] = (BOB, CAROL),
               handle: str = "team") -> int:
    """Have `owner` (named alice) create @handle and every other number join it.

    Return how many send requests the provider has seen, so a test can look past the setup.
    """
    phones.text(owner, "name alice")
    phones.text(owner, f"create @{handle} Launch crew")
    for number in members:
        phones.text(number, f"join @{handle}")
    phones.settle()
    phones.received()  # the setup's replies are not what the test is about
    return len(phones.api.messages())


def sent_to(api, number: str, since: int = 0) -> list[str]:
    """Return the bodies the provider accepted for `number`, oldest first."""
    return [r["body"] for r in api.messages(since) if r["to"] == number and r.get("sid")]


def requests_to(api, number: str, since: int = 0) -> list[dict]:
    """Return every send request the provider saw for `number`, accepted or not."""
    return [r for r in api.messages(since) if r["to"] == number]


def member(number: str) -> Member:
    """Return the member whose phone is `number`."""
    with db.connection_context():
        return Member.get(Member.phone == number)


def rows_to(number: str) -> list[Outbox]:
    """Return the outbox rows addressed to `number`, oldest first."""
    with db.connection_context():
        return list(Outbox.select().where(Outbox.to == number).order_by(Outbox.id))


@contextmanager
def serving(settings: Settings) -> Iterator[WebServer]:
    """Serve another app instance of the same database on its own port, then stop it."""
    server = WebServer(create_app(settings), settings.PORT).start()
    try:
        yield server
    finally:
        server.stop()
