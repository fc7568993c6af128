"""The current conversation: where a member's plain chat goes (SPEC section 2)."""

from __future__ import annotations

from datetime import timedelta

from handlers.context import Context
from handlers.lookup import membership, my_groups
from store.models import Group, Member
from store.statements import Statement, slot

CONVERSATION_HOURS = 12

MOVE = Statement(lambda: Member.update(conv_kind=slot("kind"), conv_id=slot("ref"),
                                       conv_at=slot("at")).where(Member.id == slot("id")))


def converse(member: Member, kind: str, ref: int, ctx: Context) -> None:
    """Make a group or member `member`'s current conversation."""
    member.conv_kind, member.conv_id, member.conv_at = kind, ref, ctx.now
    MOVE.execute(kind=kind, ref=ref, at=ctx.now, id=member.id)


def leave_conversation(member: Member) -> None:
    """End `member`'s current conversation: plain chat goes to their only group, or is held."""
    member.conv_kind, member.conv_id, member.conv_at = None, None, None
    MOVE.execute(kind=None, ref=None, at=None, id=member.id)


def current_conversation(member: Member, ctx: Context) -> Group | Member | None:
    """Return where plain chat goes: the live conversation, else the member's only group."""
    if member.conv_at and ctx.now - member.conv_at <= timedelta(hours=CONVERSATION_HOURS):
        model = Group if member.conv_kind == "group" else Member
        found = model.get_or_none(model.id == member.conv_id)
        if isinstance(found, Member) or (found and membership(member, found)):
            return found
    groups = my_groups(member)
    return groups[0] if len(groups) == 1 else None
