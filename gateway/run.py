"""`make run`: the whole product on one machine, web and worker sharing one Redis and database."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from urllib.parse import urlsplit, urlunsplit

from gateway import ports
from store.db import DEFAULT_URL, db, open_database
from store.embedded_redis import ensure_redis
from store.schema import migrate
from store.secret import ensure_key_file, require_key
from store.settings import Settings
from workers.lifeline import dies_with_me

CONSOLE_NOTE = " (texts are printed here and kept in the outbox)"
SIMULATOR_NOTE = "  simulator: http://localhost:{port}/simulator  (text from a wall of phones)\n"
MAIL_LOGGED = "mail is logged, not sent (set SMTP_URL to send it)"


def main() -> None:
    """Start Redis if needed, migrate, then run web, worker and SMTP bridge until Ctrl-C."""
    configured = ensure_key_file(Settings.from_env())
    require_key(configured)
    # Every child gets this key, even one restarted after `commons rotate-secret` rewrote the file.
    os.environ["SECRET_KEY"] = configured.SECRET_KEY
    if ports.busy(configured.PORT):  # one line now, not gunicorn's retries and a traceback
        sys.exit(f"Port {configured.PORT} is busy: set PORT={ports.next_free(configured.PORT)}")
    settings = ensure_redis(configured)
    embedded = " (embedded)" if not configured.REDIS_URL else ""
    open_database(settings.DATABASE_URL)
    with db.connection_context():
        migrate()
    web = [sys.executable, "-m", "gunicorn", "--bind", f"{settings.HOST}:{settings.PORT}",
           "--worker-class", "gthread", "--threads", "8", "--access-logfile", "-",
           "gateway.app:create_app()"]
    # Each gets SIGTERM when this process dies, however it died (a Ctrl-C ends it below).
    procs = [subprocess.Popen(command, preexec_fn=dies_with_me())
             for command in (web, [sys.executable, "-m", "workers"],
                             [sys.executable, "-m", "gateway.mail_in"])]
    channel = settings.channel
    mail_in = f"smtp://{settings.SMTP_BRIDGE_HOST}:{settings.SMTP_BRIDGE_PORT}"
    print(f"""
Commons is running.
  web:       http://{settings.HOST}:{settings.PORT}  (health: /healthz)
  database:  {settings.DATABASE_URL or DEFAULT_URL}
  redis:     {settings.REDIS_URL}{embedded}
  channel:   {channel}{CONSOLE_NOTE if channel == "console" else ""}
  workers:   {settings.WORKERS} processes (set WORKERS to change it)
{SIMULATOR_NOTE.format(port=settings.PORT) if channel == "console" else ""}\
  mail in:   {mail_in}  (mail to team@{settings.MAIL_DOMAIN} and the like)
  mail out:  {mail_out(settings.SMTP_URL)}
Text it from another terminal:
  make text FROM=+14155550101 BODY="create @team Launch crew"
Ctrl-C stops everything.
""", flush=True)
    try:
        while all(proc.poll() is None for proc in procs):
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        for proc in procs:
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()


def mail_out(smtp_url: str) -> str:
    """Say where outgoing mail goes: SMTP_URL without its password, or the log."""
    if not smtp_url:
        return MAIL_LOGGED
    parts = urlsplit(smtp_url)
    if parts.password:
        parts = parts._replace(netloc=parts.netloc.replace(f":{parts.password}@", ":***@"))
    return f"SMTP_URL {urlunsplit(parts)}"


if __name__ == "__main__":
    main()
