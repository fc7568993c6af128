"""A delivery row's life: claimed, sending, sent or failed, and what outcomes mean for members."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from functools import lru_cache

from peewee import Case

from store.db import db, updated_ids
from store.models import DeliveryEvent, Member, Outbox, utcnow
from store.statements import Statement, slot

MAX_ATTEMPTS = 6  # then the row ends failed with its reason: nothing is retried forever
OPTED_OUT = 21610  # the member texted STOP at the carrier
BAD_NUMBER = {21211, 21614}  # not a valid number; not a mobile number

# A status only ever moves forward; the three final ones never change.
RANK = {"queued": 0, "quiet": 0, "held": 0, "claimed": 1, "sending": 1, "sent": 2,
        "delivered": 3, "undelivered": 3, "failed": 3, "bundled": 3, "recap": 3, "expired": 3}
IN_FLIGHT = ("queued", "claimed", "sending")  # not yet finished, one way or another
# "quiet" waits for its member's quiet hours to end; "held" (an invitation) for next_attempt_at;
# "bundled" went out inside another row's text; "recap" did not fit its bundle, or was read by
# `recap` first: `recap` lists it, nothing sends it. "expired" was held past its moment (an
# event's reminder once the event started): nothing sends it.
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
                 row_id: int | None = None) -> Outbox | None:
    """Apply one status callback once per (sid, status); return the row it moved, if any."""
    status = PROVIDER_STATUS.get(provider_status)
    if status is None:
        return None
    added = (DeliveryEvent.insert(sid=sid, status=provider_status, error_code=error_code)
             .on_conflict_ignore().as_rowcount().execute())
    if not added:
        return None
    row = Outbox.get_or_none(Outbox.provider_sid == sid)
    if row is None and row_id is not None:
        # The row the callback names is settled by it only while it has no sid: the callback
        # beat the worker, and proves the provider has the text. A row with a sid of its own
        # was sent again; this is a late word about an earlier attempt, and moves nothing.
        taken = (Outbox.update(provider_sid=sid)
                 .where(Outbox.id == row_id, Outbox.provider_sid.is_null()).execute())
        row = Outbox.get_or_none(Outbox.id == row_id) if taken else None
    if row is None:
        return None
    forward = [s for s, rank in RANK.items() if rank < RANK[status]]
    fields = {"status": status, "updated_at": utcnow()}
    if error_code:
        fields.update(error_code=error_code)
    moved = (Outbox.update(**fields)
             .where(Outbox.id == row.id, Outbox.provider_sid == sid, Outbox.status.in_(forward))
             .execute())
    if not moved:
        return None
    if status in ("undelivered", "failed"):
        apply_permanent_error(row.member_id, error_code)
    row.status, row.error_code = status, error_code or row.error_code
    return row


def claim(ids: list[int], token: str) -> list[Outbox]:
    """Take the queued rows among `ids` for this job alone; another job gets none of them.

    A member who opted out or whose number can't take texts since the row was written is sent
    nothing: their rows end failed instead.
    """
    now = utcnow()
    unreachable = Member.select(Member.id).where(
        Member.opted_out | Member.phone_invalid | Member.unreachable_at.is_null(False))
    with db.atomic():
        (Outbox.update(status="failed", error="the member can no longer receive texts",
                       updated_at=now)
         .where(Outbox.id.in_(ids), Outbox.status == "queued", Outbox.channel == "sms",
                Outbox.member.in_(unreachable))
         .execute())
        (Outbox.update(status="claimed", claim=token, attempts=Outbox.attempts + 1, updated_at=now)
         .where(Outbox.id.in_(ids), Outbox.status == "queued", Outbox.next_attempt_at <= now)
         .execute())
    return list(Outbox.select().where(Outbox.claim == token).order_by(Outbox.id))


def mark_sending(rows: list[Outbox]) -> set[int]:
    """Mark the rows' sends as started now; return the ids still this job's to send."""
    if not rows:
        return set()
    ids, token = [row.id for row in rows], rows[0].claim
    query = (Outbox.update(status="sending", updated_at=utcnow())
             .where(Outbox.id.in_(ids), Outbox.status == "claimed", Outbox.claim == token))
    # A row goes "sending" once a job: only just now could these have gone under this token.
    return updated_ids(query, Outbox.id,
                       Outbox.id.in_(ids) & (Outbox.status == "sending") & (Outbox.claim == token))


def mark_sent(row_id: int, sid: str) -> None:
    """Record the provider's id for one row (see mark_sent_many)."""
    with db.atomic():
        mark_sent_many([(row_id, sid)])


def mark_sent_many(sent: list[tuple[int, str]]) -> None:
    """Record each row's provider id, in the caller's transaction.

    A status callback that came first keeps its later status.
    """
    now = utcnow()
    for at in range(0, len(sent), SENT_ROWS):
        part = sent[at : at + SENT_ROWS]
        mark, fill = sent_statements(len(part))
        values: dict[str, int | str] = {f"id{n}": row_id for n, (row_id, _) in enumerate(part)}
        values.update({f"sid{n}": sid for n, (_, sid) in enumerate(part)})
        mark.execute(now=now, **values)
        fill.execute(**values)


# Rows per pair of statements: a worker keeps one pair per count up to this, no more.
SENT_ROWS = 50


@lru_cache(maxsize=SENT_ROWS)
def sent_statements(count: int) -> tuple[Statement, Statement]:
    """Return the two UPDATEs that record `count` sids: a worker runs them for every group.

    Kept as Statements, one pair per count: peewee writing the CASE of 48 rows took a tenth of a
    worker's CPU at full speed.
    """
    ids = [slot(f"id{n}") for n in range(count)]

    def sids() -> Case:
        return Case(Outbox.id, [(slot(f"id{n}"), slot(f"sid{n}")) for n in range(count)])

    mark = Statement(lambda: Outbox.update(
        status="sent", provider_sid=sids(), sent_at=slot("now"), updated_at=slot("now"),
        error=None).where(Outbox.id.in_(ids), Outbox.status == "sending"))
    fill = Statement(lambda: Outbox.update(provider_sid=sids())
                     .where(Outbox.id.in_(ids), Outbox.provider_sid.is_null()))
    return mark, fill


def note(row: Outbox, reason: str) -> None:
    Outbox.update(error=reason[:500]).where(Outbox.id == row.id).execute()


def retry_or_fail(row: Outbox, reason: str, waits: Sequence[int]) -> bool:
    """Put a row back for RQ's next try, or end it failed once it has had its attempts.

    It is sent again no sooner than its wait (of `waits`, RETRY_SECONDS) is over; the job's
    retry, by RQ, waits longer. Return whether it ended failed.
    """
    if row.attempts >= MAX_ATTEMPTS:
        return fail(row, None, f"gave up after {row.attempts} attempts: {reason}")
    wait = wait_before(row.attempts, waits)
    (Outbox.update(status="queued", error=reason[:500], updated_at=utcnow(),
                   next_attempt_at=utcnow() + timedelta(seconds=wait))
     .where(Outbox.id == row.id, Outbox.status == "sending").execute())
    return False


def fail(row: Outbox, code: int | None, reason: str) -> bool:
    """End a row failed with its reason, and apply what the error says about the member.

    Return whether this call ended it (a row settled meanwhile is left as it is).
    """
    with db.atomic():
        ended = (Outbox.update(status="failed", error_code=code, error=reason[:500],
                               updated_at=utcnow())
                 .where(Outbox.id == row.id, Outbox.status.in_(["sending", "claimed"]))
                 .execute())
        apply_permanent_error(row.member_id, code)
    return bool(ended)

def hand_back(token: str) -> None:
    """Put the rows a job claimed but never started back in the queue (caller's transaction)."""
    (Outbox.update(status="queued").where(Outbox.claim == token, Outbox.status == "claimed")
     .execute())


def wait_before(attempts: int, waits: Sequence[int]) -> int:
    """Return the wait, in seconds, before a row that failed `attempts` times is sent again."""
    return waits[min(attempts - 1, len(waits) - 1)]
