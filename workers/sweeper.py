"""The sweeper: finds work left behind (Redis was down, a process died) and puts it back.

The rule for rows caught mid-send. A row "claimed" by a job that never started its send (the
worker died) is queued again once the job's time is up: nothing went out. A row still "sending"
with no provider id SENDING_STALE after its request started had no answer. Each send names its
row in the status callback URL, so a provider that took the text reports it within seconds and the
row gains its id. Failing that, the sweeper asks the provider for the newest texts to that number:
if one with the same body was created since the send started, the row takes its id; if not, the
provider never took it and the row is queued again. So a lost answer is never sent twice, and a
lost request is never lost.
"""

from __future__ import annotations

import logging
import time
from datetime import datetime, timedelta

from redis.exceptions import RedisError

from gateway.channels.twilio import SEND_TIMEOUT
from gateway.config import Settings
from handlers.dispatch import handle_inbound
from store.db import db, open_database
from store.models import Inbound, Message, Outbox, utcnow
from workers.delivery import channel_and_pacer, mark_sent
from workers.enqueue import enqueue_deliveries, enqueue_fan_out
from workers.queues import JOB_TIMEOUT

log = logging.getLogger(__name__)

SENDING_STALE = timedelta(seconds=SEND_TIMEOUT + 20)  # past any send still waiting for its answer
CLAIM_STALE = timedelta(seconds=JOB_TIMEOUT + 60)  # past the longest a live job may hold a row
MAX_ROWS = 5_000  # per sweep, so one pass stays short
MAX_LOOKUPS = 50
LONG_AGO = datetime(2000, 1, 1)  # a row put back for this very sweep to queue


def sweep(settings: Settings) -> dict[str, int]:
    """Re-queue what was left behind; return how many of each kind."""
    stale = utcnow() - timedelta(seconds=settings.SWEEP_SECONDS)
    counts = {"inbound": 0, "posts": 0, "deliveries": 0, "unclaimed": 0, "settled": 0}
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
        counts["unclaimed"] = (Outbox.update(status="queued", next_attempt_at=LONG_AGO)
                               .where(Outbox.status == "claimed",
                                      Outbox.updated_at < utcnow() - CLAIM_STALE).execute())
        counts["settled"] = settle_unanswered()
        counts["deliveries"] = requeue(settings, stale)
    return counts


def settle_unanswered() -> int:
    """Resolve rows whose send got no answer: take the provider's id, or queue them again."""
    channel, _ = channel_and_pacer()
    rows = list(Outbox.select().where(
        Outbox.status == "sending", Outbox.provider_sid.is_null(),
        Outbox.updated_at < utcnow() - SENDING_STALE).limit(MAX_LOOKUPS))
    for row in rows:
        sid = channel.find(row.to, row.body, row.updated_at)
        if sid:
            mark_sent(row.id, sid)
        else:
            (Outbox.update(status="queued", next_attempt_at=LONG_AGO)
             .where(Outbox.id == row.id, Outbox.status == "sending").execute())
    return len(rows)


def requeue(settings: Settings, stale: datetime) -> int:
    """Queue delivery jobs for rows that have waited too long; return how many."""
    rows = list(Outbox.select(Outbox.id, Outbox.kind).where(
        Outbox.status == "queued", Outbox.next_attempt_at < stale).limit(MAX_ROWS))
    if not rows:
        return 0
    replies = [r.id for r in rows if r.kind == "reply"]
    bulk = [r.id for r in rows if r.kind != "reply"]
    if not (enqueue_deliveries(settings.REDIS_URL, replies)
            and enqueue_deliveries(settings.REDIS_URL, bulk, bulk=True)):
        return 0
    # Not again until another full wait: a duplicate job is harmless, but wasteful.
    Outbox.update(next_attempt_at=utcnow()).where(Outbox.id.in_([r.id for r in rows])).execute()
    return len(rows)


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
