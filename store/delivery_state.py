"""What delivery outcomes mean for rows and members: status order and permanent errors."""

from __future__ import annotations

from store.models import DeliveryEvent, Member, Outbox, utcnow

OPTED_OUT = 21610  # the member texted STOP at the carrier
BAD_NUMBER = {21211, 21614}  # not a valid number; not a mobile number

# A status only ever moves forward; the three final ones never change.
RANK = {"queued": 0, "quiet": 0, "claimed": 1, "sending": 1, "sent": 2,
        "delivered": 3, "undelivered": 3, "failed": 3, "bundled": 3}
IN_FLIGHT = ("queued", "claimed", "sending")  # not yet finished, one way or another
# "quiet" waits for its member's quiet hours to end; "bundled" went out inside another row's text.
# Twilio's statuses, as the outbox names them.
PROVIDER_STATUS = {
    "accepted": "sent", "scheduled": "sent", "queued": "sent", "sending": "sent", "sent": "sent",
    "delivered": "delivered", "read": "delivered", "undelivered": "undelivered",
    "failed": "failed", "canceled": "failed",
}


def apply_permanent_error(member_id: int | None, code: int | None) -> None:
    """Record on the member what a permanent error says: opted out, or a number that can't text."""
    if member_id is None:
        return
    if code == OPTED_OUT:
        Member.update(opted_out=True).where(Member.id == member_id).execute()
    elif code in BAD_NUMBER:
        Member.update(phone_invalid=True).where(Member.id == member_id).execute()


def apply_status(sid: str, provider_status: str, error_code: int | None,
                 row_id: int | None = None) -> bool:
    """Apply one status callback once per (sid, status); return False for a repeat."""
    status = PROVIDER_STATUS.get(provider_status)
    if status is None:
        return False
    added = (DeliveryEvent.insert(sid=sid, status=provider_status, error_code=error_code)
             .on_conflict_ignore().as_rowcount().execute())
    if not added:
        return False
    row = Outbox.get_or_none(Outbox.provider_sid == sid)
    if row is None and row_id is not None:
        row = Outbox.get_or_none(Outbox.id == row_id)
    if row is None:
        return True
    forward = [s for s, rank in RANK.items() if rank < RANK[status]]
    fields = {"status": status, "updated_at": utcnow()}
    if error_code:
        fields.update(error_code=error_code)
    moved = Outbox.update(**fields).where(Outbox.id == row.id, Outbox.status.in_(forward)).execute()
    if row.provider_sid is None:  # the callback beat the worker: it proves the provider has it
        Outbox.update(provider_sid=sid).where(Outbox.id == row.id).execute()
    if moved and status in ("undelivered", "failed"):
        apply_permanent_error(row.member_id, error_code)
    return True
