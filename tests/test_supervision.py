"""The supervisor's backoff: a child that keeps dying is started less and less often."""

from __future__ import annotations

import subprocess

import pytest

from workers.supervision import RESTART_FIRST, RESTART_MOST, STEADY, Child, Supervisor


def dying() -> subprocess.Popen:
    process = subprocess.Popen(["false"])  # exits at once, status 1
    process.wait()
    return process


def test_a_child_dying_at_once_waits_longer_each_time_and_a_steady_one_starts_over(caplog):
    child = Child("web", dying)
    supervisor = Supervisor([child])
    supervisor.start()
    pauses = []
    for _ in range(8):
        noticed_at = child.started_at
        supervisor.tend(now=noticed_at)  # its death is noticed
        assert child.restart_at is not None
        pauses.append(child.restart_at - noticed_at)
        supervisor.tend(now=noticed_at + pauses[-1] / 2)  # too early: not started again
        assert child.restart_at is not None
        supervisor.tend(now=child.restart_at)  # started again
        assert child.restart_at is None
    # Times are time.monotonic()'s: (t + 30) - t need not be 30 exactly in floating point.
    assert pauses == pytest.approx([1, 2, 4, 8, 16, 30, 30, 30])
    assert (RESTART_FIRST, RESTART_MOST) == (1, 30)
    assert child.restarts == 8
    # It had stayed up a while (a second past STEADY: (t + 60) - t may fall short of 60 in
    # floating point): a fresh start.
    died_at = child.started_at + STEADY + 1
    supervisor.tend(now=died_at)
    assert child.restart_at is not None
    assert child.restart_at - died_at == pytest.approx(RESTART_FIRST)
    assert "web[" in caplog.text and "exited with status 1; starting it again in 1 s" in caplog.text
