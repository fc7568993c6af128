"""Where a text went, and whom it reaches: the sender hears a line when it is not what they think.

Chat goes to the current conversation, which a DM received moves: when a plain text goes
somewhere other than the sender's last message, they are told where, and how to send it
elsewhere. A DM to someone who takes no texts, a post nobody in its group gets, and a post
naming someone who won't see it each get a line back, since otherwise nothing says so.
"""

from __future__ import annotations

import re
from datetime import datetime

from handlers.audience import hears
from handlers.context import Context
from handlers.lookup import member_named, membership, my_groups
from handlers.registry import says
from parsers import inline_actions
from parsers.handles import HANDLE
from store import outbox
from store.cooperation import Follow, MessageTag
from store.models import Group, Member, Membership, Message

MAX_MENTIONS_TOLD = 3  # names told about in one post; one segment holds about that many lines
# "@carol" in a post, but not the tail of an email address ("carol@home.org").
_MENTION = re.compile(rf"(?<![\w@.])@({HANDLE})(?![\w])")

SAY = says("reach", {
    "went_dm": "Sent only to {member}, who wrote to you last.{other}",
    "went_group": "Posted to @{group}.{other}",
    "other_group": " To post to @{group} instead: @{group} your message",
    "other_member": " To send to {member} instead: d {member} your message",
    "not_receiving": "{member} isn't receiving texts, so this wasn't delivered.",
    "alone": "You're the only one in @{group}, so nobody got this. "
             "Invite people: invite @{group} +15551234567",
    "nobody": "Nobody in @{group} gets posts right now (all muted or not taking texts), "
              "so nobody got this yet.",
    "mention_away": "{member} isn't receiving texts, so won't see this.",
    "mention_outsider": "{member} isn't in @{group}, so won't see this: d {member} reaches them.",
    "mention_muted": "{member} has @{group} muted, so won't see this now.",
})


def last_sent(member: Member) -> Group | Member | None:
    """Return where the member's latest post or DM went (the board is neither)."""
    latest = (Message.select(Message.group, Message.recipient)
              .where(Message.author == member,
                     Message.group.is_null(False) | Message.recipient.is_null(False))
              .order_by(Message.id.desc()).first())
    if latest is None:
        return None
    return latest.group if latest.group_id is not None else latest.recipient


def tell_where(ctx: Context, target: Group | Member, before: Group | Member | None) -> None:
    """Say where chat went when it is not where the sender's last message went."""
    if _same(target, before) or (before is None and isinstance(target, Group)):
        return  # where they wrote last, or their only group: no surprise there
    if isinstance(target, Member) and not receives_texts(target):
        return  # tell_dm has said it reached nobody, naming them
    other = before if before is not None and _reachable_by(ctx.member, before) else None
    if other is None and isinstance(target, Member):
        other = next(iter(my_groups(ctx.member)), None)
    suggestion = ""
    if isinstance(other, Group):
        suggestion = SAY["other_group"].format(group=other.handle)
    elif isinstance(other, Member) and other.handle:
        suggestion = SAY["other_member"].format(member=other.label)
    if isinstance(target, Member):
        ctx.reply(SAY["went_dm"].format(member=target.label, other=suggestion))
    else:
        ctx.reply(SAY["went_group"].format(group=target.handle, other=suggestion))


def _same(one: Group | Member | None, other: Group | Member | None) -> bool:
    return one is not None and other is not None and type(one) is type(other) \
        and one.id == other.id


def _reachable_by(member: Member, where: Group | Member) -> bool:
    """Tell whether `member` can still send to `where`: a group they are in, or a member."""
    return isinstance(where, Member) or membership(member, where) is not None


def receives_texts(member: Member) -> bool:
    """Tell whether anything sent to `member` reaches them, by text or by mail."""
    return outbox.route(member) is not None


def tell_dm(ctx: Context, target: Member) -> None:
    """Tell the sender when their DM reaches nobody: the member takes no texts or mail."""
    if not receives_texts(target):
        ctx.reply(SAY["not_receiving"].format(member=target.label))


def tell_post(ctx: Context, message: Message) -> None:
    """Tell the author when their post reaches nobody, or not someone it names."""
    group = message.group
    assert group is not None  # a post to a group
    if not anyone_gets(message, ctx.now):
        others = Membership.select().where(Membership.group == group,
                                           Membership.member != ctx.member).exists()
        ctx.reply(SAY["nobody" if others else "alone"].format(group=group.handle))
        return
    # Someone thanked in the post is told of it by a text of their own (handlers/karma.py).
    thanked = {a.member.lower() for a in inline_actions(message.body)
               if a.action == "thanks" and a.member}
    told = 0
    for handle in dict.fromkeys(h.lower() for h in _MENTION.findall(message.body)):
        person = member_named(handle)
        if person is None or person.id == ctx.member.id or handle in thanked:
            continue
        line = _missing(person, message, ctx.now)
        if line and told < MAX_MENTIONS_TOLD:
            ctx.reply(line)
            told += 1


def _missing(person: Member, message: Message, now: datetime) -> str | None:
    """Say why `person`, named in a post, won't see it; None when they will."""
    group = message.group
    assert group is not None  # a post to a group
    if not receives_texts(person):
        return SAY["mention_away"].format(member=person.label)
    if membership(person, group) is None:
        if not group.private and _follows(message).where(Follow.follower == person).exists():
            return None  # a follower of its author or of one of its tags gets it anyway
        return SAY["mention_outsider"].format(member=person.label, group=group.handle)
    if not hears(person, group, now):
        return SAY["mention_muted"].format(member=person.label, group=group.handle)
    return None


def _follows(message: Message):
    """Select the follows that bring a public post to someone outside its group."""
    tags = MessageTag.select(MessageTag.tag).where(MessageTag.message == message.id)
    return Follow.select(Follow.follower).where((Follow.member == message.author_id)
                                                | Follow.tag.in_(tags))


def anyone_gets(message: Message, now: datetime) -> bool:
    """Tell whether a post reaches anyone: now, in a bundle after quiet hours, or in a digest.

    The same people the fan-out writes to (workers/fanout.py), and those a digest has instead.
    """
    listening = (Member.muted_until.is_null()) | (Member.muted_until <= now)
    reachable = ((Member.phone.is_null(False) & (Member.opted_out == False)  # noqa: E712
                  & (Member.phone_invalid == False))  # noqa: E712
                 | (Member.email.is_null(False)
                    & ((Member.via == outbox.EMAIL) | (Member.opted_out == False))))  # noqa: E712
    members = (Membership.select().join(Member)
               .where(Membership.group == message.group_id, Member.id != message.author_id,
                      (Membership.muted_until.is_null()) | (Membership.muted_until <= now),
                      listening, reachable))
    if members.exists():
        return True
    if message.group is None or message.group.private:
        return False
    return Member.select().where(Member.id.in_(_follows(message)), Member.id != message.author_id,
                                 listening, reachable).exists()
