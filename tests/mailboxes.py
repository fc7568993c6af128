"""Mailboxes that write to Commons: through the real SMTP bridge, or as Mailgun posts.

Members are linked to an address the way `email` + `verify` would leave them (the verified
address on the member), so these tests do not depend on the SMS side; `Tokens` writes the
member's own addresses, each with its token for that address.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import smtplib
import time
import uuid
from collections.abc import Sequence
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path

import pytest
import requests

from gateway.mail_in.smtp_server import controller
from loopback.services import free_port
from store.addresses import token_for
from store.db import db
from store.models import Member, Outbox
from tests.keys import SECRET_KEY
from workers.runtime import Runtime

FIXTURES = Path(__file__).resolve().parent / "mail_fixtures"
DOMAIN = "commons.localhost"


@pytest.fixture(scope="module")
def bridge(deployment):
    """The SMTP bridge on a free port, handing mail to the running deployment."""
    settings, _, _ = deployment
    port = free_port()
    server = controller(Runtime(settings), port=port)
    server.start()
    yield port
    server.stop()


class Tokens:
    """One member's own addresses: `tokens.to("team")` is their `team+TOKEN@` address."""

    def __init__(self, phone: str) -> None:
        self.phone = phone

    def token(self, local: str) -> str:
        """Return the member's live token for mail to `local`."""
        with db.connection_context():
            member = Member.get(Member.phone == self.phone)
        return token_for(SECRET_KEY, member, local)

    def to(self, local: str) -> str:
        """Return the member's own address for `local` (a handle, commands or unsubscribe)."""
        return f"{local}+{self.token(local)}@{DOMAIN}"


def own_address(phone: str, local: str) -> str:
    """Return the address the member with `phone` writes to, to reach `local` as themself."""
    return Tokens(phone).to(local)


def own_address_of(member: Member, local: str) -> str:
    """Return `member`'s own address for `local`, for a member without a phone."""
    return f"{local}+{token_for(SECRET_KEY, member, local)}@{DOMAIN}"


def link(phone: str, address: str) -> Tokens:
    """Give the member with `phone` a verified `address`; return their addresses."""
    with db.connection_context():
        member = Member.get(Member.phone == phone)
        member.email = address
        member.save(only=[Member.email])
    return Tokens(phone)


def mail(sender: str, to: str, body: str, subject: str = "", **headers: str) -> EmailMessage:
    """Write a plain mail as a mail client would."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Message-ID"] = f"<{uuid.uuid4().hex}@client.example>"
    for name, value in headers.items():
        message[name.replace("_", "-")] = value
    message.set_content(body)
    return message


def fixture(name: str, sender: str, to: str) -> EmailMessage:
    """Load a real client's mail, as if `sender` had written it to `to`."""
    with open(FIXTURES / f"{name}.eml", "rb") as raw:
        message = BytesParser(policy=policy.default).parse(raw)
    for header, value in (("From", sender), ("To", to)):
        del message[header]
        message[header] = value
    return message


def send(port: int, message: EmailMessage, envelope_from: str | None = None) -> None:
    """Hand `message` to the SMTP bridge, as the sender's mail server would."""
    with smtplib.SMTP("127.0.0.1", port, timeout=30) as smtp:
        smtp.send_message(message, from_addr=envelope_from)


def mail_rows() -> list[tuple[str, str]]:
    """Return every mail Commons wrote, as (to, body), oldest first."""
    with db.connection_context():
        rows = Outbox.select().where(Outbox.channel == "email").order_by(Outbox.id)
        return [(row.to, row.body) for row in rows]


def mailgun_form(key: str, recipient: str, sender: str, body: str, subject: str = "",
                 timestamp: int | None = None, headers: Sequence[list[str]] = (),
                 **extra: str) -> dict[str, str]:
    """Build the fields Mailgun posts for an inbound mail, signed with `key`.

    `headers` are added to the mail's own (message-headers), as [name, value] pairs.
    """
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    token = uuid.uuid4().hex * 2
    signature = hmac.new(key.encode(), (stamp + token).encode(), hashlib.sha256).hexdigest()
    message_id = f"<{uuid.uuid4().hex}@client.example>"
    headers = [["From", sender], ["To", recipient], ["Subject", subject],
               ["Message-Id", message_id], ["Content-Type", "text/plain; charset=utf-8"],
               *headers]
    form = {"recipient": recipient, "sender": sender, "from": sender, "subject": subject,
            "body-plain": body, "Message-Id": message_id, "message-headers": json.dumps(headers),
            "timestamp": stamp, "token": token, "signature": signature,
            "attachment-count": "0"}
    form.update(extra)
    return form


def post_mailgun(url: str, form: dict[str, str], files: dict | None = None) -> requests.Response:
    """POST Mailgun's form to the running app."""
    return requests.post(url + "/email/inbound", data=form, files=files, timeout=30)
