"""The one way into Commons for a mail, whichever door it came through (SMTP or Mailgun).

A mail is kept as an Inbound row before anything else happens: its text as it came (cut, in
linear time), what cleaning needs (a draft), the From address and the Commons address it was
sent to, unique on its Message-ID, so a mail delivered twice is handled once. Then it is
handled like a text (handlers/mail_in.py): a stranger or a sender over the limits is refused at
once, without the mail ever being cleaned; a member's mail is left for a worker to clean, with
a hard time bound (workers/mail_clean.py), and acted on there. Nothing costly runs here, so
neither door can be held up by what a mail holds.
"""

from __future__ import annotations

import hashlib
import json
import logging
from email.message import EmailMessage

from gateway.mail_in.screen import automatic, from_address
from handlers import handle_inbound
from handlers.context import Context
from handlers.mail_clean import draft_of, rough_text
from handlers.mail_in import CHANNEL
from parsers.intake import strip_controls
from store.addresses import COMMANDS, UNSUBSCRIBE, parse_address
from store.models import Handle
from store.settings import Settings
from workers.enqueue import queue_effects
from workers.receive import store

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
    with_token = [r for r in ours if parse_address(r).token]
    return (with_token or ours or [None])[0]


def receive(settings: Settings, message: EmailMessage, envelope_sender: str | None,
            recipients: list[str]) -> Context | None:
    """Keep one mail, then act on it; None when it was a replay, a robot's, or not for us."""
    address = choose(recipients, settings.MAIL_DOMAIN)
    if address is None:
        return None
    local = parse_address(address).local
    sender = strip_controls(from_address(message) or (envelope_sender or "").strip("<>").lower())
    draft = draft_of(message, local, commands=local in (COMMANDS, UNSUBSCRIBE))
    why = automatic(message, envelope_sender, settings.MAIL_DOMAIN)
    inbound_id = store(CHANNEL, message_id(message, address, draft["text"]), sender,
                       rough_text(draft), address=address,
                       status=STATUS.get(why or "", "received"),
                       subject=str(message.get("Subject", "")).strip()[:MAX_SUBJECT] or None,
                       draft=None if why else json.dumps(draft))
    if inbound_id is None:
        log.info("replayed mail from %s to %s ignored", sender, address)
        return None
    if why:
        log.info("%s mail from %s to %s kept, not acted on", why, sender, address)
        return None
    ctx = handle_inbound(inbound_id, settings)
    if ctx is not None:
        queue_effects(settings.REDIS_URL, ctx)
    return ctx


def message_id(message: EmailMessage, address: str, body: str) -> str:
    """Return the mail's Message-ID, or a hash of what identifies it when it has none."""
    mid = str(message.get("Message-ID", "")).strip()
    if mid and len(mid) <= MAX_ID:
        return mid
    seen = "\n".join([mid, str(message.get("From", "")), address, str(message.get("Date", "")),
                      str(message.get("Subject", "")), body])
    return "sha256:" + hashlib.sha256(seen.encode("utf-8", "replace")).hexdigest()
