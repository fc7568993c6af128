"""Members' mail addresses: the token in `team+TOKEN@MAIL_DOMAIN` that proves who writes.

A token is derived, never stored: an HMAC under SECRET_KEY of the member, the address's local
part and the member's mail epoch. So a token for `team+` is worth nothing at `commands+`, a
leaked database reveals none, and bumping the epoch (`newtoken`) kills every old one at once.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass

from store.models import Member

TOKEN_CHARS = 16  # base32, 80 bits: unguessable, and `handle+token` still fits a local part
COMMANDS = "commands"  # commands@MAIL_DOMAIN runs each line of the body as a command
UNSUBSCRIBE = "unsubscribe"  # unsubscribe+TOKEN@ (List-Unsubscribe) may only stop mail


@dataclass(frozen=True)
class Address:
    """An address under MAIL_DOMAIN, taken apart: `team+token@domain`."""

    local: str  # a group or member handle, "commands" or "unsubscribe"
    token: str | None
    domain: str


def parse_address(address: str) -> Address | None:
    """Split `local+token@domain` (lower-cased); None when it is not an address at all."""
    local, at, domain = address.strip().strip("<>").lower().rpartition("@")
    if not at or not local or not domain:
        return None
    local, plus, token = local.partition("+")
    return Address(local=local, token=token if plus and token else None, domain=domain)


def token_for(secret: str, member: Member, local: str) -> str:
    """Return `member`'s token for mail to `local` (a handle, `commands` or `unsubscribe`)."""
    text = f"mail:{member.id}:{local.lower()}:{member.mail_epoch}".encode()
    digest = hmac.new(secret.encode(), text, hashlib.sha256).digest()
    return base64.b32encode(digest).decode()[:TOKEN_CHARS].lower()


def token_matches(secret: str, member: Member, local: str, token: str | None) -> bool:
    """Tell whether `token` is `member`'s live token for `local`."""
    if not token:
        return False
    return hmac.compare_digest(token_for(secret, member, local), token.lower())


def reply_address(secret: str, local: str, member: Member, domain: str) -> str:
    """Return the address `member` writes to, to reach `local` as themself."""
    return f"{local}+{token_for(secret, member, local)}@{domain}"
