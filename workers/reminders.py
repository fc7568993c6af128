"""The reminder jobs: RQ's scheduler wakes `fire_due` at a reminder's second; it fires all due.

One job fires every reminder due by now, in batches, so 10,000 reminders due in one minute are
a few dozen jobs, not 10,000. The sweeper fires whatever is due and still pending a little
after its time (Redis emptied, no worker at that moment): the rows are the truth. A little is
two of the scheduler's looks (SCHEDULER_SECONDS): the first wakes the job, the second is slack
for it to start. Firing twice is harmless (handlers/firing.py claims each row once), so the
margin only decides how soon a missed reminder comes and how often a firing finds nothing.
"""

from __future__ import annotations

from datetime import timedelta

from redis import Redis

from handlers import bundles
from handlers.firing import fire_batch
from handlers.quiet import is_quiet
from store.db import db
from store.models import Member, Outbox, utcnow
from store.reminders import PENDING, Reminder
from store.settings import Settings
from workers import runtime
from workers.enqueue import BATCH, enqueue_bulk, enqueue_deliveries, schedule_firing

MAX_BATCHES = 200  # per job, so one job stays within its timeout; the next wake takes the rest
MAX_RELEASES = 500  # members whose quiet-hours texts one sweep releases


def fire_due() -> int:
    """Fire every reminder due by now and queue its texts; return how many fired."""
    redis, waits = runtime.current().redis(), runtime.current().settings.retry_seconds
    total = 0
    with db.connection_context():
        for _ in range(MAX_BATCHES):
            fired = fire_batch(utcnow())
            if not fired.reminders:
                break
            total += fired.reminders
            # A few personal texts go with replies; a crowd's go with posts, in batches.
            if len(fired.outbox_ids) > BATCH:
                enqueue_bulk(redis, fired.outbox_ids, waits)
            else:
                enqueue_deliveries(redis, fired.outbox_ids)
            schedule_firing(redis, fired.wake_at)
    return total


def late_after(settings: Settings) -> timedelta:
    """Return how long past its time a pending reminder is taken for one the scheduler missed."""
    return timedelta(seconds=2 * settings.SCHEDULER_SECONDS)


def fire_late(redis: Redis, settings: Settings) -> int:
    """Wake a firing for reminders whose time passed unfired (a sweeper step)."""
    late = Reminder.select().where(Reminder.status == PENDING,
                                   Reminder.due_at < utcnow() - late_after(settings)).exists()
    if not late:
        return 0
    from workers.enqueue import enqueue_firing_now

    return 1 if enqueue_firing_now(redis) else 0


def release_quiet(redis: Redis, settings: Settings) -> int:
    """Bundle and queue what was kept back for members whose quiet hours are over (sweeper)."""
    now = utcnow()
    waiting = Outbox.select(Outbox.member).distinct().where(Outbox.status == bundles.QUIET) \
        .limit(MAX_RELEASES)
    ids = []
    for member in Member.select().where(Member.id.in_(waiting)):
        if not is_quiet(member, now):
            ids += bundles.release(member, now)
    enqueue_bulk(redis, ids, settings.retry_seconds)
    return len(ids)
