"""The sweeper: finds work left behind (Redis was down, a process died) and puts it back.

Rows caught mid-send are resolved by one rule. A row still "sending" after SENDING_STALE with
no provider id either never reached the provider or its answer was lost. Each send names its row
in the status callback URL, so a provider that took the text reports it within seconds and the
row gains its id and status. A row with no id after that long was never taken: it is queued again.
Without PUBLIC_URL (no callbacks) the same rule resends, so a crash at the instant of a send can
duplicate that one text at most; it never loses one.
"""

from __future__ import annotations

import logging
import time
from datetime import timedelta

from redis.exceptions import RedisError

from gateway.config import Settings
from handlers.dispatch import handle_inbound
from store.db import db, open_database
from store.models import Inbound, Message, Outbox, utcnow
from workers.enqueue import enqueue_deliveries, enqueue_fan_out

log = logging.getLogger(__name__)

SENDING_STALE = timedelta(minutes=10)
MAX_ROWS = 5_000  # per sweep, so one pass stays short


def sweep(settings: Settings) -> dict[str, int]:
    """Re-queue what was left behind; return how many of each kind."""
    stale = utcnow() - timedelta(seconds=settings.SWEEP_SECONDS)
    counts = {"inbound": 0, "posts": 0, "deliveries": 0, "resent": 0}
    with db.connection_context():
        for inbound in Inbound.select(Inbound.id).where(
                Inbound.status == "received", Inbound.received_at < stale).limit(100):
            ctx = handle_inbound(inbound.id)
            if ctx is not None:
                counts["inbound"] += 1
                enqueue_deliveries(settings.REDIS_URL, ctx.outbox_ids)
                enqueue_fan_out(settings.REDIS_URL, ctx.posts)
        posts = [m.id for m in Message.select(Message.id).where(
            Message.fanned_out == False, Message.created_at < stale).limit(MAX_ROWS)]  # noqa: E712
        if posts and enqueue_fan_out(settings.REDIS_URL, posts):
            counts["posts"] = len(posts)
        counts["resent"] = (Outbox.update(status="queued", next_attempt_at=utcnow())
                            .where(Outbox.status == "sending", Outbox.provider_sid.is_null(),
                                   Outbox.updated_at < utcnow() - SENDING_STALE).execute())
        rows = list(Outbox.select(Outbox.id, Outbox.kind).where(
            Outbox.status == "queued", Outbox.next_attempt_at < stale).limit(MAX_ROWS))
        if rows:
            replies = [r.id for r in rows if r.kind == "reply"]
            bulk = [r.id for r in rows if r.kind != "reply"]
            if (enqueue_deliveries(settings.REDIS_URL, replies)
                    and enqueue_deliveries(settings.REDIS_URL, bulk, bulk=True)):
                # Not again until another full wait: a duplicate job is harmless, but wasteful.
                Outbox.update(next_attempt_at=utcnow()).where(
                    Outbox.id.in_([r.id for r in rows])).execute()
                counts["deliveries"] = len(rows)
    return counts


def run_forever(settings: Settings) -> None:
    """Sweep every SWEEP_SECONDS until stopped, riding out database and Redis outages."""
    open_database(settings.DATABASE_URL)
    while True:
        try:
            counts = sweep(settings)
            if any(counts.values()):
                log.info("sweeper re-queued %s", counts)
        except (RedisError, OSError) as error:
            log.warning("sweep failed, will retry: %s", error)
        except Exception:  # noqa: BLE001 - the sweeper must outlive any one bad pass
            log.exception("sweep failed")
        time.sleep(settings.SWEEP_SECONDS)
