"""From a stored inbound text to its effects: parse, run the handler, write the outbox."""

from __future__ import annotations

import logging

from handlers import abuse, account
from handlers.context import Context
from handlers.lookup import my_groups, region_of
from handlers.registry import HANDLERS, says
from parsers import Command, parse
from store.db import db, is_sqlite
from store.models import Inbound, Member, utcnow

log = logging.getLogger(__name__)

CARRIER_ACTIONS = {"opt_out", "opt_in"}  # always carried out, whatever else is going on
SAY = says("dispatch", {
    "later": "{word} is not available on this server yet. HELP for commands",
    "broken": "Sorry, something went wrong with that text. Please try again.",
    "slow_down": "Slow down: that's a lot of texts. Try again in a minute.",
})


def dispatch(member: Member, command: Command, inbound: Inbound | None = None,
             new_member: bool = False) -> Context:
    """Carry out `command` for `member` and write every text it causes; return the context."""
    ctx = Context(member=member, inbound=inbound, new_member=new_member,
                  region=region_of(member.phone))
    if command.action == "opt_out":  # the carrier confirms; we send nothing from now on
        member.opted_out = True
        member.save(only=[Member.opted_out])
        return ctx
    if command.action == "opt_in":
        member.opted_out = False
        member.save(only=[Member.opted_out])
    elif member.opted_out:
        return ctx  # kept, but an opted-out member is sent nothing until START
    handler = HANDLERS.get(command.action)
    if handler is None:
        ctx.reply(SAY["later"].format(word=command.action))  # a command of a later release
    else:
        handler(ctx, command)
    if new_member and command.action not in ("help", "name", "opt_in") and not my_groups(member):
        ctx.lines.insert(0, account.SAY["welcome"])
    ctx.finish()
    return ctx


def handle_inbound(inbound_id: int) -> Context | None:
    """Handle a stored inbound text once; None if it was handled already."""
    with db.atomic():
        claimed = (Inbound.update(status="handling")
                   .where(Inbound.id == inbound_id, Inbound.status == "received").execute())
        if not claimed:
            return None
        inbound = Inbound.get_by_id(inbound_id)
        member, new_member = member_for(inbound.sender)
        member.last_seen_at = utcnow()
        member.save(only=[Member.last_seen_at])
        inbound.member = member
        command = parse(inbound.body)
        refused = None if command.action in CARRIER_ACTIONS else abuse.verdict(inbound)
        if refused:
            return _refuse(inbound, member, refused)
        try:
            with db.atomic():  # a savepoint: a failing handler must not lose the text itself
                ctx = dispatch(member, command, inbound, new_member)
                inbound.status = "handled"
        except Exception as error:  # noqa: BLE001 - the text is kept, the sender is told
            log.exception("handling inbound %s failed", inbound_id)
            inbound.status, inbound.error = "failed", repr(error)[:500]
            ctx = Context(member=Member.get_by_id(member.id), inbound=inbound)
            ctx.reply(SAY["broken"])
            ctx.finish()
        inbound.save(only=[Inbound.status, Inbound.error, Inbound.member])
    return ctx


def _refuse(inbound: Inbound, member: Member, verdict: str) -> Context:
    """Keep an abusive text without acting on it; a flood hears once a minute why."""
    inbound.status = verdict
    inbound.save(only=[Inbound.status, Inbound.member])
    ctx = Context(member=member, inbound=inbound)
    if verdict == "limited" and abuse.first_over_limit(inbound):
        ctx.reply(SAY["slow_down"])
        ctx.finish()
    return ctx


def member_for(phone: str) -> tuple[Member, bool]:
    """Return the member for `phone`, creating it on a first text; say whether it is new."""
    created = Member.insert(phone=phone).on_conflict_ignore().as_rowcount().execute()
    query = Member.select().where(Member.phone == phone)
    if not is_sqlite():  # two texts from one member at once take turns (SQLite always does)
        query = query.for_update()
    return query.get(), created == 1
