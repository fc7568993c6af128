"""Missed posts: a member's group posts that never reached them whole, for `recap` to list.

A post is missed when no text of its own carried it to the member, whatever the reason: held
in quiet hours (still waiting, or left out of the bundle's "+3 more"), summed up by a digest,
sent while the group or everything was muted, or a delivery that failed. Each membership
remembers how far `recap` has listed (`recap_at`), so a post is listed once.
"""

from __future__ import annotations

import re
from datetime import datetime

from peewee import fn

from handlers.bundles import QUIET, RECAP
from store.models import Group, Member, Membership, Message, Outbox

MAX_LISTED = 30  # posts a recap lists, the newest; ten or so pages is as far as anyone reads
NOT_RECEIVED = (QUIET, RECAP, "failed", "undelivered")  # a row that did not carry the post


def missed(member: Member, groups: list[Group]) -> tuple[list[Message], int]:
    """Return the posts `member` missed in `groups`, oldest first, and how many older ones."""
    if not groups:
        return [], 0
    received = (Outbox.select(Outbox.message)
                .where(Outbox.member == member, Outbox.message.is_null(False),
                       Outbox.status.not_in(NOT_RECEIVED)))
    listed_to = fn.COALESCE(Membership.recap_at, Membership.joined_at)
    query = (Message.select(Message, Group).join(Group)
             .join(Membership, on=(Membership.group == Message.group)
                   & (Membership.member == member))
             .where(Message.group.in_([g.id for g in groups]), Message.author != member,
                    Message.created_at > listed_to, Message.id.not_in(received)))
    total = query.count()
    newest = list(query.order_by(Message.id.desc()).limit(MAX_LISTED))
    return newest[::-1], total - len(newest)


def naming_first(posts: list[Message], member: Member) -> list[Message]:
    """Put the posts that name the member first, each part oldest first."""
    if not member.handle:
        return posts
    mention = re.compile(rf"(?<![\w@.])@{re.escape(member.handle)}(?![\w])", re.IGNORECASE)
    return sorted(posts, key=lambda p: mention.search(p.body) is None)


def mark_read(member: Member, groups: list[Group], posts: list[Message], now: datetime) -> None:
    """Remember that `recap` listed these groups up to now; take listed posts out of bundles."""
    if groups:
        (Membership.update(recap_at=now)
         .where(Membership.member == member, Membership.group.in_([g.id for g in groups]))
         .execute())
    if posts:  # read here: the bundle after quiet hours need not carry them again
        (Outbox.update(status=RECAP)
         .where(Outbox.member == member, Outbox.message.in_([p.id for p in posts]),
                Outbox.status == QUIET).execute())
