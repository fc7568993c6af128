"""One stored inbound text or mail: claim it once, then handle it by the way it came."""

from __future__ import annotations

from handlers import abuse, mail
from handlers.context import Context
from handlers.dispatch import SAY, dispatch, refuse, settle
from parsers import parse
from store.db import db, is_sqlite
from store.models import Inbound, Member, utcnow

CARRIER_ACTIONS = {"opt_out", "opt_in"}  # always carried out, whatever else is going on


def handle_inbound(inbound_id: int) -> Context | None:
    """Handle a stored inbound text once; None if it was handled already."""
    with db.atomic():
        claimed = (Inbound.update(status="handling")
                   .where(Inbound.id == inbound_id, Inbound.status == "received").execute())
        if not claimed:
            return None
        inbound = Inbound.get_by_id(inbound_id)
        if inbound.channel == mail.CHANNEL:
            return mail.handle_mail(inbound)
        member, new_member = member_for(inbound.sender)
        member.last_seen_at = utcnow()
        member.save(only=[Member.last_seen_at])
        inbound.member = member
        command = parse(inbound.body)
        refused = None if command.action in CARRIER_ACTIONS else abuse.verdict(inbound)
        if refused:
            # A flood hears once a minute why nothing happens; a loop hears nothing.
            told = refused == "limited" and abuse.first_over_limit(inbound)
            return refuse(inbound, member, refused, SAY["slow_down"] if told else None)
        return settle(inbound, member, lambda: dispatch(member, command, inbound, new_member))


def member_for(phone: str) -> tuple[Member, bool]:
    """Return the member for `phone`, creating it on a first text; say whether it is new."""
    created = Member.insert(phone=phone).on_conflict_ignore().as_rowcount().execute()
    query = Member.select().where(Member.phone == phone)
    if not is_sqlite():  # two texts from one member at once take turns (SQLite always does)
        query = query.for_update()
    return query.get(), created == 1
