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
from collections.abc import Callable
from email.message import EmailMessage
from typing import Any

from gateway.mail_in.screen import automatic, from_address
from handlers.context import Context
from handlers.inbound import take_in
from handlers.mail_clean import draft_of, rough_text
from handlers.mail_in import CHANNEL
from parsers.intake import strip_controls
from store.addresses import COMMANDS, UNSUBSCRIBE, parse_address
from store.models import Handle
from workers.bounded import within
from workers.runtime import Runtime

log = logging.getLogger(__name__)

MAX_ID = 255  # the provider_id column; a longer Message-ID is kept as its hash
MAX_SUBJECT = 200  # of a mail's subject kept, for the answer's "Re:"
STATUS = {"loop": "loop", "auto": "ignored"}
# Characters of one header, its folded lines joined. Real mail stays far below (a long thread's
# References runs to a few KB); a From of 8,000 addresses (136 KB) is refused at the door,
# unread, whatever the machine's speed, before READ_SECONDS is even needed.
MAX_HEADER = 16 * 1024
READ_SECONDS = 5  # to parse a mail and read its headers; a 10 MB mail takes about a second


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


class UnreadableMail(Exception):
    """A mail that could not be read within READ_SECONDS (or at all): refused, nothing kept."""


def longest_header(raw: bytes) -> int:
    """Return the length of a raw mail's longest header, folded lines joined (linear time)."""
    ends = [at for at in (raw.find(b"\r\n\r\n"), raw.find(b"\n\n")) if at >= 0]
    longest = current = 0
    for line in raw[:min(ends, default=len(raw))].splitlines():
        current = current + len(line) if line[:1] in (b" ", b"\t") else len(line)
        longest = max(longest, current)
    return longest


def receive(runtime: Runtime, build: Callable[[], EmailMessage], envelope_sender: str | None,
            recipients: list[str], longest: int) -> Context | None:
    """Keep one mail, then act on it; None when it was a replay, a robot's, or not for us.

    `build` makes the mail (parses it, or rebuilds it from Mailgun's fields). It runs with
    the reading of its headers in a child process cut off after READ_SECONDS: header grammars
    can be made to recurse or crawl too (a From of 8,000 addresses took 12 s, a Content-Type of
    10,000 parameters 9 s). `longest` is the length of its longest header, which the door
    measured on the raw mail: past MAX_HEADER the mail is not read at all. Raises
    UnreadableMail for such a mail, or when the child gave no answer.
    """
    settings = runtime.settings
    if longest > MAX_HEADER:
        raise UnreadableMail(f"mail from {envelope_sender} has a header of {longest} characters")
    address = choose(recipients, settings.MAIL_DOMAIN)
    if address is None:
        return None
    facts = within(READ_SECONDS, lambda _: read(build(), envelope_sender, address,
                                                 settings.MAIL_DOMAIN), None)
    if facts is None:
        raise UnreadableMail(f"mail from {envelope_sender} to {address} could not be read")
    sender, why, draft = facts["sender"], facts["why"], facts["draft"]
    ctx = take_in(runtime, CHANNEL, facts["message_id"], sender, rough_text(draft),
                  address=address, status=STATUS.get(why or "", "received"),
                  subject=facts["subject"], draft=None if why else json.dumps(draft))
    if why:
        log.info("%s mail from %s to %s kept, not acted on", why, sender, address)
    return ctx


def read(message: EmailMessage, envelope_sender: str | None, address: str,
         domain: str) -> dict[str, Any]:
    """Return what the door keeps of a mail to `address`: who, whether a robot, the draft."""
    parts = parse_address(address)
    assert parts is not None  # choose() takes only the addresses it parses
    local = parts.local
    draft = draft_of(message, local, commands=local in (COMMANDS, UNSUBSCRIBE))
    sender = from_address(message) or (envelope_sender or "").strip("<>").lower()
    return {"sender": strip_controls(sender), "why": automatic(message, envelope_sender, domain),
            "draft": draft, "message_id": message_id(message, address, draft["text"]),
            "subject": str(message.get("Subject", "")).strip()[:MAX_SUBJECT] or None}


def message_id(message: EmailMessage, address: str, body: str) -> str:
    """Return the mail's Message-ID, or a hash of what identifies it when it has none."""
    mid = str(message.get("Message-ID", "")).strip()
    if mid and len(mid) <= MAX_ID:
        return mid
    seen = "\n".join([mid, str(message.get("From", "")), address, str(message.get("Date", "")),
                      str(message.get("Subject", "")), body])
    return "sha256:" + hashlib.sha256(seen.encode("utf-8", "replace")).hexdigest()
