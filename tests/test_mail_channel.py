"""The SMTP channel against a real SMTP server: TLS, log-in, reuse, and how each failure ends."""

from __future__ import annotations

import logging
import socket
import ssl
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller

from loopback.services import free_port
from tests.mail_sink import DROP, USER, Sink
from workers.channels.base import PermanentError, TransientError, UnknownOutcome
from workers.channels.smtp import ConsoleMailChannel, SmtpChannel, mail_channel_for

BOUNCES = "bounces+1@commons.localhost"


def mail(to: str = "bob@example.org", n: int = 1) -> EmailMessage:
    message = EmailMessage()
    message["From"] = "commands@commons.localhost"
    message["To"] = to
    message["Subject"] = f"test {n}"
    message["Message-ID"] = f"<out-{n}.abc@commons.localhost>"
    message.set_content(f"hello {n}")
    return message


@pytest.fixture
def secure(smtp_sink, monkeypatch):
    """A channel to the sink (STARTTLS, AUTH), trusting its certificate; the sink emptied."""
    sink, url, cert = smtp_sink
    sink.reset()
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))  # read by OpenSSL's default verify paths
    channel = SmtpChannel(url)
    yield sink, channel
    channel.drop()


@pytest.fixture
def plain():
    """A sink with no TLS and no log-in, and a channel to it."""
    sink, port = Sink(), free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    channel = SmtpChannel(f"smtp://127.0.0.1:{port}")
    yield sink, channel, controller
    channel.drop()
    controller.stop()


def test_plain_server_takes_the_mail_and_the_id_is_the_message_id(plain):
    sink, channel, _ = plain
    assert channel.send(mail(), BOUNCES) == "<out-1.abc@commons.localhost>"
    [got] = sink.received
    assert (got.sender, got.recipients, got.tls, got.login) == (
        BOUNCES, ["bob@example.org"], False, None)
    assert got.message["Subject"] == "test 1" and got.message.get_content() == "hello 1\n"


def test_starttls_and_login_when_offered_and_one_connection_per_thread(secure):
    sink, channel = secure
    channel.send(mail(n=1), BOUNCES)
    first = channel.local.conn
    channel.send(mail(n=2), BOUNCES)
    assert channel.local.conn is first  # kept for the next mail
    assert [(r.tls, r.login) for r in sink.received] == [(True, USER), (True, USER)]


def test_a_connection_the_server_closed_is_opened_again(secure):
    sink, channel = secure
    channel.send(mail(n=1), BOUNCES)
    channel.local.conn.sock.shutdown(socket.SHUT_RDWR)  # as a server's idle timeout would
    channel.send(mail(n=2), BOUNCES)
    assert [r.message["Subject"] for r in sink.received] == ["test 1", "test 2"]


def test_4xx_is_transient_and_5xx_permanent_and_the_connection_stays_usable(secure):
    sink, channel = secure
    sink.refuse("rcpt", "451 4.7.1 Greylisted, come back later")
    with pytest.raises(TransientError, match="451"):
        channel.send(mail(n=1), BOUNCES)
    sink.refuse("rcpt", "550 5.1.1 No such user")
    with pytest.raises(PermanentError, match="No such user") as refused:
        channel.send(mail(n=2), BOUNCES)
    assert refused.value.code == 550
    sink.refuse("data", "552 5.3.4 Message too big")
    with pytest.raises(PermanentError) as too_big:
        channel.send(mail(n=3), BOUNCES)
    assert too_big.value.code == 552
    channel.send(mail(n=4), BOUNCES)
    assert [r.message["Subject"] for r in sink.received] == ["test 4"]


def test_a_drop_after_data_is_an_unknown_outcome(secure):
    sink, channel = secure
    sink.refuse("data", DROP)
    with pytest.raises(UnknownOutcome):
        channel.send(mail(), BOUNCES)
    assert len(sink.received) == 1  # it did arrive: sending again would be a duplicate


def test_nothing_listening_wrong_password_or_untrusted_tls_are_transient(smtp_sink):
    _, url, _ = smtp_sink
    with pytest.raises(TransientError):
        SmtpChannel(f"smtp://127.0.0.1:{free_port()}").send(mail(), BOUNCES)
    with pytest.raises(TransientError, match="SSL|certificate"):  # SSL_CERT_FILE not set here
        SmtpChannel(url).send(mail(), BOUNCES)


def test_wrong_password_is_transient(smtp_sink, monkeypatch):
    _, url, cert = smtp_sink
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))
    with pytest.raises(TransientError, match="535"):
        SmtpChannel(url.replace("s3cret", "wrong")).send(mail(), BOUNCES)


def test_console_mail_is_logged_and_kept(caplog):
    channel = mail_channel_for("")
    assert isinstance(channel, ConsoleMailChannel)
    with caplog.at_level(logging.INFO, logger="commons.mail"):
        assert channel.send(mail(), BOUNCES) == "<out-1.abc@commons.localhost>"
    assert "MAIL to bob@example.org: test 1 / hello 1" in caplog.text


def test_a_bad_smtp_url_is_refused_at_start():
    with pytest.raises(ValueError):
        SmtpChannel("mail.example.org:25")
    assert isinstance(ssl.create_default_context(), ssl.SSLContext)
