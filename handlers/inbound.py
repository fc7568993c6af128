"""The way in: one text or mail, from any door, kept, claimed once, handled by the way it came,
and what it caused queued.

Every door (the Twilio webhook, the mail bridge, the web's text box and simulator, `make text`,
`commons send`) calls `take_in`; the sweeper finishes a kept text that was never handled.
"""

from __future__ import annotations

import json
import logging
from typing import Protocol

from peewee import IntegrityError

from handlers import abuse, carrier_keywords, held, mail_in, undelivered
from handlers.context import Context
from handlers.dispatch import SAY, dispatch, refuse, settle
from handlers.language import first_language, speaking_to
from handlers.phone_numbers import sender_number
from handlers.sizes import tell_cut
from parsers import parse
from parsers.intake import cap_body, strip_controls
from store.db import db, has_returning, is_sqlite
from store.models import Inbound, Member, Outbox, utcnow
from store.outbox import TERMINAL, TEXTED, WEB
from store.settings import Settings
from store.statements import Statement, slot

log = logging.getLogger(__name__)

CARRIER_ACTIONS = {"opt_out", "opt_in"}  # always carried out, whatever else is going on

# Each runs only where the database has RETURNING; the fallbacks below write their own.
CLAIM = Statement(lambda: Inbound.update(status="handling")
                  .where(Inbound.id == slot("id"), Inbound.status == "received")
                  .returning(Inbound))
SEEN = Statement(lambda: Member.insert(phone=slot("phone"), created_at=slot("now"),
                                       last_seen_at=slot("now"), language=slot("language"))
                 .on_conflict(conflict_target=[Member.phone],
                              update={Member.last_seen_at: slot("now")})
                 .returning(Member))
KEEP = Statement(lambda: Inbound.insert(
    channel=slot("channel"), provider_id=slot("provider_id"), sender=slot("sender"),
    body=slot("body"), media=slot("media"), address=slot("address"), status=slot("status"),
    subject=slot("subject"), received_at=slot("received_at"), opt_out_type=slot("opt_out_type"),
    draft=slot("draft"),
).returning(*([Inbound.id] if has_returning() else [])))

MAX_SENDER = 255  # the sender column: a refused sender is kept cut to it
TYPED = (WEB, TERMINAL)  # typed in a box: the replies are shown there, not sent


class Deployment(Protocol):
    """What the way in needs of the process it runs in (workers.runtime.Runtime): the
    settings, and where the work a handled text caused is queued."""

    settings: Settings

    def queue_effects(self, ctx: Context) -> None: ...


def take_in(deployment: Deployment, channel: str, provider_id: str, sender: str, body: str,
            media: list[dict] | None = None, opt_out_type: str | None = None,
            address: str | None = None, subject: str | None = None,
            status: str = "received", draft: str | None = None) -> Context | None:
    """Take one text or mail in: keep it, handle it once, queue what it caused.

    None when it was a replay, or is only kept: a mail kept with another `status` than
    "received" (a loop, an auto-reply), or a text whose sender is no number that can take
    texts (kept as refused: no member, no reply). A text from a phone is read as a phone sends
    it: at most MAX_BODY characters, the sender told when it was cut. `opt_out_type` is
    Twilio's word that it took the text for an opt-out, opt-in or help keyword, and answered
    it (handlers/carrier_keywords.py). `draft` is a mail's body as it came, for a worker to
    clean (workers/mail_clean.py).
    """
    cut = False
    if channel in TEXTED:
        body, cut = cap_body(strip_controls(body))
        number = sender_number(sender)
        if number is None:
            keep(channel, provider_id, strip_controls(sender)[:MAX_SENDER], body, media,
                 status="refused")
            log.info("%s %s from a sender that is no textable number kept, refused", channel,
                     provider_id)
            return None
        sender = number
    inbound_id = keep(channel, provider_id, sender, body, media, address, status, subject,
                      opt_out_type, draft)
    if inbound_id is None:
        log.info("replayed %s %s ignored", channel, provider_id)
        return None
    if status != "received":
        return None
    ctx = handle_inbound(inbound_id, deployment.settings)
    if ctx is None:
        return None
    if cut:
        tell_cut(ctx)
    if channel in TYPED:
        shown = {row.id for row in Outbox.select(Outbox.id).where(
            Outbox.id.in_(ctx.outbox_ids or [0]), Outbox.channel == WEB)}
        ctx.outbox_ids = [i for i in ctx.outbox_ids if i not in shown]
    deployment.queue_effects(ctx)
    return ctx


def keep(channel: str, provider_id: str, sender: str, body: str,
         media: list[dict] | None = None, address: str | None = None,
         status: str = "received", subject: str | None = None,
         opt_out_type: str | None = None, draft: str | None = None) -> int | None:
    """Keep the raw text, claiming its provider id atomically; None for a replay.

    Whatever a door missed, no control character is kept.
    """
    clean = strip_controls
    try:
        with db.atomic():
            cursor = KEEP.execute(channel=channel, provider_id=clean(provider_id),
                                  sender=clean(sender), body=clean(body),
                                  media=json.dumps(media or []),
                                  address=clean(address) or None, status=status,
                                  subject=clean(subject) if subject else None,
                                  received_at=utcnow(), opt_out_type=opt_out_type,
                                  draft=clean(draft) or None)
            return cursor.fetchone()[0] if has_returning() else cursor.lastrowid
    except IntegrityError:
        return None


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
        command = parse(inbound.body, member.language)
        if inbound.opt_out_type:
            command = carrier_keywords.command_for(inbound, member, command)
        # Any text but the bare @name answer drops a held text, even one refused below.
        answered = held.take(member, command, utcnow())
        refused = None if command.action in CARRIER_ACTIONS else abuse.verdict(inbound)
        with speaking_to(member):  # the sender's replies in their language; notices in others'
            if refused:
                # A flood hears once a minute why nothing happens, a repeat once in its window.
                first = abuse.first_over_limit if refused == "limited" else abuse.first_repeat
                answer = SAY["slow_down"] if refused == "limited" else SAY["repeat"]
                return refuse(inbound, member, settings, refused,
                              answer if first(inbound) else None)
            return settle(inbound, member, settings,
                          lambda: dispatch(member, command, settings, inbound, new_member,
                                           answered))


def claim(inbound_id: int) -> Inbound | None:
    """Take a received text for handling and return it; None if it was taken already."""
    if has_returning():  # the claim and the read in one statement
        return CLAIM.first(Inbound, id=inbound_id)
    query = (Inbound.update(status="handling")
             .where(Inbound.id == inbound_id, Inbound.status == "received"))
    return Inbound.get_by_id(inbound_id) if query.execute() else None


def member_for(phone: str) -> tuple[Member, bool]:
    """Return the member for `phone`, created on a first text and seen now; say whether new.

    A new member is written to in the language of their number's country until they choose.
    """
    now = utcnow()
    if has_returning():
        # One statement: an upsert that writes last_seen_at also holds the row until commit, so
        # two texts from one member at once take turns. A new row is the one created just now.
        member = SEEN.first(Member, phone=phone, now=now, language=first_language(phone))
        return member, member.created_at == now
    created = (Member.insert(phone=phone, language=first_language(phone)).on_conflict_ignore()
               .as_rowcount().execute())
    query = Member.select().where(Member.phone == phone)
    if not is_sqlite():  # two texts from one member at once take turns (SQLite always does)
        query = query.for_update()
    member = query.get()
    member.last_seen_at = now
    member.save(only=[Member.last_seen_at])
    return member, created == 1
