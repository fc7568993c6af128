"""Members' mail addresses: the secret token in `team+TOKEN@MAIL_DOMAIN` that proves who writes."""

from __future__ import annotations

import base64
import secrets
from dataclasses import dataclass

from peewee import IntegrityError

from store.db import db
from store.models import Member

TOKEN_BYTES = 10  # 16 base32 characters: unguessable, and still fits an address people reply to
COMMANDS = "commands"  # commands@MAIL_DOMAIN runs each line of the body as a command


@dataclass(frozen=True)
class Address:
    """An address under MAIL_DOMAIN, taken apart: `team+token@domain`."""

    local: str  # a group or member handle, or "commands"
    token: str | None
    domain: str


def parse_address(address: str) -> Address | None:
    """Split `local+token@domain` (lower-cased); None when it is not an address at all."""
    local, at, domain = address.strip().strip("<>").lower().rpartition("@")
    if not at or not local or not domain:
        return None
    local, plus, token = local.partition("+")
    return Address(local=local, token=token if plus and token else None, domain=domain)


def token_of(member: Member) -> str:
    """Return the member's secret mail token, making one the first time it is needed."""
    if member.email_token:
        return member.email_token
    while True:
        token = secrets.token_bytes(TOKEN_BYTES)
        text = _base32(token)
        try:
            with db.atomic():
                updated = (Member.update(email_token=text)
                           .where(Member.id == member.id, Member.email_token.is_null()).execute())
        except IntegrityError:  # another member holds it: astronomically rare, draw again
            continue
        if not updated:  # another process gave them one first
            text = Member.get_by_id(member.id).email_token
        member.email_token = text
        return text


def member_by_token(token: str | None) -> Member | None:
    """Return the member whose secret token this is."""
    if not token:
        return None
    return Member.get_or_none(Member.email_token == token.lower())


def reply_address(local: str, member: Member, domain: str) -> str:
    """Return the address `member` answers to reach `local` (a handle or `commands`) as themself."""
    return f"{local}+{token_of(member)}@{domain}"


def _base32(raw: bytes) -> str:
    return base64.b32encode(raw).decode().rstrip("=").lower()
