"""Email commands: link an address (`email`, then `verify` the mailed code), `via`, `newtoken`.

The code goes only to the address being linked, never by text: linking proves that whoever
texts from this phone also reads that mailbox. It is kept hashed, works for 30 minutes, once,
and is burned after five wrong tries; a member may ask for three codes an hour. All of these
are taken by text from the member's phone only (handlers/dispatch.py PHONE_ONLY), and a new
link is announced by text, the address masked, so a change nobody asked for is seen at once.
An address linked to another account is answered like any other (a code is mailed to it): only
whoever reads that mailbox learns, at `verify`, that it is taken.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta

from email_validator import EmailNotValidError, validate_email
from peewee import IntegrityError

from handlers.context import Context
from handlers.lookup import my_groups
from handlers.registry import handles, says
from parsers import Command
from parsers.limits import EMAIL_CODE_DIGITS
from store import outbox
from store.addresses import COMMANDS, reply_address
from store.db import db
from store.models import Member, OneTimeCode
from store.settings import Settings

CODE_LIFETIME = timedelta(minutes=30)
CODE_MINUTES = int(CODE_LIFETIME.total_seconds() // 60)
CODES_PER_HOUR = 3  # mail to a stranger's address, on our name: keep it rare
MAX_TRIES = 5  # a 6-digit code, 5 guesses: one chance in 200,000
PURPOSE = "email"


SAY = says("email", {
    "sent": f"Sent a code to {{masked}}. Text verify CODE within {CODE_MINUTES} minutes.",
    "bad": "That doesn't look like an email address. Try e.g. email you@example.com",
    "ours": "Use your own address, not a Commons one.",
    "taken": "That address is linked to another account.",
    "already": "{address} is already linked to you.",
    "too_many": "Too many codes asked for: try again in an hour.",
    "no_code": "No code is waiting. Text email you@example.com to get one.",
    "expired": "That code has expired. Text email {address} for a new one.",
    "burned": "Too many wrong tries: that code is dead. Text email {address} for a new one.",
    "wrong": "Wrong code. Tries left: {n}.",
    "linked": "Your Commons email was changed to {masked}. Not you? Text email to fix it. "
              "Your addresses are in the mail we sent it.",
    "new_token": "Done: your old Commons mail addresses no longer work. The new ones are in "
                 "the mail we sent to {masked}.",
    "new_token_no_email": "Done: your old Commons mail addresses no longer work. Link an "
                          "address with email you@example.com to get new ones.",
    "via_now_email": "Posts now come by mail to {address}. via sms to get texts again.",
    "via_now_sms": "Posts now come by text. via email to get them by mail.",
    "via_is_email": "Posts come to you by mail at {address}. via sms to get texts instead.",
    "via_is_sms": "Posts come to you by text. via email to get them by mail.",
    "via_no_email": "Link an address first: text email you@example.com",
    "via_no_phone": "No phone here can take texts, so posts stay by mail.",
    "via_stopped": "Posts will come by text once you text START to Commons; until then "
                   "none are sent to you.",
    "via_is_none": "Nothing is sent to you: you texted STOP. Text START to get texts again, "
                   "or via email to get posts by mail.",
})

MAIL = says("email_mail", {  # by mail only: no SMS budget applies
    "code_subject": "Your Commons code",
    "posts_to": "posts to @{group}",  # beside each group's address in the mails below
    "code": """Someone asked to link this address to the Commons account of {who}.

If it was you, text this from that phone{to}, within {minutes} minutes:

    verify {code}

If it wasn't, ignore this mail: nothing changes, and the code stops working on its own.
""",
    "welcome_subject": "Your Commons addresses",
    "welcome": """This address is now linked to your Commons account ({who}).

Mail from it to these addresses, which are yours alone (keep them to yourself):
{groups}
    {commands}  runs each line as a command, as a text would

Text "via email" to get posts by mail, "via sms" to get them by text again.
If anyone else learns one of these addresses, text "newtoken": new ones come by mail, and
the old ones stop working.
""",
    "new_token_subject": "Your new Commons addresses",
    "new_token": """You texted newtoken, so your old Commons addresses no longer work ({who}).

Mail from this address to these new ones, which are yours alone (keep them to yourself):
{groups}
    {commands}  runs each line as a command, as a text would
""",
}, by_mail=True)


@handles("email")
def email(ctx: Context, cmd: Command) -> None:
    """Mail a code to the address given, to be texted back with `verify`."""
    settings = ctx.settings
    address = normalised(cmd.text)
    if cmd.text.strip("<> ").lower().endswith("@" + settings.MAIL_DOMAIN.lower()):
        ctx.reply(SAY["ours"])  # mail from Commons to Commons would go round in circles
    elif address is None:
        ctx.reply(SAY["bad"])
    elif address == ctx.member.email:
        ctx.reply(SAY["already"].format(address=address))
    elif _codes_this_hour(ctx) >= CODES_PER_HOUR:
        ctx.reply(SAY["too_many"])
    else:
        code = f"{secrets.randbelow(10 ** EMAIL_CODE_DIGITS):0{EMAIL_CODE_DIGITS}d}"
        (OneTimeCode.update(expires_at=ctx.now)  # only the newest code works
         .where(_pending(ctx), OneTimeCode.expires_at > ctx.now).execute())
        OneTimeCode.create(member=ctx.member, purpose=PURPOSE, address=address,
                           code_hash=code_hash(settings, ctx.member.id, address, code),
                           created_at=ctx.now, expires_at=ctx.now + CODE_LIFETIME)
        to = f" to {settings.TWILIO_FROM}" if settings.TWILIO_FROM else ""
        # Whoever reads this mailbox may not be the member: no digit of the number goes in it.
        body = MAIL["code"].format(who=ctx.member.label, to=to, code=code, minutes=CODE_MINUTES)
        _mail(ctx, address, MAIL["code_subject"], body)
        ctx.reply(SAY["sent"].format(masked=masked(address)))


@handles("verify")
def verify(ctx: Context, cmd: Command) -> None:
    """Link the address the newest code was mailed to, if `cmd.text` is that code."""
    code = (OneTimeCode.select()
            .where(OneTimeCode.member == ctx.member.id, OneTimeCode.purpose == PURPOSE)
            .order_by(OneTimeCode.created_at.desc(), OneTimeCode.id.desc()).first())
    if code is None or code.used_at is not None:
        ctx.reply(SAY["no_code"])
        return
    if code.expires_at <= ctx.now:
        key = "burned" if code.attempts >= MAX_TRIES else "expired"
        ctx.reply(SAY[key].format(address=code.address))
        return
    # Counted before comparing, in one UPDATE: two guesses at once can't both be a fifth try.
    counted = (OneTimeCode.update(attempts=OneTimeCode.attempts + 1)
               .where(OneTimeCode.id == code.id, OneTimeCode.attempts < MAX_TRIES,
                      OneTimeCode.used_at.is_null()).execute())
    settings = ctx.settings
    expected = code_hash(settings, ctx.member.id, code.address, cmd.text)
    if not counted or not hmac.compare_digest(expected, code.code_hash):
        left = MAX_TRIES - code.attempts - 1 if counted else 0
        if left <= 0:
            OneTimeCode.update(expires_at=ctx.now).where(OneTimeCode.id == code.id).execute()
            ctx.reply(SAY["burned"].format(address=code.address))
        else:
            ctx.reply(SAY["wrong"].format(n=left))
        return
    if not _link(ctx, code):
        return
    _mail(ctx, code.address, MAIL["welcome_subject"],
          addresses_mail(settings, ctx.member, MAIL["welcome"]))
    ctx.reply(SAY["linked"].format(masked=masked(code.address)))


@handles("newtoken")
def newtoken(ctx: Context, cmd: Command) -> None:
    """Kill every mail token of the sender at once, and mail the new addresses."""
    (Member.update(mail_epoch=Member.mail_epoch + 1)
     .where(Member.id == ctx.member.id).execute())
    ctx.member = Member.get_by_id(ctx.member.id)
    if not ctx.member.email:
        ctx.reply(SAY["new_token_no_email"])
        return
    settings = ctx.settings
    _mail(ctx, ctx.member.email, MAIL["new_token_subject"],
          addresses_mail(settings, ctx.member, MAIL["new_token"]))
    ctx.reply(SAY["new_token"].format(masked=masked(ctx.member.email)))


def addresses_mail(settings: Settings, member: Member, template: str) -> str:
    """Write the mail that lists a member's own addresses: one per group, and commands@."""
    secret, domain = settings.SECRET_KEY, settings.MAIL_DOMAIN
    groups = "".join(f"    {reply_address(secret, g.handle, member, domain)}"
                     f"  {MAIL['posts_to'].format(group=g.handle)}\n" for g in my_groups(member))
    return template.format(who=member.label, groups=groups,
                           commands=reply_address(secret, COMMANDS, member, domain))


def _link(ctx: Context, code: OneTimeCode) -> bool:
    """Use the code and set the member's address; False (and say so) if someone has it now."""
    try:
        with db.atomic():  # a savepoint: another member may have verified it meanwhile
            used = (OneTimeCode.update(used_at=ctx.now)
                    .where(OneTimeCode.id == code.id, OneTimeCode.used_at.is_null()).execute())
            if not used:
                ctx.reply(SAY["no_code"])
                return False
            Member.update(email=code.address).where(Member.id == ctx.member.id).execute()
    except IntegrityError:
        ctx.reply(SAY["taken"])
        return False
    ctx.member.email = code.address
    return True


@handles("via")
def via(ctx: Context, cmd: Command) -> None:
    """Choose where posts arrive: by mail or by text; alone, say which it is now."""
    member = ctx.member
    if cmd.text == "email":
        if not member.email:
            ctx.reply(SAY["via_no_email"])
            return
        member.via = "email"
        member.save(only=[Member.via])
        ctx.reply(SAY["via_now_email"].format(address=member.email))
    elif cmd.text == "sms":
        if not member.phone or member.phone_invalid:
            ctx.reply(SAY["via_no_phone"])
            return
        member.via = "sms"
        member.save(only=[Member.via])
        ctx.reply(SAY["via_stopped" if member.opted_out else "via_now_sms"])
    elif outbox.route(member) == (outbox.EMAIL, member.email):
        ctx.reply(SAY["via_is_email"].format(address=member.email))
    elif outbox.route(member) is None:
        ctx.reply(SAY["via_is_none"])
    else:
        ctx.reply(SAY["via_is_sms"])


def normalised(raw: str) -> str | None:
    """Return the address lower-cased and checked (no DNS look-up), or None if it is not one."""
    try:
        found = validate_email(raw.strip().strip("<>"), check_deliverability=False,
                               allow_smtputf8=False)
    except EmailNotValidError:
        return None
    return found.normalized.lower()


def masked(address: str) -> str:
    """Show an address without its local part: a...@example.com."""
    local, _, domain = address.partition("@")
    return f"{local[:1]}...@{domain}"


def code_hash(settings: Settings, member_id: int, address: str, code: str) -> str:
    """Hash a code with the server's secret, bound to the member and the address it links."""
    text = f"{PURPOSE}:{member_id}:{address}:{code}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), text, hashlib.sha256).hexdigest()


def _pending(ctx: Context):
    return ((OneTimeCode.member == ctx.member.id) & (OneTimeCode.purpose == PURPOSE)
            & OneTimeCode.used_at.is_null())


def _codes_this_hour(ctx: Context) -> int:
    return (OneTimeCode.select().where(OneTimeCode.member == ctx.member.id,
                                       OneTimeCode.purpose == PURPOSE,
                                       OneTimeCode.created_at > ctx.now - timedelta(hours=1))
            .count())


def _mail(ctx: Context, address: str, subject: str, body: str) -> None:
    """Write a mail to `address` for the sender, to go out with their reply."""
    row = outbox.write_email(address, body, subject, ctx.inbound, member=ctx.member)
    ctx.outbox_ids.append(row.id)
