"""`make run`: the whole product on one machine, web and worker sharing one Redis and database."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
from urllib.parse import urlsplit, urlunsplit

from gateway import ports
from store import embedded_redis
from store.db import DEFAULT_URL, db, open_database
from store.embedded_redis import ensure_redis
from store.schema import migrate
from store.secret import ensure_key_file, require_key
from store.settings import Settings
from workers.lifeline import dies_with_me
from workers.supervision import Child, Supervisor

CONSOLE_NOTE = " (texts are printed here and kept in the outbox)"
SIMULATOR_NOTE = "  simulator: http://localhost:{port}/simulator  (text from a wall of phones)\n"
MAIL_LOGGED = "mail is logged, not sent (set SMTP_URL to send it)"
STOP_WAIT = 20  # seconds the children get to finish (the workers their jobs) on a stop


def main() -> None:
    """Start Redis if needed, migrate, then run web, worker and SMTP bridge until stopped."""
    # Warnings only (a child started again): migrations and the like would bury the banner.
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(name)s %(message)s")
    configured = ensure_key_file(Settings.from_env())
    require_key(configured)
    if ports.busy(configured.PORT):  # one line now, not gunicorn's retries and a traceback
        sys.exit(f"Port {configured.PORT} is busy: set PORT={ports.next_free(configured.PORT)}")
    bridge = (configured.SMTP_BRIDGE_PORT, configured.SMTP_BRIDGE_HOST)
    if ports.busy(*bridge):  # the bridge would fail after "Commons is running"
        sys.exit(f"Port {bridge[0]} is busy: set SMTP_BRIDGE_PORT={ports.next_free(*bridge)}")
    signal.signal(signal.SIGTERM, _stop)  # as Ctrl-C: stop the children, then Redis
    # Ctrl-C stops everything even when started in the background of a script, where the shell
    # has SIGINT ignored and Python would leave it so: `kill -INT` would then do nothing.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    children = Supervisor([], configured.RESTART_SECONDS)
    try:
        settings = ensure_redis(configured)
        serve(settings, children, embedded=not configured.REDIS_URL)
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        children.stop(wait=STOP_WAIT)
        embedded_redis.stop()  # the redis-server this run started, once nobody uses it


def serve(settings: Settings, children: Supervisor, embedded: bool) -> None:
    """Migrate, start web, workers and SMTP bridge, and keep them running until stopped.

    Every child shares this run's Redis and key, even one restarted after `commons
    rotate-secret` rewrote the key file.
    """
    open_database(settings.DATABASE_URL)
    with db.connection_context():
        migrate()
    web = [sys.executable, "-m", "gunicorn", "--bind", f"{settings.HOST}:{settings.PORT}",
           "--worker-class", "gthread", "--threads", "8", "--access-logfile", "-",
           "gateway.app:create_app()"]
    commands = {"web": web, "workers": [sys.executable, "-m", "workers"],
                "smtp": [sys.executable, "-m", "gateway.mail_in"]}
    # One that dies is started again; the others serve on (texts keep coming in meanwhile).
    env = {**os.environ, "REDIS_URL": settings.REDIS_URL, "SECRET_KEY": settings.SECRET_KEY}
    children.children = [Child(name, starter(command, env), own_group=True)
                         for name, command in commands.items()]
    children.start()
    channel = settings.channel
    mail_in = f"smtp://{settings.SMTP_BRIDGE_HOST}:{settings.SMTP_BRIDGE_PORT}"
    print(f"""
Commons is running.
  web:       http://{settings.HOST}:{settings.PORT}  (health: /healthz)
  database:  {settings.DATABASE_URL or DEFAULT_URL}
  redis:     {settings.REDIS_URL}{" (embedded)" if embedded else ""}
  channel:   {channel}{CONSOLE_NOTE if channel == "console" else ""}
  workers:   {settings.WORKERS} processes (set WORKERS to change it)
{SIMULATOR_NOTE.format(port=settings.PORT) if channel == "console" else ""}\
  mail in:   {mail_in}  (mail to team@{settings.MAIL_DOMAIN} and the like)
  mail out:  {mail_out(settings.SMTP_URL)}
Text it from another terminal:
  make text FROM=+14155550101 BODY="create @team Launch crew"
Ctrl-C stops everything.
""", flush=True)
    children.watch()


def starter(command: list[str], env: dict[str, str]):
    """Return a function that starts `command` in `env`, to die with this process however it dies.

    Each leads a process group of its own: Ctrl-C reaches this process alone, which stops
    them in order, and what a child leaves behind (gunicorn's workers) is killed with it.
    """
    return lambda: subprocess.Popen(command, env=env, preexec_fn=dies_with_me(),
                                    process_group=0)


def _stop(signum, frame) -> None:
    raise SystemExit(0)


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
