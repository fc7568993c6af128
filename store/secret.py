"""SECRET_KEY: whether it may be used here, the file `make run` keeps it in, and its fingerprint.

The key signs web sessions and derives every member's mail token. Anyone who knows it can
forge both, so a missing, development or short key is refused by every entry point, unless
nobody else can reach this Commons: the console channel (no Twilio account, no Mailgun route)
serving this machine only.
"""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import ipaddress
import os
import secrets
import sys
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import urlsplit

from store.db import ROOT
from store.settings import DEV_SECRET, Settings

MIN_SECRET = 32  # characters: token_urlsafe(32) gives 43, about 256 bits
GENERATE = "python -c 'import secrets; print(secrets.token_urlsafe(32))'"


def weakness(key: str) -> str | None:
    """Say what is wrong with `key` as a production secret; None when nothing is."""
    if not key:
        return "unset"
    if key == DEV_SECRET:
        return "the development value"
    if len(key) < MIN_SECRET:
        return f"shorter than {MIN_SECRET} characters"
    return None


def is_loopback(host: str) -> bool:
    """Tell whether `host` (a name or an address, perhaps with a port) is this machine only."""
    host = host.strip().strip("[]")
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def exposed(settings: Settings, listens_on: Iterable[str] = ()) -> list[str]:
    """Name whatever lets anyone but this machine reach Commons (empty: it is local only)."""
    found = []
    if settings.channel != "console":
        found.append("a Twilio account is set")
    if settings.MAILGUN_SIGNING_KEY:
        found.append("a Mailgun route is set")
    public = urlsplit(settings.PUBLIC_URL).hostname if settings.PUBLIC_URL else None
    if settings.PUBLIC_URL and not is_loopback(public or ""):
        found.append(f"PUBLIC_URL is {settings.PUBLIC_URL}")
    for name, host in (("HOST", settings.HOST), ("SMTP_BRIDGE_HOST", settings.SMTP_BRIDGE_HOST)):
        if not is_loopback(host):
            found.append(f"{name} is {host}")
    found += [f"it listens on {where}" for where in listens_on if not is_loopback(where)]
    return found


def refusal(settings: Settings, listens_on: Iterable[str] = ()) -> str | None:
    """Return the one line that refuses to start with this key here; None when it may start.

    `listens_on` adds addresses the caller binds besides HOST (gunicorn's --bind).
    """
    weak = weakness(settings.SECRET_KEY)
    if weak is None:
        return None
    reasons = exposed(settings, listens_on)
    if not reasons:
        return None
    return (f"Refusing to start: SECRET_KEY is {weak} and {reasons[0]}. Anyone could forge "
            f"logins and mail addresses with it: set SECRET_KEY to a random value, e.g. "
            f"{GENERATE}")


def require_key(settings: Settings, listens_on: Iterable[str] = ()) -> None:
    """Exit (status 1, one line on stderr) when `settings` may not start with their key."""
    line = refusal(settings, listens_on)
    if line is not None:
        print(line, file=sys.stderr, flush=True)
        raise SystemExit(1)


def fingerprint(key: str) -> str:
    """Name a key without revealing it: the same key gives the same name on every machine."""
    return hmac.new(key.encode(), b"commons:key-fingerprint", hashlib.sha256).hexdigest()


def key_file(settings: Settings) -> Path:
    """Return the file `make run` keeps its generated key in (relative paths from the tree)."""
    return ROOT / settings.SECRET_KEY_FILE


def new_key() -> str:
    """Return a fresh random key."""
    return secrets.token_urlsafe(32)


def write_key(path: Path, key: str) -> None:
    """Write `key` to `path`, readable by this user only, replacing any key atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".new")
    temporary.unlink(missing_ok=True)
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w") as out:
        out.write(key + "\n")
    os.replace(temporary, path)


def ensure_key_file(settings: Settings) -> Settings:
    """Return settings with a real key: the configured one, or the kept one (made if none).

    `make run` calls this: a first run on a new machine writes a random key, mode 600, and
    every later run uses the same one, so sessions and mail addresses survive a restart.
    """
    if settings.SECRET_KEY != DEV_SECRET:  # set, even if short: refused or not, it is theirs
        return settings
    path = key_file(settings)
    if not path.exists():
        write_key(path, new_key())
    return dataclasses.replace(settings, SECRET_KEY=path.read_text().strip())
