"""A mail from an outbox row: who it is from, where a reply goes, how mail clients thread it.

A group post comes from the group's address and answers to the member's own secret address for
that group (`team+TOKEN@MAIL_DOMAIN`), so replying posts to the same group as that member. A
direct message comes from its author's address; replies and notices from `commands@`. Every mail
carries `X-Commons-Mail: 1`, so the bridge knows its own mail when it comes back (a loop).
A member's token is only ever written into mail to their own verified address.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
from collections.abc import Callable
from datetime import UTC
from email.message import EmailMessage
from email.utils import format_datetime, formataddr
from urllib.parse import quote

from handlers.registry import says
from parsers.languages import speaking
from store.addresses import COMMANDS, UNSUBSCRIBE, reply_address
from store.models import Member, Message, Outbox
from store.outbox import can_text
from store.settings import Settings
from workers import runtime
from workers.channels import PermanentError

log = logging.getLogger(__name__)

LOOP_HEADER = "X-Commons-Mail"  # on every mail we send; the bridge ignores mail carrying it
BOUNCES = "bounces"  # envelope sender bounces+ROWID@MAIL_DOMAIN: a bounce names its row
SUBJECT_WORDS = 60  # characters of a post's first words in its subject
# A Message-ID safe to write back into a header; anything odder is not threaded, not fatal.
MESSAGE_ID = re.compile(r"<[\x21-\x3b\x3d\x3f-\x7e]+@[\x21-\x3b\x3d\x3f-\x7e]+>")

# What Commons writes around a post or a message by mail, in the language of who reads it.
MAIL = says("mail_compose", {
    "from_group": "{author} in @{group}",
    "post_footer": "Reply to this mail to post to @{group}. To stop these mails, {how}",
    "stop_by_text": "text '{word}' to Commons, or mail {address}",
    "stop_by_mail": "mail {address}",
    "dm_footer": "Reply to this mail to answer {author}.",
}, by_mail=True)


def mail_send(row: Outbox) -> tuple[Callable[..., str], tuple]:
    """Return the send of an email row and its arguments, the mail built here, in this thread."""
    serving = runtime.current()
    channel, settings = serving.mail, serving.settings
    try:
        return channel.send, compose(row, settings)
    except Exception as error:  # one unbuildable mail must not stall its batch
        log.exception("composing row %s failed", row.id)
        return _unsendable, (repr(error),)


def _unsendable(reason: str) -> str:
    raise PermanentError(None, f"could not compose the mail: {reason}")


def compose(row: Outbox, settings: Settings) -> tuple[EmailMessage, str]:
    """Build the mail for an email outbox row, in its reader's language; return it with its
    envelope sender."""
    member = row.member if row.member_id is not None else None
    with speaking(member.language if member is not None else None):
        return _compose(row, member, settings)


def _compose(row: Outbox, member: Member | None, settings: Settings
             ) -> tuple[EmailMessage, str]:
    domain = settings.MAIL_DOMAIN
    mail = EmailMessage()
    mail["To"] = row.to
    mail["Date"] = format_datetime(row.created_at.replace(tzinfo=UTC))
    mail["Message-ID"] = message_id(row, settings)
    mail[LOOP_HEADER] = "1"
    own = member is not None and member.email is not None and row.to == member.email
    message = row.message if row.message_id is not None else None
    body = row.body
    if message is not None and message.group_id is not None:
        body = _group_post(mail, message, member if own else None, settings)
    elif message is not None and message.recipient_id is not None:
        body = _direct(mail, message, member if own else None, settings)
    else:
        mail["From"] = formataddr(("Commons", f"{COMMANDS}@{domain}"))
        mail["Subject"] = row.subject or _re(row) or f"Commons: {first_words(row.body)}"
        if member is not None and own:
            mail["Reply-To"] = reply_address(settings.SECRET_KEY, COMMANDS, member, domain)
        if message is None:  # an answer or a notice: autoresponders must not answer it
            inbound = row.inbound if row.inbound_id is not None else None
            replying = inbound is not None and inbound.channel == "email"
            mail["Auto-Submitted"] = "auto-replied" if replying else "auto-generated"
            if inbound is not None and replying and _is_message_id(inbound.provider_id):
                mail["In-Reply-To"] = inbound.provider_id  # shown under the mail it answers
                mail["References"] = inbound.provider_id
    mail.set_content(body)
    return mail, f"{BOUNCES}+{row.id}@{domain}"


def _group_post(mail: EmailMessage, message: Message, member: Member | None,
                settings: Settings) -> str:
    """Address a group post; return its body, the author named and a footer."""
    assert message.group is not None  # compose: a post with a group
    domain, group = settings.MAIL_DOMAIN, message.group.handle
    mail["From"] = formataddr((MAIL["from_group"].format(author=message.author.name, group=group),
                               f"{group}@{domain}"))
    mail["Subject"] = f"[@{group}] {first_words(message.body)}"
    root = thread_id(f"group-{message.group_id}", settings)
    mail["In-Reply-To"] = root
    mail["References"] = root
    mail["List-Id"] = formataddr((f"@{group}", f"{group}.{domain}"))
    footer = ""
    if member is not None:
        mail["Reply-To"] = reply_address(settings.SECRET_KEY, group, member, domain)
        word = "via sms" if can_text(member) else f"off @{group}"
        mail["List-Unsubscribe"] = _unsubscribe(member, word, settings)
        stop = MAIL["stop_by_text" if can_text(member) else "stop_by_mail"].format(
            word=word, address=reply_address(settings.SECRET_KEY, UNSUBSCRIBE, member, domain))
        footer = "\n\n-- \n" + MAIL["post_footer"].format(group=group, how=stop)
    return f"{message.author.name}: {message.body}{footer}"


def _direct(mail: EmailMessage, message: Message, member: Member | None,
            settings: Settings) -> str:
    """Address a direct message; return its body, the author named and a footer."""
    domain, author = settings.MAIL_DOMAIN, message.author
    local = author.handle or COMMANDS
    mail["From"] = formataddr((author.label, f"{local}@{domain}"))
    mail["Subject"] = f"{author.label}: {first_words(message.body)}"
    assert message.recipient_id is not None  # compose: a post with a recipient
    pair = sorted((message.author_id, message.recipient_id))
    root = thread_id(f"dm-{pair[0]}-{pair[1]}", settings)
    mail["In-Reply-To"] = root
    mail["References"] = root
    footer = ""
    if member is not None and author.handle:
        mail["Reply-To"] = reply_address(settings.SECRET_KEY, local, member, domain)
        footer = "\n\n-- \n" + MAIL["dm_footer"].format(author=author.label)
    return f"{author.label}: {message.body}{footer}"


def message_id(row: Outbox, settings: Settings) -> str:
    """Return the row's Message-ID: the same on every attempt, unguessable, ours to recognise."""
    return f"<out-{row.id}.{_sign(f'out-{row.id}-{row.created_at.isoformat()}', settings)}" \
           f"@{settings.MAIL_DOMAIN}>"


def thread_id(name: str, settings: Settings) -> str:
    """Return the Message-ID of a conversation's imaginary first mail, which all mails answer."""
    return f"<{name}.{_sign(name, settings)}@{settings.MAIL_DOMAIN}>"


_REPLY_PREFIX = re.compile(r"^(?:\s*(?:re|aw|sv|antw)\s*:\s*)+", re.IGNORECASE)


def _re(row: Outbox) -> str | None:
    """Answer a mail under its own subject: "Re: weekly chores"."""
    asked = row.inbound if row.inbound_id is not None else None
    if asked is None or asked.channel != "email" or not asked.subject:
        return None
    return "Re: " + _REPLY_PREFIX.sub("", asked.subject)


def first_words(text: str, limit: int = SUBJECT_WORDS) -> str:
    """Return the start of `text` on one line, cut at a word with an ellipsis when too long."""
    line = " ".join(text.split())
    if len(line) <= limit:
        return line
    cut = line.rfind(" ", 0, limit)
    return line[: cut if cut > limit // 2 else limit].rstrip(" ,.;:") + "…"


def _is_message_id(text: str) -> bool:
    """Tell whether an inbound mail's provider id is its Message-ID (not a hash standing in)."""
    return MESSAGE_ID.fullmatch(text) is not None


def _unsubscribe(member: Member, word: str, settings: Settings) -> str:
    """Return a List-Unsubscribe mailto to the member's unsubscribe address (it only stops mail).

    The subject and body name the group, for a member with no phone whose way out is a mute.
    """
    command = quote(word)
    address = reply_address(settings.SECRET_KEY, UNSUBSCRIBE, member, settings.MAIL_DOMAIN)
    return f"<mailto:{address}?subject={command}&body={command}>"


def _sign(text: str, settings: Settings) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, text.encode(), hashlib.sha256).hexdigest()[:12]
