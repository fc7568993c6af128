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
from datetime import timedelta

from handlers.context import Context
from handlers.mail_clean import clean_text
from handlers.mail_in import handle_cleaned
from store.db import db
from store.models import Inbound, utcnow
from workers import runtime
from workers.bounded import within
from workers.runtime import Runtime

log = logging.getLogger(__name__)

LEFT_PER_SWEEP = 5  # mails a sweep cleans itself, each within the time bound


def clean(inbound_id: int) -> None:
    """Clean a member's mail within the time bound and act on it (the RQ job); twice is harmless.

    Mail is acted on in the order it came, as when the door acted on it: any mail still waiting
    from before this one goes first (another job taking it at the same moment is harmless: the
    first to finish acts on it, the other finds it taken).
    """
    serving = runtime.current()
    with db.connection_context():
        earlier = (Inbound.select(Inbound.id)
                   .where(Inbound.status == "cleaning", Inbound.id <= inbound_id)
                   .order_by(Inbound.id))
        for row in list(earlier):
            clean_now(row.id, serving)


def clean_now(inbound_id: int, serving: Runtime) -> Context | None:
    """Clean a mail left "cleaning", act on it and queue what it caused; None if done already."""
    settings = serving.settings
    row = Inbound.get_or_none(Inbound.id == inbound_id, Inbound.status == "cleaning")
    if row is None or row.draft is None:
        return None
    _warm()
    text = within(settings.MAIL_CLEAN_SECONDS, clean_text, json.loads(row.draft))
    if text is None:
        log.warning("mail %s not cleaned within %s s: acted on as it came", inbound_id,
                    settings.MAIL_CLEAN_SECONDS)
    ctx = handle_cleaned(inbound_id, text if isinstance(text, str) else None, settings)
    if ctx is not None:
        serving.queue_effects(ctx)
    return ctx


def _warm() -> None:
    """Clean a short mail here once, so each child starts with the parsers' patterns compiled."""
    if not _warmed:
        clean_text({"text": "Yes.\n\nOn Mon, Jan 1, 2024 at 10:00 AM Bob wrote:\n> Who?",
                    "kind": "plain", "subject": "", "reply": True, "handle": "team",
                    "attachments": [], "commands": False})
        _warmed.append(True)


_warmed: list[bool] = []


def clean_left(serving: Runtime) -> int:
    """Clean mails whose job was lost (Redis flushed or down, a worker killed); the sweeper's."""
    # Past the time a queued job had to start and finish (one that is only late finds the mail
    # taken, and does nothing).
    settings = serving.settings
    old = utcnow() - timedelta(seconds=settings.SWEEP_SECONDS + settings.MAIL_CLEAN_SECONDS)
    rows = (Inbound.select(Inbound.id).where(Inbound.status == "cleaning",
                                             Inbound.received_at < old)
            .order_by(Inbound.id).limit(LEFT_PER_SWEEP))
    return sum(clean_now(row.id, serving) is not None for row in rows)
