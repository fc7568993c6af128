"""`make text`: text Commons as any number through the same pipeline, and print what it caused."""

from __future__ import annotations

import argparse
import time
import uuid

from rq import SimpleWorker

from handlers.inbound import take_in
from handlers.phone_numbers import sender_number
from store import embedded_redis
from store.db import db, open_database
from store.delivery_state import IN_FLIGHT
from store.models import Message, Outbox
from store.schema import migrate
from store.secret import require_key
from store.settings import Settings
from workers.queues import QUEUE_NAMES
from workers.runtime import Runtime, serving

WAIT_SECONDS = 15


def caused_by(inbound_id: int) -> list[Outbox]:
    """Return every outbound text a stored inbound text caused: replies and fan-out."""
    posts = Message.select(Message.id).where(Message.inbound == inbound_id)
    return list(Outbox.select().where((Outbox.inbound == inbound_id) | Outbox.message.in_(posts))
                .order_by(Outbox.id))


def main(argv: list[str] | None = None) -> int:
    """Send one text as FROM and print every reply and fan-out it caused."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("sender", metavar="FROM", help="the number texting, e.g. +14155550101")
    parser.add_argument("body", metavar="BODY", help="the text")
    args = parser.parse_args(argv)
    sender = sender_number(args.sender)
    if sender is None:
        parser.error(f"{args.sender!r} is not a phone number")
    configured = Settings.from_env()
    require_key(configured)
    runtime = Runtime(embedded_redis.ensure_redis(configured))
    try:
        with serving(runtime):  # the jobs run here too
            return converse(runtime, sender, args.body)
    finally:  # a redis-server this started stops now, unless a `make run` is using it
        runtime.close()
        embedded_redis.stop()


def converse(runtime: Runtime, sender: str, body: str) -> int:
    """Send `body` as `sender`, deliver what it caused, and print the conversation."""
    open_database(runtime.settings.DATABASE_URL)
    with db.connection_context():
        migrate()
        ctx = take_in(runtime, "console", f"console-{uuid.uuid4().hex}", sender, body)
    # A number, and a new provider id: never refused nor a replay.
    assert ctx is not None and ctx.inbound is not None
    print(f"{sender} > {body}")
    # Deliver here too, so this works with or without `make run`; a running worker may win.
    worker = SimpleWorker(QUEUE_NAMES, connection=runtime.redis(blocking=True))
    worker.work(burst=True, logging_level="WARNING")
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        with db.connection_context():
            rows = caused_by(ctx.inbound.id)
            fanning = Message.select().where(Message.inbound == ctx.inbound.id,
                                             Message.fanned_out == False).exists()  # noqa: E712
        done = not fanning and all(row.status not in IN_FLIGHT for row in rows)
        if done or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    for row in rows:
        shown = "" if row.status in ("sent", "delivered") else f"   [{row.status}]"
        print(f"{row.to} < {row.body}{shown}")
    if not rows:
        print("(no reply)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
