"""`python -m gateway.mail_in`: the SMTP bridge on SMTP_BRIDGE_HOST:SMTP_BRIDGE_PORT."""

from __future__ import annotations

import logging
import signal
import sys
import threading

from gateway import ports
from gateway.mail_in.smtp_server import controller
from store.db import open_database
from store.embedded_redis import ensure_redis
from store.secret import require_key
from store.settings import Settings
from workers.runtime import Runtime


def main() -> None:
    """Serve SMTP until SIGTERM or Ctrl-C; the web process migrates the database."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every SMTP line
    settings = Settings.from_env()
    require_key(settings)
    host, port = settings.SMTP_BRIDGE_HOST, settings.SMTP_BRIDGE_PORT
    if ports.busy(port, host):  # one line, as for a busy PORT, not aiosmtpd's traceback
        sys.exit(f"Port {port} is busy: set SMTP_BRIDGE_PORT={ports.next_free(port, host)}")
    settings = ensure_redis(settings)
    open_database(settings.DATABASE_URL)
    server = controller(Runtime(settings))
    try:
        server.start()
    except OSError as error:  # taken since, or not ours to listen on
        sys.exit(f"Cannot take mail on {host}:{port} ({error.strerror or error}): set "
                 "SMTP_BRIDGE_HOST and SMTP_BRIDGE_PORT to an address this machine may use")
    print(f"SMTP bridge: mail for @{settings.MAIL_DOMAIN} taken on "
          f"{settings.SMTP_BRIDGE_HOST}:{settings.SMTP_BRIDGE_PORT}", flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        while not stop.wait(1):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()


if __name__ == "__main__":
    main()
