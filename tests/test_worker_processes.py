"""`python -m workers` runs WORKERS processes, each told apart, and a stop leaves none behind."""

from __future__ import annotations

import os
import time
from pathlib import Path

from redis import Redis
from rq import Worker

from tests.conftest import worker_env
from tests.crowds import OWNER, crowd
from tests.deliveries import wait_until
from tests.services import WorkerProcess
from tests.test_faults import assert_each_sent_once
from tests.test_web_ops import basic
from tests.webapp import OPS_TOKEN, _site, _twilio_site_app, text  # noqa: F401

STOPPED = 20  # seconds: each worker finishes its job, then leaves


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
    assert supervisor.process.returncode == 0
    wait_until(lambda: not Worker.all(connection=redis), timeout=10)
