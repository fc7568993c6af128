"""Children die with their parent: a killed worker, or a killed `make run`, leaves nothing behind.

A worker forks its sweeper and RQ's scheduler; `make run` starts the web server, a worker and
the SMTP bridge. Killed with SIGKILL, a parent cannot stop its children, and they went on as
orphans: a restarted worker then shared the queues and the outbox with ghosts. Linux's
parent-death signal (prctl PR_SET_PDEATHSIG) has the kernel signal each child the moment its
parent dies, however it died. Elsewhere (no prctl) nothing changes.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys

PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>

_forking_pid = 0  # the pid of the process that is forking, seen by the child after the fork


def die_with_parent(parent: int, sig: int = signal.SIGKILL) -> None:
    """Have the kernel send `sig` to this process when its parent `parent` dies (Linux)."""
    if not sys.platform.startswith("linux"):
        return
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_PDEATHSIG, int(sig), 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_PDEATHSIG) failed")
    if os.getppid() != parent:  # the parent died before the signal was asked for
        os.kill(os.getpid(), sig)


def _note_forking_pid() -> None:
    global _forking_pid
    _forking_pid = os.getpid()


def _bind_to_parent() -> None:
    die_with_parent(_forking_pid)


def bind_forked_children() -> None:
    """Make every process this one forks from now on die (SIGKILL) when this one dies.

    Fork from the main thread only: the kernel signals a child when the thread that forked it
    ends, not only the process.
    """
    os.register_at_fork(before=_note_forking_pid, after_in_child=_bind_to_parent)


def dies_with_me(sig: int = signal.SIGTERM):
    """Return a subprocess `preexec_fn` that makes the child get `sig` when this process dies."""
    parent = os.getpid()
    return lambda: die_with_parent(parent, sig)
