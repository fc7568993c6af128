"""What a viewer may read: feeds, activity, search, tags and the board, a page at a time."""

from __future__ import annotations

from dataclasses import dataclass

from peewee import JOIN, fn

from store import ledger
from store.cooperation import BoardItem, BoardTag, MessageTag, Task
from store.models import Group, Member, Membership, Message

PAGE = 20  # posts per page; older ones are behind ?before=<id>


@dataclass
class Page:
    """A page of posts, newest first, and the id to ask for the page before it (if any)."""

    items: list[Message]
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


def page_of(query, before: int | None, size: int = PAGE) -> Page:
    """Cut one page of `query` (Messages) below the id `before`, newest first."""
    if before:
        query = query.where(Message.id < before)
    rows = list(query.order_by(Message.id.desc()).limit(size + 1))
    older = rows[size - 1].id if len(rows) > size else None
    return Page(rows[:size], older)


def posts():
    """Return a query of posts and DMs with their authors and groups joined in."""
    return (Message.select(Message, Member, Group).join(Member, on=Message.author == Member.id)
            .switch(Message).join(Group, JOIN.LEFT_OUTER, on=Message.group == Group.id))


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
    """Return a page of the viewer's own posts and DMs (sent or received) containing `words`."""
    own = (Message.author == viewer) | (Message.recipient == viewer)
    return page_of(posts().where(own, fn.LOWER(Message.body).contains(words.lower())), before)


def tag_posts(tag: str, before: int | None = None, size: int = PAGE) -> Page:
    """Return a page of public posts tagged #tag."""
    tagged = MessageTag.select(MessageTag.message).where(MessageTag.tag == tag)
    public = Group.select(Group.id).where(Group.private == False)  # noqa: E712
    return page_of(posts().where(Message.id.in_(tagged), Message.group.in_(public)), before, size)


def board(kind: str, tag: str | None = None) -> list[BoardItem]:
    """Return the open needs or offers, newest first, optionally only those tagged #tag."""
    query = (BoardItem.select(BoardItem, Member).join(Member, on=BoardItem.author == Member.id)
             .where(BoardItem.kind == kind, BoardItem.status != "done"))
    if tag:
        query = query.where(BoardItem.id.in_(
            BoardTag.select(BoardTag.item).where(BoardTag.tag == tag)))
    return list(query.order_by(BoardItem.id.desc()).limit(100))


def public_groups() -> list[Group]:
    """Return the public groups, biggest first."""
    size = fn.COUNT(Membership.id)
    return list(Group.select(Group, size.alias("size")).join(Membership, JOIN.LEFT_OUTER)
                .where(Group.private == False).group_by(Group.id)  # noqa: E712
                .order_by(size.desc(), Group.id).limit(50))


def members_of(group: Group) -> list[tuple[Member, str]]:
    """Return the group's members with their roles, handles first in order."""
    rows = (Membership.select(Membership, Member).join(Member)
            .where(Membership.group == group).order_by(Member.handle.is_null(), Member.handle))
    return [(row.member, row.role) for row in rows]


def tasks_by_status(group: Group) -> dict[str, list[Task]]:
    """Return the group's tasks under open, claimed and done (the 20 latest done)."""
    board: dict[str, list[Task]] = {"open": [], "claimed": [], "done": []}
    for task in Task.select().where(Task.group == group).order_by(Task.number):
        column = {"taken": "claimed"}.get(task.status, task.status)
        board.setdefault(column, []).append(task)
    board["done"] = sorted(board["done"], key=lambda t: t.done_at or t.created_at)[-20:][::-1]
    return board


def ledger_rows(group: Group) -> list[tuple[Member, int, int]]:
    """Return (member, points, share %) for the group's contributors, highest first."""
    scores = ledger.scores(group)
    shares = ledger.shares([points for _, points in scores])
    return [(member, points, share) for (member, points), share in zip(scores, shares)]
