"""One stored inbound text or mail: claim it once, then handle it by the way it came."""

from __future__ import annotations

from handlers import abuse, carrier_keywords, held, mail_in, undelivered
from handlers.context import Context
from handlers.dispatch import SAY, dispatch, refuse, settle
from parsers import parse
from store.db import db, has_returning, is_sqlite
from store.models import Inbound, Member, utcnow
from store.outbox import TEXTED
from store.settings import Settings
from store.statements import Statement, slot

CARRIER_ACTIONS = {"opt_out", "opt_in"}  # always carried out, whatever else is going on

# Each runs only where the database has RETURNING; the fallbacks below write their own.
CLAIM = Statement(lambda: Inbound.update(status="handling")
                  .where(Inbound.id == slot("id"), Inbound.status == "received")
                  .returning(Inbound))
SEEN = Statement(lambda: Member.insert(phone=slot("phone"), created_at=slot("now"),
                                       last_seen_at=slot("now"))
                 .on_conflict(conflict_target=[Member.phone],
                              update={Member.last_seen_at: slot("now")})
                 .returning(Member))


def handle_inbound(inbound_id: int, settings: Settings) -> Context | None:
    """Handle a stored inbound text once; None if it was handled already."""
    with db.atomic():
        inbound = claim(inbound_id)
        if inbound is None:
            return None
        if inbound.channel == mail_in.CHANNEL:
            return mail_in.handle_mail(inbound, settings)
        member, new_member = member_for(inbound.sender)
        inbound.member = member
        if inbound.channel in TEXTED:
            undelivered.texted_in(member)  # a text from the phone proves it takes texts
        command = parse(inbound.body)
        if inbound.opt_out_type:
            command = carrier_keywords.command_for(inbound, member, command)
        # Any text but the bare @name answer drops a held text, even one refused below.
        answered = held.take(member, command, utcnow())
        refused = None if command.action in CARRIER_ACTIONS else abuse.verdict(inbound)
        if refused:
            # A flood hears once a minute why nothing happens, a repeat once in its window.
            first = abuse.first_over_limit if refused == "limited" else abuse.first_repeat
            answer = SAY["slow_down"] if refused == "limited" else SAY["repeat"]
            return refuse(inbound, member, settings, refused, answer if first(inbound) else None)
        return settle(inbound, member, settings,
                      lambda: dispatch(member, command, settings, inbound, new_member, answered))


def claim(inbound_id: int) -> Inbound | None:
    """Take a received text for handling and return it; None if it was taken already."""
    if has_returning():  # the claim and the read in one statement
        return CLAIM.first(Inbound, id=inbound_id)
    query = (Inbound.update(status="handling")
             .where(Inbound.id == inbound_id, Inbound.status == "received"))
    return Inbound.get_by_id(inbound_id) if query.execute() else None


def member_for(phone: str) -> tuple[Member, bool]:
    """Return the member for `phone`, created on a first text and seen now; say whether new."""
    now = utcnow()
    if has_returning():
        # One statement: an upsert that writes last_seen_at also holds the row until commit, so
        # two texts from one member at once take turns. A new row is the one created just now.
        member = SEEN.first(Member, phone=phone, now=now)
        return member, member.created_at == now
    created = Member.insert(phone=phone).on_conflict_ignore().as_rowcount().execute()
    query = Member.select().where(Member.phone == phone)
    if not is_sqlite():  # two texts from one member at once take turns (SQLite always does)
        query = query.for_update()
    member = query.get()
    member.last_seen_at = now
    member.save(only=[Member.last_seen_at])
    return member, created == 1
