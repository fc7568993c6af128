"""Work that may run away, done in a forked child that is killed at a deadline.

Some of what a mail holds can keep a parser busy for minutes (regular expressions that
backtrack, header grammars that recurse), and it holds the GIL all along: every thread of the
process waits. Done in a child instead, it costs the caller a `select` on a pipe, and the child
is killed when its time is up. The child is a fork, so it needs nothing pickled: it already has
the data and the code; it answers in JSON and leaves by `os._exit`, running none of the
parent's exit handlers and closing none of its connections.
"""

from __future__ import annotations

import json
import math
import os
import resource
import select
import signal
import time
from collections.abc import Callable
from typing import Any

MAX_RESULT = 1024 * 1024  # bytes a child may answer with: a mail's facts, or one post


def within(seconds: float, work: Callable[[Any], Any], argument: Any) -> Any | None:
    """Return `work(argument)` computed in a forked child; None past `seconds` or on a failure.

    The child is killed at the deadline; it also has a CPU limit of its own, so it dies even if
    this process is killed first. Its answer comes back as JSON through a pipe.
    """
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child, which leaves by os._exit alone
        status = 1
        try:
            os.close(reader)
            signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the worker's warm stop
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            limit = math.ceil(seconds) + 1
            _, hard = resource.getrlimit(resource.RLIMIT_CPU)
            if hard != resource.RLIM_INFINITY:  # never above a limit the process already has
                limit = min(limit, hard)
            resource.setrlimit(resource.RLIMIT_CPU, (limit, hard))
            written = json.dumps(work(argument)).encode()
            with os.fdopen(writer, "wb") as out:
                out.write(written[:MAX_RESULT])
            status = 0
        finally:
            os._exit(status)  # none of the parent's exit handlers, finalizers or connections
    os.close(writer)
    reaped = False
    try:
        answer = _read(reader, time.monotonic() + seconds)
        if answer is None:
            return None
        _, status = os.waitpid(pid, 0)  # it closed the pipe: it is leaving
        reaped = True
        return json.loads(answer) if status == 0 else None
    except ValueError:  # cut short, or not JSON
        return None
    finally:
        os.close(reader)
        if not reaped:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            os.waitpid(pid, 0)


def _read(fd: int, deadline: float) -> bytes | None:
    """Read `fd` to its end; None if the deadline passes first."""
    chunks: list[bytes] = []
    while True:
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([fd], [], [], left)[0]:
            return None
        chunk = os.read(fd, 65536)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
