"""Twilio's delivery status callbacks, applied: a row's state, what a failure causes, a pause.

The status webhook (gateway/twilio_webhooks.py) applies a callback at once; while the database
is away it spools it (workers/spool.py) beside the texts, and the sweeper applies it here in
its turn. Twilio does not send a status callback again, so one answered 500 would be lost.
"""

from __future__ import annotations

import logging
import time

from redis.exceptions import RedisError

from handlers import pauses, undelivered
from store.db import db
from store.delivery_state import apply_status
from store.models import utcnow
from workers.counters import count_sends
from workers.enqueue import enqueue_deliveries
from workers.pacing import pause
from workers.runtime import Runtime

log = logging.getLogger(__name__)

STATUS = "status"  # the kind of a spooled callback; a spooled text has none


def entry(sid: str, state: str, code: int | None, sender: str | None,
          row_id: int | None) -> dict:
    """Return what is kept of a status callback while the database is away, and when it came."""
    return {"kind": STATUS, "at": time.time(), "sid": sid, "state": state, "code": code,
            "sender": sender, "row": row_id}


def apply(serving: Runtime, sid: str, state: str, code: int | None, sender: str | None,
          row_id: int | None) -> None:
    """Apply one callback, once per (sid, status), never moving a row backwards.

    A final failure is kept for its member and carried out (handlers/undelivered.py): a mail
    instead, an unreachable member, a paused sender.
    """
    queued, held = [], None
    with db.atomic():
        row = apply_status(sid, state, code, row_id)
        if row is not None and row.status == "delivered":
            undelivered.text_delivered(row.member_id)
        elif row is not None and row.status in ("undelivered", "failed"):
            queued = undelivered.text_failed(row, code, sender)
            if code == pauses.CARRIER_FILTERED:
                held = pauses.filtered(sender, serving.settings)
    if row is not None and row.status != "sent":  # the worker counts the sends it made
        count_sends(serving.redis(), [(row.channel, row.status, code)])
    enqueue_deliveries(serving.redis(), queued)
    if held is not None and held.until is not None:
        _hold(serving, held.subject, (held.until - utcnow()).total_seconds())


def apply_kept(serving: Runtime, kept: dict) -> None:
    """Apply a callback as the spool kept it."""
    apply(serving, kept["sid"], kept["state"], kept["code"], kept["sender"], kept["row"])


def _hold(serving: Runtime, line: str, seconds: float) -> None:
    """Tell the workers, through Redis, to hold `line`; the sweeper repeats it if Redis lost it."""
    try:
        pause(serving.redis(), line, seconds)
    except RedisError as error:
        log.warning("could not hold %s in Redis now (the sweeper will): %s", line, error)
