"""Writing outbound messages: every one is an Outbox row before anything is queued.

A row goes by SMS or by email. Replies go back the way the sender wrote: a command mailed in is
answered by mail, a text by text while the phone can take them. Everything else goes where the
member asked (`via email`), or by mail when they have no number that can take texts (none, not
a mobile one, or unreachable: carriers failed to deliver several texts in a row). STOP is
not such a number: it asks for nothing more by text, so only `via email` brings mail after it.

SMS bodies pass through gsm_safe: a curly quote or an ellipsis would make a whole text UCS-2,
and a 150-character text three segments instead of one. Mail keeps its text as written.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from functools import lru_cache
from typing import cast

from parsers.segments import gsm_safe, segments
from store.bulk import insert_ignoring
from store.models import Inbound, Member, Message, Outbox, utcnow

SMS, EMAIL, WEB = "sms", "email", "web"
TERMINAL = "terminal"  # `commons send`: answered on the organiser's screen, like the web box
TEXTED = ("twilio", "console")  # inbound channels that are texts from the member's phone
# Every column route() and write_many() read of a member. Fan-out loads only these for its
# thousands of recipients (a field not loaded would read as its default): keep them in step.
ROUTE_FIELDS = (Member.id, Member.phone, Member.email, Member.via, Member.opted_out,
                Member.phone_invalid, Member.unreachable_at)
BULK_FIELDS = (Outbox.member, Outbox.kind, Outbox.message, Outbox.created_at, Outbox.updated_at,
               Outbox.next_attempt_at, Outbox.channel, Outbox.to, Outbox.body, Outbox.segments)


def can_text(member: Member) -> bool:
    """Tell whether texts may be sent to `member`'s phone."""
    return (bool(member.phone) and not member.opted_out and not member.phone_invalid
            and member.unreachable_at is None)


def route(member: Member, kind: str = "post", inbound: Inbound | None = None
          ) -> tuple[str, str] | None:
    """Return (channel, address) for a message to `member`; None when nothing can reach them."""
    if kind == "reply" and inbound is not None:
        if inbound.channel in (WEB, TERMINAL):  # typed in a text box: shown there, not sent
            return WEB, inbound.sender
        if inbound.channel == EMAIL:  # the bridge only handles mail from the member's own address
            return EMAIL, inbound.sender
        if inbound.channel in TEXTED and can_text(member):
            return SMS, cast(str, member.phone)  # "via email" by text is answered by text
    if member.email and (member.via == EMAIL or (not can_text(member) and not member.opted_out)):
        return EMAIL, member.email
    if can_text(member):
        return SMS, cast(str, member.phone)  # can_text: they have one
    return None


def _fields(channel: str, to: str, body: str) -> dict:
    body, count = _as_sent(channel, body)
    if channel == WEB:  # the page that took the text shows it: delivered as it is written
        return {"channel": WEB, "to": to, "body": body, "segments": 0, "status": "delivered",
                "sent_at": utcnow()}
    return {"channel": channel, "to": to, "body": body, "segments": count}


@lru_cache(maxsize=256)
def _as_sent(channel: str, body: str) -> tuple[str, int]:
    """Return the body as sent on `channel`, and its segments (fan-out asks 5,000 times)."""
    if channel == SMS:
        body = gsm_safe(body)
        return body, segments(body)
    return body, 0


def write(
    member: Member,
    body: str,
    kind: str = "reply",
    inbound: Inbound | None = None,
    message: Message | None = None,
    expires_at: datetime | None = None,
) -> Outbox | None:
    """Write one outbound message for `member`; return None when they can receive nothing.

    `expires_at`: held for quiet hours past this moment, the text is dropped, not sent.
    """
    where = route(member, kind, inbound)
    if where is None:
        return None
    return Outbox.create(member=member, kind=kind, inbound=inbound, message=message,
                         expires_at=expires_at, **_fields(*where, body))


def write_text(member: Member, body: str, inbound: Inbound | None = None) -> Outbox | None:
    """Write a text to the member's phone whatever `via` says (a notice about their account).

    None when the phone cannot take texts: STOP is obeyed even here.
    """
    if not can_text(member):
        return None
    return Outbox.create(member=member, kind="reply", inbound=inbound,
                         **_fields(SMS, cast(str, member.phone), body))


def write_email(address: str, body: str, subject: str | None = None,
                inbound: Inbound | None = None, member: Member | None = None) -> Outbox:
    """Write a mail to an address: the bridge's answer to a stranger, or a member's own mail.

    With `member`, the row is theirs (a code to link `address`, a welcome), but it still goes
    to `address`, whatever route() would choose.
    """
    return Outbox.create(kind="reply", inbound=inbound, subject=subject, member=member,
                         **_fields(EMAIL, address, body))


def write_many(message: Message, bodies: Iterable[tuple[Member, str]]) -> int:
    """Write a post's deliveries in bulk, once per member; return how many rows are new."""
    now = utcnow()
    rows = []
    for member, body in bodies:
        where = route(member)
        if where is None:
            continue
        channel, to = where
        text, count = _as_sent(channel, body)
        rows.append((member.id, "post", message.id, now, now, now, channel, to, text, count))
    return insert_ignoring(BULK_FIELDS, rows)
