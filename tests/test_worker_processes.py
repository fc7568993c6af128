"""`python -m workers` runs WORKERS processes, each told apart, and a stop leaves none behind."""

from __future__ import annotations

import dataclasses
import os
import re
import signal
import time
from pathlib import Path

from redis import Redis
from rq import Worker

from loopback.crowds import OWNER, crowd
from loopback.services import WorkerProcess
from store.db import db
from store.models import Outbox
from tests.conftest import worker_env
from tests.deliveries import wait_until
from tests.test_faults import assert_each_sent_once
from tests.test_web_ops import basic
from tests.webapp import OPS_TOKEN, _site, _twilio_site_app, text  # noqa: F401

STOPPED = 20  # seconds: each worker finishes its job, then leaves
RECOVERY = 60  # seconds: the sweeper's takeover of the killed worker's rows, then the rest


def descendants(pid: int) -> set[int]:
    """Return the pids of every process below `pid`."""
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        children = (task / "children").read_text().split()
        for child in map(int, children):
            found |= {child} | descendants(child)
    return found


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    status = Path(f"/proc/{pid}/status")
    return status.exists() and "zombie" not in status.read_text()


def test_workers_setting_starts_that_many_named_workers_and_stop_ends_them_all(crew, site,
                                                                              tmp_path):
    phones, workers = crew
    numbers = crowd(300)
    # `python -m workers` as a deployment runs it, a child of ours: its exit status is ours to see.
    supervisor = WorkerProcess({**worker_env(workers.settings), "WORKERS": "3"},
                               tmp_path / "workers.log").start()
    try:
        serve_and_stop(supervisor, phones, workers, site, numbers)
    finally:
        supervisor.kill()  # only if the test failed: nothing is left for the next tests


def serve_and_stop(supervisor: WorkerProcess, phones, workers, site, numbers) -> None:
    redis = Redis.from_url(workers.settings.REDIS_URL)
    wait_until(lambda: len(Worker.all(connection=redis)) == 3, timeout=30)
    names = sorted(w.name.split(".")[0] for w in Worker.all(connection=redis))
    assert names == ["worker-1", "worker-2", "worker-3"]
    ops = text(site.visitor().get("/ops", headers=basic(OPS_TOKEN)))
    assert all(f"<td>worker-{n}." in ops for n in (1, 2, 3))
    below = descendants(supervisor.pid)  # three workers, their sweepers, RQ's scheduler
    assert len(below) >= 6
    phones.text(OWNER, "@crowd hello crowd")
    phones.settle(60)
    assert_each_sent_once(phones.api, numbers)
    log = supervisor.log.read_text()
    for n in (1, 2, 3):
        assert f" worker-{n}[" in log
    supervisor.stop()
    deadline = time.monotonic() + STOPPED
    while any(alive(pid) for pid in below) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [pid for pid in below if alive(pid)]
    assert supervisor.process is not None and supervisor.process.returncode == 0
    wait_until(lambda: not Worker.all(connection=redis), timeout=10)


def children_of(pid: int) -> set[int]:
    """Return the pids of the processes `pid` started itself (its workers, not theirs)."""
    return {int(child) for task in Path(f"/proc/{pid}/task").iterdir()
            for child in (task / "children").read_text().split()}


def sending_pid() -> int | None:
    """Return the pid of a worker process that holds claimed or sending rows right now."""
    with db.connection_context():
        row = (Outbox.select(Outbox.claim)
               .where(Outbox.status.in_(["claimed", "sending"]), Outbox.claim.is_null(False))
               .first())
    return int(row.claim.split(":")[1]) if row else None


# A dead job is known in a second (5 beats), its sends over after the timeout and a beat.
def test_a_worker_killed_under_the_supervisor_is_replaced_and_the_others_send_on(crew, tmp_path):
    phones, workers = crew
    numbers = crowd(300)
    quick = dataclasses.replace(workers.settings, SEND_TIMEOUT_SECONDS=1.0,
                                SENDING_STALE_SECONDS=3.0, CLAIM_HEARTBEAT_SECONDS=0.2)
    supervisor = WorkerProcess({**worker_env(quick), "WORKERS": "2"},
                               tmp_path / "workers.log").start()
    try:
        redis = Redis.from_url(workers.settings.REDIS_URL)
        wait_until(lambda: len(Worker.all(connection=redis)) == 2, timeout=30, what="2 workers")
        first = children_of(supervisor.pid)
        assert len(first) == 2
        phones.api.set_latency(0.3)
        phones.text(OWNER, "@crowd hello crowd")
        wait_until(lambda: len(phones.api.messages()) >= 40, what="sends under way")
        victim = wait_until(lambda: (pid := sending_pid()) in first and pid, what="a sender")
        os.kill(victim, signal.SIGKILL)  # that worker alone, mid-batch
        phones.api.set_latency(0)
        now = wait_until(lambda: len(found := children_of(supervisor.pid) - {victim}) == 2
                         and found, timeout=30, what="the killed worker to be replaced")
        assert first - {victim} <= now  # the other worker was never stopped
        phones.settle(RECOVERY)
        assert_each_sent_once(phones.api, numbers)
        assert supervisor.process is not None and supervisor.process.poll() is None
        log = supervisor.log.read_text()
        assert f"[{victim}] killed by SIGKILL; starting it again in 0.2 s, the others run on" in log
        [replacement] = now - first
        assert re.search(rf"worker-[12] started again as worker-[12]\[{replacement}\]", log)
        assert "stopping the others" not in log
    finally:
        supervisor.kill()
