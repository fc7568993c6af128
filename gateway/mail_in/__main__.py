"""`python -m gateway.mail_in`: the SMTP bridge on SMTP_BRIDGE_HOST:SMTP_BRIDGE_PORT."""

from __future__ import annotations

import logging
import signal
import threading

from gateway.mail_in.smtp_server import controller
from store.db import open_database
from store.embedded_redis import ensure_redis
from store.secret import require_key
from store.settings import Settings


def main() -> None:
    """Serve SMTP until SIGTERM or Ctrl-C; the web process migrates the database."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every SMTP line
    settings = Settings.from_env()
    require_key(settings)
    settings = ensure_redis(settings)
    open_database(settings.DATABASE_URL)
    server = controller(settings)
    server.start()
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
