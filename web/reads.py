"""What a viewer may read: feeds, activity, search, tags and the board, a page at a time."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import format_number, gettext, ngettext
from peewee import JOIN, fn

from parsers.search import search_terms
from parsers.segments import gsm_safe
from store import search as store_search
from store.cooperation import LISTED, BoardItem, BoardTag, MessageTag
from store.models import Group, Inbound, Member, Membership, Message, Outbox
from store.outbox import WEB
from web.privacy import shown_name

PAGE = 20  # posts per page; older ones are behind ?before=<id>
BOARD_PAGE = 30  # needs or offers per page; older ones behind ?needs_before= / ?offers_before=


@dataclass
class Page:
    """A page of posts, newest first, and the id to ask for the page before it (if any)."""

    items: list  # Messages, or board items
    older: int | None

    @property
    def newest(self) -> int:
        """Return the newest post's id, 0 when there is none."""
        return self.items[0].id if self.items else 0


def can_read(group: Group, viewer: Member | None) -> bool:
    """Tell whether `viewer` may read `group`: anyone a public one, members a private one."""
    if not group.private:
        return True
    return viewer is not None and Membership.select().where(
        Membership.group == group, Membership.member == viewer).exists()


def page_of(query, before: int | None, size: int = PAGE, key=Message.id) -> Page:
    """Cut one page of `query` below the id `before`, newest first (by `key`)."""
    if before:
        query = query.where(key < before)
    rows = list(query.order_by(key.desc()).limit(size + 1))
    older = rows[size - 1].id if len(rows) > size else None
    return Page(rows[:size], older)


def posts():
    """Return a query of posts and DMs with their authors, groups and recipients joined in."""
    # Joined, not loaded one by one as the template names them: a page is a single query.
    recipient = Member.alias()
    return (Message.select(Message, Member, Group, recipient)
            .join(Member, on=Message.author == Member.id)
            .switch(Message).join(Group, JOIN.LEFT_OUTER, on=Message.group == Group.id)
            .switch(Message).join(recipient, JOIN.LEFT_OUTER, on=Message.recipient == recipient.id,
                                  attr="recipient"))


def readable_groups(viewer: Member | None):
    """Return a query of the ids of groups `viewer` may read."""
    public = Group.private == False  # noqa: E712
    if viewer is None:
        return Group.select(Group.id).where(public)
    mine = Membership.select(Membership.group).where(Membership.member == viewer)
    return Group.select(Group.id).where(public | Group.id.in_(mine))


def group_feed(group: Group, before: int | None = None, size: int = PAGE) -> Page:
    """Return a page of a group's posts."""
    return page_of(posts().where(Message.group == group), before, size)


def member_posts(member: Member, viewer: Member | None, before: int | None = None) -> Page:
    """Return a page of `member`'s group posts that `viewer` may read (never DMs)."""
    query = posts().where(Message.author == member, Message.group.in_(readable_groups(viewer)))
    return page_of(query, before)


def activity(viewer: Member, before: int | None = None) -> Page:
    """Return a page of the viewer's groups' posts and the DMs to or from them."""
    mine = Membership.select(Membership.group).where(Membership.member == viewer)
    dms = Message.group.is_null() & ((Message.author == viewer) | (Message.recipient == viewer))
    return page_of(posts().where(Message.group.in_(mine) | dms), before)


def search(viewer: Member, words: str, before: int | None = None) -> Page:
    """Return a page of what `viewer` may read that matches `words`, as `find` searches it."""
    wanted = store_search.Search(terms=search_terms(words))
    hits = store_search.find(viewer.id, wanted, PAGE + 1, before) if wanted.terms else []
    found = store_search.messages([hit.id for hit in hits])
    older = found[PAGE - 1].id if len(found) > PAGE else None
    return Page(found[:PAGE], older)


def tag_posts(tag: str, before: int | None = None, size: int = PAGE) -> Page:
    """Return a page of public posts tagged #tag."""
    tagged = MessageTag.select(MessageTag.message).where(MessageTag.tag == tag)
    public = Group.select(Group.id).where(Group.private == False)  # noqa: E712
    return page_of(posts().where(Message.id.in_(tagged), Message.group.in_(public)), before, size)


def board(kind: str, tag: str | None = None, before: int | None = None) -> Page:
    """Return a page of open needs or offers, newest first, optionally only those tagged #tag."""
    helper = Member.alias()
    query = (BoardItem.select(BoardItem, Member, helper)
             .join(Member, on=BoardItem.author == Member.id)
             .switch(BoardItem).join(helper, JOIN.LEFT_OUTER, on=BoardItem.helper == helper.id,
                                     attr="helper")
             .where(BoardItem.kind == kind, BoardItem.status.in_(LISTED)))
    if tag:
        query = query.where(BoardItem.id.in_(
            BoardTag.select(BoardTag.item).where(BoardTag.tag == tag)))
    return page_of(query, before, BOARD_PAGE, BoardItem.id)


def public_groups() -> list[Group]:
    """Return the public groups, biggest first."""
    size = fn.COUNT(Membership.id)
    return list(Group.select(Group, size.alias("size")).join(Membership, JOIN.LEFT_OUTER)
                .where(Group.private == False).group_by(Group.id)  # noqa: E712
                .order_by(size.desc(), Group.id).limit(50))


@dataclass
class Outcome:
    """What a text from the /me box did: what was sent, then what happened and the replies."""

    sent: str
    said: list[str]


def text_outcome(viewer: Member, inbound_id: int) -> Outcome | None:
    """Say what `viewer`'s text from the box did: where it was posted or sent, what it got."""
    inbound = Inbound.get_or_none(Inbound.id == inbound_id, Inbound.member == viewer,
                                  Inbound.channel == WEB)
    if inbound is None:
        return None
    said = []
    for message in Message.select().where(Message.inbound == inbound).order_by(Message.id):
        if message.group is not None:
            size = Membership.select().where(Membership.group == message.group_id).count()
            said.append(ngettext("Posted to @%(group)s: %(count)s member",
                                 "Posted to @%(group)s: %(count)s members", size,
                                 group=message.group.handle, count=format_number(size)))
        elif message.recipient_id is not None:
            said.append(gettext("Sent to %(name)s", name=shown_name(message.recipient)))
    replies = (Outbox.select(Outbox.body)
               .where(Outbox.inbound == inbound, Outbox.member == viewer, Outbox.channel == WEB)
               .order_by(Outbox.id))
    said += [gsm_safe(row.body) for row in replies]  # as a phone would read them
    return Outcome(inbound.body, said or [gettext("Received, and nothing to answer.")])
