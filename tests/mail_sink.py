"""A real SMTP server that keeps what it is sent, and a worker that sends mail to it.

The sink is aiosmtpd on a loopback port, offering STARTTLS (a self-signed certificate the worker
is told to trust) and AUTH. A test can script refusals: the next N transactions answered with an
SMTP error at RCPT or at DATA, as a greylisting or a full mailbox would.
"""

from __future__ import annotations

import dataclasses
import email
import ssl
import subprocess
import threading
from email.message import EmailMessage
from email.policy import default
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from loopback.services import free_port

USER, PASSWORD = "commons", "s3cret pass"
DROP = "drop"  # a refusal that keeps the message and hangs up before answering


@dataclasses.dataclass
class Received:
    """One message the sink accepted, with its envelope and how the session was held."""

    sender: str
    recipients: list[str]
    message: EmailMessage
    tls: bool
    login: str | None


class Sink:
    """The aiosmtpd handler and authenticator: keeps messages, answers refusals on request."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.received: list[Received] = []
        self.refusals: dict[str, list[str]] = {"rcpt": [], "data": []}
        self.attempts = 0  # transactions that reached RCPT

    def reset(self) -> None:
        with self.lock:
            self.received.clear()
            self.refusals = {"rcpt": [], "data": []}
            self.attempts = 0

    def refuse(self, stage: str, reply: str, times: int = 1) -> None:
        """Answer the next `times` transactions with `reply` at `stage` ("rcpt" or "data").

        DROP at "data" keeps the message and closes the connection instead of answering.
        """
        with self.lock:
            self.refusals[stage] += [reply] * times

    def _refusal(self, stage: str) -> str | None:
        with self.lock:
            return self.refusals[stage].pop(0) if self.refusals[stage] else None

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        with self.lock:
            self.attempts += 1
        refusal = self._refusal("rcpt")
        if refusal:
            return refusal
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        refusal = self._refusal("data")
        if refusal and refusal != DROP:
            return refusal
        raw = envelope.original_content.replace(b"\r\n", b"\n")  # as a mailbox would keep it
        message = email.message_from_bytes(raw, policy=default)
        login = session.auth_data.login.decode() if session.authenticated else None
        with self.lock:
            self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), message,
                                          session.ssl is not None, login))
        if refusal == DROP:  # taken, but the answer is lost with the connection
            server.transport.close()
        return "250 Message accepted for delivery"

    def authenticate(self, server, session, envelope, mechanism, auth_data) -> AuthResult:
        ok = isinstance(auth_data, LoginPassword) and \
            (auth_data.login, auth_data.password) == (USER.encode(), PASSWORD.encode())
        return AuthResult(success=ok, handled=False, auth_data=auth_data if ok else None)

    def to(self, address: str) -> list[EmailMessage]:
        """Return the messages delivered to `address`, oldest first."""
        with self.lock:
            return [r.message for r in self.received if address in r.recipients]


def self_signed(directory: Path) -> tuple[Path, Path]:
    """Make a certificate for 127.0.0.1 with the openssl command; return (cert, key)."""
    cert, key = directory / "cert.pem", directory / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                    "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True)
    return cert, key


@pytest.fixture(scope="session")
def smtp_sink(tmp_path_factory):
    """The SMTP sink, for the whole session; yields (sink, SMTP_URL, certificate path)."""
    cert, key = self_signed(tmp_path_factory.mktemp("tls"))
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    sink = Sink()
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port, tls_context=context,
                            authenticator=sink.authenticate, auth_required=True,
                            auth_require_tls=True, ready_timeout=10)
    controller.start()
    yield sink, f"smtp://{USER}:{PASSWORD.replace(' ', '%20')}@127.0.0.1:{port}", cert
    controller.stop()


@dataclasses.dataclass
class MailSettings:
    """What a test's worker needs to mail the sink: settings, and the environment beside them."""

    values: dict[str, str] = dataclasses.field(default_factory=dict)
    env: dict[str, str] = dataclasses.field(default_factory=dict)


def mail_settings(request) -> MailSettings:
    """For a test that reads the sink (`mailbox`): its worker mails the sink, trusting its TLS."""
    if "mailbox" not in request.fixturenames:
        return MailSettings()
    _, url, cert = request.getfixturevalue("smtp_sink")
    return MailSettings({"SMTP_URL": url}, {"SSL_CERT_FILE": str(cert)})


@pytest.fixture
def mailbox(phones, smtp_sink) -> Sink:
    """The sink, emptied, with the phones' deployment mailing it."""
    sink = smtp_sink[0]
    sink.reset()
    return sink
