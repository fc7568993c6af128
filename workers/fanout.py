"""Fan-out: one job turns a group post into its deliveries, written in bulk."""

from __future__ import annotations

from gateway.config import Settings
from handlers.messages import SAY
from store.db import db
from store.models import Member, Membership, Message, Outbox, utcnow
from store.outbox import write_many
from workers.enqueue import enqueue_deliveries


def recipients(message: Message) -> list[Member]:
    """Return who a group post reaches: every member but its author, unless muted."""
    now = utcnow()
    query = (Member.select().join(Membership)
             .where(Membership.group == message.group_id, Member.id != message.author_id,
                    (Membership.muted_until.is_null()) | (Membership.muted_until <= now),
                    (Member.muted_until.is_null()) | (Member.muted_until <= now)))
    return list(query)


def fan_out(message_id: int) -> int:
    """Write a post's deliveries once and queue them; running it twice does no harm."""
    with db.connection_context():
        with db.atomic():
            message = Message.get_or_none(Message.id == message_id)
            if message is None or message.fanned_out:
                return 0
            body = SAY["post_format"].format(group=message.group.handle,
                                             author=message.author.name, text=message.body)
            added = write_many(message, ((m, body) for m in recipients(message)))
            Message.update(fanned_out=True).where(Message.id == message_id).execute()
        ids = [row.id for row in Outbox.select(Outbox.id)
               .where(Outbox.message == message_id, Outbox.status == "queued")]
    enqueue_deliveries(Settings.from_env().REDIS_URL, ids, bulk=True)
    return added
