"""Whether a TCP port is free to listen on, checked before `make run` starts anything."""

from __future__ import annotations

import socket

TRIES = 100  # ports looked at past a busy one for a free one to suggest


def busy(port: int, host: str = "0.0.0.0") -> bool:
    """Tell whether something already listens on `port` (so gunicorn could not bind it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as gunicorn binds
        try:
            probe.bind((host, port))
        except OSError:
            return True
    return False


def next_free(port: int, host: str = "0.0.0.0") -> int:
    """Return the first free port after `port` (or port + 1 when none of the next few is)."""
    return next((p for p in range(port + 1, port + 1 + TRIES) if not busy(p, host)), port + 1)
