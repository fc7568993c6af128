"""One-time login secrets: 6-digit codes and link tokens, kept only as hashes.

No Flask here: the `login` SMS command (handlers/login.py) issues links with the same helpers.
A code has a million values, so its hash is keyed with SECRET_KEY (a leaked table can't be
brute-forced offline) and each code takes at most MAX_ATTEMPTS wrong guesses. A code belongs to
the browser that asked for it (`client`, a random id in its session): a stranger who asks for a
code for someone else's number gets a code of their own, and their wrong guesses use up only
that one, never the code the owner of the number is typing. A link token is
32 random bytes: a plain SHA-256 finds it, and no key is needed to make it unguessable.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta

from parsers.limits import LINK_MINUTES
from store.models import Member, OneTimeCode, utcnow

LOGIN, LINK = "login", "link"
CODE_DIGITS = 6
CODE_TTL = timedelta(minutes=10)  # long enough for a slow SMS, short enough to be worthless later
LINK_TTL = timedelta(minutes=LINK_MINUTES)
MAX_ATTEMPTS = 5  # tries before a code stops working: 5 in a million per code


def code_hash(secret_key: str, member_id: int, code: str) -> str:
    """Hash `code` for `member_id`, keyed with the app's secret."""
    message = f"{LOGIN}:{member_id}:{code}".encode()
    return hmac.new(secret_key.encode(), message, hashlib.sha256).hexdigest()


def token_hash(token: str) -> str:
    """Hash a link token for storage and look-up."""
    return hashlib.sha256(token.encode()).hexdigest()


def issue_code(secret_key: str, member: Member, client: str) -> str:
    """Make a fresh 6-digit code for `member` at `client`, retiring its earlier one; return it."""
    now = utcnow()
    (OneTimeCode.update(expires_at=now)
     .where(OneTimeCode.member == member, OneTimeCode.purpose == LOGIN,
            OneTimeCode.client == token_hash(client),
            OneTimeCode.used_at.is_null(), OneTimeCode.expires_at > now).execute())
    code = f"{secrets.randbelow(10 ** CODE_DIGITS):0{CODE_DIGITS}d}"
    OneTimeCode.create(member=member, purpose=LOGIN, created_at=now, expires_at=now + CODE_TTL,
                       code_hash=code_hash(secret_key, member.id, code),
                       client=token_hash(client))
    return code


def check_code(secret_key: str, member: Member, code: str, client: str) -> bool:
    """Count one try at the live code `client` asked for; use the code up if `code` is it."""
    now = utcnow()
    row = (OneTimeCode.select()
           .where(OneTimeCode.member == member, OneTimeCode.purpose == LOGIN,
                  OneTimeCode.client == token_hash(client),
                  OneTimeCode.used_at.is_null(), OneTimeCode.expires_at > now,
                  OneTimeCode.attempts < MAX_ATTEMPTS)
           .order_by(OneTimeCode.id.desc()).first())
    if row is None:
        return False
    # Take the attempt before comparing, in one conditional update: guesses sent in parallel
    # cannot all read the same count and each get a try past MAX_ATTEMPTS.
    if not (OneTimeCode.update(attempts=OneTimeCode.attempts + 1)
            .where(OneTimeCode.id == row.id, OneTimeCode.attempts < MAX_ATTEMPTS).execute()):
        return False
    given = code_hash(secret_key, member.id, code.strip())
    if not hmac.compare_digest(given, row.code_hash):
        return False
    # Conditional, so two requests racing with the right code log in once.
    return bool(OneTimeCode.update(used_at=now)
                .where(OneTimeCode.id == row.id, OneTimeCode.used_at.is_null()).execute())


def issue_link(member: Member, asked_by: str | None = None) -> str:
    """Make a single-use login link token for `member`; return the token.

    `asked_by` names where it was asked for when that was not their phone (a mail address,
    "web", "terminal"): using it is then texted to the phone.
    """
    now = utcnow()
    token = secrets.token_urlsafe(32)
    OneTimeCode.create(member=member, purpose=LINK, code_hash=token_hash(token), created_at=now,
                       expires_at=now + LINK_TTL, address=asked_by)
    return token


def use_link(token: str) -> tuple[Member, str | None] | None:
    """Use up a live link token once; return its member and who asked for it, or None."""
    now = utcnow()
    row = OneTimeCode.get_or_none(OneTimeCode.purpose == LINK,
                                  OneTimeCode.code_hash == token_hash(token),
                                  OneTimeCode.used_at.is_null(), OneTimeCode.expires_at > now)
    if row is None:
        return None
    taken = (OneTimeCode.update(used_at=now)
             .where(OneTimeCode.id == row.id, OneTimeCode.used_at.is_null()).execute())
    return (Member.get_by_id(row.member_id), row.address) if taken else None
