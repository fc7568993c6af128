"""Who hears what: whether a member receives a group's posts or a given post, and shared groups."""

from __future__ import annotations

from datetime import datetime

from handlers.lookup import membership, my_groups
from store.models import Group, Member, Membership, Message


def hears(member: Member, group: Group, now: datetime) -> bool:
    """Tell whether `member` receives `group`'s posts now: a member with neither muted."""
    mine = membership(member, group)
    if mine is None:
        return False
    return all(until is None or until <= now for until in (mine.muted_until, member.muted_until))


def shared_groups(one: Member, other: Member) -> list[Group]:
    """Return the groups both members are in, oldest membership of `one` first."""
    theirs = Membership.select(Membership.group).where(Membership.member == other)
    return [g for g in my_groups(one) if g.id in {m.group_id for m in theirs}]


def reads(member: Member, post: Message | None, now: datetime) -> bool:
    """Tell whether `member` receives the post or DM `post` itself (then no second text)."""
    if post is None:
        return False
    if post.recipient_id is not None or post.group is None:
        return post.recipient_id == member.id
    return hears(member, post.group, now)
