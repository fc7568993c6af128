"""The one way into Commons for a mail, whichever door it came through (SMTP or Mailgun).

A mail is kept as an Inbound row before anything else happens: the cleaned text, the From
address and the Commons address it was sent to, unique on its Message-ID, so a mail delivered
twice is handled once. Then it is handled like a text (handlers/mail_in.py) and what it caused is
queued for delivery and fan-out.
"""

from __future__ import annotations

import hashlib
import logging
from email.message import EmailMessage

from gateway.mail_in.clean import command_text, post_text
from gateway.mail_in.screen import automatic, from_address
from handlers.context import Context
from handlers.inbound import take_in
from handlers.mail_in import CHANNEL
from parsers.intake import strip_controls
from store.addresses import COMMANDS, UNSUBSCRIBE, parse_address
from store.models import Handle
from workers.runtime import Runtime

log = logging.getLogger(__name__)

MAX_ID = 255  # the provider_id column; a longer Message-ID is kept as its hash
MAX_SUBJECT = 200  # of a mail's subject kept, for the answer's "Re:"
STATUS = {"loop": "loop", "auto": "ignored"}


def accepts(address: str, domain: str) -> bool:
    """Tell whether mail to `address` can go anywhere: a group, a member or our own two."""
    parts = parse_address(strip_controls(address))
    if parts is None or parts.domain != domain.lower():
        return False
    if parts.local in (COMMANDS, UNSUBSCRIBE):
        return True
    return Handle.select().where(Handle.name == parts.local).exists()


def choose(recipients: list[str], domain: str) -> str | None:
    """Pick the Commons address a mail is for: one with a token first."""
    ours = [strip_controls(r).strip().strip("<>").lower() for r in recipients]
    ours = [r for r in ours if (p := parse_address(r)) and p.domain == domain.lower()]
    with_token = [r for r in ours if (p := parse_address(r)) and p.token]
    return next(iter(with_token or ours), None)


def receive(runtime: Runtime, message: EmailMessage, envelope_sender: str | None,
            recipients: list[str]) -> Context | None:
    """Keep one mail, then act on it; None when it was a replay, a robot's, or not for us."""
    settings = runtime.settings
    address = choose(recipients, settings.MAIL_DOMAIN)
    if address is None:
        return None
    parts = parse_address(address)
    assert parts is not None  # choose() takes only the addresses it parses
    local = parts.local
    sender = strip_controls(from_address(message) or (envelope_sender or "").strip("<>").lower())
    body = command_text(message) if local in (COMMANDS, UNSUBSCRIBE) else post_text(message, local)
    body = strip_controls(body)
    why = automatic(message, envelope_sender, settings.MAIL_DOMAIN)
    ctx = take_in(runtime, CHANNEL, message_id(message, address, body), sender, body,
                  address=address, status=STATUS.get(why or "", "received"),
                  subject=str(message.get("Subject", "")).strip()[:MAX_SUBJECT] or None)
    if why:
        log.info("%s mail from %s to %s kept, not acted on", why, sender, address)
    return ctx


def message_id(message: EmailMessage, address: str, body: str) -> str:
    """Return the mail's Message-ID, or a hash of what identifies it when it has none."""
    mid = str(message.get("Message-ID", "")).strip()
    if mid and len(mid) <= MAX_ID:
        return mid
    seen = "\n".join([mid, str(message.get("From", "")), address, str(message.get("Date", "")),
                      str(message.get("Subject", "")), body])
    return "sha256:" + hashlib.sha256(seen.encode("utf-8", "replace")).hexdigest()
