"""Mail that reached the bridge: whose it is, where it goes, and what it is answered with.

The bridge (gateway/mail_in) stores each mail as an Inbound row with the cleaned text and the
address it was sent to; this module acts on that row alone, so the sweeper can finish a mail
whose process died. A From header proves nothing: the secret token in the address
(`team+TOKEN@`) names the member, and the mail must come from that member's verified address.
"""

from __future__ import annotations

from datetime import timedelta

from peewee import Expression

from handlers import held
from handlers.context import Context
from handlers.dispatch import perform, refuse, settle
from handlers.lookup import group_named, region_of
from handlers.registry import HANDLERS
from parsers import Command, parse
from store import outbox
from store.addresses import COMMANDS, Address, parse_address, reply_address
from store.models import Inbound, Member, Outbox, utcnow

CHANNEL = "email"
RATE_WINDOW = timedelta(minutes=1)
# Like Zulip's email gateway, mail is limited per sender and per destination: a person
# replying never comes near either, a script or a mail loop soon does.
SENDER_LIMIT = 10  # mails a minute from one address
GROUP_LIMIT = 30  # mails a minute posted to one group by mail
ANSWER_WINDOW = timedelta(hours=1)  # a refused address hears why at most once an hour...
ANSWERS_PER_HOUR = 100  # ...and forged senders cannot turn the bridge into a spam cannon
MAX_COMMAND_LINES = 20

SAY = {  # by mail only: no SMS budget applies
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
    "slow_down": "Slow down: Commons got a lot of mail from you in the last minute. "
                 "Your mail was kept but not posted; try again in a minute.",
    "busy": "@{group} is getting a lot of mail right now. Your mail was kept but not "
            "posted; try again in a minute.",
    "not_command": "Not a command, so nothing was done. HELP lists the commands; to post, "
                   "mail the group's address instead.",
    "too_many": "Only the first {n} lines are run as commands.",
    "carrier": "STOP and START work by text only: they tell your phone company. By mail, "
               "'off' mutes every group, 'off @group' one, and 'via sms' brings posts by text.",
}
CARRIER_ACTIONS = ("opt_out", "opt_in")


def handle_mail(inbound: Inbound) -> Context:
    """Act on a claimed mail: post it, run its commands, or refuse it with a short answer."""
    address = parse_address(inbound.address or "")
    member = owner(inbound, address.token if address else None)
    if address is None or member is None:
        return _refuse_stranger(inbound, address)
    inbound.member = member
    member.last_seen_at = utcnow()
    member.save(only=[Member.last_seen_at])
    held.take(member, None, member.last_seen_at)  # a mail is never the bare @name answer
    group = group_named(address.local)
    if over_limit(Inbound.sender == inbound.sender, inbound, SENDER_LIMIT):
        return refuse(inbound, member, "limited", _once(inbound, SAY["slow_down"]))
    if group and over_limit(_to_group(group.handle), inbound, GROUP_LIMIT, "handled"):
        return refuse(inbound, member, "limited",
                      _once(inbound, SAY["busy"].format(group=group.handle)))
    if address.local == COMMANDS:
        return settle(inbound, member, lambda: run_lines(member, inbound))
    command = Command(action="post" if group else "dm", target=address.local, text=inbound.body)
    return settle(inbound, member, lambda: run_one(member, command, inbound))


def owner(inbound: Inbound, token: str | None) -> Member | None:
    """Return the member whose token is in the address, if the mail is from their address."""
    if not token:
        return None
    member = Member.get_or_none(Member.email_token == token.lower())
    if member is None or not member.email or member.email != inbound.sender.lower():
        return None
    return member


def run_one(member: Member, command: Command, inbound: Inbound) -> Context:
    """Carry out the post or direct message a mail stands for."""
    ctx = Context(member=member, inbound=inbound, region=region_of(member.phone))
    perform_mailed(ctx, command)
    ctx.finish()
    return ctx


def perform_mailed(ctx: Context, command: Command) -> None:
    """Carry out a mailed command; a STOP texted earlier is about texts, not about mail.

    The token and the verified address prove the member as surely as their phone does, so an
    opted-out member still posts and runs commands by mail; their answers come by mail.
    """
    if command.action in CARRIER_ACTIONS:
        ctx.reply(SAY["carrier"])
    elif ctx.member.opted_out and command.action in HANDLERS:
        HANDLERS[command.action](ctx, command)  # perform() would skip them: it guards texts
    else:
        perform(ctx, command)


def run_lines(member: Member, inbound: Inbound) -> Context:
    """Run each line of a mail to commands@ as a command; answer them all in one mail."""
    ctx = Context(member=member, inbound=inbound, region=region_of(member.phone))
    lines = [line.strip() for line in inbound.body.splitlines() if line.strip()]
    for line in lines[:MAX_COMMAND_LINES]:
        ctx.reply(f"> {line}")
        command = parse(line)
        if command.action == "chat":  # a stray line of a signature must not be posted
            ctx.reply(SAY["not_command"])
            continue
        before = len(ctx.lines)
        perform_mailed(ctx, command)
        if len(ctx.lines) == before:
            ctx.reply("Done.")
    if len(lines) > MAX_COMMAND_LINES:
        ctx.reply(SAY["too_many"].format(n=MAX_COMMAND_LINES))
    ctx.finish()
    return ctx


def over_limit(who: Expression, inbound: Inbound, limit: int, status: str | None = None) -> bool:
    """Tell whether `limit` mails matching `who` came in the minute before this one."""
    recent = Inbound.select().where(who, Inbound.channel == CHANNEL, Inbound.id < inbound.id,
                                    Inbound.received_at > inbound.received_at - RATE_WINDOW)
    if status:
        recent = recent.where(Inbound.status == status)
    return recent.count() >= limit


def _to_group(handle: str) -> Expression:
    return Inbound.address.startswith(f"{handle}+") | Inbound.address.startswith(f"{handle}@")


def _once(inbound: Inbound, answer: str) -> str | None:
    """Return `answer` for the first limited mail of its minute from this sender, else None."""
    earlier = Inbound.select().where(
        Inbound.sender == inbound.sender, Inbound.id < inbound.id, Inbound.status == "limited",
        Inbound.received_at > inbound.received_at - RATE_WINDOW)
    return None if earlier.exists() else answer


def _refuse_stranger(inbound: Inbound, address: Address | None = None) -> Context:
    """Post nothing; tell the From address why, at most once an hour (never to a flood)."""
    inbound.status = "refused"
    inbound.save(only=[Inbound.status])
    # A stranger is no member: an unsaved one stands in, so the caller queues the answer.
    ctx = Context(member=Member(email=inbound.sender), inbound=inbound)
    since = utcnow() - ANSWER_WINDOW
    answered = (Outbox.select().join(Inbound)
                .where(Inbound.status == "refused", Outbox.created_at > since))
    if answered.where(Outbox.to == inbound.sender).exists() or \
            answered.count() >= ANSWERS_PER_HOUR:
        return ctx
    body = SAY["refused"].format(address=inbound.address, sender=inbound.sender)
    linked = Member.get_or_none(Member.email == inbound.sender.lower())
    if linked is not None and address is not None and address.token is None:
        # Only the linked mailbox gets this: a forged From sends the address to its owner.
        what = "run commands" if address.local == COMMANDS else f"post to @{address.local}"
        body = SAY["own_address"].format(address=inbound.address, what=what,
                                         own=reply_address(address.local, linked, address.domain))
    row = outbox.write_email(inbound.sender, body, "Your mail was not posted", inbound)
    ctx.outbox_ids.append(row.id)
    return ctx
