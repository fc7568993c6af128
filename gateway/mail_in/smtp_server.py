"""The SMTP bridge: an aiosmtpd server that takes mail for MAIL_DOMAIN and hands it on.

Point the domain's MX (or a relay) at SMTP_BRIDGE_HOST:SMTP_BRIDGE_PORT. Unknown addresses are
refused at RCPT time (550 5.1.1): the domain must be MAIL_DOMAIN and the local part a group,
a member or `commands`. The token is checked later, by the bridge, so that mail with a forged
or missing token still gets its short explanation. Mail over DATA_LIMIT is refused with 552.
"""

from __future__ import annotations

import asyncio
import logging
from email import policy
from email.parser import BytesParser

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

from gateway.mail_in.bridge import UnreadableMail, accepts, longest_header, receive
from store.db import db
from workers.runtime import Runtime

log = logging.getLogger(__name__)

DATA_LIMIT = 10 * 1024 * 1024  # bytes: far above any text worth posting; the post is bounded
MAX_RECIPIENTS = 20  # a mail names one Commons address; more is a spammer's list


class BridgeHandler:
    """aiosmtpd's handler: check each recipient, then pass the whole mail to the bridge."""

    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime

    async def handle_RCPT(self, server: SMTP, session: Session, envelope: Envelope,
                          address: str, rcpt_options: list[str]) -> str:
        """Take a recipient we know; refuse any other at once, as a mail server should."""
        if len(envelope.rcpt_tos) >= MAX_RECIPIENTS:
            return "452 4.5.3 Too many recipients"
        try:
            known = await asyncio.to_thread(self._accepts, address)
        except Exception:  # the database is away: the sender retries later
            log.exception("checking recipient %s failed", address)
            return "451 4.3.0 Try again later"
        if not known:
            return "550 5.1.1 No such group or member here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        """Parse the mail and hand it to the bridge in a thread, off the event loop."""
        raw = envelope.original_content or envelope.content or b""
        if isinstance(raw, str):
            raw = raw.encode("utf-8", "surrogateescape")
        try:  # parsed in a child, waited on in a thread: nothing holds the event loop
            await asyncio.to_thread(self._receive, raw, envelope.mail_from,
                                    list(envelope.rcpt_tos))
        except UnreadableMail:  # it would be as unreadable next time: no retry
            log.warning("unreadable mail from %s refused", envelope.mail_from)
            return "554 5.6.0 Message could not be read"
        except Exception:  # nothing is lost: the sending server tries again
            log.exception("taking mail from %s failed", envelope.mail_from)
            return "451 4.3.0 Try again later"
        return "250 Message accepted"

    def _accepts(self, address: str) -> bool:
        with db.connection_context():
            return accepts(address, self.runtime.settings.MAIL_DOMAIN)

    def _receive(self, raw: bytes, mail_from: str | None, rcpt_tos: list[str]) -> None:
        with db.connection_context():  # a connection of this thread's own, per mail
            receive(self.runtime, lambda: BytesParser(policy=policy.default).parsebytes(raw),
                    mail_from, rcpt_tos, longest_header(raw))


def controller(runtime: Runtime, port: int | None = None) -> Controller:
    """Build (not start) the SMTP server for the runtime's settings."""
    settings = runtime.settings
    return Controller(BridgeHandler(runtime), hostname=settings.SMTP_BRIDGE_HOST,
                      port=settings.SMTP_BRIDGE_PORT if port is None else port,
                      server_hostname=settings.MAIL_DOMAIN, data_size_limit=DATA_LIMIT,
                      enable_SMTPUTF8=True)
