"""Who may text whom directly: `block @x`, `unblock @x`, and strangers' few DMs a day.

A member who blocks someone gets no more of their words by any way but the groups they share:
no DM (by `d @x`, plain chat into the conversation, an answer to "who is this for?", any door),
no note of a thanks or a task given, no invitation; and the blocker's own plain chat no longer
goes to them. The blocked sender is told nothing different (their DM is simply not delivered).

Someone who shares no group with a member, and was never written to by them, may DM them
STRANGER_DMS a day, and STRANGERS_A_DAY such people.
"""

from __future__ import annotations

from datetime import timedelta

from handlers.context import Context
from handlers.conversation import leave_conversation
from handlers.lookup import member_named
from handlers.registry import handles, says
from parsers import Command
from store.models import Block, Member, Membership, Message

STRANGER_DMS = 3  # DMs a day to one member who shares no group with the sender
STRANGERS_A_DAY = 5  # members sharing no group with the sender that they may DM in a day
DAY = timedelta(days=1)


SAY = says("blocks", {
    "blocked": "Blocked @{member}: their direct messages no longer reach you. "
               "unblock @{member} undoes it.",
    "unblocked": "Unblocked @{member}: their direct messages reach you again.",
    "not_blocked": "@{member} isn't blocked.",
    "no_member": "No member @{member}.",
    "self": "That's you!",
    "stranger": f"You share no group with @{{member}}: at most {STRANGER_DMS} messages a day "
                f"to them, and to {STRANGERS_A_DAY} such people.",
})


@handles("block", "unblock")
def block(ctx: Context, cmd: Command) -> None:
    """Stop (or let again) a member's direct messages to the sender."""
    person = member_named(cmd.target)
    if person is None:
        ctx.reply(SAY["no_member"].format(member=cmd.target or ""))
        return
    if person.id == ctx.member.id:
        ctx.reply(SAY["self"])
        return
    if cmd.action == "block":
        Block.insert(member=ctx.member, blocked=person, created_at=ctx.now) \
            .on_conflict_ignore().execute()
        if (ctx.member.conv_kind, ctx.member.conv_id) == ("member", person.id):
            leave_conversation(ctx.member)  # plain chat no longer goes to the one blocked
        ctx.reply(SAY["blocked"].format(member=person.handle))
        return
    gone = Block.delete().where(Block.member == ctx.member, Block.blocked == person).execute()
    ctx.reply(SAY["unblocked" if gone else "not_blocked"].format(member=person.handle))


def is_blocked(recipient: Member, sender: Member) -> bool:
    """Tell whether `recipient` blocked `sender`."""
    return Block.select().where(Block.member == recipient, Block.blocked == sender).exists()


def _acquainted(sender: Member, recipient: Member) -> bool:
    """Tell whether the two share a group, or `recipient` once wrote to `sender` directly."""
    mine = Membership.select(Membership.group).where(Membership.member == sender)
    return (Membership.select().where(Membership.member == recipient,
                                      Membership.group.in_(mine)).exists()
            or Message.select().where(Message.author == recipient,
                                      Message.recipient == sender).exists())


def may_dm(ctx: Context, recipient: Member) -> bool:
    """Tell whether the sender may DM `recipient` now; reply why not when they may not."""
    if _acquainted(ctx.member, recipient):
        return True
    today = Message.select(Message.recipient).where(
        Message.author == ctx.member, Message.recipient.is_null(False),
        Message.created_at > ctx.now - DAY)
    to_them = today.where(Message.recipient == recipient).count()
    others = {row.recipient_id for row in today} - {recipient.id}
    strangers = [m for m in Member.select().where(Member.id.in_(list(others)))
                 if not _acquainted(ctx.member, m)]
    if to_them < STRANGER_DMS and (to_them or len(strangers) < STRANGERS_A_DAY):
        return True
    ctx.reply(SAY["stranger"].format(member=recipient.handle))
    return False
