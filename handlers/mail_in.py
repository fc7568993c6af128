"""Mail that reached the bridge: whose it is, where it goes, and what it is answered with.

The bridge (gateway/mail_in) stores each mail as an Inbound row with its text as it came and
the address it was sent to; this module acts on that row alone, so the sweeper can finish a
mail whose process died. Who sent it and the limits are checked first, at the door, before the
mail is ever cleaned: a stranger's mail costs a look-up, whatever it holds. A member's mail
within the limits is left "cleaning" (with its draft) for a worker, which cleans it within a
time bound and hands the text to `handle_cleaned`. A From header proves nothing: the mail must
come from a member's verified address *and* carry that member's token for that very address
(`team+TOKEN@` posts to @team and nowhere else). Nothing sent by mail changes who the member is
or where their messages go (handlers/dispatch.py PHONE_ONLY), but for `unsubscribe+TOKEN@`,
which may only stop mail.
"""

from __future__ import annotations

import json
from datetime import timedelta

from peewee import Expression

from handlers import held
from handlers.context import Context
from handlers.dispatch import perform, refuse, refused_off_phone, settle
from handlers.language import speaking_to
from handlers.lookup import group_named
from handlers.mail_clean import CUT_MARKER, rough_text
from handlers.messages import MAX_BODY
from handlers.phone_numbers import region_of
from handlers.registry import HANDLERS, says
from parsers import Command, parse
from parsers.intake import strip_controls
from parsers.languages import speaking
from store import outbox
from store.addresses import (
    COMMANDS,
    UNSUBSCRIBE,
    Address,
    parse_address,
    reply_address,
    token_matches,
)
from store.db import db
from store.models import Inbound, Member, Outbox, utcnow
from store.settings import Settings

CHANNEL = "email"
RATE_WINDOW = timedelta(minutes=1)
# Like Zulip's email gateway, mail is limited per sender and per destination: a person
# replying never comes near either, a script or a mail loop soon does.
SENDER_LIMIT = 10  # mails a minute from one address
GROUP_LIMIT = 30  # mails a minute posted to one group by mail
ANSWER_WINDOW = timedelta(hours=1)  # a refused address hears why at most once an hour...
ANSWERS_PER_HOUR = 100  # ...and forged senders cannot turn the bridge into a spam cannon
MAX_COMMAND_LINES = 20

SAY = says("mail_in", {  # by mail only: no SMS budget applies
    "refused": (
        "Commons did not post your mail to {address}.\n\n"
        "Mail is posted only when it is sent from an email address linked to a Commons "
        "member, to that member's own reply address: reply to a mail Commons sent you, or "
        "use the Reply-To address it carries. To link this address, text "
        "\"email {sender}\" to Commons and answer the code it mails you.\n\n"
        "Nothing else was done with your mail."),
    "own_address": (
        "Commons did not post your mail to {address}: that address does not say it is you.\n\n"
        "To {what} as yourself, write to your own address for it:\n\n"
        "{own}\n\n"
        "Replying to a mail Commons sent you uses it too. Nothing else was done with your mail."),
    "own_commands": "run commands",  # the {what} of own_address
    "own_post": "post to @{group}",
    "refused_subject": "Your mail was not posted",
    "slow_down": "Slow down: Commons got a lot of mail from you in the last minute. "
                 "Your mail was kept but not posted; try again in a minute.",
    "busy": "@{group} is getting a lot of mail right now. Your mail was kept but not "
            "posted; try again in a minute.",
    "not_command": "Not a command, so nothing was done. HELP lists the commands; to post, "
                   "mail the group's address instead.",
    "too_many": "Only the first {n} lines are run as commands.",
    "carrier": "STOP and START work by text only: they tell your phone company. By mail, "
               "'off' mutes every group, 'off @group' one.",
    "cut": "Your mail was longer than a post can be, so only its first {n} characters "
           "were posted.",
    "rough_posted": "Your mail took too long to tidy up, so it was posted as it came (quoted "
                    "lines and markup taken out), cut to at most {n} characters.",
    "rough_run": "Your mail took too long to tidy up, so its lines were run as they came "
                 "(quoted lines and markup taken out), cut to at most {n} characters.",
    "unsubscribed": "Done: no more posts by mail. {then}",
    "then_sms": "They come by text again; text via email to get them by mail.",
    "then_off": "@{group} is muted for you; text or mail 'on @{group}' to hear from it again.",
    "no_mail": "No posts come to you by mail, so nothing was changed.",
    "then_all": "Every group is muted for you; mail 'on' to commands@ to hear from them again.",
    "quote": "> {line}",
    "done": "Done.",
}, by_mail=True)
CARRIER_ACTIONS = ("opt_out", "opt_in")
ADMITTED = ("cleaning", "handling", "handled")  # a group's mail that counts against its limit


def handle_mail(inbound: Inbound, settings: Settings) -> Context:
    """Check a claimed mail's sender and limits; refuse it, or leave it for a worker to clean.

    A refused mail's draft is dropped at once: only its cut text is kept.
    """
    ctx = _admit(inbound, settings)
    if inbound.status != "cleaning" and inbound.draft is not None:
        Inbound.update(draft=None).where(Inbound.id == inbound.id).execute()
    return ctx


def _admit(inbound: Inbound, settings: Settings) -> Context:
    address = parse_address(inbound.address or "")
    member = owner(settings, inbound, address.local, address.token) if address else None
    if address is None or member is None:
        return _refuse_stranger(inbound, settings, address)
    inbound.member = member
    member.last_seen_at = utcnow()
    member.save(only=[Member.last_seen_at])
    held.take(member, None, member.last_seen_at)  # a mail is never the bare @name answer
    with speaking_to(member):
        return _admit_member(inbound, settings, member, address)


def _admit_member(inbound: Inbound, settings: Settings, member: Member,
                  address: Address) -> Context:
    group = group_named(address.local)
    if over_limit(Inbound.sender == inbound.sender, inbound, SENDER_LIMIT):
        return refuse(inbound, member, settings, "limited", _once(inbound, SAY["slow_down"]))
    if group and over_limit(_to_group(group.handle), inbound, GROUP_LIMIT, ADMITTED):
        return refuse(inbound, member, settings, "limited",
                      _once(inbound, SAY["busy"].format(group=group.handle)))
    if inbound.draft is not None:  # cleaned by a worker, then acted on (handle_cleaned)
        inbound.status = "cleaning"
        inbound.save(only=[Inbound.status, Inbound.member])
        ctx = Context(member=member, settings=settings, inbound=inbound)
        ctx.cleaning.append(inbound.id)
        return ctx
    return act(inbound, member, settings, address)


def handle_cleaned(inbound_id: int, text: str | None, settings: Settings) -> Context | None:
    """Act on a member's mail once cleaned into `text`; None if it was acted on already.

    `text` None: cleaning ran out of time (or failed), so the mail is posted as it came,
    roughly tidied and cut, and its sender told.
    """
    with db.atomic():
        taken = (Inbound.update(status="handling")
                 .where(Inbound.id == inbound_id, Inbound.status == "cleaning").execute())
        if not taken:  # another worker (or a sweep) took it
            return None
        inbound = Inbound.get_by_id(inbound_id)
        draft = json.loads(inbound.draft or "{}")
        inbound.body = strip_controls(text if text is not None else rough_text(draft))
        inbound.draft = None
        inbound.save(only=[Inbound.body, Inbound.draft])
        member = Member.get_or_none(Member.id == inbound.member_id)
        address = parse_address(inbound.address or "")
        if member is None or address is None:  # gone since the door took the mail
            inbound.status = "refused"
            inbound.save(only=[Inbound.status])
            return None
        with speaking_to(member):
            rough = "rough_run" if draft.get("commands") else "rough_posted"
            note = None if text is not None else SAY[rough].format(n=f"{MAX_BODY:,}")
            return act(inbound, member, settings, address, note)


def act(inbound: Inbound, member: Member, settings: Settings, address: Address,
        note: str | None = None) -> Context:
    """Post the mail, run its commands or stop mail, as its address says; `note` ends the reply."""
    group = group_named(address.local)
    if address.local == COMMANDS:
        return settle(inbound, member, settings,
                      lambda: run_lines(member, settings, inbound, note))
    if address.local == UNSUBSCRIBE:
        return settle(inbound, member, settings, lambda: unsubscribe(member, settings, inbound))
    command = Command(action="post" if group else "dm", target=address.local, text=inbound.body)
    return settle(inbound, member, settings,
                  lambda: run_one(member, settings, command, inbound, note))


def owner(settings: Settings, inbound: Inbound, local: str, token: str | None) -> Member | None:
    """Return the member the mail is from: its From address theirs, and their token for `local`."""
    if not token or not inbound.sender:
        return None
    member = Member.get_or_none(Member.email == inbound.sender.lower())
    if member is None or not token_matches(settings.SECRET_KEY, member, local, token):
        return None
    return member


def run_one(member: Member, settings: Settings, command: Command, inbound: Inbound,
            note: str | None = None) -> Context:
    """Carry out the post or direct message a mail stands for."""
    ctx = Context(member=member, settings=settings, inbound=inbound,
                  region=region_of(member.phone))
    perform_mailed(ctx, command)
    if note:
        ctx.reply(note)
    elif inbound.body.endswith(CUT_MARKER) or f"{CUT_MARKER}\n(attached: " in inbound.body:
        ctx.reply(SAY["cut"].format(n=f"{MAX_BODY:,}"))
    ctx.finish()
    return ctx


def unsubscribe(member: Member, settings: Settings, inbound: Inbound) -> Context:
    """Stop posts by mail (List-Unsubscribe): back to texts, else mute the group named.

    The mail's words are read only for which group to mute: nothing sent to this address can
    bring mail back, send it anywhere else, or stop texts to a member who gets them.
    """
    ctx = Context(member=member, settings=settings, inbound=inbound,
                  region=region_of(member.phone))
    if member.via == outbox.EMAIL and outbox.can_text(member):
        member.via = outbox.SMS
        member.save(only=[Member.via])
        ctx.reply(SAY["unsubscribed"].format(then=SAY["then_sms"]))
    elif outbox.route(member) == (outbox.EMAIL, member.email):
        command = parse(inbound.body.splitlines()[0] if inbound.body.strip() else "")
        group = group_named(command.target) if command.action == "off" and command.target \
            else None
        HANDLERS["off"](ctx, Command("off", target=group.handle if group else None))
        ctx.lines.clear()  # the mute's own reply speaks of texts; this one speaks of mail
        then = SAY["then_off"].format(group=group.handle) if group else SAY["then_all"]
        ctx.reply(SAY["unsubscribed"].format(then=then))
    else:
        ctx.reply(SAY["no_mail"])
    ctx.finish()
    return ctx


def perform_mailed(ctx: Context, command: Command) -> None:
    """Carry out a mailed command; a STOP texted earlier is about texts, not about mail.

    The token and the verified address prove the member as surely as their phone does, so an
    opted-out member still posts and runs commands by mail; their answers come by mail.
    """
    if command.action in CARRIER_ACTIONS:
        ctx.reply(SAY["carrier"])
    elif refused_off_phone(ctx, command):
        return
    elif ctx.member.opted_out and command.action in HANDLERS:
        HANDLERS[command.action](ctx, command)  # perform() would skip them: it guards texts
    else:
        perform(ctx, command)


def run_lines(member: Member, settings: Settings, inbound: Inbound,
              note: str | None = None) -> Context:
    """Run each line of a mail to commands@ as a command; answer them all in one mail."""
    ctx = Context(member=member, settings=settings, inbound=inbound,
                  region=region_of(member.phone))
    lines = [line.strip() for line in inbound.body.splitlines() if line.strip()]
    for line in lines[:MAX_COMMAND_LINES]:
        ctx.reply(SAY["quote"].format(line=line))
        command = parse(line)
        if command.action == "chat":  # a stray line of a signature must not be posted
            ctx.reply(SAY["not_command"])
            continue
        before = len(ctx.lines)
        perform_mailed(ctx, command)
        if len(ctx.lines) == before:
            ctx.reply(SAY["done"])
    if len(lines) > MAX_COMMAND_LINES:
        ctx.reply(SAY["too_many"].format(n=MAX_COMMAND_LINES))
    if note:
        ctx.reply(note)
    ctx.finish()
    return ctx


def over_limit(who: Expression, inbound: Inbound, limit: int,
               statuses: tuple[str, ...] = ()) -> bool:
    """Tell whether `limit` mails matching `who` (in `statuses`) came in the minute before."""
    recent = Inbound.select().where(who, Inbound.channel == CHANNEL, Inbound.id < inbound.id,
                                    Inbound.received_at > inbound.received_at - RATE_WINDOW)
    if statuses:
        recent = recent.where(Inbound.status.in_(statuses))
    return recent.count() >= limit


def _to_group(handle: str) -> Expression:
    return Inbound.address.startswith(f"{handle}+") | Inbound.address.startswith(f"{handle}@")


def _once(inbound: Inbound, answer: str) -> str | None:
    """Return `answer` for the first limited mail of its minute from this sender, else None."""
    earlier = Inbound.select().where(
        Inbound.sender == inbound.sender, Inbound.id < inbound.id, Inbound.status == "limited",
        Inbound.received_at > inbound.received_at - RATE_WINDOW)
    return None if earlier.exists() else answer


def _refuse_stranger(inbound: Inbound, settings: Settings,
                     address: Address | None = None) -> Context:
    """Post nothing; tell the From address why, at most once an hour (never to a flood)."""
    inbound.status = "refused"
    inbound.save(only=[Inbound.status])
    # A stranger is no member: an unsaved one stands in, so the caller queues the answer.
    ctx = Context(member=Member(email=inbound.sender), settings=settings, inbound=inbound)
    since = utcnow() - ANSWER_WINDOW
    answered = (Outbox.select().join(Inbound)
                .where(Inbound.status == "refused", Outbox.created_at > since))
    if answered.where(Outbox.to == inbound.sender).exists() or \
            answered.count() >= ANSWERS_PER_HOUR:
        return ctx
    linked = Member.get_or_none(Member.email == inbound.sender.lower())
    # A linked address is answered in its member's language; a stranger's, in English.
    with speaking(linked.language if linked is not None else None):
        body = SAY["refused"].format(address=inbound.address, sender=inbound.sender)
        if linked is not None and address is not None and address.token is None:
            # Only the linked mailbox gets this: a forged From sends the address to its owner.
            what = (SAY["own_commands"] if address.local == COMMANDS
                    else SAY["own_post"].format(group=address.local))
            body = SAY["own_address"].format(address=inbound.address, what=what,
                                             own=reply_address(settings.SECRET_KEY,
                                                               address.local, linked,
                                                               address.domain))
        subject = SAY["refused_subject"]
    row = outbox.write_email(inbound.sender, body, subject, inbound)
    ctx.outbox_ids.append(row.id)
    return ctx
