"""Faults during a fan-out: each ends with every recipient sent the post exactly once.

A hard kill is the one exception the wire allows: the sends it had in flight may go twice, and
the test counts them.
"""

from __future__ import annotations

import os
import signal
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from redis import Redis
from rq.registry import ScheduledJobRegistry

from gateway.app import create_app
from loopback.crowds import OWNER, accepted, crowd, most_in_flight
from loopback.services import RedisServer, WebServer, free_port
from store.db import db
from store.models import Inbound, Outbox
from tests.conftest import AUTH_TOKEN, clean, make_settings, worker_env
from tests.deliveries import wait_until
from tests.phones import Phones
from workers.enqueue import schedule_firing

pytestmark = pytest.mark.full_stack

POST = "[@crowd] alice: hello crowd"
RECOVERY = 60  # seconds: a restarted Redis, then RQ's reconnect backoff and a sweep


def statuses() -> dict[str, int]:
    with db.connection_context():
        rows = Outbox.select(Outbox.status).where(Outbox.kind == "post")
        found: dict[str, int] = {}
        for row in rows:
            found[row.status] = found.get(row.status, 0) + 1
        return found


def assert_each_sent_once(api, numbers: list[str]) -> None:
    counts = accepted(api)
    assert set(counts) == set(numbers)
    assert max(counts.values()) == 1
    assert statuses() == {"sent": len(numbers)}
    assert [r["body"] for r in api.messages() if r.get("sid")] == [POST] * len(numbers)


@pytest.mark.parametrize("fault", [
    {"status": 429, "code": 20429},
    {"status": 500},
    {"status": 503},
], ids=["429", "500", "503"])
def test_half_the_requests_refused_for_a_while(phones, twilio_api, fault):
    numbers = crowd(60)
    twilio_api.script(*[fault, {"status": 201}] * 30)  # the first 60 requests, every other one
    phones.text(OWNER, "@crowd hello crowd")
    phones.settle(30)
    assert_each_sent_once(twilio_api, numbers)
    assert len(twilio_api.messages()) == 90  # 60, then the 30 refused once more
    with db.connection_context():
        attempts = sorted(r.attempts for r in Outbox.select().where(Outbox.kind == "post"))
    assert attempts == [1] * 30 + [2] * 30


# The deployed 10 s timeout and 30 s look-up, in a test's time; the look-up comes after the hang.
@pytest.mark.settings(SEND_TIMEOUT_SECONDS=1.0, SENDING_STALE_SECONDS=4.0)
def test_a_provider_hanging_past_the_timeout_holds_up_only_its_own_sends(phones, twilio_api):
    numbers = crowd(40)
    twilio_api.auto_callbacks("sent")  # how a row learns its hung text went out after all
    twilio_api.hang(2, count=2)  # past the client's timeout
    phones.text(OWNER, "@crowd hello crowd")
    phones.settle(40)
    assert_each_sent_once(twilio_api, numbers)
    records = twilio_api.messages()
    assert len(records) == 40  # nothing sent again
    hung = [r for r in records if r["hung"]]
    others = [r for r in records if not r["hung"]]
    assert len(hung) == 2
    assert max(r["answered_at"] for r in others) < min(r["answered_at"] for r in hung)


# A dead job is known in a second (5 beats), its sends over after the timeout and a beat.
@pytest.mark.settings(SEND_TIMEOUT_SECONDS=1.0, SENDING_STALE_SECONDS=3.0,
                      CLAIM_HEARTBEAT_SECONDS=0.2)
def test_a_worker_killed_mid_batch_is_taken_over(crew):
    phones, workers = crew
    numbers = crowd(150)
    phones.api.set_latency(0.3)
    first = workers.start()
    phones.text(OWNER, "@crowd hello crowd")
    wait_until(lambda: len(phones.api.messages()) >= 40, what="sends under way")
    first.kill()
    in_flight = statuses().get("sending", 0)
    assert in_flight > 1  # the kill caught a batch with several sends out
    phones.api.set_latency(0)
    workers.start()
    phones.settle(RECOVERY)
    counts = accepted(phones.api)
    assert set(counts) == set(numbers)
    duplicated = sum(n - 1 for n in counts.values())
    assert duplicated <= in_flight
    assert statuses() == {"sent": len(numbers)}


def test_two_workers_split_a_fan_out_and_send_nothing_twice(crew):
    phones, workers = crew
    numbers = crowd(600)
    phones.api.set_latency(0.05)
    pids = {workers.start().pid, workers.start().pid}
    phones.text(OWNER, "@crowd hello crowd")
    phones.settle(RECOVERY)
    assert_each_sent_once(phones.api, numbers)
    with db.connection_context():
        claims = {r.claim for r in Outbox.select(Outbox.claim).where(Outbox.kind == "post")}
    assert None not in claims
    senders = {int(claim.split(":")[1]) for claim in claims if claim is not None}
    assert senders == pids


def test_sends_overlap_when_the_provider_is_slow(phones, twilio_api):
    numbers = crowd(64)
    twilio_api.set_latency(0.3)
    phones.text(OWNER, "@crowd hello crowd")
    phones.settle(30)
    assert_each_sent_once(twilio_api, numbers)
    assert most_in_flight(twilio_api.messages()) >= 16


def test_500_webhooks_at_once_are_each_handled_and_answered(phones, twilio_api):
    senders = [f"+1415{3_000_000 + n:07d}" for n in range(500)]
    with ThreadPoolExecutor(50) as pool:
        answers = list(pool.map(lambda number: phones.text(number, "help").status_code, senders))
    assert answers == [200] * 500
    phones.settle(60)
    with db.connection_context():
        assert Inbound.select().count() == 500
        assert {row.status for row in Inbound.select(Inbound.status)} == {"handled"}
        assert {row.status for row in Outbox.select(Outbox.status)} == {"sent"}
    counts = accepted(twilio_api)
    assert set(counts) == set(senders) and max(counts.values()) == 1


@pytest.fixture
def outage(deployment, database_url, twilio_api, tmp_path, fork_server):
    """A web app and a worker on a Redis of their own, to stop; the deployment's is stopped."""
    _, _, shared = deployment
    shared.stop()
    redis = RedisServer(tmp_path)
    redis.start()
    port = free_port()
    settings = make_settings(database_url, redis.url, twilio_api, port)
    twilio_api.reset()
    clean(redis.url)
    server = WebServer(create_app(settings), port).start()
    worker = fork_server.start(worker_env(settings))
    yield Phones(server.url, AUTH_TOKEN, twilio_api), redis
    worker.kill()
    server.stop()
    redis.stop()


def test_redis_stopped_mid_fan_out_and_restarted(outage):
    phones, redis = outage
    numbers = crowd(200)
    phones.api.set_latency(0.1)
    phones.text(OWNER, "@crowd hello crowd")
    wait_until(lambda: len(phones.api.messages()) >= 30, what="sends under way")
    redis.stop()
    wait_until(lambda: not statuses().get("sending"), what="the sends in flight to end")
    redis.start()
    phones.api.set_latency(0)
    phones.settle(RECOVERY)
    assert_each_sent_once(phones.api, numbers)


def test_rqs_scheduler_is_back_at_once_after_a_redis_restart(outage):
    """RQ itself looks for a dead scheduler every 10 minutes: retries and reminders waited."""
    _, redis = outage
    connection = Redis.from_url(redis.url)
    scheduler = scheduler_pid(connection)
    redis.stop()  # a crash: everything Redis held is gone, the scheduler's lock too
    wait_until(lambda: not running(scheduler), what="the scheduler to fail without Redis")
    redis.start()
    assert scheduler_pid(connection) != scheduler
    assert_scheduled_jobs_run(connection)


def test_rqs_scheduler_killed_alone_is_started_again_at_once(outage):
    _, redis = outage
    connection = Redis.from_url(redis.url)
    scheduler = scheduler_pid(connection)
    os.kill(scheduler, signal.SIGKILL)  # the worker itself runs on, idle
    wait_until(lambda: not running(scheduler), what="the scheduler to be gone")
    assert scheduler_pid(connection) != scheduler
    assert_scheduled_jobs_run(connection)


def scheduler_pid(connection: Redis, timeout: float = 30) -> int:
    """Wait for a live RQ scheduler holding the lock; return its pid."""
    def live() -> int | None:
        if not connection.exists("rq:scheduler-lock:replies"):
            return None
        for key in connection.keys("rq:scheduler:*"):
            pid = int(connection.hget(key, "pid") or 0)
            if pid and running(pid):
                return pid
        return None
    return wait_until(live, timeout=timeout, what="RQ's scheduler")


def assert_scheduled_jobs_run(connection: Redis) -> None:
    """A job scheduled a second ahead (a reminder's firing) is queued and run on time."""
    assert schedule_firing(connection, [datetime.now(UTC) + timedelta(seconds=1)])
    scheduled = ScheduledJobRegistry("replies", connection=connection)
    assert scheduled.count == 1
    wait_until(lambda: scheduled.count == 0 and not connection.keys("rq:job:commons-remind-*"),
               timeout=15, what="the scheduled job to be queued and run")


def running(pid: int) -> bool:
    """Tell whether process `pid` is alive (not gone, not a zombie)."""
    try:
        return "zombie" not in Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
