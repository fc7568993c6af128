"""Children die with their parent: SIGKILL of a worker, or of `make run`, leaves no process behind.

Only the parent is killed, as `kill -9 PID` would: its children (the sweeper, RQ's scheduler;
for `make run` the web server, the worker and the SMTP bridge, and theirs) must all be gone
within seconds, so a restarted worker never competes with ghosts.
"""

from __future__ import annotations

import contextlib
import ipaddress
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

from loopback.services import ROOT, WorkerProcess, free_port
from tests.conftest import worker_env

START_TIMEOUT = 120  # seconds for processes to start on a busy two-core machine
GONE_TIMEOUT = 20  # seconds for every child to be gone after its parent was killed


def parent_of(pid: int) -> int | None:
    """Return the parent pid of a live process, None when it is gone or a zombie."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    state, ppid = stat.rsplit(")", 1)[1].split()[:2]
    return None if state in ("Z", "X") else int(ppid)


def descendants(pid: int) -> set[int]:
    """Return every live process below `pid`."""
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            ppid = parent_of(int(entry.name))
            if ppid is not None:
                parents[int(entry.name)] = ppid
    found, todo = set(), [pid]
    while todo:
        current = todo.pop()
        for child, ppid in parents.items():
            if ppid == current and child not in found:
                found.add(child)
                todo.append(child)
    return found


def wait_for(check, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"gave up waiting for {what}")


def kill_main_only_and_wait(process: subprocess.Popen, children: set[int]) -> None:
    """SIGKILL `process` alone; assert every one of `children` is gone soon after."""
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    try:
        wait_for(lambda: not [pid for pid in children if parent_of(pid) is not None],
                 GONE_TIMEOUT, "the children to die with their parent")
    finally:
        for pid in children:  # whatever the outcome, nothing is left for the next tests
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


def test_kill_9_of_a_worker_leaves_no_child_alive(crew, tmp_path):
    _, workers = crew
    # `python -m workers` as a deployment starts it: a child of ours, not of the fork server.
    worker = WorkerProcess(worker_env(workers.settings), tmp_path / "worker.log").start()
    # The sweeper and RQ's scheduler, each a fork of the worker's main process.
    children = wait_for(lambda: (found := descendants(worker.pid)) and len(found) >= 2 and found,
                        START_TIMEOUT, "the worker's sweeper and scheduler")
    assert worker.process is not None
    kill_main_only_and_wait(worker.process, children)


def test_kill_9_of_the_workers_supervisor_leaves_no_worker_alive(crew, tmp_path):
    _, workers = crew
    env = {**worker_env(workers.settings), "WORKERS": "2"}
    supervisor = WorkerProcess(env, tmp_path / "workers.log").start()
    try:  # two workers, each with its sweeper, and RQ's scheduler in the one that took its lock
        children = wait_for(lambda: (found := descendants(supervisor.pid)) and len(found) >= 5
                            and found, START_TIMEOUT, "both workers, their sweepers, a scheduler")
    except AssertionError:
        supervisor.kill()
        raise
    assert supervisor.process is not None
    kill_main_only_and_wait(supervisor.process, children)


def test_kill_9_of_make_run_leaves_no_process_alive_and_it_served_this_machine_only(
        crew, deployment, tmp_path):
    settings, _, _ = deployment
    port = free_port()
    env = {**os.environ, **worker_env(settings), "PORT": str(port),
           "SMTP_BRIDGE_PORT": str(free_port())}
    env.pop("HOST", None)  # the default binding: this machine only
    with open(tmp_path / "run.log", "ab") as log:
        run = subprocess.Popen([sys.executable, "-m", "gateway.run"], cwd=ROOT, env=env,
                               stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        wait_for(lambda: _answers(f"http://127.0.0.1:{port}/healthz"), START_TIMEOUT,
                 "make run's web server")
        # web (gunicorn and its worker), the worker (and its sweeper and scheduler), the bridge
        children = wait_for(lambda: (found := descendants(run.pid)) and len(found) >= 6 and found,
                            START_TIMEOUT, "every process of make run")
        outside = own_address()
        if outside is not None:  # a machine with a network: the web is not served on it
            assert not _answers(f"http://{outside}:{port}/healthz")
    except AssertionError:
        os.killpg(run.pid, signal.SIGKILL)
        run.wait()
        raise
    kill_main_only_and_wait(run, children)


def own_address() -> str | None:
    """Return this machine's address on its network (no packet is sent), if it has one."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # TEST-NET-1: only picks the outgoing interface
        except OSError:
            return None
        address = probe.getsockname()[0]
    return None if ipaddress.ip_address(address).is_loopback else address


def _answers(url: str) -> bool:
    try:
        return requests.get(url, timeout=2).status_code < 500
    except requests.RequestException:
        return False
