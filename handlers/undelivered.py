"""A text that never arrived: kept per member, sent by mail instead, and what repeats of it mean.

Every final failure (a refused send, an `undelivered` or `failed` status callback) is kept with
its error code. Texts that carriers could not hand to the member's phone (UNREACHABLE_CODES)
count up per member; a delivered text sets the count back to 0. At UNREACHABLE_AFTER in a row
the member is unreachable: nothing more is texted to them (their texts go by mail to a verified
address, or nowhere) until they text in, and each owner of a group they are in is told once.
A failed text of a member with a verified address goes to it by mail, unless the member opted
out (21610: STOP asks for no more texts, not for mail). A burst of carrier filtering (30007)
from one sender pauses that sender and tells the operator (handlers/pauses.py).
"""

from __future__ import annotations

import logging

from peewee import IntegrityError

from handlers.language import speaking_to
from handlers.registry import says
from store import outbox
from store.carrier import DeliveryFailure
from store.db import db
from store.models import Group, Member, Membership, Outbox, utcnow

log = logging.getLogger(__name__)

# The handset is off or out of reach, the number is unknown to its carrier, a landline: the
# carrier could not hand the text over. One such failure is a phone switched off for an evening.
UNREACHABLE_CODES: dict[int | None, str] = {
    30003: "phone unreachable", 30005: "unknown number", 30006: "landline"}
# Not a number that can take texts at all (Twilio refuses the send): unreachable at once.
BAD_NUMBER_CODES: dict[int | None, str] = {
    21211: "not a valid number", 21614: "not a mobile number"}
# Three in a row, none delivered between, is a number that no longer takes texts: sending on
# costs money and the sender's standing with carriers, and the member hears nothing anyway.
UNREACHABLE_AFTER = 3
OPTED_OUT = 21610  # STOP at the carrier: no mail either, only `via email` brings mail after it
MAX_GROUPS_NAMED = 1  # an owner's notice names one group of theirs the member is in

# Why, as an owner's notice says it: by error code ("other" for any code not named above).
WHY = says("undelivered_why", {
    **{str(code): why for code, why in {**UNREACHABLE_CODES, **BAD_NUMBER_CODES}.items()},
    "other": "undelivered"})
SAY = says("undelivered", {
    "owner_mail": "{member} in @{group} can't get texts: {count} in a row failed ({why}). "
                  "Posts reach them by mail now.",
    "owner_none": "{member} in @{group} can't get texts: {count} in a row failed ({why}). "
                  "Nothing reaches them until they text in.",
    "owner_bad_mail": "{member} in @{group} can't get texts ({why}). Posts reach them by mail "
                      "now.",
    "owner_bad_none": "{member} in @{group} can't get texts ({why}). Nothing reaches them "
                      "until they text in.",
})


def unreachable(member: Member) -> bool:
    """Tell whether texts no longer reach `member`'s phone (not their own STOP: their carrier)."""
    return member.unreachable_at is not None or member.phone_invalid


def text_failed(row: Outbox, code: int | None, sender: str | None) -> list[int]:
    """Keep a final failure of `row` and carry out what it means; return outbox ids to queue.

    In the caller's transaction, once per row: the caller moved the row to its final status.
    """
    DeliveryFailure.create(member=row.member_id, outbox=row.id, code=code, sender=sender)
    if row.member_id is None or row.channel != outbox.SMS:
        return []
    queued = []
    if code in UNREACHABLE_CODES:
        (Member.update(failed_texts=Member.failed_texts + 1)
         .where(Member.id == row.member_id).execute())
    member = Member.get_by_id(row.member_id)
    if member.unreachable_at is None and (
            code in BAD_NUMBER_CODES
            or (code in UNREACHABLE_CODES and member.failed_texts >= UNREACHABLE_AFTER)):
        queued += mark_unreachable(member, code)
    if code != OPTED_OUT and not member.opted_out:
        mailed = by_mail(row, member)
        queued += [mailed] if mailed else []
    return queued


def text_delivered(member_id: int | None) -> None:
    """Start a member's count of failed texts again: their phone took one."""
    if member_id is not None:
        (Member.update(failed_texts=0)
         .where(Member.id == member_id, Member.failed_texts > 0).execute())


def texted_in(member: Member) -> None:
    """Take a member for reachable again: a text from their phone proves it takes texts."""
    if member.unreachable_at is None and not member.failed_texts:
        return
    member.unreachable_at, member.failed_texts = None, 0
    member.save(only=[Member.unreachable_at, Member.failed_texts])
    log.info("member %s texted in: reachable again", member.id)


def mark_unreachable(member: Member, code: int | None) -> list[int]:
    """Mark `member` unreachable, once; tell their groups' owners; return outbox ids to queue.

    Their texts still waiting go by mail instead, to a verified address, or nowhere.
    """
    now = utcnow()
    won = (Member.update(unreachable_at=now)
           .where(Member.id == member.id, Member.unreachable_at.is_null()).execute())
    if not won:
        return []  # another failure marked them a moment ago, and told the owners
    member.unreachable_at = now
    log.warning("member %s marked unreachable after error %s", member.id, code)
    queued = []
    waiting = list(Outbox.select().where(Outbox.member == member.id, Outbox.channel == outbox.SMS,
                                         Outbox.status.in_(["queued", "quiet"])))
    for row in waiting:
        (Outbox.update(status="failed", error="the member can no longer receive texts",
                       updated_at=now).where(Outbox.id == row.id).execute())
        mailed = by_mail(row, member)
        queued += [mailed] if mailed else []
    return queued + tell_owners(member, code)


def tell_owners(member: Member, code: int | None) -> list[int]:
    """Tell each owner of a group `member` is in, once, that texts no longer reach them."""
    groups = (Group.select().join(Membership).where(Membership.member == member.id,
                                                   Group.owner != member.id)
              .order_by(Group.id))
    first_group: dict[int, Group] = {}
    for group in groups:
        first_group.setdefault(group.owner_id, group)
    bad = code in BAD_NUMBER_CODES
    key = ("owner_bad_" if bad else "owner_") + ("mail" if member.email else "none")
    queued = []
    for owner_id, group in first_group.items():
        owner = Member.get_by_id(owner_id)
        with speaking_to(owner):
            why = WHY.get(str(code)) or WHY["other"]
            text = SAY[key].format(member=member.label, group=group.handle, why=why,
                                   count=member.failed_texts)
        row = outbox.write(owner, text, kind="post")
        if row is not None:
            queued.append(row.id)
    return queued


def by_mail(row: Outbox, member: Member) -> int | None:
    """Write a failed text again as a mail to the member's verified address; its id, or None.

    A post stays the post (the mail is the group's, threaded, answerable); once per channel.
    """
    if not member.email or row.channel != outbox.SMS:
        return None
    try:
        with db.atomic():
            mail = Outbox.create(member=member.id, kind=row.kind, inbound=row.inbound_id,
                                 message=row.message_id, subject=row.subject,
                                 channel=outbox.EMAIL, to=member.email, body=row.body,
                                 segments=0)
    except IntegrityError:  # the post went to this address by mail already
        return None
    return mail.id
