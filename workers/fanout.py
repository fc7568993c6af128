"""Fan-out: one job turns a post, a need or an offer into its deliveries, written in bulk.

A post reaches its group's members, and, in a public group, people following its author or one
of its #tags. A need or an offer reaches the followers of its tags; a need also reaches people
who offered them. However many routes lead to a person, they get one text: recipients are a set,
and the outbox holds one row per (message, member).

The rows are written and queued CHUNK at a time, so other workers send the first texts while
the rest are written. A fan-out cut short (a crash, a lost database) leaves its message not
fanned out; the sweeper runs it again, which writes only the rows still missing and queues
every row still waiting (a row queued twice is claimed, and sent, once).
"""

from __future__ import annotations

from peewee import Expression

from handlers import bundles
from handlers.board import board_body
from handlers.language import language_of
from handlers.messages import SAY, shown_body
from handlers.questions import body_for, of_message
from handlers.quiet import is_quiet
from parsers.languages import speaking
from store.cooperation import BoardItem, BoardTag, Follow, MessageTag
from store.db import db, tuples
from store.models import Member, Membership, Message, Outbox, utcnow
from store.outbox import ROUTE_FIELDS, write_many
from workers import runtime
from workers.enqueue import enqueue_bulk

CHUNK = 500  # rows written, committed and queued at a time


def _listening(now) -> Expression:
    """Members who have not muted everything (`off`)."""
    return (Member.muted_until.is_null()) | (Member.muted_until <= now)


def _tag_followers(tags) -> Expression:
    return Member.id.in_(Follow.select(Follow.follower).where(Follow.tag.in_(tags)))


def recipients(message: Message, asking: bool = False) -> list[Member]:
    """Return who a message reaches, each member once, never its author.

    A question (`asking`) is for the group's members alone: followers have no answer to give.
    """
    now = utcnow()
    if message.group is None:
        return _board_recipients(message, now)
    members = (Member.select(*ROUTE_FIELDS, Member.tz, Member.language).join(Membership)
               .where(Membership.group == message.group_id, Member.id != message.author_id,
                      (Membership.muted_until.is_null()) | (Membership.muted_until <= now),
                      _listening(now), Member.digest.is_null()))  # a digest has them instead
    found = {m.id: m for m in members}
    if not message.group.private and not asking:
        in_group = Membership.select(Membership.member).where(
            Membership.group == message.group_id)
        route = Member.id.in_(Follow.select(Follow.follower)
                              .where(Follow.member == message.author_id))
        tags = MessageTag.select(MessageTag.tag).where(MessageTag.message == message.id)
        route |= _tag_followers(tags)
        followers = Member.select(*ROUTE_FIELDS, Member.language).where(
            route, Member.id.not_in(in_group), Member.id != message.author_id, _listening(now))
        found.update((m.id, m) for m in followers)
    return list(found.values())


def _board_recipients(message: Message, now) -> list[Member]:
    item = BoardItem.get_or_none(BoardItem.message == message.id)
    if item is None:
        return []
    tags = BoardTag.select(BoardTag.tag).where(BoardTag.item == item.id)
    route = _tag_followers(tags)
    if item.kind == "need":
        offered = (BoardItem.select(BoardItem.author).join(BoardTag)
                   .where(BoardItem.kind == "offer", BoardTag.tag.in_(tags)))
        route |= Member.id.in_(offered)
    return list(Member.select(*ROUTE_FIELDS, Member.language)
                .where(route, Member.id != message.author_id, _listening(now)))


def body_of(message: Message) -> str:
    """Write the text every recipient of `message` gets, in the language being spoken."""
    if message.group is None:
        return board_body(BoardItem.get(BoardItem.message == message.id))
    return SAY["post_format"].format(group=message.group.handle, author=message.author.name,
                                     text=shown_body(message))


def hold_quiet(message_id: int, member_ids: list[int], now) -> None:
    """Hold the new rows of members in their quiet hours (handlers/bundles.py releases them)."""
    quiet = [m.id for m in Member.select().where(Member.id.in_(member_ids),
                                                 Member.quiet_start.is_null(False))
             if is_quiet(m, now)]
    if quiet:
        bundles.hold([r.id for r in Outbox.select(Outbox.id).where(
            Outbox.message == message_id, Outbox.member.in_(quiet), Outbox.status == "queued")])


def fan_out(message_id: int) -> int:
    """Write a message's deliveries once and queue them; running it twice does no harm."""
    redis, waits = runtime.current().redis(), runtime.current().settings.retry_seconds
    added = 0
    with db.connection_context():
        message = Message.get_or_none(Message.id == message_id)
        if message is None or message.fanned_out:
            return 0
        question = of_message(message) if message.group_id is not None else None
        bodies: dict[str, str] = {}  # the author's words, Commons' own around them: by language

        def body(member: Member) -> str:
            if question is not None:  # a question's text shows its times in each member's zone
                return body_for(question, member)
            language = language_of(member)
            if language not in bodies:
                with speaking(language):
                    bodies[language] = body_of(message)
            return bodies[language]

        people = recipients(message, asking=question is not None)
        now = utcnow()
        for at in range(0, len(people), CHUNK):
            chunk = people[at : at + CHUNK]
            with db.atomic():
                added += write_many(message, ((m, body(m)) for m in chunk))
                hold_quiet(message_id, [m.id for m in chunk], now)
            ids = [row_id for row_id, in tuples(Outbox.select(Outbox.id).where(
                Outbox.message == message_id, Outbox.member.in_([m.id for m in chunk]),
                Outbox.status == "queued"))]
            enqueue_bulk(redis, ids, waits)
        with db.atomic():
            Message.update(fanned_out=True).where(Message.id == message_id).execute()
    return added
