"""Reminders: COUNT reminders due in the same second, from that second to the last send.

Run: python -m bench.reminders [--postgres URL] [--count N]. The reminders are written straight
to the database (texting 10,000 `remind me` would measure the webhook 10,000 times) and the
scheduler is asked to wake their second exactly as the handler asks it
(workers.enqueue.schedule_firing). Figures, on SQLite and on PostgreSQL when given:
- reminders_seconds: from the due second to the last send the provider received;
- reminders_within_60s: whether that is within a minute, at TWILIO_MPS (1000);
- reminders_sent_once: every member got exactly one text, and the rows all say fired.
"""

from __future__ import annotations

import argparse
import json
import time
from datetime import UTC, timedelta

from redis import Redis

from bench.deployment import Deployment
from loopback.crowds import accepted, crowd
from store.db import db
from store.models import Member, utcnow
from store.reminders import FIRED, Reminder
from workers.enqueue import schedule_firing

COUNT = 10_000
MPS = 1000.0
LEAD = timedelta(seconds=8)  # the due second is this far ahead when they are written
LIMIT = 60  # seconds


def measure(database: str, count: int, workers: int) -> dict:
    """Fire `count` reminders due at one second on one database; return the figures."""
    with Deployment(database, workers=workers, TWILIO_MPS=MPS) as deployment:
        numbers = crowd(count, handle="crowd", owner="+14155550100")
        due = (utcnow() + LEAD).replace(microsecond=0)
        with db.connection_context(), db.atomic():
            ids = [m.id for m in Member.select(Member.id).where(Member.phone.in_(numbers))]
            for at in range(0, count, 500):
                Reminder.insert_many([
                    {"member": i, "kind": "me", "number": 1, "text": "call the bank",
                     "due_at": due, "created_at": utcnow()} for i in ids[at:at + 500]]).execute()
        schedule_firing(Redis.from_url(deployment.redis.url), [due])
        deadline = time.monotonic() + (due - utcnow()).total_seconds() + 4 * LIMIT
        while len(deployment.api.messages()) < count and time.monotonic() < deadline:
            time.sleep(0.2)
        time.sleep(3)  # any second firing would show by now
        records = [r for r in deployment.api.messages() if r.get("sid")]
        last = max((r["received_at"] for r in records), default=0.0)
        seconds = round(last - due.replace(tzinfo=UTC).timestamp(), 2) if records else None
        per = accepted(deployment.api)
        with db.connection_context():
            fired = Reminder.select().where(Reminder.status == FIRED).count()
    return {
        "reminders": count, "workers": workers, "mps": MPS,
        "reminders_sent": len(records),
        "reminders_seconds": seconds,
        "reminders_within_60s": seconds is not None and seconds <= LIMIT,
        "reminders_sent_once": (len(per) == count and set(per.values()) == {1}
                                and fired == count),
    }


def main() -> dict:
    """Print the reminder table for SQLite (and PostgreSQL), then one JSON line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", default="", help="postgresql://user@host:port/db")
    parser.add_argument("--count", type=int, default=COUNT, help="reminders due at once")
    parser.add_argument("--workers", type=int, default=2, help="worker processes")
    args, _ = parser.parse_known_args()
    results = {"sqlite": measure("sqlite", args.count, args.workers)}
    if args.postgres:
        results["postgresql"] = measure(args.postgres, args.count, args.workers)
    print(f"{'reminder figure':<28}" + "".join(f"{db:>14}" for db in results))
    for name in results["sqlite"]:
        print(f"{name:<28}" + "".join(f"{str(r[name]):>14}" for r in results.values()))
    figures = dict(results["sqlite"])
    for db_name, found in results.items():
        if db_name != "sqlite":
            figures.update({f"{name}_{db_name}": value for name, value in found.items()})
    print(json.dumps(figures))
    return figures


if __name__ == "__main__":
    main()
