"""A rotated SECRET_KEY: every member with a linked mail address is told, once, by text and mail.

`commons rotate-secret` records the new key's fingerprint; the first web process that starts
with that key tells the members (store/secret.py). Their mail addresses are derived from the
key, so the old ones stopped working the moment it changed: the text says so, and the mail,
sent to the linked address, lists the new ones.
"""

from __future__ import annotations

from handlers.email_link import addresses_mail, masked
from handlers.language import speaking_to
from handlers.registry import says
from store import outbox
from store.db import db
from store.models import KeyRotation, Member, utcnow
from store.secret import fingerprint
from store.settings import Settings

SAY = says("rotation", {
    "text": "Commons changed its secret key, so your Commons mail addresses changed: the old "
            "ones no longer work. The new ones were mailed to {masked}.",
})
MAIL = says("rotation_mail", {
    "subject": "Your new Commons addresses",
    "body": """Commons changed its secret key, so your old Commons addresses no longer work ({who}).

Mail from this address to these new ones, which are yours alone (keep them to yourself):
{groups}
    {commands}  runs each line as a command, as a text would
""",
}, by_mail=True)


def announce_rotation(settings: Settings) -> list[int]:
    """Tell members of the rotation to this key, if one waits; return the outbox ids written.

    Many processes may start with the new key at once: one UPDATE claims it, so each member is
    told once.
    """
    with db.atomic():
        claimed = (KeyRotation.update(announced_at=utcnow())
                   .where(KeyRotation.fingerprint == fingerprint(settings.SECRET_KEY),
                          KeyRotation.announced_at.is_null())
                   .execute())
        if not claimed:
            return []
        ids = []
        linked = Member.select().where(Member.email.is_null(False)).order_by(Member.id)
        for member in linked:
            assert member.email is not None  # linked
            with speaking_to(member):
                text = outbox.write_text(member,
                                         SAY["text"].format(masked=masked(member.email)))
                mail = outbox.write_email(member.email,
                                          addresses_mail(settings, member, MAIL["body"]),
                                          MAIL["subject"], member=member)
            ids += [row.id for row in (text, mail) if row is not None]
        (KeyRotation.update(told=len(linked))
         .where(KeyRotation.fingerprint == fingerprint(settings.SECRET_KEY)).execute())
    return ids


def record_rotation(key: str) -> int:
    """Note that `key` replaces the current one; return how many members will be told."""
    KeyRotation.insert(fingerprint=fingerprint(key), created_at=utcnow()).on_conflict_ignore() \
        .execute()
    return Member.select().where(Member.email.is_null(False)).count()
