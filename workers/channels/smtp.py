"""The mail channels: SMTP through SMTP_URL, or the console when it is unset.

A send is one SMTP transaction on a connection kept per thread (the send pool's threads live as
long as the worker, as the Twilio channel's clients do). Its outcome is classified the way the
Twilio channel's is: nothing accepted and worth trying again -> TransientError; refused for good
-> PermanentError; the connection lost once the message itself was on the wire -> UnknownOutcome.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
import threading
from datetime import datetime
from email.message import EmailMessage
from email.policy import SMTP as SMTP_POLICY
from email.utils import getaddresses
from urllib.parse import unquote, urlsplit

from store.settings import Settings
from workers.channels.base import PermanentError, TransientError, UnknownOutcome

log = logging.getLogger("commons.mail")

DEFAULT_PORT = 25
# Headers unfolded: the stdlib folds an encoded word ("…", an accent) with a doubled space
# before it, which every client then shows. RFC 5322 allows lines of up to 998 characters.
WIRE_POLICY = SMTP_POLICY.clone(max_line_length=998)


class SmtpChannel:
    """Sends through the SMTP server of `url`: `smtp://[user:password@]host:port`."""

    name = "smtp"

    def __init__(self, url: str, timeout: float = Settings.SEND_TIMEOUT_SECONDS) -> None:
        parts = urlsplit(url)
        if parts.scheme != "smtp" or not parts.hostname:
            raise ValueError(f"SMTP_URL must look like smtp://[user:password@]host:port: {url!r}")
        self.host = parts.hostname
        self.port = parts.port or DEFAULT_PORT
        self.user = unquote(parts.username or "")
        self.password = unquote(parts.password or "")
        self.timeout = timeout  # per SMTP command: a hung server must not hold a send thread long
        self.local = threading.local()

    def connect(self) -> smtplib.SMTP:
        """Open a connection: STARTTLS when the server offers it, then log in if we have a user."""
        conn = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        try:
            conn.ehlo()
            if conn.has_extn("starttls"):
                conn.starttls(context=ssl.create_default_context())
                conn.ehlo()
            if self.user:
                conn.login(self.user, self.password)
        except BaseException:
            _close(conn)
            raise
        return conn

    def send(self, message: EmailMessage, sender: str) -> str:
        """Send `message` to its To address, bounces to `sender`; return its Message-ID."""
        recipient = getaddresses([str(message["To"])])[0][1]
        data = message.as_bytes(policy=WIRE_POLICY)
        conn = getattr(self.local, "conn", None)
        fresh = conn is None
        try:
            if conn is None:
                conn = self.local.conn = self.connect()
            try:
                self.transact(conn, sender, recipient, data)
            except smtplib.SMTPServerDisconnected as error:
                # A kept connection the server closed while idle: nothing was taken, open another.
                if fresh or getattr(error, "after_data", False):
                    raise
                self.drop()
                conn = self.local.conn = self.connect()
                self.transact(conn, sender, recipient, data)
        except (smtplib.SMTPConnectError, smtplib.SMTPHeloError) as error:
            self.drop()
            raise TransientError(repr(error)) from error  # the server, not this message
        except smtplib.SMTPResponseException as error:
            self.reset()
            said = error.smtp_error  # bytes from a server; str where the client made it up
            said = said.decode(errors="replace") if isinstance(said, bytes) else said
            text = f"{error.smtp_code} {said}"
            if 400 <= error.smtp_code < 500 or isinstance(error, smtplib.SMTPAuthenticationError):
                raise TransientError(text) from error  # greylisting, a full queue, our config
            raise PermanentError(error.smtp_code, text) from error
        except smtplib.SMTPRecipientsRefused as error:
            self.reset()
            code, reply = next(iter(error.recipients.values()))
            text = f"{code} {reply.decode(errors='replace')}"
            if 400 <= code < 500:
                raise TransientError(text) from error
            raise PermanentError(code, text) from error
        except (smtplib.SMTPException, OSError) as error:
            self.drop()
            if getattr(error, "after_data", False):
                raise UnknownOutcome(repr(error)) from error
            raise TransientError(repr(error)) from error  # refused, timed out, TLS: before DATA
        return str(message["Message-ID"])

    def transact(self, conn: smtplib.SMTP, sender: str, recipient: str, data: bytes) -> None:
        """Run MAIL, RCPT and DATA; an error once DATA is under way is marked `after_data`."""
        code, reply = conn.mail(sender)
        if code != 250:
            raise smtplib.SMTPSenderRefused(code, reply, sender)
        code, reply = conn.rcpt(recipient)
        if code not in (250, 251):
            raise smtplib.SMTPRecipientsRefused({recipient: (code, reply)})
        try:
            code, reply = conn.data(data)
        except (smtplib.SMTPServerDisconnected, OSError) as error:
            setattr(error, "after_data", True)  # the server may have taken the message already
            raise
        if code != 250:
            raise smtplib.SMTPDataError(code, reply)

    def reset(self) -> None:
        """Make the kept connection ready for the next message after a refusal."""
        conn = getattr(self.local, "conn", None)
        try:
            if conn is not None:
                conn.rset()
        except (smtplib.SMTPException, OSError):
            self.drop()

    def drop(self) -> None:
        """Forget this thread's connection, closing it as politely as it allows."""
        conn = getattr(self.local, "conn", None)
        self.local.conn = None
        if conn is not None:
            _close(conn)

    def find(self, to: str, body: str, since: datetime) -> str | None:
        """Find nothing: SMTP cannot be asked what it took, so the sweeper sends again.

        A resent mail has the same Message-ID, which lets mail systems show it once.
        """
        return None


class ConsoleMailChannel:
    """Mail with nowhere to go: logged, and kept in the outbox for the simulator to show."""

    name = "console-mail"

    def send(self, message: EmailMessage, sender: str) -> str:
        """Log the mail; its outbox row is the record."""
        log.info("MAIL to %s: %s / %s", message["To"], message["Subject"],
                 message.get_content().strip())
        return str(message["Message-ID"])

    def find(self, to: str, body: str, since: datetime) -> str | None:
        """Find nothing: a console send never ends without an answer."""
        return None


def mail_channel_for(smtp_url: str, timeout: float = Settings.SEND_TIMEOUT_SECONDS,
                     ) -> SmtpChannel | ConsoleMailChannel:
    """Return the mail channel for SMTP_URL: SMTP when set, else the console."""
    return SmtpChannel(smtp_url, timeout) if smtp_url else ConsoleMailChannel()


def _close(conn: smtplib.SMTP) -> None:
    try:
        conn.quit()
    except (smtplib.SMTPException, OSError):
        conn.close()
