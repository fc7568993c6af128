"""The sweeper: finds work left behind (Redis was down, a process died) and puts it back.

The rule for rows caught mid-send. A row "claimed" by a job that never started its send is queued
again once that job is known dead: its claim token's heartbeat is gone from Redis
(workers/claims.py), or, failing that, the job's time is up. Nothing went out, and a job that
was only slow finds the row no longer its own when it tries to start the send, so it skips it.

A row still "sending" with no provider id had no answer: SENDING_STALE_SECONDS after its
request started, or, when its job died, once the client's own timeout (SEND_TIMEOUT_SECONDS) and
a heartbeat more would have passed. Each send names its row in the status callback URL, so a
provider that took the text reports it within seconds and the row gains its id. Failing that,
the sweeper asks the provider for the newest texts to that number: if one with the same body
was created since the send started, the row takes its id; if not, the provider never took it and
the row is queued again. So a lost answer is never sent twice, and a lost request is never lost.
The one exception: a job killed outright (SIGKILL, a lost host) while the provider was still
holding its request past the client's timeout; that text is sent again, so a hard kill
duplicates at most the sends it had in flight.

Times on rows are each worker host's clock; keep hosts on NTP (the waits above are tens of
seconds, far wider than any skew NTP leaves).
"""

from __future__ import annotations

import logging
import time
from datetime import datetime, timedelta

from redis.exceptions import RedisError

from handlers import held, invitations, pauses
from handlers.inbound import handle_inbound
from store.db import db, open_database
from store.delivery_state import MAX_ATTEMPTS, mark_sent
from store.models import Inbound, Message, Outbox, utcnow
from workers import claims, mail_clean, reminders, spool
from workers.enqueue import enqueue_bulk, enqueue_fan_out, requeue_waiting
from workers.pacing import pause, pause_key
from workers.queues import JOB_TIMEOUT, POSTS, REPLIES, is_empty
from workers.runtime import Runtime

log = logging.getLogger(__name__)

CLAIM_STALE = timedelta(seconds=JOB_TIMEOUT + 60)  # past the longest a live job may hold a row
MAX_ROWS = 5_000  # per sweep, so one pass stays short
# Sends looked up at the provider per sweep; with more waiting, the next sweep comes at once
# (run_forever): a lost host leaves hundreds, each a text to record or to send again.
MAX_LOOKUPS = 50
LONG_AGO = datetime(2000, 1, 1)  # a row put back for this very sweep to queue
# Sweeps completed by every sweeper, counted in Redis: one that has gone by since a moment
# proves that all the sweeper does (late reminders fired, lost work queued) was looked at since.
SWEEPS = "commons:sweeps"


def sweep(runtime: Runtime) -> dict[str, int]:
    """Re-queue what was left behind; return how many of each kind.

    Each step stands alone: one that fails (the provider is down for a look-up, say) is logged
    and the others still run.
    """
    settings = runtime.settings
    stale = utcnow() - timedelta(seconds=settings.SWEEP_SECONDS)
    steps = {
        "spooled": lambda: spool.replay(runtime),  # before "inbound": they came first
        "inbound": lambda: handle_left_inbound(runtime, stale),
        "mail": lambda: mail_clean.clean_left(runtime),
        "posts": lambda: fan_out_left_posts(runtime, stale),
        "unclaimed": lambda: release_stale_claims(runtime),
        "settled": lambda: settle_unanswered(runtime),
        "deliveries": lambda: requeue(runtime, stale),
        "held": lambda: held.drop_expired(utcnow()),  # kept as dropped once their time is up
        "reminders": lambda: reminders.fire_late(runtime.redis(), settings),
        "quiet": lambda: reminders.release_quiet(runtime.redis(), settings),
        "invitations": lambda: release_invitations(runtime),
        "paused": lambda: hold_paused(runtime),
    }
    counts = {}
    with db.connection_context():
        for name, step in steps.items():
            try:
                counts[name] = step()
            except Exception:  # one broken step must not stop the others
                log.exception("sweep step %s failed", name)
                counts[name] = 0
    return counts


def handle_left_inbound(runtime: Runtime, stale: datetime) -> int:
    """Handle texts stored but never handled (the process died between the two)."""
    handled = 0
    for inbound in Inbound.select(Inbound.id).where(
            Inbound.status == "received", Inbound.received_at < stale).limit(100):
        ctx = handle_inbound(inbound.id, runtime.settings)
        if ctx is not None:
            handled += 1
            runtime.queue_effects(ctx)
    return handled


def fan_out_left_posts(runtime: Runtime, stale: datetime) -> int:
    """Queue fan-out for posts whose job never ran.

    Only when the posts queue is empty, as for deliveries (requeue): a post whose job waits its
    turn there is not left behind, and queueing it again each sweep would only pile up jobs
    that find it fanned out, behind which every post's texts would wait.
    """
    posts = [m.id for m in Message.select(Message.id).where(
        Message.fanned_out == False, Message.created_at < stale).limit(MAX_ROWS)]  # noqa: E712
    if not posts or not is_empty(runtime.redis(), POSTS):
        return 0
    return len(posts) if enqueue_fan_out(runtime.redis(), posts) else 0


def release_stale_claims(runtime: Runtime) -> int:
    """Queue again rows a dead job claimed but never started; fail those that keep dying."""
    settings = runtime.settings
    now = utcnow()
    # A claim whose heartbeat is gone, a beat after its last write.
    settled = Outbox.updated_at < now - timedelta(seconds=settings.CLAIM_HEARTBEAT_SECONDS)
    dead = dead_claims(runtime, Outbox.status == "claimed", settled)
    gone = (Outbox.updated_at < now - CLAIM_STALE) | (settled & Outbox.claim.in_(dead))
    reason = f"gave up after {MAX_ATTEMPTS} attempts, the last one's worker died"
    (Outbox.update(status="failed", error=reason)
     .where(Outbox.status == "claimed", gone, Outbox.attempts >= MAX_ATTEMPTS).execute())
    return (Outbox.update(status="queued", next_attempt_at=LONG_AGO)
            .where(Outbox.status == "claimed", gone).execute())


def settle_unanswered(runtime: Runtime) -> int:
    """Resolve rows whose send got no answer: take the provider's id, or queue them again."""
    settings = runtime.settings
    channel, _ = runtime.sms
    now = utcnow()
    unanswered = (Outbox.status == "sending", Outbox.provider_sid.is_null())
    # A dead job's request has timed out: the client's timeout, and a beat more.
    timed_out = Outbox.updated_at < now - timedelta(
        seconds=settings.SEND_TIMEOUT_SECONDS + settings.CLAIM_HEARTBEAT_SECONDS)
    dead = dead_claims(runtime, *unanswered, timed_out)
    # Past any send still waiting for its answer, and its status callback.
    stale = Outbox.updated_at < now - timedelta(seconds=settings.SENDING_STALE_SECONDS)
    rows = list(Outbox.select().where(*unanswered, stale | (timed_out & Outbox.claim.in_(dead)))
                .limit(MAX_LOOKUPS))
    for row in rows:
        # SMTP can't be asked what it took: a mail is sent again, with the same Message-ID.
        sid = None if row.channel == "email" else channel.find(row.to, row.body, row.updated_at)
        if sid and not Outbox.select().where(Outbox.provider_sid == sid).exists():
            mark_sent(row.id, sid)
        else:  # an id another row already has is an earlier text with the same words
            # Only as it was when read: another host's sweeper may have re-queued it since,
            # and a new job be sending it right now.
            (Outbox.update(status="queued", next_attempt_at=LONG_AGO)
             .where(Outbox.id == row.id, Outbox.status == "sending", Outbox.claim == row.claim,
                    Outbox.updated_at == row.updated_at).execute())
    return len(rows)


def dead_claims(runtime: Runtime, *where) -> list[str]:
    """Return the claim tokens, among rows matching `where`, whose job has died.

    With Redis away nobody can tell, so none is taken for dead: the slow rules still apply.
    """
    tokens = {row.claim for row in Outbox.select(Outbox.claim).distinct()
              .where(*where, Outbox.claim.is_null(False)) if row.claim is not None}
    try:
        return sorted(claims.dead(runtime.redis(), tokens))
    except RedisError:
        return []


def requeue(runtime: Runtime, stale: datetime) -> int:
    """Queue delivery jobs for rows left behind; return how many.

    Only when a queue is empty: rows waiting their turn behind a paced backlog are not left
    behind, and queueing them again would only add jobs that claim nothing. Replies get a job
    of their own even when one is marked as queued: with none on the queue, it was lost.
    """
    rows = list(Outbox.select(Outbox.id, Outbox.kind).where(
        Outbox.status == "queued", Outbox.next_attempt_at < stale).limit(MAX_ROWS))
    queued = 0
    for bulk in (False, True):
        ids = [r.id for r in rows if (r.kind != "reply") == bulk]
        if ids and is_empty(runtime.redis(), POSTS if bulk else REPLIES) \
                and (enqueue_bulk(runtime.redis(), ids, runtime.settings.retry_seconds) if bulk
                     else requeue_waiting(runtime.redis(), ids)):
            # Not again until another full wait, should this job be lost too.
            Outbox.update(next_attempt_at=utcnow()).where(Outbox.id.in_(ids)).execute()
            queued += len(ids)
    return queued


def release_invitations(runtime: Runtime) -> int:
    """Queue invitations held for their invitee's hours, once those hours come."""
    ids = invitations.release_held(utcnow())
    if ids:
        enqueue_bulk(runtime.redis(), ids, runtime.settings.retry_seconds)
    return len(ids)


def hold_paused(runtime: Runtime) -> int:
    """Make Redis hold exactly the lines the database says are paused.

    A flushed Redis forgot a pause; a pause lifted (`commons unpause`) while a sweep was
    setting it again is let go here, a sweep later.
    """
    settings, now = runtime.settings, utcnow()
    held = {alert.subject: alert.until for alert in pauses.active(now) if alert.until}
    redis = runtime.redis()
    for line in {settings.TWILIO_FROM, settings.TWILIO_MESSAGING_SERVICE_SID, *held} - {""}:
        if line in held:
            pause(redis, line, (held[line] - now).total_seconds())
        else:
            redis.delete(pause_key(line))
    return 0  # not work re-queued: nothing to log each sweep


def run_forever(runtime: Runtime) -> None:
    """Sweep every SWEEP_SECONDS until stopped, riding out database and Redis outages."""
    settings = runtime.settings
    open_database(settings.DATABASE_URL)
    while True:
        more = False
        try:
            counts = sweep(runtime)
            if any(counts.values()):
                log.info("sweeper re-queued %s", counts)
            runtime.redis().incr(SWEEPS)
            more = counts["settled"] >= MAX_LOOKUPS  # a full batch: more may be waiting
        except (RedisError, OSError) as error:
            log.warning("sweep failed, will retry: %s", error)
        except Exception:  # the sweeper must outlive any one bad pass
            log.exception("sweep failed")
        if not more:
            time.sleep(settings.SWEEP_SECONDS)
