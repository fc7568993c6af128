"""Cleaning a member's mail, off every request path and with a hard time bound.

The regular expressions of quote finding (mail-parser-reply's above all) and of HTML conversion
can take a minute or more on a crafted body, holding the GIL all along: one such mail froze the
SMTP bridge and the web process. So a door only keeps the mail as it came (a draft) and queues
this job; the job cleans the draft in a forked child of its own, killed past MAIL_CLEAN_SECONDS,
so nothing of the worker (its sends in flight, its heartbeat) waits on it. A mail whose cleaning
runs out of time, or fails, is acted on as it came, roughly tidied and cut
(handlers/mail_clean.py rough_text), and its sender is told.
"""

from __future__ import annotations

import json
import logging
import math
import os
import resource
import select
import signal
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from handlers.context import Context
from handlers.mail_clean import clean_text
from handlers.mail_in import handle_cleaned
from store.db import db
from store.models import Inbound, utcnow
from store.settings import Settings
from workers import runtime
from workers.enqueue import queue_effects

log = logging.getLogger(__name__)

MAX_RESULT = 1024 * 1024  # bytes a child may answer with; a cleaned mail is one post
LEFT_PER_SWEEP = 5  # mails a sweep cleans itself, each within the time bound


def clean(inbound_id: int) -> None:
    """Clean a member's mail within the time bound and act on it (the RQ job); twice is harmless."""
    settings = runtime.settings()
    with db.connection_context():
        clean_now(inbound_id, settings)


def clean_now(inbound_id: int, settings: Settings) -> Context | None:
    """Clean a mail left "cleaning", act on it and queue what it caused; None if done already."""
    row = Inbound.get_or_none(Inbound.id == inbound_id, Inbound.status == "cleaning")
    if row is None or row.draft is None:
        return None
    text = within(settings.MAIL_CLEAN_SECONDS, clean_text, json.loads(row.draft))
    if text is None:
        log.warning("mail %s not cleaned within %s s: acted on as it came", inbound_id,
                    settings.MAIL_CLEAN_SECONDS)
    ctx = handle_cleaned(inbound_id, text if isinstance(text, str) else None, settings)
    if ctx is not None:
        queue_effects(settings.REDIS_URL, ctx)
    return ctx


def clean_left(settings: Settings) -> int:
    """Clean mails whose job was lost (Redis flushed or down, a worker killed); the sweeper's."""
    # Past the time a queued job had to start and finish, twice over.
    old = utcnow() - timedelta(seconds=settings.SWEEP_SECONDS + 2 * settings.MAIL_CLEAN_SECONDS)
    rows = (Inbound.select(Inbound.id).where(Inbound.status == "cleaning",
                                             Inbound.received_at < old)
            .order_by(Inbound.id).limit(LEFT_PER_SWEEP))
    return sum(clean_now(row.id, settings) is not None for row in rows)


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
            resource.setrlimit(resource.RLIMIT_CPU, (limit, limit))
            answer = json.dumps(work(argument)).encode()
            with os.fdopen(writer, "wb") as out:
                out.write(answer[:MAX_RESULT])
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
