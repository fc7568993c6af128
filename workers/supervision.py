"""Keep child processes running: one that dies is started again, the others never stopped.

Used by `python -m workers` (its WORKERS worker processes) and by `make run` (web, workers,
SMTP bridge). A child that dies is logged and started again after a pause that doubles each
time it dies soon after starting (a crash loop costs little), and that is reset once it has
stayed up a while. Only a stop of the parent (SIGTERM, Ctrl-C) stops the children.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.process import BaseProcess
from typing import Any

log = logging.getLogger(__name__)

RESTART_FIRST = 1.0  # seconds before a child that died is started again (RESTART_SECONDS)
RESTART_MOST = 30.0  # seconds at most between the starts of a child that keeps dying
STEADY = 60.0  # seconds up after which a child counts as healthy: its next pause is the first
POLL = 0.2  # seconds between looks at the children

Process = BaseProcess | subprocess.Popen


def exit_code(process: Process) -> int | None:
    """Return how `process` ended (negative: the signal that killed it); None while it runs."""
    if isinstance(process, subprocess.Popen):
        return process.poll()
    return process.exitcode


def ended(code: int) -> str:
    """Say how a process ended, from its exit code."""
    if code < 0:
        try:
            return f"killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    return f"exited with status {code}"


@dataclass
class Child:
    """One supervised process: how to start it, and the one running now."""

    name: str
    start: Callable[[], Process]
    own_group: bool = False  # started as the leader of its own process group (its children too)
    process: Any = None
    started_at: float = 0.0
    pause: float = RESTART_FIRST
    restart_at: float | None = None
    restarts: int = 0

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process is not None else None

    def launch(self) -> None:
        """Start the process now."""
        self.process = self.start()
        self.started_at = time.monotonic()
        self.restart_at = None


class Supervisor:
    """Start children, restart any that dies (with backoff), stop them all on request."""

    def __init__(self, children: list[Child], first_pause: float = RESTART_FIRST) -> None:
        self.children = children
        self.first_pause = first_pause  # before a child that died is started again

    def start(self) -> None:
        """Start every child."""
        for child in self.children:
            child.pause = self.first_pause
            child.launch()

    def tend(self, now: float | None = None) -> None:
        """Note children that died, and start again those whose pause is over."""
        now = time.monotonic() if now is None else now
        for child in self.children:
            if child.restart_at is None:
                code = exit_code(child.process)
                if code is None:
                    continue
                if now - child.started_at >= STEADY:
                    child.pause = self.first_pause
                _kill_group(child)  # what it started dies with it: no orphan holds its port
                log.warning("%s[%s] %s; starting it again in %g s, the others run on",
                            child.name, child.pid, ended(code), child.pause)
                child.restart_at = now + child.pause
                child.pause = min(child.pause * 2, RESTART_MOST)
            elif now >= child.restart_at:
                child.launch()
                child.restarts += 1
                log.warning("%s started again as %s[%s]", child.name, child.name, child.pid)

    def watch(self, poll: float = POLL) -> None:
        """Tend the children until the parent is stopped (SystemExit or KeyboardInterrupt)."""
        while True:
            self.tend()
            time.sleep(poll)

    def stop(self, forward: bool = True, wait: float = 15.0) -> None:
        """SIGTERM every running child (unless the terminal did already), kill what outstays.

        A child with a group of its own is signalled as a group, and whatever of the group
        is left after `wait` (a hung gunicorn worker whose master has gone) is killed.
        """
        running = [c for c in self.children
                   if c.process is not None and exit_code(c.process) is None]
        if forward:
            for child in running:
                _signal(child, signal.SIGTERM)
        deadline = time.monotonic() + wait
        for child in running:
            _wait(child.process, max(0.0, deadline - time.monotonic()))
        for child in self.children:
            if child.process is None:
                continue
            if exit_code(child.process) is None:
                child.process.kill()
                _wait(child.process, None)
            _kill_group(child)


def _signal(child: Child, signum: int) -> None:
    try:
        if child.own_group:
            os.killpg(child.process.pid, signum)  # running: it has a process
        elif isinstance(child.process, subprocess.Popen):
            child.process.send_signal(signum)
        else:
            child.process.terminate()  # SIGTERM too
    except ProcessLookupError:
        pass


def _kill_group(child: Child) -> None:
    """Kill whatever is left of a child's own process group, once the child has ended."""
    if child.own_group and child.pid is not None:
        try:
            os.killpg(child.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass


def _wait(process: Process, timeout: float | None) -> None:
    if isinstance(process, subprocess.Popen):
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            pass
    else:
        process.join(timeout)
