"""Writing outbound texts: every one is an Outbox row before anything is queued.

Bodies pass through gsm_safe: a curly quote or an ellipsis would make a whole text UCS-2, and
a 150-character text three segments instead of one.
"""

from __future__ import annotations

from collections.abc import Iterable

from parsers.segments import gsm_safe, segments
from store.models import Inbound, Member, Message, Outbox, utcnow


def can_receive(member: Member) -> bool:
    """Tell whether anything may be sent to `member` at all."""
    return bool(member.phone) and not member.opted_out and not member.phone_invalid


def write(
    member: Member,
    body: str,
    kind: str = "reply",
    inbound: Inbound | None = None,
    message: Message | None = None,
) -> Outbox | None:
    """Write one outbound text for `member`; return None when they can receive nothing."""
    if not can_receive(member):
        return None
    body = gsm_safe(body)
    return Outbox.create(
        member=member,
        to=member.phone,
        body=body,
        segments=segments(body),
        kind=kind,
        inbound=inbound,
        message=message,
    )


def write_many(message: Message, bodies: Iterable[tuple[Member, str]]) -> int:
    """Write a post's deliveries in bulk, once per member; return how many rows are new."""
    now = utcnow()
    bodies = ((member, gsm_safe(body)) for member, body in bodies)
    rows = [
        {
            "member": member.id,
            "to": member.phone,
            "body": body,
            "segments": segments(body),
            "kind": "post",
            "message": message.id,
            "created_at": now,
            "updated_at": now,
            "next_attempt_at": now,
        }
        for member, body in bodies
        if can_receive(member)
    ]
    added = 0
    for start in range(0, len(rows), 500):
        chunk = rows[start : start + 500]
        added += Outbox.insert_many(chunk).on_conflict_ignore().as_rowcount().execute()
    return added
