"""Worker processes forked from one that has imported the worker already: each starts at once.

loopback.services.ForkServer starts this once per session. Each line on stdin asks for a worker:
`{"env": {...}, "log": "path"}`. A child is forked for it, in a session of its own, its output
to the log and its environment replaced by `env`; then it is the real worker process,
`workers.__main__.main()`, exactly as `python -m workers` would run it. The child's pid is
written back on stdout. Nothing here opens a connection before the fork.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import threading
import time
import traceback

from twilio.rest import Client

import workers.__main__ as worker

# What the channel's warm() would load on the first send: the client's API modules.
_ = Client("AC" + "0" * 32, "forkserver").messages


def run(env: dict[str, str], log: str) -> None:
    """Become the worker process (in the forked child); never return."""
    status = 0
    try:
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)  # the worker waits on its own children
        os.setsid()  # so a kill of its group takes its sweeper and scheduler down with it
        out = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        os.dup2(out, 1)
        os.dup2(out, 2)
        nothing = os.open(os.devnull, os.O_RDONLY)
        os.dup2(nothing, 0)
        os.environ.clear()
        os.environ.update(env)
        worker.main()
    except BaseException:  # whatever ends the worker, the child ends with it
        traceback.print_exc()
        status = 1
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(status)


def outlive_nobody(children: list[int]) -> None:
    """Kill every worker forked here, with its sweeper and scheduler, and leave."""
    for pid in children:
        try:
            os.killpg(pid, signal.SIGKILL)  # each worker leads a session of its own
        except (ProcessLookupError, PermissionError):
            pass
    os._exit(0)


def watch(parent: int, children: list[int]) -> None:
    """When the test session is gone (killed, so it closed nothing), take every worker down
    with it: a worker left behind would go on taking jobs from the next run's Redis."""
    while os.getppid() == parent:
        time.sleep(1)
    outlive_nobody(children)


def main() -> None:
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # the children are reaped as they end
    children: list[int] = []
    threading.Thread(target=watch, args=(os.getppid(), children), daemon=True).start()
    for line in sys.stdin:
        order = json.loads(line)
        pid = os.fork()
        if pid == 0:
            run(order["env"], order["log"])
        children.append(pid)
        print(pid, flush=True)
    outlive_nobody(children)  # the session closed our stdin: it is over, or gone


if __name__ == "__main__":
    main()
