"""What `commons doctor` checks, one function per part of the setup, each saying what to fix."""

from __future__ import annotations

import socket
from dataclasses import dataclass

from redis.exceptions import RedisError
from twilio.base.exceptions import TwilioException, TwilioRestException
from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client

from cli.carrier_checks import carrier_lines
from store.db import db, open_database, sqlite_file
from store.schema import pending
from store.secret import GENERATE, exposed, weakness
from store.settings import Settings
from workers import spool
from workers.channels.smtp import SmtpChannel
from workers.channels.twilio import STATUS_CALLBACK_PATH
from workers.queues import connect
from workers.runtime import Runtime

TIMEOUT = 10  # seconds for each outside service to answer
INBOUND_PATH = STATUS_CALLBACK_PATH.removesuffix("/status")  # /sms/twilio
FALLBACK_PATH = INBOUND_PATH + "/fallback"  # keeps what Twilio could not hand to INBOUND_PATH


@dataclass
class Finding:
    """One line of the report: whether a part is right, and what it is or what to fix."""

    ok: bool
    part: str
    text: str


def database(settings: Settings) -> list[Finding]:
    """The database answers, and every migration is applied."""
    url = settings.DATABASE_URL or "sqlite:///var/commons.db (the default)"
    path = sqlite_file(settings.DATABASE_URL)
    if path is not None and not path.is_file():  # opening it would create it, empty
        return [Finding(False, "database", f"{url}: there is no file {path} (nothing was "
                        "created): check DATABASE_URL, or start the web process once to "
                        "create it")]
    try:
        open_database(settings.DATABASE_URL)
        with db.connection_context():
            db.execute_sql("SELECT 1")
            todo = pending()
    except Exception as error:  # any failure is reported, whatever the driver
        return [Finding(False, "database", f"{url} does not answer ({_short(error)}): "
                        "check DATABASE_URL and that the server is running")]
    found = [Finding(True, "database", f"{url} answers")]
    if todo:
        found.append(Finding(False, "migrations", f"{len(todo)} not applied ({', '.join(todo)}): "
                             "start the web process once (it migrates on start)"))
    else:
        found.append(Finding(True, "migrations", "all applied"))
    return found


def redis(settings: Settings) -> list[Finding]:
    """Redis answers; unset, `make run` starts its own."""
    if not settings.REDIS_URL:
        return [Finding(True, "redis", "REDIS_URL unset: make run starts an embedded "
                        "redis-server (one machine only; set REDIS_URL to scale out)")]
    try:
        with connect(settings.REDIS_URL) as client:
            client.ping()
    except (RedisError, OSError) as error:
        return [Finding(False, "redis", f"{settings.REDIS_URL} does not answer "
                        f"({_short(error)}): check REDIS_URL and that the server is running")]
    return [Finding(True, "redis", f"{settings.REDIS_URL} answers")]


def public_url(settings: Settings) -> list[Finding]:
    """PUBLIC_URL is set and https."""
    url = settings.PUBLIC_URL
    if not url:
        return [Finding(False, "PUBLIC_URL", "unset: set it to the https address Twilio "
                        "reaches, e.g. https://commons.example.org")]
    if not url.startswith("https://"):
        return [Finding(False, "PUBLIC_URL", f"{url} is not https: Twilio must reach it over "
                        "TLS, and login cookies are Secure only over https")]
    return [Finding(True, "PUBLIC_URL", url)]


def secret_key(settings: Settings) -> list[Finding]:
    """SECRET_KEY is a real secret, whatever PUBLIC_URL is (a tunnel may still expose it)."""
    weak = weakness(settings.SECRET_KEY)
    if weak is None:
        return [Finding(True, "SECRET_KEY", "set")]
    reasons = exposed(settings)
    where = (f"; nothing starts with it while {reasons[0]}" if reasons
             else "; only the console on this machine starts with it")
    return [Finding(False, "SECRET_KEY", f"{weak}{where}: set a random one, e.g. {GENERATE}")]


def twilio(settings: Settings) -> list[Finding]:
    """The account answers; the sender is the account's and its webhook is PUBLIC_URL's."""
    if not settings.TWILIO_ACCOUNT_SID or not settings.TWILIO_AUTH_TOKEN:
        return [Finding(False, "twilio", "no TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN: texts "
                        "are only printed (the console channel), nobody receives them")]
    client = Client(settings.TWILIO_ACCOUNT_SID, settings.TWILIO_AUTH_TOKEN,
                    http_client=TwilioHttpClient(timeout=TIMEOUT))
    client.api.base_url = settings.TWILIO_API_BASE
    client.messaging.base_url = settings.TWILIO_API_BASE
    account = client.api.v2010.accounts(settings.TWILIO_ACCOUNT_SID)
    try:
        status = account.fetch().status
    except (TwilioException, OSError) as error:
        return [Finding(False, "twilio", f"the account does not answer ({_twilio_error(error)})")]
    if status != "active":
        return [Finding(False, "twilio", f"the account is {status}: reactivate it in Twilio")]
    found = [Finding(True, "twilio", f"account {settings.TWILIO_ACCOUNT_SID} is active")]
    base = settings.PUBLIC_URL.rstrip("/") or None
    try:
        if settings.TWILIO_MESSAGING_SERVICE_SID:
            found += _service(client, settings.TWILIO_MESSAGING_SERVICE_SID, base)
        elif settings.TWILIO_FROM:
            found += _number(account, settings.TWILIO_FROM, base)
        else:
            found.append(Finding(False, "TWILIO_FROM", "unset, and no "
                                 "TWILIO_MESSAGING_SERVICE_SID: set one to send from"))
    except (TwilioException, OSError) as error:
        found.append(Finding(False, "twilio",
                             f"could not read the sender ({_twilio_error(error)})"))
    return found


def _number(account, number: str, base: str | None) -> list[Finding]:
    """TWILIO_FROM is one of the account's numbers, its incoming texts sent to us (`base`)."""
    wanted = base + INBOUND_PATH if base else None
    owned = account.incoming_phone_numbers.list(phone_number=number, limit=20)
    owned = [row for row in owned if row.phone_number == number]
    if not owned:
        return [Finding(False, "TWILIO_FROM", f"{number} is not a number of this account: "
                        "buy or port it, or set TWILIO_FROM to one that is")]
    row = owned[0]
    if row.sms_application_sid:
        return [Finding(False, "webhook", f"{number} hands incoming texts to TwiML App "
                        f"{row.sms_application_sid}: clear that and set its messaging webhook "
                        f"to POST {wanted or 'PUBLIC_URL' + INBOUND_PATH}")]
    return [Finding(True, "TWILIO_FROM", f"{number} belongs to the account"),
            _webhook(f"{number} sends incoming texts to", row.sms_url, row.sms_method, wanted,
                     "the number's messaging webhook"),
            _webhook(f"{number} falls back to", row.sms_fallback_url, row.sms_fallback_method,
                     base and base + FALLBACK_PATH,
                     "the number's 'primary handler fails' webhook", part="fallback URL")]


def _service(client: Client, sid: str, base: str | None) -> list[Finding]:
    """The Messaging Service exists, its incoming texts, fallback and statuses sent to us."""
    wanted = base + INBOUND_PATH if base else None
    try:
        service = client.messaging.v1.services(sid).fetch()
    except TwilioRestException as error:
        if error.status == 404:
            return [Finding(False, "TWILIO_MESSAGING_SERVICE_SID", f"{sid} is no Messaging "
                            "Service of this account: copy the SID from Twilio's console")]
        raise
    found = [Finding(True, "TWILIO_MESSAGING_SERVICE_SID", f"{sid} ({service.friendly_name})")]
    if service.use_inbound_webhook_on_number:
        found.append(Finding(False, "webhook", f"{sid} leaves incoming texts to each number's "
                             "own webhook: in its Integration settings choose 'Send a webhook' "
                             f"to POST {wanted or 'PUBLIC_URL' + INBOUND_PATH}"))
    else:
        found.append(_webhook(f"{sid} sends incoming texts to", service.inbound_request_url,
                              service.inbound_method, wanted, "the service's incoming webhook"))
    found.append(_webhook(f"{sid} falls back to", service.fallback_url, service.fallback_method,
                          base and base + FALLBACK_PATH, "the service's fallback URL",
                          part="fallback URL"))
    found.append(_webhook(f"{sid} reports delivery to", service.status_callback, "POST",
                          base and base + STATUS_CALLBACK_PATH,
                          "the service's delivery status callback", part="status callback"))
    return found


def _webhook(what: str, url: str | None, method: str | None, wanted: str | None,
             setting: str, part: str = "webhook") -> Finding:
    if wanted is None:
        return Finding(False, part, f"{what} {url or 'nowhere'}: set PUBLIC_URL first")
    if (url or "").rstrip("/") != wanted or (method or "POST").upper() != "POST":
        return Finding(False, part, f"{what} {method or ''} {url or 'nowhere'}: "
                       f"set {setting} to POST {wanted}")
    return Finding(True, part, f"{what} POST {wanted}")


def smtp(settings: Settings) -> list[Finding]:
    """The outgoing mail server answers (and takes the log-in) when SMTP_URL is set."""
    if not settings.SMTP_URL:
        return [Finding(True, "SMTP_URL", "unset: mail is kept in the outbox, not sent")]
    try:
        channel = SmtpChannel(settings.SMTP_URL)
        conn = channel.connect()
        conn.quit()
    except (ValueError, OSError) as error:  # smtplib's errors are OSErrors
        return [Finding(False, "SMTP_URL", f"{_hidden(settings.SMTP_URL)} does not take mail "
                        f"({_short(error)}): check the host, port and log-in")]
    return [Finding(True, "SMTP_URL", f"{channel.host}:{channel.port} takes mail")]


def bridge(settings: Settings) -> list[Finding]:
    """The SMTP bridge's port is free, or served by the bridge itself."""
    host, port = settings.SMTP_BRIDGE_HOST, settings.SMTP_BRIDGE_PORT
    where = f"{host}:{port}"
    try:
        with socket.create_connection(("127.0.0.1" if host == "0.0.0.0" else host, port),
                                      timeout=2) as sock:
            sock.settimeout(2)
            banner = sock.recv(512).decode(errors="replace").strip()
    except OSError:
        try:
            with socket.socket() as sock:
                sock.bind((host, port))
        except OSError as error:
            return [Finding(False, "SMTP bridge", f"cannot listen on {where} ({_short(error)}): "
                            "set SMTP_BRIDGE_HOST and SMTP_BRIDGE_PORT to an address it may use")]
        return [Finding(True, "SMTP bridge", f"{where} is free for the smtp process")]
    if banner.startswith("220") and settings.MAIL_DOMAIN in banner and "Python SMTP" in banner:
        return [Finding(True, "SMTP bridge", f"{where} is served by the Commons bridge")]
    return [Finding(False, "SMTP bridge", f"{where} is taken by another program ({banner[:60]!r})"
                    ": stop it, or set SMTP_BRIDGE_PORT to a free port")]


def spooled(settings: Settings) -> list[Finding]:
    """Texts kept while the database was away, still waiting (a line only when there are some)."""
    serving = Runtime(settings)
    try:
        waiting = spool.waiting(serving) if settings.REDIS_URL else len(spool.file_lines(settings))
    except (RedisError, OSError):
        return []  # the redis line already says Redis does not answer
    finally:
        serving.close()
    if not waiting:
        return []
    return [Finding(False, "spooled texts", f"{waiting} texts that came while the database was "
                    "away wait to be handled: start a worker, whose sweeper replays them in "
                    "order as soon as the database answers")]


def carriers(settings: Settings) -> list[Finding]:
    """Misread opt-ins and paused senders (to fix), members texts no longer reach (to know)."""
    return [Finding(*line) for line in carrier_lines()]


CHECKS = (database, redis, public_url, secret_key, twilio, smtp, bridge, spooled, carriers)


def run(settings: Settings) -> list[Finding]:
    """Run every check, in the order the report shows them."""
    return [finding for check in CHECKS for finding in check(settings)]


def _short(error: BaseException) -> str:
    return (str(error) or type(error).__name__).splitlines()[0][:120]


def _twilio_error(error: BaseException) -> str:
    if isinstance(error, TwilioRestException):
        if error.code == 20003 or error.status == 401:
            return "20003: Twilio refused the credentials; check TWILIO_ACCOUNT_SID and " \
                   "TWILIO_AUTH_TOKEN"
        return f"{error.code or error.status}: {_short(Exception(error.msg))}"
    return _short(error)


def _hidden(url: str) -> str:
    """Show an SMTP_URL without its password."""
    scheme, sep, rest = url.partition("://")
    creds, at, host = rest.rpartition("@")
    return f"{scheme}{sep}{creds.split(':')[0]}:***@{host}" if at else url
