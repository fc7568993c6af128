"""Finding groups and members by handle, with a suggestion when a name is mistyped."""

from __future__ import annotations

import difflib

from handlers.context import Context
from handlers.registry import says
from store.models import Group, Member, Membership
from store.statements import Statement, slot

SAY = says("lookup", {
    "not_member": "You're not in @{group}. Text: join @{group}",
    "not_member_private": "You're not in @{group}, a private group: ask a member to invite you.",
    "unknown": "No {kind} @{handle}.",
    "unknown_guess": "No {kind} @{handle}. Did you mean @{guess}?",
    # What there is none of, as the two above name it: each `kind` unknown() is asked for.
    "group": "group",
    "member": "member",
    "group or member": "group or member",
})

GROUP = Statement(lambda: Group.select().where(Group.handle == slot("handle")).limit(1))
MEMBER = Statement(lambda: Member.select().where(Member.handle == slot("handle")).limit(1))
MEMBERSHIP = Statement(lambda: Membership.select().where(
    Membership.member == slot("member"), Membership.group == slot("group")).limit(1))


def group_named(handle: str | None) -> Group | None:
    """Return the group called `handle`, or None."""
    if not handle:
        return None
    return GROUP.first(Group, handle=handle.lower())


def member_named(handle: str | None) -> Member | None:
    """Return the member called `handle`, or None."""
    if not handle:
        return None
    return MEMBER.first(Member, handle=handle.lower())


def membership(member: Member, group: Group) -> Membership | None:
    """Return `member`'s membership of `group`, or None."""
    return MEMBERSHIP.first(Membership, member=member.id, group=group.id)


def joined(ctx: Context, handle: str | None) -> Membership | None:
    """Return the sender's membership of group `handle`, replying why not when there is none."""
    group = group_named(handle)
    if group is None:
        ctx.reply(unknown(handle or "", ctx.member))
        return None
    mine = membership(ctx.member, group)
    if mine is None:
        ctx.reply(not_in(group))
    return mine


def not_in(group: Group) -> str:
    """Say the sender is not in `group`, and how to join it (a private one: by invite)."""
    return SAY["not_member_private" if group.private else "not_member"].format(group=group.handle)


def my_groups(member: Member) -> list[Group]:
    """Return the groups `member` belongs to, oldest membership first."""
    return list(
        Group.select()
        .join(Membership)
        .where(Membership.member == member)
        .order_by(Membership.joined_at, Membership.id)
    )


def closest_handle(handle: str, member: Member | None = None,
                   models: tuple[type[Group | Member], ...] = (Group, Member)) -> str | None:
    """Suggest the existing handle of a group or member (`models`) nearest to a mistyped one."""
    names = {g.handle for g in my_groups(member)} if member and Group in models else set()
    prefix = handle[:1]
    for model in models:
        query = model.select(model.handle).where(model.handle.startswith(prefix)).limit(500)
        names.update(row.handle for row in query if row.handle)
    found = difflib.get_close_matches(handle, sorted(names), n=1, cutoff=0.6)
    return found[0] if found else None


def unknown(handle: str, member: Member | None = None, kind: str = "group") -> str:
    """Say that @handle is unknown, suggesting the closest real one."""
    # "No group @bo. Did you mean @bob?" would send people to join a person.
    kinds: dict[str, tuple[type[Group | Member], ...]] = {"group": (Group,), "member": (Member,)}
    models = kinds.get(kind, (Group, Member))
    guess = closest_handle(handle, member, models)
    if guess and guess != handle:
        return SAY["unknown_guess"].format(kind=SAY[kind], handle=handle, guess=guess)
    return SAY["unknown"].format(kind=SAY[kind], handle=handle)


def readable(ctx: Context, handle: str) -> tuple[Group | None, Member | None] | None:
    """Return (group, None) or (None, member) for a handle whose posts the sender may read.

    Answer the sender and return None for a name nobody has, or a private group they are not in.
    """
    group = group_named(handle)
    person = None if group else member_named(handle)
    if group is None and person is None:
        ctx.reply(unknown(handle, ctx.member, "group or member"))
        return None
    if group is not None and group.private and membership(ctx.member, group) is None:
        ctx.reply(not_in(group))
        return None
    return group, person
