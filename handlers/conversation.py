"""The current conversation: where a member's plain chat goes (SPEC section 2)."""

from __future__ import annotations

from datetime import timedelta

from handlers.context import Context
from handlers.lookup import membership, my_groups
from store.models import Group, Member

CONVERSATION_HOURS = 12


def converse(member: Member, kind: str, ref: int, ctx: Context) -> None:
    """Make a group or member `member`'s current conversation."""
    member.conv_kind, member.conv_id, member.conv_at = kind, ref, ctx.now
    member.save(only=[Member.conv_kind, Member.conv_id, Member.conv_at])


def current_conversation(member: Member, ctx: Context) -> Group | Member | None:
    """Return where plain chat goes: the live conversation, else the member's only group."""
    if member.conv_at and ctx.now - member.conv_at <= timedelta(hours=CONVERSATION_HOURS):
        model = Group if member.conv_kind == "group" else Member
        found = model.get_or_none(model.id == member.conv_id)
        if isinstance(found, Member) or (found and membership(member, found)):
            return found
    groups = my_groups(member)
    return groups[0] if len(groups) == 1 else None
